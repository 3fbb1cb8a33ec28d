"""Flat performance tables → grid rows.

The seed text of final accounts prints a performance table one cell per line;
:func:`logical_rows` turns any table's rows into grid rows with clean text,
regrouping such flat sequences first (:func:`regroup_flat`): by the blank
lines between grid rows when the reader kept them, else by cutting the cell
stream to the width of each header row (funds, goals, indicators).
"""

from __future__ import annotations

from typing import Callable

from gouji.io.assemble.perf_cells import clean_text, label_key
from gouji.io.assemble.perf_labels import (
    FUND_COLUMNS,
    GOAL_LABELS,
    MONEY_LABELS,
    TEXT_LABELS,
    ZONE_LABELS,
    header_role,
    is_stop_title,
)
from gouji.io.raw import RawCell


def regroup_flat(rows: list[list[RawCell]]) -> list[list[RawCell]]:
    """Rebuild grid rows from a flat one-cell-per-row sequence.

    Empty rows (``[]``) separate grid rows when the reader kept the blank
    lines.  Without separators, header rows are recognised by their labels and
    the data rows under them are cut to the header's width.
    """
    if any(len(r) == 0 for r in rows):
        out: list[list[RawCell]] = []
        cur: list[RawCell] = []
        for r in rows:
            if not r:
                if cur:
                    out.append(cur)
                cur = []
            else:
                cur.extend(r)
        if cur:
            out.append(cur)
        return out
    cells = [r[0] for r in rows if r]
    return _regroup_stream(cells)


def _regroup_stream(cells: list[RawCell]) -> list[list[RawCell]]:
    """Cut a stream of cells into rows using the header labels (no separators)."""
    keys = [label_key(clean_text(c.text)) for c in cells]
    out: list[list[RawCell]] = []
    i, n = 0, len(cells)

    def header_end(start: int, vocab: Callable[[str], bool]) -> int:
        j = start
        while j < n and (vocab(keys[j]) or keys[j] in ZONE_LABELS):
            j += 1
        return j

    def is_stop(k: str) -> bool:
        return k in TEXT_LABELS or k in ("年度总体目标", "一级指标", "总分") or is_stop_title(k)

    while i < n:
        k = keys[i]
        # funds header: zone label, optional blank / 资金来源, column labels
        if k in ("项目资金", "部门资金", "单位资金") or (k in FUND_COLUMNS and k not in ("分值", "得分")):
            end = i + 1 if k in ZONE_LABELS else i
            while end < n and (keys[end] == "" or keys[end] in ZONE_LABELS) and k in ZONE_LABELS:
                end += 1
            while end < n and keys[end] in FUND_COLUMNS:
                end += 1
            width = end - i
            out.append(cells[i:end])
            i = end
            while i + width <= n and not any(is_stop(x) for x in keys[i : i + width]):
                out.append(cells[i : i + width])
                i += width
            continue
        if k == "年度总体目标":
            end = header_end(i, lambda x: x in GOAL_LABELS)
            width = end - i
            out.append(cells[i:end])
            i = end
            if i + width <= n:
                out.append(cells[i : i + width])
                i += width
            continue
        if k == "一级指标":
            lead = 1 if out and out[-1] and keys[i - 1] == "" and len(out[-1]) == 1 else 0
            if lead:
                out.pop()
            end = i
            while end < n and keys[end] and header_role(keys[end]) is not None:
                end += 1
            width = end - i + lead
            out.append(cells[i - lead : end])
            i = end
            while i < n and keys[i] != "总分" and not is_stop_title(keys[i]):
                out.append(cells[i : i + width])
                i += width
            continue
        if k == "总分":
            j = i + 1
            while j < n and not is_stop_title(keys[j]) and keys[j] not in TEXT_LABELS:
                j += 1
            out.append(cells[i:j])
            i = j
            continue
        if k in TEXT_LABELS or k in MONEY_LABELS:
            out.append(cells[i : i + 2])
            i += 2
            continue
        out.append([cells[i]])
        i += 1
    return out


def logical_rows(rows: list[list[RawCell]]) -> list[list[RawCell]]:
    """Grid rows with cleaned text; flat one-cell sequences regrouped first."""
    flat = len(rows) > 3 and all(len(r) <= 1 for r in rows)
    grid = regroup_flat(rows) if flat else [r for r in rows if r]
    out = []
    for r in grid:
        cells = [RawCell(clean_text(c.text), c.bbox, c.page, c.confidence) for c in r]
        out.append(cells)
    return out
