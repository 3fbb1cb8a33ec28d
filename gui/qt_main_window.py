"""The review workbench's main window: its layout, the wiring of its parts, and navigation.

Layout: outline on the left; in the centre the source page beside the parsed
table or the sentences of a text section (:class:`QtContentPane`); at the
bottom the findings list with its filters (:class:`QtFindingsPanel`) and the
annotation panel; the menus are :class:`QtWindowMenus`.  The window only
shows and navigates: the document under review and its review session are
held by :class:`~gouji.gui.qt_review_controller.QtReviewController`, loading,
export and import run on worker threads started by
:class:`~gouji.gui.qt_tasks.QtTaskController`, and the page renders on the
page view's own thread.

Navigation is one flow: a finding (list, F8 / Shift+F8) selects its outline
node, table cell or sentence, and frames its box on the page; a cell or
sentence selects its first finding and frames itself; a click on the page
selects the cell or sentence printed there (:func:`~gouji.gui.page_hits.hit_test`).
A cell or sentence is framed with its band (:mod:`~gouji.gui.page_band`): the
page zooms to the row's table width and header band at a readable size.

Small screens (:mod:`~gouji.gui.qt_layout`): page and table become tabs when
the window is narrow (or always, by the View menu), and the outline, the
findings list and the annotation panel collapse by their handles or the View menu.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QWidget,
)

from gouji.gui._style import FindingRole, SourceBBoxRole, SourcePageRole
from gouji.gui.cross_findings import QtCrossFindings
from gouji.gui.i18n import language, set_language, tr
from gouji.gui.page_band import Band, BandFinder, text_band
from gouji.gui.page_hits import AddendFrames, hit_test
from gouji.gui.qt_annotation import QtAnnotationPanel
from gouji.gui.qt_content_pane import QtContentPane
from gouji.gui.qt_corrections import QtCorrections
from gouji.gui.qt_findings_panel import QtFindingsPanel
from gouji.gui.qt_layout import QtCentre, QtLayoutActions, QtPanelToggles
from gouji.gui.qt_menus import QtWindowMenus
from gouji.gui.qt_outline import KeyRole, KindRole, QtOutlineModel, QtOutlineView
from gouji.gui.qt_page_view import QtPageView
from gouji.gui.qt_review_controller import QtReviewController, document_name
from gouji.gui.qt_tasks import Loader, QtTaskController
from gouji.gui.review_session import locked_message
from gouji.gui.workers import load_document
from gouji.io.readers.registry import file_patterns
from gouji.model.document import BBox, Document, Section, Table
from gouji.model.findings import Finding, Location, Severity
from gouji.model.index import FindingIndex
from gouji.model.review import Status, default_review_folder

OPEN_FILTER = "预决算公开文件 ({patterns});;所有文件 (*)"  # patterns: gouji.io.readers.registry


class QtMainWindow(QMainWindow):
    """The workbench window.

    Parameters
    ----------
    settings
        Where recent files, the reviewer name, the language and the layout are
        remembered (default: the user's ``QSettings("Gouji", "Gouji")``).
    loader
        The pipeline run in the worker (default
        :func:`gouji.gui.workers.load_document`); tests may pass another
        function with the same signature.
    review_folder
        Fallback folder for review files when a document's folder is read-only.
    """

    documentShown = Signal(object)  # a Document (provisional or final) is on screen
    documentLoaded = Signal(object)  # the final Document with findings
    loadFailed = Signal(str)  # the Chinese message (not emitted on cancel)
    loadCancelled = Signal()
    exportFinished = Signal(str)
    importFinished = Signal(int)

    def __init__(
        self,
        settings: QSettings | None = None,
        loader: Loader = load_document,
        review_folder: Path | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.settings = settings or QSettings("Gouji", "Gouji")
        if review_folder is None:
            review_folder = default_review_folder()
        set_language(str(self.settings.value("language", "zh")))
        self._navigating = False
        self._closed = False
        self._bands: BandFinder | None = None
        self._page_click = False  # a selection made by a click on the page: the page stays where it is

        self._build_widgets(loader, review_folder)
        self.review = QtReviewController(
            self, self.tasks, self.findings_panel, self.annotation, review_folder
        )
        self.review.checklist_template = str(self.settings.value("checklist/template", "") or "")
        self.outline_model.status_of = self.review.status_of  # the outline counts what is still 待核实
        self.corrections = QtCorrections(
            self.review, self.content, lambda: self.annotation.reviewer.text().strip()
        )
        self.corrections.status.connect(self.status_label.setText)
        self.statusBar().addPermanentWidget(self.corrections.ocr_label)
        self.menus = QtWindowMenus(self, self.settings)
        # cross-document findings of related documents, looked up in the background
        self.cross = QtCrossFindings(self, self.review, self.findings_panel, review_folder.parent / "facts")
        self.layout_actions = QtLayoutActions(self, self.settings, self.centre, self.panels, self.page_view)
        self.layout_actions.add_to(self.menus.menu_view)
        self._connect()
        self.setAcceptDrops(True)
        self.resize(1400, 900)
        geo = self.settings.value("geometry")
        if geo is not None:
            self.restoreGeometry(geo)
        self.retranslate()
        self._show_welcome()

    # ======================================================================
    # construction
    # ======================================================================
    def _build_widgets(self, loader: Loader, review_folder: Path) -> None:
        self.outline_model = QtOutlineModel(parent=self)
        self.outline = QtOutlineView(self)
        self.outline.setModel(self.outline_model)
        self.outline.setMinimumWidth(220)
        self.content = QtContentPane(self)
        self.page_view = QtPageView(self)
        self.centre = QtCentre(self.page_view, self.content, self)
        self.findings_panel = QtFindingsPanel(self)
        self.annotation = QtAnnotationPanel(self)
        self.annotation.set_reviewer(str(self.settings.value("reviewer", "")))
        self.findings_panel.remember_in(self.settings)  # 显示尾差
        self.addend_frames = AddendFrames(self.page_view, self.findings_panel)
        self.bottom = self._splitter(
            Qt.Orientation.Horizontal, (self.findings_panel, 3), (self.annotation, 1)
        )
        self.top = self._splitter(Qt.Orientation.Horizontal, (self.outline, 0), (self.centre, 1))
        self.main_split = self._splitter(Qt.Orientation.Vertical, (self.top, 3), (self.bottom, 2))
        self.setCentralWidget(self.main_split)
        self.top.setSizes([280, 1120])
        self.centre.split.setSizes([670, 450])
        self.bottom.setSizes([1000, 400])
        self.main_split.setSizes([560, 340])
        for key, split in self._splitters().items():
            st = self.settings.value(key)
            if st is not None:
                split.restoreState(st)
        self.panels = QtPanelToggles(
            {"outline": (self.top, 0), "findings": (self.main_split, 1), "annotation": (self.bottom, 1)}, self
        )

        # status bar: messages, and the progress and cancel button of a load
        self.status_label = QLabel(self)
        self.tasks = QtTaskController(self, loader, review_folder)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.tasks.progress)
        self.statusBar().addPermanentWidget(self.tasks.cancel_button)

        # keyboard order: outline → table / sentences → page → filters → findings → annotation
        a = self.annotation
        order = [self.outline, self.content.table_view, self.content.sentence_view, self.page_view.view]
        order += [*self.findings_panel.filters, self.findings_panel.view]
        order += [a.status, a.comment, a.reviewer, a.add_button]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _splitter(self, orientation: Qt.Orientation, *parts: tuple[QWidget, int]) -> QSplitter:
        """A splitter over ``parts``: (widget, stretch factor) pairs."""
        split = QSplitter(orientation, self)
        for i, (widget, stretch) in enumerate(parts):
            split.addWidget(widget)
            split.setStretchFactor(i, stretch)
        return split

    def _splitters(self) -> dict[str, QSplitter]:
        """The splitters whose state is remembered, by settings key."""
        return {
            "split/main": self.main_split,
            "split/top": self.top,
            "split/bottom": self.bottom,
        }

    def _connect(self) -> None:
        m, review, tasks = self.menus, self.review, self.tasks
        triggers = {
            m.act_open: self.open_dialog,
            m.act_add_file: self.add_file_dialog,
            m.act_export: review.export_dialog,
            m.act_import: review.import_dialog,
            m.act_checklist: lambda: review.checklist_dialog(self.settings),
            m.act_signoff: lambda: review.signoff_dialog(self.settings),
            m.act_new_round: review.new_round_dialog,
            m.act_settings: review.settings_dialog,
            m.act_quit: self.close,
            m.act_zoom_in: self.page_view.zoom_in,
            m.act_zoom_out: self.page_view.zoom_out,
            m.act_fit_width: self.page_view.fit_width,
            m.act_fit_page: self.page_view.fit_page,
            m.act_prev_page: self.page_view.previous_page,
            m.act_next_page: self.page_view.next_page,
            m.act_next_finding: self.next_finding,
            m.act_prev_finding: self.previous_finding,
            m.act_add_finding: self.add_finding_dialog,
        }
        for act, slot in triggers.items():
            act.triggered.connect(slot)
        for st, act in m.act_status.items():
            act.triggered.connect(functools.partial(self.set_current_status, st))
        for code, act in m.act_lang.items():
            act.triggered.connect(functools.partial(self.set_ui_language, code))
        m.menu_recent.fileChosen.connect(self.open_file)

        self.outline.selectionModel().currentChanged.connect(self._on_outline_current)
        self.content.currentItemChanged.connect(self._on_item_current)
        self.findings_panel.currentFindingChanged.connect(self._on_finding_current)
        self.findings_panel.selectedFindingsChanged.connect(self.annotation.set_selection)
        self.annotation.locationActivated.connect(self.navigate_to)
        self.page_view.clickedAt.connect(self._on_page_clicked)
        self.annotation.addFindingRequested.connect(self.add_finding_dialog)
        self.annotation.reviewerChanged.connect(lambda name: self.settings.setValue("reviewer", name))

        tasks.status.connect(self.status_label.setText)
        tasks.cancelled.connect(self.loadCancelled)
        tasks.failed.connect(self.loadFailed)
        tasks.exported.connect(self.exportFinished)
        review.status.connect(self.status_label.setText)
        review.showRequested.connect(self._show_document)
        review.cleared.connect(self._show_nothing)
        review.loaded.connect(self._on_loaded)
        review.findingsChanged.connect(self._on_findings_changed)
        review.reviewEnabled.connect(m.set_review_enabled)
        review.imported.connect(self.importFinished)

    # ======================================================================
    # texts
    # ======================================================================
    def retranslate(self) -> None:
        """Set every text in the current language (called when the language changes)."""
        shown = self.review.shown
        name = document_name(shown) if shown is not None else ""
        self.setWindowTitle(tr("勾稽 — 预决算公开审核") + (f" — {name}" if name else ""))
        self.menus.retranslate()
        self.layout_actions.retranslate()
        self.tasks.retranslate()
        self.content.retranslate()
        self.findings_panel.fill_filters(self.review.doc, self.review.index)
        self.findings_panel.retranslate()
        self.outline_model.retranslate()
        self.page_view.retranslate()
        self.annotation.retranslate()
        self._update_content_title()
        if not self.review.provisional and self.status_label.text() in ("", "Ready", "就绪"):
            self.status_label.setText(tr("就绪"))

    def set_ui_language(self, code: str) -> None:
        set_language(code)
        self.settings.setValue("language", language())
        self.menus.set_language_checked()
        self.retranslate()

    # ======================================================================
    # opening
    # ======================================================================
    def open_dialog(self) -> None:
        path = self.choose_file(tr("打开文件"), tr(OPEN_FILTER, patterns=file_patterns()))
        if path:
            self.open_file(path)

    def choose_file(self, title: str, file_filter: str) -> str:
        """A file chosen to open, the dialog starting in the folder of the last one opened ("" = none)."""
        path, _ = QFileDialog.getOpenFileName(
            self, title, str(self.settings.value("lastDir", "")), file_filter
        )
        return path

    def open_file(self, path: str | Path, manual: bool = False) -> None:
        """Start loading ``path`` in the worker (cancels a load in progress); its folder is remembered.

        ``manual``: in 人工审核模式 (the pages only, see :mod:`gouji.io.manual_review`).
        """
        path = str(path)
        if self.review.open(path, manual=manual):
            self.settings.setValue("lastDir", str(Path(path).parent))

    def add_file_dialog(self) -> None:
        """Choose another file of the disclosure under review (e.g. its tables half) and reload with it."""
        doc = self.review.doc
        if doc is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("添加文件到本公开文件"),
            str(Path(doc.path).parent),
            tr(OPEN_FILTER, patterns=file_patterns()),
        )
        if path:
            self.review.add_file(path)

    def is_loading(self) -> bool:
        return self.tasks.is_loading()

    @property
    def message_box(self) -> QMessageBox | None:
        """The last error box, while it is open (tests and the load benchmark read it)."""
        return self.tasks.message_box

    def _on_loaded(self, doc: Document) -> None:
        self.menus.menu_recent.add_file(doc.path)
        self.documentLoaded.emit(doc)

    # ======================================================================
    # showing a document
    # ======================================================================
    def _show_document(self, doc: Document, index: FindingIndex | None, keep_pages: bool = False) -> None:
        cur = self.outline.currentIndex()
        key = cur.data(KeyRole) if cur.isValid() else None
        self.outline_model.set_document(doc, index)
        self.outline.expandToDepth(0)
        self._bands = BandFinder(doc)
        locate = doc.source_of if doc.sources else None  # a disclosure of several files
        if keep_pages:
            self.page_view.update_pages(doc.page_sizes, doc.page_count, locate)
        else:
            self.page_view.set_document(doc.path, doc.format == "pdf", doc.page_sizes, doc.page_count, locate)
        target = self.outline_model.index_of_key(key) if key else QModelIndex()
        if not target.isValid():
            target = self.outline_model.first_leaf()
        if target.isValid():
            self.outline.setCurrentIndex(target)
        else:
            self._show_welcome()
        self.retranslate()
        self.documentShown.emit(doc)

    def _show_nothing(self) -> None:
        self._bands = None
        self.outline_model.set_document(None)
        self.page_view.set_document(None)
        self._show_welcome()

    def _show_welcome(self) -> None:
        self.content.show_welcome()
        self._update_content_title()

    def _update_content_title(self) -> None:
        self.content.update_title(self.review.provisional, self.review.shown is not None)

    def _on_findings_changed(self) -> None:
        self.content.refresh_findings()
        self.outline_model.refresh_findings()

    def _on_outline_current(self, current: QModelIndex, _prev: QModelIndex = QModelIndex()) -> None:
        if not current.isValid():
            return
        kind = current.data(KindRole)
        node = current.internalPointer()
        if kind in ("table", "perf"):
            self.show_table(node.ref)
        elif kind == "section":
            self.show_section(node.ref)

    def show_table(self, table: Table) -> None:
        """Show ``table`` in the centre and frame its title on the page."""
        if not self.content.show_table(table, self.review.shown_index, self.review.status_of):
            return
        self._update_content_title()
        if not self._navigating and not self._page_click and table.pages:
            self.page_view.highlight(table.pages[0], table.title_bbox)

    def show_section(self, section: Section) -> None:
        """Show the sentences of ``section`` and its sub-sections."""
        doc = self.review.shown
        if doc is None:
            return
        self.content.show_section(doc, section, self.review.shown_index, self.review.status_of)
        self._update_content_title()
        if not self._navigating and not self._page_click and section.page:
            self.page_view.highlight(section.page, section.bbox)

    # ======================================================================
    # navigation: selection ↔ page ↔ findings
    # ======================================================================
    def _on_item_current(self, current: QModelIndex) -> None:
        """A cell or sentence became current: frame it on the page, select its first finding."""
        page = current.data(SourcePageRole)
        if page:
            table = self.content.shown_table()
            bbox = current.data(SourceBBoxRole)
            if self._page_click:
                self.page_view.highlight(page, bbox, scroll=False)
            else:
                self.page_view.highlight(page, bbox, band=self._band(table and table.id, page, bbox))
        if not self._navigating:
            fs = current.data(FindingRole) or []
            if fs:
                self.select_finding(fs[0], navigate=False)

    def _on_page_clicked(self, page: int, x: float, y: float) -> None:
        hit = hit_test(self.review.shown, page, x, y, self.content.shown_model())
        if hit is None:
            return
        self._page_click = True
        try:
            if hit.outline_key is not None:
                self._select_outline(hit.outline_key)
            if hit.sentence is None:
                self.content.select_cell(hit.row, hit.column)
            else:
                self.content.select_sentence(hit.sentence)
        finally:
            self._page_click = False

    def _select_outline(self, key: tuple[str, str]) -> bool:
        idx = self.outline_model.index_of_key(key)
        if not idx.isValid():
            return False
        if self.outline.currentIndex() != idx:
            self.outline.setCurrentIndex(idx)
        self.outline.scrollTo(idx)
        return True

    def _on_finding_current(self, f: Finding) -> None:
        self.annotation.set_finding(f)
        if not self._navigating:
            self.navigate_to(f)

    def navigate_to(self, f: Finding, place: Location | None = None) -> None:
        """Show where ``f`` points (or its ``place``): outline node, table cell or sentence, its box on the page."""
        self._navigating = True
        try:
            loc = (
                place
                or next((lc for lc in f.locations if lc.table or lc.sentence is not None), None)
                or next(iter(f.locations), None)
            )
            if loc is None:
                return
            shown = self.review.shown
            if (
                loc.table
                and self._select_outline(("table", loc.table))
                and self.content.table_model() is not None
            ):
                self.content.reveal_cell(loc.row, loc.column)
            elif loc.sentence is not None and shown is not None:
                s = next((s for s in shown.sentences if s.index == loc.sentence), None)
                if s is not None and self._select_outline(("section", s.section_id)):
                    self.content.select_sentence(s.index, centre=True)
            if loc.page:
                self.page_view.highlight(loc.page, loc.bbox, band=self._band(loc.table, loc.page, loc.bbox))
        finally:
            self._navigating = False

    def _band(self, table: str | None, page: int, bbox: BBox | None) -> Band | None:
        """The part of the page to zoom to around ``bbox``: its table's width and header band, or its text."""
        if bbox is None or self._bands is None:
            return None
        return self._bands.table_band(table, page, bbox) if table else text_band(bbox)

    def select_finding(self, f: Finding, navigate: bool = True) -> bool:
        """Make ``f`` the current row of the findings list (clearing filters that hide it)."""
        was, self._navigating = self._navigating, not navigate
        try:
            return self.findings_panel.select(f)
        finally:
            self._navigating = was

    def current_finding(self) -> Finding | None:
        return self.findings_panel.current_finding()

    def next_finding(self) -> None:
        if self.findings_panel.step(+1):
            self.status_label.setText(tr("已到列表末尾，从第一个问题重新开始。"))

    def previous_finding(self) -> None:
        if self.findings_panel.step(-1):
            self.status_label.setText(tr("已到列表开头，从最后一个问题重新开始。"))

    # ======================================================================
    # review
    # ======================================================================
    def set_current_status(self, status: Status) -> None:
        """Set the status of the selected findings (Alt+1 … Alt+4) and move on to the next 待核实 one."""
        session = self.review.session
        if session is not None and session.locked:  # refused: stay on the finding, say why
            self.status_label.setText(locked_message(session.state))
            return
        self.findings_panel.set_status(status, self.review.set_status)

    def add_manual_finding(self, message: str, severity: Severity = Severity.ERROR) -> Finding | None:
        """Add a reviewer finding at the selected cell or sentence; returns it (None if nothing selected)."""
        f = self.review.add_manual_finding(self.content.current_location(), message, severity)
        if f is not None:
            self.select_finding(f, navigate=False)
        return f

    def add_finding_dialog(self) -> None:
        """Ask for a reviewer finding at the selected cell or sentence, add it and select it."""
        f = self.review.add_finding_dialog(self.content.current_location())
        if f is not None:
            self.select_finding(f, navigate=False)

    # ======================================================================
    # ### Reimplemented Protected Qt Functions ###
    # ======================================================================
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_file(files[0])

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._closed:
            super().closeEvent(event)
            return
        self._closed = True
        self.tasks.shutdown()
        self.review.save_now()
        self.page_view.shutdown()
        self.settings.setValue("geometry", self.saveGeometry())
        for key, split in self._splitters().items():
            self.settings.setValue(key, split.saveState())
        self.layout_actions.save()
        self.settings.setValue("reviewer", self.annotation.reviewer.text().strip())
        self.settings.sync()
        super().closeEvent(event)
