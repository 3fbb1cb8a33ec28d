"""The 检查表 of a real unit budget and a real final account, as handed in: title, header lines, the
template's rows in order, 是 / 否 / 待人工核对 from the review; rendered with LibreOffice to
test-artifacts/checklist_*.png for a look."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import parsed
from openpyxl import load_workbook

from gouji.io.export.checklist_template import template_for
from gouji.io.export.workbook import export_workbook
from gouji.model.review import Annotation, ReviewState, Status
from gouji.model.rules.registry import run_rules

pytestmark = pytest.mark.slow

CASES = {
    # a 单位 budget: its two 合计 errors share one gap (388.25万元) → one numbered item
    "budget": ("budget/sz_zrzy_2026_unit_budget.pdf", "2026年度苏州市自然资源和规划局单位预算公开情况检查表"),
    # a 部门 final account: nine national tables, 决算 wording
    "final": ("final/putuo_czj_2024_final.pdf", "2024年度上海市普陀区财政局部门决算公开情况检查表"),
}


def _render(xlsx: Path, png: Path) -> None:
    """First page of the workbook (the 检查表) as PNG, through LibreOffice and pdftoppm."""
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        pytest.skip("LibreOffice or pdftoppm not installed")
    out = xlsx.parent
    profile = out / "lo-profile"
    for _ in range(2):  # a fresh profile sometimes only initialises on the first start
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf"]
            + ["--outdir", str(out), str(xlsx)],
            capture_output=True,
            timeout=240,
        )
        if xlsx.with_suffix(".pdf").exists():
            break
    pdf = xlsx.with_suffix(".pdf")
    assert pdf.exists()
    subprocess.run(
        [
            pdftoppm,
            "-r",
            "110",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(png.with_suffix("")),
        ]
    )
    assert png.exists()


@pytest.mark.parametrize("case", sorted(CASES))
def test_real_checklist_as_handed_in(case, tmp_path, artifacts):
    rel, title = CASES[case]
    doc = parsed(rel)
    findings = run_rules(doc)
    state = ReviewState(
        sha256=doc.sha256,
        reviewer="张三",
        public_url="https://www.example.gov.cn/yjsgk/",
        public_date="2026-02-10",
    )
    errors = [f for f in findings if f.severity == "error"]
    assert errors
    # the reviewer confirms the first error in own words and leaves the others to check
    state.annotations[errors[0].id] = Annotation(
        finding_id=errors[0].id,
        status=Status.CONFIRMED,
        comment="经核实，" + errors[0].message[:40] + "。建议单位更正。",
    )
    xlsx = export_workbook(doc, findings, state, tmp_path / f"checklist_{case}.xlsx", images=True)
    ws = load_workbook(xlsx)["检查表"]
    assert ws["A1"].value == title
    assert ws["A2"].value == f"单位名称：{doc.unit_name}"
    assert (
        ws["A3"].value == "公开网址：https://www.example.gov.cn/yjsgk/"
        and ws["A4"].value == "公开日期：2026-02-10"
    )
    template = template_for(doc)
    items = [
        ws.cell(row=r, column=3).value for r in range(6, ws.max_row + 1) if ws.cell(row=r, column=3).value
    ]
    assert items == [r.item for r in template.rows]
    verdicts = [
        ws.cell(row=r, column=4).value for r in range(6, ws.max_row + 1) if ws.cell(row=r, column=3).value
    ]
    assert verdicts[0] == "待人工核对"  # 及时性: never checked by the tool
    assert "否" in verdicts and "是" in verdicts
    for r in range(6, ws.max_row + 1):  # never 是 beside 未识别到…
        if "未识别到" in str(ws.cell(row=r, column=5).value or ""):
            assert ws.cell(row=r, column=4).value != "是"
    problems = [str(ws.cell(row=r, column=5).value or "") for r in range(6, ws.max_row + 1)]
    assert any(p.startswith("1. 经核实，") for p in problems)  # the reviewer's words, numbered
    assert len(ws._images) >= 1
    _render(xlsx, artifacts / f"checklist_{case}.png")
