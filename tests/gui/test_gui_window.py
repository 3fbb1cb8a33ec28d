"""GUI layer, part 2: the main window over hand-built documents (fast, no parser needed).

The real-file tests (corpus PDFs through ``gouji.io.pipeline.parse``) are in
``test_gui_real.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _gui_factory import factory_loader, window_factory
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from gouji.gui.qt_findings_model import COL_STATUS
from gouji.model.findings import Family, Severity
from gouji.model.review import Status, load_review, review_path

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
    assert w.content.stack.currentWidget() is w.content.welcome
    assert "打开一个预决算公开文件" in w.content.welcome.text()
    assert not w.menus.act_export.isEnabled() and not w.menus.act_add_finding.isEnabled()
    assert w.menus.act_open.shortcut().toString() == "Ctrl+O"
    assert w.menus.menu_file.title() == "文件(&F)"
    w.grab().save(str(artifacts / "gui_01_empty.png"))


def test_provisional_table_shown_before_load_ends(qtbot, make_window, tmp_path, artifacts):
    w = make_window(loader=factory_loader(delay=0.8))
    shown = []
    w.documentShown.connect(lambda d: shown.append((len(d.tables), w.is_loading())))
    with qtbot.waitSignal(w.documentShown, timeout=5000):
        w.open_file(tmp_path / "budget.pdf")
    assert shown[0] == (1, True)  # one table on screen while the worker is still running
    assert w.content.stack.currentWidget() is w.content.table_view
    assert "解析中" in w.content.title.text()
    assert w.tasks.progress.isVisible() and w.tasks.cancel_button.isVisible()
    _wait_page(qtbot, w)
    w.grab().save(str(artifacts / "gui_02_loading_first_table.png"))
    with qtbot.waitSignal(w.documentLoaded, timeout=5000):
        pass
    qtbot.waitUntil(lambda: not w.tasks.progress.isVisible())
    assert shown[-1] == (2, False) or shown[-1][0] == 2
    assert "解析中" not in w.content.title.text()
    assert w.findings_panel.proxy.rowCount() == 5
    assert w.outline_model.index_of_key(("table", "T01")).siblingAtColumn(1).data() == "4"
    assert w.menus.menu_recent.files()[0] == str(tmp_path / "budget.pdf")


def test_f8_navigates_findings(qtbot, make_window, tmp_path, artifacts):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    w.findings_panel.view.setFocus()
    qtbot.keyClick(w.findings_panel.view, Qt.Key.Key_F8)
    f = w.current_finding()
    assert f is not None and f.id == "arith.row:0001"
    cur = w.content.table_view.currentIndex()
    assert w.content.table_model().table().id == "T01" and (cur.row(), cur.column()) == (0, 2)
    page, bbox = w.page_view.highlighted()
    assert page == 1 and bbox == f.locations[0].bbox
    assert w.annotation.finding() is f
    _wait_page(qtbot, w)
    w.grab().save(str(artifacts / "gui_03_table_findings_highlighted.png"))
    # the list is sorted errors first: F8 → the inter-table error, which points at T02 first
    qtbot.keyClick(w.findings_panel.view, Qt.Key.Key_F8)
    assert w.current_finding().id == "inter.total:0004"
    assert w.content.table_model().table().id == "T02" and w.content.table_view.currentIndex().row() == 0
    qtbot.keyClick(w.findings_panel.view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert w.current_finding().id == "arith.row:0001" and w.content.table_model().table().id == "T01"
    w.next_finding()
    # the text finding: the sentence list, the sentence selected, its box on page 2
    w.next_finding()
    f = w.current_finding()
    assert f.family == Family.RATES
    assert w.content.stack.currentWidget() is w.content.sentence_view
    assert w.content.sentence_view.currentIndex().data() == f.locations[0].text
    assert w.page_view.page() == 2 and w.page_view.highlighted()[1] == f.locations[0].bbox
    assert w.outline.currentIndex().data() == "一、支出总体情况"
    _wait_page(qtbot, w)
    w.grab().save(str(artifacts / "gui_04_text_finding.png"))
    w.next_finding()  # the warning on a whole row: its name cell is selected
    assert w.current_finding().id == "complete.row:0003"
    assert (w.content.table_view.currentIndex().row(), w.content.table_view.currentIndex().column()) == (1, 1)
    w.next_finding()  # the rounding gap on row 208
    assert w.current_finding().id == "arith.class:0002" and w.content.table_view.currentIndex().row() == 3
    w.next_finding()  # wraps around
    assert w.current_finding().id == "arith.row:0001"


def test_filters_and_cell_selection(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    w.findings_panel.filter_severity.setCurrentIndex(
        w.findings_panel.filter_severity.findData(Severity.ERROR)
    )
    assert (
        w.findings_panel.proxy.rowCount() == 3
        and w.findings_panel.count_label.text() == "3 / 5 个问题，已处理 0"
    )
    w.findings_panel.filter_table.setCurrentIndex(w.findings_panel.filter_table.findData("T02"))
    assert w.findings_panel.proxy.rowCount() == 1
    # selecting a coloured cell selects its finding even when filters hide it (filters reset)
    w._select_outline(("table", "T01"))
    w.content.table_view.setCurrentIndex(w.content.table_model().index(3, 2))
    assert w.current_finding().id == "arith.class:0002"
    assert w.findings_panel.proxy.rowCount() == 5
    assert w.page_view.highlighted()[1] == w.content.table_model().table().rows[3].cells[1].bbox


def test_click_on_page_selects_cell(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    _wait_page(qtbot, w)
    t1 = w.review.doc.tables[0]
    b = t1.rows[2].cells[3].bbox  # 人大事务 / 项目支出
    view = w.page_view.view
    pos = view.mapFromScene(QPointF((b.x0 + b.x1) / 2, (b.top + b.bottom) / 2))
    view.ensureVisible(b.x0, b.top, b.x1 - b.x0, b.bottom - b.top)
    pos = view.mapFromScene(QPointF((b.x0 + b.x1) / 2, (b.top + b.bottom) / 2))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(pos.x(), pos.y()))
    cur = w.content.table_view.currentIndex()
    assert (cur.row(), cur.column()) == (2, 4)
    # a click on a cell of the other table switches table
    b2 = w.review.doc.tables[1].rows[1].cells[1].bbox
    w.page_view.clickedAt.emit(1, b2.x0 + 2, b2.top + 2)
    assert w.content.table_model().table().id == "T02" and w.content.table_view.currentIndex().row() == 1
    # a click on a sentence of page 2 opens its section
    s = w.review.doc.sentences[0]
    w.page_view.show_page(2)
    w.page_view.clickedAt.emit(2, s.bbox.x0 + 3, s.bbox.top + 3)
    assert w.content.stack.currentWidget() is w.content.sentence_view
    assert w.content.sentence_view.currentIndex().data() == s.text


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
    assert w.findings_panel.proxy.index(0, COL_STATUS).data() == "确认问题"
    assert w.findings_panel.count_label.text() == "5 / 5 个问题，已处理 1"
    assert w.review.session.is_dirty()
    # a reviewer-added finding on a selected cell
    w._select_outline(("table", "T01"))
    w.content.table_view.setCurrentIndex(w.content.table_model().index(2, 3))
    added = w.add_manual_finding("人大事务基本支出与明细表不一致", Severity.WARNING)
    assert added is not None and added.family == Family.MANUAL
    assert added.locations[0].row == 2 and added.locations[0].column == 3
    assert w.findings_panel.proxy.rowCount() == 6 and w.current_finding().id == added.id
    # T01 has 5 findings, one confirmed above: the outline counts the 4 still 待核实
    assert w.outline_model.index_of_key(("table", "T01")).siblingAtColumn(1).data() == "4"
    w.findings_panel.view.setCurrentIndex(w.findings_panel.proxy.index(0, 0))
    w.grab().save(str(artifacts / "gui_05_annotation.png"))
    w.close()  # flushes the debounced save
    saved = load_review(review_path(pdf), w.review.doc.sha256)
    assert saved is not None and saved.annotations[fid].comment == "合计行多计 1.00 万元"
    assert saved.annotations[fid].reviewer == "张审核"

    w2 = make_window(loader=factory_loader())
    assert w2.annotation.reviewer.text() == "张审核"  # remembered in QSettings
    _open(qtbot, w2, pdf)
    assert w2.findings_panel.proxy.rowCount() == 6  # the reviewer's finding is back
    w2.next_finding()
    assert w2.current_finding().id == fid
    assert w2.annotation.comment.toPlainText() == "合计行多计 1.00 万元"
    assert w2.annotation.status.currentIndex() == list(Status).index(Status.CONFIRMED)
    # Alt+2 marks the selected finding 确认问题 from anywhere in the window
    w2.next_finding()
    marked = w2.current_finding()
    qtbot.keyClick(w2.findings_panel.view, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert w2.review.session.status(marked.id) == Status.CONFIRMED
    assert w2.current_finding() is not marked  # … and moves on to the next 待核实 finding
    w2.select_finding(w2.findings_panel.model.finding(w2.findings_panel.model.row_of(fid)))
    # the confirmed finding keeps its colour; dismissing it removes it
    w2.annotation.status.setCurrentIndex(list(Status).index(Status.NOT_A_PROBLEM))
    assert (
        w2.content.table_model().index(0, 2).data(Qt.ItemDataRole.BackgroundRole) is not None
    )  # T02 error remains
    assert w2.content.table_model().index(0, 4).data(Qt.ItemDataRole.BackgroundRole) is None


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
    assert w.review.doc is not None and w.review.doc.path == str(tmp_path / "budget.pdf")  # nothing lost
    assert w.outline_model.rowCount() == 2 and w.findings_panel.proxy.rowCount() == 5
    box.close()
    with qtbot.waitSignal(w.loadFailed, timeout=5000) as blocker:
        w.open_file(tmp_path / "bad.doc")
    assert "找不到文件" in blocker.args[0] or "旧版" in blocker.args[0]


def test_cancel_restores_previous_state(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader(delay=10))
    with qtbot.waitSignal(w.documentShown, timeout=5000):
        w.open_file(tmp_path / "budget.pdf")
    with qtbot.waitSignal(w.loadCancelled, timeout=5000):
        w.tasks.cancel_button.click()
    assert w.review.doc is None and w.content.stack.currentWidget() is w.content.welcome
    assert w.status_label.text().startswith("已取消打开") and "审核记录都没有改动" in w.status_label.text()
    assert w.outline_model.rowCount() == 0


def test_english_ui_and_language_persisted(qtbot, make_window, tmp_path, artifacts):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    w.next_finding()
    w.set_ui_language("en")
    assert w.menus.menu_file.title() == "&File"
    assert w.findings_panel.proxy.headerData(0, Qt.Orientation.Horizontal) == "Severity"
    assert w.findings_panel.proxy.index(0, 0).data() == "Error"
    assert w.outline_model.index(0, 0).data() == "Tables"
    assert w.annotation.status.currentText() == "To check"
    _wait_page(qtbot, w)
    w.grab().save(str(artifacts / "gui_06_english.png"))
    w.close()
    w2 = make_window(loader=factory_loader())
    assert w2.menus.menu_file.title() == "&File" and w2.menus.act_lang["en"].isChecked()
    w2.set_ui_language("zh")
    assert w2.menus.menu_file.title() == "文件(&F)"


def test_drop_opens_file(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "budget.pdf"))])
    ev = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(w.documentLoaded, timeout=5000):
        w.dropEvent(ev)
    assert w.review.doc.path == str(tmp_path / "budget.pdf")
    assert [a.text() for a in w.menus.menu_recent.actions()][0] == "&1 budget.pdf"


def test_page_view_zoom_and_navigation(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    pv = w.page_view
    _wait_page(qtbot, w)
    z = pv.zoom()
    w.menus.act_zoom_in.trigger()
    assert pv.zoom() == pytest.approx(z * 1.25)
    w.menus.act_zoom_out.trigger()
    assert pv.zoom() == pytest.approx(z)
    w.menus.act_fit_page.trigger()
    assert pv.zoom() <= z
    # high-DPI: the pixmap is rendered at zoom × devicePixelRatio pixels per point
    qtbot.waitUntil(lambda: abs(pv._pixmap.scale() - 1 / pv._ppp()) < 1e-9, timeout=5000)
    pv.next_page()
    assert pv.page() == 2 and pv.spin.value() == 2
    pv.next_page()
    assert pv.page() == 2  # last page


def test_export_then_import_workbook(qtbot, make_window, tmp_path):
    pytest.importorskip("gouji.io.export.workbook")
    import shutil

    pdf = tmp_path / "a" / "budget.pdf"
    pdf.parent.mkdir()
    w = make_window(loader=factory_loader())
    _open(qtbot, w, pdf)
    assert w.menus.act_export.isEnabled() and w.menus.act_import.isEnabled()
    w.next_finding()
    fid = w.current_finding().id
    w.annotation.status.setCurrentIndex(list(Status).index(Status.CORRECTED))
    w.annotation.comment.insertPlainText("单位已更正")
    w._select_outline(("table", "T01"))
    w.content.table_view.setCurrentIndex(w.content.table_model().index(3, 3))
    added = w.add_manual_finding("社保基本支出需核对", Severity.WARNING)
    out = tmp_path / "review.xlsx"
    failures: list[str] = []
    written: list[str] = []
    w.exportFinished.connect(written.append)
    task = w.review.export_to(str(out))
    task.failed.connect(lambda e: failures.append(getattr(e, "__traceback_text__", str(e))))
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    assert not failures, failures[0]
    assert written == [str(out)] and out.exists()

    # the same file elsewhere, never reviewed: importing the workbook brings the review over
    other = tmp_path / "b" / "budget.pdf"
    other.parent.mkdir()
    shutil.copyfile(pdf, other)
    w2 = make_window(loader=factory_loader(), settings_name="other.ini")
    _open(qtbot, w2, other)
    assert w2.findings_panel.proxy.rowCount() == 5
    with qtbot.waitSignal(w2.importFinished, timeout=60_000) as blocker:
        w2.review.import_from(str(out))
    assert blocker.args[0] >= 2
    assert w2.review.session.status(fid) == Status.CORRECTED
    assert w2.review.session.annotation(fid).comment == "单位已更正"
    assert w2.findings_panel.proxy.rowCount() == 6
    assert any(f.message == added.message for f in w2.review.session.state.manual_findings)


def test_second_document_loading_hides_first_findings_until_done(qtbot, make_window, tmp_path):
    fast, slow = factory_loader(), factory_loader(delay=10)

    def loader(path, *, state, review_locations=None):
        chosen = slow if "slow" in Path(path).name else fast
        return chosen(path, state=state, review_locations=review_locations)

    w = make_window(loader=loader)
    _open(qtbot, w, tmp_path / "first.pdf")
    assert w.findings_panel.proxy.rowCount() == 5
    with qtbot.waitSignal(w.documentShown, timeout=5000):
        w.open_file(tmp_path / "slow.pdf")
    # the provisional second document is on screen; the first one's findings are not beside it
    assert w.review.shown.path == str(tmp_path / "slow.pdf") and w.findings_panel.proxy.rowCount() == 0
    assert not w.menus.act_add_finding.isEnabled() and w.annotation.finding() is None
    with qtbot.waitSignal(w.loadCancelled, timeout=5000):
        w.tasks.cancel_load()
    # cancelled: the first document, its findings and its review are back
    assert w.review.shown.path == str(tmp_path / "first.pdf") and w.findings_panel.proxy.rowCount() == 5
    assert w.menus.act_add_finding.isEnabled()
    w.next_finding()
    assert w.annotation.finding() is w.current_finding()


def test_add_finding_dialog_requires_a_description(qtbot):
    from gouji.gui.qt_annotation import QtAddFindingDialog

    dlg = QtAddFindingDialog("T01 / 合计 / 合计")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.severity.setCurrentIndex(list(Severity).index(Severity.WARNING))
    dlg._accept()
    assert dlg.result() != dlg.DialogCode.Accepted and dlg.error.text() == "请填写问题描述。"
    dlg.message.setPlainText("合计与明细不符")
    with qtbot.waitSignal(dlg.accepted, timeout=1000):
        dlg._accept()
    assert dlg.values() == (Severity.WARNING, "合计与明细不符")


def test_add_finding_without_selection_says_so(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    w._select_outline(("section", "S002"))
    w.content.sentence_view.clearSelection()
    w.content.sentence_view.setCurrentIndex(w.content.sentence_view.model().index(-1, 0))
    w.add_finding_dialog()
    assert w.status_label.text() == "请先选择一个单元格或句子。"
    # a sentence can carry a reviewer finding too
    w.content.sentence_view.setCurrentIndex(w.content.sentence_view.model().index(2, 0))
    f = w.add_manual_finding("“等方面”表述笼统", Severity.WARNING)
    assert f is not None and f.locations[0].sentence == 2 and f.locations[0].page == 2
    assert w.outline_model.index_of_key(("section", "S002")).siblingAtColumn(1).data() == "2"


def test_close_while_loading_stops_the_worker(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader(delay=30))
    with qtbot.waitSignal(w.documentShown, timeout=5000):
        w.open_file(tmp_path / "budget.pdf")
    task = w.tasks.load_task()
    assert task is not None and task.is_running()
    w.close()  # cancels and waits for the worker thread
    assert task.wait(0)
    assert w.page_view._service._locate is None
