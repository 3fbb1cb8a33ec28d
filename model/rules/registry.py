"""Rule registry: declared rules, one id each, that yield findings.

A rule is a generator function ``(doc, ctx) -> Iterator[Finding]`` registered
with :func:`register_rule`.  :func:`run_rules` runs every registered rule and
collects every finding (lazy: never stops at the first failure).  A rule that
raises is reported as a warning finding of rule ``engine.rule_failed`` instead
of aborting the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable

from gouji.model.document import Document
from gouji.model.findings import Family, Finding, Location, Severity, stable_id

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    family: Family
    severity: Severity  # the severity of a real failure (rounding is decided per finding)
    description: str
    func: Callable[[Document, "RuleContext"], Iterable[Finding]]


_REGISTRY: dict[str, Rule] = {}


def register_rule(
    id: str, title: str, family: Family, severity: Severity = Severity.ERROR, description: str = ""
):
    """Decorator: register ``func(doc, ctx)`` as rule ``id``."""

    def deco(func):
        if id in _REGISTRY and _REGISTRY[id].func is not func:
            raise ValueError(f"duplicate rule id {id}")
        _REGISTRY[id] = Rule(id, title, family, severity, description or (func.__doc__ or "").strip(), func)
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


class RuleContext:
    """Handed to each rule: builds findings with stable ids and the rule's metadata."""

    def __init__(self, rule: Rule, doc: Document):
        self.rule = rule
        self.doc = doc
        self._seen: dict[str, int] = {}

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
    ) -> Finding:
        """Build a finding.  ``key`` identifies what it points at (stable across runs)."""
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
        )


def run_rules(
    doc: Document,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    only: Iterable[str] | None = None,
) -> list[Finding]:
    """Run every registered rule (or ``only`` those ids) and collect all findings."""
    rules = all_rules()
    if only is not None:
        wanted = set(only)
        rules = [r for r in rules if r.id in wanted]
    out: list[Finding] = []
    for i, rule in enumerate(rules):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(i / max(len(rules), 1), rule.title)
        ctx = RuleContext(rule, doc)
        try:
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
