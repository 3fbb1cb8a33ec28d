"""A real document with a table finding selected, its screenshot and the height of the page's digits.

Shared by ``test_gui_small_screens.py`` and, run as a script, by its 150 % scaling
case: ``QT_SCALE_FACTOR`` must be set before the ``QApplication`` exists, so that
case runs in a child process (``python _small_screens.py PDF OUT.png``, offscreen),
which prints the figures as JSON.

The digit height is measured in the screenshot itself, in device pixels: inside
the highlighted cell (the red frame and the cell's rules left out), the ink
(lightness < 128) is cut into glyphs at the columns without ink, and the
median of the glyphs' heights (first to last row with ink) is the digit height.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QPointF, QRect
from PySide6.QtGui import QImage

from gouji.model.findings import Finding, Location

DARK = 128  # grey level below which a pixel is ink
INSET = 3  # device px left out inside the highlighted box (frame and ruling lines)


def cell_findings(w) -> list[tuple[Finding, Location]]:
    """The findings whose first table location is a cell printed with digits, in list order."""
    index = w.review.index
    out = []
    for f in w.review.findings:
        loc = next((lc for lc in f.locations if lc.table or lc.sentence is not None), None)
        if loc is None or not loc.table or loc.row is None or loc.column is None or not loc.bbox:
            continue
        row = index.table_row(loc.table, loc.row)
        cell = row.cell(loc.column) if row is not None else None
        if cell is not None and sum(ch.isdigit() for ch in cell.text) >= 3:
            out.append((f, loc))
    return out


def first_cell_finding(w) -> Finding:
    return cell_findings(w)[0][0]


def deepest_cell_finding(w) -> Finding:
    """The one printed farthest down its page (far below its table's header band)."""
    return max(cell_findings(w), key=lambda fl: fl[1].bbox.top)[0]


def highlight_rect(w, dpr: float) -> QRect:
    """The highlighted box in the window's screenshot, device pixels, inset."""
    _page, b = w.page_view.highlighted()
    view = w.page_view.view
    a = view.viewport().mapTo(w, view.mapFromScene(QPointF(b.x0, b.top)))
    z = view.viewport().mapTo(w, view.mapFromScene(QPointF(b.x1, b.bottom)))
    return QRect(
        round(a.x() * dpr) + INSET,
        round(a.y() * dpr) + INSET,
        round((z.x() - a.x()) * dpr) - 2 * INSET,
        round((z.y() - a.y()) * dpr) - 2 * INSET,
    )


def digit_height(img: QImage, rect: QRect) -> int:
    """The height of the digits printed in ``rect`` of ``img``, device px (0 when there is no ink).

    The ink is cut into glyphs at the pixel columns without ink; each glyph's height is the
    span of rows holding its ink; the answer is the median over the glyphs (digits are all of
    one height; the comma and the point, lower and shorter, are outnumbered).
    """
    r = rect.intersected(img.rect())
    heights: list[int] = []
    rows: list[int] = []
    for x in range(r.left(), r.right() + 2):
        ink = [
            y
            for y in range(r.top(), r.bottom() + 1)
            if x <= r.right() and img.pixelColor(x, y).lightness() < DARK
        ]
        if ink:
            rows += ink
        elif rows:
            heights.append(max(rows) - min(rows) + 1)
            rows = []
    return sorted(heights)[len(heights) // 2] if heights else 0


def open_document(w, path: str | Path, wait) -> None:
    """Open ``path`` in window ``w`` and wait until it is loaded (``wait`` as for :func:`shoot`)."""
    loaded: list = []
    w.documentLoaded.connect(loaded.append)
    w.open_file(path)
    wait(lambda: bool(loaded) and not w.is_loading(), 120)


def shoot(w, out: Path, wait, choose=first_cell_finding) -> dict:
    """Select the finding ``choose(w)``, wait for the page, save the window to ``out``; the figures.

    ``wait(predicate, seconds)`` runs the event loop until the predicate holds.
    """
    f = choose(w)
    w.select_finding(f)
    wait(lambda: w.page_view.highlighted() is not None and not w.page_view._pixmap.pixmap().isNull(), 20)
    wait(lambda: not w.page_view._rerender.isActive(), 5)
    wait(lambda: abs(w.page_view._pixmap.scale() * w.page_view._ppp() - 1) < 1e-6, 20)  # sharp render in
    pm = w.grab()
    img = pm.toImage()
    img.save(str(out))
    rect = highlight_rect(w, pm.devicePixelRatio())
    crop = img.copy(rect.adjusted(-8, -8, 8, 8))
    crop.scaled(crop.width() * 4, crop.height() * 4).save(str(out.with_name(out.stem + "_cell_x4.png")))
    view = w.page_view.view
    page, b = w.page_view.highlighted()
    vp = view.mapToScene(view.viewport().rect()).boundingRect()
    return {
        "finding": f.id,
        "page": page,
        "zoom": w.page_view.zoom(),
        "dpr": pm.devicePixelRatio(),
        "image": [img.width(), img.height()],
        "digit_px": digit_height(img, rect),
        "cell_in_view": vp.contains(QPointF(b.x0, b.top)) and vp.contains(QPointF(b.x1, b.bottom)),
        "tabbed": w.centre.tabbed(),
        "strip": w.page_view.header_strip.isVisible(),
        "min_hint": [w.minimumSizeHint().width(), w.minimumSizeHint().height()],
    }


def _main(pdf: str, out: str, width: int, height: int) -> None:
    """The child process: open ``pdf`` in a window of ``width`` × ``height`` logical px, shoot it."""
    import tempfile

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gouji.gui.app import create_application
    from gouji.gui.qt_main_window import QtMainWindow

    app = create_application(["gouji"])
    tmp = Path(tempfile.mkdtemp())

    def wait(pred, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not pred():
            if time.monotonic() > end:
                raise TimeoutError
            app.processEvents()
            time.sleep(0.01)

    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    w = QtMainWindow(settings=settings, review_folder=tmp / "reviews")
    w.resize(width, height)
    w.show()
    open_document(w, pdf, wait)
    figures = shoot(w, Path(out), wait)
    w.close()
    QApplication.processEvents()
    print(json.dumps(figures))


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
