"""The annotated PDF (标注版 PDF) sent back to the unit: the source PDF with every confirmed problem marked.

:func:`export_annotated_pdf` copies each source PDF of a document (pypdf, BSD) and adds, for every
finding whose status is 确认问题 (:func:`gouji.io.export.checklist.status_of`: reviewer-added
findings count as confirmed), one ``/Highlight`` annotation per place it points at (``/QuadPoints``,
``/Contents`` with the plain-language problem, the suggestion and the reviewer's note, ``/T`` the
reviewer, a ``/Popup``) with its own appearance stream, so that viewers that draw only appearance
streams (some browsers, WPS) show it as Acrobat does.  A finding without a box gets a note
(``/Text``) at its table's title or at the top of its page; one without a page, at the top of the
first page.  Cross-document places (another document's pages) are left out.

Boxes are in the reader's page coordinates (points from the top-left of the displayed page,
:func:`gouji.io.readers.pdf_objects.page_transform`: media box, ``/Rotate``); :func:`to_user_space`
maps them back to PDF user space.  A disclosure of several files (``Document.sources``) gives one
annotated PDF per PDF file (:func:`output_paths`), each mark on its file's own page.  Files are
written atomically (:func:`gouji.io.export.save.save_with_fallback`: a locked target gets another
name, never a half-written file, and the source is never touched).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    RectangleObject,
    TextStringObject,
)

from gouji.io.export.checklist import status_of
from gouji.io.export.checklist_sheet import computed_text
from gouji.io.export.checklist_template import suggestion
from gouji.io.export.save import save_with_fallback
from gouji.model.document import BBox, Document
from gouji.model.files import sha256_of
from gouji.model.findings import Finding, Location
from gouji.model.review import STALE_MARK, ReviewState, Status

HIGHLIGHT_RGB = (1.0, 0.86, 0.0)  # yellow, as reviewers mark paper
HIGHLIGHT_ALPHA = 0.45  # with multiply blending the printed text stays legible
PAD = 1.0  # points around a box
NOTE_SIZE = 18.0  # points: the side of a note's icon
POPUP_SIZE = (220.0, 120.0)
AUTHOR = "勾稽审核"  # /T when no reviewer name is known
_PRINT = 4  # annotation flag: printed with the page


class AnnotateError(ValueError):
    """The annotated PDF cannot be made (the message is Chinese)."""


@dataclass
class Mark:
    """One annotation: a finding's place (document page and box, None: a note) and its comment."""

    number: int  # 问题 n, in the order of the confirmed findings
    finding: Finding
    page: int
    bbox: BBox | None
    text: str
    author: str
    note: bool = False  # a note icon at the top-left of ``bbox`` (or of the page) instead of a highlight


@dataclass
class AnnotatedPdf:
    """What :func:`export_annotated_pdf` wrote."""

    #: the files written (a locked target is written under another name; see ``notes``)
    written: list[Path] = field(default_factory=list)
    marks: int = 0  # annotations added
    problems: int = 0  # confirmed findings marked
    #: Chinese: files skipped (not PDF), other names used, nothing confirmed to mark
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- what is marked


def comment_text(f: Finding, state: ReviewState | None, number: int) -> str:
    """The annotation's text: “问题 n：” the finding in plain words and its suggestion, then the reviewer's note."""
    text = f"问题 {number}：{f.message.rstrip('。')}。"
    comment = ""
    if state is not None and (a := state.annotations.get(f.id)) is not None:
        comment = a.comment.strip()
    if "建议" not in comment:
        text += suggestion(f, computed_text(f))
    if comment:
        text += f"\n审核意见：{comment}"
    return text


def _author(f: Finding, state: ReviewState | None) -> str:
    a = state.annotations.get(f.id) if state is not None else None
    return (a.reviewer if a is not None else "") or (state.reviewer if state is not None else "") or AUTHOR


def _places(doc: Document, f: Finding) -> list[tuple[int, BBox | None, bool]]:
    """(page, box, is a note) of each place of ``f`` in this document; a note place when none has a box."""
    here = [loc for loc in f.locations if loc.document is None]
    boxed: dict[tuple, tuple[int, BBox | None, bool]] = {}
    for loc in here:
        if loc.page and loc.bbox is not None:
            b = loc.bbox
            boxed.setdefault((loc.page, b.x0, b.top, b.x1, b.bottom), (loc.page, b, False))
    if boxed:
        return list(boxed.values())
    return [(*_note_place(doc, here), True)]


def _note_place(doc: Document, here: list[Location]) -> tuple[int, BBox | None]:
    """Where a finding without a box is noted: its table's title, else its page's top, else page 1."""
    for loc in here:
        t = doc.table(loc.table) if loc.table else None
        if (
            t is not None
            and t.pages
            and t.title_bbox is not None
            and (not loc.page or loc.page == t.pages[0])
        ):
            return t.pages[0], t.title_bbox
    page = next((loc.page for loc in here if loc.page), None)
    return page or 1, None


def marks_for(doc: Document, findings: list[Finding], state: ReviewState | None) -> list[Mark]:
    """The annotations for the confirmed problems among ``findings`` and the review's own findings."""
    ids = {f.id for f in findings}
    listed = list(findings) + [f for f in (state.manual_findings if state else []) if f.id not in ids]
    out: list[Mark] = []
    number = 0
    for f in listed:
        if status_of(f, state) != Status.CONFIRMED:
            continue
        if f.title.startswith(STALE_MARK) or (f.locations and all(loc.document for loc in f.locations)):
            continue  # gone from this version of the document, or only in another document
        number += 1
        text, author = comment_text(f, state, number), _author(f, state)
        for page, bbox, note in _places(doc, f):
            out.append(Mark(number, f, page, bbox, text, author, note))
    return out


# --------------------------------------------------------------------------- geometry


def to_user_space(
    box: tuple[float, float, float, float], mediabox: tuple[float, float, float, float], rotate: int
) -> tuple[float, float, float, float]:
    """A box in page coordinates (x0, top, x1, bottom; points from the top-left of the displayed page)
    as a rectangle (x0, y0, x1, y1) in PDF user space: the inverse of the reader's
    :func:`~gouji.io.readers.pdf_objects.page_transform` (``mediabox`` = left, bottom, right, top)."""
    left, bottom = min(mediabox[0], mediabox[2]), min(mediabox[1], mediabox[3])
    right, top = max(mediabox[0], mediabox[2]), max(mediabox[1], mediabox[3])
    rot = rotate % 360

    def point(px: float, py: float) -> tuple[float, float]:
        if rot == 90:
            return py + left, px + bottom
        if rot == 180:
            return right - px, py + bottom
        if rot == 270:
            return right - py, top - px
        return px + left, top - py

    (ax, ay), (bx, by) = point(box[0], box[1]), point(box[2], box[3])
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _form(rect: tuple[float, float, float, float], content: str, alpha: float) -> DecodedStreamObject:
    """A form XObject over ``rect`` drawing ``content`` (multiply-blended at ``alpha``)."""
    ap = DecodedStreamObject()
    ap.set_data(content.encode("ascii"))
    gs = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/ExtGState"),
            NameObject("/BM"): NameObject("/Multiply"),
            NameObject("/ca"): FloatObject(alpha),
            NameObject("/CA"): FloatObject(alpha),
        }
    )
    ap.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): RectangleObject(rect),
            NameObject("/Resources"): DictionaryObject(
                {NameObject("/ExtGState"): DictionaryObject({NameObject("/GS0"): gs})}
            ),
        }
    )
    return ap


def _num(v: float) -> str:
    return f"{v:.2f}"


def _rgb() -> str:
    return " ".join(_num(c) for c in HIGHLIGHT_RGB)


def _pdf_date(t: datetime) -> str:
    off = t.utcoffset()
    minutes = int(off.total_seconds() // 60) if off is not None else 0
    sign = "+" if minutes >= 0 else "-"
    return t.strftime("D:%Y%m%d%H%M%S") + f"{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"


# --------------------------------------------------------------------------- writing


class _Annotator:
    """Adds marks to the pages of one PDF (a :class:`PdfWriter` copy of it)."""

    def __init__(self, writer: PdfWriter):
        self.writer = writer
        self.now = _pdf_date(datetime.now().astimezone())
        self.count = 0  # annotations added (each one's /NM is unique on its page)

    def _common(self, mark: Mark, subtype: str, rect: tuple[float, float, float, float]) -> DictionaryObject:
        return DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject(subtype),
                NameObject("/Rect"): RectangleObject(rect),
                NameObject("/Contents"): TextStringObject(mark.text),
                NameObject("/T"): TextStringObject(mark.author),
                NameObject("/Subj"): TextStringObject(mark.finding.title),
                NameObject("/NM"): TextStringObject(f"gouji-{mark.finding.id}-{self.count}"),
                NameObject("/C"): ArrayObject([FloatObject(c) for c in HIGHLIGHT_RGB]),
                NameObject("/CA"): FloatObject(1.0),
                NameObject("/F"): NumberObject(_PRINT),
                NameObject("/M"): TextStringObject(self.now),
                NameObject("/CreationDate"): TextStringObject(self.now),
            }
        )

    def add(self, index: int, mark: Mark) -> None:
        """Add ``mark`` to page ``index`` (0-based) of the copy."""
        page = self.writer.pages[index]
        self.count += 1
        mb = page.mediabox
        mediabox = (float(mb.left), float(mb.bottom), float(mb.right), float(mb.top))
        rotate = int(page.get("/Rotate", 0) or 0)
        b = mark.bbox
        if b is None or mark.note or b.x1 - b.x0 < 1 or b.bottom - b.top < 1:
            # a note icon left of the box (a table's title), or at the top-left of the displayed page
            x, y = (max(0.0, b.x0 - NOTE_SIZE - 2), b.top) if b is not None else (12.0, 12.0)
            rect = to_user_space((x, y, x + NOTE_SIZE, y + NOTE_SIZE), mediabox, rotate)
            annot = self._note(mark, rect)
        else:
            x0, y0, x1, y1 = to_user_space((b.x0, b.top, b.x1, b.bottom), mediabox, rotate)
            rect = (x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD)
            annot = self._highlight(mark, rect)
        added = self.writer.add_annotation(page, annot)
        self._popup(page, added, rect, mediabox)

    def _appearance(
        self, rect: tuple[float, float, float, float], draw: str, alpha: float
    ) -> DictionaryObject:
        """``/AP`` with the normal appearance drawing ``draw`` over ``rect`` (an indirect stream, as PDF requires;
        pypdf has no public call that adds an object, ``_add_object`` is the one its own annotations use)."""
        stream = self.writer._add_object(_form(rect, draw, alpha))
        return DictionaryObject({NameObject("/N"): stream})

    def _highlight(self, mark: Mark, rect: tuple[float, float, float, float]) -> DictionaryObject:
        x0, y0, x1, y1 = rect
        annot = self._common(mark, "/Highlight", rect)
        # upper-left, upper-right, lower-left, lower-right: the order Acrobat, PDFium and pdf.js draw
        annot[NameObject("/QuadPoints")] = ArrayObject(
            FloatObject(v) for v in (x0, y1, x1, y1, x0, y0, x1, y0)
        )
        draw = f"/GS0 gs {_rgb()} rg {_num(x0)} {_num(y0)} {_num(x1 - x0)} {_num(y1 - y0)} re f"
        annot[NameObject("/AP")] = self._appearance(rect, draw, HIGHLIGHT_ALPHA)
        return annot

    def _note(self, mark: Mark, rect: tuple[float, float, float, float]) -> DictionaryObject:
        x0, y0, x1, y1 = rect
        annot = self._common(mark, "/Text", rect)
        annot[NameObject("/Name")] = NameObject("/Comment")
        annot[NameObject("/Open")] = BooleanObject(False)
        w, h = x1 - x0, y1 - y0
        lines = " ".join(
            f"{_num(x0 + 3)} {_num(y0 + h * k)} m {_num(x1 - 3)} {_num(y0 + h * k)} l"
            for k in (0.3, 0.5, 0.7)
        )
        draw = (
            f"{_rgb()} rg 0 0 0 RG 0.8 w {_num(x0 + 0.5)} {_num(y0 + 0.5)} {_num(w - 1)} {_num(h - 1)} re B "
            f"0.6 w {lines} S"
        )
        annot[NameObject("/AP")] = self._appearance(rect, draw, 1.0)
        return annot

    def _popup(
        self,
        page: PageObject,
        parent: DictionaryObject,
        rect: tuple[float, float, float, float],
        mediabox: tuple[float, float, float, float],
    ) -> None:
        """The popup window of ``parent`` (at ``rect``) beside it, inside the page."""
        pw, ph = POPUP_SIZE
        left, bottom, right, top = mediabox
        x = min(rect[2] + 6, right - pw) if rect[2] + 6 + pw <= right else max(left, rect[0] - pw - 6)
        y = max(bottom, min(rect[3], top) - ph)
        popup = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Popup"),
                NameObject("/Rect"): RectangleObject((x, y, x + pw, y + ph)),
                NameObject("/Parent"): parent.indirect_reference,
                NameObject("/Open"): BooleanObject(False),
            }
        )
        self.writer.add_annotation(page, popup)


def output_paths(doc: Document, out: Path) -> dict[str, Path]:
    """The annotated PDF of each source file: ``out`` for a single file, else ``<out stem>_<file stem>.pdf``."""
    files = [s.path for s in doc.sources] or [doc.path]
    if len(files) == 1:
        return {files[0]: out}
    return {f: out.with_name(f"{out.stem}_{Path(f).stem}{out.suffix or '.pdf'}") for f in files}


def _same_file(a: Path, b: Path) -> bool:
    try:
        return b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return b"%PDF-" in f.read(1024)
    except OSError:
        return False


def _open(path: Path, sha256: str) -> PdfReader:
    """The source PDF, checked to be the file the findings were made on."""
    try:
        changed = bool(sha256) and sha256_of(path) != sha256
    except OSError as exc:
        raise AnnotateError(f"原文件“{path}”无法读取（{exc}），无法生成标注版 PDF。") from exc
    if changed:
        raise AnnotateError(
            f"原文件“{path.name}”在审核后已更改（SHA-256 不同），问题位置可能已不对应。请重新打开该文件后再导出标注版 PDF。"
        )
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise AnnotateError(f"原文件“{path.name}”已加密，无法生成标注版 PDF。")
        return reader
    except (PyPdfError, OSError) as exc:
        raise AnnotateError(f"原文件“{path.name}”无法读取（{exc}），无法生成标注版 PDF。") from exc


def export_annotated_pdf(
    doc: Document, findings: list[Finding], state: ReviewState | None, out: Path
) -> AnnotatedPdf:
    """Write the annotated PDF(s) of ``doc``: every confirmed problem highlighted with its comment.

    ``findings`` are the rule findings; the review's own findings (``state.manual_findings``) are
    added.  Returns what was written; files that are not PDFs are skipped and named in ``notes``.

    Raises
    ------
    AnnotateError
        No source file is a PDF, a source changed since it was read, or cannot be read (Chinese).
    PermissionError
        When nothing could be written at all (:func:`~gouji.io.export.save.save_with_fallback`).
    """
    out = Path(out)
    result = AnnotatedPdf()
    targets = output_paths(doc, out)
    pdfs = {f: t for f, t in targets.items() if _is_pdf(Path(f))}
    if not pdfs:
        names = "、".join(f"“{Path(f).name}”" for f in targets)
        raise AnnotateError(
            f"标注版 PDF 只能由 PDF 原文生成：{names}不是 PDF 文件。请导出审核工作簿，或向发布单位索取 PDF 版本。"
        )
    for f, target in targets.items():
        if _same_file(Path(f), target):
            raise AnnotateError(
                f"标注版 PDF 不能保存为原文件“{target.name}”（会覆盖原文件）：请另选一个文件名。"
            )
        if f not in pdfs:
            result.notes.append(f"“{Path(f).name}”不是 PDF 文件，未生成标注版。")
    marks = marks_for(doc, findings, state)
    result.problems = len({m.number for m in marks})
    if not marks:
        result.notes.append("审核记录中没有状态为“确认问题”的问题：标注版 PDF 中没有标注。")
    hashes = {s.path: s.sha256 for s in doc.sources} or {doc.path: doc.sha256}
    per_file: dict[str, list[tuple[int, Mark]]] = {f: [] for f in pdfs}
    for m in marks:
        path, local = doc.source_of(m.page)
        if path in per_file:
            per_file[path].append((local, m))
    for src, target in pdfs.items():
        reader = _open(Path(src), hashes.get(src, ""))
        writer = PdfWriter(clone_from=reader)
        annotator = _Annotator(writer)
        for local, m in per_file[src]:
            if 1 <= local <= len(writer.pages):
                annotator.add(local - 1, m)
                result.marks += 1
        written = save_with_fallback(target, functools.partial(_write, writer))
        if written != target:
            result.notes.append(f"“{target.name}”被占用或不可写，已另存为“{written}”。")
        result.written.append(written)
    return result


def _write(writer: PdfWriter, path: Path) -> None:
    with path.open("wb") as f:
        writer.write(f)


def export_reporting(
    doc: Document,
    findings: list[Finding],
    state: ReviewState | None,
    out: Path,
    say: Callable[[str], None],
    err: Callable[[str], None],
) -> bool:
    """:func:`export_annotated_pdf` for the command line: files written through ``say``, problems through
    ``err`` (Chinese); False when nothing could be written."""
    try:
        got = export_annotated_pdf(doc, findings, state, out)
    except AnnotateError as exc:
        err(str(exc))
        return False
    except OSError as exc:  # a full disk, a path too long … (a locked file falls back to another name)
        err(f"无法写入标注版 PDF“{out}”：{exc.strerror or exc}。")
        return False
    for note in got.notes:
        err(note)
    for path in got.written:
        say(f"标注版 PDF：{path}（{got.problems} 个确认问题，{got.marks} 处标注）")
    return True
