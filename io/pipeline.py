"""The one pipeline: read → assemble → (rules → saved review).

- :func:`parse` reads a disclosure into the document model: the reader is
  chosen by :func:`gouji.io.readers.registry.detect` (suffix, then content),
  its :class:`~gouji.io.raw.RawDocument` is assembled;
- :func:`review` parses, loads the reviewer's saved review from wherever it
  was saved (beside the document, else the per-user folder), applies the cell
  values corrected by hand in it (:func:`gouji.model.corrections.apply_corrections`)
  and runs every rule: the workbench worker, ``gouji check`` and the batch all
  call it.
- :func:`parse_many` / :func:`review_many` do the same for the files of one
  disclosure published as several (the text half and the tables half), read
  as one document whose pages follow each other (``Document.sources``).

Long work takes plain callbacks so that the GUI can run it in a worker:

- ``progress(fraction, message)`` — fraction in [0, 1], message in Chinese;
- ``cancelled() -> bool`` — polled; when True the work stops with :class:`Cancelled`;
- ``partial(doc)`` — called with a provisional document built from the pages
  read so far (PDF only), so the first tables can be shown before parsing ends.

Every failure the user can cause (missing, encrypted, corrupt, scanned,
non-disclosure, too large) is raised as :class:`ReadError` with a Chinese message.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from gouji.io.errors import Cancelled, ReadError
from gouji.io.raw import RawDocument, RawGrid, RawLine, RawPage
from gouji.io.readers.base import CancelCheck, PagesCallback, Progress, ReadHooks
from gouji.io.readers.registry import detect
from gouji.model.corrections import apply_corrections
from gouji.model.document import Document, SourceFile
from gouji.model.files import sha256_of
from gouji.model.findings import Family, Finding
from gouji.model.review import (
    STALE_MARK,
    ReviewState,
    default_review_folder,
    find_review,
    remember_findings,
    stale_findings,
)
from gouji.model.review_place import load_store

MAX_BYTES = 300 * 1024 * 1024  # larger files are refused with a message, not read
PARSE_SHARE = 0.85  # share of :func:`review`'s progress given to parsing (the rules get the rest)


def read_raw(
    path: str | Path,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    on_pages: PagesCallback | None = None,
) -> RawDocument:
    """Read a file into the intermediate form (no assembly)."""
    p = Path(path)
    if not p.exists():
        raise ReadError(f"找不到文件：{p}", "missing", str(p))
    if p.is_dir():
        raise ReadError(f"这是一个文件夹，不是文件：{p}", "unsupported", str(p))
    size = p.stat().st_size
    if size == 0:
        raise ReadError("文件为空（0 字节）。", "empty", str(p))
    if size > MAX_BYTES:
        raise ReadError(
            f"文件过大（{size / 1024 / 1024:.0f} MB，上限 {MAX_BYTES // 1024 // 1024} MB）：请拆分后再审核。",
            "too_large",
            str(p),
        )
    reader = detect(p)
    return reader.read(str(p), sha256_of(p), ReadHooks(progress, cancelled, on_pages))


def parse(
    path: str | Path,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    partial: Callable[[Document], None] | None = None,
) -> Document:
    """Read and assemble a disclosure document."""
    return parse_many([path], progress, cancelled, partial)


def parse_many(
    paths: Sequence[str | Path],
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    partial: Callable[[Document], None] | None = None,
) -> Document:
    """Read the files of one disclosure and assemble them as one document.

    The usual case is one file.  With several (the text half and the tables
    half of a publication) each is read by its own reader, the pages of each
    follow those of the one before (:func:`join_raw`) and the whole is
    assembled once, so that tables and text are assembled together and every
    rule runs across the files; ``Document.sources`` maps a document page back
    to its file (:meth:`~gouji.model.document.Document.source_of`).

    Order: the file with the most running text (cover, 目录, 说明) comes first,
    the others follow in argument order.  ``Document.path`` is the first file's
    path (the saved review lives beside it); ``Document.sha256`` is the
    combined hash of :func:`combined_sha256`.  ``partial`` previews the first
    file named only.  The form is read from the whole: the text half with its
    tables half is a full disclosure (``DocForm.FULL``); two text halves are
    still a text half.
    """
    from gouji.io.assemble.assembler import assemble

    files = _distinct(paths)
    name = str(files[0])

    def report(i: int) -> Progress:
        def scaled(frac: float, msg: str) -> None:
            if progress is not None:
                progress((i + min(frac, 1.0)) / len(files) * 0.9, msg)
            if cancelled is not None and cancelled():
                raise Cancelled(name)

        return scaled

    on_pages = None
    if partial is not None:

        def on_pages(raw: RawDocument) -> None:
            try:
                partial(assemble(raw))
            except ReadError:
                pass

    raws = [read_raw(p, report(i), cancelled, on_pages if i == 0 else None) for i, p in enumerate(files)]
    raw, sources = join_raw(raws)
    if progress is not None:
        progress(0.92, "识别表格与章节")
    doc = assemble(raw)
    if len(sources) > 1:
        doc.sources = sources
    check_is_disclosure(doc)
    if progress is not None:
        progress(1.0, "解析完成")
    return doc


def _distinct(paths: Sequence[str | Path]) -> list[Path]:
    """``paths`` without repeats (a file named twice is read once); at least one."""
    out: list[Path] = []
    seen: set[Path] = set()
    for p in map(Path, paths):
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            out.append(p)
    if not out:
        raise ReadError("没有指定要审核的文件。", "missing")
    return out


def running_text(raw: RawDocument) -> int:
    """Characters of running text (lines outside tables): the text half of a publication has most."""
    return sum(len(b.text) for page in raw.pages for b in page.blocks if isinstance(b, RawLine))


def combined_sha256(shas: Sequence[str]) -> str:
    """The hash of a disclosure of several files: SHA-256 of their SHA-256s in document order, one a line.

    One file keeps its own hash (its saved review is found as before).
    """
    if len(shas) == 1:
        return shas[0]
    return hashlib.sha256("\n".join(shas).encode("ascii")).hexdigest()


def join_raw(raws: Sequence[RawDocument]) -> tuple[RawDocument, list[SourceFile]]:
    """One raw document of several files' (renumbered in place), and where each file's pages are.

    The file with the most running text comes first, then the others in the
    given order; the pages of each follow those of the one before, so that
    document page = ``first_page + page in the file - 1`` on every page,
    line, grid and cell.  Reader notes (``metadata["warning"]``) are kept,
    named by file; page lists (``…_pages``) are renumbered.  The files must be
    of one format (the page view and the pictures render by format).
    """
    if len(raws) == 1:
        raw = raws[0]
        return raw, [SourceFile(path=raw.path, sha256=raw.sha256, first_page=1, pages=_page_total(raw))]
    lead = max(range(len(raws)), key=lambda i: (running_text(raws[i]), -i))
    ordered = [raws[lead], *(r for i, r in enumerate(raws) if i != lead)]
    formats = list(dict.fromkeys(r.format for r in ordered))
    if len(formats) > 1:
        raise ReadError(
            "同一公开文件的各个文件须为同一格式（此处为 "
            + "、".join(f.upper() for f in formats)
            + "）：请先转换为同一格式（如均为 PDF）再一并审核。",
            "unsupported",
            ordered[0].path,
        )
    sources: list[SourceFile] = []
    pages: list[RawPage] = []
    meta = dict(ordered[0].metadata)
    notes: list[str] = []
    offset = 0
    for raw in ordered:
        n = _page_total(raw)
        sources.append(SourceFile(path=raw.path, sha256=raw.sha256, first_page=offset + 1, pages=n))
        if offset:
            _renumber(raw, offset)
        pages.extend(raw.pages)
        for key, value in raw.metadata.items():
            if key.endswith("_pages") and value and raw is not ordered[0]:
                meta[key] = ",".join(filter(None, [meta.get(key, ""), value]))
        if raw.metadata.get("warning"):
            notes.append(f"{Path(raw.path).name}：{raw.metadata['warning']}")
        offset += n
    meta.pop("warning", None)
    if notes:
        meta["warning"] = "；".join(notes)
    meta["page_count"] = str(offset)
    joined = RawDocument(
        path=ordered[0].path,
        sha256=combined_sha256([r.sha256 for r in ordered]),
        format=formats[0],
        pages=pages,
        metadata=meta,
    )
    return joined, sources


def _page_total(raw: RawDocument) -> int:
    return max((p.number for p in raw.pages if p.number is not None), default=0)


def _renumber(raw: RawDocument, offset: int) -> None:
    """Shift every page number of ``raw`` by ``offset`` (pages, lines, grids, cells; page lists)."""
    for page in raw.pages:
        if page.number is not None:
            page.number += offset
        for b in page.blocks:
            if b.page is not None:
                b.page += offset
            if isinstance(b, RawGrid):
                for row in b.rows:
                    for c in row:
                        if c.page is not None:
                            c.page += offset
    for key, value in raw.metadata.items():
        if key.endswith("_pages") and value:
            raw.metadata[key] = ",".join(
                str(int(v) + offset) for v in value.split(",") if v.strip().isdigit()
            )


def check_is_disclosure(doc: Document) -> None:
    """Raise ``not_disclosure`` when nothing of a budget / final-account disclosure was found, or when
    the file opens as a government document (发文字号, "关于…的通知") and has nothing of a disclosure's
    structure (:func:`~gouji.io.assemble.doc_kinds.has_disclosure_structure`)."""
    from gouji.io.assemble.doc_kinds import has_disclosure_structure, notice_head

    head = notice_head(doc)
    if head is not None and not has_disclosure_structure(doc):
        raise ReadError(
            f"未识别到预算或决算公开的内容（文件开头是公文“{head}”，没有公开表，也没有公开文件的目录、章节）："
            "请确认打开的是部门/单位预决算公开文件。",
            "not_disclosure",
            doc.path,
        )
    if doc.tables:
        return
    text = "".join(s.text for s in doc.sentences[:400]) + (doc.title or "")
    if any(k in text for k in ("预算", "决算")):
        return
    if doc.unreadable_pages:  # what was read is no disclosure: the damage is the news, not the content
        raise ReadError(
            f"PDF 文件已损坏：{len(doc.unreadable_pages)}/{doc.page_count} 页无法读取，其余页面中未识别到预算或决算"
            "公开的内容。请重新下载或向发布单位索取完整的文件。",
            "corrupt",
            doc.path,
        )
    raise ReadError(
        "未识别到预算或决算公开的内容（没有找到标准表格，正文也未提到“预算”“决算”）：请确认打开的是部门/单位预决算公开文件。"
        + "".join(doc.read_notes),  # a guessed encoding (Big5, mojibake) explains it
        "not_disclosure",
        doc.path,
    )


# --------------------------------------------------------------------------- parse → rules → saved review


@dataclass
class Reviewed:
    """A document with its findings and the reviewer's saved annotations (what :func:`review` returns)."""

    document: Document
    findings: list[Finding]
    review: ReviewState | None  # the saved review of this file (re-attached when the file changed), if any
    review_file: Path | None = None  # where ``review`` was found
    review_notices: list[str] = field(default_factory=list)  # Chinese: files moved aside, skipped entries…
    source_changed: bool = False  # ``review`` was saved for another version of the file (re-attached by id)


def review(
    path: str | Path,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    partial: Callable[[Document], None] | None = None,
    locations: Callable[[Document], list[Path]] | None = None,
) -> Reviewed:
    """Parse ``path``, run every rule, and load the saved review.

    Parameters
    ----------
    path, progress, cancelled, partial
        As for :func:`parse`; parsing takes :data:`PARSE_SHARE` of the
        progress, the rules the rest (their messages start with "检查：").
    locations
        Where a saved review may be, first hit wins; by default the place the
        reviewer chose (:func:`gouji.model.review_place.load_store`), then
        beside the document and the per-user folder
        (:func:`gouji.model.review.default_review_folder`).

    Raises
    ------
    ReadError
        With a Chinese message when the file cannot be reviewed
        (:class:`Cancelled` when cancelled).
    """
    return review_many([path], progress, cancelled, partial, locations)


def review_many(
    paths: Sequence[str | Path],
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    partial: Callable[[Document], None] | None = None,
    locations: Callable[[Document], list[Path]] | None = None,
) -> Reviewed:
    """:func:`review` of the files of one disclosure read as one document (:func:`parse_many`).

    The saved review is looked for (and saved) beside the first file of the
    document, under the combined hash of the files.
    """
    doc = parse_many(paths, _scaled(progress, 0.0, PARSE_SHARE), cancelled, partial)
    if cancelled is not None and cancelled():
        raise Cancelled(str(paths[0]))
    where = locations(doc) if locations is not None else load_store(default_review_folder()).candidates(doc)
    return check(doc, where, _scaled(progress, PARSE_SHARE, 1 - PARSE_SHARE), cancelled)


def check(
    doc: Document,
    where: list[Path],
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Reviewed:
    """The rules on a parsed ``doc`` with its saved review (the first of ``where`` that holds one).

    The cell values corrected by hand in the review are put into ``doc`` first
    (:func:`~gouji.model.corrections.apply_corrections`), so the rules check the
    corrected values; corrections that could not be applied are in the notices.
    """
    from gouji.model.rules import run_rules

    def check_cancel() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled(doc.path)

    found = find_review(where, doc.sha256)
    notices = list(found.notices)
    if found.state is not None:  # cell values the reviewer corrected by hand are checked as corrected
        notices += apply_corrections(doc, found.state.corrections)
    findings = run_rules(doc, _scaled(progress, 0.0, 1.0, "检查："), cancelled)
    check_cancel()
    if found.state is not None:
        remember_findings(found.state, findings)
        # cross-document findings are not gone: they come from the related documents, later
        gone = [f for f in stale_findings(found.state, findings) if f.family != Family.CROSS_DOC]
        if gone:
            notices.append(f"{len(gone)} 条审核意见对应的问题已不存在，标记为“{STALE_MARK}”并保留。")
    return Reviewed(doc, findings, found.state, found.path, notices, found.source_changed)


def _scaled(progress: Progress | None, start: float, share: float, prefix: str = "") -> Progress | None:
    """``progress`` mapped onto [start, start + share], each message prefixed with ``prefix``."""
    if progress is None:
        return None
    report = progress

    def scaled(frac: float, msg: str) -> None:
        report(start + frac * share, prefix + msg)

    return scaled
