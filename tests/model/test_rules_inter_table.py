"""Family 3 rules: inter-table reconciliation."""

from __future__ import annotations

from decimal import Decimal

from conftest import parsed
from rulefixtures import by_severity, doc, findings, table, two_sided

from gouji.model.document import DocKind, StdTable

EXP_COLS = ["支出预算/合计", "支出预算/基本支出", "支出预算/项目支出"]
INC_COLS = ["总计", "财政拨款（补助）/一般公共预算", "单位资金"]


def budget_pair(t3_total="1,100.00", t3_208="1,000.00", t2_name_208="社会保障和就业支出"):
    t2 = table(
        StdTable.B_INCOME,
        "收入总体情况表",
        INC_COLS,
        [
            ("", "总计", "1,100.00", "1,000.00", "100.00"),
            ("208", t2_name_208, "1,000.00", "1,000.00", ""),
            ("220", "自然资源海洋气象等支出", "100.00", "", "100.00"),
        ],
    )
    t3 = table(
        StdTable.B_EXPENSE,
        "支出总体情况表",
        EXP_COLS,
        [
            ("", "总计", t3_total, "1,000.00", "100.00"),
            ("208", "社会保障和就业支出", t3_208, "1,000.00", ""),
            ("220", "自然资源海洋气象等支出", "100.00", "", "100.00"),
        ],
    )
    t1 = two_sided(
        StdTable.B_OVERVIEW,
        "收支总体情况表",
        ["预算数"],
        [("一、本年收入", "1,100.00"), ("收入总计", "1,100.00")],
        ["预算数"],
        [
            ("", "201 一般公共服务支出", ""),
            ("", "208 社会保障和就业支出", "1,000.00"),
            ("", "220 自然资源海洋气象等支出", "100.00"),
            ("", "支出总计", "1,100.00"),
        ],
    )
    return t1, t2, t3


def test_budget_totals_consistent():
    d = doc(*budget_pair())
    assert findings(d, "inter.totals", "inter.code_amounts", "inter.code_names") == []


def test_budget_total_mismatch_between_t2_and_t3():
    d = doc(*budget_pair(t3_total="1,150.00"))
    fs = findings(d, "inter.totals")
    errs = by_severity(fs, "error")
    assert errs, fs
    f = next(f for f in errs if "收入总表 总计 = 支出总表 合计" in f.formula)
    assert f.stated == Decimal("1100.00") and f.computed == Decimal("1150.00")
    assert "《收入总体情况表》" in f.message and "《支出总体情况表》" in f.message


def test_code_amounts_per_code_and_class_rows_from_names():
    d = doc(*budget_pair(t3_208="1,010.00"))
    fs = findings(d, "inter.code_amounts")
    msgs = [f.message for f in by_severity(fs, "error")]
    # T2 vs T3 for 208, and T1 class row "208 社会保障和就业支出" (code in the name) vs T3
    assert len(msgs) == 2 and all("208" in m for m in msgs)


def test_code_amounts_rounding_gap():
    d = doc(*budget_pair(t3_208="1,000.01"))
    fs = findings(d, "inter.code_amounts")
    assert fs and all(f.severity.value == "rounding" for f in fs)


def test_code_names_differ():
    d = doc(*budget_pair(t2_name_208="社会保障与就业支出"))
    fs = findings(d, "inter.code_names")
    assert len(fs) == 1 and fs[0].severity.value == "warning"
    assert (
        "208" in fs[0].message
        and "社会保障与就业支出" in fs[0].message
        and "社会保障和就业支出" in fs[0].message
    )


def test_code_names_truncated_wrap_is_not_a_finding():
    d = doc(*budget_pair(t2_name_208="社会保障和就业"))
    assert findings(d, "inter.code_names") == []


def test_units_are_converted_before_comparing():
    t1, t2, t3 = budget_pair()
    t2 = t2.model_copy(deep=True)
    t2.unit = "元"
    for r in t2.rows:
        for c in r.cells:
            if c.value is not None:
                c.value = c.value * 10000
    assert findings(doc(t1, t2, t3), "inter.totals", "inter.code_amounts") == []
    t2.rows[0].cells[0].value = Decimal("11500000")  # 1,150.00 万元
    fs = findings(doc(t1, t2, t3), "inter.totals")
    assert any(f.severity.value == "error" and "万元" in f.message for f in fs)


def final_tables(t5_basic="2,336.91", pers="2,152.26"):
    t1 = two_sided(
        StdTable.F_OVERVIEW,
        "收入支出决算总表",
        ["决算数"],
        [("一、一般公共预算财政拨款收入", "2,940.05"), ("本年收入合计", "2,940.05"), ("总计", "2,940.05")],
        ["决算数"],
        [
            ("", "一、一般公共服务支出", "2,106.66"),
            ("", "八、社会保障和就业支出", "833.39"),
            ("", "本年支出合计", "2,940.05"),
            ("", "总计", "2,940.05"),
        ],
    )
    t2 = table(
        StdTable.F_INCOME,
        "收入决算表",
        ["本年收入合计", "财政拨款收入"],
        [("", "合计", "2,940.05", "2,940.05")],
    )
    t3 = table(
        StdTable.F_EXPENSE,
        "支出决算表",
        ["本年支出合计", "基本支出", "项目支出"],
        [
            ("", "合计", "2,940.05", "2,336.91", "603.14"),
            ("201", "一般公共服务支出", "2,106.66", "1,503.52", "603.14"),
            ("208", "社会保障和就业支出", "833.39", "833.39", ""),
        ],
    )
    t5 = table(
        StdTable.F_GPB,
        "一般公共预算财政拨款支出决算表",
        ["合计", "基本支出", "项目支出"],
        [("", "合计", "2,940.05", t5_basic, "603.14")],
    )
    t6 = table(
        StdTable.F_GPB_BASIC,
        "一般公共预算财政拨款基本支出决算表",
        ["决算数"],
        [
            ("301", "工资福利支出", pers),
            ("302", "商品和服务支出", "184.65"),
            ("", "人员经费合计", pers),
            ("", "公用经费合计", "184.65"),
        ],
    )
    return t1, t2, t3, t5, t6


def test_final_links_consistent():
    d = doc(*final_tables(), kind=DocKind.FINAL)
    assert findings(d, "inter.totals", "inter.code_amounts") == []


def test_final_basic_vs_personnel_plus_public():
    d = doc(*final_tables(pers="2,100.00"), kind=DocKind.FINAL)
    fs = findings(d, "inter.totals")
    assert len(fs) == 1 and fs[0].severity.value == "error"
    assert "人员经费合计 + 公用经费合计" in fs[0].formula
    assert fs[0].stated == Decimal("2284.65") and fs[0].computed == Decimal("2336.91")


def test_final_class_row_by_ordinal_name():
    t1, t2, t3, t5, t6 = final_tables()
    t3 = t3.model_copy(deep=True)
    t3.rows[2].cells[0].value = Decimal("833.40")
    fs = findings(doc(t1, t2, t3, t5, t6, kind=DocKind.FINAL), "inter.code_amounts")
    assert len(fs) == 1 and fs[0].severity.value == "rounding" and "208" in fs[0].message


def test_missing_code_in_other_table_is_warning():
    t1, t2, t3 = budget_pair()
    t2 = t2.model_copy(deep=True)
    t2.rows = t2.rows[:2]
    fs = findings(doc(t1, t2, t3), "inter.code_amounts")
    assert [f.severity.value for f in fs] == ["warning"]
    assert "220" in fs[0].message and "没有该科目行" in fs[0].message


def test_seed_budget_inter_table_clean():
    d = parsed("seeds/000_407e03e18ae36581.txt")
    fs = findings(d, "inter.totals", "inter.code_amounts", "inter.code_names")
    assert by_severity(fs, "error") == [] and by_severity(fs, "warning") == []


def test_seed_budget_inter_table_mutation_is_caught():
    d = parsed("seeds/000_407e03e18ae36581.txt").model_copy(deep=True)
    t6 = d.table(StdTable.B_GPB_BASIC)
    tot = next(r for r in t6.rows if r.kind == "total")
    col = t6.find_column("合计")
    tot.cell(col.index).value = Decimal("12000.00")
    fs = findings(d, "inter.totals")
    assert any("基本支出" in f.formula and f.severity.value == "error" for f in fs)


# --- acceptance on the real final accounts ----------------------------------------------------

MY_RULES = (
    "comp.std_tables",
    "comp.empty_note",
    "comp.toc",
    "comp.sections",
    "comp.year",
    "comp.unit_name",
    "comp.template_leftovers",
    "comp.blank_pages",
    "arith.hierarchy",
    "arith.total_classes",
    "arith.column_identity",
    "arith.two_sided",
    "arith.balance",
    "arith.three_public_rows",
    "arith.fund_balance",
    "arith.basic_personnel",
    "inter.totals",
    "inter.code_amounts",
    "inter.code_names",
    "perf.target_funds",
    "perf.project_amount",
    "perf.weights",
    "perf.duplicate_indicator",
    "perf.exec_rate",
    "perf.fund_score",
    "perf.completion",
    "perf.score_cap",
    "perf.total_score",
    "perf.count",
)

#: errors confirmed by hand (see .team/rules_a_findings.md); every other error would be false
CONFIRMED_ERROR_RULES = {
    "final/final_template_2024.pdf": {"comp.template_leftovers"},  # the template's XX placeholders
    "final/nfb_xinfang_2024_final.pdf": set(),
    "final/putuo_czj_2024_final.pdf": set(),
    # p25 "下降（增长）27.78%", p28 "…规划和自然资源局部门（单位）共有车辆" (checked against the pages)
    "final/putuo_ghzy_2024_final.pdf": {"comp.template_leftovers"},
    "final/putuo_shgzb_2024_final.pdf": {"comp.template_leftovers"},  # "仍保留该表格式" p15-16
}


def test_final_corpus_has_no_false_error():
    for rel, allowed in CONFIRMED_ERROR_RULES.items():
        d = parsed(rel)
        errs = by_severity(findings(d, *MY_RULES), "error")
        assert {f.rule for f in errs} <= allowed, (rel, [f.message for f in errs if f.rule not in allowed])
        assert not [f for f in findings(d, *MY_RULES) if f.rule == "engine.rule_failed"]


def test_ghzy_rounding_between_t1_and_t3_confirmed_by_hand():
    """普陀区规划和自然资源局 2024: 收入支出决算总表 210 卫生健康支出 236.63, 支出决算表 236.64 (p5 / p7)."""
    d = parsed("final/putuo_ghzy_2024_final.pdf")
    fs = [
        f
        for f in findings(d, "inter.code_amounts")
        if "210" in f.message and "《收入支出决算总表》" in f.message
    ]
    assert len(fs) == 1 and fs[0].severity.value == "rounding"
    assert (fs[0].stated, fs[0].computed) == (Decimal("236.63"), Decimal("236.64"))


def test_czj_blank_page_confirmed_by_hand():
    """普陀区财政局 2024: p14 holds only an empty spill-over row of 财政拨款收入支出决算总表 (rendered)."""
    d = parsed("final/putuo_czj_2024_final.pdf")
    fs = findings(d, "comp.blank_pages")
    assert [f.locations[0].page for f in fs] == [14]
