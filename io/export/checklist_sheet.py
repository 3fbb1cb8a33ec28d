"""The 检查表 sheet: each checklist item, 符合要求 是/否, one line per problem with its picture."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Callable

from openpyxl.drawing.image import Image as XLImage
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gouji.io.export.cells import amount_texts, fmt_amount, merge, put_cell, wrapped_lines
from gouji.io.export.checklist import CheckItem, item_ok
from gouji.io.export.pictures import Pictures
from gouji.io.export.styles import (
    BAD_FILL,
    BOLD,
    BORDER,
    CENTER,
    HEADER_FILL,
    LIST_SHEET,
    OK_FILL,
    SEVERITY_FILL,
    WRAP,
    page_setup,
)
from gouji.model.document import DocKind, Document
from gouji.model.findings import SEVERITY_LABELS, Finding, Severity
from gouji.model.review import ReviewState, Status

MAX_ROWS_PER_ITEM = 60  # problem lines per checklist item; the rest are summarised
IMAGE_DISPLAY_WIDTH = 600  # px shown in the sheet (the PNG itself may be sharper)
IMAGE_MAX_DISPLAY_HEIGHT = 300  # px
HEADERS = [
    ("序号", 6),
    ("检查项目", 26),
    ("检查要求", 30),
    ("符合要求", 9),
    ("问题描述", 56),
    ("页码", 7),
    ("截图", 66),
]


def problem_text(f: Finding, status: Status | None) -> str:
    """A checklist line: severity and message, formula, amounts, the reviewer's status."""
    sev = SEVERITY_LABELS.get(f.severity, str(f.severity))
    lines = [f"【{sev}】{f.message}"]
    if f.formula:
        lines.append("公式：" + f.formula)
    vals = amount_texts(f, ("填报 ", "重算 ", "差额 "))
    if vals:
        lines.append("，".join(vals))
    if status is not None and status != Status.PENDING:
        lines.append("审核状态：" + status.value)
    return "\n".join(lines)


def rounding_line(fs: list[Finding]) -> tuple[str, str, Finding]:
    """One checklist line summing up an item's rounding gaps (each is listed in 问题清单)."""
    labels: list[str] = []
    for f in fs:
        loc = next((x for x in f.locations if x.row_code or x.row_name or x.text), None)
        label = " ".join(p for p in ((loc.row_code, loc.row_name) if loc else ()) if p) or (
            (loc.text or "")[:20] if loc else f.message[:20]
        )
        if f.difference is not None:
            label += f"（{fmt_amount(f.difference)}）"
        if label not in labels:
            labels.append(label)
    more = "等" if len(labels) > 8 else ""
    pages = sorted({f.page for f in fs if f.page})
    text = (
        f"【尾差】{len(fs)} 处，差额在四舍五入范围内（不是错误），详见“{LIST_SHEET}”："
        + "；".join(labels[:8])
        + more
    )
    return text, "、".join(map(str, pages[:6])), fs[0]


def _item_lines(item: CheckItem, state: ReviewState | None) -> list[tuple[str, str, Finding | None]]:
    """(text, pages, finding) per line of an item: its note, its problems, the rounding summary."""
    real = [f for f in item.findings if f.severity != Severity.ROUNDING]
    rounding = [f for f in item.findings if f.severity == Severity.ROUNDING]
    shown = real[:MAX_ROWS_PER_ITEM]
    lines: list[tuple[str, str, Finding | None]] = []
    if item.note:
        lines.append((item.note, "", None))
    for f in shown:
        a = state.annotations.get(f.id) if state else None
        lines.append((problem_text(f, a.status if a else None), str(f.page or ""), f))
    if len(real) > len(shown):
        lines.append((f"另有 {len(real) - len(shown)} 项问题，详见“{LIST_SHEET}”。", "", None))
    if rounding:
        lines.append(rounding_line(rounding))
    if not lines:
        lines.append(("", "", None))
    return lines


def _paste_picture(ws: Worksheet, r: int, png: bytes, w: int, h: int) -> float:
    """Paste a crop beside line ``r``; returns the row height it needs."""
    xl = XLImage(io.BytesIO(png))
    dw = min(IMAGE_DISPLAY_WIDTH, w)
    dh = max(1, int(h * dw / w))
    if dh > IMAGE_MAX_DISPLAY_HEIGHT:
        dw = max(1, int(dw * IMAGE_MAX_DISPLAY_HEIGHT / dh))
        dh = IMAGE_MAX_DISPLAY_HEIGHT
    xl.width, xl.height = dw, dh
    ws.add_image(xl, f"G{r}")
    return dh * 0.75 + 6


def write_checklist(
    ws: Worksheet,
    doc: Document,
    items: list[CheckItem],
    state: ReviewState | None,
    pics: Pictures,
    progress: Callable[[float], None],
) -> None:
    """检查表: pictures go to errors and warnings, in checklist order, while ``pics`` allows."""
    kind = {DocKind.BUDGET: "预算", DocKind.FINAL: "决算"}.get(doc.kind, "")
    title = f"{doc.unit_name or ''} {doc.year or ''}年{kind}公开 检查表".strip()
    put_cell(ws, 1, 1, title, font=Font(bold=True, size=14))
    merge(ws, 1, 1, 1, len(HEADERS))
    files = "；".join(  # a disclosure of several files: each with its pages in the document (页码)
        f"{Path(s.path).name}（第 {s.first_page}–{s.first_page + s.pages - 1} 页）" for s in doc.sources
    )
    put_cell(ws, 2, 1, f"源文件：{files or Path(doc.path).name}    SHA-256：{doc.sha256}")
    merge(ws, 2, 1, 2, len(HEADERS))
    for j, (h, w) in enumerate(HEADERS, 1):
        put_cell(ws, 3, j, h, font=BOLD, fill=HEADER_FILL, alignment=CENTER, border=BORDER)
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = "A4"
    r = 4
    n_items = max(len(items), 1)
    for i, item in enumerate(items, 1):
        progress(i / n_items)
        ok = item_ok(item, state)
        start = r
        for text, page, f in _item_lines(item, state):
            put_cell(ws, r, 5, text, alignment=WRAP, border=BORDER)
            put_cell(ws, r, 6, page, alignment=CENTER, border=BORDER)
            ws.cell(row=r, column=7).border = BORDER
            if f is not None and f.severity in SEVERITY_FILL:
                ws.cell(row=r, column=5).fill = SEVERITY_FILL[f.severity]
            height = max(18.0, 15.0 * wrapped_lines(text, 56) + 4)
            if f is not None and f.severity != Severity.ROUNDING:
                img = pics.crop(f)
                if img is not None:
                    height = max(height, _paste_picture(ws, r, *img))
            ws.row_dimensions[r].height = min(height, 400.0)
            r += 1
        end = r - 1
        # the merged item cells must fit too: grow the block's last row if needed
        need = 15.0 * max(wrapped_lines(item.requirement, 30), wrapped_lines(item.title, 26))
        have = sum(ws.row_dimensions[rr].height or 15.0 for rr in range(start, end + 1))
        if have < need:
            ws.row_dimensions[end].height = min((ws.row_dimensions[end].height or 15.0) + need - have, 400.0)
        values = [
            (1, i, CENTER),
            (2, item.title, WRAP),
            (3, item.requirement, WRAP),
            (4, "是" if ok else "否", CENTER),
        ]
        for col, val, al in values:
            put_cell(ws, start, col, val, alignment=al, border=BORDER)
            for rr in range(start + 1, end + 1):
                ws.cell(row=rr, column=col).border = BORDER
            if end > start:
                merge(ws, start, col, end, col)
        ws.cell(row=start, column=4).fill = OK_FILL if ok else BAD_FILL
    n_bad = sum(1 for it in items if not item_ok(it, state))
    r += 1
    put_cell(
        ws, r, 1, f"共 {len(items)} 项，符合要求 {len(items) - n_bad} 项，不符合 {n_bad} 项。", font=BOLD
    )
    merge(ws, r, 1, r, len(HEADERS))
    page_setup(ws, header_row=3, landscape=True)
