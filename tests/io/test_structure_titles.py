"""Standard tables recognised by structure, and table boundaries by header bands (built raw documents).

A title that is missing or not in the catalog must not lose the table: its header words, codes and
layout name it when exactly one standard table fits and the document does not already have it.  An
untitled grid whose header is not the running table's header starts a new table; a repeated header
continues it.
"""

from __future__ import annotations

from gouji.io.assemble.table_header import header_band, same_header
from gouji.io.assemble.table_kinds import fits, resolve, shape_of
from gouji.model.document import DocKind, Document, StdTable
from tests.io.test_assemble import G, L, doc_of

S = StdTable


# the standard tables of a budget, as printed (header rows, then body rows)
OVERVIEW = [
    ["收入", "", "支出", ""],
    ["项目", "预算数", "项目", "预算数"],
    ["一、一般公共预算拨款收入", "1,000.00", "一、一般公共服务支出", "800.00"],
    ["二、事业收入", "200.00", "二、教育支出", "400.00"],
    ["本年收入合计", "1,200.00", "本年支出合计", "1,200.00"],
]
FISCAL = [
    ["收入", "", "支出", "", "", ""],
    ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算"],
    ["一、一般公共预算拨款", "1,000.00", "一、一般公共服务支出", "800.00", "800.00", ""],
    ["二、政府性基金预算拨款", "", "二、教育支出", "200.00", "200.00", ""],
    ["收入总计", "1,000.00", "支出总计", "1,000.00", "1,000.00", ""],
]
EXPENSE = [
    ["科目编码", "科目名称", "合计", "基本支出", "项目支出", "上缴上级支出"],
    ["", "合计", "1,000.00", "700.00", "300.00", ""],
    ["201", "一般公共服务支出", "800.00", "600.00", "200.00", ""],
    ["20101", "人大事务", "800.00", "600.00", "200.00", ""],
    ["205", "教育支出", "200.00", "100.00", "100.00", ""],
    ["20501", "教育管理事务", "200.00", "100.00", "100.00", ""],
]
GPB = [r[:5] for r in EXPENSE]  # the same rows without the 上缴上级支出 column
BASIC = [
    ["经济分类科目编码", "科目名称", "合计", "人员经费", "公用经费"],
    ["", "合计", "700.00", "500.00", "200.00"],
    ["301", "工资福利支出", "500.00", "500.00", ""],
    ["30101", "基本工资", "500.00", "500.00", ""],
    ["302", "商品和服务支出", "200.00", "", "200.00"],
    ["30201", "办公费", "200.00", "", "200.00"],
]
THREE = [
    ["合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"],
    ["", "", "小计", "购置费", "运行费", ""],
    ["10.00", "2.00", "5.00", "0.00", "5.00", "3.00"],
]


def _shape(t: list[list[str]], n_head: int):
    return shape_of(t[:n_head], t[n_head:])


def test_structure_fits_each_standard_table():
    b = DocKind.BUDGET
    assert fits(_shape(OVERVIEW, 2), b) == {S.B_OVERVIEW}
    assert fits(_shape(FISCAL, 2), b) == {S.B_FISCAL}
    assert fits(_shape(EXPENSE, 1), b) == {S.B_EXPENSE}  # 上缴上级支出: the expenditure overview
    assert fits(_shape(GPB, 1), b) == {S.B_EXPENSE, S.B_GPB}  # the same columns: either
    assert fits(_shape(BASIC, 1), b) == {S.B_GPB_BASIC}
    assert fits(_shape(THREE, 2), b) == {S.B_THREE_PUBLIC}
    assert fits(_shape(BASIC, 1), DocKind.FINAL) == {S.F_GPB_BASIC}
    # economic codes with 基本 / 项目 columns are no 基本支出 table; no amounts: nothing to go by
    by_econ = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"], *[r[:2] + r[2:] for r in BASIC[1:]]]
    assert fits(_shape(by_econ, 1), b) == set()
    assert fits(_shape([r if k < 1 else r[:2] + [""] * 3 for k, r in enumerate(BASIC)], 1), b) == set()


def test_resolve_maps_only_a_single_fit_the_document_lacks():
    # EXPENSE is named by its title: the one unnamed {支出总表, 一般公共预算} table is the latter
    assert resolve([{S.B_EXPENSE, S.B_GPB}], {S.B_EXPENSE}) == [S.B_GPB]
    # two unnamed tables claiming the same table: neither
    assert resolve([{S.B_GPB_BASIC}, {S.B_GPB_BASIC}], set()) == [None, None]
    # already present: nothing; still ambiguous: nothing
    assert resolve([{S.B_GPB_BASIC}], {S.B_GPB_BASIC}) == [None]
    assert resolve([{S.B_EXPENSE, S.B_GPB}], set()) == [None]
    # one table takes 支出总表 by its extra columns, which leaves 一般公共预算 to the other
    assert resolve([{S.B_EXPENSE, S.B_GPB}, {S.B_EXPENSE}], set()) == [S.B_GPB, S.B_EXPENSE]


def _budget_pages(garble: dict[int, str]) -> list[list]:
    """Six standard tables on six pages; ``garble`` replaces the title of page k (or drops it: "")."""
    tables = [
        ("2026年部门收支总体情况表", OVERVIEW),
        ("2026年部门支出总体情况表", EXPENSE),
        ("2026年财政拨款收支总体情况表", FISCAL),
        ("2026年一般公共预算支出情况表", GPB),
        ("2026年一般公共预算基本支出情况表", BASIC),
        ("2026年“三公”经费支出情况表", THREE),
    ]
    pages = []
    for k, (title, grid) in enumerate(tables, start=1):
        said = garble.get(k, title)
        blocks: list = [L(said, k)] if said else []
        blocks += [L("单位：万元", k), G(grid, k)]
        pages.append(blocks)
    return pages


#: the six tables of ``_budget_pages``, each on its page
ALL_SIX = {
    S.B_OVERVIEW: [[1]],
    S.B_EXPENSE: [[2]],
    S.B_FISCAL: [[3]],
    S.B_GPB: [[4]],
    S.B_GPB_BASIC: [[5]],
    S.B_THREE_PUBLIC: [[6]],
}


def _std_pages(doc: Document) -> dict[StdTable | None, list[list[int]]]:
    out: dict[StdTable | None, list[list[int]]] = {}
    for t in doc.tables:
        out.setdefault(t.std, []).append(t.pages)
    return out


def test_titled_tables_recognised_by_title():
    got = _std_pages(doc_of(*_budget_pages({})))
    assert got == ALL_SIX


def test_missing_and_garbled_titles_recognised_by_structure():
    # 收支总表 without a title, 一般公共预算 under a title nobody catalogued, 基本支出 without a title
    doc = doc_of(*_budget_pages({1: "", 4: "附表四 部门公开表", 5: ""}))
    got = _std_pages(doc)
    assert got[S.B_OVERVIEW] == [[1]]
    assert got[S.B_GPB] == [[4]]
    assert got[S.B_GPB_BASIC] == [[5]]
    assert None not in got
    overview = next(t for t in doc.tables if t.std == S.B_OVERVIEW)
    assert overview.two_sided and {r.side for r in overview.rows} == {"收入", "支出"}
    assert "按结构识别为收支总体情况表" in overview.title
    notes = [w for w in doc.warnings if "按表头与科目结构识别" in w]
    assert len(notes) == 3  # one per table named by structure, the garbled title's included
    assert any("《一般公共预算基本支出情况表》" in w for w in notes)


def test_all_titles_stripped_every_table_still_found():
    doc = doc_of(*_budget_pages({k: "" for k in range(1, 7)}))
    got = _std_pages(doc)
    # 支出总表 by its 上缴上级支出 column, which leaves 一般公共预算 to the other table of the same columns
    assert got == ALL_SIX


def test_a_table_already_present_is_not_taken_twice():
    # a second 基本支出-shaped table without a title stays unnamed when the titled one is there
    pages = _budget_pages({})
    pages.append([L("单位：万元", 7), G(BASIC, 7)])
    got = _std_pages(doc_of(*pages))
    assert got[S.B_GPB_BASIC] == [[5]]
    assert got[None] == [[7]]


def test_ambiguous_structure_stays_unnamed():
    # no 支出总表 named, two tables of the same 合计 / 基本 / 项目 columns: which is which is unknown
    doc = doc_of(
        [L("2026年部门收支总体情况表", 1), G(OVERVIEW, 1)],
        [L("单位：万元", 2), G(GPB, 2)],
    )
    assert _std_pages(doc) == {S.B_OVERVIEW: [[1]], None: [[2]]}


# --------------------------------------------------------------------------- boundaries


def test_header_band_and_repeat():
    band = header_band(GPB)
    assert band == frozenset({"科目编码", "科目名称", "合计", "基本支出", "项目支出"})
    assert header_band([["201", "一般公共服务支出", "800.00"]]) is None  # data first: no band
    assert header_band([["…案补充经费", "", ""], ["20101", "人大事务", "1.00"]]) is None  # a wrapped name
    assert same_header(band, band)
    other = header_band(BASIC)
    assert other is not None and not same_header(band, other)
    # the fund named over the same columns is another table
    fund = header_band([["政府性基金预算支出", "", "", "", ""], *GPB])
    assert fund is not None and not same_header(band | {"一般公共预算支出"}, fund)


def test_untitled_grid_with_another_header_starts_a_new_table():
    doc = doc_of(
        [L("2026年一般公共预算支出情况表", 1), G(GPB, 1)],
        [G(BASIC, 2)],  # no title: its header is not the 一般公共预算 table's
    )
    got = _std_pages(doc)
    assert got[S.B_GPB] == [[1]]
    assert got[S.B_GPB_BASIC] == [[2]]


def test_repeated_header_continues_and_another_total_starts_a_table():
    body2 = [["208", "社会保障和就业支出", "100.00", "100.00", ""]]
    doc = doc_of(
        [L("2026年一般公共预算支出情况表", 1), G(GPB, 1)],
        [G([GPB[0], *body2], 2)],  # the header repeated, no total: continuation
    )
    assert _std_pages(doc)[S.B_GPB] == [[1, 2]]
    assert len(doc.tables) == 1
    other = [GPB[0], ["", "合计", "50.00", "50.00", ""], ["229", "其他支出", "50.00", "50.00", ""]]
    doc = doc_of(
        [L("2026年一般公共预算支出情况表", 1), G(GPB, 1)],
        [G(other, 2)],  # the same header over another table's total
    )
    assert [t.pages for t in doc.tables] == [[1], [2]]
    # the same header over the other classification: another table
    econ = [
        GPB[0],
        ["301", "工资福利支出", "5.00", "5.00", ""],
        ["302", "商品和服务支出", "1.00", "1.00", ""],
    ]
    doc = doc_of([L("2026年一般公共预算支出情况表", 1), G(GPB, 1)], [G(econ, 2)])
    assert [t.pages for t in doc.tables] == [[1], [2]]


def test_another_printed_number_starts_a_table():
    doc = doc_of(
        [L("表4", 1), L("2026年一般公共预算支出情况表", 1), G(GPB, 1)],
        [L("表5", 2), G(GPB[:1] + GPB[2:], 2)],  # title lost, number kept
    )
    assert [t.pages for t in doc.tables] == [[1], [2]]


def test_a_title_naming_another_table_is_not_overruled_by_structure():
    # 人员经费 | 公用经费 by economic code under "…一般公共预算财政拨款决算表（二）": the title names its
    # table and does not say 基本支出, so the columns alone do not make it the 基本支出 table
    pages = _budget_pages({5: "2026年一般公共预算财政拨款预算表（二）"})
    got = _std_pages(doc_of(*pages))
    assert S.B_GPB_BASIC not in got and got[None] == [[5]]
    # words that name nothing ("附表五") leave the structure to decide
    assert _std_pages(doc_of(*_budget_pages({5: "附表五 部门公开表"})))[S.B_GPB_BASIC] == [[5]]
