"""Findings of one cause gathered (model/grouping.py) and the addends sum rules carry (Finding.terms)."""

from __future__ import annotations

import json
from decimal import Decimal

from conftest import parsed
from rulefixtures import CARRIED_GAP, GAP_COLUMNS, doc, findings, table

from gouji.model.document import StdTable
from gouji.model.findings import Family, Finding, Location, Severity
from gouji.model.grouping import cause_groups
from gouji.model.rules.registry import run_rules

COLS = GAP_COLUMNS
#: 基本支出 of 2080501 printed 0.34 too high and carried up through 20805, 208 and 总计; 合计 is right
CARRIED = [r if r[0] != "2210201" else ("2210201", "住房公积金", "0.00", "0.00", "") for r in CARRIED_GAP]
RULES = ("arith.hierarchy", "arith.total_classes", "arith.column_identity")


def _rows(**changed: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [changed.get(r[0] or "total", r) for r in CARRIED]


def test_a_gap_carried_through_three_totals_is_one_group():
    d = doc(table(StdTable.B_EXPENSE, "单位支出总体情况表", COLS, CARRIED))
    fs = findings(d, *RULES)
    assert len(fs) == 4 and {f.difference for f in fs} == {Decimal("-0.34")}
    groups = cause_groups(fs)
    assert len(groups) == 1 and groups[0].label() == "差额0.34万元，影响4处"
    assert {f.locations[0].row_code for f in groups[0].findings} == {None, "208", "20805", "2080501"}


def test_a_cross_table_finding_sharing_a_cell_joins_and_other_gaps_stay_apart():
    # 2210201 合计 also printed 0.50 too high (a second, unrelated gap in another code line)
    t = table(StdTable.B_EXPENSE, "单位支出总体情况表", COLS, CARRIED_GAP)
    fs = findings(doc(t), *RULES)
    total = next(f for f in fs if f.rule == "arith.column_identity" and f.locations[0].row_code is None)
    shared = total.locations[1]  # 总计 基本支出, repeated in another table
    other = Location(table="T02", row=0, column=2, row_name="合计")
    update = {"id": "inter:1", "rule": "inter.totals", "family": Family.INTER_TABLE, "title": "表间"}
    inter = total.model_copy(update=update | {"difference": Decimal("0.34"), "locations": [shared, other]})
    groups = cause_groups([*fs, inter])
    by_size = sorted((len(g.findings), g.label()) for g in groups)
    assert (5, "差额0.34万元，影响5处") in by_size  # 4 column identities + the other table
    assert any(g.gap == Decimal("0.50") for g in groups)
    assert not any(g.gap == Decimal("0.50") and inter in g.findings for g in groups)


def test_rounding_gaps_and_reviewer_findings_never_join():
    d = doc(table(StdTable.B_EXPENSE, "单位支出总体情况表", COLS, CARRIED))
    small = {"severity": Severity.ROUNDING, "message": "差额 0.01万元（尾差）", "difference": Decimal("0.01")}
    base = findings(d, *RULES)[0].model_copy(update={"id": "r:1"} | small)
    twin = base.model_copy(update={"id": "r:2"})
    manual = base.model_copy(update={"id": "m:1", "family": Family.MANUAL, "severity": Severity.ERROR})
    manual2 = manual.model_copy(update={"id": "m:2"})
    assert [len(g.findings) for g in cause_groups([base, twin, manual, manual2])] == [1, 1, 1, 1]


def test_sum_findings_carry_their_addends():
    d = doc(table(StdTable.B_EXPENSE, "单位支出总体情况表", COLS, CARRIED))
    leaf = next(f for f in findings(d, *RULES) if f.locations[0].row_code == "2080501")
    assert [(t.label, t.value) for t in leaf.terms] == [("支出预算/基本支出", Decimal("616.47"))]
    assert sum(t.value for t in leaf.terms) == leaf.computed
    rows = _rows(**{"20805": ("20805", "行政事业单位养老支出", "1,802.39", "1,801.73", "")})
    rows[1] = ("208", "社会保障和就业支出", "1,802.39", "1,801.73", "")
    rows[0] = ("", "总计", "1,918.52", "1,801.73", "116.13")
    fs = findings(doc(table(None, "x", COLS, rows)), "arith.hierarchy")
    hier = next(f for f in fs if f.locations[0].row_code == "20805" and f.locations[0].column == 2)
    assert [t.label for t in hier.terms] == [
        "2080501 行政单位离退休",
        "2080505 机关事业单位基本养老保险缴费支出",
    ]
    assert sum(t.value for t in hier.terms) == hier.computed
    assert all(t.location is not None and t.location.row_code for t in hier.terms)


def test_terms_are_written_only_when_present():
    d = doc(table(StdTable.B_EXPENSE, "单位支出总体情况表", COLS, CARRIED))
    f = findings(d, *RULES)[0]
    assert "terms" in json.loads(f.model_dump_json())
    bare = f.model_copy(update={"terms": []})
    assert "terms" not in json.loads(bare.model_dump_json())
    assert Finding.model_validate_json(f.model_dump_json()) == f


def test_a_misprinted_total_of_a_real_budget_is_one_group_across_tables_and_text():
    d = parsed("seeds/000_407e03e18ae36581.txt").model_copy(deep=True)
    before = {f.id for f in run_rules(d)}
    t = d.table(StdTable.B_GPB)
    total = next(r for r in t.rows if not r.code)
    for name in ("合计", "基本支出"):  # the 总计 row printed 0.34 too high in both columns
        c = total.cell(t.find_column(name).index)
        c.value += Decimal("0.34")
    new = [f for f in run_rules(d) if f.id not in before]
    assert {f.rule for f in new} == {"inter.totals", "narr.amount"} and len(new) == 5
    groups = cause_groups(new, same_message=False)
    assert [g.label() for g in groups] == ["差额0.34万元，影响5处"]
