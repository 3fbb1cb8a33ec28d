"""What each zoo file is: refused or read, and then its kind, year, unit, 部门 / 单位 scope and form.

Every value was checked by hand against the cover / title page, the 目录 and the tables part
(.team/zoo_triage_A.md, .team/zoo_triage_B.md): the crawler's labels are often wrong (a notice,
a scan, a 2019 final account, a 2025 budget, a 绩效评价报告, 单位预算 labelled 部门预算, text
halves whose tables are a separate file).
"""

from __future__ import annotations

from functools import cache

import pytest
from conftest import corpus, parsed

from gouji.io.errors import ReadError
from gouji.io.pipeline import parse
from gouji.model.document import DocForm, DocKind, DocScope

pytestmark = pytest.mark.slow

B, F, U = DocKind.BUDGET, DocKind.FINAL, DocKind.UNKNOWN
DEPT, UNIT, NO_SCOPE = DocScope.DEPARTMENT, DocScope.UNIT, DocScope.UNKNOWN
FULL, TEXT, REPORT = DocForm.FULL, DocForm.TEXT_HALF, DocForm.PERF_REPORT

#: file → (kind, year, unit as printed, scope, form)
READ = {
    # 上海 单位预算: the cover title names the city, the 预算单位 line the unit
    "z01_shanghai.pdf": (B, 2026, "上海市福利彩票发行中心", UNIT, FULL),
    "z02_shanghai.pdf": (B, 2026, "上海市自然资源确权登记事务中心", UNIT, FULL),
    "z03_shanghai.pdf": (B, 2026, "上海市退役军人服务中心", UNIT, FULL),
    # 北京: the text halves (第二部分 报表 → 附件：…预算报表, no table in the file)
    "z04_beijing.pdf": (B, 2026, "中国共产党北京市委员会宣传部", DEPT, TEXT),
    "z05_beijing.pdf": (B, 2026, "北京市水务局", DEPT, TEXT),
    "z06_beijing.pdf": (B, 2026, "北京市财政局", DEPT, TEXT),
    "z07_shenzhen.pdf": (B, 2026, "深圳市人民政府国有资产监督管理委员会", DEPT, FULL),
    "z08_shenzhen.pdf": (B, 2026, "中共深圳市委宣传部（本级）", DEPT, FULL),
    "z09_shenzhen.pdf": (B, 2026, "深圳市生态环境局", DEPT, FULL),
    "z10_chongqing.pdf": (B, 2026, "重庆市商务委员会", DEPT, FULL),
    "z11_chongqing.pdf": (B, 2026, "重庆市水利局", DEPT, FULL),
    "z12_chongqing.pdf": (B, 2026, "重庆市科学技术局", DEPT, FULL),
    "z13_guangzhou.pdf": (B, 2026, "广州市卫生健康委员会", DEPT, FULL),
    "z14_guangzhou.pdf": (B, 2026, "中国共产党广州市委员会宣传部", DEPT, FULL),
    "z15_guangzhou.pdf": (B, 2026, "广州市司法局", DEPT, FULL),
    "z16_suzhou.pdf": (B, 2026, "苏州市数据局", DEPT, FULL),
    "z17_suzhou.pdf": (B, 2026, "苏州市自然资源和规划局", DEPT, FULL),
    "z18_suzhou.pdf": (B, 2026, "苏州市生态环境局", UNIT, FULL),  # labelled 部门预算, the cover says 单位预算
    "z19_hangzhou.pdf": (B, 2026, "杭州市交通运输局", DEPT, FULL),
    "z21_wuxi.pdf": (B, 2026, "无锡市住房和城乡建设局（本级）", UNIT, FULL),
    "z22_wuxi.pdf": (B, 2026, "无锡市教育局（本级）", UNIT, FULL),
    "z23_wuxi.pdf": (B, 2026, "无锡市应急管理局", DEPT, FULL),
    "z24_changsha.pdf": (B, 2025, "长沙市公安局", DEPT, FULL),  # labelled 2026, the cover says 2025
    # a 财政项目支出绩效评价报告 of 2020 (evaluated year); the text abbreviates the unit as 市国资委
    "z25_changsha.pdf": (U, 2020, "长沙市人民政府国有资产监督管理委员会", NO_SCOPE, REPORT),
    "z27_fuzhou.pdf": (B, 2026, "福州市公安局治安管理支队", UNIT, FULL),
    "z28_fuzhou.pdf": (B, 2026, "福州市商务局", DEPT, FULL),
    "z29_fuzhou.pdf": (B, 2026, "福州市民政局(本级)", UNIT, FULL),
    "z30_xian.pdf": (B, 2026, "西安市人民政府办公厅", DEPT, FULL),  # cover: …办公厅（汇总）
    "z31_xian.pdf": (B, 2022, "西安市交通运输局", DEPT, FULL),  # 2022年部门综合预算
    "z32_xian.pdf": (B, 2022, "西安市商务局", DEPT, FULL),
    "z33_foshan.pdf": (F, 2019, "佛山市轨道交通局", DEPT, FULL),  # 2019 部门决算
    "z34_yantai.pdf": (B, 2026, "烟台市商务局", DEPT, FULL),
    "z35_yantai.pdf": (B, 2026, "烟台市审计局", DEPT, FULL),
    "z36_yantai.pdf": (B, 2026, "烟台市财政局", DEPT, FULL),
    "z41_zhuhai.pdf": (B, 2026, "珠海市商务局", DEPT, FULL),
    # the text half of budget/bj_sjj_2026_budget_tables.pdf
    "z44_beijing.pdf": (B, 2026, "北京市审计局", DEPT, TEXT),
}

#: file → (refusal reason, a word of the message: the 文号 or title that opens the notice)
REFUSED = {
    "z20_hangzhou.pdf": ("not_disclosure", "杭政办函〔2025〕30号"),  # 印发…实施办法的通知
    "z26_changsha.pdf": ("not_disclosure", "长沙市财政局长财文指"),  # a scan: its head read by OCR
    "z37_weifang.pdf": ("not_disclosure", "巡视集中整改进展情况的通报"),
    "z38_jiaxing.pdf": ("not_disclosure", "浙卫发〔2025〕24号"),  # 实施意见 (its text says 到2027年)
    "z39_jiaxing.pdf": ("not_disclosure", "重大行政决策事项目录的通知"),
    "z40_baotou.pdf": ("not_disclosure", "包府办发〔2026〕11号"),  # 印发…规划（2025—2035年）的通知
    "z42_zhuhai.pdf": ("not_disclosure", "珠教体〔2022〕9号"),
    "z43_yibin.pdf": ("not_disclosure", "宜府办函〔2026〕24号"),
}


def test_every_zoo_file_is_pinned():
    files = {p.name for p in corpus("zoo").glob("z*.pdf")}
    assert files == set(READ) | set(REFUSED)


@cache
def refusal(name: str) -> ReadError | None:
    try:
        parse(corpus(f"zoo/{name}"))
    except ReadError as e:
        return e
    return None


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused(name):
    reason, word = REFUSED[name]
    err = refusal(name)
    assert err is not None, f"{name} was read as a disclosure"
    assert err.reason == reason and word in str(err)


@pytest.mark.parametrize("name", sorted(READ))
def test_kind_year_unit_scope_form(name):
    d = parsed(f"zoo/{name}")
    assert (d.kind, d.year, d.unit_name, d.scope, d.form) == READ[name]


def test_the_tables_half_of_z44():
    """budget/bj_sjj_2026_budget_tables.pdf: 预算01表 … with no text part (the text is z44)."""
    d = parsed("budget/bj_sjj_2026_budget_tables.pdf")
    assert (d.kind, d.year, d.unit_name, d.form) == (B, 2026, "北京市审计局", DocForm.TABLES_HALF)


def test_halves_and_reports_get_no_missing_table_errors():
    from gouji.model.rules import run_rules

    for name, rule in (("z04_beijing.pdf", "comp.other_half"), ("z25_changsha.pdf", None)):
        fs = run_rules(parsed(f"zoo/{name}"))
        comp = [f for f in fs if f.rule in ("comp.std_tables", "comp.sections", "comp.other_half")]
        comp += [f for f in fs if f.rule == "comp.toc" and "表" in f.message]
        assert [f.rule for f in comp] == ([rule] if rule else []), name
