"""What a raw line or grid row says around a table: 单位 lines, year lines, notes, headings.

A table's title block carries its 编制单位 / 单位：万元 lines, a year line
("（2026年度）") and page numbers; a table with no amounts carries a note
("…故本表为空表"); running text (a heading, a sentence) ends a table.  These
recognisers are shared by the page flow, the table builders and the
assembler.
"""

from __future__ import annotations

import re
from typing import Iterable, Literal

from gouji.io.raw import Box, RawCell
from gouji.model.document import BBox

__all__ = [
    "MoneyUnit",
    "money_unit_of",
    "unit_name_of",
    "is_empty_note",
    "is_meta",
    "is_narrative",
    "row_distinct",
    "to_bbox",
    "cells_bbox",
    "cells_page",
    "YEAR_LINE",
    "PAGE_NOISE",
    "EMPTY_STRONG",
    "NOTE_START",
]

#: the money unit a table or a document prints its amounts in
MoneyUnit = Literal["万元", "元"]

_MONEY_UNIT = re.compile(r"单位\s*[:：]\s*(万元|元)(?![\u4e00-\u9fff])")
_UNIT_NAME = re.compile(
    r"(?:编制单位|编报单位|单位名称|预算单位|部门名称|部门[（(]单位[)）]|单位[（(]部门[)）]|部门|单位)\s*[:：]\s*(.+?)\s*(?=(?:金额)?单位\s*[:：]|$)"
)
YEAR_LINE = re.compile(r"^[（(]?\s*\d{4}\s*年度?\s*[)）]?$")
PAGE_NOISE = re.compile(r"^(?:[-—–\s]*\d{1,4}[-—–\s]*|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）]|名词解释|附件)"
)
_EMPTY_NOTE = re.compile(
    r"(空表|无数据|本表无|此表为空|无发生额|没有.{0,30}(?:收入|支出|拨款|安排|经费)|无.{0,20}(?:收入|支出|拨款|安排|经费)|未安排)"
)
EMPTY_STRONG = re.compile(r"空表|无数据|本表无|此表为空|无发生额|故本表")
NOTE_START = re.compile(r"^(?:注|备注|说明)\s*[:：0-9１-９]")


def money_unit_of(text: str) -> MoneyUnit | None:
    """ "单位：万元" / "金额单位：元" → "万元" / "元"."""
    m = _MONEY_UNIT.search(text or "")
    if m is None:
        return None
    return "万元" if m.group(1) == "万元" else "元"


def unit_name_of(text: str) -> str | None:
    """The publishing unit from "编制单位：X" / "部门：X" / "单位：X 单位：万元"."""
    for m in _UNIT_NAME.finditer(text or ""):
        name = m.group(1).strip()
        if name and name not in ("万元", "元") and not name.startswith(("万元", "元")):
            return name
    return None


def is_empty_note(text: str) -> bool:
    """A printed explanation that a table is empty ("…故本表为空表", "本单位无…")."""
    return bool(_EMPTY_NOTE.search(text or "")) and len(text) <= 200


def is_meta(text: str) -> bool:
    """Title-block lines: 编制单位 / 单位 / year / page numbers."""
    t = text.strip()
    if not t:
        return True
    if money_unit_of(t) or (unit_name_of(t) and len(t) < 80):
        return True
    return bool(YEAR_LINE.match(t) or PAGE_NOISE.match(t))


def is_narrative(text: str) -> bool:
    """Running text (ends an open table): a heading, a long line or a sentence — not a stray fragment."""
    t = text.strip()
    return len(t) >= 40 or ("。" in t and len(t) >= 12) or bool(_HEADING.match(t))


def row_distinct(row: list[RawCell]) -> list[str]:
    """The distinct non-empty texts of a row, in order (merged cells print their text repeatedly)."""
    seen: list[str] = []
    for c in row:
        t = (c.text or "").strip()
        if t and t not in seen:
            seen.append(t)
    return seen


def to_bbox(b: Box | None) -> BBox | None:
    """A raw box as a model :class:`BBox` (None stays None)."""
    return (
        BBox.model_construct(x0=float(b[0]), top=float(b[1]), x1=float(b[2]), bottom=float(b[3]))
        if b
        else None
    )


def cells_bbox(cells: Iterable[RawCell | None]) -> BBox | None:
    """The union of the cells' boxes (None when no cell has one)."""
    out: BBox | None = None
    for c in cells:
        if c is not None and c.bbox is not None:
            b = BBox(x0=c.bbox[0], top=c.bbox[1], x1=c.bbox[2], bottom=c.bbox[3])
            out = b.union(out)
    return out


def cells_page(cells: Iterable[RawCell | None]) -> int | None:
    """The page of the first cell that has one."""
    for c in cells:
        if c is not None and c.page is not None:
            return c.page
    return None
