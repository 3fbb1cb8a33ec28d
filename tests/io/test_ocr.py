"""Scanned pages read by OCR (gouji.io.readers.ocr, ocr_grid).

Image-only PDFs are made here from the seed's text PDF (each page rendered by
PDFium and saved as a picture in a PDF with PIL), so the text-layer reading of
the same pages is the answer: the tables read by OCR must carry the same
amounts.  Also: a mixed PDF only OCRs its image page, cancelling stops the OCR,
a picture without any text gives the Chinese message; the pure steps (characters
from the recogniser's boxes, ruling lines from the image, separators, confidence)
on hand-made input.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from conftest import corpus
from PIL import Image

from gouji.io.errors import Cancelled, ReadError
from gouji.io.pipeline import parse, read_raw
from gouji.io.raw import RawCell, RawGrid, RawLine, RawPage, lowest_confidence
from gouji.io.readers.ocr import OCR_MESSAGE, needs_ocr
from gouji.io.readers.ocr_grid import chars_from_ocr, finish_cells, fix_separators, off_the_rulings, rulings

SEED_TABLES = "rendered/seed000_tables.pdf"
SCAN_DPI = 300  # a usual scanner setting


def image_pdf(src: Path, pages: list[int], out: Path, dpi: int = SCAN_DPI) -> Path:
    """The 1-based ``pages`` of ``src`` as an image-only PDF (a scan of a print-out)."""
    pdf = pdfium.PdfDocument(str(src))
    images = [pdf[i - 1].render(scale=dpi / 72).to_pil().convert("RGB") for i in pages]
    images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi)
    return out


def text_pdf(src: Path, pages: list[int], out: Path) -> Path:
    """The 1-based ``pages`` of ``src`` as a PDF of their own (text layer kept)."""
    pdf = pdfium.PdfDocument(str(src))
    new = pdfium.PdfDocument.new()
    new.import_pages(pdf, [i - 1 for i in pages])
    new.save(str(out))
    return out


def amounts(doc) -> dict[tuple, str]:
    """Every amount cell of the standard tables: (table, row code / name, column) -> text."""
    out = {}
    for t in doc.tables:
        for r in t.rows:
            for c in r.cells:
                if c.value is not None:
                    out[(str(t.std), r.code or r.name, r.side, c.col)] = c.text
    return out


@pytest.fixture(scope="module")
def seed_pair(tmp_path_factory):
    """Pages 1-2 of the seed's tables (收支总体情况表, 收入总体情况表): as text and as a scan."""
    d = tmp_path_factory.mktemp("ocr")
    src = corpus(SEED_TABLES)
    text = parse(text_pdf(src, [1, 2], d / "text.pdf"))
    scan = parse(image_pdf(src, [1, 2], d / "scan.pdf"))
    return text, scan


def test_a_scan_gives_the_same_tables_as_the_text(seed_pair):
    text, scan = seed_pair
    assert scan.ocr_pages == [1, 2] and text.ocr_pages == []
    assert [t.std for t in scan.tables] == [t.std for t in text.tables]
    want, got = amounts(text), amounts(scan)
    assert len(want) > 60
    same = sum(got.get(k) == v for k, v in want.items())
    assert same / len(want) >= 0.99, sorted((k, v, got.get(k)) for k, v in want.items() if got.get(k) != v)


def test_ocr_cells_carry_their_confidence(seed_pair):
    text, scan = seed_pair
    cells = [c for t in scan.tables for r in t.rows for c in r.cells if c.value is not None]
    assert cells and all(c.confidence is not None and 0 < c.confidence <= 1 for c in cells)
    assert all(c.confidence is None for t in text.tables for r in t.rows for c in r.cells)
    # the boxes are in points on the page, as for text: the 总计 cell lies where the text PDF has it
    k = next(iter(amounts(text)))
    box_t = next(c.bbox for t in text.tables for r in t.rows for c in r.cells if c.value is not None)
    box_s = next(c.bbox for t in scan.tables for r in t.rows for c in r.cells if c.value is not None)
    assert k and box_t and box_s and abs(box_t.x0 - box_s.x0) < 4 and abs(box_t.top - box_s.top) < 4


def test_a_mixed_pdf_only_ocrs_its_image_page(tmp_path):
    src = corpus(SEED_TABLES)
    scan = image_pdf(src, [2], tmp_path / "p2.pdf", dpi=200)
    new = pdfium.PdfDocument.new()
    new.import_pages(pdfium.PdfDocument(str(src)), [0])
    new.import_pages(pdfium.PdfDocument(str(scan)), [0])
    path = tmp_path / "mixed.pdf"
    new.save(str(path))
    messages: list[str] = []
    raw = read_raw(path, progress=lambda f, m: messages.append(m))
    assert [p.ocr for p in raw.pages] == [False, True]
    assert [m for m in messages if m.startswith(OCR_MESSAGE)][-1].endswith("1/1 页")
    assert any(isinstance(b, RawGrid) for b in raw.pages[1].blocks)
    assert "image_only_pages" not in raw.metadata


def test_cancel_stops_the_ocr(tmp_path):
    import multiprocessing

    path = image_pdf(corpus(SEED_TABLES), [1, 2, 3], tmp_path / "scan.pdf", dpi=150)
    before = set(multiprocessing.active_children())
    started: list[str] = []
    with pytest.raises(Cancelled):
        read_raw(
            path,
            progress=lambda f, m: started.append(m),
            cancelled=lambda: bool(started) and OCR_MESSAGE in started[-1],
        )
    assert started[-1].startswith(OCR_MESSAGE) and "第" not in started[-1]  # stopped before any page was read
    left = set(multiprocessing.active_children()) - before
    assert not left, [(p.name, p.exitcode) for p in left]  # the OCR workers were stopped


def test_a_picture_without_text_gives_the_chinese_message(tmp_path):
    path = tmp_path / "blank.pdf"
    Image.new("RGB", (1240, 1754), "white").save(path, resolution=150)
    with pytest.raises(ReadError) as e:
        read_raw(path)
    assert e.value.reason == "scanned"
    assert "扫描件" in e.value.message and "OCR" in e.value.message


# ---------------------------------------------------------------------------
# the pure steps
# ---------------------------------------------------------------------------


def test_needs_ocr():
    assert needs_ocr(RawPage(1, char_count=0, image_area=0.95))
    assert not needs_ocr(RawPage(1, char_count=500, image_area=0.95))  # a text page with a picture
    assert not needs_ocr(RawPage(1, char_count=0, image_area=0.0))  # a blank page


def test_characters_from_word_boxes():
    quad = [[100, 50], [300, 50], [300, 90], [100, 90]]
    word_quads = [[[100, 50], [140, 50], [140, 90], [100, 90]], [[160, 50], [300, 50], [300, 90], [160, 90]]]
    res = [[quad, "合 1,2", 0.9, word_quads, [["合"], [" ", "1", ",", "2"]], [0.99, 0.9, 0.5, 0.8, 0.7]]]
    chars = chars_from_ocr(res, 2.0)
    assert [oc.char.text for oc in chars] == ["合", "1", ",", "2"]
    assert [oc.confidence for oc in chars] == [0.99, 0.5, 0.8, 0.7]
    assert chars[1].char.space_before and not chars[2].char.space_before
    assert chars[0].char.x0 == 50 and chars[0].char.top == 25 and chars[-1].char.x1 == 150  # points


def test_characters_without_word_boxes_share_the_line():
    res = [[[[0, 0], [40, 0], [40, 20], [0, 20]], "12", 0.8]]
    chars = chars_from_ocr(res, 1.0)
    assert [(c.char.text, c.char.x0, c.char.x1, c.confidence) for c in chars] == [
        ("1", 0, 20, 0.8),
        ("2", 20, 40, 0.8),
    ]


def test_a_lone_zero_read_as_chinese_zero_is_the_digit():
    line = [[0, 0], [80, 0], [80, 20], [0, 20]]
    texts = ["收入〇万元", "二〇二六年"]
    got = ["".join(c.char.text for c in chars_from_ocr([[line, t, 0.9]], 1.0)) for t in texts]
    assert got == ["收入0万元", "二〇二六年"]


def test_rulings_are_found_and_strokes_inside_text_are_not():
    img = np.full((400, 600), 255, np.uint8)
    img[100:102, 50:550] = 0  # a horizontal ruling
    img[100:300, 50:52] = 0  # a vertical ruling
    img[200:260, 300:303] = 0  # a long stroke inside a text box (丨 of a title)
    edges = rulings(img, 2.0, text_boxes=[(140, 95, 160, 135)])
    h = [e for e in edges if e["orientation"] == "h"]
    v = [e for e in edges if e["orientation"] == "v"]
    assert (
        len(h) == 1 and h[0]["x0"] == pytest.approx(25, abs=0.6) and h[0]["x1"] == pytest.approx(275, abs=0.6)
    )
    assert 50 <= h[0]["top"] <= 51
    assert (
        len(v) == 1
        and v[0]["x0"] == pytest.approx(25.5, abs=0.6)
        and v[0]["bottom"] == pytest.approx(150, abs=0.6)
    )


def test_bars_read_off_a_ruling_are_dropped():
    res = [
        [[[0, 0], [60, 0], [60, 20], [0, 20]], "9.00|", 0.9],
        [[[100, 0], [120, 0], [120, 20], [100, 20]], "l1", 0.9],
    ]
    chars = chars_from_ocr(res, 1.0)
    ruling = {"x0": 54.0, "x1": 54.0, "top": 0.0, "bottom": 40.0, "orientation": "v"}
    kept = off_the_rulings(chars, [ruling, {**ruling, "x0": 112.5, "x1": 112.5}])
    assert (
        "".join(oc.char.text for oc in kept) == "9.00l1"
    )  # a 1 on a line is a digit; an l away from it stays


def test_separators_the_recogniser_confused_are_put_back():
    assert fix_separators("1.801.39") == "1,801.39"
    assert fix_separators("12,345,678,90") == "12,345,678.90"
    assert fix_separators("1, 185.26") == "1,185.26"
    for t in ("801.39", "2.7", "1.80.39", "1 2", "合计"):
        assert fix_separators(t) == t  # one separator, or no grouping: left as read


def test_a_cell_gets_the_lowest_confidence_of_its_characters():
    from gouji.io.readers.pdf_objects import Char

    res = [[[[0, 0], [60, 0], [60, 20], [0, 20]], "1.234.00", 0.9]]
    chars = chars_from_ocr(res, 1.0)
    chars[3].confidence = 0.4
    grid = RawGrid([[RawCell("1.234.00", (0, 0, 60, 20), 1), RawCell("", (60, 0, 90, 20), 1)]])
    page = RawPage(1, blocks=[grid])
    finish_cells(page, chars + [type(chars[0])(Char("x", 200, 0, 210, 20, 10), 0.1)])
    assert grid.rows[0][0].text == "1,234.00" and grid.rows[0][0].confidence == 0.4
    assert grid.rows[0][1].confidence is None
    assert lowest_confidence(None, 0.7, 0.9) == 0.7 and lowest_confidence(None, None) is None


def test_a_line_of_text_gets_the_lowest_confidence_of_its_digits():
    res = [[[[0, 0], [300, 0], [300, 20], [0, 20]], "收入合计1,234.56万元，比上年增长", 0.9]]
    chars = chars_from_ocr(res, 1.0)
    by_text = {oc.char.text: oc for oc in chars}
    by_text["收"].confidence = 0.3  # a hesitant word says nothing about the amount
    by_text["5"].confidence = 0.6  # a hesitant digit does
    line, words = (
        RawLine("收入合计1,234.56万元，比上年增长", 1, (0, 0, 300, 20)),
        RawLine("比上年增长", 1, (0, 40, 90, 60)),
    )
    page = RawPage(1, blocks=[line, words])
    finish_cells(page, chars)
    assert line.confidence == 0.6 and words.confidence is None  # no digit: nothing to doubt
