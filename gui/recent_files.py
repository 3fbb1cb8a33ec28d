"""The recently opened files: a short list in ``QSettings`` and the 最近打开 menu.

:class:`QtRecentFilesMenu` keeps the list under the ``recentFiles`` key (most
recent first, no repeats, at most :data:`MAX_RECENT`), rebuilds itself when
the list changes, and emits :attr:`~QtRecentFilesMenu.fileChosen` with the
path the reviewer picks.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from gouji.gui.i18n import tr

MAX_RECENT = 8
SETTINGS_KEY = "recentFiles"


class QtRecentFilesMenu(QMenu):
    """The 最近打开 submenu over the list of recent files kept in ``settings``."""

    fileChosen = Signal(str)

    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self._settings = settings
        self.act_clear = QAction(self)
        # through the menu's own signal: removing an action from a menu cuts the menu's links to it
        self.triggered.connect(self._on_triggered)

    def files(self) -> list[str]:
        """The recent files, most recent first."""
        v = self._settings.value(SETTINGS_KEY, [])
        if isinstance(v, str):  # QSettings gives a one-item list back as a plain string
            v = [v]
        return [str(p) for p in (v or [])]

    def add_file(self, path: str) -> None:
        """Put ``path`` first (moving it up if it is already listed)."""
        files = [p for p in self.files() if p != path]
        files.insert(0, path)
        self._settings.setValue(SETTINGS_KEY, files[:MAX_RECENT])
        self.rebuild()

    def clear_files(self) -> None:
        self._settings.setValue(SETTINGS_KEY, [])
        self.rebuild()

    def retranslate(self) -> None:
        self.setTitle(tr("最近打开(&R)"))
        self.act_clear.setText(tr("清除最近列表"))
        self.rebuild()

    def rebuild(self) -> None:
        """One entry per file (``&1 name``, the full path in the tooltip), then 清除最近列表."""
        self.removeAction(self.act_clear)  # clear() deletes the actions the menu owns
        self.clear()
        files = self.files()
        if not files:
            self.addAction(tr("（无）")).setEnabled(False)
            return
        for i, p in enumerate(files, 1):
            a = self.addAction(f"&{i} {Path(p).name}" if i < 10 else Path(p).name)
            a.setToolTip(p)
            a.setData(p)
        self.addSeparator()
        self.addAction(self.act_clear)

    def _on_triggered(self, action: QAction) -> None:
        if action == self.act_clear:
            self.clear_files()
        elif isinstance(action.data(), str):
            self.fileChosen.emit(action.data())
