"""The relations between the documents of a disclosure set, found from their identities.

Relations (:class:`RelationKind`):

* ``PRIOR_YEAR`` — the same unit and scope, the same kind, years Y and Y − 1 (``a`` is year Y);
* ``PRIOR_FINAL`` — the same unit and scope: ``a`` the budget of year Y, ``b`` the final account of Y − 1;
* ``FINAL_BUDGET`` — the same unit and scope, the same year: ``a`` the final account, ``b`` the budget;
* ``DEPT_UNIT`` — the same year and kind: ``a`` a department, ``b`` one of its units (its 本级 /
  本部 part, named like the department, or a unit the department lists in its 单位构成);
* ``HALVES`` — the text half and the tables half of one publication (read them with ``--one``;
  not compared);
* ``COPIES`` — the same disclosure twice (another format or a second copy; not compared).

Only exact identities relate documents: two different units never do (a missing relation is
preferred to a false one).  Documents whose unit, year or kind were not read take part in none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Sequence

from gouji.model.crossdoc.identity import Identity, identity, listed_units
from gouji.model.document import DocForm, DocKind, DocScope, Document


class RelationKind(StrEnum):
    PRIOR_YEAR = "prior_year"
    PRIOR_FINAL = "prior_final"
    FINAL_BUDGET = "final_budget"
    DEPT_UNIT = "dept_unit"
    HALVES = "halves"
    COPIES = "copies"


RELATION_LABELS = {
    RelationKind.PRIOR_YEAR: "本年与上年",
    RelationKind.PRIOR_FINAL: "预算与上年决算",
    RelationKind.FINAL_BUDGET: "决算与同年预算",
    RelationKind.DEPT_UNIT: "部门与所属单位",
    RelationKind.HALVES: "同一公开文件的文字与表格两部分",
    RelationKind.COPIES: "同一公开文件的副本",
}

#: relations whose documents are compared by the cross-document rules
COMPARED = (
    RelationKind.PRIOR_YEAR,
    RelationKind.PRIOR_FINAL,
    RelationKind.FINAL_BUDGET,
    RelationKind.DEPT_UNIT,
)


@dataclass(frozen=True)
class Relation:
    kind: RelationKind
    a: int  # index into the set's documents (see the module docstring for which is which)
    b: int


@dataclass
class DisclosureSet:
    """Documents a reviewer has, their identities and the relations between them."""

    documents: list[Document]
    identities: list[Identity | None] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    #: department index → the units it lists (None: no list read)
    units: dict[int, list[tuple[str, bool]] | None] = field(default_factory=dict)

    def related(self, i: int) -> list[tuple[Relation, int]]:
        """The relations of document ``i`` with the index of the other document of each."""
        return [(r, r.b if r.a == i else r.a) for r in self.relations if i in (r.a, r.b)]


_PARTS = {DocForm.TEXT_HALF, DocForm.TABLES_HALF}
_WHOLE = {DocForm.FULL, DocForm.TEXT_HALF, DocForm.TABLES_HALF}


def build_set(docs: Sequence[Document]) -> DisclosureSet:
    """Index ``docs`` and find every relation between them."""
    ids = [identity(d) for d in docs]
    out = DisclosureSet(list(docs), ids)
    n = len(docs)
    for i in range(n):
        if ids[i] is not None and ids[i].scope == DocScope.DEPARTMENT:  # type: ignore[union-attr]
            out.units[i] = listed_units(docs[i])
    for i in range(n):
        for j in range(i + 1, n):
            rel = _relation(out, i, j)
            if rel is not None:
                out.relations.append(rel)
    return out


def _relation(s: DisclosureSet, i: int, j: int) -> Relation | None:
    x, y = s.identities[i], s.identities[j]
    if x is None or y is None or x.form not in _WHOLE or y.form not in _WHOLE:
        return None
    same_unit = x.unit == y.unit
    if same_unit and x.year == y.year and x.kind == y.kind:
        # a tables half may not say whether it is a 部门 or a 单位 disclosure
        scopes_fit = x.scope == y.scope or DocScope.UNKNOWN in (x.scope, y.scope)
        if {x.form, y.form} == _PARTS and scopes_fit:
            return Relation(RelationKind.HALVES, i, j)
        if x.scope == y.scope and x.form == y.form and x.own_part == y.own_part:
            return Relation(RelationKind.COPIES, i, j)
    if x.form != DocForm.FULL or y.form != DocForm.FULL:
        return None  # a half is compared once read with its other half
    if same_unit and x.scope == y.scope and x.own_part == y.own_part:
        if x.kind == y.kind and abs(x.year - y.year) == 1:
            return Relation(RelationKind.PRIOR_YEAR, *((i, j) if x.year > y.year else (j, i)))
        if x.year == y.year and x.kind != y.kind:
            return Relation(RelationKind.FINAL_BUDGET, *((i, j) if x.kind == DocKind.FINAL else (j, i)))
        (budget, b), (final, f) = ((i, x), (j, y)) if x.kind == DocKind.BUDGET else ((j, y), (i, x))
        if x.kind != y.kind and b.year == f.year + 1:
            return Relation(RelationKind.PRIOR_FINAL, budget, final)
        return None
    if x.year == y.year and x.kind == y.kind and {x.scope, y.scope} == {DocScope.DEPARTMENT, DocScope.UNIT}:
        dept, unit = (i, j) if x.scope == DocScope.DEPARTMENT else (j, i)
        if _is_unit_of(s, dept, unit):
            return Relation(RelationKind.DEPT_UNIT, dept, unit)
    return None


def _is_unit_of(s: DisclosureSet, dept: int, unit: int) -> bool:
    """The unit document is the department's own part (same name) or a unit it lists."""
    d, u = s.identities[dept], s.identities[unit]
    assert d is not None and u is not None
    if d.own_part:
        return False
    if u.unit == d.unit:
        return True
    listed = s.units.get(dept) or []
    return any(name == u.unit for name, _own in listed)
