"""GUI layer, part 2: the main window over hand-built documents (fast, no parser needed).

The real-file tests (corpus PDFs through ``gouji.io.reader.parse``) are in
``test_gui_real.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _gui_factory import factory_loader, window_factory
from gouji.gui.qt_findings_model import COL_STATUS
from gouji.model.findings import Family, Severity
from gouji.model.review import Status, load_review, review_path
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

pytestmark = pytest.mark.gui


@pytest.fixture
def make_window(qtbot, tmp_path):
    """Factory fixture: ``make_window(loader=None)`` → a shown main window, closed after the test."""
    yield from window_factory(qtbot, tmp_path)


def _open(qtbot, w, path: Path, timeout: int = 10000):
    with qtbot.waitSignal(w.documentLoaded, timeout=timeout):
        w.open_file(path)
    qtbot.waitUntil(lambda: not w.is_loading())


def _wait_page(qtbot, w):
    qtbot.waitUntil(lambda: not w.page_view._pixmap.pixmap().isNull(), timeout=5000)


def test_empty_window(make_window, artifacts):
    w = make_window(loader=factory_loader())
    assert w.content_stack.currentWidget() is w.welcome
    assert "打开一个预决算公开文件" in w.welcome.text()
    assert not w.act_export.isEnabled() and not w.act_add_finding.isEnabled()
    assert w.act_open.shortcut().toString() == "Ctrl+O"
    assert w.menu_file.title() == "文件(&F)"
    w.grab().save(str(artifacts / "gui_01_empty.png"))


def test_provisional_table_shown_before_load_ends(qtbot, make_window, tmp_path, artifacts):
    w = make_window(loader=factory_loader(delay=0.8))
    shown = []
    w.documentShown.connect(lambda d: shown.append((len(d.tables), w.is_loading())))
    with qtbot.waitSignal(w.documentShown, timeout=5000):
        w.open_file(tmp_path / "budget.pdf")
    assert shown[0] == (1, True)  # one table on screen while the worker is still running
    assert w.content_stack.currentWidget() is w.table_view
    assert "解析中" in w.content_title.text()
    assert w.progress.isVisible() and w.cancel_button.isVisible()
    _wait_page(qtbot, w)
    w.grab().save(str(artifacts / "gui_02_loading_first_table.png"))
    with qtbot.waitSignal(w.documentLoaded, timeout=5000):
        pass
    qtbot.waitUntil(lambda: not w.progress.isVisible())
    assert shown[-1] == (2, False) or shown[-1][0] == 2
    assert "解析中" not in w.content_title.text()
    assert w.findings_proxy.rowCount() == 5
    assert w.outline_model.index_of_key(("table", "T01")).siblingAtColumn(1).data() == "4"
    assert w.recent_files()[0] == str(tmp_path / "budget.pdf")


def test_f8_navigates_findings(qtbot, make_window, tmp_path, artifacts):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    w.findings_view.setFocus()
    qtbot.keyClick(w.findings_view, Qt.Key.Key_F8)
    f = w.current_finding()
    assert f is not None and f.id == "arith.row:0001"
    cur = w.table_view.currentIndex()
    assert w._table_model.table().id == "T01" and (cur.row(), cur.column()) == (0, 2)
    page, bbox = w.page_view.highlighted()
    assert page == 1 and bbox == f.locations[0].bbox
    assert w.annotation.finding() is f
    _wait_page(qtbot, w)
    w.grab().save(str(artifacts / "gui_03_table_findings_highlighted.png"))
    # F8 again → rounding finding on row 208; Shift+F8 → back
    qtbot.keyClick(w.findings_view, Qt.Key.Key_F8)
    assert w.current_finding().id == "arith.class:0002"
    assert w.table_view.currentIndex().row() == 3
    qtbot.keyClick(w.findings_view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert w.current_finding().id == "arith.row:0001"
    # the inter-table finding points at T02 first
    for _ in range(3):
        w.next_finding()
    assert w.current_finding().id == "inter.total:0004"
    assert w._table_model.table().id == "T02"
    # the text finding: the sentence list, the sentence selected, its box on page 2
    w.next_finding()
    f = w.current_finding()
    assert f.family == Family.RATES
    assert w.content_stack.currentWidget() is w.sentence_view
    assert w.sentence_view.currentIndex().data() == f.locations[0].text
    assert w.page_view.page() == 2 and w.page_view.highlighted()[1] == f.locations[0].bbox
    assert w.outline.currentIndex().data() == "一、支出总体情况"
    _wait_page(qtbot, w)
    w.grab().save(str(artifacts / "gui_04_text_finding.png"))
    w.next_finding()  # wraps around
    assert w.current_finding().id == "arith.row:0001"


def test_filters_and_cell_selection(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    w.filter_severity.setCurrentIndex(w.filter_severity.findData(Severity.ERROR))
    assert w.findings_proxy.rowCount() == 3 and w.count_label.text() == "3 / 5 个问题"
    w.filter_table.setCurrentIndex(w.filter_table.findData("T02"))
    assert w.findings_proxy.rowCount() == 1
    # selecting a coloured cell selects its finding even when filters hide it (filters reset)
    w._select_outline(("table", "T01"))
    w.table_view.setCurrentIndex(w._table_model.index(3, 2))
    assert w.current_finding().id == "arith.class:0002"
    assert w.findings_proxy.rowCount() == 5
    assert w.page_view.highlighted()[1] == w._table_model.table().rows[3].cells[1].bbox


def test_click_on_page_selects_cell(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    _wait_page(qtbot, w)
    t1 = w.doc.tables[0]
    b = t1.rows[2].cells[3].bbox  # 人大事务 / 项目支出
    view = w.page_view.view
    pos = view.mapFromScene(QPointF((b.x0 + b.x1) / 2, (b.top + b.bottom) / 2))
    view.ensureVisible(b.x0, b.top, b.x1 - b.x0, b.bottom - b.top)
    pos = view.mapFromScene(QPointF((b.x0 + b.x1) / 2, (b.top + b.bottom) / 2))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(pos.x(), pos.y()))
    cur = w.table_view.currentIndex()
    assert (cur.row(), cur.column()) == (2, 4)
    # a click on a cell of the other table switches table
    b2 = w.doc.tables[1].rows[1].cells[1].bbox
    w.page_view.clickedAt.emit(1, b2.x0 + 2, b2.top + 2)
    assert w._table_model.table().id == "T02" and w.table_view.currentIndex().row() == 1
    # a click on a sentence of page 2 opens its section
    s = w.doc.sentences[0]
    w.page_view.show_page(2)
    w.page_view.clickedAt.emit(2, s.bbox.x0 + 3, s.bbox.top + 3)
    assert w.content_stack.currentWidget() is w.sentence_view
    assert w.sentence_view.currentIndex().data() == s.text


def test_annotate_close_reopen(qtbot, make_window, tmp_path, artifacts):
    pdf = tmp_path / "budget.pdf"
    w = make_window(loader=factory_loader())
    _open(qtbot, w, pdf)
    w.next_finding()
    panel = w.annotation
    panel.reviewer.setText("张审核")
    panel.reviewer.editingFinished.emit()
    panel.status.setCurrentIndex(list(Status).index(Status.CONFIRMED))
    panel.comment.setFocus()
    qtbot.keyClicks(panel.comment, "1.00")  # typed …
    panel.comment.selectAll()
    panel.comment.insertPlainText("合计行多计 1.00 万元")  # … and pasted (QTest cannot type CJK)
    fid = w.current_finding().id
    assert w.findings_proxy.index(0, COL_STATUS).data() == "确认问题"
    assert w.session.is_dirty()
    # a reviewer-added finding on a selected cell
    w._select_outline(("table", "T01"))
    w.table_view.setCurrentIndex(w._table_model.index(2, 3))
    added = w.add_manual_finding("人大事务基本支出与明细表不一致", Severity.WARNING)
    assert added is not None and added.family == Family.MANUAL
    assert added.locations[0].row == 2 and added.locations[0].column == 3
    assert w.findings_proxy.rowCount() == 6 and w.current_finding().id == added.id
    assert w.outline_model.index_of_key(("table", "T01")).siblingAtColumn(1).data() == "5"
    w.findings_view.setCurrentIndex(w.findings_proxy.index(0, 0))
    w.grab().save(str(artifacts / "gui_05_annotation.png"))
    w.close()  # flushes the debounced save
    saved = load_review(review_path(pdf), w.doc.sha256)
    assert saved is not None and saved.annotations[fid].comment == "合计行多计 1.00 万元"
    assert saved.annotations[fid].reviewer == "张审核"

    w2 = make_window(loader=factory_loader())
    assert w2.annotation.reviewer.text() == "张审核"  # remembered in QSettings
    _open(qtbot, w2, pdf)
    assert w2.findings_proxy.rowCount() == 6  # the reviewer's finding is back
    w2.next_finding()
    assert w2.current_finding().id == fid
    assert w2.annotation.comment.toPlainText() == "合计行多计 1.00 万元"
    assert w2.annotation.status.currentIndex() == list(Status).index(Status.CONFIRMED)
    # the confirmed finding keeps its colour; dismissing it removes it
    w2.annotation.status.setCurrentIndex(list(Status).index(Status.NOT_A_PROBLEM))
    assert w2._table_model.index(0, 2).data(Qt.ItemDataRole.BackgroundRole) is not None  # T02 error remains
    assert w2._table_model.index(0, 4).data(Qt.ItemDataRole.BackgroundRole) is None


def test_bad_file_shows_chinese_message_and_keeps_document(qtbot, make_window, tmp_path):
    from gouji.gui.workers import load_document

    good = factory_loader()

    def loader(path, *, state, review_locations=None):
        if Path(path).name.startswith("bad"):
            return load_document(path, state=state, review_locations=review_locations)
        return good(path, state=state, review_locations=review_locations)

    w = make_window(loader=loader)
    _open(qtbot, w, tmp_path / "budget.pdf")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"this is not a pdf at all")
    with qtbot.waitSignal(w.loadFailed, timeout=5000) as blocker:
        w.open_file(bad)
    assert "损坏" in blocker.args[0]
    box = w.message_box
    assert box is not None and box.isVisible() and "损坏" in box.text()
    assert box.button(box.StandardButton.Ok).text() == "确定"
    assert w.doc is not None and w.doc.path == str(tmp_path / "budget.pdf")  # nothing lost
    assert w.outline_model.rowCount() == 2 and w.findings_proxy.rowCount() == 5
    box.close()
    with qtbot.waitSignal(w.loadFailed, timeout=5000) as blocker:
        w.open_file(tmp_path / "bad.doc")
    assert "找不到文件" in blocker.args[0] or "旧版" in blocker.args[0]


def test_cancel_restores_previous_state(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader(delay=10))
    with qtbot.waitSignal(w.documentShown, timeout=5000):
        w.open_file(tmp_path / "budget.pdf")
    with qtbot.waitSignal(w.loadCancelled, timeout=5000):
        w.cancel_button.click()
    assert w.doc is None and w.content_stack.currentWidget() is w.welcome
    assert w.status_label.text() == "已取消"
    assert w.outline_model.rowCount() == 0


def test_english_ui_and_language_persisted(qtbot, make_window, tmp_path, artifacts):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    w.next_finding()
    w.set_ui_language("en")
    assert w.menu_file.title() == "&File"
    assert w.findings_proxy.headerData(0, Qt.Orientation.Horizontal) == "Severity"
    assert w.findings_proxy.index(0, 0).data() == "Error"
    assert w.outline_model.index(0, 0).data() == "Tables"
    assert w.annotation.status.currentText() == "To check"
    _wait_page(qtbot, w)
    w.grab().save(str(artifacts / "gui_06_english.png"))
    w.close()
    w2 = make_window(loader=factory_loader())
    assert w2.menu_file.title() == "&File" and w2.act_lang["en"].isChecked()
    w2.set_ui_language("zh")
    assert w2.menu_file.title() == "文件(&F)"


def test_drop_opens_file(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "budget.pdf"))])
    ev = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(w.documentLoaded, timeout=5000):
        w.dropEvent(ev)
    assert w.doc.path == str(tmp_path / "budget.pdf")
    assert [a.text() for a in w.menu_recent.actions()][0] == "&1 budget.pdf"


def test_page_view_zoom_and_navigation(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    pv = w.page_view
    _wait_page(qtbot, w)
    z = pv.zoom()
    w.act_zoom_in.trigger()
    assert pv.zoom() == pytest.approx(z * 1.25)
    w.act_zoom_out.trigger()
    assert pv.zoom() == pytest.approx(z)
    w.act_fit_page.trigger()
    assert pv.zoom() <= z
    # high-DPI: the pixmap is rendered at zoom × devicePixelRatio pixels per point
    qtbot.waitUntil(lambda: abs(pv._pixmap.scale() - 1 / pv._ppp()) < 1e-9, timeout=5000)
    pv.next_page()
    assert pv.page() == 2 and pv.spin.value() == 2
    pv.next_page()
    assert pv.page() == 2  # last page
