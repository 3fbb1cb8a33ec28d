"""One sheet per parsed table (amounts as numbers in the table's format), failing cells filled by
severity with a comment giving the formula, the stated and the recomputed value and the difference;
performance tables share one sheet (绩效表)."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gouji.io.export.cells import amount_texts, merge, note, put_cell
from gouji.io.export.columns import AMOUNT_FORMAT, list_order
from gouji.io.export.styles import (
    BOLD,
    BORDER,
    CENTER,
    HEADER_FILL,
    WRAP,
    page_setup,
    worst_fill,
)
from gouji.model.document import Row, Table
from gouji.model.findings import SEVERITY_LABELS, Finding
from gouji.model.index import FindingIndex


def _decimals(text: str) -> int:
    m = re.search(r"\.(\d+)\s*$", text.replace(",", "").strip())
    return min(len(m.group(1)), 4) if m else 0


def number_format(table: Table) -> str:
    """The amounts' format: as many decimals as the table prints (2 for 万元 tables without any)."""
    dec = 0
    for r in table.rows:
        for c in r.cells:
            if c.value is not None:
                dec = max(dec, _decimals(c.text))
    if dec == 0 and table.unit == "万元":
        dec = 2
    return "#,##0" + ("." + "0" * dec if dec else "")


def finding_note(fs: list[Finding]) -> str:
    """The comment on a failing cell: each finding with its formula and amounts."""
    parts = []
    for f in list_order(fs):
        p = [f"[{SEVERITY_LABELS.get(f.severity, f.severity)}] {f.message}"]
        if f.formula:
            p.append("公式：" + f.formula)
        p += amount_texts(f, ("填报数：", "重算数：", "差额："))
        parts.append("\n".join(p))
    return "\n\n".join(parts)


def _mark(c: Cell, fs: list[Finding], *, keep_comment: bool = False) -> None:
    """Fill a cell by its worst finding and explain them all in its comment."""
    c.fill = worst_fill(fs)
    if not keep_comment or c.comment is None:
        c.comment = note(finding_note(fs))


def _note_corrected(c: Cell, original: str) -> None:
    """Say in the cell's comment that a reviewer corrected its value by hand, and what was read."""
    text = f"手工更正：原读作“{original}”，已按更正值核对。"
    c.comment = note(text + ("\n\n" + c.comment.text if c.comment is not None else ""))


def header_merges(header: list[list[str]], width: int) -> list[tuple[int, int, int, int]]:
    """The merged cells of a printed header, as ``(first row, first col, last row, last col)``.

    A header cell spans down over the blank cells below it when nothing else is printed below it
    (“本年收入合计”, “科目名称”); it spans right over the blank cells after it that no cell above
    already covers (“项目” over 类 / 款 / 项 / 科目名称); a run of the same text (merged cells read
    as repeated text) is one cell too.
    """
    rows = [list(h) + [""] * (width - len(h)) for h in header]
    n = len(rows)
    taken = [[False] * width for _ in rows]
    merges: list[tuple[int, int, int, int]] = []
    for r in range(n):
        for c in range(width):
            if rows[r][c].strip() and r + 1 < n and all(not rows[k][c].strip() for k in range(r + 1, n)):
                merges.append((r, c, n - 1, c))
                for k in range(r + 1, n):
                    taken[k][c] = True
    for r in range(n):
        c = 0
        while c < width:
            text = rows[r][c].strip()
            k = c
            if text and not taken[r][c]:
                while k + 1 < width and not taken[r][k + 1] and rows[r][k + 1].strip() in ("", text):
                    k += 1
            if k > c:
                merges.append((r, c, r, k))
            c = k + 1
    return merges


def fit_widths(ws: Worksheet, first_row: int, columns: set[int], minimum: float) -> None:
    """Number columns as wide as their longest formatted value (never ``###``)."""
    for j in columns:
        longest = 0
        for (row,) in ws.iter_rows(min_row=first_row, min_col=j + 1, max_col=j + 1):
            v = row.value
            if isinstance(v, (int, float, Decimal)):
                longest = max(longest, len(f"{v:,.2f}"))
        letter = get_column_letter(j + 1)
        ws.column_dimensions[letter].width = max(
            minimum, ws.column_dimensions[letter].width or 0, longest + 3
        )


def _lines(t: Table) -> list[list[Row]]:
    """The sheet lines of a table: two-sided tables get their 收入 and 支出 rows side by side again."""
    if not t.two_sided:
        return [[r] for r in t.rows]
    sides = [s for s in dict.fromkeys(c.side for c in t.columns if c.side)]
    plain = [r for r in t.rows if r.side not in sides]
    by_side = [[r for r in t.rows if r.side == s] for s in sides]
    lines = [[r] for r in plain if r.kind != "note"]
    # body rows side by side, then the totals (收入总计 | 支出总计) on one line
    for part in (
        [[r for r in x if r.kind != "total"] for x in by_side],
        [[r for r in x if r.kind == "total"] for x in by_side],
    ):
        for k in range(max((len(x) for x in part), default=0)):
            lines.append([x[k] for x in part if k < len(x)])
    lines += [[r] for r in plain if r.kind == "note"]
    return lines


def write_table(ws: Worksheet, t: Table, idx: FindingIndex) -> None:
    """A table sheet: title, info line, header (merged as printed), rows, marked failing cells."""
    fmt = number_format(t)
    width = max(
        len(t.columns),
        max((len(h) for h in t.header), default=0),
        max((c.col + 1 for r in t.rows for c in r.cells), default=0),
        2,
    )
    put_cell(ws, 1, 1, t.title, font=Font(bold=True, size=13), alignment=Alignment(horizontal="center"))
    merge(ws, 1, 1, 1, width)
    info = "  ".join(
        p
        for p in (
            f"编号：{t.id}" + (f"（{t.number}）" if t.number else ""),
            f"编制单位：{t.unit_name}" if t.unit_name else "",
            f"单位：{t.unit}" if t.unit else "",
            "页码：" + "、".join(map(str, t.pages)) if t.pages else "",
        )
        if p
    )
    put_cell(ws, 2, 1, info)
    merge(ws, 2, 1, 2, width)
    r0 = 3
    header = t.header or ([[c.label for c in t.columns]] if t.columns else [])
    for ri, hrow in enumerate(header):
        for j in range(width):
            text = hrow[j] if j < len(hrow) else ""
            put_cell(ws, r0 + ri, j + 1, text, font=BOLD, fill=HEADER_FILL, alignment=CENTER, border=BORDER)
    for ra, a, rb, b in header_merges(header, width):
        merge(ws, r0 + ra, a + 1, r0 + rb, b + 1)
    body = r0 + len(header)
    ws.freeze_panes = ws.cell(row=body, column=1)

    amount_cols = {c.index for c in t.columns if c.role == "amount"} or set(range(width))
    code_cols = {c.side: c.index for c in reversed(t.columns) if c.role == "code"}
    name_cols = {c.side: c.index for c in reversed(t.columns) if c.role == "name"}
    for j in range(width):
        col = next((c for c in t.columns if c.index == j), None)
        w = 10 if col is None else {"code": 11, "name": 30, "text": 24}.get(col.role, 14)
        ws.column_dimensions[get_column_letter(j + 1)].width = w

    # cell findings of each row, by column (row-level findings are in idx.row)
    by_row: dict[int, dict[int, list[Finding]]] = defaultdict(dict)
    for (tid, ri, ci), fs in idx.by_cell.items():
        if tid == t.id:
            by_row[ri][ci] = fs
    lines = _lines(t)
    for li, rows in enumerate(lines):
        er = body + li
        for j in range(width):
            ws.cell(row=er, column=j + 1).border = BORDER
        for row in rows:
            side = row.side
            ccol = code_cols.get(side, code_cols.get(None))
            ncol = name_cols.get(side, name_cols.get(None))
            if ncol is None:
                ncol = 1 if ccol == 0 else 0
            if ccol is not None and row.code and row.cell(ccol) is None:
                put_cell(ws, er, ccol + 1, row.code)
            if row.name and row.cell(ncol) is None:
                c = put_cell(
                    ws, er, ncol + 1, row.name, alignment=Alignment(indent=max(0, (row.level or 1) - 1))
                )
                if row.kind in ("total", "subtotal"):
                    c.font = BOLD
            for cell in row.cells:
                if cell.col >= width:
                    continue
                if cell.value is not None and cell.col in amount_cols:
                    c = put_cell(ws, er, cell.col + 1, cell.value)
                    c.number_format = fmt
                else:
                    text = cell.text
                    if cell.blank and text.strip() and not text.strip().strip("-－—–"):
                        text = "—"  # a printed blank marker ("-", "－"), shown as a dash, not as "'-"
                    c = put_cell(ws, er, cell.col + 1, text)
                    if text.strip():
                        c.alignment = Alignment(horizontal="right" if not cell.blank else "center")
                fs = idx.cell(t.id, row.index, cell.col)
                if fs:
                    _mark(c, fs)
                if cell.corrected_from is not None:
                    _note_corrected(c, cell.corrected_from)
            row_fs = idx.row(t.id, row.index)
            if row_fs:
                _mark(ws.cell(row=er, column=ncol + 1), row_fs, keep_comment=True)
            # findings on a column this row has no cell for: mark that column's cell
            for ci, fs in by_row.get(row.index, {}).items():
                if row.cell(ci) is None:
                    _mark(ws.cell(row=er, column=min(ci, width - 1) + 1), fs, keep_comment=True)
    end = body + len(lines)
    fit_widths(ws, body, amount_cols, 10)
    if t.empty:
        put_cell(ws, end, 1, t.empty_note or "（空表）", alignment=WRAP)
        merge(ws, end, 1, end, width)
        end += 1
    page_setup(ws, header_row=None, landscape=width > 6)
    if header:
        ws.print_title_rows = f"{r0}:{r0 + len(header) - 1}"


def write_perf(ws: Worksheet, tables: list[Table], idx: FindingIndex) -> None:
    """绩效表: every performance table one below the other (fields, funds, indicators, total score)."""
    widths = [16, 16, 34, 20, 20, 10, 10]
    for j, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = w
    r = 1
    for t in tables:
        p = t.perf
        fs = idx.table(t.id)
        title = f"{t.id} {t.title}" + (f"（{p.project_name}）" if p and p.project_name else "")
        c = put_cell(ws, r, 1, title, font=BOLD)
        merge(ws, r, 1, r, len(widths))
        if t.pages:
            put_cell(ws, r + 1, 1, "页码：" + "、".join(map(str, t.pages)))
        if fs:
            _mark(c, fs)
        r += 2
        if p is None:
            r += 1
            continue
        for label, cell in p.fields.items():
            put_cell(ws, r, 1, label, font=BOLD, border=BORDER)
            put_cell(ws, r, 2, cell.value if cell.value is not None else cell.text, border=BORDER)
            if cell.value is not None:
                ws.cell(row=r, column=2).number_format = AMOUNT_FORMAT
            merge(ws, r, 2, r, len(widths))
            r += 1
        for fund in p.funds:
            for j, (label, cell) in enumerate(fund.items()):
                if j * 2 + 2 > 12:
                    break
                put_cell(ws, r, 1 + (j % 3) * 2, label, font=BOLD, border=BORDER)
                put_cell(
                    ws, r, 2 + (j % 3) * 2, cell.value if cell.value is not None else cell.text, border=BORDER
                )
                if j % 3 == 2:
                    r += 1
            r += 1
        if p.indicators:
            for j, h in enumerate(
                ("一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分"), 1
            ):
                put_cell(ws, r, j, h, font=BOLD, fill=HEADER_FILL, alignment=CENTER, border=BORDER)
            r += 1
            # findings that quote an indicator (by name or by its box) mark that line
            by_text: dict[str, list[Finding]] = defaultdict(list)
            for f in fs:
                for loc in f.locations:
                    if loc.table == t.id and loc.text:
                        by_text[loc.text.strip()].append(f)
            for ind in p.indicators:
                for j, v in enumerate(
                    (ind.level1, ind.level2, ind.name, ind.target, ind.actual, ind.weight, ind.score), 1
                ):
                    put_cell(ws, r, j, v, alignment=WRAP, border=BORDER)
                hit = by_text.get(ind.name.strip()) if ind.name else None
                if hit:
                    _mark(ws.cell(row=r, column=3), hit, keep_comment=True)
                r += 1
        if p.total_score is not None:
            put_cell(ws, r, 6, "总分", font=BOLD, border=BORDER)
            put_cell(
                ws,
                r,
                7,
                p.total_score.value if p.total_score.value is not None else p.total_score.text,
                border=BORDER,
            )
            r += 1
        r += 1
    page_setup(ws, header_row=None, landscape=False)
