"""Printed text compared without its layout.

Table cells, headers and names wrap at arbitrary points, and PDF text layers
put spaces inside Chinese words: labels are compared with every whitespace
run removed (:func:`norm`).  The assembler and the rules use this one
definition.
"""

from __future__ import annotations

import re

__all__ = ["norm"]

_WS = re.compile(r"\s+")


def norm(text: str | None) -> str:
    """Text without whitespace ("收入 总计\\n" → "收入总计"); None → ""."""
    return _WS.sub("", text or "")
