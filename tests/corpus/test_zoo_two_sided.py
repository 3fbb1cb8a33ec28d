"""Two-sided summary tables on real documents: nested numbering and panels side by side.

The Xi'an 部门综合预算 收支总表 / 财政拨款收支总表 print four lists side by side (收入 |
支出功能分类 | 部门预算支出经济分类 | 政府预算支出经济分类), each numbered 一、 > 1、 > (1) with
其中 lines, and a 序号 column before the income names.  Each list is checked on its own, only
direct sub-items are summed, and the 序号 column is no amount list (checked by hand on the
rendered pages).  Two-sided tables of other layouts keep their checks.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import parsed

from gouji.model.rules.registry import run_rules
from gouji.model.rules.selectors import side_panels

pytestmark = pytest.mark.slow

RULES = ("arith.two_sided", "arith.balance")


def two_sided_findings(rel: str):
    return run_rules(parsed(rel), only=RULES)


def test_xian_four_panel_summary_reconciles():
    # z30 p20 表1: every panel reconciles, e.g. 功能 72,302,752.62 + 230,000.00 + 8,991,664.59 +
    # 3,297,400.72 + 7,343,316.06 = 92,165,133.99; 部门经济 64,662,533.99 + 27,502,600.00
    doc = parsed("zoo/z30_xian.pdf")
    t = next(t for t in doc.tables if t.two_sided and "收支总表" in t.title and "财政拨款" not in t.title)
    labels = [lab.label if lab is not None else None for lab, _ in side_panels(t, "支出")]
    assert labels == [
        None,
        "支出/部门预算支出经济分类科目（按大类）",
        "支出/政府预算支出经济分类科目（按大类）",
    ]
    assert [f for f in two_sided_findings("zoo/z30_xian.pdf") if f.severity.value == "error"] == []


def test_xian_serial_column_and_levels_give_no_error_and_keep_true_rounding():
    fs = two_sided_findings("zoo/z31_xian.pdf")
    assert [f for f in fs if f.severity.value == "error"] == []
    # p27 (and p32): 1、人员经费和公用经费支出 19,443.34 万元 printed, its (1)–(4) add to 19,443.35
    # (17,067.96 + 1,822.67 + 552.72): a real 尾差 of the printed table
    staff = [f for f in fs if "「1、人员经费和公用经费支出」" in f.message]
    assert staff and {f.severity.value for f in staff} == {"rounding"}
    assert {(f.stated, f.computed) for f in staff} == {(Decimal("19443.34"), Decimal("19443.35"))}
    assert not any("序号" in f.message for f in fs)


def test_two_panel_expense_side_keeps_its_checks():
    # js_jcy p14: 功能分类 | 支出用途 panels; 当年支出小计 24,169.74 = 基本 15,844.04 + 项目 4,335.30 +
    # 单位预留机动经费 3,990.40, printed once in the 支出用途 amount column
    doc = parsed("budget/js_jcy_2019_dept_budget.pdf")
    t = next(t for t in doc.tables if t.two_sided and t.title == "收支预算总表")
    assert [len(cols) for _, cols in side_panels(t, "支出")] == [1, 1]
    assert two_sided_findings("budget/js_jcy_2019_dept_budget.pdf") == []


def test_final_account_rounding_findings_are_kept():
    fs = two_sided_findings("final/nfb_xinfang_2024_final.pdf")
    assert len(fs) == 3 and {f.severity.value for f in fs} == {"rounding"}
