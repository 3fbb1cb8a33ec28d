"""Acceptance: the seed texts assembled into tables.

The amount check is independent of the assembler: it re-reads the
tab-separated rows of each table region of the seed file (from "表 N" to the
next table number) and compares every printed amount, column by column and
row by row, with the assembled table.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from functools import lru_cache

import pytest

from gouji.model.document import StdTable
from tests.conftest import corpus

SEED0 = "seeds/000_407e03e18ae36581.txt"
SEED2 = "seeds/002_6f25734c455cccad.txt"
_AMOUNT = re.compile(r"^-?\d{1,3}(?:,\d{3})*\.\d{2}$|^-?\d+\.\d{2}$")

EXPECTED_STD = [
    StdTable.B_OVERVIEW,
    StdTable.B_INCOME,
    StdTable.B_EXPENSE,
    StdTable.B_FISCAL,
    StdTable.B_GPB,
    StdTable.B_GPB_BASIC,
    StdTable.B_GPB_PROJECT,
    StdTable.B_GOV_FUND,
    StdTable.B_SOE,
    StdTable.B_THREE_PUBLIC,
    StdTable.B_CARRYOVER,
]


@lru_cache(maxsize=None)
def _doc(rel: str):
    from gouji.io.assemble.assembler import assemble
    from gouji.io.readers.text import read_text

    return assemble(read_text(str(corpus(rel)), "0" * 64))


@lru_cache(maxsize=None)
def _seed_regions() -> dict[int, list[list[str]]]:
    """Tab rows of each numbered table region, read straight from the file."""
    lines = corpus(SEED0).read_text(encoding="utf-8").splitlines()
    regions: dict[int, list[list[str]]] = {}
    cur: int | None = None
    for line in lines:
        m = re.fullmatch(r"表\s*(\d+)", line.strip())
        if m:
            cur = int(m.group(1))
            regions[cur] = []
            continue
        if line.startswith("第三部分"):
            cur = None
        if cur is not None and "\t" in line:
            regions[cur].append([c.strip() for c in line.split("\t")])
    return regions


def _seed_rows_with_amounts(n: int) -> list[list[tuple[int, Decimal]]]:
    out = []
    for cells in _seed_regions()[n]:
        amounts = [(j, Decimal(c.replace(",", ""))) for j, c in enumerate(cells) if _AMOUNT.match(c)]
        if amounts:
            out.append(amounts)
    return out


def _doc_rows_with_amounts(table, side=None) -> list[list[tuple[int, Decimal]]]:
    out = []
    for r in table.rows:
        if side is not None and r.side != side:
            continue
        amounts = [(c.col, c.value) for c in sorted(r.cells, key=lambda c: c.col) if c.value is not None]
        if amounts:
            out.append(amounts)
    return out


def test_seed000_all_eleven_tables_with_std():
    doc = _doc(SEED0)
    std_tables = [t for t in doc.tables if t.perf is None and not (t.std and t.std.value.startswith("perf_"))]
    assert [t.std for t in std_tables] == EXPECTED_STD
    assert [t.id for t in std_tables] == [f"T{i:02d}" for i in range(1, 12)]
    assert [t.number for t in std_tables] == [f"表{i}" for i in range(1, 12)]
    assert all(t.unit == "万元" for t in std_tables)
    assert all(t.unit_name == "自治区国土资源执法监察总队" for t in std_tables)
    assert doc.money_unit == "万元"


@pytest.mark.parametrize("n", range(1, 8))
def test_seed000_every_amount_matches_text(n):
    doc = _doc(SEED0)
    table = doc.tables[n - 1]
    seed_rows = _seed_rows_with_amounts(n)
    seed_cells = Counter(x for r in seed_rows for x in r)
    doc_cells = Counter(x for r in _doc_rows_with_amounts(table) for x in r)
    assert sum(seed_cells.values()) > 0
    missing = seed_cells - doc_cells
    extra = doc_cells - seed_cells
    assert not missing and not extra, (n, list(missing.items())[:5], list(extra.items())[:5])
    if table.two_sided:
        split = next(c.index for c in table.columns if c.side == "支出")
        left = [[x for x in r if x[0] < split] for r in seed_rows]
        right = [[x for x in r if x[0] >= split] for r in seed_rows]
        assert _doc_rows_with_amounts(table, "收入") == [r for r in left if r]
        assert _doc_rows_with_amounts(table, "支出") == [r for r in right if r]
    else:
        assert _doc_rows_with_amounts(table) == seed_rows


def test_seed000_amount_cell_counts():
    """Report: the number of amount cells compared per table (all equal to the text)."""
    doc = _doc(SEED0)
    counts = {n: sum(len(r) for r in _seed_rows_with_amounts(n)) for n in range(1, 8)}
    got = {n: sum(len(r) for r in _doc_rows_with_amounts(doc.tables[n - 1])) for n in range(1, 8)}
    assert counts == got
    assert counts == {1: 14, 2: 57, 3: 36, 4: 13, 5: 35, 6: 55, 7: 975}  # 1,185 cells


def test_seed000_codes_and_kinds():
    doc = _doc(SEED0)
    t2 = doc.table(StdTable.B_INCOME)
    assert [r.code for r in t2.coded_rows()][:4] == ["208", "20805", "2080501", "2080505"]
    assert t2.row_by_code("2080505").name == "机关事业单位基本养老保险缴费支出"
    assert t2.row_by_code("2210201").level == 3  # on the continuation page
    assert t2.rows[0].kind == "total"
    total = t2.find_column("总计")
    assert t2.rows[0].amount(total.index) == Decimal("17798.61")
    t6 = doc.table(StdTable.B_GPB_BASIC)
    assert t6.row_by_code("30101").name == "基本工资"
    assert t6.row_by_code("303").level == 1
    t1 = doc.table(StdTable.B_OVERVIEW)
    assert t1.two_sided
    r = t1.row_by_code("220", side="支出")
    assert r.name == "自然资源海洋气象等支出"
    assert r.amount(t1.amount_columns("支出")[0].index) == Decimal("14083.33")
    income_total = t1.find_row("收入总计", side="收入")
    assert income_total.kind == "total"
    t10 = doc.table(StdTable.B_THREE_PUBLIC)
    assert t10.find_row("公务用车购置及运行费").kind == "subtotal"
    assert t10.find_column("一般公共预算").label == "资金来源/一般公共预算"


def test_seed000_wrapped_project_name_rejoined():
    doc = _doc(SEED0)
    t7 = doc.table(StdTable.B_GPB_PROJECT)
    proj_col = next(c.index for c in t7.columns if c.label == "项目名称")
    names = [r.cell(proj_col).text for r in t7.rows if r.cell(proj_col) and r.cell(proj_col).text]
    # the last project's name is split over a page break ("…执法办" / "案补充经费")
    assert names[-1] == "全区国土资源执法监察系统执法办案补充经费"
    assert not any(n == "案补充经费" for n in names)
    # names wrapped inside a cell lose the wrap space
    assert t7.find_row("乌鲁木齐市米东区国土资源执法监察大队") is not None


def test_seed000_empty_tables_carry_their_note():
    doc = _doc(SEED0)
    for std in (StdTable.B_GOV_FUND, StdTable.B_SOE):
        t = doc.table(std)
        assert t.empty
        assert t.empty_note and t.empty_note.endswith("为空表。")
        assert len(t.columns) == 8 and t.header
    assert not doc.table(StdTable.B_CARRYOVER).empty


def test_seed000_performance_tables():
    doc = _doc(SEED0)
    perf = [t for t in doc.tables if t.std and t.std.value.startswith("perf_")]
    assert perf[0].std == StdTable.PERF_TARGET_OVERALL
    assert all(t.std == StdTable.PERF_TARGET_PROJECT for t in perf[1:])
    assert len(perf) == 129
    assert perf[0].id == "P001" and perf[-1].id == "P129"
    assert all(t.rows for t in perf)


def test_seed002_twenty_self_evaluation_tables():
    doc = _doc(SEED2)
    perf = [t for t in doc.tables if t.std and t.std.value.startswith("perf_self")]
    assert len(perf) == 20
    assert perf[0].std == StdTable.PERF_SELF_OVERALL
    assert [t.std for t in perf[1:]] == [StdTable.PERF_SELF_PROJECT] * 19
    assert [t.id for t in perf] == [f"P{i:03d}" for i in range(1, 21)]
    # cell-per-line grids are read as rows: the 资金 row of the overall table has its 8 cells
    row = next(r for r in perf[0].rows if any(c.text == "合计" for c in r.cells))
    assert [c.text for c in row.cells][1:4] == ["合计", "4,132.88", "10,676.61"]
    # the 目录-like list of final tables at the end is not a table
    assert not [t for t in doc.tables if t.std and t.std.value.startswith("final_")]


@pytest.mark.slow
@pytest.mark.parametrize(
    "rel", ["rendered/seed000_tables.pdf", "rendered/seed000_tables.xlsx", "rendered/seed000.docx"]
)
def test_rendered_pdf_amounts_match_seed_text(rel):
    """The same independent check on the seed rendered as PDF / XLSX / DOCX (format readers + assembler)."""
    from tests.conftest import parsed

    doc = parsed(rel)
    std_tables = [t for t in doc.tables if t.std is not None and not t.std.value.startswith("perf_")]
    assert [t.std for t in std_tables] == EXPECTED_STD
    for n in range(1, 8):
        table = std_tables[n - 1]
        assert _doc_rows_with_amounts(table) and Counter(
            x for r in _doc_rows_with_amounts(table) for x in r
        ) == Counter(x for r in _seed_rows_with_amounts(n) for x in r), n
        if rel.endswith(".pdf"):
            cells = [c for r in table.rows for c in r.cells if c.value is not None]
            assert all(c.page is not None and c.bbox is not None for c in cells)
    assert std_tables[7].empty and std_tables[7].empty_note
