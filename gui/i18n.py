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
    "此文件已在本公开文件中：{name}": "This file is already part of the disclosure: {name}",
    "最近打开(&R)": "&Recent files",
    "清除最近列表": "Clear recent files",
    "（无）": "(none)",
    "导出审核工作簿(&E)…": "&Export review workbook…",
    "导入审核工作簿(&I)…": "&Import review workbook…",
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
    "列示数": "Stated",
    "计算数": "Computed",
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
