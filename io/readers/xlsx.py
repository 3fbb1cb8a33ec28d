"""Excel (.xlsx / .xlsm) reader: one page per visible sheet → :class:`~gouji.io.raw.RawDocument`.

Each sheet becomes a :class:`RawPage` (``number`` = position among the
visible sheets, 1-based).  Rows above the table (title, "表1", "编制单位：…",
"单位：万元") become :class:`RawLine` blocks; the rest of the sheet becomes
one ruled :class:`RawGrid`; one-cell rows below the grid (notes such as
"注：…" or "本单位没有…故本表为空表") become lines again.  Merged cells are
spread: every cell of a merged range carries the range's text.  Hidden rows,
columns and sheets are not read (they are not part of the published view).

Numbers are written back to text the way Excel shows them, without going
through float formatting: ``Decimal(repr(value))`` quantised to the number of
decimals of the cell's number format ("#,##0.00" → two decimals, with
thousands separators; "0.00%" → percent).  Cells in the General format keep
their value, rounded to ten decimals to drop float noise.
"""

from __future__ import annotations

import datetime as _dt
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from gouji.io.errors import ReadError
from gouji.io.raw import RawCell, RawDocument, RawGrid, RawLine, RawPage
from gouji.io.readers.base import Reader
from gouji.io.readers.office import ZIP_MAGIC, refuse_encrypted, refuse_oversized

ENCRYPTED = "该 Excel 文件已加密（设置了打开密码），或是旧版 .xls 格式：请取消密码保护后另存为 .xlsx 再打开。"
READ_ONLY_ABOVE = 30 * 1024 * 1024  # bigger workbooks are streamed (merged ranges are then unknown)
READ_ONLY_UNPACKED = 100 * 1024 * 1024  # ... and so are workbooks that unpack to more than this
_TITLE_WORDS = ("编制单位", "填报单位", "单位：", "单位:", "金额单位", "单位名称：", "预算单位：")


def read_xlsx(path: str, sha256: str) -> RawDocument:
    """Read a workbook; one :class:`RawPage` per visible sheet.

    Raises
    ------
    ReadError
        ``encrypted`` for password-protected workbooks, ``corrupt`` when the
        file cannot be opened as a workbook, ``empty`` when no visible sheet
        has content.
    """
    p = Path(path)
    refuse_encrypted(path, ENCRYPTED)
    unpacked = refuse_oversized(path, "Excel 文件")
    read_only = p.stat().st_size > READ_ONLY_ABOVE or (unpacked or 0) > READ_ONLY_UNPACKED
    try:
        import openpyxl

        wb = openpyxl.load_workbook(str(p), read_only=read_only, data_only=True)
    except Exception as exc:  # BadZipFile, KeyError, openpyxl InvalidFileException, lxml errors …
        raise ReadError(
            f"Excel 文件已损坏或格式不正确，无法读取（{type(exc).__name__}）：请用 Excel / WPS 打开后另存为 .xlsx 再试。",
            "corrupt",
            path,
        ) from exc
    pages: list[RawPage] = []
    hidden: list[str] = []
    try:
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                hidden.append(ws.title)
                continue
            page = _read_sheet(ws, len(pages) + 1, read_only)
            pages.append(page)
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(
            f"Excel 文件内容无法读取（{type(exc).__name__}）：文件可能已损坏。", "corrupt", path
        ) from exc
    finally:
        if read_only:
            wb.close()
    if not pages or not any(pg.blocks for pg in pages):
        raise ReadError("Excel 文件中没有可读取的内容（所有工作表为空或被隐藏）。", "empty", path)
    meta = {"sheets": "\n".join(pg_title for pg_title in _titles(wb) if pg_title not in hidden)}
    if hidden:
        meta["hidden_sheets"] = "\n".join(hidden)
    if read_only:
        meta["merged_cells"] = "unknown (read-only mode)"
    uncached = _uncached_formulas(p)
    if uncached:
        meta["uncached_formulas"] = str(uncached)
        meta["warning"] = (
            f"工作簿中有 {uncached} 个公式单元格没有保存计算结果（文件可能由程序生成），这些单元格按空白读取："
            "请用 Excel / WPS 打开、重新计算并保存后再审核。"
        )
    return RawDocument(path=str(path), sha256=sha256, format="xlsx", pages=pages, metadata=meta)


_FORMULA_NO_VALUE = re.compile(
    rb"<c\b[^>]*>\s*(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)\s*(?:<v>\s*</v>|<v/>)?\s*</c>"
)


def _uncached_formulas(path: Path) -> int:
    """Formula cells saved without a computed value (``data_only`` reads them as empty)."""
    count = 0
    try:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    count += len(_FORMULA_NO_VALUE.findall(z.read(name)))
    except Exception:  # a member that does not unpack (BadZipFile, zlib.error, …): the count is optional
        return 0
    return count


def _titles(wb) -> list[str]:
    return [ws.title for ws in wb.worksheets]


# --------------------------------------------------------------------------- values


def _decimals(fmt: str) -> int | None:
    """Decimals shown by a number format ("#,##0.00" → 2, "0" → 0); None for General / text."""
    if not fmt or fmt == "General" or fmt == "@":
        return None
    section = fmt.split(";")[0]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", section)  # literals, colours, escapes
    if not re.search(r"[0#?]", section):
        return None
    m = re.search(r"\.([0#?]+)", section)
    return len(m.group(1)) if m else 0


def format_number(value: int | float, fmt: str) -> str:
    """Text of a numeric cell as Excel shows it (exact decimal rounding, no float printing)."""
    try:
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        return str(value)
    if not d.is_finite():
        return str(value)
    section = (fmt or "").split(";")[0]
    percent = "%" in re.sub(r'"[^"]*"', "", section)
    if percent:
        d = d * 100
    places = _decimals(fmt)
    if places is None:
        d = d.quantize(Decimal("1e-10"), rounding=ROUND_HALF_UP).normalize()
        text = format(d, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text
    d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{d:,.{places}f}" if "," in section else f"{d:.{places}f}"
    return text + ("%" if percent else "")


def cell_text(value, fmt: str) -> str:
    """Text of any cell value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return format_number(value, fmt)
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("_x000D_", "").strip()


# --------------------------------------------------------------------------- sheets


def _read_sheet(ws, number: int, read_only: bool) -> RawPage:
    page = RawPage(number=number)
    hidden_rows: set[int] = set()
    hidden_cols: set[int] = set()
    if not read_only:
        from openpyxl.utils import column_index_from_string

        for key, dim in ws.row_dimensions.items():
            if dim.hidden:
                hidden_rows.add(key)
        for key, dim in ws.column_dimensions.items():
            if dim.hidden:
                lo = dim.min or column_index_from_string(key)
                hi = dim.max or lo
                hidden_cols.update(range(lo, hi + 1))
    # matrix of (text, bold, size, centred); rows / cols 1-based as in Excel
    matrix: dict[tuple[int, int], tuple[str, bool, float | None, bool]] = {}
    max_r = max_c = 0
    for c in _cells(ws):
        v = getattr(c, "value", None)
        if v is None:
            continue
        r, col = c.row, c.column
        if r in hidden_rows or col in hidden_cols:
            continue
        text = cell_text(v, getattr(c, "number_format", "General") or "General")
        if not text:
            continue
        font = getattr(c, "font", None)
        align = getattr(c, "alignment", None)
        bold = bool(font is not None and font.b)
        size = float(font.sz) if font is not None and font.sz else None
        centred = bool(align is not None and align.horizontal in ("center", "centerContinuous"))
        matrix[(r, col)] = (text, bold, size, centred)
        max_r, max_c = max(max_r, r), max(max_c, col)
    if not matrix:
        return page
    page.char_count = sum(len(t.strip()) for (t, *_) in matrix.values())  # before merged ranges are spread
    # merged ranges: spread the top-left text over the range
    spans: dict[int, int] = {}  # row → widest horizontal merge starting in that row (for title detection)
    if not read_only:
        for rng in ws.merged_cells.ranges:
            top = matrix.get((rng.min_row, rng.min_col))
            if top is None:
                continue
            width = sum(1 for c in range(rng.min_col, rng.max_col + 1) if c not in hidden_cols)
            spans[rng.min_row] = max(spans.get(rng.min_row, 0), width)
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col) and r not in hidden_rows and c not in hidden_cols:
                        matrix[(r, c)] = top[0], top[1], top[2], top[3]
    cols = [
        c
        for c in range(1, max_c + 1)
        if c not in hidden_cols and any((r, c) in matrix for r in range(1, max_r + 1))
    ]
    rows = [r for r in range(1, max_r + 1) if r not in hidden_rows and any((r, c) in matrix for c in cols)]
    ncols = len(cols)

    def distinct(r: int) -> list[tuple[str, bool, float | None, bool]]:
        out = []
        prev = None
        for c in cols:
            cell = matrix.get((r, c))
            if cell is not None and cell[0] != prev:
                out.append(cell)
            prev = cell[0] if cell is not None else None
        return out

    def is_line_row(r: int) -> bool:
        cells = distinct(r)
        if not cells:
            return False
        if all(
            any(w in t for w in _TITLE_WORDS) or re.fullmatch(r"表\s*\S{1,4}|\S{0,4}\d{1,2}表", t)
            for t, *_ in cells
        ):
            return True
        return len(cells) == 1 and (ncols <= 2 or spans.get(r, 1) >= max(2, ncols // 2) or _one_cell(r))

    def _one_cell(r: int) -> bool:
        return sum(1 for c in cols if (r, c) in matrix) == 1

    # title block: leading line-like rows
    i = 0
    while i < len(rows) and is_line_row(rows[i]):
        i += 1
    # notes: trailing one-cell rows below the grid
    j = len(rows)
    while j > i + 1 and _is_note_row(distinct(rows[j - 1]), ncols, spans.get(rows[j - 1], 1)):
        j -= 1
    for r in rows[:i]:
        _add_lines(page, distinct(r), number)
    if i < j:
        grid_rows = [
            [RawCell(matrix[(r, c)][0] if (r, c) in matrix else "", None, number) for c in cols]
            for r in rows[i:j]
        ]
        page.blocks.append(RawGrid(rows=grid_rows, page=number, ruled=True))
    for r in rows[j:]:
        _add_lines(page, distinct(r), number)
    return page


def _cells(ws):
    """The cells that exist in the sheet.

    ``iter_rows`` would create every cell of the used range, and sheets whose
    formatting reaches row 1,048,576 are common in published workbooks; the
    stored cells are enough (read-only worksheets stream their rows anyway).
    """
    stored = getattr(ws, "_cells", None)
    if isinstance(stored, dict):
        return list(stored.values())
    return (c for row in ws.iter_rows() for c in row)


def _is_note_row(cells, ncols: int, span: int) -> bool:
    if len(cells) != 1:
        return False
    text = cells[0][0]
    return (
        text.startswith(("注", "说明", "备注"))
        or "空表" in text
        or (len(text) >= 12 and span >= max(2, ncols // 2))
    )


def _add_lines(page: RawPage, cells, number: int) -> None:
    for text, bold, size, centred in cells:
        for part in text.split("\n"):
            part = part.strip()
            if part:
                page.blocks.append(
                    RawLine(text=part, page=number, size=size, bold=bold, align="center" if centred else None)
                )


READER = Reader(
    name="xlsx",
    label="Excel 工作簿",
    suffixes=(".xlsx", ".xlsm"),  # openpyxl reads macro-enabled workbooks too (the macros are ignored)
    read=lambda path, sha256, hooks: read_xlsx(path, sha256),
    magic=ZIP_MAGIC,
    encrypted=ENCRYPTED,
)
