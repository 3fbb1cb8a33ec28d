"""Family 2 — intra-table arithmetic (表内勾稽): sums over rows.

Rules
-----
``arith.hierarchy``
    类 = Σ 款, 款 = Σ 项 for every amount column (function and economic codes).
``arith.total_classes``
    合计 / 总计 row = Σ 类 rows.
``arith.three_public_rows``
    三公 tables laid out by rows: 合计 = 出国 + 接待 + 车辆小计; 车辆小计 = 购置 + 运行.
``arith.basic_personnel``
    基本支出表 printed by rows: 人员经费合计 = 301 + 303, 公用经费合计 = the other classes.

Column identities are in :mod:`.arithmetic_columns`, the two-sided tables (收支总表,
fund balances) in :mod:`.arithmetic_two_sided`.
"""

from __future__ import annotations

from typing import Iterator

from gouji.model.document import Column, Document, Row
from gouji.model.findings import Family, Finding, Severity
from gouji.model.rules.registry import RuleContext, classify_difference, register_rule
from gouji.model.rules.selectors import (
    ZERO,
    additive_columns,
    amt,
    body_rows,
    class_rows,
    code_children,
    code_level,
    codes_reliable,
    col_label,
    group_contexts,
    personnel_rows,
    row_label,
    row_with,
    sides,
    table_key,
    table_label,
    table_quantum,
    total_row,
    valued_columns,
)
from gouji.model.rules.sumcheck import TableSums, cell_terms, gap_message, locs
from gouji.model.tables import family_tables
from gouji.model.text import norm

# ---------------------------------------------------------------------------
# hierarchy: 类 = Σ 款, 款 = Σ 项
# ---------------------------------------------------------------------------


@register_rule(
    "arith.hierarchy",
    "类款项逐级加总",
    Family.ARITHMETIC,
    Severity.ERROR,
    description="每个金额列：类 = Σ 所属款，款 = Σ 所属项（功能分类与经济分类科目）。",
)
def rule_hierarchy(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t in doc.tables:
        if t.perf is not None or t.empty or not codes_reliable(t):
            continue
        sums = TableSums(ctx, doc, t)
        groups = group_contexts(t)
        for side in sides(t):
            cols = additive_columns(t, side) if side else additive_columns(t)
            if t.two_sided and side:
                cols = [c for c in cols if c.side in (side, None)]
            if not cols:
                continue
            children = code_children(t, side)
            for parent in t.rows:
                if side is not None and parent.side != side:
                    continue
                lvl = code_level(parent)
                if lvl not in (1, 2) or not parent.code:
                    continue
                kids = children.get(parent.index, [])
                if not kids:
                    continue
                group = groups[parent.index]
                kind_word = "类" if lvl == 1 else "款"
                kid_word = "款" if lvl == 1 else "项"
                kid_codes = " + ".join(k.code or "" for k in kids[:6]) + (" + …" if len(kids) > 6 else "")
                where = f"（{group}）" if group else ""
                for c in cols:
                    yield from sums.check(
                        (parent, c),
                        [(k, c) for k in kids],
                        f"{table_label(t)}{where}{row_label(parent)}「{col_label(c)}」列：{kind_word}金额与所属"
                        f"{kid_word}之和不符，",
                        key=(table_key(t), group, parent.code, norm(parent.name), col_label(c)),
                        formula=f"{kind_word} {parent.code} = Σ {kid_word} {kid_codes}",
                    )


# ---------------------------------------------------------------------------
# total row = Σ 类
# ---------------------------------------------------------------------------

#: the rows that close a classified table (a 支出 table may close with 本年支出合计)
_CLASS_TOTALS = ("合计", "总计", "本年支出合计", "本年收入合计", "支出合计", "收入合计")


@register_rule(
    "arith.total_classes",
    "合计行等于各类之和",
    Family.ARITHMETIC,
    Severity.ERROR,
    description="分类科目表的合计 / 总计行 = 各类（3 位科目）行之和，逐金额列核对。",
)
def rule_total_classes(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t in doc.tables:
        if t.perf is not None or t.empty or t.two_sided or not codes_reliable(t):
            continue  # two-sided tables: see arith.two_sided
        classes = class_rows(t)
        total = total_row(t, _CLASS_TOTALS)
        if not classes or total is None:
            continue
        sums = TableSums(ctx, doc, t)
        codes = " + ".join(sorted({k.code or "" for k in classes}))
        for c in additive_columns(t):
            yield from sums.check(
                (total, c),
                [(k, c) for k in classes],
                f"{table_label(t)}「{norm(total.name) or '合计'}」行「{col_label(c)}」列：合计与各类之和不符，",
                key=(table_key(t), norm(total.name), col_label(c)),
                formula=f"{norm(total.name) or '合计'} = Σ 类 {codes}",
            )


# ---------------------------------------------------------------------------
# 三公 by rows
# ---------------------------------------------------------------------------


@register_rule(
    "arith.three_public_rows",
    "三公经费行间勾稽",
    Family.ARITHMETIC,
    Severity.ERROR,
    description="按行列示的三公经费表：合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费；车辆小计 = 购置费 + 运行费。",
)
def rule_three_public_rows(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t in doc.tables:
        if t.std not in family_tables("three_public") or t.empty:
            continue
        rows = [r for r in body_rows(t) if r.kind != "note"]
        total = row_with(rows, "合计") or row_with(rows, "总计")
        abroad = row_with(rows, "出国")
        recep = row_with(rows, "接待")
        car = row_with(rows, "公务用车购置及运行") or row_with(rows, "车辆", "小计")
        buy = row_with(rows, "购置费", exclude=("运行", "及"))
        run = row_with(rows, "运行", exclude=("购置及", "购置和"))
        checks = []
        if (
            total
            and abroad
            and recep
            and car
            and len({total.index, abroad.index, recep.index, car.index}) == 4
        ):
            checks.append(
                (total, [abroad, recep, car], "合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费")
            )
        if car and buy and run and len({car.index, buy.index, run.index}) == 3:
            checks.append((car, [buy, run], "公务用车购置及运行费 = 购置费 + 运行费"))
        sums = TableSums(ctx, doc, t)
        for stated_row, addends, formula in checks:
            for c in additive_columns(t):
                yield from sums.check(
                    (stated_row, c),
                    [(a, c) for a in addends],
                    f"{table_label(t)}「{norm(stated_row.name)}」「{col_label(c)}」列：{formula} 不成立，",
                    key=(table_key(t), norm(stated_row.name), col_label(c)),
                    formula=formula,
                )


# ---------------------------------------------------------------------------
# 基本支出 (economic classes): 人员经费合计 / 公用经费合计 rows
# ---------------------------------------------------------------------------

#: economic classes that are 人员经费 in the final-account template
PERSONNEL_CLASSES = ("301", "303")


@register_rule(
    "arith.basic_personnel",
    "人员经费与公用经费合计",
    Family.ARITHMETIC,
    Severity.ERROR,
    description=(
        "基本支出决算表按行列示的“人员经费合计”= 301 工资福利支出 + 303 对个人和家庭的补助，"
        "“公用经费合计”= 其余经济分类类级科目（302、307、310、399 …）之和。"
    ),
)
def rule_basic_personnel(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t in doc.tables:
        if t.std not in family_tables("gpb_basic") or t.empty:
            continue
        pers, pub = personnel_rows(t)
        if pers is None and pub is None:
            continue
        classes = [r for r in t.rows if r.code and len(r.code) == 3]
        if not classes:
            continue
        cols = additive_columns(t)
        for stated_row, want_personnel in ((pers, True), (pub, False)):
            if stated_row is None:
                continue
            addends = [r for r in classes if (r.code in PERSONNEL_CLASSES) == want_personnel]
            # the amount of a 合计 row may sit in any amount column (multi-block layouts)
            stated_cells = valued_columns(stated_row, cols)
            if len(stated_cells) != 1 or not addends:
                continue
            sc = stated_cells[0]
            stated = amt(stated_row, sc)
            computed = ZERO
            used: list[tuple[Row, Column]] = []
            for a in addends:
                vals = valued_columns(a, cols)
                if len(vals) > 1:
                    break
                if vals:
                    computed += amt(a, vals[0])
                    used.append((a, vals[0]))
            else:
                sev = classify_difference(stated - computed, max(len(addends), 1), table_quantum(t))
                if sev is None:
                    continue
                label = "人员经费合计" if want_personnel else "公用经费合计"
                codes = " + ".join(a.code or "" for a in addends)
                yield ctx.finding(
                    f"{table_label(t)}「{label}」与所属经济分类类级科目之和不符，"
                    f"{gap_message(stated, computed, t, doc, sev)}",
                    key=(table_key(t), label),
                    severity=sev,
                    formula=f"{label} = {codes}",
                    stated=stated,
                    computed=computed,
                    locations=locs(t, [(stated_row, sc)] + used),
                    terms=cell_terms(t, used),
                )
