"""Batch review: check every disclosure in a folder, each file in its own worker process.

:func:`check_file` runs the pipeline (:func:`gouji.io.pipeline.review`) on one
file; it never raises — a file that cannot be read comes back with
``status="failed"`` and the Chinese reason.  Its result is a plain, JSON-ready
dict (cheap to send back from a worker process; the same shape the CLI writes
with ``--json``).

:func:`scan` lists a folder: the files to check, and every other file with the
reason it is not checked (old Office formats are ``failed``: they are
disclosures that could not be read; other files are ``skipped``).

:func:`run_batch` runs each file in a worker process of its own (``fork`` on
Linux when the caller has no other thread, else ``spawn``), ``workers`` at a
time, under :class:`Limits`: a time limit (the worker is killed when it runs
over) and a memory limit (the worker's address space, Linux and macOS; see
:mod:`gouji.io.children`).  A worker that dies — killed, crashed, out of memory
or out of time — fails only its file, which is tried once more alone when every
other file is done.  Workers end with the batch (and with its process, see
:func:`gouji.io.children.die_with_parent`).  :func:`write_summary` writes the
汇总 sheet plus one sheet per document with its findings.
"""

from __future__ import annotations

import importlib
import itertools
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
import traceback
import zipfile
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Callable, Iterable, TextIO

from gouji.io.children import die_with_parent, limit_memory
from gouji.io.errors import ReadError
from gouji.io.export.styles import CREATOR
from gouji.io.export.summary import ResultDict, document_summary, write_summary  # noqa: F401
from gouji.io.pipeline import Reviewed, review_many
from gouji.io.readers.base import Progress
from gouji.io.readers.registry import LEGACY_OFFICE, SUFFIXES, reader_for
from gouji.model.findings import Severity

Worker = Callable[[str], ResultDict]


def failed_result(path: Path | str, message: str, reason: str, status: str = "failed") -> ResultDict:
    """The result of a file that was not checked: ``status`` "failed" (could not be read) or "skipped"."""
    return {
        "path": str(path),
        "name": Path(path).name,
        "status": status,
        "reason": reason,
        "message": message,
        "counts": {s.value: 0 for s in Severity},
        "findings": [],
        "tables": [],
    }


def internal_message(exc: BaseException) -> str:
    """Message for an unexpected error; the traceback goes to stderr only with GOUJI_DEBUG=1."""
    if os.environ.get("GOUJI_DEBUG"):
        traceback.print_exception(exc, file=sys.stderr)
    return f"解析时发生内部错误（{type(exc).__name__}: {exc}），请将文件反馈给开发人员。"


#: the message of a file whose worker ran out of memory (the batch names its limit)
OUT_OF_MEMORY = "内存不足，无法解析该文件。"


def checked(
    path: str | Path, *more: str | Path, progress: Progress | None = None
) -> tuple[ResultDict, Reviewed | None]:
    """Run the pipeline on one file: its JSON-ready result, and the pipeline's result when it was read.

    ``more``: further files of the same disclosure, read with ``path`` as one
    document (:func:`gouji.io.pipeline.review_many`); ``progress(fraction, message)`` as for it.
    Never raises: a file that cannot be read comes back as ``status="failed"``
    with the Chinese reason (and None).
    """
    t0 = time.perf_counter()
    done = None
    try:
        done = review_many([Path(path), *map(Path, more)], progress)
        res = document_summary(done.document, done.findings)
        if done.review_notices:  # the saved review: moved aside, entries skipped, source changed
            res["review_notices"] = list(done.review_notices)
    except ReadError as exc:
        res = failed_result((exc.path or path) if more else path, exc.message, exc.reason)
    except MemoryError:
        done = None
        res = failed_result(path, OUT_OF_MEMORY, "memory")
    except Exception as exc:  # a parser bug on one file must not stop the batch
        res = failed_result(path, internal_message(exc), "internal")
    res["seconds"] = round(time.perf_counter() - t0, 2)
    return res, done


def check_file(path: str | Path) -> ResultDict:
    """Check one file; never raises (read failures come back as ``status="failed"``)."""
    return checked(path)[0]


def counts_of(res: ResultDict) -> dict[str, int]:
    """Findings by severity value ("error", "warning", "rounding") of a result."""
    counts = res.get("counts")
    return counts if isinstance(counts, dict) else {}


# ---------------------------------------------------------------------------
# many documents
# ---------------------------------------------------------------------------
@dataclass
class Scan:
    """What a folder holds: every entry in order, the files to check and the results of the others."""

    entries: list[Path] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    others: dict[Path, ResultDict] = field(default_factory=dict)
    #: subfolders of a listed folder that hold files of a supported format (not checked), with how many
    subfolders: list[tuple[Path, int]] = field(default_factory=list)

    def merge(self, results: list[ResultDict]) -> list[ResultDict]:
        """``results`` (one per file of :attr:`files`, in order) and the others', in the folder's order."""
        checked = dict(zip(self.files, results, strict=True))
        return [checked[p] if p in checked else self.others[p] for p in self.entries]


def scan(paths: Iterable[str | Path]) -> Scan:
    """The files to check among ``paths`` (files as given, folders listed by name) and why others are not.

    Folders contribute every file of a supported format
    (:data:`gouji.io.readers.registry.SUFFIXES`); old Office formats
    (``.doc``, ``.xls``, ``.wps``, ``.et``) come back as ``failed`` results and any other
    file as a ``skipped`` result, each with its reason.  Office lock files
    (``~$…``), hidden files, review files (``….gouji.json``) and workbooks this
    tool wrote are not listed at all.  A file named twice is checked once.  Subfolders are not
    descended into; those holding files of a supported format are named in :attr:`Scan.subfolders`
    (so that nothing is left out unsaid).
    """
    out = Scan()
    seen: set[Path] = set()
    for p in map(Path, paths):
        listed = [p]
        if p.is_dir():
            out.subfolders += _unchecked_subfolders(p)
            listed = [
                f
                for f in sorted(p.iterdir(), key=lambda x: x.name)
                if f.is_file() and _visible(f) and ".gouji" not in f.name and not is_gouji_output(f)
            ]
        for f in listed:
            key = f.resolve()
            if key in seen:
                continue
            seen.add(key)
            out.entries.append(f)
            if f.suffix.lower() in SUFFIXES or not p.is_dir():
                out.files.append(f)
                continue
            try:
                reader_for(f)
            except ReadError as exc:
                legacy = f.suffix.lower() in LEGACY_OFFICE
                out.others[f] = failed_result(f, exc.message, exc.reason, "failed" if legacy else "skipped")
    return out


def _visible(p: Path) -> bool:
    return not p.name.startswith(("~$", ".", "__MACOSX"))


def _unchecked_subfolders(folder: Path, most: int = 1000) -> list[tuple[Path, int]]:
    """The subfolders of ``folder`` holding files of a supported format (at any depth; counted up to ``most``)."""
    out = []
    for d in sorted((d for d in folder.iterdir() if d.is_dir() and _visible(d)), key=lambda x: x.name):
        found = (f for f in d.rglob("*") if f.suffix.lower() in SUFFIXES and _visible(f) and f.is_file())
        n = sum(1 for _ in itertools.islice(found, most))
        if n:
            out.append((d, n))
    return out


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files to check among ``paths`` (see :func:`scan`)."""
    return scan(paths).files


def is_gouji_output(path: Path) -> bool:
    """True for a workbook this tool wrote (a review or summary workbook), by its author field."""
    if path.suffix.lower() != ".xlsx":
        return False
    try:
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return re.search(r"<dc:creator[^>]*>" + re.escape(CREATOR) + "</dc:creator>", core) is not None


class ProgressBar:
    """Progress on a terminal: a redrawn bar on a tty, one plain line per file otherwise; under a file,
    what happened to its saved review (moved aside, entries skipped: the result's ``review_notices``)."""

    def __init__(self, total: int, stream: TextIO | None = None, width: int = 30):
        self.total = max(total, 1)
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.done = 0
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.t0 = time.perf_counter()
        self._last = 0

    def update(self, res: ResultDict) -> None:
        self.done += 1
        name = str(res.get("name", ""))
        if res.get("status") == "failed":
            what = "读取失败：" + str(res.get("message", ""))
        else:
            c = counts_of(res)
            what = f"错误 {c.get('error', 0)}，警告 {c.get('warning', 0)}，尾差 {c.get('rounding', 0)}"
        notices = [f"{name}：{n}" for n in res.get("review_notices") or []]
        if self.tty:
            if notices:  # over the bar, which is drawn again below them
                self.stream.write("\r" + " " * self._last + "\r" + "\n".join(notices) + "\n")
                self._last = 0
            filled = int(self.width * self.done / self.total)
            bar = "█" * filled + "░" * (self.width - filled)
            el = time.perf_counter() - self.t0
            short = name if len(name) <= 30 else name[:29] + "…"
            line = f"[{bar}] {self.done}/{self.total} {el:5.1f}s {short}"
            # pad over the previous line (no ANSI codes: old Windows consoles print them)
            self.stream.write("\r" + line.ljust(self._last))
            self._last = len(line)
            if self.done >= self.total:
                self.stream.write("\n")
        else:
            self.stream.write(f"[{self.done}/{self.total}] {name}: {what}\n")
            self.stream.write("".join(f"  {n}\n" for n in notices))
        self.stream.flush()


# ---------------------------------------------------------------------------
# worker processes
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Limits:
    """What one file may use: ``seconds`` of wall time and ``memory_mb`` of address space
    (the memory limit applies on Linux and macOS; 0 = no limit)."""

    seconds: float = 600.0
    memory_mb: int = 4096


def _child(conn: Connection, worker: Worker, path: str, memory_mb: int, started_by_main_thread: bool) -> None:
    """A worker process: one file, its result through ``conn``."""
    die_with_parent(started_by_main_thread)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the batch's to handle
    os.environ["GOUJI_PDF_WORKERS"] = "1"  # the batch already uses every core: read PDFs in-process
    limit_memory(memory_mb)
    conn.send(worker(path))
    conn.close()


#: what a check imports on first use (the pipeline imports lazily to start fast): imported once
#: before forking, so that each worker starts with it instead of importing it again
FIRST_USE_MODULES = (
    "gouji.io.assemble.assembler",
    "gouji.io.assemble.doc_kinds",
    "gouji.io.readers.pdf_layout",
    "gouji.io.readers.pdf_objects",
    "gouji.model.rules",
)


def _context() -> multiprocessing.context.BaseContext:
    """``fork`` (no start-up cost) on Linux when the caller runs no other thread, else ``spawn``."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        for name in FIRST_USE_MODULES:
            importlib.import_module(name)
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


@dataclass
class _Job:
    index: int
    proc: BaseProcess
    conn: Connection
    deadline: float
    alone: bool


def _death_message(job: _Job, timed_out: bool, limits: Limits) -> tuple[str, str]:
    """(message, reason) of a file whose worker ended without a result."""
    if timed_out:
        return f"处理超过 {limits.seconds:g} 秒仍未完成，已停止（可用 --timeout 调整时限）。", "timeout"
    code = job.proc.exitcode
    how = f"被信号 {-code} 终止" if code is not None and code < 0 else f"退出码 {code}"
    hint = f"可能超过内存上限（{limits.memory_mb} MB，可用 --max-memory 调整）" if limits.memory_mb else ""
    return f"检查进程异常退出（{how}）{'，' + hint if hint else ''}。", "crashed"


def run_batch(
    files: list[Path],
    workers: int = 2,
    on_result: Callable[[ResultDict], None] | None = None,
    worker: Worker = check_file,
    limits: Limits | None = None,
) -> list[ResultDict]:
    """Run ``worker`` (a module-level function; by default :func:`check_file`) on every file, each in
    a process of its own, ``workers`` at a time, under ``limits``; results in the order of ``files``.

    A file whose worker dies or runs out of time or memory is tried once more, alone, after the
    others; if it fails again its result says why (``reason`` "timeout", "memory" or "crashed").
    ``on_result`` is called with each final result as it arrives.
    """
    limits = limits or Limits()
    ctx = _context()
    main_thread = threading.current_thread() is threading.main_thread()
    results: dict[int, ResultDict] = {}
    queue = deque(range(len(files)))
    again: deque[int] = deque()
    running: dict[int, _Job] = {}

    def start(i: int, alone: bool) -> None:
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(  # type: ignore[attr-defined]
            target=_child,
            args=(send, worker, str(files[i]), limits.memory_mb, main_thread),
            name=f"gouji-batch-{i}",
            daemon=True,
        )
        proc.start()
        send.close()  # the child holds the only write end: EOF when it dies
        running[i] = _Job(i, proc, recv, time.monotonic() + limits.seconds, alone)

    def finish(job: _Job, res: ResultDict | None, timed_out: bool = False) -> None:
        del running[job.index]
        job.conn.close()
        job.proc.join(5)
        if job.proc.is_alive():
            job.proc.kill()
            job.proc.join()
        if res is None or res.get("reason") == "memory":
            if not job.alone:
                again.append(job.index)
                return
            if res is None:
                message, reason = _death_message(job, timed_out, limits)
                res = failed_result(files[job.index], message, reason)
            elif limits.memory_mb:
                res["message"] = (
                    f"内存占用超过上限（{limits.memory_mb} MB），已停止（可用 --max-memory 调整上限）。"
                )
            res["message"] = "单独重试后仍失败：" + res["message"]
            res["seconds"] = round(limits.seconds if timed_out else res.get("seconds") or 0.0, 2)
        results[job.index] = res
        if on_result:
            on_result(res)

    try:
        while queue or again or running:
            while queue and len(running) < max(1, workers):
                start(queue.popleft(), alone=False)
            if not queue and not running and again:
                start(again.popleft(), alone=True)
            deadline = min(j.deadline for j in running.values())
            wait(
                [j.conn for j in running.values()] + [j.proc.sentinel for j in running.values()],
                timeout=max(0.0, deadline - time.monotonic()),
            )
            for job in list(running.values()):
                alive = job.proc.is_alive()
                if job.conn.poll():
                    try:
                        res = job.conn.recv()
                    except (EOFError, OSError):  # died while sending
                        res = None
                    finish(job, res)
                elif not alive:
                    finish(job, None)
                elif time.monotonic() >= job.deadline:
                    job.proc.kill()
                    finish(job, None, timed_out=True)
    finally:  # interrupted: no worker outlives the batch
        for job in running.values():
            job.proc.kill()
            job.proc.join()
            job.conn.close()
    return [results[i] for i in range(len(files))]
