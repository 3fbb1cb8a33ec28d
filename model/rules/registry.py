"""Rule registry: declared rules, one id each, that yield findings.

A rule is a generator function ``(doc, ctx) -> Iterator[Finding]`` registered
with :func:`register_rule`.  :func:`run_rules` runs every registered rule and
collects every finding (lazy: never stops at the first failure).  A rule that
raises is reported as a warning finding of rule ``engine.rule_failed`` instead
of aborting the run.

A rule that checks relations on tables counts each relation it evaluated with
:meth:`RuleContext.count` (held and failed, per table, in a :class:`CheckTally`).
A *post-pass* rule (:func:`register_post_pass`) runs after all the others and sees
their findings and the tally: it returns the findings to keep plus its own (the
structural self-check ``parse.uncertain`` holds back the errors of a misread table).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable

from gouji.model.document import Document, Table
from gouji.model.findings import Family, Finding, Location, Severity, Term, stable_id

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    family: Family
    severity: Severity  # the severity of a real failure (rounding is decided per finding)
    description: str
    func: Callable[..., Iterable[Finding]]
    post: bool = False  # a post-pass: ``func(doc, ctx, findings)`` returns the findings to keep


_REGISTRY: dict[str, Rule] = {}


def _register(rule: Rule) -> None:
    if rule.id in _REGISTRY and _REGISTRY[rule.id].func is not rule.func:
        raise ValueError(f"duplicate rule id {rule.id}")
    _REGISTRY[rule.id] = rule


def register_rule(
    id: str, title: str, family: Family, severity: Severity = Severity.ERROR, description: str = ""
):
    """Decorator: register ``func(doc, ctx)`` as rule ``id``."""

    def deco(func):
        _register(Rule(id, title, family, severity, description or (func.__doc__ or "").strip(), func))
        return func

    return deco


def register_post_pass(
    id: str, title: str, family: Family, severity: Severity = Severity.WARNING, description: str = ""
):
    """Decorator: register ``func(doc, ctx, findings) -> list[Finding]`` as post-pass rule ``id``.

    It runs after every ordinary rule, with their findings (and ``ctx.tally``, the
    relations they evaluated); what it returns replaces the findings.
    """

    def deco(func):
        _register(Rule(id, title, family, severity, description or (func.__doc__ or "").strip(), func, True))
        return func

    return deco


def all_rules() -> list[Rule]:
    _load_builtin_rules()
    return sorted(_REGISTRY.values(), key=lambda r: (list(Family).index(r.family), r.id))


def get_rule(rule_id: str) -> Rule:
    _load_builtin_rules()
    return _REGISTRY[rule_id]


def _load_builtin_rules() -> None:
    # importing the package imports (and so registers) every rule module in its folder
    import gouji.model.rules  # noqa: F401


def rounding_tolerance(n_addends: int, quantum: Decimal = CENT) -> Decimal:
    """Largest gap that rounding of ``n_addends`` printed values (plus the total) explains."""
    return (quantum / 2) * (max(n_addends, 1) + 1)


def classify_difference(diff: Decimal, n_addends: int, quantum: Decimal = CENT) -> Severity | None:
    """None if equal; ROUNDING if within rounding tolerance; else ERROR."""
    if diff == 0:
        return None
    if abs(diff) <= rounding_tolerance(n_addends, quantum):
        return Severity.ROUNDING
    return Severity.ERROR


class CheckTally:
    """Relations the rules evaluated, per (rule id, table id): how many, and how many failed.

    A relation "fails" when its gap is beyond rounding (an ``error``); one within
    rounding holds.  Filled through :meth:`RuleContext.count`.
    """

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], list[int]] = {}

    def add(self, rule: str, table: str, failed: bool) -> None:
        c = self.counts.setdefault((rule, table), [0, 0])
        c[0] += 1
        c[1] += int(failed)

    def of(self, table: str, rules: Iterable[str] | None = None) -> tuple[int, int]:
        """(checked, failed) on ``table`` by ``rules`` (every rule when None)."""
        wanted = None if rules is None else set(rules)
        checked = failed = 0
        for (rule, tid), (n, bad) in self.counts.items():
            if tid == table and (wanted is None or rule in wanted):
                checked += n
                failed += bad
        return checked, failed

    def by_rule(self, table: str) -> dict[str, tuple[int, int]]:
        """(checked, failed) on ``table`` of each rule that evaluated relations on it."""
        return {rule: (n, bad) for (rule, tid), (n, bad) in self.counts.items() if tid == table}

    def of_rule(self, rule: str) -> tuple[int, int]:
        """(checked, failed) of ``rule`` over every table."""
        pairs = [c for (r, _), c in self.counts.items() if r == rule]
        return sum(c[0] for c in pairs), sum(c[1] for c in pairs)


class RuleContext:
    """Handed to each rule: builds findings with stable ids and the rule's metadata."""

    def __init__(self, rule: Rule, doc: Document, tally: CheckTally | None = None):
        self.rule = rule
        self.doc = doc
        self.tally = tally if tally is not None else CheckTally()
        self._seen: dict[str, int] = {}

    def count(self, table: Table, severity: Severity | None) -> None:
        """Record one evaluated relation on ``table`` (``severity`` of its gap, None when it holds)."""
        self.tally.add(self.rule.id, table.id, severity == Severity.ERROR)

    def finding(
        self,
        message: str,
        *,
        key: Iterable[object] = (),
        severity: Severity | None = None,
        formula: str = "",
        stated: Decimal | None = None,
        computed: Decimal | None = None,
        difference: Decimal | None = None,
        locations: Iterable[Location] = (),
        terms: Iterable[Term] = (),
    ) -> Finding:
        """Build a finding.  ``key`` identifies what it points at (stable across runs); ``terms`` are the
        addends the computed value was summed from (or the other side of an equality)."""
        fid = stable_id(self.rule.id, *key)
        n = self._seen.get(fid, 0)
        self._seen[fid] = n + 1
        if n:
            fid = f"{fid}.{n}"
        if difference is None and stated is not None and computed is not None:
            difference = stated - computed
        return Finding(
            id=fid,
            rule=self.rule.id,
            family=self.rule.family,
            severity=severity or self.rule.severity,
            title=self.rule.title,
            message=message,
            formula=formula,
            stated=stated,
            computed=computed,
            difference=difference,
            locations=list(locations),
            terms=list(terms),
        )


def run_rules(
    doc: Document,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    only: Iterable[str] | None = None,
    tally: CheckTally | None = None,
) -> list[Finding]:
    """Run every registered rule (or ``only`` those ids) and collect all findings.

    The post-pass rules run last, in catalogue order.  ``tally``, when given, is
    filled with the relations the rules evaluated (the survey reads it).
    """
    rules = all_rules()
    if only is not None:
        wanted = set(only)
        rules = [r for r in rules if r.id in wanted]
    rules = [r for r in rules if not r.post] + [r for r in rules if r.post]
    tally = tally if tally is not None else CheckTally()
    out: list[Finding] = []
    for i, rule in enumerate(rules):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(i / max(len(rules), 1), rule.title)
        ctx = RuleContext(rule, doc, tally)
        try:
            if rule.post:
                out = list(rule.func(doc, ctx, out))
            else:
                out.extend(rule.func(doc, ctx))
        except Exception as exc:  # a rule bug must not hide the other findings
            out.append(
                Finding(
                    id=stable_id("engine.rule_failed", rule.id),
                    rule="engine.rule_failed",
                    family=rule.family,
                    severity=Severity.WARNING,
                    title="规则运行失败",
                    message=f"规则 {rule.id}（{rule.title}）运行失败：{type(exc).__name__}: {exc}",
                )
            )
    if progress is not None:
        progress(1.0, "完成")
    return out
