"""Tests of the PDF reader (gouji.io.readers.pdf and its _pdf_* helpers).

Layers: pure layout functions on hand-made characters; real pages of the
corpus (two-sided tables, wrapped header cells, ONLYOFFICE numbers on their own
text lines, rotated pages); unruled and partially ruled tables made by deleting
the rulings of a corpus page with PDFium; bad input (encrypted PDF built by hand,
corrupt, renamed, scanned, image-only pages among text pages); progress,
cancellation and the first-chunk preview through the process pool.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from pathlib import Path

import pytest
from conftest import corpus

from gouji.io.errors import Cancelled, ReadError
from gouji.io.pipeline import read_raw
from gouji.io.raw import RawGrid, RawLine, RawPage
from gouji.io.readers import pdf as pdf_reader
from gouji.io.readers.pdf import check_text_layer, plan_chunks, read_pdf
from gouji.io.readers.pdf_layout import (
    chars_text,
    dedupe_chars,
    find_unruled_tables,
    grid_from_cells,
    group_lines,
    is_amount,
    join_wrapped,
    layout_page,
    split_segments,
)
from gouji.io.readers.pdf_objects import Char, PageObjects

SEED000 = "rendered/seed000.pdf"


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def word(text: str, x0: float, top: float, size: float = 10.0, adv: float | None = None) -> list[Char]:
    """Characters of ``text`` set left to right from ``x0`` on a line at ``top``."""
    out = []
    x = x0
    for ch in text:
        w = adv if adv is not None else (size if ord(ch) > 0x2E80 else size * 0.5)
        out.append(Char(ch, x, top, x + w, top + size, size))
        x += w
    return out


def grids(page: RawPage) -> list[RawGrid]:
    return [b for b in page.blocks if isinstance(b, RawGrid)]


def lines(page: RawPage) -> list[RawLine]:
    return [b for b in page.blocks if isinstance(b, RawLine)]


def texts(grid: RawGrid) -> list[list[str]]:
    return [[c.text for c in row] for row in grid.rows]


_seed_pages: dict[int, RawPage] = {}


def seed_page(n: int) -> RawPage:
    """Page ``n`` of seed000.pdf, read once per session (in-process)."""
    if n not in _seed_pages:
        path = corpus(SEED000)
        pages, failed = pdf_reader.read_pages(str(path), n - 1, n)
        assert not failed
        _seed_pages[n] = pages[0]
    return _seed_pages[n]


def one_page(rel: str, n: int) -> RawPage:
    pages, failed = pdf_reader.read_pages(str(corpus(rel)), n - 1, n)
    assert not failed
    return pages[0]


# ---------------------------------------------------------------------------
# pure layout functions
# ---------------------------------------------------------------------------


def test_group_lines_keeps_lowered_numbers_on_their_line():
    # ONLYOFFICE / WPS: the amounts sit 4.9 pt below the text of a 12 pt line
    # whose successor starts 13.9 pt lower.
    text1 = word("一般公共预算财政拨款基本支出", 96, 99.6, 12)
    num1 = word("2336.91", 264, 104.5, 12, adv=6)
    text1b = word("万元。其中：人员经费", 303, 99.6, 12)
    text2 = word("包括：基本工资、津贴补贴", 72, 113.5, 12)
    result = group_lines(text2 + num1 + text1b + text1)
    assert len(result) == 2
    assert chars_text(result[0].chars) == "一般公共预算财政拨款基本支出2336.91万元。其中：人员经费"
    assert chars_text(result[1].chars) == "包括：基本工资、津贴补贴"


def test_group_lines_separates_table_rows_and_sorts_by_x():
    row1 = word("208", 60, 100) + word("1,801.39", 300, 100)
    row2 = word("210", 60, 112) + word("1,002.65", 300, 112)
    result = group_lines(list(reversed(row2 + row1)))
    assert [chars_text(ln.chars) for ln in result] == ["208 1,801.39", "210 1,002.65"]


def test_split_segments_and_spacing():
    chars = word("编制单位：某局", 80, 100) + word("单位：万元", 400, 100)
    segs = split_segments(chars, 2.0)
    assert ["".join(c.text for c in s) for s in segs] == ["编制单位：某局", "单位：万元"]
    # letter-spaced CJK headings read as one word; Latin / digits keep a gap
    assert chars_text(word("科", 10, 0) + word("目", 30, 0)) == "科目"
    assert chars_text(word("2024", 10, 0) + word("年", 40, 0)) == "2024 年"
    spaced = word("201", 10, 0) + word("一般", 30, 0)
    spaced[3].space_before = True
    spaced[3].x0 = spaced[2].x1 + 1  # pdfium marks the space, the gap itself is small
    assert chars_text(spaced) == "201 一般"


def test_join_wrapped_cells():
    assert join_wrapped(["本年收入合", "计"]) == "本年收入合计"
    assert join_wrapped(["机关事业单位基本养老保险缴费支", "出"]) == "机关事业单位基本养老保险缴费支出"
    assert join_wrapped(["Total", "amount"]) == "Total amount"
    assert join_wrapped(["1,185.", "26"]) == "1,185.26"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1,801.39", True),
        ("-3.00", True),
        ("－", True),
        ("—", True),
        ("12.5%", True),
        ("0", True),
        ("2010601", True),
        ("行政运行", False),
        ("208 05", False),
        ("", False),
    ],
)
def test_is_amount(text, expected):
    assert is_amount(text) is expected


def test_dedupe_overprinted_chars_marks_bold():
    a = word("合计", 10, 10)
    b = word("合计", 10.3, 10.2)
    out = dedupe_chars(a + b)
    assert "".join(c.text for c in out) == "合计"
    assert all(c.bold for c in out)


def test_grid_from_cells_merged_header_and_wrapped_text():
    # 2 header rows: "项目" spans both rows; "金额" spans two columns; then one data row
    cells = [
        (0, 0, 100, 40),  # 项目 (rowspan 2)
        (100, 0, 300, 20),  # 金额 (colspan 2)
        (100, 20, 200, 40),
        (200, 20, 300, 40),
        (0, 40, 100, 60),
        (100, 40, 200, 60),
        (200, 40, 300, 60),
    ]
    chars = (
        word("项目", 10, 15)
        + word("金额", 180, 5)
        + word("本年收入合", 110, 21, 8)
        + word("计", 110, 30, 8)
        + word("预算数", 210, 25)
        + word("合计", 10, 45)
        + word("1,801.39", 150, 45)
        + word("-", 250, 45)
    )
    grid, used = grid_from_cells(cells, chars, page=3)
    assert len(used) == len(chars)
    assert [[c.text for c in r] for r in grid.rows] == [
        ["项目", "金额", ""],
        ["", "本年收入合计", "预算数"],
        ["合计", "1,801.39", "-"],
    ]
    # spanned positions are blank cells with their own slice of the grid
    assert grid.rows[0][2].bbox == (200, 0, 300, 20)
    assert grid.rows[1][0].bbox == (0, 20, 100, 40)
    assert grid.xs == [0, 100, 200, 300]
    assert all(c.page == 3 for r in grid.rows for c in r)


def _unruled_rows():
    rows = []
    y = 100.0
    rows.append(word("科目名称", 60, y) + word("合计", 300, y) + word("基本支出", 380, y))
    data = [
        ("社会保障和就业支出", "1,801.39", "1,801.39"),
        ("行政事业单位养老支出", "1,801.39", "1,801.39"),
        ("卫生健康支出", "1,002.65", "—"),
        ("住房保障支出", "911.25", "911.25"),
    ]
    for name, a, b in data:
        y += 14
        rows.append(word(name, 60, y) + word(a, 340 - len(a) * 5, y) + word(b, 440 - len(b) * 5, y))
    # a wrapped name: second line carries no amounts
    y += 14
    rows.append(
        word("机关事业单位基本养老保险缴费支", 60, y)
        + word("1,185.26", 300, y + 6)
        + word("1,185.26", 400, y + 6)
    )
    rows.append(word("出", 60, y + 12))
    return [c for r in rows for c in r]


def test_unruled_table_from_word_positions():
    lns = group_lines(_unruled_rows())
    new, consumed = find_unruled_tables(lns, [], page=1)
    assert len(new) == 1
    g = new[0]
    assert g.ruled is False
    assert len(g.xs) == 4  # three columns: name, 合计, 基本支出
    got = [[c.text for c in r] for r in g.rows]
    assert got[0] == ["科目名称", "合计", "基本支出"]
    assert got[1] == ["社会保障和就业支出", "1,801.39", "1,801.39"]
    assert got[3] == ["卫生健康支出", "1,002.65", "—"]
    assert got[-1] == ["机关事业单位基本养老保险缴费支出", "1,185.26", "1,185.26"]
    assert consumed == set(range(len(lns)))


def test_running_text_is_not_mistaken_for_a_table():
    chars = []
    y = 100.0
    for sentence in [
        "一般公共预算财政拨款支出 9746.50 万元，占本年支出合计",
        "的 99.86%。与 2023 年度相比，一般公共预算财政拨款支出增加",
        "1062.85 万元，增长 12.24%。主要原因是项目支出增加。",
    ]:
        chars += word(sentence, 72, y, 12)
        y += 14
    lns = group_lines(chars)
    new, consumed = find_unruled_tables(lns, [], page=1)
    assert new == [] and consumed == set()


def test_numbers_in_justified_text_and_toc_lines_are_not_a_table():
    # a table of contents whose lines all put "2024" at the same x, and a
    # justified paragraph whose amounts happen to line up
    chars = []
    y = 100.0
    for head, tail in [
        ("一、关于自治区国土资源执法监察总队", "年收支预算情况的总体说明"),
        ("二、关于自治区国土资源执法监察总队", "年收入预算情况说明"),
        ("三、关于自治区国土资源执法监察总队", "年支出预算情况说明"),
    ]:
        chars += word(head, 80, y, 12) + word("2024", 330, y, 12) + word(tail, 370, y, 12)
        y += 26
    for a, b in [
        ("资金分配情况：劳务费", "13.00"),
        ("万元，办公费 2.00 万元，差旅费", "1.00"),
        ("执勤用车运行费", "1.00"),
    ]:
        chars += word(a, 80, y, 12) + word(b, 300, y, 12) + word("万元，其他", 340, y, 12)
        y += 26
    new, consumed = find_unruled_tables(group_lines(chars), [], page=1)
    assert new == [] and consumed == set()


def test_empty_table_note_below_a_ruled_grid_stays_a_line():
    page = seed_page(29)  # 表 8: ruled header, no rows, the note under it
    (g,) = grids(page)
    assert g.ruled is True
    assert ["※", "※", "※", "※", "1", "2", "3", "4"] in texts(g)
    assert all(c == "" for c in texts(g)[-1])
    assert any(ln.text.endswith("政府性基金预算支出情况表为空表。") for ln in lines(page))


def test_layout_page_tables_do_not_repeat_as_lines():
    edges = []
    for y in (50, 70, 90):
        edges.append(
            {
                "x0": 50,
                "x1": 250,
                "top": y,
                "bottom": y,
                "width": 200,
                "height": 0,
                "orientation": "h",
                "object_type": "line",
            }
        )
    for x in (50, 150, 250):
        edges.append(
            {
                "x0": x,
                "x1": x,
                "top": 50,
                "bottom": 90,
                "width": 0,
                "height": 40,
                "orientation": "v",
                "object_type": "line",
            }
        )
    chars = (
        word("表1 收入总表", 60, 20, 12)
        + word("项目", 60, 55)
        + word("金额", 160, 55)
        + word("合计", 60, 75)
        + word("3.00", 160, 75)
    )
    page = layout_page(PageObjects(1, 300, 400, chars, edges, 0.0))
    assert [type(b).__name__ for b in page.blocks] == ["RawLine", "RawGrid"]
    assert texts(page.blocks[1]) == [["项目", "金额"], ["合计", "3.00"]]
    assert page.blocks[0].text == "表1 收入总表"
    assert page.char_count == len(chars) - 1  # the space is not a character
    # a one-column frame is text in a box, not a table
    frame = [e for e in edges if not (e["orientation"] == "v" and e["x0"] == 150)]
    page2 = layout_page(PageObjects(1, 300, 400, chars, frame, 0.0))
    assert grids(page2) == []
    assert [ln.text for ln in lines(page2)] == ["表1 收入总表", "项目", "金额", "合计", "3.00"]


def test_plan_chunks():
    assert plan_chunks(5) == [(0, 5)]
    chunks = plan_chunks(243)
    assert chunks[0] == (0, 8)
    assert chunks[-1][1] == 243
    assert all(a == b for (_, a), (b, _) in zip(chunks, chunks[1:], strict=False))


def test_check_text_layer_rules():
    text = RawPage(1, char_count=500)
    img = RawPage(2, char_count=0, image_area=0.95)
    meta: dict[str, str] = {}
    check_text_layer([text, img, RawPage(3, char_count=300)], "x.pdf", meta)
    assert meta["image_only_pages"] == "2"
    with pytest.raises(ReadError) as e:
        check_text_layer([RawPage(i, char_count=0, image_area=1.0) for i in range(1, 5)], "x.pdf", {})
    assert e.value.reason == "scanned"
    with pytest.raises(ReadError) as e:
        check_text_layer(
            [
                RawPage(i + 1, char_count=40 if i == 0 else 0, image_area=0.0 if i == 0 else 0.9)
                for i in range(12)
            ],
            "x.pdf",
            {},
        )
    assert e.value.reason == "scanned"  # a typed cover in front of a scan
    with pytest.raises(ReadError) as e:
        check_text_layer([RawPage(1), RawPage(2)], "x.pdf", {})
    assert e.value.reason == "empty"


# ---------------------------------------------------------------------------
# real pages
# ---------------------------------------------------------------------------


def test_seed000_two_sided_overview_rows_keep_all_cells():
    page = seed_page(5)
    (g,) = grids(page)
    assert g.ruled and len(g.col_x) == 5
    rows = texts(g)
    assert rows[0] == ["收入", "", "支出", ""]
    assert rows[1] == ["项目", "预算数", "支出功能分类", "预算数"]
    assert rows[2] == ["一、本年收入", "17,789.61", "201 一般公共服务支出", ""]
    assert ["3、国有资本经营预算拨款", "", "208 社会保障和就业支出", "1,801.39"] in rows
    assert rows[-1] == ["收入总计", "17,798.61", "支出总计", "17,798.61"]
    assert all(len(r) == 4 for r in rows)
    # the title block is running text above the grid; nothing inside the grid repeats
    ls = [ln.text for ln in lines(page)]
    assert ls[:5] == [
        "第二部分 2024 年单位预算公开表",
        "表 1",
        "单位收支总体情况表",
        "编制单位：自治区国土资源执法监察总队",
        "单位：万元",
    ]
    assert not any("17,789.61" in t or "一般公共服务支出" in t for t in ls)
    title = next(ln for ln in lines(page) if ln.text == "单位收支总体情况表")
    assert title.bold and title.align == "center" and title.size == 18.0
    x0, top, x1, bottom = g.bbox
    for ln in lines(page):
        lx0, ltop, lx1, lbottom = ln.bbox
        assert lbottom <= top + 1 or ltop >= bottom - 1


def test_seed000_header_cells_with_line_breaks_are_joined():
    (g,) = grids(seed_page(6))
    rows = texts(g)
    assert rows[0][:6] == ["功能分类科目编码", "", "", "功能分类科目名称", "总计", "财政拨款（补助）"]
    assert "上级一般公共预算安排的转移支付" in rows[1]
    assert "财政拨款（补助）小计" in rows[1]
    assert [
        "208",
        "05",
        "05",
        "机关事业单位基本养老保险缴费支出",
        "1,185.26",
        "1,185.26",
        "1,185.26",
    ] == rows[7][:7]
    assert len(g.col_x) == 17


def test_onlyoffice_numbers_on_separate_text_lines_are_inlined():
    page = one_page("final/putuo_czj_2024_final.pdf", 23)
    ls = [ln.text for ln in lines(page)]
    assert "一般公共预算财政拨款基本支出2336.91万元。其中：人员经费2152.26万元，主要" in ls
    assert any(t.startswith("费、个人农业生产补贴；公用经费184.65万元") for t in ls)


def test_rotated_page_coordinates_match_the_displayed_page():
    page = one_page("budget/yt_xinfang_2026_dept_budget.pdf", 7)  # /Rotate 90
    assert (round(page.width), round(page.height)) == (842, 595)
    (g,) = grids(page)
    x0, top, x1, bottom = g.bbox
    assert 0 <= x0 < x1 <= 842 and 0 <= top < bottom <= 595
    ls = [ln.text for ln in lines(page)]
    assert ls[:2] == ["公开表2", "收入总体情况表"]
    rows = texts(g)
    assert rows[0][:5] == ["科目编码", "", "", "科目名称", "合计"]
    assert rows[3][:5] == ["201", "", "", "一般公共服务支出", "1,378.84"]
    assert len(rows[0]) == 17


def test_invisible_and_white_paths_are_not_rulings():
    # js_jcy p14: a table pasted from Excel, with white cell backgrounds on a finer grid
    page = one_page("budget/js_jcy_2019_dept_budget.pdf", 14)
    (g,) = grids(page)
    rows = texts(g)
    assert len(g.col_x) == 7
    assert rows[3] == ["一、财政拨款", "24,169.74", "一、一般公共服务支出", "", "一、基本支出", "15,844.04"]
    assert rows[5][0] == "2.政府性基金预算"  # wrapped cell joined, not split over rows


# ---------------------------------------------------------------------------
# unruled / partially ruled tables: delete the rulings of a real page
# ---------------------------------------------------------------------------


def _strip_rulings(src: Path, page_no: int, dst: Path, keep_above: float | None = None) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(str(src))
    new = pdfium.PdfDocument.new()
    new.import_pages(pdf, [page_no - 1])
    page = new[0]
    height = page.get_height()
    for obj in list(page.get_objects(max_depth=1)):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            _, _, _, top = obj.get_bounds()
            if keep_above is None or height - top >= keep_above:
                page.remove_obj(obj)
    page.gen_content()
    new.save(str(dst))
    page.close()
    new.close()
    pdf.close()


def _amount_rows(rows: list[list[str]]) -> list[list[str]]:
    return [[t for t in r if is_amount(t)] for r in rows if any(re.fullmatch(r"[\d,]+\.\d\d", t) for t in r)]


@pytest.mark.parametrize("keep_header", [False, True])
def test_unruled_and_partially_ruled_table(tmp_path, keep_header):
    src = corpus(SEED000)
    dst = tmp_path / "stripped.pdf"
    _strip_rulings(src, 7, dst, keep_above=215.0 if keep_header else None)
    pages, _ = pdf_reader.read_pages(str(dst), 0, 1)
    (g,) = grids(pages[0])
    (ruled,) = grids(seed_page(7))
    assert g.ruled is False
    assert len(g.col_x) == len(ruled.col_x) == 8
    # every amount row, with its codes, is recovered in the right columns
    want = [r for r in texts(ruled) if r[4:5] and re.fullmatch(r"[\d,]+\.\d\d", r[4] or "")]
    got = [r for r in texts(g) if r[4:5] and re.fullmatch(r"[\d,]+\.\d\d", r[4] or "")]
    assert [r[:3] + r[4:] for r in got] == [r[:3] + r[4:] for r in want]
    assert len(want) == 16
    if keep_header:
        assert texts(g)[1][4:] == ["合计", "基本支出", "项目支出"]


def test_unruled_two_sided_table(tmp_path):
    dst = tmp_path / "two_sided.pdf"
    _strip_rulings(corpus(SEED000), 5, dst)
    pages, _ = pdf_reader.read_pages(str(dst), 0, 1)
    (g,) = grids(pages[0])
    assert g.ruled is False
    rows = texts(g)

    def numbers(r: list[str]) -> list[str]:
        return [t for t in r if re.fullmatch(r"[\d,.]+", t)]

    # every row keeps both sides: income amount, expenditure code, expenditure amount
    assert numbers(rows[2]) == ["17,789.61", "201"]
    assert numbers(rows[9]) == ["208", "1,801.39"]
    assert numbers(rows[-1]) == ["17,798.61", "17,798.61"]
    assert len(rows) == 33 and all(len(r) == len(g.col_x) - 1 for r in rows)
    # the same numbers, row by row, as the ruled original (whose cells read "201 一般公共服务支出")
    ruled = texts(grids(seed_page(5))[0])
    expected = [numbers([r[0], r[1], r[2].split(" ")[0], r[3]]) for r in ruled[2:]]
    assert [numbers(r) for r in rows[2:]] == expected


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for b in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _build_pdf(objects: list[bytes], trailer: bytes) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += b"trailer\n<< /Size " + str(len(objects) + 1).encode() + b" " + trailer + b" >>\nstartxref\n"
    out += str(xref).encode() + b"\n%%EOF\n"
    return bytes(out)


def make_encrypted_pdf(path: Path, user_pw: bytes = b"secret", owner_pw: bytes = b"owner") -> None:
    """A one-page PDF encrypted with the standard handler (RC4 40-bit, revision 2)."""
    file_id = hashlib.md5(b"gouji-test").digest()
    perms = -44
    o_key = hashlib.md5((owner_pw + _PAD)[:32]).digest()[:5]
    o_entry = _rc4(o_key, (user_pw + _PAD)[:32])
    key = hashlib.md5(
        (user_pw + _PAD)[:32] + o_entry + perms.to_bytes(4, "little", signed=True) + file_id
    ).digest()[:5]
    u_entry = _rc4(key, _PAD)

    def enc(objnum: int, data: bytes) -> bytes:
        k = hashlib.md5(key + objnum.to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[
            : len(key) + 5
        ]
        return _rc4(k, data)

    content = zlib.compress(b"BT /F1 24 Tf 72 700 Td (Encrypted budget) Tj ET")
    stream = enc(4, content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length "
        + str(len(stream)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + o_entry.hex().encode()
        + b"> /U <"
        + u_entry.hex().encode()
        + b"> /P "
        + str(perms).encode()
        + b" >>",
    ]
    trailer = (
        b"/Root 1 0 R /Encrypt 6 0 R /ID [<"
        + file_id.hex().encode()
        + b"> <"
        + file_id.hex().encode()
        + b">]"
    )
    path.write_bytes(_build_pdf(objects, trailer))


def test_hand_built_plain_pdf_is_readable(tmp_path):
    # the builder itself is sound: the same document without /Encrypt reads fine
    content = zlib.compress(b"BT /F1 24 Tf 72 700 Td (2024 budget 1,801.39) Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length "
        + str(len(content)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    p = tmp_path / "plain.pdf"
    p.write_bytes(_build_pdf(objects, b"/Root 1 0 R"))
    raw = read_pdf(str(p), "sha")
    assert [ln.text for ln in lines(raw.pages[0])] == ["2024 budget 1,801.39"]
    assert raw.format == "pdf" and raw.sha256 == "sha" and raw.metadata["page_count"] == "1"


def test_encrypted_pdf(tmp_path):
    p = tmp_path / "locked.pdf"
    make_encrypted_pdf(p)
    for call in (lambda: read_pdf(str(p), "x"), lambda: read_raw(p)):
        with pytest.raises(ReadError) as e:
            call()
        assert e.value.reason == "encrypted"
        assert "加密" in str(e.value) and "密码" in str(e.value)


def test_corrupt_and_truncated_pdf(tmp_path):
    data = corpus("rendered/seed002.pdf").read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(data[: len(data) // 3])
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + b"\x00\xff not really a pdf " * 200)
    for p in (truncated, garbage):
        with pytest.raises(ReadError) as e:
            read_raw(p)
        assert e.value.reason == "corrupt"
        assert "损坏" in str(e.value)


def test_non_pdf_renamed_to_pdf(tmp_path):
    p = tmp_path / "report.pdf"
    p.write_text("这其实是一个文本文件", encoding="utf-8")
    with pytest.raises(ReadError) as e:
        read_raw(p)
    assert e.value.reason == "corrupt"
    with pytest.raises(ReadError) as e:  # the reader itself, without the sniffing front door
        read_pdf(str(p), "x")
    assert e.value.reason == "corrupt"


def test_a_scan_ocr_cannot_read_is_refused(monkeypatch):
    monkeypatch.setattr(pdf_reader, "ocr_pages", lambda path, numbers, *a, **k: {})  # OCR found no text
    with pytest.raises(ReadError) as e:
        read_raw(corpus("other/bj_zwfw_2026_budget_scan.pdf"))
    assert e.value.reason == "scanned"
    assert "扫描件" in str(e.value) and "8/8" in str(e.value) and "OCR" in str(e.value)


def test_image_only_pages_among_text_pages_are_recorded(tmp_path, monkeypatch):
    import pypdfium2 as pdfium

    asked: list[list[int]] = []
    monkeypatch.setattr(pdf_reader, "ocr_pages", lambda path, numbers, *a, **k: asked.append(numbers) or {})

    src = pdfium.PdfDocument(str(corpus(SEED000)))
    out = pdfium.PdfDocument.new()
    out.import_pages(src, [3, 4])  # two text pages (4 and 5)
    w, h = src[4].get_size()
    bitmap = src[4].render(scale=0.5)
    page = out.new_page(w, h)
    img = pdfium.PdfImage.new(out)
    img.set_bitmap(bitmap)
    img.set_matrix(pdfium.PdfMatrix().scale(w, h))
    page.insert_obj(img)
    page.gen_content()
    p = tmp_path / "mixed.pdf"
    out.save(str(p))
    raw = read_pdf(str(p), "x")
    assert [pg.number for pg in raw.pages] == [1, 2, 3]
    assert asked == [[3]]  # only the image page goes to OCR; here it found no text there
    assert raw.metadata["image_only_pages"] == "3"
    assert raw.pages[2].char_count == 0 and raw.pages[2].image_area > 0.9
    assert raw.pages[2].blocks == []
    assert grids(raw.pages[1])  # the text pages are read normally


def test_a_damaged_page_is_recorded_not_fatal(monkeypatch):
    import gouji.io.readers.pdf_objects as objects

    real = objects.extract_page

    def flaky(pdf, index):
        if index == 1:
            raise RuntimeError("broken content stream")
        return real(pdf, index)

    monkeypatch.setattr(objects, "extract_page", flaky)
    raw = read_pdf(str(corpus("final/putuo_shgzb_2024_final.pdf")), "x", workers=1)
    assert raw.metadata["failed_pages"] == "2"
    assert raw.pages[1].number == 2 and raw.pages[1].blocks == []
    assert len(raw.pages) == 24 and grids(raw.pages[4])


# ---------------------------------------------------------------------------
# pool: progress, preview, cancellation
# ---------------------------------------------------------------------------


def test_pool_progress_preview_and_page_order(monkeypatch):
    path = str(corpus("rendered/seed002.pdf"))
    monkeypatch.setattr(pdf_reader, "SMALL_DOC_PAGES", 0)
    monkeypatch.setattr(pdf_reader, "CHUNK", 8)
    seen: list[float] = []
    previews = []
    raw = read_pdf(path, "x", progress=lambda f, m: seen.append(f), on_pages=previews.append, workers=2)
    assert [p.number for p in raw.pages] == list(range(1, 41))
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert len(seen) == 1 + len(plan_chunks(40, size=8))
    assert seen == sorted(seen)
    assert len(previews) == 1
    first = previews[0]
    assert [p.number for p in first.pages][:8] == list(range(1, 9))
    assert first.format == "pdf" and first.sha256 == "x"
    # the pool and the in-process path give the same pages
    alone = read_pdf(path, "x", workers=1)
    assert [len(p.blocks) for p in alone.pages] == [len(p.blocks) for p in raw.pages]
    assert [[texts(g) for g in grids(p)] for p in alone.pages] == [
        [texts(g) for g in grids(p)] for p in raw.pages
    ]
    assert sum(len(grids(p)) for p in raw.pages) >= 20  # the 20 绩效自评表


def test_cancel_stops_the_read(monkeypatch):
    monkeypatch.setattr(pdf_reader, "SMALL_DOC_PAGES", 0)
    calls: list[float] = []
    with pytest.raises(Cancelled):
        read_pdf(
            str(corpus("rendered/seed002.pdf")),
            "x",
            progress=lambda f, m: calls.append(f),
            cancelled=lambda: len(calls) >= 2,
            workers=2,
        )
    assert len(calls) == 2 and calls[-1] < 1.0
