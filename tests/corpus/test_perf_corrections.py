"""A hand correction of a cell of a performance table reaches what the performance rules read.

The reader keeps a performance table twice: its rows (what the table view shows and the
reviewer corrects) and its structure (fields, 资金 rows, indicators with 分值 and 得分), which the
performance rules read.  Real document: a national department's final account with project
self-evaluation tables (indicators with 分值 and 得分, a 总分 row).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import parsed

from gouji.model.corrections import apply_corrections, correction_for, undo_correction
from gouji.model.document import Cell, Document, PerfIndicator, Table
from gouji.model.rules.registry import run_rules

FILE = "final/nfb_xinfang_2024_final.pdf"


def _row_cell_at(t: Table, twin: Cell):
    for row in t.rows:
        for c in row.cells:
            if c.page == twin.page and c.bbox is not None and c.bbox == twin.bbox:
                return row, next(col for col in t.columns if col.index == c.col)
    return None


def _scored(doc: Document) -> tuple[Table, PerfIndicator]:
    for t in doc.tables:
        if t.perf is None or t.perf.total_score is None:
            continue
        for ind in t.perf.indicators:
            if ind.score is not None and ind.score_at is not None and ind.score_at != ind.weight_at:
                return t, ind
    pytest.fail("no self-evaluation table with scored indicators")


def test_correcting_a_score_changes_the_indicator_and_the_total_score_check():
    doc = parsed(FILE).model_copy(deep=True)
    t, ind = _scored(doc)
    total_rule = ("perf.total_score",)
    before = [f for f in run_rules(doc, only=total_rule) if f.locations[0].table == t.id]
    score_cell = ind.cells[ind.score_at]
    found = _row_cell_at(t, score_cell)
    assert found is not None, "the score is a cell of the table's rows"
    row, col = found
    old = ind.score
    assert old is not None
    c = correction_for(t, row, col, str(old + 3))
    assert apply_corrections(doc, [c]) == []
    assert ind.score == old + 3 and score_cell.text == str(old + 3) and score_cell.corrected_from is not None
    after = [f for f in run_rules(doc, only=total_rule) if f.locations[0].table == t.id]
    assert len(after) == len(before) + 1  # the indicators' scores no longer add up to the 总分
    assert Decimal(3) in {abs(f.difference) for f in after if f.difference is not None}
    assert undo_correction(doc, c)
    assert ind.score == old and score_cell.corrected_from is None
    assert [f.id for f in run_rules(doc, only=total_rule) if f.locations[0].table == t.id] == [
        f.id for f in before
    ]


def test_a_text_field_takes_the_corrected_text_and_no_number():
    doc = parsed(FILE).model_copy(deep=True)
    t = next(t for t in doc.tables if t.perf is not None and "项目名称" in t.perf.fields)
    field = t.perf.fields["项目名称"]
    found = _row_cell_at(t, field)
    assert found is not None
    row, col = found
    apply_corrections(doc, [correction_for(t, row, col, "2024年度示范项目")])
    assert field.text == "2024年度示范项目" and field.value is None
