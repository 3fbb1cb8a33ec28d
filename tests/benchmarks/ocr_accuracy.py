"""OCR acceptance figures for issue 13: amounts read from scans against a hand transcription, and a round trip.

1. The corpus scans (``other/bj_zwfw_2026_budget_scan.pdf``, ``zoo/z26_changsha.pdf``) are parsed through the
   pipeline (OCR) and every amount of the hand transcription ``tests/corpus/data/bj_zwfw_scan_truth.json``
   (read by eye from page renders, never from OCR output) is looked up in what was read: narrative amounts by the
   text printed right before them, table amounts by table title + row name + column label.
2. Round trip: a text-layer PDF (``rendered/seed000_tables.pdf``, or ``--source`` any corpus PDF) is rendered
   to images (a scan's resolution; ``--degrade``: grey, tilted, blurred, noisy, JPEG) and saved back as an
   image-only PDF; both are parsed and their standard tables compared cell by cell (rows aligned in printed order).

Every mismatch is listed (printed vs read, confidence).  Run::

    .venv/bin/python tests/benchmarks/ocr_accuracy.py [--dpi 200] [--pages 1-6] [--no-scan] [--no-roundtrip]
        [--source budget/bj_sjj_2026_budget_tables.pdf] [--degrade]

OCR is slow (2 shared cores): run it once per change, not in a loop.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

from gouji.io.assemble.assembler import assemble
from gouji.io.pipeline import parse, read_raw
from gouji.model.document import Cell, Column, Document, Row, Table
from gouji.model.numbers import normalise_digits
from gouji.model.rules.textnum import Num, analyse

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
TRUTH = REPO / "tests" / "corpus" / "data" / "bj_zwfw_scan_truth.json"
SCAN = "other/bj_zwfw_2026_budget_scan.pdf"
ZOO_SCAN = "zoo/z26_changsha.pdf"
SEED = "rendered/seed000_tables.pdf"


@dataclass
class Check:
    """One amount of the reference: where it is, what is printed, what was read."""

    where: str
    printed: str
    read: str | None = None
    confidence: float | None = None

    @property
    def exact(self) -> bool:
        return self.read is not None and _value(self.read) == _value(self.printed)

    def line(self) -> str:
        conf = "" if self.confidence is None else f" (置信度 {self.confidence:.3f})"
        return f"  {self.where}: 应为 {self.printed}，读出 {self.read if self.read is not None else '（缺）'}{conf}"


@dataclass
class Score:
    """Checks grouped by a name (a page, a table)."""

    groups: dict[str, list[Check]] = field(default_factory=dict)

    def add(self, group: str, check: Check) -> None:
        self.groups.setdefault(group, []).append(check)

    @property
    def checks(self) -> list[Check]:
        return [c for cs in self.groups.values() for c in cs]

    @property
    def exact(self) -> int:
        return sum(c.exact for c in self.checks)

    @property
    def total(self) -> int:
        return len(self.checks)

    @property
    def wrong(self) -> list[Check]:
        """Amounts found where they belong but read differently (not merely missing)."""
        return [c for c in self.checks if c.read is not None and not c.exact]

    @property
    def accuracy(self) -> float:
        return self.exact / self.total if self.total else 1.0

    def report(self, title: str) -> str:
        out = [f"{title}: {self.exact}/{self.total} = {self.accuracy:.2%}"]
        out += [f"  {g}: {sum(c.exact for c in cs)}/{len(cs)}" for g, cs in self.groups.items()]
        bad = [c for c in self.checks if not c.exact]
        if bad:
            out.append("  不一致:")
            out += [c.line() for c in bad]
        return "\n".join(out)


def _value(text: str) -> Decimal | None:
    try:
        return Decimal(normalise_digits(text).replace(",", "").replace("，", "").rstrip("%"))
    except InvalidOperation:
        return None


def load_truth() -> dict:
    return json.loads(TRUTH.read_text(encoding="utf-8"))


def narrative_score(doc: Document, items: list[dict]) -> Score:
    """Each narrative amount as the rules read it (``textnum.analyse``): the number right after its anchor.

    The anchor (whitespace-insensitive) is looked for in the page's titles and sentences; its ``nth`` occurrence must be
    followed directly by an amount in 万元 (or a percentage, ``kind`` "%") whose value is the printed one.
    """
    score = Score()
    for item in items:
        # an occurrence followed by a word ("经费预算情况说明", a heading) is not the one before the amount
        pattern = re.compile(r"\s*".join(map(re.escape, item["anchor"])) + r"\s*[:：]?\s*(?![\u4e00-\u9fff])")
        hits: list[tuple[str, Num | None]] = []
        for text in _page_texts(doc, item["page"]):
            numbers = analyse(text)
            found: list[Num] = numbers.percents if item["kind"] == "%" else numbers.amounts
            for m in pattern.finditer(numbers.text):
                num = next((n for n in found if n.start == m.end()), None)
                hits.append((numbers.text[m.end() : m.end() + 12], num))
        where = f"第{item['page']}页 “{item['anchor']}”#{item['nth']}"
        check = Check(where, item["printed"])
        if len(hits) >= item["nth"]:
            after, num = hits[item["nth"] - 1]
            check.read = num.text if num is not None else f"“{after}…”"
        score.add(f"第{item['page']}页", check)
    return score


def _page_texts(doc: Document, page: int) -> list[str]:
    """The running text of a page: section titles and sentences (a heading may print an amount)."""
    texts = [(s.bbox.top if s.bbox else 0.0, s.title) for s in doc.sections if s.page == page]
    texts += [(s.bbox.top if s.bbox else 0.0, s.text) for s in doc.sentences if s.page == page]
    return [t for _, t in sorted(texts, key=lambda x: x[0])]


def _name_key(text: str) -> str:
    return re.sub(r"[\s“”\"'‘’]", "", normalise_digits(text))


def _find_table(doc: Document, title: str) -> Table | None:
    key = _name_key(title)
    return next((t for t in doc.tables if key in _name_key(t.title) or _name_key(t.title) in key), None)


def table_score(doc: Document, table: dict) -> Score:
    """A transcribed table: every amount cell found by table title, row name and column label."""
    score = Score()
    group = f"{table['title']}（第{table['page']}页）"
    got = _find_table(doc, table["title"])
    amount_cols = [c for c in table["columns"] if any(c == k for r in table["rows"] for k in r["cells"])]
    for row in table["rows"]:
        for col in amount_cols:
            printed = row["cells"].get(col)
            if printed is None or _value(printed) is None:
                continue
            where = f"{row['name']} / {col}"
            cell = _table_cell(got, row["name"], col) if got is not None else None
            check = Check(where, printed)
            if cell is not None:
                check.read, check.confidence = cell.text, cell.confidence
            score.add(group, check)
    return score


def _table_cell(table: Table, row_name: str, col_label: str) -> Cell | None:
    col = next((c for c in table.columns if _name_key(col_label) in _name_key(c.label)), None)
    row = next((r for r in table.rows if _name_key(r.name) == _name_key(row_name)), None)
    if col is None or row is None:
        return None
    return row.cell(col.index)


def read_document(path: Path) -> Document:
    """Read and assemble a file without refusing non-disclosures (the zoo scan is a notice with a table)."""
    return assemble(read_raw(path))


def scan_scores(truth: dict) -> tuple[dict[str, Document], Score, Score]:
    """Read the corpus scans; score their narrative amounts and their transcribed tables."""
    docs = {rel: read_document(CORPUS / rel) for rel in (SCAN, ZOO_SCAN)}
    narrative = narrative_score(docs[SCAN], truth[SCAN]["narrative_amounts"])
    tables = Score()
    for rel in (SCAN, ZOO_SCAN):
        for table in truth[rel].get("tables", []):
            for group, checks in table_score(docs[rel], table).groups.items():
                tables.groups[f"{Path(rel).name} {group}"] = checks
    return docs, narrative, tables


# --- round trip ------------------------------------------------------------------------------------


def image_only_pdf(
    src: Path, dst: Path, dpi: int, pages: list[int] | None = None, degrade: bool = False
) -> Path:
    """Render ``src`` pages (1-based; all when None) at ``dpi`` and save them as an image-only PDF.

    ``degrade`` makes it look scanned: grey, tilted by 0.4°, slightly blurred, noisy, JPEG-compressed.
    """
    pdf = pdfium.PdfDocument(src)
    try:
        numbers = pages or list(range(1, len(pdf) + 1))
        images = [pdf[n - 1].render(scale=dpi / 72).to_pil().convert("RGB") for n in numbers]
    finally:
        pdf.close()
    if degrade:
        images = [_scanned(im) for im in images]
    images[0].save(dst, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return dst


def _scanned(image: Image.Image) -> Image.Image:
    """The page as a office scanner gives it (the same noise every run: the figures are reproducible)."""
    grey = image.convert("L").rotate(0.4, resample=Image.Resampling.BICUBIC, fillcolor=255)
    grey = grey.filter(ImageFilter.GaussianBlur(0.7))
    pixels = np.asarray(grey, dtype=np.float64) + np.random.default_rng(0).normal(0.0, 24.0, grey.size[::-1])
    grey = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    grey.save(buf, "JPEG", quality=60)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def _row_key(table: Table, row: Row) -> tuple:
    """What identifies a row as printed: side, code, name and its text cells (a project table's 项目名称)."""
    texts = tuple(_name_key(c.text) for c in row.cells if table.columns[c.col].role == "text")
    return (row.side, row.code or "", _name_key(row.name), texts)


def _matched_rows(ref: Table, other: Table | None) -> list[tuple[Row, Row | None]]:
    """Each row of ``ref`` with its row in ``other``, aligning the two row sequences in printed order.

    Rows whose key is read identically pair up; where a run of rows differs, rows pair one to one when the
    run has the same length on both sides and the codes agree (a misread name); a misread code is no match.
    """
    if other is None:
        return [(r, None) for r in ref.rows]
    mine = [_row_key(ref, r) for r in ref.rows]
    theirs = [_row_key(other, r) for r in other.rows]
    pairs: dict[int, Row] = {}
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                if mine[i][:2] == theirs[j][:2]:
                    pairs[i] = other.rows[j]
    return [(r, pairs.get(i)) for i, r in enumerate(ref.rows)]


def _same_column(ref: Table, other: Table, col: Column) -> Column | None:
    """``col`` of ``ref`` in ``other``: the amount column at the same place on the same side.

    Labels are not compared: a header's wording differs between a text layer (overprinted glyphs) and OCR
    (the printed column numbers 1, 2, 3 read into it); the place is what identifies a column.
    """
    mine = ref.amount_columns(col.side)
    theirs = other.amount_columns(col.side)
    return theirs[mine.index(col)] if len(mine) == len(theirs) else None


def roundtrip_score(ref: Document, got: Document, pages: set[int] | None = None) -> Score:
    """Every amount cell of ``ref``'s standard tables (on ``pages``) looked up in ``got`` (same std table, row, column)."""
    score = Score()
    for t in ref.standard_tables:
        if pages is not None and not set(t.pages) <= pages:
            continue
        other = got.table(t.std) if t.std is not None else None
        group = f"{t.std.value if t.std else t.id}（第{'、'.join(map(str, t.pages))}页）"
        for row, match in _matched_rows(t, other):
            for col in t.amount_columns():
                cell = row.cell(col.index)
                if cell is None:
                    continue
                printed = "" if cell.value is None else str(cell.value)
                check = Check(f"{t.std} {row.code or ''} {row.name} / {col.label}", printed or "（空）")
                ocol = _same_column(t, other, col) if other is not None else None
                ocell = match.cell(ocol.index) if match is not None and ocol is not None else None
                if ocell is not None:
                    check.read = "（空）" if ocell.value is None else str(ocell.value)
                    check.confidence = ocell.confidence
                score.add(group, check)
    return score


def roundtrip(
    rel: str, dpi: int, pages: list[int] | None, degrade: bool = False
) -> tuple[Document, Document, Score]:
    """Parse the text-layer PDF ``rel`` and its image-only copy; score the copy's cells against the original."""
    src = CORPUS / rel
    ref = parse(src)
    with tempfile.TemporaryDirectory() as tmp:
        got = parse(image_only_pdf(src, Path(tmp) / "scan.pdf", dpi, pages, degrade))
    keep = set(pages) if pages else None
    return ref, got, roundtrip_score(ref, got, keep)


def _pages(spec: str | None) -> list[int] | None:
    if not spec:
        return None
    a, _, b = spec.partition("-")
    return list(range(int(a), int(b or a) + 1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", type=int, default=200, help="round-trip scan resolution")
    ap.add_argument("--pages", help="round-trip pages, e.g. 1-6 (default: all)")
    ap.add_argument(
        "--source", default=SEED, help=f"round-trip text-layer PDF in the corpus (default {SEED})"
    )
    ap.add_argument("--degrade", action="store_true", help="make the round-trip images look scanned")
    ap.add_argument("--no-roundtrip", action="store_true")
    ap.add_argument("--no-scan", action="store_true")
    args = ap.parse_args(argv)
    if not args.no_scan:
        docs, narrative, tables = scan_scores(load_truth())
        for rel, doc in docs.items():
            std = [f"{t.std.value}（第{t.pages}页）" for t in doc.standard_tables]
            print(f"{rel}: OCR 页 {doc.ocr_pages}；标准表 {std or '无'}；表格 {len(doc.tables)}")
        print(narrative.report("扫描件 情况说明中的金额"))
        print(tables.report("扫描件 表格金额单元格"))
        both = Score({**narrative.groups, **tables.groups})
        print(f"合计 {both.exact}/{both.total} = {both.accuracy:.2%}")
    if not args.no_roundtrip:
        pages = _pages(args.pages)
        ref, got, score = roundtrip(args.source, args.dpi, pages, args.degrade)
        want = [t.std for t in ref.standard_tables if pages is None or set(t.pages) <= set(pages)]
        same = want == [t.std for t in got.standard_tables]
        look = "，模拟扫描" if args.degrade else ""
        print(f"往返 {args.source} @ {args.dpi} dpi{look}：标准表相同 {same}；OCR 页 {got.ocr_pages}")
        print(score.report("往返 金额单元格"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
