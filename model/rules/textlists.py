"""Lists in running text: "X万元，其中：A万元，B万元…" over one or several sentences, as a tree.

:func:`blocks` finds every list of a section: its whole, and its items in the head sentence and in
the sentences that continue it.  A list ends at a sentence that is no list item, at an item
numbered at the whole's rank or above, and at the end of its sentence when complete there; a
sentence that starts with 其中, a bracket opened after an item and a sentence that only says how an
item changed detail the item before them (they are not its siblings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from gouji.model.document import Sentence
from gouji.model.findings import Location, sentence_location
from gouji.model.rules.textnum import (
    Amount,
    Percent,
    SentenceNumbers,
    analyse,
    bracket_balance,
    normalise,
    same_subject,
)

_PART_LIKE_RE = re.compile(
    r"^\s*(?:[-•·●]\s*|\d{1,3}\s*[.、．)）]\s*(?!\d)|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]\s*)?(?:其中\s*[:：]?\s*)?[^，,；;。：:]{1,32}?[:：]?\s*\d[\d,]*(?:\.\d+)?\s*(?:万元|元|万|亿元)"
)


_PART_LIKE_COUNT_VALUE_RE = re.compile(
    r"^\s*(?:其中\s*[:：]?\s*)?[^，,；;。：:\d]{1,24}?\s*\d+\s*(?:辆|台|套|处|个)\s*[，,]\s*(?:价值|金额)\s*[:：]?\s*\d"
)


def is_part_like(text: str) -> bool:
    """A sentence that continues a "其中" list: "上级补助收入0.00万元，占0.00%",
    "执法执勤用车 115 辆，价值 2,748.66 万元"."""
    t = normalise(text)
    return bool(_PART_LIKE_RE.match(t) or _PART_LIKE_COUNT_VALUE_RE.match(t))


def _no_numbers_note(sn: SentenceNumbers) -> bool:
    return (
        not sn.amounts
        and not sn.percents
        and len(sn.text) <= 60
        and bool(re.search(r"未安排|无|没有", sn.text))
    )


@dataclass
class Block:
    """A "whole, 其中: parts" list, possibly running over several sentences of one section."""

    head: Sentence  # the sentence holding the whole
    whole: Amount
    parts: list[tuple[Sentence, Amount]]  # (sentence, amount)
    marker: str


def block_locations(head: Sentence, parts: Sequence[tuple[Sentence, object]]) -> list[Location]:
    """Locations of a list: its head sentence, then each other sentence holding a part."""
    return [sentence_location(head)] + [sentence_location(x) for x, _ in parts if x is not head]


def share_of(sent: Sentence, a: Amount) -> Percent | None:
    """The share ("占X%") printed for list item ``a`` of ``sent``.

    The first share without a named whole after the amount, when it is in the
    amount's clause or the next one.
    """
    sn = analyse(sent.text)
    p = next((x for x in sn.percents if x.kind == "share" and x.start > a.start and not x.whole), None)
    return None if p is None or p.clause - a.clause > 1 else p


_RANK_RES = (
    re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]"),
    re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]+\s*[)）]"),
    re.compile(r"^\s*\d{1,2}\s*[.、．](?!\d)"),
    re.compile(r"^\s*[（(]\s*\d{1,2}\s*[)）]"),
    re.compile(r"^\s*[①②③④⑤⑥⑦⑧⑨⑩]"),
)


def enum_rank(text: str) -> int | None:
    """Outline rank of a sentence's leading number: 一、 → 1, （一） → 2, 1. → 3, （1） → 4, ① → 5."""
    t = normalise(text)
    return next((k for k, rx in enumerate(_RANK_RES, 1) if rx.match(t)), None)


def _listed_values(tn: SentenceNumbers) -> list[Amount]:
    """The list items of a continuation sentence: its first value, and the values that follow it
    separated only by "、" ("结转A资助款80.00万元、B资助款100.00万元、…")."""
    vals = tn.values
    out = vals[:1]
    for prev, a in zip(vals, vals[1:], strict=False):
        gap = tn.text[prev.end : a.start]
        if "、" not in gap or any(ch in gap for ch in "，,；;。：:（("):
            break
        out.append(a)
    return out


def _nested_parts(t: str, tn: SentenceNumbers) -> list[Amount]:
    """The items of a "其中：…" sentence that details the previous list item."""
    bd = next((b for b in tn.breakdowns if b.marker in ("其中", "包括") and b.start <= 3), None)
    return bd.parts if bd is not None else _listed_values(tn)


def blocks(sents: list[Sentence]) -> list[Block]:
    """Every "X万元，其中：A万元，B万元…" list in a section's sentences (in order).

    Parts after the marker in the head sentence, then the items of each following sentence
    that reads like a list item ("上级补助收入0.00万元，占0.00%"), until a sentence that is not
    such an item, repeats an item's label, or is numbered at the rank of the whole or above
    ("2.区财政安排项目…" ends the list of "1.生态保护管理…").  A head sentence that *starts*
    with 其中 takes its whole from the previous sentence.  The list is a tree: a sentence that
    starts with 其中 details the item before it (its items are not siblings), up to the sentence
    numbered like the items, or until its items add up to that item; so do a bracket opened
    after an item ("701.34万元（购置费331万元…；运行维护费370.34万元。）") and a sentence that
    only says how the item changed ("比上年增加66.79万元…").
    """
    out: list[Block] = []
    n = len(sents)
    for i in range(n):
        s = sents[i]
        sn = analyse(s.text)
        marks = [b for b in sn.breakdowns if b.marker in ("其中", "包括")]
        for k, bd in enumerate(marks):
            is_last = k == len(marks) - 1
            if not bd.parts and not (is_last and bd.start >= len(sn.text.rstrip()) - 3):
                continue
            whole = bd.whole
            whole_rank = enum_rank(s.text)
            if whole is not None and whole.start > bd.start:
                whole = None
            if whole is None and bd.start <= 3 and i > 0:
                prev = analyse(sents[i - 1].text)
                if prev.values and not prev.breakdowns:
                    whole = prev.values[0]
                    whole_rank = enum_rank(sents[i - 1].text)
            if whole is None:
                continue
            parts: list[tuple[Sentence, Amount]] = [(s, a) for a in bd.parts]
            j = i + 1
            if not is_last or (len(bd.parts) >= 2 and s.text.rstrip().endswith("。")):
                j = n  # the list is complete inside the sentence
            item_rank: int | None = None
            nested: Decimal | None = None  # running sum of the sub-list of the last item
            bracket = 0  # brackets left open after the last item
            while j < n:
                t = sents[j].text
                tn = analyse(t)
                rank = enum_rank(t)
                if bracket > 0:
                    bracket += bracket_balance(t)
                    j += 1
                    continue
                if rank is not None and (
                    (whole_rank is not None and rank <= whole_rank)
                    or (item_rank is not None and rank < item_rank)
                ):
                    break  # a sibling (or a parent) of the whole: the list has ended
                if nested is not None and parts:
                    if rank is None or item_rank is None or rank > item_rank:
                        nested += sum((a.to(parts[-1][1].unit) for a in _nested_parts(t, tn)), Decimal(0))
                        done = abs(nested - parts[-1][1].value) <= parts[-1][1].quantum * 4 or (
                            normalise(t).lstrip().startswith("其中") and t.rstrip().endswith("。")
                        )
                        nested = None if done else nested
                        j += 1
                        continue
                    nested = None
                if _no_numbers_note(tn) or (
                    parts and not tn.values and tn.changes and re.match(r"^\s*(比|较|与|同)", normalise(t))
                ):
                    j += 1
                    continue
                if parts and normalise(t).lstrip().startswith("其中"):
                    nested = sum((a.to(parts[-1][1].unit) for a in _nested_parts(t, tn)), Decimal(0))
                    if t.rstrip().endswith("。") and len(_nested_parts(t, tn)) >= 2:
                        nested = None
                    j += 1
                    continue
                if not is_part_like(t) or not tn.values:
                    break
                first = tn.values[0]
                if any(
                    b.whole is not None and b.marker in ("其中", "包括") and b.parts for b in tn.breakdowns
                ) and not (item_rank is not None and rank == item_rank and first is tn.breakdowns[0].whole):
                    break  # a new "X，其中：…" list starts here
                items = _listed_values(tn)
                if any(same_subject(x.subject, a.subject) for x in items for _, a in parts) or same_subject(
                    first.subject, whole.subject
                ):
                    break
                if item_rank is None:
                    item_rank = rank
                parts.extend((sents[j], a) for a in items)
                bracket = bracket_balance(normalise(t)[items[-1].end :])
                j += 1
            out.append(Block(head=s, whole=whole, parts=parts, marker=bd.marker))
    return out
