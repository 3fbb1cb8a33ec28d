"""Family 2 — intra-table arithmetic (表内勾稽): two-sided tables and fund balances.

Rules
-----
``arith.two_sided``
    Row structure of two-sided tables (收支总表, 财政拨款收支总表): 本年收入合计 =
    Σ sources; 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余;
    支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余; parent item = Σ its
    numbered sub-items.
``arith.balance``
    Two-sided balance: 收入总计 = 支出总计.
``arith.fund_balance``
    Per fund: 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余 (财政拨款收入支出决算总表;
    every row of the 政府性基金 / 国有资本经营 决算表).
"""

from __future__ import annotations

from typing import Iterator, Sequence

from gouji.model.document import Column, Document, Row, StdTable, Table
from gouji.model.findings import Family, Finding
from gouji.model.rules.registry import RuleContext, classify_difference, register_rule
from gouji.model.rules.selectors import (
    amt,
    body_rows,
    code_level,
    col_label,
    column_with,
    grand_total_row,
    has_value,
    is_header_row,
    is_total_name,
    is_total_part,
    leaf_label,
    row_label,
    row_with,
    side_columns,
    side_rows,
    sides,
    table_key,
    table_label,
    table_quantum,
    table_unit,
    year_total_row,
)
from gouji.model.rules.sumcheck import TableSums, gap_message, locs, severity_word
from gouji.model.rules.wording import fmt, ordinal_level, strip_ordinal
from gouji.model.text import norm

INCOME, EXPENSE = "收入", "支出"


def effective_levels(rows: Sequence[Row]) -> dict[int, int | None]:
    """Outline level per row index; unnumbered rows after a 其中 row stay in the 其中 list."""
    out: dict[int, int | None] = {}
    prev: int | None = None
    for r in rows:
        lv = ordinal_level(r.name)
        if lv is None and prev == 3 and not r.code and not is_total_name(r.name):
            lv = 3
        if r.code and code_level(r) == 1:
            lv = 1
        out[r.index] = lv
        prev = lv
    return out


#: items printed below 本年收入合计 / 本年支出合计 that add to the 总计
_TOP_WORDS = ("结转", "结余", "弥补", "提取", "分配", "上年", "年初", "年末", "使用")
_SUB_STARTS = ("基本支出", "项目支出", "一般公共预算", "政府性基金", "国有资本", "其中")


def _top_items_after_year(after: list[Row], lv: dict[int, int | None]) -> list[Row]:
    """Top-level rows between the year total and the grand total.

    Rows naming a carry-over / balance item are top-level; unnumbered rows that
    follow such an item and name something else (the fund breakdown
    "一般公共预算财政拨款" under 年初财政拨款结转和结余) are its sub-items.
    """
    tops: list[Row] = []
    for r in after:
        if lv[r.index] is not None or r.code or is_total_name(r.name):
            continue
        name = norm(r.name)
        if tops and name.startswith(_SUB_STARTS):
            continue  # 基本支出结转 / 项目支出结转和结余 / 一般公共预算财政拨款 … under the item above
        if any(w in name for w in _TOP_WORDS) or not tops:
            tops.append(r)
    return tops


def _two_sided_checks(rows: list[Row]) -> list[tuple[Row, list[Row], str]]:
    """(stated row, addend rows, relation name) for one side of a two-sided table."""
    out: list[tuple[Row, list[Row], str]] = []
    grand = grand_total_row(rows)
    if grand is None:
        return out
    lv = effective_levels(rows)
    gi = rows.index(grand)
    body = [r for r in rows[:gi] if norm(r.name) or r.code]
    year = year_total_row(body)
    if year is not None:
        yi = body.index(year)
        items = [r for r in body[:yi] if lv[r.index] == 1]
        if items:
            out.append((year, items, "本年合计 = Σ 各项"))
        after = body[yi + 1 :]
        tops = _top_items_after_year(after, lv)
        out.append((grand, [year] + tops, "总计 = 本年合计 + 结转结余等"))
        for i, r in enumerate(after):
            if r in tops:
                subs = []
                for x in after[i + 1 :]:
                    if x in tops or is_total_name(x.name):
                        break
                    if lv[x.index] in (1, 2, None) and not x.code:
                        subs.append(x)
                if subs:
                    out.append((r, subs, "结转结余 = Σ 各项"))
        head = body[:yi]
    else:
        head = body
        items = [r for r in body if lv[r.index] == 1]
        children: set[int] = set()
        for r in items:
            if not r.code:
                children.update(x.index for x in _sub_items(head, r, lv, allow_plain=True))
        others = [
            r
            for r in body
            if lv[r.index] is None
            and r.index not in children
            and not r.code
            and not is_total_name(r.name)
            and any(c.value is not None for c in r.cells)
        ]
        if items and not others:
            out.append((grand, items, "总计 = Σ 各类" if all(r.code for r in items) else "总计 = Σ 各项"))
    # parent item (一、) = Σ its sub-items (numbered 1、 / （一）, else the unnumbered rows below it)
    for r in head:
        if lv[r.index] != 1 or r.code:
            continue
        subs = _sub_items(head, r, lv, allow_plain=year is None)
        if subs:
            out.append((r, subs, "一级项目 = Σ 所属子项"))
    return out


def _sub_items(head: list[Row], parent: Row, lv: dict[int, int | None], allow_plain: bool) -> list[Row]:
    """Numbered sub-items of an outline item, else the unnumbered rows right below it."""
    numbered: list[Row] = []
    plain: list[Row] = []
    i = head.index(parent)
    plain_open = True
    for x in head[i + 1 :]:
        xl = lv[x.index]
        if xl == 1 or x.code:
            break
        if xl == 2:
            numbered.append(x)
            plain_open = False
        elif xl is None:
            if x.kind in ("total", "subtotal") or any(w in norm(x.name) for w in ("合计", "总计", "小计")):
                plain_open = False
            elif plain_open:
                plain.append(x)
    if numbered:
        return numbered
    return plain if allow_plain else []


@register_rule(
    "arith.two_sided",
    "收支总表行间勾稽",
    Family.ARITHMETIC,
    description=(
        "收支总表 / 财政拨款收支总表各侧：本年收入（支出）合计 = Σ 各项；收入总计 = 本年收入合计 + "
        "使用非财政拨款结余 + 年初结转和结余；支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余；"
        "一级项目 = Σ 其下编号子项。"
    ),
)
def rule_two_sided(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t in doc.tables:
        if t.perf is not None or t.empty or not t.two_sided:
            continue
        sums = TableSums(ctx, doc, t)
        for side in sides(t):
            if side is None:
                continue
            rows = side_rows(t, side, notes=False)
            cols = side_columns(t, side)
            for stated_row, addends, relation in _two_sided_checks(rows):
                names = " + ".join(strip_ordinal(a.name) or (a.code or "") for a in addends[:8])
                if len(addends) > 8:
                    names += " + …"
                formula = f"{strip_ordinal(stated_row.name)} = {names}"
                for c in cols:
                    if not has_value(stated_row, c) and any(has_value(stated_row, o) for o in cols):
                        continue  # the side prints several lists; this total sits in another column
                    yield from sums.check(
                        (stated_row, c),
                        [(a, c) for a in addends],
                        f"{table_label(t)}{side}方「{norm(stated_row.name)}」「{col_label(c)}」列：{relation}不成立，",
                        key=(table_key(t), side, norm(stated_row.name), col_label(c)),
                        formula=formula,
                    )


@register_rule(
    "arith.balance",
    "收支平衡（收入总计 = 支出总计）",
    Family.ARITHMETIC,
    description="两侧式总表：收入方总计 = 支出方总计（支出方取“合计”列）。",
)
def rule_balance(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t in doc.tables:
        if t.perf is not None or t.empty or not t.two_sided:
            continue
        gi, ge = grand_total_row(side_rows(t, INCOME)), grand_total_row(side_rows(t, EXPENSE))
        if gi is None or ge is None:
            continue
        ci = side_columns(t, gi.side or "")
        ce = side_columns(t, ge.side or "")
        if not ci or not ce:
            continue
        c_in = next((c for c in ci if has_value(gi, c)), ci[0])
        filled = [c for c in ce if has_value(ge, c)] or ce
        c_ex = column_with(filled, "合计") or filled[0]
        if not (has_value(gi, c_in) or has_value(ge, c_ex)):
            continue
        stated, computed = amt(gi, c_in), amt(ge, c_ex)
        sev = classify_difference(stated - computed, 1, table_quantum(t))
        if sev is None:
            continue
        u = table_unit(t, doc) or ""
        yield ctx.finding(
            f"{table_label(t)}收支不平衡：{norm(gi.name)} {fmt(stated, exact=True)}{u}，"
            f"{norm(ge.name)} {fmt(computed, exact=True)}{u}，"
            f"差额 {fmt(stated - computed, exact=True)}{u}{severity_word(sev)}",
            key=(table_key(t),),
            severity=sev,
            formula=f"{norm(gi.name)} = {norm(ge.name)}",
            stated=stated,
            computed=computed,
            locations=locs(t, [(gi, c_in), (ge, c_ex)]),
        )


# ---------------------------------------------------------------------------
# per fund: 年初结转 + 本年收入 = 本年支出 + 年末结转
# ---------------------------------------------------------------------------

FUNDS = ("一般公共预算", "政府性基金", "国有资本经营")


def _fund_of(name: str) -> str | None:
    s = norm(name)
    return next((f for f in FUNDS if f in s), None)


def _fund_rows_fiscal(t: Table) -> dict[str, dict[str, tuple[Row, Column]]]:
    """For a 财政拨款收入支出决算总表: fund → {"本年收入", "年初", "本年支出", "年末"} → (row, column)."""
    out: dict[str, dict[str, tuple[Row, Column]]] = {f: {} for f in FUNDS}
    inc = side_rows(t, INCOME, notes=False)
    exp = side_rows(t, EXPENSE, notes=False)
    ci = side_columns(t, INCOME)
    ce = side_columns(t, EXPENSE)
    year_in, year_ex = year_total_row(inc), year_total_row(exp)
    if year_in is None or year_ex is None or len(ci) != 1:
        return {}
    c_in = ci[0]
    yi = inc.index(year_in)
    for r in inc[:yi]:
        f = _fund_of(r.name)
        if f and ordinal_level(r.name) == 1:
            out[f]["本年收入"] = (r, c_in)
    begin = row_with(inc[yi + 1 :], "年初", "结转")
    if begin is None:
        return {}
    for r in inc[inc.index(begin) + 1 :]:
        f = _fund_of(r.name)
        if f and not is_total_name(r.name):
            out[f].setdefault("年初", (r, c_in))
    end = row_with(exp[exp.index(year_ex) + 1 :], "年末", "结转")
    if end is None:
        return {}
    for f in FUNDS:
        col = column_with(ce, f)
        if col is not None:
            out[f]["本年支出"] = (year_ex, col)
            out[f]["年末"] = (end, col)
    return out


def _fund_columns(t: Table) -> tuple[Column, Column, Column, Column] | None:
    """The 年初结转, 本年收入, 本年支出 and 年末结转 columns of a 政府性基金 / 国有资本经营 决算表."""
    cols = side_columns(t, None)
    begin = next((c for c in cols if "年初" in norm(c.label) or "上年结转" in norm(c.label)), None)
    income = next((c for c in cols if norm(c.label).endswith("本年收入")), None)
    spend = next(
        (c for c in cols if "本年支出" in norm(c.label) and is_total_part(leaf_label(c))), None
    ) or next((c for c in cols if norm(c.label) == "本年支出"), None)
    end = column_with(cols, "年末")
    if begin is None or income is None or spend is None or end is None:
        return None
    return begin, income, spend, end


@register_rule(
    "arith.fund_balance",
    "分资金结转平衡",
    Family.ARITHMETIC,
    description=(
        "财政拨款收入支出决算总表及政府性基金 / 国有资本经营决算表，按资金来源："
        "年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余。"
    ),
)
def rule_fund_balance(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t in doc.tables:
        if t.empty or t.perf is not None:
            continue
        if t.std == StdTable.F_FISCAL and t.two_sided:
            yield from _fiscal_fund_balance(doc, ctx, t)
        elif t.std in (StdTable.F_GOV_FUND, StdTable.F_SOE):
            yield from _row_fund_balance(doc, ctx, t)


def _fiscal_fund_balance(doc: Document, ctx: RuleContext, t: Table) -> Iterator[Finding]:
    for fund, parts in _fund_rows_fiscal(t).items():
        if len(parts) != 4:
            continue
        if not any(has_value(r, c) for r, c in parts.values()):
            continue
        begin, income, spent, end = (amt(*parts[k]) for k in ("年初", "本年收入", "本年支出", "年末"))
        lhs, rhs = begin + income, spent + end
        sev = classify_difference(lhs - rhs, 4, table_quantum(t))
        if sev is None:
            continue
        yield ctx.finding(
            f"{table_label(t)}{fund}财政拨款：年初结转和结余 {fmt(begin, exact=True)} + 本年收入 "
            f"{fmt(income, exact=True)} = {fmt(lhs, exact=True)}，而本年支出 {fmt(spent, exact=True)} + "
            f"年末结转和结余 {fmt(end, exact=True)} = {fmt(rhs, exact=True)}，"
            f"差额 {fmt(lhs - rhs, exact=True)}{severity_word(sev)}",
            key=(table_key(t), fund),
            severity=sev,
            formula=f"{fund}：年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余",
            stated=lhs,
            computed=rhs,
            locations=locs(t, [parts[k] for k in ("年初", "本年收入", "本年支出", "年末")]),
        )


def _row_fund_balance(doc: Document, ctx: RuleContext, t: Table) -> Iterator[Finding]:
    found = _fund_columns(t)
    if found is None:
        return
    begin, income, spend, end = found
    for r in body_rows(t):
        if r.kind == "note" or is_header_row(r):
            continue
        if not any(has_value(r, c) for c in found):
            continue
        lhs = amt(r, begin) + amt(r, income)
        rhs = amt(r, spend) + amt(r, end)
        sev = classify_difference(lhs - rhs, 4, table_quantum(t))
        if sev is None:
            continue
        yield ctx.finding(
            f"{table_label(t)}「{row_label(r)}」行：年初结转和结余 + 本年收入 ≠ 本年支出 + 年末结转和结余，"
            f"{gap_message(lhs, rhs, t, doc, sev)}",
            key=(table_key(t), r.code or "", norm(r.name)),
            severity=sev,
            formula="年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余",
            stated=lhs,
            computed=rhs,
            locations=locs(t, [(r, begin), (r, income), (r, spend), (r, end)]),
        )
