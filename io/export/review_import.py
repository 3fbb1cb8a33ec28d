"""Read the reviewer's annotations back from an exported review workbook.

Columns of 问题清单 are found by their headers (:data:`gouji.io.export.columns.FINDING_COLUMNS`),
so re-ordered columns still work; each column's ``read`` turns its cell back into a field of the
row's annotation or of a reviewer-added finding.  Nothing is dropped silently: a status typed
outside the drop-down and a finding listed twice are reported (:attr:`ImportedReview.problems`).
A signed-off workbook is imported only when its cells are those it was sealed with
(:func:`gouji.io.export.signoff.check_signature`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from gouji.io.export import columns
from gouji.io.export.cells import unsafe_text
from gouji.io.export.checklist_sheet import DATE_LINE, URL_LINE
from gouji.io.export.columns import parse_time
from gouji.io.export.signoff import CHECKER_LABEL, PENDING_LABEL, check_signature
from gouji.io.export.styles import CHECK_SHEET, LIST_SHEET, SIGN_SHEET
from gouji.model.findings import FAMILY_LABELS, Family, Finding
from gouji.model.review import Annotation, ReviewState, Status

_STATUS_VALUES = {s.value for s in Status}
HEADER_ROWS = 8  # 检查表's title and header lines are within its first rows


@dataclass
class ImportedReview:
    """A review read from a workbook, and what could not be taken over as it stood (Chinese, one a line)."""

    state: ReviewState
    problems: list[str] = field(default_factory=list)


def import_review(path: Path) -> ReviewState:
    """The review of a workbook (:func:`read_review_workbook` without its problem list)."""
    return read_review_workbook(path).state


def read_review_workbook(path: Path) -> ImportedReview:
    """Read the reviewer's annotations back from an exported workbook.

    Statuses, comments, reviewers and times come from 问题清单 (matched by the
    header names, so re-ordered columns still work); the source SHA-256, the
    file name, the reviewer and the sign-off (签字人, 复核人, time, findings still
    待核实 then) from 签字; 公开网址 and 公开日期 from the header of 检查表.
    Reviewer-added findings (类别 人工添加) are rebuilt as ``manual_findings``.

    Reported in ``problems``: a status that is not one of the drop-down's (read as 待核实, the typed
    text kept in the comment), a finding listed on several rows (the row with the latest time is
    taken), and a sign-off that cannot be verified (an unsealed workbook: annotations are imported,
    the sign-off is not).

    Raises
    ------
    ValueError
        With a Chinese message when the file is not a Gouji workbook, or is a sealed signed-off
        workbook whose cells were changed after signing.
    """
    try:
        wb = load_workbook(Path(path), read_only=True, data_only=True)
    except Exception as exc:
        raise ValueError(f"无法读取审核工作簿：{exc}") from exc
    try:
        if LIST_SHEET not in wb.sheetnames or SIGN_SHEET not in wb.sheetnames:
            raise ValueError(f"这不是勾稽导出的审核工作簿（缺少“{LIST_SHEET}”或“{SIGN_SHEET}”工作表）。")
        sign: dict[str, object] = {}
        for row in wb[SIGN_SHEET].iter_rows(min_col=1, max_col=2, values_only=True):
            if row and isinstance(row[0], str):
                sign[row[0].strip()] = row[1] if len(row) > 1 else None
        sha = unsafe_text(sign.get("SHA-256")).strip()
        if not sha:
            raise ValueError(f"审核工作簿的“{SIGN_SHEET}”表中没有源文件的 SHA-256。")
        state = ReviewState(
            sha256=sha,
            source_name=unsafe_text(sign.get("源文件")),
            reviewer=unsafe_text(sign.get("审核人")),
        )
        sealed = check_signature(wb)
        if sealed is False:
            raise ValueError(
                "这份审核工作簿已签字，但签字后单元格被修改过（与签字时保存的内容摘要不一致），拒绝导入。"
                "请导入签字时导出的原始工作簿。"
            )
        out = ImportedReview(state)
        signer = unsafe_text(sign.get("签字人")).strip()
        if signer and sealed is None:
            out.problems.append(
                f"工作簿写有签字人“{signer}”，但没有勾稽的签字封存（旧版本导出或已被改动），无法验证："
                "只导入审核意见，不导入签字状态。"
            )
        elif signer:
            state.signed_off_by = signer
            state.signed_off_at = parse_time(sign.get("签字时间"))
            state.checked_by = unsafe_text(sign.get(CHECKER_LABEL)).strip()
            pending = sign.get(PENDING_LABEL)
            state.pending_at_signoff = int(pending) if isinstance(pending, (int, float)) else None
        if CHECK_SHEET in wb.sheetnames:
            state.public_url, state.public_date = _header_lines(wb[CHECK_SHEET])
        rows = wb[LIST_SHEET].iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            return out
        key_of = {c.header: c.key for c in columns.FINDING_COLUMNS}
        col: dict[str, int] = {}
        for i, h in enumerate(header):
            if h is not None and str(h).strip() in key_of:
                col[key_of[str(h).strip()]] = i
        id_col, status_col = columns.column("id"), columns.column("status")
        if id_col.key not in col or status_col.key not in col:
            raise ValueError(f"“{LIST_SHEET}”缺少“{id_col.header}”或“{status_col.header}”列。")
        manual_label = FAMILY_LABELS[Family.MANUAL]

        def get(row: tuple, key: str) -> object:
            i = col.get(key)
            v = row[i] if i is not None and i < len(row) else None
            return unsafe_text(v) if isinstance(v, str) else v

        first_row: dict[str, int] = {}  # finding id → the row it was first read from
        manual_ids: set[str] = set()
        for r, row in enumerate(rows, 2):
            fid = unsafe_text(get(row, "id")).strip()
            if not fid:
                continue
            fields: dict[str, dict[str, object]] = {"annotation": {}, "finding": {}}
            for c in columns.FINDING_COLUMNS:
                if c.read is not None:
                    fields[c.into].update(c.read(get(row, c.key)))
            annotation = Annotation.model_validate({"finding_id": fid, **fields["annotation"]})
            typed = unsafe_text(get(row, "status")).strip()
            if typed and typed not in _STATUS_VALUES:
                out.problems.append(
                    f"第 {r} 行（问题 {fid}）的审核状态“{typed}”不是下拉列表中的值：按“{Status.PENDING.value}”导入，"
                    "原文记在审核意见中。"
                )
                note = f"（导入时的审核状态：{typed}）"
                annotation.comment = f"{annotation.comment} {note}".strip()
            if fid in first_row:
                if not _newer(annotation, state.annotations.get(fid)):
                    out.problems.append(
                        f"问题 {fid} 在第 {first_row[fid]} 行和第 {r} 行重复：第 {r} 行未导入（时间不晚于前一行）。"
                    )
                    continue
                out.problems.append(
                    f"问题 {fid} 在第 {first_row[fid]} 行和第 {r} 行重复：采用时间较新的第 {r} 行。"
                )
            first_row[fid] = r
            if annotation.model_dump() != Annotation(finding_id=fid).model_dump():  # touched by a reviewer
                state.annotations[fid] = annotation
            if unsafe_text(get(row, "family")) == manual_label and fid not in manual_ids:
                manual_ids.add(fid)
                state.manual_findings.append(
                    Finding.model_validate({"id": fid, "family": Family.MANUAL, **fields["finding"]})
                )
        return out
    finally:
        wb.close()


def _header_lines(ws: Worksheet) -> tuple[str, str]:
    """(公开网址, 公开日期) from the header lines of 检查表 (empty when a line is missing)."""
    found = {URL_LINE: "", DATE_LINE: ""}
    for row in ws.iter_rows(min_row=1, max_row=HEADER_ROWS, max_col=1, values_only=True):
        text = unsafe_text(row[0]).strip() if row and isinstance(row[0], str) else ""
        for label in found:
            if text.startswith(label):
                found[label] = text[len(label) :].strip()
    return found[URL_LINE], found[DATE_LINE]


def _newer(a: Annotation, before: Annotation | None) -> bool:
    """Whether ``a`` (a later row) replaces ``before`` (an earlier row of the same finding)."""
    if before is None:
        return True
    if a.time is None:
        return False
    return before.time is None or _plain(a.time) > _plain(before.time)


def _plain(t: datetime) -> datetime:
    return t.replace(tzinfo=None)
