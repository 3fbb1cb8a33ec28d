"""Several files of one disclosure read as one document: io.pipeline.join_raw / combined_sha256 / parse_many."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from gouji.io.errors import ReadError
from gouji.io.pipeline import combined_sha256, join_raw, parse, parse_many, running_text
from gouji.io.raw import RawCell, RawDocument, RawGrid, RawLine, RawPage

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "sample_budget.pdf"


def _tables_half(path: str = "tables.pdf", sha: str = "b" * 64) -> RawDocument:
    """Two pages of tables (a grid per page, a title line) and a failed page noted by the reader."""
    pages = []
    for n in (1, 2):
        grid = RawGrid(
            rows=[[RawCell("合计", (10, 10, 50, 20), n), RawCell("12.00", (60, 10, 90, 20), n)]], page=n
        )
        pages.append(RawPage(number=n, blocks=[RawLine(f"表{n}", page=n), grid]))
    return RawDocument(path, sha, "pdf", pages, {"failed_pages": "2", "warning": "第 2 页读取失败"})


def _text_half(path: str = "text.pdf", sha: str = "a" * 64) -> RawDocument:
    lines = [
        RawLine("第一部分 情况说明，收入预算 12.00 万元，比上年增加 1.00 万元。", page=n) for n in (1, 2, 3)
    ]
    return RawDocument(path, sha, "pdf", [RawPage(number=n, blocks=[lines[n - 1]]) for n in (1, 2, 3)])


def test_pages_of_the_second_file_follow_the_first():
    text, tables = _text_half(), _tables_half()
    raw, sources = join_raw([text, tables])
    assert [p.number for p in raw.pages] == [1, 2, 3, 4, 5]
    assert [(s.path, s.first_page, s.pages) for s in sources] == [("text.pdf", 1, 3), ("tables.pdf", 4, 2)]
    for page in raw.pages[3:]:
        grid = page.blocks[1]
        assert isinstance(grid, RawGrid)
        assert page.blocks[0].page == grid.page == page.number
        assert {c.page for row in grid.rows for c in row} == {page.number}
    assert raw.pages[0].blocks[0].page == 1  # the first file keeps its numbers
    assert raw.path == "text.pdf" and raw.format == "pdf"
    assert raw.metadata["failed_pages"] == "5"  # the reader's page 2 of the tables file
    assert raw.metadata["warning"] == "tables.pdf：第 2 页读取失败"
    assert raw.metadata["page_count"] == "5"


def test_the_file_with_the_running_text_comes_first_whatever_the_order():
    text, tables = _text_half(), _tables_half()
    assert running_text(text) > running_text(tables)
    raw, sources = join_raw([tables, text])
    assert [s.path for s in sources] == ["text.pdf", "tables.pdf"]
    assert raw.path == "text.pdf"
    assert raw.sha256 == combined_sha256(["a" * 64, "b" * 64])
    # the same two files in the other order: the same document, the same hash (its saved review)
    raw2, _ = join_raw([_text_half(), _tables_half()])
    assert raw2.sha256 == raw.sha256


def test_combined_hash_of_several_files_and_of_one():
    assert combined_sha256(["c" * 64]) == "c" * 64  # one file keeps its own hash
    both = combined_sha256(["a" * 64, "b" * 64])
    assert both == hashlib.sha256(("a" * 64 + "\n" + "b" * 64).encode()).hexdigest()
    assert both != combined_sha256(["b" * 64, "a" * 64])


def test_one_file_is_not_renumbered():
    raw, sources = join_raw([_tables_half()])
    assert [p.number for p in raw.pages] == [1, 2] and raw.sha256 == "b" * 64
    assert [(s.first_page, s.pages) for s in sources] == [(1, 2)]


def test_files_of_different_formats_are_refused():
    other = _tables_half("tables.xlsx")
    other.format = "xlsx"
    with pytest.raises(ReadError) as exc:
        join_raw([_text_half(), other])
    assert exc.value.reason == "unsupported" and "PDF、XLSX" in exc.value.message


@pytest.fixture
def sample(tmp_path) -> Path:
    if not SAMPLE.exists():
        pytest.skip("sample not generated")
    return Path(shutil.copy(SAMPLE, tmp_path / "sample_budget.pdf"))


def test_a_file_named_twice_is_read_once(sample):
    doc = parse_many([sample, str(sample)])
    assert doc.sources == [] and doc.sha256 == parse(sample).sha256


def test_parse_many_sets_sources_and_maps_pages_back(sample, tmp_path):
    second = Path(shutil.copy(sample, tmp_path / "second.pdf"))
    one = parse(sample)
    doc = parse_many([sample, second])
    assert [Path(s.path).name for s in doc.sources] == ["sample_budget.pdf", "second.pdf"]
    assert doc.page_count == 2 * one.page_count
    assert doc.source_of(one.page_count + 1) == (str(second), 1)
    assert doc.source_of(one.page_count) == (str(sample), one.page_count)
    assert len(doc.tables) == 2 * len(one.tables)
    late = doc.tables[len(one.tables)]
    assert late.pages[0] == one.tables[0].pages[0] + one.page_count
    cell_pages = {c.page or r.page for t in doc.tables[len(one.tables) :] for r in t.rows for c in r.cells}
    assert cell_pages and min(cell_pages) > one.page_count  # every cell of the second file on its own pages


def test_no_file_is_refused():
    with pytest.raises(ReadError):
        parse_many([])
