"""What every reader declares: :class:`Reader` (name, label, suffixes, sniffing, read function).

Each reader module ends with one ``READER = Reader(...)`` and
:mod:`gouji.io.readers.registry` lists them; the pipeline's dispatch, the
batch file list, the CLI messages and the GUI open-file filter are all
generated from that list, so adding an input format touches the new reader
module, the registry and a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from gouji.io.raw import RawDocument

Progress = Callable[[float, str], None]  # (fraction in [0, 1], Chinese message)
CancelCheck = Callable[[], bool]  # polled; True stops the read with Cancelled
PagesCallback = Callable[[RawDocument], None]  # the pages read so far (a preview)


@dataclass(frozen=True, slots=True)
class ReadHooks:
    """Callbacks a reader may use while it reads (only the PDF reader reports progress today)."""

    progress: Progress | None = None
    cancelled: CancelCheck | None = None
    on_pages: PagesCallback | None = None


ReadFunc = Callable[[str, str, ReadHooks], RawDocument]  # (path, sha256, hooks) -> RawDocument


@dataclass(frozen=True, slots=True)
class Reader:
    """One input format.

    Attributes
    ----------
    name
        The format name, recorded as ``RawDocument.format`` and ``Document.format``.
    label
        What the user calls such a file, in Chinese ("PDF 文件", "Word 文档").
    suffixes
        File name suffixes, lower case with the dot; the first is the usual one.
    read
        ``read(path, sha256, hooks)``: the file into a :class:`RawDocument`;
        raises :class:`~gouji.io.errors.ReadError`.
    magic
        The bytes every file of this format starts with; a file with the suffix
        but other content (a renamed file) is refused as corrupt before reading.
        None for formats without a signature (text).
    encrypted
        For Office formats: the message when the file is an OLE container
        (how Office stores a password-protected .docx / .xlsx), refused as
        ``encrypted`` before reading.
    """

    name: str
    label: str
    suffixes: tuple[str, ...]
    read: ReadFunc
    magic: bytes | None = None
    encrypted: str | None = None
