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
    "框选添加问题(&B)": "Draw a finding on the page (&B)",
    "第 {page} 页框选区域": "Region drawn on page {page}",
    "文件加载完成后才能添加问题。": "Findings can be added once the file has loaded.",
    "以人工审核模式打开(&M)…": "Open for &manual review…",
    "以人工审核模式打开": "Open for manual review",
    "人工审核模式：未识别到表格和文字": "Manual review: no tables or text recognised",
    "人工审核模式：未能识别文件中的文字（可能为扫描件），表格和说明未经自动检查。"
    "请在原文页面上框选添加问题（审核 → 框选添加问题）；检查表各项为“待人工核对”。": "Manual review: the text of "
    "this file could not be read (probably a scan), so its tables and text were not checked. Draw findings "
    "on the page (Review → Draw a finding on the page); every checklist row is “to be checked by hand”.",
    "导出标注版 PDF(&P)…": "Export annotated &PDF…",
    "导出标注版 PDF": "Export annotated PDF",
    "PDF 文件 (*.pdf)": "PDF files (*.pdf)",
    "正在导出标注版 PDF…": "Exporting the annotated PDF…",
    "已导出标注版 PDF：{path}（{n} 个确认问题）": "Annotated PDF exported: {path} ({n} confirmed findings)",
    "无法写入标注版 PDF：{err}": "Cannot write the annotated PDF: {err}",
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
    # --- H2 OCR review (this session's additions; each helper appends only inside its own block) ---
    "识别不确定（{why}）": "Uncertain OCR reading ({why})",
    "识别不确定（{why}），请对照原页核对": "Uncertain OCR reading ({why}): check it against the page",
    "已手工更正：原读作“{value}”（撤销：Ctrl+Z）": "Corrected by hand: read as “{value}” (undo: Ctrl+Z)",
    "“{value}”不是金额：金额列只能填写数字（或留空、“-”）。": "“{value}” is not an amount: amount columns take numbers only (or blank, “-”).",
    "文件仍在打开中，打开完成后才能更正单元格。": "The file is still opening; cells can be corrected once it is open.",
    "审核已签字确认，不能再更正单元格（开始新一轮审核后可更正）。": "The review is signed off; cells cannot be corrected (start a new round first).",
    "该单元格没有手工更正。": "This cell has no correction.",
    "已撤销对该单元格的更正，恢复为“{value}”。": "Correction undone; the cell reads “{value}” again.",
    "已更正为“{value}”（原读作“{was}”），正在重新核对…": "Corrected to “{value}” (read as “{was}”); checking again…",
    "重新核对失败：{err}": "Checking again failed: {err}",
    "已按更正后的数值重新核对：{n} 个错误。": "Checked again with the corrected values: {n} errors.",
    "第 {i}/{n} 页": "page {i}/{n}",
    "（识别到{pages}，重新打开时会重新识别）": " (OCR had reached {pages}; it starts again when the file is reopened)",
    "已取消打开 {name}{where}：原来打开的文件和审核记录都没有改动。": "Cancelled opening {name}{where}: the file already open and its review are unchanged.",
    "第 {pages} 页：OCR 识别": "Pages {pages}: OCR",
    "第 {pages} 页是扫描图像，由 OCR 识别。识别不确定的单元格以紫色标出，不作为错误报告；请对照原页核对，双击单元格（或按 F2）可手工更正，Ctrl+Z 撤销。": "Pages {pages} are scanned images read by OCR. Cells read with uncertainty are shown in violet and never reported as errors; check them against the page, double-click a cell (or press F2) to correct it, Ctrl+Z to undo.",
    # --- H3 sign-off (this session's additions; each helper appends only inside its own block) ---
    "完成审核 / 签字(&S)…": "&Sign off…",
    "开始新一轮审核(&N)…": "Start a &new review round…",
    "设置(&T)…": "Se&ttings…",
    "完成审核 / 签字": "Sign off",
    "共 {n} 个问题：{parts}。": "{n} findings: {parts}.",
    "还有 {n} 个问题待核实。": "{n} findings are still to check.",
    "所有问题均已核实。": "Every finding has been checked.",
    "必填": "required",
    "可选": "optional",
    "签字时记录当前时间。签字后审核将锁定：不能再修改状态、意见或添加问题；如需修改，请选择“审核 → 开始新一轮审核…”。导出的审核工作簿带签字并加保护。": (
        "The time of signing is recorded. A signed review is locked: statuses and comments cannot be changed "
        "and no findings added; to change it, choose Review → Start a new review round…. "
        "The exported workbook carries the signature and is protected."
    ),
    "签字": "Sign",
    "审核人（签字）(&N)：": "Signed by (&N):",
    "复核人(&C)：": "Checked by (&C):",
    "请填写审核人姓名后再签字。": "Enter the reviewer's name to sign.",
    "还有 {n} 个问题待核实。签字后审核将锁定，这些问题在检查表中按“待人工核对”列出。\n\n仍要签字吗？": (
        "{n} findings are still to check. Once signed the review is locked; the checklist lists them as "
        "to be checked by hand.\n\nSign anyway?"
    ),
    "仍然签字": "Sign anyway",
    "返回": "Back",
    "，复核人 {name}": ", checked by {name}",
    "{locked}（签字人 {name}{checker}，{when}）。如需修改，请选择“审核 → 开始新一轮审核…”。": (
        "{locked} (signed by {name}{checker}, {when}). To change it, choose Review → Start a new review round…."
    ),
    "已签字，审核已锁定": "Signed off: the review is locked",
    "已签字，审核已锁定。导出的审核工作簿带签字并加保护。": (
        "Signed off: the review is locked. The exported workbook carries the signature and is protected."
    ),
    "本审核尚未签字，可以直接修改。": "This review is not signed; it can be changed directly.",
    "开始新一轮审核": "Start a new review round",
    "开始新一轮审核：清除签字（{name}），保留全部审核意见，审核重新可以修改。已签字的审核记录另存一份保留。\n\n是否继续？": (
        "A new review round clears the signature ({name}) and keeps every annotation; the review can be "
        "changed again. A copy of the signed review file is kept.\n\nContinue?"
    ),
    "无法另存已签字的审核记录，签字未清除：{err}": "The signed review file could not be kept; the signature stays: {err}",
    "已签字的审核记录另存为 {name}；": "the signed review was kept as {name}; ",
    "已开始新一轮审核：{where}审核意见保留，可以修改。": "New review round: {where}annotations kept and open for changes.",
    "设置": "Settings",
    "审核记录保存位置": "Where review files are kept",
    "文档旁边（与源文件在同一文件夹）": "Beside the document (same folder)",
    "本机用户文件夹": "This user's folder on this computer",
    "指定文件夹": "A chosen folder",
    "选择保存审核记录的文件夹": "Choose the folder for review files",
    "浏览(&B)…": "&Browse…",
    "新打开的文件按此设置保存审核记录；已有的审核记录仍在原处读取和保存。本机用户文件夹：{folder}": (
        "Documents opened from now on keep their review here; existing review files are read and saved where "
        "they are. This user's folder: {folder}"
    ),
    "请选择保存审核记录的文件夹。": "Choose a folder for the review files.",
    "无法使用此文件夹：{err}": "This folder cannot be used: {err}",
    "无法保存设置：{err}": "The settings could not be saved: {err}",
    # --- H4 findings list (this session's additions; each helper appends only inside its own block) ---
    "待核实 {n}/{total}": "To check {n}/{total}",
    "已处理": "Done",
    "显示尾差": "Show rounding",
    "列出可由加数四舍五入解释的差额（尾差）": "List gaps explained by rounding of the addends",
    "已选 {n} 个问题": "{n} findings selected",
    "状态和意见将用于全部 {n} 个问题。": "The status and comment apply to all {n} findings.",
    "另有 {n} 个问题。": "{n} more findings.",
    "对照数：{terms}": "Compared with: {terms}",
    "，表中为 {v}": ", printed {v}",
    "已到列表末尾，从第一个问题重新开始。": "End of the list: back to the first finding.",
    "已到列表开头，从最后一个问题重新开始。": "Start of the list: back to the last finding.",
    # --- H5 small screens (this session's additions; each helper appends only inside its own block) ---
    "自动（窗口较窄时用标签页）": "Automatic (tabs when the window is narrow)",
    "并排显示": "Side by side",
    "标签页": "Tabs",
    "切换原文页面 / 表格": "Switch between page and table",
    "原文页面与表格": "Page and table",
    "表格 / 文字": "Table / text",
    "显示{panel}": "Show {panel}",
    "选中问题时放大到所在行": "Zoom to the row of the selected finding",
    # --- H6 annotated PDF / manual findings (this session's additions; each helper appends only inside its own block) ---
    # --- H7 cross-document (this session's additions; each helper appends only inside its own block) ---
    "关闭": "Close",
    "打开文件时在后台查找相关文件并核对": "Look for related documents in the background when a file is opened",
    "添加相关文件…": "Add a related document…",
    "添加相关文件": "Add a related document",
    "未能查找相关文件。": "Could not look for related documents.",
    "相关文件 {k} 个，跨文件核对发现 {m} 个问题。": "{k} related documents; {m} findings across documents.",
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
