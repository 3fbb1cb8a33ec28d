"""Cell values corrected by hand: kept in the review file, applied by the pipeline before the rules
(the workbench, ``gouji check``), old review files still load, corrections of cells gone are reported."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gouji.io.app.cli import main
from gouji.io.export.workbook import export_workbook
from gouji.io.pipeline import review
from gouji.model.corrections import Correction, correction_for
from gouji.model.review import SCHEMA_VERSION, ReviewState, find_review, read_review, review_path, save_review

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "sample_budget.pdf"
#: the sample's 302 商品和服务支出 prints 100.00 where its 款 add up to 102.00
WRONG = ("T06", "302", 2)


def copy_sample(folder: Path) -> Path:
    if not SAMPLE.exists():
        pytest.skip("sample not generated")
    return Path(shutil.copy(SAMPLE, folder / SAMPLE.name))


def hierarchy_errors(findings, code="302"):
    return [f for f in findings if f.rule == "arith.hierarchy" and f.locations[0].row_code == code]


def correct(sample: Path, text: str, reviewer: str = "李四") -> ReviewState:
    """Save a review of ``sample`` correcting the 302 合计 cell to ``text``."""
    got = review(sample)
    t = got.document.table(WRONG[0])
    row = next(r for r in t.rows if r.code == WRONG[1])
    state = ReviewState(sha256=got.document.sha256, source_name=sample.name)
    state.corrections.append(correction_for(t, row, t.columns[WRONG[2]], text, reviewer))
    save_review(state, review_path(sample))
    return state


def test_pipeline_applies_saved_corrections_before_the_rules(tmp_path):
    sample = copy_sample(tmp_path)
    assert [f.locations[0].column for f in hierarchy_errors(review(sample).findings)] == [2, 4]
    correct(sample, "102.00")
    got = review(sample)
    assert [f.locations[0].column for f in hierarchy_errors(got.findings)] == [
        4
    ]  # 合计 column now reconciles
    cell = got.document.table("T06").row_by_code("302").cell(2)
    assert (cell.text, str(cell.value), cell.corrected_from) == ("102.00", "102.00", "100.00")
    assert got.review is not None and len(got.review.corrections) == 1
    assert got.review_notices == []


def test_correction_survives_save_and_load(tmp_path):
    sample = copy_sample(tmp_path)
    correct(sample, "102.00", "王五")
    data = json.loads(review_path(sample).read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA_VERSION == 3
    (c,) = data["corrections"]
    assert (c["table"], c["row_code"], c["column_label"], c["original"], c["corrected"], c["reviewer"]) == (
        "T06",
        "302",
        "合计",
        "100.00",
        "102.00",
        "王五",
    )
    state, skipped = read_review(review_path(sample))
    assert (
        skipped == [] and state.corrections[0].corrected == "102.00" and state.corrections[0].time is not None
    )


def test_old_review_file_without_corrections_loads(tmp_path):
    path = tmp_path / "old.gouji.json"
    path.write_text(
        json.dumps({"schema": 2, "sha256": "ab" * 32, "annotations": {"x:1": {"status": "确认问题"}}}),
        encoding="utf-8",
    )
    state, skipped = read_review(path)
    assert skipped == [] and state.corrections == [] and "x:1" in state.annotations
    save_review(state, path)
    assert json.loads(path.read_text(encoding="utf-8"))["schema"] == 3


def test_unreadable_correction_is_skipped_and_reported_the_rest_kept(tmp_path):
    path = tmp_path / "r.gouji.json"
    good = Correction(table="T01", row=1, column=2, original="1", corrected="2").model_dump(mode="json")
    path.write_text(json.dumps({"schema": 3, "sha256": "ab" * 32, "corrections": [{"table": "T01"}, good]}))
    state, skipped = read_review(path)
    assert len(state.corrections) == 1 and "手工更正无法读取" in skipped[0]
    found = find_review([path], "ab" * 32)
    assert found.state is not None and len(found.state.corrections) == 1


def test_correction_of_a_cell_gone_is_reported_and_kept(tmp_path):
    sample = copy_sample(tmp_path)
    state = correct(sample, "102.00")
    state.corrections[0] = state.corrections[0].model_copy(
        update={"row_code": "399", "row_name": "不存在的类"}
    )
    save_review(state, review_path(sample))
    got = review(sample)
    assert any("找不到" in n and "保留" in n for n in got.review_notices)
    assert len(hierarchy_errors(got.findings)) == 2
    assert got.review is not None and len(got.review.corrections) == 1


def test_check_uses_the_corrections_and_the_workbook_marks_them(tmp_path, capsys):
    sample = copy_sample(tmp_path)
    correct(sample, "102.00")
    out = tmp_path / "r.xlsx"
    main(["check", str(sample), "--xlsx", str(out)], out=io.StringIO())
    got = review(sample)
    assert len(hierarchy_errors(got.findings)) == 1
    export_workbook(got.document, got.findings, got.review, out, images=False)
    wb = load_workbook(out)
    marked = [
        (c.value, c.comment.text)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.comment is not None and "手工更正" in c.comment.text
    ]
    assert marked and marked[0][0] in ("102.00", 102, 102.0) and "100.00" in marked[0][1]
