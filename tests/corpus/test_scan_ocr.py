"""Scanned disclosures read with OCR (issue 13), against a hand transcription and a round trip.

The reference ``tests/corpus/data/bj_zwfw_scan_truth.json`` was read by eye from page renders (not from OCR).
``other/bj_zwfw_2026_budget_scan.pdf`` is the narrative half of a publication (目录 + 情况说明, its tables were
a separate attachment), so it holds no standard table: none may be invented, and its narrative amounts must be
read as the rules read them.  ``zoo/z26_changsha.pdf`` is a notice whose attachment is one table printed rotated.
The floors are the figures measured (``tests/benchmarks/ocr_accuracy.py`` prints them with every mismatch):
raise them when OCR improves, never above what is measured.
"""

from __future__ import annotations

import pytest
from benchmarks.ocr_accuracy import (
    SCAN,
    SEED,
    ZOO_SCAN,
    image_only_pdf,
    load_truth,
    narrative_score,
    read_document,
    roundtrip_score,
    table_score,
)
from conftest import corpus, parsed

from gouji.io.pipeline import parse
from gouji.model.document import Document, StdTable
from gouji.model.findings import Severity
from gouji.model.rules.registry import run_rules

pytestmark = pytest.mark.slow

#: narrative amounts read exactly, of 42 (41 while a printed 0 read as 〇 in "本年其他资金收入0万元" stayed 〇)
SCAN_NARRATIVE_FLOOR = 42
#: seed000 pages rendered at 200 dpi: 收入总表 (codes in 类/款/项 columns) and 一般公共预算基本支出表
ROUNDTRIP_PAGES = [2, 6]
#: amount cells found in the same std table, row and column with the same value, of 273 (252 while the
#: direction classifier turned codes "…99" into "…66")
ROUNDTRIP_FLOOR = 273
#: a real publisher's table (6 decimals, grey rulings) made to look scanned: 预算06表, 129 amount cells
REAL = "budget/bj_sjj_2026_budget_tables.pdf"
REAL_PAGE = 6
REAL_FLOOR = 122  # the 7 misses are all read with confidence < 0.96, 6 of them < 0.62


@pytest.fixture(scope="module")
def truth() -> dict:
    return load_truth()


@pytest.fixture(scope="module")
def real_scan(tmp_path_factory) -> tuple[Document, Document]:
    """The text-layer page and its degraded image-only copy, both parsed."""
    out = tmp_path_factory.mktemp("scan") / "real.pdf"
    return parsed(REAL), parse(image_only_pdf(corpus(REAL), out, dpi=200, pages=[REAL_PAGE], degrade=True))


def test_scan_pages_read_by_ocr_and_no_table_invented(truth: dict) -> None:
    doc = parsed(SCAN)
    assert doc.ocr_pages == list(range(1, truth[SCAN]["pages"] + 1))
    # the 目录 names thirteen tables; none is printed in this file
    assert [(t.std, t.pages) for t in doc.standard_tables] == [
        (s["std"], s["pages"]) for s in truth[SCAN]["standard_tables"]
    ]


def test_scan_narrative_amounts(truth: dict) -> None:
    score = narrative_score(parsed(SCAN), truth[SCAN]["narrative_amounts"])
    assert score.total == 42
    assert score.exact >= SCAN_NARRATIVE_FLOOR, score.report("情况说明金额")


def test_scan_sentences_carry_the_confidence_of_their_digits() -> None:
    doc = parsed(SCAN)
    with_digits = [s for s in doc.sentences if any(ch.isdigit() for ch in s.text)]
    assert len(with_digits) >= 20 and all(s.confidence is not None for s in with_digits)
    assert all(0 < s.confidence <= 1 for s in with_digits)  # type: ignore[operator]
    # (the confidence is the lowest over the digits of the sentence's lines: a line shared with the
    # next sentence counts for both)


@pytest.mark.xfail(
    reason="a table printed rotated 90° is read transposed, repeated digits dropped (issue 13)"
)
def test_zoo_scan_rotated_table(truth: dict) -> None:
    (table,) = truth[ZOO_SCAN]["tables"]
    score = table_score(read_document(corpus(ZOO_SCAN)), table)
    assert score.total == 10
    assert score.exact == score.total, score.report("z26 附件表")


def test_roundtrip_image_only_seed_tables(tmp_path) -> None:
    ref = parsed(SEED)
    got = parse(image_only_pdf(corpus(SEED), tmp_path / "scan.pdf", dpi=200, pages=ROUNDTRIP_PAGES))
    assert got.ocr_pages == list(range(1, len(ROUNDTRIP_PAGES) + 1))
    assert [t.std for t in got.standard_tables] == [
        t.std for t in ref.standard_tables if set(t.pages) <= set(ROUNDTRIP_PAGES)
    ]
    score = roundtrip_score(ref, got, set(ROUNDTRIP_PAGES))
    assert score.total == 273
    assert not score.wrong, score.report("往返")  # a cell found is read right; misses are rows not matched
    assert score.exact >= ROUNDTRIP_FLOOR, score.report("往返")


def test_degraded_scan_of_a_real_table(real_scan: tuple[Document, Document]) -> None:
    ref, got = real_scan
    assert [t.std for t in got.standard_tables] == [StdTable.B_GPB_BASIC]
    score = roundtrip_score(ref, got, {REAL_PAGE})
    assert score.total == 129
    assert score.exact >= REAL_FLOOR, score.report("模拟扫描")


def test_degraded_scan_gives_no_error_the_text_layer_has_not(real_scan: tuple[Document, Document]) -> None:
    ref, got = real_scan
    text_errors = {f.rule for f in run_rules(ref) if f.severity == Severity.ERROR}
    new = [f.message for f in run_rules(got) if f.severity == Severity.ERROR and f.rule not in text_errors]
    assert new == []
