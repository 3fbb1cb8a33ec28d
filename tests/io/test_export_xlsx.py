"""Excel review workbook: structure, pictures, safety, round trip, LibreOffice opens it."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CORPUS, parsed
from openpyxl import load_workbook

from gouji.io.export.cells import MAX_COMMENT_CHARS, safe_sheet_name, safe_text, unsafe_text
from gouji.io.export.checklist import Verdict, build_checklist
from gouji.io.export.checklist_template import template_for
from gouji.io.export.review_import import import_review
from gouji.io.export.save import save_with_fallback
from gouji.io.export.workbook import export_workbook
from gouji.model.document import (
    BBox,
    Cell,
    Column,
    DocKind,
    Document,
    PerfIndicator,
    PerfTable,
    Row,
    Section,
    SectionKind,
    Sentence,
    StdTable,
    Table,
)
from gouji.model.findings import Family, Finding, Location, Severity
from gouji.model.review import Annotation, ReviewState, Status, manual_finding

REPO = Path(__file__).resolve().parents[2]
SAMPLE_PDF = REPO / "resources" / "samples" / "sample_budget.pdf"


def _word_bbox(pdf: Path, needle: str) -> tuple[int, BBox]:
    """Page and bbox of the first word containing ``needle`` in the sample PDF."""
    import pdfplumber

    with pdfplumber.open(pdf) as p:
        for page in p.pages:
            for w in page.extract_words():
                if needle in w["text"]:
                    return page.page_number, BBox(x0=w["x0"], top=w["top"], x1=w["x1"], bottom=w["bottom"])
    raise AssertionError(f"{needle} not in sample")


def make_doc(path: Path = SAMPLE_PDF) -> tuple[Document, list[Finding]]:
    """A hand-built document (a slice of the sample budget) and findings pointing into it."""
    p6, b6 = _word_bbox(path, "30211")
    p_text, b_text = _word_bbox(path, "8.50")
    cols = [
        Column(index=0, label="经济分类科目编码", leaf="经济分类科目编码", role="code"),
        Column(index=1, label="经济分类科目名称", leaf="经济分类科目名称", role="name"),
        Column(index=2, label="合计", leaf="合计"),
        Column(index=3, label="人员经费", leaf="人员经费"),
        Column(index=4, label="公用经费", leaf="公用经费"),
    ]

    def row(i, code, name, total, pers, pub, kind="data", level=None, bbox=None, page=None):
        cells = []
        for j, v in ((2, total), (3, pers), (4, pub)):
            cells.append(Cell(col=j, text=v, value=Decimal(v.replace(",", "")) if v else None, blank=not v))
        return Row(index=i, code=code, name=name, kind=kind, level=level, cells=cells, bbox=bbox, page=page)

    t6 = Table(
        id="T06",
        std=StdTable.B_GPB_BASIC,
        number="表6",
        title="一般公共预算基本支出情况表",
        unit_name="示例市图书馆",
        unit="万元",
        pages=[p6],
        header=[["经济分类科目编码", "经济分类科目名称", "合计", "人员经费", "公用经费"]],
        columns=cols,
        rows=[
            row(0, None, "合计", "940.00", "840.00", "100.00", kind="total"),
            row(1, "302", "商品和服务支出", "100.00", "", "100.00", level=1),
            row(2, "30201", "办公费", "30.00", "", "30.00", level=2),
            row(3, "30211", "差旅费", "12.00", "", "12.00", level=2, bbox=b6.union(None), page=p6),
            row(4, "30228", '=HYPERLINK("x")', "20.00", "", "20.00", level=2),
        ],
    )
    t2 = Table(
        id="T01",
        std=StdTable.B_OVERVIEW,
        title="单位收支总体情况表",
        unit="万元",
        two_sided=True,
        header=[["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"]],
        columns=[
            Column(index=0, label="收入/项目", role="name", side="收入"),
            Column(index=1, label="收入/预算数", side="收入"),
            Column(index=2, label="支出/项目", role="name", side="支出"),
            Column(index=3, label="支出/预算数", side="支出"),
        ],
        rows=[
            Row(
                index=0,
                name="一般公共预算拨款",
                side="收入",
                cells=[Cell(col=1, text="1,180.00", value=Decimal("1180"))],
            ),
            Row(
                index=1,
                name="收入总计",
                side="收入",
                kind="total",
                cells=[Cell(col=1, text="1,240.00", value=Decimal("1240"))],
            ),
            Row(
                index=2,
                name="文化旅游体育与传媒支出",
                side="支出",
                cells=[Cell(col=3, text="1,050.00", value=Decimal("1050"))],
            ),
            Row(
                index=3,
                name="支出总计",
                side="支出",
                kind="total",
                cells=[Cell(col=3, text="1,240.00", value=Decimal("1240"))],
            ),
        ],
    )
    t8 = Table(
        id="T08",
        std=StdTable.B_GOV_FUND,
        title="政府性基金预算支出情况表",
        empty=True,
        empty_note="本单位没有政府性基金预算拨款安排的支出，故本表为空表。",
    )
    perf = Table(
        id="P001",
        std=StdTable.PERF_TARGET_PROJECT,
        title="项目支出绩效目标表",
        perf=PerfTable(
            kind="target",
            scope="project",
            project_name="数字资源建设",
            fields={"年度预算总额": Cell(col=0, text="120.00", value=Decimal("120.00"))},
            indicators=[
                PerfIndicator(
                    level1="产出指标",
                    level2="数量指标",
                    name="采购数据库数量",
                    target=">=6 个",
                    weight=Decimal("30"),
                )
            ],
        ),
    )
    sections = [
        Section(id="S001", kind=SectionKind.COVER, title="封面"),
        Section(id="S002", kind=SectionKind.TOC, title="目录"),
        Section(id="S003", kind=SectionKind.FUNCTIONS, title="一、主要职能", level=2),
        Section(id="S010", kind=SectionKind.EXPLANATION, title="第三部分 2025年单位预算情况说明"),
        Section(id="S011", kind=SectionKind.EXPLANATION, title="十、三公经费说明", level=2, parent="S010"),
    ]
    sentences = [
        Sentence(index=0, text="“三公”经费预算数为8.50万元", section_id="S011", page=p_text, bbox=b_text)
    ]
    doc = Document(
        path=str(path),
        sha256="ab" * 32,
        format="pdf",
        kind=DocKind.BUDGET,
        year=2025,
        unit_name="示例市图书馆",
        page_count=6,
        sections=sections,
        sentences=sentences,
        tables=[t2, t6, t8, perf],
    )
    f1 = Finding(
        id="arith.sum:aaa",
        rule="arith.sum",
        family=Family.ARITHMETIC,
        severity=Severity.ERROR,
        title="类 = Σ 款",
        message="302 商品和服务支出 ≠ 各款之和",
        formula="302 = 30201 + 30211 + 30228",
        stated=Decimal("100.00"),
        computed=Decimal("102.00"),
        difference=Decimal("-2.00"),
        locations=[
            Location(
                table="T06",
                row=3,
                row_code="30211",
                row_name="差旅费",
                column=4,
                column_label="公用经费",
                page=p6,
                bbox=b6,
            )
        ],
    )
    f2 = Finding(
        id="narr.amount:bbb",
        rule="narr.amount",
        family=Family.NARRATIVE,
        severity=Severity.ERROR,
        title="文表一致",
        message="三公经费：说明 8.50 万元，表10 为 8.00 万元",
        stated=Decimal("8.50"),
        computed=Decimal("8.00"),
        difference=Decimal("0.50"),
        locations=[Location(sentence=0, text="“三公”经费预算数为8.50万元", page=p_text, bbox=b_text)],
    )
    f3 = Finding(
        id="arith.sum:ccc",
        rule="arith.sum",
        family=Family.ARITHMETIC,
        severity=Severity.ROUNDING,
        title="类 = Σ 款",
        message="-0.01 尾差",
        difference=Decimal("-0.01"),
        locations=[Location(table="T01", row=1, column=1)],
    )
    f4 = Finding(
        id="complete.missing:ddd",
        rule="complete.missing",
        family=Family.COMPLETENESS,
        severity=Severity.ERROR,
        title="标准表齐全",
        message="缺少“财政拨款“三公”经费支出情况表”",
    )
    return doc, [f1, f2, f3, f4]


@pytest.fixture(scope="module")
def sample() -> tuple[Document, list[Finding]]:
    if not SAMPLE_PDF.exists():
        pytest.skip("sample not generated")
    return make_doc()


def soffice_converts(xlsx: Path, outdir: Path) -> bool:
    """Convert with LibreOffice (own profile); True when a PDF came out.

    A fresh LibreOffice profile sometimes only initialises on its first start
    and exits without converting, so one retry is allowed.
    """
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not installed")
    profile = outdir / "lo-profile"
    pdf = outdir / (xlsx.stem + ".pdf")
    for _ in range(2):
        r = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(xlsx),
            ],
            capture_output=True,
            timeout=240,
        )
        if r.returncode == 0 and pdf.exists() and pdf.stat().st_size > 1000:
            return True
    return False


# --- unit helpers ----------------------------------------------------------
def test_safe_text_prefixes_formula_like_text():
    assert safe_text("=SUM(A1)") == "'=SUM(A1)"
    assert safe_text("+1") == "'+1"
    assert safe_text("-x") == "'-x"
    assert safe_text("@cmd") == "'@cmd"
    assert safe_text("正常文本") == "正常文本"
    assert safe_text("a\x00b\x07c") == "abc"
    assert unsafe_text(safe_text("=1+1")) == "=1+1"


def test_sheet_names_valid_and_unique():
    names: list[str] = []
    for raw in ["T01 a/b:c*d?e[f]g\\h", "X" * 40, "X" * 40, "", "  ", "'quoted'", "O'Brien"]:
        n = safe_sheet_name(raw, names)
        assert 1 <= len(n) <= 31
        assert not any(ch in n for ch in "[]:*?/\\'")
        assert n.lower() not in {x.lower() for x in names}
        names.append(n)


def test_save_with_fallback_when_locked(tmp_path, monkeypatch):
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"old")
    real_replace = os.replace

    def locked(src, dst):
        if Path(dst) == out:
            raise PermissionError(13, "locked by Excel")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    got = save_with_fallback(out, lambda p: p.write_bytes(b"new"))
    assert got != out and got.parent == tmp_path and got.read_bytes() == b"new"
    assert out.read_bytes() == b"old"
    assert not list(tmp_path.glob(".~*"))  # no temp files left behind


# --- the checklist ---------------------------------------------------------
def test_checklist_items_and_mapping(sample):
    doc, findings = sample
    rows = build_checklist(doc, findings, None, template_for(doc))
    by = {r.spec.item: r for r in rows}
    basic = "《单位一般公共预算基本支出情况表》"
    assert {"封面", "目录", "主要职能", "机构设置", "名词解释", basic} <= set(by)
    assert [f.id for f in by["《单位一般公共预算基本支出情况表》"].findings] == ["arith.sum:aaa"]
    assert [f.id for f in by["预算编制说明"].findings] == ["narr.amount:bbb"]
    # the missing table: its completeness finding (quoting the name) lands on its row, unreviewed
    three = next(r for r in rows if StdTable.B_THREE_PUBLIC in r.spec.tables)
    assert "complete.missing:ddd" in [f.id for f in three.findings] and three.verdict == Verdict.MANUAL
    # only a rounding gap → 是
    assert by["《单位收支总体情况表》"].verdict == Verdict.YES
    # not recognised and no rule complained: 待人工核对 with a note, never 是
    org = by["机构设置"]
    assert org.notes and "未识别到" in org.notes[0] and org.verdict == Verdict.MANUAL
    # a reviewer's 不是问题 removes the finding, 已更正 resolves it, 确认问题 makes it 否
    st = ReviewState(sha256=doc.sha256)
    st.annotations["narr.amount:bbb"] = Annotation(finding_id="narr.amount:bbb", status=Status.NOT_A_PROBLEM)
    st.annotations["arith.sum:aaa"] = Annotation(finding_id="arith.sum:aaa", status=Status.CORRECTED)
    by2 = {r.spec.item: r for r in build_checklist(doc, findings, st, template_for(doc))}
    assert by2["预算编制说明"].findings == []
    assert by2["《单位一般公共预算基本支出情况表》"].verdict == Verdict.YES
    st.annotations["arith.sum:aaa"] = Annotation(finding_id="arith.sum:aaa", status=Status.CONFIRMED)
    by3 = {r.spec.item: r for r in build_checklist(doc, findings, st, template_for(doc))}
    assert by3["《单位一般公共预算基本支出情况表》"].verdict == Verdict.NO


# --- the workbook ----------------------------------------------------------
def test_export_structure_and_round_trip(sample, tmp_path):
    doc, findings = sample
    state = ReviewState(sha256=doc.sha256, source_name="sample_budget.pdf", reviewer="张三")
    state.annotations["arith.sum:aaa"] = Annotation(
        finding_id="arith.sum:aaa",
        status=Status.CONFIRMED,
        comment="=请单位更正",
        reviewer="张三",
        time=datetime(2026, 3, 1, 9, 30),
    )
    manual = Finding(
        id="manual:1",
        rule="manual",
        family=Family.MANUAL,
        severity=Severity.WARNING,
        title="审核人添加",
        message="封面单位名称字体不统一",
        locations=[Location(page=1)],
    )
    state.manual_findings.append(manual)
    progress: list[float] = []
    out = export_workbook(
        doc, findings, state, tmp_path / "review.xlsx", images=True, progress=lambda f, m: progress.append(f)
    )
    assert out == tmp_path / "review.xlsx"
    assert progress and progress[-1] == 1.0 and progress == sorted(progress)

    wb = load_workbook(out)
    assert wb.sheetnames[:2] == ["检查表", "问题清单"] and wb.sheetnames[-1] == "签字"
    assert "绩效表" in wb.sheetnames
    assert any(n.startswith("T06") for n in wb.sheetnames)
    for ws in wb.worksheets:
        assert len(ws.title) <= 31 and not any(ch in ws.title for ch in "[]:*?/\\")

    lst = wb["问题清单"]
    header = [c.value for c in lst[1]]
    assert header[:3] == ["序号", "编号", "严重程度"] and "审核状态" in header
    assert lst.auto_filter.ref.startswith("A1:")
    assert lst.freeze_panes == "C2"
    assert lst.page_setup.orientation == "landscape" and lst.print_title_rows == "$1:$1"
    dv = lst.data_validations.dataValidation
    assert dv and "待核实" in dv[0].formula1 and "已更正" in dv[0].formula1
    ids = [lst.cell(row=r, column=2).value for r in range(2, lst.max_row + 1)]
    assert set(ids) == {
        "arith.sum:aaa",
        "narr.amount:bbb",
        "arith.sum:ccc",
        "complete.missing:ddd",
        "manual:1",
    }
    # errors first
    sev = [lst.cell(row=r, column=3).value for r in range(2, lst.max_row + 1)]
    assert sev.index("尾差") > sev.index("错误")
    row_aaa = ids.index("arith.sum:aaa") + 2
    col = {h: i + 1 for i, h in enumerate(header)}
    assert lst.cell(row=row_aaa, column=col["审核意见"]).value == "'=请单位更正"  # injection-safe
    assert lst.cell(row=row_aaa, column=col["差额"]).value == -2

    # the table sheet: numbers, fills and comments on the failing cell
    ws6 = wb[next(n for n in wb.sheetnames if n.startswith("T06"))]
    found = None
    for r in ws6.iter_rows():
        for c in r:
            if c.comment is not None:
                found = c
    assert found is not None and "102" in found.comment.text and "公式" in found.comment.text
    assert found.fill.fgColor.rgb.endswith("FFC7CE")
    assert isinstance(found.value, (int, float)) and found.number_format == "#,##0.00"
    texts = [c.value for r in ws6.iter_rows() for c in r if isinstance(c.value, str)]
    assert '\'=HYPERLINK("x")' in texts and not any(t.startswith("=") for t in texts)
    # two-sided table laid out side by side again
    ws1 = wb[next(n for n in wb.sheetnames if n.startswith("T01"))]
    vals = [[c.value for c in r] for r in ws1.iter_rows(min_row=5, max_row=6)]
    assert vals[0][0] == "一般公共预算拨款" and vals[0][2] == "文化旅游体育与传媒支出"

    # checklist with pictures
    chk = wb["检查表"]
    assert len(chk._images) == 2  # the two located errors (rounding gets none)
    answers = [chk.cell(row=r, column=4).value for r in range(4, chk.max_row + 1)]
    assert "是" in answers and "否" in answers

    sign = wb["签字"]
    kv = {r[0].value: r[1].value for r in sign.iter_rows(min_row=3, max_col=2) if r[0].value}
    assert kv["SHA-256"] == doc.sha256 and kv["审核状态：确认问题"] == 1 and kv["问题总数"] == 5
    assert not sign.protection.sheet  # not signed off yet

    back = import_review(out)
    assert back.sha256 == doc.sha256 and back.reviewer == "张三"
    a = back.annotations["arith.sum:aaa"]
    assert a.status == Status.CONFIRMED and a.comment == "=请单位更正" and a.reviewer == "张三"
    assert a.time == datetime(2026, 3, 1, 9, 30)
    assert "narr.amount:bbb" not in back.annotations  # untouched → not re-imported
    assert [f.message for f in back.manual_findings] == ["封面单位名称字体不统一"]


def test_signed_off_workbook_is_protected(sample, tmp_path):
    doc, findings = sample
    st = ReviewState(
        sha256=doc.sha256, reviewer="李四", signed_off_by="李四", signed_off_at=datetime(2026, 3, 2, 10, 0)
    )
    out = export_workbook(doc, findings, st, tmp_path / "signed.xlsx", images=False)
    wb = load_workbook(out)
    assert all(ws.protection.sheet for ws in wb.worksheets)
    assert len(wb["检查表"]._images) == 0
    back = import_review(out)
    assert back.signed_off_by == "李四" and back.signed_off_at == datetime(2026, 3, 2, 10, 0)


def test_import_rejects_foreign_workbook(tmp_path):
    from openpyxl import Workbook

    p = tmp_path / "x.xlsx"
    Workbook().save(p)
    with pytest.raises(ValueError, match="不是勾稽"):
        import_review(p)


def test_export_opens_in_libreoffice(sample, tmp_path):
    doc, findings = sample
    out = export_workbook(doc, findings, None, tmp_path / "lo.xlsx", images=True)
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
        assert any(n.startswith("xl/media/") for n in z.namelist())
    assert soffice_converts(out, tmp_path)


def test_reviewer_edits_in_excel_are_reimported(sample, tmp_path):
    doc, findings = sample
    out = export_workbook(doc, findings, None, tmp_path / "edit.xlsx", images=False)
    wb = load_workbook(out)
    ws = wb["问题清单"]
    header = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(header)}
    for r in range(2, ws.max_row + 1):
        if ws.cell(row=r, column=col["编号"]).value == "narr.amount:bbb":
            ws.cell(row=r, column=col["审核状态"]).value = "不是问题"
            ws.cell(row=r, column=col["审核意见"]).value = "表10 已按 8.50 更正"
            ws.cell(row=r, column=col["审核人"]).value = "王五"
            ws.cell(row=r, column=col["审核时间"]).value = "2026-03-05 14:20"
        if ws.cell(row=r, column=col["编号"]).value == "arith.sum:aaa":
            ws.cell(row=r, column=col["审核状态"]).value = "乱填"  # not a status → 待核实
    wb.save(out)
    st = import_review(out)
    a = st.annotations["narr.amount:bbb"]
    assert a.status == Status.NOT_A_PROBLEM and a.comment == "表10 已按 8.50 更正" and a.reviewer == "王五"
    assert a.time == datetime(2026, 3, 5, 14, 20)
    # not a status: read as 待核实, the typed words kept in the comment (and reported by read_review_workbook)
    assert st.annotations["arith.sum:aaa"].status == Status.PENDING
    assert "乱填" in st.annotations["arith.sum:aaa"].comment
    # re-export with the imported state: the checklist drops the dismissed finding
    out2 = export_workbook(doc, findings, st, tmp_path / "edit2.xlsx", images=False)
    sign = load_workbook(out2)["签字"]
    kv = {r[0].value: r[1].value for r in sign.iter_rows(min_row=3, max_col=2) if r[0].value}
    assert kv["审核状态：不是问题"] == 1


FINAL_PDFS = sorted(p.name for p in (CORPUS / "final").glob("*.pdf")) if (CORPUS / "final").is_dir() else []


@pytest.mark.slow
@pytest.mark.parametrize("name", FINAL_PDFS)
def test_real_final_accounts_export_and_open(name, tmp_path):
    from gouji.model.rules.registry import run_rules

    doc = parsed(f"final/{name}")
    findings = run_rules(doc)
    out = export_workbook(doc, findings, None, tmp_path / "r.xlsx", images=True)
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "检查表" and wb.sheetnames[-1] == "签字"
    assert len(wb.sheetnames) >= 2 + len([t for t in doc.tables if t.perf is None]) + 1
    for ws in wb.worksheets:
        assert len(ws.title) <= 31 and not any(ch in ws.title for ch in "[]:*?/\\")
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    assert not c.value.startswith(("=", "+", "-", "@")), (ws.title, c.coordinate, c.value)
                if c.comment is not None:
                    assert len(c.comment.text) <= MAX_COMMENT_CHARS
    assert soffice_converts(out, tmp_path)


@pytest.mark.slow
def test_seed000_export_speed(tmp_path):
    import time

    from gouji.model.rules.registry import run_rules

    doc = parsed("rendered/seed000.pdf")
    findings = run_rules(doc)
    t0 = time.perf_counter()
    export_workbook(doc, findings, None, tmp_path / "a.xlsx", images=False)
    plain = time.perf_counter() - t0
    t0 = time.perf_counter()
    out = export_workbook(doc, findings, None, tmp_path / "b.xlsx", images=True)
    pictures = time.perf_counter() - t0
    print(f"seed000 export: {plain:.2f} s without pictures, {pictures:.2f} s with pictures")
    # targets 3 s / 8 s; doubled here so that a busy shared machine does not fail the suite
    assert plain < 6 and pictures < 16
    assert len(load_workbook(out)["检查表"]._images) > 0


def test_render_region_clamps_and_outlines(sample):
    import io as _io

    from PIL import Image

    from gouji.io.readers.render import PageRenderer, render_region

    with PageRenderer(SAMPLE_PDF) as r:
        w, h = r.page_size(1)
        # a box hanging off the page corner is clamped; a tiny box gets the minimum height
        c = r.region(1, BBox(x0=w - 5, top=h - 3, x1=w + 50, bottom=h + 10))
        assert 0 < c.height <= int(48 * r.scale) + 2
        big = r.region(1, BBox(x0=0, top=0, x1=w, bottom=h), max_width_px=500)
        assert big.width == 500 and big.height <= int(260 * r.scale * 500 / (w * r.scale)) + 2
        with pytest.raises(ValueError):
            r.page_image(99)
    page, box = _word_bbox(SAMPLE_PDF, "30211")
    crop = render_region(SAMPLE_PDF, page, box, highlight=[box], colors=None)
    img = Image.open(_io.BytesIO(crop.png)).convert("RGB")
    raw = img.tobytes()
    reds = sum(1 for i in range(0, len(raw), 3) if raw[i] > 180 and raw[i + 1] < 90 and raw[i + 2] < 90)
    assert reds > 50  # the red outline around the cell


def test_time_zone_aware_annotation_times_export(sample, tmp_path):
    """Excel has no time zones: aware annotation / sign-off times are written as local times."""
    from datetime import timezone

    doc, findings = sample
    fid = findings[0].id
    aware = datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc)
    state = ReviewState(sha256=doc.sha256, reviewer="张三", signed_off_by="张三", signed_off_at=aware)
    state.annotations[fid] = Annotation(finding_id=fid, status=Status.CONFIRMED, reviewer="张三", time=aware)
    out = export_workbook(doc, findings, state, tmp_path / "tz.xlsx", images=False)
    back = import_review(out)
    assert back.annotations[fid].status == Status.CONFIRMED
    assert back.annotations[fid].time is not None
    assert back.annotations[fid].time.replace(tzinfo=None) == aware.astimezone().replace(tzinfo=None)


# --- the findings column spec ---------------------------------------------
def test_column_spec_is_consistent(sample):
    from gouji.io.export import columns

    keys = [c.key for c in columns.FINDING_COLUMNS]
    headers = [c.header for c in columns.FINDING_COLUMNS]
    assert len(set(keys)) == len(keys) and len(set(headers)) == len(headers)
    for view, shown in columns.VIEWS.items():
        assert shown and all(k in keys for k, _ in shown), view
    # everything the import reads back is in 问题清单
    review = {k for k, _ in columns.VIEWS["review"]}
    assert {c.key for c in columns.FINDING_COLUMNS if c.read} <= review
    # a sentence and the table cell it disagrees with: flat lists show the cell's row
    narr = sample[1][1]
    f = narr.model_copy(update={"locations": [*narr.locations, Location(table="T01", row=4, row_code="201")]})
    assert columns.anchor_location(f).table == "T01"
    assert columns.column("row").value(f, columns.FindingContext()) == "201"
    rounding = f.model_copy(update={"severity": Severity.ROUNDING, "id": "x:2"})
    assert [g.id for g in columns.list_order([rounding, f])] == [f.id, "x:2"]


def test_column_spec_drives_workbook_batch_and_import(sample, tmp_path, monkeypatch):
    """One added column and one renamed header in the spec reach 问题清单, the batch sheet and the import."""
    from dataclasses import replace

    from gouji.io.export import columns
    from gouji.io.export.summary import document_summary, write_summary

    doc, findings = sample
    extra = columns.FindingColumn("rule_group", "规则组", lambda f, c: f.rule.split(".")[0])
    renamed = replace(columns.column("comment"), header="审核意见（复核）")
    spec = tuple(renamed if c.key == "comment" else c for c in columns.FINDING_COLUMNS) + (extra,)
    monkeypatch.setattr(columns, "FINDING_COLUMNS", spec)
    views = dict(columns.VIEWS)
    views["review"] = (("rule_group", 12), *views["review"])  # every other column moves right
    views["batch"] = (("rule_group", 12), *views["batch"])
    monkeypatch.setattr(columns, "VIEWS", views)

    state = ReviewState(sha256=doc.sha256, reviewer="张三")
    state.annotations["arith.sum:aaa"] = Annotation(
        finding_id="arith.sum:aaa", status=Status.CONFIRMED, comment="请更正", reviewer="张三"
    )
    manual = manual_finding("封面年度有误", Severity.ERROR, Location(page=1))
    state.manual_findings.append(manual.model_copy(update={"stated": Decimal("1.50")}))
    out = export_workbook(doc, findings, state, tmp_path / "r.xlsx", images=False)
    lst = load_workbook(out)["问题清单"]
    header = [c.value for c in lst[1]]
    assert header[0] == "规则组" and len(header) == len(views["review"])
    assert "审核意见（复核）" in header and "审核意见" not in header
    groups = {lst.cell(row=r, column=1).value for r in range(2, lst.max_row + 1)}
    assert groups == {"arith", "narr", "complete", "manual"}

    back = import_review(out)
    assert back.annotations["arith.sum:aaa"].comment == "请更正"
    assert back.annotations["arith.sum:aaa"].status == Status.CONFIRMED
    [manual] = back.manual_findings
    assert manual.message == "封面年度有误" and manual.stated == Decimal("1.50") and manual.page == 1

    summary = write_summary([document_summary(doc, findings)], tmp_path / "s.xlsx")
    sheet = load_workbook(summary).worksheets[1]
    batch_header = [c.value for c in sheet[2]]
    assert (
        batch_header[0] == "规则组" and batch_header[1] == "编号" and len(batch_header) == len(views["batch"])
    )
    assert sheet.cell(row=3, column=1).value in {"arith", "narr", "complete"}
    amount_col = batch_header.index("填报数") + 1
    stated = [sheet.cell(row=r, column=amount_col) for r in range(3, sheet.max_row + 1)]
    assert any(c.value is not None and c.number_format == "#,##0.00##" for c in stated)
