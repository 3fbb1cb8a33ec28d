"""Findings lists as sheets: 问题清单 of the review workbook, and the writer the batch summary's
per-document sheets share with it.  The columns come from :mod:`gouji.io.export.columns`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Sequence

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from gouji.io.export.cells import put_cell, wrapped_lines
from gouji.io.export.columns import (
    PERCENT_FORMAT,
    FindingColumn,
    FindingContext,
    View,
    amount_text,
    is_percent,
    short_table_label,
    view_columns,
)
from gouji.io.export.styles import BOLD, BORDER, CENTER, HEADER_FILL, SEVERITY_FILL, WRAP, page_setup
from gouji.model.document import Table
from gouji.model.findings import Finding, Location
from gouji.model.index import FindingIndex
from gouji.model.review import Annotation, ReviewState, Status

STATUS_VALUES = [s.value for s in Status]
#: 问题清单 columns grouped and hidden (expand with the outline button): kept for import and filters,
#: left out of the printed A4 landscape page
TECHNICAL_COLUMNS = frozenset({"id", "rule", "row", "column", "where", "reviewer", "time"})


def fit_width(values: list[str], width: float, cap: float = 40) -> float:
    """A column width (Excel units) that shows every value in full (never ``###``), at least ``width``."""
    longest = max((sum(2 if ord(ch) > 0x2E7F else 1 for ch in v) for v in values), default=0)
    return max(width, min(cap, longest + 3))


def write_findings(
    ws: Worksheet,
    view: View,
    findings: list[Finding],
    ctx: FindingContext,
    *,
    header_row: int = 1,
    max_height: float | None = None,
    hidden: frozenset[str] = frozenset(),
) -> list[tuple[FindingColumn, int]]:
    """Write the header and one row per finding with the columns of ``view``; returns those columns.

    Amounts and times get their number format, the severity cell its colour; a row is as high as
    its longest ``fit`` text needs (at most ``max_height``).  Frozen panes, a filter and print
    titles cover the list.
    """
    cols = view_columns(view)
    for j, (col, width) in enumerate(cols, 1):
        put_cell(ws, header_row, j, col.header, font=BOLD, fill=HEADER_FILL, alignment=CENTER, border=BORDER)
        ws.column_dimensions[get_column_letter(j)].width = width
    shown: dict[int, list[str]] = {j: [] for j, (col, _) in enumerate(cols, 1) if col.kind == "amount"}
    for i, f in enumerate(findings, header_row + 1):
        lines = 1
        for j, (col, width) in enumerate(cols, 1):
            v = col.value(f, ctx)
            c = put_cell(ws, i, j, v, alignment=WRAP, border=BORDER)
            if col.number_format and v is not None:
                c.number_format = (
                    PERCENT_FORMAT if col.kind == "amount" and is_percent(f) else col.number_format
                )
            if j in shown and v is not None:
                shown[j].append(amount_text(f, v if isinstance(v, Decimal) else None))
            if col.key == "severity" and f.severity in SEVERITY_FILL:
                c.fill = SEVERITY_FILL[f.severity]
            if col.fit and col.key not in hidden:
                lines = max(lines, wrapped_lines(str(v or ""), width))
        height = 15.0 * lines + 3
        ws.row_dimensions[i].height = height if max_height is None else min(max_height, height)
    for j, values in shown.items():  # amounts in full: never "###"
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = fit_width(values, ws.column_dimensions[letter].width)
    for j, (col, _) in enumerate(cols, 1):  # grouped and hidden: out of the printed page
        if col.key in hidden:
            dim = ws.column_dimensions[get_column_letter(j)]
            dim.outlineLevel = 1
            dim.hidden = True
    if hidden:
        ws.sheet_properties.outlinePr.summaryRight = False
    ws.freeze_panes = f"C{header_row + 1}"
    last = header_row + max(1, len(findings))
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(cols))}{last}"
    page_setup(ws, header_row=header_row, landscape=True)
    return cols


class ReviewContext(FindingContext):
    """问题清单's view of a finding: its number, the reviewer's annotation, table and places in words."""

    def __init__(
        self,
        findings: list[Finding],
        state: ReviewState | None,
        idx: FindingIndex,
        tables: Sequence[Table] = (),
    ):
        self._numbers = {id(f): n for n, f in enumerate(findings, 1)}
        self._state = state
        self._idx = idx
        self._labels = {t.id: f"{short_table_label(t.number, t.id)} {t.title}" for t in tables}

    def number(self, f: Finding) -> int | None:
        return self._numbers.get(id(f))

    def annotation(self, f: Finding) -> Annotation | None:
        return self._state.annotations.get(f.id) if self._state else None

    def table_label(self, f: Finding) -> str:
        return self._labels.get(f.table or "") or self._idx.table_title(f.table)

    def where(self, f: Finding) -> str:
        return "\n".join(describe_location(loc, self._idx) for loc in f.locations)

    def anchor(self, f: Finding) -> Location | None:
        # 问题清单 has always shown the row and column of the first location (even a sentence)
        return f.locations[0] if f.locations else None


def describe_location(loc: Location, idx: FindingIndex) -> str:
    """A location in words: table, page, row, column and the quoted text."""
    parts: list[str] = [f"《{Path(loc.document).name}》"] if loc.document else []  # another document's place
    if loc.table:
        parts.append(idx.table_title(loc.table))
    if loc.page:
        parts.append(f"第{loc.page}页")
    if loc.row_code or loc.row_name:
        parts.append("行：" + " ".join(p for p in (loc.row_code, loc.row_name) if p))
    if loc.column_label:
        parts.append("列：" + loc.column_label)
    if loc.text:
        t = loc.text if len(loc.text) <= 80 else loc.text[:79] + "…"
        parts.append("“" + t + "”")
    return " ".join(parts)


def write_list(
    ws: Worksheet,
    findings: list[Finding],
    state: ReviewState | None,
    idx: FindingIndex,
    tables: Sequence[Table] = (),
) -> None:
    """问题清单: every finding (in list order) with the reviewer's status as a drop-down; technical
    columns grouped and hidden, so that the list prints on A4 landscape."""
    ctx = ReviewContext(findings, state, idx, tables)
    cols = write_findings(ws, "review", findings, ctx, max_height=400.0, hidden=TECHNICAL_COLUMNS)
    letter = get_column_letter(next(j for j, (c, _) in enumerate(cols, 1) if c.key == "status"))
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_VALUES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="审核状态",
        error="请从下拉列表中选择：" + "、".join(STATUS_VALUES),
    )
    dv.add(f"{letter}2:{letter}{max(len(findings) + 1, 500)}")
    ws.add_data_validation(dv)
