"""人工审核模式 without Qt: the pages of a PDF as the reader sizes them, the saved review, the 检查表."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import corpus, parsed

from gouji.io.errors import ReadError
from gouji.io.export.checklist import Verdict, build_checklist
from gouji.io.export.checklist_template import template_for
from gouji.io.manual_review import MANUAL_NOTE, falls_back, manual_review, page_document
from gouji.model.document import BBox
from gouji.model.findings import Location, Severity
from gouji.model.review import ReviewState, Status, manual_finding, review_path, save_review

ROTATED = "budget/yt_xinfang_2026_dept_budget.pdf"  # portrait pages and /Rotate 90 pages


def test_pages_sized_as_the_reader_sizes_them():
    doc = page_document([corpus(ROTATED)])
    read = parsed(ROTATED)
    assert doc.page_count == read.page_count and len(set(read.page_sizes)) == 2  # portrait and turned
    assert [pytest.approx(s) for s in doc.page_sizes] == read.page_sizes
    assert doc.sha256 == read.sha256  # the same saved review belongs to both
    assert not doc.tables and not doc.sections and not doc.sentences and doc.warnings == [MANUAL_NOTE]


def test_two_files_follow_each_other(tmp_path):
    a = shutil.copy(corpus(ROTATED), tmp_path / "a.pdf")
    b = shutil.copy(corpus("final/putuo_czj_2024_final.pdf"), tmp_path / "b.pdf")
    doc = page_document([a, b])
    n = parsed(ROTATED).page_count
    assert [(s.first_page, s.pages) for s in doc.sources] == [(1, n), (n + 1, doc.page_count - n)]
    assert doc.source_of(n + 2) == (str(b), 2)


def test_saved_review_and_checklist(tmp_path):
    src = Path(shutil.copy(corpus(ROTATED), tmp_path / "单位预算.pdf"))
    first = manual_review([src])
    assert first.review is None and first.findings == []
    drawn = manual_finding(
        "《支出总体情况表》合计数有误",
        Severity.ERROR,
        Location(page=9, bbox=BBox(x0=10, top=10, x1=90, bottom=30)),
    )
    save_review(ReviewState(sha256=first.document.sha256, manual_findings=[drawn]), review_path(src))
    got = manual_review([src], reason="该 PDF 是扫描件。")
    assert got.review is not None and got.review.manual_findings[0].id == drawn.id
    assert got.review_notices[0].startswith("该 PDF 是扫描件。已以人工审核模式打开")

    doc = got.document
    rows = build_checklist(doc, got.review.manual_findings, got.review, template_for(doc))
    assert [r.spec.item for r in rows if r.verdict == Verdict.NO] == ["《单位支出总体情况表》"]
    assert all(r.verdict == Verdict.MANUAL for r in rows if r.verdict != Verdict.NO)
    got.review.annotation(drawn.id).status = Status.CORRECTED
    rows = build_checklist(doc, got.review.manual_findings, got.review, template_for(doc))
    assert {r.verdict for r in rows} == {Verdict.MANUAL}  # never 是: nothing was verified by the tool


def test_only_pdf_and_only_scans(tmp_path):
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"PK\x03\x04" + b"\0" * 64)
    with pytest.raises(ReadError, match="只用于 PDF"):
        page_document([doc])
    assert falls_back(ReadError("扫描件", "scanned"))
    assert not falls_back(ReadError("已加密", "encrypted")) and not falls_back(ReadError("空", "empty"))


def test_real_scan_reviewed_by_hand(tmp_path, artifacts):
    """A real scanned budget: its pages, a finding drawn on one, the 标注版 PDF with it highlighted."""
    import pypdfium2 as pdfium

    from gouji.io.export.annotated_pdf import export_annotated_pdf

    scan = corpus("other/bj_zwfw_2026_budget_scan.pdf")
    got = manual_review([scan], locations=lambda doc: [tmp_path / "review.json"])
    doc = got.document
    pdf = pdfium.PdfDocument(str(scan))
    assert doc.page_count == len(pdf) > 1 and doc.page_sizes[0] == pytest.approx(pdf[0].get_size())
    pdf.close()
    w, h = doc.page_sizes[0]
    box = BBox(x0=w * 0.1, top=h * 0.3, x1=w * 0.9, bottom=h * 0.35)
    drawn = manual_finding("请核对此处", Severity.ERROR, Location(page=1, bbox=box))
    state = ReviewState(sha256=doc.sha256, manual_findings=[drawn])
    out = export_annotated_pdf(doc, [], state, tmp_path / "标注版.pdf")
    assert out.marks == 1
    annotated = pdfium.PdfDocument(str(out.written[0]))
    img = annotated[0].render(scale=1, draw_annots=True).to_pil().convert("RGB")
    img.save(artifacts / "annotated_pdf_scan_page.png")
    r, g, b = img.getpixel((int(w * 0.5), int(h * 0.325)))
    annotated.close()
    assert b < r - 40 and b < g - 40  # yellow over the page where the region was drawn
