"""The 签字 sheet: reviewer, date, counts by severity and status, the source file and its SHA-256."""

from __future__ import annotations

from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from gouji.io.export.cells import merge, put_cell
from gouji.io.export.columns import naive_local
from gouji.io.export.styles import BOLD, BORDER, HEADER_FILL, page_setup
from gouji.model.document import DocKind, Document
from gouji.model.findings import SEVERITY_LABELS, Finding, Severity
from gouji.model.review import ReviewState, Status


def _tool() -> str:
    try:
        return f"勾稽 Gouji {version('gouji')}"
    except PackageNotFoundError:
        return "勾稽 Gouji"


def _time_str(t: datetime | None) -> str:
    return naive_local(t).strftime("%Y-%m-%d %H:%M") if t else ""


def write_sign(ws: Worksheet, doc: Document, findings: list[Finding], state: ReviewState | None) -> None:
    """签字; review import reads 源文件, SHA-256, 审核人, 签字人 and 签字时间 back from it."""
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 70
    by_status = {s: 0 for s in Status}
    for f in findings:
        a = state.annotations.get(f.id) if state else None
        by_status[a.status if a else Status.PENDING] += 1
    by_sev = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
    kind = {DocKind.BUDGET: "预算公开", DocKind.FINAL: "决算公开"}.get(doc.kind, "未识别")
    rows: list[tuple[str, object]] = [
        ("源文件", Path(doc.path).name),
        ("SHA-256", doc.sha256),
        ("文件类型", kind),
        ("年度", doc.year or ""),
        ("单位", doc.unit_name or ""),
        ("页数", doc.page_count or ""),
        ("问题总数", len(findings)),
    ]
    rows += [(f"严重程度：{SEVERITY_LABELS[s]}", n) for s, n in by_sev.items()]
    rows += [(f"审核状态：{s.value}", n) for s, n in by_status.items()]
    rows += [
        ("审核人", (state.reviewer if state else "") or ""),
        ("签字人", (state.signed_off_by if state else "") or ""),
        ("签字时间", _time_str(state.signed_off_at) if state else ""),
        ("导出时间", datetime.now().strftime("%Y-%m-%d %H:%M")),
        ("生成工具", _tool()),
    ]
    put_cell(ws, 1, 1, "审核签字", font=Font(bold=True, size=14))
    for i, (k, v) in enumerate(rows, 3):
        put_cell(ws, i, 1, k, font=BOLD, border=BORDER, fill=HEADER_FILL)
        put_cell(ws, i, 2, v, border=BORDER, alignment=Alignment(horizontal="left"))
    r = len(rows) + 5
    put_cell(ws, r, 1, "审核意见：", font=BOLD)
    ws.row_dimensions[r + 1].height = 80
    merge(ws, r + 1, 1, r + 1, 2)
    put_cell(ws, r + 3, 1, "审核人（签字）：", font=BOLD)
    put_cell(ws, r + 4, 1, "日期：", font=BOLD)
    page_setup(ws, header_row=None, landscape=False)
