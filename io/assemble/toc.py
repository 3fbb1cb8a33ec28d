"""The 目录: its entries (title, level, printed page, standard table) and where the body starts.

Entries have a level (第X部分 = 1, 一、 = 2, （一） = 3; unnumbered table titles
2) and the standard-table kind of their title (via
:mod:`gouji.io.assemble.catalog`).  The 目录 stops at the first body heading
that repeats the first entry, when numbering restarts, or when a page brings
no 目录 line.
"""

from __future__ import annotations

import re

from gouji.io.assemble.headings import RE_LIST, RE_PART, heading_level, std_of
from gouji.io.assemble.text_lines import Layout, TLine
from gouji.model.document import Table, TocEntry
from gouji.model.text import norm

__all__ = ["find_toc", "parse_toc"]

_TOC_LEAD = re.compile(
    r"^(?P<t>.*?)\s*(?:(?P<lead>[.．·…_⋯•\-—]{2,})\s*(?P<p1>\d{1,4})?|\s+(?P<p2>\d{1,4}))\s*$"
)


def find_toc(stream: list[TLine | Table]) -> int | None:
    """Index of the "目录" line in the first pages, if any."""
    first_page: int | None = None
    for i, e in enumerate(stream[:200]):
        if isinstance(e, Table):
            continue
        if first_page is None:
            first_page = e.page
        if e.page is not None and first_page is not None and e.page > first_page + 4:
            return None
        if norm(e.text) in ("目录", "目次", "目錄"):
            return i
    return None


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
    if title.endswith(("表", "附件", "附表", "第", "图")) or RE_PART.fullmatch(norm(title)):
        return text.strip(), None, False
    return title, int(m.group("p2")), False


def parse_toc(
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
        key = norm(title)
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
                RE_PART.fullmatch(norm(entries[-1].title)) is not None
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
            entries[-1] = TocEntry(title=joined, level=entries[-1].level, page=page, std=std_of(joined))
            keys[-1] = norm(joined)
            lines_of[-1].append(e)
            last_led[-1] = led
            i += 1
            continue
        if hl is not None:
            level = hl[0]
        elif RE_LIST.match(title):
            level = 3
        else:
            level = 2 if norm(title).endswith("表") else 1
        if top_level is None:
            top_level = level
        if level == top_level and hl is not None:
            last_top = hl[1]
        entries.append(TocEntry(title=title, level=level, page=page, std=std_of(title)))
        keys.append(key)
        lines_of.append([e])
        last_led.append(led)
        i += 1
    return entries, [ln for group in lines_of for ln in group], i
