"""Entry-point checks of gouji.io.pipeline (every bad input is a ReadError with a Chinese message)
and the reader registry."""

from __future__ import annotations

import shutil

import pytest
from conftest import corpus, parsed

from gouji.io import pipeline as reader
from gouji.io.errors import Cancelled, ReadError
from gouji.io.pipeline import parse, read_raw
from gouji.io.readers import registry
from gouji.io.readers.office import OLE_MAGIC


def _err(path) -> ReadError:
    with pytest.raises(ReadError) as ei:
        parse(path)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(ei.value)), "message must be Chinese"
    return ei.value


def test_missing_file(tmp_path):
    assert _err(tmp_path / "nope.pdf").reason == "missing"


def test_folder_is_not_a_file(tmp_path):
    assert _err(tmp_path).reason == "unsupported"


def test_empty_file(tmp_path):
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    assert _err(p).reason == "empty"


@pytest.mark.parametrize("suffix", [".doc", ".xls", ".wps"])
def test_old_office_formats_are_named(tmp_path, suffix):
    p = tmp_path / f"old{suffix}"
    p.write_bytes(b"\xd0\xcf\x11\xe0junk")
    e = _err(p)
    assert e.reason == "unsupported" and suffix in str(e)


def test_unknown_suffix(tmp_path):
    p = tmp_path / "x.png"
    p.write_bytes(b"\x89PNG....")
    assert _err(p).reason == "unsupported"


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".xlsx"])
def test_renamed_file_is_corrupt(tmp_path, suffix):
    p = tmp_path / f"renamed{suffix}"
    p.write_text("这不是一个真正的文件", encoding="utf-8")
    assert _err(p).reason == "corrupt"


def test_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    p = tmp_path / "big.pdf"
    p.write_bytes(b"%PDF-1.4\n" + b"0" * 2048)
    monkeypatch.setattr(reader, "MAX_BYTES", 1024)
    e = _err(p)
    assert e.reason == "too_large" and "MB" in str(e)


def test_text_that_is_not_a_disclosure(tmp_path):
    p = tmp_path / "minutes.txt"
    p.write_text("会议纪要\n今天讨论了食堂菜单和停车位安排。\n下次会议定于周五召开。\n", encoding="utf-8")
    assert _err(p).reason == "not_disclosure"


def test_disclosure_text_without_tables_is_accepted(tmp_path):
    p = tmp_path / "narrative.txt"
    p.write_text(
        "2024年单位预算公开\n一、关于2024年收支预算情况的总体说明\n收入预算100.00万元。\n", encoding="utf-8"
    )
    doc = parse(p)
    assert doc.format == "text" and not doc.tables


def test_scanned_pdf_is_read_by_ocr():
    doc = parsed("other/bj_zwfw_2026_budget_scan.pdf")  # 8 pages, images only: the text half of a budget
    assert doc.ocr_pages == list(range(1, 9))
    assert (doc.year, doc.unit_name, doc.money_unit) == (2026, "北京市政务服务和数据管理局", "万元")
    assert any("101,673.03" in s.text for s in doc.sentences)  # 2026年度收入预算101,673.03万元 (p. 5)


def test_progress_and_cancel():
    path = corpus("final/putuo_shgzb_2024_final.pdf")
    seen: list[float] = []
    doc = parse(path, progress=lambda f, m: seen.append(f))
    assert doc.tables and seen[-1] == 1.0 and all(0 <= f <= 1 for f in seen)
    with pytest.raises(Cancelled):
        parse(path, cancelled=lambda: True)


# --- the reader registry ----------------------------------------------------------------------

SAMPLES = {
    "pdf": "rendered/seed000_tables.pdf",
    "docx": "rendered/seed000.docx",
    "xlsx": "rendered/seed000_tables.xlsx",
    "text": "seeds/000_407e03e18ae36581.txt",
}


def test_registry_declares_every_format_once():
    names = [r.name for r in registry.READERS]
    assert len(set(names)) == len(names) and set(names) == set(SAMPLES)
    assert len(set(registry.SUFFIXES)) == len(registry.SUFFIXES)
    assert all(s.startswith(".") and s == s.lower() for s in registry.SUFFIXES)
    assert all(r.label and any("\u4e00" <= ch <= "\u9fff" for ch in r.label) for r in registry.READERS)
    assert registry.file_patterns() == " ".join("*" + s for s in registry.SUFFIXES)
    assert ".xlsm" in registry.SUFFIXES and "*.xlsm" in registry.file_patterns()
    assert all(s in registry.formats_text() for s in registry.SUFFIXES)


@pytest.mark.parametrize("reader", registry.READERS, ids=lambda r: r.name)
def test_each_reader_reads_its_own_format(reader):
    path = corpus(SAMPLES[reader.name])
    assert registry.detect(path) is reader
    raw = read_raw(path)
    assert raw.format == reader.name and raw.pages
    assert parse(path).format == reader.name


def test_unknown_suffix_message_lists_every_format(tmp_path):
    p = tmp_path / "x.png"
    p.write_bytes(b"\x89PNG....")
    message = str(_err(p))
    assert all(r.label in message for r in registry.READERS) and ".xlsm" in message


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".xlsm"])
def test_encrypted_office_file_is_named(tmp_path, suffix):
    """Office stores a password-protected .docx / .xlsx as an OLE container."""
    p = tmp_path / f"locked{suffix}"
    p.write_bytes(OLE_MAGIC + b"\x00" * 504)
    e = _err(p)
    assert e.reason == "encrypted" and "加密" in str(e)


def test_xlsm_is_read_as_a_workbook(tmp_path):
    p = tmp_path / "macro.xlsm"
    shutil.copy(corpus(SAMPLES["xlsx"]), p)
    doc = parse(p)
    assert doc.format == "xlsx" and doc.tables
