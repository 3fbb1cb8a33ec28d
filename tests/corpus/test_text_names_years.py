"""Issue 10 classes 3-6 on real documents: subject names, the unit's name and 部门 wording, years
and dates in the body, template leftovers.

Every true case below was checked by hand against the page (``pdftotext -layout -f N -l N``); the
false cases are sentences of the same kind that are right and must stay silent.
"""

from __future__ import annotations

import pytest
from conftest import parsed

from gouji.model.findings import Severity
from gouji.model.rules.registry import run_rules

pytestmark = pytest.mark.slow

RULES = ["text.subject_name", "text.year", "text.scope_wording", "comp.unit_name", "comp.template_leftovers"]


def _found(rel: str, rule: str, page: int | None = None):
    fs = run_rules(parsed(rel), only=[rule])
    return [f for f in fs if page is None or any(loc.page == page for loc in f.locations)]


# --- class 3: subject names ----------------------------------------------------------------


def test_nfb_old_name_of_20805_in_text_and_glossary():
    # p22-23: "社会保障和就业（类）行政事业单位离退休（款）…"; p40 (名词解释) the same; tables: 行政事业单位养老支出
    fs = _found("final/nfb_xinfang_2024_final.pdf", "text.subject_name")
    assert fs and all(f.severity == Severity.ERROR for f in fs)
    assert {f.page for f in fs} == {22, 23, 40}
    assert all("行政事业单位养老支出" in f.message or "行政单位离退休" in f.message for f in fs)
    # "一般公共服务（类）信访事务（款）" and "住房保障（类）住房改革支出（款）": short forms of the tables' names
    assert not any("信访事务" in f.message or "住房改革支出" in f.message for f in fs)


def test_ghzy_class_name_written_as_kuan():
    # p24: "12、住房保障支出（类）住房保障支出（款）住房公积金（项）" (the 款 is 住房改革支出)
    fs = _found("final/putuo_ghzy_2024_final.pdf", "text.subject_name")
    assert len(fs) == 2 and {f.page for f in fs} == {24}
    assert all("住房改革支出（22102）" in f.message for f in fs)


def test_ptwl_levels_shifted_in_one_item():
    # p7: "21. “卫生健康支出（类）卫生健康支出（款）计划生育事务（项）”科目20.00万元"
    fs = _found("budget/ptwl_street_2025_budget.pdf", "text.subject_name")
    assert {f.page for f in fs} == {7} and len(fs) == 2
    assert any("计划生育服务（2100717）" in f.message for f in fs)


def test_js_jcy_loose_item_names_found_by_amount():
    # p28: "机关事业单位基本养老保险费（项）支出1064.46万元", "机关事业单位职业年金（项）支出425.79万元":
    # the tables' rows with those amounts are 2080505 / 2080506 …缴费支出 (abbreviated: warnings)
    fs = _found("budget/js_jcy_2019_dept_budget.pdf", "text.subject_name")
    assert [(f.severity, f.page) for f in fs] == [(Severity.WARNING, 28)] * 2
    assert {"2080505", "2080506"} == {c for f in fs for c in ("2080505", "2080506") if c in f.message}


@pytest.mark.parametrize(
    "rel",
    [
        "budget/sz_zrzy_2026_unit_budget.pdf",
        "zoo/z17_suzhou.pdf",
        "zoo/z22_wuxi.pdf",
        "zoo/z27_fuzhou.pdf",  # "…由于公共安全（类）公安（款）…": a clause glued before the class
    ],
)
def test_numbered_item_chains_that_match_the_tables(rel):
    # "1.自然资源事务（款）行政运行（项）" … : every name is the table's
    assert _found(rel, "text.subject_name") == []


# --- class 4: unit name and 部门 wording --------------------------------------------------------


@pytest.mark.parametrize(
    "rel", ["final/putuo_czj_2024_final.pdf", "zoo/z14_guangzhou.pdf", "zoo/z01_shanghai.pdf"]
)
def test_unit_names_in_titles_and_text_agree(rel):
    assert _found(rel, "comp.unit_name") == []


@pytest.mark.parametrize(
    "rel", ["zoo/z22_wuxi.pdf", "zoo/z18_suzhou.pdf", "budget/sz_zrzy_2026_unit_budget.pdf"]
)
def test_unit_disclosures_use_fixed_dept_terms_only(rel):
    # "部门预算支出经济分类科目" columns, "主管部门", "财政部门" in the 名词解释 are legitimate
    assert _found(rel, "text.scope_wording") == []


# --- class 5: years and dates ----------------------------------------------------------------


def test_z35_assets_as_of_a_date_still_to_come():
    # p28: "截至2026年12月31日，本单位共有车辆0辆" in the 2026 budget
    (f,) = _found("zoo/z35_yantai.pdf", "text.year")
    assert f.severity == Severity.ERROR and f.page == 28


def test_cq_three_public_figure_dated_last_year():
    # p2: "2025年 “三公”经费预算13.85万元,比2025年减少5.45万元" (表八: 2026年 13.85)
    (f,) = _found("budget/cq_qxj_2026_dept_budget.pdf", "text.year")
    assert f.severity == Severity.ERROR and f.page == 2 and "13.85" in f.message


def test_seed000_execution_period_ends_before_it_starts():
    # "资金执行时间：2024 年 1 月 1 日-2014 年 12 月 31 日"
    (f,) = _found("seeds/000_407e03e18ae36581.txt", "text.year")
    assert f.severity == Severity.ERROR and "2014-12-31" in f.message


@pytest.mark.parametrize(
    "rel",
    [
        "zoo/z36_yantai.pdf",  # 截至2025年12月31日 in a 2026 budget
        "zoo/z13_guangzhou.pdf",  # 截至2026年1月31日
        "final/putuo_czj_2024_final.pdf",  # 截至2024年12月31日 in a 2024 final account
        "rendered/seed002.pdf",  # 2021—2035年 plans, 2006—2018年 history
    ],
)
def test_years_that_agree(rel):
    assert _found(rel, "text.year") == []


# --- class 6: template leftovers -------------------------------------------------------------


def test_ghzy_leftovers():
    # p25 "减少 0.15 万元，下降（增长）27.78%"; p28 "…规划和自然资源局部门（单位）共有车辆 0 辆"
    assert len(_found("final/putuo_ghzy_2024_final.pdf", "comp.template_leftovers", 25)) == 1
    (f,) = _found("final/putuo_ghzy_2024_final.pdf", "comp.template_leftovers", 28)
    assert "部门（单位）" in f.message


@pytest.mark.parametrize(
    ("rel", "page", "quote"),
    [
        ("zoo/z33_foshan.pdf", 28, "（如有）"),
        ("pairs/ptgov_office_2025_dept_budget.pdf", 4, "列示至基层预算单位"),
        ("rendered/seed000.pdf", 112, "按项目分别填报"),
    ],
)
def test_instructions_left_for_the_author(rel, page, quote):
    (f,) = _found(rel, "comp.template_leftovers", page)
    assert f.severity == Severity.ERROR and quote in f.message


def test_no_leftovers_in_a_clean_document():
    assert _found("zoo/z13_guangzhou.pdf", "comp.template_leftovers") == []
