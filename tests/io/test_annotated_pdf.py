"""The annotated PDF (标注版 PDF): confirmed problems highlighted where the reader found them.

Each result is read back with two independent readers — PDFium through pypdfium2's raw API (rects in
PDF user space) and pdfplumber (``page.annots`` in page coordinates, rotation applied) — on a real
corpus PDF with portrait and rotated (/Rotate 90) pages, and on pages made here with an offset media
box and every rotation.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import shutil
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import parsed

from gouji.io.app.cli import EXIT_OUTPUT_FAILURE, main
from gouji.io.export.annotated_pdf import (
    PAD,
    AnnotateError,
    comment_text,
    export_annotated_pdf,
    output_paths,
    to_user_space,
)
from gouji.io.readers.pdf_objects import extract_chars, page_transform
from gouji.model.document import BBox, Document, SourceFile
from gouji.model.findings import Family, Finding, Location, Severity, sentence_location
from gouji.model.review import ReviewState, Status, manual_finding, review_path, save_review

REAL = "budget/yt_xinfang_2026_dept_budget.pdf"  # portrait pages and tables on /Rotate 90 pages
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample_budget.pdf"
HIGHLIGHT, POPUP, TEXT = pdfium_c.FPDF_ANNOT_HIGHLIGHT, pdfium_c.FPDF_ANNOT_POPUP, pdfium_c.FPDF_ANNOT_TEXT


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def pdfium_annots(path: Path, index: int) -> list[tuple[int, tuple[float, float, float, float], str]]:
    """(subtype, user-space rect, contents) of each annotation on page ``index`` (0-based), via PDFium."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[index]
        out = []
        for i in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
            a = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
            r = pdfium_c.FS_RECTF()
            pdfium_c.FPDFAnnot_GetRect(a, r)
            n = pdfium_c.FPDFAnnot_GetStringValue(a, b"Contents", None, 0)
            buf = ctypes.create_string_buffer(n)
            pdfium_c.FPDFAnnot_GetStringValue(
                a, b"Contents", ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)), n
            )
            text = buf.raw[: max(0, n - 2)].decode("utf-16-le")
            out.append((pdfium_c.FPDFAnnot_GetSubtype(a), (r.left, r.bottom, r.right, r.top), text))
            pdfium_c.FPDFPage_CloseAnnot(a)
        return out
    finally:
        pdf.close()


def _covers(annot: dict, b: BBox, slack: float = PAD + 0.5) -> bool:
    """pdfplumber's annotation box holds ``b`` and is at most ``slack`` larger on each side."""
    return all(
        (
            annot["x0"] <= b.x0 + 0.01 and b.x0 - annot["x0"] <= slack,
            annot["top"] <= b.top + 0.01 and b.top - annot["top"] <= slack,
            annot["x1"] >= b.x1 - 0.01 and annot["x1"] - b.x1 <= slack,
            annot["bottom"] >= b.bottom - 0.01 and annot["bottom"] - b.bottom <= slack,
        )
    )


def _confirm(findings: list[Finding], sha: str) -> ReviewState:
    state = ReviewState(sha256=sha, reviewer="张审核")
    for f in findings:
        state.annotation(f.id).status = Status.CONFIRMED
    return state


# --------------------------------------------------------------------------- a real corpus PDF


@pytest.fixture(scope="module")
def real():
    from gouji.model.rules import run_rules

    doc = parsed(REAL)
    findings = [f for f in run_rules(doc) if any(loc.bbox for loc in f.locations)]
    assert findings
    return doc, findings


def test_real_pdf_marks_every_confirmed_cell_in_place(real, tmp_path, artifacts):
    doc, findings = real
    confirmed = findings[::4]  # the rules' findings here are all on the rotated table pages
    state = _confirm(confirmed, doc.sha256)
    state.annotation(confirmed[0].id).comment = "请核对该行合计数"
    portrait = next(s for s in doc.sentences if s.bbox and doc.page_sizes[s.page - 1][0] < 700)
    state.manual_findings.append(
        manual_finding("说明与表不一致", Severity.ERROR, sentence_location(portrait))
    )
    confirmed.append(state.manual_findings[0])
    out = tmp_path / "标注版.pdf"
    got = export_annotated_pdf(doc, findings, state, out)
    assert got.written == [out] and got.problems == len({f.id for f in confirmed})

    boxes: dict[int, list[BBox]] = {}
    for f in {f.id: f for f in confirmed}.values():
        for loc in f.locations:
            if loc.page and loc.bbox and loc.document is None:
                boxes.setdefault(loc.page, []).append(loc.bbox)
    rotated = [p for p in boxes if doc.page_sizes[p - 1][0] > doc.page_sizes[p - 1][1]]
    assert rotated and set(boxes) - set(rotated)  # both kinds of page are checked

    src = pdfium.PdfDocument(str(doc.path))
    with pdfplumber.open(out) as pl:
        for page, want in boxes.items():
            marks = [a for a in pl.pages[page - 1].annots if a["data"]["Subtype"].name == "Highlight"]
            for b in want:  # every cell of a confirmed finding is covered by one highlight
                assert any(_covers(a, b) for a in marks), (page, b)
            raw = pdfium_annots(out, page - 1)
            highlights = [a for a in raw if a[0] == HIGHLIGHT]
            assert len(highlights) == len(marks) and sum(a[0] == POPUP for a in raw) == len(highlights)
            # the rect in user space lies on the page's media box (rotation undone)
            left, bottom, right, top = src[page - 1].get_mediabox()
            for _sub, (x0, y0, x1, y1), _text in highlights:
                assert left - PAD <= x0 < x1 <= right + PAD and bottom - PAD <= y0 < y1 <= top + PAD
    src.close()
    first = next(
        a for a in pdfium_annots(out, confirmed[0].page - 1) if a[0] == HIGHLIGHT and "请核对" in a[2]
    )
    assert first[2].startswith("问题 1：") and "审核意见：请核对该行合计数" in first[2]

    # rendered with annotations drawn: highlighted cells are yellow where the cell is
    pdf = pdfium.PdfDocument(str(out))
    page = rotated[0]
    img = pdf[page - 1].render(scale=2, draw_annots=True).to_pil().convert("RGB")
    img.save(artifacts / "annotated_pdf_rotated_page.png")
    b = boxes[page][0]
    r, g, bl = img.getpixel((int((b.x0 + 2) * 2), int((b.top + 2) * 2)))
    assert r > 200 and g > 170 and bl < 170  # yellow (multiplied over white paper)
    plain = pdf[page - 1].render(scale=2, draw_annots=False).to_pil().convert("RGB")
    assert plain.getpixel((int((b.x0 + 2) * 2), int((b.top + 2) * 2)))[2] > 200  # not yellow without it
    pdf.close()


def test_real_pdf_only_confirmed_problems(real, tmp_path):
    doc, findings = real
    state = ReviewState(sha256=doc.sha256)
    state.annotation(findings[0].id).status = Status.NOT_A_PROBLEM
    state.annotation(findings[1].id).status = Status.CORRECTED
    got = export_annotated_pdf(doc, findings, state, tmp_path / "out.pdf")
    assert got.marks == 0 and got.problems == 0 and "没有标注" in got.notes[0]
    with pdfplumber.open(tmp_path / "out.pdf") as pl:
        assert len(pl.pages) == doc.page_count and not any(p.annots for p in pl.pages)


# --------------------------------------------------------------------------- geometry, made pages


def _text_pdf(path: Path, rotation: int, mediabox: tuple[float, float, float, float]) -> None:
    """One page with the word "Gouji" at a known place, a shifted media box and ``rotation``."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    font = pdfium_c.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    obj = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", 24.0)
    text = "Gouji\0".encode("utf-16-le")
    pdfium_c.FPDFText_SetText(obj, ctypes.cast(ctypes.c_char_p(text), ctypes.POINTER(ctypes.c_ushort)))
    pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, mediabox[0] + 150, mediabox[1] + 600)
    pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    page.set_mediabox(*mediabox)
    page.set_rotation(rotation)
    pdfium_c.FPDFFont_Close(font)
    pdf.save(str(path))
    pdf.close()


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_rotated_and_offset_pages(tmp_path, rotation):
    """The reader's box of a word, exported, becomes a highlight over that word in user space."""
    src = tmp_path / f"r{rotation}.pdf"
    mediabox = (100.0, 200.0, 695.0, 1042.0)
    _text_pdf(src, rotation, mediabox)
    pdf = pdfium.PdfDocument(str(src))
    page = pdf[0]
    tf, w, h = page_transform(page)
    chars = extract_chars(page, tf)
    word = BBox(
        x0=min(c.x0 for c in chars), top=min(c.top for c in chars), x1=max(c.x1 for c in chars),
        bottom=max(c.bottom for c in chars),
    )  # fmt: skip
    tp = page.get_textpage()
    user = [tp.get_charbox(i, loose=True) for i in range(tp.count_chars())]  # (l, b, r, t) in user space
    tp.close()

    doc = Document(path=str(src), sha256=_sha(src), format="pdf", page_count=1, page_sizes=[(w, h)])
    f = manual_finding("金额与表不符", Severity.ERROR, Location(page=1, bbox=word), "李四")
    state = ReviewState(sha256=doc.sha256, manual_findings=[f])
    out = tmp_path / "out.pdf"
    export_annotated_pdf(doc, [], state, out)
    (sub, (x0, y0, x1, y1), text), *rest = pdfium_annots(out, 0)
    assert sub == HIGHLIGHT and [a[0] for a in rest] == [POPUP] and "金额与表不符" in text
    # the highlight holds every glyph (PDFium's own user-space boxes; on a /Rotate 180 page the text
    # reads upside down and the reader's baseline band, which assumes upright glyphs, is shifted) ...
    for left, bottom, right, top in user if rotation != 180 else []:
        assert x0 <= (left + right) / 2 <= x1 and y0 <= (bottom + top) / 2 <= y1
    # ... and is the reader's box of the word, padded, when mapped back the reader's way
    (ax, ay), (bx, by) = tf(x0, y0), tf(x1, y1)
    back = (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
    assert back == pytest.approx((word.x0 - PAD, word.top - PAD, word.x1 + PAD, word.bottom + PAD), abs=0.01)
    pdf.close()
    with pdfplumber.open(out) as pl:
        annot = pl.pages[0].annots[0]
        assert annot["data"]["T"] == "李四" if isinstance(annot["data"]["T"], str) else True
        assert len(annot["data"]["QuadPoints"]) == 8 and "AP" in annot["data"]


def test_to_user_space_inverts_the_reader_transform():
    class _Page:  # what page_transform reads
        def __init__(self, rot):
            self.rot = rot

        def get_mediabox(self):
            return (30.0, 40.0, 630.0, 880.0)

        def get_rotation(self):
            return self.rot

    for rot in (0, 90, 180, 270):
        tf, _w, _h = page_transform(_Page(rot))  # type: ignore[arg-type]
        (ax, ay), (bx, by) = tf(100.0, 200.0), tf(160.0, 230.0)
        box = (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
        assert to_user_space(box, (30.0, 40.0, 630.0, 880.0), rot) == pytest.approx((100, 200, 160, 230))


# --------------------------------------------------------------------------- files and messages


def _blank(path: Path, pages: int) -> Path:
    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    pdf.save(str(path))
    pdf.close()
    return path


def _finding(fid: str, page: int | None, bbox: BBox | None, table: str | None = None) -> Finding:
    loc = Location(page=page, bbox=bbox, table=table)
    return Finding(
        id=fid, rule="arith.row_identity", family=Family.ARITHMETIC, severity=Severity.ERROR,
        title="行内勾稽", message=f"问题{fid}", locations=[loc],
    )  # fmt: skip


def test_two_files_one_annotated_pdf_each(tmp_path):
    a, b = _blank(tmp_path / "文字部分.pdf", 2), _blank(tmp_path / "表格部分.pdf", 3)
    doc = Document(
        path=str(a), sha256="x", format="pdf", page_count=5, page_sizes=[(595, 842)] * 5,
        sources=[SourceFile(path=str(a), sha256=_sha(a), first_page=1, pages=2),
                 SourceFile(path=str(b), sha256=_sha(b), first_page=3, pages=3)],
    )  # fmt: skip
    box = BBox(x0=100, top=100, x1=200, bottom=120)
    findings = [_finding("p2", 2, box), _finding("p4", 4, box), _finding("p5", 5, None)]
    out = tmp_path / "out" / "标注.pdf"
    assert output_paths(doc, out) == {
        str(a): out.with_name("标注_文字部分.pdf"),
        str(b): out.with_name("标注_表格部分.pdf"),
    }
    got = export_annotated_pdf(doc, findings, _confirm(findings, "x"), out)
    assert got.written == list(output_paths(doc, out).values()) and got.marks == 3
    text_half, tables_half = got.written
    assert [s for s, _, _ in pdfium_annots(text_half, 1)] == [HIGHLIGHT, POPUP]
    assert pdfium_annots(text_half, 0) == []
    assert [s for s, _, _ in pdfium_annots(tables_half, 1)] == [HIGHLIGHT, POPUP]  # document page 4
    assert [s for s, _, _ in pdfium_annots(tables_half, 2)] == [TEXT, POPUP]  # page 5: no box, a note
    note = pdfium_annots(tables_half, 2)[0][1]
    assert note[3] == pytest.approx(842 - 12) and note[0] == pytest.approx(12)  # at the page top


def test_no_box_note_at_table_title(tmp_path):
    from rulefixtures import table

    src = _blank(tmp_path / "a.pdf", 1)
    t = table(
        None,
        "收支总表",
        ("合计",),
        [("", "合计", "1.00")],
        id="T01",
        page=1,
        top=300.0,
        col_x=[40, 90, 300, 400],
    )
    doc = Document(path=str(src), sha256=_sha(src), format="pdf", page_count=1, tables=[t])
    f = _finding("t", None, None, table="T01")
    export_annotated_pdf(doc, [f], _confirm([f], doc.sha256), tmp_path / "o.pdf")
    (sub, rect, text), _popup = pdfium_annots(tmp_path / "o.pdf", 0)
    assert sub == TEXT and text.startswith("问题 1：问题t")
    assert t.title_bbox is not None and rect[3] == pytest.approx(842 - t.title_bbox.top)


def test_not_pdf_is_a_clear_message(tmp_path):
    src = tmp_path / "公开.docx"
    src.write_bytes(b"PK\x03\x04" + b"\0" * 64)
    doc = Document(path=str(src), sha256=_sha(src), format="docx")
    with pytest.raises(AnnotateError, match="只能由 PDF 原文生成.*公开.docx"):
        export_annotated_pdf(doc, [], None, tmp_path / "o.pdf")
    assert not (tmp_path / "o.pdf").exists()


def test_changed_source_is_refused(tmp_path):
    src = _blank(tmp_path / "a.pdf", 1)
    doc = Document(path=str(src), sha256="0" * 64, format="pdf", page_count=1)
    with pytest.raises(AnnotateError, match="已更改"):
        export_annotated_pdf(doc, [], None, tmp_path / "o.pdf")


def test_locked_output_keeps_old_file_and_writes_beside(tmp_path, monkeypatch):
    import os

    src = _blank(tmp_path / "a.pdf", 1)
    doc = Document(path=str(src), sha256=_sha(src), format="pdf", page_count=1)
    f = _finding("x", 1, BBox(x0=10, top=10, x1=50, bottom=30))
    out = tmp_path / "out.pdf"
    out.write_bytes(b"open in a viewer")
    real_replace = os.replace

    def locked(a, b):  # Windows refuses to replace a file another program holds open
        if Path(b) == out:
            raise PermissionError(13, "locked")
        return real_replace(a, b)

    monkeypatch.setattr(os, "replace", locked)
    got = export_annotated_pdf(doc, [f], _confirm([f], doc.sha256), out)
    assert out.read_bytes() == b"open in a viewer"  # nothing lost
    assert got.written == [tmp_path / "out_1.pdf"] and "已另存为" in got.notes[0]
    assert [s for s, _, _ in pdfium_annots(got.written[0], 0)] == [HIGHLIGHT, POPUP]
    assert not [p for p in tmp_path.iterdir() if "gouji-tmp" in p.name]


def test_comment_text_uses_reviewer_note():
    f = _finding("x", 1, None)
    state = ReviewState(sha256="s")
    assert comment_text(f, state, 3) == "问题 3：问题x。建议核实表内数据，确保勾稽关系成立。"
    state.annotation("x").comment = "请核对合计数"  # the reviewer's note follows the machine text
    assert comment_text(f, state, 3).endswith("确保勾稽关系成立。\n审核意见：请核对合计数")
    state.annotation("x").comment = "建议改为 1,001.00"  # the reviewer's own suggestion replaces the rule's
    assert comment_text(f, state, 3) == "问题 3：问题x。\n审核意见：建议改为 1,001.00"


# --------------------------------------------------------------------------- command line


def test_cli_annotated_pdf(tmp_path):
    if not SAMPLE.exists():
        pytest.skip("sample not generated")
    src = tmp_path / "sample_budget.pdf"
    shutil.copy(SAMPLE, src)
    out = tmp_path / "标注版.pdf"
    text = io.StringIO()
    main(["check", str(src), "--json", str(tmp_path / "r.json")], out=text)
    import json

    found = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["documents"][0]["findings"]
    boxed = [f for f in found if f.get("page")]
    assert boxed
    state = ReviewState(sha256=hashlib.sha256(src.read_bytes()).hexdigest())
    state.annotation(boxed[0]["id"]).status = Status.CONFIRMED
    save_review(state, review_path(src))
    text = io.StringIO()
    main(["check", str(src), "--annotated-pdf", str(out)], out=text)
    assert f"标注版 PDF：{out}（1 个确认问题" in text.getvalue()
    with pdfplumber.open(out) as pl:
        assert any(a["data"]["Subtype"].name == "Highlight" for a in pl.pages[boxed[0]["page"] - 1].annots)
    # refused before any work: the output is the input, or a batch
    assert main(["check", str(src), "--annotated-pdf", str(src)], out=io.StringIO()) == EXIT_OUTPUT_FAILURE
    assert (
        main(["check", str(tmp_path), "--annotated-pdf", str(out)], out=io.StringIO()) == EXIT_OUTPUT_FAILURE
    )


def test_never_over_the_source(tmp_path):
    src = _blank(tmp_path / "a.pdf", 1)
    before = src.read_bytes()
    doc = Document(path=str(src), sha256=_sha(src), format="pdf", page_count=1)
    f = _finding("x", 1, BBox(x0=10, top=10, x1=50, bottom=30))
    with pytest.raises(AnnotateError, match="覆盖原文件"):
        export_annotated_pdf(doc, [f], _confirm([f], doc.sha256), tmp_path / "." / "a.pdf")
    assert src.read_bytes() == before
