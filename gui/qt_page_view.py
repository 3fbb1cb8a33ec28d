"""The source-page view: a PDF page rendered with pypdfium2, with a highlight.

Render flow: :class:`QtPageView` asks :class:`PageRenderService` for
(page, pixels-per-point); the service sends the request to the render helper
process (:mod:`gouji.gui._render_proc`: PDFium is not thread-safe and the
parser may be using it in this process), converts the returned pixels to a
``QImage`` on the executor's thread, keeps the last few in an LRU cache, and
hands the image back through a queued signal.  The scene is laid out in **PDF
points** (top-left origin, as in :class:`~gouji.model.document.BBox`): the
page pixmap item is scaled by ``1 / pixels_per_point`` so that bounding boxes
are drawn as they are, and the view's transform is the zoom.  Pixmaps are
rendered at ``zoom × devicePixelRatio`` so text stays sharp on high-DPI screens.

A disclosure read from several files (``Document.sources``) is shown as one
run of pages: the service renders document page *n* from the file and page that
``locate(n)`` names (:meth:`~gouji.model.document.Document.source_of`), and
the title names the file of the page shown.

Clicking on the page emits :attr:`QtPageView.clickedAt` with the page and the
point in PDF points; the window maps it back to a cell or a sentence.

Zoom to band: a box highlighted with a :class:`~gouji.gui.page_band.Band`
(the table's width and its header band) is shown at a readable size — the
table's width fitted to the view, never below :data:`READABLE_ZOOM` — with the
header band above it in view; when the row is too far below the header for
both to fit, a copy of the header band is pinned to the top of the view (as
frozen panes in a spreadsheet).  :attr:`QtPageView.zoom_to_band` turns it off.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QKeySequence, QPainter, QPen, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gouji.gui import _render_proc
from gouji.gui._render_proc import Bitmap
from gouji.gui._style import HIGHLIGHT_FILL, HIGHLIGHT_PEN, TITLE_STYLE
from gouji.gui.i18n import tr
from gouji.gui.page_band import Band
from gouji.model.document import BBox

CACHE_PAGES = 6

Locate = Callable[[int], tuple[str, int]]  # document page -> (file, page in that file)
MIN_ZOOM, MAX_ZOOM = 0.25, 6.0
ZOOM_STEP = 1.25
# the digits of a 9-10.5 pt table font are about 6-7.4 pt high: 1.6 px per point draws them 9.5 px or more
READABLE_ZOOM = 1.6
BAND_MAX_ZOOM = 2.0  # a narrow band is not blown up beyond this
BAND_PAD = 6.0  # points kept around a band


def bitmap_to_image(bm: Bitmap) -> QImage:
    """Wrap the helper's raw pixels in an owned ``QImage`` (safe in any thread)."""
    fmt = QImage.Format.Format_RGB32 if bm.channels == 4 else QImage.Format.Format_BGR888
    return QImage(bm.data, bm.width, bm.height, bm.stride, fmt).copy()


class PageRenderService(QObject):
    """Renders pages of one document in the helper process; caches the last few images.

    Pages are document pages; :meth:`set_source` says in which PDF file, and as
    which page of it, each one is printed.

    ``rendered(page, pixels_per_point, QImage)`` is delivered in the GUI thread;
    ``failed(page, message)`` when PDFium cannot render.  Requests for a file
    that is no longer shown are dropped by a generation counter.
    """

    rendered = Signal(int, float, QImage)
    failed = Signal(int, str)
    _delivered = Signal(int, int, float, object)  # generation, page, ppp, QImage | Exception

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._locate: Locate | None = None
        self._generation = 0
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[int, float], QImage] = OrderedDict()
        self._pending: set[tuple[int, float]] = set()
        self._down = False
        self._delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)

    def set_source(self, locate: Locate | None) -> None:
        """Switch to another document (None for none); cached images are dropped."""
        if self._down:
            return
        with self._lock:
            self._generation += 1
        self._cache.clear()
        self._pending.clear()
        self._locate = locate

    def extend_source(self, locate: Locate) -> None:
        """The same document with more pages known (provisional → final): cached images stay."""
        if not self._down:
            self._locate = locate

    def cached(self, page: int, ppp: float) -> QImage | None:
        img = self._cache.get((page, ppp))
        if img is not None:
            self._cache.move_to_end((page, ppp))
        return img

    def request(self, page: int, ppp: float) -> None:
        """Render ``page`` at ``ppp`` pixels per point (answer via ``rendered`` or from :meth:`cached`)."""
        key = (page, round(ppp, 3))
        if key in self._cache:
            self.rendered.emit(page, key[1], self._cache[key])
            return
        if key in self._pending or self._locate is None or self._down:
            return
        self._pending.add(key)
        with self._lock:
            gen = self._generation
        path, local = self._locate(page)
        try:
            fut: Future = _render_proc.executor().submit(_render_proc.render_page, path, local, key[1])
        except RuntimeError as exc:  # the helper could not start
            self._pending.discard(key)
            self.failed.emit(page, str(exc))
            return
        fut.add_done_callback(lambda f, gen=gen, key=key: self._deliver(gen, key, f))

    def shutdown(self) -> None:
        """Stop taking requests; renders in flight are dropped (the helper is shared)."""
        if self._down:
            return
        self._down = True
        self._locate = None
        with self._lock:
            self._generation += 1

    # --- helper-process callbacks ---------------------------------------------
    def _deliver(self, gen: int, key: tuple[int, float], fut: Future) -> None:
        # runs on the executor's thread: convert there, hop to the GUI thread through a queued signal
        with self._lock:
            if gen != self._generation:
                return
        try:
            value: object = bitmap_to_image(fut.result())
        except BaseException as exc:  # PDFium error or a dead helper
            value = exc
        try:
            self._delivered.emit(gen, key[0], key[1], value)
        except RuntimeError:  # this object was deleted meanwhile
            pass

    def _on_delivered(self, gen: int, page: int, ppp: float, value: object) -> None:
        self._pending.discard((page, ppp))
        with self._lock:
            if gen != self._generation:
                return
        if not isinstance(value, QImage):
            self.failed.emit(page, str(value) or type(value).__name__)
            return
        self._cache[(page, ppp)] = value
        while len(self._cache) > CACHE_PAGES:
            self._cache.popitem(last=False)
        self.rendered.emit(page, ppp, value)


def _same_page(path: str, page: int) -> tuple[str, int]:
    return path, page


class _GraphicsView(QGraphicsView):
    clicked = Signal(QPointF)
    zoomRequested = Signal(int)

    # ### Reimplemented Protected Qt Functions ###
    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.mapToScene(event.position().toPoint()))
        super().mousePressEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoomRequested.emit(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)


class QtPageView(QWidget):
    """Shows one source page with zoom, page navigation and a highlighted box.

    Signals
    -------
    clickedAt(int, float, float)
        Page and point (PDF points) the user clicked.
    pageChanged(int)
        The page shown.
    """

    clickedAt = Signal(int, float, float)
    pageChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._service = PageRenderService(self)
        self._service.rendered.connect(self._on_rendered)
        self._service.failed.connect(self._on_failed)
        self._sizes: list[tuple[float, float]] = []
        self._count = 0
        self._page = 0
        self._zoom = 1.0
        self._fit: str | None = "width"
        self._is_pdf = False
        self._locate: Locate | None = None
        self._highlight: tuple[int, BBox] | None = None
        self._band: Band | None = None
        self.zoom_to_band = True  # a highlight with a band zooms to it (View menu, remembered by the window)

        self._scene = QGraphicsScene(self)
        self._scene.setBackgroundBrush(QColor(120, 120, 120))
        self._pixmap = QGraphicsPixmapItem()
        self._pixmap.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._paper = QGraphicsRectItem()
        self._paper.setBrush(QBrush(Qt.GlobalColor.white))
        self._paper.setPen(QPen(Qt.PenStyle.NoPen))
        self._rect = QGraphicsRectItem()
        pen = QPen(HIGHLIGHT_PEN)
        pen.setWidthF(2.0)
        pen.setCosmetic(True)
        self._rect.setPen(pen)
        self._rect.setBrush(QBrush(HIGHLIGHT_FILL))
        self._rect.setZValue(10)
        self._rect.hide()
        for item in (self._paper, self._pixmap, self._rect):
            self._scene.addItem(item)

        self.view = _GraphicsView(self._scene, self)
        self.view.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.clicked.connect(self._on_clicked)
        self.view.zoomRequested.connect(lambda d: self.zoom_in() if d > 0 else self.zoom_out())

        # the header band pinned to the top of the view when the row is far below it
        self.header_strip = QLabel(self.view.viewport())
        self.header_strip.setScaledContents(True)
        self.header_strip.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.header_strip.hide()
        for bar in (self.view.horizontalScrollBar(), self.view.verticalScrollBar()):
            bar.valueChanged.connect(self._update_strip)
        self.view.viewport().installEventFilter(self)  # the band is framed again when the view resizes

        self.note = QLabel(self)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.note)

        self.btn_prev = self._button("◀", self.previous_page)
        self.btn_next = self._button("▶", self.next_page)
        self.spin = QSpinBox(self)
        self.spin.setMinimum(1)
        self.spin.setKeyboardTracking(False)
        self.spin.valueChanged.connect(self.show_page)
        self.count_label = QLabel(self)
        self.btn_zoom_out = self._button("−", self.zoom_out)
        self.btn_zoom_in = self._button("+", self.zoom_in)
        self.btn_fit_width = self._button("↔", self.fit_width)
        self.btn_fit_page = self._button("⤢", self.fit_page)
        self.zoom_label = QLabel(self)
        self.title = QLabel(self)
        self.title.setStyleSheet(TITLE_STYLE)

        fm = self.fontMetrics()
        self.count_label.setMinimumWidth(fm.horizontalAdvance("/ 8888") + 4)
        self.zoom_label.setMinimumWidth(fm.horizontalAdvance("888%") + 4)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.spin.setMinimumWidth(fm.horizontalAdvance("8888") + 36)
        self.title.setMinimumWidth(0)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(2)
        bar.addWidget(self.title)
        bar.addStretch(1)
        for w in (
            self.btn_prev,
            self.spin,
            self.count_label,
            self.btn_next,
            self.btn_zoom_out,
            self.zoom_label,
            self.btn_zoom_in,
            self.btn_fit_width,
            self.btn_fit_page,
        ):
            bar.addWidget(w)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.stack, 1)

        for seq, slot in (
            (QKeySequence.StandardKey.MoveToPreviousPage, self.previous_page),
            (QKeySequence.StandardKey.MoveToNextPage, self.next_page),
        ):
            sc = QShortcut(seq, self.view)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(slot)

        self._rerender = QTimer(self)
        self._rerender.setSingleShot(True)
        self._rerender.setInterval(120)
        self._rerender.timeout.connect(self._request)
        self.set_document(None)
        self.retranslate()

    def _button(self, text: str, slot: Callable[[], None]) -> QToolButton:
        b = QToolButton(self)
        b.setText(text)
        b.clicked.connect(slot)
        return b

    # --- public API ---------------------------------------------------------
    def set_document(
        self,
        path: str | None,
        is_pdf: bool = True,
        page_sizes: list[tuple[float, float]] | None = None,
        page_count: int = 0,
        locate: Locate | None = None,
    ) -> None:
        """Show pages of ``path`` (a PDF) or, for other formats, a note.

        ``locate``: for a document of several files, the file and page in it of
        each document page (the title then names the file of the page shown).
        """
        self._is_pdf = bool(path) and is_pdf
        self._locate = locate
        self._sizes = list(page_sizes or [])
        self._count = page_count or len(self._sizes)
        self._page = 0
        self._highlight = None
        self._band = None
        self._rect.hide()
        self._pixmap.setPixmap(QPixmap())
        if self._is_pdf and path:
            self._service.set_source(locate or functools.partial(_same_page, path))
        else:
            self._service.set_source(None)
        self.spin.blockSignals(True)
        self.spin.setMaximum(max(1, self._count))
        self.spin.setValue(1)
        self.spin.blockSignals(False)
        nav = self._is_pdf and self._count > 0
        for w in (
            self.btn_prev,
            self.btn_next,
            self.spin,
            self.btn_zoom_in,
            self.btn_zoom_out,
            self.btn_fit_page,
            self.btn_fit_width,
        ):
            w.setEnabled(nav)
        if path and not is_pdf:
            self._note = "此文件不是 PDF，没有原文页面可显示。"
            self.stack.setCurrentWidget(self.note)
        elif not path:
            self._note = ""
            self.stack.setCurrentWidget(self.note)
        else:
            self._note = ""
            self.stack.setCurrentWidget(self.view)
            if self._count:
                self.show_page(1)
        self.retranslate()

    def update_pages(
        self, page_sizes: list[tuple[float, float]], page_count: int, locate: Locate | None = None
    ) -> None:
        """New page sizes / count for the same file (provisional → final document); keeps the page.

        ``locate`` as for :meth:`set_document` (the final document may hold more files).
        """
        if locate is not None and self._is_pdf:
            self._locate = locate
            self._service.extend_source(locate)
            self._update_title()
        self._sizes = list(page_sizes or [])
        self._count = max(page_count or len(self._sizes), self._count)
        self.spin.blockSignals(True)
        self.spin.setMaximum(max(1, self._count))
        self.spin.blockSignals(False)
        self._update_count_label()
        if self._is_pdf and not self._page and self._count:
            self.show_page(1)

    def page(self) -> int:
        return self._page

    def page_size(self) -> tuple[float, float]:
        """Width and height in points of the page shown (the scene's page rectangle)."""
        return self._page_size(self._page)

    def page_count(self) -> int:
        return self._count

    def zoom(self) -> float:
        return self._zoom

    def show_page(self, page: int) -> None:
        if not self._is_pdf or not 1 <= page <= self._count:
            return
        if page != self._page:
            self._page = page
            w, h = self._page_size(page)
            self._paper.setRect(0, 0, w, h)
            self._scene.setSceneRect(QRectF(-20, -20, w + 40, h + 40))
            self._pixmap.setPixmap(QPixmap())
            self._apply_zoom()
            self.spin.blockSignals(True)
            self.spin.setValue(page)
            self.spin.blockSignals(False)
            self._update_count_label()
            self._update_title()
            self._update_highlight()
            self._request()
            self.pageChanged.emit(page)

    def next_page(self) -> None:
        self.show_page(self._page + 1)

    def previous_page(self) -> None:
        self.show_page(self._page - 1)

    def highlight(
        self, page: int | None, bbox: BBox | None, scroll: bool = True, band: Band | None = None
    ) -> None:
        """Go to ``page`` and frame ``bbox`` (PDF points); None clears the box.

        With a ``band`` (and :attr:`zoom_to_band` on) the view zooms to it: see the module's notes.
        """
        self._band = band if bbox is not None and self.zoom_to_band else None
        if page is None:
            self._highlight = None
            self._rect.hide()
            self._update_strip()
            return
        self.show_page(page)
        self._highlight = (page, bbox) if bbox is not None else None
        self._update_highlight()
        if self._band is not None:
            self._fit = "band"
            self._apply_zoom()
            self._rerender.start()
        elif scroll and bbox is not None:
            self.view.ensureVisible(
                QRectF(bbox.x0, bbox.top, bbox.x1 - bbox.x0, bbox.bottom - bbox.top), 40, 40
            )

    def highlighted(self) -> tuple[int, BBox] | None:
        return self._highlight

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / ZOOM_STEP)

    def set_zoom(self, zoom: float) -> None:
        self._fit = None
        self._zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self._apply_zoom()
        self._rerender.start()

    def fit_width(self) -> None:
        self._fit = "width"
        self._apply_zoom()
        self._rerender.start()

    def fit_page(self) -> None:
        self._fit = "page"
        self._apply_zoom()
        self._rerender.start()

    def shutdown(self) -> None:
        self._rerender.stop()
        self._service.shutdown()

    def retranslate(self) -> None:
        self._update_title()
        self.btn_prev.setToolTip(tr("上一页") + " (PgUp)")
        self.btn_next.setToolTip(tr("下一页") + " (PgDown)")
        self.btn_zoom_in.setToolTip(tr("放大") + " (Ctrl++)")
        self.btn_zoom_out.setToolTip(tr("缩小") + " (Ctrl+-)")
        self.btn_fit_width.setToolTip(tr("适合宽度"))
        self.btn_fit_page.setToolTip(tr("适合页面"))
        self.spin.setToolTip(tr("页"))
        self.note.setText(tr(self._note) if self._note else "")
        self._update_count_label()

    # --- internals ----------------------------------------------------------
    def _page_size(self, page: int) -> tuple[float, float]:
        if 1 <= page <= len(self._sizes) and self._sizes[page - 1][0] > 0:
            return self._sizes[page - 1]
        return (595.0, 842.0)

    def source_label(self) -> str:
        """The file and its page of the page shown, for a document of several files (else "")."""
        if self._locate is None or not self._page or not self._is_pdf:
            return ""
        path, local = self._locate(self._page)
        return tr("{name} 第 {page} 页", name=Path(path).name, page=local)

    def _update_title(self) -> None:
        where = self.source_label()
        self.title.setText(tr("原文页面") + (f" — {where}" if where else ""))
        self.title.setToolTip(where)

    def _update_count_label(self) -> None:
        self.count_label.setText(f"/ {self._count}" if self._count and self._is_pdf else "")

    def _apply_zoom(self) -> None:
        if not self._page:
            return
        w, h = self._page_size(self._page)
        vp = self.view.viewport().size()
        if self._fit == "width":
            self._zoom = max(MIN_ZOOM, (vp.width() - 24) / w)
        elif self._fit == "page":
            self._zoom = max(MIN_ZOOM, min((vp.width() - 24) / w, (vp.height() - 24) / h))
        elif self._fit == "band" and self._band is not None:
            self._zoom = self._band_zoom()
        self.view.resetTransform()
        self.view.scale(self._zoom, self._zoom)
        self.zoom_label.setText(f"{self._zoom * 100:.0f}%")
        if self._fit == "band":
            self._frame_band()
        self._update_strip()

    def _band_zoom(self) -> float:
        """The band's width fitted to the view, with the header band and the row in view if that
        is still readable (more rows show), never below :data:`READABLE_ZOOM`."""
        assert self._band is not None
        band, vp = self._band, self.view.viewport().size()
        zoom = min(BAND_MAX_ZOOM, (vp.width() - 4) / (band.x1 - band.x0 + 2 * BAND_PAD))
        if band.header is not None and self._highlight is not None and self._highlight[0] == self._page:
            zoom = min(zoom, (vp.height() - 4) / (self._highlight[1].bottom - band.header[0] + 2 * BAND_PAD))
        return max(READABLE_ZOOM, zoom)

    def _frame_band(self) -> None:
        """Scroll so that the band's width (or the highlighted cell) and its header band are in view."""
        if self._band is None or self._highlight is None or self._highlight[0] != self._page:
            return
        band, box = self._band, self._highlight[1]
        vp = self.view.viewport().size()
        vw, vh = vp.width() / self._zoom, vp.height() / self._zoom  # the view's size in points
        if band.x1 - band.x0 + 2 * BAND_PAD <= vw:
            left = (band.x0 + band.x1 - vw) / 2
        else:  # from the table's left edge (code and name), as far right as the cell needs
            left = band.x0 - BAND_PAD
            left = min(max(left, box.x1 + BAND_PAD - vw), box.x0 - BAND_PAD)
        if band.header is not None and box.bottom - band.header[0] + 2 * BAND_PAD <= vh:
            top = band.header[0] - BAND_PAD
        else:  # below the pinned header band (if any), with a few rows above it for context
            strip = band.header[1] - band.header[0] if band.header is not None else 0.0
            room = vh - strip - (box.bottom - box.top)
            top = box.top - strip - max(BAND_PAD, 0.35 * room)
        self.view.centerOn(QPointF(left + vw / 2, top + vh / 2))
        # the scroll bars may just have appeared and narrowed the view: the box stays in view
        margin = round(BAND_PAD * self._zoom)
        self.view.ensureVisible(
            QRectF(box.x0, box.top, box.x1 - box.x0, box.bottom - box.top), margin, margin
        )

    def _update_strip(self) -> None:
        """Pin a copy of the header band to the top of the view while the band itself is above it."""
        band = self._band
        pm = self._pixmap.pixmap()
        if (
            band is None
            or band.header is None
            or self._highlight is None
            or self._highlight[0] != self._page
            or pm.isNull()
            or self.stack.currentWidget() is not self.view
        ):
            self.header_strip.hide()
            return
        top, bottom = band.header
        if self.view.mapFromScene(QPointF(band.x0, top)).y() >= 0:  # the real header band is in view
            self.header_strip.hide()
            return
        ppp = 1.0 / self._pixmap.scale()
        x0 = band.x0 - BAND_PAD
        width = band.x1 - band.x0 + 2 * BAND_PAD
        src = QRect(int(x0 * ppp), int(top * ppp), int(width * ppp), int((bottom - top) * ppp))
        left = self.view.mapFromScene(QPointF(x0, top)).x()
        strip = pm.copy(src)
        with QPainter(strip) as painter:  # a rule under the copy: it is not the page
            painter.fillRect(0, strip.height() - 3, strip.width(), 3, QColor(110, 110, 110))
        self.header_strip.setPixmap(strip)
        self.header_strip.setGeometry(
            left, 0, round(width * self._zoom), round((bottom - top) * self._zoom) + 2
        )
        self.header_strip.show()
        self.header_strip.raise_()

    def _ppp(self) -> float:
        """Pixels per PDF point for the current zoom on this screen (bucketed to limit re-renders)."""
        dpr = self.devicePixelRatioF() or 1.0
        return round(min(self._zoom * dpr, 8.0) * 8) / 8 or 0.125

    def _request(self) -> None:
        if not self._is_pdf or not self._page:
            return
        ppp = self._ppp()
        img = self._service.cached(self._page, ppp)
        if img is not None:
            self._set_image(img, ppp)
        else:
            self._service.request(self._page, ppp)

    def _on_rendered(self, page: int, ppp: float, img: QImage) -> None:
        if page == self._page:
            self._set_image(img, ppp)

    def _on_failed(self, page: int, message: str) -> None:
        if page == self._page:
            self._note = ""
            self.note.setText(tr("页面渲染失败：{err}", err=message))
            self.stack.setCurrentWidget(self.note)

    def _set_image(self, img: QImage, ppp: float) -> None:
        pm = QPixmap.fromImage(img)
        self._pixmap.setPixmap(pm)
        self._pixmap.setScale(1.0 / ppp)
        self._update_strip()

    def _update_highlight(self) -> None:
        if self._highlight is None or self._highlight[0] != self._page:
            self._rect.hide()
            return
        b = self._highlight[1]
        pad = 1.5
        self._rect.setRect(b.x0 - pad, b.top - pad, b.x1 - b.x0 + 2 * pad, b.bottom - b.top + 2 * pad)
        self._rect.show()

    def _on_clicked(self, p: QPointF) -> None:
        if self._page and self._is_pdf:
            self.clickedAt.emit(self._page, p.x(), p.y())

    # ### Reimplemented Protected Qt Functions ###
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        # the viewport has its final size here (in this widget's resizeEvent it has not yet)
        if event.type() == QEvent.Type.Resize and self._fit == "band" and obj is self.view.viewport():
            self._apply_zoom()
            self._rerender.start()
        return super().eventFilter(obj, event)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._fit is not None:
            self._apply_zoom()
            self._rerender.start()
