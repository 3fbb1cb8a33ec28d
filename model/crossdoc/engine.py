"""Cross-document rules: their registry, their context and the pass over a disclosure set.

A cross-document rule is a generator ``func(ctx, dset, relation) -> Iterator[Finding]`` registered
with :func:`register_cross_rule` for one :class:`~gouji.model.crossdoc.relations.RelationKind`; it
runs once per relation of that kind.  It counts every comparison it makes with
:meth:`CrossContext.compared` (the acceptance figures: comparisons made, differences found).

A finding's locations name their document (``Location.document``: the document's path) on every
location; :meth:`CrossResult.for_document` gives a document's view of its cross-document findings
(its own locations first, with ``document=None``, the other document's after them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from gouji.model.crossdoc.relations import COMPARED, DisclosureSet, Relation, RelationKind, build_set
from gouji.model.document import Document
from gouji.model.findings import Family, Finding, Location, Severity, stable_id
from gouji.model.rules.registry import Rule, RuleContext

CrossFunc = Callable[["CrossContext", DisclosureSet, Relation], Iterable[Finding]]


@dataclass(frozen=True)
class CrossRule:
    id: str
    title: str
    relation: RelationKind
    severity: Severity  # the severity of a real difference
    description: str
    func: CrossFunc


_CROSS_RULES: dict[str, CrossRule] = {}


def register_cross_rule(id: str, title: str, relation: RelationKind, severity: Severity, description: str):
    """Decorator: register ``func(ctx, dset, relation)`` as cross-document rule ``id``."""

    def deco(func: CrossFunc) -> CrossFunc:
        if id in _CROSS_RULES and _CROSS_RULES[id].func is not func:
            raise ValueError(f"duplicate cross-document rule id {id}")
        _CROSS_RULES[id] = CrossRule(id, title, relation, severity, description, func)
        return func

    return deco


def cross_rules() -> list[CrossRule]:
    """Every cross-document rule (importing the rule modules registers them)."""
    from gouji.model.crossdoc import rules_exec, rules_final, rules_prior, rules_units  # noqa: F401

    return sorted(_CROSS_RULES.values(), key=lambda r: r.id)


@dataclass
class Tally:
    """Comparisons made and differences found (beyond rounding) of one relation."""

    checked: int = 0
    differing: int = 0


class CrossContext(RuleContext):
    """Handed to a cross rule for one relation (``a``, ``b``): counts comparisons, builds findings
    (:meth:`RuleContext.finding`, with ids that also depend on both documents)."""

    def __init__(self, rule: CrossRule, a: Document, b: Document, tally: Tally):
        meta = Rule(rule.id, rule.title, Family.CROSS_DOC, rule.severity, rule.description, rule.func)
        super().__init__(meta, a)
        self.a = a
        self.b = b
        self.comparisons = tally

    def compared(self, severity: Severity | None) -> None:
        """One comparison made (``severity`` of its difference, None when the values agree)."""
        self.comparisons.checked += 1
        if severity in (Severity.ERROR, Severity.WARNING):
            self.comparisons.differing += 1

    def finding(self, message: str, *, key: Iterable[object] = (), **kw: Any) -> Finding:
        return super().finding(message, key=(self.a.sha256, self.b.sha256, *key), **kw)


@dataclass
class CrossResult:
    """The cross-document pass over a set: relations, findings, comparisons per relation."""

    dset: DisclosureSet
    findings: list[Finding] = field(default_factory=list)
    tallies: dict[Relation, Tally] = field(default_factory=dict)

    def for_document(self, doc: Document) -> list[Finding]:
        """The findings that point into ``doc``, as seen from it: its own locations first
        (``document=None``), the other document's after them."""
        out = []
        for f in self.findings:
            own = [loc for loc in f.locations if loc.document == doc.path]
            if not own:
                continue
            locs = [loc.model_copy(update={"document": None}) for loc in own]
            locs += [self._foreign(loc) for loc in f.locations if loc.document != doc.path]
            out.append(f.model_copy(update={"locations": locs}))
        return out

    def _foreign(self, loc: Location) -> Location:
        """A location in another document, for this one's lists: without the table, row, column
        and sentence indexes (they index the other document); its table's title as the text."""
        title = loc.text
        if loc.table is not None:
            other = next((d for d in self.dset.documents if d.path == loc.document), None)
            t = other.table(loc.table) if other is not None else None
            title = t.title if t is not None else title
        return loc.model_copy(
            update={"table": None, "row": None, "column": None, "sentence": None, "text": title}
        )


def run_cross(docs: Sequence[Document], rules: Sequence[str] | None = None) -> CrossResult:
    """Index ``docs``, find their relations and run every cross-document rule (or ``rules``) on them.

    A rule that raises gives a warning finding (``engine.cross_rule_failed``) on both documents,
    never a failed pass.
    """
    dset = build_set(docs)
    result = CrossResult(dset)
    wanted = [r for r in cross_rules() if rules is None or r.id in rules]
    for rel in dset.relations:
        if rel.kind not in COMPARED:
            continue
        tally = result.tallies.setdefault(rel, Tally())
        a, b = dset.documents[rel.a], dset.documents[rel.b]
        for rule in wanted:
            if rule.relation != rel.kind:
                continue
            try:
                result.findings.extend(rule.func(CrossContext(rule, a, b, tally), dset, rel))
            except Exception as exc:  # a rule bug must not stop the pass
                result.findings.append(_failed(rule, a, b, exc))
    return result


def _failed(rule: CrossRule, a: Document, b: Document, exc: Exception) -> Finding:
    return Finding(
        id=stable_id("engine.cross_rule_failed", rule.id, a.sha256, b.sha256),
        rule="engine.cross_rule_failed",
        family=Family.CROSS_DOC,
        severity=Severity.WARNING,
        title="规则运行失败",
        message=f"跨文件规则 {rule.id}（{rule.title}）运行失败：{type(exc).__name__}: {exc}",
        locations=[Location(document=a.path), Location(document=b.path)],
    )
