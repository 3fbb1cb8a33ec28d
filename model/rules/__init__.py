"""The reconciliation rules.  Importing this package registers every rule module.

Every module of this package is imported here, so a rule module registers its rules
(``@register_rule``) just by being in this folder: adding a rule touches its module and
its test, nothing else.  :func:`all_rules` lists them in family order.
"""

import importlib
import pkgutil

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

#: every module of the package (rule modules and the helpers they share), but the catalogue,
#: which is run as ``python -m gouji.model.rules.catalogue`` and so must not be imported first
MODULES = tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name != "catalogue"))
for _name in MODULES:
    importlib.import_module(f"{__name__}.{_name}")
