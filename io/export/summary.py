"""JSON-ready results of one document (the CLI's --json and the batch worker's result) and the
batch summary workbook (汇总 + one sheet per document)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from gouji.io.export.workbook import (
    BORDER,
    CENTER,
    CREATOR,
    HEADER_FILL,
    SEVERITY_FILL,
    WRAP,
    page_setup,
    put_cell,
    safe_sheet_name,
    save_with_fallback,
    wrapped_lines,
)
from gouji.model.findings import FAMILY_LABELS, SEVERITY_LABELS, Family, Finding, Severity

KIND_LABELS = {"budget": "预算", "final": "决算", "unknown": "未识别"}

ResultDict = dict[str, object]


# ---------------------------------------------------------------------------
# one document
# ---------------------------------------------------------------------------
def finding_dict(f: Finding, table_titles: dict[str, str] | None = None) -> dict[str, object]:
    """A finding as JSON-ready dict: the flat fields reviewers filter on, plus all locations."""
    loc0 = next((loc for loc in f.locations if loc.table), f.locations[0] if f.locations else None)
    d = f.model_dump(mode="json")
    d.update(
        {
            "table": f.table,
            "table_title": (table_titles or {}).get(f.table or "", None),
            "page": f.page,
            "row": loc0.row if loc0 else None,
            "row_code": loc0.row_code if loc0 else None,
            "row_name": loc0.row_name if loc0 else None,
            "column": loc0.column if loc0 else None,
            "column_label": loc0.column_label if loc0 else None,
            "severity_label": SEVERITY_LABELS.get(f.severity, str(f.severity)),
            "family_label": FAMILY_LABELS.get(f.family, str(f.family)),
        }
    )
    order = [
        "id",
        "rule",
        "severity",
        "message",
        "table",
        "page",
        "row",
        "column",
        "stated",
        "computed",
        "difference",
    ]
    return {k: d[k] for k in order} | {k: v for k, v in d.items() if k not in order}


def document_summary(doc, findings: list[Finding]) -> ResultDict:
    """The parse summary of a document and all its findings (JSON-ready)."""
    titles = {t.id: t.title for t in doc.tables}
    counts = {s.value: 0 for s in Severity}
    for f in findings:
        counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
    return {
        "path": doc.path,
        "name": Path(doc.path).name,
        "status": "ok",
        "sha256": doc.sha256,
        "format": doc.format,
        "kind": doc.kind.value,
        "year": doc.year,
        "unit": doc.unit_name,
        "money_unit": doc.money_unit,
        "pages": doc.page_count,
        "tables": [
            {
                "id": t.id,
                "std": t.std.value if t.std else None,
                "number": t.number,
                "title": t.title,
                "pages": t.pages,
                "rows": len(t.rows),
                "empty": t.empty,
                "perf": t.perf is not None,
            }
            for t in doc.tables
        ],
        "warnings": list(doc.warnings),
        "counts": counts,
        "findings": [finding_dict(f, titles) for f in findings],
    }


# ---------------------------------------------------------------------------
# the summary workbook
# ---------------------------------------------------------------------------
SUMMARY_COLUMNS = [
    ("序号", 6),
    ("文件", 40),
    ("类型", 8),
    ("年度", 8),
    ("单位", 30),
    ("页数", 7),
    ("表格数", 8),
    ("错误", 7),
    ("警告", 7),
    ("尾差", 7),
    ("状态", 10),
    ("说明", 50),
    ("用时（秒）", 10),
]
DOC_COLUMNS = [
    ("编号", 24),
    ("严重程度", 9),
    ("类别", 10),
    ("规则名称", 22),
    ("问题描述", 60),
    ("表格", 26),
    ("页码", 6),
    ("行", 24),
    ("列", 20),
    ("公式", 32),
    ("填报数", 14),
    ("重算数", 14),
    ("差额", 12),
]


def _sev(v: object) -> Severity | None:
    try:
        return Severity(str(v))
    except ValueError:
        return None


def write_summary(results: list[ResultDict], out: Path) -> Path:
    """Write the batch workbook (汇总 + one sheet per document); returns the path written."""
    wb = Workbook()
    wb.properties.creator = CREATOR
    ws = wb.active
    ws.title = "汇总"
    for j, (h, w) in enumerate(SUMMARY_COLUMNS, 1):
        put_cell(ws, 1, j, h, font=Font(bold=True), fill=HEADER_FILL, alignment=CENTER, border=BORDER)
        ws.column_dimensions[get_column_letter(j)].width = w
    names = ["汇总"]
    for i, res in enumerate(results, 1):
        r = i + 1
        c = res.get("counts", {}) or {}
        ok = res.get("status") == "ok"
        if ok:
            status = "有错误" if c.get("error") else ("有警告" if c.get("warning") else "通过")
            note = "；".join(res.get("warnings", []) or [])[:500]
        else:
            status = "读取失败"
            note = str(res.get("message", ""))
        values = [
            i,
            res.get("name"),
            KIND_LABELS.get(str(res.get("kind")), "") if ok else "",
            res.get("year"),
            res.get("unit"),
            res.get("pages"),
            len(res.get("tables", []) or []) if ok else None,
            c.get("error", 0) if ok else None,
            c.get("warning", 0) if ok else None,
            c.get("rounding", 0) if ok else None,
            status,
            note,
            res.get("seconds"),
        ]
        for j, v in enumerate(values, 1):
            put_cell(ws, r, j, v, alignment=WRAP, border=BORDER)
        ws.row_dimensions[r].height = (
            15.0
            * max(
                wrapped_lines(note, 50),
                wrapped_lines(str(res.get("name") or ""), 40),
                wrapped_lines(str(res.get("unit") or ""), 30),
            )
            + 3
        )
        fill = SEVERITY_FILL[Severity.ERROR] if (not ok or c.get("error")) else None
        if fill is not None:
            ws.cell(row=r, column=11).fill = fill
        if ok:
            sheet = safe_sheet_name(f"{i:02d} {Path(str(res.get('name'))).stem}", names)
            names.append(sheet)
            _write_doc_sheet(wb.create_sheet(sheet), res)
            link = ws.cell(row=r, column=2)
            link.hyperlink = Hyperlink(
                ref=link.coordinate, location=f"'{sheet}'!A1", display=str(res.get("name"))
            )
            link.font = Font(color="0563C1", underline="single")
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(SUMMARY_COLUMNS))}{max(2, len(results) + 1)}"
    page_setup(ws, header_row=1, landscape=True)
    return save_with_fallback(Path(out), wb.save)


def _write_doc_sheet(ws, res: ResultDict) -> None:
    put_cell(ws, 1, 1, f"{res.get('name')}    SHA-256：{res.get('sha256')}", font=Font(bold=True))
    for j, (h, w) in enumerate(DOC_COLUMNS, 1):
        put_cell(ws, 2, j, h, font=Font(bold=True), fill=HEADER_FILL, alignment=CENTER, border=BORDER)
        ws.column_dimensions[get_column_letter(j)].width = w
    findings = sorted(
        res.get("findings", []) or [],
        key=lambda f: (
            {"error": 0, "warning": 1, "rounding": 2}.get(f.get("severity"), 9),
            f.get("page") or 10**6,
        ),
    )
    for i, f in enumerate(findings, 3):
        sev = _sev(f.get("severity"))
        fam = f.get("family")
        values = [
            f.get("id"),
            SEVERITY_LABELS.get(sev, str(f.get("severity"))) if sev else f.get("severity"),
            FAMILY_LABELS.get(Family(fam), fam) if fam in {x.value for x in Family} else fam,
            f.get("title"),
            f.get("message"),
            " ".join(x for x in (f.get("table") or "", f.get("table_title") or "") if x),
            f.get("page"),
            " ".join(x for x in (f.get("row_code") or "", f.get("row_name") or "") if x),
            f.get("column_label"),
            f.get("formula"),
            _num(f.get("stated")),
            _num(f.get("computed")),
            _num(f.get("difference")),
        ]
        for j, v in enumerate(values, 1):
            c = put_cell(ws, i, j, v, alignment=WRAP, border=BORDER)
            if j >= 11 and v is not None:
                c.number_format = "#,##0.00##"
        ws.row_dimensions[i].height = (
            15.0 * max(wrapped_lines(str(values[4] or ""), 60), wrapped_lines(str(values[9] or ""), 32)) + 3
        )
        if sev in SEVERITY_FILL:
            ws.cell(row=i, column=2).fill = SEVERITY_FILL[sev]
    ws.freeze_panes = "C3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(DOC_COLUMNS))}{max(3, len(findings) + 2)}"
    page_setup(ws, header_row=2, landscape=True)


def _num(v: object):
    from decimal import Decimal, InvalidOperation

    if v is None or v == "":
        return None
    try:
        return Decimal(str(v))
    except InvalidOperation:
        return str(v)
