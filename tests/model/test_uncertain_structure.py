"""``parse.uncertain`` for columns that drifted on a continuation page (amounts in the name column,
words in an amount column): one warning for the table, its arithmetic and cross-table errors held back."""

from __future__ import annotations

from rulefixtures import doc, table

from gouji.model.document import StdTable
from gouji.model.rules.registry import run_rules
from gouji.model.rules.uncertain import MIN_MISPLACED

COLS = ["合计", "基本支出", "项目支出"]
PAGE1 = [
    ("", "合计", "300.00", "200.00", "100.00"),
    ("201", "一般公共服务支出", "200.00", "150.00", "50.00"),
    ("20101", "人大事务", "200.00", "150.00", "50.00"),
    ("2010101", "行政运行", "200.00", "150.00", "50.00"),
]
# page 2 read one column to the left: the 合计 amount in the name column, the name in no column
PAGE2_DRIFTED = [
    ("208", "100.00", "50.00", "50.00", ""),
    ("20805", "100.00", "50.00", "50.00", ""),
    ("2080505", "100.00", "50.00", "50.00", ""),
]
PAGE2 = [
    ("208", "社会保障和就业支出", "100.00", "50.00", "50.00"),
    ("20805", "行政事业单位养老支出", "100.00", "50.00", "50.00"),
    ("2080505", "机关事业单位基本养老保险缴费支出", "100.00", "50.00", "50.00"),
]
RULES = ("arith.hierarchy", "arith.total_classes", "arith.column_identity", "inter.totals", "parse.uncertain")


def _expense(rows2):
    t = table(StdTable.B_EXPENSE, "支出总体情况表", COLS, PAGE1 + rows2)
    for k, r in enumerate(t.rows):
        r.page = 1 if k < len(PAGE1) else 2
    t.pages = [1, 2]
    return t


def test_drifted_columns_give_one_warning_and_hold_errors_back():
    t = _expense(PAGE2_DRIFTED)
    errors = [f for f in run_rules(doc(t), only=RULES[:-1]) if f.severity == "error"]
    assert errors  # without the self-check the drifted page reads as wrong sums
    fs = run_rules(doc(_expense(PAGE2_DRIFTED)), only=RULES)
    assert [f.rule for f in fs] == ["parse.uncertain"]
    msg = fs[0].message
    assert fs[0].severity == "warning" and "表格结构未能可靠识别，请人工核对本表" in msg
    assert "第 2 页有 3 行金额与文字错列" in msg and f"已暂缓依赖本表的 {len(errors)} 条" in msg


def test_aligned_continuation_is_not_flagged():
    assert run_rules(doc(_expense(PAGE2)), only=RULES) == []


def test_one_stray_row_is_not_enough():
    rows = [PAGE2[0], PAGE2_DRIFTED[1], PAGE2[2]]  # one row out of its columns: a reading slip, not a drift
    assert MIN_MISPLACED == 2
    fs = run_rules(doc(_expense(rows)), only=("parse.uncertain",))
    assert fs == []


def test_words_in_an_amount_column_count_as_drift():
    rows = [(c, n, "社会保障", b, p) for c, n, _, b, p in PAGE2]
    t = _expense(rows)
    for r in t.rows[len(PAGE1) :]:
        r.cells[0].blank = False  # (as the assembler keeps printed words: not a blank, no value)
    fs = run_rules(doc(t), only=("parse.uncertain",))
    assert len(fs) == 1 and "金额与文字错列" in fs[0].message
