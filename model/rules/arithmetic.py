"""Family 2 — intra-table arithmetic (表内勾稽).

Rules
-----
``arith.hierarchy``
    类 = Σ 款, 款 = Σ 项 for every amount column (function and economic codes).
``arith.total_classes``
    合计 / 总计 row = Σ 类 rows.
``arith.column_identity``
    Column identities read from the header tree: a 合计 / 小计 / 总计 column
    equals the sum of its sibling columns (合计 = 基本支出 + 项目支出,
    财政拨款小计 = Σ its parts, 人员经费 + 公用经费, 三公 合计 = 出国 + 车辆 + 接待 …).
``arith.two_sided``
    Row structure of two-sided tables (收支总表, 财政拨款收支总表): 本年收入合计 =
    Σ sources; 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余;
    支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余; parent item = Σ its
    numbered sub-items.
``arith.balance``
    Two-sided balance: 收入总计 = 支出总计.
``arith.three_public_rows``
    三公 tables laid out by rows: 合计 = 出国 + 接待 + 车辆小计; 车辆小计 = 购置 + 运行.
``arith.fund_balance``
    Per fund: 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余 (财政拨款收入支出决算总表;
    every row of the 政府性基金 / 国有资本经营 决算表).
``arith.basic_personnel``
    基本支出表 printed by rows: 人员经费合计 = 301 + 303, 公用经费合计 = the other classes.

The module also holds the table helpers shared by the other rule modules of
this family group (inter-table, performance, completeness).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable, Iterator, Sequence

from gouji.model.document import Column, Document, Row, StdTable, Table
from gouji.model.findings import Family, Finding, Location, Severity
from gouji.model.rules.registry import (
    CENT,
    RuleContext,
    cell_location,
    classify_difference,
    register_rule,
)

ZERO = Decimal("0")

# ---------------------------------------------------------------------------
# shared helpers
# ---------------------------------------------------------------------------

#: column labels that are never amounts to add up (line numbers, ratios …)
_NON_ADDITIVE = (
    "行次",
    "栏次",
    "%",
    "比例",
    "增减",
    "增长",
    "比上年",
    "上年数",
    "上年预算",
    "上年决算",
)

_WS = re.compile(r"\s+")
_NUMERIC_NAME = re.compile(r"^-?[\d,]+(\.\d+)?$")
_UNLABELLED = re.compile(r"^第\d+列$")


def fmt(d: Decimal | None) -> str:
    """Format an amount the way the documents print it (thousands, two decimals)."""
    if d is None:
        return "—"
    q = d.quantize(CENT) if d == d.quantize(CENT) else d
    s = f"{q:,}"
    return s


def norm(text: str | None) -> str:
    """Text without whitespace (wrapped header / name cells)."""
    return _WS.sub("", text or "")


def table_key(t: Table) -> str:
    """Stable identity of a table for finding keys (its standard kind, else its title)."""
    return t.std.value if t.std else norm(t.title)


def table_label(t: Table) -> str:
    """Table title for messages: 《收入决算表》."""
    title = norm(t.title) or t.id
    return f"《{title}》"


def row_label(r: Row) -> str:
    """Row as a reviewer reads it: code + name."""
    name = norm(r.name)
    if r.code and name:
        return f"{r.code} {name}"
    return r.code or name or f"第{r.index + 1}行"


def col_label(c: Column) -> str:
    return norm(c.label) or norm(c.leaf) or f"第{c.index + 1}列"


def additive_columns(t: Table, side: str | None = None) -> list[Column]:
    """Amount columns that hold money (not 行次 / ratios / 其中 columns)."""
    out = []
    for c in t.amount_columns(side):
        lab = norm(c.label)
        if any(k in lab for k in _NON_ADDITIVE):
            continue
        if not lab or _UNLABELLED.match(lab.split("/")[-1]):
            continue  # a column without a header cannot be named nor trusted
        out.append(c)
    return out


def amt(r: Row, c: Column | int) -> Decimal:
    """Amount of a row in a column; blank or missing cells read as 0."""
    idx = c.index if isinstance(c, Column) else c
    v = r.amount(idx)
    return v if v is not None else ZERO


def has_value(r: Row, c: Column | int) -> bool:
    idx = c.index if isinstance(c, Column) else c
    cell = r.cell(idx)
    return cell is not None and cell.value is not None


def code_level(r: Row) -> int | None:
    """Level of a coded row: 1 = 类 (3 digits), 2 = 款 (5), 3 = 项 (7)."""
    if r.level is not None:
        return r.level
    if not r.code:
        return None
    return {3: 1, 5: 2, 7: 3}.get(len(r.code))


def codes_reliable(t: Table) -> bool:
    """False when one code carries different names inside the table.

    Inside one table a code always has one name (project tables repeat a
    code under each unit, with the same name); different names mean the
    code columns were not read (e.g. 类 | 款 | 项 columns taken as amounts),
    so code-based rules skip the table rather than report noise.
    """
    names: dict[str, str] = {}
    for r in t.rows:
        if not r.code or not norm(r.name):
            continue
        n = norm(r.name)
        if names.setdefault(r.code, n) != n:
            return False
    return True


def table_unit(t: Table, doc: Document | None = None) -> str | None:
    return t.unit or (doc.money_unit if doc is not None else None)


_UNIT_FACTOR = {"元": Decimal(1), "万元": Decimal(10000)}


def comparable(
    a: Decimal,
    ua: str | None,
    b: Decimal,
    ub: str | None,
    qa: Decimal = CENT,
    qb: Decimal = CENT,
) -> tuple[Decimal, Decimal, Decimal, str] | None:
    """Bring two amounts (with their tables' rounding steps ``qa`` / ``qb``) into one unit.

    Returns ``(a', b', quantum, unit)``: the amounts in the coarser unit and the
    rounding step to compare them with (the coarser of the two), or None when
    a unit is not one of 元 / 万元.
    """
    if ua == ub or ua is None or ub is None:
        unit = ua or ub or "万元"
        return a, b, max(qa, qb), unit
    fa, fb = _UNIT_FACTOR.get(ua), _UNIT_FACTOR.get(ub)
    if fa is None or fb is None:
        return None
    coarse = max(fa, fb)
    unit = ua if fa == coarse else ub
    # the finer amount is converted exactly; the rounding of the coarser print dominates
    return a * fa / coarse, b * fb / coarse, max(qa * fa / coarse, qb * fb / coarse), unit


def table_quantum(t: Table) -> Decimal:
    """Rounding step of the printed amounts: 0.01 normally, 1 for tables printing whole 元,
    finer when the table prints more decimals (some publishers print 万元 to six places)."""
    decimals = None
    for r in t.rows:
        for c in r.cells:
            if c.value is None or c.value == 0:
                continue
            exp = c.value.as_tuple().exponent
            d = -exp if isinstance(exp, int) and exp < 0 else 0
            decimals = d if decimals is None else max(decimals, d)
    if decimals is None:
        return CENT
    if decimals == 0 and t.unit != "元":
        return CENT  # 万元 amounts are rounded to 0.01 even when printed without decimals
    return Decimal(1).scaleb(-min(decimals, 6))


def ordinal_level(name: str) -> int | None:
    """Outline level of a row name: 一、 → 1; 1、 / 1. / （一） → 2; 其中 → 3; else None."""
    s = norm(name)
    if re.match(r"^[一二三四五六七八九十]+[、.．]", s):
        return 1
    if re.match(r"^(\d+[、.．)）]|[（(][一二三四五六七八九十\d]+[)）])", s):
        return 2
    if s.startswith("其中"):
        return 3
    return None


def strip_ordinal(name: str) -> str:
    s = norm(name)
    s = re.sub(r"^(其中[:：]?)", "", s)
    s = re.sub(r"^([一二三四五六七八九十]+[、.．]|\d+[、.．)）]|[（(][一二三四五六七八九十\d]+[)）])", "", s)
    return s


def body_rows(t: Table) -> list[Row]:
    """Rows of the table proper: a closing note ("注：本表反映…") ends the table, so rows
    after it belong to whatever the page prints next."""
    out: list[Row] = []
    for r in t.rows:
        if r.kind == "note" and norm(r.name).startswith(("注", "说明", "备注")):
            break
        out.append(r)
    return out


def is_header_row(r: Row) -> bool:
    """Column-number rows printed under the header (栏次 / ※ / 1 2 3 …)."""
    s = norm(r.name)
    return s.startswith("栏次") or s.startswith("※") or s in ("行次",)


def is_total_name(name: str) -> bool:
    s = norm(name)
    return s.endswith("合计") or s.endswith("总计") or s in ("合计", "总计")


def group_context(t: Table, r: Row) -> str:
    """Name of the nearest uncoded grouping row above ``r`` (unit rows of project tables)."""
    ctx = ""
    for x in t.rows:
        if x.index >= r.index:
            break
        if not x.code and x.kind == "data" and norm(x.name):
            ctx = norm(x.name)
        elif x.kind == "total":
            ctx = ""
    return ctx


def diff_message(stated: Decimal, computed: Decimal, unit: str | None) -> str:
    u = unit or ""
    return f"列示 {fmt(stated)}{u}，计算 {fmt(computed)}{u}，差额 {fmt(stated - computed)}{u}"


def severity_word(sev: Severity) -> str:
    return "（尾差，可由加数四舍五入解释）" if sev == Severity.ROUNDING else ""


def gap_message(stated: Decimal, computed: Decimal, t: Table, doc: Document, sev: Severity) -> str:
    """ "列示 …，计算 …，差额 …" in the table's unit, with the rounding note when it applies."""
    return diff_message(stated, computed, table_unit(t, doc)) + severity_word(sev)


def sum_gap(
    total: tuple[Row, Column], parts: Sequence[tuple[Row, Column]], quantum: Decimal
) -> tuple[Decimal, Decimal, Severity | None] | None:
    """(stated, computed, severity) of ``total = Σ parts`` on printed cells (blank cells read as 0).

    The severity is None when the two agree; the result is None when none of the
    cells prints a value (nothing to check).
    """
    if not (has_value(*total) or any(has_value(r, c) for r, c in parts)):
        return None
    stated = amt(*total)
    computed = sum((amt(r, c) for r, c in parts), ZERO)
    return stated, computed, classify_difference(stated - computed, len(parts), quantum)


class TableSums:
    """Checks ``total = Σ parts`` on the cells of one table and words the findings."""

    def __init__(self, ctx: RuleContext, doc: Document, t: Table):
        self.ctx, self.doc, self.t = ctx, doc, t
        self.quantum = table_quantum(t)

    def check(
        self,
        total: tuple[Row, Column],
        parts: list[tuple[Row, Column]],
        head: str,
        *,
        key: tuple,
        formula: str,
    ) -> Iterator[Finding]:
        """The finding, if ``total = Σ parts`` fails: ``head`` + "列示 …，计算 …，差额 …"."""
        gap = sum_gap(total, parts, self.quantum)
        if gap is None or gap[2] is None:
            return
        stated, computed, sev = gap
        yield self.ctx.finding(
            head + gap_message(stated, computed, self.t, self.doc, sev),
            key=key,
            severity=sev,
            formula=formula,
            stated=stated,
            computed=computed,
            locations=locs(self.t, [total, *parts]),
        )


def locs(t: Table, rows: Iterable[tuple[Row, Column | None]]) -> list[Location]:
    return [cell_location(t, r, c) for r, c in rows]


# ---------------------------------------------------------------------------
# hierarchy: 类 = Σ 款, 款 = Σ 项
# ---------------------------------------------------------------------------


def _sides(t: Table) -> list[str | None]:
    if t.two_sided:
        sides = sorted({r.side for r in t.rows if r.side})
        return sides or [None]
    return [None]


def children_of(t: Table, parent: Row, side: str | None = None) -> list[Row]:
    """Rows one level below ``parent`` that follow it, until the branch ends."""
    lvl = code_level(parent)
    if lvl is None or not parent.code:
        return []
    out: list[Row] = []
    started = False
    for r in t.rows:
        if r.index == parent.index:
            started = True
            continue
        if not started or (side is not None and r.side != side):
            continue
        if r.kind in ("note",):
            continue
        if not r.code:
            if r.kind in ("total", "subtotal") or norm(r.name):
                # an uncoded row with a name (unit group, total) ends the branch,
                # unless it is a bare continuation line without amounts
                if r.cells and any(c.value is not None for c in r.cells):
                    break
            continue
        rl = code_level(r)
        if rl is None:
            continue
        if rl <= lvl or not r.code.startswith(parent.code):
            break
        if rl == lvl + 1:
            out.append(r)
    return out


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
        for side in _sides(t):
            cols = additive_columns(t, side) if side else additive_columns(t)
            if t.two_sided and side:
                cols = [c for c in cols if c.side in (side, None)]
            if not cols:
                continue
            for parent in t.rows:
                if side is not None and parent.side != side:
                    continue
                lvl = code_level(parent)
                if lvl not in (1, 2) or not parent.code:
                    continue
                kids = children_of(t, parent, side)
                if not kids:
                    continue
                group = group_context(t, parent)
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

_GRAND_TOTALS = ("合计", "总计", "本年支出合计", "本年收入合计", "支出合计", "收入合计")


def _class_rows(t: Table, side: str | None) -> list[Row]:
    return [r for r in t.rows if r.code and code_level(r) == 1 and (side is None or r.side == side)]


def _plain_total_row(t: Table, side: str | None) -> Row | None:
    """The table's own 合计 / 总计 row (the first one), on ``side``."""
    for r in t.rows:
        if side is not None and r.side != side:
            continue
        if r.code:
            continue
        if norm(r.name) in _GRAND_TOTALS or (r.kind == "total" and not norm(r.name)):
            return r
    return None


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
        classes = _class_rows(t, None)
        total = _plain_total_row(t, None)
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
# column identities from the header tree
# ---------------------------------------------------------------------------

_PIVOT_LEAVES = ("预算数", "决算数", "全年预算数", "年初预算数", "调整预算数")
#: columns that are a part of a sibling column ("其中：…", "扣除基建项目后预算数")
_SUBSET_WORDS = ("其中", "扣除")
_TOTAL_WORDS = ("合计", "小计", "总计", "总数")


def _path(c: Column) -> list[str]:
    parts = [norm(p) for p in (c.label or c.leaf).split("/") if norm(p)]
    # 三公 final tables print 预算数 / 决算数 under each item: pivot them to the front
    if len(parts) > 1 and parts[-1] in _PIVOT_LEAVES:
        parts = [parts[-1]] + parts[:-1]
    return parts


def _is_total_part(p: str) -> bool:
    return any(p.endswith(w) for w in _TOTAL_WORDS) and not p.startswith("其中")


class _Node:
    __slots__ = ("name", "children", "col")

    def __init__(self, name: str):
        self.name = name
        self.children: dict[str, _Node] = {}
        self.col: Column | None = None


def _column_tree(cols: list[Column]) -> _Node:
    root = _Node("")
    for c in cols:
        node = root
        for p in _path(c):
            node = node.children.setdefault(p, _Node(p))
        if node.col is None and not node.children:
            node.col = c
    return root


def _identities(node: _Node, prefix: str = "") -> Iterator[tuple[Column, list[Column], str]]:
    """Yield (total column, addend columns, group name) for every group with a total leaf."""
    kids = list(node.children.values())
    totals = [k for k in kids if k.col is not None and _is_total_part(k.name)]
    if len(totals) == 1:
        total = totals[0]
        addends: list[Column] = []
        ok = True
        for k in kids:
            if k is total:
                continue
            if k.col is not None:
                addends.append(k.col)
                continue
            # a group: it contributes its own total if it prints one, else its leaves
            sub_tot = [g for g in k.children.values() if g.col is not None and _is_total_part(g.name)]
            if len(sub_tot) == 1:
                addends.append(sub_tot[0].col)  # type: ignore[arg-type]
            elif all(g.col is not None for g in k.children.values()) and k.children:
                addends.extend(g.col for g in k.children.values())  # type: ignore[misc]
            else:
                ok = False
        subsets = [
            a for a in addends if any(norm(a.label).split("/")[-1].startswith(w) for w in _SUBSET_WORDS)
        ]
        if subsets and len(subsets) == len(addends):
            ok = False  # "合计 | 其中：X": X is part of the total, not a complement
        elif subsets and any("扣除" in norm(a.label) for a in subsets):
            addends = [a for a in addends if a not in subsets]
        if "三公" in total.name:
            # “三公”经费合计 does not include the 会议费 / 培训费 printed beside it
            addends = [a for a in addends if not any(w in norm(a.label) for w in ("会议费", "培训费"))]
        if ok and addends:
            yield total.col, addends, prefix  # type: ignore[misc]
    for k in kids:
        if k.children:
            yield from _identities(k, f"{prefix}/{k.name}" if prefix else k.name)


def column_identities(t: Table, side: str | None = None) -> list[tuple[Column, list[Column], str]]:
    cols = additive_columns(t, side)
    if t.two_sided and side is not None:
        cols = [c for c in cols if c.side == side]
    # 决算表 "年初预算 / 调整预算" columns sit beside the 决算 columns and are not addends
    if t.std in (StdTable.F_GPB, StdTable.F_EXPENSE, StdTable.F_INCOME, StdTable.F_GOV_FUND, StdTable.F_SOE):
        cols = [
            c
            for c in cols
            if "预算"
            not in norm(c.label).replace("一般公共预算", "").replace("经营预算", "").replace("基金预算", "")
        ]
    return list(_identities(_column_tree(cols)))


@register_rule(
    "arith.column_identity",
    "列间勾稽（合计 = 各组成列之和）",
    Family.ARITHMETIC,
    Severity.ERROR,
    description=(
        "按表头层级识别合计 / 小计 / 总计列：合计 = 同级各列之和（如 合计 = 基本支出 + 项目支出；"
        "财政拨款小计 = 各来源之和；基本支出 = 人员经费 + 公用经费；三公 合计 = 出国 + 车辆 + 接待），逐行核对。"
    ),
)
def rule_column_identity(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t in doc.tables:
        if t.perf is not None or t.empty:
            continue
        sums = TableSums(ctx, doc, t)
        for side in _sides(t):
            for total_col, addends, _group in column_identities(t, side):
                evaluated: list[tuple[Row, Decimal, Decimal, Severity]] = []
                n_rows = 0
                for r in body_rows(t):
                    if side is not None and r.side != side:
                        continue
                    if r.kind == "note" or is_header_row(r) or _NUMERIC_NAME.match(norm(r.name)):
                        continue  # a row "named" by an amount was not split into cells correctly
                    gap = sum_gap((r, total_col), [(r, a) for a in addends], sums.quantum)
                    if gap is None:
                        continue
                    n_rows += 1
                    stated, computed, sev = gap
                    if sev is not None:
                        evaluated.append((r, stated, computed, sev))
                formula = f"{col_label(total_col)} = " + " + ".join(col_label(a) for a in addends)
                errors = [e for e in evaluated if e[3] == Severity.ERROR]
                if n_rows >= 3 and len(errors) * 2 > n_rows:
                    # the identity fails on most rows: the header was not what it seems
                    r0 = errors[0][0]
                    yield ctx.finding(
                        f"{table_label(t)}：表头所示列关系「{formula}」在 {len(errors)}/{n_rows} 行不成立，"
                        "可能是表头结构与通用格式不同或列识别有误，请人工核对该表各列。",
                        key=(table_key(t), "structure", col_label(total_col)),
                        severity=Severity.WARNING,
                        formula=formula,
                        locations=locs(t, [(r0, total_col)]),
                    )
                    evaluated = [e for e in evaluated if e[3] != Severity.ERROR]
                for r, stated, computed, sev in evaluated:
                    msg = (
                        f"{table_label(t)}「{row_label(r)}」行：「{col_label(total_col)}」与各组成列之和不符，"
                        f"{gap_message(stated, computed, t, doc, sev)}"
                    )
                    yield ctx.finding(
                        msg,
                        key=(
                            table_key(t),
                            group_context(t, r),
                            r.code or "",
                            norm(r.name),
                            col_label(total_col),
                        ),
                        severity=sev,
                        formula=formula,
                        stated=stated,
                        computed=computed,
                        locations=locs(t, [(r, total_col)] + [(r, a) for a in addends]),
                    )


# ---------------------------------------------------------------------------
# two-sided tables
# ---------------------------------------------------------------------------


def side_rows(t: Table, side: str) -> list[Row]:
    return [r for r in t.rows if r.side == side and r.kind != "note"]


def side_columns(t: Table, side: str) -> list[Column]:
    return [c for c in additive_columns(t) if c.side == side]


def grand_total_row(rows: Sequence[Row]) -> Row | None:
    """The last 总计 row of a side (收入总计 / 支出总计 / 总计)."""
    cands = [r for r in rows if not r.code and "总计" in norm(r.name)]
    if cands:
        return cands[-1]
    cands = [r for r in rows if not r.code and norm(r.name) == "合计"]
    if cands:
        return cands[-1]
    # "收入合计" / "支出合计" closing a side that prints no 总计
    named = [r for r in rows if norm(r.name) or r.code]
    last = named[-1] if named else None
    if last is not None and not last.code and norm(last.name) in ("收入合计", "支出合计"):
        return last
    return None


def year_total_row(rows: Sequence[Row]) -> Row | None:
    """本年收入合计 / 本年支出合计 (or 收入合计 / 支出合计) when the side prints one."""
    for r in rows:
        s = norm(r.name)
        if not r.code and ("本年" in s or "当年" in s) and (s.endswith("合计") or s.endswith("小计")):
            return r
    for r in rows:
        s = norm(r.name)
        if not r.code and s in ("收入合计", "支出合计", "本年收入", "本年支出"):
            return r
    return None


def _is_class_item(r: Row) -> bool:
    return bool(r.code and code_level(r) == 1)


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
    Severity.ERROR,
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
        for side in _sides(t):
            if side is None:
                continue
            rows = side_rows(t, side)
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
    Severity.ERROR,
    description="两侧式总表：收入方总计 = 支出方总计（支出方取“合计”列）。",
)
def rule_balance(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t in doc.tables:
        if t.perf is not None or t.empty or not t.two_sided:
            continue
        inc = [r for r in t.rows if r.side and "收" in r.side]
        exp = [r for r in t.rows if r.side and "支" in r.side]
        gi, ge = grand_total_row(inc), grand_total_row(exp)
        if gi is None or ge is None:
            continue
        ci = side_columns(t, gi.side or "")
        ce = side_columns(t, ge.side or "")
        if not ci or not ce:
            continue
        c_in = next((c for c in ci if has_value(gi, c)), ci[0])
        filled = [c for c in ce if has_value(ge, c)] or ce
        c_ex = next((c for c in filled if "合计" in norm(c.label)), filled[0])
        if not (has_value(gi, c_in) or has_value(ge, c_ex)):
            continue
        stated, computed = amt(gi, c_in), amt(ge, c_ex)
        sev = classify_difference(stated - computed, 1, table_quantum(t))
        if sev is None:
            continue
        u = table_unit(t, doc) or ""
        yield ctx.finding(
            f"{table_label(t)}收支不平衡：{norm(gi.name)} {fmt(stated)}{u}，{norm(ge.name)} {fmt(computed)}{u}，"
            f"差额 {fmt(stated - computed)}{u}{severity_word(sev)}",
            key=(table_key(t),),
            severity=sev,
            formula=f"{norm(gi.name)} = {norm(ge.name)}",
            stated=stated,
            computed=computed,
            locations=locs(t, [(gi, c_in), (ge, c_ex)]),
        )


# ---------------------------------------------------------------------------
# 三公 by rows
# ---------------------------------------------------------------------------

_THREE = (StdTable.B_THREE_PUBLIC, StdTable.F_THREE_PUBLIC)


def _find(rows: Sequence[Row], *keys: str, exclude: tuple[str, ...] = ()) -> Row | None:
    for r in rows:
        s = norm(r.name)
        if all(k in s for k in keys) and not any(e in s for e in exclude):
            return r
    return None


@register_rule(
    "arith.three_public_rows",
    "三公经费行间勾稽",
    Family.ARITHMETIC,
    Severity.ERROR,
    description="按行列示的三公经费表：合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费；车辆小计 = 购置费 + 运行费。",
)
def rule_three_public_rows(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t in doc.tables:
        if t.std not in _THREE or t.empty:
            continue
        rows = [r for r in body_rows(t) if r.kind != "note"]
        total = _find(rows, "合计") or _find(rows, "总计")
        abroad = _find(rows, "出国")
        recep = _find(rows, "接待")
        car = _find(rows, "公务用车购置及运行") or _find(rows, "车辆", "小计")
        buy = _find(rows, "购置费", exclude=("运行", "及"))
        run = _find(rows, "运行", exclude=("购置及", "购置和"))
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
        if t.std not in (StdTable.F_GPB_BASIC, StdTable.B_GPB_BASIC) or t.empty:
            continue
        pers = _find(t.rows, "人员经费", "合计")
        pub = _find(t.rows, "公用经费", "合计")
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
            stated_cells = [c for c in cols if has_value(stated_row, c)]
            if len(stated_cells) != 1 or not addends:
                continue
            sc = stated_cells[0]
            stated = amt(stated_row, sc)
            computed = ZERO
            used: list[tuple[Row, Column]] = []
            for a in addends:
                vals = [c for c in cols if has_value(a, c)]
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
                )


__all__ = [
    "additive_columns",
    "amt",
    "children_of",
    "code_level",
    "col_label",
    "column_identities",
    "comparable",
    "fmt",
    "grand_total_row",
    "has_value",
    "norm",
    "ordinal_level",
    "row_label",
    "strip_ordinal",
    "table_key",
    "table_label",
    "table_unit",
    "year_total_row",
]


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
    inc = [r for r in t.rows if r.side and "收" in r.side and r.kind != "note"]
    exp = [r for r in t.rows if r.side and "支" in r.side and r.kind != "note"]
    ci = [c for c in additive_columns(t) if c.side and "收" in c.side]
    ce = [c for c in additive_columns(t) if c.side and "支" in c.side]
    year_in, year_ex = year_total_row(inc), year_total_row(exp)
    if year_in is None or year_ex is None or len(ci) != 1:
        return {}
    c_in = ci[0]
    yi = inc.index(year_in)
    for r in inc[:yi]:
        f = _fund_of(r.name)
        if f and ordinal_level(r.name) == 1:
            out[f]["本年收入"] = (r, c_in)
    begin = next((r for r in inc[yi + 1 :] if "年初" in norm(r.name) and "结转" in norm(r.name)), None)
    if begin is None:
        return {}
    for r in inc[inc.index(begin) + 1 :]:
        f = _fund_of(r.name)
        if f and not is_total_name(r.name):
            out[f].setdefault("年初", (r, c_in))
    end = next(
        (r for r in exp[exp.index(year_ex) + 1 :] if "年末" in norm(r.name) and "结转" in norm(r.name)), None
    )
    if end is None:
        return {}
    for f in FUNDS:
        col = next((c for c in ce if f in norm(c.label)), None)
        if col is not None:
            out[f]["本年支出"] = (year_ex, col)
            out[f]["年末"] = (end, col)
    return out


@register_rule(
    "arith.fund_balance",
    "分资金结转平衡",
    Family.ARITHMETIC,
    Severity.ERROR,
    description=(
        "财政拨款收入支出决算总表及政府性基金 / 国有资本经营决算表，按资金来源："
        "年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余。"
    ),
)
def rule_fund_balance(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t in doc.tables:
        if t.empty or t.perf is not None:
            continue
        if t.std in (StdTable.F_FISCAL,) and t.two_sided:
            for fund, parts in _fund_rows_fiscal(t).items():
                if len(parts) != 4:
                    continue
                if not any(has_value(r, c) for r, c in parts.values()):
                    continue
                lhs = amt(*parts["年初"]) + amt(*parts["本年收入"])
                rhs = amt(*parts["本年支出"]) + amt(*parts["年末"])
                sev = classify_difference(lhs - rhs, 4, table_quantum(t))
                if sev is None:
                    continue
                yield ctx.finding(
                    f"{table_label(t)}{fund}财政拨款：年初结转和结余 {fmt(amt(*parts['年初']))} + 本年收入 "
                    f"{fmt(amt(*parts['本年收入']))} = {fmt(lhs)}，而本年支出 {fmt(amt(*parts['本年支出']))} + 年末结转和结余 "
                    f"{fmt(amt(*parts['年末']))} = {fmt(rhs)}，差额 {fmt(lhs - rhs)}{severity_word(sev)}",
                    key=(table_key(t), fund),
                    severity=sev,
                    formula=f"{fund}：年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余",
                    stated=lhs,
                    computed=rhs,
                    locations=locs(t, [parts[k] for k in ("年初", "本年收入", "本年支出", "年末")]),
                )
        elif t.std in (StdTable.F_GOV_FUND, StdTable.F_SOE):
            cols = additive_columns(t)
            begin = next((c for c in cols if "年初" in norm(c.label) or "上年结转" in norm(c.label)), None)
            income = next((c for c in cols if norm(c.label).endswith("本年收入")), None)
            spend = next(
                (
                    c
                    for c in cols
                    if "本年支出" in norm(c.label) and _is_total_part(norm(c.label).split("/")[-1])
                ),
                None,
            ) or next((c for c in cols if norm(c.label) == "本年支出"), None)
            end = next((c for c in cols if "年末" in norm(c.label)), None)
            if None in (begin, income, spend, end):
                continue
            for r in body_rows(t):
                if r.kind == "note" or is_header_row(r):
                    continue
                if not any(has_value(r, c) for c in (begin, income, spend, end)):  # type: ignore[arg-type]
                    continue
                lhs = amt(r, begin) + amt(r, income)  # type: ignore[arg-type]
                rhs = amt(r, spend) + amt(r, end)  # type: ignore[arg-type]
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
