"""Cells of continuation grids aligned to the table's columns.

A table printed over several pages arrives as several grids whose widths may
differ (a column lost or added by the extraction, empty columns merged
away).  :func:`align_grid` puts every cell under its column: by position
(the first grid's column centres) when the cells have boxes, else keeping
text cells on the left and amount cells right-aligned.
"""

from __future__ import annotations

import re

from gouji.io.raw import RawCell, RawGrid, lowest_confidence
from gouji.model.numbers import looks_like_amount

__all__ = ["join_text", "align_grid", "trim_empty_tail", "grid_amount_start", "column_centers"]


def join_text(a: str, b: str) -> str:
    """Two pieces of a wrapped text: joined directly, with a space between letters or digits."""
    if not a:
        return b
    if not b:
        return a
    if re.search(r"[A-Za-z0-9]$", a) and re.match(r"^[A-Za-z0-9]", b):
        return a + " " + b
    return a + b


def align_grid(
    grid_rows: list[list[RawCell]], width: int, centers: list[float] | None, amount_start: int | None
) -> list[list[RawCell | None]]:
    """Align the rows of a (continuation) grid to ``width`` columns.

    With cell boxes and the first grid's column centres, cells go to the
    nearest column.  Otherwise a grid of the same width is kept as is; a
    narrower / wider grid keeps its leading text cells on the left and its
    amount cells right-aligned (an extra or lost leading column).
    """
    out: list[list[RawCell | None]] = []
    grid_rows = trim_empty_tail(grid_rows, width)
    for row in grid_rows:
        if len(row) == width:
            out.append(list(row))
            continue
        if centers is not None and row and all(c.bbox is not None for c in row if c.text):
            aligned: list[RawCell | None] = [None] * width
            for c in row:
                if not c.text or c.bbox is None:
                    continue
                cx = (c.bbox[0] + c.bbox[2]) / 2
                j = min(range(width), key=lambda k: abs(centers[k] - cx))
                prev = aligned[j]
                if prev is not None and prev.text:
                    aligned[j] = _joined(prev, c)
                else:
                    aligned[j] = c
            out.append(aligned)
            continue
        w = len(row)
        aligned = [None] * width
        offset = width - w
        start = amount_start if amount_start is not None else w
        for j, c in enumerate(row):
            t = j + offset if j >= start else j
            if 0 <= t < width:
                prev = aligned[t]
                if prev is not None and prev.text and c.text:
                    aligned[t] = _joined(prev, c)
                elif prev is None or not prev.text:
                    aligned[t] = c
        out.append(aligned)
    return out


def _joined(prev: RawCell, c: RawCell) -> RawCell:
    """``c``'s text appended to the cell ``prev`` (its box and page; the lower OCR confidence)."""
    return RawCell(
        join_text(prev.text, c.text), prev.bbox, prev.page, lowest_confidence(prev.confidence, c.confidence)
    )


def trim_empty_tail(rows: list[list[RawCell]], width: int) -> list[list[RawCell]]:
    """Drop trailing columns that are empty in every row, down to ``width`` columns."""
    w = max((len(r) for r in rows), default=0)
    while w > width and all(len(r) < w or not (r[w - 1].text or "").strip() for r in rows):
        w -= 1
    return [r[:w] for r in rows]


def grid_amount_start(rows: list[list[RawCell]]) -> int | None:
    """Index of the first amount column of a grid (the most common first amount position)."""
    counts: dict[int, int] = {}
    for r in rows:
        for j, c in enumerate(r):
            if looks_like_amount(c.text):
                counts[j] = counts.get(j, 0) + 1
                break
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: (kv[1], -kv[0]))[0]


def column_centers(grid: RawGrid, width: int) -> list[float] | None:
    """x centres of a grid's columns (from ``col_x`` or the widest row's cell boxes)."""
    if grid.col_x and len(grid.col_x) == width + 1:
        xs = grid.col_x
        return [(xs[i] + xs[i + 1]) / 2 for i in range(width)]
    for r in grid.rows:
        boxes = [c.bbox for c in r if c.bbox is not None]
        if len(r) == width and len(boxes) == width:
            return [(b[0] + b[2]) / 2 for b in boxes]
    return None
