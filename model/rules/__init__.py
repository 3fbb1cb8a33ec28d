"""The reconciliation rules.  Importing this package registers every rule module."""

# Rule modules register themselves on import; all_rules() lists them in family order.
from gouji.model.rules import (  # noqa: F401
    arithmetic,  # family 2
    completeness,  # family 1
    inter_table,  # family 3
    narrative,  # family 4
    performance,  # family 7
    rates,  # family 5
    text_quality,  # family 8
    text_sums,  # family 6
)
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
