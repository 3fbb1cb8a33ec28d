"""Issue 10 classes 1 and 2 on real documents: per-item lines (narr.item_line) and the same quantity
stated twice (narr.restated).  Every page and figure below was checked by hand with
``pdftotext -layout``."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from conftest import parsed

from gouji.model.findings import Severity
from gouji.model.rules.item_sentences import item_lines
from gouji.model.rules.registry import run_rules

pytestmark = pytest.mark.slow

RULES = ["narr.item_line", "narr.restated"]


def _findings(rel: str):
    return run_rules(parsed(rel), only=RULES)


def test_ptwl_2024_item_31_restated_with_another_budget():
    """p9 item 31: "“住房保障支出（类）住房改革支出（款）住房公积金（项）”350.35万元" (表 3,503,499 元), then
    "2023年当年预算执行数为348.52万元，2024年预算安排352.67万元，比2023年预算执行数增加0.53%": 352.67 is
    the misprint (0.53% = (350.35 − 348.52) ÷ 348.52), reported against the table and against the
    first statement, and the rate is not reported a second time.  p7 item 9: "执行数为0.00万元 …
    增加100.00%" is a rate from a zero base (warning)."""
    fs = _findings("pairs/ptwl_street_2024_budget.pdf")
    got = sorted((f.rule, f.severity.value, f.locations[0].page, f.stated) for f in fs)
    assert got == [
        ("narr.item_line", "error", 9, D("3526700.00")),
        ("narr.item_line", "warning", 7, D("100.00")),
        ("narr.restated", "error", 9, D("352.67")),
    ]
    table_err = next(f for f in fs if f.rule == "narr.item_line" and f.severity == Severity.ERROR)
    assert table_err.computed == D("3503499") and table_err.locations[1].row_code == "2210201"
    restated = next(f for f in fs if f.rule == "narr.restated")
    assert restated.computed == D("350.35")


def test_ptwl_2024_every_item_and_its_continuation_line_is_read():
    """33 items, each with its "2023年当年预算执行数…，2024年预算安排…" line: 66 readings."""
    lines = item_lines(parsed("pairs/ptwl_street_2024_budget.pdf"))
    assert len(lines) == 66
    assert sum(1 for _, ln in lines if ln.prior is not None) == 33


def test_z32_item_in_wan_yuan_against_a_table_in_yuan_is_rounding():
    """p23 "一般行政管理事务（2011302）10429.84 万元"; p42 表 (元) 104,298,313.00 = 10,429.8313 万元."""
    (f,) = _findings("zoo/z32_xian.pdf")
    assert (f.rule, f.severity, f.locations[0].page) == ("narr.item_line", Severity.ROUNDING, 23)
    assert f.computed == D("104298313.00")


def test_z31_item_with_a_qualifier_is_not_read():
    """p17 "（1）行政运行（行政及参公单位基本支出）2678.58 万元" covers more than row 2140101 行政运行
    (2,025.94): not read; "（3）一般行政管理事务 1249.50 万元" is the one row of that name (2140102)."""
    doc = parsed("zoo/z31_xian.pdf")
    assert [(item.code, ln.current.text) for item, ln in item_lines(doc) if ln.current] == [
        ("2140102", "1249.50")
    ]
    assert _findings("zoo/z31_xian.pdf") == []


def test_final_headers_then_figures_are_read_without_findings():
    """nfb p21-22 "1.一般公共服务（类）信访事务（款）行政运行（项）。" then "年初预算为 5717.32 万元，支出决算为
    5757.63 万元"; putuo_czj p22 with "主要用于：…" in between: every 决算数 equals 表5."""
    for rel, n in (("final/nfb_xinfang_2024_final.pdf", 10), ("final/putuo_czj_2024_final.pdf", 11)):
        lines = item_lines(parsed(rel))
        assert len(lines) == n and all(ln.current is not None and ln.planned is not None for _, ln in lines)
        assert _findings(rel) == []


def test_seed_budget_items_and_a_mutated_one():
    doc = parsed("seeds/000_407e03e18ae36581.txt").model_copy(deep=True)
    assert len(item_lines(doc)) == 7 and run_rules(doc, only=RULES) == []
    for s in doc.sentences:
        s.text = s.text.replace(
            "2024年预算数为1,185.26万元，比上年预算增加102.12万元",
            "2024年预算数为1,158.26万元，比上年预算增加102.12万元",
        )
    (f,) = run_rules(doc, only=RULES)
    assert (f.rule, f.stated, f.computed) == ("narr.item_line", D("1158.26"), D("1185.26"))


def test_z17_items_equal_to_the_gpb_table_are_left_to_inter_table_rules():
    """p38 "行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）支出 406.69 万元": 表3 (all funds)
    411.51, the 一般公共预算 table 406.69 — no finding."""
    doc = parsed("zoo/z17_suzhou.pdf")
    assert any(item.code == "2080506" for item, _ in item_lines(doc))
    assert _findings("zoo/z17_suzhou.pdf") == []
