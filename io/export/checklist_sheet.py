"""The 检查表 sheet, laid out as reviewers hand it in.

Title (“2026年度…单位预算公开情况检查表”, from the template and the document), 单位名称, 公开网址 and
公开日期 (entered by the reviewer, kept in the review), then one block per template row: 序号, 检查类别
(merged over neighbouring rows of one category), 检查项目, 符合要求 (是 / 否 / 待人工核对) and the
problem cell — numbered plain-language items, one per problem (findings of one cause merged), the
reviewer's comment in place of the machine text, a suggestion (“建议…”) where the rule knows the fix —
with each item's screenshot beside it.  Inside a block the problem and screenshot cells have no
inner borders, so that the block prints as one cell per column.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable

from openpyxl.drawing.image import Image as XLImage
from openpyxl.styles import Alignment, Border, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gouji.io.export.cells import merge, put_cell, wrapped_lines
from gouji.io.export.checklist import CheckRow, Verdict, status_of
from gouji.io.export.checklist_template import ChecklistTemplate, suggestion
from gouji.io.export.columns import is_percent
from gouji.io.export.pictures import Pictures
from gouji.io.export.styles import BAD_FILL, BOLD, CENTER, HEADER_FILL, LIST_SHEET, OK_FILL, THIN, page_setup
from gouji.model.document import Document
from gouji.model.findings import Finding, Severity
from gouji.model.grouping import cause_groups
from gouji.model.review import ReviewState, Status

MAX_ITEMS_PER_ROW = 30  # numbered items per checklist row; the rest are counted
IMAGE_MAX_WIDTH = 620  # px shown in the sheet
IMAGE_MAX_HEIGHT = 480  # px (a sheet row is at most 409 points high)
MAX_ROW_HEIGHT = 409.0  # Excel's limit, points
HEADERS = [
    ("序号", 5),
    ("检查类别", 10),
    ("检查项目", 28),
    ("符合要求", 9),
    ("存在问题及整改建议", 58),
    ("截图", 90),
]
PROBLEM_COL, PICTURE_COL = 5, 6
MANUAL_FILL = HEADER_FILL
VERDICT_FILL = {Verdict.YES: OK_FILL, Verdict.NO: BAD_FILL, Verdict.MANUAL: MANUAL_FILL}
LEFT = Alignment(wrap_text=True, vertical="top")
_UNIT_RE = re.compile(r"\d\s*(万元|元)")  # the unit of a message's amounts
#: the header lines the reviewer fills in (review import reads them back)
URL_LINE, DATE_LINE = "公开网址：", "公开日期："


@dataclass
class Problem:
    """One numbered item of a problem cell: its text and the finding whose picture goes beside it."""

    text: str
    finding: Finding | None
    pending: bool = False  # none of its findings has been reviewed yet


def _fmt(v: Decimal) -> str:
    return f"{v:,}"


def computed_text(f: Finding) -> str:
    """The recomputed value as the message prints it (with its unit or %), "" when there is none."""
    if f.computed is None:
        return ""
    if is_percent(f):
        return f"{_fmt(f.computed)}%"
    m = re.search(re.escape(_fmt(f.computed)) + r"\s*(万元|元)", f.message) or _UNIT_RE.search(f.message)
    return _fmt(f.computed) + (m.group(1) if m else "")


def problems(row: CheckRow, state: ReviewState | None) -> list[Problem]:
    """The numbered items of a row's problem cell, one per cause (:func:`cause_groups`; rounding gaps
    are left to 问题清单)."""
    out: list[Problem] = []
    for group in cause_groups([f for f in row.findings if f.severity != Severity.ROUNDING]):
        fs = group.findings
        first = fs[0]
        comment = next(
            (
                a.comment.strip()
                for f in fs
                if state and (a := state.annotations.get(f.id)) and a.comment.strip()
            ),
            "",
        )
        text = comment or first.message.rstrip("。") + "。"
        if len(fs) > 1 and not comment:
            text += f"同一差额共影响 {len(fs)} 处（详见“{LIST_SHEET}”）。"
        pages = sorted({f.page for f in fs if f.page})
        if pages and not comment:
            text += "（第 " + "、".join(map(str, pages[:5])) + (" 等" if len(pages) > 5 else "") + " 页）"
        tip = suggestion(first, computed_text(first)) if "建议" not in comment else ""
        pending = all(status_of(f, state) == Status.PENDING for f in fs)
        out.append(Problem(text + tip, first, pending))
    return out


def _lines(row: CheckRow, state: ReviewState | None) -> list[Problem]:
    """The lines of a row's problem cell: notes (what to check by hand), then the numbered items."""
    items = problems(row, state)
    shown = items[:MAX_ITEMS_PER_ROW]
    lines = [Problem(n, None) for n in row.notes]
    if row.spec.manual and not row.notes and not items:
        lines.append(Problem("请人工核对。", None))
    all_pending = bool(items) and all(p.pending for p in items)
    if all_pending:
        lines.append(Problem("（下列问题尚待审核人核实）", None))
    for i, p in enumerate(shown, 1):  # beside confirmed ones, an unreviewed item says so itself
        mark = "（待核实）" if p.pending and not all_pending else ""
        lines.append(Problem(f"{i}. {p.text}{mark}", p.finding))
    if len(items) > len(shown):
        lines.append(Problem(f"另有 {len(items) - len(shown)} 项问题，详见“{LIST_SHEET}”。", None))
    return lines or [Problem("", None)]


def _paste_picture(ws: Worksheet, r: int, png: bytes, w: int, h: int) -> float:
    """Paste a picture beside line ``r`` at its own size (at most the column); returns the height it needs."""
    xl = XLImage(io.BytesIO(png))
    dw = min(IMAGE_MAX_WIDTH, w)
    dh = max(1, int(h * dw / w))
    if dh > IMAGE_MAX_HEIGHT:
        dw = max(1, int(dw * IMAGE_MAX_HEIGHT / dh))
        dh = IMAGE_MAX_HEIGHT
    xl.width, xl.height = dw, dh
    ws.add_image(xl, f"{get_column_letter(PICTURE_COL)}{r}")
    return dh * 0.75 + 8


def _block_borders(ws: Worksheet, start: int, end: int) -> None:
    """Outer borders of a block: every column boxed, no inner lines in the problem and picture columns."""
    for r in range(start, end + 1):
        for c in range(1, len(HEADERS) + 1):
            inner = c in (PROBLEM_COL, PICTURE_COL)
            ws.cell(row=r, column=c).border = Border(
                left=THIN,
                right=THIN,
                top=THIN if (r == start or not inner) else None,
                bottom=THIN if (r == end or not inner) else None,
            )


def _header(ws: Worksheet, doc: Document, template: ChecklistTemplate, state: ReviewState | None) -> int:
    """Title and the 单位名称 / 公开网址 / 公开日期 lines; returns the row of the column headers."""
    n = len(HEADERS)
    put_cell(ws, 1, 1, template.title_for(doc), font=Font(bold=True, size=16), alignment=CENTER)
    merge(ws, 1, 1, 1, n)
    ws.row_dimensions[1].height = 30
    unit = doc.unit_name or next((t.unit_name for t in doc.tables if t.unit_name), "") or ""
    lines = [
        f"单位名称：{unit}",
        URL_LINE + (state.public_url if state else ""),
        DATE_LINE + (state.public_date if state else ""),
    ]
    for i, text in enumerate(lines, 2):
        put_cell(ws, i, 1, text, font=Font(size=12), alignment=Alignment(vertical="center"))
        merge(ws, i, 1, i, n)
        ws.row_dimensions[i].height = 20
    head = len(lines) + 2
    for j, (h, w) in enumerate(HEADERS, 1):
        put_cell(ws, head, j, h, font=BOLD, fill=HEADER_FILL, alignment=CENTER)
        ws.column_dimensions[get_column_letter(j)].width = w
    _block_borders(ws, head, head)
    return head


def write_checklist(
    ws: Worksheet,
    doc: Document,
    template: ChecklistTemplate,
    rows: list[CheckRow],
    state: ReviewState | None,
    pics: Pictures,
    progress: Callable[[float], None],
) -> None:
    """检查表: one block per template row, pictures beside their items while ``pics`` allows."""
    head = _header(ws, doc, template, state)
    ws.freeze_panes = f"A{head + 1}"
    r = head + 1
    group_start: tuple[str, int] | None = None
    for i, row in enumerate(rows, 1):
        progress(i / max(len(rows), 1))
        start = r
        for line in _lines(row, state):
            put_cell(ws, r, PROBLEM_COL, line.text, alignment=LEFT)
            height = max(20.0, 15.0 * wrapped_lines(line.text, HEADERS[PROBLEM_COL - 1][1]) + 5)
            if line.finding is not None:
                img = pics.crop(line.finding)
                if img is not None:
                    height = max(height, _paste_picture(ws, r, *img))
            ws.row_dimensions[r].height = min(height, MAX_ROW_HEIGHT)
            r += 1
        end = r - 1
        need = 15.0 * max(wrapped_lines(row.spec.item, HEADERS[2][1]), 1) + 5
        have = sum(ws.row_dimensions[x].height or 15.0 for x in range(start, end + 1))
        if have < need:
            ws.row_dimensions[end].height = min(
                (ws.row_dimensions[end].height or 15.0) + need - have, MAX_ROW_HEIGHT
            )
        _block_borders(ws, start, end)
        for col, val, al in (
            (1, i, CENTER),
            (2, row.spec.group, CENTER),
            (3, row.spec.item, Alignment(wrap_text=True, vertical="center")),
            (4, row.verdict.value, CENTER),
        ):
            put_cell(ws, start, col, val, alignment=al)
            merge(ws, start, col, end, col)
        ws.cell(row=start, column=4).fill = VERDICT_FILL[row.verdict]
        # 检查类别: one cell over neighbouring rows of the same category
        if group_start is not None and group_start[0] == row.spec.group:
            ws.cell(row=start, column=2).value = None
            _merge_group(ws, group_start[1], end)
        else:
            group_start = (row.spec.group, start)
    counts = {v: sum(1 for x in rows if x.verdict == v) for v in Verdict}
    r += 1
    summary = "共 {} 项：符合要求 {} 项，不符合 {} 项，待人工核对 {} 项。".format(
        len(rows), counts[Verdict.YES], counts[Verdict.NO], counts[Verdict.MANUAL]
    )
    put_cell(ws, r, 1, summary, font=BOLD)
    merge(ws, r, 1, r, len(HEADERS))
    put_cell(ws, r + 2, 1, f"检查人：{state.reviewer if state else ''}", font=BOLD)
    merge(ws, r + 2, 1, r + 2, 3)
    files = "；".join(  # a disclosure of several files: each with its pages in the document (页码)
        f"{Path(s.path).name}（第 {s.first_page}–{s.first_page + s.pages - 1} 页）" for s in doc.sources
    )
    put_cell(ws, r + 3, 1, f"源文件：{files or Path(doc.path).name}", font=Font(size=9, color="666666"))
    merge(ws, r + 3, 1, r + 3, len(HEADERS))
    page_setup(ws, header_row=head, landscape=True)
    ws.print_area = f"A1:{get_column_letter(len(HEADERS))}{r + 3}"


def _merge_group(ws: Worksheet, start: int, end: int) -> None:
    """Merge the 检查类别 cells ``start..end`` (replacing a smaller merge begun at ``start``)."""
    for rng in list(ws.merged_cells.ranges):
        if rng.min_col == 2 and rng.max_col == 2 and start <= rng.min_row <= end:
            ws.merged_cells.remove(rng)
    merge(ws, start, 2, end, 2)
