"""Correcting a cell value by hand in the table view, and undoing it.

The reviewer edits an amount or text cell (F2 / double-click) of the document under review;
:class:`QtCorrections` records a :class:`~gouji.model.corrections.Correction` in the review
(``ReviewState.corrections``, saved with it), puts the corrected text and value into the
document's cell (the text as read stays in ``Cell.corrected_from``), and runs the rules
again on a worker thread (:func:`gouji.gui.workers.recheck`), so that the findings follow
the corrected value.  Ctrl+Z on a corrected cell (or typing the text as read) undoes the
correction.  The next load applies the saved corrections in the pipeline before the rules
(:func:`gouji.io.pipeline.review_many`), as ``gouji check`` does.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QLabel

from gouji.gui.i18n import tr
from gouji.gui.qt_content_pane import QtContentPane
from gouji.gui.qt_review_controller import QtReviewController
from gouji.gui.workers import QtTask, recheck
from gouji.model.corrections import Correction, apply_correction, correction_for, undo_correction
from gouji.model.document import Column, Document, Row, Table
from gouji.model.findings import Finding
from gouji.model.text import norm


class QtCorrections(QObject):
    """Hand corrections of cells of the document under review.

    Parameters
    ----------
    review
        Holds the document, its findings and the review session.
    content
        The table view whose models announce edits (``cellEdited``).
    reviewer
        Returns the reviewer's name (the annotation panel's field).
    """

    status = Signal(str)  # a message for the status bar
    rechecked = Signal()  # the findings follow the corrections made so far

    def __init__(self, review: QtReviewController, content: QtContentPane, reviewer, parent=None):
        super().__init__(parent or review)
        self._review = review
        self._content = content
        self._reviewer = reviewer
        self._task: QtTask | None = None
        self._again = False  # a correction came in while the rules were running
        #: for the status bar: which pages of the document under review OCR read (hidden when none)
        self.ocr_label = QLabel()
        self.ocr_label.hide()
        review.loaded.connect(self.show_ocr_pages)
        content.cellEdited.connect(self.correct)
        content.editRefused.connect(self.status)
        view = content.table_view
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.undo_action = QAction(view)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.undo_action.triggered.connect(self.undo_current)
        view.addAction(self.undo_action)

    def show_ocr_pages(self, doc: Document) -> None:
        """Say in the status bar which pages were read by OCR (and how to check them)."""
        if not doc.ocr_pages:
            self.ocr_label.hide()
            return
        pages = page_spans(doc.ocr_pages)
        self.ocr_label.setText(tr("第 {pages} 页：OCR 识别", pages=pages))
        self.ocr_label.setToolTip(
            tr(
                "第 {pages} 页是扫描图像，由 OCR 识别。识别不确定的单元格以紫色标出，不作为错误报告；"
                "请对照原页核对，双击单元格（或按 F2）可手工更正，Ctrl+Z 撤销。",
                pages=pages,
            )
        )
        self.ocr_label.show()

    # --- state --------------------------------------------------------------
    def _editable(self) -> bool:
        """Whether the document under review takes corrections now (says why not in the status bar)."""
        r = self._review
        if r.doc is None or r.session is None or r.provisional:
            self.status.emit(tr("文件仍在打开中，打开完成后才能更正单元格。"))
            return False
        if r.session.locked:
            self.status.emit(tr("审核已签字确认，不能再更正单元格（开始新一轮审核后可更正）。"))
            return False
        return True

    def correction_at(self, table: Table, row: Row, column: Column) -> Correction | None:
        """The saved correction of this cell, if any."""
        if self._review.session is None:
            return None
        key = (table.id, row.index, column.index)
        return next((c for c in self._review.session.state.corrections if c.key() == key), None)

    def is_busy(self) -> bool:
        """True while the rules run again after a correction."""
        return self._task is not None

    # --- correcting ---------------------------------------------------------
    def correct(self, table: Table, row: Row, column: Column, text: str) -> bool:
        """Correct the cell of ``row`` in ``column`` to ``text`` (the text as read: undo); False when refused."""
        if not self._editable() or self._review.doc is None or self._review.session is None:
            return False
        doc, state = self._review.doc, self._review.session.state
        old = self.correction_at(table, row, column)
        if old is not None:
            undo_correction(doc, old)
            state.corrections.remove(old)
        cell = row.cell(column.index)
        if old is not None and cell is not None and norm(cell.text) == norm(text):
            self.status.emit(tr("已撤销对该单元格的更正，恢复为“{value}”。", value=cell.text))
        else:
            c = correction_for(table, row, column, text, self._reviewer())
            apply_correction(doc, c)
            state.corrections.append(c)
            self.status.emit(
                tr("已更正为“{value}”（原读作“{was}”），正在重新核对…", value=text, was=c.original)
            )
        self._review.session.schedule_save()
        self._recheck()
        return True

    def undo_current(self) -> bool:
        """Undo the correction of the table view's current cell; False when it has none."""
        model = self._content.table_model()
        idx = self._content.table_view.currentIndex()
        if model is None or not idx.isValid():
            return False
        row, column = model.row_for(idx), model.column_at(idx.column())
        c = self.correction_at(model.table(), row, column) if row is not None else None
        if c is None or row is None:
            self.status.emit(tr("该单元格没有手工更正。"))
            return False
        return self.correct(model.table(), row, column, c.original)

    # --- running the rules again ------------------------------------------
    def _recheck(self) -> None:
        if self._task is not None:
            self._again = True
            return
        doc = self._review.doc
        if doc is None:
            return
        task = QtTask(recheck, doc, parent=self)
        task.done.connect(functools.partial(self._on_checked, doc))
        task.failed.connect(
            lambda e: self.status.emit(tr("重新核对失败：{err}", err=f"{type(e).__name__}: {e}"))
        )
        task.finished.connect(self._on_finished)
        self._task = task
        task.start()

    def _on_checked(self, doc: Document, findings: list[Finding]) -> None:
        if self._again or self._review.doc is not doc:
            return  # another correction came in (its run reports), or another document was opened
        self._review.replace_findings(findings)
        model = self._content.table_model()
        if model is not None:
            model.set_index(self._review.index)
        n = sum(1 for f in findings if f.severity == "error")
        self.status.emit(tr("已按更正后的数值重新核对：{n} 个错误。", n=n))
        self.rechecked.emit()

    def _on_finished(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.deleteLater()
        if self._again:
            self._again = False
            self._recheck()


def page_spans(pages: list[int]) -> str:
    """Page numbers as runs: [3, 4, 5, 8] → "3–5、8"."""
    runs: list[list[int]] = []
    for p in sorted(set(pages)):
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return "、".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
