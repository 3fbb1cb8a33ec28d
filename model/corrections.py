"""Cell values corrected by hand: what a reviewer typed over a cell the reader got wrong.

A :class:`Correction` names its cell by table id, row and column (index, with the row's
code / name and the column's label to find it again when the indexes moved), and keeps
the text as read and the text the reviewer typed.  Corrections live in the review file
(``ReviewState.corrections``, :mod:`gouji.model.review`); the pipeline applies them to the
document before the rules run (:func:`apply_corrections`), so the workbench, ``gouji check``
and the batch all check the corrected values.  A corrected cell keeps the text as read in
``Cell.corrected_from``.  A correction whose cell cannot be found is reported, and stays in
the review file.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, PrivateAttr

from gouji.model.document import Cell, Column, Document, PerfIndicator, PerfTable, Row, Table
from gouji.model.numbers import parse_amount, strict_number
from gouji.model.text import norm


class Correction(BaseModel):
    """One cell value corrected by a reviewer."""

    model_config = ConfigDict(validate_assignment=True, extra="forbid")

    table: str  # Table.id
    table_title: str = ""
    row: int  # Row.index
    row_code: str | None = None
    row_name: str = ""
    column: int  # Column.index
    column_label: str = ""
    original: str  # the text as read
    corrected: str  # the text the reviewer typed
    reviewer: str = ""
    time: datetime | None = None
    #: the reader gave the row no cell in this column: the correction added one
    added: bool = False
    #: the cell as it was before this correction was applied (in memory, for undo)
    _before: Cell | None = PrivateAttr(default=None)
    #: the performance table's copies of the cell (fields, 资金 rows, indicators) as they were
    _twins: list[tuple[Cell, Cell]] = PrivateAttr(default_factory=list)
    _indicators: list[tuple[PerfIndicator, Decimal | None, Decimal | None]] = PrivateAttr(
        default_factory=list
    )

    def key(self) -> tuple[str, int, int]:
        return self.table, self.row, self.column

    def place(self) -> str:
        """Where, in words: "表名 第 n 行「科目」/「列」"."""
        row = " ".join(x for x in (self.row_code, self.row_name) if x) or f"第 {self.row + 1} 行"
        col = self.column_label.replace("/", " / ") or f"第 {self.column + 1} 列"
        return f"{self.table_title or self.table}「{row}」「{col}」"


def correction_for(table: Table, row: Row, column: Column, text: str, reviewer: str = "") -> Correction:
    """A correction of the cell of ``row`` in ``column`` to ``text`` (the text as read is taken from the cell)."""
    cell = row.cell(column.index)
    original = cell.text if cell is not None else ""
    if cell is not None and cell.corrected_from is not None:
        original = cell.corrected_from
    return Correction(
        table=table.id,
        table_title=table.title,
        row=row.index,
        row_code=row.code,
        row_name=row.name,
        column=column.index,
        column_label=column.label,
        original=original,
        corrected=text,
        reviewer=reviewer,
        time=datetime.now().astimezone(),
        added=cell is None,
    )


def valid_text(column: Column, text: str) -> bool:
    """Whether ``text`` may be typed into a cell of ``column``: an amount column takes amounts and blanks only."""
    return column.role != "amount" or parse_amount(text) is not None


def _row_of(t: Table, c: Correction) -> Row | None:
    def same(r: Row) -> bool:
        return (r.code or None) == (c.row_code or None) and norm(r.name) == norm(c.row_name)

    at = next((r for r in t.rows if r.index == c.row), None)
    if at is not None and same(at):
        return at
    matches = [r for r in t.rows if same(r)]
    return matches[0] if len(matches) == 1 else None


def _column_of(t: Table, c: Correction) -> Column | None:
    at = next((col for col in t.columns if col.index == c.column), None)
    if at is not None and norm(at.label) == norm(c.column_label):
        return at
    matches = [col for col in t.columns if norm(col.label) == norm(c.column_label)]
    return matches[0] if len(matches) == 1 else None


def locate(doc: Document, c: Correction) -> tuple[Table, Row, Column] | None:
    """The table, row and column a correction names (by index, else by code / name and label), or None."""
    candidates = [t for t in doc.tables if t.id == c.table]
    candidates += [t for t in doc.tables if t.id != c.table and c.table_title and t.title == c.table_title]
    for t in candidates:
        row, col = _row_of(t, c), _column_of(t, c)
        if row is not None and col is not None:
            return t, row, col
    return None


def _set_text(cell: Cell, column: Column, text: str) -> None:
    cell.text = text
    parsed = parse_amount(text) if column.role == "amount" else None
    cell.value = parsed.value if parsed is not None else None
    cell.blank = parsed.blank if parsed is not None else False


def apply_correction(doc: Document, c: Correction) -> Cell | None:
    """Put the corrected text (and its value) into the cell ``c`` names; the cell, or None when not found."""
    found = locate(doc, c)
    return None if found is None else _apply_at(c, *found)


def _apply_at(c: Correction, t: Table, row: Row, col: Column) -> Cell:
    """:func:`apply_correction` at the place :func:`locate` found."""
    c.table, c.row, c.column = t.id, row.index, col.index  # the places it was found at now
    cell = row.cell(col.index)
    if cell is None:
        cell = Cell(col=col.index, page=row.page)
        row.cells.append(cell)
        c._before = None
    else:
        c._before = cell.model_copy()
    if cell.corrected_from is None:
        cell.corrected_from = cell.text
    _set_text(cell, col, c.corrected)
    c._twins, c._indicators = _follow_in_perf(t, cell)
    return cell


def _perf_cells(p: PerfTable) -> list[tuple[Cell, PerfIndicator | None]]:
    """Every cell of a performance table's structure, with its indicator (None: a field, a 资金 row)."""
    out: list[tuple[Cell, PerfIndicator | None]] = [(c, None) for c in p.fields.values()]
    out += [(c, None) for fund in p.funds for c in fund.values()]
    out += [(c, ind) for ind in p.indicators for c in ind.cells]
    if p.total_score is not None:
        out.append((p.total_score, None))
    return out


def _follow_in_perf(
    t: Table, cell: Cell
) -> tuple[list[tuple[Cell, Cell]], list[tuple[PerfIndicator, Decimal | None, Decimal | None]]]:
    """Give the performance table's own copies of ``cell`` (read from the same place of the page:
    its fields, 资金 rows and indicators, which the performance rules read) the cell's text and
    number.  Returns the copies as they were, and the indicators with their 分值 and 得分 before."""
    if t.perf is None or cell.bbox is None:
        return [], []
    twins: list[tuple[Cell, Cell]] = []
    indicators: list[tuple[PerfIndicator, Decimal | None, Decimal | None]] = []
    for twin, ind in _perf_cells(t.perf):
        if (
            twin is cell or twin.page != cell.page or twin.bbox != cell.bbox
        ):  # (the reader gives both one box)
            continue
        twins.append((twin, twin.model_copy()))
        numeric = twin.value is not None or twin.blank  # a number cell (or an empty one) stays one
        twin.text, twin.corrected_from = cell.text, cell.corrected_from
        twin.blank = cell.blank or not cell.text.strip()
        twin.value = strict_number(cell.text) if numeric and not twin.blank else None
        if ind is not None:
            indicators.append((ind, ind.weight, ind.score))
            at = ind.cells.index(twin)
            if at == ind.weight_at:
                ind.weight = twin.value
            if at == ind.score_at:
                ind.score = twin.value
    return twins, indicators


def undo_correction(doc: Document, c: Correction) -> bool:
    """Put back the cell as read before ``c`` was applied; False when its cell is not in ``doc``."""
    found = locate(doc, c)
    if found is None:
        return False
    t, row, col = found
    cell = row.cell(col.index)
    if cell is None:
        return False
    before = c._before
    if before is None and c.added:
        row.cells.remove(cell)
        return True
    if before is not None:
        _restore(cell, before)
        for twin, was in c._twins:
            _restore(twin, was)
        for ind, weight, score in c._indicators:
            ind.weight, ind.score = weight, score
    else:  # applied by another run (the pipeline): read the original text again
        _set_text(cell, col, c.original)
        cell.corrected_from = None
        _follow_in_perf(t, cell)
    c._before, c._twins, c._indicators = None, [], []
    return True


def _restore(cell: Cell, before: Cell) -> None:
    for name in ("text", "value", "blank", "corrected_from"):
        setattr(cell, name, getattr(before, name))


def apply_corrections(doc: Document, corrections: list[Correction]) -> list[str]:
    """Apply every correction to ``doc`` (in place); Chinese notes on those that could not be applied.

    A correction whose cell no longer exists is named in the notes and kept (it stays in
    the review file); one whose cell now reads differently from what was corrected is
    applied and noted.
    """
    notes: list[str] = []
    for c in corrections:
        found = locate(doc, c)
        if found is None:
            notes.append(
                f"手工更正未能应用：{c.place()} 在本文件中已找不到（原为“{c.original}”，更正为“{c.corrected}”），"
                "更正记录保留在审核记录中。"
            )
            continue
        t, row, col = found
        now = row.cell(col.index)
        now_text = now.text if now is not None else ""
        if norm(now_text) not in (norm(c.original), norm(c.corrected)):
            notes.append(
                f"手工更正 {c.place()}：该单元格现读作“{now_text}”（更正时为“{c.original}”），已按更正值“{c.corrected}”核对。"
            )
        _apply_at(c, t, row, col)
    return notes


def _newer(a: Correction, than: Correction) -> bool:
    if a.time is None:
        return False
    if than.time is None:
        return True
    return _naive(a.time) > _naive(than.time)


def _naive(t: datetime) -> datetime:
    return t.astimezone().replace(tzinfo=None) if t.tzinfo is not None else t


def merge_corrections(current: list[Correction], incoming: list[Correction]) -> int:
    """Take into ``current`` the incoming corrections of cells it has none for, or newer ones; how many were taken."""
    at = {c.key(): i for i, c in enumerate(current)}
    taken = 0
    for c in incoming:
        i = at.get(c.key())
        if i is None:
            at[c.key()] = len(current)
            current.append(c.model_copy())
        elif _newer(c, current[i]) and current[i].corrected != c.corrected:
            current[i] = c.model_copy()
        else:
            continue
        taken += 1
    return taken
