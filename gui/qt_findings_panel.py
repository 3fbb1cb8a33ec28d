"""The findings panel: the findings list under its filter bar.

:class:`QtFindingsPanel` shows a :class:`~gouji.gui.qt_findings_model.QtFindingsModel`
through a :class:`~gouji.gui.qt_findings_model.QtFindingsFilterProxy`, sorted
errors first, with the 严重程度 / 类别 / 状态 / 表 filters and the
"shown / total, done" count.  It reports the current finding
(:attr:`~QtFindingsPanel.currentFindingChanged`) and can select a finding or
step through the list (F8); what a finding points at is the window's business.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
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


class QtFindingsPanel(QWidget):
    """Title, filter combos and count above the findings list.

    The panel keeps the committed findings model (:attr:`model`) while it
    hides it (:meth:`hide_findings`, during the load of another document).
    """

    currentFindingChanged = Signal(object)  # the Finding of the new current row

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model: QtFindingsModel | None = None
        self._session: QtReviewSession | None = None

        self.proxy = QtFindingsFilterProxy(self)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # errors first (stable: rule order kept)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.setWordWrap(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setStyleSheet(SELECTED_ITEM_STYLE)
        self.filter_label = QLabel(self)
        self.filter_severity = QComboBox(self)
        self.filter_family = QComboBox(self)
        self.filter_status = QComboBox(self)
        self.filter_table = QComboBox(self)
        self.filters = (self.filter_severity, self.filter_family, self.filter_status, self.filter_table)
        for combo in self.filters[:3]:
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter_table.setMinimumContentsLength(16)
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
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.view.selectionModel().currentChanged.connect(self._on_current)
        for combo in self.filters:
            combo.currentIndexChanged.connect(self.apply_filters)
        for sig in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            sig.connect(self.update_count)

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
        h = self.view.horizontalHeader()
        for c, wdt in enumerate(COLUMN_WIDTHS):
            if c == COL_MESSAGE:
                h.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
            elif COLUMNS[c].kind == "amount":
                h.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
                self.view.setColumnWidth(c, max(wdt, self.view.sizeHintForColumn(c), h.sectionSizeHint(c)))
            else:
                h.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
                self.view.setColumnWidth(c, wdt)

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
        total = src.rowCount() if src is not None else 0
        text = tr("{shown} / {total} 个问题", shown=self.proxy.rowCount(), total=total)
        if isinstance(src, QtFindingsModel) and self._session is not None:
            done = sum(1 for r in range(total) if self._session.status(src.finding(r).id) != Status.PENDING)
            text += tr("，已处理 {done}", done=done)
        self.count_label.setText(text)
        self.count_label.setMinimumWidth(self.count_label.sizeHint().width())

    def retranslate(self) -> None:
        """Texts in the UI language (the combos are refilled by :meth:`fill_filters`)."""
        self.title.setText(tr("问题清单"))
        self.title.setMinimumWidth(self.title.sizeHint().width())
        self.filter_label.setText(tr("筛选(&T)："))
        self.filter_label.setMinimumWidth(self.filter_label.sizeHint().width())
        if self.model is not None:
            self.model.retranslate()
        self.update_count()

    # --- current finding ----------------------------------------------------
    def current_finding(self) -> Finding | None:
        idx = self.view.currentIndex()
        return idx.data(FindingRole) if idx.isValid() else None

    def select(self, f: Finding) -> bool:
        """Make ``f`` the current row (clearing filters that hide it); False if it is not listed."""
        model = self.model
        if model is None:
            return False
        r = model.row_of(f.id)
        if r < 0:
            return False
        pidx = self.proxy.mapFromSource(model.index(r, 0))
        if not pidx.isValid():
            for combo in self.filters:
                combo.setCurrentIndex(0)
            pidx = self.proxy.mapFromSource(model.index(r, 0))
        self.view.selectionModel().setCurrentIndex(pidx, _SELECT_ROW)
        self.view.scrollTo(pidx)
        return True

    def step(self, step: int) -> None:
        """Select the next (+1) or previous (-1) row, wrapping; the first or last when none is selected."""
        n = self.proxy.rowCount()
        if not n:
            return
        cur = self.view.currentIndex()
        visited = cur.isValid() and self.view.selectionModel().isRowSelected(cur.row(), QModelIndex())
        r = (cur.row() + step) % n if visited else (0 if step > 0 else n - 1)
        idx = self.proxy.index(r, 0)
        self.view.selectionModel().setCurrentIndex(idx, _SELECT_ROW)
        self.view.scrollTo(idx)

    def _on_current(self, current: QModelIndex, _prev: QModelIndex = QModelIndex()) -> None:
        if current.isValid():
            self.currentFindingChanged.emit(current.data(FindingRole))
