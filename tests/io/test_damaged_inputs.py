"""Fault injection on the readers: damaged PDFs, 0-page PDFs, guessed text encodings, zip bombs, huge text.

Every case builds its damaged file in ``tmp_path`` from a real small file (a corpus PDF, the
packaged workbook) or from bytes; none of them is kept in the repository.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import corpus
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from gouji.io.app.cli import main
from gouji.io.errors import ReadError
from gouji.io.pipeline import check_is_disclosure, parse, review
from gouji.io.readers import office, text
from gouji.model.document import Document
from gouji.model.rules.registry import run_rules

SMALL_PDF = "zoo/z03_shanghai.pdf"  # 20 pages: cover, 目录, text, nine standard tables on pages 7–19
TABLE_PAGES = [7, 12, 19]  # 收支总表, 财政拨款收支总表, 三公 table: one page each


def page_objects(pdf: Path) -> list[int]:
    """Object number of each page, in page order."""
    with pdf.open("rb") as f:
        return [p.pageid for p in PDFPage.create_pages(PDFDocument(PDFParser(f)))]


def damage_pages(src: Path, dst: Path, pages: list[int]) -> list[int]:
    """Copy ``src`` to ``dst`` with the dictionary of each of ``pages`` (1-based) overwritten;
    returns the pages PDFium then fails to load (what the reader must report)."""
    data = src.read_bytes()
    ids = page_objects(src)
    for p in pages:
        m = re.search(rb"(?<![0-9])%d 0 obj" % ids[p - 1], data)
        assert m is not None
        k = data.index(b"<<", m.end())
        data = data[:k] + b"!!" + data[k + 2 :]
    dst.write_bytes(data)
    pdf = pdfium.PdfDocument(str(dst))
    failed = []
    for i in range(len(pdf)):
        try:
            pdf[i].close()
        except pdfium.PdfiumError:
            failed.append(i + 1)
    pdf.close()
    return failed


def damage_content(src: Path, dst: Path, page: int) -> None:
    """Copy ``src`` to ``dst`` with the compressed content stream of ``page`` (1-based) overwritten:
    PDFium then shows the page as blank, without an error."""
    data = src.read_bytes()
    with src.open("rb") as f:
        pg = list(PDFPage.create_pages(PDFDocument(PDFParser(f))))[page - 1]
        ref = pg.attrs["Contents"]
    m = re.search(rb"(?<![0-9])%d 0 obj" % ref.objid, data)
    assert m is not None
    k = data.index(b"stream", m.end()) + len(b"stream")
    k += 2 if data[k : k + 2] == b"\r\n" else 1
    dst.write_bytes(data[:k] + b"\0" * 16 + data[k + 16 :])


# --------------------------------------------------------------------------- damaged PDFs


def test_unreadable_pages_are_one_warning_not_blank_pages_or_missing_tables(tmp_path, caplog):
    bad = tmp_path / "damaged.pdf"
    assert damage_pages(corpus(SMALL_PDF), bad, TABLE_PAGES) == TABLE_PAGES
    with caplog.at_level(logging.DEBUG):
        reviewed = review(bad)
    doc, findings = reviewed.document, reviewed.findings
    assert doc.unreadable_pages == TABLE_PAGES
    assert not set(doc.blank_pages) & set(TABLE_PAGES)
    [warning] = [f for f in findings if f.rule == "parse.unreadable_pages"]
    assert warning.severity == "warning" and "第 7、12、19 页无法读取" in warning.message
    assert [loc.page for loc in warning.locations] == TABLE_PAGES
    # never reported as blank pages or missing tables / sections
    assert not [f for f in findings if f.rule in ("comp.blank_pages", "comp.std_tables", "comp.sections")]
    # the intact file's errors are the most a damaged copy may report
    intact = review(corpus(SMALL_PDF)).findings
    assert len([f for f in findings if f.severity == "error"]) <= len(
        [f for f in intact if f.severity == "error"]
    )
    # the failure is logged without a traceback above debug level
    assert not [r for r in caplog.records if r.exc_info and r.levelno > logging.DEBUG]


def test_a_page_whose_content_does_not_unpack_is_unreadable_not_blank(tmp_path):
    bad = tmp_path / "content.pdf"
    damage_content(corpus(SMALL_PDF), bad, 12)
    reviewed = review(bad)
    assert reviewed.document.unreadable_pages == [12] and 12 not in reviewed.document.blank_pages
    assert not [f for f in reviewed.findings if f.rule in ("comp.blank_pages", "comp.std_tables")]
    # a blank page of an intact file stays a blank page
    assert parse(corpus("final/putuo_czj_2024_final.pdf")).blank_pages == [14]


def test_damaged_pdf_on_the_command_line_prints_no_traceback(tmp_path, capsys, caplog):
    bad = tmp_path / "damaged.pdf"
    damage_pages(corpus(SMALL_PDF), bad, [5])
    out = io.StringIO()
    with caplog.at_level(logging.INFO):
        main(["check", str(bad)], out=out)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out + out.getvalue()
    # nothing is logged with a traceback (logging prints it on stderr when no handler is set)
    assert not [r for r in caplog.records if r.exc_info]


def test_a_damaged_file_is_called_damaged_not_a_non_disclosure():
    doc = Document(path="x.pdf", sha256="0", format="pdf", page_count=12, unreadable_pages=list(range(2, 13)))
    with pytest.raises(ReadError) as exc:
        check_is_disclosure(doc)
    assert exc.value.reason == "corrupt" and "11/12 页无法读取" in str(exc.value)


def test_every_page_unreadable_is_a_read_error(tmp_path):
    bad = tmp_path / "all.pdf"
    src = corpus(SMALL_PDF)
    assert len(damage_pages(src, bad, list(range(1, 21)))) == 20
    with pytest.raises(ReadError) as exc:
        parse(bad)
    assert exc.value.reason == "corrupt"


@pytest.mark.parametrize("keep", [0.2, 0.6, 0.97])
def test_truncated_pdf_is_a_chinese_read_error(tmp_path, keep):
    data = corpus(SMALL_PDF).read_bytes()
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes(data[: int(len(data) * keep)])
    try:
        doc = parse(bad)  # PDFium may rebuild a file cut near its end: then it reads
    except ReadError as exc:
        assert exc.reason == "corrupt" and "损坏" in str(exc)
    else:
        assert doc.page_count > 0


def test_zero_page_pdf_has_its_own_message(tmp_path):
    p = tmp_path / "zero.pdf"
    pdf = pdfium.PdfDocument.new()
    pdf.save(str(p))
    pdf.close()
    with pytest.raises(ReadError) as exc:
        parse(p)
    assert exc.value.reason == "empty" and "没有页面" in str(exc.value) and "损坏" not in str(exc.value)


# --------------------------------------------------------------------------- text encodings

TRADITIONAL = (
    "2024年單位預算公開\n一般公共預算財政撥款收入17,439.61萬元，比上年增加3,929.37萬元。\n收入\t支出\n"
)
SIMPLIFIED = (
    "2024年单位预算公开\n一般公共预算财政拨款收入17,439.61万元，比上年增加3,929.37万元。\n收入\t支出\n"
)


@pytest.mark.parametrize(
    ("content", "data"),
    [
        (SIMPLIFIED, SIMPLIFIED.encode("utf-8")),
        (SIMPLIFIED, SIMPLIFIED.encode("utf-8-sig")),
        (SIMPLIFIED, SIMPLIFIED.encode("gb18030")),
        (SIMPLIFIED, SIMPLIFIED.encode("utf-16")),  # with its BOM (little-endian here)
        (SIMPLIFIED, b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be")),
        (TRADITIONAL, TRADITIONAL.encode("gb18030")),  # traditional characters in GB18030
    ],
)
def test_text_encodings_are_detected(tmp_path, content, data):
    p = tmp_path / "x.txt"
    p.write_bytes(data)
    raw = text.read_text(str(p), "0")
    assert raw.pages[0].blocks[0].text == content.splitlines()[0]
    assert "warning" not in raw.metadata


def test_big5_text_is_read_as_big5_with_a_note(tmp_path):
    p = tmp_path / "big5.txt"
    p.write_bytes(TRADITIONAL.encode("cp950"))
    doc_line = text.read_text(str(p), "0")
    assert doc_line.pages[0].blocks[0].text == "2024年單位預算公開"
    assert doc_line.metadata["warning"] == text.BIG5


def test_undetectable_encoding_gets_a_warning(tmp_path):
    # Big5 bytes with one pair Big5 does not define: decodes only as GB18030, and as mojibake
    p = tmp_path / "mixed.txt"
    p.write_bytes(TRADITIONAL.encode("cp950") + b"\xc8\xa1\n")
    raw = text.read_text(str(p), "0")
    assert raw.metadata["warning"] == text.UNSURE


def test_the_guessed_encoding_reaches_the_reviewer(tmp_path):
    p = tmp_path / "big5.txt"
    p.write_bytes(TRADITIONAL.encode("cp950"))
    with pytest.raises(ReadError) as exc:  # traditional characters: no 预算 / 决算 is found ...
        parse(p)
    assert exc.value.reason == "not_disclosure" and str(exc.value).endswith(text.BIG5)  # ... and why
    doc = Document(path="x.txt", sha256="0", format="text", read_notes=[text.UNSURE])
    [note] = run_rules(doc, only=["parse.read_notes"])
    assert note.severity == "warning" and note.message == text.UNSURE


def test_huge_text_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(text, "MAX_TEXT_BYTES", 1000)
    p = tmp_path / "huge.txt"
    p.write_bytes(SIMPLIFIED.encode("utf-8") * 20)
    with pytest.raises(ReadError) as exc:
        text.read_text(str(p), "0")
    assert exc.value.reason == "too_large" and "文本文件过大" in str(exc.value)


# --------------------------------------------------------------------------- zip bombs


def _padded(src: Path, dst: Path, pad: int) -> Path:
    """A copy of an OOXML package with one extra member of ``pad`` zero bytes (compresses to little)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
        zout.writestr("customXml/pad.xml", b"\0" * pad)
    return dst


@pytest.mark.parametrize("rel", ["other/tbx_unit_budget_template.xlsx", "other/taiyuan_fgw_2016_final.docx"])
def test_package_that_unpacks_too_large_is_refused(tmp_path, monkeypatch, rel):
    src = corpus(rel)
    monkeypatch.setattr(office, "MAX_UNPACKED_BYTES", 8 * 1024 * 1024)
    bomb = _padded(src, tmp_path / f"bomb{src.suffix}", 10 * 1024 * 1024)
    assert bomb.stat().st_size < 1024 * 1024 + src.stat().st_size
    with pytest.raises(ReadError) as exc:
        parse(bomb)
    assert exc.value.reason == "too_large" and "解压后过大" in str(exc.value)
    # the same package under the limit reads
    small = shutil.copy(src, tmp_path / f"ok{src.suffix}")
    assert parse(small).page_count >= 1
