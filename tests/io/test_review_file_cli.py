"""``gouji check`` and the saved review (issue 11, failure 1): an unreadable review is moved aside and
reported, a review of an earlier version of the file is re-attached and exported, gone findings as 已失效."""

from __future__ import annotations

import io
import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gouji.io.app.cli import main
from gouji.io.export.styles import LIST_SHEET
from gouji.io.pipeline import review
from gouji.model.review import STALE_MARK, Annotation, ReviewState, Status, review_path, save_review

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "sample_budget.pdf"


def copy_sample(folder: Path) -> Path:
    if not SAMPLE.exists():
        pytest.skip("sample not generated")
    return Path(shutil.copy(SAMPLE, folder / SAMPLE.name))


def check(*argv: str) -> int:
    return main(["check", *argv], out=io.StringIO())


def test_check_reports_and_keeps_an_unreadable_review(tmp_path, capsys):
    sample = copy_sample(tmp_path)
    rp = review_path(sample)
    damaged = '{"schema": 2, "sha256": "00", "annotations": {"arith:1": {"status": "确认'  # cut off mid-write
    rp.write_text(damaged, encoding="utf-8")
    check(str(sample))
    err = capsys.readouterr().err
    assert "无法读取" in err and ".bad-" in err
    (bad,) = sample.parent.glob(rp.name + ".bad-*")
    assert bad.read_text(encoding="utf-8") == damaged


def test_check_exports_a_review_of_an_earlier_version(tmp_path, capsys):
    sample = copy_sample(tmp_path)
    fid = review(sample).findings[0].id
    state = ReviewState(sha256="11" * 32, source_name=sample.name)  # saved before a line was appended
    when = datetime(2026, 3, 1, 9, 0)
    state.annotations[fid] = Annotation(
        finding_id=fid, status=Status.CONFIRMED, comment="仍然有效", time=when
    )
    state.annotations["arith.gone:123456789abc"] = Annotation(
        finding_id="arith.gone:123456789abc", status=Status.CONFIRMED, comment="旧问题的意见", time=when
    )
    save_review(state, review_path(sample))
    out = tmp_path / "r.xlsx"
    check(str(sample), "--xlsx", str(out))
    err = capsys.readouterr().err
    assert "源文件已更改" in err and STALE_MARK in err
    rows = [
        "\t".join(str(c.value or "") for c in r) for r in load_workbook(out)[LIST_SHEET].iter_rows(min_row=2)
    ]
    assert any(fid in r and "确认问题" in r and "仍然有效" in r for r in rows)
    assert any("arith.gone:123456789abc" in r and STALE_MARK in r and "旧问题的意见" in r for r in rows)
    # check never writes the review: the saved file is untouched
    assert json.loads(review_path(sample).read_text(encoding="utf-8"))["sha256"] == "11" * 32
