"""Reading-core acceptance on the real corpus PDFs (reader + assembler).

For every PDF in ``corpus/final`` and ``corpus/budget`` and the two rendered
seeds this pins

- the standard tables recognised and the pages each one spans (checked by hand
  against the rendered pages);
- one full table per file: every row's code / name and every amount, as read on
  the page by hand (rendered with pypdfium2 and compared line by line);
- for seed000.pdf, every amount cell of tables 1-7 against the parse of the seed
  text version (the same content), and for seed002.pdf the 20 绩效自评表 against
  the text version.

Table specs are written one row per line: ``code name | amounts`` in the order
of the table's amount columns, ``-`` for a blank cell, ``[side]`` in front for
two-sided tables.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import corpus, parsed

from gouji.model.document import Document, Table

pytestmark = pytest.mark.slow

SEED000_TXT = "seeds/000_407e03e18ae36581.txt"
SEED002_TXT = "seeds/002_6f25734c455cccad.txt"

# ---------------------------------------------------------------------------
# standard tables and their pages, as printed
# ---------------------------------------------------------------------------

FINAL_9 = (
    "final_overview",
    "final_income",
    "final_expense",
    "final_fiscal_overview",
    "final_gpb_expense",
    "final_gpb_basic",
    "final_three_public",
    "final_gov_fund",
    "final_soe_capital",
)

EXPECTED_TABLES: dict[str, dict[str, list[int]]] = {
    "final/final_template_2024.pdf": dict(
        zip(FINAL_9, [[5], [6], [7], [8, 9], [10], [11], [12], [13], [14]], strict=True)
    ),
    "final/nfb_xinfang_2024_final.pdf": dict(
        zip(FINAL_9, [[7], [8], [9], [10], [11], [12], [15], [13], [14]], strict=True)
    ),
    "final/putuo_czj_2024_final.pdf": dict(
        # p14 is a continuation of 表4 with ruling only (no text): not a page of the table
        zip(FINAL_9, [[6, 7], [8, 9], [10, 11], [12, 13], [15], [16, 17], [18], [19], [20]], strict=True)
    ),
    "final/putuo_ghzy_2024_final.pdf": dict(
        zip(FINAL_9, [[7], [8, 9], [10, 11], [12, 13], [14, 15], [16], [17], [18], [19]], strict=True)
    ),
    "final/putuo_shgzb_2024_final.pdf": dict(
        zip(FINAL_9, [[5], [6, 7], [8, 9], [10, 11], [12], [13], [14], [15], [16]], strict=True)
    ),
    "budget/bj_sjj_2026_budget_tables.pdf": {
        "budget_overview": [1],
        "budget_income": [2],
        "budget_expense": [3],
        "budget_fiscal_overview": [4],
        "budget_gpb_expense": [5],
        "budget_gpb_basic": [6],
        "budget_gov_fund": [7],
        "budget_soe_capital": [8],
        "budget_three_public": [9],
        "budget_procurement": [10],
    },
    "budget/cq_qxj_2026_dept_budget.pdf": {
        "budget_overview": [6],
        "budget_income": [7, 8],
        "budget_expense": [9, 10],
        "budget_fiscal_overview": [11],
        "budget_gpb_expense": [12, 13],
        "budget_gpb_basic": [14, 15],
        "budget_gov_fund": [16],
        "budget_three_public": [17],
        "budget_procurement": [18],
    },
    "budget/gz_xinfang_2026_dept_budget.pdf": {
        "budget_overview": [5, 6],
        "budget_income": [7],
        "budget_expense": [8],
        "budget_fiscal_overview": [9, 10],
        "budget_gpb_expense": [11],
        "budget_gpb_basic": [12, 13],
        "budget_gpb_project": [14],
        "budget_three_public": [15],
        "budget_gov_fund": [16],
        "budget_soe_capital": [17],
        "budget_project_list": [19, 20],
    },
    "budget/js_jcy_2019_dept_budget.pdf": {
        "budget_overview": [14],
        "budget_income": [15],
        "budget_expense": [15],
        "budget_fiscal_overview": [16],
        "budget_gpb_expense": [18],
        "budget_gpb_basic": [18, 19],
        "budget_three_public": [20],
        "budget_gov_fund": [20],
        "budget_operating_cost": [21],
        "budget_procurement": [22, 23, 24],
    },
    "budget/ptwl_street_2025_budget.pdf": {
        "budget_overview": [9],
        "budget_income": [10, 11, 12, 13],
        "budget_expense": [14, 15, 16, 17, 18],
        "budget_fiscal_overview": [19],
        "budget_gpb_expense": [20, 21, 22, 23, 24],
        "budget_gov_fund": [25],
        "budget_soe_capital": [26],
        "budget_gpb_basic": [27, 28],
        "budget_three_public": [29],
    },
    "budget/qz_gov_2026_unit_budget.pdf": {
        "budget_overview": [12],
        "budget_income": [13],
        "budget_expense": [14],
        "budget_fiscal_overview": [15],
        "budget_gpb_expense": [16],
        "budget_gov_fund": [17],
        "budget_soe_capital": [18],
        "budget_gpb_basic": [20],
        "budget_three_public": [21],
    },
    "budget/sz_zrzy_2026_unit_budget.pdf": {
        "budget_overview": [11],
        "budget_income": [12],
        "budget_expense": [13, 14],
        "budget_fiscal_overview": [15, 16],
        "budget_gpb_expense": [20, 21],
        "budget_gpb_basic": [22, 23],
        "budget_three_public": [24],
        "budget_gov_fund": [25],
        "budget_soe_capital": [26],
        "budget_operating_cost": [27],
        "budget_procurement": [28, 29],
    },
    "budget/yt_xinfang_2026_dept_budget.pdf": {
        # every continuation page repeats the title block: one table per title
        "budget_overview": [6],
        "budget_income": [7, 8],
        "budget_expense": [9, 10],
        "budget_fiscal_overview": [11, 12],
        "budget_gpb_expense": [13, 14],
        "budget_gpb_basic": [15, 16, 17],
        "budget_three_public": [18],
        "budget_gov_fund": [19],
        "budget_soe_capital": [20],
        "budget_project_list": [24],
        "budget_procurement": [25],
    },
    "rendered/seed000.pdf": {
        "budget_overview": [5],
        "budget_income": [6],
        "budget_expense": [7],
        "budget_fiscal_overview": [8],
        "budget_gpb_expense": [9],
        "budget_gpb_basic": [10],
        "budget_gpb_project": list(range(11, 29)),
        "budget_gov_fund": [29],
        "budget_soe_capital": [30],
        "budget_three_public": [31],
        "budget_carryover": [32],
    },
    "rendered/seed002.pdf": {},
}

#: performance tables per file (counted on the pages)
EXPECTED_PERF = {
    "final/nfb_xinfang_2024_final.pdf": 4,  # pp 30, 32, 34, 35: four 项目支出绩效自评表
    "budget/cq_qxj_2026_dept_budget.pdf": 3,  # 表十 整体, 表十一, 表十二
    "budget/qz_gov_2026_unit_budget.pdf": 3,  # pp 27-29
    "budget/yt_xinfang_2026_dept_budget.pdf": 3,  # pp 30-32
    "rendered/seed000.pdf": 129,
    "rendered/seed002.pdf": 20,
}


def std_pages(doc: Document) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for t in doc.standard_tables:
        assert t.std.value not in out, f"{t.std.value} recognised twice: {out[t.std.value]} and {t.pages}"
        out[t.std.value] = t.pages
    return out


@pytest.mark.parametrize("rel", sorted(EXPECTED_TABLES))
def test_standard_tables_and_pages(rel):
    doc = parsed(rel)
    assert doc.format == "pdf"
    assert std_pages(doc) == EXPECTED_TABLES[rel]
    if rel in EXPECTED_PERF:
        assert len(doc.perf_tables) == EXPECTED_PERF[rel]


# ---------------------------------------------------------------------------
# one full table per file, read by hand from the page
# ---------------------------------------------------------------------------


def spec(t: Table) -> list[str]:
    cols = [c.index for c in t.columns if c.role == "amount"]
    out = []
    for r in t.rows:
        vals = []
        for j in cols:
            c = r.cell(j)
            vals.append("-" if c is None or c.value is None else str(c.value))
        head = " ".join(x for x in (f"[{r.side}]" if r.side else "", r.code or "", r.name) if x)
        out.append(f"{head} | {' '.join(vals)}".strip())
    return out


def rows(text: str) -> list[str]:
    return [ln.strip() for ln in text.strip().splitlines()]


FULL_TABLES: dict[str, tuple[str, str]] = {
    "final/putuo_shgzb_2024_final.pdf": (
        "final_gpb_expense",  # p12
        """
        201 一般公共服务支出 | 264.87 62.63 202.24
        20139 社会工作事务 | 264.87 62.63 202.24
        2013901 行政运行 | 51.32 51.32 -
        2013950 事业运行 | 11.31 11.31 -
        2013999 其他社会工作事务支出 | 202.24 - 202.24
        208 社会保障和就业支出 | 10.82 10.82 -
        20805 行政事业单位养老支出 | 10.82 10.82 -
        2080505 机关事业单位基本养老保险缴费支出 | 6.18 6.18 -
        2080506 机关事业单位职业年金缴费支出 | 4.64 4.64 -
        210 卫生健康支出 | 2.71 2.71 -
        21011 行政事业单位医疗 | 2.71 2.71 -
        2101101 行政单位医疗 | 2.22 2.22 -
        2101102 事业单位医疗 | 0.49 0.49 -
        221 住房保障支出 | 29.42 29.42 -
        22102 住房改革支出 | 29.42 29.42 -
        2210201 住房公积金 | 17.70 17.70 -
        2210203 购房补贴 | 11.72 11.72 -
        合计 | 307.82 105.58 202.24
        """,
    ),
    "final/putuo_czj_2024_final.pdf": (
        "final_gpb_expense",  # p15, codes printed in 类 | 款 | 项 columns
        """
        201 一般公共服务支出 | 2106.66 1503.52 603.14
        20106 财政事务 | 2106.66 1503.52 603.14
        2010601 行政运行 | 1511.89 1503.52 8.37
        2010602 一般行政管理事务 | 10.00 - 10.00
        2010607 信息化建设 | 135.25 - 135.25
        2010608 财政委托业务支出 | 449.52 - 449.52
        208 社会保障和就业支出 | 326.72 326.72 -
        20805 行政事业单位养老支出 | 326.72 326.72 -
        2080501 行政单位离退休 | 84.65 84.65 -
        2080505 机关事业单位基本养老保险缴费支出 | 160.75 160.75 -
        2080506 机关事业单位职业年金缴费支出 | 80.38 80.38 -
        2080599 其他行政事业单位养老支出 | 0.94 0.94 -
        210 卫生健康支出 | 60.99 60.99 -
        21011 行政事业单位医疗 | 60.99 60.99 -
        2101101 行政单位医疗 | 60.99 60.99 -
        221 住房保障支出 | 445.69 445.69 -
        22102 住房改革支出 | 445.69 445.69 -
        2210201 住房公积金 | 187.19 187.19 -
        2210203 购房补贴 | 258.50 258.50 -
        合计 | 2940.05 2336.91 603.14
        """,
    ),
    "final/putuo_ghzy_2024_final.pdf": (
        "final_gpb_expense",  # pp 14-15, names wrapped over two or three lines
        """
        208 社会保障和就业支出 | 754.75 754.75 0.00
        20805 行政事业单位养老支出 | 754.75 754.75 0.00
        2080501 行政单位离退休 | 54.53 54.53 0.00
        2080502 事业单位离退休 | 28.11 28.11 0.00
        2080505 机关事业单位基本养老保险缴费支出 | 446.11 446.11 0.00
        2080506 机关事业单位职业年金缴费支出 | 225.12 225.12 0.00
        2080599 其他行政事业单位养老支出 | 0.88 0.88 0.00
        210 卫生健康支出 | 236.64 236.64 0.00
        21011 行政事业单位医疗 | 236.64 236.64 0.00
        2101101 行政单位医疗 | 40.35 40.35 0.00
        2101102 事业单位医疗 | 196.29 196.29 0.00
        212 城乡社区支出 | 3832.36 1572.70 2259.65
        21201 城乡社区管理事务 | 1092.80 1084.02 8.77
        2120101 行政运行 | 1092.80 1084.02 8.77
        21202 城乡社区规划与管理 | 2739.56 488.68 2250.88
        2120201 城乡社区规划与管理 | 2739.56 488.68 2250.88
        220 自然资源海洋气象等支出 | 4461.67 2339.58 2122.09
        22001 自然资源事务 | 4461.67 2339.58 2122.09
        2200150 事业运行 | 4416.67 2339.58 2077.09
        2200199 其他自然资源事务支出 | 45.00 0.00 45.00
        221 住房保障支出 | 461.08 461.08 0.00
        22102 住房改革支出 | 461.08 461.08 0.00
        2210201 住房公积金 | 289.59 289.59 0.00
        2210203 购房补贴 | 171.49 171.49 0.00
        合计 | 9746.50 5364.75 4381.74
        """,
    ),
    "final/nfb_xinfang_2024_final.pdf": (
        "final_gpb_expense",  # p11
        """
        合计 | 13733.80 10234.37 3499.42
        201 一般公共服务支出 | 9846.82 6527.43 3319.39
        20140 信访事务 | 9846.82 6527.43 3319.39
        2014001 行政运行 | 5757.63 5757.63 -
        2014002 一般行政管理事务 | 4.70 - 4.70
        2014003 机关服务 | 229.19 229.19 -
        2014004 信访业务 | 2066.84 - 2066.84
        2014099 其他信访事务支出 | 1788.46 540.61 1247.85
        205 教育支出 | 180.03 - 180.03
        20508 进修及培训 | 180.03 - 180.03
        2050803 培训支出 | 180.03 - 180.03
        208 社会保障和就业支出 | 2228.57 2228.57 -
        20805 行政事业单位养老支出 | 2228.57 2228.57 -
        2080501 行政单位离退休 | 1028.48 1028.48 -
        2080503 离退休人员管理机构 | 211.51 211.51 -
        2080505 机关事业单位基本养老保险缴费支出 | 659.05 659.05 -
        2080506 机关事业单位职业年金缴费支出 | 329.53 329.53 -
        210 卫生健康支出 | 497.53 497.53 -
        21011 行政事业单位医疗 | 497.53 497.53 -
        2101101 行政单位医疗 | 497.53 497.53 -
        221 住房保障支出 | 980.85 980.85 -
        22102 住房改革支出 | 980.85 980.85 -
        2210201 住房公积金 | 586.32 586.32 -
        2210202 提租补贴 | 63.52 63.52 -
        2210203 购房补贴 | 331.00 331.00 -
        """,
    ),
    "budget/bj_sjj_2026_budget_tables.pdf": (
        "budget_gpb_expense",  # p5, amounts printed with six decimals; three units' rows
        """
        2010801 行政运行 | 4952.850016 4697.043616 4032.021156 665.022460 255.806400 255.806400
        2010805 审计管理 | 486.506000 - - - 486.506000 486.506000
        2010806 信息化建设 | 3613.399880 - - - 3613.399880 3613.399880
        2010899 其他审计事务支出 | 914.375981 - - - 914.375981 914.375981
        2050803 培训支出 | 32.800000 19.600000 - 19.600000 13.200000 13.200000
        2080501 行政单位离退休 | 105.910200 105.910200 85.063200 20.847000 - -
        2080505 机关事业单位基本养老保险缴费支出 | 313.183872 313.183872 313.183872 - - -
        2080506 机关事业单位职业年金缴费支出 | 156.591936 156.591936 156.591936 - - -
        2101101 行政单位医疗 | 227.454756 227.454756 227.454756 - - -
        2101103 公务员医疗补助 | 77.541408 77.541408 77.541408 - - -
        2210201 住房公积金 | 334.236000 334.236000 334.236000 - - -
        2010801 行政运行 | 13007.966442 13007.966442 12176.748504 831.217938 - -
        2010804 审计业务 | 2281.630793 - - - 2281.630793 2281.630793
        2050803 培训支出 | 90.000000 90.000000 - 90.000000 - -
        2080501 行政单位离退休 | 11.076000 11.076000 - 11.076000 - -
        2080505 机关事业单位基本养老保险缴费支出 | 1169.047488 1169.047488 1169.047488 - - -
        2080506 机关事业单位职业年金缴费支出 | 584.523744 584.523744 584.523744 - - -
        2101101 行政单位医疗 | 1000.574076 1000.574076 1000.574076 - - -
        2101103 公务员医疗补助 | 341.104788 341.104788 341.104788 - - -
        2210201 住房公积金 | 1247.677200 1247.677200 1247.677200 - - -
        2010850 事业运行 | 1354.218247 1335.738247 1300.644560 35.093687 18.480000 18.480000
        2080505 机关事业单位基本养老保险缴费支出 | 145.993512 145.993512 145.993512 - - -
        2080506 机关事业单位职业年金缴费支出 | 72.996756 72.996756 72.996756 - - -
        2101102 事业单位医疗 | 151.418220 151.418220 151.418220 - - -
        2210201 住房公积金 | 128.859324 128.859324 128.859324 - - -
        合计 | 32801.936639 25218.537585 23545.680500 1672.857085 7583.399054 7583.399054
        """,
    ),
    "budget/cq_qxj_2026_dept_budget.pdf": (
        "budget_gpb_expense",  # pp 12-13 (header repeated on p13)
        """
        合计 | 12672.73 5445.39 5308.05 137.34 7227.34
        208 社会保障和就业支出 | 82.51 82.51 82.32 0.19 -
        20805 行政事业单位养老支出 | 82.51 82.51 82.32 0.19 -
        2080505 机关事业单位基本养老保险缴费支出 | 46.01 46.01 46.01 - -
        2080506 机关事业单位职业年金缴费支出 | 23.01 23.01 23.01 - -
        2080599 其他行政事业单位养老支出 | 13.49 13.49 13.30 0.19 -
        210 卫生健康支出 | 31.68 31.68 31.68 - -
        21011 行政事业单位医疗 | 31.68 31.68 31.68 - -
        2101101 行政单位医疗 | 27.32 27.32 27.32 - -
        2101199 其他行政事业单位医疗支出 | 4.36 4.36 4.36 - -
        220 自然资源海洋气象等支出 | 12418.84 5291.50 5154.35 137.15 7127.34
        22005 气象事务 | 12418.84 5291.50 5154.35 137.15 7127.34
        2200501 行政运行 | 5359.50 5291.50 5154.35 137.15 68.00
        2200504 气象事业机构 | 478.00 - - - 478.00
        2200506 气象探测 | 800.00 - - - 800.00
        2200508 气象预报预测 | 213.00 - - - 213.00
        2200509 气象服务 | 1590.59 - - - 1590.59
        2200511 气象基础设施建设与维修 | 3977.75 - - - 3977.75
        221 住房保障支出 | 39.70 39.70 39.70 - -
        22102 住房改革支出 | 39.70 39.70 39.70 - -
        2210201 住房公积金 | 39.70 39.70 39.70 - -
        224 灾害防治及应急管理支出 | 100.00 - - - 100.00
        22401 应急管理事务 | 100.00 - - - 100.00
        2240108 应急救援 | 100.00 - - - 100.00
        """,
    ),
    "budget/gz_xinfang_2026_dept_budget.pdf": (
        "budget_gpb_expense",  # p11, codes printed as "[2014001]行政运行"
        """
        合计 | 3944.08 3204.78 739.30
        201 一般公共服务支出 | 2570.71 1831.41 739.30
        20140 信访事务 | 2570.71 1831.41 739.30
        2014001 行政运行 | 1859.41 1831.41 28.00
        2014004 信访业务 | 397.28 0.00 397.28
        2014099 其他信访事务支出 | 314.02 0.00 314.02
        208 社会保障和就业支出 | 419.35 419.35 0.00
        20805 行政事业单位养老支出 | 419.35 419.35 0.00
        2080501 行政单位离退休 | 123.54 123.54 0.00
        2080505 机关事业单位基本养老保险缴费支出 | 199.06 199.06 0.00
        2080506 机关事业单位职业年金缴费支出 | 96.76 96.76 0.00
        210 卫生健康支出 | 3.97 3.97 0.00
        21007 计划生育事务 | 3.97 3.97 0.00
        2100799 其他计划生育事务支出 | 3.97 3.97 0.00
        221 住房保障支出 | 950.05 950.05 0.00
        22102 住房改革支出 | 950.05 950.05 0.00
        2210201 住房公积金 | 210.99 210.99 0.00
        2210203 购房补贴 | 739.06 739.06 0.00
        """,
    ),
    "budget/js_jcy_2019_dept_budget.pdf": (
        "budget_gpb_expense",  # p18, two tables on the page (公开07表 and 公开08表)
        """
        合计 | 24169.74
        204 公共安全支出 | 16593.12
        20404 检察 | 16593.12
        2040401 行政运行 | 12268.62
        2040402 一般行政管理事务 | 2354.40
        2040410 检察监督 | 1185.60
        2040450 事业运行 | 315.00
        2040499 其他检察支出 | 469.50
        208 社会保障和就业支出 | 1890.27
        20805 行政事业单位离退休 | 1890.27
        2080504 未归口管理的行政单位离退休 | 400.02
        2080505 机关事业单位基本养老保险缴费支出 | 1064.46
        2080506 机关事业单位职业年金缴费支出 | 425.79
        221 住房保障支出 | 5686.35
        22102 住房改革支出 | 5686.35
        2210201 住房公积金 | 1442.74
        2210202 提租补贴 | 4243.61
        """,
    ),
    "budget/ptwl_street_2025_budget.pdf": (
        "budget_fiscal_overview",  # p19, two-sided, amounts in 元
        """
        [收入] 一、一般公共预算资金 | 189767551 - - - -
        [收入] 二、政府性基金 | - - - - -
        [收入] 三、国有资本经营预算 | - - - - -
        [收入] 收入总计 | 189767551 - - - -
        [支出] 一、一般公共服务支出 | - 3296600 3296600 - -
        [支出] 二、公共安全支出 | - 2878025 2878025 - -
        [支出] 三、教育支出 | - 250000 250000 - -
        [支出] 四、科学技术支出 | - 100000 100000 - -
        [支出] 五、文化旅游体育与传媒支出 | - 200000 200000 - -
        [支出] 六、社会保障和就业支出 | - 16091895 16091895 - -
        [支出] 七、卫生健康支出 | - 3216973 3216973 - -
        [支出] 八、城乡社区支出 | - 154369326 154369326 - -
        [支出] 九、住房保障支出 | - 9364732 9364732 - -
        [支出] 支出总计 | - 189767551 189767551 - -
        """,
    ),
    "budget/qz_gov_2026_unit_budget.pdf": (
        "budget_gpb_expense",  # p16
        """
        合计 | 5898.74 4808.65 1090.09
        2010301 行政运行 | 3104.73 3104.73 0.00
        2010302 一般行政管理事务 | 1090.09 0.00 1090.09
        2080501 行政单位离退休 | 648.36 648.36 0.00
        2080505 机关事业单位基本养老保险缴费支出 | 344.32 344.32 0.00
        2101101 行政单位医疗 | 111.71 111.71 0.00
        2101103 公务员医疗补助 | 27.37 27.37 0.00
        2210201 住房公积金 | 450.60 450.60 0.00
        2210202 提租补贴 | 112.27 112.27 0.00
        2210203 购房补贴 | 9.29 9.29 0.00
        """,
    ),
    "budget/sz_zrzy_2026_unit_budget.pdf": (
        "budget_gpb_expense",  # pp 20-21 (the last row alone on p21, under the running header)
        """
        合计 | 9078.52 4822.22 4320.89 501.33 4256.30
        208 社会保障和就业支出 | 465.60 465.60 465.60 - -
        20805 行政事业单位养老支出 | 465.60 465.60 465.60 - -
        2080505 机关事业单位基本养老保险缴费支出 | 318.83 318.83 318.83 - -
        2080506 机关事业单位职业年金缴费支出 | 146.77 146.77 146.77 - -
        220 自然资源海洋气象等支出 | 7095.13 2838.83 2337.50 501.33 4256.30
        22001 自然资源事务 | 7095.13 2838.83 2337.50 501.33 4256.30
        2200101 行政运行 | 2838.83 2838.83 2337.50 501.33 -
        2200102 一般行政管理事务 | 396.54 - - - 396.54
        2200199 其他自然资源事务支出 | 3859.76 - - - 3859.76
        221 住房保障支出 | 1517.79 1517.79 1517.79 - -
        22102 住房改革支出 | 1517.79 1517.79 1517.79 - -
        2210201 住房公积金 | 370.01 370.01 370.01 - -
        2210202 提租补贴 | 782.74 782.74 782.74 - -
        2210203 购房补贴 | 365.04 365.04 365.04 - -
        222 粮油物资储备支出 | 388.25 - - - 388.25
        22201 粮油物资事务 | 388.25 - - - 388.25
        2220102 一般行政管理事务 | 388.25 - - - 388.25
        """,
    ),
    "budget/yt_xinfang_2026_dept_budget.pdf": (
        "budget_three_public",  # p18: 2025 and 2026 blocks side by side, one data row
        """
        | 22.00 - 20.00 - 20.00 2.00 17.00 - 15.00 - 15.00 2.00
        """,
    ),
    "rendered/seed000.pdf": (
        "budget_expense",  # p7
        """
        总计 | 17798.61 12659.61 5139.00
        208 社会保障和就业支出 | 1801.39 1801.39 -
        20805 行政事业单位养老支出 | 1801.39 1801.39 -
        2080501 行政单位离退休 | 616.13 616.13 -
        2080505 机关事业单位基本养老保险缴费支出 | 1185.26 1185.26 -
        210 卫生健康支出 | 1002.65 1002.65 -
        21011 行政事业单位医疗 | 1002.65 1002.65 -
        2101101 行政单位医疗 | 536.50 536.50 -
        2101103 公务员医疗补助 | 466.15 466.15 -
        220 自然资源海洋气象等支出 | 14083.33 8944.33 5139.00
        22001 自然资源事务 | 14083.33 8944.33 5139.00
        2200101 行政运行 | 8954.33 8944.33 10.00
        2200199 其他自然资源事务支出 | 5129.00 - 5129.00
        221 住房保障支出 | 911.25 911.25 -
        22102 住房改革支出 | 911.25 911.25 -
        2210201 住房公积金 | 911.25 911.25 -
        """,
    ),
}


@pytest.mark.parametrize("rel", sorted(FULL_TABLES))
def test_full_table_as_printed(rel):
    std, text = FULL_TABLES[rel]
    doc = parsed(rel)
    t = doc.table(std)
    assert t is not None, f"{std} not found in {rel}"
    assert spec(t) == rows(text)


def test_final_template_income_table_as_read():
    """The national template prints no amounts; its 收入决算表 (p6) is checked at the
    reader level: codes, names (one wrapped over two lines) and the empty amount cells."""
    from gouji.io.raw import RawGrid
    from gouji.io.readers.pdf import read_pages

    pages, failed = read_pages(str(corpus("final/final_template_2024.pdf")), 5, 6)
    assert not failed
    (grid,) = [b for b in pages[0].blocks if isinstance(b, RawGrid)]
    got = [[c.text for c in r] for r in grid.rows]
    assert got[0] == ["项目", "", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
                      "附属单位上缴收入", "其他收入"]  # fmt: skip
    assert [r[:2] for r in got[1:]] == [
        ["功能分类科目编码", "科目名称"],
        ["合计", ""],
        ["205", "教育支出"],
        ["20502", "普通教育"],
        ["2050205", "高等教育"],
        ["…", "…"],
        ["207", "文化旅游体育与传媒支出"],
        ["20799", "其他文化旅游体育与传媒支出"],
        ["………", "…"],
    ]
    assert all(c == "" for r in got[1:] for c in r[2:])
    # and the assembled table keeps the codes in order
    t = parsed("final/final_template_2024.pdf").table("final_income")
    assert [r.code for r in t.rows if r.code] == ["205", "20502", "2050205", "207", "20799"]


# ---------------------------------------------------------------------------
# the seeds: the PDF rendering against the text version
# ---------------------------------------------------------------------------


def _amount_rows(t: Table) -> list[tuple]:
    """Rows that carry at least one amount: (code, kind, side, ((col, value), ...)) of the printed amounts."""
    out = []
    for r in t.rows:
        cells = tuple(
            (c.col, c.value) for c in r.cells if t.columns[c.col].role == "amount" and c.value is not None
        )
        if cells:
            out.append((r.code, r.kind, r.side, cells))
    return out


def test_seed000_tables_1_to_7_match_the_text_version_cell_by_cell():
    """Every amount cell of tables 1-7, row by row, against the seed text version.

    Rows are compared by code, kind, side and their amount cells (column, value);
    names are left out because the seed's project table shifts its name columns
    at one place (p19: "吐鲁番市高昌区国土资源执法监察" | "大队"), which the text
    version prints across a page break instead.
    """
    pdf = parsed("rendered/seed000.pdf")
    txt = parsed(SEED000_TXT)
    total = same = 0
    for k in range(7):
        a, b = pdf.standard_tables[k], txt.standard_tables[k]
        assert a.std == b.std
        assert [c.role for c in a.columns] == [c.role for c in b.columns]
        ra, rb = _amount_rows(a), _amount_rows(b)
        for x, y in zip(ra, rb, strict=False):
            total += len(y[3])
            if x[:3] == y[:3]:
                same += len(set(x[3]) & set(y[3]))
        total += sum(len(y[3]) for y in rb[len(ra) :])
        assert ra == rb, a.std
        # coded rows carry the same names
        assert [(r.code, r.name) for r in a.rows if r.code] == [(r.code, r.name) for r in b.rows if r.code]
    print(f"seed000 tables 1-7: {same}/{total} amount cells equal ({100 * same / total:.2f}%)")
    assert total > 1000 and same == total
    # and the amounts are real amounts, in 万元
    t1 = pdf.standard_tables[0]
    assert t1.unit == "万元" and t1.two_sided
    assert {c.side for c in t1.columns if c.role == "amount"} == {"收入", "支出"}
    assert t1.find_row("收入总计").amount(1) == Decimal("17798.61")


def test_seed000_all_eleven_tables():
    doc = parsed("rendered/seed000.pdf")
    assert len(doc.standard_tables) == 11
    assert doc.table("budget_gov_fund").empty and doc.table("budget_soe_capital").empty
    assert doc.page_count == 243


def test_seed002_twenty_self_evaluation_tables_match_the_text_version():
    pdf = parsed("rendered/seed002.pdf")
    txt = parsed(SEED002_TXT)

    def summary(t: Table):
        p = t.perf
        return (
            t.std,
            p.kind,
            p.scope,
            p.project_name,
            {k: v.text for k, v in p.fields.items()},
            [{k: c.text for k, c in f.items()} for f in p.funds],
            [(i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score) for i in p.indicators],
        )

    a, b = pdf.perf_tables, txt.perf_tables
    assert len(a) == len(b) == 20
    assert [t.std.value for t in a].count("perf_self_overall") == 1
    assert [summary(t) for t in a] == [summary(t) for t in b]
    first = a[0].perf
    assert first.fields["全年预算数"].value == Decimal("10676.61")
    assert first.fields["全年执行数"].value == Decimal("9182.32")
    assert a[0].pages == [14]
