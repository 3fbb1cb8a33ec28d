"""文件 → 相关文件…: the disclosures in the open document's folder that relate to it.

:class:`QtRelatedDialog` reads the other files of the folder in a background thread
(:func:`gouji.io.app.sets.related_in_folder`), then lists each related document (this year / last
year, final account / budget, department / unit, the other half of a publication, a copy) with
what was compared and how many values differ, and the cross-document findings of the open
document.  "在旁边打开" opens the chosen document in a second workbench window placed beside this
one, so that both can be read side by side.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
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
from gouji.model.document import Document
from gouji.model.findings import SEVERITY_LABELS

Finder = Callable[..., Related]


class _Relay(QObject):
    """Carries the scan's progress and result from its thread to the dialog (queued signals)."""

    progress = Signal(int, int, str)
    done = Signal(object)


class QtRelatedDialog(QDialog):
    """The related documents of ``doc``; ``open_beside(path)`` opens one beside the window.

    ``finder`` reads the folder (default :func:`related_in_folder`; tests pass another).
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
        self._open_beside = open_beside
        self._cancel = False
        self.result: Related | None = None
        self.status = QLabel(tr("正在读取同一文件夹中的其他文件…"), self)
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.beside = QPushButton(tr("在旁边打开"), self)
        self.beside.setEnabled(False)
        buttons.addButton(self.beside, QDialogButtonBox.ButtonRole.ActionRole)
        self.beside.clicked.connect(self.open_selected)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.status)
        lay.addWidget(self.table, 2)
        lay.addWidget(QLabel(tr("跨文件核对发现的问题："), self))
        lay.addWidget(self.findings, 1)
        lay.addWidget(buttons)
        self._relay = _Relay()  # no parent: it outlives a closed dialog until the scan ends
        self._relay.progress.connect(self._on_progress)
        self._relay.done.connect(self._on_done)
        relay = self._relay

        def run() -> None:
            relay.done.emit(finder(doc, progress=relay.progress.emit, cancelled=lambda: self._cancel))

        self._thread = threading.Thread(target=run, name="gouji-related", daemon=True)
        self._thread.start()

    def done(self, code: int) -> None:
        """Closing the dialog stops the scan (after the file being read)."""
        self._cancel = True
        super().done(code)

    def _on_progress(self, i: int, n: int, name: str) -> None:
        self.status.setText(tr("正在读取 {i}/{n}：{name}", i=i + 1, n=n, name=name))

    def _on_done(self, res: Related) -> None:
        self.result = res
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
