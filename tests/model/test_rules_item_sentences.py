"""Issue 10 classes 1 and 2: per-item explanation lines (narr.item_line) and the same quantity stated
twice (narr.restated), on hand-built documents."""

from __future__ import annotations

from decimal import Decimal as D

from rulefixtures import table, text_doc

from gouji.model.document import DocKind, StdTable
from gouji.model.findings import Severity
from gouji.model.rules.registry import run_rules

GPB = "一般公共预算支出情况说明"


def gpb(rows=None, std=StdTable.B_GPB, columns=("合计", "基本支出", "项目支出")):
    rows = rows or [
        ("", "合计", "1,500.00", "1,300.00", "200.00"),
        ("201", "一般公共服务支出", "1,000.00", "800.00", "200.00"),
        ("20103", "政府办公厅（室）及相关机构事务", "1,000.00", "800.00", "200.00"),
        ("2010301", "行政运行", "800.00", "800.00", ""),
        ("2010302", "一般行政管理事务", "200.00", "", "200.00"),
        ("221", "住房保障支出", "500.00", "500.00", ""),
        ("22102", "住房改革支出", "500.00", "500.00", ""),
        ("2210201", "住房公积金", "500.00", "500.00", ""),
    ]
    return table(std, "一般公共预算支出情况表", list(columns), rows)


def run(sentences, *, tables=None, kind=DocKind.BUDGET, year=2026, title=GPB, rules=("narr.item_line",)):
    d = text_doc([(title, sentences)], tables=[gpb()] if tables is None else tables, kind=kind, year=year)
    return run_rules(d, only=list(rules))


def sev(fs):
    return sorted(f.severity.value for f in fs)


# ------------------------------------------------------------------ narr.item_line: B against the table


def test_item_by_code_matches_the_table():
    assert run(["（1）行政运行（2010301）：2026年预算数为800.00万元，比上年增加20.00万元，增长2.56%。"]) == []


def test_item_by_code_differs_from_the_table():
    (f,) = run(["（1）行政运行（2010301）：2026年预算数为810.00万元，比上年增加20.00万元，增长2.53%。"])
    assert f.severity == Severity.ERROR
    assert (f.stated, f.computed) == (D("810.00"), D("800.00"))
    assert "2010301" in f.message and len(f.locations) == 2


def test_item_by_lead_code_and_by_chain_with_bracketed_names():
    fs = run(
        [
            "（一）2010302-一般行政管理事务 210.00 万元。",
            "1.政府办公厅（室）及相关机构事务（款）行政运行（项）支出 790.00 万元，与上年相比减少 10.00 万元。",
        ]
    )
    assert sorted(f.stated for f in fs) == [D("210.00"), D("790.00")]


def test_item_by_quoted_path():
    (f,) = run(
        ["1. “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目700.00万元，主要用于基本支出。"]
    )
    assert f.computed == D("800.00")


def test_bare_name_only_when_unique_and_numbered():
    assert sev(run(["（3）一般行政管理事务 250.00 万元，较上年增加了 50 万元。"])) == ["error"]
    # not numbered: no reading
    assert run(["一般行政管理事务 250.00 万元，较上年增加了 50 万元。"]) == []
    # a qualifier in brackets changes what the figure covers: no reading
    assert run(["（1）行政运行（行政及参公单位基本支出）2678.58 万元，较上年减少了 176.59 万元。"]) == []
    # a name carried by two rows is no item
    two = gpb(
        [
            ("", "合计", "900.00", "900.00", ""),
            ("2010301", "行政运行", "800.00", "800.00", ""),
            ("2013101", "行政运行", "100.00", "100.00", ""),
        ]
    )
    assert run(["（1）行政运行 250.00 万元。"], tables=[two]) == []


def test_equal_to_the_same_code_in_another_function_table_is_not_reported():
    other = gpb(
        [("", "合计", "810.00", "", ""), ("2010301", "行政运行", "810.00", "", "")],
        std=StdTable.B_EXPENSE,
    )
    assert run(["（1）行政运行（2010301）：2026年预算数为810.00万元。"], tables=[gpb(), other]) == []


def test_two_figures_for_one_slot_are_not_read():
    assert run(["（1）行政运行（2010301）：2026年预算数为810.00万元，2026年预算数为820.00万元。"]) == []


def test_class_lines_stay_with_narr_amount():
    assert run(["一般公共服务支出（类）1,100.00万元。"]) == []


# ------------------------------------------------------------------ narr.item_line: C, P and direction


def test_change_must_equal_current_minus_prior():
    (f,) = run(
        [
            "（1）行政运行（2010301）：2026年预算数为800.00万元，2025年执行数为760.00万元，比上年增加30.00万元，增长3.95%。"
        ]
    )
    assert f.severity == Severity.ERROR
    assert (f.stated, f.computed) == (D("30.00"), D("40.00"))
    ok = "（1）行政运行（2010301）：2026年预算数为800.00万元，2025年执行数为760.00万元，比上年增加40.00万元，增长5.26%。"
    assert run([ok]) == []


def test_rate_without_change_amount():
    (f,) = run(
        [
            "（1）行政运行（2010301）：2025年执行数为760.00万元，2026年预算数为800.00万元，比2025年执行数增加6.26%。"
        ]
    )
    assert f.severity == Severity.ERROR and f.computed == D("5.26")
    assert (
        run(["（1）行政运行（2010301）：2025年执行数为760.00万元，2026年预算数为800.00万元，增长5.3%。"])
        == []
    )


def test_rate_from_a_zero_base_is_a_warning():
    (f,) = run(
        [
            "（1）行政运行（2010301）：2025年执行数为0.00万元，2026年预算数为800.00万元，比2025年执行数增加100.00%。"
        ]
    )
    assert f.severity == Severity.WARNING


def test_direction_word_alone_is_a_warning():
    (f,) = run(
        [
            "（1）行政运行（2010301）：2026年预算数为800.00万元，2025年执行数为840.00万元，比上年增加40.00万元。"
        ]
    )
    assert f.severity == Severity.WARNING and "减少" in f.message


def test_continuation_line_and_a_misprinted_current_amount():
    """The item's line, then "2025年当年预算执行数为A，2026年预算安排B，…P%": B differs from the table
    while P fits the table's figure: one error (B), not a second one for P."""
    fs = run(
        [
            "31. “住房保障支出（类）住房改革支出（款）住房公积金（项）”500.00万元，主要用于住房公积金。",
            "2025年当年预算执行数为480.00万元，2026年预算安排502.00万元，比2025年预算执行数增加4.17%。",
        ]
    )
    assert [(f.severity, f.stated) for f in fs] == [(Severity.ERROR, D("502.00"))]


# ------------------------------------------------------------------ final accounts


def final_gpb():
    return gpb(
        [
            ("", "合计", "1,000.00", "1,000.00"),
            ("201", "一般公共服务支出", "1,000.00", "1,000.00"),
            ("20106", "财政事务", "1,000.00", "1,000.00"),
            ("2010601", "行政运行", "950.00", "1,000.00"),
        ],
        std=StdTable.F_GPB,
        columns=("年初预算数", "决算数"),
    )


def test_final_header_then_figures():
    lines = [
        "1、一般公共服务支出（类）财政事务（款）行政运行（项）。",
        "主要用于：局本部人员经费及公用经费等的基本支出。",
        "年初预算为 950.00 万元，支出决算为 990.00 万元，完成年初预算的104.21%。",
    ]
    (f,) = run(
        lines, tables=[final_gpb()], kind=DocKind.FINAL, year=2024, title="一般公共预算财政拨款支出决算情况"
    )
    assert (f.stated, f.computed) == (D("990.00"), D("1000.00"))
    lines[2] = "年初预算为 960.00 万元，支出决算为 1,000.00 万元，完成年初预算的104.17%。"
    (f,) = run(
        lines, tables=[final_gpb()], kind=DocKind.FINAL, year=2024, title="一般公共预算财政拨款支出决算情况"
    )
    assert (f.stated, f.computed) == (D("960.00"), D("950.00")) and "年初预算数" in f.message


def test_narr_amount_leaves_item_lines():
    fs = run(
        [
            "1、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）：2026年预算数为810.00万元。"
        ],
        rules=("narr.amount", "narr.item_line"),
    )
    assert [f.rule for f in fs] == ["narr.item_line"]


# ------------------------------------------------------------------ narr.restated


def restated(sentences, **kw):
    return run(sentences, rules=("narr.restated",), **kw)


def test_item_stated_twice():
    lines = [
        "1. “住房保障支出（类）住房改革支出（款）住房公积金（项）”500.00万元，主要用于住房公积金。",
        "2025年当年预算执行数为480.00万元，2026年预算安排502.00万元，比2025年预算执行数增加4.58%。",
    ]
    (f,) = restated(lines)  # the item is read through the table's codes
    assert f.severity == Severity.ERROR and (f.stated, f.computed) == (D("502.00"), D("500.00"))
    assert len(f.locations) == 2
    lines[1] = lines[1].replace("502.00", "500.00")
    assert restated(lines) == []


def test_document_total_in_two_sections():
    d = text_doc(
        [
            ("收支预算总体情况", ["2026年度收入支出总计1,500.00万元。"]),
            (
                "其他说明",
                ["本部门2026年收入支出总计1,550.00万元。", "本部门2025年收入支出总计1,400.00万元。"],
            ),
        ],
        kind=DocKind.BUDGET,
        year=2026,
    )
    (f,) = run_rules(d, only=["narr.restated"])
    assert (f.stated, f.computed) == (D("1550.00"), D("1500.00"))


def test_three_public_budget_and_actual_are_different_measures():
    lines = [
        "“三公”经费支出决算为15.00万元。",
        "“三公”经费年初预算为18.00万元。",
        "“三公”经费支出决算为15.00万元。",
    ]
    assert restated(lines, tables=[], kind=DocKind.FINAL, year=2024) == []
    lines[2] = "“三公”经费支出决算为16.00万元。"
    assert len(restated(lines, tables=[], kind=DocKind.FINAL, year=2024)) == 1


def test_printed_precision():
    assert restated(["机关运行经费6.2万元。", "机关运行经费6.20万元。"], tables=[]) == []
    assert sev(restated(["机关运行经费6.3万元。", "机关运行经费6.24万元。"], tables=[])) == ["rounding"]


def test_project_budget_in_the_list_and_elsewhere():
    lines = [
        "项目名称：执法办案补充经费",
        "预算安排规模：160.00万元",
        "项目承担单位：某某大队",
        "执法办案补充经费150.00万元。",
    ]
    (f,) = restated(lines, tables=[])
    assert (f.stated, f.computed) == (D("150.00"), D("160.00"))


def test_same_words_in_two_allocation_lists_are_not_compared():
    lines = [
        "项目名称：甲项目",
        "预算安排规模：10.00万元",
        "资金分配情况：其他交通费 3 万元，办公设备购置费 7 万元。",
        "项目名称：乙项目",
        "预算安排规模：20.00万元",
        "资金分配情况：其他交通费 5 万元，办公设备购置费 15 万元。",
        "基本支出 100.00 万元。",
    ]
    assert restated(lines, tables=[]) == []


def test_first_figure_of_another_subject_is_not_the_item():
    assert run(["（1）行政运行（2010301）：基本支出 500.00 万元，项目支出 300.00 万元。"]) == []


def test_rate_direction_alone_is_a_warning():
    (f,) = run(["（1）行政运行（2010301）：2025年执行数为840.00万元，2026年预算数为800.00万元，增长4.76%。"])
    assert f.severity == Severity.WARNING and "下降" in f.message


def test_fund_section_items_are_the_fund_tables():
    rows = [
        ("212", "城乡社区支出", "{v}"),
        ("21208", "国有土地使用权出让收入安排的支出", "{v}"),
        ("2120803", "城市建设支出", "{v}"),
    ]
    expense = table(
        StdTable.B_EXPENSE, "支出总体情况表", ["合计"], [(c, n, x.format(v="500.00")) for c, n, x in rows]
    )
    fund = table(
        StdTable.B_GOV_FUND,
        "政府性基金预算支出情况表",
        ["合计"],
        [(c, n, x.format(v="300.00")) for c, n, x in rows],
    )
    title = "政府性基金预算支出情况说明"
    assert run(["（1）城市建设支出（2120803）300.00万元。"], tables=[expense, fund], title=title) == []
    (f,) = run(["（1）城市建设支出（2120803）310.00万元。"], tables=[expense, fund], title=title)
    assert f.computed == D("300.00")
    # without the fund's table the section's item is not compared with the all-funds table
    assert run(["（1）城市建设支出（2120803）300.00万元。"], tables=[expense], title=title) == []


def test_basic_expenditure_within_one_table_section_only():
    d = text_doc(
        [
            ("支出预算总体情况", ["基本支出 1,300.00 万元。"]),
            (
                "一般公共预算支出情况说明",
                ["基本支出 1,200.00 万元。", "公共安全支出 900.00 万元，其中：基本支出 700.00 万元。"],
            ),
        ],
        kind=DocKind.BUDGET,
        year=2026,
    )
    assert run_rules(d, only=["narr.restated"]) == []  # two tables' 基本支出; a class's 基本支出
    d.sentences[2].text = "基本支出 1,250.00 万元。"
    (f,) = run_rules(d, only=["narr.restated"])
    assert (f.stated, f.computed) == (D("1250.00"), D("1200.00"))


def test_gpb_total_is_one_quantity_of_the_document():
    d = text_doc(
        [
            ("收入预算总体情况", ["一般公共预算拨款收入 1,500.00 万元。"]),
            ("一般公共预算支出情况说明", ["2026年一般公共预算拨款收入1,600.00万元。"]),
        ],
        kind=DocKind.BUDGET,
        year=2026,
    )
    (f,) = run_rules(d, only=["narr.restated"])
    assert f.severity == Severity.ERROR


def test_final_full_year_budget_against_its_own_column():
    t = gpb(
        [
            ("", "合计", "950.00", "990.00", "1,000.00"),
            ("2010601", "行政运行", "950.00", "990.00", "1,000.00"),
        ],
        std=StdTable.F_GPB,
        columns=("年初预算数", "全年预算数", "决算数"),
    )
    title = "一般公共预算财政拨款支出决算情况"
    line = "1.行政运行（2010601）：全年预算为 990.00 万元，支出决算为 1,000.00 万元。"
    assert run([line], tables=[t], kind=DocKind.FINAL, year=2024, title=title) == []
    (f,) = run([line.replace("990.00", "950.00")], tables=[t], kind=DocKind.FINAL, year=2024, title=title)
    assert f.computed == D("990.00") and "全年预算数" in f.message
    # "预算数" with two budget columns: which one is not certain
    plain = "1.行政运行（2010601）：预算数为 900.00 万元，支出决算为 1,000.00 万元。"
    assert run([plain], tables=[t], kind=DocKind.FINAL, year=2024, title=title) == []
