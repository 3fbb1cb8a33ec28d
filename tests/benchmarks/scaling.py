"""Scaling benchmark: table rows and text-line length (a script, not collected by pytest).

Usage::

    python tests/benchmarks/scaling.py [--rows 10000 50000 100000] [--chars 50000 150000] [--parse]

For each row count it builds a document with one 单位支出总体情况表 of that many coded rows
(类 / 款 / 项, every sum holding) and runs every rule on it; for each line length a document
whose 情况说明 holds one sentence of that many characters (amounts, percentages and item lists
repeated, or item names without punctuation) and runs every rule.  With ``--parse`` the row documents are also written as seed text
and read through the whole pipeline (reader + assembly).  It prints the seconds of each step and
the seconds per 10k rows / per 10k characters: these must stay roughly constant (linear growth).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from gouji.model.document import (
    Cell,
    Column,
    DocKind,
    Document,
    Row,
    Section,
    SectionKind,
    Sentence,
    StdTable,
    Table,
)
from gouji.model.rules.registry import run_rules

COLUMNS = ("合计", "基本支出", "项目支出")


def hierarchy(n_rows: int) -> list[tuple[str, str, Decimal, Decimal]]:
    """About ``n_rows`` coded rows (code, name, 基本支出, 项目支出): 类 → 30 款 → 40 项 (2xx function
    codes only), every sum holding."""
    out: list[tuple[str, str, Decimal, Decimal]] = []
    cls = 200
    while len(out) < n_rows:
        cls += 1
        body: list[tuple[str, str, Decimal, Decimal]] = []
        for k in range(1, 31):
            kuan = f"{cls:03d}{k:02d}"
            items = [(f"{kuan}{i:02d}", f"项目{kuan}{i:02d}", Decimal(i), Decimal(k)) for i in range(1, 41)]
            body.append(
                (
                    kuan,
                    f"款{kuan}",
                    sum((x[2] for x in items), Decimal(0)),
                    sum((x[3] for x in items), Decimal(0)),
                )
            )
            body.extend(items)
        kuans = [b for b in body if len(b[0]) == 5]
        a = sum((x[2] for x in kuans), Decimal(0))
        b = sum((x[3] for x in kuans), Decimal(0))
        out.append((f"{cls:03d}", f"类{cls:03d}", a, b))
        out.extend(body)
    return out[:n_rows] if len(out) == n_rows else _whole_classes(out, n_rows)


def _whole_classes(rows: list[tuple[str, str, Decimal, Decimal]], n_rows: int):
    """Cut after the last whole 类 at or below ``n_rows`` (sums stay true)."""
    cut = n_rows
    while cut > 0 and len(rows[cut][0]) != 3:
        cut -= 1
    return rows[:cut] if cut else rows[:n_rows]


def _row(index: int, code: str | None, name: str, values: list[Decimal], kind: str = "data") -> Row:
    cells = [Cell(col=0, text=code or "")]
    cells += [Cell(col=2 + i, text=f"{v:,.2f}", value=v) for i, v in enumerate(values)]
    level = {3: 1, 5: 2, 7: 3}.get(len(code)) if code else None
    return Row(index=index, code=code, name=name, level=level, kind=kind, cells=cells)  # type: ignore[arg-type]


def rows_document(n_rows: int) -> Document:
    """A budget with one 单位支出总体情况表 of about ``n_rows`` coded rows and a 总计 row."""
    data = hierarchy(n_rows)
    classes = [r for r in data if len(r[0]) == 3]
    tot_a = sum((r[2] for r in classes), Decimal(0))
    tot_b = sum((r[3] for r in classes), Decimal(0))
    rows = [_row(0, None, "总计", [tot_a + tot_b, tot_a, tot_b], kind="total")]
    for code, name, a, b in data:
        rows.append(_row(len(rows), code, name, [a + b, a, b]))
    cols = [
        Column(index=0, label="科目编码", leaf="科目编码", role="code"),
        Column(index=1, label="科目名称", leaf="科目名称", role="name"),
    ] + [Column(index=2 + i, label=c, leaf=c, role="amount") for i, c in enumerate(COLUMNS)]
    t = Table(
        id="T01", std=StdTable.B_EXPENSE, title="单位支出总体情况表", unit="万元", columns=cols, rows=rows
    )
    return Document(path="rows.txt", sha256="0", format="text", kind=DocKind.BUDGET, year=2024, tables=[t])


def outline_document(n_rows: int) -> Document:
    """A budget whose 收支总体情况表 prints about ``n_rows`` numbered rows (both sides)
    (一、 items of 10 （一） sub-items each, every sum holding): the outline of numbered rows."""
    cols = [
        Column(index=0, label="收入/项目", leaf="项目", role="name", side="收入"),
        Column(index=1, label="收入/预算数", leaf="预算数", role="amount", side="收入"),
        Column(index=2, label="支出/项目", leaf="项目", role="name", side="支出"),
        Column(index=3, label="支出/预算数", leaf="预算数", role="amount", side="支出"),
    ]
    rows: list[Row] = []

    def add(side: str, name: str, value: Decimal, kind: str = "data") -> None:
        col = 1 if side == "收入" else 3
        cell = Cell(col=col, text=f"{value:,.2f}", value=value)
        rows.append(Row(index=len(rows), name=name, kind=kind, side=side, cells=[cell]))  # type: ignore[arg-type]

    n_items = max(1, n_rows // 22)  # two sides of 11 rows per item
    for side in ("收入", "支出"):
        for i in range(1, n_items + 1):
            add(side, f"{_cn(i)}、{side}项目{i}", Decimal(55))
            for k in range(1, 11):
                add(side, f"（{_cn(k)}）{side}子项{i}-{k}", Decimal(k))
        total = Decimal(55 * n_items)
        add(side, f"本年{side}合计", total, "total")
        add(side, f"{side}总计", total, "total")
    t = Table(
        id="T01",
        std=StdTable.B_OVERVIEW,
        title="收支总体情况表",
        unit="万元",
        two_sided=True,
        columns=cols,
        rows=rows,
    )
    return Document(path="outline.txt", sha256="0", format="text", kind=DocKind.BUDGET, year=2024, tables=[t])


def _cn(n: int) -> str:
    """A Chinese numeral (一 … 九十九, then 一百… by digits: only its style matters here)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 100:
        return ("" if n // 10 == 1 else digits[n // 10]) + "十" + (digits[n % 10] if n % 10 else "")
    return "".join(digits[int(c)] for c in str(n))


def seed_text(n_rows: int) -> str:
    """The same table as seed text (tab-separated rows), for the whole pipeline."""
    data = hierarchy(n_rows)
    classes = [r for r in data if len(r[0]) == 3]
    tot_a = sum((r[2] for r in classes), Decimal(0))
    tot_b = sum((r[3] for r in classes), Decimal(0))
    lines = [
        "某某局 2024 年单位预算公开",
        "",
        "单位支出总体情况表",
        "",
        "单位：万元",
        "",
        "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出",
        "类\t款\t项\t\t\t\t",
        f"\t\t\t总计\t{tot_a + tot_b:,.2f}\t{tot_a:,.2f}\t{tot_b:,.2f}",
    ]
    for code, name, a, b in data:
        parts = [code[:3], code[3:5], code[5:7]]
        lines.append("\t".join(parts) + f"\t{name}\t{a + b:,.2f}\t{a:,.2f}\t{b:,.2f}")
    return "\n".join(lines) + "\n"


_PHRASE = (
    "一般公共预算财政拨款支出1,234.56万元，比上年增加12.34万元，增长1.01%，主要原因是人员增加；"
    "其中：基本支出1,000.00万元，占81.00%；项目支出234.56万元，占19.00%，"
)


#: a run of item names without punctuation (how a table flattened into one line of text reads)
_UNBROKEN = "社会保障和就业支出行政事业单位养老支出机关事业单位基本养老保险缴费支出"

LINES = {"punctuated": _PHRASE, "unbroken": _UNBROKEN}


def line_document(n_chars: int, kind: str = "punctuated") -> Document:
    """A 情况说明 of one sentence of ``n_chars`` characters (one printed line, no breaks)."""
    phrase = LINES[kind]
    text = (phrase * (n_chars // len(phrase) + 1))[:n_chars]
    sec = Section(id="S001", kind=SectionKind.EXPLANATION, title="情况说明", level=2, sentence_ids=[0])
    sent = Sentence(index=0, text=text, section_id="S001", page=1)
    return Document(
        path="line.txt",
        sha256="0",
        format="text",
        kind=DocKind.BUDGET,
        year=2024,
        sections=[sec],
        sentences=[sent],
    )


def timed(label: str, func, per: int, unit: str) -> float:
    t0 = time.perf_counter()
    out = func()
    dt = time.perf_counter() - t0
    n = len(out) if isinstance(out, list) else "-"
    print(f"{label:<34} {dt:8.2f} s   {dt / per * 10_000:7.3f} s per 10k {unit}   findings {n}", flush=True)
    return dt


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="*", default=[10_000, 50_000, 100_000])
    ap.add_argument("--chars", type=int, nargs="*", default=[50_000, 150_000])
    ap.add_argument("--parse", action="store_true", help="also read the row documents as seed text")
    args = ap.parse_args(argv)
    for n in args.rows:
        d = rows_document(n)
        timed(f"rules, {len(d.tables[0].rows):,} coded rows", lambda d=d: run_rules(d), n, "rows")
        d = outline_document(n)
        timed(f"rules, {len(d.tables[0].rows):,} numbered rows", lambda d=d: run_rules(d), n, "rows")
        if args.parse:
            from gouji.io.pipeline import parse

            with tempfile.TemporaryDirectory() as tmp:
                p = Path(tmp) / "rows.txt"
                p.write_text(seed_text(n), encoding="utf-8")
                timed(f"parse, {n:,} table rows", lambda p=p: parse(p).tables, n, "rows")
    for kind in LINES:
        for n in args.chars:
            d = line_document(n, kind)
            timed(f"rules, {kind} line of {n:,} chars", lambda d=d: run_rules(d), n, "chars")
    return 0


if __name__ == "__main__":
    sys.exit(main())
