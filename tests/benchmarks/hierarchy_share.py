"""Share of 类/款/项 hierarchy checks that hold, per document (issue 9's structural measure).

Parses every document (the zoo by default, the whole shared corpus with ``--corpus``) and, on
each table the rule ``arith.hierarchy`` would check, sums every 类 / 款 row's children
(:func:`gouji.model.rules.selectors.code_children`) in every money column.  A check holds when
the parent equals the sum of its children up to rounding.  Prints per document the checks made
and holding, the tables skipped because their codes are unreliable, then every failing check.

    python tests/benchmarks/hierarchy_share.py                # the zoo
    python tests/benchmarks/hierarchy_share.py --corpus       # every corpus document
    python tests/benchmarks/hierarchy_share.py FILE.pdf ...   # given files
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
SUFFIXES = {".pdf", ".docx", ".xlsx"}


@dataclass
class DocShare:
    path: str
    checks: int = 0
    holding: int = 0
    skipped_tables: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    refused: str | None = None


def measure(path: str) -> DocShare:
    """Hierarchy checks of one document, the way ``arith.hierarchy`` chooses them."""
    from gouji.io.errors import ReadError
    from gouji.io.pipeline import parse
    from gouji.model.findings import Severity
    from gouji.model.rules.selectors import (
        additive_columns,
        code_children,
        code_level,
        codes_reliable,
        col_label,
        sides,
        table_quantum,
    )
    from gouji.model.rules.sumcheck import sum_gap

    out = DocShare(path)
    try:
        doc = parse(path)
    except ReadError as exc:
        out.refused = exc.args[0] if exc.args else "refused"
        return out
    for t in doc.tables:
        if t.perf is not None or t.empty:
            continue
        if not codes_reliable(t):
            if any(r.code for r in t.rows):
                out.skipped_tables.append(f"{t.id} {t.title} p{t.pages[0] if t.pages else '?'}")
            continue
        quantum = table_quantum(t)
        for side in sides(t):
            cols = additive_columns(t, side) if side else additive_columns(t)
            if t.two_sided and side:
                cols = [c for c in cols if c.side in (side, None)]
            children = code_children(t, side)
            for parent in t.rows:
                if (side is not None and parent.side != side) or code_level(parent) not in (1, 2):
                    continue
                kids = children.get(parent.index, [])
                if not kids:
                    continue
                for c in cols:
                    gap = sum_gap((parent, c), [(k, c) for k in kids], quantum)
                    if gap is None:
                        continue
                    out.checks += 1
                    stated, computed, sev = gap
                    if sev in (None, Severity.ROUNDING):
                        out.holding += 1
                    else:
                        out.failures.append(
                            f"{t.id} {t.title} p{parent.page} {parent.code} {parent.name}「{col_label(c)}」: "
                            f"{stated} vs Σ {computed} ({' + '.join(k.code or '' for k in kids)})"
                        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", help="documents (default: the zoo)")
    ap.add_argument("--corpus", action="store_true", help="every document of the shared corpus")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--quiet", action="store_true", help="no list of failures")
    args = ap.parse_args(argv)
    if args.files:
        files = [str(Path(f).resolve()) for f in args.files]
    else:
        base = CORPUS if args.corpus else CORPUS / "zoo"
        files = sorted(str(p) for p in base.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    with ProcessPoolExecutor(max_workers=args.workers) as ex:
        results = list(ex.map(measure, files))
    total = holding = 0
    for r in results:
        name = str(Path(r.path).relative_to(CORPUS)) if r.path.startswith(str(CORPUS)) else r.path
        if r.refused is not None:
            print(f"{name:40s} refused")
            continue
        total += r.checks
        holding += r.holding
        share = f"{100 * r.holding / r.checks:6.2f}%" if r.checks else "     -"
        skipped = f"  skipped (codes unreliable): {len(r.skipped_tables)}" if r.skipped_tables else ""
        print(f"{name:40s} {r.holding:5d} / {r.checks:5d}  {share}{skipped}")
    share = 100 * holding / total if total else 100.0
    print(f"{'ALL':40s} {holding:5d} / {total:5d}  {share:6.2f}%")
    if not args.quiet:
        for r in results:
            if r.failures or r.skipped_tables:
                print(f"\n{Path(r.path).name}:")
                for t in r.skipped_tables:
                    print(f"  skipped: {t}")
                for f in r.failures:
                    print(f"  FAIL {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
