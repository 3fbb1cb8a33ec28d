"""Structural self-check (``parse.uncertain``): a table Gouji probably misread.

Published tables almost always reconcile: a real mistake is one wrong figure, which
breaks a few relations (its 款 = Σ 项, its row's 合计 = Σ columns), never most of
them.  When a table fails a large share of its own relations, or shows the marks of
two tables read as one, the fault is far likelier to be the reading than the
document.  This post-pass then reports one warning for the table and holds back
every table-dependent finding that points at it (arithmetic, cross-table,
text-against-table, rates), so that one misread table never produces a screen of
errors.

Signals (each is enough on its own):

- failing relations: at least :data:`MIN_FAILED` of the relations the arithmetic
  rules evaluated on the table fail, and they are at least :data:`FAILED_SHARE` of
  all it evaluated, or of those of one rule (counted by the rules through
  ``ctx.count``, see :class:`~gouji.model.rules.registry.CheckTally`);
- a 合计 / 总计 row between 类 rows whose amounts differ from the first total (a
  second table's total; a total repeated at the top of each page prints the same
  amounts);
- 类 codes of the function classification (2xx) and of an economic one (3xx / 5xx)
  in one one-sided table;
- a header row repeated inside the body (two or more header words such as 科目编码 /
  科目名称, no amount);
- a row that reads like a table title ("表8 一般公共预算支出表（按经济分类）");
- columns out of place: two or more rows with an amount in the name / code column or words
  in an amount column (a continuation page whose columns drifted from the header's).
"""

from __future__ import annotations

import re
from decimal import Decimal

from gouji.model.document import Document, Row, Table
from gouji.model.findings import Family, Finding, Location
from gouji.model.numbers import looks_like_amount
from gouji.model.rules.registry import RuleContext, register_post_pass
from gouji.model.rules.selectors import body_rows, code_level, table_key, table_label
from gouji.model.text import norm

#: a table is uncertain when at least this many of its relations fail …
MIN_FAILED = 4
#: … and they are at least this share of the relations evaluated on it
FAILED_SHARE = Decimal("0.25")
#: families of findings that depend on how a table was read (held back when it is uncertain)
DEPENDENT = (Family.ARITHMETIC, Family.INTER_TABLE, Family.NARRATIVE, Family.RATES)

_HEADER_WORDS = (
    "编码",
    "科目名称",
    "项目名称",
    "单位名称",
    "功能分类",
    "经济分类",
    "预算科目",
    "预算数",
    "决算数",
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
#: rows out of their columns before a table counts as drifted
MIN_MISPLACED = 2
_TITLE_ROW = re.compile(r"(预算|决算)[^，。；：:]{0,16}表$|^(表|公开|预算|决算)\d{1,2}表?[^\d]")
#: first digit of a 类 code: function classification, economic classifications
_FUNCTION, _ECONOMIC = ("2",), ("3", "5")


def _pages(rows: list[Row]) -> str:
    pages = sorted({r.page for r in rows if r.page})
    return "、".join(map(str, pages))


def _amounts(r: Row) -> dict[int, Decimal]:
    return {c.col: c.value for c in r.cells if c.value is not None}


def _second_total(rows: list[Row]) -> list[Row]:
    """合计 / 总计 rows between 类 rows whose amounts differ from the first total's."""
    classes = [i for i, r in enumerate(rows) if r.code and code_level(r) == 1]
    totals = [i for i, r in enumerate(rows) if not r.code and norm(r.name) in ("合计", "总计")]
    if not classes or len(totals) < 2:
        return []
    first = _amounts(rows[totals[0]])
    return [
        rows[i]
        for i in totals[1:]
        if classes[0] < i < classes[-1] and _amounts(rows[i]) and _amounts(rows[i]) != first
    ]


def _mixed_classifications(rows: list[Row]) -> bool:
    heads = {r.code[0] for r in rows if r.code and code_level(r) == 1}
    return bool(heads & set(_FUNCTION)) and bool(heads & set(_ECONOMIC))


def _header_rows(rows: list[Row]) -> list[Row]:
    """Body rows (not the first) with no amount and two or more header words."""
    out = []
    for r in rows[1:]:
        if any(c.value is not None for c in r.cells):
            continue
        texts = [norm(r.name)] + [norm(c.text) for c in r.cells]
        if sum(1 for x in texts if any(w in x for w in _HEADER_WORDS)) >= 2:
            out.append(r)
    return out


def _misplaced_rows(t: Table, rows: list[Row]) -> list[Row]:
    """Rows with an amount in the name / code column, or words in an amount column."""
    roles = {c.index: c.role for c in t.columns}
    out = []
    for r in rows:
        amount_as_label = looks_like_amount(r.name) or any(
            roles.get(c.col) in ("name", "code") and looks_like_amount(c.text) for c in r.cells
        )
        words_as_amount = any(
            roles.get(c.col) == "amount" and c.value is None and not c.blank and _CJK.search(c.text or "")
            for c in r.cells
        )
        if amount_as_label or words_as_amount:
            out.append(r)
    return out


def _title_rows(rows: list[Row]) -> list[Row]:
    return [
        r
        for r in rows
        if not r.code and not any(c.value is not None for c in r.cells) and _TITLE_ROW.search(norm(r.name))
    ]


def _too_many_failures(counts: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The (checked, failed) of all the table's relations, or of one rule's, that fail at scale."""
    total = (sum(n for n, _ in counts), sum(b for _, b in counts))
    for checked, failed in [total, *counts]:
        if failed >= MIN_FAILED and failed >= FAILED_SHARE * checked:
            return checked, failed
    return None


def structure_reasons(t: Table, counts: list[tuple[int, int]]) -> list[str]:
    """Why ``t`` looks misread (Chinese, one clause per signal); empty when it looks sound.

    ``counts``: (checked, failed) of each rule that evaluated relations on ``t``.
    """
    reasons: list[str] = []
    failing = _too_many_failures(counts)
    if failing is not None:
        checked, failed = failing
        reasons.append(f"表内 {failed}/{checked} 项勾稽关系不成立（正式公开的表格通常全部成立）")
    rows = [r for r in body_rows(t) if r.kind != "note"]
    if not t.two_sided:
        second = _second_total(rows)
        if second:
            reasons.append(f"第 {_pages(second)} 页在各类科目之间又出现金额不同的合计行，疑似两张表合并")
        if _mixed_classifications(rows):
            reasons.append(
                "同一表中既有功能分类类级科目（2 字头）又有经济分类类级科目（3 / 5 字头），疑似两张表合并"
            )
    headers = _header_rows(rows)
    if headers:
        reasons.append(f"第 {_pages(headers)} 页表体中出现重复的表头行，疑似两张表合并或跨页表头未识别")
    misplaced = _misplaced_rows(t, rows)
    if len(misplaced) >= MIN_MISPLACED:
        reasons.append(
            f"第 {_pages(misplaced)} 页有 {len(misplaced)} 行金额与文字错列（列数或列位置与表头不一致）"
        )
    titles = _title_rows(rows)
    if titles:
        reasons.append(f"表体中出现类似表题的行「{norm(titles[0].name)[:30]}」，疑似两张表合并")
    return reasons


def _points_at(f: Finding, table_id: str) -> bool:
    return any(loc.table == table_id for loc in f.locations)


@register_post_pass(
    "parse.uncertain",
    "表格结构未能可靠识别",
    Family.ARITHMETIC,
    description=(
        "结构自检：表内大部分勾稽关系不成立（至少 4 项且占四分之一以上），或出现两张表合并的迹象"
        "（各类之间另有金额不同的合计行、功能分类与经济分类科目混在一表、表体中重复表头行、类似表题的行），"
        "或列数、列位置在续页上错动（两行以上金额落在名称列或文字落在金额列）时，"
        "对该表只报一条警告，并暂缓依赖该表的表内、表间、文表与比率核对结果。"
    ),
)
def rule_uncertain(doc: Document, ctx: RuleContext, findings: list[Finding]) -> list[Finding]:
    kept = list(findings)
    own: list[Finding] = []
    for t in doc.tables:
        if t.perf is not None or t.empty:
            continue
        reasons = structure_reasons(t, list(ctx.tally.by_rule(t.id).values()))
        if not reasons:
            continue
        held = [f for f in kept if f.family in DEPENDENT and _points_at(f, t.id)]
        kept = [f for f in kept if not (f.family in DEPENDENT and _points_at(f, t.id))]
        own.append(_warning(ctx, t, reasons, len(held)))
    return kept + own


def _warning(ctx: RuleContext, t: Table, reasons: list[str], held: int) -> Finding:
    pages = ""
    if t.pages:
        span = f"{t.pages[0]}–{t.pages[-1]}" if t.pages[-1] != t.pages[0] else f"{t.pages[0]}"
        pages = f"（第 {span} 页）"
    tail = f"；已暂缓依赖本表的 {held} 条核对结果" if held else ""
    return ctx.finding(
        f"{table_label(t)}{pages}表格结构未能可靠识别，请人工核对本表：{'；'.join(reasons)}{tail}。",
        key=(table_key(t),),
        formula="正式公开的表格应能自洽（类 = Σ 款，合计 = Σ 各类，合计列 = Σ 组成列）",
        locations=[Location(table=t.id, page=t.pages[0] if t.pages else None, bbox=t.title_bbox)],
    )
