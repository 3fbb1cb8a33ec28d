"""Errors a reader reports to the user.  Messages are Chinese and self-explanatory."""

from __future__ import annotations


class ReadError(Exception):
    """The file cannot be reviewed.  ``str(exc)`` is the Chinese message for the user.

    ``reason`` is a short machine code: "missing", "unsupported", "encrypted",
    "corrupt", "scanned", "not_disclosure", "too_large", "empty", "cancelled".
    """

    def __init__(self, message: str, reason: str, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.path = path


class Cancelled(ReadError):
    def __init__(self, path: str | None = None):
        super().__init__("已取消解析。", "cancelled", path)
