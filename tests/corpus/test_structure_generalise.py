"""Generalisation without unseen files: real pages with their table titles taken away.

Each document is read, then every standard table's title is removed (or replaced by words no
catalog knows), and the document is assembled again.  The standard tables must still be found,
on the same pages, from their structure (header words, codes, two-sided layout) and the
boundaries between tables from their header bands; a table whose structure fits several standard
tables, or none, stays unnamed: no table may be named wrongly.
"""

from __future__ import annotations

import copy

import pytest

from gouji.io.assemble.assembler import assemble
from gouji.io.assemble.catalog import match_title
from gouji.io.pipeline import read_raw
from gouji.io.raw import RawDocument, RawLine
from gouji.model.document import Document, StdTable
from gouji.model.tables import PERF_TABLES, table_name
from tests.conftest import corpus

S = StdTable

_raw_cache: dict[str, RawDocument] = {}


def _raw(rel: str) -> RawDocument:
    if rel not in _raw_cache:
        _raw_cache[rel] = read_raw(corpus(rel))
    return copy.deepcopy(_raw_cache[rel])


def _is_title(text: str) -> bool:
    m = match_title(text)
    return m is not None and m.std is not None and m.std not in PERF_TABLES


def _without_titles(raw: RawDocument, words: str) -> RawDocument:
    """The document with every standard table title (first pages and repeats) replaced by ``words``."""
    for p in raw.pages:
        kept = []
        for b in p.blocks:
            if isinstance(b, RawLine):
                if _is_title(b.text):
                    if not words:
                        continue
                    b.text = words
            else:
                for r in b.rows:
                    for c in r:
                        if _is_title(c.text):
                            c.text = words
            kept.append(b)
        p.blocks = kept
    return raw


def _std_pages(doc: Document) -> dict[StdTable, list[int]]:
    return {t.std: t.pages for t in doc.tables if t.std is not None and t.std not in PERF_TABLES}


def _same_table(before: list[int], after: list[int]) -> bool:
    """The same pages; or without the first, when only the removed title stood there; or with the
    page before, when a stray caption at its foot (one the titles' removal left alone) heads the table."""
    if not before:  # (formats without pages)
        return not after
    return after in (before, before[1:], [before[0] - 1, *before]) and bool(after)


B_CORE = {S.B_OVERVIEW, S.B_INCOME, S.B_EXPENSE, S.B_FISCAL, S.B_GPB, S.B_GPB_BASIC, S.B_THREE_PUBLIC}
F_CORE = {S.F_OVERVIEW, S.F_INCOME, S.F_EXPENSE, S.F_FISCAL, S.F_GPB, S.F_GPB_BASIC, S.F_THREE_PUBLIC}

CASES = [
    # (document, how the titles are damaged, the standard tables that must still be found)
    ("zoo/z33_foshan.pdf", "", F_CORE | {S.F_GOV_FUND}),  # final account, Foshan layout
    ("final/putuo_czj_2024_final.pdf", "", F_CORE),  # final account, Shanghai district layout
    ("zoo/z02_shanghai.pdf", "", B_CORE | {S.B_GOV_FUND}),  # Shanghai unit budget
    ("zoo/z16_suzhou.pdf", "", B_CORE),  # "公开NN表" on its own line, Suzhou columns
    # Hangzhou, names without codes; the list of titles on p20-21 keeps its last entry ("表11.…项目支出
    # 绩效表", not a table removed here), which then heads the 收支总表 and names another table: that one
    # stays unnamed, and so does the other two-sided table, 收支总表 or 财政拨款收支总表 being then open
    ("zoo/z19_hangzhou.pdf", "", B_CORE - {S.B_OVERVIEW, S.B_FISCAL} | {S.B_GOV_FUND}),
    (
        "zoo/z07_shenzhen.pdf",
        "附表 部门公开表格",
        B_CORE - {S.B_GPB_BASIC},
    ),  # garbled titles on page 1 of each
    # Yantai: 收入总表 and the 政府采购预算表 print the same source columns over function codes, and
    # 支出总表 / 一般公共预算支出表 the same 合计 | 基本 | 项目 columns: without titles, which is which is
    # not certain, so those stay unnamed (never guessed)
    (
        "zoo/z34_yantai.pdf",
        "附表 部门公开表格",
        {S.B_OVERVIEW, S.B_FISCAL, S.B_GPB_BASIC, S.B_THREE_PUBLIC, S.B_SOE},
    ),
]


@pytest.mark.parametrize(
    "rel,words,must", CASES, ids=[c[0].split("/")[-1] + (":garbled" if c[1] else "") for c in CASES]
)
def test_standard_tables_found_without_their_titles(rel: str, words: str, must: set[StdTable]):
    before = _std_pages(assemble(_raw(rel)))
    after_doc = assemble(_without_titles(_raw(rel), words))
    after = _std_pages(after_doc)
    found = {std for std in before if std in after and _same_table(before[std], after[std])}
    assert must <= found, f"not found by structure: {sorted(s.value for s in must - found)}"
    # never a wrong name: whatever is named is the same table as with its title
    wrong = {std: pages for std, pages in after.items() if std not in found}
    assert not wrong, f"named wrongly: {wrong}"
    # every one was named by its structure, and says so
    said = " ".join(w for w in after_doc.warnings if "按表头与科目结构识别" in w)
    assert all(f"《{table_name(std)}》" in said for std in must)


def test_unperturbed_corpus_document_unchanged_by_structure():
    # with its titles, a document names its tables by title only: structure adds nothing
    doc = assemble(_raw("zoo/z16_suzhou.pdf"))
    assert not [w for w in doc.warnings if "按表头与科目结构识别" in w]
    # the 财政拨款支出表（功能科目）: a title the catalog knows as non-standard stays so
    assert any(t.std is None and "财政拨款支出表" in t.title for t in doc.tables)
