"""Real rows of zoo (and corpus) documents with their amounts as printed (checked by hand with pdftotext).

The Xi'an 部门综合预算 layout (z30–z32) prints a 序号 column first and a 单位编码 column in its
收入 / 支出 tables: the row numbers must not be read as amounts ("收入总计 37" instead of
74,868.34) and the unit code 222 must not be read as function class 222.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import parsed

from gouji.model.document import Document, Row, Table

pytestmark = pytest.mark.slow


def _table(doc: Document, *words: str) -> Table:
    return next(t for t in doc.tables if all(w in t.title for w in words))


def _row(t: Table, name: str, side: str | None = None) -> Row:
    return next(r for r in t.rows if r.name == name and (side is None or r.side == side))


def _amount(t: Table, r: Row, label: str) -> Decimal | None:
    col = next(c for c in t.amount_columns(r.side) if c.label == label)
    return r.amount(col.index)


def test_z31_overview_total_is_the_amount_not_the_row_number() -> None:
    """z31 p29: "37 收入总计 74868.34 支出总计 74868.34 …"."""
    t = _table(parsed("zoo/z31_xian.pdf"), "收支总表")
    assert t.columns[0].label == "序号" and t.columns[0].role == "text"
    total = _row(t, "收入总计", "收入")
    assert _amount(t, total, "收入/预算数") == Decimal("74868.34")
    assert [c.label for c in t.amount_columns("收入")] == ["收入/预算数"]


def test_z31_unit_rows_carry_no_function_code() -> None:
    """z31 p31 表3: "2 222 西安市交通运输局 74868.34 74868.34 28921.00" (222 is the 单位编码)."""
    t = _table(parsed("zoo/z31_xian.pdf"), "支出总表")
    assert not any(r.code for r in t.rows)
    unit = next(r for r in t.rows if r.name == "西安市交通运输局")
    assert _amount(t, unit, "部门预算/合计") == Decimal("74868.34")
    assert _amount(t, unit, "部门预算/公共预算拨款/其中：专项资金列入部门预算的项目") == Decimal("28921.00")


def test_z32_overview_total_in_yuan() -> None:
    """z32 p37: "40 收入总计 581242867.20 支出总计 581242867.20 …"."""
    t = _table(parsed("zoo/z32_xian.pdf"), "收支总表")
    total = _row(t, "收入总计", "收入")
    assert _amount(t, total, "收入/预算数") == Decimal("581242867.20")


def test_z30_economic_basic_table_class_302() -> None:
    """z30 p28 表8: "302 商品和服务支出 6,605,481.30 2,258,676.00 4,346,805.30"; 合计 64,662,533.99."""
    t = _table(parsed("zoo/z30_xian.pdf"), "基本支出明细表", "经济分类")
    r = next(r for r in t.rows if r.code == "302")
    assert r.level == 1 and r.name == "商品和服务支出"
    assert _amount(t, r, "合计") == Decimal("6605481.30")
    assert _amount(t, r, "人员经费支出") == Decimal("2258676.00")
    assert _amount(t, r, "公用经费支出") == Decimal("4346805.30")
    total = next(r for r in t.rows if r.kind == "total")
    assert _amount(t, total, "合计") == Decimal("64662533.99")


def test_economic_kuan_printed_without_its_leading_zero() -> None:
    """pairs/ptwl p29: "301 | 2 | 津贴补贴 16,623,810" and "301 | 7 | 绩效工资 11,447,100" are 30102 / 30107.

    Read as 3012 / 3017 they fell out of the hierarchy and 301 工资福利支出 88,282,511 looked
    28,070,910 short of its 款 (a false arith.hierarchy error).
    """
    t = _table(parsed("pairs/ptwl_street_2024_budget.pdf"), "基本支出部门预算经济分类预算表")
    kids = [r for r in t.rows if r.code and r.code.startswith("301") and r.level == 2]
    assert [r.code for r in kids] == [
        "30101", "30102", "30107", "30108", "30109", "30110", "30112", "30113", "30199",
    ]  # fmt: skip
    assert _row(t, "津贴补贴").amount(3) == Decimal("16623810")
    head = next(r for r in t.rows if r.code == "301")
    assert head.amount(3) == Decimal("88282511") == sum((r.amount(3) or Decimal(0) for r in kids), Decimal(0))
