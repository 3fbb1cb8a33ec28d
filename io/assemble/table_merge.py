"""Standard (and other) tables: their grids merged over the pages, then header, columns, rows.

:func:`build_standard` reads the header of a table's first grid
(:mod:`gouji.io.assemble.table_header`), drops the title block and header
rows repeated on continuation pages, aligns the continuation grids to the
first grid's columns (:mod:`gouji.io.assemble.table_align`), plans the
columns (:mod:`gouji.io.assemble.table_columns`) and builds the rows
(:mod:`gouji.io.assemble.table_rows`).  :func:`make_table` turns a pending
table and its parts into a :class:`~gouji.model.document.Table` (also for
performance tables).
"""

from __future__ import annotations

from typing import Any

from gouji.io.assemble.block_text import (
    EMPTY_STRONG,
    MoneyUnit,
    is_empty_note,
    money_unit_of,
    to_bbox,
    unit_name_of,
)
from gouji.io.assemble.catalog import match_number, match_title
from gouji.io.assemble.page_flow import PendingTable
from gouji.io.assemble.table_align import align_grid, column_centers, grid_amount_start, trim_empty_tail
from gouji.io.assemble.table_columns import build_columns
from gouji.io.assemble.table_header import detect_header, is_stub_row, strip_stub_tokens
from gouji.io.assemble.table_rows import SourceRow, build_rows
from gouji.io.raw import RawCell
from gouji.model.document import Column, Row, StdTable, Table
from gouji.model.tables import PERF_TABLES, TWO_SIDED
from gouji.model.text import norm

__all__ = ["build_standard", "make_table"]


def _grid_texts(rows: list[list[RawCell]]) -> list[list[str]]:
    return [[c.text or "" for c in r] for r in rows]


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


def build_standard(
    pd: PendingTable, std: StdTable | None
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


def make_table(
    pd: PendingTable,
    tid: str,
    std: StdTable | None,
    header: list[list[str]],
    columns: list[Column],
    rows: list[Row],
    unit: MoneyUnit | None,
    perf: Any = None,
) -> Table:
    title = pd.match.title if pd.match else "（未命名表格）"
    pages = set(pd.pages)
    for r in rows:
        if r.page is not None:
            pages.add(r.page)
    tb = pd.title_block
    title_bbox = to_bbox(tb.bbox) if tb is not None else None
    has_amount = any(c.value is not None and c.value != 0 for r in rows for c in r.cells)
    empty = perf is None and std not in PERF_TABLES and not has_amount
    note = None
    if empty:
        notes = [n for n in pd.notes if is_empty_note(n)]
        # the note may also be printed inside the grid ("合计 | | " / "此表为空 | | ")
        notes += [x for r in rows for x in [r.name, *(c.text for c in r.cells)] if x and is_empty_note(x)]
        strong = [n for n in notes if EMPTY_STRONG.search(n) and "仍保留" not in n]
        note = strong[0] if strong else notes[0] if notes else None
    return Table(
        id=tid,
        std=std,
        number=pd.number,
        title=title,
        unit_name=pd.unit_name,
        unit=unit,
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
