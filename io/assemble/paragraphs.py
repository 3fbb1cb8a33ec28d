"""The body text: lines → paragraphs → sections and sentences.

A paragraph goes on while a line runs to the right margin, has no final
。；：, and the next line is not indented, a heading or a list item (across
pages too).  Paragraphs that look like headings open
:class:`~gouji.model.document.Section` objects, the others are split into
:class:`~gouji.model.document.Sentence` objects
(:mod:`gouji.io.assemble.text_split`) that carry the page of their first
character and the union bbox of their lines on that page.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable

from gouji.io.assemble.block_text import to_bbox
from gouji.io.assemble.headings import (
    RE_LIST,
    RE_PART,
    RE_UNNUMBERED_HEAD,
    core_title,
    heading_level,
    section_kind,
    std_of,
    title_like,
)
from gouji.io.assemble.text_lines import Layout, TLine, box_union
from gouji.io.assemble.text_split import sentence_spans
from gouji.io.raw import Box, lowest_confidence
from gouji.model.document import Section, SectionKind, Sentence, Table, TocEntry
from gouji.model.text import norm

__all__ = ["SectionBuilder"]

RE_LABEL = re.compile(r"^[\u4e00-\u9fff（）()“”]{2,14}\s*[：:]")
RE_NUMBER_CONTINUES = re.compile(
    r"^\d[\d,]*(?:\.\d+)?\s*(?:人|万元|元|%|％|个|家|辆|台|项|次|平方米|亩)[，,、；;。]"
)
RE_TABLE_FURNITURE = re.compile(
    r"^(?:编制单位|编报单位|填报单位|金额单位|计量单位|单位)\s*[：:]\s*[^。；，,]{0,40}$"
)
_TERMINAL_HARD = "。！？；!?;"


def _union(boxes: Iterable[Box | None]) -> Box | None:
    """The union of the given boxes (None entries skipped; None when there is none)."""
    out: Box | None = None
    for b in boxes:
        if b is not None:
            out = b if out is None else box_union(out, b)
    return out


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


class SectionBuilder:
    """Builds sections and sentences from a stream of lines and tables (one pass, see :meth:`run`)."""

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
            bbox=to_bbox(bbox),
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
        if len(cur) == 1 and RE_PART.fullmatch(norm(first.text)):
            return title_like(nxt.text, 1) and heading_level(nxt.text) is None and len(nxt.text) <= 40
        # a part title wrapped onto a short second line ("…2024 年度部门决算" / "情况说明")
        if (
            len(cur) <= 4
            and RE_PART.match(first.text)
            and title_like(_join(cur).text, 1)
            and not re.search(r"(?:概况|说明|解释|表|附件)$", norm(_join(cur).text))
            and std_of(nxt.text) is None
            and not re.match(r"^(?:附?表|公开)\s*\d", norm(nxt.text))
            and heading_level(nxt.text) is None
            and len(norm(nxt.text)) <= 12
            and title_like(nxt.text, 1)
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
            if hl is not None and title_like(_join(cur).text, hl[0]):
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
        if hl is not None and title_like(text, hl[0]):
            self.new_section(text, hl[0], None, lines)
            return
        if (
            hl is None
            and len(lines) <= 2
            and title_like(text, 1)
            and len(norm(text)) <= 40
            and RE_UNNUMBERED_HEAD.search(norm(text))
            and not RE_LIST.match(text)
        ):
            key = norm(text)
            top = self.stack[-1] if self.stack else None
            if (
                top is not None
                and not top.sentence_ids
                and not top.table_ids
                and norm(top.title).endswith(key)
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
                index=len(self.sentences),
                text=text[a:b],
                section_id=sec.id,
                page=page,
                bbox=to_bbox(box),
                confidence=lowest_confidence(*(lines[k].confidence for k in range(li, lj + 1))),
            )
            self.sentences.append(s)
            sec.sentence_ids.append(s.index)


def _line_at(starts: list[int], offset: int) -> int:
    """Index of the line holding text offset ``offset`` (``starts`` ascending, ``starts[0] == 0``)."""
    return max(bisect_right(starts, offset) - 1, 0)
