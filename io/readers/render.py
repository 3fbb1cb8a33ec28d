"""Render regions of PDF pages to PNG with pypdfium2 (no Qt).

Used by the Excel export to paste a "screenshot" of the source region next to
each problem, the way reviewers do by hand.  Coordinates are PDF points with a
top-left origin (pdfplumber's convention, as in :class:`gouji.model.document.BBox`);
the conversion to pixels happens in one place, :meth:`PageRenderer._to_px`.

Rendering a page is the expensive step (tens of milliseconds), so a
:class:`PageRenderer` keeps the last few rendered pages and crops many regions
from one bitmap.  Use it as a context manager so the PDF is closed.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from PIL import Image, ImageDraw

from gouji.model.document import BBox

# PDFium is not thread-safe, not even across different documents: every pdfium
# call in this process (this renderer, the GUI page view, in-process PDF reads)
# should hold this lock.  Worker *processes* have their own copy.
PDFIUM_LOCK = threading.RLock()

DEFAULT_SCALE = 1.6  # 1 pt → 1.6 px (≈115 dpi): legible Chinese at 9-10 pt, small files
HIGHLIGHT = (220, 30, 30)


@dataclass(frozen=True)
class Crop:
    """A rendered region: PNG bytes plus its pixel size."""

    png: bytes
    width: int
    height: int


class PageRenderer:
    """Render and crop regions of one PDF.

    Parameters
    ----------
    path
        The PDF file.
    scale
        Pixels per PDF point.
    cache_pages
        How many rendered page bitmaps to keep.
    """

    def __init__(self, path: str | Path, scale: float = DEFAULT_SCALE, cache_pages: int = 4):
        import pypdfium2 as pdfium

        self.path = Path(path)
        self.scale = scale
        with PDFIUM_LOCK:
            self._pdf = pdfium.PdfDocument(str(self.path))
        self._cache: OrderedDict[int, Image.Image] = OrderedDict()
        self._cache_pages = max(1, cache_pages)

    # --- context manager -------------------------------------------------
    def __enter__(self) -> "PageRenderer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._cache.clear()
        if self._pdf is not None:
            with PDFIUM_LOCK:
                self._pdf.close()
            self._pdf = None

    # --- rendering -------------------------------------------------------
    @property
    def page_count(self) -> int:
        if self._pdf is None:
            return 0
        with PDFIUM_LOCK:
            return len(self._pdf)

    def page_size(self, page: int) -> tuple[float, float]:
        """(width, height) in points of a 1-based page."""
        with PDFIUM_LOCK:
            pg = self._pdf[page - 1]
            try:
                w, h = pg.get_size()
            finally:
                pg.close()
        return float(w), float(h)

    def page_image(self, page: int) -> Image.Image:
        """The whole 1-based page as an RGB image at ``self.scale`` (cached)."""
        img = self._cache.get(page)
        if img is not None:
            self._cache.move_to_end(page)
            return img
        if not 1 <= page <= self.page_count:
            raise ValueError(f"page {page} out of range 1..{self.page_count}")
        with PDFIUM_LOCK:
            pg = self._pdf[page - 1]
            try:
                bitmap = pg.render(scale=self.scale)
                img = bitmap.to_pil().convert("RGB")  # a copy: safe after the bitmap is freed
                bitmap.close()
            finally:
                pg.close()
        self._cache[page] = img
        while len(self._cache) > self._cache_pages:
            self._cache.popitem(last=False)
        return img

    def _to_px(self, v: float) -> int:
        return int(round(v * self.scale))

    def region(
        self,
        page: int,
        bbox: BBox,
        *,
        highlight: Iterable[BBox] = (),
        pad_x: float = 24.0,
        pad_y: float = 18.0,
        min_height: float = 48.0,
        max_height: float = 260.0,
        max_width_px: int = 900,
        colors: int | None = 32,
    ) -> Crop:
        """Crop ``bbox`` (padded) from a page, outline ``highlight`` boxes in red.

        The crop is clamped to the page, at least ``min_height`` points tall
        and at most ``max_height`` (centred on the bbox), and downscaled to at
        most ``max_width_px`` pixels wide; with ``colors`` the PNG is saved with
        a palette of that many colours (None keeps full RGB).
        """
        pw, ph = self.page_size(page)
        x0 = max(0.0, bbox.x0 - pad_x)
        x1 = min(pw, bbox.x1 + pad_x)
        top = bbox.top - pad_y
        bottom = bbox.bottom + pad_y
        if bottom - top < min_height:
            mid = (top + bottom) / 2
            top, bottom = mid - min_height / 2, mid + min_height / 2
        if bottom - top > max_height:
            mid = (bbox.top + bbox.bottom) / 2
            top, bottom = mid - max_height / 2, mid + max_height / 2
        top, bottom = max(0.0, top), min(ph, bottom)
        if x1 - x0 < 8 or bottom - top < 8:
            raise ValueError("empty region")
        img = self.page_image(page)
        box = (self._to_px(x0), self._to_px(top), self._to_px(x1), self._to_px(bottom))
        crop = img.crop(box)
        draw = ImageDraw.Draw(crop)
        for hb in highlight:
            rx0 = self._to_px(hb.x0 - 2) - box[0]
            ry0 = self._to_px(hb.top - 2) - box[1]
            rx1 = self._to_px(hb.x1 + 2) - box[0]
            ry1 = self._to_px(hb.bottom + 2) - box[1]
            if rx1 <= 0 or ry1 <= 0 or rx0 >= crop.width or ry0 >= crop.height:
                continue
            draw.rectangle((rx0, ry0, rx1, ry1), outline=HIGHLIGHT, width=2)
        if crop.width > max_width_px:
            h = max(1, int(crop.height * max_width_px / crop.width))
            crop = crop.resize((max_width_px, h), Image.Resampling.LANCZOS)
        if colors:
            # printed pages are a few greys plus the red outline: a small palette is
            # visually lossless and makes the PNG about five times smaller
            crop = crop.quantize(colors=colors, method=Image.Quantize.MEDIANCUT)
        buf = io.BytesIO()
        crop.save(buf, format="PNG", optimize=False, compress_level=6)
        return Crop(buf.getvalue(), crop.width, crop.height)


def render_region(
    path: str | Path, page: int, bbox: BBox, scale: float = DEFAULT_SCALE, **kw: object
) -> Crop:
    """One-off crop of a region of a PDF page (opens and closes the file)."""
    with PageRenderer(path, scale=scale, cache_pages=1) as r:
        return r.region(page, bbox, **kw)  # type: ignore[arg-type]
