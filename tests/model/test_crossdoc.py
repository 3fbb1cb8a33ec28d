"""Cross-document checks on hand-built documents: identities, relations, the rules, a document's view."""

from __future__ import annotations

from decimal import Decimal

from rulefixtures import doc, table

from gouji.model.crossdoc import build_set, run_cross
from gouji.model.crossdoc.identity import listed_units, normalise_unit
from gouji.model.document import (
    DocForm,
    DocKind,
    DocScope,
    Document,
    Section,
    SectionKind,
    Sentence,
    StdTable,
)
from gouji.model.findings import Family, Severity

S = StdTable
GPB_COLS = ["一般公共预算支出/合计", "一般公共预算支出/基本支出", "一般公共预算支出/项目支出"]


def gpb(rows, *, title="一般公共预算支出功能分类预算表", page=5, unit="万元"):
    return table(S.B_GPB, title, GPB_COLS, rows, unit=unit, page=page, top=100, col_x=range(0, 600, 100))


GPB_ROWS = [
    ("201", "一般公共服务支出", "100.00", "60.00", "40.00"),
    ("2010101", "行政运行", "60.00", "60.00", ""),
    ("", "合计", "100.00", "60.00", "40.00"),
]


def make(
    *tables,
    name="某某区某某局",
    year=2025,
    kind=DocKind.BUDGET,
    scope=DocScope.DEPARTMENT,
    form=DocForm.FULL,
    path=None,
    sentences=(),
    section_title="情况说明",
) -> Document:
    d = doc(*tables, kind=kind, year=year, unit_name=name, sentences=sentences, section_title=section_title)
    p = path or f"/set/{name}_{year}_{kind.value}_{scope.value}_{form.value}.pdf"
    return d.model_copy(update={"path": p, "sha256": p, "scope": scope, "form": form})


def with_units(d: Document, *items: str) -> Document:
    """``d`` with a 机构设置 section listing its budget units as "1.… 2.…" items."""
    sec = Section(id="S800", kind=SectionKind.ORGANISATION, title="机构设置", level=1)
    lead = "本部门中，具体包括（列示至基层预算单位）："
    sents = [Sentence(index=900 + i, text=t, section_id="S800", page=2) for i, t in enumerate([lead, *items])]
    return d.model_copy(update={"sections": [*d.sections, sec], "sentences": [*d.sentences, *sents]})


def single(res, checked: int):
    """The one finding of a cross pass over one compared relation that made ``checked`` comparisons."""
    (f,) = res.findings
    (tally,) = res.tallies.values()
    assert tally.checked == checked
    return f


# --- identity ---------------------------------------------------------------------------------------
def test_unit_names_lose_only_qualifiers():
    assert normalise_unit("某某区某某局（本级）") == ("某某区某某局", True)
    assert normalise_unit("某某区某某局本部") == ("某某区某某局", True)
    assert normalise_unit(" 某某区 万里街道办事处（部门）") == ("某某区万里街道办事处", False)
    assert normalise_unit("编制单位：某某区某某局") == ("某某区某某局", False)
    # an organisation's own name is kept whole: 机关, an alias in brackets
    assert normalise_unit("某某区某某局机关") == ("某某区某某局机关", False)
    assert normalise_unit("某某中心（某某保障中心）")[0] == "某某中心(某某保障中心)"


def test_listed_units_items_and_inline_lists():
    d = with_units(make(), "1.某某区某某局本部。", "2.下属事业单位某某区某某中心不单列预算，并入本部。")
    assert listed_units(d) == [("某某区某某局", True)]
    d2 = make(
        sentences=[
            "纳入本部门2026年部门汇总预算编制范围的预算单位共计3家，具体包括：某某区某某局（本级），某某区甲中心（某某保障中心），某某区乙站。"
        ]
    )
    assert listed_units(d2) == [
        ("某某区某某局", True),
        ("某某区甲中心(某某保障中心)", False),
        ("某某区乙站", False),
    ]


def test_internal_divisions_are_not_units():
    d = make(sentences=["某某区某某局设3个内设机构，包括：", "（一）秘书科（联络科）。", "（二）综合科。"])
    assert listed_units(d) is None
    # a list whose items are not unit names is not read as units
    d2 = with_units(make(), "1.负责全区的统计工作。")
    assert listed_units(d2) is None


# --- relations --------------------------------------------------------------------------------------
def kinds(docs):
    return sorted((r.kind.value, r.a, r.b) for r in build_set(docs).relations)


def test_relations_of_one_unit():
    b24, b25 = make(year=2024), make(year=2025)
    f25 = make(year=2025, kind=DocKind.FINAL)
    assert kinds([b24, b25, f25]) == [("final_budget", 2, 1), ("prior_year", 1, 0)]


def test_department_and_its_units():
    dept = make(name="某某区某某局")
    own = make(name="某某区某某局", scope=DocScope.UNIT)
    listed = with_units(make(name="某某区某某局"), "1.某某区某某局本部。", "2.某某区某某中心。")
    centre = make(name="某某区某某中心", scope=DocScope.UNIT)
    assert kinds([dept, own]) == [("dept_unit", 0, 1)]
    # a unit relates to a department only when it is its own part or a unit it lists
    assert kinds([dept, centre]) == []
    assert kinds([listed, own, centre]) == [("dept_unit", 0, 1), ("dept_unit", 0, 2)]


def test_no_relation_between_different_units_or_unknown_facts():
    a, b = make(name="某某区某某局", year=2025), make(name="某某区某某局二分局", year=2024)
    assert kinds([a, b]) == []
    # same unit, but a department and a unit in different years: not comparable
    assert kinds([make(year=2025), make(year=2024, scope=DocScope.UNIT)]) == []
    # no year read: no relation
    assert kinds([make(year=2025), make(year=None)]) == []
    # two years apart: no relation
    assert kinds([make(year=2025), make(year=2023)]) == []


def test_halves_and_copies_are_recognised_not_compared():
    text = make(form=DocForm.TEXT_HALF)
    tabs = make(form=DocForm.TABLES_HALF, scope=DocScope.UNKNOWN)
    assert kinds([text, tabs]) == [("halves", 0, 1)]
    copy1, copy2 = make(path="/a/x.pdf"), make(path="/b/x.docx")
    assert kinds([copy1, copy2]) == [("copies", 0, 1)]
    res = run_cross([text, tabs, copy1, copy2])
    assert res.findings == [] and res.tallies == {}


# --- department = its units ---------------------------------------------------------------------------
def one_unit_pair(unit_rows):
    dept = with_units(make(gpb(GPB_ROWS)), "1.某某区某某局本部。")
    unit = make(gpb(unit_rows, page=7), scope=DocScope.UNIT)
    return dept, unit


def test_department_of_one_unit_equals_it():
    dept, unit = one_unit_pair(GPB_ROWS)
    res = run_cross([dept, unit])
    assert res.findings == []
    (tally,) = res.tallies.values()
    assert (tally.checked, tally.differing) == (8, 0)  # 3 rows × 3 columns, one blank cell


def test_department_of_one_unit_differing_cell_is_an_error_with_both_places():
    rows = [list(r) for r in GPB_ROWS]
    rows[1][2] = "61.00"
    dept, unit = one_unit_pair([tuple(r) for r in rows])
    res = run_cross([dept, unit])
    (f,) = res.findings
    assert f.severity == Severity.ERROR and f.family == Family.CROSS_DOC and f.rule == "cross.dept_units"
    assert (f.stated, f.computed, f.difference) == (Decimal("60.00"), Decimal("61.00"), Decimal("-1.00"))
    assert [loc.document for loc in f.locations] == [dept.path, unit.path]
    assert [loc.page for loc in f.locations] == [5, 7] and all(loc.bbox for loc in f.locations)
    assert "2010101" in f.message and "本级单位" in f.message


def test_department_sum_of_two_units_and_rounding():
    dept = with_units(make(gpb(GPB_ROWS)), "1.某某区某某局本部。", "2.某某区某某中心。")
    own = make(gpb([("201", "一般公共服务支出", "70.00", "40.00", "30.00")]), scope=DocScope.UNIT)
    centre_rows = [("201", "一般公共服务支出", "30.01", "20.00", "10.00")]
    centre = make(gpb(centre_rows), name="某某区某某中心", scope=DocScope.UNIT)
    res = run_cross([dept, own, centre])
    (f,) = res.findings
    assert (
        f.severity == Severity.ROUNDING and f.stated == Decimal("100.00") and f.computed == Decimal("100.01")
    )
    assert len(f.locations) == 3


def test_missing_units_give_one_warning_and_no_sum():
    dept = with_units(make(gpb(GPB_ROWS)), "1.某某区某某局本部。", "2.某某区某某中心。", "3.某某区某某站。")
    own = make(gpb([("201", "一般公共服务支出", "1.00", "1.00", "")]), scope=DocScope.UNIT)
    res = run_cross([dept, own])
    (f,) = res.findings
    assert f.rule == "cross.units_missing" and f.severity == Severity.WARNING
    assert "某某区某某中心、某某区某某站" in f.message
    assert f.locations[0].document == dept.path and f.locations[0].page == 2


def test_most_cells_differing_fold_into_one_warning():
    other = [(c, n, "1.00", "1.00", "1.00") for c, n, *_ in GPB_ROWS]
    dept, unit = one_unit_pair(other)
    res = run_cross([dept, unit])
    (f,) = res.findings
    assert f.severity == Severity.WARNING and "个不一致" in f.message


def test_money_units_are_converted():
    yuan = [(c, n, *(v.replace(".00", "0000.00") if v else v for v in vals)) for c, n, *vals in GPB_ROWS]
    dept = with_units(make(gpb(GPB_ROWS)), "1.某某区某某局本部。")
    unit = make(gpb(yuan, unit="元"), scope=DocScope.UNIT)
    res = run_cross([dept, unit])
    assert res.findings == [] and next(iter(res.tallies.values())).checked == 8


# --- year over year ---------------------------------------------------------------------------------
def test_prior_text_agrees_differs_and_flat():
    this = make(
        sentences=[
            "2025年，财政拨款收入18,976.76万元，比2024年预算增加3,355.65万元。",
            "“三公”经费预算数为37.91万元，比2024年预算减少10万元。",
            "公务接待费1.35万元，比2024年预算持平。",
        ]
    )
    last = make(
        year=2024,
        sentences=[
            "2024年，财政拨款收入15621.11万元，比2023年预算减少876.75万元。",
            "2024年“三公”经费预算数为48.91万元。",
            "公务接待费1.35万元。",
        ],
    )
    res = run_cross([this, last])
    (f,) = res.findings
    assert f.rule == "cross.prior_text" and f.severity == Severity.WARNING
    assert (f.stated, f.computed) == (Decimal("47.91"), Decimal("48.91"))
    assert "调整" in f.message and [loc.document for loc in f.locations] == [this.path, last.path]
    (tally,) = res.tallies.values()
    assert (tally.checked, tally.differing) == (3, 1)


def test_prior_text_needs_one_exact_subject_last_year():
    this = make(
        sentences=["支出100.00万元，比上年增加10.00万元。", "其他支出经费50.00万元，比上年增加5.00万元。"]
    )
    last = make(
        year=2024, sentences=["支出80.00万元。", "其他支出经费40.00万元。", "其他支出经费41.00万元。"]
    )
    res = run_cross([this, last])
    # "支出" is too short to relate two documents; "其他支出经费" has two values last year
    assert res.findings == [] and next(iter(res.tallies.values())).checked == 0


def test_prior_text_ignores_other_bases():
    this = make(sentences=["财政拨款收入100.00万元，比2024年决算数增加10.00万元。"])
    last = make(year=2024, sentences=["财政拨款收入80.00万元。"])
    assert run_cross([this, last]).findings == []


def test_prior_year_column_against_last_years_table():
    cols = ["上年预算数", "本年预算数/合计"]
    this_t = table(
        S.B_EXPENSE,
        "支出总体情况表",
        cols,
        [("201", "一般公共服务支出", "90.00", "100.00"), ("", "合计", "90.00", "100.00")],
    )
    last_t = table(
        S.B_EXPENSE,
        "支出总体情况表",
        ["本年预算数/合计"],
        [("201", "一般公共服务支出", "95.00"), ("", "合计", "90.00")],
    )
    res = run_cross([make(this_t), make(last_t, year=2024)])
    f = single(res, 2)
    assert f.rule == "cross.prior_table" and f.severity == Severity.WARNING
    assert (f.stated, f.computed) == (Decimal("90.00"), Decimal("95.00"))


# --- final account against the budget -------------------------------------------------------------------
def test_final_initial_budget_against_budget_is_an_error():
    fcols = ["年初预算数", "决算数/合计"]
    final_t = table(
        S.F_GPB,
        "一般公共预算财政拨款支出决算表",
        fcols,
        [("201", "一般公共服务支出", "100.00", "98.00"), ("2010101", "行政运行", "61.00", "60.00")],
    )
    final = make(final_t, kind=DocKind.FINAL)
    res = run_cross([final, make(gpb(GPB_ROWS))])
    (f,) = res.findings
    assert f.rule == "cross.final_budget" and f.severity == Severity.ERROR
    assert (f.stated, f.computed, f.locations[0].document) == (Decimal("61.00"), Decimal("60.00"), final.path)


def test_final_three_public_budget_is_a_warning():
    labels = ["预算数/合计", "预算数/因公出国（境）费", "预算数/公务接待费", "决算数/合计"]
    final_t = table(
        S.F_THREE_PUBLIC, "“三公”经费支出决算表", labels, [("", "", "12.00", "2.00", "10.00", "11.00")]
    )
    blabels = ["“三公”经费预算数/合计", "“三公”经费预算数/因公出国(境)费", "“三公”经费预算数/公务接待费"]
    budget_t = table(S.B_THREE_PUBLIC, "“三公”经费预算表", blabels, [("", "", "10.00", "2.00", "8.00")])
    res = run_cross([make(final_t, kind=DocKind.FINAL), make(budget_t)])
    assert sorted((f.severity.value, str(f.stated), str(f.computed)) for f in res.findings) == [
        ("warning", "10.00", "8.00"),
        ("warning", "12.00", "10.00"),
    ]
    assert next(iter(res.tallies.values())).checked == 3


# --- a document's view ------------------------------------------------------------------------------
def test_each_document_sees_its_own_places_first():
    rows = [list(r) for r in GPB_ROWS]
    rows[0][2] = "101.00"
    dept, unit = one_unit_pair([tuple(r) for r in rows])
    res = run_cross([dept, unit])
    (mine,) = res.for_document(unit)
    own, other = mine.locations[0], mine.locations[1]
    assert own.document is None and own.table == "T01" and own.row == 0 and own.page == 7
    assert other.document == dept.path and other.table is None and other.row is None and other.page == 5
    assert other.text == "一般公共预算支出功能分类预算表" and other.row_code == "201"
    assert res.for_document(make(name="某某区其他局")) == []


def test_three_public_parts_under_a_budget_header_level():
    labels = [
        "财政拨款“三公”经费/合计/预算数",
        "财政拨款“三公”经费/合计/决算数",
        "财政拨款“三公”经费/公务用车购置及运行费/购置费/预算数",
    ]
    final_t = table(S.F_THREE_PUBLIC, "“三公”经费支出决算表", labels, [("", "", "12.00", "11.00", "5.00")])
    blabels = ["2024年预算数/合计", "2025年预算数/合计", "2025年预算数/公务用车购置及运行费/购置费"]
    budget_t = table(S.B_THREE_PUBLIC, "“三公”经费预算表", blabels, [("", "", "9.00", "12.00", "4.00")])
    res = run_cross([make(final_t, kind=DocKind.FINAL), make(budget_t)])
    # the budget's prior-year column (2024年) is not the 2025 budget: 合计 12 = 12, 购置费 5 ≠ 4
    f = single(res, 2)
    assert (f.stated, f.computed) == (Decimal("5.00"), Decimal("4.00"))


def test_prior_year_columns_named_by_year():
    cols = ["2024年预算数/合计", "2025年预算数/合计"]
    this_t = table(
        S.B_THREE_PUBLIC,
        "“三公”经费预算表",
        ["2025年预算数/合计", "2026年预算数/合计"],
        [("", "合计", "12.00", "10.00")],
    )
    last_t = table(S.B_THREE_PUBLIC, "“三公”经费预算表", cols, [("", "合计", "9.00", "12.00")])
    res = run_cross([make(this_t, year=2026), make(last_t, year=2025)])
    # 2026's "2025年预算数" 12.00 = 2025's own "2025年预算数" 12.00 (not its "2024年预算数" 9.00)
    assert res.findings == [] and next(iter(res.tallies.values())).checked == 1


def test_budget_execution_figures_against_last_years_final_account():
    text = "一般公共预算财政拨款支出预算120.00万元，比2025年执行数增加20.00万元。"
    budget = make(year=2026, sentences=[text])
    last_budget = make(year=2025, sentences=["一般公共预算财政拨款支出预算90.00万元。"])
    final = make(
        year=2025, kind=DocKind.FINAL, sentences=["2025年度一般公共预算财政拨款支出决算105.00万元。"]
    )
    assert kinds([budget, last_budget, final]) == [
        ("final_budget", 2, 1),
        ("prior_final", 0, 2),
        ("prior_year", 0, 1),
    ]
    res = run_cross([budget, last_budget, final])
    # "比2025年执行数" is last year's execution: compared with the final account, never with last year's budget
    (f,) = res.findings
    assert f.rule == "cross.exec_text" and f.severity == Severity.WARNING
    assert (f.stated, f.computed) == (Decimal("100.00"), Decimal("105.00")) and "预计数" in f.message
    assert [loc.document for loc in f.locations] == [budget.path, final.path]
