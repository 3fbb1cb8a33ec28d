"""Scanned pages: read a page that is only an image with OCR, offline.

The engine is RapidOCR (``rapidocr_onnxruntime``: PaddleOCR's PP-OCRv4 Chinese
detection and recognition models, shipped inside the wheel) on ONNX Runtime,
CPU only; nothing is downloaded at run time.  A page needs OCR when it has no
text layer and images cover much of it (:func:`needs_ocr`, the same test the
PDF reader uses for scans).  Per page::

    render with PDFium at :data:`SCALE` ─ RapidOCR (text lines, characters, confidences)
      ─ ocr_grid.chars_from_ocr (characters in PDF points) + ocr_grid.rulings (lines in the image)
      ─ pdf_layout.layout_page (the text path's tables, lines, titles)
      ─ ocr_grid.finish_cells (each cell: the lowest confidence of its characters)

so an OCR page is a :class:`~gouji.io.raw.RawPage` like any other (``ocr=True``),
with coordinates in points, top-left origin, as pdfplumber / the text path give.

Several pages are recognised by a pool of the PDF reader's worker count
(:func:`ocr_workers`: 2 on two cores; spawned, ending with their parent), each
worker running the engine single-threaded; one page, or inside a batch worker
(``GOUJI_PDF_WORKERS=1``), in the calling process with ONNX Runtime's threads,
and the engine is released afterwards.  Measured on two cores
(``tests/benchmarks/ocr_bench.py``, the 8-page scan, idle machine): the pool
3.5 s/page with 1.25 GB peak per worker, in-process 3.9 s/page with 1.2 GB; the
pool also gives the memory back when it ends.
"""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, Callable

from gouji.io.children import die_with_parent
from gouji.io.errors import Cancelled
from gouji.io.raw import RawPage
from gouji.io.readers.base import CancelCheck

log = logging.getLogger(__name__)

OcrProgress = Callable[[int, int], None]  # (pages done, pages to do)

#: render scale (pixels per point): 3 gives 216 dpi; at 144 dpi the recogniser misreads small
#: digits of a 300-dpi scan (9 read as 6, with full confidence), at 216 dpi it reads them
SCALE = 3.0
#: a page with fewer printable characters has no text layer (as in the PDF reader)
MIN_TEXT_CHARS = 10
#: ... and is a scan when images cover at least this share of it
SCAN_IMAGE_AREA = 0.3
#: the start of every OCR progress message (the CLI recognises OCR progress by it)
OCR_MESSAGE = "正在识别扫描页（OCR）"

_engine: Any = None


def needs_ocr(page: RawPage) -> bool:
    """The page has no text layer and is mostly an image: read it with OCR."""
    return page.char_count < MIN_TEXT_CHARS and page.image_area >= SCAN_IMAGE_AREA


def engine(threads: int = 0) -> Any:
    """This process's RapidOCR engine (created once; ``threads`` 0: ONNX Runtime's default)."""
    global _engine
    if _engine is None:
        from rapidocr_onnxruntime import RapidOCR

        # max_side_len: never shrink the rendered page (small digits); detecting the lines on a
        # smaller image saves memory but moves the crops enough to misread small digits
        opts: dict[str, Any] = {"max_side_len": 10000}
        if threads > 0:
            opts["intra_op_num_threads"] = threads
        _engine = RapidOCR(**opts)
    return _engine


def ocr_page(path: str, number: int, threads: int = 0) -> RawPage:
    """Read page ``number`` (1-based) of the PDF at ``path`` with OCR.

    Returns a :class:`RawPage` with ``ocr=True``: tables as grids whose cells carry
    the recognition confidence, the rest as lines.  A page where nothing is
    recognised is an empty page (``char_count`` 0).
    """
    from gouji.io.readers.ocr_grid import chars_from_ocr, finish_cells, off_the_rulings, quad_box, rulings
    from gouji.io.readers.pdf import _open, _pdfium_lock
    from gouji.io.readers.pdf_layout import layout_page
    from gouji.io.readers.pdf_objects import PageObjects, extract_graphics, page_transform

    with _pdfium_lock():
        pdf = _open(path)
        try:
            page = pdf[number - 1]
            try:
                tf, width, height = page_transform(page)
                _, image_area = extract_graphics(page, tf, width, height)
                bitmap = page.render(scale=SCALE, grayscale=False)
                image = bitmap.to_numpy()  # BGR(A), rows top to bottom, as OpenCV expects
                if image.ndim == 3 and image.shape[2] == 4:
                    image = image[:, :, :3]
                image = image.copy()  # out of the bitmap's buffer (closed now), in one copy
                bitmap.close()
            finally:
                page.close()
        finally:
            pdf.close()
    # use_cls=False: the direction classifier turns short crops upside down ("99" read "66" at confidence
    # 1.0); disclosure pages are printed upright (a page rotation is applied when the page is rendered)
    results, _ = engine(threads)(image, use_cls=False, return_word_box=True)
    ocr_chars = chars_from_ocr(results or [], SCALE)
    text_boxes = [quad_box(r[0], SCALE) for r in results or []]
    edges = rulings(image, SCALE, text_boxes)
    ocr_chars = off_the_rulings(ocr_chars, edges)
    objects = PageObjects(number, width, height, [oc.char for oc in ocr_chars], edges, image_area)
    raw = layout_page(objects)
    finish_cells(raw, ocr_chars)
    raw.ocr = True
    return raw


def _ocr_worker(path: str, number: int) -> RawPage:
    return ocr_page(path, number, threads=1)


def ocr_workers(pages: int) -> int:
    """Processes for ``pages`` pages: the PDF reader's worker count (``GOUJI_PDF_WORKERS`` or
    min(2, CPUs); 1 inside a daemonic process), never more than the pages."""
    from gouji.io.readers.pdf import default_workers

    return max(1, min(pages, default_workers()))


def ocr_pages(
    path: str,
    numbers: list[int],
    progress: OcrProgress | None = None,
    cancelled: CancelCheck | None = None,
    workers: int | None = None,
) -> dict[int, RawPage]:
    """OCR the pages ``numbers`` (1-based) of a PDF; the pages by number (a page the
    engine failed on is left out and logged).

    ``progress(done, total)`` is called after every page, ``cancelled()`` polled
    between pages (and while waiting for workers): when it returns True the
    workers are stopped and :class:`Cancelled` is raised.
    """
    total = len(numbers)
    out: dict[int, RawPage] = {}

    def check_cancel() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled(path)

    count = 0

    def done(number: int, read: Callable[[], RawPage]) -> None:
        nonlocal count
        try:
            out[number] = read()
        except (Cancelled, KeyboardInterrupt, BrokenProcessPool):
            raise
        except Exception:  # one page the engine fails on must not lose the document: it stays an image
            log.exception("OCR of page %d of %s failed", number, path)
        count += 1
        if progress is not None:
            progress(count, total)

    n = ocr_workers(total) if workers is None else max(1, min(workers, total))
    if n > 1:
        try:
            _pooled(path, numbers, n, check_cancel, done)
        except BrokenProcessPool:  # the pool could not start or a worker died: the rest here
            log.warning("OCR worker pool failed; reading %s in-process", path)
    try:
        for number in numbers:
            if number not in out:
                check_cancel()
                done(number, partial(ocr_page, path, number))
    finally:
        release_engine()  # about 1 GB: not kept in a long-lived process (the workbench) between files
    return out


def release_engine() -> None:
    """Drop this process's engine (its ONNX Runtime sessions and their memory)."""
    global _engine
    _engine = None


def _pooled(
    path: str,
    numbers: list[int],
    n: int,
    check_cancel: Callable[[], None],
    done: Callable[[int, Callable[[], RawPage]], None],
) -> None:
    """OCR the pages in ``n`` worker processes, reporting each as it completes."""
    ctx = multiprocessing.get_context("spawn")  # as the PDF reader: safe with the GUI's threads
    pool = ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=die_with_parent, initargs=(True,))
    try:
        futures: dict[Future, int] = {pool.submit(_ocr_worker, path, k): k for k in numbers}
        pending = set(futures)
        while pending:
            check_cancel()
            finished, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for f in sorted(finished, key=lambda f: futures[f]):
                done(futures[f], f.result)
    except BaseException:
        # a page may take seconds: stop the workers now; the pool's own thread sees them end,
        # reaps them and ends (joining them here as well would race with it)
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
