"""How responsive is the workbench while it opens a document?

Opens a file in the main window (offscreen unless told otherwise) and runs a
10 ms ``QTimer`` heartbeat on the GUI thread for the whole load.  Reports:

- ``first_table_s`` — when the first table was on screen (provisional document);
- ``loaded_s`` — when parsing and the rules were done and the findings shown;
- ``max_gap_ms`` / ``p99_gap_ms`` — the longest / 99th-percentile interval
  between heartbeats (a stall of the event loop shows up as a long gap);
- ``stalls_over_100ms`` — how many gaps exceeded 100 ms.

Usage::

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_gui_load.py [FILE]

(default: ``corpus/rendered/seed000.pdf``).  ``tests/test_gui_real.py`` runs
:func:`measure` and asserts loosely on the figures.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[2]
DEFAULT = REPO.parent / "shared" / "corpus" / "rendered" / "seed000.pdf"
HEARTBEAT_MS = 10


def measure(
    path: str | Path, timeout_s: float = 180.0, settle_ms: int = 500
) -> dict[str, float | int | None]:
    """Open ``path`` in a fresh main window and measure the event loop during the load."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer

    from gouji.gui.app import create_application
    from gouji.gui.qt_main_window import QtMainWindow

    app = create_application()
    tmp = Path(tempfile.mkdtemp(prefix="gouji-bench-"))
    win = QtMainWindow(
        settings=QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat), review_folder=tmp / "reviews"
    )
    win.resize(1400, 900)
    win.show()
    app.processEvents()

    clock = QElapsedTimer()
    gaps: list[float] = []
    last = [0.0]
    marks: dict[str, float | None] = {"first_table_s": None, "loaded_s": None, "failed": None}

    def beat() -> None:
        now = clock.nsecsElapsed() / 1e6
        gaps.append(now - last[0])
        last[0] = now

    def shown(doc) -> None:
        if marks["first_table_s"] is None and doc.tables:
            marks["first_table_s"] = clock.elapsed() / 1000
            marks["first_table_while_loading"] = win.is_loading()

    loop = QEventLoop()

    def loaded(_doc) -> None:
        marks["loaded_s"] = clock.elapsed() / 1000
        QTimer.singleShot(settle_ms, loop.quit)  # keep measuring while the page renders

    def failed(msg: str) -> None:
        marks["failed"] = msg
        loop.quit()

    win.documentShown.connect(shown)
    win.documentLoaded.connect(loaded)
    win.loadFailed.connect(failed)
    timer = QTimer()
    timer.setInterval(HEARTBEAT_MS)
    timer.timeout.connect(beat)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    clock.start()
    timer.start()
    win.open_file(str(path))
    t0 = time.perf_counter()
    loop.exec()
    timer.stop()
    wall = time.perf_counter() - t0
    if win.message_box is not None:
        win.message_box.close()
    win.close()
    win.deleteLater()
    app.processEvents()
    gaps_sorted = sorted(gaps)
    result = {
        "file": Path(path).name,
        "first_table_s": marks["first_table_s"],
        "first_table_while_loading": marks.get("first_table_while_loading"),
        "loaded_s": marks["loaded_s"],
        "wall_s": round(wall, 3),
        "heartbeats": len(gaps),
        "max_gap_ms": round(gaps_sorted[-1], 1) if gaps_sorted else None,
        "p99_gap_ms": round(gaps_sorted[int(len(gaps_sorted) * 0.99) - 1], 1)
        if len(gaps_sorted) > 100
        else None,
        "stalls_over_100ms": sum(1 for g in gaps if g > 100),
        "failed": marks["failed"],
    }
    return result


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else str(DEFAULT)
    print(json.dumps(measure(target), ensure_ascii=False, indent=1))
