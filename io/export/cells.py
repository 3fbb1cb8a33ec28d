"""Writing cells safely and quickly: injection-safe text, cached styles, merges, comments, sizes.

Text cells that start with ``= + - @`` are prefixed with ``'`` so that a spreadsheet never
evaluates them (formula injection); :func:`unsafe_text` removes the prefix on import.
"""

from __future__ import annotations

import re
from copy import copy
from datetime import datetime
from decimal import Decimal
from typing import Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from gouji.model.findings import Finding

MAX_CELL_CHARS = 32000
MAX_COMMENT_CHARS = 1500
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def safe_text(value: object) -> str:
    """Cell text: control characters removed, formula-like text prefixed with ``'``."""
    s = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if len(s) > MAX_CELL_CHARS:
        s = s[: MAX_CELL_CHARS - 1] + "…"
    if s[:1] in ("=", "+", "-", "@"):
        s = "'" + s
    return s


def unsafe_text(value: object) -> str:
    """Inverse of :func:`safe_text` for re-import."""
    if value is None:
        return ""
    s = str(value)
    if len(s) >= 2 and s[0] == "'" and s[1] in "=+-@":
        return s[1:]
    return s


def put_cell(ws: Worksheet, row: int, col: int, value: object, **style: object) -> Cell:
    """Write a cell safely: text through :func:`safe_text`, numbers and dates as they are."""
    c = ws.cell(row=row, column=col)
    if value is None or value == "":
        c.value = None
    elif isinstance(value, (int, float, Decimal, datetime)) and not isinstance(value, bool):
        c.value = value
    else:
        c.value = safe_text(value)
        c.data_type = "s"
    if style:
        apply_style(c, **style)
    return c


def apply_style(c: Cell, **style: object) -> None:
    """Set style attributes on a cell, reusing the resolved style of an identical earlier call.

    openpyxl hashes every font / fill / border on each assignment, which
    dominates the export time of big sheets; the resolved ``StyleArray`` is
    cached per workbook, keyed by the identity of the style objects (which the
    cache keeps alive, so identities are never reused).
    """
    wb = c.parent.parent
    cache = wb.__dict__.setdefault("_gouji_style_cache", {})
    key = (tuple(c._style) if c._style is not None else (), *((k, id(v)) for k, v in style.items()))
    hit = cache.get(key)
    if hit is not None:
        c._style = copy(hit[0])
        return
    for k, v in style.items():
        setattr(c, k, v)
    cache[key] = (copy(c._style), tuple(style.values()))


def wrapped_lines(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` (Excel character units) needs for ``text``.

    CJK characters take about two units, others one; a little slack is kept
    because word-wrapping never fills a line completely.
    """
    if not text:
        return 1
    usable = max(width - 3, 4)
    n = 0
    for line in text.splitlines() or [""]:
        units = sum(2.0 if ord(ch) > 0x2E7F else 1.1 for ch in line)
        n += max(1, -int(-units // usable))
    return n


def merge(ws: Worksheet, r1: int, c1: int, r2: int, c2: int) -> None:
    """Merge a range without openpyxl's per-cell re-styling (slow on big sheets).

    The covered cells keep their own borders (set by the caller); only the
    top-left cell may hold a value, as Excel requires.
    """
    if r1 == r2 and c1 == c2:
        return
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            if (r, c) != (r1, c1) and (r, c) in ws._cells:
                ws._cells[(r, c)].value = None
    ws.merged_cells.add(MergedCellRange(ws, f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"))


def safe_sheet_name(name: str, existing: Iterable[str]) -> str:
    """A valid, unique sheet name: ≤ 31 characters, none of ``[]:*?/\\``, not blank."""
    # an apostrophe would need quoting in every reference to the sheet: use ’ instead
    base = SHEET_NAME_BAD.sub("_", ILLEGAL_CHARACTERS_RE.sub("", name)).replace("'", "’").strip() or "Sheet"
    base = base[:31]
    taken = {e.lower() for e in existing}
    cand = base
    n = 2
    while cand.lower() in taken:
        suffix = f"({n})"
        cand = base[: 31 - len(suffix)] + suffix
        n += 1
    return cand


def note(text: str, author: str = "勾稽") -> Comment:
    """A cell comment sized to its text (long texts are cut)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > MAX_COMMENT_CHARS:
        text = text[: MAX_COMMENT_CHARS - 1] + "…"
    c = Comment(text, author)
    lines = sum(1 + len(line) // 28 for line in text.splitlines()) or 1
    c.width = 320
    c.height = min(600, 20 + 16 * lines)
    return c


def fmt_amount(v: Decimal | None) -> str:
    """An amount as text with thousands separators ("1,234.50"; "" for None)."""
    return "" if v is None else f"{v:,}"


def amount_texts(f: Finding, labels: tuple[str, str, str]) -> list[str]:
    """``label + amount`` for each of the stated, recomputed and difference amounts ``f`` has."""
    amounts = (f.stated, f.computed, f.difference)
    return [label + fmt_amount(v) for label, v in zip(labels, amounts, strict=True) if v is not None]
