"""Review-workbook import integrity (issue 11, failure 7): nothing dropped silently, signed workbooks sealed.

The 签字 sheet of a signed review (issue 12.4) names the signer, the 复核人, the time and how many
findings were still 待核实; import reads them back, and 公开网址 / 公开日期 from the head of 检查表.

A status typed outside the drop-down and a finding listed twice are reported; a signed-off
workbook is protected with a password of its own and import refuses it once its cells were
changed after signing.  Also: annotations whose finding is gone (已失效) appear in 问题清单.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gouji.io.export.review_import import import_review, read_review_workbook
from gouji.io.export.signoff import SIGNATURE_SHEET
from gouji.io.export.styles import LIST_SHEET
from gouji.io.export.workbook import export_workbook
from gouji.io.pipeline import Reviewed, review
from gouji.model.review import STALE_MARK, Annotation, ReviewState, Status, merge_review

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "sample_budget.pdf"


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> Reviewed:
    if not SAMPLE.exists():
        pytest.skip("sample not generated")
    p = tmp_path_factory.mktemp("doc") / SAMPLE.name
    shutil.copy(SAMPLE, p)
    return review(p)


def export(reviewed: Reviewed, out: Path, state: ReviewState | None = None, images: bool = False) -> Path:
    return export_workbook(reviewed.document, reviewed.findings, state, out, images=images)


def edit_list(path: Path, edit) -> None:
    """Open the workbook as a user would in Excel (protection lifted), change 问题清单, save."""
    wb = load_workbook(path)
    ws = wb[LIST_SHEET]
    ws.protection.sheet = False
    edit(ws, {str(c.value): c.column for c in ws[1] if c.value})
    wb.save(path)


def id_column(header: dict[str, int]) -> int:
    from gouji.io.export.columns import column

    return header[column("id").header]


def status_column(header: dict[str, int]) -> int:
    from gouji.io.export.columns import column

    return header[column("status").header]


# --- typed statuses and duplicated rows are reported, not dropped --------------------------------------


def test_typed_status_outside_the_drop_down_is_reported(reviewed, tmp_path):
    out = export(reviewed, tmp_path / "r.xlsx")
    fid = reviewed.findings[0].id

    def type_status(ws, header):
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, id_column(header)).value == fid)
        ws.cell(row, status_column(header)).value = "基本属实"  # typed over the drop-down

    edit_list(out, type_status)
    got = read_review_workbook(out)
    (problem,) = got.problems
    assert "基本属实" in problem and fid in problem and "下拉列表" in problem
    a = got.state.annotations[fid]
    assert a.status == Status.PENDING and "基本属实" in a.comment  # the reviewer's words are kept
    assert "基本属实" in import_review(out).annotations[fid].comment


def test_duplicated_finding_rows_are_reported(reviewed, tmp_path):
    out = export(reviewed, tmp_path / "r.xlsx")
    fid = reviewed.findings[0].id

    def duplicate(ws, header):
        src = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, id_column(header)).value == fid)
        first, dup = ws.max_row + 1, ws.max_row + 2
        for target, status, when in ((first, "确认问题", 1), (dup, "不是问题", 2)):
            for c in range(1, ws.max_column + 1):
                ws.cell(target, c).value = ws.cell(src, c).value
            ws.cell(target, status_column(header)).value = status
            ws.cell(target, header["审核时间"]).value = datetime(2026, 3, when, 9, 0)

    edit_list(out, duplicate)
    got = read_review_workbook(out)
    assert len(got.problems) == 2 and all(fid in p and "重复" in p for p in got.problems)
    assert got.state.annotations[fid].status == Status.NOT_A_PROBLEM  # the newest row wins


# --- signed workbooks are sealed ----------------------------------------------------------------------


def signed(reviewed: Reviewed, out: Path, comment: str = "已核对", images: bool = False) -> Path:
    fid = reviewed.findings[0].id
    st = ReviewState(
        sha256=reviewed.document.sha256,
        reviewer="李四",
        signed_off_by="李四",
        signed_off_at=datetime(2026, 3, 2, 10),
    )
    st.annotations[fid] = Annotation(
        finding_id=fid, status=Status.CONFIRMED, comment=comment, time=datetime(2026, 3, 2, 9, 30, 15)
    )
    return export(reviewed, out, st, images=images)


def test_signed_workbook_has_a_password_of_its_own(reviewed, tmp_path):
    a = load_workbook(signed(reviewed, tmp_path / "a.xlsx"))
    b = load_workbook(signed(reviewed, tmp_path / "b.xlsx", comment="另一意见"))
    assert all(ws.protection.sheet and ws.protection.password for ws in a.worksheets)
    assert a.security.lockStructure and a.security.workbookPassword
    assert a[LIST_SHEET].protection.password != b[LIST_SHEET].protection.password
    assert a[SIGNATURE_SHEET].sheet_state == "veryHidden"


def test_unchanged_signed_workbook_imports_signed(reviewed, tmp_path):
    out = signed(reviewed, tmp_path / "s.xlsx", images=True)
    got = read_review_workbook(out)
    assert got.problems == [] and got.state.signed_off_by == "李四"
    wb = load_workbook(out)  # opened and saved again without a change: still intact
    wb.save(out)
    assert read_review_workbook(out).state.signed_off_by == "李四"


@pytest.mark.parametrize("where", ["status", "sign"])
def test_signed_workbook_edited_after_signing_is_refused(reviewed, tmp_path, where):
    out = signed(reviewed, tmp_path / "s.xlsx")
    wb = load_workbook(out)
    if where == "status":  # unprotect, flip the confirmed finding to 不是问题
        ws = wb[LIST_SHEET]
        ws.protection.sheet = False
        header = {str(c.value): c.column for c in ws[1] if c.value}
        row = next(
            r for r in range(2, ws.max_row + 1) if ws.cell(r, status_column(header)).value == "确认问题"
        )
        ws.cell(row, status_column(header)).value = "不是问题"
    else:  # sign in someone else's name
        ws = wb["签字"]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "签字人")
        ws.cell(row, 2).value = "王五"
    wb.save(out)
    with pytest.raises(ValueError, match="签字后单元格被修改过"):
        import_review(out)


def test_signed_workbook_without_its_seal_imports_without_the_sign_off(reviewed, tmp_path):
    out = signed(reviewed, tmp_path / "s.xlsx")
    wb = load_workbook(out)
    wb.security = None
    del wb[SIGNATURE_SHEET]
    wb.save(out)
    got = read_review_workbook(out)
    assert got.state.signed_off_by is None and any("无法验证" in p for p in got.problems)
    assert got.state.annotations[reviewed.findings[0].id].status == Status.CONFIRMED


# --- annotations whose finding is gone are exported as 已失效 -----------------------------------------------


def test_gone_findings_are_listed_in_the_workbook(reviewed, tmp_path):
    st = ReviewState(sha256=reviewed.document.sha256)
    st.annotations["arith.sum:000000000000"] = Annotation(
        finding_id="arith.sum:000000000000",
        status=Status.CONFIRMED,
        comment="上一版本的意见",
        seen_title="合计不等于分项之和",
        seen_message="基本支出合计 100 ≠ 分项之和 90",
    )
    out = export(reviewed, tmp_path / "r.xlsx", st)
    ws = load_workbook(out)[LIST_SHEET]
    texts = ["\t".join(str(c.value or "") for c in row) for row in ws.iter_rows(min_row=2)]
    (line,) = [t for t in texts if "arith.sum:000000000000" in t]
    assert STALE_MARK in line and "上一版本的意见" in line and "基本支出合计 100" in line
    back = import_review(out)
    assert back.annotations["arith.sum:000000000000"].comment == "上一版本的意见" and not back.manual_findings


# --------------------------------------------------------------------------- the signed 签字 sheet (issue 12.4)

URL = "https://www.example.gov.cn/czyjs/2026/单位预算.html"


def _sign_rows(path: Path) -> dict[str, object]:
    ws = load_workbook(path)["签字"]
    return {r[0].value: r[1].value for r in ws.iter_rows(min_row=3, max_col=2) if r[0].value}


def test_sign_sheet_names_signer_checker_time_and_pending(reviewed, tmp_path):
    st = ReviewState(
        sha256=reviewed.document.sha256,
        reviewer="张审核",
        signed_off_by="张审核",
        signed_off_at=datetime(2026, 3, 2, 10, 5),
        checked_by="李复核",
        pending_at_signoff=3,
        public_url=URL,
        public_date="2026-02-10",
    )
    out = export(reviewed, tmp_path / "signed.xlsx", st)
    kv = _sign_rows(out)
    assert kv["签字人"] == "张审核" and kv["复核人"] == "李复核"
    assert kv["签字时间"] == "2026-03-02 10:05" and kv["签字时待核实问题数"] == 3
    wb = load_workbook(out)
    assert all(ws.protection.sheet for ws in wb.worksheets) and wb.security.lockStructure
    labels = [c.value for c in wb["签字"]["A"] if c.value]
    assert labels.index("审核人（签字）：") < labels.index("复核人（签字）：") < labels.index("日期：")
    got = read_review_workbook(out)
    assert got.problems == []
    back = got.state
    assert (back.signed_off_by, back.checked_by, back.pending_at_signoff) == ("张审核", "李复核", 3)
    assert back.signed_off_at == datetime(2026, 3, 2, 10, 5)
    assert (back.public_url, back.public_date) == (URL, "2026-02-10")


def test_unsigned_sheet_leaves_signoff_rows_empty(reviewed, tmp_path):
    st = ReviewState(sha256=reviewed.document.sha256, checked_by="李复核", pending_at_signoff=2)
    out = export(reviewed, tmp_path / "open.xlsx", st)
    kv = _sign_rows(out)
    assert kv.get("签字人") is None and kv.get("签字时待核实问题数") is None


def test_import_reads_public_url_and_date_into_an_empty_review(reviewed, tmp_path):
    st = ReviewState(sha256=reviewed.document.sha256, public_url="=HYPERLINK(1)", public_date="2026年2月10日")
    out = export(reviewed, tmp_path / "url.xlsx", st)
    back = import_review(out)
    assert (back.public_url, back.public_date) == ("=HYPERLINK(1)", "2026年2月10日")
    mine = ReviewState(sha256=reviewed.document.sha256)
    merge_review(mine, back)  # what the workbench does on 导入审核工作簿
    assert (mine.public_url, mine.public_date) == ("=HYPERLINK(1)", "2026年2月10日")
    kept = ReviewState(sha256=reviewed.document.sha256, public_url="https://mine.example/")
    merge_review(kept, back)  # the reviewer's own entry is not overwritten
    assert kept.public_url == "https://mine.example/" and kept.public_date == "2026年2月10日"
    empty = export(reviewed, tmp_path / "none.xlsx")
    assert (import_review(empty).public_url, import_review(empty).public_date) == ("", "")
