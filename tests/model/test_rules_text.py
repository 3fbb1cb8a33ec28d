"""Family 6 (sums inside the text) and family 8 (text quality) rules."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from conftest import parsed
from rulefixtures import text_doc

from gouji.model.document import DocKind
from gouji.model.findings import Severity
from gouji.model.rules.registry import run_rules

SUM_RULES = ["sum.parts", "sum.counts", "sum.allocation"]
QUALITY_RULES = [
    "text.punct_doubled",
    "text.brackets",
    "text.truncated",
    "text.unit_wording",
    "text.compare_year",
]


def make_doc(parts, kind=DocKind.FINAL, year=2024, title=None, level1=()):
    return text_doc(parts, kind=kind, year=year, title=title, level1=level1, page=3)


# --- sums -------------------------------------------------------------------------------


def test_procurement_parts_add_up():
    ok = "2024年度政府采购支出总额7,664.35万元，其中：政府采购货物支出23.35万元、政府采购工程支出0.00万元、政府采购服务支出7,641.00万元。"
    assert run_rules(make_doc([("（二）政府采购情况", [ok])]), only=SUM_RULES) == []
    bad = ok.replace("7,641.00", "7,631.00")
    (f,) = run_rules(make_doc([("（二）政府采购情况", [bad])]), only=SUM_RULES)
    assert f.severity == Severity.ERROR and f.stated == D("7664.35") and f.computed == D("7654.35")
    assert "货物" in f.formula


def test_parts_rounding_gap():
    texts = [
        "本年收入10,171.54万元，其中：财政拨款收入8,556.70万元，占84.12%；",
        "上级补助收入0.00万元，占0.00%；",
        "其他收入1,614.83万元，占15.88%。",
    ]
    (f,) = run_rules(make_doc([("二、收入决算情况说明", texts)]), only=SUM_RULES)
    assert f.severity == Severity.ROUNDING and f.difference == D("0.01")


def test_partial_list_is_not_reported_but_excess_is():
    partial = "授予中小企业合同金额6,662.53万元，其中：授予小微企业合同金额3,031.31万元，授予其他企业合同金额1,000.00万元。"
    assert run_rules(make_doc([("（二）", [partial])]), only=SUM_RULES) == []
    excess = "授予中小企业合同金额6,662.53万元，其中：授予小微企业合同金额5,031.31万元，授予其他企业合同金额2,000.00万元。"
    (f,) = run_rules(make_doc([("（二）", [excess])]), only=SUM_RULES)
    assert f.severity == Severity.ERROR and "超过" in f.message


def test_known_complete_set_short_is_error():
    texts = [
        "基本支出12,659.61万元，其中：",
        "人员经费 11,740.77 万元，主要包括：基本工资。",
        "公用经费 818.84 万元，主要包括：办公费。",
    ]
    (f,) = run_rules(make_doc([("六、基本支出情况说明", texts)]), only=SUM_RULES)
    assert f.computed == D("12559.61") and f.severity == Severity.ERROR


def test_two_classifications_of_one_whole():
    t = (
        "本年支出合计 100.00 万元，其中：按功能分类支出划分为一般公共服务支出 60.00 万元，教育支出 40.00 万元；"
        "按经济分类划分为基本支出 70.00 万元，项目支出 30.00 万元。"
    )
    assert run_rules(make_doc([("三、", [t])]), only=SUM_RULES) == []


def test_budget_whole_with_actual_parts_is_not_a_sum():
    t = "“三公”经费财政拨款支出预算为 76.43万元，其中：因公出国（境）费支出决算为 4.69 万元，公务接待费支出决算为 0.9 万元。"
    assert run_rules(make_doc([("七、", [t])]), only=SUM_RULES) == []


def test_staff_counts():
    ok = [
        "昌吉回族自治州自然资源局2024年度，实有人数103人，其中：在职人员58人，减少7人；",
        "离休人员0人，增加0人；",
        "退休人员45人,增加5人。",
    ]
    assert run_rules(make_doc([("二、机构设置及人员情况", ok)]), only=SUM_RULES) == []
    bad = [ok[0], ok[1], "退休人员44人,增加5人。"]
    (f,) = run_rules(make_doc([("二、机构设置及人员情况", bad)]), only=SUM_RULES)
    assert f.rule == "sum.counts" and f.stated == 103 and f.computed == 102


def test_vehicle_counts_across_sentences():
    texts = [
        "2. 车辆 227 辆，价值 4,726.70 万元；",
        "其中：一般公务用车 2 辆，价值 46.81 万元；",
        "执法执勤用车 115 辆，价值 2,748.66 万元；",
        "其他车辆 111 辆，价值 1,931.23 万元。",
    ]
    fs = run_rules(make_doc([("（三）国有资产占用使用情况", texts)]), only=SUM_RULES)
    assert [(f.rule, f.stated, f.computed) for f in fs] == [("sum.counts", D(227), D(228))]


def test_allocation_against_scale():
    ok = [
        "项目名称：执法办案补充经费",
        "预算安排规模：160.00 万元",
        "资金分配情况：办公费 24.39 万元、差旅费 1.57 万元、劳务费 134.04 万元。",
    ]
    assert run_rules(make_doc([("七、项目支出情况说明", ok)], kind=DocKind.BUDGET), only=SUM_RULES) == []
    bad = ok[:2] + ["资金分配情况：办公费 2 万元，物业管理费 3 万，差旅费 1.92 万元，劳务费 153.2 万元。"]
    (f,) = run_rules(make_doc([("七、", bad)], kind=DocKind.BUDGET), only=SUM_RULES)
    assert f.rule == "sum.allocation" and f.computed == D("160.12") and f.severity == Severity.ERROR


def test_allocation_with_head_amount_and_parts():
    texts = [
        "预算安排规模：18.00 万元",
        "资金分配情况：阿瓦提县国土资源执法监察大队 18 万元，其中办公费 1 万元，差旅费 1 万元，劳务费 12 万元，公务用车运行维护费 2 万元。",
    ]
    (f,) = run_rules(make_doc([("七、", texts)], kind=DocKind.BUDGET), only=SUM_RULES)
    assert f.stated == D(18) and f.computed == D(16)


def test_seed_budget_allocation_errors_confirmed_by_hand():
    """seed 000: (五十七) 19.00 万元 vs 2+3+1.92+13.2+1.88 = 22; (六十九) 阿瓦提 18 万元 vs 1+1+12+2 = 16."""
    fs = run_rules(parsed("seeds/000_407e03e18ae36581.txt"), only=SUM_RULES)
    got = sorted((f.stated, f.computed) for f in fs if f.severity == Severity.ERROR)
    assert got == [(D("18"), D("16")), (D("19.00"), D("22"))]


def test_seed_final_only_rounding():
    fs = run_rules(parsed("seeds/002_6f25734c455cccad.txt"), only=SUM_RULES)
    # 8,556.70 + 1,614.83 = 10,171.53 vs 本年收入 10,171.54
    assert [(f.severity, f.difference) for f in fs] == [(Severity.ROUNDING, D("0.01"))]


@pytest.mark.parametrize("rel", ["final/putuo_czj_2024_final.pdf", "final/putuo_ghzy_2024_final.pdf"])
def test_procurement_rounding_on_real_pdfs(rel):
    fs = run_rules(parsed(rel), only=SUM_RULES)
    assert [f.severity for f in fs] == [Severity.ROUNDING]
    assert "货物" in fs[0].formula


# --- text quality ------------------------------------------------------------------------


def test_doubled_punctuation():
    (f,) = run_rules(
        make_doc([("二、", ["设立的政策依据：：根据自治区党委。"])]), only=["text.punct_doubled"]
    )
    assert "：：" in f.message and f.severity == Severity.WARNING
    assert run_rules(make_doc([("二、", ["详见下表……共计三项。"])]), only=["text.punct_doubled"]) == []
    assert run_rules(make_doc([("二、", ["增加了。。"])]), only=["text.punct_doubled"])


def test_unmatched_brackets_and_quotes():
    (f,) = run_rules(
        make_doc([("二、", ["《关于开展卫片执法验收工作的通知》新自然资电【2020】8 号）；"])]),
        only=["text.brackets"],
    )
    assert "左半边" in f.message
    (g,) = run_rules(
        make_doc([("二、", ["平均得分99.33分（其中，绩效评级为“优”的项目39个。"])]), only=["text.brackets"]
    )
    assert "未闭合" in g.message
    spanning = ["平均得分99分（其中，评级为“优”的项目4个；", "评级为“良”的项目0个）。"]
    assert run_rules(make_doc([("二、", spanning)]), only=["text.brackets"]) == []
    assert (
        run_rules(make_doc([("二、", ["（一）项目名称：“执法”经费（第二批）。"])]), only=["text.brackets"])
        == []
    )


def test_truncated_sentence():
    (f,) = run_rules(make_doc([("二、", ["比上年增加3.33万元，主要原因是。"])]), only=["text.truncated"])
    assert "主要原因是" in f.message
    assert (
        run_rules(
            make_doc([("二、", ["主要原因是：人员增加。", "主要原因：", "基本支出减少。"])]),
            only=["text.truncated"],
        )
        == []
    )


def test_unit_wording():
    doc = make_doc(
        [("十、", ["2024年度本部门面向中小企业预留政府采购项目预算金额246.47万元。"])],
        title="XX单位2024年单位预算",
    )
    (f,) = run_rules(doc, only=["text.unit_wording"])
    assert "本部门" in f.message
    dept = make_doc([("十、", ["本单位无政府性基金。"])], title="XX局2024年部门决算")
    assert run_rules(dept, only=["text.unit_wording"]) == []
    mixed = make_doc([("十、", ["本单位无。"])], level1=("第一部分 单位概况", "第二部分 部门决算情况说明"))
    (g,) = run_rules(mixed, only=["text.unit_wording"])
    assert "混用" in g.message


def test_compare_year():
    (f,) = run_rules(
        make_doc([("一、", ["与2022年度相比，收入支出总计减少56.95万元。"])]), only=["text.compare_year"]
    )
    assert "2023" in f.message
    ok = [
        "与2023年度相比，收入支出总计减少56.95万元。",
        "2023年与2024年均未安排因公出国（境）费支出。",
        "截至2023年底，房屋5处。",
    ]
    assert run_rules(make_doc([("一、", ok)]), only=["text.compare_year"]) == []


def test_quality_on_real_documents_confirmed_by_hand():
    # seed 000: "新自然资电【2020】8 号）" ×5 (opening bracket missing) and "设立的政策依据：：" ×2
    fs = run_rules(parsed("seeds/000_407e03e18ae36581.txt"), only=QUALITY_RULES)
    assert sorted({f.rule for f in fs}) == ["text.brackets", "text.punct_doubled"]
    assert sum(f.rule == "text.brackets" for f in fs) == 5
    assert sum(f.rule == "text.punct_doubled" for f in fs) == 2
    # seed 002: "第一部分 单位概况" vs "第二部分 部门决算情况说明"
    (g,) = run_rules(parsed("seeds/002_6f25734c455cccad.txt"), only=QUALITY_RULES)
    assert g.rule == "text.unit_wording"
    # putuo_ghzy p.(绩效): "平均得分99.33分（其中，…" is never closed
    (h,) = run_rules(parsed("final/putuo_ghzy_2024_final.pdf"), only=QUALITY_RULES)
    assert h.rule == "text.brackets" and "99.33" in h.message
    for rel in (
        "final/final_template_2024.pdf",
        "final/putuo_czj_2024_final.pdf",
        "final/putuo_shgzb_2024_final.pdf",
    ):
        assert run_rules(parsed(rel), only=QUALITY_RULES) == [], rel


# --- issue 9: list trees, list ends (the zoo's unseen wording) ----------------------------


def _clean_then(texts: list[str], old: str, new: str, rules=SUM_RULES):
    """No finding on ``texts``; the findings once ``old`` is replaced by ``new`` in them."""
    assert run_rules(make_doc([("（一）", texts)]), only=rules) == []
    return run_rules(make_doc([("（一）", [t.replace(old, new) for t in texts])]), only=rules)


def test_nested_qizhong_sentence_details_the_item_before_it():
    """三公 paragraph whose 公务用车 item has its own "其中：" sub-list (Shanghai layout)."""
    texts = [
        "2026年“三公”经费预算数为20.80万元，与2025年预算持平。",
        "其中：",
        "（一）因公出国（境）费10.00万元，与2025年预算持平。",
        "（二）公务用车购置及运行费9.60万元，与2025年预算持平。",
        "其中：公务用车购置费0万元；",
        "公务用车运行费9.60万元，与2025年预算持平。",
        "（三）公务接待费1.20万元，与2025年预算持平。",
    ]
    # a true error still fires: the top level no longer adds up
    (f,) = _clean_then(texts, "（三）公务接待费1.20", "（三）公务接待费2.20")
    assert f.stated == D("20.80") and f.computed == D("21.80")
    # …and so does the sub-list, checked against its own parent
    (g,) = _clean_then(texts, "公务用车运行费9.60", "公务用车运行费19.60")
    assert g.stated == D("9.60") and g.computed == D("19.60")


def test_bracketed_breakdown_belongs_to_its_item():
    """ "701.34万元（购置费331万元…；运行维护费370.34万元…。）" then a change sentence, then the
    last item (Guangzhou layout)."""
    texts = [
        "2026年本部门财政拨款安排“三公”经费860.78万元，比上年增加71.94万元，增长9.1%。",
        "其中：因公出国（境）费140.49万元，比上年增加7.48万元，增长5.6%；",
        "公务用车购置及运行维护费701.34万元（公务用车购置费331万元，比上年增加119.15万元；",
        "公务用车运行维护费370.34万元，比上年减少52.36万元。）",
        "比上年增加66.79万元，增长10.5%；",
        "公务接待费18.95万元，比上年减少2.33万元，下降10.9%。",
    ]
    (f,) = _clean_then(texts, "公务接待费18.95", "公务接待费28.95")
    assert f.computed == D("870.78")


def test_bracketed_inclusion_and_colon_sublist_are_not_parts():
    texts = [
        "预算批复金额13,237万元，指标下达13,237万元（包括财政直接下达4,020万元），实际执行12,679.21万元，年末指标结余557.79万元。",
        "所属各预算单位政府采购预算总额6,546.82万元:政府采购货物预算1,267.79万元、政府采购工程预算465.53万元、政府采购服务预算4,813.5万元;",
        "其中一般公共预算拨款政府采购5,499.84万元:政府采购货物预算564.79万元、政府采购工程预算121.55万元、政府采购服务预算4,813.5万元。",
    ]
    assert run_rules(make_doc([("（二）", texts)]), only=SUM_RULES) == []
    # a bracketed 其中 is a complete split of the amount before it
    split = "支出预算 1,610.00 万元（其中 380.00 万元为政府性基金预算、1,230.00 万元为一般公共预算），较上年增加 1,210.00 万元。"
    (f,) = _clean_then([split], "380.00", "480.00")
    assert f.stated == D("1610.00") and f.computed == D("1710.00")


def test_list_ends_at_the_next_item_of_the_wholes_rank():
    """ "1.X a万元。主要包括：…" ends at "2.Y": Y is a sibling of X, not one of its parts."""
    texts = [
        "（五）项目支出 2,509.47 万元，具体包括：",
        "1.生态保护管理 2,124.95 万元，主要包括：一般行政管理工作 163.79 万元，主要用于运转；",
        "编外人员 190.00 万元，主要用于劳务派遣；",
        "环境监督管理工作 828.99 万元，主要用于技术服务；",
        "环境监督执法工作 942.16 万元，主要用于辅助工作。",
        "2.区财政安排项目 384.52 万元，主要用于生态保护工作业务补助。",
    ]
    fs = run_rules(make_doc([("项目支出", texts)]), only=SUM_RULES)
    assert [f.severity for f in fs] == [Severity.ROUNDING]  # 2,124.94 vs 2,124.95
    bad = [t.replace("编外人员 190.00", "编外人员 290.00") for t in texts]
    (f,) = [f for f in run_rules(make_doc([("项目支出", bad)]), only=SUM_RULES) if f.stated == D("2124.95")]
    assert f.severity == Severity.ERROR and f.computed == D("2224.94")


def test_continuation_sentence_lists_every_item_joined_by_dunhao():
    texts = [
        "1.上级下达资金 1,610.00 万元，该资金为专项资金。",
        "主要包括：提前下达电影《甲》扶持款 300.00 万元、电影《乙》扶持款 500.00 万元、影院设备资助款300.00 万元；",
        "结转电影《丙》资助款 80.00 万元、话剧《丁》资助款 100.00 万元、短剧集《戊》资助款300.00 万元、粤剧《己》资助款 30.00 万元。",
        "2.市级人才专项经费 1,416.00 万元，用于人才奖励。",
    ]
    (f,) = _clean_then(texts, "资助款 30.00", "资助款 130.00")
    assert f.computed == D("1710.00")


def test_whole_printed_in_the_wrong_unit_is_a_warning():
    texts = [
        "2.污染防治项目 18,686.86 元，主要包括：水环境管理工作 10,000.00 万元，主要用于调查；",
        "大气污染防治 8,686.86 万元，主要用于防治。",
        "3.生态环境专项资金 2,304.00 万元，用于支持。",
    ]
    (f,) = run_rules(make_doc([("项目", texts)]), only=SUM_RULES)
    assert f.severity == Severity.WARNING and "单位" in f.message


def test_count_list_ends_with_its_sentence():
    texts = ["实有人员214人，其中行政154人，事业60人。", "单位管理的离退休人员159人。"]
    (f,) = _clean_then(texts, "事业60", "事业70")
    assert f.stated == 214 and f.computed == 224


def test_count_whole_that_is_an_item_of_an_earlier_list_is_not_checked():
    t = (
        "2026 年计划购置车辆 9 辆、162 万元，报废更新，其中：使用财政拨款预算购置车辆 8 辆，144 万元、"
        "使用单位资金购置车辆 1 辆，18 万元报废更新，其中：使用财政拨款预算购置车辆 8 辆，144 万元、"
        "使用单位资金购置车辆 1 辆，18 万元；"
    )
    (f,) = _clean_then([t], "9 辆", "10 辆", ["sum.counts"])
    assert f.stated == 10 and f.computed == 9
