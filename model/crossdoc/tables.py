"""Cell-by-cell comparison of one standard table of two (or more) documents.

:func:`compare_sum` compares every cell of a table with the sum of the cells of the same key in
other documents' tables (one other: equality).  When most of the cells of a table differ, the
tables were probably read or defined differently: the run of differences is folded into one
warning (a systematic difference, not a run of errors).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator, Sequence

from gouji.model.crossdoc.compare import (
    CellKey,
    amount_in,
    cell_loc,
    common_unit,
    keyed_cells,
    quantum,
)
from gouji.model.crossdoc.engine import CrossContext
from gouji.model.document import Column, Document, Row, Table
from gouji.model.findings import Finding, Severity
from gouji.model.rules.registry import classify_difference
from gouji.model.rules.wording import fmt

#: at least this many differences, and more than half of the compared cells: folded into one warning
FOLD_AT = 4


@dataclass
class Side:
    """One document's table in a comparison, with a short name for messages ("部门", "2024年")."""

    doc: Document
    table: Table
    name: str
    columns: list[Column] | None = None  # compare only these columns (None: every amount column)


def cell_label(row: Row, col: Column) -> str:
    what = " ".join(x for x in (row.code or "", row.name.strip()) if x) or "（无行名）"
    return f"“{what}”行“{col.label}”列"


def compare_sum(
    ctx: CrossContext,
    main: Side,
    parts: Sequence[Side],
    *,
    severity: Severity,
    formula: str,
    why: str = "",
    pairs: dict[CellKey, CellKey] | None = None,
) -> Iterator[Finding]:
    """Compare every cell of ``main`` with the sum of the same cell of ``parts``.

    ``pairs`` maps a key of ``main`` to the key of the parts' cell when they differ (a prior-year
    column compared with last year's current column); by default the same key.  A difference
    beyond rounding has ``severity``; ``why`` is appended to its message.
    """
    unit = common_unit(main.table, *(p.table for p in parts))
    q = quantum(unit, main.table, *(p.table for p in parts))
    mine = keyed_cells(main.table, main.columns)
    theirs = [keyed_cells(p.table, p.columns) for p in parts]
    found: list[Finding] = []
    compared = 0
    for key, (row, col) in mine.items():
        other_key = pairs.get(key) if pairs is not None else key
        if other_key is None:
            continue
        maybe = [t.get(other_key) for t in theirs]
        cells = [c for c in maybe if c is not None]
        if len(cells) != len(maybe):
            continue
        stated = amount_in(main.table, row, col, unit)
        computed = sum(
            (amount_in(p.table, r, c, unit) for p, (r, c) in zip(parts, cells, strict=True)), Decimal(0)
        )
        sev = classify_difference(stated - computed, len(parts), q)
        compared += 1
        if sev is Severity.ERROR:
            sev = severity
        ctx.compared(sev)
        if sev is None:
            continue
        locs = [cell_loc(main.doc, main.table, row, col)]
        locs += [cell_loc(p.doc, p.table, r, c) for p, (r, c) in zip(parts, cells, strict=True)]
        others = "；".join(
            f"{p.name} {fmt(amount_in(p.table, r, c, unit))}" for p, (r, c) in zip(parts, cells, strict=True)
        )
        found.append(
            ctx.finding(
                f"《{main.table.title}》{cell_label(row, col)}：{main.name} {fmt(stated)}{unit}，"
                f"{others}{unit}，相差 {fmt(stated - computed)}{unit}。{why if sev != Severity.ROUNDING else ''}",
                key=(main.table.std, key),
                severity=sev,
                formula=formula,
                stated=stated,
                computed=computed,
                locations=locs,
            )
        )
    real = [f for f in found if f.severity != Severity.ROUNDING]
    if len(real) >= FOLD_AT and len(real) * 2 > compared:
        yield _folded(ctx, main, parts, real, compared, formula)
        yield from (f for f in found if f.severity == Severity.ROUNDING)
        return
    yield from found


def _folded(
    ctx: CrossContext, main: Side, parts: Sequence[Side], real: list[Finding], compared: int, formula: str
) -> Finding:
    """One warning for a table whose cells mostly differ: read or defined differently."""
    names = "、".join(p.name for p in parts)
    return ctx.finding(
        f"《{main.table.title}》与{names}同名表比对的 {compared} 个单元格中 {len(real)} 个不一致"
        f"（如{real[0].message}）：两表口径或表格识别可能不同，请人工核对。",
        key=(main.table.std, "folded"),
        severity=Severity.WARNING,
        formula=formula,
        stated=real[0].stated,
        computed=real[0].computed,
        locations=real[0].locations,
    )
