"""GUI layer, the window's parts on their own: page hit-testing, recent files, the findings panel."""

from __future__ import annotations

import pytest
from _gui_factory import make_document, make_findings
from PySide6.QtCore import QModelIndex, QSettings, Qt

from gouji.gui._style import item_flags
from gouji.gui.page_hits import PageHit, hit_test
from gouji.gui.qt_findings_model import QtFindingsModel
from gouji.gui.qt_findings_panel import QtFindingsPanel
from gouji.gui.qt_outline import KeyRole, QtOutlineModel
from gouji.gui.qt_table_model import QtSentenceModel, QtTableModel
from gouji.gui.recent_files import MAX_RECENT, QtRecentFilesMenu
from gouji.gui.review_session import QtReviewSession
from gouji.model.findings import Severity
from gouji.model.index import FindingIndex
from gouji.model.review import Status

pytestmark = pytest.mark.gui


@pytest.fixture
def doc(tmp_path):
    return make_document(tmp_path / "budget.pdf")


def _centre(bbox) -> tuple[float, float]:
    return (bbox.x0 + bbox.x1) / 2, (bbox.top + bbox.bottom) / 2


# --- page hit-testing ----------------------------------------------------------


def test_hit_in_the_table_on_screen(qapp, doc):
    t1 = doc.tables[0]
    shown = QtTableModel(t1)
    x, y = _centre(t1.rows[2].cells[2].bbox)  # 人大事务 / 基本支出 (view column 3)
    assert hit_test(doc, 1, x, y, shown) == PageHit(None, 2, 3)
    x, y = _centre(t1.rows[1].name_bbox)  # the printed name of row 201
    assert hit_test(doc, 1, x, y, shown) == PageHit(None, 1, 1)
    # the same place on page 2 is the first sentence of 一、支出总体情况
    assert hit_test(doc, 2, x, y, shown) == PageHit(("section", "S002"), sentence=0)


def test_hit_in_another_table_names_its_outline_node(qapp, doc):
    t2 = doc.tables[1]
    x, y = _centre(t2.rows[1].cells[1].bbox)  # T02 / 201 / 合计
    hit = hit_test(doc, 1, x, y, QtTableModel(doc.tables[0]))
    assert hit == PageHit(("table", "T02"), 1, 2)
    assert hit_test(doc, 1, x, y, None) == hit  # nothing on screen: the same table


def test_hit_on_a_sentence(qapp, doc):
    s = doc.sentences[2]
    x, y = _centre(s.bbox)
    assert hit_test(doc, 2, x, y, QtTableModel(doc.tables[0])) == PageHit(("section", "S002"), sentence=2)
    shown = QtSentenceModel(doc, ["S002"])
    assert hit_test(doc, 2, x, y, shown) == PageHit(None, sentence=2)


def test_no_hit(qapp, doc):
    assert hit_test(doc, 1, 5.0, 5.0, QtTableModel(doc.tables[0])) is None  # the page margin
    assert hit_test(None, 1, 5.0, 5.0) is None
    s = doc.sentences[0]
    orphan = doc.model_copy(update={"sections": []})  # a sentence whose section is unknown
    assert hit_test(orphan, 2, *_centre(s.bbox)) is None


# --- recent files --------------------------------------------------------------


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "recent.ini"), QSettings.Format.IniFormat)


def test_recent_files_most_recent_first_without_repeats(qapp, settings):
    menu = QtRecentFilesMenu(settings)
    assert menu.files() == []
    for i in range(MAX_RECENT + 2):
        menu.add_file(f"/docs/{i}.pdf")
    menu.add_file("/docs/5.pdf")
    files = menu.files()
    assert files[0] == "/docs/5.pdf" and files.count("/docs/5.pdf") == 1
    assert len(files) == MAX_RECENT and "/docs/0.pdf" not in files
    assert QtRecentFilesMenu(settings).files() == files  # kept in the settings
    settings.setValue("recentFiles", "/docs/only.pdf")  # QSettings may hand one item back as a string
    assert menu.files() == ["/docs/only.pdf"]


def test_recent_files_menu(qapp, qtbot, settings):
    menu = QtRecentFilesMenu(settings)
    menu.retranslate()
    assert menu.title() == "最近打开(&R)"
    (empty,) = menu.actions()
    assert empty.text() == "（无）" and not empty.isEnabled()
    menu.add_file("/docs/a/budget.pdf")
    menu.add_file("/docs/b/final.pdf")
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["&1 final.pdf", "&2 budget.pdf", "清除最近列表"]
    assert menu.actions()[1].toolTip() == "/docs/a/budget.pdf"
    with qtbot.waitSignal(menu.fileChosen) as chosen:
        menu.actions()[1].trigger()
    assert chosen.args == ["/docs/a/budget.pdf"]
    menu.rebuild()  # the clear action survives the rebuilds
    menu.act_clear.trigger()
    assert menu.files() == [] and [a.text() for a in menu.actions()] == ["（无）"]


# --- the findings panel ----------------------------------------------------------


@pytest.fixture
def session(qapp, doc, tmp_path):
    return QtReviewSession(doc, None, tmp_path / "reviews")


@pytest.fixture
def panel(qtbot, doc, session):
    findings = make_findings(doc)
    panel = QtFindingsPanel()
    qtbot.addWidget(panel)
    panel.set_model(QtFindingsModel(doc, findings, session), session)
    panel.fill_filters(doc, FindingIndex(doc, findings))
    panel.retranslate()
    panel.show_rounding.setChecked(True)  # 尾差 listed too (hidden by default)
    return panel


def test_findings_panel_filters_and_count(panel, session):
    assert panel.proxy.rowCount() == 5 and panel.count_label.text() == "5 / 5 个问题，已处理 0"
    assert [panel.filter_table.itemData(i) for i in range(panel.filter_table.count())] == [None, "T01", "T02"]
    panel.filter_severity.setCurrentIndex(panel.filter_severity.findData(Severity.WARNING))
    assert panel.proxy.rowCount() == 1 and panel.count_label.text() == "1 / 5 个问题，已处理 0"
    session.annotate("complete.row:0003", status=Status.CONFIRMED)
    assert panel.count_label.text() == "1 / 5 个问题，已处理 1"
    panel.hide_findings()
    assert panel.proxy.rowCount() == 0 and panel.count_label.text() == "0 / 0 个问题"
    panel.show_findings()
    assert panel.proxy.rowCount() == 1


def test_findings_panel_select_and_step(qtbot, panel):
    seen = []
    panel.currentFindingChanged.connect(seen.append)
    panel.filter_table.setCurrentIndex(panel.filter_table.findData("T02"))
    hidden = panel.model.finding(panel.model.row_of("arith.class:0002"))
    assert panel.select(hidden)  # the filters that hide it are cleared
    assert panel.proxy.rowCount() == 5 and panel.current_finding() is hidden and seen == [hidden]
    panel.step(+1)  # the rounding gap is last (errors first): F8 wraps to the first row
    assert panel.current_finding().severity == Severity.ERROR
    panel.step(-1)
    assert panel.current_finding() is hidden
    assert not panel.select(hidden.model_copy(update={"id": "not.listed"}))


# --- small shared pieces ---------------------------------------------------------


def test_outline_first_leaf_and_item_flags(qapp, doc):
    model = QtOutlineModel(doc, FindingIndex(doc))
    assert model.first_leaf().data(KeyRole) == ("table", "T01")
    assert QtOutlineModel().first_leaf() == QModelIndex()
    no_tables = doc.model_copy(update={"tables": []})
    assert QtOutlineModel(no_tables).first_leaf().data(KeyRole) == ("section", "S001")
    flags = item_flags(model.first_leaf())
    assert flags & Qt.ItemFlag.ItemIsSelectable and flags & Qt.ItemFlag.ItemIsEnabled
    assert item_flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags
