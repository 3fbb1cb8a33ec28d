"""JSON-ready results of one document (the CLI's --json and the batch worker's result) and the
batch summary workbook (汇总 + one sheet per document)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from gouji.io.export.cells import put_cell, safe_sheet_name, wrapped_lines
from gouji.io.export.columns import FindingContext, anchor_location, list_order
from gouji.io.export.findings_sheet import write_findings
from gouji.io.export.save import save_with_fallback
from gouji.io.export.styles import BORDER, CENTER, CREATOR, HEADER_FILL, SEVERITY_FILL, WRAP, page_setup
from gouji.model.findings import FAMILY_LABELS, SEVERITY_LABELS, Finding, Severity

KIND_LABELS = {"budget": "预算", "final": "决算", "unknown": "未识别"}

#: a JSON-ready result of one document (values: str, int, float, None, lists and dicts of them)
ResultDict = dict[str, Any]


# ---------------------------------------------------------------------------
# one document
# ---------------------------------------------------------------------------
def finding_dict(f: Finding, table_titles: dict[str, str] | None = None) -> dict[str, object]:
    """A finding as JSON-ready dict: the flat fields reviewers filter on, plus all locations."""
    loc0 = anchor_location(f)
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
STATUS_COLUMN = [h for h, _ in SUMMARY_COLUMNS].index("状态") + 1


def write_summary(results: list[ResultDict], out: Path, cross: dict[str, Any] | None = None) -> Path:
    """Write the batch workbook (汇总 + one sheet per document); returns the path written.

    ``cross``: the report of the cross-document pass (:func:`gouji.io.app.sets.cross_check`),
    written as the sheets 文件关系 and 跨文件问题 after 汇总.
    """
    wb = Workbook()
    wb.properties.creator = CREATOR
    ws = wb.active
    ws.title = "汇总"
    for j, (h, w) in enumerate(SUMMARY_COLUMNS, 1):
        put_cell(ws, 1, j, h, font=Font(bold=True), fill=HEADER_FILL, alignment=CENTER, border=BORDER)
        ws.column_dimensions[get_column_letter(j)].width = w
    names = ["汇总"]
    if cross is not None:
        _write_relations(wb.create_sheet("文件关系"), cross.get("relations", []))
        _write_cross(wb.create_sheet("跨文件问题"), cross.get("findings", []))
        names += ["文件关系", "跨文件问题"]
    for i, res in enumerate(results, 1):
        r = i + 1
        c = res.get("counts", {}) or {}
        ok = res.get("status") == "ok"
        if ok:
            status = "有错误" if c.get("error") else ("有警告" if c.get("warning") else "通过")
            note = "；".join(res.get("warnings", []) or [])[:500]
        else:
            status = "已跳过" if res.get("status") == "skipped" else "读取失败"
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
            ws.cell(row=r, column=STATUS_COLUMN).fill = fill
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


class _BatchContext(FindingContext):
    """A document sheet's view of a finding: tables named by id and title."""

    def __init__(self, res: ResultDict):
        self._titles = {str(t["id"]): t["title"] for t in res.get("tables", []) or []}

    def table_label(self, f: Finding) -> str:
        return " ".join(x for x in (f.table or "", self._titles.get(f.table or "") or "") if x)


def _write_doc_sheet(ws: Worksheet, res: ResultDict) -> None:
    """One document's findings (from its JSON-ready result) with the ``"batch"`` columns."""
    put_cell(ws, 1, 1, f"{res.get('name')}    SHA-256：{res.get('sha256')}", font=Font(bold=True))
    findings = list_order(
        Finding.model_validate({k: d[k] for k in Finding.model_fields if k in d})
        for d in res.get("findings", []) or []
    )
    write_findings(ws, "batch", findings, _BatchContext(res), header_row=2)


# ---------------------------------------------------------------------------
# the cross-document sheets
# ---------------------------------------------------------------------------
RELATION_COLUMNS = [
    ("序号", 6),
    ("关系", 22),
    ("单位", 30),
    ("文件甲", 36),
    ("文件乙", 36),
    ("比对项数", 9),
    ("不一致", 8),
]
CROSS_COLUMNS = [
    ("序号", 6),
    ("严重程度", 9),
    ("规则", 24),
    ("问题", 60),
    ("公式", 30),
    ("本方数", 14),
    ("对方数", 14),
    ("差额", 12),
    ("文件甲位置", 40),
    ("文件乙位置", 40),
]


def _header(ws: Worksheet, columns: list[tuple[str, int]]) -> None:
    for j, (h, w) in enumerate(columns, 1):
        put_cell(ws, 1, j, h, font=Font(bold=True), fill=HEADER_FILL, alignment=CENTER, border=BORDER)
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = "A2"


def _write_relations(ws: Worksheet, relations: list[dict[str, Any]]) -> None:
    """文件关系: every relation found between the batch's documents, with the comparisons made."""
    _header(ws, RELATION_COLUMNS)
    for i, r in enumerate(relations, 1):
        values = [
            i,
            r.get("label"),
            r.get("unit"),
            r.get("a"),
            r.get("b"),
            r.get("checked") if r.get("compared") else "不比对",
            r.get("differing") if r.get("compared") else None,
        ]
        for j, v in enumerate(values, 1):
            put_cell(ws, i + 1, j, v, alignment=WRAP, border=BORDER)
    if not relations:
        put_cell(ws, 2, 1, "本批文件之间未发现同一单位的上年、同年预算/决算或部门与所属单位关系。")
    page_setup(ws, header_row=1, landscape=True)


def _where(loc: dict[str, Any]) -> str:
    parts = [f"《{loc.get('file')}》" if loc.get("file") else ""]
    if loc.get("page"):
        parts.append(f"第{loc['page']}页")
    if loc.get("row"):
        parts.append(f"行：{loc['row']}")
    if loc.get("column"):
        parts.append(f"列：{loc['column']}")
    if loc.get("text"):
        t = str(loc["text"])
        parts.append("“" + (t if len(t) <= 60 else t[:59] + "…") + "”")
    return " ".join(p for p in parts if p)


def _write_cross(ws: Worksheet, findings: list[dict[str, Any]]) -> None:
    """跨文件问题: each cross-document finding once, with the places in both documents."""
    _header(ws, CROSS_COLUMNS)
    for i, f in enumerate(findings, 1):
        locs = f.get("locations") or []
        first = [loc for loc in locs if loc.get("path") == (locs[0].get("path") if locs else None)]
        rest = [loc for loc in locs if loc not in first]
        values = [
            i,
            f.get("severity_label"),
            f"{f.get('title')}（{f.get('rule')}）",
            f.get("message"),
            f.get("formula"),
            _amount(f.get("stated")),
            _amount(f.get("computed")),
            _amount(f.get("difference")),
            "\n".join(_where(loc) for loc in first),
            "\n".join(_where(loc) for loc in rest),
        ]
        for j, v in enumerate(values, 1):
            put_cell(ws, i + 1, j, v, alignment=WRAP, border=BORDER)
        ws.row_dimensions[i + 1].height = 15.0 * max(wrapped_lines(str(f.get("message") or ""), 60), 2) + 3
        if f.get("severity") in (Severity.ERROR, Severity.WARNING):
            ws.cell(row=i + 1, column=2).fill = SEVERITY_FILL[Severity(f["severity"])]
    if not findings:
        put_cell(ws, 2, 1, "跨文件核对未发现问题。")
    page_setup(ws, header_row=1, landscape=True)


def _amount(v: object) -> Decimal | None:
    return Decimal(str(v)) if v is not None else None
