"""Export-speed benchmark for the Excel review workbook (a script, not collected by pytest).

Usage::

    python tests/benchmarks/bench_export.py [--soffice] [--batch] [FILE ...]

Without files it uses ``rendered/seed000.pdf``.  Each file is parsed once and
its rules run once (timed separately); then :func:`gouji.io.export.workbook.export_workbook`
is timed without pictures and with pictures, and the workbook size printed.
With ``--soffice`` each workbook is also converted with
``soffice --headless --convert-to pdf`` (the "opens without repair" check).
With ``--batch`` :func:`gouji.io.app.batch.run_batch` runs over ``final/`` and
``budget/`` with two worker processes and the total time is printed.

Acceptance: seed000 export < 3 s without pictures, < 8 s with pictures.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def soffice_ok(xlsx: Path, outdir: Path) -> tuple[bool, float]:
    soffice = shutil.which("soffice")
    if soffice is None:
        return False, 0.0
    t0 = time.perf_counter()
    pdf = outdir / (xlsx.stem + ".pdf")
    for _ in range(2):  # a fresh profile may only initialise on its first start
        ok = _soffice_once(soffice, xlsx, outdir) and pdf.exists() and pdf.stat().st_size > 0
        if ok:
            break
    return ok, time.perf_counter() - t0


def _soffice_once(soffice: str, xlsx: Path, outdir: Path) -> bool:
    r = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{outdir / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(xlsx),
        ],
        capture_output=True,
        timeout=600,
    )
    return r.returncode == 0


def bench_file(path: Path, outdir: Path, soffice: bool) -> dict:
    from gouji.io.export.workbook import export_workbook
    from gouji.io.pipeline import parse
    from gouji.model.rules.registry import run_rules

    t0 = time.perf_counter()
    doc = parse(path)
    t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    findings = run_rules(doc)
    t_rules = time.perf_counter() - t0
    row = {"file": path.name, "pages": doc.page_count, "tables": len(doc.tables), "findings": len(findings)}
    row.update(parse=t_parse, rules=t_rules)
    for images in (False, True):
        out = outdir / f"{path.stem}_{'img' if images else 'noimg'}.xlsx"
        t0 = time.perf_counter()
        got = export_workbook(doc, findings, None, out, images=images)
        row["img" if images else "noimg"] = time.perf_counter() - t0
        row[("img" if images else "noimg") + "_mb"] = got.stat().st_size / 1e6
        if soffice and images:
            ok, secs = soffice_ok(got, outdir)
            row["soffice"] = "ok" if ok else "FAILED"
            row["soffice_s"] = secs
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--soffice", action="store_true", help="convert every workbook with LibreOffice")
    ap.add_argument("--batch", action="store_true", help="time a batch over corpus final/ + budget/")
    args = ap.parse_args(argv)
    files = args.files or [CORPUS / "rendered" / "seed000.pdf"]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        outdir = Path(tmp)
        for f in files:
            try:
                r = bench_file(f, outdir, args.soffice)
            except Exception as exc:  # report and go on with the next file
                print(f"{f.name}: FAILED {type(exc).__name__}: {exc}")
                failures += 1
                continue
            extra = f"  soffice {r['soffice']} {r['soffice_s']:.1f}s" if "soffice" in r else ""
            print(
                f"{r['file']}: {r['pages']} p, {r['tables']} tables, {r['findings']} findings | "
                f"parse {r['parse']:.2f}s rules {r['rules']:.2f}s | export no-img {r['noimg']:.2f}s "
                f"({r['noimg_mb']:.1f} MB), img {r['img']:.2f}s ({r['img_mb']:.1f} MB){extra}"
            )
            if r.get("soffice") == "FAILED":
                failures += 1
        if args.batch:
            from gouji.io.app.batch import collect_files, run_batch, write_summary

            batch_files = collect_files([CORPUS / "final", CORPUS / "budget"])
            t0 = time.perf_counter()
            results = run_batch(batch_files, workers=2)
            summary = write_summary(results, outdir / "summary.xlsx")
            secs = time.perf_counter() - t0
            failed = [r["name"] for r in results if r["status"] != "ok"]
            print(f"batch: {len(results)} files in {secs:.1f}s (2 workers), failed: {failed or 'none'}")
            for r in results:
                c = r["counts"]
                print(
                    f"  {r['name']}: {r['status']} {r.get('seconds', 0):.1f}s E{c['error']} W{c['warning']} R{c['rounding']}"
                )
            if args.soffice:
                ok, s = soffice_ok(summary, outdir)
                print(f"summary workbook soffice: {'ok' if ok else 'FAILED'} {s:.1f}s")
                failures += 0 if ok else 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
