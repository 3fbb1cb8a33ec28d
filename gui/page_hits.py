"""Page hit-testing: what a click on the source page points at.

The page view reports a click in PDF points (``QtPageView.clickedAt``).
:func:`hit_test` maps it to a table cell or a sentence of the document: first
in the table or sentence list on screen, then in the other tables printed on
that page, then among all the sentences.  The answer, a :class:`PageHit`, says
which outline node to show first (None when the item is already on screen) and
which cell or sentence to select there; selecting it then selects its first
finding, as any selection in the window does.

:class:`AddendFrames` frames, with a light dashed pen, the addend cells of the current finding (its
``terms``) beside the failing cell the page view highlights.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem

from gouji.gui.qt_findings_panel import QtFindingsPanel
from gouji.gui.qt_page_view import QtPageView
from gouji.gui.qt_table_model import QtSentenceModel, QtTableModel, bbox_contains
from gouji.model.document import BBox, Document
from gouji.model.findings import Finding

ADDEND_PEN = QColor(40, 110, 220, 160)  # lighter than the failing cell's red frame


@dataclass(frozen=True)
class PageHit:
    """A cell (``row``, ``column`` of its :class:`QtTableModel`) or a sentence (``sentence``)."""

    outline_key: tuple[str, str] | None  # the outline node to show first; None: already on screen
    row: int = -1
    column: int = -1
    sentence: int | None = None  # ``Sentence.index``


def hit_test(
    doc: Document | None,
    page: int,
    x: float,
    y: float,
    shown: QtTableModel | QtSentenceModel | None = None,
) -> PageHit | None:
    """The cell or sentence printed at (``x``, ``y``) on ``page``, or None.

    ``shown`` is the model of the table or sentence list on screen; a hit
    there wins.  A cell's row band counts as the row (see
    :meth:`QtTableModel.index_at`).  A sentence whose section is unknown is no
    hit.
    """
    if shown is not None:
        idx = shown.index_at(page, x, y)
        if idx.isValid():
            if isinstance(shown, QtSentenceModel):
                return PageHit(None, sentence=shown.sentence(idx.row()).index)
            return PageHit(None, idx.row(), idx.column())
    if doc is None:
        return None
    for t in doc.tables:  # another table printed on this page
        if page in t.pages:
            idx = QtTableModel(t).index_at(page, x, y)
            if idx.isValid():
                return PageHit(("table", t.id), idx.row(), idx.column())
    for s in doc.sentences:
        if s.page == page and s.bbox is not None and bbox_contains(s.bbox, x, y):
            sec = doc.section(s.section_id)
            return PageHit(("section", sec.id), sentence=s.index) if sec is not None else None
    return None


class AddendFrames(QObject):
    """Light frames around the addend cells of the current finding, on the page they are printed on.

    Follows ``panel``'s current finding and ``view``'s page; draws in the page view's scene (PDF
    points), under the highlight of the failing cell.
    """

    def __init__(self, view: QtPageView, panel: QtFindingsPanel):
        super().__init__(view)
        self._view = view
        self._boxes: list[tuple[int, BBox]] = []
        self._items: list[QGraphicsRectItem] = []
        panel.currentFindingChanged.connect(self.show_finding)
        panel.selectedFindingsChanged.connect(lambda fs: None if fs else self.show_finding(None))
        panel.proxy.modelReset.connect(lambda: self.show_finding(None))  # another document
        view.pageChanged.connect(lambda _page: self._draw())

    def boxes(self) -> list[tuple[int, BBox]]:
        """(page, box) of each framed addend cell."""
        return list(self._boxes)

    def shown(self) -> int:
        """How many frames are on the page shown."""
        return sum(1 for it in self._items if it.isVisible())

    def show_finding(self, f: Finding | None) -> None:
        self._boxes = [
            (t.location.page, t.location.bbox)
            for t in (f.terms if f is not None else [])
            if t.location is not None and t.location.page and t.location.bbox is not None
        ]
        self._draw()

    def _draw(self) -> None:
        scene = self._view.view.scene()
        for it in self._items:
            scene.removeItem(it)
        self._items = []
        pen = QPen(ADDEND_PEN)
        pen.setWidthF(1.2)
        pen.setCosmetic(True)
        pen.setStyle(Qt.PenStyle.DashLine)
        for page, b in self._boxes:
            if page != self._view.page():
                continue
            item = QGraphicsRectItem(b.x0 - 1, b.top - 1, b.x1 - b.x0 + 2, b.bottom - b.top + 2)
            item.setPen(pen)
            item.setZValue(9)
            scene.addItem(item)
            self._items.append(item)
