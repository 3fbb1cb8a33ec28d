"""Batch isolation: each file in a worker process of its own, under a time and a memory limit; a worker
that dies fails only its file, which is retried once alone; every file not checked is listed."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gouji.io.app import batch
from gouji.io.app.cli import EXIT_READ_FAILURE, main

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "sample_budget.pdf"


# --- workers (module level: a spawned worker imports them) -----------------------------------------
def _log(path: str, event: str) -> None:
    with open(path + ".log", "a", encoding="utf-8") as f:
        f.write(f"{event} {time.time()}\n")


def _ok(path: str, **more) -> dict:
    return {"path": path, "name": Path(path).name, "status": "ok", "counts": {}, **more}


def dying(path: str) -> dict:
    """Killed (as by the out-of-memory killer) on files named crash*; the others take a moment."""
    _log(path, "start")
    if Path(path).name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.5)
    _log(path, "end")
    return _ok(path)


def dying_once(path: str) -> dict:
    """Dies the first time only (as under memory pressure from a neighbour)."""
    marker = Path(path + ".tried")
    if not marker.exists():
        marker.touch()
        os._exit(1)
    return _ok(path)


def hanging(path: str) -> dict:
    _log(path, "start")
    if Path(path).name.startswith("hang"):
        time.sleep(600)
    return _ok(path)


def hogging(path: str) -> dict:
    """Asks for 3 GB on files named hog* (as an XLSX that expands to gigabytes); the out-of-memory
    result as :func:`gouji.io.app.batch.checked` gives it."""
    _log(path, "start")
    if Path(path).name.startswith("hog"):
        try:
            blob = bytearray(3 * 1024**3)
        except MemoryError:
            return batch.failed_result(path, batch.OUT_OF_MEMORY, "memory")
        return _ok(path, size=len(blob))
    return _ok(path)


def crashing_on_hog(path: str) -> dict:
    """The same allocation, not caught: the worker ends with MemoryError."""
    if Path(path).name.startswith("hog"):
        bytearray(3 * 1024**3)
    return _ok(path)


def address_limit(path: str) -> dict:
    import resource

    return _ok(path, limit=resource.getrlimit(resource.RLIMIT_AS)[0])


# ---------------------------------------------------------------------------------------------------
def files(tmp_path: Path, *names: str) -> list[Path]:
    out = []
    for n in names:
        p = tmp_path / n
        p.write_text("x")
        out.append(p)
    return out


def events(path: Path) -> list[tuple[str, float]]:
    log = Path(str(path) + ".log")
    if not log.exists():
        return []
    return [(e, float(t)) for e, t in (line.split() for line in log.read_text().splitlines())]


def no_new_children(before: set) -> bool:
    """No child process the batch started is still alive (children of earlier tests are not ours)."""
    return not (set(multiprocessing.active_children()) - before)


def test_a_dying_worker_fails_only_its_file_which_is_retried_once_alone(tmp_path):
    before = set(multiprocessing.active_children())  # e.g. a reader pool an earlier test keeps
    fs = files(tmp_path, "a.pdf", "crash.pdf", "c.pdf", "d.pdf", "e.pdf")
    seen: list[str] = []
    results = batch.run_batch(fs, workers=2, on_result=lambda r: seen.append(r["name"]), worker=dying)
    assert [r["status"] for r in results] == ["ok", "failed", "ok", "ok", "ok"]
    bad = results[1]
    assert (
        bad["reason"] == "crashed"
        and "信号 9" in bad["message"]
        and bad["message"].startswith("单独重试后仍失败：")
    )
    assert sorted(seen) == sorted(f.name for f in fs)  # each file reported once, when final
    tries = [t for e, t in events(fs[1]) if e == "start"]
    assert len(tries) == 2  # tried once more
    others_end = max(t for f in fs if f is not fs[1] for e, t in events(f) if e == "end")
    assert tries[1] >= others_end  # ... alone: after every other file was done
    assert no_new_children(before)


def test_a_file_whose_worker_died_once_succeeds_alone(tmp_path):
    fs = files(tmp_path, "a.pdf", "b.pdf", "c.pdf")
    results = batch.run_batch(fs, workers=2, worker=dying_once)
    assert [r["status"] for r in results] == ["ok", "ok", "ok"]


def test_time_limit(tmp_path):
    before = set(multiprocessing.active_children())  # e.g. a reader pool an earlier test keeps
    fs = files(tmp_path, "a.pdf", "hang.pdf", "c.pdf")
    t0 = time.perf_counter()
    results = batch.run_batch(fs, workers=2, worker=hanging, limits=batch.Limits(seconds=1.5))
    assert time.perf_counter() - t0 < 30
    assert [r["status"] for r in results] == ["ok", "failed", "ok"]
    assert results[1]["reason"] == "timeout" and "1.5 秒" in results[1]["message"]
    assert "--timeout" in results[1]["message"]
    assert len(events(fs[1])) == 2  # retried once alone
    assert no_new_children(before)


@pytest.mark.skipif(sys.platform == "win32", reason="the memory limit is Linux / macOS only")
def test_memory_limit(tmp_path):
    fs = files(tmp_path, "a.pdf", "hog.xlsx", "c.pdf")
    results = batch.run_batch(fs, workers=2, worker=hogging, limits=batch.Limits(memory_mb=512))
    assert [r["status"] for r in results] == ["ok", "failed", "ok"]
    msg = results[1]["message"]
    assert results[1]["reason"] == "memory" and "512 MB" in msg and "--max-memory" in msg
    assert len(events(fs[1])) == 2  # retried once alone
    # a worker that dies of it fails only its file too
    results = batch.run_batch(fs, workers=2, worker=crashing_on_hog, limits=batch.Limits(memory_mb=512))
    assert [r["status"] for r in results] == ["ok", "failed", "ok"] and results[1]["reason"] == "crashed"
    # each worker runs under the limit asked for; 0 = none
    [res] = batch.run_batch(fs[:1], worker=address_limit, limits=batch.Limits(memory_mb=700))
    assert res["limit"] == 700 * 1024 * 1024
    [res] = batch.run_batch(fs[:1], worker=hogging, limits=batch.Limits(memory_mb=0))
    assert res["status"] == "ok"


def test_out_of_memory_in_the_pipeline_is_a_result(monkeypatch, tmp_path):
    def boom(paths, *args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(batch, "review_many", boom)
    res = batch.check_file(tmp_path / "x.pdf")
    assert res["status"] == "failed" and res["reason"] == "memory"


def test_an_interrupted_batch_leaves_no_worker(tmp_path):
    before = set(multiprocessing.active_children())  # e.g. a reader pool an earlier test keeps
    fs = files(tmp_path, "a.pdf", "b.pdf", "hang1.pdf", "hang2.pdf")

    def stop(res):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        batch.run_batch(fs, workers=3, on_result=stop, worker=hanging)
    assert no_new_children(before)


def test_every_file_not_checked_is_listed_with_its_reason(tmp_path, capsys):
    if not SAMPLE.exists():
        pytest.skip("sample not generated")
    folder = tmp_path / "区县"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "a.pdf")
    for name in ("b.doc", "c.xls", "d.wps", "e.et", "f.png", "g.zip"):
        (folder / name).write_bytes(b"\xd0\xcf\x11\xe0 old office")
    out, js = tmp_path / "汇总.xlsx", tmp_path / "all.json"
    code = main(["check", str(folder), "--xlsx", str(out), "--json", str(js)], out=io.StringIO())
    err = capsys.readouterr().err
    assert code == EXIT_READ_FAILURE  # old Office files are disclosures that could not be read
    for name in ("b.doc", "c.xls", "d.wps", "e.et"):
        assert f"无法读取“{name}”：暂不支持旧版 Office 格式" in err
    for name in ("f.png", "g.zip"):
        assert f"已跳过“{name}”：不支持的文件类型" in err
    docs = {d["name"]: d for d in json.loads(js.read_text(encoding="utf-8"))["documents"]}
    assert docs["a.pdf"]["status"] == "ok" and docs["b.doc"]["status"] == "failed"
    assert docs["f.png"]["status"] == "skipped" and docs["f.png"]["message"]
    ws = load_workbook(out)["汇总"]
    status = {
        ws.cell(r, 2).value: (ws.cell(r, 11).value, ws.cell(r, 12).value) for r in range(2, ws.max_row + 1)
    }
    assert status["c.xls"][0] == "读取失败" and "另存为" in status["c.xls"][1]
    assert status["g.zip"][0] == "已跳过" and "不支持" in status["g.zip"][1]
    # only skipped files: not a read failure
    for name in ("b.doc", "c.xls", "d.wps", "e.et"):
        (folder / name).unlink()
    assert main(["check", str(folder)], out=io.StringIO()) != EXIT_READ_FAILURE
