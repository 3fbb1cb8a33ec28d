"""The reconciliation rules.  Importing this package registers every rule module."""

from gouji.model.rules.registry import (  # noqa: F401
    Rule,
    RuleContext,
    all_rules,
    classify_difference,
    get_rule,
    register_rule,
    rounding_tolerance,
    run_rules,
)

# Rule modules register themselves on import; keep this list in family order.
# (each helper adds its module here)
