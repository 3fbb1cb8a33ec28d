"""Every child process ends with its parent, even when the parent is killed (SIGKILL: no exit handler
runs): the workbench's page-render helper, the batch workers, the PDF reader's pool, and the
multiprocessing resource tracker they bring.  Linux: the process tree is read from /proc."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import CORPUS

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "sample_budget.pdf"
BIG_PDF = CORPUS / "rendered" / "seed000.pdf"  # 243 pages: read by the PDF reader's pool

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the process tree from /proc"
)


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    state, ppid = text.rsplit(")", 1)[1].split()[:2]
    return state, int(ppid)


def descendants(root: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (st := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = st[1]
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, ppid in parents.items() if ppid in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    return {p for p in pids if (st := _stat(p)) is not None and st[0] not in ("Z", "X")}


def kill_parent_and_watch(script: str, ready: str, min_children: int, tmp_path: Path) -> set[int]:
    """Run ``script``; once it printed ``ready`` and has ``min_children`` descendants, SIGKILL it.
    Returns the descendants still running 10 s later."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]))
    parent = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)], stdout=subprocess.PIPE, text=True, env=env
    )
    kids: set[int] = set()
    try:
        assert parent.stdout is not None
        assert parent.stdout.readline().strip() == ready
        deadline = time.monotonic() + 60
        while len(kids := alive(descendants(parent.pid))) < min_children and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(kids) >= min_children, kids
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 10
        while alive(kids) and time.monotonic() < deadline:
            time.sleep(0.1)
        return alive(kids)
    finally:  # a failing run leaves nothing behind
        if parent.poll() is None:
            kids |= alive(descendants(parent.pid))
            parent.kill()
            parent.wait(10)
        for pid in alive(kids):
            os.kill(pid, signal.SIGKILL)


def test_the_page_render_helper_ends_with_the_workbench(tmp_path):
    if not SAMPLE.exists():
        pytest.skip("sample not generated")
    script = f"""
        import time
        from gouji.gui import _render_proc
        bitmap = _render_proc.executor().submit(_render_proc.render_page, {str(SAMPLE)!r}, 1, 0.2).result(120)
        assert bitmap.width > 0
        print("ready", flush=True)
        time.sleep(600)
    """
    # the helper and the resource tracker ("spawn" on Linux starts one)
    assert kill_parent_and_watch(script, "ready", 2, tmp_path) == set()


def test_batch_workers_end_with_the_batch(tmp_path):
    (tmp_path / "slow_worker.py").write_text(
        "import time\n\ndef slow(path):\n    time.sleep(600)\n    return {}\n", encoding="utf-8"
    )
    files = [str(tmp_path / f"{n}.pdf") for n in "abc"]
    script = f"""
        import threading
        from gouji.io.app import batch
        from slow_worker import slow
        print("ready", flush=True)
        batch.run_batch([__import__("pathlib").Path(f) for f in {files!r}], workers=2, worker=slow)
    """
    assert kill_parent_and_watch(script, "ready", 2, tmp_path) == set()


def test_batch_workers_end_with_the_command_line(tmp_path):
    """``gouji check FOLDER`` killed while its workers read real documents."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        shutil.copy(BIG_PDF, folder / f"{i}.pdf")
    script = f"""
        import sys
        print("ready", flush=True)
        from gouji.io.app.cli import main
        main(["check", {str(folder)!r}, "--workers", "2"])
    """
    assert kill_parent_and_watch(script, "ready", 2, tmp_path) == set()


def test_the_pdf_reader_pool_ends_with_its_process(tmp_path):
    script = f"""
        import os
        os.environ["GOUJI_PDF_WORKERS"] = "2"
        print("ready", flush=True)
        from gouji.io.readers.pdf import read_pdf
        read_pdf({str(BIG_PDF)!r}, "0" * 64)
    """
    # two pool workers and the resource tracker
    assert kill_parent_and_watch(script, "ready", 3, tmp_path) == set()


def test_an_exit_while_a_thread_starts_children_leaves_no_cut_off_child(tmp_path):
    # the workbench's related-files lookup starts its child from a thread: closing the window at
    # that moment once left the child a cut-off start message ("pickle data was truncated")
    script = """
        import multiprocessing, threading, time
        from gouji.io.children import Exiting, start_child

        ctx = multiprocessing.get_context("spawn")
        started = []

        def keep_starting():
            while True:
                proc = ctx.Process(target=len, args=("x" * 4_000_000,), daemon=True)
                try:
                    start_child(proc)
                except Exiting:
                    return
                started.append(proc)

        threading.Thread(target=keep_starting, daemon=True).start()
        time.sleep(1.5)
        print("exiting after", len(started), flush=True)
    """
    for _ in range(3):
        run = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, timeout=120
        )
        assert run.returncode == 0 and run.stdout.startswith("exiting after"), run.stderr
        assert "Traceback" not in run.stderr and "truncated" not in run.stderr, run.stderr
