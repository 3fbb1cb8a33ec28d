"""Recognise standard table titles (and their printed numbers) by alias.

Provinces name the same table differently ("收支总体情况表", "收支预算总表",
"预算01表 收支总表", "2026年部门收支总体情况表", "一、收入支出决算总表" …).  A title is
matched by the *end* of the normalised line against one regular expression
per table kind; the longest match wins (so "财政拨款收支总表" is the fiscal
overview, not the overview), and what precedes the match must look like a
title prefix (numbering, year, unit name) — never a sentence.

Public API: :func:`match_title`, :func:`match_number`, :func:`is_toc_entry`,
:func:`kind_of`, :func:`axis_of`, :func:`doc_kind_hint`.  The standard tables (names, title patterns,
budget / final) are those of the table spec registry, :mod:`gouji.model.tables`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gouji.model.document import DocKind, StdTable
from gouji.model.tables import TABLE_SPECS, spec

__all__ = [
    "TitleMatch",
    "match_title",
    "match_number",
    "is_toc_entry",
    "kind_of",
    "axis_of",
    "doc_kind_hint",
    "normalise_title",
]

S = StdTable

_KIND = r"(?:部门预算)?(?:功能分类|经济分类)?(?:科目)?"

# recognised tables that are not standard (std None); a standard table's pattern is its
# ``TableSpec.pattern`` (gouji.model.tables)
_OTHER_PATTERNS = [
    r"财政拨款(?:基本|项目)?支出" + _KIND + r"(?:预算)?(?:情况)?表",
    r"(?:基本|其他)支出" + _KIND + r"(?:预算)?(?:情况)?(?:明细)?表",
    # "表4 基本支出总表" / "表5 项目支出总表" (not the 支出总表 of the whole budget)
    r"(?:基本|项目|其他)支出(?:预算)?总表",
    r"一般公共预算支出经济分类(?:预算)?(?:情况)?表",
    r"政府购买服务(?:预算)?(?:情况|明细)?(?:情况)?表",
    r"国有资产占用(?:情况)?表",
]
# (std or None, regex matched at the end of the title), in matching order: the standard tables in
# ``TABLE_SPECS`` order, then the others; at the same start the first one wins
_PATTERNS: list[tuple[StdTable | None, str]] = [(s.std, s.pattern) for s in TABLE_SPECS] + [
    (None, p) for p in _OTHER_PATTERNS
]
_COMPILED = [(std, re.compile("(?:" + p + r")$")) for std, p in _PATTERNS]

# numbering printed with a title: "表1", "表 1-1", "表一", "公开01表", "预算01表", "预算表12", "01"
_NUMBER = (
    r"(?:表\s*[0-9０-９]{1,2}(?:\s*[-－—]\s*[0-9]{1,2})?"
    r"|表\s*[一二三四五六七八九十]{1,3}"
    r"|(?:公开|预算|决算)\s*(?:表\s*)?[0-9]{1,2}(?:\s*[-－]\s*[0-9]{1,2})?\s*表?"
    r"|[0-9]{1,2}(?:[-－][0-9]{1,2})?(?![0-9]))"
)
_NUMBER_LINE = re.compile(r"^\s*(?:附)?" + _NUMBER + r"\s*[:：]?\s*$")
_PREFIX_STRIP = re.compile(
    r"^(?:附件?\s*[0-9一二三四五六七八九十]*\s*[:：]?)?\s*"
    r"(?:" + _NUMBER + r"\s*[:：、.．]?\s*)?"
    r"(?:[（(]?[一二三四五六七八九十]{1,3}[)）、．.]\s*|[0-9]{1,2}\s*[、.．]\s*|[（(][0-9]{1,2}[)）]\s*)?"
)
_HEAD_NUMBER = re.compile(
    r"^(?:附件?[0-9一二三四五六七八九十]*[:：]?)?"
    r"(表[0-9]{1,2}(?:[-－][0-9]{1,2})?|表[一二三四五六七八九十]{1,3}|(?:公开|预算|决算)表?[0-9]{1,2}(?:[-－][0-9]{1,2})?表?)"
)
# the same numbering ended by a colon or a full stop ("表1：", "表10.", "预算01表：")
_LABEL = re.compile(_HEAD_NUMBER.pattern + r"[:：.．、]")
_TRAILING_PAREN = re.compile(r"[（(][^（()）]{1,16}[)）]$")
# a qualifier inside the title ("政府采购（资产配置、购买服务）预算表"), after normalisation
_INNER_PAREN = re.compile(r"\([^()]{1,16}\)")
_TOC_TAIL = re.compile(r"(?:[.．·…_\-—]{3,}|\s{2,}|\t)\s*[0-9]{1,4}\s*$")
_SENTENCE_PUNCT = re.compile(r"[。；;！？!?，,]")
_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "‘": '"', "’": '"', "「": '"', "」": '"', "《": "", "》": "", "〈": "", "〉": ""}
)


# a title's prefix is a unit / year / project name, never ends in a verb or conjunction
_FUNCTION_WORDS = ("附", "见", "详见", "和", "及", "与", "、", "即", "按", "在", "为", "是", "了")


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """A recognised table title.

    ``std`` is None for a recognised but non-standard table (e.g. 政府购买服务).
    ``number`` is the printed numbering ("表1", "公开01表") when it sits on the
    title line.  ``prefix`` is what stood before the table name (unit name,
    year, 部门/单位) after numbering was removed.
    """

    std: StdTable | None
    title: str
    number: str | None
    prefix: str


def normalise_title(text: str) -> str:
    """Remove spaces, unify quotes and brackets, drop list markers ("- ")."""
    t = text.translate(_QUOTES)
    t = re.sub(r"\s+", "", t)
    t = t.lstrip("-•·●■□◆").replace("（", "(").replace("）", ")")
    return t


def is_toc_entry(text: str) -> bool:
    """A 目录 line: title followed by dot leaders / page number ("收入决算表……5")."""
    return bool(_TOC_TAIL.search(text.rstrip()))


def match_number(text: str) -> str | None:
    """The numbering when a whole line is only a table number ("表 1", "公开 01 表", "表一")."""
    if _NUMBER_LINE.match(text) and not re.fullmatch(r"\s*[0-9]{1,2}\s*", text):
        return re.sub(r"\s+", "", text.strip())
    return None


def match_title(text: str, max_len: int = 60) -> TitleMatch | None:
    """Recognise a table title line.

    Parameters
    ----------
    text
        One printed line (or one grid cell).
    max_len
        Longer lines are sentences, not titles.

    Returns
    -------
    TitleMatch or None
        None for narrative sentences ("…支出情况表为空表。"), 目录 entries with
        page numbers, and lines that do not end with a known table name.
    """
    if not text or len(text) > max_len or "表" not in text:
        return None
    if is_toc_entry(text):
        return None
    t = normalise_title(text)
    number = None
    mlabel = _LABEL.match(t)
    if mlabel:
        # "表1：2026年市级部门收支预算总表" / "表10.2026年…项目支出预算表"
        number, t = mlabel.group(1), t[mlabel.end() :]
    if not t.endswith("表"):
        # "收入支出决算总表（公开01表）" / "…情况表（按功能分类科目）" / "…绩效目标表(2024年)"
        m = _TRAILING_PAREN.search(t)
        if m is None:
            return None
        t = t[: m.start()]
        if not t.endswith("表"):
            return None
    if _SENTENCE_PUNCT.search(t) or "为空表" in t or "空表" in t[-4:] or "：" in t or ":" in t:
        return None
    t = _INNER_PAREN.sub("", t)
    best: tuple[int, StdTable | None] | None = None
    for std, rx in _COMPILED:
        m = rx.search(t)
        if m is None:
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), std)
    if best is None:
        return None
    start, std = best
    head = t[:start]
    mnum = _HEAD_NUMBER.match(head)
    if mnum and number is None:
        number = mnum.group(1)
    prefix = _PREFIX_STRIP.sub("", head, count=1)
    prefix = re.sub(r"^[0-9]{4}年度?", "", prefix)
    prefix = re.sub(r"^(?:[0-9]{4}年度?)?(?:部门|单位)?(?:预算|决算)?$", "", prefix)
    if len(prefix) > 40 or prefix.endswith(_FUNCTION_WORDS):
        return None
    if std in (S.B_EXPENSE, S.B_INCOME, S.B_OVERVIEW) and prefix.endswith(("三公经费", "三公")):
        return None
    title = re.sub(r"^\s*[-•·●]\s*", "", text.strip())
    return TitleMatch(std=std, title=title, number=number, prefix=prefix)


def axis_of(text: str) -> str | None:
    """ "功能" / "经济" when a title or header names one classification ("按支出经济分类科目")."""
    said = [w for w in ("功能", "经济") if w in text]
    return said[0] if len(said) == 1 else None


def kind_of(std: StdTable | None) -> DocKind:
    """Budget / final for a standard table kind (performance tables: target → budget, self → final)."""
    return DocKind.UNKNOWN if std is None else spec(std).kind


def doc_kind_hint(text: str) -> DocKind:
    """Budget / final from a title or cover line ("2024 年单位预算公开", "2024年度部门决算")."""
    t = normalise_title(text)
    b = t.count("预算公开") + t.count("部门预算") + t.count("单位预算")
    f = t.count("决算")
    if f > b:
        return DocKind.FINAL
    if b > f:
        return DocKind.BUDGET
    return DocKind.UNKNOWN
