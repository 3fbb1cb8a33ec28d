"""The document under review: what the window shows, its findings and its review.

:class:`QtReviewController` opens files through the
:class:`~gouji.gui.qt_tasks.QtTaskController` and keeps the state behind the
window: the committed document with its findings, their
:class:`~gouji.model.index.FindingIndex` and its
:class:`~gouji.gui.review_session.QtReviewSession` — or, while a load runs, a
provisional document (refreshed at most every :data:`PARTIAL_MIN_INTERVAL`
seconds, with no findings beside it; a failed or cancelled load puts the
committed document back).  It hands the review to the findings panel and the
annotation panel and carries the review operations: statuses, reviewer-added
findings, export and import of the review workbook.  Putting a document on
screen is the window's job: it answers :attr:`~QtReviewController.showRequested`.

Nothing of the reviewer's is lost silently: what the load had to say about the
saved review (a file moved aside, entries skipped) is shown before anything is
written; a review saved for an earlier version of the file is re-attached by
finding id and the reviewer confirms it (or has the old record moved aside),
annotations whose finding is gone are listed as 已失效; a save that had to
merge another window's work, and problems of an imported workbook, are shown.

完成审核 / 签字 (:meth:`QtReviewController.signoff_dialog`) signs the review off and
locks it: the annotation panel turns read-only under a banner, every change is
refused with a message, until 开始新一轮审核… (:meth:`~QtReviewController.new_round_dialog`)
keeps the signed review file aside and clears the signature.  设置… chooses where
new review files are kept (:mod:`gouji.model.review_place`).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QBoxLayout, QFileDialog, QMessageBox, QWidget

from gouji.gui.i18n import tr
from gouji.gui.qt_annotation import QtAddFindingDialog, QtAnnotationPanel
from gouji.gui.qt_checklist_dialog import SETTING as CHECKLIST_SETTING
from gouji.gui.qt_checklist_dialog import QtChecklistDialog
from gouji.gui.qt_findings_model import QtFindingsModel
from gouji.gui.qt_findings_panel import QtFindingsPanel
from gouji.gui.qt_settings_dialog import QtSettingsDialog
from gouji.gui.qt_signoff_dialog import CHECKER_SETTING, NAME_SETTING, QtLockBanner, QtSignoffDialog
from gouji.gui.qt_tasks import QtTaskController
from gouji.gui.review_session import QtReviewSession, locked_message
from gouji.gui.workers import LoadResult, QtTask
from gouji.model.document import Document
from gouji.model.findings import Finding, Location, Severity
from gouji.model.index import FindingIndex
from gouji.model.review import SOURCE_CHANGED, STALE_MARK, Status, manual_finding, move_aside, stale_findings
from gouji.model.review_place import load_store, save_store

if TYPE_CHECKING:  # openpyxl is imported when a workbook is first read, not at start-up
    from gouji.io.export.review_import import ImportedReview

PARTIAL_MIN_INTERVAL = 1.0  # s between two provisional refreshes of the outline


def document_name(doc: Document) -> str:
    """The file name of a document, or of each of its files ("A.pdf + B.pdf")."""
    return " + ".join(Path(s.path).name for s in doc.sources) or Path(doc.path).name


class QtReviewController(QObject):
    """Opens documents and holds the one under review.

    Attributes
    ----------
    doc, findings, index, session
        The committed document, its rule findings, the index of those and the
        reviewer's findings, and its review session (None before the first load).
    shown, shown_index
        What is on screen: the committed document or a provisional one.
    provisional
        True while a provisional document is on screen.
    """

    showRequested = Signal(object, object, bool)  # Document, FindingIndex, keep_pages: put it on screen
    cleared = Signal()  # nothing is left to show (the first load failed)
    loaded = Signal(object)  # the committed Document, once it is on screen
    findingsChanged = Signal()  # a status changed or a finding was added: repaint
    reviewEnabled = Signal(bool)  # whether the review actions apply (a committed review is attached)
    imported = Signal(int)  # annotations merged from a workbook
    status = Signal(str)  # a message for the status bar

    def __init__(
        self,
        window: QWidget,
        tasks: QtTaskController,
        findings_panel: QtFindingsPanel,
        annotation: QtAnnotationPanel,
        review_folder: Path,
    ):
        super().__init__(window)
        self._window = window
        self._tasks = tasks
        self._panel = findings_panel
        self._annotation = annotation
        self._review_folder = review_folder
        self.doc: Document | None = None
        self.findings: list[Finding] = []
        self.index: FindingIndex | None = None
        self.session: QtReviewSession | None = None
        self.shown: Document | None = None
        self.shown_index: FindingIndex | None = None
        self.provisional = False
        self._last_partial = 0.0
        self.checklist_template = ""  # the 检查表 template file ("" = the default for the document)
        self.lock_banner = QtLockBanner(annotation)  # above the annotation panel while signed off
        layout = annotation.layout()
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(0, self.lock_banner)
        tasks.partial.connect(self._on_partial)
        tasks.loaded.connect(self._on_loaded)
        tasks.aborted.connect(self._restore_committed)
        tasks.imported.connect(self._merge_imported)

    # --- loading ------------------------------------------------------------
    def open(self, path: str | list[str], manual: bool = False) -> bool:
        """Start loading ``path`` (abandoning a load in progress); False while an export runs.

        ``manual``: in 人工审核模式 (the pages only; the reviewer draws the findings).

        A list of files is read as one disclosure (the text half and the tables half).
        """
        if self._tasks.is_exporting():
            # the export renders with PDFium in this process; so may the reader: never both at once
            self.status.emit(tr("正在导出审核工作簿，请在导出完成后再打开其他文件。"))
            return False
        self._tasks.abandon_load()
        if self.session is not None:
            self.session.save_now()
        self._last_partial = 0.0
        self._tasks.load(path, manual)
        return True

    def add_file(self, path: str) -> bool:
        """Reload the document under review with ``path`` added as another file of the same disclosure.

        False (and a status message) without a document, for a file already part of it, or while
        an export runs.
        """
        if self.doc is None:
            return False
        files = [s.path for s in self.doc.sources] or [self.doc.path]
        if any(Path(f).resolve() == Path(path).resolve() for f in files):
            self.status.emit(tr("此文件已在本公开文件中：{name}", name=Path(path).name))
            return False
        return self.open([*files, path])

    def status_of(self, finding_id: str) -> Status:
        """The reviewer's status of a finding (待核实 for everything provisional)."""
        if self.session is None or self.provisional:
            return Status.PENDING
        return self.session.status(finding_id)

    def _show(self, doc: Document, index: FindingIndex | None, keep_pages: bool = False) -> None:
        self.shown, self.shown_index = doc, index
        self.showRequested.emit(doc, index, keep_pages)

    def _on_partial(self, doc: Document) -> None:
        if not doc.tables and not doc.sections:
            return
        now = time.monotonic()
        first = not self.provisional or self.shown is None or self.shown.path != doc.path
        grew = self.shown is None or len(doc.tables) > len(self.shown.tables)
        if not first and (not grew or now - self._last_partial < PARTIAL_MIN_INTERVAL):
            return
        self._last_partial = now
        if first and not self.provisional:
            self._detach_review()  # the findings of the previous document must not sit beside this one
        self.provisional = True
        self._show(doc, FindingIndex(doc), keep_pages=not first)

    def _on_loaded(self, result: LoadResult) -> None:
        doc = result.document
        if self.session is not None:
            self.session.save_now()
        self.doc = doc
        # annotations whose finding is gone (the source changed) stay listed, marked 已失效
        self.findings = [*result.findings, *stale_findings(result.review, result.findings)]
        # a review found is saved where it was; a new one where 设置 says
        home = result.review_file or load_store(self._review_folder).home(doc)
        session = QtReviewSession(doc, result.review, self._review_folder, home, parent=self)
        model = QtFindingsModel(doc, self.findings, session, parent=self)  # connects first: rows exist
        session.annotationChanged.connect(self.findingsChanged)  # before the window reacts
        session.manualFindingAdded.connect(self._on_manual_added)
        session.stateReplaced.connect(self._on_state_replaced)
        session.saveFailed.connect(self.status)
        session.mergedOnSave.connect(lambda text: self._tasks.warn(tr("审核记录已合并"), text))
        session.refused.connect(self.status)
        session.lockChanged.connect(self._on_lock_changed)
        old, self.session = self.session, session
        self.index = FindingIndex(doc, [*result.findings, *session.state.manual_findings])
        self._panel.set_model(model, session)
        self._annotation.set_session(session)
        self._on_lock_changed(session.locked)
        if old is not None:
            old.deleteLater()
        keep = self.provisional and self.shown is not None and self.shown.path == doc.path
        self.provisional = False
        self._show(doc, self.index, keep_pages=keep)
        self._panel.fill_filters(doc, self.index)
        self._panel.apply_filters()
        self.reviewEnabled.emit(True)
        name, n_tables, n_findings = document_name(doc), len(doc.tables), model.rowCount()
        self.status.emit(
            tr(
                "已打开 {name}：{tables} 张表，{findings} 个问题",
                name=name,
                tables=n_tables,
                findings=n_findings,
            )
        )
        self.loaded.emit(doc)
        if result.source_changed:
            self._ask_reattach(session, result.review_notices)
        elif result.review_notices:
            self._tasks.warn(tr("审核记录"), "\n".join(result.review_notices))

    def _ask_reattach(self, session: QtReviewSession, notices: list[str]) -> None:
        """The saved review belongs to an earlier version of the file: the reviewer confirms it."""
        n_gone = sum(1 for f in self.findings if f.title.startswith(STALE_MARK))
        box = QMessageBox(
            QMessageBox.Icon.Question,
            tr("源文件已更改"),
            tr(
                "源文件与审核记录保存时的版本不同（SHA-256 不同）。审核意见已按问题编号重新关联；"
                "{gone} 条意见对应的问题在新版本中已不存在，标记为“已失效”并保留在问题清单中。\n\n"
                "是否将审核记录关联到新版本？",
                gone=n_gone,
            ),
            QMessageBox.StandardButton.NoButton,
            self._window,
        )
        others = [n for n in notices if not n.startswith(SOURCE_CHANGED) and STALE_MARK not in n]
        box.setInformativeText("\n".join(others))  # e.g. entries of the saved review that were skipped
        keep = box.addButton(tr("关联到新版本"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("不关联（旧记录另存）"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: QAbstractButton) -> None:
            self.reattach_box = None
            self._reattach_answered(session, button is keep)

        box.buttonClicked.connect(answered)
        self.reattach_box = box
        box.open()

    def _reattach_answered(self, session: QtReviewSession, keep: bool) -> None:
        if session is not self.session or self.doc is None:
            return  # another document was opened meanwhile
        if keep:
            session.schedule_save()  # the record now names the new version (the old one stays as .bak1)
            session.save_now()
            self.status.emit(tr("审核记录已关联到新版本的源文件。"))
            return
        session.save_now()
        try:
            kept = move_aside(session.path, "old")
        except OSError as exc:
            self._tasks.warn(tr("审核记录"), tr("无法另存旧审核记录：{err}", err=str(exc)))
            return
        self.status.emit(tr("旧审核记录已另存为 {name}，从空白审核记录开始。", name=kept.name))
        self.open([s.path for s in self.doc.sources] or [self.doc.path])

    def _detach_review(self) -> None:
        self._panel.hide_findings()
        self._annotation.set_session(None)
        self.lock_banner.hide()
        self.reviewEnabled.emit(False)

    def _restore_committed(self) -> None:
        """After a failed or cancelled load, put the last good document back (nothing lost)."""
        if not self.provisional:
            return
        self.provisional = False
        self._panel.show_findings()
        if self._panel.model is not None and self.session is not None:
            self._annotation.set_session(self.session)
            self._on_lock_changed(self.session.locked)
            self.reviewEnabled.emit(True)
        if self.doc is not None:
            self._show(self.doc, self.index)
        else:
            self.shown = None
            self.cleared.emit()

    # --- review operations --------------------------------------------------
    def set_status(self, f: Finding, status: Status) -> None:
        """Set the status of ``f`` (nothing while a provisional document is shown)."""
        if self.session is not None and not self.provisional:
            self.session.annotate(f.id, status=status, reviewer=self._annotation.reviewer.text().strip())

    def add_manual_finding(self, loc: Location | None, message: str, severity: Severity) -> Finding | None:
        """Add a reviewer finding at ``loc``; returns it (None without a place or a committed review)."""
        if loc is None or self.session is None or self.provisional:
            return None
        f = manual_finding(message, severity, loc, self._annotation.reviewer.text().strip())
        self.session.add_manual_finding(f)
        return f

    def add_finding_dialog(self, loc: Location | None) -> Finding | None:
        """Ask the reviewer for a finding at ``loc`` (the selected cell or sentence) and add it."""
        if loc is None or self.session is None:
            self.status.emit(tr("请先选择一个单元格或句子。"))
            return None
        where = " / ".join(b for b in (loc.table, loc.row_name, loc.column_label, (loc.text or "")[:80]) if b)
        dlg = QtAddFindingDialog(where, self._window)
        f = None
        if dlg.exec() == QtAddFindingDialog.DialogCode.Accepted:
            severity, message = dlg.values()
            f = self.add_manual_finding(loc, message, severity)
        dlg.deleteLater()
        return f

    def _on_manual_added(self, f: Finding) -> None:
        if self.index is not None:
            self.index.add(f)
        self.findingsChanged.emit()
        self._panel.fill_filters(self.doc, self.index)

    def _on_state_replaced(self) -> None:
        if self.doc is not None and self.session is not None:
            self.index = FindingIndex(self.doc, [*self.findings, *self.session.state.manual_findings])
            self._show(self.doc, self.index, keep_pages=True)

    def replace_findings(self, findings: list[Finding]) -> None:
        """The rules ran again on the document under review (a cell corrected by hand): list their findings."""
        if self.doc is None or self.session is None:
            return
        self.findings = [*findings, *stale_findings(self.session.state, findings)]
        self._panel.set_model(
            QtFindingsModel(self.doc, self.findings, self.session, parent=self), self.session
        )
        self._on_state_replaced()
        self._panel.fill_filters(self.doc, self.index)
        self._panel.apply_filters()

    # --- sign-off -----------------------------------------------------------
    def pending_count(self) -> int:
        """How many findings (the rules' and the reviewer's) are still 待核实."""
        return self.status_counts()[Status.PENDING]

    def status_counts(self) -> dict[Status, int]:
        counts = {s: 0 for s in Status}
        if self.session is not None:
            for f in [*self.findings, *self.session.state.manual_findings]:
                counts[self.session.status(f.id)] += 1
        return counts

    def signoff_dialog(self, settings: QSettings) -> bool:
        """完成审核 / 签字: ask for the names (remembered in ``settings``), sign off and lock the review."""
        session = self.session
        if session is None or self.doc is None or self.provisional:
            return False
        if session.locked:
            self._tasks.warn(tr("完成审核 / 签字"), locked_message(session.state))
            return False
        name = str(settings.value(NAME_SETTING, "") or "") or self._annotation.reviewer.text().strip()
        checker = str(settings.value(CHECKER_SETTING, "") or "")
        dlg = QtSignoffDialog(document_name(self.doc), self.status_counts(), name, checker, self._window)
        self.signoff_box = dlg
        ok = dlg.exec() == QtSignoffDialog.DialogCode.Accepted
        self.signoff_box = None
        dlg.deleteLater()
        if not ok:
            return False
        name, checker = dlg.values()
        settings.setValue(NAME_SETTING, name)
        settings.setValue(CHECKER_SETTING, checker)
        session.sign_off(name, checker, dlg.pending)
        self.status.emit(tr("已签字，审核已锁定。导出的审核工作簿带签字并加保护。"))
        return True

    def new_round_dialog(self) -> bool:
        """开始新一轮审核…: after confirmation, keep the signed review aside and unlock it (annotations kept)."""
        session = self.session
        if session is None or self.provisional:
            return False
        if not session.locked:
            self.status.emit(tr("本审核尚未签字，可以直接修改。"))
            return False
        box = QMessageBox(
            QMessageBox.Icon.Question,
            tr("开始新一轮审核"),
            tr(
                "开始新一轮审核：清除签字（{name}），保留全部审核意见，审核重新可以修改。"
                "已签字的审核记录另存一份保留。\n\n是否继续？",
                name=session.state.signed_off_by,
            ),
            QMessageBox.StandardButton.NoButton,
            self._window,
        )
        go = box.addButton(tr("开始新一轮审核"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton(tr("取消"), QMessageBox.ButtonRole.RejectRole))
        self.new_round_box = box
        box.exec()
        self.new_round_box = None
        if box.clickedButton() is not go:
            return False
        try:
            kept = session.new_round()
        except OSError as exc:
            self._tasks.warn(
                tr("开始新一轮审核"), tr("无法另存已签字的审核记录，签字未清除：{err}", err=str(exc))
            )
            return False
        where = tr("已签字的审核记录另存为 {name}；", name=kept.name) if kept is not None else ""
        self.status.emit(tr("已开始新一轮审核：{where}审核意见保留，可以修改。", where=where))
        return True

    def _on_lock_changed(self, locked: bool) -> None:
        """Show the banner and make the annotation panel read-only while signed off (and back)."""
        session = self.session
        self.lock_banner.show_state(session.state if session is not None and locked else None)
        self._annotation.add_button.setEnabled(not locked)
        self._annotation.set_finding(self._annotation.finding())  # re-read: read-only while locked

    def settings_dialog(self) -> bool:
        """设置…: where new review files are kept (saved for the workbench and ``gouji check``)."""
        dlg = QtSettingsDialog(load_store(self._review_folder), self._window)
        ok = dlg.exec() == QtSettingsDialog.DialogCode.Accepted
        if ok:
            try:
                save_store(dlg.store())
            except OSError as exc:
                self._tasks.warn(tr("设置"), tr("无法保存设置：{err}", err=str(exc)))
                ok = False
        dlg.deleteLater()
        return ok

    # --- export / import ----------------------------------------------------
    def export_dialog(self) -> None:
        if self.doc is None:
            return
        default = str(Path(self.doc.path).with_suffix("")) + "_审核.xlsx"
        path, _ = QFileDialog.getSaveFileName(
            self._window, tr("导出审核工作簿(&E)…").replace("(&E)", ""), default, tr("Excel 工作簿 (*.xlsx)")
        )
        if path:
            self.export_to(path)

    def export_to(self, out_path: str) -> QtTask | None:
        """Write the review workbook in a worker (the task controller tells when it is written)."""
        tasks = self._tasks
        if self.doc is None or self.session is None or tasks.is_loading():
            return None  # not while a document loads (both may use PDFium in this process)
        self.session.save_now()
        state = self.session.state.model_copy(deep=True)
        return tasks.export(self.doc, list(self.findings), state, out_path, self.checklist_template or None)

    def checklist_dialog(self, settings: QSettings) -> bool:
        """检查表设置: the template (kept in ``settings``) and this document's 公开网址 / 公开日期."""
        if self.session is None:
            return False
        st = self.session.state
        dlg = QtChecklistDialog(self.checklist_template, st.public_url, st.public_date, self._window)
        ok = dlg.exec() == QtChecklistDialog.DialogCode.Accepted
        if ok:
            self.checklist_template, url, date = dlg.values()
            settings.setValue(CHECKLIST_SETTING, self.checklist_template)
            if (url, date) != (st.public_url, st.public_date):
                st.public_url, st.public_date = url, date
                self.session.schedule_save()
        dlg.deleteLater()
        return ok

    def import_dialog(self) -> None:
        if self.doc is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self._window,
            tr("导入审核工作簿(&I)…").replace("(&I)", ""),
            str(Path(self.doc.path).parent),
            tr("Excel 工作簿 (*.xlsx)"),
        )
        if path:
            self.import_from(path)

    def import_from(self, path: str) -> QtTask | None:
        """Read a review workbook in a worker and merge it (:attr:`imported` tells how many records)."""
        if self.doc is None or self.session is None:
            return None
        return self._tasks.import_review(path)

    def _merge_imported(self, got: ImportedReview) -> None:
        if self.session is None:
            return
        if self.session.locked:
            self._tasks.warn(tr("导入失败"), locked_message(self.session.state))
            return
        state = got.state
        if state.sha256 != self.session.state.sha256:
            self._tasks.warn(tr("导入失败"), tr("导入的工作簿属于另一个文件（SHA-256 不同），未合并。"))
            return
        n = self.session.merge(state)
        self.status.emit(tr("已合并 {n} 条审核记录", n=n))
        if got.problems:  # typed statuses, repeated rows, an unverifiable sign-off: never dropped silently
            self._tasks.warn(
                tr("导入时发现问题"),
                tr("已合并 {n} 条审核记录；以下内容请核对：", n=n) + "\n" + "\n".join(got.problems),
            )
        self.imported.emit(n)

    def save_now(self) -> None:
        """Write the review now (the window is closing)."""
        if self.session is not None:
            self.session.save_now()
