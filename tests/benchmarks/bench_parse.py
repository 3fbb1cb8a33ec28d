"""Reading-speed benchmark for the PDF reader (a script, not collected by pytest).

Usage::

    python tests/benchmarks/bench_parse.py [--workers N] [--assemble] [FILE.pdf ...]

Without files it reads ``rendered/seed000.pdf`` and every other corpus PDF.  For
each file it prints the wall-clock seconds of :func:`gouji.io.readers.pdf.read_pdf`
(plus assembly with ``--assemble``), the page count, and the peak resident
memory of this process *and its worker processes together*, sampled every
20 ms from ``/proc`` (Linux); ``ru_maxrss`` of self and children is printed as
well.  Acceptance: seed000.pdf (243 pages) under 6 s on 2 cores, peak RSS under
600 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import threading
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out.extend(int(x) for x in f.read().split())
    except OSError:
        pass
    for c in list(out):
        out.extend(_children(c))
    return out


class PeakRSS:
    """Samples the summed RSS of this process tree in a background thread."""

    def __init__(self, interval: float = 0.02):
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            total = _rss_kb(me) + sum(_rss_kb(c) for c in _children(me))
            self.peak_kb = max(self.peak_kb, total)
            time.sleep(self.interval)

    def __enter__(self) -> "PeakRSS":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def bench(path: Path, workers: int | None, assemble: bool) -> tuple[float, float, int, float]:
    """Wall seconds, CPU seconds (self + workers), pages, peak RSS in MB."""
    from gouji.io.pipeline import sha256_of
    from gouji.io.readers.pdf import read_pdf

    sha = sha256_of(path)
    with PeakRSS() as rss:
        c0 = _cpu()
        t0 = time.perf_counter()
        raw = read_pdf(str(path), sha, workers=workers)
        if assemble:
            from gouji.io.assemble.assembler import assemble as _assemble

            _assemble(raw)
        dt = time.perf_counter() - t0
        cpu = _cpu() - c0
    return dt, cpu, len(raw.pages), rss.peak_kb / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--assemble", action="store_true", help="also time gouji.io.assemble.assembler")
    args = ap.parse_args(argv)
    files = args.files or [CORPUS / "rendered" / "seed000.pdf"] + sorted(
        p for p in CORPUS.glob("*/*.pdf") if p.name != "seed000.pdf"
    )
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall time depends on it; CPU time does not)"
    )
    print(f"{'file':45s} {'pages':>5s} {'seconds':>8s} {'CPU s':>7s} {'peak RSS MB':>12s}")
    failed = False
    for f in files:
        try:
            dt, cpu, n, mb = bench(f, args.workers, args.assemble)
        except Exception as exc:  # a scan raises ReadError: report and go on
            print(f"{f.name:45s} {'-':>5s} {'-':>8s} {'-':>7s} {'-':>12s}  {type(exc).__name__}: {exc}")
            continue
        flag = ""
        if f.name == "seed000.pdf" and (dt >= 6.0 or mb >= 600):
            flag = "  <-- over budget (6 s / 600 MB)"
            failed = True
        print(f"{f.name:45s} {n:5d} {dt:8.2f} {cpu:7.2f} {mb:12.0f}{flag}")
    ru_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ru_kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"ru_maxrss: self {ru_self:.0f} MB, largest child {ru_kids:.0f} MB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
