"""The folder survey: one JSON-ready row per document and the 概览 workbook.

A row says what a document is (kind, scope, form, year, unit), how much of it Gouji
read (standard tables found vs required, amount cells, the share of 类/款/项
hierarchy relations that hold, tables whose structure is uncertain) and what it
found (errors / warnings / rounding, by rule), with the seconds it took.  It is how
a bureau sees a whole district's folder at a glance.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Callable

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from gouji.io.export.cells import put_cell, wrapped_lines
from gouji.io.export.save import save_with_fallback
from gouji.io.export.styles import BORDER, CENTER, CREATOR, HEADER_FILL, SEVERITY_FILL, WRAP, page_setup
from gouji.io.export.summary import KIND_LABELS, ResultDict
from gouji.model.document import DocForm, Document
from gouji.model.findings import Finding, Severity
from gouji.model.rules.registry import CheckTally
from gouji.model.tables import required_tables

SCOPE_LABELS = {"department": "部门", "unit": "单位", "unknown": "未识别"}
FORM_LABELS = {
    "full": "完整公开",
    "text_half": "文字部分（表格另册）",
    "tables_half": "公开表部分（文字另册）",
    "perf_forms": "绩效表",
    "perf_report": "绩效评价报告",
}
#: forms that should hold the standard tables of their kind
_TABLE_FORMS = (DocForm.FULL, DocForm.TABLES_HALF)


def survey_result(doc: Document, findings: list[Finding], tally: CheckTally) -> ResultDict:
    """One document's survey row (JSON-ready)."""
    required = required_tables(doc.kind) if doc.form in _TABLE_FORMS else []
    present = {t.std for t in doc.tables if t.std is not None}
    checked, failed = tally.of_rule("arith.hierarchy")
    by_rule: dict[str, dict[str, int]] = {s.value: {} for s in Severity}
    for (sev, rule), n in sorted(Counter((f.severity.value, f.rule) for f in findings).items()):
        by_rule[sev][rule] = n
    return {
        "path": doc.path,
        "name": Path(doc.path).name,
        "status": "ok",
        "kind": doc.kind.value,
        "scope": doc.scope.value,
        "form": doc.form.value,
        "year": doc.year,
        "unit": doc.unit_name,
        "pages": doc.page_count,
        "tables": len(doc.tables),
        "standard_required": len(required),
        "standard_found": sum(1 for s in required if s.std in present),
        "standard_missing": [s.name for s in required if s.std not in present],
        "amount_cells": sum(1 for t in doc.tables for r in t.rows for c in r.cells if c.value is not None),
        "hierarchy_checked": checked,
        "hierarchy_held": checked - failed,
        "hierarchy_share": round((checked - failed) / checked, 4) if checked else None,
        "uncertain_tables": sum(1 for f in findings if f.rule == "parse.uncertain"),
        "counts": {s: sum(rules.values()) for s, rules in by_rule.items()},
        "by_rule": by_rule,
    }


#: (header, width, value of a row)
SURVEY_COLUMNS: list[tuple[str, float, Callable[[ResultDict], Any]]] = [
    ("文件", 34, lambda r: r.get("name")),
    ("类型", 7, lambda r: KIND_LABELS.get(str(r.get("kind")), "")),
    ("范围", 7, lambda r: SCOPE_LABELS.get(str(r.get("scope")), "")),
    ("形式", 16, lambda r: FORM_LABELS.get(str(r.get("form")), "")),
    ("年度", 7, lambda r: r.get("year")),
    ("单位", 28, lambda r: r.get("unit")),
    ("页数", 6, lambda r: r.get("pages")),
    ("标准表（识别/应有）", 12, lambda r: f"{r.get('standard_found')}/{r.get('standard_required')}"),
    ("缺少的标准表", 30, lambda r: "、".join(r.get("standard_missing") or [])),
    ("金额单元格", 9, lambda r: r.get("amount_cells")),
    ("类款项核对（成立/总数）", 14, lambda r: f"{r.get('hierarchy_held')}/{r.get('hierarchy_checked')}"),
    ("类款项成立比例", 10, lambda r: r.get("hierarchy_share")),
    ("结构存疑表", 8, lambda r: r.get("uncertain_tables")),
    ("错误", 6, lambda r: (r.get("counts") or {}).get("error")),
    ("警告", 6, lambda r: (r.get("counts") or {}).get("warning")),
    ("尾差", 6, lambda r: (r.get("counts") or {}).get("rounding")),
    ("错误（按规则）", 30, lambda r: _rules_text(r, "error")),
    ("警告（按规则）", 30, lambda r: _rules_text(r, "warning")),
    ("尾差（按规则）", 24, lambda r: _rules_text(r, "rounding")),
    ("用时（秒）", 8, lambda r: r.get("seconds")),
]


def _rules_text(row: ResultDict, severity: str) -> str:
    rules = (row.get("by_rule") or {}).get(severity) or {}
    return "；".join(f"{rule} ×{n}" for rule, n in rules.items())


def write_survey(rows: list[ResultDict], out: Path) -> Path:
    """Write the 概览 sheet (one row per document); returns the path written."""
    wb = Workbook()
    wb.properties.creator = CREATOR
    ws = wb.active
    ws.title = "概览"
    for j, (h, w, _) in enumerate(SURVEY_COLUMNS, 1):
        put_cell(ws, 1, j, h, font=Font(bold=True), fill=HEADER_FILL, alignment=CENTER, border=BORDER)
        ws.column_dimensions[get_column_letter(j)].width = w
    for i, row in enumerate(rows, 2):
        ok = row.get("status") == "ok"
        for j, (_, _w, value) in enumerate(SURVEY_COLUMNS, 1):
            v = value(row) if ok or j == 1 else None
            put_cell(ws, i, j, v, alignment=WRAP, border=BORDER)
        if not ok:
            head = "已跳过：" if row.get("status") == "skipped" else "读取失败："
            put_cell(ws, i, 2, head + str(row.get("message", "")), alignment=WRAP, border=BORDER)
            ws.merge_cells(start_row=i, start_column=2, end_row=i, end_column=len(SURVEY_COLUMNS) - 1)
            put_cell(ws, i, len(SURVEY_COLUMNS), row.get("seconds"), alignment=WRAP, border=BORDER)
        texts = [(str(value(row) or ""), w) for _, w, value in SURVEY_COLUMNS] if ok else []
        ws.row_dimensions[i].height = 15.0 * max([wrapped_lines(t, w) for t, w in texts] or [1]) + 3
        if not ok or (row.get("counts") or {}).get("error"):
            ws.cell(row=i, column=1).fill = SEVERITY_FILL[Severity.ERROR]
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(SURVEY_COLUMNS))}{max(2, len(rows) + 1)}"
    page_setup(ws, header_row=1, landscape=True)
    return save_with_fallback(Path(out), wb.save)
