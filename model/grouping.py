"""Findings that share one cause, gathered so a reviewer reads one problem once.

A wrong cell shows up in every relation it takes part in: the row identity beside it, the subtotal
above it, the 合计 above that, and the other tables that repeat the total.  Each of those findings has
the same gap (up to its sign) and either touches a row of the next one (a shared cell, or the same row
in another column) or checks the same column one level up the code line; :func:`cause_groups` joins findings of equal gap that are linked that way.  The
findings list shows such a group as one expandable line ("差额0.34元，影响7处"); the 检查表 writes it as
one numbered item, and there also merges findings whose message is word for word the same (one
problem repeated).  Rounding gaps (尾差) never join: each is its own small matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from gouji.model.findings import Family, Finding, Severity

#: families whose findings carry a gap between two amounts (of tables, or of the text and a table)
GAP_FAMILIES = (Family.ARITHMETIC, Family.INTER_TABLE, Family.NARRATIVE)

_UNIT_RE = re.compile(r"差额\s*[-−]?[\d,]+(?:\.\d+)?\s*(万元|元)")


def gap_of(f: Finding) -> Decimal | None:
    """The size of ``f``'s gap when it can join a gap group (a table gap beyond rounding), else None."""
    if f.family not in GAP_FAMILIES or f.severity == Severity.ROUNDING or not f.difference:
        return None
    return abs(f.difference)


def _rows(f: Finding) -> set[tuple[str | None, str, int]]:
    """The table rows ``f`` points at (a cell, or the whole row)."""
    return {
        (loc.document, loc.table, loc.row)
        for loc in f.locations
        if loc.table is not None and loc.row is not None
    }


def _chains(findings: Sequence[Finding]) -> dict[tuple, list[tuple[int, str]]]:
    """Gap findings by (gap, table, column) of the cell they check, with that cell's row code ("" for
    a 合计 row): a gap carried up a column repeats on each subtotal of the code line."""
    out: dict[tuple, list[tuple[int, str]]] = {}
    for i, f in enumerate(findings):
        gap = gap_of(f)
        loc = f.locations[0] if f.locations else None
        if gap is None or loc is None or loc.table is None or loc.column is None:
            continue
        out.setdefault((gap, loc.document, loc.table, loc.column), []).append((i, loc.row_code or ""))
    return out


@dataclass
class CauseGroup:
    """Findings of one cause, in the order they were given (the first one stands for the group)."""

    findings: list[Finding]

    @property
    def gap(self) -> Decimal | None:
        """The common gap when the group is one gap carried through linked cells."""
        return gap_of(self.findings[0]) if len(self.findings) > 1 else None

    def label(self) -> str:
        """The line of the group: "差额0.34元，影响7处", "同一问题，影响3处", or the title of a lone finding."""
        n = len(self.findings)
        if n == 1:
            return self.findings[0].title
        gap = self.gap
        if gap is None:
            return f"同一问题，影响{n}处"
        m = _UNIT_RE.search(self.findings[0].message)
        return f"差额{gap:,}{m.group(1) if m else ''}，影响{n}处"


def cause_groups(findings: Sequence[Finding], *, same_message: bool = True) -> list[CauseGroup]:
    """``findings`` gathered by cause: equal gaps on linked cells, and (``same_message``) findings of
    word for word the same message (reviewer-added findings stay alone).  Every finding is in exactly
    one group; groups come in the order of their first finding."""
    parent = list(range(len(findings)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    first_at: dict[tuple, int] = {}
    for i, f in enumerate(findings):
        gap = gap_of(f)
        keys: list[tuple] = [("row", gap, r) for r in _rows(f)] if gap is not None else []
        if same_message and gap is None and f.family != Family.MANUAL and f.severity != Severity.ROUNDING:
            keys.append(("text", f.message))
        for k in keys:
            j = first_at.setdefault(k, i)
            if j != i:
                join(i, j)
    for chain in _chains(findings).values():  # one column, rows of one code line (or a 合计 row)
        for a, (i, ci) in enumerate(chain):
            for j, cj in chain[a + 1 :]:
                if not ci or not cj or ci.startswith(cj) or cj.startswith(ci):
                    join(i, j)
    groups: dict[int, list[Finding]] = {}
    for i, f in enumerate(findings):
        groups.setdefault(root(i), []).append(f)
    return [CauseGroup(fs) for fs in groups.values()]
