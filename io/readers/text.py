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


#: larger text files are refused (a disclosure's text is a few MB; the blocks take many times the bytes)
MAX_TEXT_BYTES = 20 * 1024 * 1024

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))

#: the share of common characters below which a decoding is not trusted
MIN_COMMON_SHARE = 0.8

UNSURE = "文本文件的编码无法可靠识别（已按 GB18030 读取，文字可能是乱码）：请用记事本等软件另存为 UTF-8 编码后再打开。"
BIG5 = "文本文件为繁体中文 Big5 编码，已按 Big5 读取；繁体用字（如“預算”）可能使表格和章节识别不全，请核对。"


#: the frequent characters: GB2312 level 1 (lead byte B0–D7) and Big5's frequent ones (A4–C6)
_FREQUENT = (("gb2312", 0xB0, 0xD7), ("cp950", 0xA4, 0xC6))


def _frequent(ch: str) -> bool:
    for codec, lo, hi in _FREQUENT:
        try:
            code = ch.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(code) == 2 and lo <= code[0] <= hi:
            return True
    return False


def common_share(text: str) -> float:
    """Share of the CJK characters of ``text`` that are frequent ones (simplified or traditional):
    above 0.95 for real text, about 0.6 for text decoded with the wrong codec (mojibake)."""
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return 1.0
    return sum(1 for ch in cjk if _frequent(ch)) / len(cjk)


def decode_text(data: bytes) -> tuple[str, str | None]:
    """The text of a file and a note for the reviewer when the encoding was a guess.

    A byte-order mark decides (UTF-8, UTF-16); else UTF-8 when it decodes; else the better of
    GB18030 and Big5 (traditional Chinese, read with a note) by the share of common characters
    each decoding gives; a GB18030 decoding of few common characters (mojibake) gets a note.

    Raises
    ------
    ReadError
        ``corrupt`` when no encoding decodes the bytes.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), None
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"文本文件的编码有误（{codec.upper()} 标记后的内容无法解码）。", "corrupt"
                ) from exc
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[float, str, str | None]] = []
    for codec, note in (("gb18030", None), ("cp950", BIG5)):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((common_share(text), text, note))
    if not candidates:
        raise ReadError("无法识别文本文件的编码（不是 UTF-8、GB18030 或 Big5）。", "corrupt")
    share, text, note = max(candidates, key=lambda c: c[0])
    if share < MIN_COMMON_SHARE:
        return text, UNSURE
    return text, note


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
        size = p.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise ReadError(
                f"文本文件过大（{size / 1024 / 1024:.0f} MB，文本文件上限 {MAX_TEXT_BYTES // 1024 // 1024} MB）："
                "公开文件的文字部分通常只有几 MB，请确认文件内容，或拆分后再审核。",
                "too_large",
                str(path),
            )
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取文件：{exc}", "missing", str(path)) from exc
    try:
        text, note = decode_text(data)
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
    meta = {"warning": note} if note else {}
    return RawDocument(path=str(path), sha256=sha256, format="text", pages=[page], metadata=meta)


READER = Reader(
    name="text",
    label="文本文件",
    suffixes=(".txt",),
    read=lambda path, sha256, hooks: read_text(path, sha256),
)
