"""Which part of a page the page view shows around a highlighted box.

A failing cell is read with its row and the table's column headings: the
page view zooms to the table's printed width (at a readable size) and keeps
the header band above the row in view (:class:`~gouji.gui.qt_page_view.QtPageView`).
:class:`BandFinder` gives that :class:`Band` for a box of a table, from the
same geometry the 检查表 pictures use (:mod:`gouji.io.export.pictures`: the
table's extent on the page, the top of its first row there, its title), and
the band of a text box (a sentence: its own lines).
"""

from __future__ import annotations

from dataclasses import dataclass

from gouji.io.export.pictures import HEADER_BAND, TableGeometry, table_extents
from gouji.model.document import BBox, Document


@dataclass(frozen=True)
class Band:
    """The horizontal extent to show (PDF points) and the header band above it, ``(top, bottom)``."""

    x0: float
    x1: float
    header: tuple[float, float] | None = None


def text_band(box: BBox) -> Band:
    """A box of text: its own width, no header."""
    return Band(box.x0, box.x1)


class BandFinder:
    """The bands of the tables of one document (built once per document shown)."""

    def __init__(self, doc: Document):
        self._extent = table_extents(doc)
        self._geo = TableGeometry(doc)

    def table_band(self, table_id: str, page: int, box: BBox) -> Band:
        """The band of ``box`` in table ``table_id`` on ``page``: the table's width and its header band.

        The header band is the part of the table above its first row on that page
        (at most :data:`~gouji.io.export.pictures.HEADER_BAND` points, never above
        the title); there is none when the box lies above the first row (a heading cell).
        """
        key = (table_id, page)
        x0, x1 = self._extent.get(key, (box.x0, box.x1))
        first = self._geo.first_top.get(key)
        header = None
        if first is not None and first <= box.top + 1:
            top = max(first - HEADER_BAND, self._geo.title_bottom.get(key, first - HEADER_BAND) + 1)
            if top < first:
                header = (top, first)
        return Band(min(x0, box.x0), max(x1, box.x1), header)
