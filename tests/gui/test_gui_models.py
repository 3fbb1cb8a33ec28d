"""GUI layer, part 1: the pure helpers (no widgets) and the Qt item models (qtmodeltester)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from unittest.mock import Mock

import pytest
from _gui_factory import make_document, make_findings

from gouji.gui._style import SEVERITY_COLORS, FindingRole, SourceBBoxRole, SourcePageRole
from gouji.gui.i18n import set_language, tr
from gouji.gui.review_session import QtReviewSession, table_cell_location
from gouji.gui.workers import TaskState
from gouji.model.findings import Family, Severity, worst
from gouji.model.index import FindingIndex
from gouji.model.review import ReviewState, Status, default_review_folder, load_review, manual_finding

pytestmark = pytest.mark.gui


@pytest.fixture
def doc(tmp_path):
    return make_document(tmp_path / "budget.pdf")


@pytest.fixture
def findings(doc):
    return make_findings(doc)


# --- pure helpers ------------------------------------------------------------


def test_finding_index_places(doc, findings):
    idx = FindingIndex(doc, findings)
    assert [f.id for f in idx.cell("T01", 0, 2)] == ["arith.row:0001", "inter.total:0004"]
    assert [f.id for f in idx.row("T01", 1)] == ["complete.row:0003"]
    assert len(idx.table("T01")) == 4 and len(idx.table("T02")) == 1
    assert [f.id for f in idx.sentence(1)] == ["rates.growth:0005"]
    # a sentence finding counts for its section and the parent part
    assert len(idx.section("S002")) == 1 and len(idx.section("S001")) == 1
    assert worst(idx.table("T01")) == Severity.ERROR
    assert worst([]) is None


def test_task_state_throttles_progress():
    emitter = Mock()
    now = [0.0]
    st = TaskState(emitter, clock=lambda: now[0])
    for i in range(1000):  # a report every 0.2 s: each 1 % counts, not each call
        now[0] += 0.2
        st.set_progress(i / 1000, "读取")
    assert 90 <= emitter.progress.emit.call_count <= 101
    st.set_progress(0.5, "读取")  # going back is never reported
    now[0] += 0.2
    st.set_progress(1.0, "完成")  # a new message is
    assert emitter.progress.emit.call_args.args == (1.0, "完成")


def test_task_state_sends_a_burst_as_one_report_and_never_loses_the_last():
    emitter = Mock()
    now = [0.0]
    st = TaskState(emitter, clock=lambda: now[0])
    for i in range(50):  # 50 reports within 10 ms: the window would stall on each
        now[0] += 0.0002
        st.set_progress(i / 50, f"规则 {i}")
    assert emitter.progress.emit.call_count == 1  # the first; the rest wait for the interval
    now[0] += 0.15
    st.set_progress(0.99, "规则 50")  # after the interval: sent
    assert emitter.progress.emit.call_count == 2 and emitter.progress.emit.call_args.args == (0.99, "规则 50")
    st.set_progress(1.0, "完成")  # too soon: held back ...
    assert emitter.progress.emit.call_count == 2
    st.flush()  # ... and sent when the task ends
    assert emitter.progress.emit.call_args.args == (1.0, "完成")
    st.flush()
    assert emitter.progress.emit.call_count == 3  # nothing held: nothing sent again
    st.cancel()
    assert st.is_cancelled()
    st.partial(object())
    emitter.partial.emit.assert_not_called()  # nothing provisional after a cancel


def test_manual_finding_location(doc):
    loc = table_cell_location(doc.tables[0], 3, 2)
    f = manual_finding("  208 类合计有误 ", Severity.ERROR, loc, "李四")
    assert f.family == Family.MANUAL and f.message == "208 类合计有误"
    assert f.locations[0].table == "T01" and f.locations[0].row == 3 and f.locations[0].column == 2
    assert f.locations[0].bbox is not None and f.page == 1
    assert "李四" in f.title


def test_default_review_folder_is_qts_app_data_folder(qapp):
    """The Qt-free per-user folder (used by ``gouji check`` too) is where the workbench always saved."""
    from PySide6.QtCore import QStandardPaths

    names = qapp.organizationName(), qapp.applicationName()
    qapp.setOrganizationName("Gouji")  # as gui/app.py does
    qapp.setApplicationName("Gouji")
    try:
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    finally:
        qapp.setOrganizationName(names[0])
        qapp.setApplicationName(names[1])
    assert default_review_folder() == Path(base) / "reviews"


def test_i18n_switch():
    assert tr("打开(&O)…") == "打开(&O)…"
    set_language("en")
    try:
        assert tr("打开(&O)…") == "&Open…"
        assert tr("{shown} / {total} 个问题", shown=1, total=2) == "1 / 2 findings"
        assert tr("没有翻译的句子") == "没有翻译的句子"
    finally:
        set_language("zh")


# --- Qt models -----------------------------------------------------------------


def test_table_model_wraps_and_colours(qtmodeltester, doc, findings):
    from PySide6.QtCore import Qt

    from gouji.gui.qt_table_model import QtTableModel

    table = doc.tables[0]
    statuses: dict[str, Status] = {}
    model = QtTableModel(table, FindingIndex(doc, findings), lambda fid: statuses.get(fid, Status.PENDING))
    qtmodeltester.check(model)
    assert model.rowCount() == len(table.rows) and model.columnCount() == len(table.columns)
    assert model.table() is table  # wrapped, not copied
    total = model.index(0, 2)
    assert total.data() == "1,000.00"
    assert total.data(SourcePageRole) == 1
    assert total.data(SourceBBoxRole) == table.rows[0].cells[1].bbox
    assert [f.id for f in total.data(FindingRole)] == ["arith.row:0001", "inter.total:0004"]
    assert total.data(Qt.ItemDataRole.BackgroundRole).color() == SEVERITY_COLORS[Severity.ERROR]
    rounding = model.index(3, 2)
    assert rounding.data(Qt.ItemDataRole.BackgroundRole).color() == SEVERITY_COLORS[Severity.ROUNDING]
    assert model.index(2, 3).data(Qt.ItemDataRole.BackgroundRole) is None  # no finding, no colour
    # a row-level warning tints the whole row lightly
    row_tint = model.index(1, 3).data(Qt.ItemDataRole.BackgroundRole).color()
    assert row_tint.rgb() == SEVERITY_COLORS[Severity.WARNING].rgb() and row_tint.alpha() < 255
    # code column falls back to the row's code; name column shows the row name
    assert model.index(1, 0).data() == "201" and model.index(1, 1).data() == "一般公共服务支出"
    # dismissing a finding takes its colour away (status is read, not stored)
    statuses["arith.row:0001"] = Status.NOT_A_PROBLEM
    statuses["inter.total:0004"] = Status.CORRECTED
    assert total.data(Qt.ItemDataRole.BackgroundRole) is None
    # map page points back to cells
    b = table.rows[3].cells[2].bbox
    hit = model.index_at(1, (b.x0 + b.x1) / 2, (b.top + b.bottom) / 2)
    assert (hit.row(), hit.column()) == (3, 3)
    assert not model.index_at(2, (b.x0 + b.x1) / 2, (b.top + b.bottom) / 2).isValid()
    assert model.index_of(3, 4).column() == 4


def test_sentence_model(qtmodeltester, doc, findings):
    from PySide6.QtCore import Qt

    from gouji.gui.qt_table_model import QtSentenceModel

    model = QtSentenceModel(doc, ["S001", "S002"], FindingIndex(doc, findings))
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    hit = model.index(1, 0)
    assert hit.data(FindingRole)[0].rule == "rates.growth"
    assert hit.data(Qt.ItemDataRole.BackgroundRole).color() == SEVERITY_COLORS[Severity.ERROR]
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    s = doc.sentences[2]
    assert model.index_at(2, s.bbox.x0 + 5, s.bbox.top + 5).row() == 2


def test_outline_model_counts(qtmodeltester, doc, findings):
    from gouji.gui.qt_outline import KeyRole, QtOutlineModel

    idx = FindingIndex(doc, findings)
    model = QtOutlineModel(doc, idx)
    qtmodeltester.check(model)
    groups = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert groups == ["公开表格", "文字说明"]
    t1 = model.index_of_key(("table", "T01"))
    assert t1.data() == "支出总体情况表"
    assert t1.siblingAtColumn(1).data() == "4"
    part = model.index_of_key(("section", "S001"))
    assert part.siblingAtColumn(1).data() == "1"
    assert model.index(0, 0, part).data(KeyRole) == ("section", "S002")
    assert model.index(0, 1).data() == "4"  # the tables group: distinct findings (T01 and T02 share one)
    model.set_document(None)
    assert model.rowCount() == 0


def test_findings_model_filter_and_manual_insert(qtmodeltester, qtbot, doc, findings, tmp_path):
    from PySide6.QtCore import Qt

    from gouji.gui.qt_findings_model import COL_STATUS, QtFindingsFilterProxy, QtFindingsModel

    session = QtReviewSession(doc, None, tmp_path / "fb")
    model = QtFindingsModel(doc, findings, session)
    proxy = QtFindingsFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    assert model.rowCount() == 5
    assert model.index(0, 6).data() == "1,000.00" and model.index(0, 8).data() == "-1.00"
    assert model.index(0, 3).data() == "表1"  # the short label; the title in its tooltip
    assert model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) == "T01 支出总体情况表"
    assert model.index(4, 3).data() == "§ 一、支出总体情况"  # a text finding names its section
    proxy.set_filters(severity=Severity.ERROR)
    assert proxy.rowCount() == 3
    proxy.set_filters(table="T02")
    assert proxy.rowCount() == 1
    proxy.set_filters(family=Family.RATES)
    assert proxy.finding(0).rule == "rates.growth"
    proxy.set_filters()
    # annotations flow through the session and repaint the status cell
    with qtbot.waitSignal(model.dataChanged):
        session.annotate("arith.row:0001", status=Status.CONFIRMED, comment="已核实", reviewer="王五")
    assert model.index(0, COL_STATUS).data() == "确认问题"
    proxy.set_filters(status=Status.CONFIRMED)
    assert proxy.rowCount() == 1
    proxy.set_filters()
    # a reviewer-added finding is inserted (begin/endInsertRows), the list is not rebuilt
    loc = table_cell_location(doc.tables[0], 2, 3)
    with qtbot.waitSignal(model.rowsInserted):
        session.add_manual_finding(manual_finding("人大事务基本支出应为 401.00", Severity.ERROR, loc))
    assert model.rowCount() == 6 and model.finding(5).family == Family.MANUAL
    assert model.row_of(model.finding(5).id) == 5
    qtmodeltester.check(model)
    # sorting by amount sorts numbers, not strings
    proxy.sort(6)
    stated = [proxy.index(r, 6).data() for r in range(proxy.rowCount())]
    assert stated == ["", "", "300.01", "410.00", "900.00", "1,000.00"]
    # autosave: debounced, atomic, restorable
    assert session.is_dirty()
    with qtbot.waitSignal(session.saved, timeout=3000):
        pass
    back = load_review(session.path, doc.sha256)
    assert back is not None and back.annotations["arith.row:0001"].comment == "已核实"
    assert back.annotations["arith.row:0001"].reviewer == "王五"
    assert back.manual_findings[0].message == "人大事务基本支出应为 401.00"
    assert back.manual_findings[0].stated is None and isinstance(findings[0].stated, Decimal)


def test_session_falls_back_when_folder_is_not_writable(qtbot, doc, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    d = doc.model_copy(update={"path": str(blocker / "sub" / "budget.pdf")})  # parent is a file: cannot write
    session = QtReviewSession(d, None, tmp_path / "fallback")
    session.annotate("x", status=Status.CONFIRMED)
    assert session.save_now()
    assert session.path == tmp_path / "fallback" / f"{doc.sha256}.gouji.json"
    assert load_review(session.path, doc.sha256).annotations["x"].status == Status.CONFIRMED


# --- the worker pipeline, run as a pure function with a Mock state ---------------

SEED_TEXT = "seeds/000_407e03e18ae36581.txt"


def test_load_document_pure_function(tmp_path):
    from conftest import corpus

    from gouji.gui.workers import load_document
    from gouji.io.pipeline import sha256_of
    from gouji.model.review import save_review

    path = corpus(SEED_TEXT)
    saved = ReviewState(sha256=sha256_of(path))
    saved.annotation("some.finding").status = Status.CONFIRMED
    save_review(saved, tmp_path / "review.json")
    state = Mock()
    state.is_cancelled.return_value = False
    res = load_document(
        str(path),
        state=state,
        review_locations=lambda doc: [tmp_path / "none.json", tmp_path / "review.json"],
    )
    assert res.document.tables and isinstance(res.findings, list)
    assert res.review is not None and res.review.annotations["some.finding"].status == Status.CONFIRMED
    assert res.review_file == tmp_path / "review.json"
    fracs = [c.args[0] for c in state.set_progress.call_args_list]
    assert fracs and fracs[-1] == pytest.approx(1.0) and max(fracs) <= 1.0
    assert any(str(c.args[1]).startswith("检查") for c in state.set_progress.call_args_list)


def test_load_document_cancelled(tmp_path):
    from conftest import corpus

    from gouji.gui.workers import load_document
    from gouji.io.errors import Cancelled

    state = Mock()
    state.is_cancelled.return_value = True
    with pytest.raises(Cancelled):
        load_document(str(corpus(SEED_TEXT)), state=state, review_locations=lambda doc: [])


def test_two_sided_table_shown_as_printed(qtmodeltester):
    from PySide6.QtCore import Qt

    from gouji.gui.qt_table_model import QtTableModel
    from gouji.model.document import BBox, Cell, Column, Row, Table

    cols = [
        Column(index=0, label="收入/项目", role="name", side="收入"),
        Column(index=1, label="收入/预算数", side="收入"),
        Column(index=2, label="支出/项目", role="name", side="支出"),
        Column(index=3, label="支出/预算数", side="支出"),
    ]

    def row(i: int, side: str, name: str, amount: str, y: float) -> Row:
        col = 1 if side == "收入" else 3
        x0 = 100.0 if side == "收入" else 300.0
        return Row(
            index=i,
            name=name,
            side=side,
            page=1,
            bbox=BBox(x0=x0 - 90, top=y, x1=x0 + 90, bottom=y + 15),
            cells=[
                Cell(
                    col=col,
                    text=amount,
                    value=Decimal(amount),
                    page=1,
                    bbox=BBox(x0=x0, top=y, x1=x0 + 90, bottom=y + 15),
                )
            ],
        )

    t = Table(
        id="T01",
        title="收支总体情况表",
        two_sided=True,
        columns=cols,
        rows=[
            row(0, "收入", "一般公共预算拨款", "100.00", 100),
            row(1, "收入", "单位资金", "20.00", 115),
            row(2, "收入", "收入总计", "120.00", 130),
            row(3, "支出", "一般公共服务支出", "90.00", 100),
            row(4, "支出", "支出总计", "90.00", 115),
        ],
    )
    model = QtTableModel(t)
    qtmodeltester.check(model)
    assert model.is_side_by_side() and model.rowCount() == 3
    assert [model.index(0, c).data() for c in range(4)] == [
        "一般公共预算拨款",
        "100.00",
        "一般公共服务支出",
        "90.00",
    ]
    assert model.index(2, 2).data() == "" and model.row_for(model.index(2, 2)) is None
    assert model.index(2, 3).data(Qt.ItemDataRole.BackgroundRole) is None
    idx = model.index_of(4, 3)
    assert (idx.row(), idx.column()) == (1, 3)
    idx = model.index_of(4, None)
    assert (idx.row(), idx.column()) == (1, 2)  # the 支出 side's name cell
    hit = model.index_at(1, 310, 120)
    assert (hit.row(), hit.column()) == (1, 3) and model.row_for(hit).name == "支出总计"


def test_gc_pause_nests_and_restores():
    import gc

    from gouji.gui.workers import GcPause

    assert gc.isenabled()
    p = GcPause()
    p.pause()
    p.pause()
    assert not gc.isenabled() and p.paused
    p.resume()
    assert not gc.isenabled()
    p.resume()
    assert gc.isenabled() and not p.paused
    p.pause()
    p.pause()
    p.release_all()
    assert gc.isenabled() and not p.paused
    p.resume()  # extra resumes are harmless
    assert gc.isenabled()
