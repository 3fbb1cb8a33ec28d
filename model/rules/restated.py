"""Family 4: the same quantity stated twice in the text with different values.

``narr.restated`` gathers the amounts the explanation states for this year (not changes, not a
previous year's figures, not the printed base of a comparison) and groups them by what they are:

- a 款 / 项 item of an item line (``narr.item_line``'s reading), within sections about the same table
  (an item of the 支出总体 section and of the 一般公共预算 section are different quantities);
- a document-level total, exactly the same label once the year, quotes and measure words are taken
  off ("收入支出总计", "财政拨款收支总计", "三公经费", "机关运行经费", "一般公共预算财政拨款支出"),
  anywhere in the text;
- 基本支出, 项目支出, 人员经费, 公用经费, 本年收入 / 支出, 财政拨款收入 stated for themselves (not as
  an item of a "其中" list) within sections about the same table;
- a project: the 预算安排规模 of a "项目名称：X" block and an amount stated for exactly "X".

Other labels are not compared: the same words name different quantities in different places (the
基本支出 of two sections, "其他交通费" in the allocation lists of two projects, a class's amount
and its 项目支出 part).

and by measure: 预算数 (a budget's amounts; a final account's 年初 / 全年预算), 决算数.  Two
statements of one group that differ by more than half a unit of the coarser printed digit are an
error (both sentences are located); one unit of the coarser digit when the two print different
precision is rounding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gouji.model.document import DocKind, Document, Sentence
from gouji.model.findings import Family, Severity, sentence_location
from gouji.model.rules.item_sentences import item_lines
from gouji.model.rules.narrative import _context, _other_year, _scope
from gouji.model.rules.registry import register_rule
from gouji.model.rules.textlists import blocks
from gouji.model.rules.textnum import Amount, analyse, by_section, normalise, quote, text_sentences
from gouji.model.rules.wording import fmt

#: labels that name one quantity of the whole document, whichever section states them
_DOC_TOTALS_RE = re.compile(
    r"^(收入总计|支出总计|收支总计|收入支出总计|收、支总计|收入、支出总计|收支总预算|"
    r"财政拨款收入支出总计|财政拨款收支总计|财政拨款收支总预算|"
    r"三公经费(财政拨款)?(支出)?|机关运行经费(财政拨款)?(支出)?|"
    r"一般公共预算(财政拨款|拨款)?(收入|支出|基本支出|项目支出))$"
)
#: labels that name one quantity of the table a section is about (its 基本支出 …), when stated for
#: themselves: as an item of a "其中" list they may detail something else (a class's 基本支出)
_SCOPED_RE = re.compile(
    r"^(基本支出|项目支出|人员经费|公用经费|本年收入(合计)?|本年支出(合计)?|财政拨款收入)$"
)
_MEASURE_WORDS_RE = re.compile(
    r"(年初预算数?|全年预算数?|调整预算数?|预算安排|预算数|支出决算数?|决算数?|预算)(为|是)?$"
)
_PRIOR_RE = re.compile(r"上年|去年|上一年|同期|执行数|^\s*(比|较|与|同)")
_PROJECT_RE = re.compile(r"^\s*项目名称\s*[:：]\s*(.+?)\s*[。；;]?$")


@dataclass
class Statement:
    key: tuple[str, str]
    measure: str
    amount: Amount
    sentence: Sentence
    label: str


def _measure(doc: Document, subject: str) -> str:
    if re.search(r"决算|实际支出", subject):
        return "决算数"
    if doc.kind == DocKind.FINAL:
        return (
            "预算数"
            if re.search(r"预算(数|安排)?(为|是)?$|年初预算|全年预算|调整预算", subject)
            else "决算数"
        )
    return "预算数"


def _label(subject: str) -> str:
    s = re.sub(r"[\s“”\"'‘’]", "", subject)  # "“三公”经费" → "三公经费"
    s = _MEASURE_WORDS_RE.sub("", s)
    return re.sub(r"(为|是|共|达)$", "", s)


def _plain(doc: Document, a: Amount) -> bool:
    """A value of this year (not a change, a note, a previous year's figure or a comparison base)."""
    return (
        not a.change
        and not a.note
        and a.unit in ("元", "万元", "亿元")
        and not _PRIOR_RE.search(a.raw_subject)
        and not _other_year(doc, a)
    )


def _list_items(doc: Document) -> set[tuple[int, int]]:
    """(sentence, position) of every amount that is an item of a "其中" list."""
    out: set[tuple[int, int]] = set()
    sentences = text_sentences(doc)
    for sents in by_section(sentences).values():
        for b in blocks(sents):
            out.update((x.index, a.start) for x, a in b.parts)
    for s in sentences:
        out.update((s.index, a.start) for bd in analyse(s.text).breakdowns for a in bd.parts)
    return out


def statements(doc: Document) -> list[Statement]:
    """Every amount of the text that states a grouped quantity (see the module docstring)."""
    out: list[Statement] = []
    items = {  # (sentence, position of the figure) → the item it is the figure of
        (line.sentence.index, a.start): item
        for item, line in item_lines(doc)
        for a in (line.current, line.planned)
        if a is not None
    }
    parts = _list_items(doc)
    project: tuple[str, int] | None = None  # the project named by the last "项目名称：X" and where
    for k, s in enumerate(text_sentences(doc)):
        text = normalise(s.text).strip()
        pm = _PROJECT_RE.match(text)
        if pm:
            project = (re.sub(r"\s+", "", pm.group(1)), k)
            continue
        sn = analyse(s.text)
        for a in sn.values:
            if not _plain(doc, a):
                continue
            measure = _measure(doc, a.subject)
            if "预算安排规模" in a.subject:
                if project is not None and k - project[1] <= 4:
                    out.append(Statement(("project", project[0]), "预算数", a, s, project[0]))
                project = None
                continue
            item = items.get((s.index, a.start))
            if item is not None:
                # an item of one section's table: the same code in the 支出总体 section and in the
                # 一般公共预算 section are different quantities
                where = _scope(_context(doc, s)) or s.section_id
                out.append(Statement(("code", f"{where}/{item.code}"), measure, a, s, item.how))
                continue
            label = _label(a.subject)
            scope = _scope(_context(doc, s)) if _SCOPED_RE.match(label) else None
            if _DOC_TOTALS_RE.match(label):
                out.append(Statement(("total", label), measure, a, s, label))
            elif scope and (s.index, a.start) not in parts:
                out.append(Statement(("scoped", f"{scope}/{label}"), measure, a, s, label))
            elif len(label) >= 4:
                out.append(Statement(("named", label), measure, a, s, label))
    return out


def _differ(a: Amount, b: Amount) -> Severity | None:
    """Error, rounding or None for two printings of one quantity."""
    unit = a.unit
    x, y = a.value, b.to(unit)
    qa, qb = a.quantum, b.quantum_in(unit)
    gap = abs(x - y)
    if gap <= max(qa, qb):
        return None  # one of them prints fewer digits
    if qa != qb and gap <= 2 * max(qa, qb):
        return Severity.ROUNDING
    return Severity.ERROR


@register_rule(
    "narr.restated",
    "同一数额前后表述一致",
    Family.NARRATIVE,
    Severity.ERROR,
    description="同一款/项科目的分科目说明、同一名称的总额（收入支出总计、“三公”经费、机关运行经费、一般公共预算支出等）、"
    "同一说明部分的基本支出/项目支出/人员经费/公用经费，以及同一项目的预算安排规模，在文中多处出现时，"
    "同一口径（预算数/决算数）、同一年度的金额须一致。",
)
def rule_restated(doc, ctx):
    groups: dict[tuple[tuple[str, str], str], list[Statement]] = {}
    found = statements(doc)
    projects = {st.key[1] for st in found if st.key[0] == "project"}
    for st in found:
        key = ("project", st.key[1]) if st.key[0] == "named" and st.key[1] in projects else st.key
        groups.setdefault((key, st.measure), []).append(st)
    for (key, measure), sts in groups.items():
        if key[0] == "named":
            continue  # a label is compared only as the name of a project (below)
        first = sts[0]
        for other in sts[1:]:
            if other.sentence.text == first.sentence.text:
                continue  # the same sentence printed twice (a repeated block) is text quality
            sev = _differ(first.amount, other.amount)
            if sev is None:
                continue
            a, b = first.amount, other.amount
            yield ctx.finding(
                f"“{first.label}”的{measure}在文中前后不一致：“{quote(first.sentence.text, a.start, a.end)}”为 "
                f"{a.text}{a.unit}，“{quote(other.sentence.text, b.start, b.end)}”为 {b.text}{b.unit}，"
                f"相差 {fmt(b.to(a.unit) - a.value)}{a.unit}。"
                + ("差异在两处印刷精度的范围内，属尾差。" if sev == Severity.ROUNDING else ""),
                key=(key, measure, first.sentence.text, other.sentence.text, b.text),
                severity=sev,
                formula=f"{first.label}（{measure}）：前文 = 后文",
                stated=b.to(a.unit),
                computed=a.value,
                locations=[sentence_location(first.sentence), sentence_location(other.sentence)],
            )
            break  # one finding per group: the first statement against the first that differs
