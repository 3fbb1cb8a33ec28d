"""Family 7 — performance tables (绩效目标表 / 绩效自评表).

Rules
-----
``perf.target_funds``
    绩效目标表: 年度预算总额 = 财政拨款 + 其他资金.
``perf.project_amount``
    绩效目标表 amount = the project's amount in the 一般公共预算项目支出表 (matched
    by unit and project name).
``perf.weights``
    Indicator weights add to 100 (or 90 when 10 points belong to the execution rate).
``perf.duplicate_indicator``
    The same indicator is not listed twice in one table.
``perf.exec_rate``
    自评表: 执行率 = 全年执行数 / 全年预算数.
``perf.fund_score``
    自评表: 资金得分 = 分值 × 执行率 (capped at 分值).
``perf.completion``
    自评表: 完成率 = 业绩值 / 目标值 where both are numeric in the same unit.
``perf.score_cap``
    指标得分 ≤ 分值.
``perf.total_score``
    总分 = Σ 指标得分 + 资金得分.
``perf.count``
    Counts quoted in the text ("预算绩效评价项目19个", "整体支出绩效自评表1个") = tables present.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Iterator

from gouji.model.document import Cell, Document, PerfIndicator, PerfTable, Row, StdTable, Table
from gouji.model.findings import Family, Finding, Location, Severity, cell_location, sentence_location
from gouji.model.numbers import loose_number as parse_number
from gouji.model.rules.registry import CENT, RuleContext, classify_difference, register_rule
from gouji.model.rules.selectors import ZERO, additive_columns, amt, column_with, group_contexts
from gouji.model.rules.wording import fmt
from gouji.model.text import norm

HUNDRED = Decimal(100)


def decimals_of(text: str | None) -> int:
    s = norm(text)
    m = re.search(r"\.(\d+)", s)
    return len(m.group(1)) if m else 0


def cell_number(c: Cell | None) -> Decimal | None:
    if c is None:
        return None
    if c.value is not None:
        return c.value
    return parse_number(c.text)


def lookup(cells: dict[str, Cell], *keys: str, exclude: tuple[str, ...] = ()) -> tuple[str, Cell] | None:
    """(label, cell) of the first entry whose label contains every key (and none of ``exclude``)."""
    for label, c in cells.items():
        lab = norm(label)
        if all(k in lab for k in keys) and not any(e in lab for e in exclude):
            return label, c
    return None


def field(p: PerfTable, *keys: str, exclude: tuple[str, ...] = ()) -> tuple[str, Cell] | None:
    """The first field whose label contains every key (and none of ``exclude``)."""
    return lookup(p.fields, *keys, exclude=exclude)


def perf_label(t: Table) -> str:
    p = t.perf
    name = norm(p.project_name) if p else ""
    title = norm(t.title) or "绩效表"
    return f"《{title}》" + (f"（{name}）" if name else "")


def perf_key(t: Table) -> tuple:
    p = t.perf
    unit = ""
    if p is not None:
        u = field(p, "单位") or field(p, "部门")
        unit = norm(u[1].text) if u else ""
    return (
        t.std.value if t.std else "perf",
        norm(p.project_name) if p else "",
        unit,
        t.id if not (p and p.project_name) else "",
    )


def perf_tables(doc: Document, kind: str | None = None) -> Iterator[tuple[Table, PerfTable]]:
    """(table, its performance content) for every performance table (of ``kind`` when given)."""
    for t in doc.perf_tables:
        p = t.perf
        if p is not None and (kind is None or p.kind == kind):
            yield t, p


def _half_digit(dec: int) -> Decimal:
    """Half a unit of the last of ``dec`` printed decimals (the rounding of a printed value)."""
    return Decimal(5) / (Decimal(10) ** (dec + 1))


def cell_loc(t: Table, c: Cell | None, text: str | None = None) -> Location:
    return Location(
        table=t.id,
        page=(c.page if c else None) or (t.pages[0] if t.pages else None),
        bbox=c.bbox if c else None,
        text=text,
    )


# ---------------------------------------------------------------------------
# 目标表
# ---------------------------------------------------------------------------


def _total_field(p: PerfTable) -> tuple[str, Cell] | None:
    """The 年度预算总额 / (年度)资金总额 field."""
    return field(p, "年度预算总额") or field(p, "资金总额")


def _fiscal_field(p: PerfTable) -> tuple[str, Cell] | None:
    """The 财政拨款 / 财政资金 field."""
    return field(p, "财政拨款") or field(p, "财政资金")


@register_rule(
    "perf.target_funds",
    "绩效目标表资金构成",
    Family.PERFORMANCE,
    Severity.ERROR,
    description="项目支出绩效目标表：年度预算总额（资金总额）= 财政拨款 + 其他资金。",
)
def rule_target_funds(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t, p in perf_tables(doc, "target"):
        tot, fis, oth = _total_field(p), _fiscal_field(p), field(p, "其他资金")
        if tot is None or fis is None or oth is None:
            continue
        vt, vf, vo = cell_number(tot[1]), cell_number(fis[1]), cell_number(oth[1])
        if vt is None or vf is None:
            continue
        vo = vo or ZERO
        sev = classify_difference(vt - (vf + vo), 2)
        if sev is None:
            continue
        yield ctx.finding(
            f"{perf_label(t)}年度预算总额 {fmt(vt, exact=True)} 万元 ≠ 财政拨款 {fmt(vf, exact=True)} + 其他资金 {fmt(vo, exact=True)}，差额 {fmt(vt - vf - vo, exact=True)} 万元",
            key=perf_key(t),
            severity=sev,
            formula="年度预算总额 = 财政拨款 + 其他资金",
            stated=vt,
            computed=vf + vo,
            locations=[cell_loc(t, tot[1]), cell_loc(t, fis[1]), cell_loc(t, oth[1])],
        )


def _project_rows(t7: Table) -> list[tuple[str, str, Row]]:
    """(unit group, project name, row) for project rows of the project expenditure table."""
    name_cols = [c.index for c in t7.columns if "项目名称" in norm(c.label) or "项目" == norm(c.leaf)]
    groups = group_contexts(t7)
    out = []
    for r in t7.rows:
        pname = ""
        for ci in name_cols:
            c = r.cell(ci)
            if c is not None and norm(c.text):
                pname = norm(c.text)
        if not pname and not r.code and not name_cols:
            pname = norm(r.name)
        if pname:
            out.append((groups[r.index], pname, r))
    return out


@register_rule(
    "perf.project_amount",
    "绩效目标金额与项目支出表一致",
    Family.PERFORMANCE,
    Severity.WARNING,
    description="项目支出绩效目标表的财政拨款金额 = 一般公共预算项目支出表中同一单位同名项目的金额（能匹配时核对）。",
)
def rule_project_amount(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    t7 = doc.table(StdTable.B_GPB_PROJECT)
    if t7 is None or t7.empty:
        return
    cols = additive_columns(t7)
    total_col = column_with(cols, "合计") or (cols[0] if cols else None)
    if total_col is None:
        return
    rows = _project_rows(t7)
    if not rows:
        return
    for t, p in perf_tables(doc, "target"):
        if p.scope != "project" or not norm(p.project_name):
            continue
        name = norm(p.project_name)
        unit_f = field(p, "单位") or field(p, "实施单位") or field(p, "部门")
        unit = norm(unit_f[1].text) if unit_f else ""
        hits = [(g, r) for g, n, r in rows if n == name]
        if unit:
            by_unit = [(g, r) for g, r in hits if g and (g == unit or g in unit or unit in g)]
            if any(g for g, _ in hits):
                hits = by_unit
        if not hits:
            continue
        ref = _fiscal_field(p) or _total_field(p)
        if ref is None:
            continue
        stated = cell_number(ref[1])
        if stated is None:
            continue
        computed = sum((amt(r, total_col) for _, r in hits), ZERO)
        sev = classify_difference(stated - computed, len(hits))
        if sev is None:
            continue
        yield ctx.finding(
            f"{perf_label(t)}{norm(ref[0])} {fmt(stated, exact=True)} 万元，与《{norm(t7.title)}》中"
            f"{('“' + unit + '”') if unit else ''}同名项目金额 {fmt(computed, exact=True)} 万元不一致，差额 {fmt(stated - computed, exact=True)} 万元",
            key=perf_key(t),
            severity=Severity.ROUNDING if sev == Severity.ROUNDING else Severity.WARNING,
            formula=f"{norm(ref[0])} = 项目支出表“{name}”{norm(total_col.label)}",
            stated=stated,
            computed=computed,
            locations=[cell_loc(t, ref[1])] + [cell_location(t7, r, total_col) for _, r in hits],
        )


def _weights(p: PerfTable) -> list[PerfIndicator]:
    return [i for i in p.indicators if norm(i.name) or norm(i.level2)]


@register_rule(
    "perf.weights",
    "指标分值合计",
    Family.PERFORMANCE,
    Severity.WARNING,
    description="绩效指标分值（权重）合计应为 100；预算执行率单列 10 分时为 90（自评表另加资金分值）。",
)
def rule_weights(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t, p in perf_tables(doc):
        inds = _weights(p)
        if len(inds) < 2 or any(i.weight is None for i in inds):
            continue
        if p.kind == "self_eval" and any(i.score is None for i in inds):
            continue  # a row without its score was not read completely: its weight is unsure
        total = sum((i.weight for i in inds if i.weight is not None), ZERO)
        fund_points = ZERO
        if p.kind == "self_eval":
            for f in p.funds:
                c = next((v for k, v in f.items() if "分值" in norm(k) or "权重" in norm(k)), None)
                n = cell_number(c)
                if n is not None:
                    fund_points = n
                    break
        allowed = {HUNDRED, Decimal(90)} if fund_points == ZERO else {HUNDRED - fund_points, HUNDRED}
        if total in allowed:
            continue
        extra = f"（另有资金执行分值 {fmt(fund_points, exact=True)}）" if fund_points else ""
        yield ctx.finding(
            f"{perf_label(t)}各指标分值合计 {fmt(total, exact=True)}{extra}，应为 100（或预算执行率单列 10 分时为 90）",
            key=perf_key(t),
            formula="Σ 指标分值 = 100 − 资金执行分值" if fund_points else "Σ 指标分值 = 100（或 90）",
            stated=total,
            computed=max(allowed),
            locations=[cell_loc(t, i.cells[0] if i.cells else None, i.name) for i in inds[:1]],
        )


@register_rule(
    "perf.duplicate_indicator",
    "指标重复",
    Family.PERFORMANCE,
    Severity.WARNING,
    description="同一张绩效表中不应重复列示同一指标（三级指标名称相同）。",
)
def rule_duplicate_indicator(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t, p in perf_tables(doc):
        if p.scope == "project" and not norm(p.project_name):
            continue  # a project table without its project name may be a list of several projects
        seen: dict[str, PerfIndicator] = {}
        for i in p.indicators:
            k = norm(i.name)
            if not k:
                continue
            if k in seen:
                first = seen[k]
                where = "、".join(dict.fromkeys(x for x in (norm(first.level2), norm(i.level2)) if x))
                yield ctx.finding(
                    f"{perf_label(t)}指标“{k}”重复列示"
                    + (f"（{where}）" if where else "")
                    + (
                        f"（指标值分别为“{norm(first.target)}”“{norm(i.target)}”）"
                        if norm(first.target) != norm(i.target)
                        else ""
                    ),
                    key=perf_key(t) + (k,),
                    formula="每个三级指标只列示一次",
                    locations=[
                        Location(table=t.id, page=first.page, bbox=first.bbox, text=first.name),
                        Location(table=t.id, page=i.page, bbox=i.bbox, text=i.name),
                    ],
                )
            else:
                seen[k] = i


# ---------------------------------------------------------------------------
# 自评表
# ---------------------------------------------------------------------------


def _get(f: dict[str, Cell], *keys: str) -> Cell | None:
    """The cell of a funds row whose label contains every key."""
    hit = lookup(f, *keys)
    return hit[1] if hit else None


def _fund_rows(p: PerfTable) -> Iterator[tuple[dict[str, Cell], Cell]]:
    """(row, 执行率 cell) of the funds rows that print an execution rate (the 年度资金总额 / 合计 row)."""
    for f in p.funds:
        rate = _get(f, "执行率")
        if (
            rate is not None
            and parse_number(rate.text if rate.value is None else str(rate.value)) is not None
        ):
            yield f, rate


def _truncates(stated: Decimal, exact: Decimal, dec: int) -> bool:
    """True when ``stated`` is ``exact`` cut (not rounded) to ``dec`` decimals."""
    q = Decimal(1).scaleb(-dec)
    return stated == exact.quantize(q, rounding=ROUND_DOWN)


def _fund_name(f: dict[str, Cell], n: int) -> str:
    c = _get(f, "名称") or _get(f, "资金")
    return norm(c.text) if c is not None and norm(c.text) else str(n)


def _percent(c: Cell) -> tuple[Decimal, int] | None:
    """A printed percentage as (percent value, printed decimals)."""
    if c.value is not None and "%" not in c.text:
        v = c.value
        # a bare fraction (0.86) or a percent number (86)
        return (v * HUNDRED if v <= Decimal("1.5") and "." in c.text else v), decimals_of(c.text)
    n = parse_number(c.text)
    if n is None:
        return None
    return n, decimals_of(c.text)


@register_rule(
    "perf.exec_rate",
    "预算执行率",
    Family.PERFORMANCE,
    Severity.ERROR,
    description="绩效自评表：执行率 = 全年执行数 ÷ 全年预算数（按列示精度比较）。",
)
def rule_exec_rate(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t, p in perf_tables(doc, "self_eval"):
        for n, (f, rate) in enumerate(_fund_rows(p)):
            budget, spent = _get(f, "全年预算"), _get(f, "全年执行")
            vb, vs = cell_number(budget), cell_number(spent)
            pr = _percent(rate)
            if vb is None or vs is None or pr is None or vb == ZERO:
                continue
            stated, dec = pr
            exact = vs / vb * HUNDRED
            # tolerance: half a printed digit plus the rounding of both printed amounts
            tol = _half_digit(dec) + (Decimal("0.005") / vb + Decimal("0.005") * vs / (vb * vb)) * HUNDRED
            capped = min(exact, HUNDRED)
            if abs(stated - exact) <= tol or abs(stated - capped) <= tol:
                continue
            q = Decimal(1) / (Decimal(10) ** dec) if dec else Decimal(1)
            truncated = _truncates(stated, exact, dec)
            # a sub-row (其中：财政拨款 / 其他资金) that carries no points is not scored
            scored = cell_number(_get(f, "分值")) is not None
            sev = Severity.ROUNDING if truncated else (None if scored else Severity.WARNING)
            yield ctx.finding(
                f"{perf_label(t)}执行率列示 {norm(rate.text) or fmt(stated, exact=True)}，按全年执行数 {fmt(vs, exact=True)} ÷ 全年预算数 {fmt(vb, exact=True)} "
                f"计算为 {exact.quantize(q)}%"
                + ("（列示值系截断而非四舍五入）" if truncated else "")
                + ("（该行不计分，执行率与金额不符）" if sev == Severity.WARNING else ""),
                severity=sev,
                key=perf_key(t) + (_fund_name(f, n),),
                formula="执行率 = 全年执行数 ÷ 全年预算数",
                stated=stated,
                computed=exact.quantize(CENT),
                locations=[cell_loc(t, rate), cell_loc(t, spent), cell_loc(t, budget)],
            )


@register_rule(
    "perf.fund_score",
    "资金执行得分",
    Family.PERFORMANCE,
    Severity.ERROR,
    description="绩效自评表：资金（预算执行率）得分 = 分值 × 执行率，最高为分值。",
)
def rule_fund_score(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t, p in perf_tables(doc, "self_eval"):
        for n, (f, rate) in enumerate(_fund_rows(p)):
            points, score = _get(f, "分值"), _get(f, "得分")
            vp, vsc = cell_number(points), cell_number(score)
            pr = _percent(rate)
            if vp is None or vsc is None or pr is None:
                continue
            budget, spent = _get(f, "全年预算"), _get(f, "全年执行")
            vb, vs = cell_number(budget), cell_number(spent)
            cands = [min(vp * pr[0] / HUNDRED, vp)]
            if vb and vs is not None:
                cands.append(min(vp * vs / vb, vp))
            dec = decimals_of(score.text) if score is not None else 2
            tol = _half_digit(dec) + vp * Decimal(5) / (Decimal(10) ** (pr[1] + 3))
            if any(abs(vsc - c) <= tol for c in cands):
                continue
            computed = cands[-1]
            yield ctx.finding(
                f"{perf_label(t)}资金执行得分列示 {norm(score.text) if score else fmt(vsc, exact=True)}，按分值 {fmt(vp, exact=True)} × 执行率 计算为 "
                f"{computed.quantize(CENT)}",
                key=perf_key(t) + (_fund_name(f, n),),
                formula="得分 = 分值 × 执行率（不超过分值）",
                stated=vsc,
                computed=computed.quantize(CENT),
                locations=[cell_loc(t, score), cell_loc(t, rate), cell_loc(t, points)],
            )


_CMP = re.compile(r"^(>=|≥|＞=|>|＞|=|＝|<=|≤|<|＜)?")


def _measure(text: str) -> tuple[str, Decimal, str] | None:
    """(comparator, number, unit) of an indicator value like ">=12次", "=100%", "2.14亩"."""
    s = (
        norm(text)
        .replace("＞", ">")
        .replace("＜", "<")
        .replace("＝", "=")
        .replace("≥", ">=")
        .replace("≤", "<=")
    )
    m = re.match(r"^(>=|>|=|<=|<)?([-+]?\d[\d,]*(?:\.\d+)?)([^\d]*)$", s)
    if not m:
        return None
    try:
        num = Decimal(m.group(2).replace(",", ""))
    except InvalidOperation:
        return None
    return m.group(1) or "", num, m.group(3)


_PCT_ONLY = re.compile(r"^\d+(?:\.\d+)?%$")


def _rate_cell(t: Table, ind: PerfIndicator) -> Cell | None:
    """The 完成率 cell of an indicator row.

    Found by the column header when the table has one; otherwise the
    percentage printed right after the 业绩值 cell (the template order
    目标值 | 业绩值 | 完成率).
    """
    cols = [c.index for c in t.columns if "完成率" in norm(c.label)]
    for c in ind.cells:
        if c.col in cols:
            return c
    if cols or not norm(ind.actual):
        return None
    cells = sorted(ind.cells, key=lambda c: c.col)
    texts = [norm(c.text) for c in cells]
    tgt, act = norm(ind.target), norm(ind.actual)
    for k in range(1, len(cells) - 1):
        if texts[k] == act and texts[k - 1] == tgt and _PCT_ONLY.match(texts[k + 1]):
            return cells[k + 1]
    return None


@register_rule(
    "perf.completion",
    "指标完成率",
    Family.PERFORMANCE,
    Severity.WARNING,
    description="绩效自评表：目标值与业绩值均为同单位数值（正向指标 = / ≥ / >）时，完成率 = 业绩值 ÷ 目标值（允许按 100% 封顶）。",
)
def rule_completion(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t, p in perf_tables(doc, "self_eval"):
        for ind in p.indicators:
            rc = _rate_cell(t, ind)
            if rc is None:
                continue
            tgt, act = _measure(ind.target), _measure(ind.actual)
            pr = _percent(rc)
            if tgt is None or act is None or pr is None:
                continue
            if tgt[0] not in ("", "=", ">=", ">") or tgt[2] != act[2] or tgt[1] == ZERO:
                continue
            stated, dec = pr
            exact = act[1] / tgt[1] * HUNDRED
            tol = _half_digit(dec) + Decimal("0.01")
            if abs(stated - exact) <= tol or abs(stated - min(exact, HUNDRED)) <= tol:
                continue
            truncated = _truncates(stated, exact, dec)
            yield ctx.finding(
                f"{perf_label(t)}指标“{norm(ind.name)}”完成率列示 {norm(rc.text)}，按业绩值 {norm(ind.actual)} ÷ 目标值 "
                f"{norm(ind.target)} 计算为 {exact.quantize(CENT)}%"
                + ("（列示值系截断而非四舍五入）" if truncated else ""),
                severity=Severity.ROUNDING if truncated else None,
                key=perf_key(t) + (norm(ind.name),),
                formula="完成率 = 业绩值 ÷ 目标值",
                stated=stated,
                computed=exact.quantize(CENT),
                locations=[
                    Location(table=t.id, page=rc.page or ind.page, bbox=rc.bbox or ind.bbox, text=ind.name)
                ],
            )


@register_rule(
    "perf.score_cap",
    "指标得分不超过分值",
    Family.PERFORMANCE,
    Severity.ERROR,
    description="绩效自评表：每项指标得分 ≤ 该指标分值（权重）。",
)
def rule_score_cap(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t, p in perf_tables(doc, "self_eval"):
        for ind in p.indicators:
            if ind.weight is None or ind.score is None or ind.score <= ind.weight:
                continue
            yield ctx.finding(
                f"{perf_label(t)}指标“{norm(ind.name)}”得分 {fmt(ind.score, exact=True)} 超过分值 {fmt(ind.weight, exact=True)}",
                key=perf_key(t) + (norm(ind.name),),
                formula="指标得分 ≤ 分值",
                stated=ind.score,
                computed=ind.weight,
                locations=[Location(table=t.id, page=ind.page, bbox=ind.bbox, text=ind.name)],
            )


@register_rule(
    "perf.total_score",
    "自评总分",
    Family.PERFORMANCE,
    Severity.ERROR,
    description="绩效自评表：总分 = Σ 指标得分 + 资金执行得分。",
)
def rule_total_score(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t, p in perf_tables(doc, "self_eval"):
        if p.total_score is None:
            continue
        stated = cell_number(p.total_score)
        if stated is None:
            continue
        inds = [i for i in p.indicators if norm(i.name)]
        if not inds or any(i.score is None for i in inds):
            continue
        fund = ZERO
        for f, _rate in _fund_rows(p):
            v = cell_number(_get(f, "得分"))
            if v is not None:
                fund = v
                break
        computed = sum((i.score for i in inds if i.score is not None), ZERO) + fund
        sev = classify_difference(stated - computed, len(inds) + 1)
        if sev is None:
            continue
        yield ctx.finding(
            f"{perf_label(t)}总分列示 {norm(p.total_score.text) or fmt(stated, exact=True)}，各指标得分之和加资金得分为 {fmt(computed, exact=True)}，"
            f"差额 {fmt(stated - computed, exact=True)}",
            key=perf_key(t),
            severity=sev,
            formula=f"总分 = Σ 指标得分（{len(inds)} 项） + 资金执行得分 {fmt(fund, exact=True)}",
            stated=stated,
            computed=computed,
            locations=[cell_loc(t, p.total_score)],
        )


#: (pattern, which tables it counts)
_COUNTS: list[tuple[re.Pattern[str], tuple[StdTable, ...], str]] = [
    (re.compile(r"整体支出绩效自评表(\d+)个"), (StdTable.PERF_SELF_OVERALL,), "整体支出绩效自评表"),
    (
        re.compile(r"(?:预算绩效评价项目|项目支出绩效自评表)(\d+)个"),
        (StdTable.PERF_SELF_PROJECT,),
        "项目支出绩效自评表",
    ),
    (re.compile(r"项目支出绩效目标表(\d+)(?:个|张)"), (StdTable.PERF_TARGET_PROJECT,), "项目支出绩效目标表"),
]
_BUDGET_PROJECTS = re.compile(r"(?<!非)财政拨款项目(\d+)个")
_BUDGET_OTHER = re.compile(r"非财政拨款项目(\d+)个")


@register_rule(
    "perf.count",
    "绩效表数量与文字一致",
    Family.PERFORMANCE,
    Severity.WARNING,
    description="文字所述绩效表 / 项目个数（如“预算绩效评价项目19个”“整体支出绩效自评表1个”）= 文件所附绩效表张数。",
)
def rule_count(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    counts = {std: len(doc.tables_of(std)) for std in StdTable if std.value.startswith("perf_")}
    for s in doc.sentences:
        txt = norm(s.text)
        for pat, stds, what in _COUNTS:
            for m in pat.finditer(txt):
                said = int(m.group(1))
                have = sum(counts[x] for x in stds)
                if said == have:
                    continue
                yield ctx.finding(
                    f"文字称{what} {said} 个，文件中实有 {have} 张",
                    key=(what, txt),
                    formula=f"文字所述个数 = 所附{what}张数",
                    stated=Decimal(said),
                    computed=Decimal(have),
                    locations=[sentence_location(s)],
                )
        # budget: "当年财政拨款项目 N 个…；当年非财政拨款项目 M 个…。具体情况见下表"
        sec = doc.section(s.section_id)
        if sec is None or "绩效" not in norm(sec.title):
            continue
        a = _BUDGET_PROJECTS.search(txt)
        if a is None:
            continue
        window = [txt] + [
            norm(x.text)
            for x in doc.sentences
            if x.section_id == s.section_id and s.index < x.index <= s.index + 3
        ]
        b = next((m for m in (_BUDGET_OTHER.search(w) for w in window) if m), None)
        if not any("见下表" in w for w in window):
            continue
        said = int(a.group(1)) + (int(b.group(1)) if b else 0)
        have = counts[StdTable.PERF_TARGET_PROJECT]
        if said == have:
            continue
        yield ctx.finding(
            f"文字称项目 {said} 个（并称见下表），文件中实有项目支出绩效目标表 {have} 张",
            key=("budget_projects", txt),
            formula="财政拨款项目数 + 非财政拨款项目数 = 项目支出绩效目标表张数",
            stated=Decimal(said),
            computed=Decimal(have),
            locations=[sentence_location(s)],
        )
