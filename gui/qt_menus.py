"""The main window's menu bar: its actions, their shortcuts, and their texts in the UI language.

:class:`QtWindowMenus` creates the workbench's actions (added to the window,
so that their shortcuts work wherever the focus is) and the menus 文件 /
查看 / 审核 / 语言 / 帮助 with the 最近打开 submenu.  The window connects the
actions to its slots; :meth:`~QtWindowMenus.retranslate` sets the texts.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

from gouji.gui.i18n import LANGUAGES, language, tr
from gouji.gui.recent_files import QtRecentFilesMenu
from gouji.gui.related import QtRelatedDialog, open_beside
from gouji.model.review import Status

Shortcut = QKeySequence | QKeySequence.StandardKey | str


class QtWindowMenus(QObject):
    """The actions and menus of ``window``.

    Parameters
    ----------
    window
        The main window: parent of the actions and owner of the menu bar.
    settings
        Where the recent files are kept.
    """

    def __init__(self, window: QMainWindow, settings: QSettings):
        super().__init__(window)
        self._window = window
        self.act_open = self._action(QKeySequence.StandardKey.Open)
        self.act_add_file = self._action()  # another file of the disclosure under review
        self.act_related = self._action()  # 相关文件: related disclosures in the same folder
        self.act_related.triggered.connect(self.show_related)
        self.act_export = self._action("Ctrl+E")
        self.act_import = self._action("Ctrl+Shift+I")
        self.act_checklist = self._action()  # 检查表设置: template, 公开网址, 公开日期
        self.act_quit = self._action(QKeySequence.StandardKey.Quit)
        self.act_zoom_in = self._action(QKeySequence.StandardKey.ZoomIn)
        self.act_zoom_out = self._action(QKeySequence.StandardKey.ZoomOut)
        self.act_fit_width = self._action("Ctrl+1")
        self.act_fit_page = self._action("Ctrl+2")
        self.act_prev_page = self._action("Ctrl+PgUp")
        self.act_next_page = self._action("Ctrl+PgDown")
        self.act_next_finding = self._action("F8")
        self.act_prev_finding = self._action("Shift+F8")
        self.act_add_finding = self._action("Ctrl+Shift+A")
        self.act_status = {st: self._action(f"Alt+{i}") for i, st in enumerate(Status, 1)}
        self.act_about = self._action()
        self.act_about.triggered.connect(self.about)
        self.lang_group = QActionGroup(window)
        self.lang_group.setExclusive(True)
        self.act_lang: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            a = QAction(name, window, checkable=True)
            a.setChecked(code == language())
            self.lang_group.addAction(a)
            self.act_lang[code] = a
        self.set_review_enabled(False)

        mb = window.menuBar()
        self.menu_file = mb.addMenu("")
        self.menu_file.addAction(self.act_open)
        self.menu_file.addAction(self.act_add_file)
        self.menu_file.addAction(self.act_related)
        self.menu_recent = QtRecentFilesMenu(settings, self.menu_file)
        self.menu_file.addMenu(self.menu_recent)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_export)
        self.menu_file.addAction(self.act_import)
        self.menu_file.addAction(self.act_checklist)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_view = mb.addMenu("")
        for a in (self.act_zoom_in, self.act_zoom_out, self.act_fit_width, self.act_fit_page):
            self.menu_view.addAction(a)
        self.menu_view.addSeparator()
        self.menu_view.addAction(self.act_prev_page)
        self.menu_view.addAction(self.act_next_page)
        self.menu_review = mb.addMenu("")
        self.menu_review.addAction(self.act_next_finding)
        self.menu_review.addAction(self.act_prev_finding)
        self.menu_review.addSeparator()
        for a in self.act_status.values():
            self.menu_review.addAction(a)
        self.menu_review.addSeparator()
        self.menu_review.addAction(self.act_add_finding)
        self.menu_lang = mb.addMenu("")
        for a in self.act_lang.values():
            self.menu_lang.addAction(a)
        self.menu_help = mb.addMenu("")
        self.menu_help.addAction(self.act_about)

    def _action(self, shortcut: Shortcut | None = None) -> QAction:
        a = QAction(self._window)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        self._window.addAction(a)
        return a

    def set_review_enabled(self, enabled: bool) -> None:
        """Enable the actions that need a loaded review."""
        self.act_add_file.setEnabled(enabled)
        self.act_related.setEnabled(enabled)
        self.act_export.setEnabled(enabled)
        self.act_import.setEnabled(enabled)
        self.act_checklist.setEnabled(enabled)
        self.act_add_finding.setEnabled(enabled)

    def set_language_checked(self) -> None:
        """Check the entry of the current UI language in 语言."""
        for code, a in self.act_lang.items():
            a.setChecked(code == language())

    def retranslate(self) -> None:
        texts = {  # a menu's title is the text of its menu action
            self.menu_file.menuAction(): "文件(&F)",
            self.menu_view.menuAction(): "查看(&V)",
            self.menu_review.menuAction(): "审核(&R)",
            self.menu_lang.menuAction(): "语言(&L)",
            self.menu_help.menuAction(): "帮助(&H)",
            self.act_open: "打开(&O)…",
            self.act_add_file: "添加文件到本公开文件(&D)…",
            self.act_related: "相关文件(&G)…",
            self.act_export: "导出审核工作簿(&E)…",
            self.act_import: "导入审核工作簿(&I)…",
            self.act_checklist: "检查表设置(&K)…",
            self.act_quit: "退出(&Q)",
            self.act_zoom_in: "放大",
            self.act_zoom_out: "缩小",
            self.act_fit_width: "适合宽度",
            self.act_fit_page: "适合页面",
            self.act_prev_page: "上一页",
            self.act_next_page: "下一页",
            self.act_next_finding: "下一个问题",
            self.act_prev_finding: "上一个问题",
            self.act_add_finding: "添加问题(&A)…",
            self.act_about: "关于(&A)",
        }
        for act, text in texts.items():
            act.setText(tr(text))
        self.menu_recent.retranslate()
        for st, act in self.act_status.items():
            act.setText(tr("标记为“{status}”", status=tr(st.value)))

    def show_related(self) -> None:
        """相关文件…: the disclosures of the open document's folder related to it (a dialog)."""
        doc = self._window.review.doc  # type: ignore[attr-defined]
        if doc is None:
            return
        self.related = QtRelatedDialog(self._window, doc, lambda path: open_beside(self._window, path))
        self.related.show()

    def about(self) -> None:
        QMessageBox.about(
            self._window,
            tr("关于勾稽"),
            tr("勾稽：预决算公开审核工作台。\n解析公开表格与文字说明，执行勾稽规则，标注并导出审核工作簿。"),
        )
