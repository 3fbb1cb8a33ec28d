"""The findings panel: the findings list under its filter bar.

:class:`QtFindingsPanel` shows a :class:`~gouji.gui.qt_findings_model.QtFindingsModel`
through a :class:`~gouji.gui.qt_findings_model.QtFindingsFilterProxy`, sorted
errors first, with the 严重程度 / 类别 / 状态 / 表 filters and the
"shown / total, done" count, and the 显示尾差 toggle (尾差 are hidden unless the reviewer asks;
the choice is remembered).  Findings of one cause are one expandable row.  It reports the current
finding (:attr:`~QtFindingsPanel.currentFindingChanged`) and the selected ones
(:attr:`~QtFindingsPanel.selectedFindingsChanged`, several rows may be selected), can select a
finding or step through the list (F8), and works the queue: :meth:`~QtFindingsPanel.set_status`
gives the selected findings one status and moves on to the next 待核实 one.  What a finding points
at is the window's business.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from gouji.gui._style import SELECTED_ITEM_STYLE, TITLE_STYLE, FindingRole
from gouji.gui.i18n import tr
from gouji.gui.qt_findings_model import (
    COL_MESSAGE,
    COLUMN_WIDTHS,
    COLUMNS,
    QtFindingsFilterProxy,
    QtFindingsModel,
)
from gouji.gui.review_session import QtReviewSession
from gouji.model.document import Document
from gouji.model.findings import FAMILY_LABELS, SEVERITY_LABELS, Family, Finding, Severity
from gouji.model.index import FindingIndex
from gouji.model.review import Status

_SELECT_ROW = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
#: where the 显示尾差 choice is remembered
ROUNDING_SETTING = "findings/showRounding"


class QtFindingsPanel(QWidget):
    """Title, filter combos and count above the findings list.

    The panel keeps the committed findings model (:attr:`model`) while it
    hides it (:meth:`hide_findings`, during the load of another document).
    """

    currentFindingChanged = Signal(object)  # the Finding of the new current row
    selectedFindingsChanged = Signal(list)  # the findings of the selected rows ([] when none)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model: QtFindingsModel | None = None
        self._session: QtReviewSession | None = None
        self._settings: QSettings | None = None

        self.proxy = QtFindingsFilterProxy(self)
        self.proxy.set_show_rounding(False)
        self.view = QTreeView(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # errors first (stable: rule order kept)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)  # Tab leaves the list
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setStyleSheet(SELECTED_ITEM_STYLE.replace("QTableView", "QTreeView"))
        self.show_rounding = QCheckBox(self)
        self.show_rounding.toggled.connect(self._on_show_rounding)
        self.filter_label = QLabel(self)
        self.filter_severity = QComboBox(self)
        self.filter_family = QComboBox(self)
        self.filter_status = QComboBox(self)
        self.filter_table = QComboBox(self)
        self.filters = (self.filter_severity, self.filter_family, self.filter_status, self.filter_table)
        for combo in self.filters[:3]:
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter_table.setMinimumContentsLength(10)  # the row fits 1366×768 at 150 % (910 px)
        self.filter_table.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.filter_label.setBuddy(self.filter_severity)
        self.count_label = QLabel(self)
        self.title = QLabel(self)
        self.title.setStyleSheet(TITLE_STYLE)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.title)
        bar.addSpacing(12)
        bar.addWidget(self.filter_label)
        for w in self.filters:
            bar.addWidget(w)
        bar.addWidget(self.show_rounding)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.view.selectionModel().selectionChanged.connect(self._emit_selection)
        for combo in self.filters:
            combo.currentIndexChanged.connect(self.apply_filters)
        for sig in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            sig.connect(self.update_count)
        for sig in (self.proxy.rowsRemoved, self.proxy.modelReset, self.proxy.layoutChanged):
            sig.connect(self._clear_when_empty)

    # --- the model ----------------------------------------------------------
    def set_model(self, model: QtFindingsModel, session: QtReviewSession) -> None:
        """Show the findings of a newly loaded document (the previous model is deleted)."""
        self._session = session
        session.annotationChanged.connect(self.update_count)  # after the model: its row is repainted
        self.proxy.setSourceModel(model)
        self._size_findings_columns()
        if self.model is not None:
            self.model.deleteLater()
        self.model = model

    def hide_findings(self) -> None:
        """Empty the list (another document is loading); :meth:`show_findings` brings it back."""
        self.proxy.setSourceModel(None)
        self.update_count()

    def show_findings(self) -> None:
        if self.model is not None and self._session is not None:
            self.proxy.setSourceModel(self.model)
            self._size_findings_columns()
        self.update_count()

    def _size_findings_columns(self) -> None:
        """Fixed widths for the short columns, amounts as wide as their longest value (never cut off);
        the message takes the rest (full text in its tooltip)."""
        h = self.view.header()
        h.setStretchLastSection(False)
        src = self.proxy.sourceModel()
        listed = (
            [src.finding(r) for r in range(src.finding_count())] if isinstance(src, QtFindingsModel) else []
        )
        fm = self.view.fontMetrics()
        pad = 2 * self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 8
        for c, wdt in enumerate(COLUMN_WIDTHS):
            if c == COL_MESSAGE:
                h.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
            elif COLUMNS[c].kind == "amount":
                h.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
                texts = [src.cell_text(f, c) for f in listed] if isinstance(src, QtFindingsModel) else []
                need = max((fm.horizontalAdvance(t) for t in texts), default=0) + pad  # grouped rows too
                self.view.setColumnWidth(c, max(wdt, need, h.sectionSizeHint(c)))
            else:
                h.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
                self.view.setColumnWidth(c, wdt + (self.view.indentation() if c == 0 else 0))  # the tree's

    # --- filters and count --------------------------------------------------
    def fill_filters(self, doc: Document | None, index: FindingIndex | None) -> None:
        """Refill the combos in the UI language, keeping their choice; 表 lists the tables with findings."""

        def fill(combo: QComboBox, all_text: str, items: list[tuple[str, object]]) -> None:
            cur = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr(all_text), None)
            for text, data in items:
                combo.addItem(text, data)
            i = combo.findData(cur) if cur is not None else 0
            combo.setCurrentIndex(max(i, 0))
            combo.blockSignals(False)

        fill(self.filter_severity, "全部严重程度", [(tr(SEVERITY_LABELS[s]), s) for s in Severity])
        fill(self.filter_family, "全部类别", [(tr(FAMILY_LABELS[f]), f) for f in Family])
        fill(self.filter_status, "全部状态", [(tr(s.value), s) for s in Status])
        tables = []
        if doc is not None and index is not None:
            tables = [(f"{t.id} {t.title}", t.id) for t in doc.tables if index.table(t.id)]
        fill(self.filter_table, "全部表格", tables)

    def apply_filters(self) -> None:
        self.proxy.set_filters(
            severity=self.filter_severity.currentData(),
            family=self.filter_family.currentData(),
            status=self.filter_status.currentData(),
            table=self.filter_table.currentData(),
        )
        self.update_count()

    def update_count(self, *_: object) -> None:
        """「shown / total 个问题，已处理 done」 under the current filters."""
        src = self.proxy.sourceModel()
        total = src.finding_count() if isinstance(src, QtFindingsModel) else 0
        if not isinstance(src, QtFindingsModel) or self._session is None:
            text = tr("{shown} / {total} 个问题", shown=0, total=total)
        else:
            status = self._session.status
            listed = [src.finding(r) for r in range(total)]
            shown = sum(1 for f in listed if self.proxy.accepts(f, status))
            done = sum(1 for f in listed if status(f.id) != Status.PENDING)
            text = tr("{shown} / {total} 个问题", shown=shown, total=total) + tr("，已处理 {done}", done=done)
        self.count_label.setText(text)
        self.count_label.setMinimumWidth(self.count_label.sizeHint().width())

    def retranslate(self) -> None:
        """Texts in the UI language (the combos are refilled by :meth:`fill_filters`)."""
        self.title.setText(tr("问题清单"))
        self.title.setMinimumWidth(self.title.sizeHint().width())
        self.filter_label.setText(tr("筛选(&T)："))
        self.filter_label.setMinimumWidth(self.filter_label.sizeHint().width())
        self.show_rounding.setText(tr("显示尾差"))
        self.show_rounding.setToolTip(tr("列出可由加数四舍五入解释的差额（尾差）"))
        if self.model is not None:
            self.model.retranslate()
        self.update_count()

    def remember_in(self, settings: QSettings) -> None:
        """Read the 显示尾差 choice from ``settings`` (hidden by default) and remember its changes there."""
        self._settings = settings
        self.show_rounding.setChecked(str(settings.value(ROUNDING_SETTING, "false")).lower() == "true")

    def _on_show_rounding(self, show: bool) -> None:
        self.proxy.set_show_rounding(show)
        if self._settings is not None:
            self._settings.setValue(ROUNDING_SETTING, show)
        self.update_count()

    # --- current finding ----------------------------------------------------
    def current_finding(self) -> Finding | None:
        idx = self.view.currentIndex()
        return idx.data(FindingRole) if idx.isValid() else None

    def selected_findings(self) -> list[Finding]:
        """The findings of the selected rows (a group row stands for all its findings), in list order."""
        if self.proxy.sourceModel() is None:
            return []
        out: dict[str, Finding] = {}
        for pidx in self.view.selectionModel().selectedRows(0):
            for f in self._row_findings(pidx):
                out.setdefault(f.id, f)
        return list(out.values())

    def select(self, f: Finding) -> bool:
        """Make ``f`` the current row (clearing filters that hide it); False if it is not listed."""
        model = self.model
        if model is None:
            return False
        src = model.index_of(f.id)
        if not src.isValid():
            return False
        pidx = self.proxy.mapFromSource(src)
        if not pidx.isValid():
            for combo in self.filters:
                combo.setCurrentIndex(0)
            if f.severity == Severity.ROUNDING:
                self.show_rounding.setChecked(True)
            pidx = self.proxy.mapFromSource(src)
        self._make_current(pidx)
        return True

    def _make_current(self, pidx: QModelIndex) -> None:
        if pidx.parent().isValid():
            self.view.expand(pidx.parent())
        self.view.selectionModel().setCurrentIndex(pidx, _SELECT_ROW)
        self.view.scrollTo(pidx)

    def _rows(self) -> list[QModelIndex]:
        """The rows in the order they are listed: each top-level row, then the rows of an expanded group."""
        out: list[QModelIndex] = []
        for r in range(self.proxy.rowCount()):
            top = self.proxy.index(r, 0)
            out.append(top)
            if self.view.isExpanded(top):
                out += [self.proxy.index(c, 0, top) for c in range(self.proxy.rowCount(top))]
        return out

    def step(self, step: int) -> bool:
        """Select the next (+1) or previous (-1) row, wrapping; the first or last when none is selected.

        Returns True when the step wrapped around the end of the list (the window says so)."""
        rows = self._rows()
        if not rows:
            return False
        cur = self.view.currentIndex()
        sel = self.view.selectionModel()
        visited = cur.isValid() and sel.isSelected(cur.siblingAtColumn(0))
        at = rows.index(cur.siblingAtColumn(0)) if visited and cur.siblingAtColumn(0) in rows else -1
        if at < 0:
            self._make_current(rows[0] if step > 0 else rows[-1])
            return False
        nxt = at + step
        self._make_current(rows[nxt % len(rows)])
        return not 0 <= nxt < len(rows)

    def set_status(self, status: Status, apply: Callable[[Finding, Status], None]) -> None:
        """Give every selected finding ``status`` (through ``apply``), then select the next 待核实 one.

        The next one is searched after the selection in list order, wrapping; when a filter hides the
        changed rows (状态 = 待核实), the row that takes their place is that next one."""
        chosen = self.selected_findings()
        if not chosen or self._session is None:
            return
        ids = {f.id for f in chosen}
        rows = self._rows()
        sel = self.view.selectionModel()
        picked = [i for i, idx in enumerate(rows) if sel.isSelected(idx)]
        start = picked[-1] + 1 if picked else 0
        order = rows[start:] + rows[:start]
        targets = [QPersistentModelIndex(idx) for idx in order]
        for f in chosen:
            apply(f, status)
        session = self._session
        for p in targets:
            idx = QModelIndex(p)
            if not idx.isValid():
                continue
            fs = self._row_findings(idx)
            if any(f.id not in ids and session.status(f.id) == Status.PENDING for f in fs):
                self._make_current(idx)
                return
        self._emit_selection()

    def _row_findings(self, pidx: QModelIndex) -> list[Finding]:
        model = self.model
        if model is None:
            return []
        return model.findings_at(self.proxy.mapToSource(pidx))

    def _on_current(self, current: QModelIndex, _prev: QModelIndex = QModelIndex()) -> None:
        if current.isValid():
            self.currentFindingChanged.emit(current.data(FindingRole))
        self._emit_selection()

    def _emit_selection(self, *_: object) -> None:
        self.selectedFindingsChanged.emit(self.selected_findings())

    def _clear_when_empty(self, *_: object) -> None:
        """An empty list (everything filtered out, or no findings) leaves nothing selected to show."""
        if not self.proxy.rowCount():
            self.selectedFindingsChanged.emit([])
