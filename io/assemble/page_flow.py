"""The page flow: raw blocks → table candidates and text items, in reading order.

:func:`scan` walks the blocks of every page.  A recognised title line
(:func:`gouji.io.assemble.catalog.match_title`), or a title sitting in a
grid's first rows, starts a table when a grid (or an empty-table note)
follows it; the table collects its 编制单位 / 单位：万元 lines and every
following grid until the next title or running text, so tables spread over
many pages are merged (a title block repeated on a continuation page does
not start a new table, unless it prints another number — "表4" after "表3" —
or the other classification — "（按经济分类）" after "（按功能分类）").  A title
wrapped over two lines, or followed by a bracketed line, is read as one; a list
of titles (three or more in a row, as in a 目录) starts no table.  A short "…表" line the catalog does not know still
starts a (non-standard) table when its grid follows at once, so a foreign
table is never glued to the one before it.  Everything else is a text item.

Without a title, the header decides (:func:`_starts_new`): an untitled grid whose header band
repeats the running table's header continues it, a grid with a header band of other columns
(or another printed number, the same columns over the other classification's codes, a 合计 row
of other amounts) starts a new, unnamed table — which the assembler may then recognise by its
structure (:mod:`gouji.io.assemble.table_kinds`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from gouji.io.assemble.block_text import (
    EMPTY_STRONG,
    NOTE_START,
    PAGE_NOISE,
    YEAR_LINE,
    MoneyUnit,
    is_empty_note,
    is_meta,
    is_narrative,
    money_unit_of,
    row_distinct,
    unit_name_of,
)
from gouji.io.assemble.catalog import TitleMatch, axis_of, is_toc_entry, match_number, match_title
from gouji.io.assemble.table_header import code_axis, first_total, header_band, same_header
from gouji.io.raw import RawBlock, RawCell, RawDocument, RawGrid, RawLine
from gouji.model.tables import PERF_TABLES
from gouji.model.text import norm

__all__ = ["PendingTable", "scan"]


def _normalise_grid(g: RawGrid, fmt: str) -> RawGrid:
    """Seed text prints some tables cell by cell (one cell per line): such a grid is one row."""
    if fmt == "text" and g.rows and all(len(r) == 1 for r in g.rows):
        return RawGrid(rows=[[r[0] for r in g.rows]], page=g.page, bbox=g.bbox, ruled=g.ruled, col_x=g.col_x)
    return g


@dataclass
class PendingTable:
    """A table found by the page flow: its title, title-block facts and grids, before it is built."""

    match: TitleMatch | None
    title_block: RawLine | RawCell | None
    number: str | None = None
    unit: MoneyUnit | None = None
    unit_name: str | None = None
    grids: list[RawGrid] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pages: set[int] = field(default_factory=set)
    untitled: bool = False
    guessed: bool = False  # title not in the catalog (see _other_title)
    head: frozenset[str] | None = None  # the header band of the first grid (see table_header.header_band)
    total: tuple[str, ...] | None = None  # the amounts of the first grid's 合计 row, when it opens the body
    axis: str | None = None  # the classification of the first grid's codes ("功能" / "经济")

    def add_grid(self, g: RawGrid) -> None:
        if not self.grids:
            texts = [[c.text or "" for c in r] for r in g.rows]
            self.head, self.total, self.axis = header_band(texts), first_total(texts), code_axis(texts)
        self.grids.append(g)


def _starts_new(cur: PendingTable, rows: list[list[RawCell]], number: str | None) -> bool:
    """An untitled grid after a table starts another table (its title missing or not read).

    Another printed number ("表4" after "表3"); or a header band of its own that is not the
    table's header (other columns: another table); or the same header over codes of the other
    classification, or over a body that opens with a 合计 row of other amounts (another table
    of the same layout).  A grid without a header band, or repeating the table's header over
    the same kind of rows, continues the table.
    """
    if not cur.grids or (cur.match is not None and cur.match.std in PERF_TABLES):
        return False  # (performance forms: one form per project, laid out freely)
    if number is not None and cur.number is not None and norm(number) != norm(cur.number):
        return True
    texts = [[c.text or "" for c in r] for r in rows]
    band = header_band(texts)
    if band is None:
        return False
    if cur.head is None:
        return cur.untitled  # (an untitled grid without header: a framed note, a cover box)
    if not same_header(cur.head, band):
        return True
    total, axis = first_total(texts), code_axis(texts)
    if axis is not None and cur.axis is not None and axis != cur.axis:
        # the same columns over the other classification: "…（按经济分类）" after "…（按功能分类）"
        return True
    return total is not None and cur.total is not None and total != cur.total


def _title_from_grid(
    g: RawGrid,
) -> tuple[TitleMatch | None, RawCell | None, str | None, MoneyUnit | None, str | None, int]:
    """A title (and number / unit lines) sitting in the first rows of a grid.

    Returns (title, title cell, number, money unit, unit name, rows to strip).
    """
    title: TitleMatch | None = None
    cell: RawCell | None = None
    number = unit = unit_name = None
    strip = 0
    for k, row in enumerate(g.rows[:5]):
        vals = row_distinct(row)
        if not vals:
            strip = k + 1
            continue
        if len(vals) > 3:
            break
        kinds = []
        for v in vals:
            if match_title(v) is not None:
                kinds.append("title")
            elif match_number(v):
                kinds.append("number")
            elif money_unit_of(v) or unit_name_of(v):
                kinds.append("unit")
            elif YEAR_LINE.match(v.strip()):
                kinds.append("year")
            else:
                break  # a header / data row ("项目 | 预算数（单位：万元） | 绩效目标")
        if len(kinds) < len(vals):
            break
        for v, kind in zip(vals, kinds, strict=True):
            if kind == "title" and title is None:
                title = match_title(v)
                cell = next(c for c in row if (c.text or "").strip() == v)
            elif kind == "number":
                number = number or match_number(v)
            elif kind == "unit":
                unit = unit or money_unit_of(v)
                unit_name = unit_name or unit_name_of(v)
        strip = k + 1
    if title is None:
        # only unit / number rows: strip them, no title
        return None, None, number, unit, unit_name, strip
    # a 目录 printed as a grid lists many titles: it is not a table
    more = sum(1 for row in g.rows[strip:] if any(match_title(v) for v in row_distinct(row)[:3]))
    if more >= 2:
        return None, None, None, None, None, 0
    return title, cell, number, unit, unit_name, strip


def _confirm_title(blocks: list[RawBlock], i: int) -> bool:
    """A title line starts a table only when a grid (or an empty-table note) follows it."""
    for b in blocks[i + 1 : i + 14]:
        if isinstance(b, RawGrid):
            return True
        t = b.text.strip()
        if not t or is_meta(t) or match_number(t):
            continue
        if match_title(t) is not None:
            return False
        if is_empty_note(t):
            return True
        if is_narrative(t):
            return False
    return False


_OTHER_TITLE = re.compile(
    r"^(?P<num>(?:附)?表\s*[0-9一二三四五六七八九十]{1,3}\s*[:：、.．]?\s*)?"
    r"[^。；;，,：:！？!?（(]{2,40}[\u4e00-\u9fff]表(?:\s*[（(][一二三四五六七八九十\d]{1,3}[)）])?$"
)


_NO_TITLE = re.compile(r"见|如下|下表$|附表$|上表$|^第[一二三四五六七八九十]+部分")


def _other_title(blocks: list[RawBlock], i: int, text: str) -> TitleMatch | None:
    """A table title the catalog does not know ("2016年部门决算公开相关信息统计表").

    Only a short line ending in "…表" (or "…表（二）") directly followed by its grid
    (title-block lines such as "公开08表" / "金额单位：元" in between) counts.
    """
    t = text.strip()
    m = _OTHER_TITLE.match(t)
    if m is None or is_toc_entry(t) or _NO_TITLE.search(t):
        return None  # "…单位情况见下表" introduces a grid, "第二部分 …预算表" heads a part: no titles
    number = re.sub(r"[\s:：、.．]", "", m.group("num")) if m.group("num") else None
    for b in blocks[i + 1 : i + 6]:
        if isinstance(b, RawGrid):
            return TitleMatch(std=None, title=t, number=number, prefix="")
        bt = b.text.strip()
        if bt and not (is_meta(bt) or match_number(bt)):
            return None
    return None


_UNIT_START = re.compile(r"(?:编制单位|编制部门|单位名称|部门名称|金额单位|部门|单位)\s*[:：]")


def _title_with_unit(text: str) -> tuple[TitleMatch | None, str]:
    """A title and its unit line printed as one line ("收支总表  编制单位：某局  单位：万元")."""
    m = _UNIT_START.search(text)
    if m is None or m.start() == 0:
        return None, ""
    head, tail = text[: m.start()].strip(), text[m.start() :]
    tm = match_title(head)
    if tm is None or not (money_unit_of(tail) or unit_name_of(tail)):
        return None, ""
    return tm, tail


def _repeats(cur: PendingTable | None, tm: TitleMatch, number: str | None = None) -> bool:
    """A standard table's title printed again on its continuation page (not a new table).

    ``number`` is the table number printed with the title (on its line or the line above):
    another number ("表4 基本支出总表" after "表3 支出总表") is another table.
    """
    if cur is None or cur.match is None or not cur.grids or tm.std in PERF_TABLES:
        return False
    same = tm.std == cur.match.std if tm.std is not None else norm(tm.title) == norm(cur.match.title)
    said, before = _bracketed(tm.title), _bracketed(cur.match.title)
    if said != before and {axis_of(said), axis_of(before)} == {"功能", "经济"}:
        return False  # "…支出表（按功能分类）" then "…支出表（按经济分类）": two tables
    number = tm.number or number
    return same and (number is None or cur.number is None or number == cur.number)


_QUALIFIER = re.compile(r"^[（(][^（()）]{1,20}[)）]$")
_BRACKETED = re.compile(r"[（(]([^（()）]{1,20})[)）]\s*$")


def _bracketed(title: str) -> str:
    """The bracketed words closing a title ("按经济分类科目分"), "" when none."""
    m = _BRACKETED.search(title)
    return norm(m.group(1)) if m else ""


def _qualifier_line(blocks: list[RawBlock], i: int) -> str | None:
    """A bracketed line under a title ("（按经济分类科目分）") belongs to the title."""
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    if not isinstance(nxt, RawLine) or nxt.page != blocks[i].page:
        return None
    t = nxt.text.strip()
    if _QUALIFIER.match(t) and not is_meta(t):
        return t
    return None


def _wrapped_title(blocks: list[RawBlock], i: int, text: str) -> TitleMatch | None:
    """A title wrapped over two lines ("…政府采购（资产配置、购买服务）" / "预算表（不含上年结转）")."""
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    if not isinstance(nxt, RawLine) or nxt.page != blocks[i].page:
        return None
    second = nxt.text.strip()
    if not second or len(text) + len(second) > 60 or is_meta(second) or match_number(second):
        return None
    if match_title(second) is not None:
        return None  # a title of its own under a heading ("（二）绩效目标表及说明" / "1.项目支出绩效目标表")
    joined = text + second
    return match_title(joined) or _other_title(blocks, i + 1, joined)


def scan(raw: RawDocument) -> tuple[list[PendingTable], list[Any]]:
    """Split blocks into table candidates and text items (tables kept at their position)."""
    blocks: list[RawBlock] = []
    for p in raw.pages:
        for b in p.blocks:
            if isinstance(b, RawGrid):
                b = _normalise_grid(b, raw.format)
                if not b.rows:
                    continue
            blocks.append(b)

    pendings: list[PendingTable] = []
    items: list[Any] = []
    cur: PendingTable | None = None
    pending_number: tuple[int, str] | None = None
    titles_before = 0  # title lines in a row just before this one (a list of titles is no table)
    skip = -1  # the last line of a title printed over several lines

    def start(
        tm: TitleMatch | None, tb: RawLine | RawCell | None, idx: int, number: str | None = None
    ) -> PendingTable:
        nonlocal pending_number
        pd = PendingTable(match=tm, title_block=tb, number=number or (tm.number if tm else None))
        if pd.number is None and pending_number is not None and idx - pending_number[0] <= 3:
            pd.number = pending_number[1]
        pending_number = None
        pendings.append(pd)
        items.append(pd)
        return pd

    for i, b in enumerate(blocks):
        if i <= skip:
            continue
        if isinstance(b, RawLine):
            t = b.text.strip()
            if not t:
                continue
            num = match_number(t)
            if num:
                if cur is not None and cur.number is None and not cur.grids:
                    cur.number = num  # printed after the title ("收入支出决算总表 / 公开01表")
                else:
                    pending_number = (i, num)
                continue
            tm, tail = match_title(t), ""
            if tm is None:
                tm, tail = _title_with_unit(t)
            guessed = False
            last = i  # the title's last line
            if tm is None:
                tm = _other_title(blocks, i, t)
                guessed = tm is not None
            if tm is None:
                tm = _wrapped_title(blocks, i, t)
                if tm is not None:
                    last = i + 1
                    guessed = tm.std is None and match_title(tm.title) is None
            listed = titles_before >= 2
            if tm is not None or not (is_meta(t) or PAGE_NOISE.match(t)):
                titles_before = titles_before + 1 if tm is not None else 0
            if tm is not None and not is_toc_entry(t) and not listed and _confirm_title(blocks, last):
                skip = last
                qualifier = _qualifier_line(blocks, last)
                if qualifier:
                    # "一般公共预算支出明细表" / "（按经济分类科目分）"
                    tm = replace(tm, title=tm.title + qualifier)
                    skip = last + 1
                number = None
                if pending_number is not None and i - pending_number[0] <= 3:
                    number = pending_number[1]
                if cur is not None and _repeats(cur, tm, number):
                    # the title block repeated on the next page of the same table
                    pending_number = None
                    if b.page is not None:
                        cur.pages.add(b.page)
                    continue
                cur = start(tm, b, i)
                cur.guessed = guessed
                if b.page is not None:
                    cur.pages.add(b.page)
                if tail:
                    cur.unit = money_unit_of(tail)
                    cur.unit_name = unit_name_of(tail)
                continue
            if cur is not None:
                mu, un = money_unit_of(t), unit_name_of(t)
                if mu or (un and len(t) < 80):
                    cur.unit = cur.unit or mu
                    cur.unit_name = cur.unit_name or un
                    continue
                if YEAR_LINE.match(t):
                    items.append(b)  # "（2026年度）" under a title: the text side reads the year from it
                    continue
                if is_empty_note(t) or NOTE_START.match(t):
                    cur.notes.append(t)
                    if not (NOTE_START.match(t) or EMPTY_STRONG.search(t)):
                        # a sentence that only mentions "无…支出": keep it in the text as well
                        items.append(b)
                        if is_narrative(t):
                            cur = None
                    continue
                if PAGE_NOISE.match(t):
                    items.append(b)
                    continue
                if is_narrative(t) or (tm is not None):
                    cur = None
            items.append(b)
            continue
        # grid
        titles_before = 0
        tm, cell, number, unit, uname, strip = _title_from_grid(b)
        rows = b.rows[strip:]
        said = number  # the table number printed above the grid ("表 11" / title lost / 部门名称 / 单位)
        if said is None and pending_number is not None and i - pending_number[0] <= 5:
            said = pending_number[1]
        if tm is not None and not _repeats(cur, tm):
            cur = start(tm, cell, i, number)
        elif cur is None or (tm is None and _starts_new(cur, rows, said)):
            cur = start(None, None, i, said)
            cur.untitled = True
        if unit:
            cur.unit = cur.unit or unit
        if uname:
            cur.unit_name = cur.unit_name or uname
        if rows:
            cur.add_grid(RawGrid(rows=rows, page=b.page, bbox=b.bbox, ruled=b.ruled, col_x=b.col_x))
        if b.page is not None:
            cur.pages.add(b.page)
    return pendings, items
