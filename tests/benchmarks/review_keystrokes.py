"""A whole review by keyboard only: open → every finding given a status → signed → signed workbook.

Drives the workbench (offscreen unless told otherwise) with QTest key events only, and counts them;
a key with modifiers (Alt+2, Ctrl+Shift+S) is one keystroke.  The script plays a reviewer who has
worked with Gouji before: QSettings remember their name (审核人, 签字人) and the document is in
最近打开 (the recent-files menu).  Opened through 打开… instead, the file name would be typed in the
dialog (which starts in the last folder used): ``Ctrl+O``, one key per character, ``Enter``.

Steps and keys:

1. open — ``Alt+F``, ``R`` (最近打开), ``1``;
2. the queue — ``F8`` selects the first finding; then one key per finding (``Alt+2`` 确认问题 for an
   error, ``Alt+3`` 不是问题 otherwise) that sets the status of the selected row (a group row: all its
   findings) and moves to the next 待核实 finding; when the selection is not on a 待核实 finding the
   script presses ``F8`` (counted);
3. sign — ``Ctrl+Shift+S``, ``Enter`` (the remembered name is filled in; nothing is pending);
4. export — ``Ctrl+E``, ``Enter`` (the proposed file name), then wait for the workbook.

Busy time: a 5 ms heartbeat timer runs on the GUI thread; every interval longer than
:data:`STALL_MS` is time the event loop could not respond (the excess over the heartbeat counts).
Reported per phase, with the longest single stretch.  Waiting for the worker (parsing, rules,
export) is not busy time; the GUI-thread work when their results arrive is.

Usage::

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/review_keystrokes.py [FILE]

(default: ``corpus/final/final_template_2024.pdf``, 23 pages, 31 findings by ``gouji check``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[2]
DEFAULT = REPO.parent / "shared" / "corpus" / "final" / "final_template_2024.pdf"
HEARTBEAT_MS = 5
STALL_MS = 12.0  # an interval between heartbeats longer than this is counted as busy
REVIEWER = "张审核"


@dataclass
class Key:
    """One keystroke, sent when ``ready()`` holds (polled), counted in ``phase``."""

    phase: str
    key: int
    mods: int = 0
    ready: Callable[[], bool] = lambda: True
    label: str = ""


@dataclass
class Run:
    keys: list[tuple[str, str]] = field(default_factory=list)  # (phase, label) as sent
    phase_at: list[tuple[float, str]] = field(default_factory=list)  # (time, phase) when a phase began
    gaps: list[tuple[float, float]] = field(default_factory=list)  # (end time, length ms) of long intervals
    marks: dict[str, float] = field(default_factory=dict)


def run_review(path: Path, timeout_s: float = 120.0) -> dict[str, object]:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

    from gouji.gui.app import create_application
    from gouji.gui.qt_main_window import QtMainWindow
    from gouji.gui.qt_signoff_dialog import NAME_SETTING, QtSignoffDialog
    from gouji.gui.recent_files import SETTINGS_KEY as RECENT_KEY
    from gouji.io.export.review_import import read_review_workbook
    from gouji.model.findings import Severity
    from gouji.model.review import Status

    _app = create_application()  # kept alive for the run
    tmp = Path(tempfile.mkdtemp(prefix="gouji-keys-"))
    doc_path = tmp / "docs" / path.name
    doc_path.parent.mkdir()
    shutil.copy(path, doc_path)
    settings = QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("reviewer", REVIEWER)  # remembered from earlier reviews
    settings.setValue(NAME_SETTING, REVIEWER)
    settings.setValue("lastDir", str(doc_path.parent))
    settings.setValue(RECENT_KEY, [str(doc_path)])
    win = QtMainWindow(settings=settings, review_folder=tmp / "reviews")
    win.resize(1400, 900)
    win.show()
    win.activateWindow()
    QTest.qWaitForWindowActive(win)

    run = Run()
    clock = QElapsedTimer()
    clock.start()
    now = lambda: clock.nsecsElapsed() / 1e6  # noqa: E731
    last = [now()]

    def beat() -> None:
        t = now()
        if t - last[0] > STALL_MS:
            run.gaps.append((t, t - last[0]))
        last[0] = t

    heart = QTimer()
    heart.setTimerType(Qt.TimerType.PreciseTimer)
    heart.timeout.connect(beat)
    heart.start(HEARTBEAT_MS)

    review = win.review
    loop = QEventLoop()
    done: dict[str, object] = {}
    win.documentLoaded.connect(lambda _d: run.marks.setdefault("loaded", now()))
    win.exportFinished.connect(
        lambda p: (done.setdefault("xlsx", p), run.marks.setdefault("exported", now()))
    )
    win.loadFailed.connect(lambda m: (done.setdefault("error", m), loop.quit()))

    def loaded() -> bool:
        return review.session is not None and not win.is_loading() and review.doc is not None

    def popup(title_part: str) -> Callable[[], bool]:
        return lambda: (m := QApplication.activePopupWidget()) is not None and title_part in m.title()

    def modal(kind: type) -> Callable[[], bool]:
        return lambda: isinstance(QApplication.activeModalWidget(), kind)

    A, C, S = (
        Qt.KeyboardModifier.AltModifier,
        Qt.KeyboardModifier.ControlModifier,
        Qt.KeyboardModifier.ShiftModifier,
    )
    plan = [
        Key("open", Qt.Key.Key_F, A, label="Alt+F"),
        Key("open", Qt.Key.Key_R, 0, popup("文件"), "R"),
        Key("open", Qt.Key.Key_1, 0, popup("最近"), "1"),
        Key("queue", Qt.Key.Key_F8, 0, loaded, "F8"),
    ]

    def queue_key() -> Key | None:
        """The next key of the queue: a status for the selected 待核实 finding, F8 elsewhere, None when done."""
        if review.pending_count() == 0:
            return None
        f = win.current_finding()
        if f is None or review.session is None or review.session.status(f.id) != Status.PENDING:
            return Key("queue", Qt.Key.Key_F8, label="F8")
        if f.severity == Severity.ERROR:
            return Key("queue", Qt.Key.Key_2, A, label="Alt+2")
        return Key("queue", Qt.Key.Key_3, A, label="Alt+3")

    tail = [
        Key("sign", Qt.Key.Key_S, C | S, label="Ctrl+Shift+S"),
        Key("sign", Qt.Key.Key_Return, 0, modal(QtSignoffDialog), "Enter"),
        Key(
            "export", Qt.Key.Key_E, C, lambda: review.session is not None and review.session.locked, "Ctrl+E"
        ),
        Key("export", Qt.Key.Key_Return, 0, modal(QFileDialog), "Enter"),
    ]
    state = {"queue": False}

    def target() -> QWidget:
        w = QApplication.activePopupWidget() or QApplication.activeModalWidget()
        f = QApplication.focusWidget()
        if w is not None:
            return f if f is not None and (f is w or w.isAncestorOf(f)) else w
        return f or win

    def send(k: Key) -> None:
        if not run.phase_at or run.phase_at[-1][1] != k.phase:
            run.phase_at.append((now(), k.phase))
        run.keys.append((k.phase, k.label))
        QTest.keyClick(target(), Qt.Key(k.key), Qt.KeyboardModifier(k.mods))

    deadline = time.monotonic() + timeout_s

    def tick() -> None:
        if time.monotonic() > deadline:
            done["error"] = (
                f"timeout; active window {QApplication.activeWindow()}, modal {QApplication.activeModalWidget()}"
            )
            for w in (QApplication.activePopupWidget(), QApplication.activeModalWidget()):
                if w is not None:
                    w.close()  # a modal dialog runs its own loop: end it, or the script never returns
            loop.quit()
            return
        if plan:
            k = plan[0]
            if not k.ready():
                QTimer.singleShot(10, tick)
                return
            plan.pop(0)
            if not plan and k.phase == "queue":
                state["queue"] = True
        elif not state["queue"]:
            state["queue"] = True
            QTimer.singleShot(10, tick)
            return
        else:
            nxt = queue_key()
            if nxt is None and tail:
                k = tail[0]
                if not k.ready():
                    QTimer.singleShot(10, tick)
                    return
                tail.pop(0)
            elif nxt is None:
                if "xlsx" in done:
                    run.phase_at.append((now(), "end"))
                    QTimer.singleShot(300, loop.quit)  # the heartbeat keeps measuring meanwhile
                else:
                    QTimer.singleShot(10, tick)
                return
            else:
                k = nxt
        QTimer.singleShot(10, tick)  # scheduled first: the key may open a modal dialog (its own loop)
        if QApplication.activeWindow() is None:
            # offscreen, a closed dialog does not give the activation back (a desktop does): not a keystroke
            win.activateWindow()
            QTest.qWaitForWindowActive(win)
        send(k)

    QTimer.singleShot(50, tick)
    t0 = now()
    loop.exec()
    heart.stop()
    if "error" in done:
        sent = " ".join(label for _, label in run.keys)
        raise SystemExit(f"review did not finish: {done['error']} (keys sent: {sent})")

    phases = [p for _, p in run.phase_at]
    bounds = [t for t, _ in run.phase_at]
    busy: dict[str, dict[str, float]] = {}
    for t_end, gap in run.gaps:
        start = t_end - gap
        i = max((j for j, b in enumerate(bounds) if b <= start), default=0)
        ph = phases[i]
        b = busy.setdefault(ph, {"busy_s": 0.0, "longest_ms": 0.0})
        b["busy_s"] += (gap - HEARTBEAT_MS) / 1000
        b["longest_ms"] = max(b["longest_ms"], gap)
    counts: dict[str, int] = {}
    for ph, _label in run.keys:
        counts[ph] = counts.get(ph, 0) + 1
    xlsx = Path(str(done["xlsx"]))
    back = read_review_workbook(xlsx).state
    findings = review.findings + (review.session.state.manual_findings if review.session else [])
    statuses = [review.session.status(f.id) for f in findings] if review.session else []
    out = {
        "file": str(path.relative_to(REPO.parent / "shared"))
        if path.is_relative_to(REPO.parent / "shared")
        else str(path),
        "pages": review.doc.page_count if review.doc else None,
        "findings": len(findings),
        "list_rows": win.findings_panel.proxy.rowCount(),
        "open_by": "recent-files menu",
        "keystrokes_if_opened_by_dialog": len(run.keys) - counts.get("open", 0) + len(path.name) + 2,
        "keystrokes": len(run.keys),
        "keystrokes_by_phase": counts,
        "keys": " ".join(label for _, label in run.keys),
        "busy_s_total": round(sum(b["busy_s"] for b in busy.values()), 3),
        "busy_by_phase": {
            k: {
                "busy_s": round(v["busy_s"], 3),
                "per_key_ms": round(1000 * v["busy_s"] / max(counts.get(k, 0), 1), 1),
                "longest_ms": round(v["longest_ms"], 1),
            }
            for k, v in busy.items()
        },
        "longest_block_ms": round(max((g for _, g in run.gaps), default=0.0), 1),
        "wall_s": round((now() - t0) / 1000, 2),
        "load_wall_s": round((run.marks.get("loaded", t0) - bounds[0]) / 1000, 2),
        "export_wall_s": round((run.marks.get("exported", t0) - bounds[phases.index("export")]) / 1000, 2),
        "still_pending": sum(1 for s in statuses if s == Status.PENDING),
        "workbook": xlsx.name,
        "workbook_signed_by": back.signed_off_by,
        "workbook_pending_at_signoff": back.pending_at_signoff,
    }
    win.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default=str(DEFAULT))
    args = ap.parse_args(argv)
    print(json.dumps(run_review(Path(args.file)), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
