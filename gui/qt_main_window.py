"""The review workbench's main window.

Layout: outline on the left; in the centre the parsed table (or the sentences
of a text section) beside the source page; at the bottom the findings list
with its filters and the annotation panel.  The window only schedules work:
parsing and the rules run in :func:`gouji.gui.workers.load_document` on a
worker thread (:class:`~gouji.gui.workers.QtTask`), the page renders on the
page view's own thread, and the review state is owned by
:class:`~gouji.gui.review_session.QtReviewSession`.

Navigation is one flow: a finding (list, F8 / Shift+F8) selects its outline
node, table cell or sentence, and frames its box on the page; a cell or
sentence selects its first finding and frames itself; a click on the page
selects the cell or sentence printed there.
"""

from __future__ import annotations

import functools
import time
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gouji.gui._style import FindingRole, SourceBBoxRole, SourcePageRole
from gouji.gui.i18n import LANGUAGES, language, set_language, tr
from gouji.gui.qt_annotation import QtAddFindingDialog, QtAnnotationPanel
from gouji.gui.qt_findings_model import COL_MESSAGE, QtFindingsFilterProxy, QtFindingsModel
from gouji.gui.qt_outline import KeyRole, KindRole, QtOutlineModel, QtOutlineView
from gouji.gui.qt_page_view import QtPageView
from gouji.gui.qt_table_model import QtSentenceModel, QtTableModel
from gouji.gui.review_session import (
    QtReviewSession,
    manual_finding,
    review_candidates,
    sentence_location,
    table_cell_location,
)
from gouji.gui.workers import (
    GcPause,
    LoadResult,
    QtTask,
    export_module,
    export_review_workbook,
    import_review_workbook,
    load_document,
)
from gouji.model.document import Document, Section, Table
from gouji.model.findings import FAMILY_LABELS, SEVERITY_LABELS, Family, Finding, Location, Severity
from gouji.model.index import FindingIndex
from gouji.model.review import ReviewState, Status

MAX_RECENT = 8
PARTIAL_MIN_INTERVAL = 1.0  # s between two provisional refreshes of the outline
OPEN_FILTER = "预决算公开文件 (*.pdf *.docx *.xlsx *.xlsm *.txt);;所有文件 (*)"

Loader = Callable[..., LoadResult]


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
        self._loader = loader
        if review_folder is None:
            base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
            review_folder = Path(base or Path.home() / ".gouji") / "reviews"
        self._review_folder = review_folder
        set_language(str(self.settings.value("language", "zh")))

        self.doc: Document | None = None  # the committed document
        self.findings: list[Finding] = []
        self.index: FindingIndex | None = None
        self.session: QtReviewSession | None = None
        self._shown: Document | None = None  # what is on screen (maybe provisional)
        self._shown_index: FindingIndex | None = None
        self._provisional = False
        self._last_partial = 0.0
        self._task: QtTask | None = None
        self._gc = GcPause()
        self._side_tasks: list[QtTask] = []
        self._loading_path: str | None = None
        self._navigating = False
        self._closed = False
        self._current_section: Section | None = None
        self._table_model: QtTableModel | None = None
        self._sentence_model: QtSentenceModel | None = None
        self._findings_model: QtFindingsModel | None = None
        self.message_box: QMessageBox | None = None  # the last error box (tests read it)

        self._build_widgets()
        self._build_actions()
        self._build_menus()
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
    def _build_widgets(self) -> None:
        self.outline_model = QtOutlineModel(parent=self)
        self.outline = QtOutlineView(self)
        self.outline.setModel(self.outline_model)
        self.outline.setMinimumWidth(220)

        self.content_title = QLabel(self)
        self.content_title.setStyleSheet("font-weight: bold")
        self.content_title.setWordWrap(True)
        self.welcome = QLabel(self)
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome.setWordWrap(True)
        self.table_view = QTableView(self)
        self.table_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table_view.setWordWrap(False)
        self.table_view.verticalHeader().setDefaultSectionSize(24)
        self.table_view.horizontalHeader().setDefaultSectionSize(110)
        self.table_view.setStyleSheet("QTableView::item:selected { background: #3d7bd9; color: white; }")
        self.sentence_view = QListView(self)
        self.sentence_view.setWordWrap(True)
        self.sentence_view.setSpacing(2)
        self.sentence_view.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap long sentences on resize
        self.sentence_view.setStyleSheet("QListView::item:selected { background: #3d7bd9; color: white; }")
        self.content_stack = QStackedWidget(self)
        for w in (self.welcome, self.table_view, self.sentence_view):
            self.content_stack.addWidget(w)
        content = QWidget(self)
        cl = QVBoxLayout(content)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.content_title)
        cl.addWidget(self.content_stack, 1)

        self.page_view = QtPageView(self)

        self.centre = QSplitter(Qt.Orientation.Horizontal, self)
        self.centre.addWidget(self.page_view)
        self.centre.addWidget(content)
        self.centre.setStretchFactor(0, 1)
        self.centre.setStretchFactor(1, 1)

        # findings list + filters
        self.findings_proxy = QtFindingsFilterProxy(self)
        self.findings_view = QTableView(self)
        self.findings_view.setModel(self.findings_proxy)
        self.findings_view.setSortingEnabled(True)
        self.findings_view.sortByColumn(
            0, Qt.SortOrder.AscendingOrder
        )  # errors first (stable: rule order kept)
        self.findings_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findings_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.findings_view.verticalHeader().setVisible(False)
        self.findings_view.verticalHeader().setDefaultSectionSize(22)
        self.findings_view.setWordWrap(False)
        self.findings_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.findings_view.setStyleSheet("QTableView::item:selected { background: #3d7bd9; color: white; }")
        self.filter_label = QLabel(self)
        self.filter_severity = QComboBox(self)
        self.filter_family = QComboBox(self)
        self.filter_status = QComboBox(self)
        self.filter_table = QComboBox(self)
        for combo in (self.filter_severity, self.filter_family, self.filter_status):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter_table.setMinimumContentsLength(16)
        self.filter_table.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.filter_label.setBuddy(self.filter_severity)
        self.count_label = QLabel(self)
        self.findings_title = QLabel(self)
        self.findings_title.setStyleSheet("font-weight: bold")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.findings_title)
        bar.addSpacing(12)
        bar.addWidget(self.filter_label)
        for w in (self.filter_severity, self.filter_family, self.filter_status, self.filter_table):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        findings_box = QWidget(self)
        fl = QVBoxLayout(findings_box)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addLayout(bar)
        fl.addWidget(self.findings_view, 1)

        self.annotation = QtAnnotationPanel(self)
        self.annotation.set_reviewer(str(self.settings.value("reviewer", "")))
        self.bottom = QSplitter(Qt.Orientation.Horizontal, self)
        self.bottom.addWidget(findings_box)
        self.bottom.addWidget(self.annotation)
        self.bottom.setStretchFactor(0, 3)
        self.bottom.setStretchFactor(1, 1)

        self.top = QSplitter(Qt.Orientation.Horizontal, self)
        self.top.addWidget(self.outline)
        self.top.addWidget(self.centre)
        self.top.setStretchFactor(0, 0)
        self.top.setStretchFactor(1, 1)
        self.main_split = QSplitter(Qt.Orientation.Vertical, self)
        self.main_split.addWidget(self.top)
        self.main_split.addWidget(self.bottom)
        self.main_split.setStretchFactor(0, 3)
        self.main_split.setStretchFactor(1, 2)
        self.setCentralWidget(self.main_split)
        self.top.setSizes([280, 1120])
        self.centre.setSizes([560, 560])
        self.bottom.setSizes([1000, 400])
        self.main_split.setSizes([560, 340])
        for key, split in (
            ("split/main", self.main_split),
            ("split/top", self.top),
            ("split/centre", self.centre),
            ("split/bottom", self.bottom),
        ):
            st = self.settings.value(key)
            if st is not None:
                split.restoreState(st)

        # status bar
        self.status_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(False)
        self.cancel_button = QToolButton(self)
        self.cancel_button.clicked.connect(self.cancel_loading)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()

        # keyboard order: outline → table / sentences → page → filters → findings → annotation
        order = [
            self.outline,
            self.table_view,
            self.sentence_view,
            self.page_view.view,
            self.filter_severity,
            self.filter_family,
            self.filter_status,
            self.filter_table,
            self.findings_view,
            self.annotation.status,
            self.annotation.comment,
            self.annotation.reviewer,
            self.annotation.add_button,
        ]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def _action(self, slot, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
        a = QAction(self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        a.triggered.connect(slot)
        self.addAction(a)
        return a

    def _build_actions(self) -> None:
        self.act_open = self._action(self.open_dialog, QKeySequence.StandardKey.Open)
        self.act_export = self._action(self.export_dialog, "Ctrl+E")
        self.act_import = self._action(self.import_dialog, "Ctrl+Shift+I")
        self.act_clear_recent = self._action(self._clear_recent)
        self.act_quit = self._action(self.close, QKeySequence.StandardKey.Quit)
        self.act_zoom_in = self._action(self.page_view.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self.act_zoom_out = self._action(self.page_view.zoom_out, QKeySequence.StandardKey.ZoomOut)
        self.act_fit_width = self._action(self.page_view.fit_width, "Ctrl+1")
        self.act_fit_page = self._action(self.page_view.fit_page, "Ctrl+2")
        self.act_prev_page = self._action(self.page_view.previous_page, "Ctrl+PgUp")
        self.act_next_page = self._action(self.page_view.next_page, "Ctrl+PgDown")
        self.act_next_finding = self._action(self.next_finding, "F8")
        self.act_prev_finding = self._action(self.previous_finding, "Shift+F8")
        self.act_add_finding = self._action(self.add_finding_dialog, "Ctrl+Shift+A")
        self.act_status: dict[Status, QAction] = {}
        for i, st in enumerate(Status, 1):
            self.act_status[st] = self._action(functools.partial(self.set_current_status, st), f"Alt+{i}")
        self.act_about = self._action(self._about)
        self.lang_group = QActionGroup(self)
        self.lang_group.setExclusive(True)
        self.act_lang: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            a = QAction(name, self, checkable=True)
            a.setChecked(code == language())
            a.triggered.connect(functools.partial(self.set_ui_language, code))
            self.lang_group.addAction(a)
            self.act_lang[code] = a
        self._export_available = export_module() is not None
        self.act_export.setEnabled(False)
        self.act_import.setEnabled(False)
        self.act_add_finding.setEnabled(False)

    def _build_menus(self) -> None:
        mb = self.menuBar()
        self.menu_file = mb.addMenu("")
        self.menu_file.addAction(self.act_open)
        self.menu_recent = self.menu_file.addMenu("")
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_export)
        self.menu_file.addAction(self.act_import)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_view = mb.addMenu("")
        for a in (self.act_zoom_in, self.act_zoom_out, self.act_fit_width, self.act_fit_page):
            self.menu_view.addAction(a)
        self.menu_view.addSeparator()
        self.menu_view.addAction(self.act_prev_page)
        self.menu_view.addAction(self.act_next_page)
        self.menu_review = mb.addMenu("")
        self.menu_review.addAction(self.act_next_finding)
        self.menu_review.addAction(self.act_prev_finding)
        self.menu_review.addSeparator()
        for a in self.act_status.values():
            self.menu_review.addAction(a)
        self.menu_review.addSeparator()
        self.menu_review.addAction(self.act_add_finding)
        self.menu_lang = mb.addMenu("")
        for a in self.act_lang.values():
            self.menu_lang.addAction(a)
        self.menu_help = mb.addMenu("")
        self.menu_help.addAction(self.act_about)

    def _connect(self) -> None:
        self.outline.selectionModel().currentChanged.connect(self._on_outline_current)
        self.findings_view.selectionModel().currentChanged.connect(self._on_finding_current)
        self.page_view.clickedAt.connect(self._on_page_clicked)
        for combo in (self.filter_severity, self.filter_family, self.filter_status, self.filter_table):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.findings_proxy.rowsInserted.connect(self._update_count)
        self.findings_proxy.rowsRemoved.connect(self._update_count)
        self.findings_proxy.modelReset.connect(self._update_count)
        self.findings_proxy.layoutChanged.connect(self._update_count)
        self.annotation.addFindingRequested.connect(self.add_finding_dialog)
        self.annotation.reviewerChanged.connect(self._on_reviewer_changed)

    # ======================================================================
    # texts
    # ======================================================================
    def retranslate(self) -> None:
        """Set every text in the current language (called when the language changes)."""
        name = Path(self._shown.path).name if self._shown is not None else ""
        self.setWindowTitle(tr("勾稽 — 预决算公开审核") + (f" — {name}" if name else ""))
        self.menu_file.setTitle(tr("文件(&F)"))
        self.menu_recent.setTitle(tr("最近打开(&R)"))
        self.menu_view.setTitle(tr("查看(&V)"))
        self.menu_review.setTitle(tr("审核(&R)"))
        self.menu_lang.setTitle(tr("语言(&L)"))
        self.menu_help.setTitle(tr("帮助(&H)"))
        texts = {
            self.act_open: "打开(&O)…",
            self.act_export: "导出审核工作簿(&E)…",
            self.act_import: "导入审核工作簿(&I)…",
            self.act_quit: "退出(&Q)",
            self.act_zoom_in: "放大",
            self.act_zoom_out: "缩小",
            self.act_fit_width: "适合宽度",
            self.act_fit_page: "适合页面",
            self.act_prev_page: "上一页",
            self.act_next_page: "下一页",
            self.act_next_finding: "下一个问题",
            self.act_prev_finding: "上一个问题",
            self.act_add_finding: "添加问题(&A)…",
            self.act_about: "关于(&A)",
            self.act_clear_recent: "清除最近列表",
        }
        for act, text in texts.items():
            act.setText(tr(text))
        for st, act in self.act_status.items():
            act.setText(tr("标记为“{status}”", status=tr(st.value)))
        if not self._export_available:
            self.act_export.setToolTip(tr("未安装导出模块，无法导出。"))
        self.cancel_button.setText(tr("取消"))
        self.findings_title.setText(tr("问题清单"))
        self.findings_title.setMinimumWidth(self.findings_title.sizeHint().width())
        self.filter_label.setText(tr("筛选(&T)："))
        self.filter_label.setMinimumWidth(self.filter_label.sizeHint().width())
        self.welcome.setText(
            f"<h2>{tr('勾稽 — 预决算公开审核')}</h2><p>{tr('打开一个预决算公开文件（PDF、Word、Excel 或文本）开始审核。')}</p>"
            f"<p style='color:#666'>{tr('可以使用菜单“文件 → 打开”、快捷键 Ctrl+O，或把文件拖到窗口中。')}</p>"
        )
        self._fill_filter_combos()
        self.outline_model.retranslate()
        if self._findings_model is not None:
            self._findings_model.retranslate()
        self.page_view.retranslate()
        self.annotation.retranslate()
        self._rebuild_recent_menu()
        self._update_count()
        self._update_content_title()
        if not self._provisional and self.status_label.text() in ("", "Ready", "就绪"):
            self.status_label.setText(tr("就绪"))

    def _fill_filter_combos(self) -> None:
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
        if self.doc is not None and self.index is not None:
            tables = [(f"{t.id} {t.title}", t.id) for t in self.doc.tables if self.index.table(t.id)]
        fill(self.filter_table, "全部表格", tables)

    def set_ui_language(self, code: str) -> None:
        set_language(code)
        self.settings.setValue("language", language())
        for c, a in self.act_lang.items():
            a.setChecked(c == language())
        self.retranslate()

    # ======================================================================
    # opening
    # ======================================================================
    def open_dialog(self) -> None:
        start = str(self.settings.value("lastDir", ""))
        path, _ = QFileDialog.getOpenFileName(self, tr("打开文件"), start, tr(OPEN_FILTER))
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path) -> None:
        """Start loading ``path`` in the worker (cancels a load in progress)."""
        path = str(path)
        if any(t.objectName() == "export" and t.is_running() for t in self._side_tasks):
            # the export renders with PDFium in this process; so may the reader: never both at once
            self.status_label.setText(tr("正在导出审核工作簿，请在导出完成后再打开其他文件。"))
            return
        if self._task is not None:
            self._task.cancel()
            self._detach(self._task)
            self._task = None
        if self.session is not None:
            self.session.save_now()
        self.settings.setValue("lastDir", str(Path(path).parent))
        self._loading_path = path
        self._last_partial = 0.0
        task = QtTask(
            functools.partial(
                self._loader,
                review_locations=functools.partial(review_candidates, fallback_folder=self._review_folder),
            ),
            path,
            parent=self,
        )
        task.progress.connect(self._on_progress)
        task.partial.connect(self._on_partial)
        task.done.connect(self._on_loaded)
        task.failed.connect(self._on_load_failed)
        task.finished.connect(functools.partial(self._on_task_finished, task))
        self._task = task
        self._gc.pause()
        task.finished.connect(self._gc.resume)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.status_label.setText(tr("正在打开 {name}…", name=Path(path).name))
        task.start()

    def cancel_loading(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def is_loading(self) -> bool:
        return self._task is not None

    def _detach(self, task: QtTask) -> None:
        """Stop listening to an abandoned task; keep it alive until its thread ends."""
        for sig in (task.progress, task.partial, task.done, task.failed):
            sig.disconnect()
        self._side_tasks.append(task)
        task.finished.connect(functools.partial(self._forget_side_task, task))

    def _forget_side_task(self, task: QtTask) -> None:
        if task in self._side_tasks:
            self._side_tasks.remove(task)
            task.deleteLater()

    def _on_task_finished(self, task: QtTask) -> None:
        if task is self._task:
            self._task = None
            self.progress.hide()
            self.cancel_button.hide()
            task.deleteLater()

    def _on_progress(self, frac: float, msg: str) -> None:
        self.progress.setValue(int(frac * 1000))
        if msg:
            name = Path(self._loading_path or "").name
            self.status_label.setText(f"{name}：{msg}")

    def _on_partial(self, doc: Document) -> None:
        if not doc.tables and not doc.sections:
            return
        now = time.monotonic()
        first = not self._provisional or self._shown is None or self._shown.path != doc.path
        grew = self._shown is None or len(doc.tables) > len(self._shown.tables)
        if not first and (not grew or now - self._last_partial < PARTIAL_MIN_INTERVAL):
            return
        self._last_partial = now
        if first and not self._provisional:
            self._detach_review()  # the findings of the previous document must not sit beside this one
        self._provisional = True
        self._show_document(doc, FindingIndex(doc), keep_pages=not first)

    def _on_loaded(self, result: LoadResult) -> None:
        doc = result.document
        if self.session is not None:
            self.session.save_now()
        self.doc = doc
        self.findings = result.findings
        session = QtReviewSession(doc, result.review, self._review_folder, result.review_file, parent=self)
        model = QtFindingsModel(doc, self.findings, session, parent=self)  # connects first: rows exist
        session.annotationChanged.connect(self._on_annotation_changed)  # before the window reacts
        session.manualFindingAdded.connect(self._on_manual_added)
        session.stateReplaced.connect(self._on_state_replaced)
        session.saveFailed.connect(self.status_label.setText)
        old = self.session
        self.session = session
        self.index = FindingIndex(doc, [*result.findings, *session.state.manual_findings])
        self.findings_proxy.setSourceModel(model)
        self._size_findings_columns()
        if self._findings_model is not None:
            self._findings_model.deleteLater()
        self._findings_model = model
        self.annotation.set_session(session)
        if old is not None:
            old.deleteLater()
        keep = self._provisional and self._shown is not None and self._shown.path == doc.path
        self._provisional = False
        self._show_document(doc, self.index, keep_pages=keep)
        self._fill_filter_combos()
        self._apply_filters()
        self.act_export.setEnabled(self._export_available)
        self.act_import.setEnabled(self._export_available)
        self.act_add_finding.setEnabled(True)
        self._add_recent(doc.path)
        self.status_label.setText(
            tr(
                "已打开 {name}：{tables} 张表，{findings} 个问题",
                name=Path(doc.path).name,
                tables=len(doc.tables),
                findings=model.rowCount(),
            )
        )
        self.documentLoaded.emit(doc)

    def _size_findings_columns(self) -> None:
        """Fixed widths for the short columns; the message takes the rest (full text in its tooltip)."""
        h = self.findings_view.horizontalHeader()
        widths = [64, 80, 120, 150, 40, 0, 88, 88, 72, 72]
        for c, wdt in enumerate(widths):
            if c == COL_MESSAGE:
                h.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
            else:
                h.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
                self.findings_view.setColumnWidth(c, wdt)

    def _on_load_failed(self, exc: BaseException) -> None:
        from gouji.io.errors import Cancelled, ReadError

        self._restore_committed()
        if isinstance(exc, Cancelled):
            self.status_label.setText(tr("已取消"))
            self.loadCancelled.emit()
            return
        if isinstance(exc, ReadError):
            title, text, detail = tr("无法打开文件"), exc.message, ""
        else:
            title = tr("解析时发生内部错误")
            text = tr("解析时发生内部错误：{err}", err=f"{type(exc).__name__}: {exc}")
            detail = getattr(exc, "__traceback_text__", "")
        self.status_label.setText(text)
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, self)
        box.button(QMessageBox.StandardButton.Ok).setText(tr("确定"))
        if self._loading_path:
            box.setInformativeText(self._loading_path)
        if detail:
            box.setDetailedText(detail)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.message_box = box
        box.destroyed.connect(lambda *_: setattr(self, "message_box", None))
        box.open()
        self.loadFailed.emit(text)

    def _detach_review(self) -> None:
        self.findings_proxy.setSourceModel(None)
        self.annotation.set_session(None)
        for a in (self.act_export, self.act_import, self.act_add_finding):
            a.setEnabled(False)
        self._update_count()

    def _attach_review(self) -> None:
        if self._findings_model is not None and self.session is not None:
            self.findings_proxy.setSourceModel(self._findings_model)
            self._size_findings_columns()
            self.annotation.set_session(self.session)
            self.act_export.setEnabled(self._export_available)
            self.act_import.setEnabled(self._export_available)
            self.act_add_finding.setEnabled(True)
        self._update_count()

    def _restore_committed(self) -> None:
        """After a failed or cancelled load, put the last good document back (nothing lost)."""
        if self._provisional:
            self._provisional = False
            self._attach_review()
            if self.doc is not None:
                self._show_document(self.doc, self.index)
            else:
                self._shown = None
                self.outline_model.set_document(None)
                self.page_view.set_document(None)
                self._show_welcome()

    # ======================================================================
    # showing a document
    # ======================================================================
    def _show_document(self, doc: Document, index: FindingIndex | None, keep_pages: bool = False) -> None:
        cur = self.outline.currentIndex()
        key = cur.data(KeyRole) if cur.isValid() else None
        self._shown = doc
        self._shown_index = index
        self.outline_model.set_document(doc, index)
        self.outline.expandToDepth(0)
        if keep_pages:
            self.page_view.update_pages(doc.page_sizes, doc.page_count)
        else:
            self.page_view.set_document(doc.path, doc.format == "pdf", doc.page_sizes, doc.page_count)
        target = self.outline_model.index_of_key(key) if key else QModelIndex()
        if not target.isValid():
            target = self._first_leaf()
        if target.isValid():
            self.outline.setCurrentIndex(target)
        else:
            self._show_welcome()
        self.retranslate()
        self.documentShown.emit(doc)

    def _first_leaf(self) -> QModelIndex:
        m = self.outline_model
        for r in range(m.rowCount()):
            g = m.index(r, 0)
            if m.rowCount(g):
                return m.index(0, 0, g)
        return QModelIndex()

    def _show_welcome(self) -> None:
        self.content_stack.setCurrentWidget(self.welcome)
        self._update_content_title()

    def _status_of(self, finding_id: str) -> Status:
        return (
            self.session.status(finding_id)
            if self.session is not None and not self._provisional
            else Status.PENDING
        )

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
        if self._table_model is not None and self._table_model.table() is table:
            self.content_stack.setCurrentWidget(self.table_view)
            return
        model = QtTableModel(table, self._shown_index, self._status_of, parent=self)
        self.table_view.setModel(model)
        if self._table_model is not None:
            self._table_model.deleteLater()
        self._table_model = model
        self.table_view.selectionModel().currentChanged.connect(self._on_cell_current)
        h = self.table_view.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for c, col in enumerate(table.columns):
            width = {"name": 220, "code": 70, "text": 150}.get(col.role, 105)
            self.table_view.setColumnWidth(c, width)
        self.content_stack.setCurrentWidget(self.table_view)
        self._update_content_title()
        if not self._navigating and table.pages:
            self.page_view.highlight(table.pages[0], table.title_bbox)

    def show_section(self, section: Section) -> None:
        """Show the sentences of ``section`` and its sub-sections."""
        doc = self._shown
        if doc is None:
            return
        ids = [section.id]
        for s in doc.sections:  # sections are in document order: children follow parents
            if s.parent in ids:
                ids.append(s.id)
        model = QtSentenceModel(doc, ids, self._shown_index, self._status_of, parent=self)
        self.sentence_view.setModel(model)
        if self._sentence_model is not None:
            self._sentence_model.deleteLater()
        self._sentence_model = model
        self._current_section = section
        self.sentence_view.selectionModel().currentChanged.connect(self._on_sentence_current)
        self.content_stack.setCurrentWidget(self.sentence_view)
        self._update_content_title()
        if not self._navigating and section.page:
            self.page_view.highlight(section.page, section.bbox)

    def _update_content_title(self) -> None:
        w = self.content_stack.currentWidget()
        suffix = tr("（解析中，内容可能不完整）") if self._provisional else ""
        if w is self.table_view and self._table_model is not None:
            t = self._table_model.table()
            bits = [t.title]
            if t.unit:
                bits.append(f"（{t.unit}）")
            if t.pages:
                bits.append(f"  p.{t.pages[0]}" + (f"–{t.pages[-1]}" if len(t.pages) > 1 else ""))
            if t.empty:
                bits.append("  " + (t.empty_note or tr("本表为空表")))
            self.content_title.setText("".join(bits) + suffix)
        elif w is self.sentence_view and self._current_section is not None:
            self.content_title.setText(self._current_section.title + suffix)
        else:
            self.content_title.setText(tr("选择左侧目录中的表格或章节。") if self._shown is not None else "")

    # ======================================================================
    # selection ↔ page ↔ findings
    # ======================================================================
    def _on_cell_current(self, current: QModelIndex, _prev: QModelIndex = QModelIndex()) -> None:
        if not current.isValid():
            return
        page = current.data(SourcePageRole)
        bbox = current.data(SourceBBoxRole)
        if page:
            self.page_view.highlight(page, bbox)
        if not self._navigating:
            fs = current.data(FindingRole) or []
            if fs:
                self.select_finding(fs[0], navigate=False)

    def _on_sentence_current(self, current: QModelIndex, _prev: QModelIndex = QModelIndex()) -> None:
        if not current.isValid():
            return
        page = current.data(SourcePageRole)
        if page:
            self.page_view.highlight(page, current.data(SourceBBoxRole))
        if not self._navigating:
            fs = current.data(FindingRole) or []
            if fs:
                self.select_finding(fs[0], navigate=False)

    def _on_page_clicked(self, page: int, x: float, y: float) -> None:
        w = self.content_stack.currentWidget()
        if w is self.table_view and self._table_model is not None:
            idx = self._table_model.index_at(page, x, y)
            if idx.isValid():
                self.table_view.setCurrentIndex(idx)
                return
        if w is self.sentence_view and self._sentence_model is not None:
            idx = self._sentence_model.index_at(page, x, y)
            if idx.isValid():
                self.sentence_view.setCurrentIndex(idx)
                return
        doc = self._shown
        if doc is None:
            return
        for t in doc.tables:  # another table printed on this page
            if page in t.pages:
                probe = QtTableModel(t)
                idx = probe.index_at(page, x, y)
                if idx.isValid():
                    self._select_outline(("table", t.id))
                    self.table_view.setCurrentIndex(self._table_model.index(idx.row(), idx.column()))
                    return
        for s in doc.sentences:
            b = s.bbox
            if s.page == page and b is not None and b.x0 <= x <= b.x1 and b.top <= y <= b.bottom:
                sec = doc.section(s.section_id)
                if sec is not None:
                    self._select_outline(("section", sec.id))
                    if self._sentence_model is not None:
                        self.sentence_view.setCurrentIndex(self._sentence_model.index_of(s.index))
                return

    def _select_outline(self, key: tuple[str, str]) -> bool:
        idx = self.outline_model.index_of_key(key)
        if not idx.isValid():
            return False
        if self.outline.currentIndex() != idx:
            self.outline.setCurrentIndex(idx)
        self.outline.scrollTo(idx)
        return True

    def _on_finding_current(self, current: QModelIndex, _prev: QModelIndex = QModelIndex()) -> None:
        if not current.isValid():
            return
        f: Finding = current.data(FindingRole)
        self.annotation.set_finding(f)
        if not self._navigating:
            self.navigate_to(f)

    def navigate_to(self, f: Finding) -> None:
        """Show where ``f`` points: outline node, table cell or sentence, and its box on the page."""
        self._navigating = True
        try:
            loc = next((lc for lc in f.locations if lc.table or lc.sentence is not None), None) or next(
                iter(f.locations), None
            )
            if loc is None:
                return
            if loc.table and self._select_outline(("table", loc.table)) and self._table_model is not None:
                idx = (
                    self._table_model.index_of(loc.row, loc.column) if loc.row is not None else QModelIndex()
                )
                if idx.isValid():
                    self.table_view.setCurrentIndex(idx)
                    self._scroll_table_to(idx)
                else:
                    self.table_view.clearSelection()
            elif loc.sentence is not None and self._shown is not None:
                s = next((s for s in self._shown.sentences if s.index == loc.sentence), None)
                if (
                    s is not None
                    and self._select_outline(("section", s.section_id))
                    and self._sentence_model is not None
                ):
                    idx = self._sentence_model.index_of(s.index)
                    self.sentence_view.setCurrentIndex(idx)
                    self.sentence_view.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)
            if loc.page:
                self.page_view.highlight(loc.page, loc.bbox)
        finally:
            self._navigating = False

    def _scroll_table_to(self, idx: QModelIndex) -> None:
        """Bring a cell into view: centred vertically, horizontally only as far as needed."""
        h = self.table_view.horizontalScrollBar().value()
        self.table_view.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.table_view.horizontalScrollBar().setValue(h)
        self.table_view.scrollTo(idx, QAbstractItemView.ScrollHint.EnsureVisible)

    def select_finding(self, f: Finding, navigate: bool = True) -> bool:
        """Make ``f`` the current row of the findings list (clearing filters that hide it)."""
        model = self._findings_model
        if model is None:
            return False
        r = model.row_of(f.id)
        if r < 0:
            return False
        pidx = self.findings_proxy.mapFromSource(model.index(r, 0))
        if not pidx.isValid():
            for combo in (self.filter_severity, self.filter_family, self.filter_status, self.filter_table):
                combo.setCurrentIndex(0)
            pidx = self.findings_proxy.mapFromSource(model.index(r, 0))
        was = self._navigating
        self._navigating = not navigate
        try:
            self.findings_view.selectionModel().setCurrentIndex(
                pidx,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.findings_view.scrollTo(pidx)
        finally:
            self._navigating = was
        return True

    def current_finding(self) -> Finding | None:
        idx = self.findings_view.currentIndex()
        return idx.data(FindingRole) if idx.isValid() else None

    def next_finding(self) -> None:
        self._step_finding(+1)

    def previous_finding(self) -> None:
        self._step_finding(-1)

    def _step_finding(self, step: int) -> None:
        n = self.findings_proxy.rowCount()
        if not n:
            return
        cur = self.findings_view.currentIndex()
        visited = cur.isValid() and self.findings_view.selectionModel().isRowSelected(
            cur.row(), QModelIndex()
        )
        r = (cur.row() + step) % n if visited else (0 if step > 0 else n - 1)
        idx = self.findings_proxy.index(r, 0)
        self.findings_view.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.findings_view.scrollTo(idx)

    def _apply_filters(self) -> None:
        self.findings_proxy.set_filters(
            severity=self.filter_severity.currentData(),
            family=self.filter_family.currentData(),
            status=self.filter_status.currentData(),
            table=self.filter_table.currentData(),
        )
        self._update_count()

    def _update_count(self, *_: object) -> None:
        src = self.findings_proxy.sourceModel()
        total = src.rowCount() if src is not None else 0
        text = tr("{shown} / {total} 个问题", shown=self.findings_proxy.rowCount(), total=total)
        if isinstance(src, QtFindingsModel) and self.session is not None:
            done = sum(1 for r in range(total) if self.session.status(src.finding(r).id) != Status.PENDING)
            text += tr("，已处理 {done}", done=done)
        self.count_label.setText(text)
        self.count_label.setMinimumWidth(self.count_label.sizeHint().width())

    # ======================================================================
    # review
    # ======================================================================
    def _on_annotation_changed(self, _fid: str) -> None:
        for m in (self._table_model, self._sentence_model):
            if m is not None:
                m.refresh_findings()
        self.outline_model.refresh_findings()
        self._update_count()

    def _on_manual_added(self, f: Finding) -> None:
        if self.index is not None:
            self.index.add(f)
        self._on_annotation_changed(f.id)
        self._fill_filter_combos()

    def _on_state_replaced(self) -> None:
        if self.doc is not None and self.session is not None:
            self.index = FindingIndex(self.doc, [*self.findings, *self.session.state.manual_findings])
            self._show_document(self.doc, self.index, keep_pages=True)

    def set_current_status(self, status: Status) -> None:
        """Set the status of the selected finding (Alt+1 … Alt+4)."""
        f = self.current_finding()
        if f is not None and self.session is not None and not self._provisional:
            self.session.annotate(f.id, status=status, reviewer=self.annotation.reviewer.text().strip())

    def _on_reviewer_changed(self, name: str) -> None:
        self.settings.setValue("reviewer", name)

    def current_location(self) -> Location | None:
        """The selected cell or sentence, as a finding location (None when nothing is selected)."""
        w = self.content_stack.currentWidget()
        if w is self.table_view and self._table_model is not None:
            idx = self.table_view.currentIndex()
            row = self._table_model.row_for(idx)
            if row is not None:
                t = self._table_model.table()
                return table_cell_location(t, row.index, t.columns[idx.column()].index)
        if w is self.sentence_view and self._sentence_model is not None:
            idx = self.sentence_view.currentIndex()
            if idx.isValid():
                return sentence_location(self._sentence_model.sentence(idx.row()))
        return None

    def add_manual_finding(self, message: str, severity: Severity = Severity.ERROR) -> Finding | None:
        """Add a reviewer finding at the selected cell or sentence; returns it (None if nothing selected)."""
        loc = self.current_location()
        if loc is None or self.session is None or self._provisional:
            return None
        f = manual_finding(message, severity, loc, self.annotation.reviewer.text().strip())
        self.session.add_manual_finding(f)
        self.select_finding(f, navigate=False)
        return f

    def add_finding_dialog(self) -> None:
        loc = self.current_location()
        if loc is None or self.session is None:
            self.status_label.setText(tr("请先选择一个单元格或句子。"))
            return
        where = " / ".join(b for b in (loc.table, loc.row_name, loc.column_label, (loc.text or "")[:80]) if b)
        dlg = QtAddFindingDialog(where, self)
        if dlg.exec() == QtAddFindingDialog.DialogCode.Accepted:
            sev, msg = dlg.values()
            self.add_manual_finding(msg, sev)
        dlg.deleteLater()

    # ======================================================================
    # export / import
    # ======================================================================
    def export_dialog(self) -> None:
        if self.doc is None:
            return
        default = str(Path(self.doc.path).with_suffix("")) + "_审核.xlsx"
        path, _ = QFileDialog.getSaveFileName(
            self, tr("导出审核工作簿(&E)…").replace("(&E)", ""), default, tr("Excel 工作簿 (*.xlsx)")
        )
        if path:
            self.export_to(path)

    def export_to(self, out_path: str) -> QtTask | None:
        """Write the review workbook in a worker; ``exportFinished`` tells when it is done."""
        if self.doc is None or self.session is None or not self._export_available or self._task is not None:
            return None  # not while a document loads (both may use PDFium in this process)
        self.session.save_now()
        state = self.session.state.model_copy(deep=True)
        task = QtTask(export_review_workbook, self.doc, list(self.findings), state, out_path, parent=self)
        task.setObjectName("export")
        task.done.connect(
            lambda p: (self.status_label.setText(tr("导出完成：{path}", path=p)), self.exportFinished.emit(p))
        )
        task.failed.connect(lambda e: self._error_box(tr("导出失败"), f"{type(e).__name__}: {e}"))
        task.progress.connect(
            lambda frac, msg: self.status_label.setText(
                f"{tr('导出审核工作簿(&E)…').replace('(&E)…', '')}：{msg}"
                if msg
                else self.status_label.text()
            )
        )
        self._start_side_task(task)
        return task

    def import_dialog(self) -> None:
        if self.doc is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("导入审核工作簿(&I)…").replace("(&I)", ""),
            str(Path(self.doc.path).parent),
            tr("Excel 工作簿 (*.xlsx)"),
        )
        if path:
            self.import_from(path)

    def import_from(self, path: str) -> QtTask | None:
        if self.doc is None or self.session is None:
            return None
        task = QtTask(import_review_workbook, path, parent=self)
        task.done.connect(self._merge_imported)
        task.failed.connect(lambda e: self._error_box(tr("导入失败"), str(e)))
        self._start_side_task(task)
        return task

    def _merge_imported(self, state: ReviewState) -> None:
        if self.session is None:
            return
        if state.sha256 != self.session.state.sha256:
            self._error_box(tr("导入失败"), tr("导入的工作簿属于另一个文件（SHA-256 不同），未合并。"))
            return
        n = self.session.merge(state)
        self.status_label.setText(tr("已合并 {n} 条审核记录", n=n))
        self.importFinished.emit(n)

    def _start_side_task(self, task: QtTask) -> None:
        self._side_tasks.append(task)
        task.finished.connect(functools.partial(self._forget_side_task, task))
        task.start()

    def _error_box(self, title: str, text: str) -> None:
        self.status_label.setText(text)
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.button(QMessageBox.StandardButton.Ok).setText(tr("确定"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.destroyed.connect(lambda *_: setattr(self, "message_box", None))
        box.open()

    # ======================================================================
    # recent files, about
    # ======================================================================
    def recent_files(self) -> list[str]:
        v = self.settings.value("recentFiles", [])
        if isinstance(v, str):
            v = [v]
        return [str(p) for p in (v or [])]

    def _add_recent(self, path: str) -> None:
        files = [p for p in self.recent_files() if p != path]
        files.insert(0, path)
        self.settings.setValue("recentFiles", files[:MAX_RECENT])
        self._rebuild_recent_menu()

    def _clear_recent(self) -> None:
        self.settings.setValue("recentFiles", [])
        self._rebuild_recent_menu()

    def _rebuild_recent_menu(self) -> None:
        self.menu_recent.clear()
        files = self.recent_files()
        if not files:
            a = self.menu_recent.addAction(tr("（无）"))
            a.setEnabled(False)
            return
        for i, p in enumerate(files, 1):
            a = self.menu_recent.addAction(f"&{i} {Path(p).name}" if i < 10 else Path(p).name)
            a.setToolTip(p)
            a.triggered.connect(functools.partial(self.open_file, p))
        self.menu_recent.addSeparator()
        self.menu_recent.addAction(self.act_clear_recent)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            tr("关于勾稽"),
            tr("勾稽：预决算公开审核工作台。\n解析公开表格与文字说明，执行勾稽规则，标注并导出审核工作簿。"),
        )

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
        if self._task is not None:
            self._task.cancel()
            self._task.wait(5.0)
        for t in list(self._side_tasks):
            t.cancel()
            t.wait(10.0)
        self._gc.release_all()
        if self.session is not None:
            self.session.save_now()
        self.page_view.shutdown()
        self.settings.setValue("geometry", self.saveGeometry())
        for key, split in (
            ("split/main", self.main_split),
            ("split/top", self.top),
            ("split/centre", self.centre),
            ("split/bottom", self.bottom),
        ):
            self.settings.setValue(key, split.saveState())
        self.settings.setValue("reviewer", self.annotation.reviewer.text().strip())
        self.settings.sync()
        super().closeEvent(event)
