"""The findings list: a table model over the rule findings plus the reviewer's own.

:class:`QtFindingsModel` wraps two lists without copying them: the findings
returned by ``run_rules`` and ``ReviewState.manual_findings`` (row *i* past the
first list is a reviewer-added finding).  The status column reads the
:class:`~gouji.gui.review_session.QtReviewSession`, and the model repaints the
row when the session announces a change.  :class:`QtFindingsFilterProxy`
filters by severity, family, status and table, and sorts numbers as numbers.
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
from gouji.model.document import Document
from gouji.model.findings import FAMILY_LABELS, SEVERITY_LABELS, Family, Finding, Severity
from gouji.model.review import Status

_Index = QModelIndex | QPersistentModelIndex

COLUMNS = ["严重程度", "类别", "规则", "表", "页", "说明", "列示数", "计算数", "差额", "状态"]
(
    COL_SEVERITY,
    COL_FAMILY,
    COL_RULE,
    COL_TABLE,
    COL_PAGE,
    COL_MESSAGE,
    COL_STATED,
    COL_COMPUTED,
    COL_DIFFERENCE,
    COL_STATUS,
) = range(len(COLUMNS))
_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.ROUNDING: 2}
STATUS_COLORS = {
    Status.CONFIRMED: QColor(170, 20, 20),
    Status.NOT_A_PROBLEM: QColor(120, 120, 120),
    Status.CORRECTED: QColor(20, 120, 40),
}


def format_amount(d: Decimal | None) -> str:
    """A Decimal with thousands separators and its own precision ("" for None)."""
    if d is None:
        return ""
    return f"{d:,f}"


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
        self._titles = {t.id: t.title for t in doc.tables}
        sections = {sec.id: sec.title for sec in doc.sections}
        self._sentence_section = {s.index: sections.get(s.section_id, "") for s in doc.sentences}
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
        if not table_id:
            return ""
        return f"{table_id} {self._titles.get(table_id, '')}".strip()

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
        if c == COL_SEVERITY:
            return tr(SEVERITY_LABELS[f.severity])
        if c == COL_FAMILY:
            return tr(FAMILY_LABELS[f.family])
        if c == COL_RULE:
            return f.rule
        if c == COL_TABLE:
            if f.table:
                return self.table_title(f.table)
            sent = next((loc.sentence for loc in f.locations if loc.sentence is not None), None)
            return f"§ {self._sentence_section.get(sent, '')}" if sent is not None else ""
        if c == COL_PAGE:
            return str(f.page) if f.page else ""
        if c == COL_MESSAGE:
            return f.message
        if c == COL_STATED:
            return format_amount(f.stated)
        if c == COL_COMPUTED:
            return format_amount(f.computed)
        if c == COL_DIFFERENCE:
            return format_amount(f.difference)
        return tr(self._session.status(f.id).value)

    def _sort_key(self, f: Finding, c: int):
        if c == COL_SEVERITY:
            return _SEVERITY_RANK[f.severity]
        if c == COL_FAMILY:
            return list(Family).index(f.family)
        if c == COL_PAGE:
            return f.page or 0
        if c in (COL_STATED, COL_COMPUTED, COL_DIFFERENCE):
            d = {COL_STATED: f.stated, COL_COMPUTED: f.computed, COL_DIFFERENCE: f.difference}[c]
            return float(d) if d is not None else float("-inf")  # ordering only, never arithmetic
        if c == COL_STATUS:
            return list(Status).index(self._session.status(f.id))
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
            if c == COL_MESSAGE or c == COL_RULE:
                tip = f"{f.title}\n{f.message}"
                return tip + (f"\n{f.formula}" if f.formula else "")
            return None
        if role == Qt.ItemDataRole.BackgroundRole and c == COL_SEVERITY:
            return QBrush(severity_color(f.severity))
        if role == Qt.ItemDataRole.ForegroundRole and c == COL_SEVERITY:
            return QBrush(SEVERITY_TEXT_COLORS[f.severity])
        if role == Qt.ItemDataRole.ForegroundRole and c == COL_STATUS:
            color = STATUS_COLORS.get(self._session.status(f.id))
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and c in (
            COL_PAGE,
            COL_STATED,
            COL_COMPUTED,
            COL_DIFFERENCE,
        ):
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
            return tr(COLUMNS[section])
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
