"""Read the reviewer's annotations back from an exported review workbook.

Columns of 问题清单 are found by their headers (:data:`gouji.io.export.columns.FINDING_COLUMNS`),
so re-ordered columns still work; each column's ``read`` turns its cell back into a field of the
row's annotation or of a reviewer-added finding.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from gouji.io.export import columns
from gouji.io.export.cells import unsafe_text
from gouji.io.export.columns import parse_time
from gouji.io.export.styles import LIST_SHEET, SIGN_SHEET
from gouji.model.findings import FAMILY_LABELS, Family, Finding
from gouji.model.review import Annotation, ReviewState


def import_review(path: Path) -> ReviewState:
    """Read the reviewer's annotations back from an exported workbook.

    Statuses, comments, reviewers and times come from 问题清单 (matched by the
    header names, so re-ordered columns still work); the source SHA-256, the
    file name, the reviewer and the sign-off from 签字.  Reviewer-added
    findings (类别 人工添加) are rebuilt as ``manual_findings``.  Raises
    :class:`ValueError` (Chinese message) when the file is not a Gouji workbook.
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
        signer = unsafe_text(sign.get("签字人")).strip()
        if signer:
            state.signed_off_by = signer
            state.signed_off_at = parse_time(sign.get("签字时间"))
        rows = wb[LIST_SHEET].iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            return state
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

        for row in rows:
            fid = unsafe_text(get(row, "id")).strip()
            if not fid:
                continue
            fields: dict[str, dict[str, object]] = {"annotation": {}, "finding": {}}
            for c in columns.FINDING_COLUMNS:
                if c.read is not None:
                    fields[c.into].update(c.read(get(row, c.key)))
            annotation = Annotation.model_validate({"finding_id": fid, **fields["annotation"]})
            if annotation.model_dump() != Annotation(finding_id=fid).model_dump():  # touched by a reviewer
                state.annotations[fid] = annotation
            if unsafe_text(get(row, "family")) == manual_label:
                state.manual_findings.append(
                    Finding.model_validate({"id": fid, "family": Family.MANUAL, **fields["finding"]})
                )
        return state
    finally:
        wb.close()
