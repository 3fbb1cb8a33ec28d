"""Office Open XML containers (.docx, .xlsx): the checks the Word and Excel readers share.

A .docx / .xlsx is a ZIP package.  Office writes a password-protected one as
an OLE compound file instead (the container of the old .doc / .xls too), which
no OOXML library can open: such a file is refused as ``encrypted`` with the
reader's own message.
"""

from __future__ import annotations

from gouji.io.errors import ReadError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file (encrypted OOXML, .doc, .xls)
ZIP_MAGIC = b"PK"  # every OOXML package


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
