"""Page hit-testing: what a click on the source page points at.

The page view reports a click in PDF points (``QtPageView.clickedAt``).
:func:`hit_test` maps it to a table cell or a sentence of the document: first
in the table or sentence list on screen, then in the other tables printed on
that page, then among all the sentences.  The answer, a :class:`PageHit`, says
which outline node to show first (None when the item is already on screen) and
which cell or sentence to select there; selecting it then selects its first
finding, as any selection in the window does.
"""

from __future__ import annotations

from dataclasses import dataclass

from gouji.gui.qt_table_model import QtSentenceModel, QtTableModel, bbox_contains
from gouji.model.document import Document


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
