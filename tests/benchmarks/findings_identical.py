"""Findings before vs after a change, on every document of the shared corpus.

Runs the public command line (``gouji check FILES... --json``, the batch path, both cores) on every
document under ``../shared/corpus`` (seeds, rendered, final, budget, other, zoo, pairs) and writes a
snapshot: per document its status, kind, year, unit, tables, and every finding's id, rule,
severity, stated, computed, difference, message and locations.

    python tests/benchmarks/findings_identical.py snapshot before.json
    ... change the code ...
    python tests/benchmarks/findings_identical.py snapshot after.json
    python tests/benchmarks/findings_identical.py compare before.json after.json

``compare`` prints every difference and exits 1 when there is any, 0 when the findings are
identical.  ``--fields`` narrows what counts (default: everything listed above).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
SUFFIXES = {".pdf", ".docx", ".xlsx", ".txt"}
FIELDS = ("rule", "severity", "stated", "computed", "difference", "message", "locations")


def corpus_files(corpus: Path = CORPUS) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def _gouji() -> list[str]:
    exe = shutil.which("gouji", path=str(ROOT / ".venv" / "bin")) or shutil.which("gouji")
    if exe is None:
        sys.exit("gouji is not installed (run bash dev.sh test once)")
    return [exe]


def snapshot(out: Path, files: list[Path], workers: int = 2) -> dict:
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        js = Path(tmp) / "findings.json"
        cmd = [*_gouji(), "check", *map(str, files), "--json", str(js), "--workers", str(workers)]
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        if not js.exists():
            sys.exit("gouji check wrote no JSON")
        data = json.loads(js.read_text(encoding="utf-8"))
    docs = {}
    for res in data["documents"]:
        key = str(Path(res["path"]).resolve().relative_to(CORPUS.resolve()))
        docs[key] = {
            "status": res.get("status"),
            "reason": res.get("reason"),
            "kind": res.get("kind"),
            "year": res.get("year"),
            "unit": res.get("unit"),
            "tables": res.get("tables"),
            "findings": sorted(
                ({"id": f["id"], **{k: f.get(k) for k in FIELDS}} for f in res.get("findings", [])),
                key=lambda f: f["id"],
            ),
        }
    snap = {"seconds": round(time.perf_counter() - t0, 1), "documents": docs}
    out.write_text(json.dumps(snap, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    n = sum(len(d["findings"]) for d in docs.values())
    print(f"{len(docs)} documents, {n} findings, {snap['seconds']} s -> {out}")
    return snap


def compare(a: dict, b: dict, fields: tuple[str, ...] = FIELDS) -> list[str]:
    diffs: list[str] = []
    da, db = a["documents"], b["documents"]
    for name in sorted(set(da) | set(db)):
        if name not in da or name not in db:
            diffs.append(f"{name}: only in {'before' if name in da else 'after'}")
            continue
        x, y = da[name], db[name]
        for k in ("status", "reason", "kind", "year", "unit", "tables"):
            if x.get(k) != y.get(k):
                diffs.append(f"{name}: {k} {x.get(k)!r} -> {y.get(k)!r}")
        fx = {f["id"]: f for f in x["findings"]}
        fy = {f["id"]: f for f in y["findings"]}
        for fid in sorted(set(fx) - set(fy)):
            diffs.append(f"{name}: lost {fid} {fx[fid]['rule']} {fx[fid]['severity']}: {fx[fid]['message']}")
        for fid in sorted(set(fy) - set(fx)):
            diffs.append(f"{name}: new {fid} {fy[fid]['rule']} {fy[fid]['severity']}: {fy[fid]['message']}")
        for fid in sorted(set(fx) & set(fy)):
            for k in fields:
                if fx[fid].get(k) != fy[fid].get(k):
                    diffs.append(f"{name}: {fid} {k} {fx[fid].get(k)!r} -> {fy[fid].get(k)!r}")
    return diffs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot")
    s.add_argument("out")
    s.add_argument("--workers", type=int, default=2)
    c = sub.add_parser("compare")
    c.add_argument("before")
    c.add_argument("after")
    c.add_argument("--fields", default=",".join(FIELDS))
    args = ap.parse_args(argv)
    if args.cmd == "snapshot":
        snapshot(Path(args.out), corpus_files(), workers=args.workers)
        return 0
    a = json.loads(Path(args.before).read_text(encoding="utf-8"))
    b = json.loads(Path(args.after).read_text(encoding="utf-8"))
    diffs = compare(a, b, tuple(args.fields.split(",")))
    for d in diffs:
        print(d)
    n = sum(len(d["findings"]) for d in a["documents"].values())
    print(f"{len(a['documents'])} documents, {n} findings before; {len(diffs)} differences")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
