"""The seed text reader: lines, tab grids, cell-per-line grids, encodings, errors."""

from __future__ import annotations

import pytest

from gouji.io.errors import ReadError
from gouji.io.raw import RawGrid, RawLine
from gouji.io.readers.text import read_text, text_to_blocks
from tests.conftest import corpus


def test_tab_lines_form_one_grid_and_other_lines_are_text():
    blocks = text_to_blocks(
        "表 1\n\n收支总体情况表\n收入\t\t支出\t\n项目\t预算数\t支出功能分类\t预算数\n\n说明。\n"
    )
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["RawLine", "RawLine", "RawGrid", "RawLine"]
    grid = blocks[2]
    assert isinstance(grid, RawGrid) and grid.ruled and grid.page is None
    assert [[c.text for c in r] for r in grid.rows] == [
        ["收入", "", "支出", ""],
        ["项目", "预算数", "支出功能分类", "预算数"],
    ]


def test_blank_line_splits_tab_grids():
    blocks = text_to_blocks("a\tb\n\nc\td\n")
    assert [type(b) for b in blocks] == [RawGrid, RawGrid]


def test_single_cell_lines_form_a_grid_of_one_cell_rows():
    blocks = text_to_blocks("\t单位名称\n\t昌吉州自然资源局\n\n\t\n\t上级资金\n\t1,700.00\n正文一行\n")
    assert [type(b) for b in blocks] == [RawGrid, RawGrid, RawLine]
    assert [[c.text for c in r] for r in blocks[0].rows] == [["单位名称"], ["昌吉州自然资源局"]]
    # an empty cell ("\t" alone) belongs to the grid, it is not a blank line
    assert [[c.text for c in r] for r in blocks[1].rows] == [[""], ["上级资金"], ["1,700.00"]]


def test_single_cell_and_multi_cell_lines_are_separate_grids():
    blocks = text_to_blocks("\t标题\na\tb\n")
    assert len(blocks) == 2 and all(isinstance(b, RawGrid) for b in blocks)


def test_read_text_utf8_and_gb18030(tmp_path):
    content = "2024年单位预算公开\n收入\t支出\n"
    for enc in ("utf-8", "gb18030", "utf-8-sig"):
        p = tmp_path / f"x_{enc}.txt"
        p.write_bytes(content.encode(enc))
        raw = read_text(str(p), "abc")
        assert raw.format == "text" and raw.sha256 == "abc"
        assert len(raw.pages) == 1 and raw.pages[0].number is None
        line = raw.pages[0].blocks[0]
        assert isinstance(line, RawLine) and line.text == "2024年单位预算公开" and line.page is None


@pytest.mark.parametrize("data", [b"", b"\n\n   \n", b"\t\n\t\n"])
def test_no_content_raises(tmp_path, data):
    p = tmp_path / "empty.txt"
    p.write_bytes(data)
    with pytest.raises(ReadError) as exc:
        read_text(str(p), "x")
    assert exc.value.reason == "empty"


def test_binary_file_raises(tmp_path):
    p = tmp_path / "bin.txt"
    p.write_bytes(b"\x00\x01\x02abc\x00")
    with pytest.raises(ReadError):
        read_text(str(p), "x")


def test_seed_files_read():
    raw = read_text(str(corpus("seeds/000_407e03e18ae36581.txt")), "x")
    blocks = raw.pages[0].blocks
    grids = [b for b in blocks if isinstance(b, RawGrid)]
    assert len(grids) > 100 and raw.pages[0].char_count > 100_000
    raw2 = read_text(str(corpus("seeds/002_6f25734c455cccad.txt")), "x")
    cell_grids = [
        b for b in raw2.pages[0].blocks if isinstance(b, RawGrid) and all(len(r) == 1 for r in b.rows)
    ]
    assert len(cell_grids) > 300
