"""Checks across documents: a disclosure set (the documents a reviewer has), the relations
between them and the cross-document rules.

- :mod:`.identity` — who, when and what a document discloses (normalised unit name, year, kind,
  scope, form) and the units a department lists;
- :mod:`.relations` — :func:`build_set`: this year / last year, final account / budget,
  department / its units, the two halves of one publication, copies;
- :mod:`.engine` — the cross-rule registry and :func:`run_cross`, the pass over a set;
- :mod:`.rules_prior`, :mod:`.rules_final`, :mod:`.rules_units` — the rules.

No io: the documents come in parsed (the batch passes them after every file was read).
"""

from gouji.model.crossdoc.engine import CrossResult, cross_rules, run_cross
from gouji.model.crossdoc.relations import RELATION_LABELS, DisclosureSet, Relation, RelationKind, build_set

__all__ = [
    "CrossResult",
    "DisclosureSet",
    "RELATION_LABELS",
    "Relation",
    "RelationKind",
    "build_set",
    "cross_rules",
    "run_cross",
]
