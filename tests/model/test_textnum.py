"""Sentence number extraction (gouji.model.rules.textnum)."""

from __future__ import annotations

from decimal import Decimal as D

from rulefixtures import text_doc

from gouji.model.document import Document
from gouji.model.rules.textlists import blocks, enum_rank, is_part_like
from gouji.model.rules.textnum import (
    analyse,
    clean_subject,
    convert,
    ratio_check,
    same_subject,
    split_name,
)


def test_amount_with_subject_and_unit():
    sn = analyse("一般公共预算拨款收入17,439.61万元，占97.98%。")
    assert [(a.subject, a.value, a.unit) for a in sn.amounts] == [
        ("一般公共预算拨款收入", D("17439.61"), "万元")
    ]
    assert sn.percents[0].kind == "share" and sn.percents[0].value == D("97.98")


def test_class_amount_name_level_and_code():
    a = analyse("1.社会保障和就业支出（类）1,801.39万元,占10.33%。").amounts[0]
    assert (a.name, a.level, a.value) == ("社会保障和就业支出", "类", D("1801.39"))
    b = analyse("医疗卫生与计划生育支出（210类）1,000.00万元。").amounts[0]
    assert (b.name, b.code, b.level) == ("医疗卫生与计划生育支出", "210", "类")
    c = analyse("201 一般公共服务支出 12.00万元。").amounts[0]
    assert (c.name, c.code) == ("一般公共服务支出", "201")


def test_years_codes_counts_dates_and_doc_numbers_are_not_amounts():
    sn = analyse(
        "2024年度实有人数103人，其中：在职58人；科目2010601；《通知》（新政办发〔2004〕162号）；"
        "资金执行时间：2024年1月1日-2024年12月31日；单价100万元（含）以上设备0台。"
    )
    assert sn.amounts == []
    assert [(c.value, c.unit) for c in sn.counts][:2] == [(D(103), "人"), (D(58), "人")]


def test_growth_change_pairs_amount_and_percent():
    sn = analyse("支出决算数为26.90万元，比上年决算增加9.68万元，增长56.21%,主要原因是：退休人员增加。")
    assert [a.value for a in sn.values] == [D("26.90")]
    (ch,) = sn.changes
    assert ch.sign == 1 and ch.amount.value == D("9.68") and ch.percent.value == D("56.21")
    assert ch.base == "上年决算" and ch.target.value == D("26.90")


def test_decrease_and_named_subject_and_year_base():
    sn = analyse("与2023年度相比，一般公共预算财政拨款支出减少63.14万元，下降2.10%。")
    (ch,) = sn.changes
    assert ch.sign == -1 and ch.year == 2023 and ch.subject == "一般公共预算财政拨款支出"
    assert ch.percent.sign == -1 and ch.target is None


def test_percent_kinds():
    sn = analyse("年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。")
    assert sn.percents[0].kind == "completion"
    sn = analyse("年初预算数4,082.88万元，决算数8,999.17万元，预决算差异率120.41%。")
    assert sn.percents[0].kind == "variance"
    sn = analyse("一般公共预算财政拨款支出8,999.17万元，占本年支出合计的98.01%。")
    assert sn.percents[0].kind == "share" and sn.percents[0].whole == "本年支出合计"


def test_breakdown_whole_and_parts():
    sn = analyse(
        "政府采购支出总额7,664.35万元，其中：政府采购货物支出23.35万元、政府采购工程支出0.00万元、政府采购服务支出7,641.00万元。"
    )
    (bd,) = sn.breakdowns
    assert bd.whole.value == D("7664.35")
    assert [a.value for a in bd.parts] == [D("23.35"), D("0.00"), D("7641.00")]


def test_direction_words():
    sn = analyse("决算数小于预算数的主要原因：人员减少。")
    assert sn.directions[0].word == "小于"
    sn = analyse("决算数与预算数基本持平。")
    assert sn.directions[0].word == "等于" and sn.directions[0].basic
    # a template's "大于（小于）" is not a statement
    assert analyse("决算数大于（小于）预算数的主要原因：XXXX。").directions == []


def test_inclusion_note_is_not_a_value():
    sn = analyse("国内公务接待支出 0.39 万（含外宾接待支出 0.00 万元）。")
    assert [a.value for a in sn.values] == [D("0.39")]
    assert sn.amounts[1].note


def test_units_and_conversion():
    a = analyse("劳务费 15 万; 办公费 0.66 万元; 总额 12,345.00元").amounts
    assert [x.unit for x in a] == ["万元", "万元", "元"]
    assert convert(D("12345.00"), "元", "万元") == D("1.2345")
    assert a[2].to("万元") == D("1.2345")


def test_clean_subject_and_same_subject():
    assert clean_subject("上海市XX局2024年度收入支出总计") == "收入支出总计"
    assert clean_subject("其中：财政拨款收入") == "财政拨款收入"
    assert clean_subject("本年收入合计") == "本年收入合计"
    assert same_subject("政府采购支出总额", "2024年度政府采购支出总额")
    assert not same_subject("基本支出", "项目支出")
    assert split_name("卫生健康支出（类）") == ("卫生健康支出", None, "类")


def test_ratio_check_verdicts():
    # 8556.70 / 10171.54 = 84.124…%
    assert ratio_check(D("84.12"), "84.12", D("8556.70"), D("10171.54"), D("0.005"), D("0.005"))[0] is None
    assert ratio_check(D("84.22"), "84.22", D("8556.70"), D("10171.54"), D("0.005"), D("0.005"))[0] == "error"
    # one unit of the last digit (a share adjusted to make 100%) → rounding
    assert (
        ratio_check(D("78.69"), "78.69", D("13724.33"), D("17439.61"), D("0.005"), D("0.005"))[0]
        == "rounding"
    )
    assert ratio_check(D("100.00"), "100.00", D("350"), D("0"), D("0.005"), D("0.005"))[0] == "undefined"
    assert ratio_check(D("0"), "0", D("0"), D("0"), D("0.005"), D("0.005"))[0] is None


def _doc(texts: list[str]) -> Document:
    return text_doc([("二、收入决算情况说明", texts)])


def test_blocks_run_over_list_sentences_and_stop_at_repeats():
    doc = _doc(
        [
            "本年收入10,171.54万元，其中：财政拨款收入8,556.70万元，占84.12%；",
            "上级补助收入0.00万元，占0.00%；",
            "其他收入1,614.83万元，占15.88%。",
            "具体情况如下：",
            "财政拨款收入8,556.70万元，主要用于…。",
        ]
    )
    (b,) = blocks(doc.sentences)
    assert b.whole.value == D("10171.54")
    assert [a.value for _, a in b.parts] == [D("8556.70"), D("0.00"), D("1614.83")]
    assert is_part_like("上级补助收入0.00万元，占0.00%；")
    assert not is_part_like("收入支出总体与上年相比，增加3,929.37万元。")


def test_block_head_from_previous_sentence_when_list_starts_with_qizhong():
    doc = _doc(
        [
            "2024年度财政拨款“三公”经费支出18.05万元，比上年增加3.33万元，增长22.62%。",
            "其中：因公出国（境）费支出0.00万元，占0.00%。",
            "公务用车购置及运行维护费支出17.50万元，占96.95%。",
            "公务接待费支出0.55万元，占3.05%。",
        ]
    )
    (b,) = blocks(doc.sentences)
    assert b.whole.value == D("18.05") and len(b.parts) == 3


# --- issue 9 --------------------------------------------------------------------------------


def test_printed_base_of_a_change_is_the_prior():
    (ch,) = analyse(
        "2026 年度收入预算 1048475.73 万元，比 2025 年年初预算数 1025099.89 万元增加 23375.84 万元，增长 2.28%。"
    ).changes
    assert ch.prior is not None and ch.prior.value == D("1025099.89")
    assert ch.target is not None and ch.target.value == D("1048475.73")
    (plain,) = analyse("收入1,000.00万元，比上年增加100.00万元，增长11.11%。").changes
    assert plain.prior is None and plain.target is not None and plain.target.value == D("1000.00")


def test_breakdown_inside_brackets_and_colon_sublists():
    sn = analyse(
        "预算 1,610.00 万元（其中 380.00 万元为基金、1,230.00 万元为一般公共预算），主要包括：下达 1,100.00 万元。"
    )
    inner, outer = sn.breakdowns
    assert inner.whole.value == D("1610.00") and [a.value for a in inner.parts] == [D("380.00"), D("1230.00")]
    assert outer.whole.value == D("1610.00") and [a.value for a in outer.parts] == [D("1100.00")]
    (bd,) = analyse("其中一般公共预算拨款采购5,499.84万元:货物564.79万元、服务4,935.05万元。").breakdowns
    assert [a.value for a in bd.parts] == [D("5499.84")]
    (bd,) = analyse(
        "三公860.78万元，其中：出国140.49万元，用车701.34万元（购置331万元，运行370.34万元），接待18.95万元。"
    ).breakdowns
    assert [a.value for a in bd.parts] == [D("140.49"), D("701.34"), D("18.95")]


def test_enum_rank():
    ranks = [
        enum_rank(t)
        for t in ("一、收入", "（二）支出", "2.区财政", "（3）其他", "①破产", "2.5万元", "其中：")
    ]
    assert ranks == [1, 2, 3, 4, 5, None, None]
