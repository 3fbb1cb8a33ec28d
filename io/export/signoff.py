"""The 签字 sheet: reviewer, 签字人, 复核人, time, findings still 待核实 at signing, counts by severity
and status, the source file and its SHA-256.

A signed-off workbook is sealed (:func:`sign_workbook`): a keyed hash of every cell value is kept
in a very hidden sheet (:data:`SIGNATURE_SHEET`), and every sheet and the workbook structure are
protected with a password derived from that hash, different for each workbook.  Review import
refuses a signed workbook whose cells no longer match (:func:`check_signature`).  The key ships
with the program: this stops casual edits and re-imports into the signed state, not a
determined attacker who reads the source.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from openpyxl.styles import Alignment, Font
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from gouji.io.export.cells import merge, put_cell
from gouji.io.export.columns import naive_local
from gouji.io.export.styles import BOLD, BORDER, HEADER_FILL, page_setup
from gouji.model.document import DocKind, Document
from gouji.model.findings import SEVERITY_LABELS, Finding, Severity
from gouji.model.review import ReviewState, Status

#: labels of the sign-off rows review import reads back
CHECKER_LABEL = "复核人"
PENDING_LABEL = "签字时待核实问题数"


def _tool() -> str:
    try:
        return f"勾稽 Gouji {version('gouji')}"
    except PackageNotFoundError:
        return "勾稽 Gouji"


def _time_str(t: datetime | None) -> str:
    return naive_local(t).strftime("%Y-%m-%d %H:%M") if t else ""


def write_sign(ws: Worksheet, doc: Document, findings: list[Finding], state: ReviewState | None) -> None:
    """签字; review import reads 源文件, SHA-256, 审核人, 签字人, 复核人, 签字时间 and 签字时待核实 back."""
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 70
    by_status = {s: 0 for s in Status}
    for f in findings:
        a = state.annotations.get(f.id) if state else None
        by_status[a.status if a else Status.PENDING] += 1
    by_sev = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
    pending = state.pending_at_signoff if state and state.signed_off_by else None
    kind = {DocKind.BUDGET: "预算公开", DocKind.FINAL: "决算公开"}.get(doc.kind, "未识别")
    rows: list[tuple[str, object]] = [
        ("源文件", Path(doc.path).name),
        ("SHA-256", doc.sha256),
        ("文件类型", kind),
        ("年度", doc.year or ""),
        ("单位", doc.unit_name or ""),
        ("页数", doc.page_count or ""),
        ("问题总数", len(findings)),
    ]
    rows += [(f"严重程度：{SEVERITY_LABELS[s]}", n) for s, n in by_sev.items()]
    rows += [(f"审核状态：{s.value}", n) for s, n in by_status.items()]
    rows += [
        ("审核人", (state.reviewer if state else "") or ""),
        ("签字人", (state.signed_off_by if state else "") or ""),
        (CHECKER_LABEL, state.checked_by if state else ""),
        ("签字时间", _time_str(state.signed_off_at) if state else ""),
        (PENDING_LABEL, pending if pending is not None else ""),
        ("导出时间", datetime.now().strftime("%Y-%m-%d %H:%M")),
        ("生成工具", _tool()),
    ]
    put_cell(ws, 1, 1, "审核签字", font=Font(bold=True, size=14))
    for i, (k, v) in enumerate(rows, 3):
        put_cell(ws, i, 1, k, font=BOLD, border=BORDER, fill=HEADER_FILL)
        put_cell(ws, i, 2, v, border=BORDER, alignment=Alignment(horizontal="left"))
    r = len(rows) + 5
    put_cell(ws, r, 1, "审核意见：", font=BOLD)
    ws.row_dimensions[r + 1].height = 80
    merge(ws, r + 1, 1, r + 1, 2)
    put_cell(ws, r + 3, 1, "审核人（签字）：", font=BOLD)
    put_cell(ws, r + 4, 1, "复核人（签字）：", font=BOLD)
    put_cell(ws, r + 5, 1, "日期：", font=BOLD)
    page_setup(ws, header_row=None, landscape=False)


# --------------------------------------------------------------------------- the seal of a signed workbook

#: the very hidden sheet holding the hash of a signed workbook's cells
SIGNATURE_SHEET = "勾稽签名"
_APP_KEY = b"gouji/review-workbook/seal/1"
_DIGEST_LABEL = "内容摘要"


def _canonical(v: object) -> str | None:
    """A cell value as it reads back from the saved file (None for an empty cell)."""
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return f"b:{int(v)}"
    if isinstance(v, (int, float, Decimal)):
        return f"n:{float(v)!r}"
    if isinstance(v, datetime):
        whole = v.replace(tzinfo=None, microsecond=0) + timedelta(seconds=round(v.microsecond / 1e6))
        return "d:" + whole.isoformat(timespec="seconds")  # Excel keeps times as fractions of a day
    if isinstance(v, date):
        return "d:" + datetime.combine(v, time()).isoformat(timespec="seconds")
    return "s:" + str(v).replace("\r\n", "\n").replace("\r", "\n")


def content_digest(wb: Workbook) -> str:
    """Keyed hash (HMAC-SHA-256) of every non-empty cell of every sheet but the signature sheet.

    The same for the workbook in memory and for it read back (``read_only``, ``data_only``).
    """
    h = hmac.new(_APP_KEY, digestmod=hashlib.sha256)
    for ws in wb.worksheets:
        if ws.title == SIGNATURE_SHEET:
            continue
        h.update(f"\x1e{ws.title}".encode())
        for r, row in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), 1):
            for c, v in enumerate(row, 1):
                text = _canonical(v)
                if text is not None:
                    h.update(f"\x1f{r},{c}\x1d{text}".encode())
    return h.hexdigest()


def sheet_password(digest: str) -> str:
    """The protection password of the workbook whose cells hash to ``digest``."""
    return hmac.new(_APP_KEY, b"password:" + digest.encode(), hashlib.sha256).hexdigest()[:16]


def sign_workbook(wb: Workbook) -> None:
    """Seal a signed-off workbook: store the hash of its cells, protect every sheet and its structure."""
    digest = content_digest(wb)
    password = sheet_password(digest)
    seal = wb.create_sheet(SIGNATURE_SHEET)
    seal["A1"], seal["B1"] = _DIGEST_LABEL, digest
    seal.sheet_state = "veryHidden"
    for ws in wb.worksheets:
        ws.protection.sheet = True
        ws.protection.password = password
        ws.protection.autoFilter = False
        ws.protection.sort = False
    wb.security = WorkbookProtection(workbookPassword=password, lockStructure=True)


def check_signature(wb: Workbook) -> bool | None:
    """Whether a workbook's cells are those it was sealed with (None: no seal)."""
    if SIGNATURE_SHEET not in wb.sheetnames:
        return None
    stored = {
        row[0]: row[1] for row in wb[SIGNATURE_SHEET].iter_rows(min_row=1, max_col=2, values_only=True) if row
    }
    digest = stored.get(_DIGEST_LABEL)
    return isinstance(digest, str) and hmac.compare_digest(digest, content_digest(wb))
