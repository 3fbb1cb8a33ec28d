"""The findings list: a table model over the rule findings plus the reviewer's own.

:class:`QtFindingsModel` wraps two lists without copying them: the findings
returned by ``run_rules`` and ``ReviewState.manual_findings`` (row *i* past the
first list is a reviewer-added finding).  The status column reads the
:class:`~gouji.gui.review_session.QtReviewSession`, and the model repaints the
row when the session announces a change.  :class:`QtFindingsFilterProxy`
filters by severity, family, status and table, and sorts numbers as numbers.

The columns, their values and widths are the ``"workbench"`` view of the one findings column spec,
:mod:`gouji.io.export.columns` (also used by the Excel exports); headers go through :func:`tr`.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from gouji.gui._style import (
    SEVERITY_TEXT_COLORS,
    FindingRole,
    ObjectRole,
    SortRole,
    SourceBBoxRole,
    SourcePageRole,
    severity_color,
)
from gouji.gui.i18n import tr
from gouji.gui.review_session import QtReviewSession
from gouji.io.export.columns import (
    FindingColumn,
    FindingContext,
    amount_text,
    short_table_label,
    view_columns,
)
from gouji.model.document import Document
from gouji.model.findings import Family, Finding, Severity
from gouji.model.review import Annotation, Status

_Index = QModelIndex | QPersistentModelIndex

COLUMNS: list[FindingColumn] = [c for c, _ in view_columns("workbench")]
#: pixel widths of the columns (0: the column takes the remaining width)
COLUMN_WIDTHS: list[int] = [w for _, w in view_columns("workbench")]
_KEYS = [c.key for c in COLUMNS]
COL_SEVERITY = _KEYS.index("severity")
COL_TITLE = _KEYS.index("title")
COL_TABLE = _KEYS.index("table")
COL_MESSAGE = _KEYS.index("message")
COL_STATUS = _KEYS.index("status")
STATUS_COLORS = {
    Status.CONFIRMED: QColor(170, 20, 20),
    Status.NOT_A_PROBLEM: QColor(120, 120, 120),
    Status.CORRECTED: QColor(20, 120, 40),
}


class _ListContext(FindingContext):
    """The workbench's view of a finding: statuses from the session; 表 is the table's short label
    (表3; its title in the tooltip), a text finding's 表 names its section."""

    def __init__(self, doc: Document, session: QtReviewSession):
        self._session = session
        self._titles = {t.id: t.title for t in doc.tables}
        self._labels = {t.id: short_table_label(t.number, t.id) for t in doc.tables}
        sections = {sec.id: sec.title for sec in doc.sections}
        self._sentence_section = {s.index: sections.get(s.section_id or "", "") for s in doc.sentences}

    def annotation(self, f: Finding) -> Annotation | None:
        return self._session.annotation(f.id)

    def table_title(self, table_id: str | None) -> str:
        if not table_id:
            return ""
        return f"{table_id} {self._titles.get(table_id, '')}".strip()

    def table_label(self, f: Finding) -> str:
        if f.table:
            return self._labels.get(f.table, f.table)
        sent = next((loc.sentence for loc in f.locations if loc.sentence is not None), None)
        return f"§ {self._sentence_section.get(sent, '')}" if sent is not None else ""


class QtFindingsModel(QAbstractTableModel):
    """Rule findings followed by reviewer-added findings.

    Parameters
    ----------
    doc
        The document (table titles for the 表 column).
    findings
        The rule findings (wrapped, not copied).
    session
        The review session: statuses and reviewer-added findings.
    """

    def __init__(self, doc: Document, findings: list[Finding], session: QtReviewSession, parent=None):
        super().__init__(parent)
        self._doc = doc
        self._findings = findings
        self._session = session
        self._context = _ListContext(doc, session)
        self._rows_by_id: dict[str, int] = {}
        session.annotationChanged.connect(self._on_annotation)
        session.manualFindingAboutToBeAdded.connect(self._on_manual_about_to_be_added)
        session.manualFindingAdded.connect(self._on_manual_added)
        session.stateAboutToBeReplaced.connect(self.beginResetModel)
        session.stateReplaced.connect(self._on_state_replaced)

    # --- access -------------------------------------------------------------
    def finding(self, r: int) -> Finding:
        n = len(self._findings)
        return self._findings[r] if r < n else self._session.state.manual_findings[r - n]

    def row_of(self, finding_id: str) -> int:
        if len(self._rows_by_id) != self.rowCount():
            self._rows_by_id = {self.finding(r).id: r for r in range(self.rowCount())}
        return self._rows_by_id.get(finding_id, -1)

    def table_title(self, table_id: str | None) -> str:
        return self._context.table_title(table_id)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(COLUMNS) - 1))

    # --- session events -----------------------------------------------------
    def _on_annotation(self, finding_id: str) -> None:
        r = self.row_of(finding_id)
        if r >= 0:
            self.dataChanged.emit(self.index(r, 0), self.index(r, len(COLUMNS) - 1))

    def _on_manual_about_to_be_added(self, position: int) -> None:
        r = len(self._findings) + position
        self.beginInsertRows(QModelIndex(), r, r)

    def _on_manual_added(self, finding: Finding) -> None:
        self.endInsertRows()
        self._rows_by_id = {}

    def _on_state_replaced(self) -> None:
        self._rows_by_id = {}
        self.endResetModel()

    # --- cell values --------------------------------------------------------
    def _display(self, f: Finding, c: int) -> str:
        col = COLUMNS[c]
        v = col.value(f, self._context)
        if col.kind == "label":
            return tr(str(v))
        if col.kind == "amount":
            return amount_text(f, v if isinstance(v, Decimal) else None)
        if col.kind == "number":
            return str(v) if v else ""
        return "" if v is None else str(v)

    def _sort_key(self, f: Finding, c: int):
        col = COLUMNS[c]
        if col.sort is not None:
            return col.sort(f, self._context)
        if col.kind == "amount":
            v = col.value(f, self._context)
            return float(v) if isinstance(v, Decimal) else float("-inf")  # ordering only, never arithmetic
        if col.kind == "number":
            return col.value(f, self._context) or 0
        return self._display(f, c)

    # ### Reimplemented Public Qt Functions ###
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._findings) + len(self._session.state.manual_findings)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        f = self.finding(index.row())
        c = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(f, c)
        if role == SortRole:
            return self._sort_key(f, c)
        if role == Qt.ItemDataRole.ToolTipRole:
            if c == COL_TITLE:
                return f"{f.title}（{f.rule}）"
            if c == COL_MESSAGE:
                tip = f"{f.title}\n{f.message}"
                return tip + (f"\n{f.formula}" if f.formula else "")
            if c == COL_TABLE:
                return self.table_title(f.table) if f.table else (self._display(f, c) or None)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and c == COL_SEVERITY:
            return QBrush(severity_color(f.severity))
        if role == Qt.ItemDataRole.ForegroundRole and c == COL_SEVERITY:
            return QBrush(SEVERITY_TEXT_COLORS[f.severity])
        if role == Qt.ItemDataRole.ForegroundRole and c == COL_STATUS:
            color = STATUS_COLORS.get(self._session.status(f.id))
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[c].kind in ("number", "amount"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == FindingRole or role == ObjectRole:
            return f
        if role == SourcePageRole:
            return f.page
        if role == SourceBBoxRole:
            return next((loc.bbox for loc in f.locations if loc.bbox is not None), None)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return tr(COLUMNS[section].workbench_header)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class QtFindingsFilterProxy(QSortFilterProxyModel):
    """Filters the findings list by severity, family, status and table (None = all)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._severity: Severity | None = None
        self._family: Family | None = None
        self._status: Status | None = None
        self._table: str | None = None
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def set_filters(
        self,
        *,
        severity: Severity | None = None,
        family: Family | None = None,
        status: Status | None = None,
        table: str | None = None,
    ) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self._severity, self._family, self._status, self._table = severity, family, status, table
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._severity, self._family, self._status, self._table = severity, family, status, table
            self.invalidateFilter()

    def finding(self, proxy_row: int) -> Finding:
        return self.index(proxy_row, 0).data(FindingRole)

    # ### Reimplemented Protected Qt Functions ###
    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, QtFindingsModel):
            return True
        f = model.finding(source_row)
        if self._severity is not None and f.severity != self._severity:
            return False
        if self._family is not None and f.family != self._family:
            return False
        if self._table is not None and not any(loc.table == self._table for loc in f.locations):
            return False
        if self._status is not None and model._session.status(f.id) != self._status:
            return False
        return True
