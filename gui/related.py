"""文件 → 相关文件…: the disclosures related to the open document, and the lookup's settings.

:class:`QtRelatedDialog` lists each related document (this year / last year, final account /
budget, department / unit, the other half of a publication, a copy) with what was compared and how
many values differ, and the cross-document findings of the open document.  The documents are the
other files of the open document's folder and the files the reviewer added here (添加相关文件…,
remembered both ways in the settings, :data:`SETTING_ADDED`).  With the window's background lookup
(:class:`gouji.gui.cross_findings.QtCrossFindings`, the window's ``cross``) the dialog shows its
result, or starts it; without one it runs ``finder`` itself.  The check box turns the background
lookup on opening a document on or off (:data:`SETTING_LOOKUP`).  "在旁边打开" opens the chosen
document in a second workbench window placed beside this one, so that both can be read side by side.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gouji.gui.i18n import tr
from gouji.io.app.sets import Related, related_in_folder
from gouji.io.readers.registry import file_patterns
from gouji.model.document import Document
from gouji.model.findings import SEVERITY_LABELS

Finder = Callable[..., "Related | None"]

#: settings key: look for related documents in the background when a document opens (default on)
SETTING_LOOKUP = "cross/lookup"
#: settings key: the files the reviewer related to a document, {file: [files]} (JSON; both ways)
SETTING_ADDED = "cross/added"


def lookup_enabled(settings: QSettings) -> bool:
    return str(settings.value(SETTING_LOOKUP, "true")).lower() in ("true", "1")


def _added_map(settings: QSettings) -> dict[str, list[str]]:
    try:
        data = json.loads(str(settings.value(SETTING_ADDED, "") or "{}"))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _key(path: str | Path) -> str:
    return str(Path(path).resolve())


def added_files(settings: QSettings, doc: Document) -> list[str]:
    """The files the reviewer related to ``doc`` (any of its files) that still exist."""
    data = _added_map(settings)
    own = [s.path for s in doc.sources] or [doc.path]
    files = dict.fromkeys(p for f in own for p in data.get(_key(f), []))
    return [p for p in files if Path(p).exists()]


def add_related_file(settings: QSettings, doc: Document, path: str) -> None:
    """Relate ``path`` to ``doc`` (and ``doc`` to ``path``: the other side sees it too)."""
    data = _added_map(settings)
    a, b = _key(doc.path), _key(path)
    for x, y in ((a, b), (b, a)):
        got = data.setdefault(x, [])
        if y not in got:
            got.append(y)
    settings.setValue(SETTING_ADDED, json.dumps(data, ensure_ascii=False))


class _Relay(QObject):
    """Carries the scan's progress and result from its thread to the dialog (queued signals)."""

    progress = Signal(int, int, str)
    done = Signal(object)


class QtRelatedDialog(QDialog):
    """The related documents of ``doc``; ``open_beside(path)`` opens one beside the window.

    ``finder`` reads the folder when the parent window has no background lookup (default
    :func:`related_in_folder`; tests pass another).
    """

    def __init__(
        self,
        parent: QWidget,
        doc: Document,
        open_beside: Callable[[str], None],
        finder: Finder = related_in_folder,
    ):
        super().__init__(parent)
        self.setWindowTitle(tr("相关文件") + " — " + Path(doc.path).name)
        self.resize(820, 480)
        self._doc = doc
        self._open_beside = open_beside
        self._finder = finder
        self._cancel = False
        self._settings: QSettings | None = getattr(parent, "settings", None)
        self._cross: Any = getattr(parent, "cross", None)  # the window's QtCrossFindings
        self.result: Related | None = None
        self.finished_scan = False
        self.status = QLabel(self)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([tr("关系"), tr("文件"), tr("比对项数"), tr("不一致")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.findings = QListWidget(self)
        self.findings.setWordWrap(True)
        self.background = QCheckBox(tr("打开文件时在后台查找相关文件并核对"), self)
        self.background.setChecked(self._settings is None or lookup_enabled(self._settings))
        self.background.setEnabled(self._settings is not None)
        self.background.toggled.connect(self._set_background)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("关闭"))
        self.beside = QPushButton(tr("在旁边打开"), self)
        self.beside.setEnabled(False)
        buttons.addButton(self.beside, QDialogButtonBox.ButtonRole.ActionRole)
        self.beside.clicked.connect(self.open_selected)
        self.add = QPushButton(tr("添加相关文件…"), self)
        self.add.setEnabled(self._settings is not None)
        buttons.addButton(self.add, QDialogButtonBox.ButtonRole.ActionRole)
        self.add.clicked.connect(self.add_dialog)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.status)
        lay.addWidget(self.table, 2)
        lay.addWidget(QLabel(tr("跨文件核对发现的问题："), self))
        lay.addWidget(self.findings, 1)
        lay.addWidget(self.background)
        lay.addWidget(buttons)
        self._relay = _Relay()  # no parent: it outlives a closed dialog until the scan ends
        self._relay.progress.connect(self._on_progress)
        self._relay.done.connect(self._on_done)
        if self._cross is not None:
            self._cross.progress.connect(self._on_progress)
            self._cross.finished.connect(self._on_cross_finished)
        self.scan()

    def scan(self) -> None:
        """Find the related documents: the window's lookup (its result, or started now), else ``finder``."""
        self.finished_scan = False
        self.status.setText(tr("正在读取同一文件夹中的其他文件…"))
        cross = self._cross
        if cross is not None:
            res = cross.result_for(self._doc)
            if res is not None:
                self._on_done(res)
            elif not cross.is_running():
                cross.start(self._doc)
            return
        relay, finder, doc = self._relay, self._finder, self._doc
        extra = added_files(self._settings, doc) if self._settings is not None else []

        def run() -> None:
            kw = {"extra": extra} if extra else {}
            relay.done.emit(finder(doc, progress=relay.progress.emit, cancelled=lambda: self._cancel, **kw))

        self._thread = threading.Thread(target=run, name="gouji-related", daemon=True)
        self._thread.start()

    def done(self, code: int) -> None:
        """Closing the dialog stops its own scan (after the file being read); the window's goes on."""
        self._cancel = True
        if self._cross is not None:
            self._cross.progress.disconnect(self._on_progress)
            self._cross.finished.disconnect(self._on_cross_finished)
            self._cross = None
        super().done(code)

    def _set_background(self, on: bool) -> None:
        if self._cross is not None:
            self._cross.set_enabled(on)
        elif self._settings is not None:
            self._settings.setValue(SETTING_LOOKUP, on)

    def add_dialog(self) -> None:
        """Choose a related disclosure kept elsewhere (e.g. last year's in another folder) and look again."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("添加相关文件"),
            str(Path(self._doc.path).parent),
            tr("预决算公开文件 ({patterns});;所有文件 (*)", patterns=file_patterns()),
        )
        if path:
            self.add_file(path)

    def add_file(self, path: str) -> None:
        if self._settings is None:
            return
        add_related_file(self._settings, self._doc, path)
        if self._cross is not None:
            self._cross.start(self._doc)
        self.scan()

    def _on_progress(self, i: int, n: int, name: str) -> None:
        self.status.setText(tr("正在读取 {i}/{n}：{name}", i=i + 1, n=n, name=name))

    def _on_cross_finished(self, res: Related | None) -> None:
        if self._cross is not None and self._cross.result_for(self._doc) is res:
            self._on_done(res)

    def _on_done(self, res: Related | None) -> None:
        self.result = res
        self.finished_scan = True
        self.table.setRowCount(0)
        self.findings.clear()
        if res is None:
            self.status.setText(tr("未能查找相关文件。"))
            return
        self.status.setText(
            tr(
                "读取同一文件夹中的 {n} 个文件（{bad} 个无法读取），相关文件 {k} 个。",
                n=res.scanned,
                bad=res.unread,
                k=len(res.documents),
            )
        )
        self.table.setRowCount(len(res.documents))
        for r, d in enumerate(res.documents):
            values = [
                tr(d.label),
                Path(d.path).name,
                str(d.checked) if d.compared else tr("不比对"),
                str(d.differing) if d.compared else "",
            ]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, d.path)
                self.table.setItem(r, c, item)
        if res.documents:
            self.table.selectRow(0)
            self.beside.setEnabled(True)
        for f in res.findings:
            self.findings.addItem(f"[{tr(SEVERITY_LABELS[f.severity])}] {f.message}")
        if not res.findings:
            self.findings.addItem(tr("（无）"))

    def open_selected(self) -> None:
        row = self.table.currentRow()
        item = self.table.item(row, 1) if row >= 0 else None
        if item is not None:
            self._open_beside(str(item.data(Qt.ItemDataRole.UserRole)))


def open_beside(window: QMainWindow, path: str) -> QMainWindow:
    """A second workbench window (same class and settings as ``window``) with ``path``, placed to its
    right; it closes with ``window``."""
    other = type(window)(settings=getattr(window, "settings", None), parent=window)
    other.setWindowFlag(Qt.WindowType.Window, True)
    geo = window.frameGeometry()
    other.resize(window.size())
    other.move(geo.right() + 1, geo.top())
    other.show()
    other.open_file(path)  # type: ignore[attr-defined]
    return other
