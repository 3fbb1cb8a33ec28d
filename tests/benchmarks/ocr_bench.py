"""OCR speed and memory benchmark (a script, not collected by pytest).

Usage::

    python tests/benchmarks/ocr_bench.py [--modes pool,inprocess] [FILE]

Without a file it reads ``other/bj_zwfw_2026_budget_scan.pdf`` (8 scanned pages).
Each mode runs in a fresh Python process so that its figures are its own:

- ``pool``: the reader's default on two cores, the pages OCR'd by two worker
  processes, each running the engine single-threaded;
- ``inprocess``: ``GOUJI_PDF_WORKERS=1``, the pages one after the other in the
  reading process, the engine using ONNX Runtime's default threads.

Printed per mode: wall seconds, seconds per OCR'd page, and peak resident memory
(``resource.getrusage``: the reading process, and the largest of its worker
processes).  The figures depend on what else runs on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
DEFAULT = CORPUS / "other" / "bj_zwfw_2026_budget_scan.pdf"


def measure(path: str) -> dict:
    """Read ``path`` here (with OCR) and return time, pages and peak memory."""
    import resource

    from gouji.io.pipeline import read_raw

    t0 = time.perf_counter()
    raw = read_raw(path)
    wall = time.perf_counter() - t0
    pages = sum(1 for p in raw.pages if p.ocr)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"wall": wall, "ocr_pages": pages, "self_mb": own, "children_mb": kids}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", default=str(DEFAULT))
    ap.add_argument("--modes", default="pool,inprocess")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(args.file)))
        return 0
    print(f"{Path(args.file).name}  (CPUs: {os.cpu_count()}, load {os.getloadavg()[0]:.1f})")
    for mode in args.modes.split(","):
        env = dict(os.environ)
        if mode == "inprocess":
            env["GOUJI_PDF_WORKERS"] = "1"
        else:
            env.pop("GOUJI_PDF_WORKERS", None)
        out = subprocess.run(
            [sys.executable, __file__, "--child", args.file],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        per = r["wall"] / max(1, r["ocr_pages"])
        print(
            f"{mode:10s} {r['wall']:6.1f} s for {r['ocr_pages']} OCR pages = {per:5.2f} s/page; "
            f"peak memory: reader {r['self_mb']:.0f} MB, largest worker {r['children_mb']:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
