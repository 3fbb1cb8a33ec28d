"""Entry point for reading a disclosure: ``parse(path) -> Document``.

Dispatches on the file type to a format reader (which yields a
:class:`~gouji.io.raw.RawDocument`), then assembles the document model.
Long work takes plain callbacks so that the GUI can run it in a worker:

- ``progress(fraction, message)`` — fraction in [0, 1], message in Chinese;
- ``cancelled() -> bool`` — polled; when True the reader raises :class:`Cancelled`;
- ``partial(doc)`` — called with a provisional document built from the pages
  read so far (PDF only), so the first tables can be shown before parsing ends.

Every failure the user can cause (missing, encrypted, corrupt, scanned,
non-disclosure, too large) is raised as :class:`ReadError` with a Chinese message.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from gouji.io.errors import Cancelled, ReadError
from gouji.io.raw import RawDocument
from gouji.model.document import Document

Progress = Callable[[float, str], None]
CancelCheck = Callable[[], bool]

MAX_BYTES = 300 * 1024 * 1024  # larger files are refused with a message, not read

SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx", ".txt": "text"}


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def detect_format(path: Path) -> str:
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        if path.suffix.lower() in (".doc", ".xls", ".wps", ".et"):
            raise ReadError(
                f"暂不支持旧版 Office 格式（{path.suffix}）：请用 Word / Excel / WPS 另存为 .docx / .xlsx 后再打开。",
                "unsupported",
                str(path),
            )
        raise ReadError(
            f"不支持的文件类型“{path.suffix or '无扩展名'}”：请打开 PDF、Word（.docx）、Excel（.xlsx）或文本（.txt）格式的预决算公开文件。",
            "unsupported",
            str(path),
        )
    # sniff: a renamed file is reported as corrupt rather than crashing a reader
    with path.open("rb") as f:
        head = f.read(8)
    if fmt == "pdf" and not head.startswith(b"%PDF"):
        raise ReadError("文件已损坏或不是有效的 PDF 文件（缺少 PDF 文件头）。", "corrupt", str(path))
    if fmt in ("docx", "xlsx") and not head.startswith(b"PK"):
        raise ReadError(f"文件已损坏或不是有效的 {fmt.upper()} 文件。", "corrupt", str(path))
    return fmt


def read_raw(
    path: str | Path,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    on_pages: Callable[[RawDocument], None] | None = None,
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
    fmt = detect_format(p)
    sha = sha256_of(p)
    if fmt == "pdf":
        from gouji.io.readers.pdf import read_pdf

        return read_pdf(str(p), sha, progress=progress, cancelled=cancelled, on_pages=on_pages)
    if fmt == "docx":
        from gouji.io.readers.docx import read_docx

        return read_docx(str(p), sha)
    if fmt == "xlsx":
        from gouji.io.readers.xlsx import read_xlsx

        return read_xlsx(str(p), sha)
    from gouji.io.readers.text import read_text

    return read_text(str(p), sha)


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
