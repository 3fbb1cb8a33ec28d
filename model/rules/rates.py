"""Family 5: percentages and rates quoted in the text, recomputed from the amounts they relate.

- ``rate.share``: "占X%" = part / whole (the whole of the sentence, of the "其中" list
  it belongs to, or the named whole "占本年支出合计的…"); when that fails, the shares printed
  with it are a second reading (their amounts' sum as the whole; a set adjusted to add up to
  100% is rounding);
- ``rate.growth``: "比上年增加A，增长B%" → prior = current − A, B = A / prior (减少 / 下降
  symmetric); "比2025年预算数C增加A" → prior = C; a zero base makes the rate undefined;
  持平 means A = 0 ("基本持平" tolerates a change);
- ``rate.completion``: "完成预算的P%" = 决算 / 预算;
- ``rate.variance``: 预决算差异率 = (决算 − 预算) / 预算;
- ``rate.direction``: "决算数大于/小于/等于预算数" must match the two amounts;
- ``rate.share_total``: the shares of one whole add up to 100%.

Percentages printed with two decimals are recomputed from the printed amounts; a gap
explained by the rounding of those amounts is reported as ``rounding``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from gouji.model.findings import Family, Severity, cell_location, sentence_location
from gouji.model.rules.registry import register_rule
from gouji.model.rules.selectors import cell_amount, three_public_cells
from gouji.model.rules.textlists import (
    block_locations,
    blocks,
    share_of,
)
from gouji.model.rules.textnum import (
    Amount,
    Percent,
    analyse,
    by_section,
    convert,
    decimals_of,
    quote,
    ratio_check,
    same_subject,
    text_sentences,
)
from gouji.model.rules.wording import fmt

_SEV = {"rounding": Severity.ROUNDING, "error": Severity.ERROR, "undefined": Severity.WARNING}


def _pct(v: Decimal | None) -> str:
    return "—" if v is None else f"{v}%"


def _ratio_finding(
    ctx, p, verdict: str, computed, undefined: str, detail: str, *, key, formula: str, locations
):
    """The finding of a percentage ``p`` that failed :func:`ratio_check`.

    The message is ``undefined`` for a zero base, else ``detail`` (noting a rounding gap).
    """
    msg = (
        undefined
        if verdict == "undefined"
        else detail + ("差异属四舍五入尾差。" if verdict == "rounding" else "")
    )
    return ctx.finding(
        msg,
        key=key,
        severity=_SEV[verdict],
        formula=formula,
        stated=p.value,
        computed=computed,
        locations=locations,
    )


def _find_named(sents_before: list, name: str, exclude: Amount | None = None) -> Amount | None:
    """The nearest earlier value amount whose subject is ``name`` ("本年支出合计" ~ "本年支出")."""
    alt = re.sub(r"(合计|总计|总额)$", "", name)
    for s in reversed(sents_before):
        sn = analyse(s.text)
        for a in reversed(sn.values):
            if a is exclude:
                continue
            if same_subject(a.subject, name) or (alt != name and same_subject(a.subject, alt)):
                return a
    return None


def _share_wholes(doc) -> dict[int, tuple[object, Amount, list]]:
    """Map id(part Amount) → (head sentence, whole, block parts) for every "其中" block."""
    out: dict[int, tuple[object, Amount, list]] = {}
    for sents in by_section(text_sentences(doc)).values():
        for b in blocks(sents):
            for _, a in b.parts:
                out[id(a)] = (b.head, b.whole, b.parts)
    return out


def _orphan_wholes(sentences: list, wholes: dict) -> dict[int, tuple[Amount, list]]:
    """Shares listed without a stated whole ("1.社会保障和就业支出(类)243.58万元,占2.71%。" …).

    Consecutive share items of one section form a group; when the sum of their amounts
    equals an amount stated just before (in the group or the 15 sentences before it),
    that amount is their whole.  Maps id(Percent) → (whole, [(part, percent), …] of the group).
    """
    out: dict[int, tuple[Amount, list]] = {}
    groups: list[list[tuple[int, Amount, Percent]]] = []
    cur: list[tuple[int, Amount, Percent]] = []
    last_sid = None
    for idx, s in enumerate(sentences):
        sn = analyse(s.text)
        items = []
        for p in sn.percents:
            if p.kind != "share" or p.whole:
                continue
            part = sn.amount_before(p.start)
            if part is None or p.clause - part.clause > 1 or id(part) in wholes:
                continue
            if sn.breakdown_of(part) is not None:
                continue
            items.append((idx, part, p))
        if items and (s.section_id == last_sid or not cur):
            cur.extend(items)
        else:
            if len(cur) >= 2:
                groups.append(cur)
            cur = items
        last_sid = s.section_id
    if len(cur) >= 2:
        groups.append(cur)
    for g in groups:
        unit = g[0][1].unit
        if any(a.unit != unit for _, a, _ in g):
            continue
        total = sum((a.value for _, a, _ in g), Decimal(0))
        tol = Decimal("0.005") * (len(g) + 1)
        first = g[0][0]
        parts = {id(a) for _, a, _ in g}
        found = None
        for s in reversed(sentences[max(0, first - 15) : g[-1][0] + 1]):
            for a in analyse(s.text).values:
                if id(a) not in parts and a.unit == unit and abs(a.value - total) <= tol and a.value != 0:
                    found = a
                    break
            if found is not None:
                break
        if found is not None:
            members = [(a, p) for _, a, p in g]
            for _, _, p in g:
                out[id(p)] = (found, members)
    return out


def _named_sets(sentences: list) -> dict[int, list[tuple[Amount, Percent]]]:
    """Shares of one named whole printed item by item ("基本支出…占本年支出预算18.99%。" …
    "项目支出…占本年支出预算81.01%。"): id(Percent) → every (part, percent) of that run."""
    runs: list[list[tuple[int, Amount, Percent]]] = []
    for idx, s in enumerate(sentences):
        sn = analyse(s.text)
        for p in sn.percents:
            if p.kind != "share" or not p.whole:
                continue
            part = sn.amount_before(p.start)
            if part is None or p.clause - part.clause > 1:
                continue
            last = runs[-1][-1] if runs else None
            if last is not None and idx - last[0] <= 10 and same_subject(last[2].whole or "", p.whole):
                runs[-1].append((idx, part, p))
            else:
                runs.append([(idx, part, p)])
    return {id(p): [(a, q) for _, a, q in run] for run in runs for _, _, p in run}


def _sibling_verdict(p: Percent, part: Amount, whole: Amount, siblings: list) -> str | None:
    """A second reading of a share that failed against its whole, from the shares printed with it.

    - the printed shares of the set add up to exactly 100% (at the coarsest printed precision) and
      this one is within one unit of its last digit of part ÷ whole: a share adjusted so that the set adds up → "rounding";
    - the shares add up to 100% (within their rounding) but of the sum of the listed amounts, not
      of the named whole (基本支出 + 项目支出 without the 结转结余 in 本年支出): when the share fits
      that sum → None (no finding), "rounding" when it fits within rounding.
    Returns "error" when no reading fits.
    """
    if len(siblings) < 2 or any(q is None for _, q in siblings):
        return "error"
    unit = whole.unit
    total_pct = sum((q.value for _, q in siblings), Decimal(0))
    d = max(decimals_of(q.text) for _, q in siblings)
    unit_pct = Decimal(1).scaleb(-decimals_of(p.text))
    exact = part.to(unit) / whole.value * 100 if whole.value else None
    coarse = Decimal(1).scaleb(-min(decimals_of(q.text) for _, q in siblings))
    if total_pct.quantize(coarse) == 100 and exact is not None and abs(p.value - exact) <= unit_pct:
        return "rounding"
    if abs(total_pct - 100) > Decimal(1).scaleb(-d) / 2 * len(siblings):
        return "error"
    alt = sum((a.to(unit) for a, _ in siblings), Decimal(0))
    q_alt = sum((a.quantum_in(unit) for a, _ in siblings), Decimal(0))
    verdict, _ = ratio_check(p.value, p.text, part.to(unit), alt, part.quantum_in(unit), q_alt)
    return verdict if verdict in (None, "rounding") else "error"


@register_rule(
    "rate.share",
    "占比与金额一致",
    Family.RATES,
    Severity.ERROR,
    description="文字中“占X%”按部分金额 ÷ 总额重新计算（总额为同句或“其中”列表的总额，或“占…的”所指金额）。",
)
def rule_share(doc, ctx):
    sentences = text_sentences(doc)
    wholes = _share_wholes(doc)
    orphan_wholes = _orphan_wholes(sentences, wholes)
    named = _named_sets(sentences)
    owner = _owners(sentences)
    for idx, s in enumerate(sentences):
        sn = analyse(s.text)
        for p in sn.percents:
            if p.kind != "share":
                continue
            part = sn.amount_before(p.start)
            if part is None or p.clause - part.clause > 1:
                continue
            whole: Amount | None = None
            how = ""
            siblings: list = named.get(id(p), [])
            if p.whole:
                if same_subject(part.subject, p.whole):
                    continue
                # the named whole: in this sentence before the part, else in earlier sentences
                cand = [a for a in sn.values if a.start < part.start and same_subject(a.subject, p.whole)]
                whole = cand[-1] if cand else _find_named(sentences[max(0, idx - 40) : idx], p.whole)
                how = f"“{p.whole}”"
            else:
                # the whole of the "其中" block, of the sentence's breakdown, or of a share group
                hit = wholes.get(id(part))
                bd = sn.breakdown_of(part)
                orphan = orphan_wholes.get(id(p))
                if hit is not None:
                    whole, siblings = hit[1], [(a, share_of(x, a)) for x, a in hit[2]]
                elif bd is not None:
                    whole, siblings = bd.whole, [(a, share_of(s, a)) for a in bd.parts]
                elif orphan is not None:
                    whole, siblings = orphan
                if whole is not None:
                    how = f"“{whole.subject or '总额'}”"
            if whole is None or whole is part:
                continue
            unit = whole.unit
            verdict, computed = ratio_check(
                p.value, p.text, part.to(unit), whole.value, part.quantum_in(unit), whole.quantum
            )
            if verdict == "error":
                verdict = _sibling_verdict(p, part, whole, siblings)
            if verdict is None:
                continue
            frag = quote(sn.text, part.start, p.end)
            yield _ratio_finding(
                ctx,
                p,
                verdict,
                computed,
                f"“{frag}”：总额{how}为 0，占比无从计算，却写作 {p.value}%。",
                f"“{frag}”：{part.subject or '该项'} {fmt(part.value)}{part.unit} ÷ {how} {fmt(whole.value)}{whole.unit}"
                f" = {_pct(computed)}，文中为 {p.value}%。",
                key=(s.text, p.text, "share"),
                formula=f"占比 = {part.subject or '部分'} ÷ {whole.subject or '总额'} × 100%",
                locations=_locs(s, owner.get(id(whole))),
            )


def _owners(sentences: list) -> dict[int, object]:
    """id(Amount) → the sentence it was read from (first one, for repeated texts)."""
    out: dict[int, object] = {}
    for s in sentences:
        for a in analyse(s.text).amounts:
            out.setdefault(id(a), s)
    return out


def _locs(s, other) -> list:
    """The sentence, plus the sentence holding the other operand when that is another one."""
    locs = [sentence_location(s)]
    if other is not None and other is not s and getattr(other, "text", None) != s.text:
        locs.append(sentence_location(other))
    return locs


def _current_for(change, sn, sents_before: list) -> Amount | None:
    """The current-year amount a change refers to.

    In the same sentence part; else the amount named by the change's own label
    ("与2023年度相比，一般公共预算财政拨款支出减少…") in the two previous sentences;
    else, for an unlabelled "与上年相比，增加…", the first amount of the previous sentence.
    """
    if change.target is not None:
        return change.target
    if not change.subject:
        if sents_before:
            pv = analyse(sents_before[-1].text)
            if pv.values and not any(c.amount is not None for c in pv.changes):
                return pv.values[0]
        return None
    names = [change.subject]
    if re.search(r"收入支出总[体计额]?$", change.subject):
        base = re.sub(r"收入支出总[体计额]?$", "", change.subject)
        names = [base + "收入总计", base + "支出总计", base + "收入支出总计"]
    cand = [a for a in sn.values if a.start < change.start and any(same_subject(a.subject, n) for n in names)]
    if cand:
        return cand[-1]
    for s in reversed(sents_before[-3:]):
        pv = analyse(s.text)
        for a in reversed(pv.values):
            if any(same_subject(a.subject, n) for n in names):
                return a
    return None


@register_rule(
    "rate.growth",
    "增减额与增减率一致",
    Family.RATES,
    Severity.ERROR,
    description="“比上年增加A，增长B%”：上年数 = 本年数 − A，B = A ÷ 上年数；减少/下降同理；上年数为 0 时增长率无意义。",
)
def rule_growth(doc, ctx):
    sentences = text_sentences(doc)
    owner = _owners(sentences)
    for sents in by_section(sentences).values():
        for i, s in enumerate(sents):
            sn = analyse(s.text)
            for ch in sn.changes:
                yield from _change_findings(ctx, s, sn, ch, sents[:i], owner)
            if sn.flat and not sn.directions:
                yield from _flat_findings(ctx, s, sn)


def _change_findings(ctx, s, sn, ch, sents_before: list, owner: dict):
    """Findings of one "增加A，增长B%" change: opposite directions, or a rate that does not fit."""
    a, p = ch.amount, ch.percent
    if a is None or p is None:
        return
    if a.change and p.sign != a.change and a.value != 0 and p.value != 0:
        yield ctx.finding(
            f"“{quote(sn.text, a.start, p.end)}”：增减方向前后矛盾（金额为“{'增加' if a.change > 0 else '减少'}”，比率为“{'增长' if p.sign > 0 else '下降'}”）。",
            key=(s.text, a.text, p.text, "direction"),
            severity=Severity.ERROR,
            formula="增加 ↔ 增长，减少 ↔ 下降",
            locations=[sentence_location(s)],
        )
        return
    word = "增长" if a.change > 0 else "下降"
    frag = quote(sn.text, (ch.prior or a).start, p.end)
    cur: Amount | None = None
    if ch.prior is not None:
        # "比2025年年初预算数A增加B，增长P%": the printed base A is the prior amount
        base = ch.prior
        unit = base.unit
        delta, prior, q_den = a.to(base.unit), base.value, base.quantum
        zero = f"“{frag}”：比较基数为 0，{word}率无意义，文中却写作“{word}{p.value}%”。"
        how, lead = f"基数 {fmt(prior)}", ""
        formula = f"{word}率 = 增减额 ÷ 比较基数 × 100%"
    else:
        cur = _current_for(ch, sn, sents_before)
        if cur is None:
            return
        unit = cur.unit
        delta = a.to(unit)
        prior = cur.value - a.change * delta
        if prior < 0:
            return
        q_den = cur.quantum + a.quantum_in(unit)
        label = cur.subject or ch.subject or "本年数"
        zero = (
            f"“{frag}”：上年数 = {fmt(cur.value)} − {fmt(delta)} = 0，从零基数{word}的比率无意义，"
            f"文中却写作“{word}{p.value}%”。"
        )
        how = f"{fmt(prior)}"
        lead = (
            f"上年数 = {label} {fmt(cur.value)} {'−' if a.change > 0 else '+'} {fmt(delta)} = {fmt(prior)}，"
        )
        formula = f"{word}率 = 增减额 ÷ (本年数 − 增减额) × 100%"
    verdict, computed = ratio_check(p.value, p.text, delta, prior, a.quantum_in(unit), q_den)
    if verdict is None:
        return
    yield _ratio_finding(
        ctx,
        p,
        verdict,
        computed,
        zero,
        f"“{frag}”：{lead}{word}率 = {fmt(delta)} ÷ {how} = {_pct(computed)}，文中为 {p.value}%。",
        key=(s.text, a.text, p.text),
        formula=formula,
        locations=_locs(s, owner.get(id(cur)) if cur is not None else None),
    )


_BASIC_FLAT_RE = re.compile(r"基本[^，,；;。]{0,6}持平|持平左右|大体持平")
_NO_CHANGE_RE = re.compile(r"无增减变化|无变化|没有变化|未发生变化")


def _flat_findings(ctx, s, sn):
    """持平 said of a change whose amount is not zero.

    "基本持平" / "与上年基本持平" tolerates a change ("增长0.8%，与上年基本持平"); it is reported
    (as a warning) only when the sentence also says there was no change at all ("…基本与上年持平，
    无增减变化" after "减少0.3万元").
    """
    for ch in sn.changes:
        if ch.amount is None or ch.amount.value == 0:
            continue
        window = sn.text[max(0, ch.start - 20) : ch.start + 30]
        if "持平" not in window:
            continue
        sev = Severity.ERROR
        if _BASIC_FLAT_RE.search(window):
            after = sn.text[max(0, ch.start - 20) + window.index("持平") :]
            if not _NO_CHANGE_RE.search(after[:14]):
                continue
            sev = Severity.WARNING
        yield ctx.finding(
            f"“{quote(sn.text, ch.start, ch.amount.end)}”：文中称“{'持平' if sev == Severity.ERROR else '无增减变化'}”，"
            f"但增减额为 {fmt(ch.amount.value)}{ch.amount.unit}。",
            key=(s.text, ch.amount.text, "flat"),
            severity=sev,
            formula="持平 ⇔ 增减额 = 0",
            stated=ch.amount.value,
            computed=Decimal(0),
            locations=[sentence_location(s)],
        )


def _is_budget(a: Amount) -> bool:
    return "预算" in a.subject and "决算" not in a.subject and "执行" not in a.subject


def _is_actual(a: Amount) -> bool:
    return ("决算" in a.subject or "执行数" in a.subject or "实际" in a.subject) and not a.subject.endswith(
        "预算"
    )


def _pair_before(sn, pos: int, after: int = -1) -> tuple[Amount | None, Amount | None]:
    budget = actual = None
    for a in sn.values:
        if after <= a.start < pos:
            if _is_budget(a):
                budget = a
            elif _is_actual(a):
                actual = a
    return budget, actual


def _table_budget(doc, actual: Amount):
    """The 预算数 of a 三公 item from the 三公 table: (value, slack, label, location) or None."""
    if not re.search(r"三公|因公出国|公务用车|公务接待", actual.subject):
        return None
    cands = three_public_cells(doc, actual.subject, "budget")
    if len(cands) != 1:
        return None
    t, r, c = cands[0]
    v = cell_amount(r, c)
    if v is None or t.unit is None:
        return None
    half_cent = convert(Decimal("0.005"), t.unit, actual.unit)
    return convert(v, t.unit, actual.unit), half_cent, "表中预算数 ", cell_location(t, r, c)


def _budget_rates(doc, kind: str):
    """(sentence, numbers, percent, budget, actual) for each ``kind`` percent (completion / variance).

    The budget and actual amounts are the last ones before the percent and after the
    previous completion / variance percent of the sentence.
    """
    for s in text_sentences(doc):
        sn = analyse(s.text)
        prev_end = -1
        for p in sn.percents:
            if p.kind not in ("completion", "variance"):
                continue
            budget, actual = _pair_before(sn, p.start, prev_end)
            prev_end = p.end
            if p.kind == kind:
                yield s, sn, p, budget, actual


@register_rule(
    "rate.completion",
    "预算完成率与金额一致",
    Family.RATES,
    Severity.ERROR,
    description="“完成预算的P%”/“执行率P%” = 决算数 ÷ 预算数（同一句写明的预算数；“三公”各项的预算数可取自“三公”经费表）。",
)
def rule_completion(doc, ctx):
    for s, sn, p, budget, actual in _budget_rates(doc, "completion"):
        if actual is None:
            continue
        extra = []
        if budget is None:
            # "其中：公务接待费支出决算为 0.39 万元，完成预算的 13.68%": the budget is in 表7
            hit = _table_budget(doc, actual)
            if hit is None:
                continue
            bval, bq, where, loc = hit
            extra = [loc]
        else:
            if budget.unit != actual.unit:
                continue
            bval, bq, where = budget.value, budget.quantum, ""
        verdict, computed = ratio_check(p.value, p.text, actual.value, bval, actual.quantum, bq)
        if verdict is None:
            continue
        frag = quote(sn.text, (budget or actual).start, p.end)
        yield _ratio_finding(
            ctx,
            p,
            verdict,
            computed,
            f"“{frag}”：预算数为 0，完成率无从计算，文中却写作 {p.value}%。",
            f"“{frag}”：完成率 = {fmt(actual.value)} ÷ {where}{fmt(bval)} = {_pct(computed)}，文中为 {p.value}%。",
            key=(s.text, p.text, "completion"),
            formula="完成率 = 决算数 ÷ 预算数 × 100%",
            locations=[sentence_location(s), *extra],
        )


@register_rule(
    "rate.variance",
    "预决算差异率与金额一致",
    Family.RATES,
    Severity.ERROR,
    description="预决算差异率 = (决算数 − 预算数) ÷ 预算数，两者须在同一句中写明。",
)
def rule_variance(doc, ctx):
    for s, sn, p, budget, actual in _budget_rates(doc, "variance"):
        if budget is None or actual is None or budget.unit != actual.unit:
            continue
        diff = actual.value - budget.value
        if budget.value == 0 and diff == 0:
            continue
        verdict, computed = ratio_check(
            p.value, p.text, abs(diff), budget.value, actual.quantum + budget.quantum, budget.quantum
        )
        if verdict is None:
            continue
        frag = quote(sn.text, budget.start, p.end)
        yield _ratio_finding(
            ctx,
            p,
            verdict,
            computed,
            f"“{frag}”：预算数为 0，差异率无从计算，文中却写作 {p.value}%。",
            f"“{frag}”：差异率 = ({fmt(actual.value)} − {fmt(budget.value)}) ÷ "
            f"{fmt(budget.value)} = {'-' if diff < 0 else ''}{_pct(computed)}，文中为 {p.value}%。",
            key=(s.text, p.text, "variance"),
            formula="预决算差异率 = (决算数 − 预算数) ÷ 预算数 × 100%",
            locations=[sentence_location(s)],
        )


@register_rule(
    "rate.direction",
    "大于/小于/持平与金额一致",
    Family.RATES,
    Severity.ERROR,
    description="“决算数大于/小于/等于（持平）预算数”须与同句或上一句写明的决算数、预算数相符。",
)
def rule_direction(doc, ctx):
    for sents in by_section(text_sentences(doc)).values():
        for i, s in enumerate(sents):
            sn = analyse(s.text)
            prev_end = -1
            for d in sn.directions:
                budget, actual = _pair_before(sn, d.start, prev_end)
                prev_end = d.start + len(d.text)
                where = s
                if (budget is None or actual is None) and i > 0 and not sn.values:
                    pv = analyse(sents[i - 1].text)
                    budget, actual = _pair_before(pv, len(pv.text) + 1)
                    where = sents[i - 1]
                if budget is None or actual is None or budget.unit != actual.unit:
                    continue
                b, a = budget.value, actual.value
                truth = "大于" if a > b else "小于" if a < b else "等于"
                word = "等于" if d.word in ("等于", "持平") else d.word
                if truth == word:
                    continue
                sev = Severity.ERROR
                if d.basic and word == "等于":
                    if b != 0 and abs(a - b) / abs(b) <= Decimal("0.05"):
                        continue  # "基本持平" tolerates a small gap
                    sev = Severity.WARNING
                locs = (
                    [sentence_location(s)] if where is s else [sentence_location(where), sentence_location(s)]
                )
                yield ctx.finding(
                    f"“{d.text}”与金额不符：决算数 {fmt(a)}{actual.unit}{'>' if a > b else '<' if a < b else '='}预算数 {fmt(b)}{budget.unit}，应为“决算数{truth}预算数”。",
                    key=(s.text, d.text),
                    severity=sev,
                    formula="决算数 与 预算数 比较",
                    stated=a,
                    computed=b,
                    difference=a - b,
                    locations=locs,
                )


@register_rule(
    "rate.share_total",
    "同一总额的占比合计为100%",
    Family.RATES,
    Severity.ERROR,
    description="“其中”各项占比之和应为 100%（各项金额之和等于总额时）；差异在各占比四舍五入范围内的为尾差。",
)
def rule_share_total(doc, ctx):
    for sents in by_section(text_sentences(doc)).values():
        for b in blocks(sents):
            if len(b.parts) < 2:
                continue
            found = [share_of(sent, a) for sent, a in b.parts]
            if any(p is None for p in found):
                continue
            shares = [p for p in found if p is not None]
            unit = b.whole.unit
            total_parts = sum((a.to(unit) for _, a in b.parts), Decimal(0))
            if abs(total_parts - b.whole.value) > Decimal("0.005") * (len(b.parts) + 1):
                continue  # the list is not exhaustive: the shares need not add up to 100%
            total = sum((p.value for p in shares), Decimal(0))
            if total == 100:
                continue
            n = len(shares)
            d = max(decimals_of(p.text) for p in shares)
            tol = Decimal(1).scaleb(-d) / 2 * n
            sev = Severity.ROUNDING if abs(total - 100) <= tol else Severity.ERROR
            items = "、".join(
                f"{a.subject or '?'}{p.value}%" for (_, a), p in zip(b.parts, shares, strict=True)
            )
            msg = f"“{b.whole.subject or '总额'}”各项占比之和为 {total}%（{items}），不等于 100%。"
            if sev == Severity.ROUNDING:
                msg += "差异在各占比四舍五入的范围内，属尾差。"
            locs = block_locations(b.head, b.parts)
            yield ctx.finding(
                msg,
                key=(b.head.text, "share_total"),
                severity=sev,
                formula="Σ 各项占比 = 100%",
                stated=total,
                computed=Decimal(100),
                locations=locs[:6],
            )
