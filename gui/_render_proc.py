"""Page rendering in a helper process (Qt-free).

PDFium is not thread-safe: no two threads of one process may call it at the
same time, not even on different documents.  The PDF reader uses PDFium in
the process that parses (for small files in the parsing thread itself) and
the Excel export renders crops in its worker thread, so the page view must not
call PDFium from yet another thread.  It renders in a single helper process
instead: :func:`render_page` runs there, keeps the last few documents open
(a disclosure of two files shows pages of both), and returns the raw BGRx
pixels, which the GUI wraps in a ``QImage``.

The helper is one ``spawn`` process shared by every window (:func:`executor`),
started on the first render and stopped at exit (:func:`shutdown`).  It watches
its parent (:func:`gouji.io.children.die_with_parent`) and ends as soon as the
workbench is gone, even when the workbench was killed and never ran its exit
handlers.
"""

from __future__ import annotations

import atexit
import multiprocessing
import threading
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from gouji.io.children import die_with_parent

OPEN_FILES = 4  # PDF documents the helper keeps open (the files of one disclosure, and the one before)
_open: OrderedDict[str, object] = OrderedDict()  # in the helper: path -> PdfDocument, least recent first


@dataclass(frozen=True)
class Bitmap:
    """Raw pixels of a rendered page: 4 bytes per pixel (BGRx) or 3 (BGR)."""

    width: int
    height: int
    stride: int
    channels: int
    data: bytes


def render_page(path: str, page_number: int, pixels_per_point: float) -> Bitmap:
    """Render a 1-based page of ``path`` (runs in the helper process)."""
    import pypdfium2 as pdfium

    pdf = _open.get(path)
    if pdf is None:
        while len(_open) >= OPEN_FILES:
            _open.popitem(last=False)[1].close()  # type: ignore[attr-defined]
        pdf = pdfium.PdfDocument(path)
        _open[path] = pdf
    _open.move_to_end(path)
    page = pdf[page_number - 1]  # type: ignore[index]
    try:
        bitmap = page.render(scale=pixels_per_point, prefer_bgrx=True)
        try:
            return Bitmap(bitmap.width, bitmap.height, bitmap.stride, bitmap.n_channels, bytes(bitmap.buffer))
        finally:
            bitmap.close()
    finally:
        page.close()


_lock = threading.Lock()
_executor: ProcessPoolExecutor | None = None


def executor() -> ProcessPoolExecutor:
    """The shared helper (one process, started on first use; replaced if it died)."""
    global _executor
    with _lock:
        if _executor is None or getattr(_executor, "_broken", False):
            _executor = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=die_with_parent,
                # the helper starts in this thread (on the first submit): tie it to the process only
                # when this thread lives as long as the process
                initargs=(threading.current_thread() is threading.main_thread(),),
            )
        return _executor


def shutdown() -> None:
    """Stop the helper process (pending renders are dropped)."""
    global _executor
    with _lock:
        ex, _executor = _executor, None
    if ex is not None:
        ex.shutdown(wait=False, cancel_futures=True)


atexit.register(shutdown)
