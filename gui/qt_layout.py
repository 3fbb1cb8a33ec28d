"""The workbench's layout on small screens: page and content as tabs, collapsible panels.

:class:`QtCentre` holds the source page and the content pane (table or
sentences) side by side in a splitter, or as two tabs (one shown at a time,
the whole width each): always, never, or automatically when the centre is
narrower than :data:`SIDE_BY_SIDE_MIN` (a laptop screen, 150 % scaling).

:class:`QtPanelToggles` makes the outline, the findings list and the
annotation panel collapsible from the View menu as well as by dragging their
splitter handles; a collapsed panel is a splitter child of size 0, so the
splitter states the window saves remember it.

:class:`QtLayoutActions` are the View-menu entries of both, with the page
view's zoom-to-band switch; the choices are kept in the window's settings.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QSplitter, QTabBar, QVBoxLayout, QWidget

from gouji.gui.i18n import tr

SIDE_BY_SIDE_MIN = 1280  # px: below this the page and the table are tabs in "auto" mode
HANDLE_WIDTH = 7  # px: splitter handles easy to grab (and to pull a collapsed panel back)
CENTRE_MODES = {"auto": "自动（窗口较窄时用标签页）", "side": "并排显示", "tabs": "标签页"}
PAGE_TAB, CONTENT_TAB = 0, 1


class QtCentre(QWidget):
    """The page view and the content pane: a splitter, or tabs over it when narrow.

    ``mode`` is ``"auto"``, ``"side"`` or ``"tabs"``; :meth:`tabbed` says what is shown.
    """

    tabbedChanged = Signal(bool)

    def __init__(self, page: QWidget, content: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.page, self.content = page, content
        self.mode = "auto"
        self._tabbed = False
        self._side_sizes: list[int] = []  # the panes' widths side by side, kept while tabbed
        self.tabs = QTabBar(self)
        self.tabs.addTab("")
        self.tabs.addTab("")
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        self.tabs.currentChanged.connect(lambda _i: self._apply())
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.setHandleWidth(HANDLE_WIDTH)
        for i, (w, stretch) in enumerate(((page, 3), (content, 2))):  # the page gets the larger share
            self.split.addWidget(w)
            self.split.setStretchFactor(i, stretch)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.tabs)
        lay.addWidget(self.split, 1)
        self._apply()

    def set_mode(self, mode: str) -> None:
        self.mode = mode if mode in CENTRE_MODES else "auto"
        self._apply()

    def tabbed(self) -> bool:
        return self._tabbed

    def side_sizes(self) -> list[int]:
        """The panes' widths side by side (kept while they are tabs)."""
        return list(self._side_sizes) if self._tabbed else self.split.sizes()

    def set_side_sizes(self, sizes: list[int]) -> None:
        if len(sizes) != 2 or not all(sizes):
            return
        if self._tabbed:
            self._side_sizes = list(sizes)
        else:
            self.split.setSizes(sizes)

    def show_tab(self, index: int) -> None:
        """Bring the page (:data:`PAGE_TAB`) or the content (:data:`CONTENT_TAB`) to the front."""
        self.tabs.setCurrentIndex(index)

    def switch_tab(self) -> None:
        self.tabs.setCurrentIndex(1 - self.tabs.currentIndex())

    def retranslate(self) -> None:
        self.tabs.setTabText(PAGE_TAB, tr("原文页面"))
        self.tabs.setTabText(CONTENT_TAB, tr("表格 / 文字"))

    def _apply(self) -> None:
        if not self.isVisible():  # decided when shown, at its real width
            return
        tabbed = self.mode == "tabs" or (self.mode == "auto" and self.width() < SIDE_BY_SIDE_MIN)
        if tabbed and not self._tabbed:
            self._side_sizes = self.split.sizes()
        self.tabs.setVisible(tabbed)
        front = self.tabs.currentIndex()
        self.page.setVisible(not tabbed or front == PAGE_TAB)
        self.content.setVisible(not tabbed or front == CONTENT_TAB)
        if tabbed:  # the pane in front takes the whole width (even one collapsed by its handle)
            self.split.setSizes([1, 0] if front == PAGE_TAB else [0, 1])
        elif self._tabbed:  # side by side again, as before
            width = max(self.split.width(), 5)
            self.split.setSizes(
                self._side_sizes if all(self._side_sizes) else [width * 3 // 5, width * 2 // 5]
            )
        if tabbed != self._tabbed:
            self._tabbed = tabbed
            self.tabbedChanged.emit(tabbed)

    # ### Reimplemented Protected Qt Functions ###
    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._apply()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.mode == "auto":
            self._apply()


class QtPanelToggles(QObject):
    """Collapse and restore panels that are children of two-pane splitters.

    ``panels``: name → (splitter, index of the panel in it).  :attr:`changed`
    reports a panel shown or collapsed, by the View menu or by dragging its handle.
    """

    changed = Signal(str, bool)

    def __init__(self, panels: dict[str, tuple[QSplitter, int]], parent: QObject | None = None):
        super().__init__(parent)
        self.panels = panels
        self._restore: dict[str, int] = {}
        for split, _i in panels.values():
            split.setHandleWidth(HANDLE_WIDTH)
            split.setChildrenCollapsible(True)
            split.splitterMoved.connect(lambda *_a: self._report())
        self._last = {name: self.is_shown(name) for name in panels}

    def is_shown(self, name: str) -> bool:
        split, i = self.panels[name]
        return split.sizes()[i] > 0

    def set_shown(self, name: str, shown: bool) -> None:
        split, i = self.panels[name]
        sizes = split.sizes()
        total = sum(sizes)
        if shown == (sizes[i] > 0) or total <= 0:
            self._report()
            return
        if shown:
            want = self._restore.get(name) or total // 4
            sizes[i], sizes[1 - i] = want, max(total - want, 0)
        else:
            self._restore[name] = sizes[i]
            sizes[i], sizes[1 - i] = 0, total
        split.setSizes(sizes)
        self._report()

    def _report(self) -> None:
        for name in self.panels:
            now = self.is_shown(name)
            if now != self._last.get(name):
                self._last[name] = now
                self.changed.emit(name, now)


class QtLayoutActions(QObject):
    """The View-menu entries of the layout: tabs or side by side, panels, zoom to band.

    The choices are read from and written to ``settings`` (``layout/centre``,
    ``layout/tab``, ``layout/band_zoom``, and by :meth:`save` ``layout/side``,
    the widths of page and table side by side); the panels' sizes are in the
    splitter states the window saves.
    """

    PANELS = {"outline": "目录", "findings": "问题清单", "annotation": "审核意见"}

    def __init__(
        self,
        window: QMainWindow,
        settings: QSettings,
        centre: QtCentre,
        toggles: QtPanelToggles,
        page_view,
    ):
        super().__init__(window)
        self._settings, self.centre, self.toggles, self.page_view = settings, centre, toggles, page_view
        self.mode_group = QActionGroup(window)
        self.mode_group.setExclusive(True)
        self.act_mode: dict[str, QAction] = {}
        for mode in CENTRE_MODES:
            a = QAction(window, checkable=True)
            a.triggered.connect(functools.partial(self.set_mode, mode))
            self.mode_group.addAction(a)
            self.act_mode[mode] = a
        self.act_switch = QAction(window)
        self.act_switch.setShortcut("F6")
        self.act_switch.triggered.connect(centre.switch_tab)
        window.addAction(self.act_switch)
        self.act_panel: dict[str, QAction] = {}
        for name in self.PANELS:
            a = QAction(window, checkable=True)
            a.toggled.connect(functools.partial(self._panel_toggled, name))
            self.act_panel[name] = a
        self.act_band = QAction(window, checkable=True)
        self.act_band.toggled.connect(self._band_toggled)
        self.menu_centre = QMenu(window)
        for a in self.act_mode.values():
            self.menu_centre.addAction(a)
        self.menu_centre.addSeparator()
        self.menu_centre.addAction(self.act_switch)
        toggles.changed.connect(self._panel_changed)
        centre.tabbedChanged.connect(lambda _t: self.act_switch.setEnabled(centre.tabbed()))
        centre.tabs.currentChanged.connect(lambda i: settings.setValue("layout/tab", i))

        side = settings.value("layout/side")
        if isinstance(side, list):
            centre.set_side_sizes([int(v) for v in side])
        self.set_mode(str(settings.value("layout/centre", "auto")))
        centre.show_tab(int(settings.value("layout/tab", PAGE_TAB) or PAGE_TAB))
        self.act_band.setChecked(str(settings.value("layout/band_zoom", "true")).lower() != "false")
        self._band_toggled(self.act_band.isChecked())
        self.sync_panels()

    def save(self) -> None:
        """Remember the widths of page and table side by side (the window calls it on close)."""
        self._settings.setValue("layout/side", [str(v) for v in self.centre.side_sizes()])

    def add_to(self, menu: QMenu) -> None:
        """Append the entries to the View menu."""
        menu.addSeparator()
        menu.addAction(self.act_band)
        menu.addMenu(self.menu_centre)
        for a in self.act_panel.values():
            menu.addAction(a)

    def set_mode(self, mode: str) -> None:
        self.centre.set_mode(mode)
        self.act_mode[self.centre.mode].setChecked(True)
        self.act_switch.setEnabled(self.centre.tabbed())
        self._settings.setValue("layout/centre", self.centre.mode)

    def sync_panels(self) -> None:
        """Check the panel entries of the panels shown (after the splitter states were restored)."""
        for name in self.act_panel:
            self._panel_changed(name, self.toggles.is_shown(name))

    def retranslate(self) -> None:
        for mode, text in CENTRE_MODES.items():
            self.act_mode[mode].setText(tr(text))
        self.act_switch.setText(tr("切换原文页面 / 表格"))
        self.menu_centre.setTitle(tr("原文页面与表格"))
        for name, text in self.PANELS.items():
            self.act_panel[name].setText(tr("显示{panel}", panel=tr(text)))
        self.act_band.setText(tr("选中问题时放大到所在行"))
        self.centre.retranslate()

    def _panel_toggled(self, name: str, shown: bool) -> None:
        self.toggles.set_shown(name, shown)

    def _panel_changed(self, name: str, shown: bool) -> None:
        a = self.act_panel[name]
        a.blockSignals(True)
        a.setChecked(shown)
        a.blockSignals(False)

    def _band_toggled(self, on: bool) -> None:
        self.page_view.zoom_to_band = on
        self._settings.setValue("layout/band_zoom", "true" if on else "false")
