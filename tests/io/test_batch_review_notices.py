"""``gouji check FOLDER``: what happened to a file's saved review (moved aside because it could not be
read) is carried in the batch result and printed under the file (issue 11 leftover)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from gouji.io.app.batch import ProgressBar, check_file
from gouji.io.app.cli import main
from gouji.model.review import review_path

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "sample_budget.pdf"
DAMAGED = '{"schema": 2, "sha256": "00", "annotations": {"arith:1": {"status": "确认'  # cut off mid-write


def damaged_review_beside(folder: Path) -> Path:
    if not SAMPLE.exists():
        pytest.skip("sample not generated")
    sample = Path(shutil.copy(SAMPLE, folder / SAMPLE.name))
    review_path(sample).write_text(DAMAGED, encoding="utf-8")
    return sample


def test_the_result_carries_the_notice(tmp_path):
    sample = damaged_review_beside(tmp_path)
    res = check_file(sample)
    (notice,) = res["review_notices"]
    assert "无法读取" in notice and ".bad-" in notice
    assert list(tmp_path.glob(review_path(sample).name + ".bad-*"))
    assert "review_notices" not in check_file(sample)  # the next run finds no damaged review


@pytest.mark.parametrize("tty", [False, True])
def test_the_progress_prints_it_under_the_file(tty):
    stream = io.StringIO()
    stream.isatty = lambda: tty  # type: ignore[method-assign]
    bar = ProgressBar(2, stream)
    bar.update(
        {
            "name": "a.pdf",
            "status": "ok",
            "counts": {},
            "review_notices": ["审核记录无法读取，已移到 x.bad-1"],
        }
    )
    bar.update({"name": "b.pdf", "status": "ok", "counts": {}})
    lines = [ln.rsplit("\r", 1)[-1] for ln in stream.getvalue().split("\n")]
    assert sum("a.pdf：审核记录无法读取，已移到 x.bad-1" in ln for ln in lines) == 1
    assert not any("b.pdf：" in ln and "审核记录" in ln for ln in lines)


def test_check_folder_prints_the_notice(tmp_path, capsys):
    sample = damaged_review_beside(tmp_path)
    shutil.copy(sample, tmp_path / "second.pdf")
    assert main(["check", str(tmp_path), "--workers", "1"], out=io.StringIO()) in (0, 1, 2)
    err = capsys.readouterr().err
    assert f"{sample.name}：" in err and "无法读取" in err and ".bad-" in err


def test_an_annotated_cross_document_finding_is_not_reported_gone(tmp_path):
    from gouji.io.pipeline import review
    from gouji.model.findings import Family
    from gouji.model.review import Annotation, ReviewState, Status, save_review

    if not SAMPLE.exists():
        pytest.skip("sample not generated")
    sample = Path(shutil.copy(SAMPLE, tmp_path / SAMPLE.name))
    sha = review(sample).document.sha256
    state = ReviewState(sha256=sha, source_name=sample.name)
    for fid, family in (
        ("cross.prior_year:0123456789ab", Family.CROSS_DOC),
        ("arith.gone:0123456789ab", None),
    ):
        state.annotations[fid] = Annotation(finding_id=fid, status=Status.CONFIRMED, seen_family=family)
    save_review(state, review_path(sample))
    (notice,) = review(sample).review_notices
    assert notice.startswith("1 条审核意见对应的问题已不存在")
