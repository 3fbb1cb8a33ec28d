"""人工审核模式: a PDF whose text cannot be read (a scan OCR found no text in) reviewed by hand.

:func:`manual_review` gives what :func:`gouji.io.pipeline.review_many` gives for a readable file —
the document, its findings and the saved review — for files the reader refused as scans
(:func:`falls_back`) or that the reviewer chose to review by hand: a document of pages only (sizes
as the reader reports them, rotation applied; no tables, sections or sentences), no rule findings
(the tool verified nothing, so it reports nothing), and the saved review found as for any document.
The reviewer draws findings on the pages (``gui/region_draw.py``); the 检查表 marks every row the
tool could not verify 待人工核对 (:func:`gouji.io.export.checklist.is_scan`) and the rows with a
confirmed finding 否.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from gouji.io.errors import Cancelled, ReadError
from gouji.io.pipeline import Reviewed, combined_sha256, sha256_of
from gouji.io.readers.base import CancelCheck, Progress
from gouji.io.readers.registry import detect
from gouji.model.document import Document, SourceFile
from gouji.model.review import default_review_folder, find_review, review_candidates

#: the document's note in 人工审核模式 (shown by the workbench, kept in ``Document.warnings``)
MANUAL_NOTE = (
    "人工审核模式：未能识别文件中的文字（可能为扫描件），表格和说明未经自动检查。"
    "请在原文页面上框选添加问题（审核 → 框选添加问题）；检查表各项为“待人工核对”。"
)


def falls_back(exc: ReadError) -> bool:
    """True when a file refused with ``exc`` can still be reviewed by hand (a scan without readable text)."""
    return exc.reason == "scanned"


def _page_sizes(path: str) -> list[tuple[float, float]]:
    """The displayed size (points, ``/Rotate`` applied) of each page, as the PDF reader reports them."""
    import pypdfium2 as pdfium

    from gouji.io.readers.pdf_objects import page_transform
    from gouji.io.readers.render import PDFIUM_LOCK

    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(path)
        except pdfium.PdfiumError as exc:
            raise ReadError(f"无法打开 PDF 文件“{Path(path).name}”：{exc}", "corrupt", path) from exc
        try:
            out = []
            for i in range(len(pdf)):
                page = pdf[i]
                _tf, w, h = page_transform(page)
                out.append((abs(w), abs(h)))
                page.close()
            return out
        finally:
            pdf.close()


def page_document(paths: Sequence[str | Path]) -> Document:
    """A document of the pages of ``paths`` only (PDF files of one disclosure, in this order).

    Raises
    ------
    ReadError
        When a file is not a PDF (only PDF pages can be shown) or cannot be opened.
    """
    files = [str(p) for p in paths]
    sources: list[SourceFile] = []
    sizes: list[tuple[float, float]] = []
    for f in files:
        reader = detect(Path(f))
        if reader.name != "pdf":
            raise ReadError(f"人工审核模式只用于 PDF 文件：“{Path(f).name}”不是 PDF。", "unsupported", f)
        pages = _page_sizes(f)
        sources.append(
            SourceFile(path=f, sha256=sha256_of(Path(f)), first_page=len(sizes) + 1, pages=len(pages))
        )
        sizes += pages
    return Document(
        path=files[0],
        sha256=combined_sha256([s.sha256 for s in sources]),
        format="pdf",
        sources=sources if len(sources) > 1 else [],
        page_count=len(sizes),
        page_sizes=sizes,
        warnings=[MANUAL_NOTE],
    )


def manual_review(
    paths: Sequence[str | Path],
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    locations: Callable[[Document], list[Path]] | None = None,
    reason: str = "",
) -> Reviewed:
    """The pages of ``paths`` with the saved review and no rule findings (see the module docstring).

    ``locations`` as for :func:`gouji.io.pipeline.review_many` (default: beside the document, then
    the per-user folder); ``reason``: why the files are reviewed by hand (the reader's message),
    told to the reviewer first among the notices.
    """
    if progress is not None:
        progress(0.0, "人工审核模式：读取页面")
    doc = page_document(paths)
    if cancelled is not None and cancelled():
        raise Cancelled(doc.path)
    where = locations(doc) if locations is not None else review_candidates(doc, default_review_folder())
    found = find_review(where, doc.sha256)
    if progress is not None:
        progress(1.0, "人工审核模式")
    told = [f"{reason.rstrip('。')}。已以人工审核模式打开：请在页面上框选添加问题。"] if reason else []
    return Reviewed(doc, [], found.state, found.path, told + list(found.notices), found.source_changed)
