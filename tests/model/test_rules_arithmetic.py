"""Family 2 rules: intra-table arithmetic, on hand-built tables and on the seed budget."""

from __future__ import annotations

from decimal import Decimal

from conftest import parsed
from rulefixtures import by_severity, doc, findings, table, two_sided

from gouji.model.document import DocKind, StdTable

T3_COLS = ["支出预算/合计", "支出预算/基本支出", "支出预算/项目支出"]


def t3(rows):
    return table(StdTable.B_EXPENSE, "单位支出总体情况表", T3_COLS, rows)


GOOD_T3 = [
    ("", "总计", "1,917.52", "1,801.39", "116.13"),
    ("208", "社会保障和就业支出", "1,801.39", "1,801.39", ""),
    ("20805", "行政事业单位养老支出", "1,801.39", "1,801.39", ""),
    ("2080501", "行政单位离退休", "616.13", "616.13", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "1,185.26", "1,185.26", ""),
    ("220", "自然资源海洋气象等支出", "116.13", "", "116.13"),
    ("22001", "自然资源事务", "116.13", "", "116.13"),
    ("2200199", "其他自然资源事务支出", "116.13", "", "116.13"),
]


def test_hierarchy_clean_table_has_no_finding():
    assert findings(doc(t3(GOOD_T3)), "arith.hierarchy", "arith.total_classes", "arith.column_identity") == []


def test_hierarchy_error_names_row_and_column():
    rows = [list(r) for r in GOOD_T3]
    rows[2] = ["20805", "行政事业单位养老支出", "1,811.39", "1,811.39", ""]  # 款 10.00 too high
    rows[1] = ["208", "社会保障和就业支出", "1,811.39", "1,811.39", ""]
    rows[0] = ["", "总计", "1,927.52", "1,811.39", "116.13"]
    fs = findings(doc(t3(rows)), "arith.hierarchy")
    errs = by_severity(fs, "error")
    assert len(errs) == 2  # 合计 and 基本支出 columns of 款 20805
    f = errs[0]
    assert "20805" in f.message and "行政事业单位养老支出" in f.message and "支出预算/合计" in f.message
    assert f.stated == Decimal("1811.39") and f.computed == Decimal("1801.39")
    assert "款 20805 = Σ 项 2080501 + 2080505" in f.formula
    assert f.locations[0].row_code == "20805"


def test_hierarchy_rounding_gap_is_rounding_not_error():
    rows = [list(r) for r in GOOD_T3]
    rows[2] = ["20805", "行政事业单位养老支出", "1,801.40", "1,801.40", ""]
    fs = findings(doc(t3(rows)), "arith.hierarchy")
    assert fs and all(f.severity.value == "rounding" for f in fs)
    assert {abs(f.difference) for f in fs} == {Decimal("0.01")}


def test_hierarchy_stable_ids_across_runs():
    rows = [list(r) for r in GOOD_T3]
    rows[3] = ["2080501", "行政单位离退休", "600.00", "600.00", ""]
    a = findings(doc(t3(rows)), "arith.hierarchy")
    b = findings(doc(t3(rows)), "arith.hierarchy")
    assert [f.id for f in a] == [f.id for f in b] and a


def test_hierarchy_project_table_repeats_codes_per_unit():
    cols = ["项目名称", "项目支出合计", "商品服务支出", "资本性支出"]
    rows = [
        ("", "总计", "", "320.00", "316.64", "3.36"),
        ("", "乌鲁木齐县大队", "", "160.00", "159.30", "0.70"),
        ("220", "自然资源海洋气象等支出", "", "160.00", "159.30", "0.70"),
        ("22001", "自然资源事务", "", "160.00", "159.30", "0.70"),
        ("2200199", "其他自然资源事务支出", "执法办案补充经费", "160.00", "159.30", "0.70"),
        ("", "米东区大队", "", "160.00", "157.34", "2.66"),
        ("220", "自然资源海洋气象等支出", "", "160.00", "157.34", "2.66"),
        ("22001", "自然资源事务", "", "160.00", "157.34", "2.66"),
        ("2200199", "其他自然资源事务支出", "执法办案补充经费", "150.00", "147.34", "2.66"),
    ]
    t = table(StdTable.B_GPB_PROJECT, "一般公共预算项目支出情况表", cols, rows, text_columns=["项目名称"])
    fs = findings(doc(t), "arith.hierarchy", "arith.total_classes", "arith.column_identity")
    errs = by_severity(fs, "error")
    # only the second unit's 款 is wrong (in two columns); the first unit is untouched
    assert {f.rule for f in errs} == {"arith.hierarchy"}
    assert all("米东区大队" in f.message for f in errs)
    assert len({f.id for f in errs}) == len(errs) == 2


def test_total_row_equals_sum_of_classes():
    rows = [list(r) for r in GOOD_T3]
    rows[0] = ["", "总计", "1,927.52", "1,801.39", "126.13"]
    fs = findings(doc(t3(rows)), "arith.total_classes")
    assert len(by_severity(fs, "error")) == 2
    assert "总计" in fs[0].message and "208 + 220" in fs[0].formula


def test_column_identity_basic_plus_project():
    rows = [list(r) for r in GOOD_T3]
    rows[7] = ["2200199", "其他自然资源事务支出", "116.13", "10.00", "116.13"]
    fs = findings(doc(t3(rows)), "arith.column_identity")
    errs = by_severity(fs, "error")
    assert len(errs) == 1
    assert errs[0].formula == "支出预算/合计 = 支出预算/基本支出 + 支出预算/项目支出"
    assert errs[0].stated == Decimal("116.13") and errs[0].computed == Decimal("126.13")


def test_column_identity_nested_groups():
    cols = [
        "总计",
        "财政拨款（补助）/财政拨款（补助）小计",
        "财政拨款（补助）/一般公共预算",
        "财政拨款（补助）/政府性基金预算",
        "单位资金",
    ]
    ok = [("", "总计", "110.00", "100.00", "90.00", "10.00", "10.00")]
    assert findings(doc(table(StdTable.B_INCOME, "收入总体情况表", cols, ok)), "arith.column_identity") == []
    bad = [("", "总计", "110.00", "100.00", "80.00", "10.00", "10.00")]
    fs = findings(doc(table(StdTable.B_INCOME, "收入总体情况表", cols, bad)), "arith.column_identity")
    assert len(fs) == 1 and "小计" in fs[0].formula


def test_column_identity_three_public_final_pivot():
    # 决算 三公 table printing 预算数 / 决算数 under each item
    cols = [
        "合计/预算数",
        "合计/决算数",
        "因公出国（境）费/预算数",
        "因公出国（境）费/决算数",
        "公务用车购置及运行费/小计/预算数",
        "公务用车购置及运行费/小计/决算数",
        "公务用车购置及运行费/公务用车购置费/预算数",
        "公务用车购置及运行费/公务用车购置费/决算数",
        "公务用车购置及运行费/公务用车运行费/预算数",
        "公务用车购置及运行费/公务用车运行费/决算数",
        "公务接待费/预算数",
        "公务接待费/决算数",
    ]
    row = (
        "",
        "",
        "76.43",
        "46.21",
        "30.00",
        "4.69",
        "40.63",
        "40.61",
        "",
        "",
        "40.63",
        "40.61",
        "5.80",
        "0.90",
    )
    fs = findings(
        doc(table(StdTable.F_THREE_PUBLIC, "财政拨款“三公”经费支出决算表", cols, [row])),
        "arith.column_identity",
    )
    # 决算 合计 46.21 vs 4.69 + 40.61 + 0.90 = 46.20: a rounding gap, reported as such
    assert len(fs) == 1 and fs[0].severity.value == "rounding"
    assert fs[0].formula.startswith("合计/决算数 =") or "决算数" in fs[0].formula


def test_column_identity_structure_warning_when_most_rows_fail():
    cols = ["合计", "年初预算数", "基本支出", "项目支出"]
    rows = [
        ("201", "一般公共服务支出", "100.00", "90.00", "60.00", "40.00"),
        ("20101", "人大事务", "100.00", "90.00", "60.00", "40.00"),
        ("2010101", "行政运行", "100.00", "90.00", "60.00", "40.00"),
    ]
    fs = findings(doc(table(StdTable.B_GPB, "一般公共预算支出表", cols, rows)), "arith.column_identity")
    assert [f.severity.value for f in fs] == ["warning"]
    assert "表头" in fs[0].message


def test_two_sided_final_overview_identities():
    income = [
        ("一、一般公共预算财政拨款收入", "2,940.05"),
        ("二、政府性基金预算财政拨款收入", ""),
        ("八、其他收入", "6.20"),
        ("本年收入合计", "2,946.25"),
        ("使用非财政拨款结余（含专用结余）", ""),
        ("年初结转和结余", "49.14"),
        ("总计", "2,995.39"),
    ]
    expense = [
        ("", "一、一般公共服务支出", "2,106.66"),
        ("", "八、社会保障和就业支出", "326.71"),
        ("", "九、卫生健康支出", "60.99"),
        ("", "十九、住房保障支出", "445.69"),
        ("", "本年支出合计", "2,940.05"),
        ("", "结余分配", ""),
        ("", "年末结转和结余", "55.34"),
        ("", "总计", "2,995.39"),
    ]

    def run():
        t = two_sided(StdTable.F_OVERVIEW, "收入支出决算总表", ["决算数"], income, ["决算数"], expense)
        return findings(doc(t, kind=DocKind.FINAL), "arith.two_sided", "arith.balance")

    assert run() == []
    # break 年初结转和结余 and the balance
    income[5] = ("年初结转和结余", "59.14")
    fs = run()
    rules = sorted(f.rule for f in by_severity(fs, "error"))
    assert rules == ["arith.two_sided"]
    ts = fs[0]
    assert "本年收入合计" in ts.formula and "年初结转和结余" in ts.formula
    assert ts.stated == Decimal("2995.39") and ts.computed == Decimal("3005.39")
    # a 总计 that also moved breaks the balance
    income[6] = ("总计", "3,005.39")
    fs = run()
    assert [f.rule for f in fs] == ["arith.balance"]
    assert fs[0].stated == Decimal("3005.39") and fs[0].computed == Decimal("2995.39")


def test_two_sided_budget_overview_with_sub_items():
    income = [
        ("一、本年收入", "17,789.61"),
        ("1、一般公共预算拨款", "17,439.61"),
        ("其中：一般财力", "17,439.61"),
        ("上级一般公共预算安排转移支付", ""),
        ("5. 单位资金", "350.00"),
        ("其中：事业收入", ""),
        ("其他收入", "350.00"),
        ("二、上年结转结余", "9.00"),
        ("1、财政拨款结转", ""),
        ("2、非财政拨款结转结余", "9.00"),
        ("收入总计", "17,798.61"),
    ]
    expense = [
        ("208", "社会保障和就业支出", "1,801.39"),
        ("220", "自然资源海洋气象等支出", "15,997.22"),
        ("", "支出总计", "17,798.61"),
    ]

    def budget_doc():
        return doc(two_sided(StdTable.B_OVERVIEW, "收支总体情况表", ["预算数"], income, ["预算数"], expense))

    assert findings(budget_doc(), "arith.two_sided", "arith.balance") == []
    income[1] = ("1、一般公共预算拨款", "17,400.00")
    fs = findings(budget_doc(), "arith.two_sided")
    assert len(fs) == 1 and fs[0].severity.value == "error" and "本年收入" in fs[0].message


def test_two_sided_fiscal_unnumbered_parts():
    income = [
        ("一、财政拨款（补助）", "100.00"),
        ("一般公共预算", "90.00"),
        ("政府性基金预算", "10.00"),
        ("收入总计", "100.00"),
    ]
    expense = [
        ("208", "社会保障和就业支出", "100.00", "90.00", "10.00"),
        ("", "支出总计", "100.00", "90.00", "10.00"),
    ]

    def fiscal_doc():
        cols = ["合计", "一般公共预算", "政府性基金预算"]
        return doc(two_sided(StdTable.B_FISCAL, "财政拨款收支总体情况表", ["合计"], income, cols, expense))

    assert findings(fiscal_doc(), "arith.two_sided", "arith.balance", "arith.column_identity") == []
    income[2] = ("政府性基金预算", "20.00")
    fs = findings(fiscal_doc(), "arith.two_sided")
    assert [f.severity.value for f in fs] == ["error"]


def test_three_public_rows():
    cols = ["合计", "资金来源/一般公共预算"]
    rows = [
        ("", "合计", "18.00", "18.00"),
        ("", "因公出国（境）费", "", ""),
        ("", "公务接待费", "", ""),
        ("", "公务用车购置及运行费（小计）", "18.00", "18.00"),
        ("", "其中：公务用车购置费", "", ""),
        ("", "公务用车运行费", "18.00", "18.00"),
    ]
    t = table(StdTable.B_THREE_PUBLIC, "财政拨款“三公”经费支出情况表", cols, rows)
    assert findings(doc(t), "arith.three_public_rows") == []
    rows[5] = ("", "公务用车运行费", "15.00", "15.00")
    t = table(StdTable.B_THREE_PUBLIC, "财政拨款“三公”经费支出情况表", cols, rows)
    fs = findings(doc(t), "arith.three_public_rows")
    assert len(by_severity(fs, "error")) == 2
    assert all("购置费 + 运行费" in f.formula for f in fs)


def test_basic_personnel_rows():
    cols = ["决算数"]
    rows = [
        ("301", "工资福利支出", "2,082.85"),
        ("303", "对个人和家庭的补助", "69.41"),
        ("302", "商品和服务支出", "171.07"),
        ("310", "资本性支出", "13.58"),
        ("", "人员经费合计", "2,152.26"),
        ("", "公用经费合计", "184.65"),
    ]
    t = table(StdTable.F_GPB_BASIC, "一般公共预算财政拨款基本支出决算表", cols, rows)
    assert findings(doc(t, kind=DocKind.FINAL), "arith.basic_personnel") == []
    rows[5] = ("", "公用经费合计", "194.65")
    t = table(StdTable.F_GPB_BASIC, "一般公共预算财政拨款基本支出决算表", cols, rows)
    fs = findings(doc(t, kind=DocKind.FINAL), "arith.basic_personnel")
    assert len(fs) == 1 and fs[0].severity.value == "error" and "302 + 310" in fs[0].formula


def test_unparseable_tables_do_not_raise():
    t = table(
        StdTable.B_EXPENSE,
        "支出总体情况表",
        ["合计"],
        [("", "合计", "abc"), ("201", "", ""), ("20101", "x", "1")],
    )
    fs = findings(
        doc(t), "arith.hierarchy", "arith.total_classes", "arith.column_identity", "arith.two_sided"
    )
    assert not [f for f in fs if f.rule == "engine.rule_failed"]


# --- the seed budget: real document ----------------------------------------


def test_seed_budget_arithmetic_has_no_errors_and_reports_rounding():
    d = parsed("seeds/000_407e03e18ae36581.txt")
    fs = findings(
        d,
        "arith.hierarchy",
        "arith.total_classes",
        "arith.column_identity",
        "arith.two_sided",
        "arith.balance",
    )
    assert by_severity(fs, "error") == []
    # confirmed by hand: T2/T3/T5 总计 17,798.61 vs classes 1,801.39 + 1,002.65 + 14,083.33 + 911.25 = 17,798.62
    rnd = [
        f
        for f in fs
        if f.rule == "arith.total_classes"
        and "单位支出总体情况表" in f.message
        and "支出预算/合计" in f.message
    ]
    assert len(rnd) == 1 and rnd[0].severity.value == "rounding"
    assert rnd[0].stated == Decimal("17798.61") and rnd[0].computed == Decimal("17798.62")
    # T6 301 工资福利支出 11,123.32 vs Σ 款 = 11,123.33 (confirmed by hand)
    h = [f for f in fs if f.rule == "arith.hierarchy" and "301" in f.message]
    assert h and all(f.severity.value == "rounding" for f in h)


def test_seed_budget_mutation_is_caught():
    d = parsed("seeds/000_407e03e18ae36581.txt").model_copy(deep=True)
    t = d.table(StdTable.B_GPB)
    row = t.row_by_code("2200101")
    col = t.find_column("基本支出")
    row.cell(col.index).value = Decimal("8000.00")
    fs = findings(d, "arith.hierarchy", "arith.column_identity")
    errs = by_severity(fs, "error")
    assert any(f.rule == "arith.hierarchy" and "22001" in f.message for f in errs)
    assert any(f.rule == "arith.column_identity" and "2200101" in f.message for f in errs)


def fiscal_final(begin="21.63", end="21.63"):
    income = [
        ("一、一般公共预算财政拨款", "2,940.05"),
        ("二、政府性基金预算财政拨款", ""),
        ("本年收入合计", "2,940.05"),
        ("年初财政拨款结转和结余", begin),
        ("一、一般公共预算财政拨款", begin),
        ("二、政府性基金预算财政拨款", ""),
        ("总计", "2,961.68"),
    ]
    expense = [
        ("", "一、一般公共服务支出", "2,940.05", "2,940.05", ""),
        ("", "本年支出合计", "2,940.05", "2,940.05", ""),
        ("", "年末财政拨款结转和结余", end, end, ""),
        ("", "总计", "2,961.68", "2,961.68", ""),
    ]
    return two_sided(
        StdTable.F_FISCAL,
        "财政拨款收入支出决算总表",
        ["决算数"],
        income,
        ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款"],
        expense,
    )


def test_fund_balance_fiscal_overview():
    assert findings(doc(fiscal_final(), kind=DocKind.FINAL), "arith.fund_balance") == []
    fs = findings(doc(fiscal_final(end="31.63"), kind=DocKind.FINAL), "arith.fund_balance")
    assert len(fs) == 1 and fs[0].severity.value == "error" and "一般公共预算" in fs[0].message
    assert fs[0].stated == Decimal("2961.68") and fs[0].computed == Decimal("2971.68")


def test_fund_balance_gov_fund_rows():
    cols = [
        "年初结转和结余",
        "本年收入",
        "本年支出/小计",
        "本年支出/基本支出",
        "本年支出/项目支出",
        "年末结转和结余",
    ]
    ok = [
        (
            "229",
            "其他支出",
            "544,118.54",
            "1,032,253.00",
            "1,127,761.41",
            "95,508.41",
            "1,032,253.00",
            "448,610.13",
        )
    ]
    t = table(StdTable.F_GOV_FUND, "政府性基金预算财政拨款收入支出决算表", cols, ok, unit="元")
    assert findings(doc(t, kind=DocKind.FINAL), "arith.fund_balance") == []
    bad = [
        (
            "229",
            "其他支出",
            "544,118.54",
            "1,032,253.00",
            "1,127,761.41",
            "95,508.41",
            "1,032,253.00",
            "448,000.00",
        )
    ]
    t = table(StdTable.F_GOV_FUND, "政府性基金预算财政拨款收入支出决算表", cols, bad, unit="元")
    fs = findings(doc(t, kind=DocKind.FINAL), "arith.fund_balance")
    assert len(fs) == 1 and fs[0].severity.value == "error" and "229" in fs[0].message


def test_whole_yuan_tables_use_one_yuan_rounding():
    cols = ["合计", "基本支出", "项目支出"]
    rows = [
        ("212", "城乡社区支出", "154,369,326", "77,381,546", "76,987,780"),
        ("21201", "城乡社区管理事务", "94,995,790", "77,381,546", "17,614,243"),
    ]
    t = table(StdTable.B_EXPENSE, "支出预算总表", cols, rows, unit="元")
    fs = findings(doc(t), "arith.column_identity")
    # 77,381,546 + 17,614,243 = 94,995,789: a 1 元 gap in a table printed in whole 元 is rounding
    assert [f.severity.value for f in fs] == ["rounding"]


# ---------------------------------------------------------------------------
# arith.two_sided: nested numbering (一、 > 1、 > （1） > 其中) and panels printed side by side
# ---------------------------------------------------------------------------


def panels_table(income, expense, *, serial: bool = False):
    """A 收支总表 with one income list and two expense lists side by side.

    ``income``: (name, amount); ``expense``: (功能 name, amount, 经济 name, amount).  ``serial``
    prints a 序号 column (read as an amount column) before the income names.
    """
    from rulefixtures import cell, kind_of

    from gouji.model.document import Cell, Column, Row, Table

    cols = []
    if serial:
        cols.append(Column(index=0, label="序号", leaf="序号", role="amount", side="收入"))
    base = len(cols)
    specs = [
        ("收入/项目", "name", "收入"),
        ("收入/预算数", "amount", "收入"),
        ("支出/支出功能分类科目", "name", "支出"),
        ("支出/预算数", "amount", "支出"),
        ("支出/部门预算支出经济分类科目", "text", "支出"),
        ("支出/预算数", "amount", "支出"),
    ]
    for i, (lab, role, side) in enumerate(specs):
        cols.append(Column(index=base + i, label=lab, leaf=lab.split("/")[-1], role=role, side=side))
    rows = []
    for n, (name, v) in enumerate(income):
        cells = [cell(base + 1, v)] + ([cell(0, str(n + 1))] if serial else [])
        rows.append(Row(index=len(rows), name=name, kind=kind_of(name, None), side="收入", cells=cells))
    for name, v, name2, v2 in expense:
        cells = [cell(base + 3, v), Cell(col=base + 4, text=name2), cell(base + 5, v2)]
        rows.append(Row(index=len(rows), name=name, kind=kind_of(name, None), side="支出", cells=cells))
    return Table(
        id="T01",
        std=StdTable.B_OVERVIEW,
        title="部门综合预算收支总表",
        unit="元",
        two_sided=True,
        columns=cols,
        rows=rows,
    )


NESTED_INCOME = [
    ("一、部门预算", "100.00"),
    ("1、财政拨款", "90.00"),
    ("(1)一般公共预算拨款", "80.00"),
    ("其中：专项资金列入部门预算的项目", "30.00"),
    ("(2)政府性基金拨款", "10.00"),
    ("(3)国有资本经营预算收入", ""),
    ("2、上级补助收入", ""),
    ("3、事业收入", "10.00"),
    ("其中：纳入财政专户管理的收费", "10.00"),
    ("本年收入合计", "100.00"),
    ("使用非财政拨款结余", ""),
    ("上年结转", "20.00"),
    ("其中：财政拨款资金结转", "15.00"),
    ("非财政拨款资金结余", "5.00"),
    ("收入总计", "120.00"),
]
PANEL_EXPENSE = [
    ("一、部门预算", "100.00", "一、部门预算", "100.00"),
    ("1、一般公共服务支出", "70.00", "1、人员经费和公用经费支出", "60.00"),
    ("2、教育支出", "30.00", "(1)工资福利支出", "50.00"),
    ("3、住房保障支出", "", "(2)商品和服务支出", "10.00"),
    ("4、其他支出", "", "2、专项业务经费支出", "40.00"),
    ("5、节能环保支出", "", "(1)商品和服务支出", "40.00"),
    ("本年支出合计", "100.00", "本年支出合计", "100.00"),
    ("结转下年", "20.00", "结转下年", "20.00"),
    ("未安排支出的实户资金", "", "未安排支出的实户资金", ""),
    ("支出总计", "120.00", "支出总计", "120.00"),
]


def test_two_sided_nested_levels_and_panels_reconcile():
    # 1、 and (1) are not siblings, 其中 lines are parts; each panel is summed with its own names
    t = panels_table(NESTED_INCOME, PANEL_EXPENSE)
    assert findings(doc(t), "arith.two_sided", "arith.balance") == []


def test_two_sided_nested_level_error_is_reported_on_its_parent():
    income = [list(r) for r in NESTED_INCOME]
    income[4][1] = "12.00"  # (2) 政府性基金拨款: 80 + 12 ≠ 1、财政拨款 90
    fs = findings(doc(panels_table(income, PANEL_EXPENSE)), "arith.two_sided")
    assert [(f.severity.value, f.stated, f.computed) for f in fs] == [
        ("error", Decimal("90.00"), Decimal("92.00"))
    ]
    assert "1、财政拨款" in fs[0].message


def test_two_sided_second_panel_error_uses_the_panels_names():
    expense = [list(r) for r in PANEL_EXPENSE]
    expense[2][3] = "55.00"  # (1)工资福利支出 of 人员经费和公用经费支出: 55 + 10 ≠ 60
    fs = findings(doc(panels_table(NESTED_INCOME, expense)), "arith.two_sided")
    assert len(fs) == 1 and fs[0].severity.value == "error"
    assert "人员经费和公用经费支出" in fs[0].message and fs[0].computed == Decimal("65.00")


def test_two_sided_serial_number_column_is_no_amount_list():
    # a 序号 column printed before the item names belongs to no list: no check, no balance on it
    t = panels_table(NESTED_INCOME, PANEL_EXPENSE, serial=True)
    assert findings(doc(t), "arith.two_sided", "arith.balance") == []


def test_two_sided_uncertain_numbering_is_not_checked():
    # numbering that restarts (1、 2、 1、): two lists mixed, the parent's sum is not certain
    income = [list(r) for r in NESTED_INCOME]
    income[7][0] = "1、事业收入"
    income[0][1] = "999.00"
    fs = findings(doc(panels_table(income, PANEL_EXPENSE)), "arith.two_sided")
    assert [f.message.split("」")[0] for f in fs] == ["《部门综合预算收支总表》收入方「本年收入合计"]
    # an unnumbered item before the first numbered one: the year total is not checked
    income = [("财政拨款", "5.00")] + [list(r) for r in NESTED_INCOME]
    assert findings(doc(panels_table(income, PANEL_EXPENSE)), "arith.two_sided") == []


def test_two_sided_numbering_may_skip_unprinted_lines():
    # 1、 … 3、 (2、 not printed): still one list
    income = [r for r in NESTED_INCOME if not r[0].startswith("2、")]
    assert findings(doc(panels_table(income, PANEL_EXPENSE)), "arith.two_sided") == []
    income[0] = ("一、部门预算", "99.00")
    fs = findings(doc(panels_table(income, PANEL_EXPENSE)), "arith.two_sided")
    assert {f.message.split("」")[0].split("「")[-1] for f in fs} == {"一、部门预算", "本年收入合计"}


def test_two_sided_numbered_carry_over_after_year_total_is_added():
    income = [
        ("一、一般公共预算拨款收入", "100.00"),
        ("本年收入合计", "100.00"),
        ("七、上年结转", "20.00"),
        ("收入总计", "120.00"),
    ]
    expense = [
        ("", "一、一般公共服务支出", "100.00"),
        ("", "本年支出合计", "100.00"),
        ("", "二十七、结转下年", "20.00"),
        ("", "支出总计", "120.00"),
    ]
    t = two_sided(StdTable.B_OVERVIEW, "收支总体情况表", ["预算"], income, ["预算"], expense)
    assert findings(doc(t), "arith.two_sided") == []
    income[3] = ("收入总计", "130.00")
    fs = findings(
        doc(two_sided(StdTable.B_OVERVIEW, "收支总体情况表", ["预算"], income, ["预算"], expense)),
        "arith.two_sided",
    )
    assert [(f.stated, f.computed) for f in fs] == [(Decimal("130.00"), Decimal("120.00"))]


def test_outline_number_styles():
    from gouji.model.rules.selectors import outline_number

    assert outline_number("二十七、结转下年") == ("一、", 27)
    assert outline_number("（三）国有资本经营预算资金") == ("（一）", 3)
    assert outline_number("4.财政专户核拨") == ("1、", 4)
    assert outline_number("(10)其他支出") == ("（1）", 10)
    assert outline_number("②运行费") == ("①", 2)
    for plain in ("其中：事业收入", "本年收入合计", "2026年预算数", "十十、x"):
        assert outline_number(plain) is None


# --- issue 9: memo and overlapping columns beside the parts (appended by the table-boundaries helper)

_EXPENSE_COLS = ["支出总计", "基本支出", "项目支出", "事业单位经营支出", "上缴上级支出"]


def test_column_identity_procurement_group_is_a_memo():
    """Shenzhen 支出总表: "2026年政府采购项目/小计 | 其中…" beside the parts is not one of them."""
    cols = _EXPENSE_COLS + ["2026年政府采购项目/小计", "2026年政府采购项目/其中：预留给中小企业"]
    rows = [("201", "一般公共服务支出", "8403.37", "3108.10", "5295.27", "0.00", "0.00", "1476.16", "3.14")]
    t = table(StdTable.B_EXPENSE, "支出总表", cols, rows)
    assert findings(doc(t), "arith.column_identity") == []


def test_column_identity_overlapping_breakdown_shown_by_the_table():
    """支出总计 = 基本 + 项目 on every row while 事业单位经营支出 (printed on several rows) overlaps them."""
    rows = [
        ("", "某局", "11114.61", "1711.90", "9402.71", "9475.59", "0.00"),
        ("2210201", "住房公积金", "125.32", "125.32", "0.00", "125.32", "0.00"),
        ("2050803", "培训支出", "132.06", "0.00", "132.06", "0.00", "0.00"),
    ]
    t = table(StdTable.B_EXPENSE, "支出总表", _EXPENSE_COLS, rows)
    assert findings(doc(t), "arith.column_identity") == []
    # one row whose total left out an additive column is still an error
    rows = [
        ("", "某局", "100.00", "60.00", "40.00", "10.00", "0.00"),
        ("2210201", "住房公积金", "125.32", "125.32", "0.00", "0.00", "0.00"),
        ("2050803", "培训支出", "132.06", "0.00", "132.06", "0.00", "0.00"),
    ]
    t = table(StdTable.B_EXPENSE, "支出总表", _EXPENSE_COLS, rows)
    errs = by_severity(findings(doc(t), "arith.column_identity"), "error")
    assert [(e.stated, e.computed) for e in errs] == [(Decimal("100.00"), Decimal("110.00"))]
