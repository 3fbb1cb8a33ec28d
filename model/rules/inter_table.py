"""Family 3 — inter-table reconciliation (表间勾稽).

Rules
-----
``inter.totals``
    Key totals carried from one standard table to another (budget T1 收入总计 =
    T2 总计 = T3 合计, T4 一般公共预算 = T5 合计, T5 基本支出 = T6 合计, T5 项目支出
    = T7 合计; final T1 本年收入 = T2 合计, T1 本年支出 = T3 合计, T4 一般公共预算 =
    T5 合计, T5 基本支出 = T6 人员经费合计 + 公用经费合计 …).
``inter.code_amounts``
    The same function code carries the same amount in the related column of
    related tables (T1 支出 classes = T3 类 rows; T2 总计 = T3 合计 for every
    code; T4 一般公共预算 classes = T5 类 rows; final T1 classes = T3; T4 = T5).
``inter.code_names``
    The same code carries the same name in every standard table.

Amounts are compared in one money unit: when two tables print different
units (元 / 万元) the finer amount is converted; the tolerance follows the
coarser table's rounding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterator, Sequence

from gouji.model.document import Column, Document, Row, StdTable, Table
from gouji.model.findings import Family, Finding, Location, Severity, Term, cell_location
from gouji.model.rules.registry import RuleContext, classify_difference, register_rule
from gouji.model.rules.selectors import (
    ZERO,
    additive_columns,
    amt,
    code_level,
    codes_reliable,
    col_label,
    column_by_label,
    comparable,
    first_column,
    grand_total_row,
    has_value,
    personnel_rows,
    row_with,
    side_rows,
    table_label,
    table_quantum,
    table_unit,
    total_row,
    valued_columns,
    year_total_row,
)
from gouji.model.rules.wording import fmt, strip_ordinal
from gouji.model.text import norm

#: 功能分类 classes (2024 names, with older names that map to the same class)
FUNCTION_CLASSES: dict[str, str] = {
    "一般公共服务支出": "201",
    "外交支出": "202",
    "国防支出": "203",
    "公共安全支出": "204",
    "教育支出": "205",
    "科学技术支出": "206",
    "文化旅游体育与传媒支出": "207",
    "文化体育与传媒支出": "207",
    "社会保障和就业支出": "208",
    "社会保险基金支出": "209",
    "卫生健康支出": "210",
    "医疗卫生与计划生育支出": "210",
    "节能环保支出": "211",
    "城乡社区支出": "212",
    "农林水支出": "213",
    "交通运输支出": "214",
    "资源勘探工业信息等支出": "215",
    "资源勘探信息等支出": "215",
    "商业服务业等支出": "216",
    "金融支出": "217",
    "援助其他地区支出": "219",
    "自然资源海洋气象等支出": "220",
    "国土海洋气象等支出": "220",
    "住房保障支出": "221",
    "粮油物资储备支出": "222",
    "国有资本经营预算支出": "223",
    "灾害防治及应急管理支出": "224",
    "预备费": "227",
    "其他支出": "229",
    "转移性支出": "230",
    "债务还本支出": "231",
    "债务付息支出": "232",
    "债务发行费用支出": "233",
    "抗疫特别国债安排的支出": "234",
}

_CODE_PREFIX = re.compile(r"^(\d{3,7})")


def class_code(r: Row) -> str | None:
    """Function class code of a class row: its code, a leading code in the name, or the name's class."""
    if r.code:
        return r.code if code_level(r) == 1 else None
    name = norm(r.name)
    m = _CODE_PREFIX.match(name)
    if m and len(m.group(1)) == 3:
        return m.group(1)
    return FUNCTION_CLASSES.get(strip_ordinal(name))


#: sub-column groups that are never the table total
_PARTS = ("基本支出", "项目支出", "人员经费", "公用经费")

Pick = Callable[[Table], "tuple[Row, Column, str] | None"]


#: the rows that close a table compared with another
_LINK_TOTALS = ("合计", "总计", "本年支出合计", "本年收入合计")


def pick_total(*col_alts: tuple[str, ...], exclude: tuple[str, ...] = ()) -> Pick:
    """Total row × the first column matching one of ``col_alts`` (or the first column)."""

    def f(t: Table):
        r = total_row(t, _LINK_TOTALS, fallback="kind")
        if r is None:
            return None
        c = column_by_label(t, *col_alts, exclude=exclude) if col_alts else first_column(t)
        totals_only = all(
            k in ("合计", "总计", "小计", "本年收入合计", "本年支出合计") for keys in col_alts for k in keys
        )
        if c is None and totals_only and len(additive_columns(t)) == 1:
            c = additive_columns(t)[0]  # a one-column table (预算数 / 决算数) prints its total there
        if c is None:
            return None
        return r, c, f"{norm(r.name)}「{col_label(c)}」"

    return f


def pick_side_total(side: str, which: str, *col_alts: tuple[str, ...]) -> Pick:
    """Two-sided table: ``which`` = "grand" (总计) or "year" (本年合计) on ``side`` ("收入" / "支出")."""

    def f(t: Table):
        rows = side_rows(t, side)
        r = grand_total_row(rows) if which == "grand" else year_total_row(rows)
        return None if r is None else _side_cell(t, side, r, col_alts)

    return f


def pick_side_row(side: str, name_keys: tuple[str, ...], *col_alts: tuple[str, ...]) -> Pick:
    """Two-sided table: the first row on ``side`` whose name holds every key."""

    def f(t: Table):
        r = row_with(side_rows(t, side), *name_keys)
        return None if r is None else _side_cell(t, side, r, col_alts)

    return f


def _side_cell(t: Table, side: str, r: Row, col_alts: tuple[tuple[str, ...], ...]):
    """Row ``r`` × the first ``side`` column matching one of ``col_alts`` (or the side's first column)."""
    c = column_by_label(t, *col_alts, side=side) if col_alts else first_column(t, side)
    # messages name the side by its first character: 收方 / 支方
    return None if c is None else (r, c, f"{side[0]}方「{norm(r.name)}」「{col_label(c)}」")


def pick_basic_final(t: Table):
    """Final 基本支出表 total: 人员经费合计 + 公用经费合计 (rows), else its 合计 row."""
    pers, pub = personnel_rows(t)
    if pers is not None and pub is not None:
        cols = additive_columns(t)
        vp, vu = valued_columns(pers, cols), valued_columns(pub, cols)
        if len(vp) == 1 and len(vu) == 1:
            return (pers, vp[0], pub, vu[0])
    return None


@dataclass(frozen=True)
class TotalLink:
    a: StdTable
    pick_a: Pick
    b: StdTable
    pick_b: Pick
    formula: str


BUDGET_LINKS = [
    TotalLink(
        StdTable.B_OVERVIEW,
        pick_side_total("收入", "grand"),
        StdTable.B_INCOME,
        pick_total(("总计",), ("合计",)),
        "收支总表 收入总计 = 收入总表 总计",
    ),
    TotalLink(
        StdTable.B_INCOME,
        pick_total(("总计",), ("合计",)),
        StdTable.B_EXPENSE,
        pick_total(("合计",), ("总计",), ("小计",), exclude=_PARTS),
        "收入总表 总计 = 支出总表 合计",
    ),
    TotalLink(
        StdTable.B_OVERVIEW,
        pick_side_total("支出", "grand"),
        StdTable.B_EXPENSE,
        pick_total(("合计",), ("总计",), ("小计",), exclude=_PARTS),
        "收支总表 支出总计 = 支出总表 合计",
    ),
    TotalLink(
        StdTable.B_FISCAL,
        pick_side_total("支出", "grand", ("一般公共预算",)),
        StdTable.B_GPB,
        pick_total(("合计",), ("总计",), ("小计",), exclude=_PARTS),
        "财政拨款收支总表 一般公共预算 = 一般公共预算支出表 合计",
    ),
    TotalLink(
        StdTable.B_GPB,
        pick_total(("基本支出",), ("基本支出", "小计"), ("基本支出", "合计")),
        StdTable.B_GPB_BASIC,
        pick_total(("合计",), ("总计",), ("小计",), exclude=_PARTS),
        "一般公共预算支出表 基本支出 = 一般公共预算基本支出表 合计",
    ),
    TotalLink(
        StdTable.B_GPB,
        pick_total(("项目支出",), ("项目支出", "小计"), ("项目支出", "合计"), ("项目支出", "总数")),
        StdTable.B_GPB_PROJECT,
        pick_total(("合计",), ("总计",), ("小计",), exclude=_PARTS),
        "一般公共预算支出表 项目支出 = 一般公共预算项目支出表 合计",
    ),
]

FINAL_LINKS = [
    TotalLink(
        StdTable.F_OVERVIEW,
        pick_side_total("收入", "year"),
        StdTable.F_INCOME,
        pick_total(("本年收入合计",), ("合计",)),
        "收入支出决算总表 本年收入合计 = 收入决算表 合计",
    ),
    TotalLink(
        StdTable.F_OVERVIEW,
        pick_side_total("支出", "year"),
        StdTable.F_EXPENSE,
        pick_total(("本年支出合计",), ("合计",)),
        "收入支出决算总表 本年支出合计 = 支出决算表 合计",
    ),
    TotalLink(
        StdTable.F_FISCAL,
        pick_side_total("支出", "year", ("一般公共预算",)),
        StdTable.F_GPB,
        pick_total(
            ("合计",), ("总计",), ("小计",), exclude=_PARTS + ("预算数", "年初预算", "调整预算", "全年预算")
        ),
        "财政拨款收入支出决算总表 一般公共预算 本年支出 = 一般公共预算财政拨款支出决算表 合计",
    ),
    TotalLink(
        StdTable.F_OVERVIEW,
        pick_side_row("收入", ("一般公共预算",)),
        StdTable.F_FISCAL,
        pick_side_row("收入", ("一般公共预算",)),
        "收入支出决算总表 一般公共预算财政拨款收入 = 财政拨款收入支出决算总表 一般公共预算财政拨款",
    ),
]


def _compare(
    doc: Document,
    ctx: RuleContext,
    ta: Table,
    a: tuple[Row, Column, str],
    tb: Table,
    b: tuple[Row, Column, str],
    formula: str,
    key: tuple,
    va: Decimal | None = None,
    extra_locs: Sequence[Location] = (),
) -> Iterator[Finding]:
    ra, ca, da = a
    rb, cb, db = b
    if va is None and not (has_value(ra, ca) or has_value(rb, cb)):
        return
    x = amt(ra, ca) if va is None else va
    y = amt(rb, cb)
    conv = comparable(x, table_unit(ta, doc), y, table_unit(tb, doc), table_quantum(ta), table_quantum(tb))
    if conv is None:
        return
    x2, y2, quantum, unit = conv
    sev = classify_difference(x2 - y2, 1, quantum)
    if sev is None:
        return
    word = "（尾差）" if sev == Severity.ROUNDING else ""
    yield ctx.finding(
        f"{table_label(ta)}{da} {fmt(x2, exact=True)}{unit} 与 {table_label(tb)}{db} {fmt(y2, exact=True)}{unit} 不一致，"
        f"差额 {fmt(x2 - y2, exact=True)}{unit}{word}",
        key=key,
        severity=sev,
        formula=formula,
        stated=x2,
        computed=y2,
        locations=[cell_location(ta, ra, ca), *extra_locs, cell_location(tb, rb, cb)],
        terms=[Term(label=f"{table_label(tb)}{db}", value=y2, location=cell_location(tb, rb, cb))],
    )


@register_rule(
    "inter.totals",
    "表间总数一致",
    Family.INTER_TABLE,
    Severity.ERROR,
    description=(
        "预算：收支总表收入总计 = 收入总表总计 = 支出总表合计；财政拨款收支总表一般公共预算 = 一般公共预算支出表合计；"
        "一般公共预算支出表基本支出 = 基本支出表合计，项目支出 = 项目支出表合计。决算：总表本年收入合计 = 收入决算表合计，"
        "本年支出合计 = 支出决算表合计；财政拨款总表一般公共预算 = 一般公共预算财政拨款支出决算表合计；"
        "其基本支出 = 基本支出决算表人员经费合计 + 公用经费合计。"
    ),
)
def rule_totals(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for link in BUDGET_LINKS + FINAL_LINKS:
        ta, tb = doc.table(link.a), doc.table(link.b)
        if ta is None or tb is None or ta.empty or tb.empty:
            continue
        a, b = link.pick_a(ta), link.pick_b(tb)
        if a is None or b is None:
            continue
        yield from _compare(doc, ctx, ta, a, tb, b, link.formula, (link.a.value, link.b.value, a[2], b[2]))
    # final: 一般公共预算财政拨款支出决算表 基本支出 = 基本支出决算表 人员经费合计 + 公用经费合计
    t5, t6 = doc.table(StdTable.F_GPB), doc.table(StdTable.F_GPB_BASIC)
    if t5 is not None and t6 is not None and not t5.empty and not t6.empty:
        a = pick_total(("基本支出",), ("基本支出", "小计"), ("基本支出", "合计"))(t5)
        parts = pick_basic_final(t6)
        if a is not None and parts is not None:
            pers, cp, pub, cu = parts
            total = amt(pers, cp) + amt(pub, cu)
            yield from _compare(
                doc,
                ctx,
                t6,
                (pers, cp, "人员经费合计 + 公用经费合计"),
                t5,
                a,
                "基本支出决算表 人员经费合计 + 公用经费合计 = 一般公共预算财政拨款支出决算表 基本支出",
                (StdTable.F_GPB_BASIC.value, StdTable.F_GPB.value, "basic"),
                va=total,
                extra_locs=[cell_location(t6, pub, cu)],
            )


# ---------------------------------------------------------------------------
# per code
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeLink:
    a: StdTable
    col_a: tuple[tuple[str, ...], ...]
    side_a: str | None
    b: StdTable
    col_b: tuple[tuple[str, ...], ...]
    classes_only: bool
    formula: str


CODE_LINKS = [
    CodeLink(
        StdTable.B_OVERVIEW,
        (),
        "支出",
        StdTable.B_EXPENSE,
        (("合计",), ("总计",), ("小计",)),
        True,
        "收支总表 支出类 = 支出总表 同类 合计",
    ),
    CodeLink(
        StdTable.B_INCOME,
        (("总计",), ("合计",)),
        None,
        StdTable.B_EXPENSE,
        (("合计",), ("总计",), ("小计",)),
        False,
        "收入总表 总计 = 支出总表 合计（同一科目）",
    ),
    CodeLink(
        StdTable.B_FISCAL,
        (("一般公共预算",),),
        "支出",
        StdTable.B_GPB,
        (("合计",), ("总计",), ("小计",)),
        True,
        "财政拨款收支总表 一般公共预算 = 一般公共预算支出表 合计（同一类）",
    ),
    CodeLink(
        StdTable.F_OVERVIEW,
        (),
        "支出",
        StdTable.F_EXPENSE,
        (("本年支出合计",), ("合计",)),
        True,
        "收入支出决算总表 支出类 = 支出决算表 同类 本年支出合计",
    ),
    CodeLink(
        StdTable.F_FISCAL,
        (("一般公共预算",),),
        "支出",
        StdTable.F_GPB,
        (("合计",), ("总计",), ("小计",)),
        True,
        "财政拨款收入支出决算总表 一般公共预算 = 一般公共预算财政拨款支出决算表 合计（同一类）",
    ),
]


def _coded(t: Table, side: str | None, classes_only: bool) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for r in t.rows:
        if side is not None and r.side != side:
            continue
        code = class_code(r) if classes_only else r.code
        if code:
            out.setdefault(code, []).append(r)
    return out


@register_rule(
    "inter.code_amounts",
    "同一科目表间金额一致",
    Family.INTER_TABLE,
    Severity.ERROR,
    description=(
        "同一功能分类科目在相关表的对应列金额一致：收支总表各支出类 = 支出总表类级合计；收入总表总计 = 支出总表合计"
        "（逐科目）；财政拨款收支总表一般公共预算各类 = 一般公共预算支出表类级合计；决算总表各支出类 = 支出决算表；"
        "财政拨款决算总表一般公共预算各类 = 一般公共预算财政拨款支出决算表。某表有金额而另一表缺该科目时给出警告。"
    ),
)
def rule_code_amounts(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for link in CODE_LINKS:
        ta, tb = doc.table(link.a), doc.table(link.b)
        if (
            ta is None
            or tb is None
            or ta.empty
            or tb.empty
            or not codes_reliable(ta)
            or not codes_reliable(tb)
        ):
            continue
        ca = (
            column_by_label(ta, *link.col_a, side=link.side_a)
            if link.col_a
            else first_column(ta, link.side_a)
        )
        cb = column_by_label(tb, *link.col_b, exclude=_PARTS)
        if ca is None or cb is None:
            continue
        ra, rb = _coded(ta, link.side_a, link.classes_only), _coded(tb, None, link.classes_only)
        if link.classes_only:
            rb = {k: [r for r in v if r.code and code_level(r) == 1] for k, v in rb.items()}
            rb = {k: v for k, v in rb.items() if v}
        if not ra or not rb:
            continue
        # tables that repeat a code (project tables) are not compared per code
        if any(len(v) > 1 for v in ra.values()) or any(len(v) > 1 for v in rb.values()):
            continue
        common = set(ra) & set(rb)
        if not common:
            continue
        for code in sorted(set(ra) | set(rb)):
            if code in common:
                x, y = ra[code][0], rb[code][0]
                yield from _compare(
                    doc,
                    ctx,
                    ta,
                    (x, ca, f"{code} {strip_ordinal(x.name)}「{col_label(ca)}」"),
                    tb,
                    (y, cb, f"{code} {strip_ordinal(y.name)}「{col_label(cb)}」"),
                    link.formula,
                    (link.a.value, link.b.value, code, col_label(ca), col_label(cb)),
                )
                continue
            # present (with money) in one table only
            if code in ra:
                t_has, row, col, t_miss = ta, ra[code][0], ca, tb
            else:
                t_has, row, col, t_miss = tb, rb[code][0], cb, ta
            v = amt(row, col)
            if v == ZERO:
                continue
            u = table_unit(t_has, doc) or ""
            yield ctx.finding(
                f"{table_label(t_has)}{code} {strip_ordinal(row.name)}「{col_label(col)}」列示 {fmt(v, exact=True)}{u}，"
                f"但{table_label(t_miss)}没有该科目行",
                key=(link.a.value, link.b.value, code, "missing"),
                severity=Severity.WARNING,
                formula=link.formula,
                stated=v,
                locations=[cell_location(t_has, row, col)],
            )


# ---------------------------------------------------------------------------
# names
# ---------------------------------------------------------------------------

_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "（", "]": "）", "【": "（", "】": "）"})


def name_key(name: str) -> str:
    return strip_ordinal(norm(name)).translate(_BRACKETS).rstrip("：:")


@register_rule(
    "inter.code_names",
    "同一科目名称一致",
    Family.INTER_TABLE,
    Severity.WARNING,
    description="同一科目编码在各公开表中的科目名称应一致（如 210 不应在一表称“卫生健康支出”、另一表称“医疗卫生与计划生育支出”）。",
)
def rule_code_names(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    seen: dict[str, dict[str, list[tuple[Table, Row]]]] = {}
    for t in doc.standard_tables:
        if t.empty or not codes_reliable(t):
            continue
        for r in t.rows:
            if not r.code:
                continue
            n = name_key(r.name)
            if not n:
                continue
            seen.setdefault(r.code, {}).setdefault(n, []).append((t, r))
    for code, variants in sorted(seen.items()):
        if len(variants) < 2:
            continue
        names = sorted(variants, key=lambda n: (-len(variants[n]), n))
        # a name that is a truncated form of another is a wrapped cell, not a different name
        distinct = [n for n in names if not any(m != n and (m.startswith(n) or m.endswith(n)) for m in names)]
        if len(distinct) < 2:
            continue
        parts = []
        locations = []
        for n in distinct:
            tabs = "、".join(dict.fromkeys(table_label(t) for t, _ in variants[n]))
            parts.append(f"“{n}”（{tabs}）")
            t0, r0 = variants[n][0]
            locations.append(cell_location(t0, r0, None))
        yield ctx.finding(
            f"科目 {code} 在不同表中名称不一致：" + "；".join(parts),
            key=(code,),
            formula=f"科目 {code} 名称在各表相同",
            locations=locations,
        )
