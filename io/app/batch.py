"""Batch review: check every disclosure in a folder with both cores, write one summary workbook.

:func:`check_file` runs the pipeline (:func:`gouji.io.pipeline.review`) on one
file; it never raises — a
file that cannot be read comes back with ``status="failed"`` and the Chinese
reason, so one bad file never aborts a batch.  Its result is a plain,
JSON-ready dict (cheap to send back from a worker process; the same shape the
CLI writes with ``--json``).  :func:`run_batch` spreads files over a
``ProcessPoolExecutor(2)``; :func:`write_summary` writes the 汇总 sheet plus
one sheet per document with its findings.
"""

from __future__ import annotations

import os
import re
import sys
import time
import traceback
import zipfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Callable, Iterable, TextIO

from gouji.io.errors import ReadError
from gouji.io.export.styles import CREATOR
from gouji.io.export.summary import ResultDict, document_summary, write_summary  # noqa: F401
from gouji.io.pipeline import Reviewed, review_many
from gouji.io.readers.registry import SUFFIXES
from gouji.model.findings import Severity


def failed_result(path: Path | str, message: str, reason: str) -> ResultDict:
    return {
        "path": str(path),
        "name": Path(path).name,
        "status": "failed",
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


def checked(path: str | Path, *more: str | Path) -> tuple[ResultDict, Reviewed | None]:
    """Run the pipeline on one file: its JSON-ready result, and the pipeline's result when it was read.

    ``more``: further files of the same disclosure, read with ``path`` as one
    document (:func:`gouji.io.pipeline.review_many`).
    Never raises: a file that cannot be read comes back as ``status="failed"``
    with the Chinese reason (and None).
    """
    t0 = time.perf_counter()
    done = None
    try:
        done = review_many([Path(path), *map(Path, more)])
        res = document_summary(done.document, done.findings)
    except ReadError as exc:
        res = failed_result((exc.path or path) if more else path, exc.message, exc.reason)
    except MemoryError:
        res = failed_result(path, "内存不足，无法解析该文件。", "internal")
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
def collect_files(paths: Iterable[str | Path], out: Path | None = None) -> list[Path]:
    """Files to check: the given files, plus every file of a supported format in given folders (sorted).

    The formats are those of :data:`gouji.io.readers.registry.SUFFIXES`.

    Office lock files (``~$…``), hidden files and the output workbook itself are skipped.
    """
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.iterdir(), key=lambda x: x.name):
                if (
                    f.is_file()
                    and f.suffix.lower() in SUFFIXES
                    and not f.name.startswith(("~$", "."))
                    and ".gouji" not in f.name
                    and (out is None or f.resolve() != Path(out).resolve())
                    and not is_gouji_output(f)
                ):
                    files.append(f)
        else:
            files.append(p)
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


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
    """Progress on a terminal: a redrawn bar on a tty, one plain line per file otherwise."""

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
        if self.tty:
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
        self.stream.flush()


def _init_worker() -> None:
    """Batch workers already use every core: the PDF reader inside them reads in-process."""
    os.environ["GOUJI_PDF_WORKERS"] = "1"


def run_batch(
    files: list[Path],
    workers: int = 2,
    on_result: Callable[[ResultDict], None] | None = None,
    worker: Callable[[str], ResultDict] = check_file,
) -> list[ResultDict]:
    """Run ``worker`` (a module-level function; by default :func:`check_file`) on ``files`` with a
    process pool of ``workers``; results in the order of ``files``."""
    results: dict[int, ResultDict] = {}
    if workers <= 1 or len(files) <= 1:
        for i, f in enumerate(files):
            results[i] = worker(str(f))
            if on_result:
                on_result(results[i])
    else:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
            futures = {pool.submit(worker, str(f)): i for i, f in enumerate(files)}
            for fut in as_completed(futures):
                i = futures[fut]
                try:
                    res = fut.result()
                except Exception as exc:  # the worker process died (e.g. out of memory)
                    res = failed_result(
                        files[i],
                        f"检查进程异常退出（{type(exc).__name__}），请单独打开该文件重试。",
                        "internal",
                    )
                results[i] = res
                if on_result:
                    on_result(res)
    return [results[i] for i in range(len(files))]
