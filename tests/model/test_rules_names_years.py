"""Issue 10 classes 3-6 on hand-built documents: subject names, the unit's name and 部门 wording,
years and dates in the body, template leftovers."""

from __future__ import annotations

import pytest
from rulefixtures import doc, findings, table, text_doc

from gouji.model.document import DocKind, DocScope, Section, SectionKind, StdTable
from gouji.model.findings import Severity
from gouji.model.rules.text_names import current_name, mentions, renamed_subjects
from gouji.model.rules.unit_names import same_unit, title_unit

GPB = StdTable.B_GPB


def gpb(*rows):
    return table(GPB, "一般公共预算支出情况表", ["合计", "基本支出", "项目支出"], rows)


def basic_only(total: str, *rows: tuple[str, str, str]):
    """A 一般公共预算支出表 whose rows are all 基本支出: (code, name, amount)."""
    return gpb(("", "合计", total, total, ""), *[(c, n, v, v, "") for c, n, v in rows])


HOUSING = basic_only(
    "30.00",
    ("208", "社会保障和就业支出", "20.00"),
    ("20805", "行政事业单位养老支出", "20.00"),
    ("2080505", "机关事业单位基本养老保险缴费支出", "20.00"),
    ("221", "住房保障支出", "10.00"),
    ("22102", "住房改革支出", "10.00"),
    ("2210201", "住房公积金", "10.00"),
)


def subject(sentences, *, tables=(HOUSING,), year=2024, kind=DocKind.BUDGET):
    return findings(doc(*tables, sentences=sentences, year=year, kind=kind), "text.subject_name")


# --- class 3: subject names ----------------------------------------------------------------


def test_mentions_read_levels_codes_and_chains():
    ms = mentions("1.住房保障支出（类）住房改革支出（款）住房公积金（项）10.00万元，卫生健康支出（210类）。")
    assert [(m.name, m.code, m.level, m.chained) for m in ms] == [
        ("住房保障支出", None, "类", False),
        ("住房改革支出", None, "款", True),
        ("住房公积金", None, "项", True),
        ("卫生健康支出", "210", "类", False),
    ]
    assert mentions("共2（类）项目") == []  # a digit is never a name


def test_class_name_used_as_kuan_is_an_error():
    (f,) = subject(["住房保障支出（类）住房保障支出（款）住房公积金（项）10.00万元。"])
    assert f.severity == Severity.ERROR
    assert "类级科目（221）" in f.message and "住房改革支出（22102）" in f.message


def test_correct_chain_and_short_class_name_pass():
    assert subject(["住房保障支出（类）住房改革支出（款）住房公积金（项）10.00万元。"]) == []
    assert (
        subject(["社会保障和就业（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）。"])
        == []
    )


def test_kuan_named_otherwise_than_the_parent_of_its_xiang():
    (f,) = subject(
        ["社会保障和就业（类）行政事业单位社保（款）机关事业单位基本养老保险缴费支出（项）20.00万元。"]
    )
    assert f.severity == Severity.ERROR and "20805" in f.message and "行政事业单位养老支出" in f.message


def test_kuan_identified_by_its_amount():
    t = basic_only(
        "30.00",
        ("210", "卫生健康支出", "12.34"),
        ("21011", "行政事业单位医疗", "12.34"),
        ("2101101", "行政单位医疗", "12.34"),
        ("208", "社会保障和就业支出", "17.66"),
        ("20805", "行政事业单位养老支出", "17.66"),
        ("2080506", "机关事业单位职业年金缴费支出", "17.66"),
    )
    (f,) = subject(["卫生健康支出（类）医疗保障（款）支出12.34万元。"], tables=(t,))
    assert f.severity == Severity.ERROR and "21011" in f.message
    (g,) = subject(["行政事业单位养老支出（款）机关事业单位职业年金（项）支出17.66万元。"], tables=(t,))
    assert g.severity == Severity.WARNING and "2080506" in g.message
    # an amount two rows of that level carry does not identify one
    two = gpb(("21011", "行政事业单位医疗", "5.00", "", ""), ("22102", "住房改革支出", "5.00", "", ""))
    assert subject(["医疗保障（款）支出5.00万元。"], tables=(two,)) == []


def test_renamed_subject_is_flagged_without_its_table_row():
    (f,) = subject(["医疗卫生与计划生育支出（类）5.00万元，主要用于行政单位医疗。"])
    assert f.severity == Severity.ERROR and "卫生健康支出" in f.message and "2019" in f.message
    # the old name anywhere in the text (it is a subject name only)
    (g,) = subject(["医疗卫生与计划生育支出增加2.00万元。"])
    assert g.severity == Severity.ERROR
    # in the year of the change: a warning; before it: the name was current
    assert [x.severity for x in subject(["医疗卫生与计划生育支出（类）5.00万元。"], year=2019)] == [
        Severity.WARNING
    ]
    assert subject(["医疗卫生与计划生育支出（类）5.00万元。"], year=2016) == []


def test_renamed_kuan_and_xiang_need_a_marker():
    (f,) = subject(["社会保障和就业（类）行政事业单位离退休（款）机关事业单位基本养老保险缴费支出（项）。"])
    assert "行政事业单位养老支出" in f.message
    # the words in running prose are not a subject
    assert subject(["用于行政事业单位离退休人员的生活补助。"]) == []


def test_names_with_a_table_code_are_left_to_narr_code_name():
    t = gpb(("", "合计", "5.00", "5.00", ""), ("210", "卫生健康支出", "5.00", "5.00", ""))
    assert subject(["医疗卫生与计划生育支出（210类）5.00万元。"], tables=(t,)) == []
    assert findings(doc(t, sentences=["医疗卫生与计划生育支出（210类）5.00万元。"]), "narr.code_name")


def test_a_clause_glued_before_the_name_yields_nothing():
    assert subject(["主要原因是部分支出调整至住房保障支出（款）。"]) == []


def test_rename_table_is_data_and_follows_later_renames():
    olds = {r.old for r in renamed_subjects()}
    assert {"医疗卫生与计划生育支出", "国土资源事务", "行政事业单位离退休"} <= olds
    first = next(r for r in renamed_subjects() if r.old == "医疗卫生支出")
    assert current_name(first, 2016) == "医疗卫生与计划生育支出"
    assert current_name(first, 2024) == "卫生健康支出"


# --- class 4: the unit's name and 部门 wording ---------------------------------------------------


def test_same_unit_tails_and_abbreviations():
    assert same_unit("普陀区财政局", "上海市普陀区财政局")
    assert same_unit("中共广州市委宣传部", "中国共产党广州市委员会宣传部")
    assert same_unit("福州市民政局(本级)", "福州市民政局")
    assert not same_unit("上海市财政局", "上海市普陀区财政局")  # the district is missing
    assert not same_unit("普陀区上海市财政局", "上海市普陀区财政局")  # another word order
    assert title_unit("第一部分上海市普陀区财政局概况") == "上海市普陀区财政局"
    assert title_unit("上海市福利彩票发行中心（单位）主要职能") == "上海市福利彩票发行中心"
    assert title_unit("第二部分 2026年部门预算表") is None


def _unit_doc(**kw):
    t = gpb(("", "合计", "1.00", "1.00", "")).model_copy(update={"unit_name": kw.pop("table_unit", None)})
    d = doc(
        t, unit_name="上海市普陀区财政局", sentences=kw.pop("sentences", ()), sections=kw.pop("sections", ())
    )
    return findings(d, "comp.unit_name")


def test_unit_name_in_tables_part_titles_and_text():
    assert _unit_doc(table_unit="普陀区财政局") == []
    (f,) = _unit_doc(table_unit="上海市财政局")
    assert f.severity == Severity.WARNING and "上海市财政局" in f.message
    part = Section(id="P001", kind=SectionKind.OVERVIEW, title="第一部分上海市静安区财政局概况", level=1)
    (g,) = _unit_doc(sections=[part])
    assert "部分标题" in g.message
    (h,) = _unit_doc(sentences=["上海市静安区财政局2024年度收入、支出预算总计100.00万元。"])
    assert "正文" in h.message
    assert _unit_doc(sentences=["纳入上海市普陀区财政局2024年度部门预算编制范围的单位共1家。"]) == []


def scope_findings(sentences, scope=DocScope.UNIT, sections=()):
    d = doc(sentences=sentences, sections=sections).model_copy(update={"scope": scope})
    return findings(d, "text.scope_wording")


def test_dept_wording_in_a_unit_disclosure():
    (f,) = scope_findings(["2024年部门预算安排基本支出10.00万元。"])
    assert f.severity == Severity.WARNING and "单位预算" in f.message
    assert scope_findings(["2024年部门预算安排基本支出10.00万元。"], scope=DocScope.DEPARTMENT) == []
    sub = Section(id="S001", kind=SectionKind.EXPLANATION, title="一、部门收支总体情况", level=2)
    (g,) = scope_findings([], sections=[sub])
    assert "标题" in g.message


@pytest.mark.parametrize(
    "text",
    [
        "按部门预算支出经济分类科目反映。",
        "部门经济分类科目名称。",
        "会同主管部门开展工作。",
        "由财政部门统一安排。",
        "按照部门预算管理规定执行。",
        "本部门2024年收入10.00万元。",  # text.unit_wording's
    ],
)
def test_fixed_terms_are_not_dept_wording(text):
    assert scope_findings([text]) == []


# --- class 5: years and dates -----------------------------------------------------------------


def years(sentences, *, kind=DocKind.BUDGET, year=2026, sections=()):
    return findings(doc(sentences=sentences, kind=kind, year=year, sections=sections), "text.year")


def test_as_of_date_in_final_accounts():
    assert years(["截至2024年12月31日，本部门共有车辆5辆。"], kind=DocKind.FINAL, year=2024) == []
    (f,) = years(["截至2023年12月31日，本部门共有车辆5辆。"], kind=DocKind.FINAL, year=2024)
    assert f.severity == Severity.ERROR and "2024年12月31日" in f.message


def test_as_of_date_in_a_budget():
    for ok in (
        "截至2025年12月31日，本单位共有车辆0辆。",
        "截至2026年1月31日，本单位共有车辆2辆。",
        "预计截至2026年12月31日，本单位共有车辆2辆。",
        "截至2026年12月31日前完成设备更新。",
    ):
        assert years([ok]) == [], ok
    (f,) = years(["截至2026年12月31日，本单位共有车辆0辆。"])
    assert f.severity == Severity.ERROR and "尚未到来" in f.message
    (g,) = years(["截至2024年8月31日，本单位共有车辆0辆。"])
    assert "早了1年" in g.message


def test_date_range_ending_before_it_starts():
    (f,) = years(["资金执行时间：2024 年 1 月 1 日-2014 年 12 月 31 日"], year=2024)
    assert f.severity == Severity.ERROR and "2014-12-31" in f.message
    assert years(["资金执行时间：2024年1月1日-2024年12月31日"], year=2024) == []


def test_statement_year_and_execution_year():
    (f,) = years(["2025年“三公”经费预算13.85万元，比2025年减少5.45万元。"])
    assert f.severity == Severity.ERROR
    assert years(["2026年“三公”经费预算13.85万元，比2025年减少5.45万元。"]) == []
    assert [x.severity for x in years(["2025年收入预算100.00万元。"])] == [Severity.WARNING]
    (g,) = years(["2026年预算数为10.00万元，2024年执行数为8.00万元。"])
    assert g.severity == Severity.ERROR and "2025" in g.message
    assert years(["2026年预算数为10.00万元，2025年执行数为8.00万元。"]) == []


@pytest.mark.parametrize(
    "text",
    [
        "根据《关于印发〈2020年自然资源执法工作要点〉的通知》（财预〔2024〕12号）开展工作。",
        "围绕“十四五”规划（2021—2025年）目标推进。",
        "原国土资源局（2006—2018年）档案移交项目资金。",
    ],
)
def test_other_years_are_not_read(text):
    assert years([text]) == []


def test_sub_section_title_year():
    sec = Section(id="S001", kind=SectionKind.EXPLANATION, title="一、2023年度收入支出决算总体情况", level=2)
    (f,) = years([], kind=DocKind.FINAL, year=2024, sections=[sec])
    assert f.severity == Severity.WARNING
    ok = Section(id="S001", kind=SectionKind.EXPLANATION, title="一、2024年度收入支出决算总体情况", level=2)
    assert years([], kind=DocKind.FINAL, year=2024, sections=[ok]) == []


# --- class 6: template leftovers ----------------------------------------------------------------


def leftovers(texts):
    return findings(text_doc([("三、情况说明", texts)], page=5), "comp.template_leftovers")


@pytest.mark.parametrize(
    "text",
    [
        "比上年减少0.15万元，下降（增长）27.78%。",
        "比上年（增长）下降5.00%。",
        "比上年增加（减少）3.00万元。",
        "比上年减少（增加）3.00万元。",
        "比上年增加/减少3.00万元。",
        "共组织对0个项目开展了重点绩效评价（如有）。",
        "（若无，则写“本单位无机关运行经费。”）",
        "请核实该项目金额。",
        "项目绩效目标待单位补充。",
        "具体包括（列示至基层预算单位）：",
        "具体情况见下表(按项目分别填报)：",
        "截至2024年12月31日，上海市普陀区某某局部门（单位）共有车辆0辆。",
    ],
)
def test_template_leftover_variants(text):
    (f,) = leftovers([text])
    assert f.severity == Severity.ERROR


@pytest.mark.parametrize(
    "text",
    [
        "指导各部门（单位）的信访工作。",
        "“三公”经费指部门（单位）使用财政拨款安排的支出。",
        "比上年增加3.00万元（主要是人员增加）。",
        "采购品目名称根据规定品目名称填写。",
        "有待进一步完善。",
    ],
)
def test_not_template_leftovers(text):
    assert leftovers([text]) == []


def test_leftovers_one_finding_per_kind_per_page():
    (f,) = leftovers(["比上年减少1.00万元，下降（增长）2.00%。", "比上年增加（减少）3.00万元。"])
    assert "2 处" in f.message
