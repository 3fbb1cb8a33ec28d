"""Pictures of the source region of a finding (PDF documents), pasted beside it in 检查表."""

from __future__ import annotations

from pathlib import Path

from gouji.io.readers.render import PageRenderer
from gouji.model.document import BBox, Document
from gouji.model.findings import Finding
from gouji.model.index import FindingIndex

MAX_IMAGES = 150  # pictures in 检查表 (errors and warnings first)
NEAR = 120.0  # points: boxes of one finding closer than this share one picture

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
    locs = [loc for loc in f.locations if loc.page and loc.bbox]
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


class Pictures:
    """Renders crops for findings of a PDF document, at most ``limit`` of them.

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

    def renderer(self, path: str) -> PageRenderer | None:
        """The renderer of one file of the document (opened on first use; None if it cannot be)."""
        if path not in self._renderers:
            try:
                self._renderers[path] = PageRenderer(path) if Path(path).is_file() else None
            except Exception:  # an unrenderable PDF must not stop the export
                self._renderers[path] = None
        return self._renderers[path]

    def close(self) -> None:
        for r in self._renderers.values():
            if r is not None:
                r.close()
        self._renderers.clear()
        self.enabled = False

    def crop(self, f: Finding) -> tuple[bytes, int, int] | None:
        """``(png, width, height)`` of the finding's source region, or None."""
        if not self.enabled or self.count >= self.limit:
            return None
        reg = finding_region(f, self.idx, self.extent)
        if reg is None:
            return None
        page, region, hl = reg
        key = (page, *(round(v) for b in (region, *hl) for v in (b.x0, b.top, b.x1, b.bottom)))
        if key in self._cache:
            return self._cache[key]
        path, local = self.doc.source_of(page)
        renderer = self.renderer(path)
        if renderer is None:
            return None
        try:
            c = renderer.region(local, region, highlight=hl)
            res: tuple[bytes, int, int] | None = (c.png, c.width, c.height)
        except Exception:
            self.failed += 1
            res = None
        self._cache[key] = res
        if res is not None:
            self.count += 1
        return res
