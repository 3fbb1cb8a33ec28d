"""Pictures of the source region of a finding (PDF documents), pasted beside it in 检查表.

A picture must be legible when pasted at its display size (about the printed size, 4/3 px per
point): a table finding shows the table's header band above the failing row, and only the
columns that matter (code and name, and the columns of the highlighted cells) when the table is
too wide to show whole; a text finding shows its lines.  Pages are rendered at
:data:`RENDER_SCALE` so that the PNG stays sharp in the sheet.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from gouji.io.readers.render import PageRenderer
from gouji.model.document import BBox, Document
from gouji.model.findings import Finding
from gouji.model.index import FindingIndex

MAX_IMAGES = 150  # pictures in 检查表 (errors and warnings first)
NEAR = 120.0  # points: boxes of one finding closer than this share one picture
RENDER_SCALE = 2.0  # px per point of the rendered page
DISPLAY_SCALE = 4 / 3  # px per point in the sheet: text at its printed size
MAX_DISPLAY_WIDTH = 620  # px: the 检查表 picture column
HEADER_BAND = 64.0  # points: at most this much of the table above its first row on the page
COLUMN_PAD = 36.0  # points kept either side of a highlighted cell
PAD = 6.0  # points around a crop
TEXT_PAD = 3.0  # points above and below the lines of a text crop
GAP = 8  # px between the pieces of a cut picture
HIGHLIGHT = (220, 30, 30)

Extents = dict[tuple[str, int], tuple[float, float]]


def table_extents(doc: Document) -> Extents:
    """The horizontal extent ``(x0, x1)`` of each table on each page (to widen crops to whole rows)."""
    extent: Extents = {}
    for t in doc.tables:
        for r in t.rows:
            boxes = [(r.page, r.bbox)] + [(c.page or r.page, c.bbox) for c in r.cells]
            for page, b in boxes:
                if page is None or b is None:
                    continue
                x0, x1 = extent.get((t.id, page), (b.x0, b.x1))
                extent[(t.id, page)] = (min(x0, b.x0), max(x1, b.x1))
    return extent


def finding_region(f: Finding, idx: FindingIndex, extent: Extents) -> tuple[int, BBox, list[BBox]] | None:
    """(page, crop box, highlight boxes) for a finding, or None without geometry.

    The crop covers the finding's boxes on its first page; for table cells it
    widens to the whole printed row so that the code and name are visible.
    """
    # (a location in another document, ``loc.document``, is not on this document's pages)
    locs = [loc for loc in f.locations if loc.page and loc.bbox and loc.document is None]
    if not locs:
        return None
    page = locs[0].page
    region = locs[0].bbox
    assert page is not None and region is not None
    # other boxes on the same page join the crop only when they are close by
    # (a sentence and the table it quotes may be far apart: the crop shows the first)
    on_page = [locs[0]]
    for loc in locs[1:]:
        b = loc.bbox
        assert b is not None
        if loc.page == page and b.top < region.bottom + NEAR and b.bottom > region.top - NEAR:
            region = region.union(b)
            on_page.append(loc)
    highlight = [loc.bbox for loc in on_page if loc.bbox is not None]
    for loc in on_page:
        if loc.table and loc.row is not None:
            row = idx.table_row(loc.table, loc.row)
            if row is not None and row.bbox is not None and row.page in (None, page):
                region = region.union(row.bbox)
        if loc.table:
            ext = extent.get((loc.table, page))
            if ext is not None:
                region = region.union(BBox(x0=ext[0], top=region.top, x1=ext[1], bottom=region.bottom))
    return page, region, highlight


@dataclass(frozen=True)
class Layout:
    """What a picture shows of one page: vertical bands (header, rows) × horizontal spans (columns)."""

    page: int
    bands: tuple[tuple[float, float], ...]
    spans: tuple[tuple[float, float], ...]
    highlight: tuple[BBox, ...]


def _merge(ranges: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1] + gap:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


class TableGeometry:
    """Per table and page: the top of its first row, its name column's right edge, its title."""

    def __init__(self, doc: Document):
        self.first_top: dict[tuple[str, int], float] = {}
        self.name_right: dict[tuple[str, int], float] = {}
        self.title_bottom: dict[tuple[str, int], float] = {}
        for t in doc.tables:
            if t.title_bbox is not None and t.pages:
                self.title_bottom[(t.id, t.pages[0])] = t.title_bbox.bottom
            for r in t.rows:
                if r.page is None or r.bbox is None:
                    continue
                key = (t.id, r.page)
                self.first_top[key] = min(self.first_top.get(key, r.bbox.top), r.bbox.top)
                if r.name_bbox is not None:
                    self.name_right[key] = max(self.name_right.get(key, 0.0), r.name_bbox.x1)

    def header_band(self, key: tuple[str, int], row_top: float) -> tuple[float, float] | None:
        """The header band ``(top, bottom)`` above a row whose top is ``row_top`` in table and page ``key``.

        It is the part of the table above its first row on that page: at most :data:`HEADER_BAND`
        points, never above the title.  None when the page has no row of the table or ``row_top``
        lies above the first row (a heading cell).  ``top`` may reach ``bottom`` when the title
        sits right on the first row.
        """
        first = self.first_top.get(key)
        if first is None or first > row_top + 1:
            return None
        return max(first - HEADER_BAND, self.title_bottom.get(key, first - HEADER_BAND) + 1), first


def layout(f: Finding, idx: FindingIndex, extent: Extents, geo: TableGeometry) -> Layout | None:
    """The bands and spans of a finding's picture (None without geometry)."""
    reg = finding_region(f, idx, extent)
    if reg is None:
        return None
    page, region, hl = reg
    table = next((loc.table for loc in f.locations if loc.table and loc.page == page), None)
    bands = [(region.top - PAD, region.bottom + PAD)]
    spans = [(region.x0 - PAD, region.x1 + PAD)]
    if table is None:  # text: its lines only (the next line's top must not show)
        return Layout(page, ((region.top - TEXT_PAD, region.bottom + TEXT_PAD),), tuple(spans), tuple(hl))
    key = (table, page)
    header = geo.header_band(key, region.top)
    if header is not None:
        bands = _merge([header, (region.top - PAD, region.bottom + PAD)], 2 * PAD)
    x0, x1 = region.x0, region.x1
    wanted = [(x0, geo.name_right.get(key, x0) + PAD)] + [
        (max(x0, b.x0 - COLUMN_PAD), min(x1, b.x1 + COLUMN_PAD)) for b in hl
    ]
    cut = _merge(wanted, COLUMN_PAD)
    if (x1 - x0) * DISPLAY_SCALE > MAX_DISPLAY_WIDTH and sum(b - a for a, b in cut) < 0.8 * (x1 - x0):
        spans = [(a - PAD, b + PAD) for a, b in cut]
    return Layout(page, tuple(bands), tuple(spans), tuple(hl))


def compose(page_image: Image.Image, scale: float, lay: Layout) -> Image.Image:
    """The picture of ``lay`` cut from a page rendered at ``scale``: pieces joined with a small gap."""
    w, h = page_image.size

    def px(v: float, limit: int) -> int:
        return max(0, min(limit, int(round(v * scale))))

    draw_page = page_image.copy()
    d = ImageDraw.Draw(draw_page)
    for b in lay.highlight:
        d.rectangle(
            (px(b.x0 - 2, w), px(b.top - 2, h), px(b.x1 + 2, w), px(b.bottom + 2, h)),
            outline=HIGHLIGHT,
            width=max(2, int(scale)),
        )
    cols = [(px(a, w), px(b, w)) for a, b in lay.spans if px(b, w) > px(a, w)]
    rows = [(px(a, h), px(b, h)) for a, b in lay.bands if px(b, h) > px(a, h)]
    if not cols or not rows:
        raise ValueError("empty region")
    out_w = sum(b - a for a, b in cols) + GAP * (len(cols) - 1)
    out_h = sum(b - a for a, b in rows) + GAP * (len(rows) - 1)
    out = Image.new("RGB", (out_w, out_h), (235, 235, 235))
    y = 0
    for top, bottom in rows:
        x = 0
        for left, right in cols:
            out.paste(draw_page.crop((left, top, right, bottom)), (x, y))
            x += right - left + GAP
        y += bottom - top + GAP
    return out


def png_bytes(img: Image.Image) -> bytes:
    # printed pages are a few greys plus the red outline: a small palette keeps the file small
    buf = io.BytesIO()
    img.quantize(colors=32, method=Image.Quantize.MEDIANCUT).save(buf, format="PNG", compress_level=6)
    return buf.getvalue()


class Pictures:
    """Renders pictures for findings of a PDF document, at most ``limit`` of them.

    :meth:`crop` gives ``(png, display width, display height)``: the size at which the picture
    shows its text at about the printed size (narrower when the sheet's column is narrower).
    A disclosure of several files renders each page from its own file
    (:meth:`~gouji.model.document.Document.source_of`); a file that cannot be
    opened gives no pictures of its pages, never a failed export.
    """

    def __init__(self, doc: Document, idx: FindingIndex, enabled: bool, limit: int = MAX_IMAGES):
        self.doc = doc
        self.idx = idx
        self.limit = limit
        self.count = 0
        self.failed = 0
        self._cache: dict[tuple, tuple[bytes, int, int] | None] = {}
        self._renderers: dict[str, PageRenderer | None] = {}
        files = [s.path for s in doc.sources] or [doc.path]
        self.enabled = enabled and doc.format == "pdf" and any(Path(p).is_file() for p in files)
        self.extent = table_extents(doc) if self.enabled else {}
        self.geometry = TableGeometry(doc) if self.enabled else None

    def renderer(self, path: str) -> PageRenderer | None:
        """The renderer of one file of the document (opened on first use; None if it cannot be)."""
        if path not in self._renderers:
            try:
                ok = Path(path).is_file()
                self._renderers[path] = PageRenderer(path, scale=RENDER_SCALE) if ok else None
            except Exception:  # an unrenderable PDF must not stop the export
                self._renderers[path] = None
        return self._renderers[path]

    def close(self) -> None:
        for r in self._renderers.values():
            if r is not None:
                r.close()
        self._renderers.clear()
        self.enabled = False

    def layout(self, f: Finding) -> Layout | None:
        if self.geometry is None:
            return None
        return layout(f, self.idx, self.extent, self.geometry)

    def crop(self, f: Finding) -> tuple[bytes, int, int] | None:
        """``(png, display width, display height)`` of the finding's source region, or None."""
        if not self.enabled or self.count >= self.limit:
            return None
        lay = self.layout(f)
        if lay is None:
            return None
        key = (lay.page, lay.bands, lay.spans, tuple((b.x0, b.top, b.x1, b.bottom) for b in lay.highlight))
        if key in self._cache:
            return self._cache[key]
        path, local = self.doc.source_of(lay.page)
        renderer = self.renderer(path)
        if renderer is None:
            return None
        try:
            img = compose(renderer.page_image(local), renderer.scale, lay)
            k = min(DISPLAY_SCALE / renderer.scale, MAX_DISPLAY_WIDTH / img.width)
            res: tuple[bytes, int, int] | None = (
                png_bytes(img),
                max(1, int(img.width * k)),
                max(1, int(img.height * k)),
            )
        except Exception:
            self.failed += 1
            res = None
        self._cache[key] = res
        if res is not None:
            self.count += 1
        return res
