"""框选添加问题: the reviewer draws a finding on a region of the source page.

:class:`QtRegionDraw` is a mode of the page view (:class:`~gouji.gui.qt_page_view.QtPageView`): an
event filter on its viewport that, while the mode is on, turns a left-button drag into a rubber-band
rectangle (instead of scrolling the page) and, on release, reports the rectangle in PDF points on
the page shown (:attr:`QtRegionDraw.regionDrawn`).  Esc or a second press of the action leaves the
mode.  :func:`region_location` turns the rectangle into a finding location: the page and the box
drawn, plus the table cell or sentence printed under its centre when the document knows one (so
that the 检查表 puts the finding on that table's row); a scanned page gives the page and box only.
:class:`QtRegionFinding` asks for the finding (the 添加问题 dialog, its place filled in) and adds
it to the review, which lists it, highlights it on the page and exports it (workbook, 标注版 PDF).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QGraphicsView, QMainWindow, QRubberBand

from gouji.gui.i18n import tr
from gouji.gui.qt_annotation import QtAddFindingDialog
from gouji.gui.qt_page_view import QtPageView
from gouji.gui.qt_table_model import bbox_contains
from gouji.gui.review_session import locked_message
from gouji.model.document import BBox, Document
from gouji.model.findings import Finding, Location, cell_location, sentence_location

MIN_SIDE = 3.0  # points: a smaller rectangle is a click, not a region


class QtRegionDraw(QObject):
    """The drawing mode of ``page_view``.

    Signals
    -------
    regionDrawn(int, BBox)
        The page shown and the rectangle drawn on it (PDF points, top-left origin).
    activeChanged(bool)
        The mode was turned on or off.
    """

    regionDrawn = Signal(int, object)
    activeChanged = Signal(bool)

    def __init__(self, page_view: QtPageView):
        super().__init__(page_view)
        self._page_view = page_view
        self._viewport = page_view.view.viewport()
        self._band = QRubberBand(QRubberBand.Shape.Rectangle, self._viewport)
        self._origin: QPoint | None = None
        self._active = False
        self._viewport.installEventFilter(self)
        page_view.view.installEventFilter(self)  # Esc while the page has the focus

    def is_active(self) -> bool:
        return self._active

    def set_active(self, on: bool) -> None:
        """Turn the mode on (a cross cursor; drags draw) or off (drags scroll the page again)."""
        if on == self._active:
            return
        self._active = on
        view = self._page_view.view
        view.setDragMode(QGraphicsView.DragMode.NoDrag if on else QGraphicsView.DragMode.ScrollHandDrag)
        if on:
            self._viewport.setCursor(Qt.CursorShape.CrossCursor)
            view.setFocus()
        else:
            self._viewport.unsetCursor()
            self._cancel()
        self.activeChanged.emit(on)

    def region(self, a: QPoint, b: QPoint) -> BBox | None:
        """The rectangle between two viewport points in page points, clipped to the page (None: too small)."""
        view = self._page_view.view
        pa, pb = view.mapToScene(a), view.mapToScene(b)
        w, h = self._page_view.page_size()
        x0, x1 = sorted((min(max(pa.x(), 0.0), w), min(max(pb.x(), 0.0), w)))
        top, bottom = sorted((min(max(pa.y(), 0.0), h), min(max(pb.y(), 0.0), h)))
        if x1 - x0 < MIN_SIDE or bottom - top < MIN_SIDE:
            return None
        return BBox(x0=round(x0, 2), top=round(top, 2), x1=round(x1, 2), bottom=round(bottom, 2))

    def _cancel(self) -> None:
        self._origin = None
        self._band.hide()

    # ### Reimplemented Protected Qt Functions ###
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if not self._active:
            return False
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:
            self.set_active(False)
            return True
        if obj is not self._viewport or not isinstance(event, QMouseEvent):
            return False
        pos = event.position().toPoint()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._origin = pos
            self._band.setGeometry(QRect(pos, QSize()))
            self._band.show()
            return True
        if kind == QEvent.Type.MouseMove and self._origin is not None:
            self._band.setGeometry(QRect(self._origin, pos).normalized())
            return True
        if kind == QEvent.Type.MouseButtonRelease and self._origin is not None:
            origin = self._origin
            self._cancel()
            page = self._page_view.page()
            box = self.region(origin, pos) if page else None
            if box is not None:
                self.regionDrawn.emit(page, box)
            return True
        return False


def region_location(doc: Document | None, page: int, box: BBox) -> Location:
    """A finding's place for the region ``box`` drawn on ``page``: the box, and the cell or sentence at its centre."""
    x, y = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
    for t in doc.tables if doc is not None else []:
        if page not in t.pages:
            continue
        for row in t.rows:
            for cell in row.cells:
                if cell.page == page and cell.bbox is not None and bbox_contains(cell.bbox, x, y):
                    return cell_location(t, row, cell.col).model_copy(update={"page": page, "bbox": box})
    for s in doc.sentences if doc is not None else []:
        if s.page == page and s.bbox is not None and bbox_contains(s.bbox, x, y):
            return sentence_location(s).model_copy(update={"page": page, "bbox": box})
    return Location(page=page, bbox=box)


def describe(doc: Document | None, loc: Location) -> str:
    """The place of a drawn region in words (the 位置 of the 添加问题 dialog)."""
    where = tr("第 {page} 页框选区域", page=loc.page)
    table = doc.table(loc.table) if doc is not None and loc.table else None
    parts = [table.title if table is not None else "", loc.row_name or "", loc.column_label or ""]
    parts.append((loc.text or "")[:80])
    detail = " / ".join(p for p in parts if p)
    return f"{where}（{detail}）" if detail else where


class QtRegionFinding(QObject):
    """Ties the drawing mode of the window's page view to the review: a drawn region becomes a finding.

    ``window`` is the main window (its ``page_view``, ``review`` controller and ``select_finding``).
    """

    findingAdded = Signal(object)  # the Finding

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self._window = window
        self.draw = QtRegionDraw(window.page_view)  # type: ignore[attr-defined]
        self.draw.regionDrawn.connect(self.ask)
        self.dialog: QtAddFindingDialog | None = None

    def ask(self, page: int, box: BBox) -> QtAddFindingDialog | None:
        """Open the 添加问题 dialog for the region (its place filled in); OK adds the finding."""
        review = self._window.review  # type: ignore[attr-defined]
        if review.session is None or review.provisional:
            review.status.emit(tr("文件加载完成后才能添加问题。"))
            return None
        if review.session.locked:  # signed off: a new round is needed to add findings
            review.status.emit(locked_message(review.session.state))
            return None
        loc = region_location(review.doc, page, box)
        dlg = QtAddFindingDialog(describe(review.doc, loc), self._window)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.accepted.connect(lambda: self._add(loc, *dlg.values()))
        dlg.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dlg
        dlg.open()
        return dlg

    def _add(self, loc: Location, severity, message: str) -> None:
        f: Finding | None = self._window.review.add_manual_finding(loc, message, severity)  # type: ignore[attr-defined]
        if f is None:
            return
        self._window.select_finding(f)  # type: ignore[attr-defined]  # listed, framed on the page
        self._window.page_view.highlight(loc.page, loc.bbox)  # type: ignore[attr-defined]
        self.findingAdded.emit(f)
