"""A small dict-based translator for the workbench (Chinese by default, English available).

Every user-visible string in ``gouji.gui`` is written in Chinese and passed
through :func:`tr`.  When the language is ``"en"``, :func:`tr` looks the
Chinese text up in :data:`EN` and returns the English text (or the Chinese
text when no translation exists, so nothing is ever blank).  Widgets rebuild
their texts in a ``retranslate()`` method when the language changes; item
models call :func:`tr` in ``data()`` / ``headerData()`` and only need to emit
their change signals.

Qt-free on purpose: the choice is persisted in ``QSettings`` by the main window.
Document content (finding messages, table titles) is never translated.
"""

from __future__ import annotations

LANGUAGES = {"zh": "中文", "en": "English"}

_language = "zh"

EN: dict[str, str] = {
    # window / menus
    "勾稽 — 预决算公开审核": "Gouji — disclosure review",
    "文件(&F)": "&File",
    "打开(&O)…": "&Open…",
    "添加文件到本公开文件(&D)…": "A&dd a file to this disclosure…",
    "添加文件到本公开文件": "Add a file to this disclosure",
    "相关文件(&G)…": "Related &documents…",
    "相关文件": "Related documents",
    "正在读取同一文件夹中的其他文件…": "Reading the other files of the folder…",
    "正在读取 {i}/{n}：{name}": "Reading {i}/{n}: {name}",
    "读取同一文件夹中的 {n} 个文件（{bad} 个无法读取），相关文件 {k} 个。": "Read {n} files of the folder ({bad} unreadable); {k} related.",
    "关系": "Relation",
    "文件": "File",
    "比对项数": "Compared",
    "不一致": "Differing",
    "不比对": "not compared",
    "在旁边打开": "Open beside",
    "跨文件核对发现的问题：": "Findings across documents:",
    "本年与上年": "This year and last year",
    "决算与同年预算": "Final account and the year's budget",
    "部门与所属单位": "Department and its unit",
    "同一公开文件的文字与表格两部分": "Text and tables of one publication",
    "同一公开文件的副本": "Copy of the same disclosure",
    "此文件已在本公开文件中：{name}": "This file is already part of the disclosure: {name}",
    "最近打开(&R)": "&Recent files",
    "清除最近列表": "Clear recent files",
    "（无）": "(none)",
    "导出审核工作簿(&E)…": "&Export review workbook…",
    "导入审核工作簿(&I)…": "&Import review workbook…",
    "检查表设置(&K)…": "Chec&klist settings…",
    "检查表设置": "Checklist settings",
    "自动（按部门/单位、预算/决算选用默认模板）": "Automatic (default template for the document's scope and kind)",
    "选择模板文件…": "Choose a template file…",
    "检查表模板 (*.toml)": "Checklist templates (*.toml)",
    "检查表模板：": "Checklist template:",
    "公开网址：": "Published at (URL):",
    "公开日期：": "Published on:",
    "如 2026-02-10": "e.g. 2026-02-10",
    "退出(&Q)": "&Quit",
    "查看(&V)": "&View",
    "放大": "Zoom in",
    "缩小": "Zoom out",
    "适合宽度": "Fit width",
    "适合页面": "Fit page",
    "上一页": "Previous page",
    "下一页": "Next page",
    "审核(&R)": "&Review",
    "下一个问题": "Next finding",
    "上一个问题": "Previous finding",
    "添加问题(&A)…": "&Add finding…",
    "标记为“{status}”": "Mark as “{status}”",
    "语言(&L)": "&Language",
    "帮助(&H)": "&Help",
    "关于(&A)": "&About",
    "取消": "Cancel",
    "就绪": "Ready",
    "打开文件": "Open file",
    "预决算公开文件 ({patterns});;所有文件 (*)": "Disclosure files ({patterns});;All files (*)",
    "Excel 工作簿 (*.xlsx)": "Excel workbook (*.xlsx)",
    "无法打开文件": "Cannot open file",
    "解析时发生内部错误": "Internal error while parsing",
    "解析时发生内部错误：{err}": "Internal error while parsing: {err}",
    "正在打开 {name}…": "Opening {name}…",
    "已取消": "Cancelled",
    "已打开 {name}：{tables} 张表，{findings} 个问题": "Opened {name}: {tables} tables, {findings} findings",
    "导出完成：{path}": "Exported: {path}",
    "导出失败": "Export failed",
    "正在导出审核工作簿，请在导出完成后再打开其他文件。": "The review workbook is being exported; open other files when it is done.",
    "导入失败": "Import failed",
    "导入的工作簿属于另一个文件（SHA-256 不同），未合并。": "The workbook belongs to another file (different SHA-256); nothing was merged.",
    "已合并 {n} 条审核记录": "Merged {n} review entries",
    "审核记录无法保存到文件旁，已保存到：{path}": "Review could not be saved beside the file; saved to: {path}",
    "保存审核记录失败：{err}": "Saving the review failed: {err}",
    "拖入文件即可打开": "Drop a file here to open it",
    "打开一个预决算公开文件（PDF、Word、Excel 或文本）开始审核。": "Open a budget or final-account disclosure (PDF, Word, Excel or text) to start reviewing.",
    "可以使用菜单“文件 → 打开”、快捷键 Ctrl+O，或把文件拖到窗口中。": "Use File → Open, Ctrl+O, or drop a file onto the window.",
    # outline
    "目录": "Outline",
    "名称": "Name",
    "问题": "Findings",
    "公开表格": "Tables",
    "绩效表": "Performance tables",
    "文字说明": "Text",
    "文档级问题": "Document findings",
    # page view
    "原文页面": "Source page",
    "{name} 第 {page} 页": "{name}, page {page}",
    "第 {page} / {count} 页": "Page {page} / {count}",
    "页": "Page",
    "此文件不是 PDF，没有原文页面可显示。": "This file is not a PDF; there is no source page to show.",
    "正在渲染…": "Rendering…",
    "页面渲染失败：{err}": "Rendering the page failed: {err}",
    # table / sentences
    "表格": "Table",
    "句子": "Sentences",
    "选择左侧目录中的表格或章节。": "Select a table or section in the outline.",
    "本表为空表": "This table is empty",
    "（解析中，内容可能不完整）": "(parsing, content may be incomplete)",
    # findings list
    "问题清单": "Findings",
    "严重程度": "Severity",
    "类别": "Family",
    "规则": "Rule",
    "表": "Table",
    "说明": "Message",
    "规则名称": "Rule",
    "填报数": "Stated",
    "重算数": "Recomputed",
    "差额": "Difference",
    "状态": "Status",
    "全部": "All",
    "全部严重程度": "All severities",
    "全部类别": "All families",
    "全部状态": "All statuses",
    "全部表格": "All tables",
    "筛选(&T)：": "Fil&ter:",
    "{shown} / {total} 个问题": "{shown} / {total} findings",
    "，已处理 {done}": ", {done} reviewed",
    # severities / families / statuses (labels from gouji.model)
    "错误": "Error",
    "警告": "Warning",
    "尾差": "Rounding",
    "完整性": "Completeness",
    "表内勾稽": "Within-table",
    "表间勾稽": "Between tables",
    "文表一致": "Text vs tables",
    "比率与增减": "Rates",
    "文内加总": "Sums in text",
    "文字质量": "Text quality",
    "跨文件核对": "Across documents",
    "人工添加": "Reviewer-added",
    "待核实": "To check",
    "确认问题": "Confirmed",
    "不是问题": "Not a problem",
    "已更正": "Corrected",
    # annotation panel
    "审核意见": "Annotation",
    "审核人(&W)：": "Revie&wer:",
    "状态(&S)：": "&Status:",
    "意见(&M)：": "Co&mment:",
    "公式：": "Formula:",
    "未选择问题。": "No finding selected.",
    "在此记录核实情况…": "Write what you checked…",
    "添加问题…": "Add finding…",
    "添加问题": "Add finding",
    "位置：": "Location:",
    "严重程度：": "Severity:",
    "问题描述：": "Description:",
    "请先选择一个单元格或句子。": "Select a cell or a sentence first.",
    "请填写问题描述。": "Please describe the problem.",
    "审核人添加": "Added by reviewer",
    "已保存": "Saved",
    "确定": "OK",
    "关于勾稽": "About Gouji",
    "勾稽：预决算公开审核工作台。\n解析公开表格与文字说明，执行勾稽规则，标注并导出审核工作簿。": "Gouji: review workbench for budget and final-account disclosures.\n"
    "Parses the tables and text, runs the reconciliation rules, lets you annotate and export a review workbook.",
    # the saved review (gui/qt_review_controller.py); the details come from the model, in Chinese
    "审核记录": "Saved review",
    "审核记录已合并": "Review merged",
    "源文件已更改": "Source file changed",
    "源文件与审核记录保存时的版本不同（SHA-256 不同）。审核意见已按问题编号重新关联；"
    "{gone} 条意见对应的问题在新版本中已不存在，标记为“已失效”并保留在问题清单中。\n\n"
    "是否将审核记录关联到新版本？": "The file differs from the version the review was saved for (SHA-256). The annotations "
    "were re-attached by finding id; {gone} of them belong to findings that no longer exist and are kept, "
    "marked 已失效 (no longer applies).\n\nAttach the review to the new version?",
    "关联到新版本": "Attach to the new version",
    "不关联（旧记录另存）": "Do not attach (keep the old review aside)",
    "审核记录已关联到新版本的源文件。": "The review is now attached to the new version of the file.",
    "无法另存旧审核记录：{err}": "Cannot move the old review aside: {err}",
    "旧审核记录已另存为 {name}，从空白审核记录开始。": "The old review was kept as {name}; starting a blank review.",
    "导入时发现问题": "Import: please check",
    "已合并 {n} 条审核记录；以下内容请核对：": "Merged {n} review records; please check:",
}


def language() -> str:
    """The current language code ("zh" or "en")."""
    return _language


def set_language(code: str) -> None:
    """Switch the language used by :func:`tr` (unknown codes fall back to Chinese)."""
    global _language
    _language = code if code in LANGUAGES else "zh"


def tr(text: str, **fmt: object) -> str:
    """Translate a Chinese UI string into the current language, then ``str.format(**fmt)``."""
    out = EN.get(text, text) if _language == "en" else text
    return out.format(**fmt) if fmt else out
