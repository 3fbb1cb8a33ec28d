"""Reader for the seed text format (``corpus/seeds/*.txt``).

The seeds are text extractions of published disclosures:

- a line with tab characters is a table row, cells separated by tabs;
  consecutive such lines form one grid (``ruled=True``: the columns are
  trusted);
- a line holding a single tab-indented cell (``"\\t单位名称"``) is one cell of a
  table printed cell by cell (seed 002's performance tables): consecutive such
  lines form one grid whose rows each hold one cell; a blank line ends it;
- every other non-empty line is running text (:class:`RawLine`).

The format has no pages: everything goes into one ``RawPage(number=None)`` and
every block has ``page=None``.
"""

from __future__ import annotations

from pathlib import Path

from gouji.io.errors import ReadError
from gouji.io.raw import RawBlock, RawCell, RawDocument, RawGrid, RawLine, RawPage
from gouji.io.readers.base import Reader

__all__ = ["READER", "read_text", "decode_text", "text_to_blocks"]


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), falling back to GB18030."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ReadError("无法识别文本文件的编码（既不是 UTF-8 也不是 GB18030）。", "corrupt") from exc


def _is_single_cell(line: str) -> bool:
    return line.startswith("\t") and line.count("\t") == 1


def text_to_blocks(text: str) -> list[RawBlock]:
    """Split seed text into lines and grids (see the module docstring)."""
    blocks: list[RawBlock] = []
    grid: list[list[RawCell]] | None = None
    grid_kind: str | None = None  # "row" (tab-separated) or "cell" (one cell per line)

    def flush() -> None:
        nonlocal grid, grid_kind
        if grid:
            blocks.append(RawGrid(rows=grid, page=None, ruled=True))
        grid = None
        grid_kind = None

    for raw_line in text.splitlines():
        line = raw_line.rstrip("\r\n").replace("\u3000", " ")
        if "\t" not in line and not line.strip():
            # blank line: ends a one-cell-per-line grid; tab-rows grids end too
            flush()
            continue
        if "\t" in line:
            kind = "cell" if _is_single_cell(line) else "row"
            if grid is not None and grid_kind != kind:
                flush()
            if grid is None:
                grid = []
                grid_kind = kind
            if kind == "cell":
                grid.append([RawCell(text=line[1:].strip())])
            else:
                grid.append([RawCell(text=c.strip()) for c in line.split("\t")])
            continue
        flush()
        blocks.append(RawLine(text=line.strip(), page=None))
    flush()
    return blocks


def read_text(path: str, sha256: str) -> RawDocument:
    """Read a seed text file into a :class:`RawDocument`.

    Raises
    ------
    ReadError
        When the file cannot be decoded or holds no text.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取文件：{exc}", "missing", str(path)) from exc
    try:
        text = decode_text(data)
    except ReadError as exc:
        exc.path = str(path)
        raise
    if "\x00" in text[:4096]:
        raise ReadError("文件不是文本文件（含有二进制内容）。", "corrupt", str(path))
    blocks = text_to_blocks(text)
    chars = sum(len(b.text) for b in blocks if isinstance(b, RawLine)) + sum(
        len(c.text) for b in blocks if isinstance(b, RawGrid) for r in b.rows for c in r
    )
    if not blocks or chars == 0:
        raise ReadError("文本文件中没有可识别的内容。", "empty", str(path))
    page = RawPage(number=None, blocks=blocks, char_count=chars)
    return RawDocument(path=str(path), sha256=sha256, format="text", pages=[page])


READER = Reader(
    name="text",
    label="文本文件",
    suffixes=(".txt",),
    read=lambda path, sha256, hooks: read_text(path, sha256),
)
