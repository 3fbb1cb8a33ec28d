"""Rows of a table from its aligned source rows: wrapped names, codes, kinds, cells.

:func:`build_rows` reads each side (or block) of the table as its own list:
a row that carries only the wrapped tail of the previous row's name is
joined to it (also across a page break), a name printed alone at the foot of
a page joins the amounts on the next page, and codes come from the code
columns or the name (:class:`~gouji.io.assemble.table_codes.CodeContext`).
Each row gets its ``kind`` (total, subtotal, note, data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, Sequence

from gouji.io.assemble.block_text import cells_bbox, cells_page
from gouji.io.assemble.table_align import join_text
from gouji.io.assemble.table_codes import CodeContext, code_level, is_code, split_code_name
from gouji.io.assemble.table_columns import ColumnPlan
from gouji.io.assemble.table_header import TOTAL_WORDS
from gouji.io.raw import RawCell
from gouji.model.document import BBox, Cell, Row
from gouji.model.numbers import normalise_digits, parse_amount
from gouji.model.text import norm

__all__ = ["SourceRow", "TableRows", "build_rows"]

RowKind = Literal["total", "subtotal", "data", "note"]

_LIST_MARK = re.compile(
    r"^(?:其中|[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])"
)
_OPEN_END = ("（", "(", "、", "，", ",", "和", "及", "与", "“")
_CLOSE_START = ("）", ")", "、", "，", ",", "”")
# item names end like this; a text ending so is complete and is not continued on the next line
_COMPLETE_END = (
    "支出",
    "收入",
    "费",
    "经费",
    "资金",
    "结余",
    "结转",
    "补助",
    "事务",
    "运行",
    "保险",
    "缴费",
    "公积金",
    "补贴",
    "奖金",
    "工资",
    "拨款",
    "预算",
    "转移支付",
    "）",
    ")",
)


@dataclass
class SourceRow:
    """One data row of the merged grids, aligned to the table's columns."""

    cells: list[RawCell | None]
    first_of_grid: bool = False
    ruled: bool = True
    grid_no: int = 0


@dataclass
class TableRows:
    """The rows of a table, and how many wrapped lines were joined into them."""

    rows: list[Row] = field(default_factory=list)
    merged_wraps: int = 0


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff（）()“”])\s+(?=[\u4e00-\u9fff（）()“”])")


def _txt(c: RawCell | None) -> str:
    """Cell text, with line-wrap spaces between Chinese characters removed."""
    return _CJK_GAP.sub("", c.text.strip()) if c is not None and c.text else ""


@dataclass
class _SideRow:
    src: SourceRow
    cols: list[int]  # column indices of this side
    name_col: int | None
    code_cols: list[int]
    texts: dict[int, str]
    name_group: list[int] = field(default_factory=list)
    ordinals: set[int] = field(default_factory=set)  # 序号 / 行次 columns of the table

    def numbered(self) -> bool:
        """The row prints its own number in a 序号 / 行次 column."""
        return any(self.texts.get(j) for j in self.ordinals)

    def full_name(self) -> str:
        """The name, with a second name level ("一般公共预算资金 | 小计") joined by "/"."""
        parts = [self.texts.get(j, "") for j in self.name_group]
        return "/".join(p for p in parts if p)

    def name(self) -> str:
        return self.texts.get(self.name_col, "") if self.name_col is not None else ""

    def has_amount(self, roles: Sequence[str]) -> bool:
        for j in self.cols:
            if roles[j] == "amount":
                p = parse_amount(self.texts.get(j, ""))
                if p is not None and p.value is not None:
                    return True
        return False

    def has_code(self) -> bool:
        if any(is_code(self.texts.get(j, "")) for j in self.code_cols):
            return True
        code, _ = split_code_name(self.name())
        return code is not None

    def text_cols(self, roles: Sequence[str]) -> list[int]:
        return [j for j in self.cols if roles[j] in ("name", "text") and self.texts.get(j)]

    def empty(self) -> bool:
        return not any(self.texts.get(j) for j in self.cols)


def _is_continuation(prev: _SideRow, cur: _SideRow, roles: Sequence[str]) -> bool:
    """``cur`` carries only the wrapped tail of ``prev``'s name / text cells."""
    if cur.has_amount(roles) or cur.has_code():
        return False
    if cur.numbered() and prev.numbered():
        return False  # each printed row carries its own 序号: a row of its own
    tcols = cur.text_cols(roles)
    if not tcols:
        return False
    # every non-empty cell of cur is a name/text cell
    if any(cur.texts.get(j) for j in cur.cols if j not in tcols and roles[j] != "amount"):
        return False
    if any(cur.texts.get(j) for j in cur.cols if roles[j] == "amount"):
        return False  # e.g. "-" printed: a real blank row
    lead = cur.texts[tcols[0]]
    if _LIST_MARK.match(lead) or any(w in norm(lead) for w in TOTAL_WORDS):
        return False
    if prev.empty():
        return False
    prev_text = prev.texts.get(tcols[0], "")
    if not prev_text and len(tcols) == 1 and cur.src.first_of_grid and cur.src.grid_no > 0:
        # the page's name column shifted: the tail continues the previous row's name
        prev_text = prev.name()
    if lead.startswith(_CLOSE_START) or prev_text.endswith(_OPEN_END):
        return True
    if prev_text.count("（") + prev_text.count("(") > prev_text.count("）") + prev_text.count(")"):
        return True
    pn = norm(prev_text)
    if not pn or any(w in pn for w in TOTAL_WORDS + ("小计",)) or pn.endswith(_COMPLETE_END):
        return False  # a complete label: the next line is a row of its own
    if cur.src.first_of_grid and cur.src.grid_no > 0:
        return True  # a row split at a page break
    return not cur.src.ruled


_CJK_SHORT = re.compile(r"[\u4e00-\u9fff]{2,3}")


def _rejoin_spilled_names(sides: list[_SideRow], name_col: int, roles: Sequence[str]) -> int:
    """Join a name's last characters printed in the next, otherwise empty, column.

    "吐鲁番市高昌区国土资源执法监察 | 大队 | 28.00": a layout wrapped the unit name
    into the 项目名称 column, which is empty on the other uncoded rows.  Only a
    short Chinese fragment after a name without a complete ending is joined.
    """
    j = name_col + 1
    if j >= len(roles) or roles[j] != "text":
        return 0
    uncoded = [sr for sr in sides if not sr.has_code()]
    filled = [sr for sr in uncoded if sr.texts.get(j)]
    if not filled or len(uncoded) < 10 or len(filled) > len(uncoded) // 10:
        return 0  # the column must be empty on (nearly) every other uncoded row of a long list
    joined = 0
    for sr in filled:
        frag, name = sr.texts[j], sr.texts.get(name_col, "")
        if name and _CJK_SHORT.fullmatch(frag) and not norm(name).endswith(_COMPLETE_END):
            sr.texts[name_col] = name + frag
            sr.texts[j] = ""
            joined += 1
    return joined


def _is_split_head(prev: _SideRow, cur: _SideRow, roles: Sequence[str]) -> bool:
    """``prev`` is a name printed alone at the foot of a page; ``cur`` (next page) has its amounts."""
    if not (cur.src.first_of_grid and cur.src.grid_no > 0):
        return False
    if prev.has_amount(roles) or prev.has_code() or not prev.name():
        return False
    if cur.numbered() and prev.numbered():
        return False
    if any(prev.texts.get(j) for j in prev.cols if roles[j] == "amount"):
        return False
    if not cur.has_amount(roles) or cur.has_code():
        return False
    n = cur.name()
    return not n or not (_LIST_MARK.match(n) or any(w in norm(n) for w in TOTAL_WORDS))


def _borrow_amounts(cur: _SideRow, next_cols: list[int], roles: Sequence[str]) -> bool:
    """A block's total label whose amount is printed under the next block ("公用经费合计" spanning).

    When ``cur`` holds only a total label and the same source row holds only
    amounts in the next block, those amount cells become part of ``cur``.
    """
    vals = [v for v in cur.texts.values() if v]
    if len(vals) != 1 or not any(w in norm(vals[0]) for w in TOTAL_WORDS) or cur.has_amount(roles):
        return False
    cells = cur.src.cells
    nxt = {j: _txt(cells[j]) for j in next_cols if j < len(cells) and _txt(cells[j])}
    if not nxt or any(roles[j] != "amount" or parse_amount(t) is None for j, t in nxt.items()):
        return False
    cur.cols = cur.cols + [j for j in next_cols if j < len(cells)]
    cur.texts.update({j: _txt(cells[j]) for j in next_cols if j < len(cells)})
    return True


def build_rows(src_rows: list[SourceRow], plan: ColumnPlan, economic: bool = False) -> TableRows:
    """Turn aligned source rows into :class:`Row` objects (codes, kinds, cells, sides)."""
    roles = [c.role for c in plan.columns]
    width = len(plan.columns)
    bounds = plan.bounds or [(0, width, None)]
    side_specs = [
        (list(range(a, b)), plan.name_cols[k], plan.code_cols[k], side, plan.name_groups[k])
        for k, (a, b, side) in enumerate(bounds)
    ]
    out = TableRows()
    idx = 0
    lent: set[tuple[int, int]] = set()  # (source row, block) whose amounts a total label to the left took
    for k, (cols, name_col, code_cols, side, group) in enumerate(side_specs):
        sides: list[_SideRow] = []
        for sno, sr in enumerate(src_rows):
            if (sno, k) in lent:
                continue
            texts = {j: _txt(sr.cells[j]) for j in cols if j < len(sr.cells)}
            cur = _SideRow(
                src=sr,
                cols=cols,
                name_col=name_col,
                code_cols=code_cols,
                texts=texts,
                name_group=group,
                ordinals=plan.ordinals,
            )
            if cur.empty():
                continue
            if (
                k + 1 < len(side_specs)
                and side not in (None, "收入", "支出")  # blocks of one list (人员经费 | 公用经费) only
                and _borrow_amounts(cur, side_specs[k + 1][0], roles)
            ):
                lent.add((sno, k + 1))
            if sides and _is_continuation(sides[-1], cur, roles):
                prev = sides[-1]
                tcols = cur.text_cols(roles)
                if len(tcols) == 1 and not prev.texts.get(tcols[0]) and name_col is not None:
                    tcols_to = [name_col]  # a name tail printed one column off on the next page
                else:
                    tcols_to = tcols
                for j, k in zip(tcols, tcols_to, strict=True):
                    prev.texts[k] = join_text(prev.texts.get(k, ""), cur.texts[j])
                out.merged_wraps += 1
                continue
            if name_col is not None and sides and _is_split_head(sides[-1], cur, roles):
                prev = sides.pop()
                cur.texts[name_col] = join_text(prev.name(), cur.name())
                out.merged_wraps += 1
            sides.append(cur)
        if name_col is not None:
            out.merged_wraps += _rejoin_spilled_names(sides, name_col, roles)
        ctx = CodeContext(economic)
        for side_row in sides:
            row = _make_row(idx, side_row, roles, ctx, side)
            if row is None:
                continue
            out.rows.append(row)
            idx += 1
    return out


def _make_row(idx: int, sr: _SideRow, roles: Sequence[str], ctx: CodeContext, side: str | None) -> Row | None:
    name = sr.full_name()
    code: str | None = None
    if sr.code_cols:
        code = ctx.from_columns([sr.texts.get(j, "") for j in sr.code_cols])
    if code is None:
        c2, rest = split_code_name(name)
        if c2 is not None:
            code = ctx.from_single(c2)
            if code is not None:
                name = rest
    name = name.strip()
    name_from: int | None = sr.name_col
    if not name:
        # a merged label cell printed in the code column ("合计" spanning 科目代码 | 科目名称), or a
        # name printed one column off (in the 项目名称 column): that cell is the row's name cell
        for j in sr.cols:
            t = sr.texts.get(j, "")
            if t and roles[j] in ("code", "text") and not normalise_digits(t).isdigit():
                name, name_from = t, j
                break
    n = norm(name)
    kind: RowKind = "data"
    if n.startswith(("注：", "注:", "说明：", "说明:")):
        kind = "note"
    elif "小计" in n:
        kind = "subtotal"
    elif any(w in n for w in TOTAL_WORDS) and code is None:
        kind = "total"
    cells: list[Cell] = []
    for j in sr.cols:
        if j == sr.name_col or j == name_from:
            continue
        if roles[j] == "code" and name and sr.texts.get(j, "") == name:
            continue  # the merged label repeated in every cell it spans (spreadsheets)
        raw = sr.src.cells[j] if j < len(sr.src.cells) else None
        text = sr.texts.get(j, "")
        bbox = (
            BBox(x0=raw.bbox[0], top=raw.bbox[1], x1=raw.bbox[2], bottom=raw.bbox[3])
            if raw is not None and raw.bbox
            else None
        )
        p = parse_amount(text) if roles[j] == "amount" else None
        cells.append(
            Cell(
                col=j,
                text=text,
                value=p.value if p is not None else None,
                blank=p.blank if p is not None else False,
                page=raw.page if raw is not None else None,
                bbox=bbox,
                confidence=raw.confidence if raw is not None else None,
            )
        )
    if not name and code is None and not any(c.value is not None for c in cells):
        # nothing but 行次 numbers / dashes: a blank line of one side of a two-sided table
        if all(not c.text or c.text.isdigit() or c.blank for c in cells):
            return None
    if not name and code is None and sr.name_col is not None and all(not c.value for c in cells):
        if all(not c.text or c.value is not None or c.blank for c in cells):
            return None  # a filler line of a list ("| | 0.00" under a shorter block)
    raw_name = sr.src.cells[name_from] if name_from is not None and name_from < len(sr.src.cells) else None
    name_bbox = (
        BBox(x0=raw_name.bbox[0], top=raw_name.bbox[1], x1=raw_name.bbox[2], bottom=raw_name.bbox[3])
        if raw_name is not None and raw_name.bbox
        else None
    )
    src_cells = [sr.src.cells[j] for j in sr.cols if j < len(sr.src.cells)]
    return Row(
        index=idx,
        code=code,
        name=name,
        level=code_level(code),
        kind=kind,
        side=side,
        page=cells_page(src_cells),
        bbox=cells_bbox(src_cells),
        name_bbox=name_bbox,
        cells=cells,
    )
