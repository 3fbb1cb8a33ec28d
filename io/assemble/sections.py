"""The text side of the document model: cover, 目录, sections and sentences.

:func:`build_text` takes, in reading order, every running-text line of a
document (:class:`~gouji.io.raw.RawLine`) and the already assembled
:class:`~gouji.model.document.Table` objects at their place, and returns a
:class:`TextParts`:

1. clean-up (:mod:`gouji.io.assemble.text_lines`): page numbers, running headers and
   footers are dropped, fragments printed off the baseline are merged back;
2. cover: the title lines before the 目录 → title, unit name, year, kind;
3. 目录: entries with level (第X部分 = 1, 一、 = 2, （一） = 3), printed page
   number and standard-table kind (via :mod:`gouji.io.assemble.catalog`); it stops at
   the first body heading that repeats the first entry (or when numbering
   restarts, or the page has no 目录 line);
4. body: lines are joined into paragraphs (a paragraph goes on while a line
   runs to the right margin, has no final 。；：, and the next line is not
   indented, a heading or a list item — across pages too); paragraphs that
   look like headings open :class:`~gouji.model.document.Section` objects,
   the others are split into :class:`~gouji.model.document.Sentence` objects
   (:mod:`gouji.io.assemble.text_split`) that carry the page of their first character
   and the union bbox of their lines on that page.

Everything here is a pure function of its input; one pass over the lines, so
it is cheap enough to run on partial documents.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Literal, Sequence

from gouji.io.assemble import catalog
from gouji.io.assemble.text_lines import (
    Layout,
    TLine,
    box_union,
    clean_text,
    drop_page_furniture,
    merge_split_lines,
)
from gouji.io.assemble.text_split import sentence_spans
from gouji.io.raw import Box, RawLine
from gouji.model.document import BBox, DocKind, Section, SectionKind, Sentence, StdTable, Table, TocEntry

__all__ = [
    "TextParts",
    "build_text",
    "heading_level",
    "section_kind",
    "cn_to_int",
    "core_title",
    "extract_unit_name",
]

_CN = "一二三四五六七八九十百零〇两"
RE_PART = re.compile(rf"^第\s*([{_CN}0-9]+)\s*部分")
RE_L2 = re.compile(rf"^([{_CN}]+)\s*[、.．]\s*")
RE_L3 = re.compile(rf"^[（(]\s*([{_CN}]+)\s*[）)]\s*")
RE_LIST = re.compile(r"^(?:\d{1,2}\s*(?:[、．]|\.(?!\d))|[（(]\s*\d{1,2}\s*[）)]|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")
RE_LABEL = re.compile(r"^[\u4e00-\u9fff（）()“”]{2,14}\s*[：:]")
RE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
RE_LONE_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*$")
RE_DATE = re.compile(
    r"(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年\s*[\d〇零一二三四五六七八九十]{1,3}\s*月"
)
RE_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:万元|元|%|％)")
RE_NUMBER_CONTINUES = re.compile(
    r"^\d[\d,]*(?:\.\d+)?\s*(?:人|万元|元|%|％|个|家|辆|台|项|次|平方米|亩)[，,、；;。]"
)
RE_TABLE_FURNITURE = re.compile(
    r"^(?:编制单位|编报单位|填报单位|金额单位|计量单位|单位)\s*[：:]\s*[^。；，,]{0,40}$"
)
RE_UNIT_LABEL = re.compile(
    r"^(?:预算主管部门|主管部门|编制单位|编报单位|单位名称|部门名称|填报单位)\s*[：:]\s*(.+)$"
)
RE_KIND_TAIL = re.compile(r"(?:年度?)?(?:区级|市级|县级|省级|本级)?(?:单位|部门)?(?:预算|决算|预决算)")
RE_UNNUMBERED_HEAD = re.compile(
    r"(?:概况|主要职能|主要职责|机构设置|名词解释|情况说明|预算表|决算表|公开表|编制说明|附件|附表)$"
)
_TOC_LEAD = re.compile(
    r"^(?P<t>.*?)\s*(?:(?P<lead>[.．·…_⋯•\-—]{2,})\s*(?P<p1>\d{1,4})?|\s+(?P<p2>\d{1,4}))\s*$"
)
_TERMINAL_HARD = "。！？；!?;"
_ORG = re.compile(
    r"^((?:中共)?[\u4e00-\u9fff（）()]{2,30}?"
    r"(?:委员会|办公室|办事处|管理局|总队|支队|大队|中心|局|厅|委|院|所|部|站|馆|署|社|政府|法院|检察院|学校|医院))"
)

MoneyUnit = Literal["万元", "元"]


@dataclass
class TextParts:
    """The text side of a parsed document (see :func:`build_text`).

    ``notes`` are parse notes for the reviewer, in Chinese; the assembler adds
    them to ``Document.warnings``.
    """

    toc: list[TocEntry] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    kind: DocKind = DocKind.UNKNOWN
    year: int | None = None
    unit_name: str | None = None
    title: str | None = None
    money_unit: MoneyUnit | None = None
    cover_lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """Alias of ``notes`` (the name ``Document`` uses)."""
        return self.notes


# --------------------------------------------------------------------------- helpers


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


def _nospace(t: str) -> str:
    return re.sub(r"\s+", "", t)


def _title_like(text: str, level: int) -> bool:
    """A numbered paragraph that reads as a heading, not as a list item with content."""
    t = text.strip()
    if any(c in t for c in "。！？；;!?") or t.endswith(("，", "、", ",")):
        return False
    limit = 90 if level == 1 else 60
    if len(_nospace(t)) > limit:
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
    t = _nospace(title)
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


def _box(b: Box | None) -> BBox | None:
    if b is None:
        return None
    return BBox(x0=b[0], top=b[1], x1=b[2], bottom=b[3])


def _union(boxes: Iterable[Box | None]) -> Box | None:
    """The union of the given boxes (None entries skipped; None when there is none)."""
    out: Box | None = None
    for b in boxes:
        if b is not None:
            out = b if out is None else box_union(out, b)
    return out


def core_title(title: str) -> str:
    """A heading without numbering, brackets, year and 部门/单位 prefix (for matching 目录 and body)."""
    t = _nospace(title)
    t = re.sub(rf"^(?:第[{_CN}0-9]+部分|[{_CN}]+[、.．]|[（(][{_CN}]+[）)])", "", t)
    t = re.sub(r"[（(][^（()）]*[)）]", "", t)
    t = re.sub(r"(?:19|20)\d{2}年度?", "", t)
    return re.sub(r"^(?:部门|单位)", "", t)


def _std_of(title: str) -> StdTable | None:
    try:
        m = catalog.match_title(title)
    except Exception:  # noqa: BLE001 - a catalog bug must not break the text side
        return None
    return None if m is None else m.std


def _catalog_kind_hint(text: str) -> DocKind:
    try:
        return catalog.doc_kind_hint(text)
    except Exception:  # noqa: BLE001
        return _kind_from_words(text)


def _kind_from_words(text: str) -> DocKind:
    t = _nospace(text)
    f = t.count("决算")
    b = t.count("预算") - t.count("预决算")
    if f and not b:
        return DocKind.FINAL
    if b and not f:
        return DocKind.BUDGET
    return DocKind.UNKNOWN


def extract_unit_name(text: str) -> str | None:
    """The publishing unit from a title ("2024年度苏州市自然资源和规划局单位预算公开" → the 局)."""
    t = _nospace(text)
    m = RE_UNIT_LABEL.match(t)
    if m:
        t = m.group(1)
    t = re.sub(r"^第[一二三四五六七八九十0-9]+部分", "", t)
    t = re.sub(r"^(?:关于|附件[0-9一二三四五六七八九十]*[：:]?)", "", t)
    t = re.sub(r"(?:19|20)\d{2}年度?", "", t)
    t = re.sub(r"(?:19|20)\d{2}", "", t)
    m = RE_KIND_TAIL.search(t)
    if m:
        t = t[: m.start()]
    t = re.sub(r"(?:单位|部门)?(?:概况|基本情况|情况说明)$", "", t)
    t = re.sub(r"[（(](?:本级|汇总|部门|单位)[)）]$", "", t)
    t = t.strip("：:，,、-— ")
    if len(t) < 2 or len(t) > 40 or re.search(r"\d", t):
        return None
    if re.search(r"[。；，]", t):
        return None
    return t


# --------------------------------------------------------------------------- the pass


@dataclass
class _Para:
    lines: list[TLine]
    text: str
    starts: list[int]  # offset of each line in text


def _join(lines: list[TLine]) -> _Para:
    parts: list[str] = []
    starts: list[int] = []
    n = 0
    for ln in lines:
        t = ln.text
        prev = parts[-1] if parts else ""
        if (
            prev
            and t
            and (
                (prev[-1].isascii() and prev[-1].isalpha() and t[0].isascii() and t[0].isalpha())
                or (len(parts) == 1 and RE_PART.fullmatch(prev) is not None)
            )
        ):
            parts.append(" ")
            n += 1
        starts.append(n)
        parts.append(t)
        n += len(t)
    return _Para(lines=lines, text="".join(parts), starts=starts)


class _Builder:
    def __init__(self, stream: list[TLine | Table], layout: Layout, paragraph_lines: bool):
        self.stream = stream
        self.layout = layout
        self.paragraph_lines = paragraph_lines
        self.sections: list[Section] = []
        self.sentences: list[Sentence] = []
        self.stack: list[Section] = []
        self.toc: list[TocEntry] = []

    # ---- sections
    def new_section(self, title: str, level: int, kind: SectionKind | None, lines: list[TLine]) -> Section:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if kind is None:
            kind = section_kind(title, parent.kind if parent else None)
        first_page = lines[0].page if lines else None
        bbox = _union(ln.bbox for ln in lines if ln.page == first_page)
        sec = Section(
            id=f"S{len(self.sections) + 1:03d}",
            kind=kind,
            title=title,
            level=level,
            page=first_page,
            bbox=_box(bbox),
            parent=parent.id if parent else None,
        )
        self.sections.append(sec)
        self.stack.append(sec)
        return sec

    def standalone(self, title: str, kind: SectionKind, lines: list[TLine]) -> None:
        """A top-level section that the text after it never falls into (cover, 目录)."""
        self.new_section(title, 1, kind, lines)
        self.stack.clear()

    def current(self, first: TLine | None) -> Section:
        if self.stack:
            return self.stack[-1]
        # text before the first heading
        return self.new_section("正文", 1, SectionKind.OTHER, [first] if first else [])

    def toc_level(self, key: str) -> int | None:
        """Level of the 目录 entry an unnumbered heading names, if any."""
        k = core_title(key)
        for e in self.toc:
            core = core_title(e.title)
            if core and (core in k or k in core):
                return e.level
        return None

    # ---- paragraphs
    def _starts_block(self, ln: TLine) -> bool:
        return heading_level(ln.text) is not None or bool(RE_LIST.match(ln.text))

    def joins(self, cur: list[TLine], nxt: TLine) -> bool:
        if self.paragraph_lines:
            return False
        prev = cur[-1]
        first = cur[0]
        # a bare "第一部分" line takes the title printed under it
        if len(cur) == 1 and RE_PART.fullmatch(_nospace(first.text)):
            return _title_like(nxt.text, 1) and heading_level(nxt.text) is None and len(nxt.text) <= 40
        # a part title wrapped onto a short second line ("…2024 年度部门决算" / "情况说明")
        if (
            len(cur) <= 4
            and RE_PART.match(first.text)
            and _title_like(_join(cur).text, 1)
            and not re.search(r"(?:概况|说明|解释|表|附件)$", _nospace(_join(cur).text))
            and _std_of(nxt.text) is None
            and not re.match(r"^(?:附?表|公开)\s*\d", _nospace(nxt.text))
            and heading_level(nxt.text) is None
            and len(_nospace(nxt.text)) <= 12
            and _title_like(nxt.text, 1)
            and not RE_LIST.match(nxt.text)
            and (nxt.page == prev.page or prev.page is None)
            and (prev.bbox is None or nxt.bbox is None or nxt.bbox[1] - prev.bbox[3] < 2.5 * prev.height)
        ):
            return True
        if self._starts_block(nxt):
            return False
        t = prev.text
        if not t or t[-1] in _TERMINAL_HARD:
            return False
        hl = heading_level(first.text)
        if (prev.bbox is None) != (nxt.bbox is None):
            return False  # a laid-out line next to a table row turned into text: different sources
        if prev.bbox is None or nxt.bbox is None:
            if t[-1] in "：:":
                return False
            if hl is not None and _title_like(_join(cur).text, hl[0]):
                return False
            if RE_LABEL.match(nxt.text):
                return False
            return len(t) >= 25
        # with layout
        if not self.layout.is_full(prev, nxt) or self.layout.is_indented(nxt):
            # a paragraph broken before a number that ends a clause ("…其中：在职" / "571 人，减少…")
            return bool(
                "\u4e00" <= t[-1] <= "\u9fff"
                and RE_NUMBER_CONTINUES.match(nxt.text)
                and len(_join(cur).text) >= 20
                and heading_level(first.text) is None
                and nxt.page == prev.page
            )
        if nxt.page == prev.page:
            gap = nxt.bbox[1] - prev.bbox[3]
            if gap > 2.2 * prev.height or gap < -0.5 * prev.height:
                return False
        return True

    def run(self, start: int, end: int | None = None) -> None:
        cur: list[TLine] = []
        for e in self.stream[start:end]:
            if isinstance(e, Table):
                if cur:
                    self.paragraph(cur)
                    cur = []
                self.current(None).table_ids.append(e.id)
                continue
            if RE_TABLE_FURNITURE.match(e.text):
                continue  # a table's "编制单位：…" / "单位：万元" line left over by the table assembler
            if cur and self.joins(cur, e):
                cur.append(e)
                continue
            if cur:
                self.paragraph(cur)
            cur = [e]
        if cur:
            self.paragraph(cur)

    def paragraph(self, lines: list[TLine]) -> None:
        para = _join(lines)
        text = para.text
        hl = heading_level(text)
        if hl is not None and _title_like(text, hl[0]):
            self.new_section(text, hl[0], None, lines)
            return
        if (
            hl is None
            and len(lines) <= 2
            and _title_like(text, 1)
            and len(_nospace(text)) <= 40
            and RE_UNNUMBERED_HEAD.search(_nospace(text))
            and not RE_LIST.match(text)
        ):
            key = _nospace(text)
            top = self.stack[-1] if self.stack else None
            if (
                top is not None
                and not top.sentence_ids
                and not top.table_ids
                and _nospace(top.title).endswith(key)
            ):
                return  # "名词解释" printed again under "第四部分 名词解释"
            in_part = any(RE_PART.match(x.title) for x in self.stack)
            level = 2 if in_part and self.toc_level(key) != 1 else 1
            self.new_section(text, level, None, lines)
            return
        sec = self.current(lines[0])
        for a, b in sentence_spans(text):
            li = _line_at(para.starts, a)
            lj = _line_at(para.starts, b - 1)
            page = lines[li].page
            box = _union(lines[k].bbox for k in range(li, lj + 1) if lines[k].page == page)
            s = Sentence(
                index=len(self.sentences), text=text[a:b], section_id=sec.id, page=page, bbox=_box(box)
            )
            self.sentences.append(s)
            sec.sentence_ids.append(s.index)


def _line_at(starts: list[int], offset: int) -> int:
    """Index of the line holding text offset ``offset`` (``starts`` ascending, ``starts[0] == 0``)."""
    return max(bisect_right(starts, offset) - 1, 0)


# --------------------------------------------------------------------------- 目录


def _toc_split(text: str) -> tuple[str, int | None, bool]:
    """Title, printed page number and whether dot leaders were present."""
    m = _TOC_LEAD.match(text)
    if not m or not m.group("t").strip():
        return text.strip(), None, False
    title = m.group("t").strip()
    if m.group("lead"):
        p = m.group("p1")
        return title, int(p) if p else None, True
    # "title 12": only when the title does not itself end with a number word
    if title.endswith(("表", "附件", "附表", "第", "图")) or RE_PART.fullmatch(_nospace(title)):
        return text.strip(), None, False
    return title, int(m.group("p2")), False


def _parse_toc(
    stream: list[TLine | Table], start: int, layout: Layout
) -> tuple[list[TocEntry], list[TLine], int]:
    """Parse 目录 entries from ``stream[start]``; returns entries, their lines, and where the body starts."""
    entries: list[TocEntry] = []
    keys: list[str] = []
    lines_of: list[list[TLine]] = []
    last_led: list[bool] = []
    top_level: int | None = None
    last_top: int | None = None
    toc_page: int | None = None
    i = start
    while i < len(stream):
        e = stream[i]
        if isinstance(e, Table):
            break
        if toc_page is None:
            toc_page = e.page
        raw = e.text
        if "。" in raw:
            break
        title, page, led = _toc_split(raw)
        key = _nospace(title)
        if not key:
            i += 1
            continue
        if len(key) > 70 and not led:
            break
        hl = heading_level(title)
        if entries and key == keys[0]:
            break
        if (
            hl is not None
            and top_level is not None
            and hl[0] == top_level
            and hl[1] is not None
            and last_top is not None
            and hl[1] <= last_top
        ):
            break  # numbering restarts: the body has begun
        if toc_page is not None and e.page is not None and e.page > toc_page + 3:
            break
        new_page = (
            bool(lines_of)
            and e.page is not None
            and lines_of[-1][-1].page is not None
            and e.page != lines_of[-1][-1].page
        )
        if new_page and hl is None and not led and page is None:
            break  # an unnumbered line without leaders on the next page: body text
        prev_line = lines_of[-1][-1] if lines_of else None
        continuation = (
            entries
            and hl is None
            and not RE_LIST.match(title)
            and entries[-1].page is None
            and not last_led[-1]
            and (
                RE_PART.fullmatch(_nospace(entries[-1].title)) is not None
                or (
                    prev_line is not None
                    and prev_line.bbox is not None
                    and e.bbox is not None
                    and layout.is_full(prev_line)
                )
            )
        )
        if continuation:
            joined = entries[-1].title + title
            entries[-1] = TocEntry(title=joined, level=entries[-1].level, page=page, std=_std_of(joined))
            keys[-1] = _nospace(joined)
            lines_of[-1].append(e)
            last_led[-1] = led
            i += 1
            continue
        if hl is not None:
            level = hl[0]
        elif RE_LIST.match(title):
            level = 3
        else:
            level = 2 if _nospace(title).endswith("表") else 1
        if top_level is None:
            top_level = level
        if level == top_level and hl is not None:
            last_top = hl[1]
        entries.append(TocEntry(title=title, level=level, page=page, std=_std_of(title)))
        keys.append(key)
        lines_of.append([e])
        last_led.append(led)
        i += 1
    return entries, [ln for group in lines_of for ln in group], i


# --------------------------------------------------------------------------- entry point


def build_text(
    items: Sequence[RawLine | Table],
    *,
    page_heights: dict[int, float] | None = None,
    paragraph_lines: bool = False,
) -> TextParts:
    """Build cover, 目录, sections and sentences from running text and tables in reading order.

    Parameters
    ----------
    items
        Every running-text line (:class:`RawLine`, with page / bbox when the
        source has them) and every assembled :class:`Table`, in reading order.
        Lines consumed as table titles / notes must already be removed.
    page_heights
        Page number → page height in points; used to find running headers,
        footers and page numbers in the margin bands (estimated when omitted).
    paragraph_lines
        True when every line is known to be a whole paragraph: lines are never
        joined.  The default heuristics also suit DOCX paragraphs (they only
        join a paragraph that stops mid-sentence onto the next one).

    Returns
    -------
    TextParts
    """
    notes: list[str] = []
    tables = [e for e in items if isinstance(e, Table)]
    raw_lines: list[TLine] = []
    for pos, e in enumerate(items):
        if isinstance(e, RawLine):
            t = clean_text(e.text)
            if t:
                raw_lines.append(TLine(text=t, page=e.page, bbox=e.bbox, pos=pos, size=e.size, bold=e.bold))
    # merge baseline-split fragments (between tables), then drop page numbers / headers / footers
    merged: list[TLine] = []
    run: list[TLine] = []
    tables_before: list[int] = []  # number of tables before each item
    n_tab = 0
    for e in items:
        tables_before.append(n_tab)
        n_tab += isinstance(e, Table)
    for ln in raw_lines:
        if run and tables_before[run[-1].pos] != tables_before[ln.pos]:
            merged.extend(merge_split_lines(run))
            run = []
        run.append(ln)
    merged.extend(merge_split_lines(run))
    kept, n_pn, n_furn = drop_page_furniture(merged, page_heights)
    if n_furn:
        notes.append(f"已忽略 {n_furn} 行重复出现的页眉/页脚。")
    # rebuild the stream with the tables at their places
    stream: list[TLine | Table] = []
    kept_iter = iter(kept)
    nxt = next(kept_iter, None)
    for pos, e in enumerate(items):
        if isinstance(e, Table):
            while nxt is not None and nxt.pos < pos:
                stream.append(nxt)
                nxt = next(kept_iter, None)
            stream.append(e)
    while nxt is not None:
        stream.append(nxt)
        nxt = next(kept_iter, None)

    layout = Layout.of([e for e in stream if isinstance(e, TLine)])
    parts = TextParts(notes=notes)
    builder = _Builder(stream, layout, paragraph_lines)

    # ---- cover and 目录
    toc_at = _find_toc(stream)
    body_start = 0
    cover: list[TLine] = []
    if toc_at is not None:
        cover_end = toc_at
        cover = _cover_lines(stream[:toc_at])
        preamble_from = len(cover)
        entries, toc_lines, body_start = _parse_toc(stream, toc_at + 1, layout)
        parts.toc = entries
        builder.toc = entries
        if cover:
            builder.standalone(_title_of(cover) or "封面", SectionKind.COVER, cover)
        head = stream[toc_at]
        assert isinstance(head, TLine)
        builder.standalone("目录", SectionKind.TOC, [head] + [ln for ln in toc_lines if ln.page == head.page])
        if preamble_from < cover_end:
            builder.run(preamble_from, cover_end)  # text between the cover and the 目录
            builder.stack.clear()
        if not entries:
            notes.append("找到“目录”标题，但未能识别目录条目。")
    else:
        cover = _cover_lines(stream, without_toc=True)
        body_start = len(cover)
        if cover:
            builder.standalone(_title_of(cover) or "封面", SectionKind.COVER, cover)
    builder.run(body_start)

    parts.sections = builder.sections
    parts.sentences = builder.sentences
    parts.cover_lines = [ln.text for ln in cover]
    parts.title = _title_of(cover)

    # ---- kind, year, unit, money unit
    body_heads = [s for s in parts.sections if s.kind not in (SectionKind.COVER, SectionKind.TOC)]
    parts.kind = _doc_kind(cover, tables, body_heads, parts.toc, parts.sentences)
    parts.year = _doc_year(cover, tables, body_heads, parts.toc, parts.sentences)
    parts.unit_name = _doc_unit(cover, tables, body_heads, parts.toc, parts.sentences)
    parts.money_unit = _money_unit(tables, parts.sentences)
    if parts.kind == DocKind.UNKNOWN:
        notes.append("未能判断文件是预算公开还是决算公开。")
    if parts.year is None:
        notes.append("未能识别公开年度。")
    if parts.unit_name is None:
        notes.append("未能识别编制单位（部门）名称。")
    if toc_at is None and body_heads:
        notes.append("未找到目录页。")
    return parts


def _find_toc(stream: list[TLine | Table]) -> int | None:
    first_page: int | None = None
    for i, e in enumerate(stream[:200]):
        if isinstance(e, Table):
            continue
        if first_page is None:
            first_page = e.page
        if e.page is not None and first_page is not None and e.page > first_page + 4:
            return None
        if _nospace(e.text) in ("目录", "目次", "目錄"):
            return i
    return None


def _cover_lines(stream: list[TLine | Table], without_toc: bool = False) -> list[TLine]:
    """Title lines at the start: short, no sentence punctuation, on the first page."""
    out: list[TLine] = []
    first_page: int | None = None
    for e in stream[:14]:
        if isinstance(e, Table):
            break
        if not out:
            first_page = e.page
        if e.page != first_page:
            break
        t = e.text
        if any(c in t for c in "。；;") or len(_nospace(t)) > 50:
            break
        if without_toc and (heading_level(t) is not None or len(_nospace(t)) > 30):
            break
        if (
            _std_of(t) is not None
            or re.match(r"^(?:金额)?单位\s*[：:]", _nospace(t))
            or re.search(r"表\d|\d表|表$", _nospace(t))
        ):
            break
        if without_toc and e.page is None and len(out) >= 6:
            break
        out.append(e)
    if without_toc:
        # a cover needs a title: a year or the words 预算 / 决算
        joined = "".join(ln.text for ln in out)
        if not (RE_YEAR.search(joined) or "预算" in joined or "决算" in joined):
            return []
    return out


def _is_meta_line(t: str) -> bool:
    return bool(RE_DATE.search(t) or RE_UNIT_LABEL.match(_nospace(t)))


def _title_of(cover: list[TLine]) -> str | None:
    parts = [_nospace(ln.text) for ln in cover if not _is_meta_line(ln.text)]
    text = "".join(parts)
    return text or None


def _doc_kind(
    cover: list[TLine],
    tables: list[Table],
    heads: list[Section],
    toc: list[TocEntry],
    sentences: list[Sentence],
) -> DocKind:
    title = "".join(ln.text for ln in cover if not _is_meta_line(ln.text))
    k = _catalog_kind_hint(title) if title else DocKind.UNKNOWN
    if k != DocKind.UNKNOWN:
        return k
    votes: Counter[DocKind] = Counter()
    for t in tables:
        if t.std is not None:
            v = t.std.value
            if v.startswith("final_") or v.startswith("perf_self"):
                votes[DocKind.FINAL] += 1
            elif v.startswith("budget_") or v.startswith("perf_target"):
                votes[DocKind.BUDGET] += 1
        elif "决算" in t.title:
            votes[DocKind.FINAL] += 1
        elif "预算" in t.title:
            votes[DocKind.BUDGET] += 1
    if votes and votes[DocKind.FINAL] != votes[DocKind.BUDGET]:
        return votes.most_common(1)[0][0]
    titles = [s.title for s in heads] + [e.title for e in toc]
    f = sum(1 for t in titles if "决算" in t)
    b = sum(1 for t in titles if "预算" in t and "决算" not in t)
    if f >= 2 and f >= b:
        return DocKind.FINAL
    if b >= 2:
        return DocKind.BUDGET
    text = "".join(s.text for s in sentences[:600])
    f, b = text.count("决算"), text.count("预算")
    if f >= 3:
        return DocKind.FINAL
    if b >= 3:
        return DocKind.BUDGET
    return DocKind.UNKNOWN


RE_YEAR_LINE = re.compile(r"[（(]\s*((?:19|20)\d{2})\s*年度?\s*[)）]")


def _doc_year(
    cover: list[TLine],
    tables: list[Table],
    heads: list[Section],
    toc: list[TocEntry],
    sentences: list[Sentence],
) -> int | None:
    for ln in cover:
        if RE_DATE.search(ln.text):
            continue
        m = RE_YEAR.search(ln.text) or RE_LONE_YEAR.match(ln.text)
        if m:
            return int(m.group(1))
    cnt: Counter[int] = Counter()
    for t in [s.title for s in heads] + [e.title for e in toc]:
        for m in RE_YEAR.finditer(t):
            cnt[int(m.group(1))] += 1
    if not cnt:
        # a year line printed under a table title, "（2026年度）": the publication's own statement of its year
        for s in sentences:
            m = RE_YEAR_LINE.fullmatch(s.text.strip())
            if m:
                cnt[int(m.group(1))] += 1
    if not cnt:
        for tb in tables:
            texts = [tb.title]
            if tb.perf is not None:
                texts += [c.text for c in tb.perf.fields.values()]
            for t in texts:
                for m in re.finditer(r"[（(]\s*((?:19|20)\d{2})\s*年度?\s*[)）]|((?:19|20)\d{2})\s*年度?", t):
                    cnt[int(m.group(1) or m.group(2))] += 1
    if not cnt:
        for s in sentences[:800]:
            if RE_DATE.search(s.text) and not re.search(r"(?:19|20)\d{2}\s*年度", s.text):
                continue
            for m in re.finditer(r"((?:19|20)\d{2})\s*年度", s.text):
                cnt[int(m.group(1))] += 2
            for m in RE_YEAR.finditer(s.text):
                cnt[int(m.group(1))] += 1
    if not cnt:
        return None
    return cnt.most_common(1)[0][0]


def _doc_unit(
    cover: list[TLine],
    tables: list[Table],
    heads: list[Section],
    toc: list[TocEntry],
    sentences: list[Sentence],
) -> str | None:
    # 1. a label on the cover ("预算主管部门：…", "编制单位：…")
    for ln in cover:
        m = RE_UNIT_LABEL.match(_nospace(ln.text))
        if m:
            u = extract_unit_name(m.group(1))
            if u:
                return u
    # 2. the cover title
    title = _title_of(cover)
    if title:
        u = extract_unit_name(title)
        if u:
            return u
    # 3. 编制单位 of the tables, 单位名称 of performance tables
    cnt: Counter[str] = Counter()
    for t in tables:
        if t.unit_name:
            u = extract_unit_name(t.unit_name)
            if u:
                cnt[u] += 1
        if t.perf is not None:
            for k, c in t.perf.fields.items():
                if k.replace(" ", "") in ("单位名称", "部门名称", "预算单位", "主管部门") and c.text.strip():
                    u = extract_unit_name(c.text)
                    if u:
                        cnt[u] += 1
    if cnt:
        return cnt.most_common(1)[0][0]
    # 4. part titles ("第一部分 2024年XX局单位概况")
    for t in [s.title for s in heads if s.level == 1] + [e.title for e in toc if e.level == 1]:
        if not RE_PART.match(t):
            continue
        u = extract_unit_name(t)
        if (
            u
            and u not in ("单位", "部门")
            and not re.fullmatch(r"(?:单位|部门)?(?:概况|预算表|决算表|名词解释|附件)", u)
        ):
            if len(u) >= 4 and re.search(r"[局委办院所部队厅站馆心处会社府]$|[（(]", u):
                return u
    # 5. the organisation named at the start of sentences and most often in the text
    cands: set[str] = set()
    for s in sentences[:1500]:
        m = _ORG.match(_nospace(s.text))
        if m and len(m.group(1)) >= 4 and not m.group(1).startswith(("本", "该", "我", "其")):
            cands.add(m.group(1))
    if cands:
        texts = [_nospace(s.text) for s in sentences[:1500]]
        scored = sorted(((sum(1 for t in texts if c in t), len(c), c) for c in cands), reverse=True)
        if scored[0][0] >= 2:
            return scored[0][2]
    return None


def _money_unit(tables: list[Table], sentences: list[Sentence]) -> MoneyUnit | None:
    cnt = Counter(t.unit for t in tables if t.unit)
    if cnt:
        return cnt.most_common(1)[0][0]  # type: ignore[return-value]
    text = "".join(s.text for s in sentences[:800])
    if re.search(r"\d\s*万元", text):
        return "万元"
    if re.search(r"\d\s*元", text):
        return "元"
    return None
