"""Family 5 rules: shares, growth rates, completion, variance, direction words, share totals."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from conftest import parsed
from rulefixtures import text_doc

from gouji.model.document import DocKind, Document
from gouji.model.findings import Severity
from gouji.model.rules.registry import run_rules

RATE_RULES = [
    "rate.share",
    "rate.growth",
    "rate.completion",
    "rate.variance",
    "rate.direction",
    "rate.share_total",
]


def make_doc(parts: list[tuple[str, list[str]]], kind=DocKind.FINAL, year=2024) -> Document:
    return text_doc(parts, kind=kind, year=year)


def run(doc, rules=RATE_RULES):
    return run_rules(doc, only=rules)


INCOME = [
    "本年收入10,171.54万元，其中：财政拨款收入8,556.70万元，占84.12%；",
    "上级补助收入0.00万元，占0.00%；",
    "其他收入1,614.83万元，占15.88%。",
]


def test_share_correct_list_gives_nothing():
    assert run(make_doc([("二、收入决算情况说明", INCOME)])) == []


def test_share_wrong_percentage_is_error_with_formula():
    texts = [INCOME[0].replace("84.12%", "84.22%"), *INCOME[1:]]
    fs = [f for f in run(make_doc([("二、收入决算情况说明", texts)])) if f.rule == "rate.share"]
    (f,) = fs
    assert f.severity == Severity.ERROR
    assert f.stated == D("84.22") and f.computed == D("84.12")
    assert "财政拨款收入" in f.message and "10,171.54" in f.message and "84.22%" in f.message
    assert f.formula.startswith("占比 =")
    assert f.locations[0].sentence == 0
    # the set no longer adds up to 100%
    assert any(x.rule == "rate.share_total" for x in run(make_doc([("二、收入决算情况说明", texts)])))


def test_share_of_named_whole_from_earlier_sentence():
    doc = make_doc(
        [
            ("三、支出决算情况说明", ["本年支出9,182.32万元。"]),
            (
                "五、一般公共预算财政拨款支出决算情况说明",
                ["一般公共预算财政拨款支出8,999.17万元，占本年支出合计的97.01%。"],
            ),
        ]
    )
    (f,) = run(doc, ["rate.share"])
    assert f.computed == D("98.01") and f.severity == Severity.ERROR


def test_share_one_unit_gap_is_rounding():
    doc = make_doc(
        [
            (
                "（二）一般公共预算当年拨款结构情况",
                [
                    "一般公共预算拨款合计 17,439.61 万元，其中：",
                    "社会保障和就业支出（类）3,715.28 万元，占 21.30%。",
                    "自然资源海洋气象等支出（类）13,724.33 万元，占 78.69%。",
                ],
            )
        ]
    )
    fs = run(doc, ["rate.share"])
    # 3715.28 / 17439.61 = 21.304% (correct); 13724.33 / 17439.61 = 78.696% printed 78.69
    assert [(f.severity, f.stated) for f in fs] == [(Severity.ROUNDING, D("78.69"))]


def test_orphan_class_shares_use_the_stated_total():
    doc = make_doc(
        [
            ("（一）总体情况", ["2024年度一般公共预算财政拨款支出8,999.17万元。"]),
            (
                "（二）结构情况",
                [
                    "1.社会保障和就业支出(类)243.58万元,占2.81%。",
                    "2.自然资源海洋气象等支出(类)3,895.00万元,占43.28%。",
                    "3.灾害防治及应急管理支出(类)4,860.59万元,占54.01%。",
                ],
            ),
        ]
    )
    fs = run(doc, ["rate.share"])
    assert [(f.stated, f.computed) for f in fs] == [(D("2.81"), D("2.71"))]


def test_growth_correct_and_wrong():
    ok = "支出决算数为26.90万元，比上年决算增加9.68万元，增长56.21%,主要原因是：人员增加。"
    assert run(make_doc([("（三）具体情况", [ok])]), ["rate.growth"]) == []
    bad = ok.replace("56.21%", "55.21%")
    (f,) = run(make_doc([("（三）具体情况", [bad])]), ["rate.growth"])
    assert f.severity == Severity.ERROR and f.computed == D("56.21")
    assert "17.22" in f.message  # the prior year is shown


def test_decrease_is_symmetric():
    ok = "2024年预算数为616.13万元，比上年预算减少179.49万元，下降22.56%。"
    assert run(make_doc([("（三）", [ok])]), ["rate.growth"]) == []
    (f,) = run(make_doc([("（三）", [ok.replace("22.56", "21.56")])]), ["rate.growth"])
    assert f.computed == D("22.56")


def test_growth_of_quantity_named_in_previous_sentence():
    doc = make_doc(
        [
            (
                "一、收入支出决算总体情况说明",
                [
                    "上海市普陀区财政局2024年度收入支出总计2995.39万元。",
                    "与2023年度相比，收入支出总计减少56.95万元，下降1.97%。",
                ],
            )
        ]
    )
    (f,) = run(doc, ["rate.growth"])
    assert f.computed == D("1.87")


def test_growth_from_zero_base_is_undefined_warning():
    doc = make_doc([("二、", ["单位资金 350.00 万元，占 1.97%，比上年预算增加 350.00 万元，增长 100.00%。"])])
    (f,) = run(doc, ["rate.growth"])
    assert f.severity == Severity.WARNING and "零基数" in f.message


def test_growth_direction_contradiction():
    doc = make_doc([("二、", ["公用经费 918.84 万元，比上年增加 13.22 万元，下降 1.46%。"])])
    (f,) = run(doc, ["rate.growth"])
    assert f.severity == Severity.ERROR and "矛盾" in f.message


def test_flat_with_nonzero_change():
    doc = make_doc([("二、", ["“三公”经费支出18.00万元，与上年持平，增加2.00万元。"])])
    fs = run(doc, ["rate.growth"])
    assert any("持平" in f.message for f in fs)
    assert (
        run(make_doc([("二、", ["“三公”经费支出18.00万元，与上年持平，增加0.00万元。"])]), ["rate.growth"])
        == []
    )


def test_completion_rate():
    ok = "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。"
    assert run(make_doc([("（三）", [ok])]), ["rate.completion"]) == []
    (f,) = run(make_doc([("（三）", [ok.replace("98.20", "97.20")])]), ["rate.completion"])
    assert f.computed == D("98.20") and f.severity == Severity.ERROR


def test_variance_rate():
    ok = "与年初预算相比，年初预算数4,082.88万元，决算数8,999.17万元，预决算差异率120.41%，主要原因是：追加。"
    assert run(make_doc([("四、", [ok])]), ["rate.variance"]) == []
    (f,) = run(make_doc([("四、", [ok.replace("120.41", "102.41")])]), ["rate.variance"])
    assert f.computed == D("120.41")
    zero = "因公出国（境）费全年预算数0.00万元，决算数0.00万元，预决算差异率0.00%。"
    assert run(make_doc([("九、", [zero])]), ["rate.variance"]) == []


def test_direction_words_against_previous_sentence():
    ok = make_doc(
        [
            (
                "（三）",
                [
                    "年初预算为 1560.05 万元，支出决算为1511.89万元。",
                    "决算数小于预算数的主要原因：人员减少。",
                ],
            )
        ]
    )
    assert run(ok, ["rate.direction"]) == []
    bad = make_doc(
        [
            (
                "（三）",
                [
                    "年初预算为 1560.05 万元，支出决算为1511.89万元。",
                    "决算数大于预算数的主要原因：人员增加。",
                ],
            )
        ]
    )
    (f,) = run(bad, ["rate.direction"])
    assert "小于" in f.message and f.severity == Severity.ERROR
    flat = make_doc(
        [("（三）", ["年初预算为 10.00 万元，支出决算为10.00万元。", "决算数与预算数基本持平。"])]
    )
    assert run(flat, ["rate.direction"]) == []


def test_share_total_rounding():
    texts = [
        "本年支出100.00万元，其中：基本支出33.33万元，占33.33%；",
        "项目支出33.33万元，占33.33%；",
        "经营支出33.34万元，占33.33%。",
    ]
    fs = run(make_doc([("三、支出决算情况说明", texts)]), ["rate.share_total"])
    assert [f.severity for f in fs] == [Severity.ROUNDING]


# --- real documents ---------------------------------------------------------------------


def test_seed_final_rates_are_all_consistent():
    """Every percentage of the seed final account recomputes (checked by hand)."""
    doc = parsed("seeds/002_6f25734c455cccad.txt")
    fs = run(doc)
    assert [f for f in fs if f.severity != Severity.ROUNDING] == []


def test_seed_budget_zero_base_growth_and_rounded_share():
    doc = parsed("seeds/000_407e03e18ae36581.txt")
    fs = run(doc)
    warn = [f for f in fs if f.severity == Severity.WARNING]
    # "单位资金 350.00 万元 … 比上年预算增加 350.00 万元，增长 100.00%" and the same for 9.00 万元
    assert len(warn) == 2 and all(f.rule == "rate.growth" and "零基数" in f.message for f in warn)
    assert not [f for f in fs if f.severity == Severity.ERROR]
    # 13,724.33 / 17,439.61 = 78.696 %, printed 78.69 %
    assert any(
        f.rule == "rate.share" and f.stated == D("78.69") and f.severity == Severity.ROUNDING for f in fs
    )


@pytest.mark.parametrize(
    "rel, stated, computed",
    [
        # p.15: "收、支总计 22066.59 万元，与 2023 年相比，收、支总计各增加 5834.37 万元，增长 35.74%"
        ("final/nfb_xinfang_2024_final.pdf", D("35.74"), D("35.94")),
        # p.(三 结构): "一般公共服务支出（类）2106.66万元，占71.73%" of 2940.05 → 71.65 %
        ("final/putuo_czj_2024_final.pdf", D("71.73"), D("71.65")),
    ],
)
def test_real_rate_errors_confirmed_by_hand(rel, stated, computed):
    fs = [f for f in run(parsed(rel)) if f.severity == Severity.ERROR]
    assert [(f.stated, f.computed) for f in fs] == [(stated, computed)]


def test_no_rate_errors_on_other_final_pdfs():
    for rel in (
        "final/final_template_2024.pdf",
        "final/putuo_ghzy_2024_final.pdf",
        "final/putuo_shgzb_2024_final.pdf",
    ):
        assert [f for f in run(parsed(rel)) if f.severity == Severity.ERROR] == [], rel


def test_finding_points_at_both_sentences_when_the_whole_is_elsewhere():
    doc = make_doc(
        [
            ("三、支出决算情况说明", ["本年支出9,182.32万元。"]),
            ("五、一般公共预算", ["一般公共预算财政拨款支出8,999.17万元，占本年支出合计的97.01%。"]),
        ]
    )
    (f,) = run(doc, ["rate.share"])
    assert [loc.sentence for loc in f.locations] == [1, 0]


def test_completion_of_three_public_item_uses_the_table_budget():
    """putuo_ghzy: "公务接待费支出决算为 0.39 万元，完成预算的 13.68%" — 表7 公务接待费/预算数 is 2.85."""
    doc = parsed("final/putuo_ghzy_2024_final.pdf").model_copy(deep=True)
    assert [f for f in run(doc, ["rate.completion"]) if f.severity == Severity.ERROR] == []
    for s in doc.sentences:
        if "公务接待费支出决算为" in s.text:
            s.text = s.text.replace("13.68%", "31.68%")
    (f,) = [f for f in run(doc, ["rate.completion"]) if f.severity == Severity.ERROR]
    assert f.computed == D("13.68") and f.locations[1].column_label.endswith("公务接待费/预算数")


# --- issue 9: printed bases, 基本持平, shares of the listed amounts, adjusted shares ----------


def test_growth_with_printed_base():
    """ "比2025年年初预算数A增加B，增长P%": A is the prior amount, P = B ÷ A."""
    ok = "2026 年度收入预算 1048475.73 万元，比 2025 年年初预算数 1025099.89 万元增加 23375.84 万元，增长 2.28%。"
    assert run(make_doc([("一、收入预算", [ok])], kind=DocKind.BUDGET)) == []
    (f,) = run(make_doc([("一、收入预算", [ok.replace("2.28%", "2.48%")])], kind=DocKind.BUDGET))
    assert f.severity == Severity.ERROR and f.computed == D("2.28")


def test_basic_flat_tolerates_a_change_but_no_change_claim_is_a_warning():
    basic = "机关运行经费125.30万元，比上年增加1.00万元，增长0.8%，与上年基本持平。"
    assert run(make_doc([("机关运行经费", [basic])], kind=DocKind.BUDGET), ["rate.growth"]) == []
    strict = "机关运行经费125.30万元，比上年增加1.00万元，增长0.8%，与上年持平。"
    (f,) = run(make_doc([("机关运行经费", [strict])], kind=DocKind.BUDGET), ["rate.growth"])
    assert f.severity == Severity.ERROR
    copied = "公务接待费22.21万元，比上年减少0.3万元，下降1.3%，主要原因是基本与上年持平，无增减变化。"
    (g,) = run(make_doc([("三公", [copied])], kind=DocKind.BUDGET), ["rate.growth"])
    assert g.severity == Severity.WARNING


def test_share_of_the_listed_amounts_when_the_named_whole_includes_more():
    """Shares of 基本支出 / 项目支出 printed against their sum, while 本年支出预算 also holds 结转结余."""
    texts = [
        "2026 年支出预算 133247.98 万元，比上年减少 100.00 万元。",
        "（一）基本支出。",
        "基本支出预算 25249.84 万元，占本年支出预算 18.99%。",
        "（二）项目支出。",
        "项目支出预算 107696.79 万元，占本年支出预算 81.01%。",
    ]
    assert run(make_doc([("支出预算", texts)], kind=DocKind.BUDGET), ["rate.share"]) == []
    # a share that fits neither the named whole nor the sum of the listed amounts still fires
    bad = [t.replace("18.99%", "19.99%").replace("81.01%", "80.01%") for t in texts]
    fs = run(make_doc([("支出预算", bad)], kind=DocKind.BUDGET), ["rate.share"])
    assert {f.stated for f in fs} == {D("19.99"), D("80.01")}
    assert all(f.severity == Severity.ERROR for f in fs)
    # one share alone: no sibling to read it by, the named whole decides
    single = "共涉及资金 940.15 万元，占一般公共预算项目支出总额的 100%。"
    whole = "一般公共预算项目支出总额 921.75 万元。"
    (g,) = run(make_doc([("绩效", [whole, single])]), ["rate.share"])
    assert g.severity == Severity.ERROR and g.computed == D("102.00")


def test_share_adjusted_so_the_set_adds_up_is_rounding():
    texts = [
        "2026年收入预算665964.37万元，比上年增加107,573.11万元，增长19.3%。",
        "其中：一般公共预算拨款收入414,883.38万元，占62.3%；",
        "政府性基金预算收入221,493.00万元，占33.3%；",
        "事业收入9,680.97万元，占1.4%；",
        "其他收入2,048.18万元，占0.3%；",
        "上年结转结余17,858.84万元，占2.7%。",
    ]
    fs = run(make_doc([("收入预算", texts)], kind=DocKind.BUDGET), ["rate.share"])
    assert [(f.severity, f.stated) for f in fs] == [(Severity.ROUNDING, D("1.4"))]
    # two units off is still an error
    bad = [t.replace("占1.4%", "占1.3%").replace("占2.7%", "占2.8%") for t in texts]
    fs = run(make_doc([("收入预算", bad)], kind=DocKind.BUDGET), ["rate.share"])
    assert Severity.ERROR in {f.severity for f in fs}
