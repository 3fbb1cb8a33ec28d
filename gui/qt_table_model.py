"""Item models over a parsed table and over the sentences of a text section.

:class:`QtTableModel` wraps a :class:`gouji.model.document.Table` (it keeps a
reference, never a copy): row *i* is ``table.rows[i]``, column *j* is
``table.columns[j]``.  Besides the display text it answers the custom roles
``FindingRole`` (findings pointing at the cell or its row), ``SourceBBoxRole``
and ``SourcePageRole`` (where the cell is printed), and derives
``BackgroundRole`` from the findings' severities and the reviewer's statuses.
Cells OCR may have misread (:func:`gouji.model.rules.ocr.uncertainty`) have their own
background and say why in their tooltip; cells a reviewer corrected by hand are in
italics, their tooltip gives the text as read.  Amount and text cells are editable
(F2 / double-click): the model changes nothing itself, it emits :attr:`QtTableModel.cellEdited`
and whoever holds the review records the correction (``gui/qt_corrections.py``).

:class:`QtSentenceModel` does the same for the sentences of a section.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from gouji.gui._style import (
    ROW_TINT_ALPHA,
    SELECTED_SENTENCE,
    FindingRole,
    ObjectRole,
    SourceBBoxRole,
    SourcePageRole,
    active,
    item_flags,
    severity_color,
)
from gouji.gui.i18n import tr
from gouji.model.corrections import valid_text
from gouji.model.document import BBox, Cell, Column, Document, Row, Sentence, Table
from gouji.model.findings import Finding, worst
from gouji.model.index import FindingIndex
from gouji.model.review import Status
from gouji.model.rules.ocr import sentence_uncertainty, uncertainty

#: background of a cell OCR may have misread, and of one a reviewer corrected by hand
UNCERTAIN_COLOR = QColor(214, 196, 245)
CORRECTED_COLOR = QColor(198, 232, 205)
#: the columns whose cells a reviewer may correct
EDITABLE_ROLES = ("amount", "text")

StatusOf = Callable[[str], Status]
_Index = QModelIndex | QPersistentModelIndex


def _pending(_: str) -> Status:
    return Status.PENDING


def bbox_contains(b: BBox, x: float, y: float) -> bool:
    """Whether (x, y) (PDF points) lies in ``b``, edges included."""
    return b.x0 <= x <= b.x1 and b.top <= y <= b.bottom


class QtTableModel(QAbstractTableModel):
    """An adapter for one :class:`Table`; edits are announced (:attr:`cellEdited`), not applied.

    Parameters
    ----------
    table
        The wrapped table (not copied).
    index
        Findings by place; None shows no findings.
    status_of
        The reviewer's status of a finding id (dismissed findings do not colour).
    """

    #: the reviewer typed ``text`` into the cell of (Table, Row, Column)
    cellEdited = Signal(object, object, object, str)
    #: a typed text was refused (Chinese: why)
    editRefused = Signal(str)

    def __init__(
        self, table: Table, index: FindingIndex | None = None, status_of: StatusOf = _pending, parent=None
    ):
        super().__init__(parent)
        self._table = table
        self._index = index
        self._status_of = status_of
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._bold_italic = QFont(self._bold)
        self._bold_italic.setItalic(True)
        self._build_layout()

    # --- wrapped objects ----------------------------------------------------
    def _build_layout(self) -> None:
        """Row positions per side for two-sided tables (an index into ``table.rows``, not a copy)."""
        t = self._table
        sides = [c.side for c in t.columns if c.side]
        self._sides: dict[str, list[int]] | None = None
        if t.two_sided and sides and all(r.side in sides for r in t.rows):
            self._sides = {side: [] for side in dict.fromkeys(sides)}
            for pos, r in enumerate(t.rows):
                self._sides[r.side].append(pos)  # type: ignore[index]

    def table(self) -> Table:
        return self._table

    def is_side_by_side(self) -> bool:
        return self._sides is not None

    def row_for(self, index: _Index) -> Row | None:
        """The table row shown at ``index`` (None in the blank tail of the shorter side)."""
        if not index.isValid():
            return None
        return self._row(index.row(), self._table.columns[index.column()])

    def _row(self, r: int, col: Column) -> Row | None:
        if self._sides is None:
            return self._table.rows[r]
        positions = self._sides.get(col.side or "", [])
        return self._table.rows[positions[r]] if r < len(positions) else None

    def column_at(self, c: int) -> Column:
        return self._table.columns[c]

    def cell(self, index: _Index) -> Cell | None:
        row = self.row_for(index)
        return None if row is None else row.cell(self._table.columns[index.column()].index)

    def index_of(self, row_index: int, col_index: int | None) -> QModelIndex:
        """The model index of ``Row.index`` / ``Column.index`` (the row's name cell when None)."""
        pos = next((i for i, row in enumerate(self._table.rows) if row.index == row_index), None)
        if pos is None:
            return QModelIndex()
        row = self._table.rows[pos]
        cols = self._table.columns
        if col_index is None:
            c = next(
                (
                    i
                    for i, col in enumerate(cols)
                    if col.role == "name" and (self._sides is None or col.side == row.side)
                ),
                0,
            )
        else:
            c = next((i for i, col in enumerate(cols) if col.index == col_index), None)
            if c is None:
                return QModelIndex()
        if self._sides is None:
            return self.index(pos, c)
        if cols[c].side != row.side:  # a column of the other side: use this side's name cell
            c = next((i for i, col in enumerate(cols) if col.side == row.side), c)
        return self.index(self._sides[row.side].index(pos), c)  # type: ignore[index]

    def index_at(self, page: int, x: float, y: float) -> QModelIndex:
        """The cell printed at (x, y) on ``page`` (PDF points), else the row there, else invalid."""
        row_hit = QModelIndex()
        for r in range(self.rowCount()):
            for c, col in enumerate(self._table.columns):
                row = self._row(r, col)
                if row is None:
                    continue
                bbox, pg = self._place(row, col)
                if bbox is not None and pg == page and bbox_contains(bbox, x, y):
                    return self.index(r, c)
                if (
                    not row_hit.isValid()
                    and row.bbox is not None
                    and row.page == page
                    and bbox_contains(row.bbox, x, y)
                ):
                    row_hit = self.index(r, c)
        return row_hit

    def findings_at(self, index: _Index) -> list[Finding]:
        row = self.row_for(index)
        if self._index is None or row is None:
            return []
        col = self._table.columns[index.column()]
        return self._index.cell(self._table.id, row.index, col.index) + self._index.row(
            self._table.id, row.index
        )

    def _repaint(self, roles: list[int]) -> None:
        """Announce that every cell changed in ``roles`` (all roles when empty)."""
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1), roles
            )

    def refresh_findings(self) -> None:
        """Repaint after a finding's status changed or a finding was added."""
        self._repaint([Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole, FindingRole])

    def set_index(self, index: FindingIndex | None) -> None:
        """Show the findings of ``index`` (the rules ran again, e.g. after a correction) and repaint every cell."""
        self._index = index
        self._repaint([])

    def _cell_notes(self, row: Row, col: Column) -> list[str]:
        """Tooltip lines of the cell itself: uncertain reading, hand correction."""
        cell = row.cell(col.index)
        out = []
        why = uncertainty(cell, col)
        if why is not None:
            out.append(tr("识别不确定（{why}）", why=why))
        if cell is not None and cell.corrected_from is not None:
            out.append(tr("已手工更正：原读作“{value}”（撤销：Ctrl+Z）", value=cell.corrected_from))
        return out

    def _background(self, row: Row, col: Column) -> QColor | None:
        cell = row.cell(col.index)
        if uncertainty(cell, col) is not None:
            return UNCERTAIN_COLOR
        color = None
        if self._index is not None:
            cell_f = active(self._index.cell(self._table.id, row.index, col.index), self._status_of)
            color = severity_color(worst(cell_f))
        if color is None and cell is not None and cell.corrected_from is not None:
            return CORRECTED_COLOR
        if color is None and self._index is not None:
            row_f = active(self._index.row(self._table.id, row.index), self._status_of)
            color = severity_color(worst(row_f), ROW_TINT_ALPHA)
        return color

    # --- helpers ------------------------------------------------------------
    def _text(self, row: Row, col: Column) -> str:
        cell = row.cell(col.index)
        if col.role == "name":
            if cell is not None and cell.text:
                return cell.text
            if not (col.side is None or row.side is None or col.side == row.side):
                return ""
            if row.code and not any(c.role == "code" and c.side == col.side for c in self._table.columns):
                return f"{row.code} {row.name}"  # printed as "201 一般公共服务支出" with no code column
            return row.name
        if cell is not None:
            return cell.text
        if col.role == "code" and row.code and (col.side is None or col.side == row.side):
            first_code = next(c for c in self._table.columns if c.role == "code" and c.side == col.side)
            return row.code if first_code is col else ""
        return ""

    def _place(self, row: Row, col: Column) -> tuple[BBox | None, int | None]:
        cell = row.cell(col.index)
        if cell is not None and cell.bbox is not None:
            return cell.bbox, cell.page or row.page
        if col.role == "name" and row.name_bbox is not None:
            return row.name_bbox, row.page
        return None, None

    # ### Reimplemented Public Qt Functions ###
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if parent.isValid():
            return 0
        if self._sides is not None:
            return max((len(v) for v in self._sides.values()), default=0)
        return len(self._table.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._table.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        col = self._table.columns[index.column()]
        row = self._row(index.row(), col)
        if row is None:  # the blank tail of the shorter side
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col.role == "amount":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole:
            cell = row.cell(col.index)
            total = row.kind in ("total", "subtotal")
            if cell is not None and cell.corrected_from is not None:
                return self._bold_italic if total else self._italic
            return self._bold if total else None
        if role == Qt.ItemDataRole.BackgroundRole:
            color = self._background(row, col)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            notes = self._cell_notes(row, col)
            fs = self.findings_at(index)
            if not fs and not notes:
                return col.label or None
            return "\n".join([*notes, *(f"• {f.message}" for f in fs)])
        if role == FindingRole:
            return self.findings_at(index)
        if role == SourceBBoxRole:
            bbox, _ = self._place(row, col)
            return bbox or row.bbox
        if role == SourcePageRole:
            _, page = self._place(row, col)
            return page or row.page
        if role == ObjectRole:
            return row.cell(col.index) or row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._table.columns):
                return None
            col = self._table.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return (col.leaf or col.label.rsplit("/", 1)[-1]) or str(col.index + 1)
            if role == Qt.ItemDataRole.ToolTipRole:
                return col.label.replace("/", " / ")
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.rowCount():
            return str(section + 1)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = item_flags(index)
        if index.isValid() and self.row_for(index) is not None:
            col = self._table.columns[index.column()]
            if col.role in EDITABLE_ROLES:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Announce a reviewer's correction of the cell at ``index`` (:attr:`cellEdited`); the table is not changed here."""
        row = self.row_for(index)
        if role != Qt.ItemDataRole.EditRole or row is None:
            return False
        col = self._table.columns[index.column()]
        text = str(value if value is not None else "").strip()
        if text == self._text(row, col).strip():
            return False
        if not valid_text(col, text):
            self.editRefused.emit(tr("“{value}”不是金额：金额列只能填写数字（或留空、“-”）。", value=text))
            return False
        self.cellEdited.emit(self._table, row, col, text)
        return True


class QtSentenceModel(QAbstractListModel):
    """The sentences of a section (and its sub-sections), as a list.

    Holds references to the document's :class:`Sentence` objects (a filtered
    view, not a copy).  ``BackgroundRole`` marks sentences with findings.
    """

    def __init__(
        self,
        doc: Document,
        section_ids: list[str],
        index: FindingIndex | None = None,
        status_of: StatusOf = _pending,
        parent=None,
    ):
        super().__init__(parent)
        wanted = set(section_ids)
        self._sentences: list[Sentence] = [s for s in doc.sentences if s.section_id in wanted]
        self._index = index
        self._status_of = status_of

    def sentence(self, r: int) -> Sentence:
        return self._sentences[r]

    def index_of(self, sentence_index: int) -> QModelIndex:
        for r, s in enumerate(self._sentences):
            if s.index == sentence_index:
                return self.index(r, 0)
        return QModelIndex()

    def index_at(self, page: int, x: float, y: float) -> QModelIndex:
        for r, s in enumerate(self._sentences):
            if s.page == page and s.bbox is not None and bbox_contains(s.bbox, x, y):
                return self.index(r, 0)
        return QModelIndex()

    def refresh_findings(self) -> None:
        if self._sentences:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._sentences) - 1, 0),
                [Qt.ItemDataRole.BackgroundRole, FindingRole, Qt.ItemDataRole.ToolTipRole],
            )

    # ### Reimplemented Public Qt Functions ###
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._sentences)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self._sentences[index.row()]
        findings = self._index.sentence(s.index) if self._index is not None else []
        if role == Qt.ItemDataRole.DisplayRole:
            return s.text
        if role == Qt.ItemDataRole.BackgroundRole:
            if sentence_uncertainty(s) is not None:  # as for a cell: what was read comes first
                return QBrush(UNCERTAIN_COLOR)
            color = severity_color(worst(active(findings, self._status_of)))
            if color is None and findings:
                color = SELECTED_SENTENCE
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            why = sentence_uncertainty(s)
            notes = [tr("识别不确定（{why}），请对照原页核对", why=why)] if why is not None else []
            return "\n".join([*notes, *(f"• {f.message}" for f in findings)]) or None
        if role == FindingRole:
            return findings
        if role == SourceBBoxRole:
            return s.bbox
        if role == SourcePageRole:
            return s.page
        if role == ObjectRole:
            return s
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return item_flags(index)
