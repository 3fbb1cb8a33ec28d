"""The main window's menu bar: its actions, their shortcuts, and their texts in the UI language.

:class:`QtWindowMenus` creates the workbench's actions (added to the window,
so that their shortcuts work wherever the focus is) and the menus 文件 /
查看 / 审核 / 语言 / 帮助 with the 最近打开 submenu.  The window connects the
actions to its slots; :meth:`~QtWindowMenus.retranslate` sets the texts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from gouji.gui.i18n import LANGUAGES, language, tr
from gouji.gui.recent_files import QtRecentFilesMenu
from gouji.gui.region_draw import QtRegionFinding
from gouji.gui.related import QtRelatedDialog, open_beside
from gouji.gui.workers import QtTask, TaskState
from gouji.io.manual_review import MANUAL_NOTE
from gouji.model.document import Document
from gouji.model.findings import Finding
from gouji.model.review import ReviewState, Status

if TYPE_CHECKING:  # pypdf and openpyxl are imported when an annotated PDF is first written, not at start-up
    from gouji.io.export.annotated_pdf import AnnotatedPdf

Shortcut = QKeySequence | QKeySequence.StandardKey | str


def write_annotated_pdf(
    doc: Document, findings: list[Finding], review: ReviewState, out: str, *, state: TaskState
) -> "AnnotatedPdf":
    """The annotated PDF (标注版 PDF) of the document under review (runs in a worker)."""
    from gouji.io.export.annotated_pdf import export_annotated_pdf

    return export_annotated_pdf(doc, findings, review, Path(out))


class QtWindowMenus(QObject):
    """The actions and menus of ``window``.

    Parameters
    ----------
    window
        The main window: parent of the actions and owner of the menu bar.
    settings
        Where the recent files are kept.
    """

    #: the annotated PDF was written (its :class:`AnnotatedPdf`), or could not be (the Chinese message)
    annotatedPdfWritten = Signal(object)
    annotatedPdfFailed = Signal(str)

    def __init__(self, window: QMainWindow, settings: QSettings):
        super().__init__(window)
        self._window = window
        self._pdf_task: QtTask | None = None
        self.act_open = self._action(QKeySequence.StandardKey.Open)
        self.act_open_manual = self._action()  # 人工审核模式: the pages only, findings drawn by hand
        self.act_open_manual.triggered.connect(self.open_manual_dialog)
        self.act_add_file = self._action()  # another file of the disclosure under review
        self.act_related = self._action()  # 相关文件: related disclosures in the same folder
        self.act_related.triggered.connect(self.show_related)
        self.act_export = self._action("Ctrl+E")
        self.act_annotated_pdf = self._action("Ctrl+Shift+P")  # 导出标注版 PDF: confirmed problems marked
        self.act_annotated_pdf.triggered.connect(self.annotated_pdf_dialog)
        self.act_import = self._action("Ctrl+Shift+I")
        self.act_checklist = self._action()  # 检查表设置: template, 公开网址, 公开日期
        self.act_quit = self._action(QKeySequence.StandardKey.Quit)
        self.act_zoom_in = self._action(QKeySequence.StandardKey.ZoomIn)
        self.act_zoom_out = self._action(QKeySequence.StandardKey.ZoomOut)
        self.act_fit_width = self._action("Ctrl+1")
        self.act_fit_page = self._action("Ctrl+2")
        self.act_prev_page = self._action("Ctrl+PgUp")
        self.act_next_page = self._action("Ctrl+PgDown")
        self.act_next_finding = self._action("F8")
        self.act_prev_finding = self._action("Shift+F8")
        self.act_add_finding = self._action("Ctrl+Shift+A")
        self.region = QtRegionFinding(window)  # 框选添加问题: draw a finding on the page
        self.act_draw_region = self._action("Ctrl+Shift+R")
        self.act_draw_region.setCheckable(True)
        self.act_draw_region.toggled.connect(self.region.draw.set_active)
        self.region.draw.activeChanged.connect(self.act_draw_region.setChecked)
        window.documentShown.connect(self._on_document_shown)  # type: ignore[attr-defined]
        self.act_signoff = self._action("Ctrl+Shift+S")  # 完成审核 / 签字 (locks the review)
        self.act_new_round = self._action()  # 开始新一轮审核 (clears the signature)
        self.act_settings = self._action()  # 设置: where review files are kept
        self.act_status = {st: self._action(f"Alt+{i}") for i, st in enumerate(Status, 1)}
        self.act_about = self._action()
        self.act_about.triggered.connect(self.about)
        self.lang_group = QActionGroup(window)
        self.lang_group.setExclusive(True)
        self.act_lang: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            a = QAction(name, window, checkable=True)
            a.setChecked(code == language())
            self.lang_group.addAction(a)
            self.act_lang[code] = a
        self.set_review_enabled(False)

        mb = window.menuBar()
        self.menu_file = mb.addMenu("")
        self.menu_file.addAction(self.act_open)
        self.menu_file.addAction(self.act_open_manual)
        self.menu_file.addAction(self.act_add_file)
        self.menu_file.addAction(self.act_related)
        self.menu_recent = QtRecentFilesMenu(settings, self.menu_file)
        self.menu_file.addMenu(self.menu_recent)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_export)
        self.menu_file.addAction(self.act_annotated_pdf)
        self.menu_file.addAction(self.act_import)
        self.menu_file.addAction(self.act_checklist)
        self.menu_file.addAction(self.act_settings)
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
        self.menu_review.addAction(self.act_draw_region)
        self.menu_review.addSeparator()
        self.menu_review.addAction(self.act_signoff)
        self.menu_review.addAction(self.act_new_round)
        self.menu_lang = mb.addMenu("")
        for a in self.act_lang.values():
            self.menu_lang.addAction(a)
        self.menu_help = mb.addMenu("")
        self.menu_help.addAction(self.act_about)

    def _action(self, shortcut: Shortcut | None = None) -> QAction:
        a = QAction(self._window)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        self._window.addAction(a)
        return a

    def set_review_enabled(self, enabled: bool) -> None:
        """Enable the actions that need a loaded review."""
        self.act_add_file.setEnabled(enabled)
        self.act_related.setEnabled(enabled)
        self.act_export.setEnabled(enabled)
        self.act_annotated_pdf.setEnabled(enabled)
        self.act_import.setEnabled(enabled)
        self.act_checklist.setEnabled(enabled)
        self.act_add_finding.setEnabled(enabled)
        self.act_draw_region.setEnabled(enabled)
        if not enabled:
            self.region.draw.set_active(False)
        self.act_signoff.setEnabled(enabled)
        self.act_new_round.setEnabled(enabled)

    def set_language_checked(self) -> None:
        """Check the entry of the current UI language in 语言."""
        for code, a in self.act_lang.items():
            a.setChecked(code == language())

    def retranslate(self) -> None:
        texts = {  # a menu's title is the text of its menu action
            self.menu_file.menuAction(): "文件(&F)",
            self.menu_view.menuAction(): "查看(&V)",
            self.menu_review.menuAction(): "审核(&R)",
            self.menu_lang.menuAction(): "语言(&L)",
            self.menu_help.menuAction(): "帮助(&H)",
            self.act_open: "打开(&O)…",
            self.act_open_manual: "以人工审核模式打开(&M)…",
            self.act_add_file: "添加文件到本公开文件(&D)…",
            self.act_related: "相关文件(&G)…",
            self.act_export: "导出审核工作簿(&E)…",
            self.act_annotated_pdf: "导出标注版 PDF(&P)…",
            self.act_import: "导入审核工作簿(&I)…",
            self.act_checklist: "检查表设置(&K)…",
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
            self.act_draw_region: "框选添加问题(&B)",
            self.act_signoff: "完成审核 / 签字(&S)…",
            self.act_new_round: "开始新一轮审核(&N)…",
            self.act_settings: "设置(&T)…",
            self.act_about: "关于(&A)",
        }
        for act, text in texts.items():
            act.setText(tr(text))
        self.menu_recent.retranslate()
        for st, act in self.act_status.items():
            act.setText(tr("标记为“{status}”", status=tr(st.value)))

    def show_related(self) -> None:
        """相关文件…: the disclosures of the open document's folder related to it (a dialog)."""
        doc = self._window.review.doc  # type: ignore[attr-defined]
        if doc is None:
            return
        self.related = QtRelatedDialog(self._window, doc, lambda path: open_beside(self._window, path))
        self.related.show()

    def open_manual_dialog(self) -> None:
        """文件 → 以人工审核模式打开…: a PDF shown page by page, without reading its tables and text."""
        path = self._window.choose_file(tr("以人工审核模式打开"), tr("PDF 文件 (*.pdf)"))  # type: ignore[attr-defined]
        if path:
            self._window.open_file(path, manual=True)  # type: ignore[attr-defined]

    def _on_document_shown(self, doc: Document) -> None:
        """In 人工审核模式 the centre says what to do instead of showing a table."""
        if MANUAL_NOTE in doc.warnings:
            self._window.content.welcome.setText(f"<p>{tr(MANUAL_NOTE)}</p>")  # type: ignore[attr-defined]

    def annotated_pdf_dialog(self) -> None:
        """文件 → 导出标注版 PDF…: choose where, then write it in a worker."""
        doc = self._window.review.doc  # type: ignore[attr-defined]
        if doc is None:
            return
        default = str(Path(doc.path).with_suffix("")) + "_标注版.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self._window, tr("导出标注版 PDF"), default, tr("PDF 文件 (*.pdf)")
        )
        if path:
            self.export_annotated_pdf(path)

    def export_annotated_pdf(self, out_path: str) -> QtTask | None:
        """Write the annotated PDF of the document under review to ``out_path`` (a worker; one at a time)."""
        review = self._window.review  # type: ignore[attr-defined]
        if review.doc is None or review.session is None or self._pdf_task is not None:
            return None
        review.session.save_now()
        state = review.session.state.model_copy(deep=True)
        task = QtTask(write_annotated_pdf, review.doc, list(review.findings), state, out_path, parent=self)
        task.done.connect(self._annotated_written)
        task.failed.connect(self._annotated_failed)
        task.finished.connect(self._annotated_finished)
        self._pdf_task = task
        review.status.emit(tr("正在导出标注版 PDF…"))
        self._window.tasks.start_side_task(task)  # type: ignore[attr-defined]  # closing waits for it
        return task

    def _annotated_written(self, got: "AnnotatedPdf") -> None:
        review = self._window.review  # type: ignore[attr-defined]
        names = "、".join(str(p) for p in got.written)
        text = tr("已导出标注版 PDF：{path}（{n} 个确认问题）", path=names, n=got.problems)
        review.status.emit(text)
        if got.notes:
            self._window.tasks.warn(tr("导出标注版 PDF"), text + "\n" + "\n".join(got.notes))  # type: ignore[attr-defined]
        self.annotatedPdfWritten.emit(got)

    def _annotated_failed(self, exc: BaseException) -> None:
        text = str(exc) if isinstance(exc, ValueError) else tr("无法写入标注版 PDF：{err}", err=str(exc))
        self._window.tasks.warn(tr("导出标注版 PDF"), text)  # type: ignore[attr-defined]
        self.annotatedPdfFailed.emit(text)

    def _annotated_finished(self) -> None:
        self._pdf_task = None  # (the task controller deletes the task)

    def about(self) -> None:
        QMessageBox.about(
            self._window,
            tr("关于勾稽"),
            tr("勾稽：预决算公开审核工作台。\n解析公开表格与文字说明，执行勾稽规则，标注并导出审核工作簿。"),
        )
