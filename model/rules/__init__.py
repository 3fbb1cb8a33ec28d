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
from gouji.model.rules import completeness  # noqa: F401,E402  (family 1)
from gouji.model.rules import arithmetic  # noqa: F401,E402  (family 2)
from gouji.model.rules import inter_table  # noqa: F401,E402  (family 3)
from gouji.model.rules import performance  # noqa: F401,E402  (family 7)
from gouji.model.rules import rates  # noqa: F401,E402  (family 5)
from gouji.model.rules import text_sums  # noqa: F401,E402  (family 6)
from gouji.model.rules import narrative  # noqa: F401,E402  (family 4)
from gouji.model.rules import text_quality  # noqa: F401,E402  (family 8)
