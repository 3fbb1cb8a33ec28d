"""Cross-document findings in the open document's list, found in the background.

When a document has loaded, :class:`QtCrossFindings` looks for its related disclosures — the other
files of its folder and the files the reviewer added (文件 → 相关文件… → 添加相关文件…) — in a
child process (:func:`gouji.io.app.sets.run_lookup`: it ends with the workbench; the parsed facts of
the other files are cached in the per-user folder, so a second opening reads nothing again).  The
lookup never blocks: the document is reviewed while it runs, and it is dropped when another
document is opened.  Its findings join the findings list (类别 跨文件核对), are annotated like the
others (the annotations go into this document's review file) and exported with the rest (问题清单
names the other document's place, 《file》 第N页).  A finding's id depends on the rule, both
documents' hashes (in the relation's order: this year before last year, department before unit,
final account before budget) and what it compares, never on which of the two is open: opened from
either side, the same difference has the same id — each side keeps its own annotation of it.

Double-clicking a cross-document finding opens the other document beside the window at its page
(:func:`gouji.gui.related.open_beside`).  The lookup can be turned off (setting
:data:`SETTING_LOOKUP`, in the 相关文件 dialog).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QModelIndex, QObject, QSettings, Signal

from gouji.gui._style import FindingRole
from gouji.gui.i18n import tr
from gouji.gui.qt_findings_panel import QtFindingsPanel
from gouji.gui.qt_review_controller import QtReviewController
from gouji.gui.related import SETTING_LOOKUP, added_files, lookup_enabled, open_beside
from gouji.io.app.sets import Related, run_lookup
from gouji.model.document import Document
from gouji.model.findings import Family, Finding, Location
from gouji.model.review import STALE_MARK, remember_findings

if TYPE_CHECKING:  # the window creates this object
    from gouji.gui.qt_main_window import QtMainWindow

Lookup = Callable[..., "Related | None"]


def is_cross(f: Finding) -> bool:
    return f.family == Family.CROSS_DOC


def is_stale(f: Finding) -> bool:
    """An 已失效 row: an annotation whose finding is not found now (:func:`~gouji.model.review.stale_findings`)."""
    return f.title.startswith(STALE_MARK)


def foreign_location(f: Finding) -> Location | None:
    """The first place of ``f`` in another document (None: a finding of this document only)."""
    return next((loc for loc in f.locations if loc.document), None)


class _Relay(QObject):
    """Carries the lookup's progress and result from its thread to the GUI thread."""

    progress = Signal(int, int, str)
    done = Signal(object, object)  # (ticket, Related | None)


class QtCrossFindings(QObject):
    """Looks up the open document's related disclosures and merges the cross-document findings.

    Parameters
    ----------
    window
        The main window (its settings; the parent of the windows opened beside).
    review, panel
        The window's review controller and findings panel.
    facts_folder
        Where the parsed facts are cached (None: :func:`gouji.io.app.sets.facts_folder`).
    lookup
        :func:`gouji.io.app.sets.run_lookup` or a function with its signature (tests).
    """

    progress = Signal(int, int, str)  # files read, of how many, the one being read
    finished = Signal(object)  # Related | None, after its findings were merged

    def __init__(
        self,
        window: QtMainWindow,
        review: QtReviewController,
        panel: QtFindingsPanel,
        facts_folder: Path | None = None,
        lookup: Lookup = run_lookup,
    ):
        super().__init__(window)
        self._window = window
        self._review = review
        self._panel = panel
        self._folder = facts_folder
        self._lookup = lookup
        self._ticket: threading.Event | None = None  # set = cancelled
        self._doc: Document | None = None  # the document of the lookup running or done
        self.result: Related | None = None  # the last lookup's, for :attr:`_doc`
        self._watched: QObject | None = None  # the review session whose annotations are remembered
        self._relay = _Relay()  # no parent: it outlives the window until the thread ends
        self._relay.progress.connect(self._on_progress)
        self._relay.done.connect(self._on_done)
        review.loaded.connect(self._on_loaded)
        corrections = getattr(window, "corrections", None)  # cells corrected by hand: rules run again
        if corrections is not None:
            corrections.rechecked.connect(self._merge_again)
        panel.view.doubleClicked.connect(self._on_double_click)
        tickets = self._tickets = [threading.Event()]  # the running lookup's, in a list the closure holds
        self.destroyed.connect(lambda: tickets[0].set())  # a window gone: its lookup's child is killed

    @property
    def settings(self) -> QSettings:
        return self._window.settings

    def enabled(self) -> bool:
        return lookup_enabled(self.settings)

    def set_enabled(self, on: bool) -> None:
        """Turn the background lookup on (it starts for the open document) or off (a running one stops)."""
        self.settings.setValue(SETTING_LOOKUP, on)
        if not on:
            self.cancel()
        elif self._review.doc is not None and self.result_for(self._review.doc) is None:
            self.start(self._review.doc)

    def result_for(self, doc: Document) -> Related | None:
        """The finished lookup of ``doc`` (None while it runs, or for another document)."""
        return self.result if self._doc is doc else None

    def is_running(self) -> bool:
        return self._ticket is not None

    def cancel(self) -> None:
        if self._ticket is not None:
            self._ticket.set()
            self._ticket = None

    # --- the lookup ------------------------------------------------------------
    def _on_loaded(self, doc: Document) -> None:
        self.cancel()
        self._doc, self.result = doc, None
        if self.enabled():
            self.start(doc)

    def start(self, doc: Document) -> None:
        """Look up ``doc``'s related documents in the background (again: after a file was added)."""
        self.cancel()
        self._doc, self.result = doc, None
        ticket = self._ticket = self._tickets[0] = threading.Event()
        relay, lookup, folder = self._relay, self._lookup, self._folder
        extra = added_files(self.settings, doc)

        def tell(i: int, n: int, name: str) -> None:
            if not ticket.is_set():
                try:
                    relay.progress.emit(i, n, name)
                except RuntimeError:  # the window (and its relay) is gone: nobody is listening
                    ticket.set()

        def run() -> None:
            try:
                res = lookup(doc, extra, tell, ticket.is_set, folder)
            except Exception:  # a failed lookup never disturbs the review
                res = None
            if ticket.is_set():
                return
            try:
                relay.done.emit(ticket, res)
            except RuntimeError:  # the window closed while the lookup ran
                pass

        threading.Thread(target=run, name="gouji-cross-lookup", daemon=True).start()

    def _on_progress(self, i: int, n: int, name: str) -> None:
        if self._ticket is not None:  # shown by the 相关文件 dialog; the status bar keeps 已打开 …
            self.progress.emit(i, n, name)

    def _on_done(self, ticket: threading.Event, res: Related | None) -> None:
        if ticket is not self._ticket or self._review.doc is not self._doc:
            return  # cancelled, or another document was opened meanwhile
        self._ticket = None
        self.result = res
        if res is None:
            self._review.status.emit(tr("未能查找相关文件。"))
        else:
            self.merge(res.findings)
            if res.documents:  # nothing related: the status bar keeps 已打开 …
                self._review.status.emit(
                    tr(
                        "相关文件 {k} 个，跨文件核对发现 {m} 个问题。",
                        k=len(res.documents),
                        m=len(res.findings),
                    )
                )
        self.finished.emit(res)

    # --- the findings list -----------------------------------------------------
    def merge(self, cross: list[Finding]) -> None:
        """List ``cross`` in the open document's list in place of its earlier cross-document findings.

        An annotated finding listed as 已失效 (its annotation was loaded before the lookup ended)
        becomes the finding again; an annotated one no longer found is listed as 已失效.  The list
        is rebuilt (:meth:`QtReviewController.replace_findings`); the current finding stays selected.
        """
        ctrl, session = self._review, self._review.session
        if ctrl.doc is None or session is None:
            return
        before = [f for f in ctrl.findings if is_cross(f)]
        if not cross and not before:
            return
        remember_findings(session.state, cross)
        if self._watched is not session:  # what a finding said is kept with its annotation
            session.annotationChanged.connect(self._remember)
            self._watched = session
        current = self._panel.current_finding()
        ctrl.replace_findings([*(f for f in ctrl.findings if not (is_cross(f) or is_stale(f))), *cross])
        if current is not None:
            self._window.select_finding(current, navigate=False)

    def _remember(self, finding_id: str) -> None:
        """A cross-document finding was annotated: keep what it says (title, message, family) with the
        annotation, so that it is listed for what it is while the lookup has not found it again."""
        session, res = self._review.session, self.result
        f = next((f for f in res.findings if f.id == finding_id), None) if res is not None else None
        if session is not None and f is not None:
            remember_findings(session.state, [f])

    def _merge_again(self) -> None:
        """The rules ran again (a cell corrected by hand): the cross-document findings stay listed."""
        doc = self._review.doc
        res = self.result_for(doc) if doc is not None else None
        if res is not None:
            self.merge(res.findings)

    # --- the other document ------------------------------------------------------
    def _on_double_click(self, index: QModelIndex) -> None:
        f = index.data(FindingRole)
        if isinstance(f, Finding):
            self.open_other(f)

    def open_other(self, f: Finding) -> QtMainWindow | None:
        """Open the other document of a cross-document finding beside the window, at its page."""
        loc = foreign_location(f)
        if loc is None or loc.document is None:
            return None
        other = open_beside(self._window, loc.document)
        if loc.page:
            page, bbox = loc.page, loc.bbox

            def at_page(_doc: Document) -> None:
                other.documentLoaded.disconnect(at_page)  # type: ignore[attr-defined]
                other.page_view.highlight(page, bbox)  # type: ignore[attr-defined]

            other.documentLoaded.connect(at_page)  # type: ignore[attr-defined]
        return other
