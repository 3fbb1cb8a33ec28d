"""Export a review as an Excel workbook (openpyxl).

The workbook has, in order:

1. **检查表** — the reviewers' checklist as handed in (:mod:`.checklist_template`, :mod:`.checklist`,
   :mod:`.checklist_sheet`): one block per row of the template, 符合要求 是/否/待人工核对, numbered
   problems with suggestions and a picture of the source region (:mod:`.pictures`, pypdfium2).
2. **问题清单** — every finding with all its fields, the reviewer's status as a drop-down
   (待核实/确认问题/不是问题/已更正), comment, reviewer and time (:mod:`.findings_sheet`; the columns
   are :mod:`.columns`).
3. one sheet per parsed table, failing cells filled by severity and explained in a comment;
   performance tables share one sheet (绩效表) (:mod:`.tables_sheet`).
4. **签字** — reviewer, date, counts by status, the source file and its SHA-256 (:mod:`.signoff`);
   when the review is signed off the workbook is sealed (:func:`.signoff.sign_workbook`).

:func:`gouji.io.export.review_import.import_review` reads the annotations back.  Text cells are
written injection-safe (:mod:`.cells`); the file is saved atomically, under another name when the
target is open in Excel (:mod:`.save`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from openpyxl import Workbook

from gouji.io.export.cells import safe_sheet_name
from gouji.io.export.checklist import build_checklist
from gouji.io.export.checklist_sheet import write_checklist
from gouji.io.export.checklist_template import template_for
from gouji.io.export.columns import list_order
from gouji.io.export.findings_sheet import write_list
from gouji.io.export.pictures import Pictures
from gouji.io.export.save import save_with_fallback
from gouji.io.export.signoff import sign_workbook, write_sign
from gouji.io.export.styles import CHECK_SHEET, CREATOR, LIST_SHEET, PERF_SHEET, SIGN_SHEET
from gouji.io.export.tables_sheet import write_perf, write_table
from gouji.model.document import Document
from gouji.model.findings import Finding
from gouji.model.index import FindingIndex
from gouji.model.review import ReviewState, stale_findings

Progress = Callable[[float, str], None]


def export_workbook(
    doc: Document,
    findings: list[Finding],
    state: ReviewState | None,
    out: Path,
    *,
    images: bool = True,
    progress: Progress | None = None,
    checklist: str | Path | None = None,
) -> Path:
    """Write the review workbook for ``doc`` and return the path actually written.

    Parameters
    ----------
    doc, findings
        The parsed document and the findings of ``run_rules`` (reviewer-added
        findings in ``state.manual_findings`` are appended).
    state
        The reviewer's annotations, or None (every finding 待核实).
    out
        Target ``.xlsx``.  If it is locked (open in Excel) or not writable the
        workbook is written to ``<stem>_1.xlsx`` … instead: compare the returned
        path with ``out``.
    images
        Paste a cropped picture of the source region beside each problem in 检查表
        (PDF documents only).
    progress
        ``progress(fraction, message)`` callback.
    checklist
        A checklist template (TOML) for 检查表; None: the default one for the document's scope and
        kind.  An unusable template raises :class:`~gouji.io.export.checklist_template.TemplateError`.
    """

    def report(frac: float, msg: str) -> None:
        if progress is not None:
            progress(min(max(frac, 0.0), 1.0), msg)

    listed = list(findings) + (list(state.manual_findings) if state else [])
    # with the annotations whose finding is gone after the source changed (已失效)
    all_findings = list_order(listed + stale_findings(state, listed))
    idx = FindingIndex(doc, all_findings)
    wb = Workbook()
    wb.properties.creator = CREATOR
    wb.properties.title = f"{Path(doc.path).name} 审核工作簿"
    report(0.02, "整理检查项目")
    template = template_for(doc, checklist)
    items = build_checklist(doc, all_findings, state, template)
    pics = Pictures(doc, idx, images)
    try:
        ws = wb.active
        assert ws is not None
        ws.title = CHECK_SHEET
        write_checklist(
            ws, doc, template, items, state, pics, lambda x: report(0.05 + 0.55 * x, "生成检查表与截图")
        )
    finally:
        pics.close()
    report(0.62, "生成问题清单")
    write_list(wb.create_sheet(LIST_SHEET), all_findings, state, idx, doc.tables)
    plain = [t for t in doc.tables if t.perf is None]
    for i, t in enumerate(plain):
        report(0.65 + 0.25 * i / max(len(plain), 1), f"写入表格 {t.id}")
        name = safe_sheet_name(f"{t.id} {t.title}", wb.sheetnames + [SIGN_SHEET, PERF_SHEET])
        write_table(wb.create_sheet(name), t, idx)
    perf = doc.perf_tables
    if perf:
        report(0.9, "写入绩效表")
        write_perf(wb.create_sheet(PERF_SHEET), perf, idx)
    write_sign(wb.create_sheet(SIGN_SHEET), doc, all_findings, state)
    if state is not None and state.signed_off_by:
        sign_workbook(wb)
    report(0.95, "保存工作簿")
    path = save_with_fallback(Path(out), wb.save)
    report(1.0, "导出完成")
    return path
