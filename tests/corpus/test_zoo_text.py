"""Issue 9: the text rules on real sentences of the zoo (documents never used in development).

Each test names the page and the sentence as printed (checked by hand with ``pdftotext -layout``):
the false errors the text rules gave at the start of issue 9 are gone, the sub-lists are still
checked against their own parent, and the one true text error (z33 p28) still fires.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from conftest import parsed

from gouji.model.findings import Severity
from gouji.model.rules.registry import run_rules

pytestmark = pytest.mark.slow

TEXT_RULES = ["sum.parts", "sum.counts", "rate.share", "rate.growth", "rate.direction", "narr.amount"]


def _findings(rel: str, page: int | None = None):
    fs = run_rules(parsed(rel), only=TEXT_RULES)
    return [f for f in fs if page is None or any(loc.page == page for loc in f.locations)]


def _errors(rel: str, page: int | None = None):
    return [f for f in _findings(rel, page) if f.severity == Severity.ERROR]


def test_z02_nested_qizhong_in_the_three_public_paragraph():
    """p20: 三公 20.80 = 因公出国 10.00 + 公务用车购置及运行费 9.60 + 公务接待 1.20, and 9.60 is itself
    "其中：公务用车购置费0万元；公务用车运行费9.60万元"."""
    assert _errors("zoo/z02_shanghai.pdf", 20) == []


def test_z05_printed_base_and_shares_of_basic_plus_project():
    """p6/p7 "比 2025 年年初预算数 1025099.89 万元增加 23375.84 万元，增长 2.28%" (= 23,375.84 ÷
    1,025,099.89); p8 基本支出 18.24% + 项目支出 81.76% of their sum 1,024,807.17 (本年支出预算
    1,048,475.73 also holds 年终结转结余)."""
    fs = _findings("zoo/z05_beijing.pdf")
    assert [f for f in fs if f.rule in ("rate.growth", "rate.share")] == []


def test_z08_list_ends_at_the_next_numbered_item_and_bracket_whole():
    """p7 "1.上级下达资金 1,610.00 万元" lists 7 items (300+500+300+80+100+300+30) and ends at
    "2.市级人才专项经费"; p14 "1,610.00 万元（其中 380.00 …、1,230.00 …）" is a complete split."""
    assert [f for f in _errors("zoo/z08_shenzhen.pdf") if f.rule == "sum.parts"] == []


def test_z13_bracketed_breakdown_of_the_car_item():
    """p114: 860.78 = 140.49 + 701.34 + 18.95; 701.34 = （331 + 370.34）."""
    assert _errors("zoo/z13_guangzhou.pdf", 114) == []


def test_z14_basic_flat_with_no_change_claim_is_a_warning():
    """p25 "公务接待费22.21万元，比上年减少0.3万元，下降1.3%，主要原因是基本与上年持平，无增减变化"."""
    (f,) = [f for f in _findings("zoo/z14_guangzhou.pdf", 25) if f.rule == "rate.growth"]
    assert f.severity == Severity.WARNING


def test_z19_share_adjusted_so_the_set_adds_up_is_rounding():
    """p6 事业收入 9,680.97 ÷ 665,964.37 = 1.45% printed 1.4% (the set 62.3+33.3+1.4+0.3+2.7 = 100.0);
    p7 一般公共服务 6,701.98 ÷ 432,564.30 = 1.55% printed 1.6% (the set adds up to 100.0)."""
    fs = [f for f in _findings("zoo/z19_hangzhou.pdf") if f.rule == "rate.share"]
    assert sorted((f.severity, f.stated) for f in fs) == [
        (Severity.ROUNDING, D("1.4")),
        (Severity.ROUNDING, D("1.6")),
    ]


def test_z30_count_list_ends_with_its_sentence_and_three_public_period():
    """p8 "实有人员214人，其中行政154人，事业60人。单位管理的离退休人员159人。"; p15 "三公…3.00万元"
    is the 当年 小计 (30,000.00 元), not the 上年 合计 (442,400.00 元, with 会议费/培训费)."""
    fs = _errors("zoo/z30_xian.pdf")
    assert [f for f in fs if f.rule in ("sum.counts", "narr.amount")] == []


def test_z33_true_share_error_still_fires():
    """p28 "共涉及资金 940.15 万元，占一般公共预算项目支出总额的 100%" while 项目支出 is 921.75 (p25,
    表5 p15): 102.00%."""
    (f,) = [f for f in _errors("zoo/z33_foshan.pdf", 28) if f.rule == "rate.share"]
    assert f.stated == D("100") and f.computed == D("102.00")
