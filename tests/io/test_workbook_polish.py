"""Workbook polish: header cells merged as printed, number columns wide enough (never ``###``),
问题清单 printable on A4 landscape with the technical columns grouped out of the page, rates as %."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from rulefixtures import doc, table

from gouji.io.export.columns import PERCENT_FORMAT, column, is_percent, short_table_label
from gouji.io.export.findings_sheet import TECHNICAL_COLUMNS
from gouji.io.export.tables_sheet import header_merges
from gouji.io.export.workbook import export_workbook
from gouji.model.document import BBox, StdTable
from gouji.model.findings import Family, Finding, Location, Severity


def test_header_cells_merge_as_printed():
    final_income = [
        ["项目", "", "", "", "本年收入合计", "财政拨款收入"],
        ["支出功能分类", "", "", "科目名称", "", ""],
        ["科目编码", "", "", "", "", ""],
        ["类", "款", "项", "", "", ""],
    ]
    assert sorted(header_merges(final_income, 6)) == [
        (0, 0, 0, 3),  # 项目 over 类 / 款 / 项 / 科目名称
        (0, 4, 3, 4),  # 本年收入合计 down to the last header row
        (0, 5, 3, 5),
        (1, 0, 1, 2),  # 支出功能分类 over the code columns, not over 科目名称
        (1, 3, 3, 3),  # 科目名称 down
        (2, 0, 2, 2),
    ]
    assert header_merges([["收入", "", "支出", ""], ["项目", "决算数", "项目", "决算数"]], 4) == [
        (0, 0, 0, 1),
        (0, 2, 0, 3),
    ]
    # merged cells read as repeated text are one cell too; one header row never merges down
    assert header_merges([["财政拨款", "财政拨款", "其他"]], 3) == [(0, 0, 0, 1)]


def test_short_table_labels_and_rates():
    assert [short_table_label(n, "T09") for n in ("公开01表", "表3", "表一", "3-1", None)] == [
        "表1",
        "表3",
        "表一",
        "表3-1",
        "表9",
    ]
    assert short_table_label(None, "P012") == "绩效表12"
    rate = Finding(
        id="r", rule="rate.share", family=Family.RATES, severity=Severity.ERROR, title="t", message="m"
    )
    assert is_percent(rate.model_copy(update={"formula": "占比 = 部分 ÷ 总额 × 100%"}))
    assert is_percent(rate.model_copy(update={"formula": "执行率 = 全年执行数 ÷ 全年预算数"}))
    assert not is_percent(rate.model_copy(update={"formula": "合计 = 基本支出 + 项目支出"}))


def _finding(rule: str, title: str, formula: str, amounts: tuple[str, str, str], locations) -> Finding:
    stated, computed, difference = (Decimal(a) for a in amounts)
    fam = Family.RATES if rule.startswith("rate.") else Family.ARITHMETIC
    return Finding(
        **{"id": rule + ":1", "rule": rule, "family": fam, "severity": Severity.ERROR, "title": title},
        message=title,
        formula=formula,
        **{"stated": stated, "computed": computed, "difference": difference},
        locations=locations,
    )


def test_findings_list_prints_on_a4_landscape_with_amounts_in_full(tmp_path):
    t = table(
        StdTable.B_INCOME,
        "收入总体情况表",
        ["合计", "财政拨款"],
        [
            ("", "合计", "154,369,326.00", "154,369,326.00"),
            ("201", "一般公共服务支出", "154,369,327.00", "1.00"),
        ],
    ).model_copy(update={"header": [["科目编码", "科目名称", "合计", "财政拨款"]]})
    d = doc(t, year=2026).model_copy(update={"path": str(tmp_path / "x.txt")})
    big = _finding(
        "arith.total_classes",
        "合计行等于各类之和",
        "",
        ("154369326.00", "154369327.00", "-1.00"),
        [Location(table="T01", row=0, column=2, page=1)],
    )
    rate = _finding(
        "rate.share", "占比与金额一致", "占比 = 部分 ÷ 总额 × 100%", ("71.73", "71.65", "0.08"), []
    )
    wb = load_workbook(export_workbook(d, [big, rate], None, tmp_path / "r.xlsx", images=False))
    ws = wb["问题清单"]
    header = {c.value: c.column for c in ws[1]}
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    for key in TECHNICAL_COLUMNS:
        dim = ws.column_dimensions[get_column_letter(header[column(key).header])]
        assert dim.hidden and dim.outlineLevel == 1, key
    for key in ("message", "stated", "computed", "status", "comment"):
        assert not ws.column_dimensions[get_column_letter(header[column(key).header])].hidden
    stated = header["填报数"]
    assert ws.column_dimensions[get_column_letter(stated)].width >= len("154,369,326.00") + 2
    rows = {ws.cell(row=r, column=header["规则名称"]).value: r for r in range(2, ws.max_row + 1)}
    assert ws.cell(row=rows["占比与金额一致"], column=stated).number_format == PERCENT_FORMAT
    assert ws.cell(row=rows["合计行等于各类之和"], column=stated).number_format != PERCENT_FORMAT
    assert ws.cell(row=rows["合计行等于各类之和"], column=header["表格"]).value == "表1 收入总体情况表"
    # the table sheet: amounts in full
    ts = wb[next(n for n in wb.sheetnames if n.startswith("T01"))]
    assert ts.column_dimensions["C"].width >= len("154,369,327") + 2


def test_pictures_show_the_header_band_and_the_columns_that_matter():
    from PIL import Image

    from gouji.io.export.pictures import GAP, TableGeometry, compose, layout, table_extents
    from gouji.model.index import FindingIndex

    cols = [f"列{i}" for i in range(6)]  # a landscape table too wide to show whole at reading size
    rows = [(f"20{i}", f"科目{i}", *(["1.00"] * 6)) for i in range(8)]
    t = table(
        StdTable.B_EXPENSE,
        "支出总体情况表",
        cols,
        rows,
        page=1,
        top=100,
        col_x=[40, 100, 220, 320, 420, 520, 620, 720, 800],
    )
    d = doc(t)
    cell = t.rows[5].cell(6)  # 列4, x 620–720, rows from y = 120 (header band 100–120)
    f = _finding(
        "arith.hierarchy",
        "类款项逐级加总",
        "",
        ("1", "2", "-1"),
        [Location(table="T01", row=5, column=6, page=1, bbox=cell.bbox)],
    )
    lay = layout(f, FindingIndex(d, [f]), table_extents(d), TableGeometry(d))
    assert lay is not None and lay.page == 1
    assert lay.bands == ((97.0, 120.0), (214.0, 246.0))  # header band (below the title), then the row
    assert lay.spans == ((34.0, 232.0), (578.0, 762.0))  # code + name, then the cell's column
    img = compose(Image.new("RGB", (1700, 1200), "white"), 2.0, lay)
    assert img.size == ((232 - 34) * 2 + (762 - 578) * 2 + GAP, (120 - 97) * 2 + (246 - 214) * 2 + GAP)
    # a text finding: its lines only
    text = _finding(
        "text.truncated",
        "句子不完整",
        "",
        ("0", "0", "0"),
        [Location(sentence=0, page=2, bbox=BBox(x0=72, top=300, x1=520, bottom=330))],
    )
    lay = layout(text, FindingIndex(d, [text]), table_extents(d), TableGeometry(d))
    assert lay is not None and lay.bands == ((297.0, 333.0),) and lay.spans == ((66.0, 526.0),)
