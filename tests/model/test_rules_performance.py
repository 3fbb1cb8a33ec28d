"""Family 7 rules: performance target and self-evaluation tables."""

from __future__ import annotations

from decimal import Decimal

from conftest import parsed
from rulefixtures import by_severity, doc, findings, perf_self, perf_target, table

from gouji.model.document import DocKind, StdTable

GOOD_INDICATORS = [
    ("开展安全生产检查次数", ">=12次", "=12次", "40", "100%", "40"),
    ("主管部门满意度", ">=90%", "=100%", "50", "111%", "50"),
]


def test_target_funds_identity():
    assert findings(doc(perf_target("执法办案补充经费")), "perf.target_funds") == []
    fs = findings(doc(perf_target("执法办案补充经费", total="170.00")), "perf.target_funds")
    assert len(fs) == 1 and fs[0].severity.value == "error"
    assert fs[0].stated == Decimal("170.00") and fs[0].computed == Decimal("160.00")


def test_project_amount_matches_project_table_by_unit_and_name():
    cols = ["项目名称", "项目支出合计", "商品服务支出"]
    rows = [
        ("", "总计", "", "320.00", "320.00"),
        ("", "甲大队", "", "160.00", "160.00"),
        ("2200199", "其他自然资源事务支出", "执法办案补充经费", "160.00", "160.00"),
        ("", "乙大队", "", "160.00", "160.00"),
        ("2200199", "其他自然资源事务支出", "执法办案补充经费", "160.00", "160.00"),
    ]
    t7 = table(StdTable.B_GPB_PROJECT, "一般公共预算项目支出情况表", cols, rows, text_columns=["项目名称"])
    ok = perf_target("执法办案补充经费", unit="乙大队")
    assert findings(doc(t7, ok), "perf.project_amount") == []
    bad = perf_target("执法办案补充经费", unit="乙大队", total="150.00", fiscal="150.00")
    fs = findings(doc(t7, bad), "perf.project_amount")
    assert len(fs) == 1 and fs[0].severity.value == "warning" and "乙大队" in fs[0].message
    # a project that is not in the table is not compared
    other = perf_target("执法办案工作经费", unit="乙大队", total="13.86", fiscal="13.86")
    assert findings(doc(t7, other), "perf.project_amount") == []


def test_weights_sum():
    assert findings(doc(perf_target("x")), "perf.weights") == []
    ninety = perf_target("x", weights=[("a", "50"), ("b", "40")])
    assert findings(doc(ninety), "perf.weights") == []
    bad = perf_target("x", weights=[("a", "50"), ("b", "30")])
    fs = findings(doc(bad), "perf.weights")
    assert len(fs) == 1 and fs[0].stated == Decimal("80") and fs[0].severity.value == "warning"


def test_weights_self_eval_include_fund_points():
    ok = perf_self(
        "p", indicators=[(n, t, a, "45", r, "45") for n, t, a, _, r, _ in GOOD_INDICATORS], total="100"
    )
    assert findings(doc(ok, kind=DocKind.FINAL), "perf.weights") == []
    bad = perf_self("p", indicators=[(n, t, a, "40", r, "40") for n, t, a, _, r, _ in GOOD_INDICATORS])
    fs = findings(doc(bad, kind=DocKind.FINAL), "perf.weights")
    assert len(fs) == 1 and "资金执行分值" in fs[0].message


def test_duplicate_indicator():
    dup = perf_target("x", weights=[("群众满意度", "50"), ("群众满意度", "50")])
    fs = findings(doc(dup), "perf.duplicate_indicator")
    assert len(fs) == 1 and "群众满意度" in fs[0].message
    assert findings(doc(perf_target("x")), "perf.duplicate_indicator") == []


def test_exec_rate_and_fund_score():
    ok = perf_self("p", budget="82.00", spent="77.40", rate="94.39%", score="9.44")
    assert findings(doc(ok, kind=DocKind.FINAL), "perf.exec_rate", "perf.fund_score") == []
    wrong_rate = perf_self("p", budget="82.00", spent="77.40", rate="96.39%", score="9.64")
    fs = findings(doc(wrong_rate, kind=DocKind.FINAL), "perf.exec_rate")
    assert len(fs) == 1 and fs[0].severity.value == "error" and fs[0].computed == Decimal("94.39")
    wrong_score = perf_self("p", budget="82.00", spent="77.40", rate="94.39%", score="10.00")
    fs = findings(doc(wrong_score, kind=DocKind.FINAL), "perf.fund_score")
    assert len(fs) == 1 and fs[0].severity.value == "error" and fs[0].computed == Decimal("9.44")


def test_exec_rate_truncated_is_rounding_and_capped_score_ok():
    trunc = perf_self("p", budget="3,000.00", spent="2,000.00", rate="66.66%", score="6.67")
    fs = findings(doc(trunc, kind=DocKind.FINAL), "perf.exec_rate")
    assert [f.severity.value for f in fs] == ["rounding"]
    over = perf_self("p", budget="10.00", spent="11.00", rate="110.00%", score="10.00")
    assert findings(doc(over, kind=DocKind.FINAL), "perf.exec_rate", "perf.fund_score") == []


def test_completion_rate():
    ok = perf_self("p", indicators=GOOD_INDICATORS)
    assert findings(doc(ok, kind=DocKind.FINAL), "perf.completion") == []
    bad = perf_self("p", indicators=[("完成矿业权出让收益报告数量", ">=9个", "=10个", "40", "105%", "40")])
    fs = findings(doc(bad, kind=DocKind.FINAL), "perf.completion")
    assert len(fs) == 1 and fs[0].severity.value == "warning" and fs[0].computed == Decimal("111.11")
    # "<" targets and different units are not evaluated
    skip = perf_self(
        "p",
        indicators=[
            ("面积", "<500亩", "2.14亩", "40", "100%", "40"),
            ("x", ">=2次", "3天", "50", "10%", "50"),
        ],
    )
    assert findings(doc(skip, kind=DocKind.FINAL), "perf.completion") == []


def test_score_cap_and_total():
    over = perf_self(
        "p",
        indicators=[("a", ">=1次", "=1次", "40", "100%", "45"), ("b", ">=1次", "=1次", "50", "100%", "50")],
        score="10",
        rate="100.00%",
        budget="1.00",
        spent="1.00",
        total="105",
    )
    d = doc(over, kind=DocKind.FINAL)
    fs = findings(d, "perf.score_cap")
    assert len(fs) == 1 and fs[0].stated == Decimal("45") and fs[0].computed == Decimal("40")
    assert findings(d, "perf.total_score") == []  # 45 + 50 + 10 = 105
    bad_total = over.model_copy(deep=True)
    bad_total.perf.total_score.value = Decimal("100")
    fs = findings(doc(bad_total, kind=DocKind.FINAL), "perf.total_score")
    assert len(fs) == 1 and fs[0].severity.value == "error" and fs[0].computed == Decimal("105")


def test_counts_in_text():
    tables = [perf_self("总体", std=StdTable.PERF_SELF_OVERALL)] + [perf_self(f"p{i}") for i in range(2)]
    ok = doc(
        *tables, kind=DocKind.FINAL, sentences=["本单位形成整体支出绩效自评表1个，预算绩效评价项目2个。"]
    )
    assert findings(ok, "perf.count") == []
    bad = doc(
        *tables, kind=DocKind.FINAL, sentences=["本单位形成整体支出绩效自评表1个，预算绩效评价项目3个。"]
    )
    fs = findings(bad, "perf.count")
    assert len(fs) == 1 and fs[0].stated == Decimal(3) and fs[0].computed == Decimal(2)


def test_budget_project_count_with_see_below():
    tables = [perf_target(f"p{i}") for i in range(3)]
    ok = doc(
        *tables,
        sentences=[
            "当年财政拨款项目 2 个，涉及预算金额 10.00 万元；当年非财政拨款项目 1 个，涉及预算金额 1.00 万元。",
            "具体情况见下表：",
        ],
        section_title="（四）预算绩效情况",
    )
    assert findings(ok, "perf.count") == []
    bad = doc(
        *tables[:2],
        sentences=[
            "当年财政拨款项目 2 个，涉及预算金额 10.00 万元；当年非财政拨款项目 1 个，涉及预算金额 1.00 万元。",
            "具体情况见下表：",
        ],
        section_title="（四）预算绩效情况",
    )
    fs = findings(bad, "perf.count")
    assert len(fs) == 1 and fs[0].stated == Decimal(3)


# --- real documents -----------------------------------------------------------


def test_seed_final_fund_scores_confirmed_by_hand():
    """seed 002: three 项目支出绩效自评表 print a 资金得分 that is not 分值 × 执行率 (checked in the text):
    2024年度昌吉州矿政管理技术服务项目 99.50% → 9.88 (should be 9.95); 矿政管理技术服务项目（第二批）
    94.39% → 10.00 (9.44); 机关运行保障经费 99.53% → 9.88 (9.95)."""
    d = parsed("seeds/002_6f25734c455cccad.txt")
    fs = by_severity(findings(d, "perf.fund_score"), "error")
    got = sorted((f.stated, f.computed) for f in fs)
    assert got == [
        (Decimal("9.88"), Decimal("9.95")),
        (Decimal("9.88"), Decimal("9.95")),
        (Decimal("10.00"), Decimal("9.44")),
    ]
    assert findings(d, "perf.exec_rate", "perf.total_score", "perf.count", "perf.score_cap") == []


def test_seed_final_completion_rates_confirmed_by_hand():
    """seed 002: "完成矿业权出让收益报告数量" >=9个 / =10个 printed 105% (111.11%); "火区详勘报告…" >=20个 / =23个
    printed 120% (115%); two truncated rates (108.9%, 666%) are reported as rounding."""
    d = parsed("seeds/002_6f25734c455cccad.txt")
    fs = findings(d, "perf.completion")
    warn = sorted(f.computed for f in by_severity(fs, "warning"))
    assert warn == [Decimal("111.11"), Decimal("115.00")]
    assert len(by_severity(fs, "rounding")) == 2


def test_seed_budget_weights_and_duplicates_confirmed_by_hand():
    """seed 000: the first 项目支出绩效目标表 (乌鲁木齐县, 执法办案补充经费) weights 7+6+6+5+5+10+10+5+6+10+10 = 80;
    吐鲁番市高昌区 lists only 8 indicators (56); "维护全县土地矿产资源市场秩序" appears under both 经济效益 and
    社会效益 (seed lines 2698-2699)."""
    d = parsed("seeds/000_407e03e18ae36581.txt")
    fs = findings(
        d,
        "perf.weights",
        "perf.duplicate_indicator",
        "perf.target_funds",
        "perf.project_amount",
        "perf.count",
    )
    assert by_severity(fs, "error") == []
    weights = [f for f in fs if f.rule == "perf.weights"]
    assert any(f.stated == Decimal("80") and "执法办案补充经费" in f.message for f in weights)
    assert any(f.stated == Decimal("56") for f in weights)
    dups = [f for f in fs if f.rule == "perf.duplicate_indicator"]
    assert any("维护全县土地矿产资源市场秩序" in f.message and "经济效益指标" in f.message for f in dups)
    assert not [f for f in fs if f.rule in ("perf.target_funds", "perf.project_amount", "perf.count")]


def test_seed_budget_project_count_is_evaluated():
    d = parsed("seeds/000_407e03e18ae36581.txt").model_copy(deep=True)
    drop = next(t for t in d.tables if t.std == StdTable.PERF_TARGET_PROJECT)
    d.tables = [t for t in d.tables if t is not drop]
    fs = findings(d, "perf.count")
    assert len(fs) == 1 and fs[0].stated == Decimal(128) and fs[0].computed == Decimal(127)
