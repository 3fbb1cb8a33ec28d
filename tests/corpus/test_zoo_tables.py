"""Standard tables and their pages on the zoo (issue 9): 44 real disclosures from 18 cities.

Every zoo disclosure with tables (all but the refused notices, the scan, the 绩效评价报告 z25, the
notice z40 and the four Beijing text halves) is pinned here: the standard tables Gouji recognises
and the pages each one spans, as listed in the hand triage (.team/zoo_triage_A.md / _B.md) and
checked on the pages (pdftotext -layout) where the triage was unclear: on z07 / z08 / z09 the
"二、表格部分" divider and 表1 share one page (p15 / p17 / p74), so 表1 starts there.

Classes of layout these pins hold:
- numbered / prefixed titles ("表1：2026年市级部门收支预算总表", z19);
- a table number that starts a new table under a known name's tail (Shenzhen "表4 基本支出总表",
  "表5 项目支出总表" after "表3 支出总表"), and the same table printed by function and by economic
  class ("表7 …（按功能分类）" / "表8 …（按经济分类）": only the first is the standard table);
- bracketed and wrapped titles (Xi'an "一般公共预算支出明细表（按功能科目分）", "政府采购（资产配置、
  购买服务）预算表", "…“三公”经费、" / "会议费、培训费表（不含上年结转）");
- a list of table titles (z19 p20–21, z24 p2) is no table.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import parsed
from test_corpus_pdfs import std_pages

from gouji.model.rules.registry import run_rules

pytestmark = pytest.mark.slow

#: per document: the standard tables ("budget_" left out) with their first-last page, in document order
EXPECTED: dict[str, str] = {
    "z01_shanghai": "overview 7, income 8, expense 9, fiscal_overview 10, gpb_expense 11, gov_fund 12, soe_capital 13, gpb_basic 14, three_public 15",
    "z02_shanghai": "overview 7, income 8-9, expense 10-11, fiscal_overview 12, gpb_expense 13-14, gov_fund 15, soe_capital 16, gpb_basic 17-18, three_public 19",
    "z03_shanghai": "overview 7, income 8-9, expense 10-11, fiscal_overview 12, gpb_expense 13-14, gov_fund 15, soe_capital 16, gpb_basic 17-18, three_public 19",  # as z02_shanghai
    "z07_shenzhen": "overview 15-17, income 18, expense 19-22, fiscal_overview 26-28, gpb_expense 29-30, three_public 34, gov_fund 35, soe_capital 36",
    "z08_shenzhen": "overview 17-19, income 20, expense 21-24, fiscal_overview 29-31, gpb_expense 32-34, three_public 39, gov_fund 40, soe_capital 41",
    "z09_shenzhen": "overview 74-77, income 78-80, expense 81-123, fiscal_overview 156-158, gpb_expense 159-188, three_public 232-237, gov_fund 238-239, soe_capital 240-241",
    "z10_chongqing": "overview 8, income 9-11, expense 12-14, fiscal_overview 15, gpb_expense 16-18, gpb_basic 19-21, gov_fund 22, three_public 23, procurement 24",
    "z11_chongqing": "overview 12, income 13-17, expense 18-20, fiscal_overview 21, gpb_expense 22-23, gpb_basic 24-26, gov_fund 27, three_public 28, procurement 29",
    "z12_chongqing": "overview 8, income 9-11, expense 12-14, fiscal_overview 15, gpb_expense 16-19, gpb_basic 20-22, gov_fund 23, three_public 24, procurement 25",
    "z13_guangzhou": "overview 7-8, income 9-10, expense 11-13, fiscal_overview 14-15, gpb_expense 16-18, gpb_basic 19-20, gpb_project 21-22, three_public 23, gov_fund 24, soe_capital 25, project_list 31-113",
    "z14_guangzhou": "overview 4-5, income 6, expense 7-8, fiscal_overview 9-10, gpb_expense 11, gpb_basic 12-13, gpb_project 14, three_public 15, gov_fund 16, soe_capital 17, project_list 19-24",
    "z15_guangzhou": "overview 7-8, income 9, expense 10-12, fiscal_overview 13-14, gpb_expense 15-17, gpb_basic 18-19, gpb_project 20-21, three_public 22, gov_fund 23, soe_capital 24, project_list 29-47",
    "z16_suzhou": "overview 7, income 8, expense 9-10, fiscal_overview 11-12, gpb_expense 17-18, gpb_basic 19-20, three_public 21, gov_fund 22, soe_capital 23, operating_cost 24, procurement 25-28",
    "z17_suzhou": "overview 11, income 12, expense 13-14, fiscal_overview 15-16, gpb_expense 21, gpb_basic 22-23, three_public 24, gov_fund 25, soe_capital 26, operating_cost 27, procurement 28-32",
    "z18_suzhou": "overview 10, income 11, expense 12, fiscal_overview 13-14, gpb_expense 18, gpb_basic 19-20, three_public 21, gov_fund 22, soe_capital 23, operating_cost 24, procurement 25-26",
    "z19_hangzhou": "overview 22-23, income 24-25, expense 26-27, fiscal_overview 28-29, gpb_expense 30-31, gpb_basic 32-33, three_public 34, gov_fund 35, soe_capital 36, project_list 37-38",
    "z21_wuxi": "overview 9, income 10, expense 11-12, fiscal_overview 13-14, gpb_expense 18-19, gpb_basic 20, three_public 21, gov_fund 22, soe_capital 23, operating_cost 24, procurement 25",
    "z22_wuxi": "overview 14, income 15, expense 16-17, fiscal_overview 18-19, gpb_expense 23-24, gpb_basic 25, three_public 26, gov_fund 27, soe_capital 28, operating_cost 29, procurement 30",
    "z23_wuxi": "overview 10, income 11, expense 12-13, fiscal_overview 14-15, gpb_expense 19-20, gpb_basic 21, three_public 22, gov_fund 23, soe_capital 24, operating_cost 25, procurement 26",
    "z24_changsha": "overview 13, income 14, expense 15, fiscal_overview 16-17, gpb_expense 18, gpb_basic 19-20, three_public 21, gov_fund 22",
    "z27_fuzhou": "overview 8, income 9, expense 10, fiscal_overview 11, gpb_expense 13, gov_fund 14, soe_capital 16, gpb_basic 19-21, three_public 23",
    "z28_fuzhou": "overview 11, income 12, expense 13-14, fiscal_overview 15, gpb_expense 16-17, gov_fund 18, soe_capital 19, gpb_basic 21-23, three_public 24",
    "z29_fuzhou": "overview 12, income 13, expense 14, fiscal_overview 15, gpb_expense 16, gov_fund 17, soe_capital 18, gpb_basic 20-22, three_public 23",
    "z30_xian": "overview 20, income 21, expense 22, fiscal_overview 23, gpb_expense 24, gpb_basic 28, gov_fund 29, procurement 32, three_public 33",
    "z31_xian": "overview 27-29, income 30, expense 31, fiscal_overview 32-34, gpb_expense 35-37, gpb_basic 47-52, gov_fund 53, procurement 66-77, three_public 78-79",
    "z32_xian": "overview 36-37, income 38, expense 39, fiscal_overview 40-41, gpb_expense 42-43, gpb_basic 49-51, gov_fund 52, procurement 58-61, three_public 62",
    "z33_foshan": "final_overview 5-7, final_income 8-9, final_expense 10-11, final_fiscal_overview 12-14, final_gpb_expense 15-16, final_gpb_basic 17-20, final_three_public 21, final_gov_fund 22-23",
    "z34_yantai": "overview 12, income 13-15, expense 16-17, fiscal_overview 18-19, gpb_expense 20-21, gpb_basic 22-24, three_public 25, gov_fund 26, soe_capital 27, project_list 31, procurement 32",
    "z35_yantai": "overview 8, income 9-10, expense 11-12, fiscal_overview 13-14, gpb_expense 15-16, gpb_basic 17-18, three_public 19, gov_fund 20, soe_capital 21, project_list 24, procurement 25",
    "z36_yantai": "overview 10, income 11-12, expense 13-14, fiscal_overview 15-16, gpb_expense 17-18, gpb_basic 19-20, three_public 21, gov_fund 22, soe_capital 23, project_list 26, procurement 27",
    "z41_zhuhai": "overview 6-7, income 8, expense 9-10, fiscal_overview 11-12, gpb_expense 13-14, gpb_basic 15-16, gpb_project 17, three_public 18, gov_fund 19, soe_capital 20, project_list 22-29",
}


#: recognised non-standard tables (number → first and last page) that used to be swallowed by their neighbour
OTHER_TABLES: dict[str, dict[str, tuple[int, int]]] = {
    "zoo/z07_shenzhen.pdf": {"表4": (23, 24), "表5": (25, 25), "表8": (31, 33)},
    "zoo/z09_shenzhen.pdf": {"表4": (124, 149), "表5": (150, 155), "表8": (189, 231)},
    "zoo/z19_hangzhou.pdf": {"表11": (39, 41)},
    "zoo/z30_xian.pdf": {"表6": (25, 26), "表7": (27, 27), "表10": (30, 30), "表11": (31, 31)},
    "zoo/z31_xian.pdf": {"表6": (38, 43), "表7": (44, 46), "表10": (54, 64), "表11": (65, 65)},
    "zoo/z32_xian.pdf": {"表6": (44, 46), "表7": (47, 48), "表10": (53, 56), "表11": (57, 57)},
}


def _pages(spec: str) -> dict[str, list[int]]:
    out = {}
    for part in spec.split(", "):
        name, pages = part.split(" ")
        first, _, last = pages.partition("-")
        key = name if name.startswith("final_") else f"budget_{name}"
        out[key] = list(range(int(first), int(last or first) + 1))
    return out


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_zoo_standard_tables_and_pages(name):
    assert std_pages(parsed(f"zoo/{name}.pdf")) == _pages(EXPECTED[name])


@pytest.mark.parametrize("rel", sorted(OTHER_TABLES))
def test_zoo_numbered_tables_are_not_swallowed(rel):
    doc = parsed(rel)
    found = {t.number: (t.pages[0], t.pages[-1]) for t in doc.tables if t.perf is None and t.std is None}
    assert {k: found.get(k) for k in OTHER_TABLES[rel]} == OTHER_TABLES[rel]


def test_zoo_title_lists_are_no_tables():
    """z19 p20–21 lists "表1.…" … "表11.…"; z24 p2 (目录) lists "1、部门收支总表" … "10、部门整体支出绩效目标表"."""
    assert all(20 not in t.pages and 21 not in t.pages for t in parsed("zoo/z19_hangzhou.pdf").tables)
    assert all(2 not in t.pages for t in parsed("zoo/z24_changsha.pdf").tables)


def test_zoo_z19_basic_subtotal_differs_between_tables_5_and_6():
    """A true error that reading the numbered titles brings out (checked on the rendered p30 and p32):
    表5 合计 基本支出小计 82,479.29 万元 (≠ 人员经费 67,627.51 + 日常公用 14,902.37 = 82,529.88)
    against 表6 合计 82,529.89 万元."""
    doc = parsed("zoo/z19_hangzhou.pdf")
    errs = [f for f in run_rules(doc, only=["inter.totals"]) if f.severity.value == "error"]
    assert [(f.stated, f.computed) for f in errs] == [(Decimal("82479.29"), Decimal("82529.89"))]
    assert sorted({loc.page for loc in errs[0].locations}) == [30, 32]
