"""检查表设置: the checklist template (remembered for every document) and the 公开网址 / 公开日期 lines
of the document under review (remembered in its review file).

The template is a setting of the reviewer's district: the bundled defaults are chosen by the
document's scope and kind (自动), a district's own copy is chosen as a file (``.toml``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from gouji.gui.i18n import tr
from gouji.io.export.checklist_template import TemplateError, load_template

#: QSettings key of the chosen template ("" = automatic)
SETTING = "checklist/template"


class QtChecklistDialog(QDialog):
    """Template choice and the 公开网址 / 公开日期 of one document."""

    def __init__(self, template: str, url: str, date: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("检查表设置"))
        self.template = QComboBox(self)
        self.template.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.template.setMinimumContentsLength(30)
        self.template.addItem(tr("自动（按部门/单位、预算/决算选用默认模板）"), "")
        if template:
            self._add_file(template)
        self.template.addItem(tr("选择模板文件…"), None)
        self.template.activated.connect(self._on_activated)
        self.url = QLineEdit(url, self)
        self.url.setPlaceholderText("https://")
        self.date = QLineEdit(date, self)
        self.date.setPlaceholderText(tr("如 2026-02-10"))
        form = QFormLayout(self)
        form.addRow(tr("检查表模板："), self.template)
        form.addRow(tr("公开网址："), self.url)
        form.addRow(tr("公开日期："), self.date)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(520)

    def _add_file(self, path: str) -> None:
        try:
            name = load_template(path).name
        except TemplateError as exc:
            QMessageBox.warning(self, tr("检查表设置"), str(exc))
            return
        self.template.insertItem(1, f"{name}（{Path(path).name}）", path)
        self.template.setItemData(1, path, Qt.ItemDataRole.ToolTipRole)
        self.template.setCurrentIndex(1)

    def _on_activated(self, i: int) -> None:
        if self.template.itemData(i) is not None:
            return
        path, _ = QFileDialog.getOpenFileName(self, tr("选择模板文件…"), "", tr("检查表模板 (*.toml)"))
        if path:
            self._add_file(path)
        else:
            self.template.setCurrentIndex(0)

    def values(self) -> tuple[str, str, str]:
        """(template path or "" for automatic, 公开网址, 公开日期)."""
        return str(self.template.currentData() or ""), self.url.text().strip(), self.date.text().strip()
