"""The findings list as a queue (issue 12.5 / 12.6 / 12.9): findings of one gap grouped, 尾差 behind a
remembered toggle, several findings given one status, the addends and links in the detail panel, the
addend cells framed on the page, the selection moving on to the next 待核实 finding, F8's wrap message,
Tab leaving the lists, and the details cleared when the list is empty."""

from __future__ import annotations

from decimal import Decimal

import pytest
from _gui_factory import factory_loader, make_document, make_findings, window_factory
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt, QUrl
from rulefixtures import CARRIED_GAP, GAP_COLUMNS, table
from rulefixtures import doc as rule_doc
from rulefixtures import findings as run_rules_on

from gouji.gui.qt_annotation import QtAnnotationPanel
from gouji.gui.qt_findings_model import COL_STATUS, COL_TITLE, QtFindingsModel
from gouji.gui.qt_findings_panel import QtFindingsPanel
from gouji.gui.review_session import QtReviewSession
from gouji.model.document import StdTable
from gouji.model.findings import Severity, Term, cell_location
from gouji.model.index import FindingIndex
from gouji.model.review import Status

pytestmark = pytest.mark.gui


@pytest.fixture
def make_window(qtbot, tmp_path):
    yield from window_factory(qtbot, tmp_path)


def _panel(qtbot, tmp_path, doc, findings, settings: QSettings | None = None):
    session = QtReviewSession(doc, None, tmp_path / "fb")
    panel = QtFindingsPanel()
    qtbot.addWidget(panel)
    if settings is not None:
        panel.remember_in(settings)
    panel.set_model(QtFindingsModel(doc, findings, session), session)
    panel.fill_filters(doc, FindingIndex(doc, findings))
    panel.retranslate()
    return panel, session


def _open(qtbot, w, path, loader_findings=None):
    with qtbot.waitSignal(w.documentLoaded, timeout=10000):
        w.open_file(path)
    qtbot.waitUntil(lambda: not w.is_loading())


def _with_terms_loader():
    """The factory document whose first finding carries its addends (基本支出, 项目支出 of the 合计 row)."""
    base = factory_loader()

    def load(path, *, state, review_locations=None):
        res = base(path, state=state, review_locations=review_locations)
        t1 = res.document.tables[0]
        total = t1.rows[0]
        terms = [
            Term(label="基本支出", value=Decimal("600.00"), location=cell_location(t1, total, 3)),
            Term(label="项目支出", value=Decimal("401.00"), location=cell_location(t1, total, 4)),
        ]
        res.findings[0] = res.findings[0].model_copy(update={"terms": terms})
        return res

    return load


def test_a_gap_through_three_totals_is_one_expandable_row(qtbot, tmp_path, artifacts):
    t = table(
        StdTable.B_EXPENSE,
        "单位支出总体情况表",
        GAP_COLUMNS,
        CARRIED_GAP,
        page=1,
        top=100,
        col_x=[40, 100, 250, 350, 450, 550],
    )
    doc = rule_doc(t)
    findings = run_rules_on(doc, "arith.hierarchy", "arith.total_classes", "arith.column_identity")
    panel, _ = _panel(qtbot, tmp_path, doc, findings)
    model = panel.model
    assert model is not None and model.finding_count() == len(findings) == 6
    labels = [model.index(r, COL_TITLE).data() for r in range(model.rowCount())]
    assert labels == ["差额0.34万元，影响4处", "差额0.50万元，影响2处"]
    group = model.index(0, 0)
    assert model.rowCount(group) == 4 and model.index(0, COL_STATUS).data() == "待核实 4/4"
    assert panel.count_label.text() == "6 / 6 个问题，已处理 0"
    # a group row stands for its findings: selecting it selects them all
    panel.view.selectionModel().setCurrentIndex(
        panel.proxy.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert len(panel.selected_findings()) == 4
    panel.view.expandAll()
    panel.resize(1366, 300)
    panel.show()
    qtbot.waitExposed(panel)
    panel.grab().save(str(artifacts / "findings_grouped_list.png"))


def test_rounding_hidden_by_default_and_the_choice_remembered(qtbot, tmp_path):
    doc = make_document(tmp_path / "budget.pdf")
    findings = make_findings(doc)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    panel, _ = _panel(qtbot, tmp_path, doc, findings, settings)
    listed = [panel.proxy.finding(r).severity for r in range(panel.proxy.rowCount())]
    assert Severity.ROUNDING not in listed and panel.count_label.text().startswith("4 / 5")
    panel.show_rounding.setChecked(True)
    assert panel.proxy.rowCount() == 5
    again, _ = _panel(qtbot, tmp_path, doc, findings, settings)
    assert again.show_rounding.isChecked() and again.proxy.rowCount() == 5
    again.show_rounding.setChecked(False)
    # asking for 尾差 by the 严重程度 filter lists them whatever the toggle says
    again.filter_severity.setCurrentIndex(again.filter_severity.findData(Severity.ROUNDING))
    assert again.proxy.rowCount() == 1


def test_several_findings_one_status_and_one_comment(qtbot, tmp_path):
    doc = make_document(tmp_path / "budget.pdf")
    panel, session = _panel(qtbot, tmp_path, doc, make_findings(doc))
    detail = QtAnnotationPanel()
    qtbot.addWidget(detail)
    detail.set_session(session)
    panel.selectedFindingsChanged.connect(detail.set_selection)
    sel = panel.view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    sel.setCurrentIndex(panel.proxy.index(0, 0), flags)
    sel.select(panel.proxy.index(2, 0), flags)
    chosen = panel.selected_findings()
    assert len(chosen) == 2 and detail.heading.text() == "已选 2 个问题"
    assert "全部 2 个问题" in detail.details.toPlainText()
    detail.comment.setPlainText("两处均与原表不符")
    assert {session.annotation(f.id).comment for f in chosen} == {"两处均与原表不符"}
    panel.set_status(Status.CONFIRMED, lambda f, st: session.annotate(f.id, status=st))
    assert {session.status(f.id) for f in chosen} == {Status.CONFIRMED}
    others = [panel.model.finding(r) for r in range(panel.model.finding_count())]
    assert sum(session.status(f.id) == Status.CONFIRMED for f in others) == 2
    cur = panel.current_finding()  # moved on to a 待核实 one
    assert cur is not None and cur not in chosen and session.status(cur.id) == Status.PENDING


def test_detail_shows_the_addends_and_the_page_frames_them(qtbot, make_window, tmp_path, artifacts):
    w = make_window(loader=_with_terms_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    w.next_finding()
    f = w.current_finding()
    assert f.id == "arith.row:0001" and len(f.terms) == 2
    text = w.annotation.details.toPlainText()
    assert "600.00（基本支出） + 401.00（项目支出） = 1,001.00，表中为 1,000.00" in text
    # the two addend cells framed lightly on page 1 beside the failing cell
    assert w.page_view.page() == 1 and w.addend_frames.shown() == 2
    assert [b for _, b in w.addend_frames.boxes()] == [t.location.bbox for t in f.terms]
    qtbot.waitUntil(lambda: not w.page_view._pixmap.pixmap().isNull(), timeout=5000)
    w.main_split.setSizes([420, 480])  # a taller bottom row: the whole explanation in view
    qtbot.wait(50)
    w.annotation.grab().save(str(artifacts / "findings_detail_addends.png"))
    w.grab().save(str(artifacts / "findings_detail_addends_window.png"))
    w.next_finding()  # a finding without addends: no frames
    assert w.addend_frames.shown() == 0


def test_every_location_is_a_link_that_opens_it(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    w.next_finding()
    w.next_finding()
    f = w.current_finding()
    assert f.id == "inter.total:0004" and w.content.table_model().table().id == "T02"
    html = w.annotation.details.toHtml()
    assert "loc:0:0" in html and "loc:0:1" in html
    w.annotation.details.anchorClicked.emit(QUrl("loc:0:1"))  # the T01 side
    target = f.locations[1]
    assert w.content.table_model().table().id == "T01"
    assert w.page_view.highlighted() == (target.page, target.bbox)
    assert w.current_finding() is f  # the finding stays selected


def test_status_key_sets_and_moves_to_the_next_pending(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    order = [w.findings_panel.proxy.finding(r).id for r in range(w.findings_panel.proxy.rowCount())]
    w.next_finding()
    w.findings_panel.view.setFocus()
    qtbot.keyClick(w.findings_panel.view, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert w.review.session.status(order[0]) == Status.CONFIRMED
    assert w.current_finding().id == order[1] and w.annotation.finding().id == order[1]
    # the outline counts what is still 待核实: T01 had 4 findings, arith.row:0001 is done
    assert order[0] == "arith.row:0001"
    assert w.outline_model.index_of_key(("table", "T01")).siblingAtColumn(1).data() == "3"
    # under the 待核实 filter the changed row leaves the list; the next 待核实 one is selected
    w.findings_panel.filter_status.setCurrentIndex(w.findings_panel.filter_status.findData(Status.PENDING))
    assert w.findings_panel.proxy.rowCount() == 4
    w.select_finding(w.findings_panel.model.finding(w.findings_panel.model.row_of(order[1])))
    qtbot.keyClick(w.findings_panel.view, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert w.review.session.status(order[1]) == Status.NOT_A_PROBLEM
    assert w.findings_panel.proxy.rowCount() == 3 and w.current_finding().id == order[2]
    # the last 待核实 row: the queue wraps to the first 待核实 one
    w.select_finding(w.findings_panel.model.finding(w.findings_panel.model.row_of(order[-1])))
    w.set_current_status(Status.CORRECTED)
    assert w.current_finding().id == order[2]


def test_f8_says_when_it_wraps_and_tab_leaves_the_lists(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    n = w.findings_panel.proxy.rowCount()
    for _ in range(n):
        w.next_finding()
    assert "重新开始" not in w.status_label.text()
    w.next_finding()
    assert w.status_label.text() == "已到列表末尾，从第一个问题重新开始。"
    assert w.current_finding() is w.findings_panel.proxy.finding(0)
    w.previous_finding()
    assert w.status_label.text() == "已到列表开头，从最后一个问题重新开始。"
    assert not w.findings_panel.view.tabKeyNavigation() and not w.content.table_view.tabKeyNavigation()
    w.findings_panel.view.setFocus()
    qtbot.keyClick(w.findings_panel.view, Qt.Key.Key_Tab)
    assert not w.findings_panel.view.hasFocus()


def test_the_details_clear_when_the_list_is_empty(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    w.next_finding()
    assert w.annotation.finding() is not None
    panel = w.findings_panel
    panel.filter_severity.setCurrentIndex(panel.filter_severity.findData(Severity.WARNING))
    panel.filter_table.setCurrentIndex(panel.filter_table.findData("T02"))
    assert panel.proxy.rowCount() == 0
    assert w.annotation.finding() is None and "未选择问题" in w.annotation.details.toPlainText()
    assert not w.annotation.status.isEnabled()
