"""Office Open XML containers (.docx, .xlsx): the checks the Word and Excel readers share.

A .docx / .xlsx is a ZIP package.  Office writes a password-protected one as
an OLE compound file instead (the container of the old .doc / .xls too), which
no OOXML library can open: such a file is refused as ``encrypted`` with the
reader's own message.
"""

from __future__ import annotations

import zipfile

from gouji.io.errors import ReadError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file (encrypted OOXML, .doc, .xls)
ZIP_MAGIC = b"PK"  # every OOXML package
#: a package that unpacks to more than this is refused (a disclosure's workbook or document unpacks to a
#: few tens of MB; a "zip bomb" of a few MB can unpack to GBs and exhaust the memory)
MAX_UNPACKED_BYTES = 300 * 1024 * 1024


def is_ole(head: bytes) -> bool:
    """True when ``head`` (the first bytes of a file) starts an OLE compound file."""
    return head.startswith(OLE_MAGIC)


def refuse_encrypted(path: str, message: str) -> None:
    """Raise ``encrypted`` (with ``message``) when ``path`` is an OLE container.

    Raises
    ------
    ReadError
        ``missing`` when the file cannot be opened, ``encrypted`` for an OLE container.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(len(OLE_MAGIC))
    except OSError as exc:
        raise ReadError(f"无法打开文件：{exc}", "missing", path) from exc
    if is_ole(head):
        raise ReadError(message, "encrypted", path)


def unpacked_size(path: str) -> int | None:
    """The bytes the package's members unpack to, from its central directory (reading a member
    never yields more than the size declared there); None when it is no readable ZIP file."""
    try:
        with zipfile.ZipFile(path) as z:
            return sum(max(0, info.file_size) for info in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def refuse_oversized(path: str, label: str) -> int | None:
    """Raise ``too_large`` when the package unpacks to more than :data:`MAX_UNPACKED_BYTES`, before
    any member is read; returns the unpacked size (None when the package cannot be listed: the
    reader then reports it as damaged).

    Raises
    ------
    ReadError
        ``too_large`` with the sizes, in Chinese.
    """
    size = unpacked_size(path)
    if size is not None and size > MAX_UNPACKED_BYTES:
        raise ReadError(
            f"{label}解压后过大（{size / 1024 / 1024:.0f} MB，上限 {MAX_UNPACKED_BYTES // 1024 // 1024} MB），"
            "为防止耗尽内存未读取：文件可能异常（压缩炸弹）或包含大量无关内容，请检查文件或只保留公开表后另存再试。",
            "too_large",
            path,
        )
    return size
