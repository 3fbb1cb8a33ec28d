"""Word and Excel readers: docx_reader.read_docx, xlsx_reader.read_xlsx."""

from __future__ import annotations

import zipfile
from decimal import Decimal as D

import pytest
from conftest import corpus, parsed

from gouji.io.errors import ReadError
from gouji.io.raw import RawGrid, RawLine
from gouji.io.readers.docx import read_docx
from gouji.io.readers.xlsx import format_number, read_xlsx
from gouji.model.document import StdTable

SEED000 = "seeds/000_407e03e18ae36581.txt"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _grids(raw):
    return [b for p in raw.pages for b in p.blocks if isinstance(b, RawGrid)]


def _lines(raw):
    return [b for p in raw.pages for b in p.blocks if isinstance(b, RawLine)]


def _amounts(doc):
    """(row key, column, value) of every amount of every standard table, by table kind."""
    return {
        t.std: sorted(
            (r.code or r.name, c.col, c.value) for r in t.rows for c in r.cells if c.value is not None
        )
        for t in doc.standard_tables
    }


# --------------------------------------------------------------------------- DOCX


def test_seed000_docx_raw_blocks():
    raw = read_docx(str(corpus("rendered/seed000.docx")), "x")
    assert raw.format == "docx" and raw.metadata["page_source"] == "explicit"
    assert len(raw.pages) == 145 and [p.number for p in raw.pages[:3]] == [1, 2, 3]
    first = raw.pages[0].blocks[0]
    assert (first.text, first.size, first.bold, first.align, first.page) == (
        "自治区国土资源执法监察总队",
        26.0,
        True,
        "center",
        1,
    )
    grids = _grids(raw)
    assert len(grids) == 140  # 11 budget tables + 129 绩效目标表
    g = grids[0]
    assert g.page == 4 and g.ruled
    # merged cells: text in the first column of the span, "" in the others
    assert [c.text for c in g.rows[1]] == ["收入", "", "支出", ""]
    assert [c.text for c in g.rows[2]] == ["项目", "预算数", "支出功能分类", "预算数"]
    assert all(len(r) == len(g.rows[0]) for r in g.rows)
    assert all(c.page == 4 for r in g.rows for c in r)


def test_seed000_docx_gives_the_same_tables_and_amounts_as_the_text():
    corpus("rendered/seed000.docx")
    doc = parsed("rendered/seed000.docx")
    ref = parsed(SEED000)
    assert doc.format == "docx" and doc.kind == ref.kind and doc.year == 2024
    assert [t.std for t in doc.standard_tables] == [t.std for t in ref.standard_tables]
    assert len(doc.standard_tables) == 11 and len(doc.perf_tables) == 129
    assert _amounts(doc) == _amounts(ref)
    t2 = doc.table(StdTable.B_INCOME)
    assert t2.pages == [5] and t2.unit == "万元"


def test_seed002_docx_narrative_and_tables():
    raw = read_docx(str(corpus("rendered/seed002.docx")), "x")
    assert len(_grids(raw)) == 20
    texts = [b.text for b in _lines(raw)]
    assert "单位整体支出绩效自评表" in texts
    assert any(t.startswith("2024年度收入总计10,676.61万元") for t in texts)
    heading = next(b for b in _lines(raw) if b.text == "第二部分 部门决算情况说明")
    assert heading.bold and heading.align == "center" and heading.size == 16.0
    doc = parsed("rendered/seed002.docx")
    assert doc.kind.value == "final" and len(doc.perf_tables) == 20


def test_taiyuan_word_final_account():
    """A real Word publication: 9 tables, each after its title, 公开XX表 and 金额单位：元 lines."""
    raw = read_docx(str(corpus("other/taiyuan_fgw_2016_final.docx")), "x")
    assert raw.metadata["page_source"] == "explicit" and len(raw.pages) == 9
    grids = _grids(raw)
    assert len(grids) == 9
    titles = []
    for p in raw.pages:
        for i, b in enumerate(p.blocks):
            if isinstance(b, RawGrid) and i >= 3 and p.blocks[i - 1].text.startswith("金额单位"):
                titles.append((p.number, p.blocks[i - 3].text, p.blocks[i - 2].text))
    assert titles == [
        (3, "2016年收入决算表", "公开02表"),
        (4, "2016年支出决算表", "公开03表"),
        (5, "2016年财政拨款收入支出决算总表", "公开04表"),
        (6, "2016年一般公共预算财政拨款支出决算表（一）", "公开05表"),
        (7, "2016年一般公共预算财政拨款决算表（二）", "公开06表"),
        (7, "2016年政府性基金预算财政拨款收入支出决算表", "公开07表"),
        (8, "2016年部门决算公开相关信息统计表", "公开08表"),
        (9, "2016年一般公共预算财政拨款“三公”经费支出表", "公开09表"),
    ]
    three = grids[-1]
    assert [c.text for c in three.rows[1]] == ["（一）合     计", "660,100.00", "77,997.08"]
    fiscal = grids[
        3
    ]  # 财政拨款收入支出决算总表: vertically merged header cells are blank below their first row
    assert [c.text for c in fiscal.rows[0]][:4] == ["收     入", "", "", "支     出"]
    assert [c.text for c in fiscal.rows[2]][5:7] == ["小计", "一般公共预算财政拨款"]
    doc = parsed("other/taiyuan_fgw_2016_final.docx")
    assert (doc.kind.value, doc.year, doc.money_unit) == ("final", 2016, "元")
    found = {t.std for t in doc.standard_tables}
    assert {
        StdTable.F_INCOME,
        StdTable.F_EXPENSE,
        StdTable.F_FISCAL,
        StdTable.F_GPB,
        StdTable.F_GOV_FUND,
    } <= found
    inc = doc.table(StdTable.F_INCOME)
    assert inc.unit == "元" and inc.pages == [3]


def _make_docx(path, *, breaks: bool):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    d = docx.Document()
    p = d.add_paragraph()
    r = p.add_run("某单位2024年部门决算")
    r.bold = True
    r.font.size = Pt(22)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if breaks:
        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("收入决算表\n单位：万元")
    t = d.add_table(rows=3, cols=3)
    a = t.cell(0, 0).merge(t.cell(0, 1))
    a.text = "项目"
    t.cell(0, 2).text = "金额"
    v = t.cell(1, 0).merge(t.cell(2, 0))
    v.text = "合计"
    t.cell(1, 1).text = "财政拨款"
    t.cell(1, 2).text = "1,234.50"
    t.cell(2, 1).text = "其他"
    t.cell(2, 2).text = "0.00"
    d.save(path)


def test_docx_merges_pages_and_soft_breaks(tmp_path):
    f = tmp_path / "a.docx"
    _make_docx(f, breaks=True)
    raw = read_docx(str(f), "x")
    assert raw.metadata["page_source"] == "explicit"
    assert [p.number for p in raw.pages] == [1, 2]
    title = raw.pages[0].blocks[0]
    assert (title.text, title.bold, title.size, title.align) == ("某单位2024年部门决算", True, 22.0, "center")
    lines = [b.text for b in raw.pages[1].blocks if isinstance(b, RawLine)]
    assert lines == ["收入决算表", "单位：万元"]  # a soft line break splits the paragraph
    (g,) = _grids(raw)
    assert [[c.text for c in r] for r in g.rows] == [
        ["项目", "", "金额"],
        ["合计", "财政拨款", "1,234.50"],
        ["", "其他", "0.00"],
    ]
    assert g.page == 2 and {c.page for r in g.rows for c in r} == {2}


def test_docx_without_page_breaks_has_no_page_numbers(tmp_path):
    f = tmp_path / "b.docx"
    _make_docx(f, breaks=False)
    raw = read_docx(str(f), "x")
    assert raw.metadata["page_source"] == "none"
    assert len(raw.pages) == 1 and raw.pages[0].number is None
    assert all(b.page is None for b in raw.pages[0].blocks)
    assert all(c.page is None for g in _grids(raw) for r in g.rows for c in r)


def test_corrupt_and_encrypted_docx(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(ReadError) as e:
        read_docx(str(bad), "x")
    assert e.value.reason == "corrupt" and "损坏" in str(e.value)
    nodoc = tmp_path / "nodoc.docx"
    with zipfile.ZipFile(nodoc, "w") as z:
        z.writestr("hello.txt", "not a word file")
    with pytest.raises(ReadError) as e:
        read_docx(str(nodoc), "x")
    assert e.value.reason == "corrupt"
    enc = tmp_path / "enc.docx"
    enc.write_bytes(OLE)
    with pytest.raises(ReadError) as e:
        read_docx(str(enc), "x")
    assert e.value.reason == "encrypted" and "加密" in str(e.value)


# --------------------------------------------------------------------------- XLSX


@pytest.mark.parametrize(
    "value, fmt, text",
    [
        (17789.61, "#,##0.00", "17,789.61"),
        (5139, "#,##0.00", "5,139.00"),
        (2.675, "0.00", "2.68"),  # exact decimal rounding: float formatting would print 2.67
        (0.1 + 0.2, "General", "0.3"),
        (1801.39, "General", "1801.39"),
        (0.8599, "0.00%", "85.99%"),
        (-12.5, "#,##0.00;[Red]-#,##0.00", "-12.50"),
        (42, "0", "42"),
    ],
)
def test_format_number(value, fmt, text):
    assert format_number(value, fmt) == text


def test_seed000_xlsx_sheets_are_pages_with_title_lines_and_a_grid():
    raw = read_xlsx(str(corpus("rendered/seed000_tables.xlsx")), "x")
    assert raw.format == "xlsx" and [p.number for p in raw.pages] == list(range(1, 12))
    p1 = raw.pages[0]
    lines = [b for b in p1.blocks if isinstance(b, RawLine)]
    assert [b.text for b in lines] == [
        "单位收支总体情况表",
        "表1",
        "编制单位：自治区国土资源执法监察总队",
        "单位：万元",
    ]
    assert lines[0].bold and lines[0].align == "center" and lines[0].size == 16.0
    (g,) = [b for b in p1.blocks if isinstance(b, RawGrid)]
    assert [c.text for c in g.rows[0]] == ["收入", "收入", "支出", "支出"]  # merged cells spread
    assert [c.text for c in g.rows[2]] == ["一、本年收入", "17,789.61", "201 一般公共服务支出", ""]
    empty_fund = raw.pages[7]  # 政府性基金: header only, then the note as a line
    assert isinstance(empty_fund.blocks[-1], RawLine) and "为空表" in empty_fund.blocks[-1].text


def test_seed000_xlsx_gives_the_same_tables_and_amounts_as_the_text():
    corpus("rendered/seed000_tables.xlsx")
    doc = parsed("rendered/seed000_tables.xlsx")
    ref = parsed(SEED000)
    assert len(doc.standard_tables) == 11
    assert [t.std for t in doc.standard_tables] == [t.std for t in ref.standard_tables]
    assert _amounts(doc) == _amounts(ref)
    t1 = doc.table(StdTable.B_OVERVIEW)
    assert t1.pages == [1] and t1.unit == "万元"
    assert doc.table(StdTable.B_GOV_FUND).empty and doc.table(StdTable.B_GOV_FUND).empty_note


def test_budget_template_xlsx():
    raw = read_xlsx(str(corpus("other/tbx_unit_budget_template.xlsx")), "x")
    assert len(raw.pages) == 16
    cover = [b.text for b in raw.pages[0].blocks]
    assert cover == ["上海市普陀区2026年区级单位预算", "预算单位：上海市普陀区XX单位"]
    assert all(not isinstance(b, RawGrid) for p in raw.pages[:6] for b in p.blocks)  # text sheets
    sheet7 = raw.pages[6]
    assert [b.text for b in sheet7.blocks if isinstance(b, RawLine)] == [
        "2026年预算单位财务收支预算总表",
        "编制单位：",
        "单位：元",
    ]
    assert len([b for p in raw.pages for b in p.blocks if isinstance(b, RawGrid)]) == 9
    doc = parsed("other/tbx_unit_budget_template.xlsx")
    assert len(doc.standard_tables) == 9 and doc.money_unit == "元"


def test_xlsx_merges_hidden_parts_and_notes(tmp_path):
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "收入"
    ws["A1"] = "收入决算表"
    ws["A1"].font = Font(bold=True, sz=18)
    ws.merge_cells("A1:D1")
    ws["A2"] = "编制单位：某局"
    ws["D2"] = "单位：万元"
    ws["A3"], ws["B3"], ws["D3"] = "项目", "财政拨款", "其他"
    ws.merge_cells("B3:C3")
    ws["A4"], ws["B4"], ws["C4"], ws["D4"] = "合计", 1234.5, 10, 0.1 + 0.2
    for c in ("B4", "C4", "D4"):
        ws[c].number_format = "#,##0.00"
    ws["E3"], ws["E4"] = "辅助列", 999
    ws.column_dimensions["E"].hidden = True
    ws["A5"] = "注：本表金额保留两位小数，合计数存在尾差。"
    ws.merge_cells("A5:D5")
    hidden = wb.create_sheet("草稿")
    hidden["A1"] = "不公开"
    hidden.sheet_state = "hidden"
    f = tmp_path / "t.xlsx"
    wb.save(f)
    raw = read_xlsx(str(f), "x")
    assert len(raw.pages) == 1 and raw.metadata["hidden_sheets"] == "草稿"
    blocks = raw.pages[0].blocks
    assert [b.text for b in blocks if isinstance(b, RawLine)] == [
        "收入决算表", "编制单位：某局", "单位：万元", "注：本表金额保留两位小数，合计数存在尾差。"
    ]  # fmt: skip
    assert blocks[0].bold and blocks[0].size == 18.0
    (g,) = [b for b in blocks if isinstance(b, RawGrid)]
    assert [[c.text for c in r] for r in g.rows] == [
        ["项目", "财政拨款", "财政拨款", "其他"],
        ["合计", "1,234.50", "10.00", "0.30"],
    ]
    assert all(c.page == 1 for r in g.rows for c in r)


def test_corrupt_encrypted_and_empty_xlsx(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(ReadError) as e:
        read_xlsx(str(bad), "x")
    assert e.value.reason == "corrupt" and "损坏" in str(e.value)
    enc = tmp_path / "enc.xlsx"
    enc.write_bytes(OLE)
    with pytest.raises(ReadError) as e:
        read_xlsx(str(enc), "x")
    assert e.value.reason == "encrypted" and "加密" in str(e.value)
    import openpyxl

    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    with pytest.raises(ReadError) as e:
        read_xlsx(str(empty), "x")
    assert e.value.reason == "empty"


def test_amount_exactness_survives_the_round_trip():
    """Every amount of the seed workbook is an exact two-decimal Decimal after parsing."""
    doc = parsed("rendered/seed000_tables.xlsx")
    values = [c.value for t in doc.standard_tables for r in t.rows for c in r.cells if c.value is not None]
    assert len(values) == 1200
    assert all(v == v.quantize(D("0.01")) and v.as_tuple().exponent == -2 for v in values)


def test_docx_rendered_page_breaks_split_paragraphs_and_tables(tmp_path):
    """Word records where it last broke pages (w:lastRenderedPageBreak); those win over explicit breaks."""
    import docx
    from docx.oxml import OxmlElement

    def rendered_break():
        run = OxmlElement("w:r")
        run.append(OxmlElement("w:lastRenderedPageBreak"))
        return run

    d = docx.Document()
    d.add_paragraph("第一页标题")
    p = d.add_paragraph()
    p.add_run("第一页末尾")
    p._p.append(rendered_break())
    p.add_run("第二页开头")
    t = d.add_table(rows=3, cols=2)
    for (r, c), text in {
        (0, 0): "项目",
        (0, 1): "金额",
        (1, 0): "甲",
        (1, 1): "1.00",
        (2, 0): "乙",
        (2, 1): "2.00",
    }.items():
        t.cell(r, c).text = text
    t.cell(2, 0).paragraphs[0]._p.insert(0, rendered_break())
    d.add_paragraph("表后文字")
    f = tmp_path / "r.docx"
    d.save(f)
    raw = read_docx(str(f), "x")
    assert raw.metadata["page_source"] == "rendered"
    assert [(b.page, b.text) for b in _lines(raw)] == [
        (1, "第一页标题"),
        (1, "第一页末尾"),
        (2, "第二页开头"),
        (3, "表后文字"),
    ]
    (g,) = _grids(raw)
    assert g.page == 2
    assert [[(c.text, c.page) for c in r] for r in g.rows] == [
        [("项目", 2), ("金额", 2)],
        [("甲", 2), ("1.00", 2)],
        [("乙", 3), ("2.00", 3)],
    ]


def test_docx_without_text_is_reported_empty(tmp_path):
    import docx

    f = tmp_path / "empty.docx"
    docx.Document().save(f)
    with pytest.raises(ReadError) as e:
        read_docx(str(f), "x")
    assert e.value.reason == "empty" and "没有可读取的文字" in str(e.value)


def test_xlsx_formulas_without_cached_values_are_flagged(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目", "金额"])
    ws.append(["甲", 1.5])
    ws.append(["乙", 2])
    ws.append(["合计", "=SUM(B2:B3)"])  # openpyxl stores the formula without a computed value
    f = tmp_path / "f.xlsx"
    wb.save(f)
    raw = read_xlsx(str(f), "x")
    assert raw.metadata["uncached_formulas"] == "1" and "重新计算" in raw.metadata["warning"]
    (g,) = _grids(raw)
    assert [c.text for c in g.rows[-1]] == ["合计", ""]
    assert "uncached_formulas" not in read_xlsx(str(corpus("rendered/seed000_tables.xlsx")), "x").metadata
