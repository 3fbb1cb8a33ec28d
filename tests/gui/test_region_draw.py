"""框选添加问题 and 人工审核模式: a finding drawn on the page; a scan reviewed by hand.

The drawing test drags a rectangle over a cell of the hand-built document's page and checks the
添加问题 dialog (its place filled in), the reviewer-added finding (page, box, cell), its highlight
on the page and its annotation in the 标注版 PDF.  The manual-mode tests open an image-only PDF (no
text layer): the pages are shown, the outline says 人工审核模式, and the 检查表 has every row
待人工核对 except the row of the confirmed drawn finding (否).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _gui_factory import factory_loader, window_factory
from openpyxl import load_workbook
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QDialogButtonBox, QGraphicsView

from gouji.io.export.checklist import Verdict
from gouji.io.export.workbook import export_workbook
from gouji.model.document import BBox
from gouji.model.review import MANUAL_RULE, Status

pytestmark = pytest.mark.gui


@pytest.fixture
def make_window(qtbot, tmp_path):
    yield from window_factory(qtbot, tmp_path)


def _open(qtbot, w, path: Path, manual: bool = False):
    with qtbot.waitSignal(w.documentLoaded, timeout=20000):
        w.review.open(str(path), manual=manual)
    qtbot.waitUntil(lambda: not w.is_loading())
    qtbot.waitUntil(lambda: not w.page_view._pixmap.pixmap().isNull(), timeout=10000)


def _drag(qtbot, w, a: tuple[float, float], b: tuple[float, float], artifacts: Path | None = None) -> None:
    """Press at page point ``a``, move to ``b`` (a screenshot of the band then), release there."""
    view = w.page_view.view
    vp = view.viewport()
    pa, pb = view.mapFromScene(QPointF(*a)), view.mapFromScene(QPointF(*b))
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=pa)
    qtbot.mouseMove(vp, pb)
    if artifacts is not None:
        w.grab().save(str(artifacts / "region_draw_band.png"))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=pb)


def _accept(dlg, text: str) -> None:
    dlg.message.setPlainText(text)
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_draw_a_region_adds_a_finding_there(qtbot, make_window, tmp_path, artifacts):
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    w.page_view.highlight(1, BBox(x0=280, top=100, x1=380, bottom=120))  # the page at cell 合计 / 合计
    act = w.menus.act_draw_region
    assert (
        act.isEnabled() and act.shortcut().toString() == "Ctrl+Shift+R" and act.text() == "框选添加问题(&B)"
    )
    act.trigger()
    draw = w.menus.region.draw
    assert draw.is_active() and w.page_view.view.dragMode() == QGraphicsView.DragMode.NoDrag

    clicked = []
    w.page_view.clickedAt.connect(lambda *a: clicked.append(a))
    _drag(qtbot, w, (284, 102), (376, 118), artifacts)
    assert not clicked  # the drag drew; it did not select the cell under the press
    dlg = w.menus.region.dialog
    assert dlg is not None and dlg.isVisible()
    where = dlg.where.text()
    assert where.startswith("第 1 页框选区域") and "支出总体情况表" in where and "合计" in where
    dlg.grab().save(str(artifacts / "region_draw_dialog.png"))
    n = len(w.review.session.state.manual_findings)
    _accept(dlg, "合计数与明细之和不一致，请核对")
    qtbot.waitUntil(lambda: len(w.review.session.state.manual_findings) == n + 1)

    f = w.review.session.state.manual_findings[-1]
    loc = f.locations[0]
    assert f.rule == MANUAL_RULE and f.message == "合计数与明细之和不一致，请核对"
    assert loc.page == 1 and loc.table == "T01" and loc.row_name == "合计" and loc.column_label == "合计"
    b = loc.bbox
    assert b is not None and (b.x0, b.top, b.x1, b.bottom) == pytest.approx((284, 102, 376, 118), abs=1.5)
    assert w.page_view.highlighted() == (1, b)  # framed on the page
    assert w.current_finding() is not None and w.current_finding().id == f.id  # selected in the list
    w.grab().save(str(artifacts / "region_draw_added.png"))

    # it goes into the annotated PDF (a reviewer-added finding counts as confirmed)
    with qtbot.waitSignal(w.menus.annotatedPdfWritten, timeout=20000) as got:
        w.menus.export_annotated_pdf(str(tmp_path / "标注版.pdf"))
    assert got.args[0].problems == 1 and got.args[0].marks == 1
    with qtbot.waitSignal(w.menus.annotatedPdfFailed, timeout=20000) as failed:  # never over the source
        w.menus.export_annotated_pdf(str(tmp_path / "budget.pdf"))
    assert "覆盖原文件" in failed.args[0] and w.message_box is not None
    w.message_box.close()

    # a click-sized drag adds nothing; a signed-off review takes no new finding
    _drag(qtbot, w, (100, 300), (101, 301))
    assert w.menus.region.dialog is None
    w.review.session.state.signed_off_by = "张三"
    _drag(qtbot, w, (100, 300), (200, 340))
    assert w.menus.region.dialog is None and "签" in w.status_label.text()
    w.review.session.state.signed_off_by = None
    # Esc leaves the mode and drags scroll the page again
    qtbot.keyClick(w.page_view.view, Qt.Key.Key_Escape)
    assert not draw.is_active() and not act.isChecked()
    assert w.page_view.view.dragMode() == QGraphicsView.DragMode.ScrollHandDrag


def _image_only_pdf(path: Path, pages: int = 2) -> Path:
    """A scan: each page one picture (drawn shapes, no text), no text layer."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    pdf = pdfium.PdfDocument.new()
    for i in range(pages):
        page = pdf.new_page(595, 842)
        img = Image.new("RGB", (595, 842), "white")
        d = ImageDraw.Draw(img)
        for k in range(12):
            d.rectangle((60, 120 + 40 * k, 535, 150 + 40 * k), outline="black", width=2)
        d.ellipse((250 + 10 * i, 40, 340, 90), outline="gray", width=3)
        obj = pdfium.PdfImage.new(pdf)
        obj.set_bitmap(pdfium.PdfBitmap.from_pil(img))
        obj.set_matrix(pdfium.PdfMatrix().scale(595, 842))
        page.insert_obj(obj)
        page.gen_content()
    pdf.save(str(path))
    pdf.close()
    return path


def _verdicts(xlsx: Path) -> list[tuple[str, str, str]]:
    """(检查项目, 符合要求, 存在问题) of each row of the 检查表 sheet."""
    ws = load_workbook(xlsx).worksheets[0]
    verdicts = {v.value for v in Verdict}
    return [
        (str(r[2] or ""), str(r[3]), str(r[4] or ""))
        for r in ws.iter_rows(values_only=True)
        if len(r) > 4 and r[3] in verdicts
    ]


def test_scan_opens_in_manual_mode(qtbot, make_window, tmp_path, artifacts, monkeypatch):
    """A scan whose text cannot be read (the reader's "scanned", also after OCR found no text) opens by
    itself in 人工审核模式 (the workbench's loader; the reader's OCR is left out: it takes seconds)."""
    from gouji.gui import workers
    from gouji.io.errors import ReadError

    def scanned(files, *args):
        raise ReadError("该 PDF 是扫描件，文字识别（OCR）也未能从图片中识别出文字。", "scanned", files[0])

    monkeypatch.setattr(workers, "review_many", scanned)
    src = _image_only_pdf(tmp_path / "扫描件.pdf")
    w = make_window()
    _open(qtbot, w, src)
    doc = w.review.doc
    assert doc.page_count == 2 and not doc.tables and not doc.sections and not w.review.findings
    root = w.outline_model.index(0, 0)
    assert root.data().startswith("人工审核模式")
    assert "框选添加问题" in w.content.welcome.text()
    box = w.message_box
    assert box is not None and "人工审核模式" in box.text()  # the reviewer is told why
    box.close()
    w.grab().save(str(artifacts / "manual_mode_scan.png"))


def test_manual_mode_drawn_finding_and_checklist(qtbot, make_window, tmp_path, artifacts):
    src = _image_only_pdf(tmp_path / "单位预算.pdf")
    w = make_window()
    _open(qtbot, w, src, manual=True)
    assert w.review.doc.page_count == 2 and w.menus.act_draw_region.isEnabled()
    w.menus.act_draw_region.trigger()
    w.page_view.fit_page()
    _drag(qtbot, w, (60, 160), (535, 190))
    dlg = w.menus.region.dialog
    assert dlg is not None and dlg.where.text() == "第 1 页框选区域"  # a scan: the page and box only
    _accept(dlg, "《单位收入总体情况表》合计数与收支总表不一致")
    qtbot.waitUntil(lambda: len(w.review.session.state.manual_findings) == 1)
    f = w.review.session.state.manual_findings[0]
    assert f.locations[0].page == 1 and f.locations[0].table is None
    w.grab().save(str(artifacts / "manual_mode_drawn.png"))

    state = w.review.session.state.model_copy(deep=True)
    out = export_workbook(w.review.doc, [], state, tmp_path / "检查表.xlsx", images=False)
    rows = _verdicts(out)
    no = [r for r in rows if r[1] == Verdict.NO]
    assert len(no) == 1 and "收入总体情况表" in no[0][0]  # the row the reviewer's words name
    assert all(r[1] == Verdict.MANUAL for r in rows if r not in no) and len(rows) > 10  # never 是

    # the reviewer decides the drawn problem was none: its row goes back to 待人工核对
    state.annotation(f.id).status = Status.NOT_A_PROBLEM
    out = export_workbook(w.review.doc, [], state, tmp_path / "检查表2.xlsx", images=False)
    assert {r[1] for r in _verdicts(out)} == {Verdict.MANUAL.value}


def test_region_location_names_what_is_under_it(tmp_path):
    from _gui_factory import make_document

    from gouji.gui.region_draw import describe, region_location

    doc = make_document(tmp_path / "budget.pdf")
    s = doc.sentences[1]
    assert s.bbox is not None
    on_sentence = BBox(x0=s.bbox.x0 + 10, top=s.bbox.top + 2, x1=s.bbox.x0 + 200, bottom=s.bbox.bottom - 2)
    loc = region_location(doc, 2, on_sentence)
    assert (loc.sentence, loc.page, loc.bbox) == (s.index, 2, on_sentence) and loc.text == s.text
    assert describe(doc, loc).startswith("第 2 页框选区域（项目支出预算")
    blank = BBox(x0=100, top=700, x1=300, bottom=760)
    loc = region_location(doc, 1, blank)
    assert (loc.page, loc.bbox, loc.table, loc.sentence) == (1, blank, None, None)
    assert describe(doc, loc) == "第 1 页框选区域"
