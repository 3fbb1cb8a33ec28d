"""A publication in two files read as one disclosure (``gouji check A.pdf B.pdf --one``).

``zoo/z44_beijing.pdf`` (10 pages) is the text of 北京市审计局's 2026 部门预算 (cover, 目录, 情况说明,
名词解释; its 目录 lists 第二部分 报表 一…十三 and p10 says they are an 附件), and
``budget/bj_sjj_2026_budget_tables.pdf`` (21 pages) its tables: 预算01表 … 预算11表 on pages 1–11,
预算表12 项目支出绩效目标表 on 12–19, 预算13表 部门整体支出绩效目标表 on 20–21 (read on the pages).
Read as one document the text comes first (pages 1–10) whatever the order of the arguments and the
tables follow (document page = 10 + page in the tables file).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from conftest import corpus

from gouji.io.export.pictures import RENDER_SCALE, Pictures, compose, finding_region, png_bytes, table_extents
from gouji.io.pipeline import Reviewed, combined_sha256, parse_many, review_many, sha256_of
from gouji.io.readers.render import PageRenderer
from gouji.model.document import DocForm, DocKind, Document
from gouji.model.index import FindingIndex
from gouji.model.rules import run_rules

pytestmark = pytest.mark.slow

TEXT = "zoo/z44_beijing.pdf"
TABLES = "budget/bj_sjj_2026_budget_tables.pdf"

# standard table → document pages (the tables file's page + 10)
STANDARD = {
    "budget_overview": [11],
    "budget_income": [12],
    "budget_expense": [13],
    "budget_fiscal_overview": [14],
    "budget_gpb_expense": [15],
    "budget_gpb_basic": [16],
    "budget_gov_fund": [17],
    "budget_soe_capital": [18],
    "budget_three_public": [19],
    "budget_procurement": [20],
}


@pytest.fixture(scope="module")
def done() -> Reviewed:
    # tables half named first: the text half still comes first in the document
    return review_many([corpus(TABLES), corpus(TEXT)])


@pytest.fixture(scope="module")
def doc(done) -> Document:
    return done.document


def test_the_text_half_comes_first_and_the_tables_follow(doc):
    text, tables = corpus(TEXT), corpus(TABLES)
    assert [(s.path, s.first_page, s.pages) for s in doc.sources] == [
        (str(text), 1, 10),
        (str(tables), 11, 21),
    ]
    assert doc.path == str(text) and doc.page_count == 31 and len(doc.page_sizes) == 31
    assert doc.sha256 == combined_sha256([sha256_of(text), sha256_of(tables)])
    assert (doc.kind, doc.year, doc.unit_name, doc.form) == (
        DocKind.BUDGET,
        2026,
        "北京市审计局",
        DocForm.FULL,
    )


def test_standard_tables_are_found_with_their_document_pages(doc):
    found = {t.std.value: t.pages for t in doc.standard_tables}
    assert found == STANDARD
    other = [t for t in doc.tables if t.std is None and t.perf is None]
    assert [(t.title, t.pages) for t in other] == [("预算11表财政拨款政府购买服务明细表", [21])]
    perf = Counter(t.std.value for t in doc.perf_tables if t.std is not None)
    assert perf == {"perf_target_project": 17, "perf_target_overall": 1}
    assert min(p for t in doc.perf_tables for p in t.pages) == 22
    assert doc.perf_tables[-1].pages == [30, 31]


def test_source_of_maps_every_page_back_to_its_file(doc):
    text, tables = str(corpus(TEXT)), str(corpus(TABLES))
    for t in doc.tables:
        for p in t.pages:
            assert doc.source_of(p) == (tables, p - 10)
        for r in t.rows:
            assert all((c.page or r.page or 0) > 10 for c in r.cells)
    income = next(s for s in doc.sentences if "年度收入预算 32852.05 万元" in s.text)
    assert doc.source_of(income.page or 0) == (text, 6)
    for s in doc.sentences:
        path, local = doc.source_of(s.page or 0)
        assert 1 <= local <= (10 if path == text else 21)
    assert doc.source_of(1) == (text, 1) and doc.source_of(10) == (text, 10)
    assert doc.source_of(31) == (tables, 21)


def test_findings_by_rule(done):
    counts = Counter((f.rule, f.severity.value) for f in done.findings)
    # no "missing table" and no "other half missing": the pair is a full disclosure.
    # 预算07表 (p17 = tables p7) and 预算08表 (p18 = tables p8) print only a 合计 row with no amount and
    # no note why (the text says only "政府性基金预算拨款收入 0 万元"): the two warnings are right.
    assert counts == {("comp.empty_note", "warning"): 2}
    assert sorted(f.page for f in done.findings) == [17, 18]


def test_text_amounts_are_checked_against_the_tables_of_the_other_file(doc):
    """narr.amount compares the text half's 收入预算 / 支出预算 / 公务用车 amounts with the tables half:
    all hold as printed; shift the tables by 7 万元 and each one is reported, located in both files."""
    assert not run_rules(doc, only=["narr.amount"])
    shifted = doc.model_copy(deep=True)
    for t in shifted.tables:
        for r in t.rows:
            for c in r.cells:
                if c.value:
                    c.value += Decimal(7)
    found = run_rules(shifted, only=["narr.amount"])
    where = sorted((f.locations[0].page, f.locations[1].table, f.locations[1].page) for f in found)
    # p6: "2026 年度收入预算 32852.05 万元" ↔ 收入总表 合计; p7: "2026 年支出预算 32852.05 万元" ↔ 支出总表 合计;
    # p8: "公务用车购置费预算37.38万元、公务用车运行维护费预算27.95万元" ↔ 三公经费表
    assert where == [(6, "T02", 12), (7, "T03", 13), (8, "T09", 19), (8, "T09", 19)]
    text, tables = str(corpus(TEXT)), str(corpus(TABLES))
    for f in found:
        assert doc.source_of(f.locations[0].page or 0)[0] == text
        assert doc.source_of(f.locations[1].page or 0)[0] == tables


def test_pictures_crop_the_page_of_the_right_file(done):
    """The 检查表 picture of a finding on document page 17 is page 7 of the tables file (预算07表)."""
    doc = done.document
    f = next(f for f in done.findings if f.page == 17)
    idx = FindingIndex(doc, done.findings)
    pics = Pictures(doc, idx, enabled=True)
    try:
        got = pics.crop(f)
    finally:
        pics.close()
    assert got is not None
    region = finding_region(f, idx, table_extents(doc))
    assert region is not None and region[0] == 17
    lay = Pictures(doc, idx, enabled=True).layout(f)
    assert lay is not None and lay.page == 17
    with PageRenderer(corpus(TABLES), scale=RENDER_SCALE) as r:
        assert got[0] == png_bytes(compose(r.page_image(7), r.scale, lay))
    with PageRenderer(corpus(TEXT), scale=RENDER_SCALE) as r:  # the text file's page 7 is another page
        assert got[0] != png_bytes(compose(r.page_image(7), r.scale, lay))


def test_two_text_halves_are_still_a_text_half():
    """The form is read from the whole: without a tables half nothing turns the pair into a full disclosure."""
    doc = parse_many([corpus("zoo/z04_beijing.pdf"), corpus(TEXT)])
    assert doc.form == DocForm.TEXT_HALF and len(doc.sources) == 2 and not doc.standard_tables
