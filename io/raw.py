"""The intermediate form every reader produces, before table / section assembly.

Readers (PDF, DOCX, XLSX, seed text) turn a file into a :class:`RawDocument`:
pages of blocks in reading order, each block either a line of running text
(:class:`RawLine`) or a grid of cells (:class:`RawGrid`).  The format-free
assembler (``gouji.io.assemble.assembler``) turns that into a
:class:`gouji.model.document.Document`.  Plain dataclasses (cheap to pickle
across the PDF process pool); coordinates are PDF points, top-left origin,
``(x0, top, x1, bottom)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Align = Literal["left", "center", "right"]


@dataclass(slots=True)
class RawCell:
    text: str
    bbox: Box | None = None
    page: int | None = None
    confidence: float | None = None  # OCR recognition confidence 0..1; None: read from a text layer


@dataclass(slots=True)
class RawLine:
    """One line (or paragraph, for formats without line layout) of running text."""

    text: str
    page: int | None = None
    bbox: Box | None = None
    size: float | None = None  # font size, when known (titles are larger)
    bold: bool = False
    align: Align | None = None
    #: OCR: the lowest recognition confidence of its digits (None: a text layer, or no digit)
    confidence: float | None = None


@dataclass(slots=True)
class RawGrid:
    """A table-like block: rows of cells (a row may have fewer cells than others).

    ``ruled`` is True when the grid came from drawn lines (or a DOCX/XLSX table)
    and the column structure can be trusted; False when reconstructed from word
    positions.  ``col_x`` are the column boundaries (x positions) when known.
    """

    rows: list[list[RawCell]]
    page: int | None = None
    bbox: Box | None = None
    ruled: bool = True
    col_x: list[float] | None = None


RawBlock = RawLine | RawGrid


def lowest_confidence(*values: float | None) -> float | None:
    """The confidence of texts joined into one cell: the lowest OCR confidence among them
    (None when none was read by OCR)."""
    known = [v for v in values if v is not None]
    return min(known) if known else None


@dataclass(slots=True)
class RawPage:
    number: int | None  # 1-based; None for formats without pages (seed text)
    width: float = 0.0
    height: float = 0.0
    blocks: list[RawBlock] = field(default_factory=list)
    char_count: int = 0  # printable characters on the page (0 → blank or scanned)
    image_area: float = 0.0  # fraction of the page covered by images (scan detection)
    ocr: bool = False  # read from its image by OCR (gouji.io.readers.ocr); cells carry confidence


@dataclass(slots=True)
class RawDocument:
    path: str
    sha256: str
    format: str  # the reader's name ("pdf", "docx", …; see gouji.io.readers.registry)
    pages: list[RawPage] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
