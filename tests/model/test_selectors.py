"""Table selectors (gouji.model.rules.selectors), text helpers (wording) and rule discovery."""

from __future__ import annotations

import pkgutil
from decimal import Decimal
from pathlib import Path

from rulefixtures import doc, table, two_sided

import gouji.model.rules as rules_pkg
from gouji.model.document import Row, StdTable, Table
from gouji.model.findings import cell_location
from gouji.model.rules import all_rules
from gouji.model.rules.selectors import (
    class_rows,
    code_children,
    code_level,
    column_by_label,
    family,
    grand_total_row,
    group_contexts,
    personnel_rows,
    side_rows,
    tables,
    three_public_cells,
    total_row,
    unique_row,
    value_column,
    year_total_row,
)
from gouji.model.rules.wording import clean_name, fmt, strip_ordinal
from gouji.model.text import norm


def _children_reference(t: Table, parent: Row, side: str | None = None) -> list[Row]:
    """Rows one level below ``parent`` that follow it until the branch ends, one parent at a time."""
    lvl = code_level(parent)
    if lvl is None or not parent.code:
        return []
    out: list[Row] = []
    started = False
    for r in t.rows:
        if r.index == parent.index:
            started = True
            continue
        if not started or (side is not None and r.side != side) or r.kind == "note":
            continue
        if not r.code:
            if (r.kind in ("total", "subtotal") or norm(r.name)) and any(
                c.value is not None for c in r.cells
            ):
                break
            continue
        rl = code_level(r)
        if rl is None:
            continue
        if rl <= lvl or not r.code.startswith(parent.code):
            break
        if rl == lvl + 1:
            out.append(r)
    return out


PROJECTS = table(
    StdTable.B_GPB_PROJECT,
    "一般公共预算项目支出情况表",
    ["合计"],
    [
        ("", "合计", "60.00"),
        ("", "某某局本级", "40.00"),
        ("201", "一般公共服务支出", "40.00"),
        ("20101", "人大事务", "30.00"),
        ("2010101", "行政运行", "10.00"),
        ("2010102", "一般行政管理事务", "20.00"),
        ("2010301", "项目直属类下", "5.00"),
        ("20103", "政府办公厅", "10.00"),
        ("", "续行", ""),
        ("2010301", "行政运行", "10.00"),
        ("", "注：本表为示例", ""),
        ("", "某某中心", "20.00"),
        ("201", "一般公共服务支出", "20.00"),
        ("20101", "人大事务", "20.00"),
        ("2010101", "行政运行", "20.00"),
        ("208", "社会保障和就业支出", "0.00"),
    ],
)


def test_code_children_is_the_branch_below_each_code():
    kids = code_children(PROJECTS)
    for r in PROJECTS.rows:
        assert kids.get(r.index, []) == _children_reference(PROJECTS, r), r.name
    by_name = {r.index: r for r in PROJECTS.rows}
    first_201 = PROJECTS.rows[2]
    assert [by_name[k.index].code for k in kids[first_201.index]] == ["20101", "20103"]
    # the unit row of 某某中心 (with an amount) ends the first unit's branches
    assert [k.code for k in kids[PROJECTS.rows[7].index]] == ["2010301"]


def test_code_children_by_side():
    t = two_sided(
        StdTable.B_OVERVIEW,
        "收支总体情况表",
        ["预算数"],
        [("一、一般公共预算拨款收入", "30.00"), ("收入总计", "30.00")],
        ["预算数"],
        [("201", "一般公共服务支出", "30.00"), ("20101", "人大事务", "30.00"), ("", "支出总计", "30.00")],
    )
    kids = code_children(t, "支出")
    cls = class_rows(t, "支出")[0]
    assert [k.code for k in kids[cls.index]] == ["20101"]
    assert kids[cls.index] == _children_reference(t, cls, "支出")


def test_group_contexts_name_the_unit_above():
    groups = group_contexts(PROJECTS)
    rows = PROJECTS.rows
    assert groups[rows[0].index] == ""
    assert groups[rows[3].index] == "某某局本级"
    assert groups[rows[13].index] == "某某中心"


def test_total_row_names_and_fallbacks():
    t = table(
        StdTable.F_GPB_BASIC,
        "一般公共预算财政拨款基本支出决算表",
        ["决算数"],
        [("301", "工资福利支出", "8.00"), ("", "人员经费合计", "8.00"), ("", "公用经费合计", "2.00")],
    )
    assert total_row(t) is None
    assert total_row(t, fallback="kind").name == "人员经费合计"
    assert personnel_rows(t) == (t.rows[1], t.rows[2])
    closing = table(StdTable.B_EXPENSE, "支出总体情况表", ["合计"], [("201", "一般公共服务支出", "1.00")])
    blank = closing.model_copy(
        update={"rows": [*closing.rows, Row(index=1, name="", cells=closing.rows[0].cells)]}
    )
    assert total_row(blank) is None
    assert total_row(blank, fallback="blank_tail") is blank.rows[1]
    named = table(
        StdTable.B_EXPENSE,
        "支出总体情况表",
        ["合计"],
        [("", "一、本年支出合计", "1.00"), ("", "合计", "1.00")],
    )
    assert total_row(named).name == "合计"
    assert total_row(named, ("本年支出合计", "合计"), key=strip_ordinal).name == "一、本年支出合计"


def test_side_totals():
    t = two_sided(
        StdTable.F_OVERVIEW,
        "收入支出决算总表",
        ["决算数"],
        [
            ("一、财政拨款收入", "30.00"),
            ("本年收入合计", "30.00"),
            ("年初结转和结余", "5.00"),
            ("收入总计", "35.00"),
        ],
        ["决算数"],
        [("", "本年支出合计", "30.00"), ("", "年末结转和结余", "5.00"), ("", "支出总计", "35.00")],
    )
    inc = side_rows(t, "收入")
    assert year_total_row(inc).name == "本年收入合计"
    assert grand_total_row(inc).name == "收入总计"
    assert unique_row(side_rows(t, "支出"), ("总计", "支出总计")).name == "支出总计"


def test_columns_by_label():
    t = table(
        StdTable.B_GPB,
        "一般公共预算支出情况表",
        ["合计", "基本支出/小计", "基本支出/人员经费", "项目支出"],
        [("", "合计", "3.00", "2.00", "2.00", "1.00")],
    )
    assert column_by_label(t, ("合计",), ("小计",)).label == "合计"
    assert column_by_label(t, ("基本支出",), ("基本支出", "小计")).label == "基本支出/小计"
    assert column_by_label(t, ("小计",), exclude=("基本支出",)) is None
    assert value_column(t, "actual").label == "合计"


def test_tables_by_kind_and_family():
    gpb = table(StdTable.B_GPB, "一般公共预算支出情况表", ["合计"], [("", "合计", "1.00")])
    empty = table(StdTable.F_GPB, "一般公共预算财政拨款支出决算表", ["合计"], [])
    d = doc(gpb, empty)
    assert [t.std for t in family(d, "gpb")] == [StdTable.B_GPB]
    assert tables(d, [StdTable.F_GPB]) == []


def test_three_public_cells_by_row_and_by_column():
    by_rows = table(
        StdTable.B_THREE_PUBLIC,
        "财政拨款“三公”经费支出情况表",
        ["金额"],
        [("", "合计", "3.00"), ("", "因公出国（境）费", "1.00"), ("", "公务接待费", "2.00")],
    )
    d = doc(by_rows)
    (t, r, c), *_ = three_public_cells(d, "公务接待费", "actual")
    assert r.name == "公务接待费" and c is not None and c.label == "金额"
    by_cols = table(
        StdTable.B_THREE_PUBLIC,
        "财政拨款“三公”经费支出情况表",
        ["“三公”经费合计", "因公出国（境）费", "公务接待费"],
        [("", "", "3.00", "1.00", "2.00")],
    )
    (t, r, c), *_ = three_public_cells(doc(by_cols), "因公出国（境）费", "actual")
    assert c is not None and c.label == "因公出国（境）费"
    assert three_public_cells(d, "会议费", "actual") == []


def test_fmt_rounds_unless_exact():
    assert fmt(Decimal("17439.6149")) == "17,439.61"
    assert fmt(Decimal("17439.6149"), exact=True) == "17,439.6149"
    assert fmt(Decimal("5"), exact=True) == "5.00"
    assert fmt(Decimal("0.125"), places=1) == "0.1"
    assert fmt(None) == "—"


def test_clean_name():
    assert clean_name("（一）社会保障和就业支出（类）") == "社会保障和就业支出"
    assert clean_name("其中：人员经费") == "人员经费"


def test_cell_location_points_at_the_cell():
    t = table(StdTable.B_GPB, "一般公共预算支出情况表", ["合计"], [("201", "一般公共服务支出", "1.00")])
    loc = cell_location(t, t.rows[0], 2)
    assert (loc.table, loc.row, loc.row_code, loc.column, loc.column_label) == (t.id, 0, "201", 2, "合计")


def test_every_rule_module_is_discovered():
    """A module dropped into model/rules/ registers its rules with no other edit."""
    folder = Path(rules_pkg.__file__).parent
    modules = {m.name for m in pkgutil.iter_modules([str(folder)])} - {"catalogue"}
    assert set(rules_pkg.MODULES) == modules
    families = {r.func.__module__.rsplit(".", 1)[-1] for r in all_rules()}
    assert {
        "arithmetic",
        "arithmetic_columns",
        "arithmetic_two_sided",
        "completeness",
        "narrative",
    } <= families
