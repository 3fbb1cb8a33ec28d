"""The findings list: a table model over the rule findings plus the reviewer's own.

:class:`QtFindingsModel` wraps two lists without copying them: the findings
returned by ``run_rules`` and ``ReviewState.manual_findings`` (finding *i* past the
first list is a reviewer-added finding); findings of one cause are the children of one
group row ("差额0.34元，影响7处").  The status column reads the
:class:`~gouji.gui.review_session.QtReviewSession`, and the model repaints the
row when the session announces a change.  :class:`QtFindingsFilterProxy`
filters by severity, family, status and table, hides 尾差 unless asked, and sorts numbers as numbers.

The columns, their values and widths are the ``"workbench"`` view of the one findings column spec,
:mod:`gouji.io.export.columns` (also used by the Excel exports); headers go through :func:`tr`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

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
from gouji.model.findings import SEVERITY_LABELS, SEVERITY_ORDER, Family, Finding, Severity, worst
from gouji.model.grouping import CauseGroup, cause_groups
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


class QtFindingsModel(QAbstractItemModel):
    """Rule findings followed by reviewer-added findings, findings of one cause under one group row.

    The top level lists one row per cause (:func:`~gouji.model.grouping.cause_groups`, gaps only): a
    lone finding, or a group ("差额0.34元，影响7处") whose findings are its children.  Reviewer-added findings are
    always alone.  :meth:`finding` and :meth:`row_of` number the findings flat (rule findings, then
    the reviewer's); :meth:`index_of` gives a finding's item in the tree.

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
        #: the top-level rows: flat finding numbers of each cause (one number: a lone finding)
        self._entries: list[list[int]] = []
        self._entry_findings: list[list[Finding]] = []  # the findings of each top-level row
        self._place: dict[int, tuple[int, int]] = {}  # flat number → (entry, child row or -1)
        self._build_entries()
        session.annotationChanged.connect(self._on_annotation)
        session.manualFindingAboutToBeAdded.connect(self._on_manual_about_to_be_added)
        session.manualFindingAdded.connect(self._on_manual_added)
        session.stateAboutToBeReplaced.connect(self.beginResetModel)
        session.stateReplaced.connect(self._on_state_replaced)

    def _build_entries(self) -> None:
        pos = {id(f): i for i, f in enumerate(self._findings)}
        self._entries = [
            [pos[id(f)] for f in g.findings] for g in cause_groups(self._findings, same_message=False)
        ]
        n = len(self._findings)
        self._entries += [[n + i] for i in range(len(self._session.state.manual_findings))]
        self._index_entries()

    def _index_entries(self) -> None:
        self._entry_findings = [[self.finding(m) for m in members] for members in self._entries]
        self._place = {}
        for e, members in enumerate(self._entries):
            if len(members) == 1:
                self._place[members[0]] = (e, -1)
            else:
                self._place.update({m: (e, c) for c, m in enumerate(members)})

    # --- access -------------------------------------------------------------
    def finding_count(self) -> int:
        """How many findings the list holds (rule findings and the reviewer's)."""
        return len(self._findings) + len(self._session.state.manual_findings)

    def finding(self, r: int) -> Finding:
        """Finding number ``r`` of the flat numbering (rule findings, then the reviewer's)."""
        n = len(self._findings)
        return self._findings[r] if r < n else self._session.state.manual_findings[r - n]

    def row_of(self, finding_id: str) -> int:
        """The flat number of a finding (-1 when it is not listed)."""
        if len(self._rows_by_id) != self.finding_count():
            self._rows_by_id = {self.finding(r).id: r for r in range(self.finding_count())}
        return self._rows_by_id.get(finding_id, -1)

    def index_of(self, finding_id: str) -> QModelIndex:
        """The item of a finding: its top-level row, or its row under its group."""
        place = self._place.get(self.row_of(finding_id))
        if place is None:
            return QModelIndex()
        e, c = place
        return self.index(e, 0) if c < 0 else self.index(c, 0, self.index(e, 0))

    def findings_at(self, index: _Index) -> list[Finding]:
        """The findings an item stands for: a group's findings, or the one finding."""
        if not index.isValid():
            return []
        if index.internalId():
            return [self._entry_findings[index.internalId() - 1][index.row()]]
        return self._entry_findings[index.row()]

    def is_group(self, index: _Index) -> bool:
        return index.isValid() and not index.internalId() and len(self._entries[index.row()]) > 1

    def group_label(self, index: _Index) -> str:
        """The group's line ("差额0.34元，影响7处"); "" for a lone finding."""
        if not self.is_group(index):
            return ""
        return CauseGroup(self.findings_at(index)).label()

    def table_title(self, table_id: str | None) -> str:
        return self._context.table_title(table_id)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self._changed_all()

    def _changed_all(self) -> None:
        last = len(COLUMNS) - 1
        if self._entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._entries) - 1, last))
        for e, members in enumerate(self._entries):
            if len(members) > 1:
                top = self.index(e, 0)
                self.dataChanged.emit(self.index(0, 0, top), self.index(len(members) - 1, last, top))

    # --- session events -----------------------------------------------------
    def _on_annotation(self, finding_id: str) -> None:
        idx = self.index_of(finding_id)
        if idx.isValid():
            last = len(COLUMNS) - 1
            self.dataChanged.emit(idx, idx.siblingAtColumn(last))
            if idx.internalId():  # the group's status summary
                top = idx.parent()
                self.dataChanged.emit(top, top.siblingAtColumn(last))

    def _on_manual_about_to_be_added(self, position: int) -> None:
        r = len(self._entries)
        self.beginInsertRows(QModelIndex(), r, r)

    def _on_manual_added(self, finding: Finding) -> None:
        self._entries.append([self.finding_count() - 1])
        self._index_entries()
        self._rows_by_id = {}
        self.endInsertRows()

    def _on_state_replaced(self) -> None:
        self._rows_by_id = {}
        self._build_entries()
        self.endResetModel()

    # --- cell values --------------------------------------------------------
    def cell_text(self, f: Finding, c: int) -> str:
        """What column ``c`` shows for ``f``."""
        col = COLUMNS[c]
        v = col.value(f, self._context)
        if col.kind == "label":
            return tr(str(v))
        if col.kind == "amount":
            return amount_text(f, v if isinstance(v, Decimal) else None)
        if col.kind == "number":
            return str(v) if v else ""
        return "" if v is None else str(v)

    def _group_display(self, fs: list[Finding], index: _Index) -> str:
        """A group row: its line in 规则名称, the worst severity, how many are still 待核实, the first
        finding's other columns but its own amounts (the common 差额 stays)."""
        c = index.column()
        if c == COL_TITLE:
            return self.group_label(index)
        if c == COL_SEVERITY:
            return tr(SEVERITY_LABELS[worst(fs) or fs[0].severity])
        if c == COL_STATUS:
            pending = sum(1 for f in fs if self._session.status(f.id) == Status.PENDING)
            return tr("待核实 {n}/{total}", n=pending, total=len(fs)) if pending else tr("已处理")
        if COLUMNS[c].key in ("stated", "computed"):
            return ""
        return self.cell_text(fs[0], c)

    def _sort_key(self, f: Finding, c: int):
        col = COLUMNS[c]
        if col.sort is not None:
            return col.sort(f, self._context)
        if col.kind == "amount":
            v = col.value(f, self._context)
            return float(v) if isinstance(v, Decimal) else float("-inf")  # ordering only, never arithmetic
        if col.kind == "number":
            return col.value(f, self._context) or 0
        return self.cell_text(f, c)

    # ### Reimplemented Public Qt Functions ###
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._entries) else QModelIndex()
        if parent.internalId() or row >= len(self._entries[parent.row()]) or not self.is_group(parent):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or not index.internalId():
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._entries)
        return len(self._entries[parent.row()]) if self.is_group(parent) and parent.column() == 0 else 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        fs = self.findings_at(index)
        f = fs[0]
        c = index.column()
        group = len(fs) > 1
        if role == Qt.ItemDataRole.DisplayRole:
            return self._group_display(fs, index) if group else self.cell_text(f, c)
        if role == SortRole:  # a group sorts as its most severe finding
            return self._sort_key(min(fs, key=lambda x: SEVERITY_ORDER[x.severity]) if group else f, c)
        if role == Qt.ItemDataRole.ToolTipRole:
            if group and c == COL_TITLE:
                return "\n".join(dict.fromkeys(x.title for x in fs))
            if c == COL_TITLE:
                return f"{f.title}（{f.rule}）"
            if c == COL_MESSAGE:
                tip = f"{f.title}\n{f.message}"
                return tip + (f"\n{f.formula}" if f.formula else "")
            if c == COL_TABLE:
                return self.table_title(f.table) if f.table else (self.cell_text(f, c) or None)
            return None
        sev = (worst(fs) or f.severity) if group else f.severity
        if role == Qt.ItemDataRole.BackgroundRole and c == COL_SEVERITY:
            return QBrush(severity_color(sev))
        if role == Qt.ItemDataRole.ForegroundRole and c == COL_SEVERITY:
            return QBrush(SEVERITY_TEXT_COLORS[sev])
        if role == Qt.ItemDataRole.ForegroundRole and c == COL_STATUS and not group:
            color = STATUS_COLORS.get(self._session.status(f.id))
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.FontRole and group and c == COL_TITLE:
            font = QFont()
            font.setBold(True)
            return font
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
        self._rounding = True  # 尾差 listed (the panel hides them unless the reviewer asks)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)
        self.setRecursiveFilteringEnabled(True)

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

    def set_show_rounding(self, show: bool) -> None:
        """List 尾差 (rounding findings) or hide them (they stay listed when the 严重程度 filter asks)."""
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self._rounding = show
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._rounding = show
            self.invalidateFilter()

    def shows_rounding(self) -> bool:
        return self._rounding

    def finding(self, proxy_row: int) -> Finding:
        """The finding of a top-level row (a group's first finding)."""
        return self.index(proxy_row, 0).data(FindingRole)

    # ### Reimplemented Protected Qt Functions ###
    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, QtFindingsModel):
            return True
        fs = model.findings_at(model.index(source_row, 0, source_parent))
        # a group is shown when one of its findings is (recursive filtering)
        return len(fs) == 1 and self.accepts(fs[0], model._session.status)

    def accepts(self, f: Finding, status_of: Callable[[str], Status]) -> bool:
        """``f`` passes the filters (``status_of`` gives its status)."""
        if not self._rounding and f.severity == Severity.ROUNDING and self._severity != Severity.ROUNDING:
            return False
        if self._severity is not None and f.severity != self._severity:
            return False
        if self._family is not None and f.family != self._family:
            return False
        if self._table is not None and not any(loc.table == self._table for loc in f.locations):
            return False
        if self._status is not None and status_of(f.id) != self._status:
            return False
        return True
