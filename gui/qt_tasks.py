"""The main window's worker tasks: loading a document, exporting and importing a review workbook.

:class:`QtTaskController` starts the functions of :mod:`gouji.gui.workers` on
worker threads (:class:`~gouji.gui.workers.QtTask`).  One document load runs
at a time: a new one abandons the old (which is kept alive, unheard, until its
thread ends).  Exports (the workbook, the annotated PDF) and imports run
beside it as side tasks, which closing the window waits for.  The
controller owns the status bar's progress bar and cancel button, pauses the
garbage collector while a load runs, shows failures in message boxes, and
reports the rest through signals; the document and the review stay with the
window.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressBar, QToolButton, QWidget

from gouji.gui.i18n import tr
from gouji.gui.workers import (
    GcPause,
    LoadResult,
    QtTask,
    export_review_workbook,
    import_review_workbook,
)
from gouji.model.document import Document
from gouji.model.findings import Finding
from gouji.model.review import ReviewState
from gouji.model.review_place import load_store

Loader = Callable[..., LoadResult]
#: the page count in a progress message ("正在识别扫描页（OCR）：第 3/8 页")
_PAGE_OF = re.compile(r"第 ?(?P<i>\d+) ?/ ?(?P<n>\d+) ?页")


class QtTaskController(QObject):
    """Starts, follows and stops the window's worker tasks.

    Parameters
    ----------
    window
        Parent of the progress widgets and the message boxes.
    loader
        The load pipeline (:func:`gouji.gui.workers.load_document` or a
        function with its signature).
    review_folder
        The fallback folder searched for saved reviews.
    """

    status = Signal(str)  # a message for the status bar
    partial = Signal(object)  # a provisional Document of the running load
    loaded = Signal(object)  # the LoadResult
    aborted = Signal()  # the load failed or was cancelled (sent before ``cancelled`` / ``failed``)
    cancelled = Signal()
    failed = Signal(str)  # the message of a failed load (its box is open)
    exported = Signal(str)  # the workbook written
    imported = Signal(object)  # the ImportedReview read from a workbook (state and problems)

    def __init__(self, window: QWidget, loader: Loader, review_folder: Path):
        super().__init__(window)
        self._window = window
        self._loader = loader
        self._review_folder = review_folder
        self._task: QtTask | None = None
        self._side_tasks: list[QtTask] = []
        self._gc = GcPause()
        self._loading: list[str] = []  # the file(s) of the running load
        self._loading_name = ""
        self._pages = ""  # "第 i/n 页" of the running load's OCR, when it reports pages
        self.message_box: QMessageBox | None = None  # the last error box (tests read it)
        self.progress = QProgressBar(window)
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(False)
        self.cancel_button = QToolButton(window)
        self.cancel_button.clicked.connect(self.cancel_load)
        self.progress.hide()
        self.cancel_button.hide()

    def retranslate(self) -> None:
        self.cancel_button.setText(tr("取消"))

    # --- loading ------------------------------------------------------------
    def load_task(self) -> QtTask | None:
        """The running load (None when no document is loading)."""
        return self._task

    def is_loading(self) -> bool:
        return self._task is not None

    def is_exporting(self) -> bool:
        return any(t.objectName() == "export" and t.is_running() for t in self._side_tasks)

    def abandon_load(self) -> None:
        """Cancel the running load and stop listening to it; it is kept alive until its thread ends."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            for sig in (task.progress, task.partial, task.done, task.failed):
                sig.disconnect()
            self._keep_until_finished(task)

    def load(self, path: str | list[str], manual: bool = False) -> None:
        """Start loading ``path`` (call :meth:`abandon_load` first if another load runs).

        A list of files is loaded as one disclosure (the loader reads them as one document);
        ``manual``: in 人工审核模式 (pages only, see :mod:`gouji.io.manual_review`).
        """
        files = self._loading = [path] if isinstance(path, str) else list(path)
        self._loading_name = " + ".join(Path(p).name for p in files)
        task = QtTask(
            functools.partial(
                self._loader,
                review_locations=load_store(self._review_folder).candidates,  # the place chosen in 设置
                **({"manual": True} if manual else {}),
            ),
            path,
            parent=self,
        )
        task.progress.connect(self._on_progress)
        task.partial.connect(self.partial)
        task.done.connect(self.loaded)
        task.failed.connect(self._on_failed)
        task.finished.connect(functools.partial(self._on_finished, task))
        self._task = task
        self._gc.pause()
        task.finished.connect(self._gc.resume)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        self._pages = ""
        self.progress.show()
        self.cancel_button.show()
        self.status.emit(tr("正在打开 {name}…", name=self._loading_name))
        task.start()

    def cancel_load(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _on_progress(self, frac: float, msg: str) -> None:
        self.progress.setValue(int(frac * 1000))
        pages = _PAGE_OF.search(msg)
        if pages:  # OCR reports "第 i/n 页": the bar shows the page count
            self._pages = tr("第 {i}/{n} 页", i=pages["i"], n=pages["n"])
            self.progress.setFormat(self._pages)
            self.progress.setTextVisible(True)
        if msg:
            self.status.emit(f"{self._loading_name}：{msg}")

    def _on_failed(self, exc: BaseException) -> None:
        from gouji.io.errors import Cancelled, ReadError

        self.aborted.emit()
        if isinstance(exc, Cancelled):
            where = tr("（识别到{pages}，重新打开时会重新识别）", pages=self._pages) if self._pages else ""
            self.status.emit(
                tr(
                    "已取消打开 {name}{where}：原来打开的文件和审核记录都没有改动。",
                    name=self._loading_name,
                    where=where,
                )
            )
            self.cancelled.emit()
            return
        if isinstance(exc, ReadError):
            title, text, detail = tr("无法打开文件"), exc.message, ""
        else:
            title = tr("解析时发生内部错误")
            text = tr("解析时发生内部错误：{err}", err=f"{type(exc).__name__}: {exc}")
            detail = getattr(exc, "__traceback_text__", "")
        self.status.emit(text)
        failed_file = exc.path if isinstance(exc, ReadError) and len(self._loading) > 1 else None
        where = failed_file or "\n".join(self._loading)
        self._open_box(QMessageBox.Icon.Critical, title, text, where, detail, modal=True)
        self.failed.emit(text)

    def _on_finished(self, task: QtTask) -> None:
        if task is self._task:
            self._task = None
            self.progress.hide()
            self.cancel_button.hide()
            task.deleteLater()

    # --- export and import --------------------------------------------------
    def export(
        self,
        doc: Document,
        findings: list[Finding],
        state: ReviewState,
        out_path: str,
        checklist: str | None = None,
    ) -> QtTask:
        """Write the review workbook in a worker (``checklist``: a 检查表 template file, None = the default)."""
        task = QtTask(export_review_workbook, doc, findings, state, out_path, checklist, parent=self)
        task.setObjectName("export")
        task.done.connect(lambda p: (self.status.emit(tr("导出完成：{path}", path=p)), self.exported.emit(p)))
        task.failed.connect(lambda e: self.warn(tr("导出失败"), f"{type(e).__name__}: {e}"))
        task.progress.connect(self._on_export_progress)
        self.start_side_task(task)
        return task

    def _on_export_progress(self, _frac: float, msg: str) -> None:
        if msg:
            self.status.emit(f"{tr('导出审核工作簿(&E)…').replace('(&E)…', '')}：{msg}")

    def import_review(self, path: str) -> QtTask:
        """Read a review workbook in a worker; :attr:`imported` hands over its ImportedReview."""
        task = QtTask(import_review_workbook, path, parent=self)
        task.done.connect(self.imported)
        task.failed.connect(lambda e: self.warn(tr("导入失败"), str(e)))
        self.start_side_task(task)
        return task

    def start_side_task(self, task: QtTask) -> None:
        """Start ``task`` beside the load; it is kept until it ends, and closing the window waits for it
        (:meth:`shutdown`).  The window's exports and imports, and the menus' annotated PDF, run so."""
        self._keep_until_finished(task)
        task.start()

    def _keep_until_finished(self, task: QtTask) -> None:
        self._side_tasks.append(task)
        task.finished.connect(functools.partial(self._forget_side_task, task))

    def _forget_side_task(self, task: QtTask) -> None:
        if task in self._side_tasks:
            self._side_tasks.remove(task)
            task.deleteLater()

    # --- messages and shutdown ----------------------------------------------
    def warn(self, title: str, text: str) -> None:
        """Put ``text`` in the status bar and in a warning box."""
        self.status.emit(text)
        self._open_box(QMessageBox.Icon.Warning, title, text)

    def _open_box(
        self,
        icon: QMessageBox.Icon,
        title: str,
        text: str,
        informative: str = "",
        detail: str = "",
        modal: bool = False,
    ) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._window)
        box.button(QMessageBox.StandardButton.Ok).setText(tr("确定"))
        if informative:
            box.setInformativeText(informative)
        if detail:
            box.setDetailedText(detail)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if modal:
            box.setWindowModality(Qt.WindowModality.WindowModal)
        self.message_box = box
        box.destroyed.connect(lambda *_: setattr(self, "message_box", None))
        box.open()

    def shutdown(self) -> None:
        """Cancel every task and wait for the worker threads (the window is closing)."""
        if self._task is not None:
            self._task.cancel()
            self._task.wait(5.0)
        for t in list(self._side_tasks):
            t.cancel()
            t.wait(10.0)
        self._gc.release_all()
