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
from gouji.model.findings import Family, Finding, Term, cell_location
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
    outline_number,
    panel_name,
    row_label,
    row_with,
    side_columns,
    side_panels,
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


class _Outline:
    """The outline of a run of rows, read from the printed numbering.

    Each numbered row gets a depth (1 = outermost) from its numbering style: a style
    seen before returns to that depth, a new one opens the next (一、 > 1、 > （1） in one
    table, 一、 > （一） in another).  A class-coded row (类) is a top item.  A "其中" row and
    the unnumbered rows continuing its list are parts of the row above, never addends
    (``notes``).  Any other unnumbered row belongs to the nearest numbered row above it.
    """

    def __init__(self, rows: Sequence[Row]):
        self.rows = list(rows)
        self.position = {r.index: i for i, r in enumerate(self.rows)}  # row index → place in rows
        self.depth: dict[int, int] = {}
        self.ordinal: dict[int, int] = {}
        self.notes: set[int] = set()
        stack: list[str] = []
        in_note = False
        for r in self.rows:
            if r.code:
                in_note = False
                if code_level(r) == 1:
                    self.depth[r.index] = 1
                continue
            num = outline_number(r.name)
            if num is None:
                if norm(r.name).startswith("其中") or (in_note and not _closing(r)):
                    self.notes.add(r.index)
                    in_note = True
                continue
            in_note = False
            style, n = num
            if style in stack:
                del stack[stack.index(style) + 1 :]
            else:
                stack.append(style)
            self.depth[r.index] = len(stack)
            self.ordinal[r.index] = n

    def plain(self, r: Row) -> bool:
        """An unnumbered, uncoded row that names an item (not a 其中 part, not a total)."""
        return (
            r.index not in self.depth
            and r.index not in self.notes
            and not r.code
            and bool(norm(r.name))
            and not _closing(r)
        )

    def numbered_in_order(self, items: list[Row]) -> bool:
        """The items' numbers increase (a list may skip the numbers of lines it does not print);
        a number repeated or going back means two lists mixed.  Coded items are not numbered."""
        nums = [self.ordinal[r.index] for r in items if r.index in self.ordinal]
        return all(a < b for a, b in zip(nums, nums[1:], strict=False))

    def top_items(self) -> list[Row] | None:
        """The outermost items; None when that list is not certain (an unnumbered item before
        the first of them, numbering that restarts)."""
        items = [r for r in self.rows if self.depth.get(r.index) == 1]
        if not items:
            return None
        first = self.position[items[0].index]
        if any(self.plain(r) for r in self.rows[:first]) or not self.numbered_in_order(items):
            return None
        return items

    def children(self, parent: Row, *, allow_plain: bool) -> list[Row] | None:
        """The direct sub-items of a numbered row (the next level's numbered rows in its span,
        else the unnumbered rows right below it when ``allow_plain``); None when uncertain
        (both kinds, numbering that restarts), [] when it has none."""
        d = self.depth[parent.index]
        numbered: list[Row] = []
        plain: list[Row] = []
        plain_open = True
        for k in range(self.position[parent.index] + 1, len(self.rows)):  # no copy of the rest
            x = self.rows[k]
            xd = self.depth.get(x.index)
            if x.code or (xd is not None and xd <= d):
                break
            if xd == d + 1:
                numbered.append(x)
                plain_open = False
            elif xd is None and x.index not in self.notes:
                if _closing(x):
                    plain_open = False
                elif plain_open:
                    plain.append(x)
        if numbered and plain:
            return None
        if numbered:
            return numbered if self.numbered_in_order(numbered) else None
        return plain if allow_plain else []


def _closing(r: Row) -> bool:
    """A total / subtotal row."""
    s = norm(r.name)
    return r.kind in ("total", "subtotal") or any(w in s for w in ("合计", "总计", "小计"))


#: items printed below 本年收入合计 / 本年支出合计 that add to the 总计: carry-overs and balances,
#: and the sources and uses some templates print there (上级补助收入, 附属单位上缴收入, 上缴上级支出)
_TOP_WORDS = (
    "结转",
    "结余",
    "弥补",
    "提取",
    "分配",
    "上年",
    "年初",
    "年末",
    "使用",
    "上级补助",
    "附属单位",
    "上缴上级",
)
_SUB_STARTS = ("基本支出", "项目支出", "一般公共预算", "政府性基金", "国有资本", "其中")


def _after_year_checks(grand: Row, year: Row, after: list[Row]) -> list[tuple[Row, list[Row], str]]:
    """总计 = 本年合计 + the items printed between them; each such item = Σ its sub-items.

    When the year total is numbered (一、本年支出合计), the items are the rows numbered after
    it in the same style (二、年终结转结余); the rows before the first of them are the year
    total's breakdown.  Otherwise an unnumbered row naming an item (:data:`_TOP_WORDS`) is an
    item, and so is a numbered row continuing the numbering of the item above (六、结余分配,
    七、结转下年); a row numbered otherwise, naming a fund or a part (一般公共预算财政拨款,
    基本支出结转 …) or continuing a 其中 list is a sub-item of the item above.  Any other row
    leaves the items uncertain: nothing is checked.
    """
    year_num = outline_number(year.name)
    top_style = year_num[0] if year_num is not None else None
    tops: list[Row] = []
    subs: dict[int, list[Row]] = {}
    notes = _Outline(after).notes
    for r in after:
        if r.code or is_total_name(r.name) or not norm(r.name):
            continue
        name = norm(r.name)
        num = outline_number(r.name)
        named_top = any(w in name for w in _TOP_WORDS)
        if num is not None and num[0] == top_style:
            is_top = True
        elif year_num is not None:
            is_top = False  # the year total's breakdown, or a sub-item of the item above
        elif r.index in notes or num is not None or name.startswith(_SUB_STARTS):
            is_top = not tops
            if is_top and not named_top:
                return []  # a sub-item with no item above it
        elif named_top:
            is_top = True
        else:
            return []
        if is_top:
            if top_style is None and num is not None:
                top_style = num[0]
            tops.append(r)
            subs[r.index] = []
        elif tops:
            subs[tops[-1].index].append(r)
    out = [(grand, [year] + tops, "总计 = 本年合计 + 结转结余等")]
    for top in tops:
        kids = _item_subs(subs[top.index])
        if kids:
            out.append((top, kids, "结转结余 = Σ 各项"))
    return out


def _item_subs(rows: list[Row]) -> list[Row]:
    """The sub-items of one carry-over item: its outermost numbered rows, else its unnumbered
    rows; none when they mix or the numbering restarts, or for a "其中" list."""
    ol = _Outline(rows)
    numbered = [r for r in rows if ol.depth.get(r.index) == 1]
    plain = [r for r in rows if ol.plain(r)]
    if numbered:
        return numbered if not plain and ol.numbered_in_order(numbered) else []
    return plain


def _two_sided_checks(rows: list[Row]) -> list[tuple[Row, list[Row], str]]:
    """(stated row, addend rows, relation name) for one list of a two-sided table."""
    out: list[tuple[Row, list[Row], str]] = []
    grand = grand_total_row(rows)
    if grand is None:
        return out
    gi = rows.index(grand)
    body = [r for r in rows[:gi] if norm(r.name) or r.code]
    year = year_total_row(body)
    if year is not None:
        yi = body.index(year)
        head = body[:yi]
        ol = _Outline(head)
        items = ol.top_items()
        if items:
            out.append((year, items, "本年合计 = Σ 各项"))
        out.extend(_after_year_checks(grand, year, body[yi + 1 :]))
    else:
        head = body
        ol = _Outline(head)
        items = ol.top_items()
        if items:
            out.append((grand, items, "总计 = Σ 各类" if all(r.code for r in items) else "总计 = Σ 各项"))
    # a numbered item = Σ its direct sub-items
    for r in head:
        if r.index not in ol.depth or r.code:
            continue
        subs = ol.children(r, allow_plain=year is None and ol.depth[r.index] == 1)
        if subs:
            out.append((r, subs, "一级项目 = Σ 所属子项" if ol.depth[r.index] == 1 else "项目 = Σ 所属子项"))
    return out


def _panel_rows(rows: list[Row], label: Column | None) -> list[Row]:
    """The rows of one panel, named as the panel prints them."""
    if label is None:
        return rows
    out = []
    for r in rows:
        name = panel_name(r, label)
        s = norm(name)
        kind = "total" if is_total_name(s) else "subtotal" if s.endswith("小计") else "data"
        out.append(r.model_copy(update={"name": name, "code": None, "level": None, "kind": kind}))
    return out


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
            side_cols = side_columns(t, side)
            for label, cols in side_panels(t, side):
                for stated_row, addends, relation in _two_sided_checks(_panel_rows(rows, label)):
                    yield from _check_relation(sums, side, side_cols, cols, stated_row, addends, relation)


def _check_relation(
    sums: TableSums,
    side: str,
    side_cols: list[Column],
    cols: list[Column],
    stated_row: Row,
    addends: list[Row],
    relation: str,
) -> Iterator[Finding]:
    """``stated_row = Σ addends`` in each money column of one panel."""
    t = sums.t
    names = " + ".join(strip_ordinal(a.name) or (a.code or "") for a in addends[:8])
    if len(addends) > 8:
        names += " + …"
    formula = f"{strip_ordinal(stated_row.name)} = {names}"
    for c in cols:
        if not has_value(stated_row, c) and any(has_value(stated_row, o) for o in side_cols):
            continue  # the side prints several lists; this total sits in another column
        yield from sums.check(
            (stated_row, c),
            [(a, c) for a in addends],
            f"{table_label(t)}{side}方「{norm(stated_row.name)}」「{col_label(c)}」列：{relation}不成立，",
            key=(table_key(t), side, norm(stated_row.name), col_label(c)),
            formula=formula,
        )


def _panel_columns(t: Table, side: str) -> list[Column]:
    """The money columns of a side that belong to one of its item lists (not a 序号 column)."""
    return [c for _, cols in side_panels(t, side) for c in cols]


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
        ci = _panel_columns(t, gi.side or "")
        ce = _panel_columns(t, ge.side or "")
        if not ci or not ce:
            continue
        c_in = next((c for c in ci if has_value(gi, c)), ci[0])
        filled = [c for c in ce if has_value(ge, c)] or ce
        c_ex = column_with(filled, "合计") or filled[0]
        if not (has_value(gi, c_in) or has_value(ge, c_ex)):
            continue
        stated, computed = amt(gi, c_in), amt(ge, c_ex)
        sev = classify_difference(stated - computed, 1, table_quantum(t))
        ctx.count(t, sev)
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
            terms=[Term(label=norm(ge.name), value=computed, location=cell_location(t, ge, c_ex))],
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
