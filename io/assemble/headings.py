"""Headings of the running text: numbering levels, heading-like paragraphs, section kinds.

第X部分 is level 1, "一、" level 2, "（一）" level 3 (:func:`heading_level`); a
numbered paragraph is a heading when it reads as a title, not as a list item
with content (:func:`title_like`).  :func:`section_kind` tells what a section
holds from its heading; :func:`core_title` strips a heading down for matching
目录 entries with body headings.
"""

from __future__ import annotations

import re

from gouji.io.assemble import catalog
from gouji.model.document import SectionKind, StdTable
from gouji.model.text import norm

__all__ = [
    "RE_PART",
    "RE_LIST",
    "RE_UNNUMBERED_HEAD",
    "cn_to_int",
    "heading_level",
    "title_like",
    "section_kind",
    "core_title",
    "std_of",
]

_CN = "一二三四五六七八九十百零〇两"
RE_PART = re.compile(rf"^第\s*([{_CN}0-9]+)\s*部分")
RE_L2 = re.compile(rf"^([{_CN}]+)\s*[、.．]\s*")
RE_L3 = re.compile(rf"^[（(]\s*([{_CN}]+)\s*[）)]\s*")
RE_LIST = re.compile(r"^(?:\d{1,2}\s*(?:[、．]|\.(?!\d))|[（(]\s*\d{1,2}\s*[）)]|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")
RE_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:万元|元|%|％)")
RE_UNNUMBERED_HEAD = re.compile(
    r"(?:概况|主要职能|主要职责|机构设置|名词解释|情况说明|预算表|决算表|公开表|编制说明|附件|附表)$"
)


def cn_to_int(s: str) -> int | None:
    """Chinese or Arabic numeral → int ("十二" → 12, "一百零二" → 102, "一十" → 10, "3" → 3)."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    digits = {
        "零": 0,
        "〇": 0,
        "一": 1,
        "二": 2,
        "两": 2,
        "三": 3,
        "四": 4,
        "五": 5,
        "六": 6,
        "七": 7,
        "八": 8,
        "九": 9,
    }
    total, cur = 0, 0
    for ch in s:
        if ch in digits:
            cur = digits[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


def heading_level(text: str) -> tuple[int, int | None] | None:
    """Numbering level of a line start: 第X部分 → 1, 一、 → 2, （一） → 3; with the number."""
    m = RE_PART.match(text)
    if m:
        return 1, cn_to_int(m.group(1))
    m = RE_L2.match(text)
    if m:
        return 2, cn_to_int(m.group(1))
    m = RE_L3.match(text)
    if m:
        return 3, cn_to_int(m.group(1))
    return None


def title_like(text: str, level: int) -> bool:
    """A numbered paragraph that reads as a heading, not as a list item with content."""
    t = text.strip()
    if any(c in t for c in "。！？；;!?") or t.endswith(("，", "、", ",")):
        return False
    limit = 90 if level == 1 else 60
    if len(norm(t)) > limit:
        return False
    if RE_AMOUNT.search(t):
        return False
    m = re.search(r"[：:]", t)
    if m:
        after = t[m.end() :].strip()
        if len(after) > 30 or after.startswith(("指", "是指", "是")):
            return False
    return True


def section_kind(title: str, parent: SectionKind | None = None) -> SectionKind:
    """The :class:`SectionKind` of a heading (falls back to the parent's kind)."""
    t = norm(title)
    if "名词解释" in t or "名词说明" in t or "术语解释" in t:
        return SectionKind.GLOSSARY
    if "绩效" in t:
        return SectionKind.PERFORMANCE
    if re.search(r"主要职能|主要职责|部门职责|单位职责|职能职责|基本职能|职能", t):
        return SectionKind.FUNCTIONS
    if re.search(r"机构设置|人员情况|单位构成|人员构成|内设机构|机构情况", t):
        return SectionKind.ORGANISATION
    if re.search(r"(?:公开表|预算表|决算表|报表|附表|公开表格)(?:[（(][^（()）]*[)）])?$", t):
        return SectionKind.TABLES
    if "说明" in t:
        return SectionKind.EXPLANATION
    if "概况" in t or "基本情况" in t:
        return SectionKind.OVERVIEW
    if parent is not None and parent not in (SectionKind.COVER, SectionKind.TOC):
        return parent
    return SectionKind.OTHER


def core_title(title: str) -> str:
    """A heading without numbering, brackets, year and 部门/单位 prefix (for matching 目录 and body)."""
    t = norm(title)
    t = re.sub(rf"^(?:第[{_CN}0-9]+部分|[{_CN}]+[、.．]|[（(][{_CN}]+[）)])", "", t)
    t = re.sub(r"[（(][^（()）]*[)）]", "", t)
    t = re.sub(r"(?:19|20)\d{2}年度?", "", t)
    return re.sub(r"^(?:部门|单位)", "", t)


def std_of(title: str) -> StdTable | None:
    """The standard table a heading or 目录 entry names (None when none, or when the catalog fails)."""
    try:
        m = catalog.match_title(title)
    except Exception:  # noqa: BLE001 - a catalog bug must not break the text side
        return None
    return None if m is None else m.std
