"""Cells to columns, codes and rows on small built grids (issue 9: layouts never seen before).

- 序号 / 行次 columns (by header, also the doubled glyphs "序序号", or by content: 1, 2, 3 … down
  the column) are never amounts, and a numbered row is never glued to the row above;
- 单位编码 / 项目编码 columns (by header, or codes that are not 3/5/7 digits) are neither amounts
  nor 类/款/项 codes;
- codes printed in pieces ("301 2", "7 11 02", "208 05 01 行政运行") are read in full under their
  parent, or not at all.
"""

from __future__ import annotations

from decimal import Decimal

from test_assemble import G, L, doc_of

from gouji.io.assemble.table_codes import CodeContext, split_code_name
from gouji.io.assemble.table_columns import build_columns, is_ident_codes, is_ordinal_run
from gouji.model.document import Table


def _roles(header: list[list[str]], data: list[list[str]], two_sided: bool = False) -> list[str]:
    width = max(len(r) for r in header + data)
    return [c.role for c in build_columns(header, data, width, two_sided).columns]


def _built(title: str, rows: list[list[str]], ruled: bool = True) -> Table:
    """The table assembled from a title line, a 单位 line and one grid."""
    doc = doc_of([L(title), L("单位：万元"), G(rows, ruled=ruled)])
    return next(t for t in doc.tables if t.title == title)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- 序号 / 行次


def test_ordinal_header_is_not_an_amount() -> None:
    data = [["1", "合计", "100.00"], ["2", "一般公共服务支出", "100.00"], ["3", "行政运行", "100.00"]]
    assert _roles([["序号", "项目", "预算数"]], data) == ["text", "name", "amount"]
    assert _roles([["序序号", "项目", "预算数"]], data) == ["text", "name", "amount"]


def test_ordinal_by_content_without_header() -> None:
    data = [["1", "合计", "100.00"], ["2", "甲", "60.00"], ["3", "乙", "40.00"], ["4", "丙", ""]]
    assert _roles([["", "项目", "预算数"]], data)[0] == "text"
    assert is_ordinal_run(["1", "2", "3", "4", "1", "2"])  # numbering restarted on the next page


def test_integers_that_do_not_count_stay_amounts() -> None:
    assert not is_ordinal_run(["3000", "1200", "1800"])
    assert not is_ordinal_run(["5", "6", "7"])  # a count has to start at the top (1 or 2)
    assert not is_ordinal_run(["1", "2"])  # too short to tell
    data = [["合计", "3000"], ["甲", "1200"], ["乙", "1800"]]
    assert _roles([["项目", "预算数"]], data) == ["name", "amount"]


def test_two_sided_table_with_a_leading_ordinal_column() -> None:
    """收入 | 支出 split at the 支出 header even when a 序号 column comes first (Xi'an 收支总表)."""
    header = [["序号", "收入", "", "支出", ""], ["", "项目", "预算数", "项目", "预算数"]]
    data = [
        ["1", "一、财政拨款", "74868.34", "一、一般公共服务支出", "179.17"],
        ["2", "二、事业收入", "", "二、交通运输支出", "74689.17"],
        ["3", "收入总计", "74868.34", "支出总计", "74868.34"],
    ]
    plan = build_columns(header, data, 5, two_sided=True)
    assert [c.role for c in plan.columns] == ["text", "name", "amount", "name", "amount"]
    assert [c.side for c in plan.columns] == ["收入", "收入", "收入", "支出", "支出"]


def test_numbered_rows_without_amounts_are_rows_of_their_own() -> None:
    """Blank rows of a numbered list are not wrapped names of the row above (no amount, no code)."""
    rows = [
        ["序号", "项目", "预算数"],
        ["1", "一、部门预算", "74868.34"],
        ["2", "上级补助收入", ""],
        ["3", "事业收入", ""],
        ["4", "收入总计", "74868.34"],
    ]
    t = _built("部门综合预算收入总表", rows, ruled=False)
    assert [r.name for r in t.rows] == ["一、部门预算", "上级补助收入", "事业收入", "收入总计"]
    assert [c.role for c in t.columns] == ["text", "name", "amount"]
    total = t.rows[-1]
    assert total.kind == "total" and total.amount(2) == Decimal("74868.34")


# --------------------------------------------------------------------------- 单位编码 / 项目编码


def test_unit_code_column_is_not_a_function_class() -> None:
    """ "222 西安市交通运输局" in a 单位编码 column is a unit, not function class 222."""
    rows = [
        ["序号", "单位编码", "单位名称", "合计"],
        ["1", "", "合计", "74868.34"],
        ["2", "222", "西安市交通运输局", "74868.34"],
        ["3", "222001", "西安市交通运输局（本级）", "44572.50"],
        ["4", "222002", "西安市出租汽车管理处", "30295.84"],
    ]
    t = _built("部门综合预算支出总表", rows)
    assert [c.role for c in t.columns] == ["text", "text", "name", "amount"]
    assert all(r.code is None and r.level is None for r in t.rows)
    assert t.rows[1].name == "西安市交通运输局" and t.rows[1].amount(3) == Decimal("74868.34")


def test_ident_codes_by_content() -> None:
    assert is_ident_codes("代码", ["222", "222001", "222002", "222003"])
    assert is_ident_codes("项目编码", ["61010022T000001", "61010022T000002", "61010022T000003"])
    assert not is_ident_codes("科目编码", ["201", "20103", "2010301", "2010302"])
    assert not is_ident_codes("单位", ["222001", "222002", "222003"])  # not a code column at all


def test_function_code_column_stays_a_code_column() -> None:
    data = [
        ["201", "一般公共服务支出", "10.00"],
        ["20103", "政府办公厅", "10.00"],
        ["2010301", "行政运行", "10.00"],
    ]
    assert _roles([["功能科目编码", "功能科目名称", "合计"]], data) == ["code", "name", "amount"]


# --------------------------------------------------------------------------- codes in pieces


def test_code_printed_in_pieces() -> None:
    econ = CodeContext(economic=True)
    assert econ.from_single("301") == "301"
    assert econ.from_single("301 2") == "30102"  # 款 without its leading zero
    ctx = CodeContext()
    assert ctx.from_columns(["207", "", ""]) == "207"
    assert ctx.from_single("7 11 02") == "2071102"  # the 类 cut to its last digit, under 207
    assert ctx.from_columns(["208", "5", "1"]) == "2080501"
    assert ctx.from_columns(["", "", "2"]) == "2080502"


def test_code_in_pieces_without_a_parent_is_not_read() -> None:
    assert CodeContext().from_single("7 11 02") is None  # no class above ending in 7
    ctx = CodeContext()
    ctx.from_single("208")
    assert ctx.from_single("12 11 02") is None  # 208 does not end in 12
    assert CodeContext(economic=True).from_single("301 02 01") is None  # economic codes have two levels


def test_spaced_code_before_a_name() -> None:
    assert split_code_name("208 05 01 行政单位离退休") == ("208 05 01", "行政单位离退休")
    assert split_code_name("201 2019年项目") == (None, "201 2019年项目")  # a year, not a code
    rows = [
        ["科目", "合计"],
        ["208 社会保障和就业支出", "30.00"],
        ["208 05 行政事业单位养老支出", "30.00"],
        ["208 05 01 行政单位离退休", "10.00"],
        ["208 05 02 事业单位离退休", "20.00"],
    ]
    t = _built("一般公共预算支出情况表", rows)
    assert [(r.code, r.level, r.name) for r in t.rows] == [
        ("208", 1, "社会保障和就业支出"),
        ("20805", 2, "行政事业单位养老支出"),
        ("2080501", 3, "行政单位离退休"),
        ("2080502", 3, "事业单位离退休"),
    ]


def test_balance_column_named_after_an_indicator_is_an_amount() -> None:
    """ "指标结余" (the unspent part of a 指标) is money, although "指标" names text columns in 绩效 tables."""
    data = [["合计", "13237.00", "12679.21", "557.79"], ["甲项目", "6000.00", "5974.00", "26.00"]]
    assert _roles([["项目名称", "预算批复", "实际执行", "指标结余"]], data) == [
        "name",
        "amount",
        "amount",
        "amount",
    ]
    assert _roles([["一级指标", "指标值"]], [["产出指标", "≥95%"], ["效益指标", "明显"]]) == ["name", "text"]
