"""A budget's figures for last year's execution against last year's final account of the same unit.

``cross.exec_text`` — "…A万元，比2025年执行数（上年决算数）增加 B万元": the execution it implies (A − B)
against the amount of the same subject that last year's final account states.  Subjects are
compared without their 预算 / 决算 / 执行数 ending ("一般公共预算财政拨款支出预算" of the budget meets
"一般公共预算财政拨款支出决算" of the final account).  A budget published early in the year quotes
the estimated execution (预计执行数), which may differ from the final account: a difference is a
warning with both values.
"""

from __future__ import annotations

import re
from typing import Iterator

from gouji.model.crossdoc.engine import CrossContext, register_cross_rule
from gouji.model.crossdoc.relations import DisclosureSet, Relation, RelationKind
from gouji.model.crossdoc.rules_prior import text_claims
from gouji.model.findings import Finding, Severity

ESTIMATED = "预算公开时的执行数可能为预计数，与决算不同时请核实。"


def exec_core(subject: str) -> str:
    """A subject without quotes, spaces and its 预算 / 决算 / 执行数 / 数 ending."""
    s = re.sub(r"[“”\"'《》\s]", "", subject)
    return re.sub(r"(预算|决算|执行)?(数|额|金额|总额)?$", "", s)


@register_cross_rule(
    "cross.exec_text",
    "文中上年执行数与上年决算一致",
    RelationKind.PRIOR_FINAL,
    Severity.WARNING,
    "预算文中“比X年执行数（决算数）增加/减少B”：上年执行数 = 本年数 ∓ B，与上年决算公开对同一项目所述金额比对；"
    "预算公开时的执行数可能为预计数，故不一致时为警告。",
)
def rule_exec_text(ctx: CrossContext, dset: DisclosureSet, rel: Relation) -> Iterator[Finding]:
    yield from text_claims(ctx, dset.documents[rel.a], dset.documents[rel.b], exec_core, ESTIMATED)
