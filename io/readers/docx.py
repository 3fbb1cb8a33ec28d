"""Word (.docx) reader: body paragraphs and tables → :class:`~gouji.io.raw.RawDocument`.

A .docx has no fixed layout, so there are no coordinates.  Pages are counted
only from what the file records: Word's *rendered* page breaks
(``w:lastRenderedPageBreak``, written when Word last laid the file out) when
present, else explicit breaks (``w:br w:type="page"``, ``pageBreakBefore``,
next-page section breaks).  When the file records no break at all, every
block has ``page=None`` and the document is one :class:`RawPage` with
``number=None``.

Paragraphs become :class:`RawLine` (one per line of the paragraph: soft line
breaks split it), with the font size and boldness of their runs (falling
back to the paragraph style) and the alignment.  Tables become ruled
:class:`RawGrid` with one cell per grid column: a horizontally merged cell
carries its text in its first column and "" in the others, a vertically
merged cell carries its text in its top row and "" below (the convention of
pdfplumber's table extraction).  Blocks keep the body order; content
controls (``w:sdt``, e.g. a table of contents) are read through.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from gouji.io.errors import ReadError
from gouji.io.raw import Align, RawCell, RawDocument, RawGrid, RawLine, RawPage
from gouji.io.readers.base import Reader
from gouji.io.readers.office import ZIP_MAGIC, refuse_encrypted, refuse_oversized

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _q(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


_P, _TBL, _TR, _TC, _R, _T, _BR, _TAB, _SDT = (
    _q(t) for t in ("p", "tbl", "tr", "tc", "r", "t", "br", "tab", "sdt")
)
_RENDERED = _q("lastRenderedPageBreak")
_VAL = _q("val")
ENCRYPTED = "该 Word 文件已加密（设置了打开密码）：请取消密码保护后另存为 .docx 再打开。"


def read_docx(path: str, sha256: str) -> RawDocument:
    """Read a .docx file.

    Raises
    ------
    ReadError
        ``encrypted`` for password-protected files (stored as OLE containers),
        ``corrupt`` when the package or its XML cannot be read.
    """
    p = Path(path)
    refuse_encrypted(path, ENCRYPTED)
    refuse_oversized(path, "Word 文件")
    try:
        import docx  # python-docx

        document = docx.Document(str(p))
        body = document.element.body
        styles = _StyleInfo(document)
        reader = _BodyReader(styles, _page_size(body))
        reader.read(body)
        pages = reader.pages()
    except ReadError:
        raise
    except Exception as exc:  # BadZipFile, KeyError, lxml XMLSyntaxError, python-docx PackageNotFoundError …
        raise ReadError(
            f"Word 文件已损坏或格式不正确，无法读取（{type(exc).__name__}）：请用 Word / WPS 打开后另存为 .docx 再试。",
            "corrupt",
            path,
        ) from exc
    if not any(pg.char_count for pg in pages):
        raise ReadError("Word 文件中没有可读取的文字（文件为空，或内容只是图片）。", "empty", path)
    meta = {}
    try:
        cp = document.core_properties
        for key in ("title", "author", "created", "modified"):
            v = getattr(cp, key, None)
            if v:
                meta[key] = str(v)
    except Exception:  # core properties are optional and sometimes malformed
        pass
    meta["page_source"] = reader.page_source
    return RawDocument(path=str(path), sha256=sha256, format="docx", pages=pages, metadata=meta)


# --------------------------------------------------------------------------- styles


class _StyleInfo:
    """Font size / bold / alignment of paragraph styles, following ``basedOn``."""

    def __init__(self, document):
        self.by_id: dict[str, object] = {}
        try:
            for s in document.styles:
                sid = getattr(s, "style_id", None)
                if sid:
                    self.by_id[sid] = s
        except Exception:
            pass
        self.default_size: float | None = None
        try:
            rpr = document.styles.element.find(
                f"{_q('docDefaults')}/{_q('rPrDefault')}/{_q('rPr')}/{_q('sz')}"
            )
            if rpr is not None and rpr.get(_VAL):
                self.default_size = int(rpr.get(_VAL)) / 2
        except Exception:
            pass

    def _chain(self, style_id: str | None):
        seen = 0
        s = self.by_id.get(style_id) if style_id else None
        while s is not None and seen < 10:
            yield s
            s = getattr(s, "base_style", None)
            seen += 1

    def size(self, style_id: str | None) -> float | None:
        for s in self._chain(style_id):
            font = getattr(s, "font", None)
            if font is not None and font.size is not None:
                return font.size.pt
        return self.default_size

    def bold(self, style_id: str | None) -> bool:
        for s in self._chain(style_id):
            font = getattr(s, "font", None)
            if font is not None and font.bold is not None:
                return bool(font.bold)
        return False

    def align(self, style_id: str | None) -> Align | None:
        for s in self._chain(style_id):
            pf = getattr(s, "paragraph_format", None)
            if pf is not None and pf.alignment is not None:
                return _align_name(str(pf.alignment))
        return None


def _align_name(v: str | None) -> Align | None:
    if not v:
        return None
    v = v.lower()
    if "center" in v or "distribute" in v:
        return "center"
    if "right" in v or v == "end":
        return "right"
    if "left" in v or "both" in v or "justify" in v or v == "start":
        return "left"
    return None


def _page_size(body) -> tuple[float, float]:
    sect = body.find(_q("sectPr"))
    if sect is not None:
        sz = sect.find(_q("pgSz"))
        if sz is not None:
            try:
                return int(sz.get(_q("w"))) / 20, int(sz.get(_q("h"))) / 20
            except (TypeError, ValueError):
                pass
    return 595.3, 841.9  # A4


# --------------------------------------------------------------------------- body


class _BodyReader:
    def __init__(self, styles: _StyleInfo, size: tuple[float, float]):
        self.styles = styles
        self.size = size
        self.blocks: list[tuple[int, RawLine | RawGrid]] = []  # (page index, block)
        self.page = 0
        self.use_rendered = False
        self.page_source = "none"

    def read(self, body) -> None:
        self.use_rendered = body.find(f".//{_RENDERED}") is not None
        has_explicit = (
            any((br.get(_q("type")) == "page") for br in body.iter(_BR))
            or body.find(f".//{_q('pageBreakBefore')}") is not None
            or len(body.findall(f".//{_q('pPr')}/{_q('sectPr')}")) > 0
        )
        self.page_source = "rendered" if self.use_rendered else ("explicit" if has_explicit else "none")
        for el in _block_children(body):
            if el.tag == _P:
                self._paragraph(el)
            elif el.tag == _TBL:
                self._table(el)

    # ---- page breaks
    def _breaks_before(self, p) -> int:
        """Page breaks that take effect before the paragraph's first text."""
        if self.use_rendered:
            return 0
        ppr = p.find(_q("pPr"))
        if ppr is not None:
            pbb = ppr.find(_q("pageBreakBefore"))
            if pbb is not None and pbb.get(_VAL) not in ("0", "false", "off"):
                return 1
        return 0

    def _section_break_after(self, p) -> int:
        if self.use_rendered:
            return 0
        ppr = p.find(_q("pPr"))
        sect = ppr.find(_q("sectPr")) if ppr is not None else None
        if sect is None:
            return 0
        typ = sect.find(_q("type"))
        kind = typ.get(_VAL) if typ is not None else "nextPage"
        return 0 if kind == "continuous" else 1

    # ---- paragraphs
    def _paragraph(self, p) -> None:
        if self.blocks or self.page:
            self.page += self._breaks_before(p)
        style_id = _style_id(p)
        lines: list[list[str]] = [[]]
        sizes: list[float] = []
        bolds: list[bool] = []
        line_pages = [self.page]

        def page_broken() -> None:
            """After a page break: a new line on the new page (an empty current line just moves there)."""
            if any(lines[-1]):
                lines.append([])
                line_pages.append(self.page)
            else:
                line_pages[-1] = self.page

        for node in p.iter():
            tag = node.tag
            if tag == _RENDERED and self.use_rendered:
                if any(lines[-1]) or len(lines) > 1 or self.blocks:
                    self.page += 1
                page_broken()
            elif tag == _BR:
                if node.get(_q("type")) == "page":
                    if not self.use_rendered:
                        self.page += 1
                    page_broken()
                elif node.get(_q("type")) in (None, "textWrapping"):
                    lines.append([])
                    line_pages.append(self.page)
            elif tag == _T and node.text:
                lines[-1].append(node.text)
                run = node.getparent()
                if run is not None and run.tag == _R:
                    sz, b = self._run_font(run, style_id)
                    if node.text.strip():
                        if sz is not None:
                            sizes.append(sz)
                        bolds.append(b)
            elif tag == _TAB:
                lines[-1].append("\t")
        size = max(sizes) if sizes else self.styles.size(style_id)
        bold = bool(bolds) and all(bolds)
        align = _para_align(p) or self.styles.align(style_id)
        for parts, page in zip(lines, line_pages, strict=True):
            text = "".join(parts).replace("\u3000", " ").strip()
            if text:
                self.blocks.append((page, RawLine(text=text, size=size, bold=bold, align=align)))
        self.page += self._section_break_after(p)

    def _run_font(self, run, style_id: str | None) -> tuple[float | None, bool]:
        rpr = run.find(_q("rPr"))
        size = None
        bold = None
        if rpr is not None:
            sz = rpr.find(_q("sz"))
            if sz is not None and sz.get(_VAL):
                try:
                    size = int(sz.get(_VAL)) / 2
                except ValueError:
                    size = None
            b = rpr.find(_q("b"))
            if b is not None:
                bold = b.get(_VAL) not in ("0", "false", "off")
        if size is None:
            size = self.styles.size(style_id)
        if bold is None:
            bold = self.styles.bold(style_id)
        return size, bold

    # ---- tables
    def _table(self, tbl) -> None:
        start_page = self.page
        grid_cols = tbl.find(_q("tblGrid"))
        width = len(grid_cols.findall(_q("gridCol"))) if grid_cols is not None else 0
        rows: list[list[RawCell]] = []
        for tr in tbl.findall(_TR):
            if self.use_rendered and tr.find(f".//{_RENDERED}") is not None and (rows or self.blocks):
                self.page += 1
                if not rows:
                    start_page = self.page  # the table starts on a new page
            elif not self.use_rendered:
                self.page += sum(1 for br in tr.iter(_BR) if br.get(_q("type")) == "page")
            row: list[RawCell] = []
            trpr = tr.find(_q("trPr"))
            before = _int_val(trpr, "gridBefore") if trpr is not None else 0
            row.extend(RawCell("", None, self._pg()) for _ in range(before))
            for tc in tr.findall(_TC):
                tcpr = tc.find(_q("tcPr"))
                span = max(1, _int_val(tcpr, "gridSpan") if tcpr is not None else 1)
                vmerge = tcpr.find(_q("vMerge")) if tcpr is not None else None
                continued = vmerge is not None and vmerge.get(_VAL) in (None, "continue")
                text = "" if continued else _cell_text(tc)
                row.append(RawCell(text, None, self._pg()))
                row.extend(RawCell("", None, self._pg()) for _ in range(span - 1))
            width = max(width, len(row))
            rows.append(row)
        rows = [
            r + [RawCell("", None, r[-1].page if r else self._pg()) for _ in range(width - len(r))]
            for r in rows
        ]
        rows = [r for r in rows if any(c.text.strip() for c in r)]
        if rows:
            self.blocks.append((start_page, RawGrid(rows=rows, ruled=True)))

    def _pg(self) -> int:
        return self.page

    # ---- pages
    def pages(self) -> list[RawPage]:
        w, h = self.size
        if self.page_source == "none":
            page = RawPage(number=None, width=w, height=h)
            for _, block in self.blocks:
                page.blocks.append(block)
            _set_pages(page, None)
            page.char_count = _chars(page)
            return [page]
        count = max([pi for pi, _ in self.blocks] + [self.page, 0]) + 1
        out = [RawPage(number=i + 1, width=w, height=h) for i in range(count)]
        for pi, block in self.blocks:
            out[pi].blocks.append(block)
        if self.page_source == "explicit":
            # consecutive explicit breaks (a page break followed by pageBreakBefore or a section
            # break) are not reliable evidence of a printed blank page: keep pages with content
            out = [pg for pg in out if pg.blocks] or out[:1]
            for i, pg in enumerate(out):
                pg.number = i + 1
        # drop a trailing empty page produced by a final section / page break
        while len(out) > 1 and not out[-1].blocks:
            out.pop()
        for pg in out:
            _set_pages(pg, pg.number)
            pg.char_count = _chars(pg)
        return out


def _set_pages(page: RawPage, number: int | None) -> None:
    """Stamp the page number on the page's blocks; a table's cells may run onto later pages."""
    for b in page.blocks:
        if isinstance(b, RawGrid):
            first = b.rows[0][0].page if b.rows and b.rows[0] else None
            for r in b.rows:
                for c in r:
                    if number is None or first is None or c.page is None:
                        c.page = number
                    else:
                        c.page = number + (c.page - first)
        b.page = number


def _chars(page: RawPage) -> int:
    n = 0
    for b in page.blocks:
        if isinstance(b, RawLine):
            n += sum(1 for ch in b.text if not ch.isspace())
        else:
            n += sum(sum(1 for ch in c.text if not ch.isspace()) for r in b.rows for c in r)
    return n


def _block_children(el) -> Iterator:
    """Body-level paragraphs and tables in order, reading through content controls."""
    for child in el.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_q("sdtContent"))
            if content is not None:
                yield from _block_children(content)
        elif child.tag in (_q("customXml"), _q("smartTag")):
            yield from _block_children(child)


def _style_id(p) -> str | None:
    ppr = p.find(_q("pPr"))
    if ppr is not None:
        ps = ppr.find(_q("pStyle"))
        if ps is not None:
            return ps.get(_VAL)
    return None


def _para_align(p) -> Align | None:
    ppr = p.find(_q("pPr"))
    if ppr is not None:
        jc = ppr.find(_q("jc"))
        if jc is not None:
            return _align_name(jc.get(_VAL))
    return None


def _int_val(parent, tag: str) -> int:
    if parent is None:
        return 0
    el = parent.find(_q(tag))
    if el is None:
        return 0
    try:
        return int(el.get(_VAL))
    except (TypeError, ValueError):
        return 0


def _cell_text(tc) -> str:
    """Text of a table cell: its paragraphs joined by line breaks (nested tables included)."""
    paras = []
    for p in tc.iter(_P):
        parts = []
        for node in p.iter():
            if node.tag == _T and node.text:
                parts.append(node.text)
            elif node.tag == _TAB:
                parts.append(" ")
            elif node.tag == _BR and node.get(_q("type")) in (None, "textWrapping"):
                parts.append("\n")
        paras.append("".join(parts))
    return "\n".join(paras).replace("\u3000", " ").strip()


READER = Reader(
    name="docx",
    label="Word 文档",
    suffixes=(".docx",),
    read=lambda path, sha256, hooks: read_docx(path, sha256),
    magic=ZIP_MAGIC,
    encrypted=ENCRYPTED,
)
