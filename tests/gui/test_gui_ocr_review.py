"""Reviewing a scan in the workbench: uncertain cells shown as such, cells corrected by hand (the findings
follow, the correction is saved and can be undone), OCR progress by page and cancel."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from _gui_factory import make_document, window_factory, write_blank_pdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from rulefixtures import gpb_table, text_doc

from gouji.gui.qt_corrections import page_spans
from gouji.gui.qt_layout import CONTENT_TAB
from gouji.gui.qt_table_model import CORRECTED_COLOR, UNCERTAIN_COLOR
from gouji.gui.workers import LoadResult
from gouji.io.errors import Cancelled
from gouji.io.pipeline import check
from gouji.model.document import DocKind
from gouji.model.review import load_review

pytestmark = pytest.mark.gui
#: T01's 合计 row prints 1,000.00 = 600.00 + 401.00: 项目支出 is the misread / wrong cell
WRONG = ("合计", 4, "401.00")
GPB_PART = "五、关于2024年一般公共预算当年拨款情况说明"


@pytest.fixture
def make_window(qtbot, tmp_path):
    yield from window_factory(qtbot, tmp_path)


def ocr_loader(confidence: float | None = None, pages: int = 0, delay: float = 0.0):
    """A loader over the hand-built document that runs the real rules (:func:`gouji.io.pipeline.check`).

    With ``confidence`` the first table reads as OCR'd (0.99 everywhere, ``confidence`` on the wrong cell);
    ``pages`` OCR pages of a file named scan*.pdf are reported one by one, ``delay`` seconds each, cancellable.
    """

    def load(path: str, *, state, review_locations=None) -> LoadResult:
        for i in range(1, (pages if Path(path).name.startswith("scan") else 0) + 1):
            t_end = time.monotonic() + delay
            while time.monotonic() < t_end:
                if state.is_cancelled():
                    raise Cancelled(path)
                time.sleep(0.01)
            state.set_progress(i / pages * 0.8, f"正在识别扫描页（OCR）：第 {i}/{pages} 页")
        doc = make_document(Path(path))
        if confidence is not None:
            doc.ocr_pages = [1]
            for r in doc.tables[0].rows:
                for c in r.cells:
                    c.confidence = 0.99
                    if (r.name, c.col, c.text) == WRONG:
                        c.confidence = confidence
        return check(doc, review_locations(doc) if review_locations else [])

    return load


def _open(qtbot, w, path: Path):
    with qtbot.waitSignal(w.documentLoaded, timeout=10000):
        w.open_file(path)
    qtbot.waitUntil(lambda: not w.is_loading())


def wrong_index(w):
    model = w.content.table_model()
    row = next(r for r in model.table().rows if r.name == WRONG[0])
    return model.index_of(row.index, WRONG[1])


def identity_errors(w):
    return [f for f in w.review.findings if f.rule == "arith.column_identity" and f.severity == "error"]


def edit(qtbot, w, idx, text: str):
    """Type ``text`` into the cell at ``idx`` (F2, select all, type, Enter) and wait for the rules."""
    view = w.content.table_view
    view.setCurrentIndex(idx)
    view.setFocus()
    with qtbot.waitSignal(w.corrections.rechecked, timeout=10000):
        qtbot.keyClick(view, Qt.Key.Key_F2)
        editor = view.focusWidget()
        editor.selectAll()
        qtbot.keyClicks(editor, text)
        qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_uncertain_cell_is_styled_and_gives_no_error(qtbot, make_window, tmp_path):
    w = make_window(loader=ocr_loader(confidence=0.62))
    _open(qtbot, w, tmp_path / "scan.pdf")
    idx = wrong_index(w)
    assert idx.data(Qt.ItemDataRole.BackgroundRole).color() == UNCERTAIN_COLOR
    assert idx.data(Qt.ItemDataRole.ToolTipRole).startswith("识别不确定（置信度 0.62）")
    assert identity_errors(w) == []
    assert w.corrections.ocr_label.isVisible() and w.corrections.ocr_label.text() == "第 1 页：OCR 识别"
    (warning,) = [f for f in w.review.findings if f.rule == "ocr.uncertain"]
    assert warning.severity == "warning" and "读作“401.00”" in warning.message
    certain = idx.siblingAtColumn(3)  # 基本支出 600.00, read with confidence 0.99
    assert certain.data(Qt.ItemDataRole.BackgroundRole) is None or (
        certain.data(Qt.ItemDataRole.BackgroundRole).color() != UNCERTAIN_COLOR
    )


def test_edit_cell_changes_findings_is_saved_and_undone(qtbot, make_window, tmp_path, artifacts):
    w = make_window(loader=ocr_loader())
    pdf = tmp_path / "budget.pdf"
    _open(qtbot, w, pdf)
    assert len(identity_errors(w)) == 1  # 1,000.00 ≠ 600.00 + 401.00 on a text layer: an error
    edit(qtbot, w, wrong_index(w), "400.00")
    assert identity_errors(w) == []
    idx = wrong_index(w)
    assert idx.data() == "400.00"
    assert "已手工更正：原读作“401.00”" in idx.data(Qt.ItemDataRole.ToolTipRole)
    assert idx.data(Qt.ItemDataRole.FontRole).italic()
    assert idx.data(Qt.ItemDataRole.BackgroundRole).color() == CORRECTED_COLOR
    w.review.save_now()
    (saved,) = load_review(w.review.session.path).corrections
    assert (saved.row_name, saved.column_label, saved.original, saved.corrected) == (
        "合计",
        "项目支出",
        "401.00",
        "400.00",
    )

    # undo (Ctrl+Z on the cell): the value as read and its error come back, the correction is gone
    w.content.table_view.setCurrentIndex(idx)
    with qtbot.waitSignal(w.corrections.rechecked, timeout=10000):
        w.corrections.undo_action.trigger()
    assert wrong_index(w).data() == "401.00" and len(identity_errors(w)) == 1
    assert w.review.session.state.corrections == []


def test_correction_is_applied_again_on_reopen(qtbot, make_window, tmp_path, artifacts):
    w = make_window(loader=ocr_loader(confidence=0.62))
    pdf = tmp_path / "scan.pdf"
    _open(qtbot, w, pdf)
    ok = wrong_index(w).siblingAtColumn(3).siblingAtRow(1)  # 201 基本支出 400.00: a second, certain cell
    edit(qtbot, w, ok, "400.50")
    shot = QTableView()  # the table view on its own (the window's layout may show it in a tab)
    qtbot.addWidget(shot)
    shot.setModel(w.content.table_model())
    shot.resize(640, 200)
    shot.setColumnWidth(1, 170)
    shot.show()
    shot.setCurrentIndex(ok.siblingAtColumn(1))
    assert shot.grab().save(str(artifacts / "gui_ocr_uncertain_corrected.png"))
    w.review.save_now()
    _open(qtbot, w, pdf)  # the loader applies the saved correction before the rules (as the pipeline does)
    again = wrong_index(w).siblingAtColumn(3).siblingAtRow(1)
    assert again.data() == "400.50" and "原读作“400.00”" in again.data(Qt.ItemDataRole.ToolTipRole)
    assert wrong_index(w).data(Qt.ItemDataRole.BackgroundRole).color() == UNCERTAIN_COLOR


def test_page_spans():
    assert page_spans([8, 3, 4, 5]) == "3–5、8" and page_spans([2]) == "2"


def test_words_in_an_amount_cell_are_refused(qtbot, make_window, tmp_path):
    w = make_window(loader=ocr_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    assert not w.corrections.ocr_label.isVisible()  # a text layer: nothing said about OCR
    assert not w.content.table_model().setData(wrong_index(w), "四百")
    assert "不是金额" in w.status_label.text()
    assert w.review.session.state.corrections == []


def test_ocr_progress_by_page_and_cancel_keeps_the_open_document(qtbot, make_window, tmp_path):
    w = make_window(loader=ocr_loader(pages=5, delay=0.3))
    _open(qtbot, w, tmp_path / "budget.pdf")
    w.corrections.correct(*_wrong_cell(w), "400.00")
    qtbot.waitUntil(lambda: not w.corrections.is_busy())
    w.open_file(str(tmp_path / "scan.pdf"))  # a slow OCR load of another file
    qtbot.waitUntil(lambda: w.tasks.progress.isTextVisible(), timeout=5000)
    assert w.tasks.progress.format().startswith("第 ") and "/5 页" in w.tasks.progress.format()
    with qtbot.waitSignal(w.loadCancelled, timeout=5000):
        w.tasks.cancel_button.click()
    text = w.status_label.text()
    assert text.startswith("已取消打开 scan.pdf") and "重新识别" in text and "审核记录都没有改动" in text
    assert w.review.doc is not None and Path(w.review.doc.path).name == "budget.pdf"
    assert wrong_index(w).data() == "400.00"  # the correction made before is still there
    assert not w.tasks.progress.isVisible()


def _wrong_cell(w):
    model = w.content.table_model()
    idx = wrong_index(w)
    return model.table(), model.row_for(idx), model.column_at(idx.column())


def narrative_loader(confidence: float):
    """A scanned budget whose 情况说明 states 一般公共服务支出 1,100.00 万元 against 1,000.00 in its table, the
    sentence's digits read with ``confidence`` (the rules run for real)."""

    def load(path: str, *, state, review_locations=None) -> LoadResult:
        write_blank_pdf(Path(path))
        doc = text_doc(
            [(GPB_PART, ["1、一般公共服务支出（类）1,100.00 万元。", "主要用于机关运行。"])],
            tables=[gpb_table("1,000.00", 1)],
            kind=DocKind.BUDGET,
            page=2,
            path=path,
        )
        doc.sha256 = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        doc.format, doc.page_count, doc.ocr_pages = "pdf", 2, [1, 2]
        doc.sentences[0].confidence = confidence
        return check(doc, review_locations(doc) if review_locations else [])

    return load


def test_a_sentence_read_with_hesitant_digits_is_styled_and_gives_no_error(
    qtbot, make_window, tmp_path, artifacts
):
    w = make_window(loader=narrative_loader(0.97))  # read with confidence: the difference is an error
    _open(qtbot, w, tmp_path / "certain.pdf")
    (error,) = [f for f in w.review.findings if f.rule == "narr.amount"]
    assert error.severity == "error"
    w = make_window(loader=narrative_loader(0.58))
    _open(qtbot, w, tmp_path / "scan.pdf")
    said = w.review.doc.sentences[0]
    assert not [f for f in w.review.findings if f.rule == "narr.amount"]
    (warning,) = [f for f in w.review.findings if f.rule == "ocr.uncertain"]
    assert warning.severity == "warning" and "文字识别不确定" in warning.message
    assert "数字置信度 0.58" in warning.message and "1,100.00" in warning.message
    assert w.select_finding(warning)
    model = w.content.sentence_model()
    assert model is not None and w.content.stack.currentWidget() is w.content.sentence_view
    rows = {model.index(r, 0).data(): model.index(r, 0) for r in range(model.rowCount())}
    idx = rows[said.text]
    assert idx.data(Qt.ItemDataRole.BackgroundRole).color() == UNCERTAIN_COLOR
    assert idx.data(Qt.ItemDataRole.ToolTipRole).startswith("识别不确定（数字置信度 0.58），请对照原页核对")
    other = rows["主要用于机关运行。"]  # no digit: nothing to doubt
    assert (
        other.data(Qt.ItemDataRole.BackgroundRole) is None and other.data(Qt.ItemDataRole.ToolTipRole) is None
    )
    w.centre.show_tab(CONTENT_TAB)  # (below 1280 px the page and the text are tabs)
    w.content.sentence_view.clearSelection()  # the violet, not the selection, in the picture
    w.grab().save(str(artifacts / "ocr_uncertain_sentence.png"))
