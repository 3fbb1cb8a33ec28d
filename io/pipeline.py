"""The one pipeline: read → assemble → (rules → saved review).

- :func:`parse` reads a disclosure into the document model: the reader is
  chosen by :func:`gouji.io.readers.registry.detect` (suffix, then content),
  its :class:`~gouji.io.raw.RawDocument` is assembled;
- :func:`review` parses, runs every rule and loads the reviewer's saved
  annotations from wherever they were saved (beside the document, else the
  per-user folder): the workbench worker, ``gouji check`` and the batch all
  call it.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from gouji.io.errors import Cancelled, ReadError
from gouji.io.raw import RawDocument
from gouji.io.readers.base import CancelCheck, PagesCallback, Progress, ReadHooks
from gouji.io.readers.registry import detect
from gouji.model.document import Document
from gouji.model.findings import Finding
from gouji.model.review import ReviewState, default_review_folder, find_review, review_candidates

MAX_BYTES = 300 * 1024 * 1024  # larger files are refused with a message, not read
PARSE_SHARE = 0.85  # share of :func:`review`'s progress given to parsing (the rules get the rest)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


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
    from gouji.io.assemble.assembler import assemble

    def report(frac: float, msg: str) -> None:
        if progress is not None:
            progress(min(frac, 1.0) * 0.9, msg)
        if cancelled is not None and cancelled():
            raise Cancelled(str(path))

    on_pages = None
    if partial is not None:

        def on_pages(raw: RawDocument) -> None:
            try:
                partial(assemble(raw))
            except ReadError:
                pass

    raw = read_raw(path, report, cancelled, on_pages)
    if progress is not None:
        progress(0.92, "识别表格与章节")
    doc = assemble(raw)
    check_is_disclosure(doc)
    if progress is not None:
        progress(1.0, "解析完成")
    return doc


def check_is_disclosure(doc: Document) -> None:
    """Raise ``not_disclosure`` when nothing of a budget / final-account disclosure was found."""
    if doc.tables:
        return
    text = "".join(s.text for s in doc.sentences[:400]) + (doc.title or "")
    if any(k in text for k in ("预算", "决算")):
        return
    raise ReadError(
        "未识别到预算或决算公开的内容（没有找到标准表格，正文也未提到“预算”“决算”）：请确认打开的是部门/单位预决算公开文件。",
        "not_disclosure",
        doc.path,
    )


# --------------------------------------------------------------------------- parse → rules → saved review


@dataclass
class Reviewed:
    """A document with its findings and the reviewer's saved annotations (what :func:`review` returns)."""

    document: Document
    findings: list[Finding]
    review: ReviewState | None  # the saved review of this exact file, if any
    review_file: Path | None = None  # where ``review`` was found


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
        Where a saved review may be, first hit wins; by default beside the
        document, then the per-user folder
        (:func:`gouji.model.review.default_review_folder`).

    Raises
    ------
    ReadError
        With a Chinese message when the file cannot be reviewed
        (:class:`Cancelled` when cancelled).
    """
    from gouji.model.rules import run_rules

    def check_cancel() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled(str(path))

    doc = parse(path, _scaled(progress, 0.0, PARSE_SHARE), cancelled, partial)
    check_cancel()
    findings = run_rules(doc, _scaled(progress, PARSE_SHARE, 1 - PARSE_SHARE, "检查："), cancelled)
    check_cancel()
    where = locations(doc) if locations is not None else review_candidates(doc, default_review_folder())
    state, found = find_review(where, doc.sha256)
    return Reviewed(doc, findings, state, found)


def _scaled(progress: Progress | None, start: float, share: float, prefix: str = "") -> Progress | None:
    """``progress`` mapped onto [start, start + share], each message prefixed with ``prefix``."""
    if progress is None:
        return None
    report = progress

    def scaled(frac: float, msg: str) -> None:
        report(start + frac * share, prefix + msg)

    return scaled
