"""Run long, pure functions off the GUI thread and report through queued signals.

The pattern follows Orange's ``concurrent.py``: the long work is a module-level
function that receives plain callbacks through a :class:`TaskState` and never
sees a widget.  :class:`QtTask` runs it on a Python thread; the state's
callbacks emit signals of a ``QObject`` that lives in the GUI thread, so every
slot runs in the GUI thread (queued connection).  Progress is throttled: a
report counts only when the fraction, rounded to 1 %, rises or when the
message changes, and at most one is sent every :data:`PROGRESS_INTERVAL`
seconds (the one held back is sent with the next report after the interval,
or when the task ends).  Every slot call costs the GUI thread the interpreter
lock, which a busy worker thread holds: a burst of reports queued behind each
other is a stall of the window.

:func:`load_document` runs the one pipeline (:func:`gouji.io.pipeline.review`:
parse → rules → saved review) with the task's callbacks;
:func:`export_review_workbook` and :func:`import_review_workbook` wrap
``gouji.io.export`` (workbook, review_import) the same way.
"""

from __future__ import annotations

import gc
import threading
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, Qt, Signal

from gouji.io.errors import ReadError
from gouji.io.manual_review import falls_back, manual_review
from gouji.io.pipeline import Reviewed, review_many
from gouji.model.document import Document
from gouji.model.findings import Finding
from gouji.model.review import ReviewState

if TYPE_CHECKING:  # openpyxl is imported when a workbook is first read, not at start-up
    from gouji.io.export.review_import import ImportedReview


#: seconds between two progress reports sent to the GUI thread
PROGRESS_INTERVAL = 0.1


class TaskState:
    """The callbacks a pure task function uses; safe to call from any thread.

    Parameters
    ----------
    emitter
        The :class:`QtTask` whose signals carry the reports to the GUI thread.
    clock
        Seconds, for the interval between two reports (tests pass their own).
    """

    def __init__(self, emitter: "QtTask", clock: Callable[[], float] = time.monotonic):
        self._emitter = emitter
        self._cancel = threading.Event()
        self._last = (-1.0, "")
        self._clock = clock
        self._sent_at: float | None = None  # when the last report was sent
        self._held: tuple[float, str] | None = None  # a report not sent yet (too soon after the last)

    # plain callbacks (the signatures the pipeline expects)
    def set_progress(self, fraction: float, message: str = "") -> None:
        """Report progress in [0, 1]: only when the rounded value rises or the message changes, and at
        most one report every :data:`PROGRESS_INTERVAL` seconds (the latest waits for its turn)."""
        frac = round(max(0.0, min(1.0, float(fraction))), 2)
        last_frac, last_msg = self._last
        if frac <= last_frac and message == last_msg:
            return
        self._last = (max(frac, last_frac), message)
        now = self._clock()
        if self._sent_at is not None and now - self._sent_at < PROGRESS_INTERVAL:
            self._held = self._last
            return
        self._send(self._last, now)

    def flush(self) -> None:
        """Send the report held back, if any (the task ends)."""
        if self._held is not None:
            self._send(self._held, self._clock())

    def _send(self, report: tuple[float, str], now: float) -> None:
        self._held, self._sent_at = None, now
        self._emitter.progress.emit(*report)

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def partial(self, result: object) -> None:
        """Hand a provisional result to the GUI thread (e.g. a document of the pages read so far)."""
        if not self._cancel.is_set():
            self._emitter.partial.emit(result)

    def cancel(self) -> None:
        self._cancel.set()


class QtTask(QObject):
    """Run ``func(*args, state=TaskState)`` on a worker thread.

    Signals (all delivered in the thread this object lives in):

    - ``progress(float, str)``
    - ``partial(object)`` — provisional results
    - ``done(object)`` — the function's return value
    - ``failed(object)`` — the exception (``exc.__traceback_text__`` holds the formatted traceback)
    - ``finished()`` — after ``done`` or ``failed``, always
    """

    progress = Signal(float, str)
    partial = Signal(object)
    done = Signal(object)
    failed = Signal(object)
    finished = Signal()

    _result = Signal(object, bool)  # internal: (value, ok) from the worker thread

    def __init__(self, func: Callable[..., Any], *args: Any, parent: QObject | None = None):
        super().__init__(parent)
        self._func = func
        self._args = args
        self.state = TaskState(self)
        self._thread: threading.Thread | None = None
        self._running = False
        self._result.connect(self._on_result, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        assert self._thread is None, "a QtTask runs once"
        self._running = True
        self._thread = threading.Thread(
            target=self._run, name=f"gouji-{getattr(self._func, '__name__', 'task')}", daemon=True
        )
        self._thread.start()

    def cancel(self) -> None:
        """Ask the function to stop (it polls ``state.is_cancelled``)."""
        self.state.cancel()

    def is_running(self) -> bool:
        return self._running

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the worker thread ends; True if it did within ``timeout`` seconds."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            value = self._func(*self._args, state=self.state)
        except BaseException as exc:  # reported to the GUI thread, never raised there
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.state.flush()
            self._result.emit(exc, False)
        else:
            self.state.flush()
            self._result.emit(value, True)

    def _on_result(self, value: object, ok: bool) -> None:
        self._running = False
        (self.done if ok else self.failed).emit(value)
        self.finished.emit()


class GcPause:
    """Hold off Python's cyclic garbage collector while a document loads.

    A full collection runs in whichever thread triggers it and holds the GIL
    for its whole duration: with a parsed document in memory (~300 000 objects)
    that is 80-130 ms during which the GUI thread cannot run.  Parsing and the
    rules create almost no reference cycles (about 70 unreachable objects for
    the 243-page seed), so the window pauses automatic collection for the load
    and afterwards moves every object into the permanent generation
    (``gc.freeze``, constant time) instead of collecting (which would walk
    them all): later collections no longer walk the document.  The price is
    that the few cycles created during a load are never reclaimed.
    Nested pauses are counted.
    """

    def __init__(self) -> None:
        self._depth = 0
        self._was_enabled = True

    def pause(self) -> None:
        if self._depth == 0:
            self._was_enabled = gc.isenabled()
            gc.disable()
        self._depth += 1

    def resume(self) -> None:
        if self._depth == 0:
            return
        self._depth -= 1
        if self._depth == 0:
            gc.freeze()  # O(1): no walk over the objects allocated during the load
            if self._was_enabled:
                gc.enable()

    def release_all(self) -> None:
        """End every pause now (the window is closing; a worker may still be winding down)."""
        if self._depth:
            self._depth = 1
            self.resume()

    @property
    def paused(self) -> bool:
        return self._depth > 0


# --------------------------------------------------------------------------
# The workbench pipeline
# --------------------------------------------------------------------------


LoadResult = Reviewed  # what :func:`load_document` hands to the window


def load_document(
    path: str | list[str],
    *,
    state: TaskState,
    review_locations: Callable[[Document], list[Path]] | None = None,
    manual: bool = False,
) -> LoadResult:
    """Parse ``path``, run every rule, and load a saved review (runs in a worker).

    Parameters
    ----------
    path
        The disclosure file, or the files of one disclosure read as one document
        (:func:`gouji.io.pipeline.review_many`).
    state
        Progress / cancellation / partial-result callbacks.
    review_locations
        Where a saved review may be (first hit wins); by default beside the
        document, then the per-user folder (as :func:`gouji.io.pipeline.review`).
    manual
        Open in 人工审核模式 (:func:`gouji.io.manual_review.manual_review`: the pages only), as a
        scan whose text cannot be read (:func:`~gouji.io.manual_review.falls_back`) always is.

    Raises
    ------
    gouji.io.errors.ReadError
        With a Chinese message when the file cannot be reviewed
        (:class:`gouji.io.errors.Cancelled` when cancelled).
    """
    files = [path] if isinstance(path, str) else path
    if manual:  # 人工审核模式, chosen by the reviewer: pages only, findings drawn by hand
        return manual_review(files, state.set_progress, state.is_cancelled, review_locations)
    try:
        return review_many(files, state.set_progress, state.is_cancelled, state.partial, review_locations)
    except ReadError as exc:  # a scan whose text cannot be read opens in 人工审核模式
        if not falls_back(exc):
            raise
        return manual_review(files, state.set_progress, state.is_cancelled, review_locations, exc.message)


def recheck(doc: Document, *, state: TaskState) -> list[Finding]:
    """Run every rule again on ``doc`` (a cell was corrected by hand; runs in a worker)."""
    from gouji.model.rules import run_rules

    return run_rules(doc, state.set_progress, state.is_cancelled)


def export_review_workbook(
    doc: Document,
    findings: list[Finding],
    review: ReviewState,
    out_path: str,
    checklist: str | None = None,
    *,
    state: TaskState,
) -> str:
    """Write the Excel review workbook (runs in a worker); returns the path actually written.

    ``findings`` are the rule findings; the exporter appends ``review.manual_findings``.
    """
    from gouji.io.export.workbook import export_workbook

    written = export_workbook(
        doc, findings, review, Path(out_path), images=True, progress=state.set_progress, checklist=checklist
    )
    return str(written or out_path)


def import_review_workbook(path: str, *, state: TaskState) -> "ImportedReview":
    """Read the annotations back from an exported workbook, with what was not taken as it stood (worker)."""
    from gouji.io.export.review_import import read_review_workbook

    return read_review_workbook(Path(path))
