"""A department's disclosure against its units' (部门 = 本级 + 所属单位).

The department's units are those it lists (:func:`~gouji.model.crossdoc.identity.listed_units`).
When every listed unit's disclosure is in the set, each standard table of the department equals,
cell by cell, the sum of its units' tables (one unit: the tables are equal).  When some listed
units' disclosures are missing, one warning names them and nothing is added up.  When the
department lists no units that can be read, nothing is compared (the relation is still shown).
"""

from __future__ import annotations

import unicodedata
from typing import Iterator

from gouji.model.crossdoc.compare import sent_loc, the_table
from gouji.model.crossdoc.engine import CrossContext, register_cross_rule
from gouji.model.crossdoc.identity import LIST_LEAD_RE
from gouji.model.crossdoc.relations import DisclosureSet, Relation, RelationKind
from gouji.model.crossdoc.tables import Side, compare_sum
from gouji.model.document import Document, StdTable
from gouji.model.findings import Finding, Location, Severity

UNIT_FORMULA = "部门数 = 本级及所属各单位数之和（只有一个预算单位时两者相等）"


def _units_of(dset: DisclosureSet, rel: Relation) -> tuple[list[int], bool] | None:
    """The unit documents of ``rel``'s department, and whether they are all its listed units.

    None unless ``rel`` is the department's first relation to a unit (each department is
    checked once) or when the department lists no units.
    """
    rels = [r for r in dset.relations if r.kind == RelationKind.DEPT_UNIT and r.a == rel.a]
    listed = dset.units.get(rel.a)
    if rels[0] != rel or not listed:
        return None
    present = [r.b for r in rels]
    names = {dset.identities[i].unit for i in present}  # type: ignore[union-attr]
    wanted = {name for name, _own in listed}
    complete = names == wanted and len(present) == len(wanted)
    return present, complete


def _name(dset: DisclosureSet, i: int) -> str:
    ident = dset.identities[i]
    assert ident is not None
    dept_ident = next(
        (dset.identities[r.a] for r in dset.relations if r.kind == RelationKind.DEPT_UNIT and r.b == i), None
    )
    if dept_ident is not None and dept_ident.unit == ident.unit:
        return "本级单位"
    return ident.unit


@register_cross_rule(
    "cross.dept_units",
    "部门与所属单位数据一致",
    RelationKind.DEPT_UNIT,
    Severity.ERROR,
    "部门公开表各单元格（按科目编码、合计行与列）= 本级及所属各单位同名表同一单元格之和；"
    "部门只有一个预算单位时两者逐格相等。仅在部门列明的单位文件齐全时比对。",
)
def rule_dept_units(ctx: CrossContext, dset: DisclosureSet, rel: Relation) -> Iterator[Finding]:
    got = _units_of(dset, rel)
    if got is None or not got[1]:
        return
    dept = dset.documents[rel.a]
    units = [dset.documents[i] for i in got[0]]
    for std in StdTable:
        if std.value.startswith("perf_"):
            continue
        td = the_table(dept, std)
        tus = [the_table(u, std) for u in units]
        if td is None or any(t is None for t in tus):
            continue
        parts = [Side(u, t, _name(dset, i)) for u, t, i in zip(units, tus, got[0], strict=True)]  # type: ignore[arg-type]
        yield from compare_sum(
            ctx,
            Side(dept, td, "部门"),
            parts,
            severity=Severity.ERROR,
            formula=UNIT_FORMULA,
        )


@register_cross_rule(
    "cross.units_missing",
    "部门所属单位的公开文件不全",
    RelationKind.DEPT_UNIT,
    Severity.WARNING,
    "部门在预算（决算）单位构成中列明的单位，本批文件中缺少其公开文件时提示（不比对部门与单位之和）。",
)
def rule_units_missing(ctx: CrossContext, dset: DisclosureSet, rel: Relation) -> Iterator[Finding]:
    got = _units_of(dset, rel)
    if got is None or got[1]:
        return
    present = {dset.identities[i].unit for i in got[0]}  # type: ignore[union-attr]
    listed = dset.units.get(rel.a) or []
    missing = [name for name, _own in listed if name not in present]
    if not missing:
        return
    dept = dset.documents[rel.a]
    yield ctx.finding(
        f"部门列明的预算单位中，本批文件缺少以下单位的公开文件：{'、'.join(missing)}；"
        "部门数与各单位数之和未比对。",
        key=tuple(missing),
        locations=[_list_location(dept)],
    )


def _list_location(doc: Document) -> Location:
    """Where the department lists its units (the lead sentence), else the document itself."""
    for s in doc.sentences:
        if LIST_LEAD_RE.search(unicodedata.normalize("NFKC", s.text)):
            return sent_loc(doc, s)
    return Location(document=doc.path)
