"""Format-free assembly: :class:`RawDocument` → :class:`Document`.

Walks the blocks of every page in reading order.  A recognised title line
(:func:`gouji.io.assemble.catalog.match_title`), or a title sitting in a grid's first
row, starts a table when a grid (or an empty-table note) follows it; the
table collects its 编制单位 / 单位：万元 lines and every following grid until the
next title or running text, so tables spread over many pages are merged
(repeated title blocks and header rows dropped).  A short "…表" line the
catalog does not know still starts a (non-standard) table when its grid
follows at once, so a foreign table is never glued to the one before it.
Header analysis, column roles, code normalisation, side-by-side blocks and
wrapped names are in :mod:`gouji.io.assemble.tables`; performance tables are handed
to :func:`gouji.io.assemble.perf.parse_perf_groups` (one P table per project of a
list-style 绩效目标表; continuation pages realigned by column position); the
text (everything that is not a table) to :func:`gouji.io.assemble.sections.build_text`.

Fast enough to be called on partial documents while a PDF is still read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from gouji.io.assemble import perf as perf_mod
from gouji.io.assemble.amounts import looks_like_amount
from gouji.io.assemble.catalog import (
    PERF_TABLES,
    TWO_SIDED,
    TitleMatch,
    doc_kind_hint,
    is_toc_entry,
    kind_of,
    match_number,
    match_title,
)
from gouji.io.assemble.sections import TextParts, build_text
from gouji.io.assemble.tables import (
    SourceRow,
    align_grid,
    build_columns,
    build_rows,
    column_centers,
    detect_header,
    grid_amount_start,
    is_stub_row,
    norm,
    strip_stub_tokens,
    trim_empty_tail,
)
from gouji.io.raw import RawBlock, RawCell, RawDocument, RawGrid, RawLine
from gouji.model.document import (
    BBox,
    Cell,
    Column,
    DocKind,
    Document,
    Row,
    Section,
    SectionKind,
    Sentence,
    StdTable,
    Table,
)

__all__ = ["assemble", "money_unit_of", "unit_name_of", "is_empty_note"]

_MONEY_UNIT = re.compile(r"单位\s*[:：]\s*(万元|元)(?![\u4e00-\u9fff])")
_UNIT_NAME = re.compile(
    r"(?:编制单位|编报单位|单位名称|预算单位|部门名称|部门[（(]单位[)）]|单位[（(]部门[)）]|部门|单位)\s*[:：]\s*(.+?)\s*(?=(?:金额)?单位\s*[:：]|$)"
)
_YEAR_LINE = re.compile(r"^[（(]?\s*\d{4}\s*年度?\s*[)）]?$")
_PAGE_NOISE = re.compile(r"^(?:[-—–\s]*\d{1,4}[-—–\s]*|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）]|名词解释|附件)"
)
_EMPTY_NOTE = re.compile(
    r"(空表|无数据|本表无|此表为空|无发生额|没有.{0,30}(?:收入|支出|拨款|安排|经费)|无.{0,20}(?:收入|支出|拨款|安排|经费)|未安排)"
)
_EMPTY_STRONG = re.compile(r"空表|无数据|本表无|此表为空|无发生额|故本表")
_NOTE_START = re.compile(r"^(?:注|备注|说明)\s*[:：0-9１-９]")


def money_unit_of(text: str) -> str | None:
    """ "单位：万元" / "金额单位：元" → "万元" / "元"."""
    m = _MONEY_UNIT.search(text or "")
    return m.group(1) if m else None


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


def _is_meta(text: str) -> bool:
    """Title-block lines: 编制单位 / 单位 / year / page numbers."""
    t = text.strip()
    if not t:
        return True
    if money_unit_of(t) or (unit_name_of(t) and len(t) < 80):
        return True
    return bool(_YEAR_LINE.match(t) or _PAGE_NOISE.match(t))


def _is_narrative(text: str) -> bool:
    """Running text (ends an open table): a heading, a long line or a sentence — not a stray fragment."""
    t = text.strip()
    return len(t) >= 40 or ("。" in t and len(t) >= 12) or bool(_HEADING.match(t))


# --------------------------------------------------------------------------- blocks


def _grid_texts(rows: list[list[RawCell]]) -> list[list[str]]:
    return [[c.text or "" for c in r] for r in rows]


def _normalise_grid(g: RawGrid, fmt: str) -> RawGrid:
    """Seed text prints some tables cell by cell (one cell per line): such a grid is one row."""
    if fmt == "text" and g.rows and all(len(r) == 1 for r in g.rows):
        return RawGrid(rows=[[r[0] for r in g.rows]], page=g.page, bbox=g.bbox, ruled=g.ruled, col_x=g.col_x)
    return g


def _row_distinct(row: list[RawCell]) -> list[str]:
    seen: list[str] = []
    for c in row:
        t = (c.text or "").strip()
        if t and t not in seen:
            seen.append(t)
    return seen


@dataclass
class _Pending:
    match: TitleMatch | None
    title_block: RawLine | RawCell | None
    number: str | None = None
    unit: str | None = None
    unit_name: str | None = None
    grids: list[RawGrid] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pages: set[int] = field(default_factory=set)
    untitled: bool = False
    guessed: bool = False  # title not in the catalog (see _other_title)


def _title_from_grid(
    g: RawGrid,
) -> tuple[TitleMatch | None, RawCell | None, str | None, str | None, str | None, int]:
    """A title (and number / unit lines) sitting in the first rows of a grid.

    Returns (title, title cell, number, money unit, unit name, rows to strip).
    """
    title: TitleMatch | None = None
    cell: RawCell | None = None
    number = unit = unit_name = None
    strip = 0
    for k, row in enumerate(g.rows[:5]):
        vals = _row_distinct(row)
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
            elif _YEAR_LINE.match(v.strip()):
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
    more = sum(1 for row in g.rows[strip:] if any(match_title(v) for v in _row_distinct(row)[:3]))
    if more >= 2:
        return None, None, None, None, None, 0
    return title, cell, number, unit, unit_name, strip


def _confirm_title(blocks: list[RawBlock], i: int) -> bool:
    """A title line starts a table only when a grid (or an empty-table note) follows it."""
    for b in blocks[i + 1 : i + 14]:
        if isinstance(b, RawGrid):
            return True
        t = b.text.strip()
        if not t or _is_meta(t) or match_number(t):
            continue
        if match_title(t) is not None:
            return False
        if is_empty_note(t):
            return True
        if _is_narrative(t):
            return False
    return False


_OTHER_TITLE = re.compile(
    r"^(?P<num>(?:附)?表\s*[0-9一二三四五六七八九十]{1,3}\s*[:：、.．]?\s*)?"
    r"[^。；;，,：:！？!?（(]{2,40}[\u4e00-\u9fff]表(?:\s*[（(][一二三四五六七八九十\d]{1,3}[)）])?$"
)


def _other_title(blocks: list[RawBlock], i: int, text: str) -> TitleMatch | None:
    """A table title the catalog does not know ("2016年部门决算公开相关信息统计表").

    Only a short line ending in "…表" (or "…表（二）") directly followed by its grid
    (title-block lines such as "公开08表" / "金额单位：元" in between) counts.
    """
    t = text.strip()
    m = _OTHER_TITLE.match(t)
    if m is None or is_toc_entry(t) or re.search(r"见|如下|下表$|附表$|上表$", t):
        return None  # "…单位情况见下表" introduces a grid, it is no title
    number = re.sub(r"[\s:：、.．]", "", m.group("num")) if m.group("num") else None
    for b in blocks[i + 1 : i + 6]:
        if isinstance(b, RawGrid):
            return TitleMatch(std=None, title=t, number=number, prefix="")
        bt = b.text.strip()
        if bt and not (_is_meta(bt) or match_number(bt)):
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


def _repeats(cur: _Pending | None, tm: TitleMatch) -> bool:
    """A standard table's title printed again on its continuation page (not a new table)."""
    if cur is None or cur.match is None or not cur.grids or tm.std in PERF_TABLES:
        return False
    same = tm.std == cur.match.std if tm.std is not None else norm(tm.title) == norm(cur.match.title)
    return same and (tm.number is None or cur.number is None or tm.number == cur.number)


def _scan(raw: RawDocument) -> tuple[list[_Pending], list[Any]]:
    """Split blocks into table candidates and text items (tables kept at their position)."""
    blocks: list[RawBlock] = []
    for p in raw.pages:
        for b in p.blocks:
            if isinstance(b, RawGrid):
                b = _normalise_grid(b, raw.format)
                if not b.rows:
                    continue
            blocks.append(b)

    pendings: list[_Pending] = []
    items: list[Any] = []
    cur: _Pending | None = None
    pending_number: tuple[int, str] | None = None

    def start(
        tm: TitleMatch | None, tb: RawLine | RawCell | None, idx: int, number: str | None = None
    ) -> _Pending:
        nonlocal pending_number
        pd = _Pending(match=tm, title_block=tb, number=number or (tm.number if tm else None))
        if pd.number is None and pending_number is not None and idx - pending_number[0] <= 3:
            pd.number = pending_number[1]
        pending_number = None
        pendings.append(pd)
        items.append(pd)
        return pd

    for i, b in enumerate(blocks):
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
            if tm is None:
                tm = _other_title(blocks, i, t)
                guessed = tm is not None
            if tm is not None and not is_toc_entry(t) and _confirm_title(blocks, i):
                if _repeats(cur, tm):
                    # the title block repeated on the next page of the same table
                    pending_number = None
                    if b.page is not None:
                        cur.pages.add(b.page)  # type: ignore[union-attr]
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
                if _YEAR_LINE.match(t):
                    items.append(b)  # "（2026年度）" under a title: the text side reads the year from it
                    continue
                if is_empty_note(t) or _NOTE_START.match(t):
                    cur.notes.append(t)
                    if not (_NOTE_START.match(t) or _EMPTY_STRONG.search(t)):
                        # a sentence that only mentions "无…支出": keep it in the text as well
                        items.append(b)
                        if _is_narrative(t):
                            cur = None
                    continue
                if _PAGE_NOISE.match(t):
                    items.append(b)
                    continue
                if _is_narrative(t) or (tm is not None):
                    cur = None
            items.append(b)
            continue
        # grid
        tm, cell, number, unit, uname, strip = _title_from_grid(b)
        rows = b.rows[strip:]
        if tm is not None and not _repeats(cur, tm):
            cur = start(tm, cell, i, number)
        elif cur is None:
            cur = start(None, None, i, number)
            cur.untitled = True
        if unit:
            cur.unit = cur.unit or unit
        if uname:
            cur.unit_name = cur.unit_name or uname
        if rows:
            cur.grids.append(RawGrid(rows=rows, page=b.page, bbox=b.bbox, ruled=b.ruled, col_x=b.col_x))
        if b.page is not None:
            cur.pages.add(b.page)
    return pendings, items


# --------------------------------------------------------------------------- tables


def _header_tokens(header: list[list[str]]) -> set[str]:
    return {norm(t) for r in header for t in r if norm(t)}


def _drop_repeated_header(rows: list[list[RawCell]], tokens: set[str]) -> list[list[RawCell]]:
    """Drop a continuation grid's repeated title block and header rows."""
    k = 0
    while k < len(rows) and k < 8:
        vals = [norm(c.text) for c in rows[k] if norm(c.text)]
        if not vals:
            k += 1
            continue
        texts = [c.text for c in rows[k]]
        if is_stub_row(texts):
            k += 1
            continue
        if tokens and all(v in tokens for v in vals):
            k += 1
            continue
        if all(money_unit_of(v) or unit_name_of(v) or match_title(v) or match_number(v) for v in vals):
            k += 1
            continue
        break
    return rows[k:]


def _split_code_head(row: list[RawCell]) -> tuple[list[int], list[RawCell]]:
    """Find 类 / 款 / 项 header cells printed in a data row; return them and the row without them."""
    heads = [j for j, c in enumerate(row) if norm(c.text) in ("类", "款", "项")]
    if len(heads) < 2:
        return [], row
    return heads, [RawCell(text="", bbox=c.bbox, page=c.page) if j in heads else c for j, c in enumerate(row)]


def _build_standard(
    pd: _Pending, std: StdTable | None
) -> tuple[list[list[str]], list[Column], list[Row], list[str]]:
    """Header, columns and rows of a standard (or other) table."""
    warnings: list[str] = []
    grids = [g for g in pd.grids if g.rows]
    if not grids:
        return [], [], [], warnings
    first = grids[0]
    texts = _grid_texts(first.rows)
    n_head, stub = detect_header(texts)
    width = max(len(r) for r in first.rows)
    header = [[(t or "").strip() for t in r] + [""] * (width - len(r)) for r in texts[:n_head]]
    rows0 = first.rows
    if n_head < len(rows0):
        # "类 | 款 | 项 | 合计 | 2,946.25": the code header printed in the first data row
        heads, fixed = _split_code_head(rows0[n_head])
        if heads:
            header.append([norm(rows0[n_head][j].text) if j in heads else "" for j in range(width)])
            rows0 = rows0[:n_head] + [fixed] + rows0[n_head + 1 :]
    if len(header) >= 2 and n_head <= len(rows0):
        # "合计 | | | | 合计 | 基本支出 | 项目支出 |": the table's 合计 row printed in the last header
        # line (Shanghai final-account fund tables); the left label is a data row, the rest header
        last = header[-1]
        lead = next((j for j, x in enumerate(last) if x.strip()), None)
        if (
            lead is not None
            and lead <= 1
            and norm(last[lead]) in ("合计", "总计")
            and any(x.strip() for x in last[lead + 1 :])
            and any(r[lead].strip() for r in header[:-1] if lead < len(r))
            and norm(header[-2][lead]) != norm(last[lead])  # not a header cell merged over two rows
        ):
            cell = rows0[n_head - 1][lead]
            total = [RawCell(text="", bbox=None, page=cell.page) for _ in range(width)]
            total[lead] = cell
            header[-1] = ["" if j == lead else x for j, x in enumerate(last)]
            rows0 = rows0[:n_head] + [total] + rows0[n_head:]
    label_rows = [strip_stub_tokens(r) if k == stub else r for k, r in enumerate(header)]
    label_rows = [r for r in label_rows if any(x.strip() for x in r)]
    centers = column_centers(first, width)
    src: list[SourceRow] = []
    for r in align_grid(rows0[n_head:], width, centers, grid_amount_start(rows0)):
        src.append(SourceRow(cells=r, first_of_grid=not src, ruled=first.ruled, grid_no=0))
    tokens = _header_tokens(header)
    for gno, g in enumerate(grids[1:], start=1):
        rows = _drop_repeated_header(g.rows, tokens)
        if not rows:
            continue
        heads, fixed = _split_code_head(rows[0])
        if heads:
            rows = [fixed] + rows[1:]
        rows = trim_empty_tail(rows, width)
        gw = max(len(r) for r in rows)
        if gw != width:
            warnings.append(f"表格续页列数不同（{gw} 列 / {width} 列），已按列位置对齐。")
        aligned = align_grid(rows, width, centers if column_centers(g, gw) else None, grid_amount_start(rows))
        for k, r in enumerate(aligned):
            src.append(SourceRow(cells=r, first_of_grid=k == 0, ruled=g.ruled, grid_no=gno))
    # header rows repeated inside a grid (printed titles of a spreadsheet, Word "repeat header row")
    head_keys = {tuple(norm(x) for x in r if norm(x)) for r in header}
    head_keys = {k for k in head_keys if len(k) >= 2}
    if head_keys:
        src = [
            r
            for r in src
            if tuple(norm(c.text) for c in r.cells if c is not None and norm(c.text)) not in head_keys
            and not is_stub_row([c.text if c is not None else "" for c in r.cells])
        ]
    data_texts = [[(c.text if c is not None else "") for c in r.cells] for r in src]
    plan = build_columns(label_rows, data_texts, width, two_sided=std in TWO_SIDED)
    economic = std in (StdTable.B_GPB_BASIC, StdTable.F_GPB_BASIC) or any(
        "经济分类" in c.label for c in plan.columns
    )
    built = build_rows(src, plan, economic=economic)
    return header, plan.columns, built.rows, warnings


def _column_map(ref: list[float], xs: list[float], tol: float = 4.0) -> list[int] | None:
    """Position in ``ref``'s columns of each column of a grid whose boundaries are ``xs``.

    A continuation page may print a form with some (empty) columns merged away:
    each of its columns starts at one of the reference grid's column starts.
    None when a column start has no counterpart (a different layout).
    """
    out: list[int] = []
    for x in xs[:-1]:
        k = min(range(len(ref) - 1), key=lambda i: abs(ref[i] - x))
        if abs(ref[k] - x) > tol or (out and k <= out[-1]):
            return None
        out.append(k)
    return out


def _perf_rows(pd: _Pending) -> list[list[RawCell]]:
    rows: list[list[RawCell]] = []
    ref = next((g.col_x for g in pd.grids if g.col_x), None)
    for g in pd.grids:
        cmap = (
            _column_map(ref, g.col_x)
            if ref is not None and g.col_x and len(g.col_x) < len(ref) and g.rows
            else None
        )
        if cmap is not None and all(len(r) == len(cmap) for r in g.rows):
            width = len(ref) - 1  # type: ignore[arg-type]
            aligned_rows = []
            for r in g.rows:
                row = [RawCell(text="", bbox=None, page=g.page) for _ in range(width)]
                for c, k in zip(r, cmap, strict=True):
                    row[k] = c
                aligned_rows.append(row)
            grid_rows = aligned_rows
        else:
            grid_rows = g.rows
        for r in grid_rows:
            vals = _row_distinct(r)
            if len(vals) == 1 and _YEAR_LINE.match(vals[0]):
                continue
            if any((c.text or "").strip() for c in r):
                rows.append(r)
    return rows


_INDICATOR_HEAD = ("一级指标", "二级指标", "三级指标")


def _perf_columns(rows: list[list[RawCell]], width: int) -> list[Column]:
    """Columns of a performance table, labelled from its indicator header row.

    A 绩效目标表 / 自评表 is a form: its upper part is key / value pairs, its
    indicator part a list under a header ("一级指标 | 二级指标 | 三级指标 | 权重 |
    目标值 | 业绩值 | 完成率 | 指标得分 …").  That header (the widest one when
    printed on several pages) names the columns; other columns are "第N列".
    """
    head: list[str] = []
    for r in rows:
        texts = [norm(c.text) for c in r]
        if sum(1 for t in texts if t in _INDICATOR_HEAD) >= 2 and len([t for t in texts if t]) > len(
            [t for t in head if t]
        ):
            head = texts
    cols = []
    for j in range(width):
        lab = head[j] if j < len(head) and head[j] else f"第{j + 1}列"
        cols.append(Column.model_construct(index=j, label=lab, leaf=lab, role="text", side=None))
    return cols


def _perf_rows_to_model(rows: list[list[RawCell]], first: int = 0) -> list[Row]:
    out_rows: list[Row] = []
    for k, r in enumerate(rows, start=first):
        # trusted values: build without re-validation (this runs for every cell of ~100 tables)
        cells = [
            Cell.model_construct(
                col=j, text=(c.text or "").strip(), value=None, blank=False, page=c.page, bbox=_bbox(c.bbox)
            )
            for j, c in enumerate(r)
        ]
        boxes = [c.bbox for c in r if c.bbox is not None]
        bbox = (
            _bbox(
                (
                    min(b[0] for b in boxes),
                    min(b[1] for b in boxes),
                    max(b[2] for b in boxes),
                    max(b[3] for b in boxes),
                )
            )
            if boxes
            else None
        )
        out_rows.append(
            Row(
                index=k - first,
                name="",
                kind="data",
                page=next((c.page for c in r if c.page), None),
                bbox=bbox,
                cells=cells,
            )
        )
    return out_rows


def _group_starts(rows: list[list[RawCell]], names: list[Cell]) -> list[int] | None:
    """Row index where each project of a list-style table starts (its 名称 cell), or None."""
    starts: list[int] = []
    k = 0
    for nc in names:
        while k < len(rows) and not any(
            (c.text or "").strip() == nc.text.strip() and (nc.bbox is None or _bbox(c.bbox) == nc.bbox)
            for c in rows[k]
        ):
            k += 1
        if k >= len(rows):
            return None
        starts.append(k)
        k += 1
    return starts


def _perf_tables(
    pd: _Pending, std: StdTable, first_no: int, unit: str | None, warnings: list[str]
) -> list[Table]:
    """One performance table, or one per project when a list-style table holds several."""
    tid = f"P{first_no:03d}"
    rows = _perf_rows(pd)
    width = max((len(r) for r in rows), default=0)
    columns = _perf_columns(rows, width)
    perfs: list[Any] = [None]
    try:
        perfs = perf_mod.parse_perf_groups(std, rows, unit)
    except Exception as exc:  # noqa: BLE001 - one odd table must not lose the whole document
        warnings.append(
            f"{tid} {pd.match.title if pd.match else ''}：绩效表内容未能解析（{type(exc).__name__}: {exc}），仅显示原表。"
        )
    if len(perfs) > 1:
        starts = _group_starts(rows, [p.fields["项目名称"] for p in perfs])
        if starts is not None:
            head = rows[: starts[0]]
            out = []
            for n, (p, a, b) in enumerate(zip(perfs, starts, starts[1:] + [len(rows)], strict=True)):
                name_cell = p.fields["项目名称"]
                nb = name_cell.bbox
                part = _Pending(
                    match=pd.match,
                    # later projects are found on the page by their 项目名称 cell
                    title_block=pd.title_block
                    if n == 0 or nb is None
                    else RawCell(
                        text=name_cell.text, bbox=(nb.x0, nb.top, nb.x1, nb.bottom), page=name_cell.page
                    ),
                    number=pd.number,
                    unit=pd.unit,
                    unit_name=pd.unit_name,
                )
                t_rows = _perf_rows_to_model(head + rows[a:b])
                if n == 0:
                    part.pages = {pg for pg in (getattr(pd.title_block, "page", None),) if pg is not None}
                else:
                    for r in t_rows[: len(head)]:
                        r.page = None  # the column header is printed once, above the first project
                out.append(_make_table(part, f"P{first_no + n:03d}", std, [], columns, t_rows, unit, perf=p))
            return out
        warnings.append(
            f"{tid} {pd.match.title if pd.match else ''}：列表式绩效表未能按项目拆分，按一张表显示。"
        )
        try:
            perfs = [perf_mod.parse_perf(std, rows, unit)]
        except Exception:  # noqa: BLE001 - the groups parsed, the whole table does not: show it raw
            perfs = [None]
    return [_make_table(pd, tid, std, [], columns, _perf_rows_to_model(rows), unit, perf=perfs[0])]


def _bbox(b: tuple[float, float, float, float] | None) -> BBox | None:
    return (
        BBox.model_construct(x0=float(b[0]), top=float(b[1]), x1=float(b[2]), bottom=float(b[3]))
        if b
        else None
    )


def _make_table(
    pd: _Pending,
    tid: str,
    std: StdTable | None,
    header: list[list[str]],
    columns: list[Column],
    rows: list[Row],
    unit: str | None,
    perf: Any = None,
) -> Table:
    title = pd.match.title if pd.match else "（未命名表格）"
    pages = set(pd.pages)
    for r in rows:
        if r.page is not None:
            pages.add(r.page)
    tb = pd.title_block
    title_bbox = _bbox(tb.bbox) if tb is not None else None
    has_amount = any(c.value is not None and c.value != 0 for r in rows for c in r.cells)
    empty = perf is None and std not in PERF_TABLES and not has_amount
    note = None
    if empty:
        notes = [n for n in pd.notes if is_empty_note(n)]
        # the note may also be printed inside the grid ("合计 | | " / "此表为空 | | ")
        notes += [x for r in rows for x in [r.name, *(c.text for c in r.cells)] if x and is_empty_note(x)]
        strong = [n for n in notes if _EMPTY_STRONG.search(n) and "仍保留" not in n]
        note = (strong or notes or [None])[0]
    return Table(
        id=tid,
        std=std,
        number=pd.number,
        title=title,
        unit_name=pd.unit_name,
        unit=unit,  # type: ignore[arg-type]
        pages=sorted(pages),
        title_bbox=title_bbox,
        two_sided=std in TWO_SIDED,
        header=header,
        columns=columns,
        rows=rows,
        empty=empty,
        empty_note=note,
        perf=perf,
    )


def _grid_as_lines(pd: _Pending) -> list[RawLine]:
    out: list[RawLine] = []
    for g in pd.grids:
        for r in g.rows:
            vals = _row_distinct(r)
            if vals:
                page = next((c.page for c in r if c.page is not None), g.page)
                out.append(RawLine(text=" ".join(vals), page=page))
    return out


# --------------------------------------------------------------------------- text fallback


_SENT_SPLIT = re.compile(r"(?<=[。；！？])")


def _fallback_text(items: list[Any]) -> TextParts:
    """Minimal text model when ``build_text`` fails on a document: one section, split sentences."""
    out = TextParts()
    sec = Section(id="S001", kind=SectionKind.OTHER, title="正文", level=1)
    for it in items:
        if isinstance(it, Table):
            sec.table_ids.append(it.id)
            continue
        for part in _SENT_SPLIT.split(it.text):
            part = part.strip()
            if part:
                s = Sentence(
                    index=len(out.sentences), text=part, section_id=sec.id, page=it.page, bbox=_bbox(it.bbox)
                )
                out.sentences.append(s)
                sec.sentence_ids.append(s.index)
        if out.title is None and ("预算" in it.text or "决算" in it.text) and len(it.text) < 60:
            out.title = it.text.strip()
    out.sections = [sec]
    head = " ".join(it.text for it in items[:80] if isinstance(it, RawLine))
    m = re.search(r"(20\d{2})\s*年", head)
    out.year = int(m.group(1)) if m else None
    out.kind = doc_kind_hint(head)
    return out


def _build_text(
    items: list[Any], warnings: list[str], page_heights: dict[int, float] | None = None
) -> TextParts:
    try:
        return build_text(items, page_heights=page_heights or None)
    except Exception as exc:  # noqa: BLE001 - keep the tables when the text side fails
        warnings.append(f"正文章节未能完整解析（{type(exc).__name__}: {exc}），已按段落简单切分。")
        return _fallback_text(items)


# --------------------------------------------------------------------------- entry point


_TO_FINAL = {
    StdTable.B_THREE_PUBLIC: StdTable.F_THREE_PUBLIC,
    StdTable.B_GOV_FUND: StdTable.F_GOV_FUND,
    StdTable.B_SOE: StdTable.F_SOE,
    StdTable.B_GPB: StdTable.F_GPB,
    StdTable.B_GPB_BASIC: StdTable.F_GPB_BASIC,
}


def _final_equivalents(tables: list[Table]) -> None:
    """In a final account, a title without "决算" ("…“三公”经费支出表") names the final table."""
    kinds = Counter(
        kind_of(t.std) for t in tables if t.std is not None and not t.std.value.startswith("perf_")
    )
    if kinds[DocKind.FINAL] > kinds[DocKind.BUDGET]:
        for t in tables:
            if t.std in _TO_FINAL:
                t.std = _TO_FINAL[t.std]


def assemble(raw: RawDocument) -> Document:
    """Assemble tables and text of a raw document into a :class:`Document`.

    Parameters
    ----------
    raw
        The reader's output (possibly only the first pages of a PDF).

    Returns
    -------
    Document
        Tables in document order ("T01"… standard / other, "P001"… performance),
        text parts from :mod:`gouji.io.assemble.sections`, page facts.
    """
    pendings, items = _scan(raw)
    tables: list[Table] = []
    warnings: list[str] = []
    out_items: list[Any] = []
    n_t = n_p = 0
    built: dict[int, list[Table]] = {}
    for pd in pendings:
        std = pd.match.std if pd.match else None
        unit = pd.unit
        made: list[Table] = []
        if std in PERF_TABLES:
            made = _perf_tables(pd, std, n_p + 1, unit, warnings)  # type: ignore[arg-type]
            n_p += len(made)
        else:
            header, columns, rows, warns = _build_standard(pd, std)
            if not (
                (pd.untitled or (pd.guessed and pd.number == pd.match.number and not pd.unit))  # type: ignore[union-attr]
                and not any(looks_like_amount(c.text) for r in rows for c in r.cells)
            ):
                # (an untitled text grid without amounts is left to the text, with its caption)
                n_t += 1
                tid = f"T{n_t:02d}"
                made = [_make_table(pd, tid, std, header, columns, rows, unit)]
                warnings.extend(f"{tid} {made[0].title}：{w}" for w in warns)
        built[id(pd)] = made
        tables.extend(made)
    _final_equivalents(tables)
    for it in items:
        if isinstance(it, _Pending):
            made = built.get(id(it), [])
            if made:
                out_items.extend(made)
            else:
                if it.guessed and isinstance(it.title_block, RawLine):
                    out_items.append(it.title_block)
                out_items.extend(_grid_as_lines(it))
        else:
            out_items.append(it)

    numbered = [p for p in raw.pages if p.number is not None]
    heights = {p.number: p.height for p in numbered if p.number is not None and p.height}
    text = _build_text(out_items, warnings, heights)
    reader_note = raw.metadata.get("warning")
    if reader_note:
        warnings.insert(0, reader_note)  # e.g. read_xlsx: formulas saved without their values
    doc_unit = getattr(text, "money_unit", None)
    if doc_unit is None:
        units = Counter(t.unit for t in tables if t.unit)
        doc_unit = units.most_common(1)[0][0] if units else None
    kind = getattr(text, "kind", DocKind.UNKNOWN) or DocKind.UNKNOWN
    if kind == DocKind.UNKNOWN:
        kinds = Counter(kind_of(t.std) for t in tables if t.std is not None)
        kinds.pop(DocKind.UNKNOWN, None)
        if kinds:
            kind = kinds.most_common(1)[0][0]
    unit_name = getattr(text, "unit_name", None)
    if unit_name is None:
        names = Counter(t.unit_name for t in tables if t.unit_name)
        unit_name = names.most_common(1)[0][0] if names else None
    blank_pages = [
        p.number for p in numbered if p.char_count == 0 and p.image_area < 0.3 and p.number is not None
    ]
    return Document(
        path=raw.path,
        sha256=raw.sha256,
        format=raw.format,
        kind=kind,
        year=getattr(text, "year", None),
        unit_name=unit_name,
        title=getattr(text, "title", None),
        money_unit=doc_unit,
        page_count=len(numbered),
        page_sizes=[(p.width, p.height) for p in numbered],
        blank_pages=blank_pages,
        toc=list(getattr(text, "toc", [])),
        sections=list(getattr(text, "sections", [])),
        sentences=list(getattr(text, "sentences", [])),
        tables=tables,
        warnings=warnings + list(getattr(text, "warnings", []) or []),
    )
