"""The input formats: every reader's :class:`~gouji.io.readers.base.Reader`, in the order shown to users.

Everything that names the supported formats is generated from :data:`READERS`:
the pipeline's dispatch and renamed-file check (:func:`detect`), the batch
file list (:data:`SUFFIXES`), the CLI messages (:func:`suffix_list`,
:func:`formats_text`) and the GUI open-file filter (:func:`file_patterns`).

To add an input format: write ``gouji/io/readers/<name>.py`` ending with its
``READER = Reader(...)``, add it to :data:`READERS` below, and add a test.
"""

from __future__ import annotations

from pathlib import Path

from gouji.io.errors import ReadError
from gouji.io.readers import docx, pdf, text, xlsx
from gouji.io.readers.base import Reader
from gouji.io.readers.office import OLE_MAGIC, is_ole

READERS: tuple[Reader, ...] = (pdf.READER, docx.READER, xlsx.READER, text.READER)

#: every supported suffix (lower case, with the dot), in the order of :data:`READERS`
SUFFIXES: tuple[str, ...] = tuple(s for r in READERS for s in r.suffixes)

#: old binary Office / WPS formats: named in the refusal so the user knows to save as .docx / .xlsx
LEGACY_OFFICE = (".doc", ".xls", ".wps", ".et")


def file_patterns() -> str:
    """Glob patterns of every supported suffix, for a file dialog: ``"*.pdf *.docx …"``."""
    return " ".join(f"*{s}" for s in SUFFIXES)


def suffix_list(sep: str = "、") -> str:
    """Every supported suffix joined by ``sep``: ``".pdf、.docx、…"``."""
    return sep.join(SUFFIXES)


def formats_text() -> str:
    """The formats in a Chinese sentence: ``"PDF 文件（.pdf）、…或文本文件（.txt）"``."""
    parts = [f"{r.label}（{'、'.join(r.suffixes)}）" for r in READERS]
    return "、".join(parts[:-1]) + "或" + parts[-1] if len(parts) > 1 else parts[0]


def reader_for(path: Path) -> Reader:
    """The reader for ``path``'s suffix.

    Raises
    ------
    ReadError
        ``unsupported`` for any other suffix (old Office formats are named).
    """
    suffix = path.suffix.lower()
    for r in READERS:
        if suffix in r.suffixes:
            return r
    if suffix in LEGACY_OFFICE:
        raise ReadError(
            f"暂不支持旧版 Office 格式（{path.suffix}）：请用 Word / Excel / WPS 另存为 .docx / .xlsx 后再打开。",
            "unsupported",
            str(path),
        )
    raise ReadError(
        f"不支持的文件类型“{path.suffix or '无扩展名'}”：请打开 {formats_text()}格式的预决算公开文件。",
        "unsupported",
        str(path),
    )


def sniff(reader: Reader, path: Path) -> None:
    """Refuse a file whose content does not fit its suffix, before the reader opens it.

    Raises
    ------
    ReadError
        ``encrypted`` for an Office file stored as an OLE container (password
        set), ``corrupt`` when the file does not start with the format's
        signature (a damaged or renamed file).
    """
    if reader.magic is None and reader.encrypted is None:
        return
    with path.open("rb") as f:
        head = f.read(max(len(OLE_MAGIC), len(reader.magic or b"")))
    if reader.encrypted is not None and is_ole(head):
        raise ReadError(reader.encrypted, "encrypted", str(path))
    if reader.magic is not None and not head.startswith(reader.magic):
        raise ReadError(f"文件已损坏或不是有效的 {reader.label}。", "corrupt", str(path))


def detect(path: Path) -> Reader:
    """The reader for ``path``, after checking that its content fits (see :func:`sniff`)."""
    reader = reader_for(path)
    sniff(reader, path)
    return reader
