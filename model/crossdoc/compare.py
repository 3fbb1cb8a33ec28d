"""What the cross-document rules share: cells of two documents' tables keyed alike, amounts in
one money unit, locations that name their document, the gap of two values.

A table cell is keyed by (row key, column key): the row by its side and code, or by its
normalised name when it has no code (合计 / 总计 rows, the lines of a two-sided table); the
column by its header path without years, "本年" and the 部门 / 单位 wording, so that
"2025年部门收入预算总表 / 本年收入/预算数" and "2025年预算单位…/本年收入/预算数" meet.
A key that occurs twice in a table is ambiguous and never compared.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from gouji.model.document import Column, Document, Row, Sentence, StdTable, Table
from gouji.model.findings import Location, cell_location, sentence_location
from gouji.model.rules.textnum import convert

RowKey = tuple[str, str]
CellKey = tuple[RowKey, str]

_YEAR_RE = re.compile(r"(19|20)\d\d\s*年度?")
_WORDING_RE = re.compile(r"本年度?|预算单位|部门|单位|\s")
_ENUM_RE = re.compile(r"^([一二三四五六七八九十]+、|\d+[.、．]|[（(][一二三四五六七八九十\d]+[）)])")
_TOTAL_NAMES = ("合计", "总计")
_TOTAL_LEAF_RE = re.compile(
    r"/合计$"
)  # "支出/预算数/合计" is the column a shorter header calls "支出/预算数"


def column_key(c: Column) -> str:
    """A column's header path without years, 本年 and 部门 / 单位 wording."""
    label = unicodedata.normalize("NFKC", c.label or c.leaf)
    return _TOTAL_LEAF_RE.sub("", _WORDING_RE.sub("", _YEAR_RE.sub("", label)))


def row_key(r: Row) -> RowKey:
    side = r.side or ""
    if r.code:
        return side, r.code
    name = _ENUM_RE.sub("", re.sub(r"\s+", "", unicodedata.normalize("NFKC", r.name)))
    if r.kind == "total" and name in _TOTAL_NAMES:
        name = "合计"
    return side, "名称:" + name


def the_table(doc: Document, std: StdTable) -> Table | None:
    """The document's one table of ``std`` (None when missing, empty, or printed more than once)."""
    found = doc.tables_of(std)
    if len(found) != 1 or found[0].empty or found[0].unit is None:
        return None
    return found[0]


def keyed_cells(t: Table, columns: list[Column] | None = None) -> dict[CellKey, tuple[Row, Column]]:
    """Every amount cell of ``t`` (or of ``columns``) by key; ambiguous keys left out."""
    cols = columns if columns is not None else t.amount_columns()
    ckeys: dict[str, Column | None] = {}
    for c in cols:
        k = column_key(c)
        ckeys[k] = None if k in ckeys else c
    rkeys: dict[RowKey, Row | None] = {}
    for r in t.rows:
        if r.kind == "note":
            continue
        rk = row_key(r)
        rkeys[rk] = None if rk in rkeys else r
    out: dict[CellKey, tuple[Row, Column]] = {}
    for rk, row in rkeys.items():
        if row is None:
            continue
        for ck, col in ckeys.items():
            found = row.cell(col.index) if col is not None else None
            if col is not None and found is not None and found.value is not None:
                out[(rk, ck)] = (row, col)
    return out


def amount_in(t: Table, row: Row, col: Column, unit: str) -> Decimal:
    """The cell's amount converted to ``unit`` (元 / 万元)."""
    value = row.amount(col.index) or Decimal(0)
    return convert(value, t.unit or unit, unit)


def common_unit(*tables: Table) -> str:
    """The finer money unit of the tables (元 when any is in 元)."""
    return "元" if any(t.unit == "元" for t in tables) else "万元"


def quantum(unit: str, *tables: Table) -> Decimal:
    """One printed cent of the coarsest table, in ``unit``: the rounding step of a comparison."""
    coarse = "万元" if any(t.unit == "万元" for t in tables) else "元"
    return convert(Decimal("0.01"), coarse, unit)


def cell_loc(doc: Document, t: Table, row: Row, col: Column) -> Location:
    """A cell's location, naming its document."""
    return cell_location(t, row, col).model_copy(update={"document": doc.path})


def sent_loc(doc: Document, s: Sentence) -> Location:
    """A sentence's location, naming its document."""
    return sentence_location(s).model_copy(update={"document": doc.path})
