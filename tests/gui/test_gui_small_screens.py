"""Small screens and scaling (issue 12.8): zoom to band, page / table tabs, elided outline, collapsible panels.

The first tests use the hand-built document (fast); the screenshots open a real
final account at 1920×1080, 1366×768 and at 150 % scaling (a child process: the
scale factor must be set before the ``QApplication`` exists), save them in
test-artifacts/ and measure the height of the page's digits in each
(:mod:`_small_screens`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _gui_factory import COL_X, PAGE_W, factory_loader, make_document, window_factory, write_blank_pdf
from _small_screens import deepest_cell_finding, first_cell_finding, open_document, shoot
from conftest import corpus
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from gouji.gui.page_band import Band, BandFinder, text_band
from gouji.gui.qt_layout import CONTENT_TAB, PAGE_TAB
from gouji.gui.qt_outline import QtOutlineModel, QtOutlineView
from gouji.gui.qt_page_view import READABLE_ZOOM, QtPageView
from gouji.model.document import BBox

pytestmark = pytest.mark.gui

REAL = "final/putuo_czj_2024_final.pdf"  # 25 pages, table findings
MIN_DIGIT_PX = 9


@pytest.fixture
def make_window(qtbot, tmp_path):
    yield from window_factory(qtbot, tmp_path)


def _open(qtbot, w, path: Path) -> None:
    open_document(w, path, _wait_for(qtbot))


def _wait_for(qtbot):
    def wait(pred, seconds: float) -> None:
        qtbot.waitUntil(pred, timeout=int(seconds * 1000))

    return wait


def _visible_scene(view) -> object:
    return view.mapToScene(view.viewport().rect()).boundingRect()


def _inside(rect, b: BBox) -> bool:
    return rect.contains(QPointF(b.x0, b.top)) and rect.contains(QPointF(b.x1, b.bottom))


def _finding(w, fid: str):
    return next(f for f in w.review.findings if f.id == fid)


# --- zoom to band -------------------------------------------------------------------------------
def test_band_of_a_cell_is_its_tables_width_and_header_band(tmp_path):
    doc = make_document(write_blank_pdf(tmp_path / "doc.pdf"))
    t = doc.tables[0]
    cell = t.rows[2].cells[1]
    band = BandFinder(doc).table_band(t.id, 1, cell.bbox)
    assert (band.x0, band.x1) == (COL_X[0], COL_X[-1])  # the whole printed row, code to last amount
    first = t.rows[0].bbox.top
    assert band.header == (max(first - 64, t.title_bbox.bottom + 1), first)  # below the title, above row 1
    above = BBox(
        x0=COL_X[1], top=first - 20, x1=COL_X[2], bottom=first - 2
    )  # a heading cell: no band above it
    assert BandFinder(doc).table_band(t.id, 1, above).header is None
    assert text_band(cell.bbox) == Band(cell.bbox.x0, cell.bbox.x1)


def test_finding_zooms_to_its_row_and_header_band(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    w.resize(1366, 768)
    _open(qtbot, w, tmp_path / "doc.pdf")
    f = _finding(w, "arith.row:0001")  # the 合计 row of T01, its first cell
    w.select_finding(f)
    page, box = w.page_view.highlighted()
    assert (page, box) == (f.locations[0].page, f.locations[0].bbox)
    assert w.page_view.zoom() >= READABLE_ZOOM
    seen = _visible_scene(w.page_view.view)
    assert _inside(seen, box)
    t = w.review.doc.tables[0]
    header_top = max(t.rows[0].bbox.top - 64, t.title_bbox.bottom + 1)
    assert seen.top() <= header_top  # the header band above the row is in view too
    # the View-menu switch turns it off: the zoom stays where the reviewer put it
    w.layout_actions.act_band.setChecked(False)
    w.page_view.set_zoom(0.5)
    w.select_finding(_finding(w, "arith.class:0002"))
    assert w.page_view.zoom() == pytest.approx(0.5)
    assert w.settings.value("layout/band_zoom") == "false"


def test_a_click_on_the_page_selects_without_moving_the_page(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    w.resize(1366, 768)
    _open(qtbot, w, tmp_path / "doc.pdf")
    w.select_finding(_finding(w, "arith.row:0001"))
    view = w.page_view.view
    w.page_view.set_zoom(2.2)
    where = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    b = w.review.doc.tables[0].rows[3].cells[2].bbox  # another cell of the table
    w.page_view.clickedAt.emit(1, (b.x0 + b.x1) / 2, (b.top + b.bottom) / 2)
    assert w.page_view.highlighted() == (1, b)  # selected and framed…
    assert w.page_view.zoom() == pytest.approx(2.2)  # …where the reviewer is looking
    assert (view.horizontalScrollBar().value(), view.verticalScrollBar().value()) == where


def test_row_far_below_its_header_pins_the_header_band(qtbot, tmp_path):
    pdf = write_blank_pdf(tmp_path / "blank.pdf", pages=1)
    view = QtPageView()
    qtbot.addWidget(view)
    view.resize(700, 260)
    view.show()
    view.set_document(str(pdf), True, [(PAGE_W, 842.0)], 1)
    band = Band(40.0, 560.0, header=(60.0, 100.0))
    deep = BBox(x0=380, top=700, x1=480, bottom=720)
    view.highlight(1, deep, band=band)
    qtbot.waitUntil(lambda: not view._pixmap.pixmap().isNull(), timeout=10_000)
    seen = _visible_scene(view.view)
    assert view.zoom() >= READABLE_ZOOM and _inside(seen, deep)
    assert seen.top() > band.header[1]  # the real header band is scrolled away…
    strip = view.header_strip
    assert strip.isVisible() and strip.y() == 0  # …and a copy of it is pinned to the top
    assert view.view.mapFromScene(QPointF(deep.x0, deep.top)).y() >= strip.height()  # not covering the row
    near = BBox(x0=380, top=100, x1=480, bottom=120)  # right under the header: the header itself shows
    view.highlight(1, near, band=band)
    assert seen.top() > _visible_scene(view.view).top() and not strip.isVisible()
    view.shutdown()


# --- tabs -----------------------------------------------------------------------------------------
def test_page_and_table_become_tabs_when_narrow_and_the_choice_is_kept(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "doc.pdf")
    w.resize(1920, 1080)
    qtbot.waitUntil(lambda: not w.centre.tabbed())
    assert w.page_view.isVisible() and w.content.isVisible() and not w.centre.tabs.isVisible()
    page_w, content_w = w.centre.split.sizes()
    assert page_w > content_w > 300  # the page has the larger share
    w.resize(1366, 768)  # auto: too narrow for side by side
    qtbot.waitUntil(w.centre.tabbed)
    assert w.centre.tabs.isVisible() and w.page_view.isVisible() != w.content.isVisible()
    w.centre.show_tab(PAGE_TAB)
    w.layout_actions.act_switch.trigger()  # F6
    assert w.content.isVisible() and not w.page_view.isVisible()
    assert w.centre.tabs.currentIndex() == CONTENT_TAB
    w.resize(1920, 1080)  # wide again: side by side, both panes with room
    qtbot.waitUntil(lambda: not w.centre.tabbed())
    assert w.centre.split.sizes()[0] == pytest.approx(page_w, abs=5)  # as they were before the tabs
    w.layout_actions.act_mode["tabs"].trigger()  # always tabs, even when wide
    assert w.centre.tabbed() and w.settings.value("layout/centre") == "tabs"
    w.close()
    w2 = make_window(loader=factory_loader())  # same settings file
    w2.resize(1920, 1080)
    assert w2.centre.tabbed() and w2.layout_actions.act_mode["tabs"].isChecked()
    assert w2.centre.tabs.currentIndex() == CONTENT_TAB


# --- outline ---------------------------------------------------------------------------------------
def test_outline_titles_elide_in_the_middle_with_the_full_title_in_the_tooltip(qtbot, tmp_path):
    doc = make_document(write_blank_pdf(tmp_path / "doc.pdf"))
    long = "上海市某某区某某局2024年度一般公共预算财政拨款基本支出决算表"
    doc.tables[1] = doc.tables[1].model_copy(update={"title": long})
    model = QtOutlineModel(doc)
    view = QtOutlineView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(240, 300)
    view.show()
    view.expandAll()
    idx = model.index_of_key(("table", "T02"))
    assert view.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert view.fontMetrics().horizontalAdvance(long) > view.visualRect(idx).width()  # it must elide
    shown = view.fontMetrics().elidedText(long, view.textElideMode(), view.visualRect(idx).width())
    assert shown.startswith("上海") and shown.endswith("决算表")  # the ends that tell titles apart
    assert idx.data(Qt.ItemDataRole.ToolTipRole) == long


# --- panels ------------------------------------------------------------------------------------------
def test_panels_collapse_and_restore_from_the_view_menu_and_are_remembered(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    acts = w.layout_actions.act_panel
    assert all(a.isChecked() for a in acts.values())
    width = w.top.sizes()[0]
    acts["outline"].setChecked(False)
    assert w.top.sizes()[0] == 0 and w.top.sizes()[1] > 0
    acts["outline"].setChecked(True)
    assert w.top.sizes()[0] == width  # back at the width it had
    acts["findings"].setChecked(False)
    assert w.main_split.sizes()[1] == 0
    # a panel collapsed by dragging its handle unchecks its entry
    w.bottom.setSizes([sum(w.bottom.sizes()), 0])
    w.bottom.splitterMoved.emit(0, 1)
    assert not acts["annotation"].isChecked()
    w.close()
    w2 = make_window(loader=factory_loader())
    assert w2.main_split.sizes()[1] == 0 and not w2.layout_actions.act_panel["findings"].isChecked()
    w2.layout_actions.act_panel["findings"].setChecked(True)
    assert w2.main_split.sizes()[1] > 0


def test_window_fits_a_laptop_screen_and_150_percent_scaling(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "doc.pdf")
    hint = w.minimumSizeHint()
    # a laptop; 1920×1080 at 150 %; 1366×768 at 150 % (logical 910×512: the width must fit)
    for width, height in ((1366, 768), (1280, 720)):
        assert hint.width() <= width and hint.height() <= height
    assert hint.width() <= 910
    w.resize(1366, 768)
    QApplication.processEvents()
    assert w.width() == 1366 and w.centralWidget().width() <= 1366


# --- screenshots on a real document ---------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    "size, choose, name",
    [
        ((1920, 1080), first_cell_finding, ""),
        ((1366, 768), first_cell_finding, ""),
        ((1366, 768), deepest_cell_finding, "_deep_row"),
    ],
)
def test_screenshot_real_document_digits_readable(
    qtbot, make_window, tmp_path, artifacts, size, choose, name
):
    pdf = tmp_path / Path(REAL).name
    shutil.copyfile(corpus(REAL), pdf)
    w = make_window()
    w.resize(*size)
    _open(qtbot, w, pdf)
    out = artifacts / f"small_screens_{size[0]}x{size[1]}{name}.png"
    fig = shoot(w, out, _wait_for(qtbot), choose)
    print(f"{out.name}: {fig}")
    assert fig["image"] == list(size)
    assert fig["cell_in_view"] and fig["digit_px"] >= MIN_DIGIT_PX
    assert fig["tabbed"] == (size[0] < 1500)
    if name:  # a row far below its header: the header band is pinned over the page
        assert fig["strip"]


@pytest.mark.slow
def test_screenshot_real_document_at_150_percent(tmp_path, artifacts):
    pdf = tmp_path / Path(REAL).name
    shutil.copyfile(corpus(REAL), pdf)
    out = artifacts / "small_screens_1920x1080_at_150.png"
    env = {**os.environ, "QT_SCALE_FACTOR": "1.5", "QT_QPA_PLATFORM": "offscreen"}
    script = Path(__file__).with_name("_small_screens.py")
    t0 = time.monotonic()
    res = subprocess.run(
        [sys.executable, str(script), str(pdf), str(out), "1280", "720"],  # 1920×1080 device px
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    fig = json.loads(res.stdout.strip().splitlines()[-1])
    print(f"{out.name}: {fig} ({time.monotonic() - t0:.1f} s)")
    assert fig["dpr"] == 1.5 and fig["image"] == [1920, 1080]
    assert fig["cell_in_view"] and fig["digit_px"] >= MIN_DIGIT_PX
    assert fig["min_hint"][0] <= 1280 and fig["min_hint"][1] <= 720
