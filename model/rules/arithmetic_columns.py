"""Family 2 — intra-table arithmetic (表内勾稽): identities between columns.

Rules
-----
``arith.column_identity``
    Column identities read from the header tree: a 合计 / 小计 / 总计 column
    equals the sum of its sibling columns (合计 = 基本支出 + 项目支出,
    财政拨款小计 = Σ its parts, 人员经费 + 公用经费, 三公 合计 = 出国 + 车辆 + 接待 …).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from gouji.model.document import Column, Document, Row, StdTable, Table
from gouji.model.findings import Family, Finding, Severity
from gouji.model.rules.registry import RuleContext, register_rule
from gouji.model.rules.selectors import (
    additive_columns,
    amt,
    body_rows,
    col_label,
    group_contexts,
    is_header_row,
    is_total_part,
    leaf_label,
    row_label,
    sides,
    table_key,
    table_label,
)
from gouji.model.rules.sumcheck import TableSums, cell_terms, gap_message, locs, sum_gap
from gouji.model.text import norm

_NUMERIC_NAME = re.compile(r"^-?[\d,]+(\.\d+)?$")
_PIVOT_LEAVES = ("预算数", "决算数", "全年预算数", "年初预算数", "调整预算数")
#: columns that are a part of a sibling column ("其中：…", "扣除基建项目后预算数")
_SUBSET_WORDS = ("其中", "扣除")
#: 决算表 whose "年初预算 / 调整预算" columns sit beside the 决算 columns (not addends)
_BUDGET_BESIDE = (StdTable.F_GPB, StdTable.F_EXPENSE, StdTable.F_INCOME, StdTable.F_GOV_FUND, StdTable.F_SOE)


def _path(c: Column) -> list[str]:
    parts = [norm(p) for p in (c.label or c.leaf).split("/") if norm(p)]
    # 三公 final tables print 预算数 / 决算数 under each item: pivot them to the front
    if len(parts) > 1 and parts[-1] in _PIVOT_LEAVES:
        parts = [parts[-1]] + parts[:-1]
    return parts


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
    totals = [k for k in kids if k.col is not None and is_total_part(k.name)]
    if len(totals) == 1:
        total = totals[0]
        addends: list[Column] = []
        ok = True
        for k in kids:
            if k is total or "政府采购" in k.name:
                continue  # "支出总计 | 基本 | 项目 | 政府采购项目/小计": the procured share is a memo, no part
            if k.col is not None:
                addends.append(k.col)
                continue
            # a group: it contributes its own total if it prints one, else its leaves
            sub_tot = [g.col for g in k.children.values() if g.col is not None and is_total_part(g.name)]
            leaves = [g.col for g in k.children.values() if g.col is not None]
            if len(sub_tot) == 1:
                addends.append(sub_tot[0])
            elif k.children and len(leaves) == len(k.children):
                addends.extend(leaves)
            else:
                ok = False
        subsets = [a for a in addends if any(leaf_label(a).startswith(w) for w in _SUBSET_WORDS)]
        if subsets and len(subsets) == len(addends):
            ok = False  # "合计 | 其中：X": X is part of the total, not a complement
        elif subsets and any("扣除" in norm(a.label) for a in subsets):
            addends = [a for a in addends if a not in subsets]
        if "三公" in total.name:
            # “三公”经费合计 does not include the 会议费 / 培训费 printed beside it
            addends = [a for a in addends if not any(w in norm(a.label) for w in ("会议费", "培训费"))]
        if ok and addends and total.col is not None:
            yield total.col, addends, prefix
    for k in kids:
        if k.children:
            yield from _identities(k, f"{prefix}/{k.name}" if prefix else k.name)


def column_identities(t: Table, side: str | None = None) -> list[tuple[Column, list[Column], str]]:
    """(total column, addend columns, header group) of every identity the header tree shows."""
    cols = additive_columns(t, side)
    if t.two_sided and side is not None:
        cols = [c for c in cols if c.side == side]
    if t.std in _BUDGET_BESIDE:
        cols = [
            c
            for c in cols
            if "预算"
            not in norm(c.label).replace("一般公共预算", "").replace("经营预算", "").replace("基金预算", "")
        ]
    return list(_identities(_column_tree(cols)))


def _checked_rows(t: Table, side: str | None) -> list[Row]:
    return [
        r
        for r in body_rows(t)
        if (side is None or r.side == side)
        and r.kind != "note"
        and not is_header_row(r)
        and not _NUMERIC_NAME.match(norm(r.name))  # a row "named" by an amount was not split correctly
    ]


def _holding_prefix(rows: list[Row], total: Column, addends: list[Column], quantum: Decimal) -> list[Column]:
    """The leading addends that make the total on every row, when all of them do not.

    ("支出总计 = 基本支出 + 项目支出" on every row, with 事业单位经营支出 printed beside as an
    overlapping breakdown: the table itself shows the total is the first two.)  The columns left
    out must print amounts on at least two rows: one row whose total forgot a column is an error.
    """

    def fails(parts: list[Column]) -> bool:
        gaps = [sum_gap((r, total), [(r, a) for a in parts], quantum) for r in rows]
        return any(g is not None and g[2] == Severity.ERROR for g in gaps)

    if len(addends) < 3 or not fails(addends):
        return addends
    for k in range(2, len(addends)):
        overlapping = [r for r in rows if any(amt(r, a) != 0 for a in addends[k:])]
        if len(overlapping) >= 2 and not fails(addends[:k]):
            return addends[:k]
    return addends


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
        groups = group_contexts(t)
        for side in sides(t):
            for total_col, addends, _group in column_identities(t, side):
                evaluated: list[tuple[Row, Decimal, Decimal, Severity]] = []
                n_rows = 0
                rows = _checked_rows(t, side)
                addends = _holding_prefix(rows, total_col, addends, sums.quantum)
                for r in rows:
                    gap = sum_gap((r, total_col), [(r, a) for a in addends], sums.quantum)
                    if gap is None:
                        continue
                    n_rows += 1
                    stated, computed, sev = gap
                    ctx.count(t, sev)
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
                            groups[r.index],
                            r.code or "",
                            norm(r.name),
                            col_label(total_col),
                        ),
                        severity=sev,
                        formula=formula,
                        stated=stated,
                        computed=computed,
                        locations=locs(t, [(r, total_col)] + [(r, a) for a in addends]),
                        terms=cell_terms(t, [(r, a) for a in addends], by_column=True),
                    )
