"""PDF reader: a disclosure PDF -> :class:`~gouji.io.raw.RawDocument`.

Per page it produces :class:`~gouji.io.raw.RawPage` objects whose blocks, in
reading order, are :class:`~gouji.io.raw.RawGrid` for tables (one list of
:class:`~gouji.io.raw.RawCell` per printed row, one cell per column; wrapped
lines inside a cell joined; merged cells carry their text in the top-left
position and blank cells elsewhere) and :class:`~gouji.io.raw.RawLine` for every
other text line (characters inside a table's box never reappear as lines).

Render flow::

    read_pdf ─ probe (open, count pages, errors) ─ chunks of pages
        └─ worker process (2 by default; the first chunk is read in the calling
           process while the workers start): open PDF once per chunk
              └─ per page: _pdf_objects.extract_page   (PDFium: chars, edges, images)
                           _pdf_layout.layout_page      (tables, lines -> RawPage)
        ─ progress per chunk, ``cancelled()`` polled, ``on_pages`` after the first chunk
        ─ pages without a text layer that are images: OCR (ocr.ocr_pages, ``RawPage.ocr``)
        ─ scan / empty checks -> RawDocument

Documents of up to :data:`SMALL_DOC_PAGES` pages are read in-process (a pool
costs more to start than it saves), holding the process-wide PDFium lock around
PDFium calls; ``GOUJI_PDF_WORKERS`` overrides the worker count (the batch
checker sets it to 1 inside its own worker processes).  Characters and rulings
come from PDFium (about eight times faster than pdfminer); ruled tables are
found by pdfplumber's table finder (lines strategy) fed with those rulings.
Nothing native crosses the process boundary: workers return plain dataclasses.
Every failure the user can cause becomes a :class:`~gouji.io.errors.ReadError`
with a Chinese message and a reason code ("encrypted", "corrupt", "scanned" -
images in which OCR found no text -, "empty"); pages that fail individually are recorded in
``metadata["failed_pages"]``, image-only pages among text pages where OCR found
nothing in ``metadata["image_only_pages"]``, the time OCR took in ``metadata["ocr_seconds"]``.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
import zlib
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable

from gouji.io.children import die_with_parent
from gouji.io.errors import Cancelled, ReadError
from gouji.io.raw import RawDocument, RawPage
from gouji.io.readers.base import CancelCheck, PagesCallback, Progress, Reader
from gouji.io.readers.ocr import MIN_TEXT_CHARS, OCR_MESSAGE, needs_ocr, ocr_pages

log = logging.getLogger(__name__)

#: documents with at most this many pages are read in-process (no pool start-up)
SMALL_DOC_PAGES = 60
FIRST_CHUNK = 8  # pages in the first chunk (shown early through ``on_pages``)
CHUNK = 16  # pages per later chunk
NO_PAGES = "PDF 文件没有页面（0 页）：文件本身完好，但其中没有任何内容。请确认打开的是完整的公开文件。"


def default_workers() -> int:
    """Worker processes to use: ``GOUJI_PDF_WORKERS`` or min(2, CPUs); 1 inside daemons."""
    env = os.environ.get("GOUJI_PDF_WORKERS", "").strip()
    if env.isdigit() and int(env) >= 1:
        return int(env)
    if multiprocessing.current_process().daemon:
        return 1  # daemonic processes may not have children
    return max(1, min(2, os.cpu_count() or 1))


# ---------------------------------------------------------------------------
# opening
# ---------------------------------------------------------------------------


def _pdfium_lock():
    """The process-wide PDFium lock (PDFium is not thread-safe, not even across
    documents): in-process reads share it with the renderer and the GUI."""
    from gouji.io.readers.render import PDFIUM_LOCK

    return PDFIUM_LOCK


def _open(path: str):
    """Open with PDFium, translating failures into :class:`ReadError`."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ReadError(
                "该 PDF 文件已加密（需要打开密码），无法读取。请向发布单位索取未加密的版本，"
                "或在 PDF 软件中输入密码后另存为不加密的文件再打开。",
                "encrypted",
                path,
            ) from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise ReadError(
                "该 PDF 文件使用了不受支持的加密或安全设置，无法读取。请另存为普通 PDF 后再打开。",
                "encrypted",
                path,
            ) from None
        if code == pdfium_c.FPDF_ERR_FILE:
            raise ReadError(f"无法打开文件（文件不存在或无法读取）：{path}", "missing", path) from None
        if is_pageless(path):  # PDFium refuses a valid file of no page (its error code may be stale)
            raise ReadError(NO_PAGES, "empty", path) from None
        raise ReadError(
            "PDF 文件已损坏或不是有效的 PDF 文件，无法打开。请重新下载或向发布单位索取完整的文件。",
            "corrupt",
            path,
        ) from None


def is_pageless(path: str) -> bool:
    """The file is a well-formed PDF whose page tree is empty (``/Count 0``, no ``/Kids``)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    try:
        with open(path, "rb") as f:
            root = resolve1(PDFDocument(PDFParser(f)).catalog.get("Pages"))
            return (
                isinstance(root, dict) and resolve1(root.get("Count")) == 0 and not resolve1(root.get("Kids"))
            )
    except Exception:  # any parser failure: the file is damaged, not empty
        return False


def undecodable_pages(path: str, pages: list[int]) -> list[int]:
    """Those of ``pages`` (1-based) whose Flate-compressed content stream does not unpack.

    PDFium shows such a page as blank without an error; pdfminer hands the raw stream over.
    Pages that cannot be checked (a damaged page tree) are left as they are.
    """
    if not pages:
        return []
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psparser import LIT

    wanted, out = set(pages), []
    try:
        with open(path, "rb") as f:
            for number, page in enumerate(PDFPage.create_pages(PDFDocument(PDFParser(f))), 1):
                if number not in wanted:
                    continue
                for stream in page.contents:
                    filters = stream.get_filters()
                    if filters and filters[0][0] == LIT("FlateDecode"):
                        try:
                            zlib.decompress(stream.get_rawdata() or b"")
                        except zlib.error:
                            out.append(number)
                            break
    except Exception:  # pdfminer cannot walk the file: no page is claimed damaged
        log.debug("content streams of %s could not be checked", path, exc_info=True)
        return []
    return out


def probe(path: str) -> tuple[int, dict[str, str]]:
    """Page count and document metadata; raises :class:`ReadError` for unreadable files."""
    with _pdfium_lock():
        pdf = _open(path)
        try:
            n = len(pdf)
            meta: dict[str, str] = {}
            try:
                for k, v in pdf.get_metadata_dict(skip_empty=True).items():
                    meta[k.lower()] = str(v)
            except Exception:  # metadata is optional
                pass
        finally:
            pdf.close()
    if n <= 0:
        raise ReadError(NO_PAGES, "empty", path)
    meta["page_count"] = str(n)
    return n, meta


# ---------------------------------------------------------------------------
# the worker
# ---------------------------------------------------------------------------


def read_pages(path: str, start: int, stop: int) -> tuple[list[RawPage], list[int]]:
    """Read pages ``start`` .. ``stop - 1`` (0-based); returns the pages and the failed page numbers.

    Opens the PDF once for the chunk and closes it (and every page) before
    returning.  Runs in a worker process, so it returns plain dataclasses only.
    """
    from gouji.io.readers.pdf_layout import layout_page
    from gouji.io.readers.pdf_objects import extract_page

    pages: list[RawPage] = []
    failed: list[int] = []
    lock = _pdfium_lock()
    with lock:
        pdf = _open(path)
    try:
        for i in range(start, stop):
            try:
                with lock:  # PDFium calls only; the layout step runs unlocked
                    objects = extract_page(pdf, i)
                pages.append(layout_page(objects))
            except Exception as exc:  # one damaged page must not lose the document: it is listed
                log.info("page %d of %s could not be read: %s", i + 1, path, exc)
                log.debug("page %d of %s", i + 1, path, exc_info=True)
                failed.append(i + 1)
                pages.append(RawPage(number=i + 1))
    finally:
        with lock:
            pdf.close()
    return pages, failed


def plan_chunks(n: int, first: int = FIRST_CHUNK, size: int = CHUNK) -> list[tuple[int, int]]:
    """Page ranges ``(start, stop)``: a small first chunk, then chunks of ``size``."""
    out: list[tuple[int, int]] = []
    start = 0
    step = max(1, first)
    while start < n:
        stop = min(n, start + step)
        out.append((start, stop))
        start = stop
        step = max(1, size)
    return out


# ---------------------------------------------------------------------------
# the reader
# ---------------------------------------------------------------------------


def read_pdf(
    path: str,
    sha256: str,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    on_pages: PagesCallback | None = None,
    workers: int | None = None,
) -> RawDocument:
    """Read a PDF into the intermediate form.

    Parameters
    ----------
    path, sha256
        The file and its digest (recorded in the result).
    progress
        ``progress(fraction, message)``, called after each chunk of pages and each OCR'd
        page (messages starting with :data:`~gouji.io.readers.ocr.OCR_MESSAGE`); a page
        waiting for OCR counts as not yet read.
    cancelled
        Polled between chunks and OCR'd pages (and while waiting for workers); when it returns
        True the read stops and :class:`~gouji.io.errors.Cancelled` is raised.
    on_pages
        Called once, with the pages of the first chunk, as soon as they are read.
    workers
        Worker processes (default :func:`default_workers`); 1 reads in-process.

    Raises
    ------
    ReadError
        ``encrypted``, ``corrupt``, ``scanned`` or ``empty``, with a Chinese message.
    """
    t0 = time.perf_counter()
    n, meta = probe(path)
    chunks = plan_chunks(n, FIRST_CHUNK, CHUNK)
    nworkers = default_workers() if workers is None else max(1, workers)
    if n <= SMALL_DOC_PAGES or len(chunks) == 1:
        nworkers = 1

    results: dict[int, list[RawPage]] = {}
    failed: list[int] = []
    first_sent = False

    def check_cancel() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled(path)

    def done_chunk(k: int, pages: list[RawPage], bad: list[int]) -> None:
        nonlocal first_sent
        results[k] = pages
        failed.extend(bad)
        read = sum(len(p) for p in results.values())
        if progress is not None:  # a page to be read by OCR is not done until then
            waiting = sum(needs_ocr(p) for ps in results.values() for p in ps)
            progress((read - waiting) / n, f"正在读取 PDF：{read}/{n} 页")
        if on_pages is not None and not first_sent and 0 in results:
            first_sent = True
            prefix: list[RawPage] = []
            for j in range(len(chunks)):
                if j not in results:
                    break
                prefix.extend(results[j])
            try:
                on_pages(
                    RawDocument(path=path, sha256=sha256, format="pdf", pages=prefix, metadata=dict(meta))
                )
            except Cancelled:
                raise
            except Exception:  # the preview is optional; the full read goes on
                log.exception("on_pages callback failed")

    check_cancel()
    if progress is not None:
        progress(0.0, f"正在读取 PDF（共 {n} 页）")
    if nworkers == 1:
        for k, (a, b) in enumerate(chunks):
            check_cancel()
            pages, bad = read_pages(path, a, b)
            done_chunk(k, pages, bad)
    else:
        try:
            _read_pooled(path, chunks, nworkers, check_cancel, done_chunk)
        except BrokenProcessPool:
            # the pool could not start or a worker died: read what is missing here
            log.warning("PDF worker pool failed; reading %s in-process", path)
            for k, (a, b) in enumerate(chunks):
                if k not in results:
                    check_cancel()
                    pages, bad = read_pages(path, a, b)
                    done_chunk(k, pages, bad)

    pages = [p for k in sorted(results) for p in results[k]]
    empty = [p.number for p in pages if p.char_count == 0 and p.number is not None and p.number not in failed]
    failed.extend(undecodable_pages(path, empty))  # a page "blank" because its content does not unpack
    pages = _ocr_scanned(path, pages, failed, meta, progress, cancelled)
    if failed:
        meta["failed_pages"] = ",".join(str(p) for p in sorted(failed))
        if len(failed) == n:
            raise ReadError(
                "PDF 文件已损坏：所有页面都无法读取。请重新下载或向发布单位索取完整的文件。", "corrupt", path
            )
    check_text_layer(pages, path, meta)
    meta["read_seconds"] = f"{time.perf_counter() - t0:.2f}"
    return RawDocument(path=path, sha256=sha256, format="pdf", pages=pages, metadata=meta)


def _read_pooled(
    path: str,
    chunks: list[tuple[int, int]],
    nworkers: int,
    check_cancel: Callable[[], None],
    done_chunk: Callable[[int, list[RawPage], list[int]], None],
) -> None:
    """Read the chunks in a process pool, reporting each as it completes (in any order).

    The first chunk is read here while the workers start up (starting a
    "spawn" worker takes longer than reading a few pages), so the preview comes
    early and the start-up time is not lost.
    """
    # "spawn" everywhere: the same start method as on Windows, and safe when the
    # caller (the GUI) runs threads, which "fork" is not.
    ctx = multiprocessing.get_context("spawn")
    # the workers end with this process, even when it is killed; the pool lives within this call, so
    # the thread that starts them does not end before them (on Linux they die with it as well)
    pool = ProcessPoolExecutor(
        max_workers=min(nworkers, len(chunks) - 1),
        mp_context=ctx,
        initializer=die_with_parent,
        initargs=(True,),
    )
    try:
        futures: dict[Future, int] = {
            pool.submit(read_pages, path, a, b): k for k, (a, b) in enumerate(chunks) if k > 0
        }
        check_cancel()
        a, b = chunks[0]
        done_chunk(0, *read_pages(path, a, b))
        pending = set(futures)
        while pending:
            check_cancel()
            finished, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for f in sorted(finished, key=lambda f: futures[f]):
                check_cancel()
                done_chunk(futures[f], *f.result())
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _ocr_scanned(
    path: str,
    pages: list[RawPage],
    failed: list[int],
    meta: dict[str, str],
    progress: Progress | None,
    cancelled: CancelCheck | None,
) -> list[RawPage]:
    """The pages with ``pages`` that have no text layer (scanned) read by OCR instead."""
    todo = [p.number for p in pages if p.number is not None and p.number not in failed and needs_ocr(p)]
    if not todo:
        return pages
    t0 = time.perf_counter()
    n = len(pages)

    def report(done: int, total: int) -> None:
        if progress is not None:
            progress((n - total + done) / n, f"{OCR_MESSAGE}：第 {done}/{total} 页")

    if progress is not None:
        progress((n - len(todo)) / n, f"{OCR_MESSAGE}：共 {len(todo)} 页")
    read = ocr_pages(path, todo, report, cancelled)
    meta["ocr_seconds"] = f"{time.perf_counter() - t0:.2f}"
    return [read.get(p.number, p) if p.number is not None else p for p in pages]


def check_text_layer(pages: list[RawPage], path: str, meta: dict[str, str]) -> None:
    """Refuse scans OCR could not read; record image-only pages of a text PDF.

    Runs after OCR (:func:`_ocr_scanned`), so an image-only page here is one where
    the recogniser found no text.  A page has text when it carries at least
    :data:`MIN_TEXT_CHARS` printable characters (its own or recognised).  With no text page at all the file is a scan (images present)
    or empty; a document of three or more pages whose text pages are at most a
    tenth while at least half its pages are images is a scan with a typed cover.
    Otherwise image-only pages are listed in ``meta["image_only_pages"]``.
    """
    n = len(pages)
    text_pages = [p for p in pages if p.char_count >= MIN_TEXT_CHARS]
    image_pages = [p for p in pages if needs_ocr(p)]
    scanned_msg = (
        f"该 PDF 是扫描件（{len(image_pages)}/{n} 页为图片，没有可复制的文字层），"
        "文字识别（OCR）也未能从图片中识别出文字，无法读取表格和文字。"
        "请向发布单位索取可复制文字的 PDF 版本，或更清晰的扫描件。"
    )
    if not text_pages:
        if meta.get("failed_pages"):  # the rest without text: the damage is the news
            raise ReadError(
                f"PDF 文件已损坏：第 {meta['failed_pages'].replace(',', '、')} 页无法读取，其余页面没有可读取的文字。"
                "请重新下载或向发布单位索取完整的文件。",
                "corrupt",
                path,
            )
        if image_pages:
            raise ReadError(scanned_msg, "scanned", path)
        raise ReadError(
            "PDF 文件中没有任何可读取的文字（空白文档，或文字已转为曲线、字体已损坏）。", "empty", path
        )
    if n >= 3 and len(text_pages) <= max(1, n // 10) and len(image_pages) * 2 >= n:
        raise ReadError(scanned_msg, "scanned", path)
    if image_pages:
        meta["image_only_pages"] = ",".join(str(p.number) for p in image_pages)


READER = Reader(
    name="pdf",
    label="PDF 文件",
    suffixes=(".pdf",),
    read=lambda path, sha256, hooks: read_pdf(path, sha256, hooks.progress, hooks.cancelled, hooks.on_pages),
    magic=b"%PDF",
)
