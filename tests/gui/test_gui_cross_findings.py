"""Cross-document findings in the open document's list (issue 14): found in the background (a child
process reading the cached facts of the other file of the folder), annotated, exported, the same from
both sides; with the setting off there are none (screenshot ``test-artifacts/issue14_cross_list.png``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from _gui_factory import window_factory, write_blank_pdf
from openpyxl import load_workbook
from rulefixtures import doc, gpb_table, table

from gouji.gui.related import SETTING_LOOKUP, QtRelatedDialog, add_related_file, added_files
from gouji.io.app.sets import Facts, FactsCache
from gouji.io.export.styles import LIST_SHEET
from gouji.io.pipeline import Reviewed
from gouji.model.document import DocScope, Document, Section, SectionKind, Sentence
from gouji.model.findings import Family
from gouji.model.review import STALE_MARK, Status, load_review, review_path

pytestmark = pytest.mark.gui


@pytest.fixture
def make_window(qtbot, tmp_path):
    yield from window_factory(qtbot, tmp_path)


def _doc(pdf: Path, scope: DocScope, value: str, page: int) -> Document:
    t = gpb_table(value, page)
    first = table(None, "收支总表", ["金额"], [("", "收入合计", "5.00")], page=1, col_x=range(0, 500, 100))
    d = doc(first, t, year=2025, unit_name="某某区某某局")
    update: dict = {"path": str(pdf), "sha256": hashlib.sha256(pdf.read_bytes()).hexdigest(), "scope": scope}
    update |= {"page_count": page, "format": "pdf"}
    if scope == DocScope.DEPARTMENT:  # it lists its units: the 本部 is the unit document
        sec = Section(id="S800", kind=SectionKind.ORGANISATION, title="机构设置")
        lead = Sentence(index=0, text="具体包括（列示至基层预算单位）：", section_id="S800", page=2)
        item = Sentence(index=1, text="1.某某区某某局本部。", section_id="S800", page=2)
        update |= {"sections": [sec], "sentences": [lead, item]}
    return d.model_copy(update=update)


@pytest.fixture
def pair(tmp_path) -> tuple[Document, Document]:
    """A department (10.00) and its 本部 unit (12.00) in one folder; their parsed facts cached where
    the windows of ``window_factory`` look (``tmp_path/facts``), so nothing is read from the PDFs."""
    folder = tmp_path / "docs"
    folder.mkdir()
    dept = _doc(write_blank_pdf(folder / "dept.pdf", 2), DocScope.DEPARTMENT, "10.00", 2)
    unit = _doc(write_blank_pdf(folder / "unit.pdf", 3), DocScope.UNIT, "12.00", 3)
    cache = FactsCache(tmp_path / "facts")
    for d in (dept, unit):
        cache.put(Path(d.path), Facts(d))
    return dept, unit


def loader_of(*docs: Document):
    by_path = {d.path: d for d in docs}

    def load(path, *, state, review_locations=None):
        d = by_path[path if isinstance(path, str) else path[0]]
        return Reviewed(d, [], load_review(review_path(d.path)) if review_path(d.path).exists() else None)

    return load


def _open(qtbot, w, path: str) -> None:
    with qtbot.waitSignal(w.cross.finished, timeout=60_000):
        with qtbot.waitSignal(w.documentLoaded, timeout=30_000):
            w.open_file(path)


def _cross_rows(w) -> list:
    model = w.findings_panel.model
    return [
        model.finding(r) for r in range(model.finding_count()) if model.finding(r).family == Family.CROSS_DOC
    ]


def test_cross_finding_is_listed_annotated_and_exported(qtbot, make_window, pair, tmp_path, artifacts):
    dept, unit = pair
    w = make_window(loader=loader_of(dept, unit))
    _open(qtbot, w, dept.path)
    (f,) = _cross_rows(w)
    assert f.rule == "cross.dept_units" and f.severity.value == "error"
    assert [loc.document for loc in f.locations] == [None, unit.path]  # its own place first
    assert w.findings_panel.proxy.rowCount() == w.findings_panel.model.rowCount() == 1
    assert w.review.index.table("T02") == [f]  # counted on its table in the outline
    assert "相关文件 1 个，跨文件核对发现 1 个问题" in w.status_label.text()
    assert w.select_finding(f)
    w.grab().save(str(artifacts / "issue14_cross_list.png"))

    w.review.set_status(f, Status.CONFIRMED)
    w.review.save_now()
    saved = load_review(review_path(dept.path)).annotations[f.id]
    assert saved.status == Status.CONFIRMED and saved.seen_family == Family.CROSS_DOC

    out = tmp_path / "dept_审核.xlsx"
    with qtbot.waitSignal(w.exportFinished, timeout=60_000):
        w.review.export_to(str(out))
    ws = load_workbook(out)[LIST_SHEET]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert f.id in cells and Status.CONFIRMED.value in cells
    assert any("《unit.pdf》" in c and "第3页" in c for c in cells)

    # reopened: the annotation is listed as 已失效 until the lookup finds the finding again
    _open(qtbot, w, dept.path)
    (again,) = _cross_rows(w)
    assert again.id == f.id and not again.title.startswith(STALE_MARK)
    assert w.review.session.status(f.id) == Status.CONFIRMED
    assert w.findings_panel.model.finding_count() == 1

    # the other side: the same finding, the same id, its own review
    other = make_window(loader=loader_of(dept, unit), settings_name="other.ini")
    _open(qtbot, other, unit.path)
    (mirror,) = _cross_rows(other)
    assert mirror.id == f.id and [loc.document for loc in mirror.locations] == [None, dept.path]
    assert other.review.session.status(f.id) == Status.PENDING


def test_double_click_opens_the_other_document_beside_at_its_page(qtbot, make_window, pair, monkeypatch):
    dept, unit = pair
    w = make_window(loader=loader_of(dept, unit))
    _open(qtbot, w, dept.path)
    (f,) = _cross_rows(w)
    beside: list[str] = []

    def open_beside(window, path):  # the real one builds the window with the real loader
        beside.append(path)
        other = make_window(loader=loader_of(dept, unit), settings_name="beside.ini")
        other.settings.setValue(SETTING_LOOKUP, False)
        other.open_file(path)
        return other

    monkeypatch.setattr("gouji.gui.cross_findings.open_beside", open_beside)
    view = w.findings_panel.view
    idx = view.model().index(0, 0)
    view.doubleClicked.emit(idx)
    assert beside == [unit.path]
    opened = w.cross.open_other(f)
    qtbot.waitUntil(lambda: opened.review.doc is not None, timeout=30_000)
    assert opened.review.doc.path == unit.path
    qtbot.waitUntil(lambda: (opened.page_view.highlighted() or (0,))[0] == 3, timeout=10_000)
    opened.close()


def test_setting_off_no_lookup(qtbot, make_window, pair):
    dept, unit = pair
    w = make_window(loader=loader_of(dept, unit))
    w.settings.setValue(SETTING_LOOKUP, False)
    with qtbot.waitSignal(w.documentLoaded, timeout=30_000):
        w.open_file(dept.path)
    assert not w.cross.is_running()
    qtbot.wait(300)
    assert _cross_rows(w) == []


def test_related_dialog_shows_the_background_result_and_its_setting(qtbot, make_window, pair, tmp_path):
    dept, unit = pair
    w = make_window(loader=loader_of(dept, unit))
    _open(qtbot, w, dept.path)
    dlg = QtRelatedDialog(w, dept, lambda p: None)
    qtbot.addWidget(dlg)
    assert dlg.finished_scan and dlg.table.rowCount() == 1  # no second scan: the window's result
    assert dlg.background.isChecked()
    dlg.background.setChecked(False)
    assert str(w.settings.value(SETTING_LOOKUP)).lower() == "false"
    from PySide6.QtWidgets import QDialogButtonBox

    buttons = dlg.findChild(QDialogButtonBox)
    assert buttons.button(QDialogButtonBox.StandardButton.Close).text() == "关闭"
    w.set_ui_language("en")
    dlg2 = QtRelatedDialog(w, dept, lambda p: None)
    qtbot.addWidget(dlg2)
    assert dlg2.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).text() == "Close"
    w.set_ui_language("zh")


def test_added_files_are_remembered_both_ways(make_window, pair, tmp_path):
    dept, unit = pair
    w = make_window()
    elsewhere = write_blank_pdf(tmp_path / "elsewhere.pdf")
    add_related_file(w.settings, dept, str(elsewhere))
    assert added_files(w.settings, dept) == [str(elsewhere.resolve())]
    back = dept.model_copy(update={"path": str(elsewhere), "sources": []})
    assert added_files(w.settings, back) == [str(Path(dept.path).resolve())]
    elsewhere.unlink()
    assert added_files(w.settings, dept) == []
