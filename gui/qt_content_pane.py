"""The centre of the workbench: a parsed table or the sentences of a section, under a title.

:class:`QtContentPane` stacks a welcome text, a table view and a sentence list.
:meth:`~QtContentPane.show_table` and :meth:`~QtContentPane.show_section` put a
:class:`~gouji.gui.qt_table_model.QtTableModel` or a
:class:`~gouji.gui.qt_table_model.QtSentenceModel` behind them, and
:attr:`~QtContentPane.currentItemChanged` reports the cell or sentence the
reviewer selects.  The pane knows nothing of the findings list or the page:
the window connects them.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListView,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gouji.gui._style import SELECTED_ITEM_STYLE, TITLE_STYLE
from gouji.gui.i18n import tr
from gouji.gui.qt_table_model import QtSentenceModel, QtTableModel, StatusOf
from gouji.gui.review_session import sentence_location, table_cell_location
from gouji.model.document import Document, Section, Table
from gouji.model.findings import Location
from gouji.model.index import FindingIndex

COLUMN_WIDTHS = {"name": 220, "code": 70, "text": 150}  # by Column.role; amounts and others 105


class QtContentPane(QWidget):
    """Title over a stack of the welcome text, the table view and the sentence list."""

    currentItemChanged = Signal(QModelIndex)  # the new current cell or sentence (always valid)
    cellEdited = Signal(object, object, object, str)  # the shown table model's (Table, Row, Column, text)
    editRefused = Signal(str)  # why a typed text was refused

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._table_model: QtTableModel | None = None
        self._sentence_model: QtSentenceModel | None = None
        self._section: Section | None = None

        self.title = QLabel(self)
        self.title.setStyleSheet(TITLE_STYLE)
        self.title.setWordWrap(True)
        self.welcome = QLabel(self)
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome.setWordWrap(True)
        self.table_view = QTableView(self)
        self.table_view.setTabKeyNavigation(False)  # Tab leaves the table
        self.table_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table_view.setWordWrap(False)
        self.table_view.verticalHeader().setDefaultSectionSize(24)
        self.table_view.horizontalHeader().setDefaultSectionSize(110)
        self.table_view.setStyleSheet(SELECTED_ITEM_STYLE)
        self.sentence_view = QListView(self)
        self.sentence_view.setWordWrap(True)
        self.sentence_view.setSpacing(2)
        self.sentence_view.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap long sentences on resize
        self.sentence_view.setStyleSheet(SELECTED_ITEM_STYLE)
        self.stack = QStackedWidget(self)
        for w in (self.welcome, self.table_view, self.sentence_view):
            self.stack.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.stack, 1)

    # --- what is shown ------------------------------------------------------
    def table_model(self) -> QtTableModel | None:
        """The model of the table last shown (it may be behind the sentence list)."""
        return self._table_model

    def sentence_model(self) -> QtSentenceModel | None:
        return self._sentence_model

    def shown_model(self) -> QtTableModel | QtSentenceModel | None:
        """The model of the view on top (None on the welcome text)."""
        w = self.stack.currentWidget()
        if w is self.table_view:
            return self._table_model
        return self._sentence_model if w is self.sentence_view else None

    def shown_table(self) -> Table | None:
        """The table on top (None when the sentences or the welcome text are shown)."""
        model = self.shown_model()
        return model.table() if isinstance(model, QtTableModel) else None

    def current_location(self) -> Location | None:
        """The selected cell or sentence, as a finding location (None when nothing is selected)."""
        model = self.shown_model()
        if isinstance(model, QtTableModel):
            idx = self.table_view.currentIndex()
            row = model.row_for(idx)
            if row is not None:
                t = model.table()
                return table_cell_location(t, row.index, t.columns[idx.column()].index)
        elif model is not None:
            idx = self.sentence_view.currentIndex()
            if idx.isValid():
                return sentence_location(model.sentence(idx.row()))
        return None

    def retranslate(self) -> None:
        self.welcome.setText(
            f"<h2>{tr('勾稽 — 预决算公开审核')}</h2><p>{tr('打开一个预决算公开文件（PDF、Word、Excel 或文本）开始审核。')}</p>"
            f"<p style='color:#666'>{tr('可以使用菜单“文件 → 打开”、快捷键 Ctrl+O，或把文件拖到窗口中。')}</p>"
        )

    # --- showing ------------------------------------------------------------
    def show_welcome(self) -> None:
        self.stack.setCurrentWidget(self.welcome)

    def show_table(self, table: Table, index: FindingIndex | None, status_of: StatusOf) -> bool:
        """Show ``table``; False when it was already shown (then it is only brought to the front)."""
        if self._table_model is not None and self._table_model.table() is table:
            self.stack.setCurrentWidget(self.table_view)
            return False
        model = QtTableModel(table, index, status_of, parent=self)
        model.cellEdited.connect(self.cellEdited)
        model.editRefused.connect(self.editRefused)
        self.table_view.setModel(model)
        if self._table_model is not None:
            self._table_model.deleteLater()
        self._table_model = model
        self.table_view.selectionModel().currentChanged.connect(self._on_current)
        self.table_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for c, col in enumerate(table.columns):
            self.table_view.setColumnWidth(c, COLUMN_WIDTHS.get(col.role, 105))
        self.stack.setCurrentWidget(self.table_view)
        return True

    def show_section(
        self, doc: Document, section: Section, index: FindingIndex | None, status_of: StatusOf
    ) -> None:
        """Show the sentences of ``section`` and of its sub-sections."""
        ids = [section.id]
        for s in doc.sections:  # sections are in document order: children follow parents
            if s.parent in ids:
                ids.append(s.id)
        model = QtSentenceModel(doc, ids, index, status_of, parent=self)
        self.sentence_view.setModel(model)
        if self._sentence_model is not None:
            self._sentence_model.deleteLater()
        self._sentence_model = model
        self._section = section
        self.sentence_view.selectionModel().currentChanged.connect(self._on_current)
        self.stack.setCurrentWidget(self.sentence_view)

    def update_title(self, provisional: bool, has_document: bool) -> None:
        """The table's title, unit and pages, or the section's title (marked while parsing goes on)."""
        w = self.stack.currentWidget()
        suffix = tr("（解析中，内容可能不完整）") if provisional else ""
        if w is self.table_view and self._table_model is not None:
            t = self._table_model.table()
            bits = [t.title]
            if t.unit:
                bits.append(f"（{t.unit}）")
            if t.pages:
                bits.append(f"  p.{t.pages[0]}" + (f"–{t.pages[-1]}" if len(t.pages) > 1 else ""))
            if t.empty:
                bits.append("  " + (t.empty_note or tr("本表为空表")))
            self.title.setText("".join(bits) + suffix)
        elif w is self.sentence_view and self._section is not None:
            self.title.setText(self._section.title + suffix)
        else:
            self.title.setText(tr("选择左侧目录中的表格或章节。") if has_document else "")

    def refresh_findings(self) -> None:
        """Repaint the colours after a status changed or a finding was added."""
        for m in (self._table_model, self._sentence_model):
            if m is not None:
                m.refresh_findings()

    # --- selecting ----------------------------------------------------------
    def select_cell(self, row: int, column: int) -> None:
        """Make the cell at ``row``, ``column`` of the table model current."""
        if self._table_model is not None:
            self.table_view.setCurrentIndex(self._table_model.index(row, column))

    def select_sentence(self, sentence_index: int, centre: bool = False) -> None:
        """Make the sentence with ``Sentence.index`` current (scrolled to the middle if ``centre``)."""
        if self._sentence_model is not None:
            idx = self._sentence_model.index_of(sentence_index)
            self.sentence_view.setCurrentIndex(idx)
            if centre:
                self.sentence_view.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)

    def reveal_cell(self, row_index: int | None, col_index: int | None) -> None:
        """Select and scroll to the cell of ``Row.index`` / ``Column.index`` (no row: clear the selection)."""
        if self._table_model is None:
            return
        idx = self._table_model.index_of(row_index, col_index) if row_index is not None else QModelIndex()
        if not idx.isValid():
            self.table_view.clearSelection()
            return
        self.table_view.setCurrentIndex(idx)
        # centred vertically, horizontally only as far as needed
        h = self.table_view.horizontalScrollBar().value()
        self.table_view.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.table_view.horizontalScrollBar().setValue(h)
        self.table_view.scrollTo(idx, QAbstractItemView.ScrollHint.EnsureVisible)

    def _on_current(self, current: QModelIndex, _prev: QModelIndex = QModelIndex()) -> None:
        if current.isValid():
            self.currentItemChanged.emit(current)
