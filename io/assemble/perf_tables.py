"""Performance tables in the document: rows and columns from their grids, one table per project.

A 绩效目标表 / 自评表 is a form, kept as printed (rows of text cells, columns
labelled from its indicator header) next to its parsed content
(:func:`gouji.io.assemble.perf.parse_perf_groups`).  Continuation pages that
print the form with some empty columns merged away are realigned by column
position; a list-style target table with several projects becomes one table
per project ("P001", "P002" …).
"""

from __future__ import annotations

from typing import Any

from gouji.io.assemble import perf as perf_mod
from gouji.io.assemble.block_text import YEAR_LINE, MoneyUnit, row_distinct, to_bbox
from gouji.io.assemble.page_flow import PendingTable
from gouji.io.assemble.table_merge import make_table
from gouji.io.raw import RawCell
from gouji.model.document import Cell, Column, Row, StdTable, Table
from gouji.model.text import norm

__all__ = ["perf_tables"]


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


def _perf_rows(pd: PendingTable) -> list[list[RawCell]]:
    rows: list[list[RawCell]] = []
    ref = next((g.col_x for g in pd.grids if g.col_x), None)
    for g in pd.grids:
        cmap = (
            _column_map(ref, g.col_x)
            if ref is not None and g.col_x and len(g.col_x) < len(ref) and g.rows
            else None
        )
        if ref is not None and cmap is not None and all(len(r) == len(cmap) for r in g.rows):
            width = len(ref) - 1
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
            vals = row_distinct(r)
            if len(vals) == 1 and YEAR_LINE.match(vals[0]):
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
                col=j, text=(c.text or "").strip(), value=None, blank=False, page=c.page, bbox=to_bbox(c.bbox)
            )
            for j, c in enumerate(r)
        ]
        boxes = [c.bbox for c in r if c.bbox is not None]
        bbox = (
            to_bbox(
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
            (c.text or "").strip() == nc.text.strip() and (nc.bbox is None or to_bbox(c.bbox) == nc.bbox)
            for c in rows[k]
        ):
            k += 1
        if k >= len(rows):
            return None
        starts.append(k)
        k += 1
    return starts


def perf_tables(
    pd: PendingTable, std: StdTable, first_no: int, unit: MoneyUnit | None, warnings: list[str]
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
                part = PendingTable(
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
                out.append(make_table(part, f"P{first_no + n:03d}", std, [], columns, t_rows, unit, perf=p))
            return out
        warnings.append(
            f"{tid} {pd.match.title if pd.match else ''}：列表式绩效表未能按项目拆分，按一张表显示。"
        )
        try:
            perfs = [perf_mod.parse_perf(std, rows, unit)]
        except Exception:  # noqa: BLE001 - the groups parsed, the whole table does not: show it raw
            perfs = [None]
    return [make_table(pd, tid, std, [], columns, _perf_rows_to_model(rows), unit, perf=perfs[0])]
