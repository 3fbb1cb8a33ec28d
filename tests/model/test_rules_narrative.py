"""Family 4 rules: amounts in the 情况说明 against the table cells they name."""

from __future__ import annotations

from decimal import Decimal as D

from conftest import parsed
from rulefixtures import text_doc

from gouji.model.document import (
    Cell,
    Column,
    DocKind,
    Row,
    StdTable,
    Table,
)
from gouji.model.findings import Severity
from gouji.model.rules.registry import run_rules

NARR = ["narr.amount", "narr.code_name", "narr.project"]


def _row(i, code, name, level, values, kind="data", side=None):
    cells = [
        Cell(col=c, text=str(v), value=D(v)) if v else Cell(col=c, blank=True) for c, v in values.items()
    ]
    return Row(index=i, code=code, name=name, level=level, kind=kind, side=side, cells=cells)


def gpb_table(std=StdTable.B_GPB, unit="万元", labels=("合计", "基本支出", "项目支出")) -> Table:
    cols = [
        Column(index=0, label="科目编码", role="code"),
        Column(index=1, label="科目名称", role="name"),
        *[Column(index=i + 2, label=f"一般公共预算支出/{lab}", leaf=lab) for i, lab in enumerate(labels)],
    ]
    rows = [
        _row(0, None, "总计", None, {2: "17439.61", 3: "12659.61", 4: "4780.00"}, kind="total"),
        _row(1, "208", "社会保障和就业支出", 1, {2: "1801.39", 3: "1801.39"}),
        _row(2, "20805", "行政事业单位养老支出", 2, {2: "1801.39", 3: "1801.39"}),
        _row(3, "2080501", "行政单位离退休", 3, {2: "616.13", 3: "616.13"}),
        _row(4, "2080505", "机关事业单位基本养老保险缴费支出", 3, {2: "1185.26", 3: "1185.26"}),
        _row(5, "210", "卫生健康支出", 1, {2: "1002.65", 3: "1002.65"}),
        _row(6, "220", "自然资源海洋气象等支出", 1, {2: "13724.33", 3: "8944.33", 4: "4780.00"}),
        _row(7, "221", "住房保障支出", 1, {2: "911.25", 3: "911.25"}),
    ]
    return Table(id="T05", std=std, title="一般公共预算支出情况表", unit=unit, columns=cols, rows=rows)


def basic_table() -> Table:
    cols = [
        Column(index=0, label="科目编码", role="code"),
        Column(index=1, label="经济分类科目名称", role="name"),
        Column(index=2, label="一般公共预算基本支出/合计", leaf="合计"),
        Column(index=3, label="一般公共预算基本支出/人员经费", leaf="人员经费"),
        Column(index=4, label="一般公共预算基本支出/公用经费", leaf="公用经费"),
    ]
    rows = [_row(0, None, "总计", None, {2: "12659.61", 3: "11740.77", 4: "918.84"}, kind="total")]
    return Table(
        id="T06",
        std=StdTable.B_GPB_BASIC,
        title="一般公共预算基本支出情况表",
        unit="万元",
        columns=cols,
        rows=rows,
    )


def three_table() -> Table:
    cols = [
        Column(index=0, label="“三公”经费支出内容", role="name"),
        Column(index=1, label="合计", leaf="合计"),
    ]
    rows = [
        _row(0, None, "合计", None, {1: "18.00"}, kind="total"),
        _row(1, None, "因公出国（境）费", None, {1: ""}),
        _row(2, None, "公务接待费", None, {1: ""}),
        _row(3, None, "公务用车购置及运行费（小计）", None, {1: "18.00"}, kind="subtotal"),
        _row(4, None, "其中：公务用车购置费", None, {1: ""}),
        _row(5, None, "公务用车运行费", None, {1: "18.00"}),
    ]
    return Table(
        id="T10",
        std=StdTable.B_THREE_PUBLIC,
        title="财政拨款“三公”经费支出情况表",
        unit="万元",
        columns=cols,
        rows=rows,
    )


def make_doc(parts, tables, kind=DocKind.BUDGET, title=None):
    return text_doc(parts, tables=tables, kind=kind, title=title, page=2, path="x")


GPB = "五、关于2024年一般公共预算当年拨款情况说明"


def test_matching_amounts_give_nothing():
    doc = make_doc(
        [
            (
                GPB,
                [
                    "一般公共预算拨款合计 17,439.61 万元，其中：",
                    "基本支出 12,659.61 万元。",
                    "项目支出 4,780.00 万元。",
                ],
            ),
            ("（二）一般公共预算当年拨款结构情况", ["1、社会保障和就业支出（类）1,801.39 万元，占 10.33%。"]),
            ("六、一般公共预算基本支出情况说明", ["人员经费 11,740.77 万元。", "公用经费 918.84 万元。"]),
            (
                "十、财政拨款“三公”经费预算情况说明",
                ["“三公”经费预算数为 18.00 万元，其中：因公出国（境）费 0 万元，公务用车运行费 18.00 万元。"],
            ),
        ],
        [gpb_table(), basic_table(), three_table()],
    )
    assert run_rules(doc, only=NARR) == []


def test_total_and_class_and_personnel_mismatch():
    doc = make_doc(
        [
            (GPB, ["项目支出 4,870.00 万元。"]),
            (
                "（二）一般公共预算当年拨款结构情况",
                ["3、自然资源海洋气象等支出（类）13,742.33 万元，占 78.69%。"],
            ),
            ("六、一般公共预算基本支出情况说明", ["人员经费 11,470.77 万元。"]),
        ],
        [gpb_table(), basic_table()],
    )
    fs = run_rules(doc, only=["narr.amount"])
    assert [(f.stated, f.computed) for f in fs] == [
        (D("4870.00"), D("4780.00")),
        (D("13742.33"), D("13724.33")),
        (D("11470.77"), D("11740.77")),
    ]
    f = fs[1]
    assert f.severity == Severity.ERROR
    assert f.locations[1].table == "T05" and f.locations[1].row_code == "220"
    assert "一般公共预算支出/合计" in f.message and "13,742.33" in f.message


def test_item_chain_resolves_to_the_xiang_row():
    t = "1、社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）：2024 年预算数为 661.13 万元，比上年预算减少 179.49 万元。"
    (f,) = run_rules(
        make_doc([("（三）一般公共预算当年拨款具体使用情况", [t])], [gpb_table()]),
        only=["narr.amount", "narr.item_line"],  # item lines are narr.item_line's (issue 10)
    )
    assert f.computed == D("616.13") and f.locations[1].row_code == "2080501"


def test_three_public_part_mismatch():
    t = "“三公”经费预算数为 18.00 万元，其中：公务用车运行费 16.00 万元，公务接待费 2.00 万元。"
    fs = run_rules(
        make_doc([("十、财政拨款“三公”经费预算情况说明", [t])], [three_table()]), only=["narr.amount"]
    )
    assert sorted((f.stated, f.computed) for f in fs) == [(D("2.00"), D("0")), (D("16.00"), D("18.00"))]


def test_unit_conversion_yuan_text_vs_wanyuan_table():
    doc = make_doc([(GPB, ["项目支出 47,800,000.00 元。"])], [gpb_table()])
    assert run_rules(doc, only=["narr.amount"]) == []
    doc = make_doc([(GPB, ["项目支出 47,810,000.00 元。"])], [gpb_table()])
    (f,) = run_rules(doc, only=["narr.amount"])
    assert f.stated == D("4781") and f.computed == D("4780.00")


def test_amount_equal_to_another_table_is_left_to_inter_table_rules():
    # T03 (all funds) says 14,083.33 for class 220, the 一般公共预算 table 13,724.33
    expense = gpb_table(std=StdTable.B_EXPENSE)
    expense.id = "T03"
    expense.rows[6] = _row(6, "220", "自然资源海洋气象等支出", 1, {2: "14083.33"})
    doc = make_doc(
        [("（二）一般公共预算当年拨款结构情况", ["自然资源海洋气象等支出（类）14,083.33 万元。"])],
        [gpb_table(), expense],
    )
    assert run_rules(doc, only=["narr.amount"]) == []


def test_operating_cost_equals_public_funds_for_canggong_units():
    unit_title = "自治区国土资源执法监察总队2024年单位预算"
    texts = ["本单位为参照公务员法管理的事业单位，机关运行经费财政拨款预算 918.84 万元。"]
    doc = make_doc([("（一）机关运行经费情况", texts)], [basic_table()], title=unit_title)
    assert run_rules(doc, only=["narr.amount"]) == []
    bad = ["本单位为参照公务员法管理的事业单位，机关运行经费财政拨款预算 981.84 万元。"]
    (f,) = run_rules(
        make_doc([("（一）机关运行经费情况", bad)], [basic_table()], title=unit_title), only=["narr.amount"]
    )
    assert f.computed == D("918.84")
    # a department's 机关运行经费 covers only its administrative units: not compared with 公用经费
    dept = make_doc([("（一）机关运行经费情况", bad)], [basic_table()], title="XX街道2025年部门预算")
    assert run_rules(dept, only=["narr.amount"]) == []


def test_code_name_mismatch():
    t = "医疗卫生与计划生育支出（210类）1,002.65万元，主要用于医疗保险缴费。"
    fs = run_rules(make_doc([("（二）结构情况", [t])], [gpb_table()]), only=["narr.code_name"])
    (f,) = fs
    assert (
        "卫生健康支出" in f.message and "医疗卫生与计划生育支出" in f.message and f.severity == Severity.ERROR
    )
    ok = "卫生健康支出（210类）1,002.65万元。"
    assert run_rules(make_doc([("（二）", [ok])], [gpb_table()]), only=["narr.code_name"]) == []


def test_unknown_class_name_warning_and_abbreviation_ok():
    bad = [
        "1.医疗卫生与计划生育支出（类）1,002.65万元。",
        "2.医疗卫生与计划生育支出（类）行政事业单位医疗（款）。",
    ]
    fs = run_rules(make_doc([("（二）", bad)], [gpb_table()]), only=["narr.code_name"])
    # with an amount: the table's class carrying that amount is named 卫生健康支出 → error
    # without an amount: the name is not in the tables (whose classes add up to the total) → warning
    assert [(f.severity, f.locations[0].sentence) for f in fs] == [(Severity.ERROR, 0), (Severity.WARNING, 1)]
    assert "卫生健康支出" in fs[0].message and "共 1 处" in fs[1].message
    ok = ["1.卫生健康（类）支出 1,002.65 万元。"]
    assert run_rules(make_doc([("（二）", ok)], [gpb_table()]), only=["narr.code_name"]) == []
    # tables whose classes do not add up to the total (rows lost in parsing): no warning
    partial = gpb_table()
    partial.rows = [r for r in partial.rows if r.code != "221"]
    assert run_rules(make_doc([("（二）", bad[1:])], [partial]), only=["narr.code_name"]) == []


def test_no_tables_no_findings():
    doc = make_doc([(GPB, ["项目支出 4,870.00 万元。"])], [])
    assert run_rules(doc, only=NARR) == []


# --- real documents ---------------------------------------------------------------------


def test_seed_budget_text_matches_tables():
    """seed 000: every total, class, 项, 人员/公用经费, 三公 and 机关运行经费 amount matches (checked by hand)."""
    assert run_rules(parsed("seeds/000_407e03e18ae36581.txt"), only=NARR) == []


def test_ghzy_basic_spending_text_uses_all_funds_figure():
    """putuo_ghzy: text "一般公共预算财政拨款基本支出 5377.64 万元" but the 一般公共预算财政拨款支出决算表
    合计/基本支出 is 5364.75 (= 人员经费合计 4884.09 + 公用经费合计 480.66 in the 基本支出表);
    5377.64 is the all-funds 基本支出 of the 支出决算表."""
    fs = run_rules(parsed("final/putuo_ghzy_2024_final.pdf"), only=NARR)
    got = {(f.rule, f.stated, f.computed) for f in fs}
    assert ("narr.amount", D("5377.64"), D("5364.75")) in got
    # the text's 人员经费 4896.98 is the all-funds figure too (基本支出表 人员经费合计 4884.09); it is
    # caught when the reader gives the side-by-side 基本支出表 a "人员经费合计" row with one value
    assert got <= {("narr.amount", D("5377.64"), D("5364.75")), ("narr.amount", D("4896.98"), D("4884.09"))}
    assert all(f.locations[1].table is not None for f in fs)


def test_czj_fiscal_total_printed_as_0_3():
    """putuo_czj p.21: "2024年度财政拨款收入支出总计0.3万元" (the PDF prints "0.3"; checked with
    pdfplumber) while the 财政拨款收入支出决算总表 总计 is 2,961.68 万元."""
    fs = run_rules(parsed("final/putuo_czj_2024_final.pdf"), only=NARR)
    assert [(f.stated, f.computed) for f in fs] == [(D("0.3"), D("2961.68"))]
    assert fs[0].locations[1].row_name == "总计"


def test_no_false_narrative_errors_on_other_final_pdfs():
    for rel in (
        "final/final_template_2024.pdf",
        "final/putuo_shgzb_2024_final.pdf",
        "final/nfb_xinfang_2024_final.pdf",
    ):
        assert [f for f in run_rules(parsed(rel), only=NARR) if f.severity == Severity.ERROR] == [], rel


def test_final_item_amount_in_sentence_after_the_chain():
    gpb = gpb_table(std=StdTable.F_GPB)
    texts = [
        "1、社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）。",
        "主要用于：退休人员经费支出。",
        "年初预算为 620.00 万元，支出决算为 661.13 万元。",
    ]
    doc = make_doc([("（三）一般公共预算财政拨款支出决算具体情况", texts)], [gpb], kind=DocKind.FINAL)
    (f,) = run_rules(doc, only=["narr.amount", "narr.item_line"])
    # the 决算 amount is compared; the table has no 年初预算 column, so 620.00 is not
    assert (f.stated, f.computed) == (D("661.13"), D("616.13"))
    ok = texts[:2] + ["年初预算为 620.00 万元，支出决算为 616.13 万元。"]
    ok_doc = make_doc([("（三）", ok)], [gpb], kind=DocKind.FINAL)
    assert run_rules(ok_doc, only=["narr.amount", "narr.item_line"]) == []


def test_previous_year_figures_are_not_compared_with_this_years_table():
    t = "1、社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）：2023年预算数为 795.62 万元，2024年预算数为 616.13 万元。"
    assert run_rules(make_doc([("（三）具体使用情况", [t])], [gpb_table()]), only=["narr.amount"]) == []


def test_seed_budget_mutated_amounts_are_caught():
    """Change three amounts of the seed budget's text: each is reported against its table cell."""
    doc = parsed("seeds/000_407e03e18ae36581.txt").model_copy(deep=True)
    edits = {
        "卫生健康支出 1,002.65 万元，主要用于": "卫生健康支出 1,020.65 万元，主要用于",  # 四、财政拨款 (name only)
        "2024 年预算数为 616.13": "2024 年预算数为 661.13",  # 项 行政单位离退休
        "三公”经费预算数为 18.00": "三公”经费预算数为 18.50",  # 三公 total
    }
    for s in doc.sentences:
        for a, b in edits.items():
            s.text = s.text.replace(a, b)
    fs = run_rules(doc, only=["narr.amount", "narr.item_line"])
    got = sorted((f.locations[1].table, f.stated, f.computed) for f in fs)
    tables = {t.std: t.id for t in doc.tables}
    assert got == sorted(
        [
            (tables[StdTable.B_FISCAL], D("1020.65"), D("1002.65")),
            (tables[StdTable.B_GPB], D("661.13"), D("616.13")),
            (tables[StdTable.B_THREE_PUBLIC], D("18.50"), D("18.00")),
        ]
    )


def test_project_scale_against_project_table():
    """seed 000: every 预算安排规模 equals its 承担单位's 项目支出合计 in 表7; a changed one is reported."""
    doc = parsed("seeds/000_407e03e18ae36581.txt").model_copy(deep=True)
    assert run_rules(doc, only=["narr.project"]) == []
    first = next(s for s in doc.sentences if s.text.startswith("预算安排规模") and "160.00" in s.text)
    first.text = first.text.replace("160.00", "106.00")
    (f,) = run_rules(doc, only=["narr.project"])
    assert "乌鲁木齐县国土资源执法监察大队" in f.message and (f.stated, f.computed) == (
        D("106.00"),
        D("160.00"),
    )
    assert f.locations[1].row_name == "乌鲁木齐县国土资源执法监察大队"


def test_final_three_public_columns_by_item_and_budget_or_actual():
    """putuo_ghzy 表7 prints 预算数 / 决算数 under each item: the text's 年初预算 2.85 and 公务接待费
    决算 0.39 match; changed values are reported against the right column."""
    doc = parsed("final/putuo_ghzy_2024_final.pdf").model_copy(deep=True)
    for s in doc.sentences:
        s.text = s.text.replace("年初预算为 2.85", "年初预算为 2.58").replace(
            "公务接待费支出决算为 0.39", "公务接待费支出决算为 0.93"
        )
    fs = [f for f in run_rules(doc, only=["narr.amount"]) if f.stated not in (D("5377.64"), D("4896.98"))]
    got = sorted((f.locations[1].column_label, f.stated, f.computed) for f in fs)
    assert got == [
        ("财政拨款“三公”经费/公务接待费/决算数", D("0.93"), D("0.39")),
        ("财政拨款“三公”经费/合计/预算数", D("2.58"), D("2.85")),
    ]


# --- issue 9: a 单位 × 项目 三公 table with 上年 | 当年 | 增减 groups (Xi'an layout) ---------------


def crossed_three_table(unit_rows=()) -> Table:
    """Items as columns under period groups, 合计 = 三公 小计 + 会议费 + 培训费, amounts in 元."""
    items = [
        "合计",
        "三公经费/小计",
        "三公经费/因公出国（境）费用",
        "三公经费/公务接待费",
        "会议费",
        "培训费",
    ]
    labels = [f"{p}/{i}" for p in ("上年", "当年", "增减变化情况") for i in items]
    labels = [lab.replace("三公经费", "一般公共预算拨款安排的“三公”经费预算") for lab in labels]
    cols = [Column(index=0, label="单位名称", role="name")] + [
        Column(index=i, label=lab, leaf=lab.split("/")[-1]) for i, lab in enumerate(labels, 1)
    ]
    vals = ["442400", "40000", "0", "40000", "402400", "0", "290000", "30000", "0", "30000", "260000", "0"]
    vals += ["-152400", "-10000", "0", "-10000", "-142400", "0"]
    rows = [_row(0, None, "合计", None, {i: v for i, v in enumerate(vals, 1)}, kind="total")]
    rows += [
        _row(k, None, name, None, {i: v for i, v in enumerate(vals, 1)})
        for k, name in enumerate(unit_rows, 1)
    ]
    title = "一般公共预算拨款“三公”经费及会议费、培训费支出预算表"
    return Table(id="T13", std=StdTable.B_THREE_PUBLIC, title=title, unit="元", columns=cols, rows=rows)


def test_three_public_total_is_matched_in_the_current_period_group():
    sec = "七、关于“三公”经费预算情况说明"
    ok = "本部门当年一般公共预算“三公”经费预算支出3.00万元，较上年减少1.00万元，下降25.00%。"
    assert run_rules(make_doc([(sec, [ok])], [crossed_three_table()]), only=["narr.amount"]) == []
    (f,) = run_rules(
        make_doc([(sec, [ok.replace("3.00万元", "3.50万元")])], [crossed_three_table()]), only=["narr.amount"]
    )
    assert f.severity == Severity.ERROR and "当年" in f.message and "442,400" not in f.message
    # several unit rows: which row is meant is not certain → no comparison
    doc = make_doc([(sec, [ok.replace("3.00万元", "3.50万元")])], [crossed_three_table(["某某局"])])
    assert run_rules(doc, only=["narr.amount"]) == []


def test_yuan_cell_quoted_in_wan_one_unit_off_is_rounding():
    cols = [Column(index=0, label="科目编码", role="code"), Column(index=1, label="科目名称", role="name")]
    cols.append(Column(index=2, label="合计", leaf="合计"))
    rows = [
        _row(0, None, "合计", None, {2: "104298313.00"}, kind="total"),
        _row(1, "201", "一般公共服务支出", 1, {2: "104298313.00"}),
    ]
    t = Table(
        id="T05", std=StdTable.B_GPB, title="一般公共预算支出情况表", unit="元", columns=cols, rows=rows
    )
    sec = "五、关于2024年一般公共预算当年拨款情况说明"
    slip = "一般公共服务支出（类）10429.84 万元。"
    (f,) = run_rules(make_doc([(sec, [slip])], [t]), only=["narr.amount"])
    assert f.severity == Severity.ROUNDING
    (g,) = run_rules(make_doc([(sec, [slip.replace("10429.84", "10429.85")])], [t]), only=["narr.amount"])
    assert g.severity == Severity.ERROR


def test_code_name_cut_at_a_bracket_in_the_name_is_no_mismatch():
    """Issue 9 (z30): "其他政府办公厅（室）及相关机构事务支出（2010399）" is read as "及相关机构事务支出"."""
    t = gpb_table()
    name = "其他政府办公厅(室)及相关机构事务支出"
    t.rows.append(_row(len(t.rows), "2010399", name, 3, {2: "1.00", 3: "1.00"}))
    text = "4.其他政府办公厅（室）及相关机构事务支出（2010399）1.00万元，主要用于日常运转。"
    assert run_rules(make_doc([("（二）", [text])], [t]), only=["narr.code_name"]) == []
    wrong = "4.其他政府事务支出（2010399）1.00万元，主要用于日常运转。"
    assert len(run_rules(make_doc([("（二）", [wrong])], [t]), only=["narr.code_name"])) == 1
