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
from functools import cached_property

from gouji.io.export.pictures import Extents, TableGeometry, table_extents
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
    """The bands of the tables of one document (the geometry is read on the first box asked for:
    showing a document costs nothing, the window's thread stays free while it fills)."""

    def __init__(self, doc: Document):
        self._doc = doc

    @cached_property
    def _extent(self) -> Extents:
        return table_extents(self._doc)

    @cached_property
    def _geo(self) -> TableGeometry:
        return TableGeometry(self._doc)

    def table_band(self, table_id: str, page: int, box: BBox) -> Band:
        """The band of ``box`` in table ``table_id`` on ``page``: the table's width and its header band.

        The header band is :meth:`~gouji.io.export.pictures.TableGeometry.header_band`
        (the part of the table above its first row on that page); there is none when the
        box lies above the first row (a heading cell) or the title leaves no room.
        """
        key = (table_id, page)
        x0, x1 = self._extent.get(key, (box.x0, box.x1))
        header = self._geo.header_band(key, box.top)
        if header is not None and header[0] >= header[1]:  # the title sits right on the first row
            header = None
        return Band(min(x0, box.x0), max(x1, box.x1), header)
