"""The workbooks' look and fixed names: fills, fonts, borders, number formats, print set-up.

Shared by the review workbook's sheets and the batch summary workbook, so that both look alike.
"""

from __future__ import annotations

from typing import Iterable

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from gouji.model.findings import Finding, Severity, worst

CREATOR = "勾稽 Gouji"  # workbook author: marks our own outputs (batch skips them)

# sheet names of the review workbook (review import looks them up)
CHECK_SHEET = "检查表"
LIST_SHEET = "问题清单"
PERF_SHEET = "绩效表"
SIGN_SHEET = "签字"

SEVERITY_FILL = {
    Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"),
    Severity.WARNING: PatternFill("solid", fgColor="FFEB9C"),
    Severity.ROUNDING: PatternFill("solid", fgColor="DDEBF7"),
}
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
OK_FILL = PatternFill("solid", fgColor="C6EFCE")
BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
BOLD = Font(bold=True)


def worst_fill(findings: Iterable[Finding]) -> PatternFill:
    """The fill of the most severe finding (an empty fill for none)."""
    sev = worst(findings)
    return SEVERITY_FILL[sev] if sev is not None else PatternFill()


def page_setup(ws: Worksheet, header_row: int | None, landscape: bool = True) -> None:
    """A4, fitted to the page width, ``header_row`` repeated on every printed page."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"
