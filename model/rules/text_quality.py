"""Family 8: text quality of the running text.

- ``text.punct_doubled``: doubled or clashing punctuation ("。。", "，，", "，。");
- ``text.brackets``: unmatched brackets and quotes (（）()“”《》【】〔〕);
- ``text.truncated``: sentences cut short ("主要原因是。", "主要用于。");
- ``text.unit_wording``: 部门 / 单位 wording inconsistent with the document
  (a 单位 document that speaks of 本部门, part titles mixing 单位 and 部门);
- ``text.compare_year``: a comparison with a year other than the previous one
  ("2024年…与2022年相比" where 上年 is 2023).
"""

from __future__ import annotations

import re

from gouji.model.findings import Family, Location, Severity, sentence_location
from gouji.model.rules.registry import register_rule
from gouji.model.rules.textnum import by_section, normalise, text_sentences
from gouji.model.rules.wording import doc_scope, is_dept_title, is_unit_title

_DOUBLED_RE = re.compile(r"([，。；：、！？,;])\1|[，,、][。；！？]|[。；！？][，,、]|[：:][。；，,]")
_PAIRS = [
    ("（(", "）)", "括号"),
    ("“", "”", "引号"),
    ("《〈", "》〉", "书名号"),
    ("【[", "】]", "方括号"),
    ("〔", "〕", "六角括号"),
]
_TRUNC_RE = re.compile(
    r"(主要原因是|主要原因为|主要原因|原因是|原因为|主要用于|主要包括|主要是|包括|开支内容包括|具体原因是)\s*[:：]?\s*([。；;！!]|$)"
)


def _context(text: str, pos: int, pad: int = 10) -> str:
    lo, hi = max(0, pos - pad), min(len(text), pos + pad)
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")


@register_rule(
    "text.punct_doubled",
    "标点重复或误用",
    Family.TEXT_QUALITY,
    Severity.WARNING,
    description="文字中出现重复或相互冲突的标点（如“。。”“，，”“，。”）。",
)
def rule_punct(doc, ctx):
    for s in text_sentences(doc):
        t = s.text
        for m in _DOUBLED_RE.finditer(t):
            # leader dots and ellipses are not typos
            if t[m.start()] in "。." and t[m.start() : m.start() + 3] in ("。。。", "..."):
                continue
            if m.start() > 0 and t[m.start() - 1] == t[m.start()]:
                continue  # part of a longer run (dot leaders)
            yield ctx.finding(
                f"标点重复或误用：“{_context(t, m.start())}”中出现“{m.group(0)}”。",
                key=(t, m.group(0), m.start()),
                locations=[sentence_location(s)],
            )


def _balance(text: str, opens: str, closes: str) -> tuple[int, int]:
    """(unclosed openers, closers without opener) of one bracket kind."""
    depth = 0
    stray = 0
    for ch in text:
        if ch in opens:
            depth += 1
        elif ch in closes:
            if depth:
                depth -= 1
            else:
                stray += 1
    return depth, stray


@register_rule(
    "text.brackets",
    "括号或引号不配对",
    Family.TEXT_QUALITY,
    Severity.WARNING,
    description="句中括号、引号、书名号不配对（跨行断句已合并考虑：下一句补上的闭合不算）。",
)
def rule_brackets(doc, ctx):
    for sents in by_section(text_sentences(doc)).values():
        for i, s in enumerate(sents):
            t = normalise(s.text)
            # a bracket may span several sentences ("（其中，…；…；…）"): look six sentences around
            nxt = "".join(x.text for x in sents[i + 1 : i + 7])
            prv = "".join(x.text for x in sents[max(0, i - 6) : i])
            for opens, closes, label in _PAIRS:
                unclosed, stray = _balance(t, opens, closes)
                # a sentence broken inside a bracket: the next sentence closes it
                if unclosed and _balance(t + nxt, opens, closes)[0] < unclosed:
                    unclosed = 0
                if stray and _balance(prv + t, opens, closes)[1] < stray + _balance(prv, opens, closes)[1]:
                    stray = 0
                if unclosed:
                    pos = max(t.rfind(o) for o in opens)
                    yield ctx.finding(
                        f"{label}未闭合：“{_context(t, pos, 14)}”。",
                        key=(s.text, label, "open"),
                        locations=[sentence_location(s)],
                    )
                if stray:
                    pos = max(t.rfind(c) for c in closes)
                    yield ctx.finding(
                        f"{label}缺少左半边：“{_context(t, pos, 14)}”。",
                        key=(s.text, label, "close"),
                        locations=[sentence_location(s)],
                    )


@register_rule(
    "text.truncated",
    "句子不完整",
    Family.TEXT_QUALITY,
    Severity.WARNING,
    description="句子在“主要原因是”“主要用于”“包括”等之后直接结束，内容缺失。",
)
def rule_truncated(doc, ctx):
    for s in text_sentences(doc):
        t = s.text.strip()
        for m in _TRUNC_RE.finditer(t):
            if m.group(2) == "":
                continue  # no terminator: the sentence may continue on the next line / page
            yield ctx.finding(
                f"句子不完整：“{_context(t, m.end(), 16)}”在“{m.group(1)}”之后没有内容。",
                key=(t, m.group(1)),
                locations=[sentence_location(s)],
            )


_DEPT_WORDS_RE = re.compile(r"本部门")


@register_rule(
    "text.unit_wording",
    "“部门”“单位”用语与文件类型不符",
    Family.TEXT_QUALITY,
    Severity.WARNING,
    description="单位预决算中自称“本部门”，或各部分标题混用“单位”“部门”。",
)
def rule_unit_wording(doc, ctx):
    scope, _ = doc_scope(doc)
    parts = [sec for sec in doc.sections if sec.level == 1]
    unit_parts = [sec for sec in parts if is_unit_title(sec.title)]
    dept_parts = [sec for sec in parts if is_dept_title(sec.title)]
    if unit_parts and dept_parts:
        a, b = unit_parts[0], dept_parts[0]
        yield ctx.finding(
            f"各部分标题混用“单位”和“部门”：“{a.title}”与“{b.title}”。",
            key=("parts", a.title, b.title),
            locations=[
                Location(text=a.title, page=a.page, bbox=a.bbox),
                Location(text=b.title, page=b.page, bbox=b.bbox),
            ],
        )
    if scope != "单位":
        return
    for s in text_sentences(doc):
        for m in _DEPT_WORDS_RE.finditer(s.text):
            yield ctx.finding(
                f"本文件为单位预决算，文字却写作“{m.group(0)}”：“{_context(s.text, m.start(), 14)}”。",
                key=(s.text, m.group(0)),
                locations=[sentence_location(s)],
            )


_COMPARE_YEAR_RE = re.compile(
    r"(比|较|与|同)\s*((?:19|20)\d\d)\s*年度?\s*(?:年初)?(?:预算|决算|同期)?(?:数)?\s*(?:相比|比较|对比)?[^。；;，,]{0,16}?(增加|减少|增长|下降|持平|上升|降低|相比|基本一致)"
)


@register_rule(
    "text.compare_year",
    "比较年份错误",
    Family.TEXT_QUALITY,
    Severity.WARNING,
    description="与上年比较时写明的年份应为文件年度的前一年（如 2024 年文件与 2023 年比较）。",
)
def rule_compare_year(doc, ctx):
    if not doc.year:
        return
    expected = doc.year - 1
    for s in text_sentences(doc):
        t = normalise(s.text)
        for m in _COMPARE_YEAR_RE.finditer(t):
            year = int(m.group(2))
            if year == expected:
                continue
            yield ctx.finding(
                f"比较年份有误：{doc.year}年文件中“{_context(t, m.start(), 16)}”与 {year} 年比较，上年应为 {expected} 年。",
                key=(s.text, year),
                locations=[sentence_location(s)],
            )
