"""The standard disclosure tables, each written once.

One :class:`TableSpec` per :class:`~gouji.model.document.StdTable`: its official
Chinese name, the title pattern the catalog recognises it by, budget or final
account, two-sided layout, performance table, the family it shares with its
budget / final counterpart, and whether a disclosure must publish it (and with
what severity when it is missing).  The catalog (title recognition), the
completeness rule, the narrative rules and the Excel export all read this list.

Adding a standard table: a member in ``StdTable`` (model/document.py) and a
``TableSpec`` here.
"""

from __future__ import annotations

from dataclasses import dataclass

from gouji.model.document import DocKind, StdTable
from gouji.model.findings import Severity

S = StdTable

# fragments shared by the title patterns
_TOTAL = r"(?:预算)?(?:总体情况|总体|总)(?:预算)?(?:情况)?"
_KIND = r"(?:部门预算)?(?:功能分类|经济分类)?(?:科目)?"
_FKIND = r"(?:功能分类)?(?:科目)?"


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One standard table.

    ``pattern`` is a regular expression matched at the *end* of a normalised
    title line (see ``gouji.io.assemble.catalog``).  ``family`` pairs a budget
    table with its final-account counterpart ("overview", "gpb", …).
    ``required`` is the severity of a missing table in a disclosure of its
    ``kind`` (None: optional).  ``axis`` is the classification its rows follow
    ("功能" or "经济" 分类科目) where the standard fixes it: when a disclosure
    prints the same table by both ("…支出明细表（按功能分类科目）" and "…（按经济分类科目）"),
    the one on this axis is the standard table.
    """

    std: StdTable
    name: str
    pattern: str
    kind: DocKind
    family: str
    two_sided: bool = False
    required: Severity | None = None
    axis: str | None = None

    @property
    def perf(self) -> bool:
        return self.family.startswith("perf_")


E, W = Severity.ERROR, Severity.WARNING
B, F = DocKind.BUDGET, DocKind.FINAL

#: in title-matching order: when two patterns match at the same place the first wins
TABLE_SPECS: tuple[TableSpec, ...] = (
    # --- final accounts -------------------------------------------------
    TableSpec(S.F_FISCAL, "财政拨款收入支出决算总表", r"财政拨款收入支出决算总表", F, "fiscal", True, E),
    TableSpec(S.F_OVERVIEW, "收入支出决算总表", r"收入支出决算总表", F, "overview", True, E),
    TableSpec(S.F_INCOME, "收入决算表", r"收入决算表", F, "income", required=E),
    TableSpec(S.F_EXPENSE, "支出决算表", r"支出决算表", F, "expense", required=E),
    TableSpec(
        S.F_GPB_BASIC,
        "一般公共预算财政拨款基本支出决算表",
        r"一般公共预算财政拨款基本支出决算(?:明细)?表",
        F,
        "gpb_basic",
        required=E,
        axis="经济",
    ),
    TableSpec(
        S.F_GPB,
        "一般公共预算财政拨款支出决算表",
        r"一般公共预算财政拨款(?:项目)?支出决算(?:明细)?表",
        F,
        "gpb",
        required=E,
        axis="功能",
    ),
    TableSpec(
        S.F_THREE_PUBLIC,
        "财政拨款“三公”经费支出决算表",
        r"(?:财政拨款|一般公共预算财政拨款)?\"?三公\"?经费(?:支出)?决算表",
        F,
        "three_public",
        required=E,
    ),
    TableSpec(
        S.F_GOV_FUND,
        "政府性基金预算财政拨款收入支出决算表",
        r"政府性基金预算财政拨款(?:收入)?(?:支出)?决算表",
        F,
        "gov_fund",
        required=E,
    ),
    # older (2016-2018) templates have no 国有资本经营 table: a warning, not an error
    TableSpec(
        S.F_SOE,
        "国有资本经营预算财政拨款收入支出决算表",
        r"国有资本经营预算财政拨款(?:收入)?(?:支出)?决算表",
        F,
        "soe",
        required=W,
    ),
    # --- budget ----------------------------------------------------------
    TableSpec(S.B_FISCAL, "财政拨款收支总体情况表", r"财政拨款收支" + _TOTAL + r"表", B, "fiscal", True, E),
    TableSpec(S.B_OVERVIEW, "收支总体情况表", r"(?:财务)?收支" + _TOTAL + r"表", B, "overview", True, E),
    TableSpec(S.B_INCOME, "收入总体情况表", r"收入" + _TOTAL + r"表", B, "income", required=E),
    TableSpec(S.B_EXPENSE, "支出总体情况表", r"(?:本年)?支出" + _TOTAL + r"表", B, "expense", required=E),
    TableSpec(
        S.B_GPB,
        "一般公共预算支出情况表",
        r"一般公共预算(?:财政)?(?:拨款)?支出" + _FKIND + r"(?:预算)?(?:情况)?(?:明细)?表",
        B,
        "gpb",
        required=E,
        axis="功能",
    ),
    TableSpec(
        S.B_GPB_BASIC,
        "一般公共预算基本支出情况表",
        r"一般公共预算(?:财政)?(?:拨款)?基本支出" + _KIND + r"(?:预算)?(?:情况)?(?:明细)?表",
        B,
        "gpb_basic",
        required=W,
        axis="经济",
    ),
    TableSpec(
        S.B_GPB_PROJECT,
        "一般公共预算项目支出情况表",
        r"一般公共预算(?:财政)?(?:拨款)?项目支出" + _KIND + r"(?:预算)?(?:情况)?(?:明细)?表",
        B,
        "gpb_project",
    ),
    TableSpec(
        S.B_GOV_FUND,
        "政府性基金预算支出情况表",
        r"政府性基金(?:预算)?(?:财政)?(?:拨款)?(?:收支|收入)?(?:支出)?" + _KIND + r"(?:预算)?(?:情况)?表",
        B,
        "gov_fund",
        required=W,
    ),
    TableSpec(
        S.B_SOE,
        "国有资本经营预算支出情况表",
        r"国有资本经营(?:预算)?(?:财政)?(?:拨款)?(?:收入)?(?:支出)?" + _KIND + r"(?:预算)?(?:情况)?表",
        B,
        "soe",
        required=W,
    ),
    TableSpec(
        S.B_THREE_PUBLIC,
        "财政拨款“三公”经费支出情况表",
        r"(?:行政经费[及和与])?\"?三公\"?经费[^决]{0,14}表",
        B,
        "three_public",
        required=W,
    ),
    TableSpec(
        S.B_CARRYOVER, "上年结转结余情况明细表", r"上年结转结余(?:预算)?(?:情况)?(?:明细)?表", B, "carryover"
    ),
    TableSpec(
        S.B_PROCUREMENT,
        "政府采购预算表",
        r"政府采购(?:支出)?(?:预算)?(?:情况|明细)?(?:情况)?表",
        B,
        "procurement",
    ),
    TableSpec(
        S.B_OPERATING, "机关运行经费预算表", r"机关运行经费(?:支出)?(?:预算)?(?:情况)?表", B, "operating"
    ),
    TableSpec(
        S.B_PROJECT_LIST,
        "项目支出预算表",
        r"项目支出(?:及其他支出)?(?:预算)?(?:情况)?(?:明细)?表",
        B,
        "project_list",
    ),
    TableSpec(
        S.B_FISCAL_FUND,
        "财政专户管理资金预算表",
        r"财政专户管理资金(?:收入|支出|收支)?(?:预算)?(?:情况)?表",
        B,
        "fiscal_fund",
    ),
    # --- performance -------------------------------------------------------
    TableSpec(
        S.PERF_SELF_OVERALL, "整体支出绩效自评表", r"整体(?:支出)?绩效自评(?:价)?(?:结果)?表", F, "perf_self"
    ),
    TableSpec(
        S.PERF_SELF_PROJECT,
        "项目支出绩效自评表",
        r"(?:项目|专项)?(?:支出)?绩效自评(?:价)?(?:结果)?表",
        F,
        "perf_self",
    ),
    TableSpec(S.PERF_TARGET_OVERALL, "整体绩效目标表", r"整体(?:支出)?绩效目标(?:申报)?表", B, "perf_target"),
    TableSpec(S.PERF_TARGET_PROJECT, "项目支出绩效目标表", r"绩效目标(?:申报)?表", B, "perf_target"),
)

#: the checklist title of each group of performance tables
PERF_GROUP_TITLES: dict[str, str] = {"perf_target": "绩效目标表", "perf_self": "绩效自评表"}

_BY_STD: dict[StdTable, TableSpec] = {s.std: s for s in TABLE_SPECS}
assert set(_BY_STD) == set(StdTable), "every StdTable needs a TableSpec"

#: tables printed as two lists side by side (收入 | 支出)
TWO_SIDED: frozenset[StdTable] = frozenset(s.std for s in TABLE_SPECS if s.two_sided)
#: performance tables (targets, self-evaluations)
PERF_TABLES: frozenset[StdTable] = frozenset(s.std for s in TABLE_SPECS if s.perf)


def spec(std: StdTable) -> TableSpec:
    return _BY_STD[std]


def table_name(std: StdTable) -> str:
    """The official Chinese name ("收支总体情况表")."""
    return _BY_STD[std].name


def required_tables(kind: DocKind) -> list[TableSpec]:
    """The tables a disclosure of ``kind`` must publish, in ``StdTable`` order."""
    return [s for s in (_BY_STD[std] for std in StdTable) if s.kind == kind and s.required is not None]


def family_tables(family: str) -> list[StdTable]:
    """The budget and final tables of one family ("gpb" → 一般公共预算支出 tables), budget first."""
    return [std for std in StdTable if _BY_STD[std].family == family]


def perf_groups(kind: DocKind) -> list[tuple[str, tuple[StdTable, ...], str]]:
    """``(group key, its tables, checklist title)`` for the performance tables of ``kind``."""
    groups: dict[str, list[StdTable]] = {}
    for std in StdTable:
        s = _BY_STD[std]
        if s.perf and s.kind == kind:
            groups.setdefault(s.family, []).append(std)
    return [(key, tuple(stds), PERF_GROUP_TITLES[key]) for key, stds in groups.items()]
