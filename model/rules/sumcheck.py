"""Checking ``total = Σ parts`` on table cells, and wording the gap.

Shared by the intra-table arithmetic rules (``arith.*``): :class:`TableSums` checks one
relation and builds its finding; :func:`gap_message` words "列示 …，计算 …，差额 …" in the
table's unit, with the rounding note when the gap is one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Iterator, Sequence

from gouji.model.document import Column, Document, Row, Table
from gouji.model.findings import Finding, Location, Severity, Term, cell_location
from gouji.model.rules.registry import RuleContext, classify_difference
from gouji.model.rules.selectors import ZERO, amt, col_label, has_value, row_label, table_quantum, table_unit
from gouji.model.rules.wording import fmt


def diff_message(stated: Decimal, computed: Decimal, unit: str | None) -> str:
    u = unit or ""
    return (
        f"列示 {fmt(stated, exact=True)}{u}，计算 {fmt(computed, exact=True)}{u}，"
        f"差额 {fmt(stated - computed, exact=True)}{u}"
    )


def severity_word(sev: Severity | None) -> str:
    return "（尾差，可由加数四舍五入解释）" if sev == Severity.ROUNDING else ""


def gap_message(stated: Decimal, computed: Decimal, t: Table, doc: Document, sev: Severity | None) -> str:
    """ "列示 …，计算 …，差额 …" in the table's unit, with the rounding note when it applies."""
    return diff_message(stated, computed, table_unit(t, doc)) + severity_word(sev)


def sum_gap(
    total: tuple[Row, Column], parts: Sequence[tuple[Row, Column]], quantum: Decimal
) -> tuple[Decimal, Decimal, Severity | None] | None:
    """(stated, computed, severity) of ``total = Σ parts`` on printed cells (blank cells read as 0).

    The severity is None when the two agree; the result is None when none of the
    cells prints a value (nothing to check).
    """
    if not (has_value(*total) or any(has_value(r, c) for r, c in parts)):
        return None
    stated = amt(*total)
    computed = sum((amt(r, c) for r, c in parts), ZERO)
    return stated, computed, classify_difference(stated - computed, len(parts), quantum)


def locs(t: Table, cells: Iterable[tuple[Row, Column | None]]) -> list[Location]:
    """Locations of ``(row, column)`` cells of ``t`` (the row when the column is None)."""
    return [cell_location(t, r, c) for r, c in cells]


def cell_terms(t: Table, cells: Sequence[tuple[Row, Column]], *, by_column: bool = False) -> list[Term]:
    """The printed addends among ``cells`` of ``t`` as terms (blank cells add nothing), named by their
    row (or by their column)."""
    return [
        Term(
            label=col_label(c) if by_column else row_label(r),
            value=amt(r, c),
            location=cell_location(t, r, c),
        )
        for r, c in cells
        if has_value(r, c)
    ]


class TableSums:
    """Checks ``total = Σ parts`` on the cells of one table and words the findings."""

    def __init__(self, ctx: RuleContext, doc: Document, t: Table):
        self.ctx, self.doc, self.t = ctx, doc, t
        self.quantum = table_quantum(t)

    def check(
        self,
        total: tuple[Row, Column],
        parts: list[tuple[Row, Column]],
        head: str,
        *,
        key: tuple,
        formula: str,
    ) -> Iterator[Finding]:
        """The finding, if ``total = Σ parts`` fails: ``head`` + "列示 …，计算 …，差额 …"."""
        gap = sum_gap(total, parts, self.quantum)
        if gap is not None:
            self.ctx.count(self.t, gap[2])
        if gap is None or gap[2] is None:
            return
        stated, computed, sev = gap
        yield self.ctx.finding(
            head + gap_message(stated, computed, self.t, self.doc, sev),
            key=key,
            severity=sev,
            formula=formula,
            stated=stated,
            computed=computed,
            locations=locs(self.t, [total, *parts]),
            terms=cell_terms(self.t, parts),
        )
