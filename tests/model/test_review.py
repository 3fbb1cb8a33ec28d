"""The reviewer's state, headless: saving, where a saved review is looked for, merging, manual findings."""

from __future__ import annotations

import os
import stat
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from gouji.model.document import Document
from gouji.model.files import atomic_write
from gouji.model.findings import Family, Location, Severity
from gouji.model.review import (
    MANUAL_RULE,
    Annotation,
    ReviewState,
    Status,
    default_review_folder,
    fallback_review_path,
    find_review,
    load_review,
    manual_finding,
    merge_review,
    review_candidates,
    review_path,
    save_review,
)

SHA = "ab" * 32


@pytest.fixture
def doc(tmp_path) -> Document:
    return Document(path=str(tmp_path / "预算.pdf"), sha256=SHA, format="pdf")


# --- where reviews are saved -----------------------------------------------------------------


def test_review_candidates_beside_then_fallback(doc, tmp_path):
    assert review_path(doc.path) == tmp_path / "预算.pdf.gouji.json"
    assert review_candidates(doc) == [review_path(doc.path)]
    c = review_candidates(doc, tmp_path / "fallback")
    assert c == [review_path(doc.path), tmp_path / "fallback" / f"{SHA}.gouji.json"]
    assert c[1] == fallback_review_path(SHA, tmp_path / "fallback")


@pytest.mark.parametrize(
    "platform, env, expected",
    [
        ("linux", {"XDG_DATA_HOME": "/data"}, Path("/data/Gouji/Gouji/reviews")),
        ("linux", {"XDG_DATA_HOME": "relative"}, Path("~/.local/share/Gouji/Gouji/reviews")),
        ("linux", {}, Path("~/.local/share/Gouji/Gouji/reviews")),
        ("darwin", {}, Path("~/Library/Application Support/Gouji/Gouji/reviews")),
        ("win32", {"APPDATA": "/roaming"}, Path("/roaming/Gouji/Gouji/reviews")),
    ],
)
def test_default_review_folder(monkeypatch, tmp_path, platform, env, expected):
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setenv("HOME", str(tmp_path))
    for key in ("XDG_DATA_HOME", "APPDATA"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert default_review_folder() == Path(str(expected).replace("~", str(tmp_path)))


def test_save_load_and_find(doc, tmp_path):
    state = ReviewState(sha256=SHA, source_name="预算.pdf")
    state.annotation("f1").status = Status.CONFIRMED
    fallback = fallback_review_path(SHA, tmp_path / "fallback")
    save_review(state, fallback)  # creates the folder
    assert load_review(fallback, SHA) == state
    assert load_review(fallback, "other") is None  # another document's review
    assert load_review(tmp_path / "missing.json") is None
    # first hit wins; a review of another file is skipped
    save_review(ReviewState(sha256="other"), review_path(doc.path))
    got = find_review(review_candidates(doc, tmp_path / "fallback"), SHA)
    found, where = got.state, got.path
    assert where == fallback and found is not None and found.annotations["f1"].status == Status.CONFIRMED
    assert not got.source_changed and not got.notices
    none = find_review([tmp_path / "none.json"], SHA)
    assert (none.state, none.path) == (None, None)


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path):
    target = tmp_path / "r.json"
    atomic_write(target, lambda p: p.write_text("old", encoding="utf-8"))

    def broken(p: Path) -> None:
        p.write_text("half", encoding="utf-8")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        atomic_write(target, broken)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temp file left behind
    if os.name == "posix":  # the usual permissions, not mkstemp's 0600
        umask = os.umask(0)
        os.umask(umask)
        assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


# --- merging and reviewer-added findings ----------------------------------------------------


def test_merge_review_takes_newer_and_new():
    now = datetime.now(timezone.utc)
    cur = ReviewState(sha256=SHA)
    cur.annotations["a"] = Annotation(finding_id="a", status=Status.CONFIRMED, comment="mine", time=now)
    cur.annotations["b"] = Annotation(finding_id="b", status=Status.CONFIRMED, comment="keep", time=now)
    inc = ReviewState(sha256=SHA, signed_off_by="王五")
    inc.annotations["a"] = Annotation(
        finding_id="a", status=Status.CORRECTED, comment="theirs", time=now + timedelta(minutes=1)
    )
    inc.annotations["b"] = Annotation(
        finding_id="b", status=Status.PENDING, comment="older", time=now - timedelta(minutes=1)
    )
    inc.annotations["c"] = Annotation(finding_id="c", status=Status.NOT_A_PROBLEM)
    inc.annotations["d"] = Annotation(finding_id="d")  # untouched on both sides: not taken
    loc = Location(table="T01", row=1, column=3, row_name="基本支出", page=1)
    inc.manual_findings.append(manual_finding("基本支出有误", Severity.WARNING, loc, "张三"))
    assert merge_review(cur, inc) == 3
    assert cur.annotations["a"].comment == "theirs"
    assert cur.annotations["b"].comment == "keep"
    assert cur.annotations["c"].status == Status.NOT_A_PROBLEM
    assert "d" not in cur.annotations
    assert len(cur.manual_findings) == 1 and cur.signed_off_by == "王五"
    assert merge_review(cur, inc) == 0  # idempotent
    with pytest.raises(ValueError):
        merge_review(cur, ReviewState(sha256="other"))


def test_merge_review_compares_aware_and_naive_times():
    naive_now = datetime.now().replace(microsecond=0)
    cur = ReviewState(sha256=SHA)
    cur.annotations["a"] = Annotation(finding_id="a", status=Status.CONFIRMED, comment="x", time=naive_now)
    inc = ReviewState(sha256=SHA)
    later = (naive_now + timedelta(hours=1)).astimezone(timezone.utc)  # aware, one hour later
    inc.annotations["a"] = Annotation(finding_id="a", status=Status.CORRECTED, comment="y", time=later)
    assert merge_review(cur, inc) == 1 and cur.annotations["a"].comment == "y"


def test_manual_finding():
    loc = Location(table="T01", row=3, column=2, row_name="208 社会保障和就业支出", page=1)
    f = manual_finding("  208 类合计有误 ", Severity.ERROR, loc, "李四")
    assert f.family == Family.MANUAL and f.rule == MANUAL_RULE and f.severity == Severity.ERROR
    assert f.message == "208 类合计有误" and "李四" in f.title and f.locations == [loc]
    blank = manual_finding("  ", Severity.WARNING, loc)
    assert blank.message == "208 社会保障和就业支出"  # no message: the place it points at
    assert manual_finding("a", Severity.WARNING, loc).id != manual_finding("a", Severity.WARNING, loc).id
