"""设置: where review files are kept (beside the document, the per-user folder, or a chosen folder).

The choice is saved Qt-free (:func:`gouji.model.review_place.save_store`) so that ``gouji check``
finds the reviews where the workbench keeps them; it applies to the next document opened.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gouji.gui.i18n import tr
from gouji.model.review_place import PLACE_LABELS, ReviewPlace, ReviewStore


class QtSettingsDialog(QDialog):
    """The review-file place, starting from ``store``; :meth:`store` is the reviewer's choice."""

    def __init__(self, store: ReviewStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("设置"))
        self._user_folder = store.user_folder
        box = QGroupBox(tr("审核记录保存位置"), self)
        self.group = QButtonGroup(self)
        self.buttons: dict[ReviewPlace, QRadioButton] = {}
        inner = QVBoxLayout(box)
        for i, place in enumerate(ReviewPlace):
            b = QRadioButton(tr(PLACE_LABELS[place]), box)
            self.group.addButton(b, i)
            self.buttons[place] = b
            inner.addWidget(b)
        self.buttons[ReviewPlace.USER].setToolTip(str(store.user_folder))
        self.folder = QLineEdit(str(store.folder or ""), box)
        self.folder.setPlaceholderText(tr("选择保存审核记录的文件夹"))
        self.browse = QPushButton(tr("浏览(&B)…"), box)
        self.browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.setContentsMargins(20, 0, 0, 0)
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        inner.addLayout(row)
        note = QLabel(
            tr(
                "新打开的文件按此设置保存审核记录；已有的审核记录仍在原处读取和保存。"
                "本机用户文件夹：{folder}",
                folder=str(store.user_folder),
            ),
            box,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555")
        inner.addWidget(note)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(box)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.buttons[store.place].setChecked(True)
        self.group.idToggled.connect(lambda *_: self._enable_folder())
        self._enable_folder()
        self.setMinimumWidth(520)

    def place(self) -> ReviewPlace:
        return list(ReviewPlace)[max(self.group.checkedId(), 0)]

    def store(self) -> ReviewStore:
        """The choice made in the dialog."""
        folder = self.folder.text().strip()
        return ReviewStore(self._user_folder, self.place(), Path(folder) if folder else None)

    def _enable_folder(self) -> None:
        chosen = self.place() == ReviewPlace.FOLDER
        self.folder.setEnabled(chosen)
        self.browse.setEnabled(chosen)

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr("选择保存审核记录的文件夹"), self.folder.text())
        if path:
            self.folder.setText(path)

    def _accept(self) -> None:
        folder = self.store().folder
        if self.place() == ReviewPlace.FOLDER:
            if folder is None:
                self.error.setText(tr("请选择保存审核记录的文件夹。"))
                return
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                self.error.setText(tr("无法使用此文件夹：{err}", err=str(exc)))
                return
        self.accept()
