"""The parsed facts of related files, cached in the per-user folder (issue 14, the workbench's lookup):
a hit needs the same file (path, size, modification time) and the same code; an unreadable file is
remembered as such; the lookup runs in a child process and uses the cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rulefixtures import doc, gpb_table

from gouji.io.app import sets
from gouji.io.app.sets import Facts, FactsCache, related_in_folder, run_lookup
from gouji.model.document import DocScope, Document

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "sample_budget.pdf"


def _doc(path: Path, year: int, value: str) -> Document:
    d = doc(gpb_table(value, page=1), year=year, unit_name="某某区某某局")
    return d.model_copy(update={"path": str(path), "sha256": f"{path.name}-{year}", "scope": DocScope.UNIT})


def test_hit_miss_and_invalidation(tmp_path):
    f = tmp_path / "a.pdf"
    f.write_bytes(b"%PDF-1.4 one")
    cache = FactsCache(tmp_path / "facts")
    assert cache.get(f) is None and (cache.hits, cache.misses) == (0, 1)
    d = _doc(f, 2025, "10.00")
    cache.put(f, Facts(d))
    got = cache.get(f)
    assert got is not None and got.document == d and cache.hits == 1
    os.utime(f, ns=(f.stat().st_atime_ns, f.stat().st_mtime_ns + 10**9))  # touched: read again
    assert cache.get(f) is None
    cache.put(f, Facts(d))
    assert FactsCache(tmp_path / "facts", code="another version").get(f) is None
    f.write_bytes(b"%PDF-1.4 longer content")  # changed
    assert cache.get(f) is None


def test_unreadable_files_are_remembered_and_not_read_again(tmp_path, monkeypatch):
    f = tmp_path / "notice.txt"
    f.write_text("关于召开会议的通知", encoding="utf-8")
    cache = FactsCache(tmp_path / "facts")
    first = cache.parse(f)
    assert first.document is None and first.reason
    monkeypatch.setattr(sets, "parse", lambda p: pytest.fail("read again"))
    assert cache.parse(f) == first and cache.hits == 1


def test_the_cache_keeps_at_most_limit_entries(tmp_path):
    cache = FactsCache(tmp_path / "facts", limit=2)
    for i in range(4):
        f = tmp_path / f"{i}.txt"
        f.write_text(str(i))
        cache.put(f, Facts(None, "x"))
    assert len(list((tmp_path / "facts").glob("*.json"))) == 2


def test_related_in_folder_reads_through_the_cache(tmp_path, monkeypatch):
    this, last = tmp_path / "this.pdf", tmp_path / "last.pdf"
    this.write_bytes(b"%PDF this")
    last.write_bytes(b"%PDF last")
    cache = FactsCache(tmp_path / "facts")
    cache.put(last, Facts(_doc(last, 2024, "9.00")))
    monkeypatch.setattr(sets, "parse", lambda p: pytest.fail("read again"))
    res = related_in_folder(_doc(this, 2025, "10.00"), cache=cache)
    assert [(d.label, Path(d.path).name) for d in res.documents] == [("本年与上年", "last.pdf")]
    assert cache.hits == 1


def test_extra_files_and_folders_are_looked_at(tmp_path):
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    this = here / "this.pdf"
    this.write_bytes(b"%PDF this")
    for name in ("a.pdf", "b.pdf"):
        (there / name).write_bytes(b"%PDF")
    d = _doc(this, 2025, "1")
    assert sets.candidate_files(d) == []
    assert [f.name for f in sets.candidate_files(d, [there / "a.pdf"])] == ["a.pdf"]
    assert [f.name for f in sets.candidate_files(d, [there, there / "a.pdf", this])] == ["a.pdf", "b.pdf"]


def test_run_lookup_in_a_child_process_caches_both_documents(tmp_path):
    if not SAMPLE.exists():
        pytest.skip("sample not generated")
    folder = tmp_path / "docs"
    folder.mkdir()
    this = Path(shutil.copy(SAMPLE, folder / "this.pdf"))
    last = folder / "last.pdf"
    last.write_bytes(b"%PDF-1.4 not really")
    cache_dir = tmp_path / "facts"
    FactsCache(cache_dir).put(last, Facts(_doc(last, 2024, "9.00")))
    d = sets.parse(this)
    seen: list[str] = []
    res = run_lookup(d, progress=lambda i, n, name: seen.append(name), folder=cache_dir)
    assert res is not None and seen == ["last.pdf"] and res.scanned == 1 and res.unread == 0
    assert FactsCache(cache_dir).has(this)  # the open document, for when the other one is opened
    assert run_lookup(d, cancelled=lambda: True, folder=cache_dir) is None
