"""The format-free assembler on hand-made raw documents, plus the title catalog and table codes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gouji.io.assemble.assembler import assemble
from gouji.io.assemble.block_text import is_empty_note, money_unit_of, unit_name_of
from gouji.io.assemble.catalog import is_toc_entry, kind_of, match_number, match_title
from gouji.io.raw import RawCell, RawDocument, RawGrid, RawLine, RawPage
from gouji.model.document import DocKind, StdTable
from gouji.model.tables import table_name

# --------------------------------------------------------------------------- helpers


def L(text: str, page: int | None = None) -> RawLine:
    return RawLine(text=text, page=page)


def G(
    rows: list[list[str]], page: int | None = None, ruled: bool = True, xs: list[float] | None = None
) -> RawGrid:
    """A grid; with ``xs`` (left edges) every cell gets a 40-pt wide box."""
    out = []
    for k, r in enumerate(rows):
        cells = []
        for j, t in enumerate(r):
            box = (xs[j], 100.0 + 12 * k, xs[j] + 40.0, 110.0 + 12 * k) if xs else None
            cells.append(RawCell(text=t, bbox=box, page=page))
        out.append(cells)
    return RawGrid(rows=out, page=page, ruled=ruled)


def doc_of(*pages: list) -> "object":
    raw = RawDocument(
        path="x.pdf",
        sha256="0" * 64,
        format="pdf",
        pages=[
            RawPage(number=i + 1, width=595, height=842, blocks=b, char_count=100)
            for i, b in enumerate(pages)
        ],
    )
    return assemble(raw)


HEAD3 = [
    ["科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"],
    ["类", "款", "项", "", "", "", ""],
]


# --------------------------------------------------------------------------- catalog


@pytest.mark.parametrize(
    "title,std,number",
    [
        ("表 1 单位收支总体情况表", StdTable.B_OVERVIEW, "表1"),
        ("预算04表 财政拨款收支总表", StdTable.B_FISCAL, "预算04表"),
        ("2026年财政拨款 “三公”经费支出情况表", StdTable.B_THREE_PUBLIC, None),
        ("五、一般公共预算支出情况表（按功能分类科目）", StdTable.B_GPB, None),
        ("2025年部门一般公共预算基本支出部门预算经济分类预算表", StdTable.B_GPB_BASIC, None),
        ("十二、部门预算项目支出及其他支出预算表", StdTable.B_PROJECT_LIST, None),
        ("一般公共预算机关运行经费支出预算表", StdTable.B_OPERATING, None),
        ("上年结转结余情况明细表", StdTable.B_CARRYOVER, None),
        ("收入支出决算总表", StdTable.F_OVERVIEW, None),
        ("四、财政拨款收入支出决算总表", StdTable.F_FISCAL, None),
        ("一般公共预算财政拨款基本支出决算表", StdTable.F_GPB_BASIC, None),
        ("国有资本经营预算财政拨款支出决算表", StdTable.F_SOE, None),
        ("单位整体支出绩效自评表", StdTable.PERF_SELF_OVERALL, None),
        ("信息化运行维护项目绩效自评表", StdTable.PERF_SELF_PROJECT, None),
        ("2026年部门整体绩效目标表", StdTable.PERF_TARGET_OVERALL, None),
        ("项目支出绩效目标表", StdTable.PERF_TARGET_PROJECT, None),
    ],
)
def test_catalog_titles(title, std, number):
    m = match_title(title)
    assert m is not None and m.std == std
    assert m.number == number


@pytest.mark.parametrize(
    "text",
    [
        "自治区国土资源执法监察总队 2024 年没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。",
        "二、收入决算表 ........................................... 6",
        "第二部分 2026年部门预算表",
        "表 1：项目年度绩效指标表",
        "注：本表反映部门本年度的总收支和年末结转结余情况。",
        "具体附整体支出绩效自评表",
    ],
)
def test_catalog_rejects_sentences_and_toc(text):
    assert match_title(text) is None


@pytest.mark.parametrize("std", list(StdTable))
def test_catalog_matches_every_official_table_name(std):
    m = match_title(table_name(std))
    assert m is not None and m.std == std


def test_catalog_kind_of_follows_the_table_specs():
    assert kind_of(StdTable.B_GPB) == DocKind.BUDGET and kind_of(StdTable.F_GPB) == DocKind.FINAL
    assert kind_of(StdTable.PERF_TARGET_PROJECT) == DocKind.BUDGET
    assert kind_of(StdTable.PERF_SELF_OVERALL) == DocKind.FINAL
    assert kind_of(None) == DocKind.UNKNOWN


def test_catalog_numbers_and_toc():
    assert match_number("公开 01 表") == "公开01表"
    assert match_number("表十一") == "表十一"
    assert match_number("2024") is None and match_number("01") is None
    assert is_toc_entry("三、支出决算表 ........ 7") and not is_toc_entry("支出决算表")


def test_unit_lines():
    assert money_unit_of("编制单位：某局 单位：万元") == "万元"
    assert money_unit_of("金额单位：元") == "元"
    assert money_unit_of("编制单位：元谋县财政局") is None
    assert unit_name_of("编制单位：自治区国土资源执法监察总队") == "自治区国土资源执法监察总队"
    assert unit_name_of("部门：国家信访局 金额单位：万元") == "国家信访局"
    assert unit_name_of("单位：万元") is None
    assert is_empty_note("本单位没有政府性基金预算拨款安排的支出，故本表为空表。")
    assert not is_empty_note("一般公共预算支出 17,439.61 万元。")


# --------------------------------------------------------------------------- codes


def test_codes_three_columns_with_inherited_class():
    doc = doc_of(
        [
            L("支出总体情况表"),
            L("单位：万元"),
            G(
                HEAD3
                + [
                    ["", "", "", "合计", "10.00", "6.00", "4.00"],
                    ["208", "", "", "社会保障和就业支出", "10.00", "6.00", "4.00"],
                    ["", "05", "", "行政事业单位养老支出", "10.00", "6.00", "4.00"],
                    ["", "", "01", "行政单位离退休", "7.00", "3.00", "4.00"],
                    ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "3.00", "3.00", ""],
                ]
            ),
        ]
    )
    t = doc.tables[0]
    assert t.std == StdTable.B_EXPENSE and t.unit == "万元"
    assert [r.code for r in t.rows] == [None, "208", "20805", "2080501", "2080505"]
    assert [r.level for r in t.rows] == [None, 1, 2, 3, 3]
    assert [r.kind for r in t.rows] == ["total", "data", "data", "data", "data"]
    assert [c.role for c in t.columns][:5] == ["code", "code", "code", "name", "amount"]
    assert t.columns[4].label == "合计"
    blank = t.rows[4].cell(6)
    assert blank.blank and blank.value is None and blank.amount == 0


def test_codes_single_column_economic_and_in_name():
    doc = doc_of(
        [
            L("一般公共预算基本支出情况表"),
            G(
                [
                    ["经济分类科目编码", "经济分类科目名称", "合计", "人员经费", "公用经费"],
                    ["", "合计", "5.00", "3.00", "2.00"],
                    ["301", "工资福利支出", "3.00", "3.00", ""],
                    ["30101", "基本工资", "2.00", "2.00", ""],
                    ["02", "津贴补贴", "1.00", "1.00", ""],
                    ["302", "商品和服务支出", "2.00", "", "2.00"],
                ]
            ),
            L("一般公共预算支出情况表"),
            G(
                [
                    ["项目", "合计", "基本支出"],
                    ["2010601 行政运行", "1,000", "1,000"],
                    ["2024年新增项目", "20", ""],
                    ["1、其他", "3", ""],
                ]
            ),
        ]
    )
    t6, t5 = doc.tables
    assert [r.code for r in t6.rows] == [None, "301", "30101", "30102", "302"]
    assert [r.level for r in t6.rows][1:] == [1, 2, 2, 1]
    assert t5.rows[0].code == "2010601" and t5.rows[0].name == "行政运行" and t5.rows[0].level == 3
    assert t5.rows[1].code is None and t5.rows[1].name == "2024年新增项目"
    assert t5.rows[2].code is None
    # integer amounts (元 tables) are amounts, not codes
    assert t5.rows[0].amount(1) == Decimal("1000")
    assert t5.rows[1].amount(1) == Decimal("20")


# --------------------------------------------------------------------------- continuation, wraps, shifts


def _page1():
    return [
        L("一般公共预算项目支出情况表", 1),
        L("编制单位：某局", 1),
        L("单位：万元", 1),
        G(
            HEAD3
            + [
                ["", "", "", "合计", "30.00", "", "30.00"],
                ["220", "", "", "自然资源海洋气象等支出", "30.00", "", "30.00"],
                ["220", "01", "", "自然资源事务", "30.00", "", "30.00"],
                ["220", "01", "99", "其他自然资源事务支出（执法", "30.00", "", "30.00"],
            ],
            page=1,
        ),
    ]


def test_continuation_merged_with_repeated_header_dropped_and_wrap_rejoined():
    page2 = [
        L("- 2 -", 2),
        L("编制单位：某局", 2),
        L("单位：万元", 2),
        G(
            HEAD3 + [["", "", "", "办案）", "", "", ""], ["221", "", "", "住房保障支出", "0.00", "", ""]],
            page=2,
        ),
    ]
    doc = doc_of(_page1(), page2)
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.pages == [1, 2] and t.unit_name == "某局"
    assert [r.code for r in t.rows] == [None, "220", "22001", "2200199", "221"]
    assert t.rows[3].name == "其他自然资源事务支出（执法办案）"
    assert len(t.header) == 2


def test_blank_rows_inside_a_ruled_grid_are_not_wraps():
    doc = doc_of(
        [
            L("收入总体情况表"),
            G(
                [
                    ["项目", "总计", "一般公共预算"],
                    ["总计", "10.00", "10.00"],
                    ["一般财力", "10.00", "10.00"],
                    ["上级转移支付", "", ""],
                    ["政府性基金", "", ""],
                ]
            ),
        ]
    )
    t = doc.tables[0]
    assert [r.name for r in t.rows] == ["总计", "一般财力", "上级转移支付", "政府性基金"]


def test_wraps_in_unruled_grid_and_list_marker_not_wrapped():
    doc = doc_of(
        [
            L("收入总体情况表"),
            G(
                [
                    ["项目", "总计"],
                    ["合计", "10.00"],
                    ["上级补助收入和附属单位", "10.00"],
                    ["上缴收入", ""],
                    ["其中：事业收入", ""],
                ],
                ruled=False,
            ),
        ]
    )
    t = doc.tables[0]
    assert [r.name for r in t.rows] == ["合计", "上级补助收入和附属单位上缴收入", "其中：事业收入"]


def test_name_alone_at_page_foot_joins_next_page_row():
    page1 = [L("收入总体情况表", 1), G([["项目", "总计"], ["合计", "10.00"], ["附属单位上缴", ""]], page=1)]
    page2 = [G([["项目", "总计"], ["收入", "10.00"]], page=2)]
    t = doc_of(page1, page2).tables[0]
    assert [r.name for r in t.rows] == ["合计", "附属单位上缴收入"]
    assert t.rows[1].amount(1) == Decimal("10.00")


def test_grid_after_narrative_is_not_a_continuation():
    doc = doc_of(
        [
            L("收入总体情况表"),
            G([["项目", "总计"], ["合计", "10.00"]]),
            L("三、关于支出情况的说明：本年度支出较上年有所增加，主要原因是人员经费增加。"),
            G([["类别", "人数"], ["在职", "12.00"]]),
        ]
    )
    assert len(doc.tables) == 2
    assert doc.tables[0].std == StdTable.B_INCOME and len(doc.tables[0].rows) == 1
    assert doc.tables[1].std is None and doc.tables[1].id == "T02"


def test_shifted_columns_realigned_by_position():
    xs = [10.0, 60.0, 110.0, 160.0, 210.0]
    page1 = [
        L("支出总体情况表", 1),
        G(
            [["科目名称", "项目名称", "合计", "基本支出", "项目支出"], ["合计", "", "6.00", "2.00", "4.00"]],
            page=1,
            xs=xs,
        ),
    ]
    # the next page lost the empty 项目名称 column: cells sit under their header by x position
    page2 = [
        G(
            [["行政运行", "3.00", "1.00", "2.00"], ["事业运行", "3.00", "1.00", "2.00"]],
            page=2,
            xs=[10.0, 110.0, 160.0, 210.0],
        )
    ]
    t = doc_of(page1, page2).tables[0]
    assert [(r.name, r.amount(2), r.amount(3), r.amount(4)) for r in t.rows[1:]] == [
        ("行政运行", Decimal("3.00"), Decimal("1.00"), Decimal("2.00")),
        ("事业运行", Decimal("3.00"), Decimal("1.00"), Decimal("2.00")),
    ]
    assert t.rows[1].cell(2).page == 2 and t.rows[1].cell(2).bbox is not None


def test_shifted_columns_without_boxes_right_align_amounts():
    page1 = [
        L("支出总体情况表", 1),
        G([["科目名称", "项目名称", "合计", "基本支出"], ["合计", "", "6.00", "2.00"]], page=1),
    ]
    page2 = [G([["行政运行", "3.00", "1.00"]], page=2)]
    doc = doc_of(page1, page2)
    t = doc.tables[0]
    assert (
        t.rows[1].name == "行政运行"
        and t.rows[1].amount(2) == Decimal("3.00")
        and t.rows[1].amount(3) == Decimal("1.00")
    )
    assert doc.warnings and "列数不同" in doc.warnings[0]


# --------------------------------------------------------------------------- two-sided, empty tables, titles


def test_two_sided_table_read_as_two_lists():
    doc = doc_of(
        [
            L("收入支出决算总表"),
            L("公开01表"),
            G(
                [
                    ["收入", "", "", "支出", "", ""],
                    ["项目", "行次", "金额", "项目", "行次", "金额"],
                    ["栏次", "", "1", "栏次", "", "2"],
                    ["一、财政拨款收入", "1", "100.00", "一、一般公共服务支出", "32", "60.00"],
                    ["", "2", "", "二、外交支出", "33", "40.00"],
                    ["本年收入合计", "3", "100.00", "本年支出合计", "34", "100.00"],
                ]
            ),
        ]
    )
    t = doc.tables[0]
    assert t.std == StdTable.F_OVERVIEW and t.two_sided and t.number == "公开01表"
    assert [c.side for c in t.columns] == ["收入"] * 3 + ["支出"] * 3
    assert [c.role for c in t.columns] == ["name", "text", "amount", "name", "text", "amount"]
    inc = [r.name for r in t.rows if r.side == "收入"]
    exp = [r.name for r in t.rows if r.side == "支出"]
    assert inc == ["一、财政拨款收入", "本年收入合计"]
    assert exp == ["一、一般公共服务支出", "二、外交支出", "本年支出合计"]
    total_in = t.find_row("本年收入合计", side="收入")
    assert total_in.kind == "total" and total_in.amount(2) == Decimal("100.00")
    assert t.find_row("本年支出合计", side="支出").amount(5) == Decimal("100.00")
    assert t.find_column("金额", side="支出").index == 5


def test_empty_table_note_after_title_and_after_grid():
    doc = doc_of(
        [
            L("政府性基金预算支出情况表"),
            L("本单位没有政府性基金预算拨款安排的支出，故本表为空表。"),
            G([["科目编码", "科目名称", "合计"], ["", "合计", ""]]),
            L("国有资本经营预算支出情况表"),
            G([["科目编码", "科目名称", "合计"]]),
            L("说明：本单位本年度没有国有资本经营预算财政拨款支出，故本表无数据。"),
            L("财政拨款“三公”经费支出情况表"),
            G([["项目", "合计"], ["合计", ""]]),
            L("第三部分 情况说明"),
        ]
    )
    gov, soe, three = doc.tables
    assert gov.empty and gov.empty_note.endswith("故本表为空表。")
    assert soe.empty and soe.empty_note.startswith("说明：") and soe.rows == []
    assert three.empty and three.empty_note is None  # empty without its note: a finding for the rules


def test_non_empty_table_has_no_empty_note():
    doc = doc_of(
        [L("收入总体情况表"), G([["项目", "总计"], ["合计", "1.00"]]), L("注：本表无政府性基金收入。")]
    )
    assert not doc.tables[0].empty and doc.tables[0].empty_note is None


def test_title_in_grid_first_row_and_toc_lines_ignored():
    doc = doc_of(
        [
            L("目 录"),
            L("一、收支总体情况表"),
            L("二、收入总体情况表"),
            L("三、支出总体情况表"),
            L("第一部分 部门概况：本部门负责全市的信访工作，内设机构五个。"),
            G(
                [
                    ["收入总体情况表", "收入总体情况表", "收入总体情况表"],
                    ["编制单位：某局", "", "单位：元"],
                    ["项目", "总计", "一般公共预算"],
                    ["合计", "1,200", "1,200"],
                ]
            ),
        ]
    )
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.std == StdTable.B_INCOME and t.unit == "元" and t.unit_name == "某局"
    assert t.rows[0].amount(1) == Decimal("1200")
    assert doc.money_unit == "元"


def test_performance_table_rows_kept_as_text():
    doc = doc_of(
        [
            L("项目支出绩效目标表"),
            L("(2024 年)"),
            G(
                [
                    ["项目名称", "", "执法办案经费"],
                    ["项目资金(万元)", "年度预算总额", "160.00"],
                    ["一级指标", "二级指标", "三级指标"],
                    ["产出指标", "数量指标", "立案率"],
                ]
            ),
        ]
    )
    t = doc.tables[0]
    assert t.id == "P001" and t.std == StdTable.PERF_TARGET_PROJECT
    assert all(c.role == "text" for c in t.columns)
    assert [c.text for c in t.rows[0].cells] == ["项目名称", "", "执法办案经费"]
    assert not t.empty


def test_page_facts_and_blank_pages():
    raw = RawDocument(
        path="x.pdf",
        sha256="0" * 64,
        format="pdf",
        pages=[
            RawPage(number=1, width=595, height=842, blocks=[L("2024年部门预算", 1)], char_count=8),
            RawPage(number=2, width=595, height=842, blocks=[], char_count=0),
            RawPage(number=3, width=842, height=595, blocks=[], char_count=0, image_area=0.95),
        ],
    )
    doc = assemble(raw)
    assert doc.page_count == 3
    assert doc.page_sizes[2] == (842, 595)
    assert doc.blank_pages == [2]  # page 3 is a scan, not blank


def test_page_break_row_after_a_complete_label_is_not_a_wrap():
    # putuo_czj_2024_final: "本年收入合计" ends page 6, "使用非财政拨款结余（含专用结余）" starts page 7
    head = [["收入", "", "支出", ""], ["项目", "决算数", "项目", "决算数"]]
    page1 = [
        L("收入支出决算总表", 1),
        G(head + [["本年收入合计", "2,946.25", "本年支出合计", "2,940.05"]], page=1),
    ]
    page2 = [
        G(
            [
                ["使用非财政拨款结余（含专用结余）", "", "结余分配", ""],
                ["年初结转和结余", "49.14", "年末结转和结余", "55.34"],
            ],
            page=2,
        )
    ]
    t = doc_of(page1, page2).tables[0]
    assert [r.name for r in t.rows if r.side == "收入"] == [
        "本年收入合计",
        "使用非财政拨款结余（含专用结余）",
        "年初结转和结余",
    ]
    assert [r.name for r in t.rows if r.side == "支出"] == ["本年支出合计", "结余分配", "年末结转和结余"]


def test_title_repeated_on_each_page_continues_the_table():
    head = [["项目", "合计"]]
    pages = [
        [
            L("公开表3", 1),
            L("支出总体情况表", 1),
            L("单位：万元", 1),
            G(head + [["合计", "3.00"], ["一般公共服务支出", "1.00"]], page=1),
        ],
        [
            L("公开表3", 2),
            L("支出总体情况表", 2),
            L("单位：万元", 2),
            G(head + [["教育支出", "2.00"]], page=2),
        ],
        [
            L("公开表4", 3),
            L("财政拨款收支总体情况表", 3),
            G([["收入", "", "支出", ""], ["合计", "1.00", "合计", "1.00"]], page=3),
        ],
    ]
    doc = doc_of(*pages)
    assert [t.std for t in doc.tables] == [StdTable.B_EXPENSE, StdTable.B_FISCAL]
    assert [r.name for r in doc.tables[0].rows] == ["合计", "一般公共服务支出", "教育支出"]
    assert doc.tables[0].pages == [1, 2] and doc.tables[0].number == "公开表3"


def test_performance_tables_with_the_same_title_stay_separate():
    grid = [["项目名称", "执法办案经费"], ["年度预算总额", "160.00"]]
    doc = doc_of([L("项目支出绩效目标表"), G(grid), L("项目支出绩效目标表"), G(grid)])
    assert [t.id for t in doc.tables] == ["P001", "P002"]


def test_amount_only_table_and_two_level_names():
    doc = doc_of(
        [
            L("支出预算总表"),
            G([["合计", "基本支出", "项目支出"], ["24169.74", "15844.04", "4335.30"]]),
            L("收入预算总表"),
            G(
                [
                    ["项目名称", "", "金额"],
                    ["收入总计", "", "24169.74"],
                    ["一般公共预算资金", "小计", "24169.74"],
                    ["", "公共财政拨款（补助）资金", "24169.74"],
                ]
            ),
        ]
    )
    t3, t2 = doc.tables
    assert [c.role for c in t3.columns] == ["amount"] * 3
    assert len(t3.rows) == 1 and t3.rows[0].amount(0) == Decimal("24169.74") and not t3.empty
    assert [r.name for r in t2.rows] == ["收入总计", "一般公共预算资金/小计", "公共财政拨款（补助）资金"]
    assert [r.kind for r in t2.rows] == ["total", "subtotal", "data"]


def test_merged_header_cells_spread_only_under_their_parent():
    doc = doc_of(
        [
            L("财政拨款“三公”经费支出决算表"),
            G(
                [
                    ["合计", "", "公务用车购置及运行费", "", "", "", "公务接待费", ""],
                    ["", "", "购置费", "", "运行费", "", "", ""],
                    ["预算数", "决算数", "预算数", "决算数", "预算数", "决算数", "预算数", "决算数"],
                    ["1.00", "0.95", "", "", "", "", "1.00", "0.95"],
                ]
            ),
        ]
    )
    labels = [c.label for c in doc.tables[0].columns]
    assert labels[3] == "公务用车购置及运行费/购置费/决算数"
    assert labels[5] == "公务用车购置及运行费/运行费/决算数"
    assert labels[6] == "公务接待费/预算数" and labels[7] == "公务接待费/决算数"
    assert doc.tables[0].find_column("公务接待费", "决算").index == 7


# --------------------------------------------------------------------------- real publications (PDF reader + assembler)

FINAL9 = [
    StdTable.F_OVERVIEW,
    StdTable.F_INCOME,
    StdTable.F_EXPENSE,
    StdTable.F_FISCAL,
    StdTable.F_GPB,
    StdTable.F_GPB_BASIC,
    StdTable.F_THREE_PUBLIC,
    StdTable.F_GOV_FUND,
    StdTable.F_SOE,
]


def _std_list(doc):
    return [t.std for t in doc.tables if t.std is not None and not t.std.value.startswith("perf_")]


@pytest.mark.slow
def test_real_final_account_nine_tables():
    from tests.conftest import parsed

    doc = parsed("final/nfb_xinfang_2024_final.pdf")
    # the national template: 政府性基金 (07) and 国有资本 (08) before 三公 (09)
    assert _std_list(doc) == FINAL9[:6] + [StdTable.F_GOV_FUND, StdTable.F_SOE, StdTable.F_THREE_PUBLIC]
    assert [t.number for t in doc.standard_tables] == [f"公开{i:02d}表" for i in range(1, 10)]
    t1 = doc.table(StdTable.F_OVERVIEW)
    assert t1.two_sided and t1.number == "公开01表" and t1.unit == "万元" and t1.unit_name == "国家信访局"
    assert [c.role for c in t1.columns if c.side == "收入"] == [
        "name",
        "text",
        "amount",
    ]  # 行次 is not an amount
    r = t1.find_row("一般公共预算财政拨款收入", side="收入")
    assert r.amount(t1.find_column("金额", side="收入").index) == Decimal("19572.91")
    t5 = doc.table(StdTable.F_GPB)
    total = t5.rows[0]
    assert total.kind == "total" and total.name == "合计"
    assert total.amount(t5.find_column("小计").index) == Decimal("13733.80")
    assert t5.row_by_code("2014001").name == "行政运行"
    gov = doc.table(StdTable.F_GOV_FUND)
    assert gov.empty and gov.empty_note.startswith("说明：")
    assert [t.std for t in doc.tables if t.std and t.std.value.startswith("perf_")][:1] == [
        StdTable.PERF_SELF_PROJECT
    ]


@pytest.mark.slow
def test_real_final_two_sided_over_two_pages():
    from tests.conftest import parsed

    doc = parsed("final/putuo_czj_2024_final.pdf")
    assert _std_list(doc) == FINAL9
    t1 = doc.table(StdTable.F_OVERVIEW)
    assert t1.pages == [6, 7]
    inc = [r.name for r in t1.rows if r.side == "收入"]
    assert inc[inc.index("本年收入合计") + 1] == "使用非财政拨款结余（含专用结余）"
    col = t1.amount_columns("收入")[0].index
    assert t1.find_row("本年收入合计", side="收入").amount(col) == Decimal("2946.25")
    assert t1.find_row("年初结转和结余", side="收入").amount(col) == Decimal("49.14")


@pytest.mark.slow
def test_real_budget_repeated_title_pages_merged():
    from tests.conftest import parsed

    doc = parsed("budget/yt_xinfang_2026_dept_budget.pdf")
    stds = _std_list(doc)
    assert stds[:9] == [
        StdTable.B_OVERVIEW,
        StdTable.B_INCOME,
        StdTable.B_EXPENSE,
        StdTable.B_FISCAL,
        StdTable.B_GPB,
        StdTable.B_GPB_BASIC,
        StdTable.B_THREE_PUBLIC,
        StdTable.B_GOV_FUND,
        StdTable.B_SOE,
    ]
    assert stds.count(StdTable.B_INCOME) == 1 and stds.count(StdTable.B_GPB_BASIC) == 1
    t2 = doc.table(StdTable.B_INCOME)
    assert t2.pages == [7, 8] and t2.number == "公开表2" and t2.unit_name == "烟台市信访局"
    assert doc.table(StdTable.B_FISCAL).empty  # 2026年没有使用财政拨款收入和支出
    assert doc.table(StdTable.B_GOV_FUND).empty_note.startswith("（注：")


def test_toc_printed_as_a_grid_is_not_a_table():
    doc = doc_of(
        [
            G([["目录", "", ""]]),
            G([["1", "收支总表", "3"], ["2", "收入总表", "4"], ["3", "支出总表", "5"]]),
        ]
    )
    assert not [t for t in doc.tables if t.std is not None]


def test_partial_documents_assemble_without_errors():
    """The reader calls assemble on the pages read so far: any prefix must assemble."""
    from gouji.io.readers.text import read_text
    from tests.conftest import corpus

    raw = read_text(str(corpus("seeds/000_407e03e18ae36581.txt")), "0" * 64)
    blocks = raw.pages[0].blocks
    found = []
    for cut in (3, 40, 60, 75, 90, 130, 200, 400):
        part = RawDocument(
            path=raw.path, sha256=raw.sha256, format="text", pages=[RawPage(number=None, blocks=blocks[:cut])]
        )
        doc = assemble(part)
        found.append(len(doc.standard_tables))
    assert found == sorted(found) and found[0] == 0 and found[-1] == 11


def test_code_context_variants():
    from gouji.io.assemble.table_codes import CodeContext

    c = CodeContext()
    assert c.from_columns(["208", "", ""]) == "208"
    assert c.from_columns(["", "05", ""]) == "20805"
    assert c.from_columns(["", "", "01"]) == "2080501"
    assert c.from_columns(["208", "20805", "2080505"]) == "2080505"  # cumulative codes
    assert c.from_columns(["21011", "", ""]) == "21011"  # full code in the 类 column
    assert c.from_columns(["[210]", "", ""]) == "210"
    assert c.from_columns(["合计", "", ""]) is None
    assert c.from_single("06") == "21006"  # a bare 款 under 210
    assert c.from_single("01") == "2100601"  # then a bare 项 under 21006
    e = CodeContext(economic=True)
    assert [e.from_single(x) for x in ("301", "01", "02", "302")] == ["301", "30101", "30102", "302"]
    assert CodeContext().from_single("05") is None  # no context: not a code


@pytest.mark.slow
@pytest.mark.parametrize(
    "rel",
    [
        "final/nfb_xinfang_2024_final.pdf",
        "final/putuo_czj_2024_final.pdf",
        "final/putuo_ghzy_2024_final.pdf",
        "budget/cq_qxj_2026_dept_budget.pdf",
        "budget/gz_xinfang_2026_dept_budget.pdf",
        "budget/yt_xinfang_2026_dept_budget.pdf",
    ],
)
def test_real_tables_totals_equal_class_sums(rel):
    """Column alignment across pages: each 合计 row equals the Σ of the 类 rows in every amount column."""
    from tests.conftest import parsed

    doc = parsed(rel)
    checked = 0
    for t in doc.tables:
        if t.two_sided or t.perf is not None:
            continue
        for side in {r.side for r in t.rows}:  # blocks printed side by side (人员经费 | 公用经费)
            classes = [r for r in t.rows if r.level == 1 and r.side == side]
            totals = [r for r in t.rows if r.kind == "total" and r.code is None and r.side == side]
            if not classes or not totals:
                continue
            own = {c.index for c in t.amount_columns(side)}
            if any(x.value is not None and x.col not in own for x in totals[0].cells):
                continue  # the block's total is printed under the next block
            for c in t.amount_columns(side):
                v = totals[0].amount(c.index)
                s = sum((r.amount(c.index) or Decimal(0)) for r in classes)
                assert abs(s - v) <= Decimal("0.01") * len(classes), (t.id, t.title, side, c.label, v, s)
                checked += 1
    assert checked >= 8


def test_empty_note_printed_inside_the_grid():
    doc = doc_of(
        [
            L("政府性基金预算财政拨款支出预算表"),
            G([["功能科目编码", "功能科目名称", "金额"], ["合计", "", ""], ["此表为空", "", ""]]),
        ]
    )
    t = doc.tables[0]
    assert t.empty and t.empty_note == "此表为空"


def test_title_and_unit_on_one_line():
    doc = doc_of([L("收入总表    编制单位：某局    单位：万元"), G([["项目", "总计"], ["合计", "1.00"]])])
    t = doc.tables[0]
    assert t.std == StdTable.B_INCOME and t.unit == "万元" and t.unit_name == "某局"
    assert t.title == "收入总表"


def test_header_repeated_inside_one_grid_is_dropped():
    head = [["项目", "合计", "基本支出"], ["栏次", "1", "2"]]
    doc = doc_of(
        [L("支出总表"), G(head + [["合计", "3.00", "3.00"]] + head + [["教育支出", "3.00", "3.00"]])]
    )
    assert [r.name for r in doc.tables[0].rows] == ["合计", "教育支出"]


def test_text_and_perf_failures_keep_the_tables(monkeypatch):
    import gouji.io.assemble.assembler as assemble_mod
    import gouji.io.assemble.perf as perf

    def boom(*a, **k):
        raise ValueError("坏数据")

    monkeypatch.setattr(assemble_mod, "build_text", boom)
    monkeypatch.setattr(perf, "parse_perf", boom)
    monkeypatch.setattr(perf, "parse_perf_groups", boom)
    doc = doc_of(
        [
            L("收入总表"),
            G([["项目", "总计"], ["合计", "1.00"]]),
            L("第三部分 情况说明：本单位收入预算 1.00 万元。"),
            L("项目支出绩效目标表"),
            G([["项目名称", "某项目"]]),
        ]
    )
    assert [t.id for t in doc.tables] == ["T01", "P001"]
    assert doc.tables[1].perf is None and doc.tables[1].rows
    assert any("正文章节未能完整解析" in w for w in doc.warnings)
    assert any("绩效表内容未能解析" in w for w in doc.warnings)
    assert any("1.00 万元" in s.text for s in doc.sentences)


# --------------------------------------------------------------------------- notes_for_assembler regressions


def test_side_by_side_blocks_read_as_separate_lists():
    head = [
        ["经济分类", "", "科目名称", "决算数", "经济分类", "", "科目名称", "决算数"],
        ["科目编码", "", "", "", "科目编码", "", "", ""],
        ["类", "款", "", "", "类", "款", "", ""],
    ]
    body = [
        ["301", "", "工资福利支出", "30.00", "302", "", "商品和服务支出", "5.00"],
        ["301", "01", "基本工资", "30.00", "302", "01", "办公费", "5.00"],
        ["", "", "", "", "310", "", "资本性支出", "1.00"],
        ["", "", "", "", "310", "02", "办公设备购置", "1.00"],
        ["人员经费合计", "", "", "30.00", "公用经费合计", "", "", "6.00"],
    ]
    doc = doc_of([L("一般公共预算财政拨款基本支出决算表"), G(head + body)])
    t = doc.tables[0]
    assert [c.side for c in t.columns] == ["人员经费"] * 4 + ["公用经费"] * 4
    assert [c.role for c in t.columns] == ["code", "code", "name", "amount"] * 2
    assert [(r.side, r.code, r.name) for r in t.rows] == [
        ("人员经费", "301", "工资福利支出"),
        ("人员经费", "30101", "基本工资"),
        ("人员经费", None, "人员经费合计"),
        ("公用经费", "302", "商品和服务支出"),
        ("公用经费", "30201", "办公费"),
        ("公用经费", "310", "资本性支出"),
        ("公用经费", "31002", "办公设备购置"),
        ("公用经费", None, "公用经费合计"),
    ]
    assert t.row_by_code("30201").amount(7) == Decimal("5.00") and t.row_by_code("30201").cell(3) is None
    assert t.find_row("公用经费合计").kind == "total"


def test_block_total_printed_under_the_next_block_and_top_labels():
    """nfb 公开06表: "公用经费" spans two blocks; its 合计 label spans to the last block's amount."""
    head = [
        ["人员经费", "", "", "公用经费", "", "", "", "", ""],
        [
            "科目代码",
            "科目名称",
            "决算数",
            "科目代码",
            "科目名称",
            "决算数",
            "科目代码",
            "科目名称",
            "决算数",
        ],
    ]
    body = [
        ["301", "工资福利支出", "9.00", "302", "商品和服务支出", "2.00", "310", "资本性支出", "1.00"],
        ["30101", "基本工资", "9.00", "30201", "办公费", "2.00", "31002", "办公设备购置", "1.00"],
        ["人员经费合计", "", "9.00", "公用经费合计", "", "", "", "", "3.00"],
    ]
    t = doc_of([L("一般公共预算财政拨款基本支出决算表"), G(head + body)]).tables[0]
    assert [c.side for c in t.columns][::3] == ["人员经费", "公用经费", "公用经费（续）"]
    pub = t.find_row("公用经费合计")
    assert pub.side == "公用经费" and [(c.col, c.value) for c in pub.cells if c.value] == [
        (8, Decimal("3.00"))
    ]
    assert len(t.rows) == 8 and all(r.name for r in t.rows)
    assert t.row_by_code("31002").side == "公用经费（续）"


def test_second_code_classification_does_not_join_the_row_code():
    head = [
        [
            "科目编码",
            "",
            "部门预算支出经济分类科目名称",
            "科目编码",
            "",
            "政府预算支出经济分类科目名称",
            "金额",
        ],
        ["类", "款", "", "类", "款", "", ""],
    ]
    body = [
        ["301", "", "工资福利支出", "501", "", "机关工资福利支出", "3.00"],
        ["301", "01", "基本工资", "501", "01", "工资奖金津补贴", "3.00"],
    ]
    t = doc_of([L("一般公共预算基本支出情况表"), G(head + body)]).tables[0]
    assert [r.code for r in t.rows] == ["301", "30101"]
    assert t.columns[3].role == "code" and t.rows[1].cell(3).text == "501"


def test_empty_table_header_with_blank_body_rows():
    head = [
        ["项目", "", "", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
        ["支出功能分类科目编码", "", "", "科目名称", "", "", "小计", "基本支出", "项目支出", ""],
        ["类", "款", "项", "", "", "", "", "", "", ""],
    ]
    blank = [[""] * 10 for _ in range(8)]
    doc = doc_of(
        [
            L("政府性基金预算财政拨款收入支出决算表"),
            G(head + blank + [["合计"] + [""] * 9]),
            L("注：本单位无政府性基金预算财政拨款支出，故本表无数据。"),
        ]
    )
    t = doc.tables[0]
    assert [c.role for c in t.columns] == ["code"] * 3 + ["name"] + ["amount"] * 6
    assert t.columns[6].label == "本年支出/小计"
    assert [r.name for r in t.rows] == ["合计"] and t.empty and t.empty_note.startswith("注：")


def test_blank_line_inside_a_header_keeps_the_header():
    head = [
        ["“三公”经费", "", "", ""],
        ["合计", "", "公务接待费", ""],
        ["", "", "", ""],
        ["预算数", "决算数", "预算数", "决算数"],
    ]
    t = doc_of([L("财政拨款“三公”经费支出决算表"), G(head + [["0.95", "", "0.95", ""]])]).tables[0]
    assert not t.empty and t.find_column("合计", "预算数").index == 0
    assert t.rows[0].amount(t.find_column("公务接待费", "预算数").index) == Decimal("0.95")


@pytest.mark.slow
def test_real_basic_expense_blocks_side_by_side():
    """putuo_czj p16-17 / nfb p12 / yt p15-17: one row per economic code, 人员经费 | 公用经费 blocks."""
    from tests.conftest import parsed

    t = parsed("final/putuo_czj_2024_final.pdf").table(StdTable.F_GPB_BASIC)
    assert t.pages == [16, 17] and {len(r.code) for r in t.coded_rows()} == {3, 5}
    r = t.row_by_code("30101")
    assert (r.name, r.side, r.amount(3)) == ("基本工资", "人员经费", Decimal("262.33"))
    r = t.row_by_code("31002")
    assert (r.name, r.side, r.amount(7)) == ("办公设备购置", "公用经费", Decimal("13.58"))
    assert t.find_row("人员经费合计").amount(3) == Decimal("2152.26")
    assert t.find_row("公用经费合计").amount(7) == Decimal("184.65")
    # 人员经费合计 = 301 + 303, 公用经费合计 = 302 + 310 (printed so)
    assert t.row_by_code("301").amount(3) + t.row_by_code("303").amount(3) == Decimal("2152.26")
    assert t.row_by_code("302").amount(7) + t.row_by_code("310").amount(7) == Decimal("184.65")

    t = parsed("final/nfb_xinfang_2024_final.pdf").table(StdTable.F_GPB_BASIC)
    pub = t.find_row("公用经费合计")
    assert [c.value for c in pub.cells if c.value] == [Decimal("2266.65")]
    assert t.row_by_code("302").amount(5) + t.row_by_code("310").amount(8) == Decimal("2266.65")
    assert t.row_by_code("39907").name == "国家赔偿费用支出"

    t = parsed("budget/yt_xinfang_2026_dept_budget.pdf").table(StdTable.B_GPB_BASIC)
    assert {len(r.code) for r in t.coded_rows()} == {3, 5}
    assert t.row_by_code("30101").name == "基本工资"


@pytest.mark.slow
def test_real_empty_fund_tables_and_three_public():
    """putuo_czj p18: 三公 prints 0.95 (合计/预算数, 公务接待费/预算数); p19-20 header rows are labels."""
    from tests.conftest import parsed

    doc = parsed("final/putuo_czj_2024_final.pdf")
    t = doc.table(StdTable.F_THREE_PUBLIC)
    assert not t.empty and len(t.rows) == 1
    assert t.rows[0].amount(t.find_column("合计", "预算数").index) == Decimal("0.95")
    assert t.rows[0].amount(t.find_column("公务接待费", "预算数").index) == Decimal("0.95")
    for std in (StdTable.F_GOV_FUND, StdTable.F_SOE):
        t = doc.table(std)
        assert t.empty and [r.name for r in t.rows] == ["合计"]
        assert not [c for c in t.columns if c.label.startswith("第")]
        assert t.find_column("本年支出", "基本支出") is not None


@pytest.mark.slow
@pytest.mark.parametrize(
    "rel,std,pos,amount",
    [
        ("final/putuo_czj_2024_final.pdf", StdTable.F_GPB, -1, "2940.05"),
        ("final/putuo_shgzb_2024_final.pdf", StdTable.F_INCOME, 0, "307.82"),
        ("final/putuo_shgzb_2024_final.pdf", StdTable.F_GPB, -1, "307.82"),
        ("final/putuo_ghzy_2024_final.pdf", StdTable.F_EXPENSE, 0, "9759.38"),
        ("final/putuo_ghzy_2024_final.pdf", StdTable.F_GPB, -1, "9746.50"),
    ],
)
def test_real_total_row_label_in_the_code_column(rel, std, pos, amount):
    """ "合计" printed in the 科目编码 column (merged over 类|款|项|科目名称) names the total row."""
    from tests.conftest import parsed

    t = parsed(rel).table(std)
    total = t.rows[pos]
    assert (total.name, total.kind, total.code) == ("合计", "total", None)
    assert total.amount(t.amount_columns()[0].index) == Decimal(amount)


@pytest.mark.slow
def test_real_three_code_columns_give_full_codes():
    """putuo_czj p8-11: 类 | 款 | 项 under 科目编码 ("201", "06", "01") → 2010601, level 3."""
    from tests.conftest import parsed

    doc = parsed("final/putuo_czj_2024_final.pdf")
    for std in (StdTable.F_INCOME, StdTable.F_EXPENSE):
        t = doc.table(std)
        assert [c.role for c in t.columns[:4]] == ["code", "code", "code", "name"]
        r = t.row_by_code("2010601")
        assert (r.name, r.level) == ("行政运行", 3)
        assert t.row_by_code("20106").level == 2 and t.row_by_code("201").level == 1
        assert t.rows[0].name == "合计" and not any(c.text in ("类", "款", "项") for c in t.rows[0].cells)


@pytest.mark.slow
def test_real_js_jcy_three_public():
    """js_jcy p20: a one-row 三公 table under a 3-row merged header; 237 is an amount, not a name."""
    from tests.conftest import parsed

    t = parsed("budget/js_jcy_2019_dept_budget.pdf").table(StdTable.B_THREE_PUBLIC)
    assert len(t.rows) == 1 and all(c.role == "amount" for c in t.columns)
    r = t.rows[0]
    assert r.amount(t.find_column("合计").index) == Decimal("1276.7")
    assert r.amount(t.find_column("公务用车购置及运行维护费", "小计").index) == Decimal("237")
    assert r.amount(t.find_column("公务用车运行维护费", exclude=("小计",)).index) == Decimal("237")
    assert r.amount(t.find_column("培训费").index) == Decimal("700")


@pytest.mark.slow
def test_real_yt_inherited_codes():
    """yt 公开表3 p9-10: 类 printed only on the class row, 款 only on the 款 row."""
    from tests.conftest import parsed

    t = parsed("budget/yt_xinfang_2026_dept_budget.pdf").table(StdTable.B_EXPENSE)
    assert t.pages == [9, 10]
    assert [(r.code, r.level) for r in t.rows[1:5]] == [
        ("201", 1),
        ("20140", 2),
        ("2014001", 3),
        ("2014050", 3),
    ]
    assert t.row_by_code("2101199").name == "其他行政事业单位医疗支出"  # first row of p10
    assert t.row_by_code("2101199").page == 10


@pytest.mark.slow
def test_real_names_beside_an_empty_name_column():
    """js_jcy 公开05表: names sit in an unlabelled column left of the (empty) 功能科目名称 column."""
    from tests.conftest import parsed

    doc = parsed("budget/js_jcy_2019_dept_budget.pdf")
    t = next(t for t in doc.tables if t.number == "公开05表")
    name = next(c for c in t.columns if c.role == "name")
    assert name.label == "功能科目名称" and t.row_by_code("20404").name == "检察"
    assert not t.row_by_code("20404").cell(name.index)
    inc = doc.table(StdTable.B_INCOME)  # 项目名称 spans two name levels
    assert [c.label for c in inc.columns] == ["项目名称", "项目名称", "金额"]
    assert inc.find_row("一般公共预算资金", "小计").amount(2) == Decimal("24169.74")


def test_unknown_title_followed_by_its_grid_starts_a_table():
    doc = doc_of(
        [
            L("政府性基金预算财政拨款收入支出决算表"),
            L("公开07表"),
            G([["科目名称", "本年收入"], ["合计", "1.00"]]),
            L("2016年部门决算公开相关信息统计表"),
            L("公开08表"),
            L("金额单位：元"),
            G([["项目", "行次", "统计数"], ["（一）车辆数合计（辆）", "7", "20"]]),
        ]
    )
    assert [(t.std, t.number, len(t.rows)) for t in doc.tables] == [
        (StdTable.F_GOV_FUND, "公开07表", 1),
        (None, "公开08表", 1),
    ]
    assert doc.tables[1].title == "2016年部门决算公开相关信息统计表" and doc.tables[1].unit == "元"


def test_unknown_title_needs_its_grid_right_after():
    doc = doc_of(
        [
            L("收入决算表"),
            G([["科目名称", "本年收入"], ["合计", "1.00"]]),
            L("相关信息统计表"),
            L("本单位本年度没有发生相关支出，具体情况如下所述，请参阅说明。"),
            G([["项目", "统计数"], ["车辆", "2"]]),
        ]
    )
    assert [t.title for t in doc.tables][0] == "收入决算表" and "相关信息统计表" not in [
        t.title for t in doc.tables
    ]


@pytest.mark.slow
def test_real_taiyuan_tables_after_unrecognised_titles():
    """taiyuan docx p7-8: "…决算表（二）" and "…相关信息统计表" are tables of their own.

    "（二）" lists 人员经费 | 公用经费 by economic code, but its totals (31,115,468.54 +
    10,427,336.72) are the whole 本年支出合计 41,542,805.26 of "（一）", not its 基本支出
    33,896,894.78: it is not the 基本支出 table, so it keeps std None.
    """
    from tests.conftest import parsed

    doc = parsed("other/taiyuan_fgw_2016_final.docx")
    assert [t.number for t in doc.tables] == [f"公开{i:02d}表" for i in range(2, 10)]
    basic = next(t for t in doc.tables if t.number == "公开06表")
    assert basic.std is None and basic.pages == [7] and doc.table(StdTable.F_GPB_BASIC) is None
    assert [c.side for c in basic.columns if c.role == "name"] == ["人员经费", "公用经费"]
    assert basic.find_row("人员经费合计").amount(2) == Decimal("31115468.54")
    assert basic.find_row("公用经费合计").amount(6) == Decimal("10427336.72")
    assert basic.row_by_code("304").name == "对企事业单位的补贴"  # printed "30400"
    assert all(r.name for r in basic.rows)  # no filler rows ("| | 0.00")
    gpb = doc.table(StdTable.F_GPB)
    assert gpb.pages == [6] and not gpb.find_row("工资福利支出")
    fund = doc.table(StdTable.F_GOV_FUND)
    assert fund.number == "公开07表" and not fund.find_row("货物") and not fund.find_row("车辆数")
    stats = next(t for t in doc.tables if t.number == "公开08表")
    assert stats.std is None and stats.find_row("货物") is not None


@pytest.mark.slow
def test_real_list_style_target_table_one_p_table_per_project():
    """bj_sjj 预算表12 (p12-19): 17 projects under one title → 17 P tables, each on its own pages."""
    from tests.conftest import parsed

    doc = parsed("budget/bj_sjj_2026_budget_tables.pdf")
    ps = [t for t in doc.perf_tables if t.std == StdTable.PERF_TARGET_PROJECT]
    assert len(ps) == 17 and [t.id for t in ps] == [f"P{i:03d}" for i in range(1, 18)]
    assert ps[0].perf.project_name == "11000022T000000460216-《北京审计》杂志办刊经费"
    assert ps[0].perf.fields["年度预算总额"].text == "17.398000" and len(ps[0].perf.indicators) == 7
    # pages as printed: 2 projects on p12, 4 on p17 (one continued from p16), 1 on p19
    assert [t.pages for t in ps[:2]] == [[12], [12]] and ps[10].pages == [16, 17] and ps[-1].pages == [19]
    assert ps[1].rows[0].cells[0].text == "项目名称"  # each part shows the column header
    assert ps[1].title_bbox.top > ps[0].title_bbox.bottom  # later projects point at their 项目名称 cell
    assert doc.table(StdTable.PERF_TARGET_OVERALL).id == "P018"


def test_perf_columns_labelled_from_the_indicator_header():
    doc = doc_of(
        [
            L("项目支出绩效自评表"),
            G(
                [
                    ["项目名称", "某项目", "", "", "", "", "", ""],
                    ["", "一级指标", "二级指标", "三级指标", "权重", "目标值", "业绩值", "完成率"],
                    [
                        "年度绩效指标完成情况",
                        "产出指标",
                        "数量指标",
                        "培训人数",
                        "10",
                        "≥300人",
                        "366人",
                        "122%",
                    ],
                ]
            ),
        ]
    )
    t = doc.tables[0]
    assert [c.label for c in t.columns] == [
        "第1列",
        "一级指标",
        "二级指标",
        "三级指标",
        "权重",
        "目标值",
        "业绩值",
        "完成率",
    ]


def test_reader_warning_and_year_line_reach_the_document():
    raw = RawDocument(
        path="x.xlsx",
        sha256="0" * 64,
        format="xlsx",
        metadata={"warning": "表格中的公式未保存计算结果，金额可能为空。"},
        pages=[
            RawPage(
                number=1,
                width=595,
                height=842,
                char_count=100,
                blocks=[
                    L("部门整体支出绩效目标表", 1),
                    L("（2026年度）", 1),
                    G([["部门名称", "某局"]], page=1),
                ],
            )
        ],
    )
    doc = assemble(raw)
    assert doc.warnings[0] == "表格中的公式未保存计算结果，金额可能为空。"
    assert doc.tables[0].std == StdTable.PERF_TARGET_OVERALL
    assert doc.year == 2026  # the year printed only under the title is passed to the text side


@pytest.mark.slow
def test_real_rendered_seed_toc_line_is_no_table_and_notes_whole():
    """seed000.pdf: the 目录 (p2-3) opens no table; 表8/表9 empty notes keep their start."""
    from tests.conftest import parsed

    doc = parsed("rendered/seed000.pdf")
    assert doc.standard_tables[0].std == StdTable.B_OVERVIEW and doc.standard_tables[0].pages == [5]
    assert len(doc.tables_of(StdTable.B_CARRYOVER)) == 1
    for std, word in ((StdTable.B_GOV_FUND, "政府性基金"), (StdTable.B_SOE, "国有资本经营")):
        t = doc.table(std)
        assert t.empty and t.empty_note == (
            f"自治区国土资源执法监察总队 2024 年没有使用{word}预算拨款安排的支出，{word}预算支出情况表为空表。"
        )


@pytest.mark.slow
def test_real_template_leftover_note_under_an_empty_table_stays_in_the_text():
    """shgzb p15-16: "…仍保留该表格式，并在本表下方作下述说明：" is printed (a template leftover)."""
    from tests.conftest import parsed

    doc = parsed("final/putuo_shgzb_2024_final.pdf")
    left = [s for s in doc.sentences if "仍保留该表格式" in s.text]
    assert [s.page for s in left] == [15, 16]
    t = doc.table(StdTable.F_GOV_FUND)
    assert t.empty and t.empty_note.startswith("说明：") and t.empty_note.endswith("故本表无数据。")


@pytest.mark.slow
def test_real_perf_continuation_page_with_fewer_columns_is_realigned():
    """nfb p30-31: p31 prints the form without two empty columns; indicators keep their fields."""
    from tests.conftest import parsed

    t = next(t for t in parsed("final/nfb_xinfang_2024_final.pdf").perf_tables if t.pages == [30, 31])
    ind = {i.name: i for i in t.perf.indicators}
    i = ind["信访系统干部整体素质"]  # first row of p31
    assert (i.target, i.weight, i.score, i.page) == ("有所提高", Decimal("10"), Decimal("9"), 31)
    assert i.actual.startswith("持续开展分层分类精准培训")
    assert (ind["受训学员满意率"].actual, ind["受训学员满意率"].score) == ("100%", Decimal("10"))
    assert sum(x.weight for x in t.perf.indicators) == Decimal("90")
    assert t.perf.total_score.value == Decimal("98")


def test_real_seed_project_table_name_printed_one_column_off():
    """seed 000 表7 (from the 吐鲁番 page on): names sit in the 项目名称 column; that cell is the name."""
    from tests.conftest import parsed

    t = parsed("seeds/000_407e03e18ae36581.txt").table(StdTable.B_GPB_PROJECT)
    proj = next(c.index for c in t.columns if c.label == "项目名称")
    unit = t.find_row("托克逊县国土资源执法监察大队")
    assert unit.code is None and unit.cell(proj) is None and unit.amount(5) == Decimal("30.00")
    k = t.rows.index(unit)
    assert [(r.code, r.name, r.cell(proj)) for r in t.rows[k + 1 : k + 3]] == [
        ("220", "自然资源海洋气象等支出", None),
        ("22001", "自然资源事务", None),
    ]
    # rows printed in place keep their 项目名称
    assert t.rows[4].cell(proj).text == "全区国土资源执法监察系统执法办案补充经费"


def test_total_label_printed_in_the_last_header_line():
    head = [
        ["项目", "", "年初结转和结余", "本年支出", "", ""],
        ["功能分类科目编码", "科目名称", "", "", "", ""],
        ["合计", "", "", "合计", "基本支出", "项目支出"],
    ]
    t = doc_of([L("政府性基金预算财政拨款收入支出决算表"), G(head + [[""] * 6, [""] * 6])]).tables[0]
    assert [c.label for c in t.columns] == [
        "项目/功能分类科目编码",
        "项目/科目名称",
        "年初结转和结余",
        "本年支出/合计",
        "本年支出/基本支出",
        "本年支出/项目支出",
    ]
    assert [(r.name, r.kind) for r in t.rows] == [("合计", "total")] and t.empty


def test_total_header_cell_merged_over_two_lines_stays_a_label():
    head = [
        ["“三公”经费预算数", "“三公”经费预算数", "机关运行经费预算数"],
        ["合计", "公务接待费", "机关运行经费预算数"],
        ["合计", "公务接待费", "机关运行经费预算数"],
    ]
    t = doc_of([L("2026年单位“三公”经费和机关运行经费预算表"), G(head + [["3.00", "3.00", "9.00"]])]).tables[
        0
    ]
    assert t.columns[0].label == "“三公”经费预算数/合计" and len(t.rows) == 1


def test_untitled_grid_header_with_a_unit_word_is_kept():
    doc = doc_of(
        [
            L("2026年，本部门重点项目绩效目标情况如下："),
            G(
                [
                    ["项目", "预算数（单位：万元）", "绩效目标"],
                    ["云客服服务外包项目", "252.28", "组建专业的客服服务团队。"],
                ]
            ),
        ]
    )
    t = doc.tables[0]
    assert [c.label for c in t.columns] == ["项目", "预算数（单位：万元）", "绩效目标"]
    assert t.rows[0].name == "云客服服务外包项目" and t.rows[0].amount(1) == Decimal("252.28")


def test_stub_line_with_a_spilled_header_word():
    head = [
        ["科目名称", "总计", "财政拨款", ""],
        ["", "", "一般公共预算", "政府性基金预算"],
        ["※", "1", "2", "基金 3安排"],
    ]
    t = doc_of([L("收入总体情况表"), G(head + [["总计", "5.00", "5.00", ""]])]).tables[0]
    assert [c.label for c in t.columns][:3] == ["科目名称", "总计", "财政拨款/一般公共预算"]
    assert [r.name for r in t.rows] == ["总计"]


def test_code_name_with_hyphen_and_department_classification_first():
    head = [["政府支出经济分类科目", "部门支出经济分类科目", "预算数"]]
    body = [["50101-工资奖金津补贴", "30101-基本工资", "3.00"], ["50201-办公经费", "30201－办公费", "1.00"]]
    t = doc_of([L("一般公共预算基本支出表"), G(head + body)]).tables[0]
    assert [(r.code, r.name) for r in t.rows] == [("30101", "基本工资"), ("30201", "办公费")]
    assert t.rows[0].cell(0).text == "50101-工资奖金津补贴"


def test_code_parts_under_one_code_header_cell():
    """ "科目编码" printed once over three columns (no 类/款/项 line): "06", "01" are code parts."""
    head = [["科目编码", "", "", "科目名称", "合计", "基本支出"]]
    body = [
        ["", "", "", "合计", "9.00", "9.00"],
        ["201", "", "", "一般公共服务支出", "9.00", "9.00"],
        ["", "06", "", "财政事务", "9.00", "9.00"],
        ["", "", "01", "行政运行", "9.00", "9.00"],
    ]
    t = doc_of([L("支出决算表"), G(head + body)]).tables[0]
    assert [c.role for c in t.columns] == ["code", "code", "code", "name", "amount", "amount"]
    assert [(r.code, r.level) for r in t.rows] == [(None, None), ("201", 1), ("20106", 2), ("2010601", 3)]
    assert [c.label for c in t.amount_columns()] == ["合计", "基本支出"]


def test_real_seed_name_tail_one_column_off_after_a_page_break():
    """seed 000 表7 line 605 / 612: "吐鲁番市高昌区国土资源执法监察" then, on the next page, "大队" one column right."""
    from tests.conftest import parsed

    t = parsed("seeds/000_407e03e18ae36581.txt").table(StdTable.B_GPB_PROJECT)
    r = t.find_row("吐鲁番市高昌区国土资源执法监察")
    assert r.name == "吐鲁番市高昌区国土资源执法监察大队" and r.amount(5) == Decimal("28.00")
    assert not t.find_row("大队") or t.find_row("大队").name != "大队"
    assert len(t.rows) == 409  # as the PDF / DOCX / XLSX renderings of the seed


def test_name_tail_spilled_into_the_next_empty_column():
    head = [["科目编码", "科目名称", "项目名称", "合计"]]
    body = [["", "某某区执法监察", "大队", "3.00"], ["2200199", "其他自然资源事务支出", "执法经费", "3.00"]]
    body += [["", f"第{k}执法大队", "", "1.00"] for k in range(12)]
    t = doc_of([L("一般公共预算项目支出情况表"), G(head + body)]).tables[0]
    assert t.rows[0].name == "某某区执法监察大队" and t.rows[0].cell(2).text == ""
    assert t.rows[1].cell(2).text == "执法经费"  # a coded row's 项目名称 stays


@pytest.mark.slow
@pytest.mark.parametrize("rel", ["rendered/seed000.docx", "rendered/seed000.pdf"])
def test_real_seed_renderings_join_the_spilled_unit_name(rel):
    """The seed converter put "大队" of 吐鲁番市高昌区国土资源执法监察大队 into the 项目名称 column (p19)."""
    from tests.conftest import parsed

    t = parsed(rel).table(StdTable.B_GPB_PROJECT)
    r = t.find_row("吐鲁番市高昌区国土资源执法监察")
    assert r.name == "吐鲁番市高昌区国土资源执法监察大队" and r.amount(5) == Decimal("28.00")


def test_sentence_pointing_at_the_grid_below_is_no_title():
    doc = doc_of([L("本部门纳入决算汇编范围的单位情况见下表"), G([["序号", "单位名称"], ["1", "某局本级"]])])
    assert not doc.tables


def test_captioned_grids_in_a_report():
    """nfb p46 / p48: "表 1：项目年度绩效指标表" (text only) stays text; "表 2：…得分情况表" is a table."""
    doc = doc_of(
        [
            L("表 1：项目年度绩效指标表"),
            G([["一级指标", "二级指标", "指标值"], ["产出指标", "数量指标", "≥330 台套"]]),
            L("三、综合评价情况及评价结论"),
            L("表 2：综合评价得分情况表"),
            G([["一级指标", "分值", "得分"], ["决策", "20", "17.90"], ["合计", "100", "85.19"]]),
        ]
    )
    assert [(t.number, t.title) for t in doc.tables] == [("表2", "表 2：综合评价得分情况表")]
    assert doc.tables[0].find_row("合计").amount(2) == Decimal("85.19")
    assert any("项目年度绩效指标表" in s.text for s in doc.sentences)


def test_side_by_side_blocks_without_code_columns():
    head = [["人员经费", "", "公用经费", ""], ["科目名称", "金额", "科目名称", "金额"]]
    body = [["工资福利支出", "8.00", "商品和服务支出", "2.00"], ["", "", "资本性支出", "1.00"]]
    t = doc_of([L("基本支出预算表"), G(head + body)]).tables[0]
    assert [(r.side, r.name) for r in t.rows] == [
        ("人员经费", "工资福利支出"),
        ("公用经费", "商品和服务支出"),
        ("公用经费", "资本性支出"),
    ]
    # an ordinary "名称 | 金额 | 说明" table is one list
    t = doc_of([L("基本支出预算表"), G([["项目", "金额", "说明"], ["办公费", "1.00", "日常"]])]).tables[0]
    assert [r.side for r in t.rows] == [None]


# --------------------------------------------------------------------------- issue 9: titles and boundaries


@pytest.mark.parametrize(
    "title,std,number",
    [
        ("表1：2026年市级部门收支预算总表", StdTable.B_OVERVIEW, "表1"),
        ("表10.2026年市级部门项目支出预算表", StdTable.B_PROJECT_LIST, "表10"),
        ("表6：2026年市级部门一般公共预算基本支出预算表", StdTable.B_GPB_BASIC, "表6"),
        ("部门综合预算一般公共预算支出明细表（按支出功能分类科目）", StdTable.B_GPB, None),
        ("2022年部门综合预算政府性基金收支表（不含上年结转）", StdTable.B_GOV_FUND, None),
        ("部门综合预算政府采购（资产配置、购买服务）预算表", StdTable.B_PROCUREMENT, None),
        ("基本支出总表", None, None),
        ("项目支出总表", None, None),
    ],
)
def test_catalog_numbered_prefixed_and_bracketed_titles(title, std, number):
    m = match_title(title)
    assert m is not None and (m.std, m.number) == (std, number)


def test_catalog_label_colon_is_no_licence_for_sentences():
    assert match_title("表1：本部门收支总表，详见附件") is None
    assert match_title("单位：收支总表") is None


def _expense_grid(code: str, name: str) -> list[list[str]]:
    return [["科目编码", "科目名称", "合计", "基本支出", "项目支出"], [code, name, "3.00", "1.00", "2.00"]]


def _paged(*pages: list) -> "object":
    """``doc_of`` with page numbers: each page a list of lines (str) and grids (rows)."""
    return doc_of(
        *[[L(b, n) if isinstance(b, str) else G(b, n) for b in blocks] for n, blocks in enumerate(pages, 1)]
    )


def test_a_new_table_number_starts_a_table_even_under_a_known_title():
    """A new number ("表4 基本支出总表" after "表3 支出总表") starts a table under a standard name's tail."""
    doc = _paged(
        ["表 3", "支出总表", "单位：万元", _expense_grid("201", "一般公共服务支出")],
        ["表 3", "支出总表", "单位：万元", _expense_grid("205", "教育支出")],
        ["表 4", "基本支出总表", "单位：万元", _expense_grid("301", "工资福利支出")],
        ["表 5", "支出总表", "单位：万元", _expense_grid("302", "商品和服务支出")],
    )
    assert [(t.number, t.std, t.pages) for t in doc.tables] == [
        ("表3", StdTable.B_EXPENSE, [1, 2]),
        ("表4", None, [3]),
        ("表5", StdTable.B_EXPENSE, [4]),
    ]


def test_same_standard_by_function_and_by_economic_class():
    """Printed by both classifications: the standard is the one on its axis, the other is kept unnamed."""
    doc = _paged(
        ["表7", "一般公共预算支出表（按功能分类）", _expense_grid("201", "一般公共服务支出")],
        ["表8", "一般公共预算支出表（按经济分类）", _expense_grid("301", "工资福利支出")],
        ["表9", "一般公共预算基本支出明细表", "（按功能科目分）", _expense_grid("201", "一般公共服务")],
        ["表10", "一般公共预算基本支出明细表", "（按经济科目分）", _expense_grid("301", "工资福利")],
    )
    assert [(t.number, t.std) for t in doc.tables] == [
        ("表7", StdTable.B_GPB),
        ("表8", None),
        ("表9", None),
        ("表10", StdTable.B_GPB_BASIC),
    ]
    assert doc.tables[3].title == "一般公共预算基本支出明细表（按经济科目分）"


def test_same_standard_twice_told_apart_by_class_codes_only():
    rows = [["科目编码", "科目名称", "合计"]]
    econ = rows + [[c, "x", "1.00"] for c in ("301", "302", "303")]
    func = rows + [[c, "x", "1.00"] for c in ("201", "205", "208")]
    doc = _paged(["表5", "一般公共预算支出表", econ], ["表6", "一般公共预算支出表", func])
    assert [(t.number, t.std) for t in doc.tables] == [("表5", None), ("表6", StdTable.B_GPB)]
    # no axis to tell them apart: both keep the name (nothing is guessed)
    plain = rows + [["", "合计", "1.00"]]
    doc = _paged(["表5", "一般公共预算支出表", plain], ["表6", "一般公共预算支出表", plain])
    assert [t.std for t in doc.tables] == [StdTable.B_GPB, StdTable.B_GPB]


def test_title_wrapped_over_two_lines_starts_its_table():
    doc = _paged(
        ["表11", "财政拨款结转资金支出表", _expense_grid("201", "一般公共服务支出")],
        [
            "表13",
            "2022年部门综合预算一般公共预算拨款“三公”经费、",
            "会议费、培训费表（不含上年结转）",
            "金额单位：万元",
            [["单位名称", "合计", "因公出国（境）费"], ["某局", "3.00", "1.00"]],
        ],
    )
    assert [(t.number, t.std, t.pages) for t in doc.tables] == [
        ("表11", None, [1]),
        ("表13", StdTable.B_THREE_PUBLIC, [2]),
    ]
    assert doc.tables[1].title.endswith("会议费、培训费表（不含上年结转）")


def test_a_list_of_table_titles_is_no_table():
    """A 目录 / title list (numbered lines in a row) ends in a note or the first real title: no table."""
    doc = _paged(
        [
            "第二部分 2025 年部门预算表",
            "1、部门收支总表",
            "2、部门收入总表",
            "3、项目支出绩效目标表",
            "4、部门整体支出绩效目标表",
        ],
        ["注：空表表示本部门无相关收支情况。", "表1：2025年部门收支总表", _expense_grid("201", "x")],
    )
    assert [(t.number, t.std, t.pages) for t in doc.tables] == [("表1", StdTable.B_OVERVIEW, [2])]
    # two titles in a row are still two tables when a grid follows each (an empty table has its note)
    doc = _paged(
        ["表8 政府性基金预算支出表", "本表无数据。", "表9 国有资本经营预算支出表", _expense_grid("2", "x")]
    )
    assert [t.std for t in doc.tables] == [StdTable.B_GOV_FUND, StdTable.B_SOE]


def test_continuation_title_with_its_bracketed_line_and_the_other_classification():
    """A repeated title and its "（按…）" line stay out of the text; the other classification is a new table."""
    doc = _paged(
        ["一般公共预算支出明细表", "（按功能科目分）", _expense_grid("201", "一般公共服务支出")],
        ["一般公共预算支出明细表", "（按功能科目分）", _expense_grid("205", "教育支出")],
        ["一般公共预算支出明细表", "（按经济科目分）", _expense_grid("301", "工资福利支出")],
    )
    assert [(t.std, t.pages) for t in doc.tables] == [(StdTable.B_GPB, [1, 2]), (None, [3])]
    assert not any("按" in s.text for s in doc.sentences)
