"""Family 6: sums inside the text.

- ``sum.parts``: "X万元，其中：A万元，B万元…" - the parts add up to the stated whole
  (政府采购 = 货物 + 工程 + 服务, 基本支出 = 人员经费 + 公用经费, 收入总计 = 本年收入 +
  结转 …).  A list is only required to be complete when it is recognisably
  exhaustive (a known complete set of items, or shares that add up to 100%);
  parts that exceed the whole are always reported;
- ``sum.counts``: the same for counts ("实有人数103人，其中：在职58人…退休45人",
  "车辆4辆，其中：…其他用车4辆");
- ``sum.allocation``: a project's 资金分配情况 items add up to its 预算安排规模.

Lists are read as trees (textlists.blocks): a "其中：" sub-list or a bracketed breakdown of an
item is checked against that item, not added to its siblings.  A whole printed in another unit
than all its parts, whose figure is their sum, is a misprinted unit (a warning).
Gaps explained by the rounding of the printed addends are reported as ``rounding``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from gouji.model.document import Sentence
from gouji.model.findings import Family, Severity, sentence_location
from gouji.model.rules.registry import classify_difference, register_rule
from gouji.model.rules.textlists import (
    Block,
    block_locations,
    blocks,
    is_part_like,
    share_of,
)
from gouji.model.rules.textnum import (
    Amount,
    Count,
    analyse,
    by_section,
    normalise,
    same_subject,
    text_sentences,
)
from gouji.model.rules.wording import fmt

# Lists that are complete when every group is present (the optional groups may be absent).
COMPLETE_SETS: list[tuple[tuple[str, ...], ...]] = [
    (("货物",), ("工程",), ("服务",)),
    (("基本支出",), ("项目支出",)),
    (("人员经费",), ("公用经费",)),
    (("因公出国",), ("公务用车",), ("公务接待",)),
    (("因公出国",), ("公务用车购置",), ("公务用车运行",), ("公务接待",)),
    (("购置",), ("运行",)),
    (("本年收入",), ("年初结转", "上年结转")),
    (("本年收入",), ("非财政拨款结余",), ("年初结转",)),
    (("本年支出",), ("年末结转",)),
    (("本年支出",), ("结余分配",), ("年末结转",)),
    (("年初财政拨款结转", "年初结转"), ("本年财政拨款收入", "本年收入")),
    (("年末财政拨款结转", "年末结转"), ("本年财政拨款支出", "本年支出")),
    (("财政拨款",), ("非财政拨款",)),
]
OPTIONAL = {("非财政拨款结余",), ("结余分配",)}


def _covers(subjects: list[str], groups: tuple[tuple[str, ...], ...]) -> bool:
    hit = [False] * len(groups)
    for s in subjects:
        found = False
        for gi, g in enumerate(groups):
            if any(k in s for k in g):
                hit[gi] = True
                found = True
                break
        if not found:
            return False
    return all(h or groups[gi] in OPTIONAL for gi, h in enumerate(hit))


def is_complete_list(subjects: list[str]) -> bool:
    """True when the labels form a known complete breakdown (货物/工程/服务 …)."""
    subs = [s for s in subjects if s]
    if len(subs) < 2 or len(subs) != len(subjects):
        return False
    return any(_covers(subs, g) for g in COMPLETE_SETS)


def _shares_complete(parts: list[tuple[Sentence, Amount]]) -> bool:
    """Every part prints its share of the whole, and the shares add up to 100%."""
    total = Decimal(0)
    for sent, a in parts:
        p = share_of(sent, a)
        if p is None:
            return False
        total += p.value
    return abs(total - 100) <= Decimal("0.1")


def _split_classifications(bs: list) -> list:
    """A list given twice, by two classifications ("按功能分类…；按经济分类划分为基本支出…")
    is two lists of the same whole."""
    out = []
    for b in bs:
        groups: list[list] = [[]]
        for sent, a in b.parts:
            if re.search(r"按.{0,8}(分类|划分)", a.raw_subject) and groups[-1]:
                groups.append([])
            groups[-1].append((sent, a))
        if len(groups) == 1:
            out.append(b)
        else:
            out.extend(Block(head=b.head, whole=b.whole, parts=g, marker=b.marker) for g in groups)
    return out


def _prefix_matches(b, unit: str) -> bool:
    """True when the first parts already make up the whole: what follows belongs to an
    enclosing list ("三公 X，其中：…公务用车 B，其中：购置 b1，运行 b2，公务接待费 C")."""
    run = Decimal(0)
    for k, (_, a) in enumerate(b.parts[:-1], 1):
        run += a.to(unit)
        if classify_difference(b.whole.value - run, k) is None:
            return True
    return False


def _mixed_kinds(b) -> bool:
    """A budget whole broken into actuals (or the reverse) is not a sum."""

    def kind(subject: str) -> str | None:
        if "决算" in subject or "执行" in subject:
            return "actual"
        if re.search(r"预算(数|为)?$|年初预算|全年预算", subject):
            return "budget"
        return None

    wk = kind(b.whole.subject)
    kinds = {kind(a.subject) for _, a in b.parts} - {None}
    return bool(wk and kinds and kinds != {wk})


def _unit_misprint(b):
    """A whole printed in another unit than all of its parts whose figure is their sum in the parts'
    unit ("污染防治项目18,686.86元，主要包括：…3,953.30万元…"): a misprinted unit, not a sum error.
    Returns a function making the warning, or None."""
    units = {a.unit for _, a in b.parts}
    if len(units) != 1 or b.whole.unit in units:
        return None
    unit = units.pop()
    total = sum((a.value for _, a in b.parts), Decimal(0))
    if classify_difference(b.whole.value - total, len(b.parts)) == Severity.ERROR:
        return None

    def make(ctx):
        return ctx.finding(
            f"“{b.whole.subject or '总额'}”写作 {fmt(b.whole.value)}{b.whole.unit}，而其各项以{unit}计、"
            f"合计 {fmt(total)}{unit}：总额的金额单位疑似误写（应为{unit}）。",
            key=(b.head.text, b.whole.text, "parts_unit"),
            severity=Severity.WARNING,
            formula=f"{b.whole.subject or '总额'} = " + " + ".join(a.subject or "?" for _, a in b.parts),
            stated=b.whole.value,
            computed=total,
            locations=block_locations(b.head, b.parts)[:8],
        )

    return make


@register_rule(
    "sum.parts",
    "文中“其中”各项之和等于总额",
    Family.TEXT_SUMS,
    Severity.ERROR,
    description="“X万元，其中：A万元，B万元…”各项之和应等于 X（完整列举时）；各项之和超过总额时总是报告。",
)
def rule_parts(doc, ctx):
    for sents in by_section(text_sentences(doc)).values():
        for b in _split_classifications(blocks(sents)):
            if len(b.parts) < 2:
                continue
            if _mixed_kinds(b):
                continue
            unit = b.whole.unit
            misprint = _unit_misprint(b)
            if misprint is not None:
                yield misprint(ctx)
                continue
            total = sum((a.to(unit) for _, a in b.parts), Decimal(0))
            diff = b.whole.value - total
            sev = classify_difference(diff, len(b.parts))
            if sev is None:
                continue
            if diff < 0 and _prefix_matches(b, unit):
                continue  # the list goes on with the outer list's items (nested "其中")
            subjects = [a.subject for _, a in b.parts]
            complete = is_complete_list(subjects) or _shares_complete(b.parts)
            if diff > 0 and sev == Severity.ERROR and not complete:
                continue  # a partial list ("其中：A") need not add up to the whole
            items = " + ".join(f"{a.subject or '?'} {fmt(a.value)}" for _, a in b.parts)
            msg = (
                f"“{b.whole.subject or '总额'}”{fmt(b.whole.value)}{b.whole.unit}，"
                f"其中各项之和 {items} = {fmt(total)}{unit}，相差 {fmt(diff)}{unit}。"
            )
            if sev == Severity.ROUNDING:
                msg += "差异在各项四舍五入的范围内，属尾差。"
            elif diff < 0:
                msg += "各项之和超过总额。"
            locs = block_locations(b.head, b.parts)
            yield ctx.finding(
                msg,
                key=(b.head.text, b.whole.text, "parts"),
                severity=sev,
                formula=f"{b.whole.subject or '总额'} = " + " + ".join(a.subject or "?" for _, a in b.parts),
                stated=b.whole.value,
                computed=total,
                locations=locs[:8],
            )


_COUNT_PART_RE = re.compile(
    r"^\s*(?:其中\s*[:：]?\s*)?[^，,；;。：:\d]{1,20}?\s*\d+\s*(人|辆|个|家|台|套|名)"
)


def _count_blocks(sents: list) -> list[tuple[object, Count, list[tuple[object, Count]]]]:
    out = []
    n = len(sents)
    for i, s in enumerate(sents):
        sn = analyse(s.text)
        for bd in sn.breakdowns:
            if bd.marker != "其中":
                continue
            whole = bd.count_whole
            if whole is None and bd.start <= 3 and i > 0:
                prev = analyse(sents[i - 1].text)
                pc = [c for c in prev.counts if not c.change]
                if pc and not prev.breakdowns:
                    whole = pc[0]
            if whole is None:
                continue
            parts = [(s, c) for c in bd.count_parts if c.unit == whole.unit]
            if any(whole in b.count_parts for b in sn.breakdowns if b.start < bd.start):
                continue  # the whole is an item of an earlier list: which one the list details is unclear
            j = i + 1
            last_bd = bd is [b for b in sn.breakdowns if b.marker == "其中"][-1]
            if len(parts) >= 2 and s.text.rstrip().endswith("。"):
                last_bd = False  # the list is complete inside its sentence
            while last_bd and j < n:
                t = normalise(sents[j].text)
                tn = analyse(t)
                if not _COUNT_PART_RE.match(t):
                    break
                first = next((c for c in tn.counts if not c.change), None)
                if (
                    first is None
                    or first.unit != whole.unit
                    or any(b.marker == "其中" for b in tn.breakdowns)
                ):
                    break
                if any(same_subject(first.subject, c.subject) for _, c in parts):
                    break
                parts.append((sents[j], first))
                j += 1
            out.append((s, whole, parts))
    return out


def _counts_complete(whole: Count, parts: list[tuple[object, Count]]) -> bool:
    subs = [c.subject for _, c in parts]
    if whole.unit == "人" and all(any(k in s for k in ("在职", "退休", "离休")) for s in subs):
        return any("在职" in s for s in subs) and any("退休" in s for s in subs)
    if whole.unit == "辆" and "车" in whole.subject and all("车" in s for s in subs):
        return True
    return False


@register_rule(
    "sum.counts",
    "文中人数、车辆数等分项之和等于总数",
    Family.TEXT_SUMS,
    Severity.ERROR,
    description="“实有人数N人，其中：在职…人，退休…人，离休…人”“车辆N辆，其中：…”各项之和应等于总数。",
)
def rule_counts(doc, ctx):
    for sents in by_section(text_sentences(doc)).values():
        for head, whole, parts in _count_blocks(sents):
            if len(parts) < 2:
                continue
            total = sum((c.value for _, c in parts), Decimal(0))
            if total == whole.value:
                continue
            if total < whole.value and not _counts_complete(whole, parts):
                continue
            items = " + ".join(f"{c.subject or '?'} {c.value}" for _, c in parts)
            locs = block_locations(head, parts)
            yield ctx.finding(
                f"“{whole.subject or '总数'}{whole.value}{whole.unit}”，其中各项之和 {items} = {total}{whole.unit}，"
                f"相差 {whole.value - total}{whole.unit}。",
                key=(head.text, whole.text, "counts"),
                severity=Severity.ERROR,
                formula=f"{whole.subject or '总数'} = " + " + ".join(c.subject or "?" for _, c in parts),
                stated=whole.value,
                computed=total,
                locations=locs[:8],
            )


_STOP_RE = re.compile(r"资金执行时间|项目名称|预算安排规模|项目承担单位|设立的政策依据|绩效目标|执行时间")


@register_rule(
    "sum.allocation",
    "资金分配情况之和等于预算安排规模",
    Family.TEXT_SUMS,
    Severity.ERROR,
    description="项目说明中“资金分配情况”所列各项金额之和应等于“预算安排规模”。",
)
def rule_allocation(doc, ctx):
    sents = text_sentences(doc)
    scale: tuple[object, Amount] | None = None
    i = 0
    while i < len(sents):
        s = sents[i]
        t = normalise(s.text)
        if "项目名称" in t:
            scale = None
        sn = analyse(t)
        if "预算安排规模" in t:
            a = next((x for x in sn.values if "预算安排规模" in x.subject or "规模" in x.raw_subject), None)
            scale = (s, a) if a is not None else None
            i += 1
            continue
        if not re.match(r"^\s*资金分配(情况)?\s*[:：]", t) or scale is None:
            i += 1
            continue
        bd = next((b for b in sn.breakdowns if b.marker == "其中" and b.whole is not None and b.parts), None)
        head: Amount | None = None
        if bd is not None:
            head = bd.whole
            group = [(s, a) for a in bd.parts]
        elif (
            len(sn.values) == 1
            and i + 1 < len(sents)
            and normalise(sents[i + 1].text).lstrip().startswith("其中")
        ):
            head = sn.values[0]
            group = []
        else:
            group = [(s, a) for a in sn.values]
        j = i + 1
        while j < len(sents) and sents[j].section_id == s.section_id:
            tj = normalise(sents[j].text)
            if _STOP_RE.search(tj):
                break
            vj = analyse(tj).values
            if not vj or not (is_part_like(tj) or tj.lstrip().startswith("其中")):
                break
            group.extend((sents[j], a) for a in vj)
            j += 1
        i = j
        scale_s, scale_a = scale
        scale = None
        if not group:
            continue
        unit = scale_a.unit
        vals = [a.to(unit) for _, a in group]
        tol = Decimal("0.005") * (len(vals) + 1)
        if (
            head is None
            and len(vals) >= 2
            and abs(vals[0] - scale_a.value) <= tol
            and abs(sum(vals[1:], Decimal(0)) - scale_a.value) <= tol
        ):
            head, group, vals = group[0][1], group[1:], vals[1:]
        items = group
        total = sum(vals, Decimal(0))
        if head is not None and abs(head.to(unit) - scale_a.value) > Decimal("0.005"):
            yield ctx.finding(
                f"预算安排规模 {fmt(scale_a.value)}{unit}，资金分配情况写作 {fmt(head.value)}{head.unit}，两者不一致。",
                key=(scale_s.text, s.text, "allocation_head"),
                severity=Severity.ERROR,
                formula="资金分配总额 = 预算安排规模",
                stated=head.to(unit),
                computed=scale_a.value,
                locations=[sentence_location(scale_s), sentence_location(s)],
            )
        target = head.to(unit) if head is not None else scale_a.value
        target_label = "资金分配总额" if head is not None else "预算安排规模"
        diff = target - total
        sev = classify_difference(diff, len(items))
        if sev is None:
            continue
        listed = "、".join(f"{a.subject or '?'} {a.text}" for _, a in items[:12])
        if len(items) > 12:
            listed += "…"
        msg = (
            f"{target_label} {fmt(target)}{unit}，资金分配情况各项（{listed}）合计 {fmt(total)}{unit}，"
            f"相差 {fmt(diff)}{unit}。"
        )
        if sev == Severity.ROUNDING:
            msg += "差异在各项四舍五入的范围内，属尾差。"
        locs = [sentence_location(scale_s), sentence_location(s)]
        yield ctx.finding(
            msg,
            key=(scale_s.text, s.text, "allocation"),
            severity=sev,
            formula=f"{target_label} = Σ 资金分配各项",
            stated=target,
            computed=total,
            locations=locs,
        )
