"""The review file as a durable record (issue 11, failures 1, 2 and the review file of 7).

Unreadable files are moved aside and reported before anything is written, damaged entries are
skipped one by one, the last saves are kept as backups, a changed source keeps every annotation
(those whose finding is gone are listed as 已失效), two windows on one file merge instead of the
last save winning, stale temporary files are cleaned and review files are group-readable.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from gouji.model import files
from gouji.model.files import clean_stale_temps, temp_beside
from gouji.model.findings import Family, Finding, Severity
from gouji.model.review import (
    SCHEMA_VERSION,
    STALE_MARK,
    Annotation,
    ReviewState,
    Status,
    backup_paths,
    find_review,
    load_review,
    remember_findings,
    review_path,
    save_review,
    stale_findings,
)

SHA = "ab" * 32
NEW_SHA = "cd" * 32


def finding(fid: str, title: str = "合计不等于分项之和") -> Finding:
    return Finding(
        id=fid,
        rule=fid.rsplit(":", 1)[0],
        family=Family.ARITHMETIC,
        severity=Severity.ERROR,
        title=title,
        message=title,
    )


@pytest.fixture
def path(tmp_path) -> Path:
    return review_path(tmp_path / "预算.pdf")


def saved(path: Path, **annotations: Status) -> ReviewState:
    state = ReviewState(sha256=SHA, source_name="预算.pdf")
    for fid, status in annotations.items():
        state.annotations[fid] = Annotation(
            finding_id=fid, status=status, comment=f"{fid} 的意见", time=datetime.now()
        )
    save_review(state, path)
    return state


# --- 1. unreadable files are moved aside and reported, never overwritten --------------------------------


@pytest.mark.parametrize(
    "content", [b"", b"   \n", b'{"sha256": "' + SHA.encode() + b'", "annotations": {"a', b"[1, 2]"]
)
def test_unreadable_review_is_moved_aside_and_reported(path, content):
    path.write_bytes(content)
    found = find_review([path], SHA)
    assert found.state is None and len(found.notices) == 1
    assert "无法读取" in found.notices[0] and ".bad-" in found.notices[0]
    (bad,) = path.parent.glob(path.name + ".bad-*")
    assert bad.read_bytes() == content and not path.exists()
    # the next save writes a fresh file; the damaged one is still there
    save_review(ReviewState(sha256=SHA), path)
    assert bad.read_bytes() == content


def test_load_review_raises_on_an_unreadable_file(path):
    path.write_text('{"sha256": "x", "annot', encoding="utf-8")
    with pytest.raises(ValueError, match="JSON"):
        load_review(path)


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),  # Notepad
        lambda t: t.encode("utf-16"),  # re-saved as "Unicode"
        lambda t: t.encode("utf-16-le"),
        lambda t: t.encode("gbk"),  # re-saved by a Chinese-locale editor
    ],
)
def test_re_encoded_review_is_read(path, encode):
    text = json.dumps(
        {
            "sha256": SHA,
            "annotations": {"r:1": {"finding_id": "r:1", "status": "确认问题", "comment": "合计有误"}},
        },
        ensure_ascii=False,
    )
    path.write_bytes(encode(text))
    found = find_review([path], SHA)
    assert found.state is not None and not found.notices
    assert found.state.annotations["r:1"].comment == "合计有误"


def test_unknown_keys_are_ignored_and_old_files_read(path):
    data = {
        "sha256": SHA,  # no "schema": a version-1 file
        "future_field": 1,
        "annotations": {"r:1": {"finding_id": "r:1", "status": "不是问题", "mood": "good"}},
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    found = find_review([path], SHA)
    assert found.state is not None and not found.notices
    assert found.state.annotations["r:1"].status == Status.NOT_A_PROBLEM
    save_review(found.state, path)
    assert json.loads(path.read_text(encoding="utf-8"))["schema"] == SCHEMA_VERSION


def test_one_bad_entry_skips_only_that_entry(path):
    data = {
        "sha256": SHA,
        "reviewer": "张三",
        "annotations": {
            "r:1": {"finding_id": "r:1", "status": "确认问题", "comment": "保留"},
            "r:2": {"finding_id": "r:2", "status": "好像有问题"},  # typed by hand
            "r:3": "not an object",
        },
        "manual_findings": [{"id": "manual.reviewer:1"}],  # incomplete
    }
    original = json.dumps(data, ensure_ascii=False)
    path.write_text(original, encoding="utf-8")
    found = find_review([path], SHA)
    assert found.state is not None and found.state.reviewer == "张三"
    assert list(found.state.annotations) == ["r:1"] and found.state.annotations["r:1"].comment == "保留"
    (notice,) = found.notices
    assert "好像有问题" in notice and "r:3" in notice and "第 1 条审核人添加的问题" in notice
    (copy,) = path.parent.glob(path.name + ".bad-*")  # the original is kept, the file is not moved
    assert copy.read_text(encoding="utf-8") == original and path.exists()


# --- rolling backups ------------------------------------------------------------------------------


def test_rolling_backup_of_the_last_saves(path):
    state = ReviewState(sha256=SHA)
    for i in range(8):
        state.reviewer = f"save {i}"
        save_review(state, path)
    baks = backup_paths(path)
    assert len(baks) == 5 and all(b.exists() for b in baks)
    assert [json.loads(b.read_text(encoding="utf-8"))["reviewer"] for b in baks] == [
        f"save {i}" for i in (6, 5, 4, 3, 2)
    ]
    assert not path.with_name(path.name + ".bak6").exists()


# --- the source changed: re-attached by finding id, gone findings kept as 已失效 -----------------------------


def test_changed_source_reattaches_and_keeps_gone_findings(path):
    state = saved(path, **{"r:1": Status.CONFIRMED, "r:2": Status.NOT_A_PROBLEM})
    state.annotations["r:3"] = Annotation(finding_id="r:3")  # opened, never touched
    remember_findings(state, [finding("r:1"), finding("r:2", "差旅费与上年不符")])
    save_review(state, path)
    found = find_review([path], NEW_SHA)  # one line appended to the PDF
    assert found.source_changed and found.path == path
    assert found.state is not None and found.state.sha256 == NEW_SHA and found.state.previous_sha256 == [SHA]
    assert any("源文件已更改" in n for n in found.notices)
    assert set(found.state.annotations) == {"r:1", "r:2", "r:3"}  # nothing dropped
    (gone,) = stale_findings(found.state, [finding("r:1")])  # r:2 no longer found
    assert gone.id == "r:2" and gone.title.startswith(STALE_MARK) and "差旅费与上年不符" in gone.message
    assert gone.family == Family.ARITHMETIC
    assert stale_findings(found.state, [finding("r:1"), finding("r:2")]) == []


def test_exact_review_wins_over_one_of_an_earlier_version(path, tmp_path):
    saved(path, **{"r:1": Status.CONFIRMED})
    fallback = tmp_path / "fallback" / f"{NEW_SHA}.gouji.json"
    exact = ReviewState(sha256=NEW_SHA, reviewer="exact")
    save_review(exact, fallback)
    found = find_review([path, fallback], NEW_SHA)
    assert found.path == fallback and not found.source_changed and found.state.reviewer == "exact"


# --- 2. two windows on one file: merged, never last-save-wins --------------------------------------------


def test_two_windows_merge_on_save(path):
    saved(path)
    a = load_review(path, SHA)
    b = load_review(path, SHA)
    assert a is not None and b is not None
    t = datetime.now().replace(microsecond=0)
    a.annotations["r:1"] = Annotation(finding_id="r:1", status=Status.CONFIRMED, comment="A", time=t)
    a.annotations["r:3"] = Annotation(finding_id="r:3", status=Status.CONFIRMED, comment="A 先改", time=t)
    assert save_review(a, path) == []  # nobody else saved
    b.annotations["r:2"] = Annotation(finding_id="r:2", status=Status.NOT_A_PROBLEM, comment="B", time=t)
    later = t + timedelta(seconds=5)
    b.annotations["r:3"] = Annotation(finding_id="r:3", status=Status.CORRECTED, comment="B 后改", time=later)
    notices = save_review(b, path)  # B did not see A's save
    assert any("另一窗口" in n for n in notices) and any("r:3" in n for n in notices)
    on_disk = load_review(path, SHA)
    assert on_disk is not None
    assert {k: v.comment for k, v in on_disk.annotations.items()} == {"r:1": "A", "r:2": "B", "r:3": "B 后改"}
    # A saves again: takes B's work instead of overwriting it
    a.reviewer = "A"
    save_review(a, path)
    again = load_review(path, SHA)
    assert again is not None and set(again.annotations) == {"r:1", "r:2", "r:3"}
    assert again.annotations["r:3"].comment == "B 后改"


def test_a_change_made_on_one_side_only_is_no_conflict(path):
    saved(path, **{"r:1": Status.PENDING})
    a, b = load_review(path, SHA), load_review(path, SHA)
    assert a is not None and b is not None
    early = datetime(2026, 3, 1, 9, 0)
    a.annotations["r:1"] = Annotation(finding_id="r:1", status=Status.CONFIRMED, comment="第一次", time=early)
    save_review(a, path)
    a.annotations["r:1"] = Annotation(finding_id="r:1", status=Status.CORRECTED, comment="第二次", time=early)
    save_review(a, path)
    b.annotations["r:2"] = Annotation(finding_id="r:2", status=Status.CONFIRMED, time=datetime(2026, 3, 2))
    notices = save_review(b, path)  # B never touched r:1: A's change is taken although its time is older
    assert not any("两处都修改过" in n for n in notices)
    assert b.annotations["r:1"].comment == "第二次" and b.annotations["r:2"].status == Status.CONFIRMED


def test_first_save_of_two_fresh_windows_merges(path):
    a, b = ReviewState(sha256=SHA), ReviewState(sha256=SHA)  # both opened the document before any save
    a.annotations["r:1"] = Annotation(finding_id="r:1", status=Status.CONFIRMED)
    b.annotations["r:2"] = Annotation(finding_id="r:2", status=Status.CONFIRMED)
    save_review(a, path)
    save_review(b, path)
    on_disk = load_review(path, SHA)
    assert on_disk is not None and set(on_disk.annotations) == {"r:1", "r:2"}


# --- 7. temporary files and permissions ----------------------------------------------------------------


def test_stale_temp_files_are_cleaned(tmp_path):
    ours = [
        ".~预算.pdf.gouji.json.k2j3h4g5.gouji-tmp.json",  # this version
        ".~预算_审核.xlsx.ab_12cd3.gouji-tmp.xlsx",
        ".~预算.pdf.gouji8x_2kq0z.json",  # earlier versions' mkstemp names
        ".~review_审核a1b2c3d4.xlsx",
    ]
    theirs = [".~lock.预算_审核.xlsx#", "~$预算_审核.xlsx", "预算.pdf", "预算.pdf.gouji.json", "notes.json"]
    old = time.time() - 3600
    for name in ours + theirs:
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (old, old))
    removed = clean_stale_temps(tmp_path)
    assert sorted(p.name for p in removed) == sorted(ours)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(theirs)
    fresh = temp_beside(tmp_path / "预算.pdf.gouji.json")  # a save in progress right now is left alone
    assert clean_stale_temps(tmp_path) == [] and fresh.exists()


def test_first_write_into_a_folder_cleans_it(tmp_path):
    left = tmp_path / ".~预算.pdf.gouji.json.k2j3h4g5.gouji-tmp.json"  # a save killed an hour ago
    left.write_bytes(b"{")
    os.utime(left, (time.time() - 3600,) * 2)
    save_review(ReviewState(sha256=SHA), review_path(tmp_path / "预算.pdf"))
    assert not left.exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_review_files_are_group_readable(path):
    old = os.umask(0o077)  # a hardened account: mkstemp's 0600 would lock colleagues out
    files._umask.cache_clear()
    try:
        save_review(ReviewState(sha256=SHA), path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o640  # not mkstemp's 0600
        os.chmod(path, 0o660)  # a shared folder's review, made group-writable
        save_review(ReviewState(sha256=SHA, reviewer="x"), path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o660
    finally:
        os.umask(old)
        files._umask.cache_clear()
