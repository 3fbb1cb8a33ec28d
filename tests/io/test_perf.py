"""Performance tables (绩效目标表 / 绩效自评表) → PerfTable.

Figures pinned here were checked by hand against the seed text
(corpus/seeds/000_*.txt from line 2512, corpus/seeds/002_*.txt from line 95)
and against the narrative of seed 002 ("预算绩效评价项目19个，全年预算数
8,157.53万元，全年执行数8,152.20万元") and seed 000 (项目支出 5,139.00 万元).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from conftest import corpus, parsed

from gouji.io.assemble.perf import parse_perf, parse_perf_groups
from gouji.io.assemble.perf_cells import clean_text, label_key
from gouji.io.assemble.perf_flat import regroup_flat
from gouji.io.raw import RawCell
from gouji.model.document import StdTable

SEED000 = "seeds/000_407e03e18ae36581.txt"
SEED002 = "seeds/002_6f25734c455cccad.txt"


def _perfs(rel: str):
    return [t.perf for t in parsed(rel).perf_tables]


def _summary(p):
    """Everything a rule reads from a PerfTable (cell positions and boxes left out)."""
    return (
        p.kind,
        p.scope,
        p.project_name,
        sorted((k, c.text, c.value, c.blank) for k, c in p.fields.items()),
        [sorted((k, c.text, c.value) for k, c in f.items()) for f in p.funds],
        [(i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score) for i in p.indicators],
        None if p.total_score is None else (p.total_score.text, p.total_score.value),
    )


# --------------------------------------------------------------------------- helpers


def test_clean_text_joins_wrapped_labels_and_drops_extraction_spaces():
    assert clean_text("全年执行\n数") == "全年执行数"
    assert clean_text("按照完成比例\n赋分") == "按照完成比例赋分"
    assert clean_text("2024 年 12 月 10日前") == "2024年12月10日前"
    assert clean_text("维护全州土地矿产资源市 场秩序") == "维护全州土地矿产资源市场秩序"
    assert clean_text("> =90%") == ">=90%"
    assert clean_text("设备利用率 (%)") == "设备利用率(%)"
    assert clean_text("a b") == "a b"  # spaces between Latin letters or digits are kept
    assert clean_text("<p>1、聚焦主责主业</p>") == "1、聚焦主责主业"
    assert clean_text(r"$\geq 90\%$") == "≥90%" and clean_text("$>$ $=580$ 万元") == ">=580万元"
    assert label_key("单位名称 (盖章)") == "单位名称"
    assert label_key("其中：财政\n拨款") == "财政拨款"
    assert label_key("资金总额 (万元)") == "资金总额"


# --------------------------------------------------------------------------- hand-made grids


def _grid(rows):
    return [
        [RawCell(t, (10.0 * j, 20.0 * i, 10.0 * j + 9, 20.0 * i + 19), 7) for j, t in enumerate(r)]
        for i, r in enumerate(rows)
    ]


def test_self_eval_grid_with_wrapped_labels_blanks_and_repeated_header():
    rows = _grid(
        [
            ["项目名称", "", "测试项目", "", "", "", "", ""],
            ["主管部门", "", "某局", "", "实施单位", "某局", "", ""],
            ["项目资金\n（万元）", "", "年初预算数", "全年预算数", "全年执行\n数", "分值", "执行率", "得分"],
            ["", "年度资金总额", "1,000.00", "1,200.00", "1,199.16", "10", "99.93%", "9.99"],
            ["", "其中：当年财政拨款", "1,000.00", "1,200.00", "1,199.16", "—", "—", "—"],
            ["", "上年结转资金", "/", "/", "/", "—", "—", "—"],
            ["", "其他资金", "", "", "", "—", "—", "—"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"],
            ["产出指标", "数量指标", "完成\n检查", "≥12次", "12次", "50", "50", ""],
            ["", "", "覆盖率", "100%", "98%", "20", "19.6", "个别未覆盖"],
            # the header repeated at the top of the next page
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"],
            ["满意度指标", "满意度指标", "群众满意度", "≥90%", "95%", "20", "20", ""],
            ["总分", "", "", "", "", "100", "99.59", ""],
        ]
    )
    p = parse_perf(StdTable.PERF_SELF_PROJECT, rows, "万元")
    assert (p.kind, p.scope, p.project_name) == ("self_eval", "project", "测试项目")
    assert p.fields["主管部门"].text == "某局" and p.fields["实施单位"].text == "某局"
    assert p.fields["全年执行数"].value == D("1199.16")
    assert p.fields["执行率"].value == D("99.93") and p.fields["得分"].value == D("9.99")
    assert [f["名称"].text for f in p.funds] == [
        "年度资金总额",
        "其中：当年财政拨款",
        "上年结转资金",
        "其他资金",
    ]
    carry = p.funds[2]
    assert carry["全年预算数"].blank and carry["全年预算数"].value is None
    assert p.funds[3]["年初预算数"].blank
    assert [(i.level1, i.level2, i.name, i.weight, i.score) for i in p.indicators] == [
        ("产出指标", "数量指标", "完成检查", D("50"), D("50")),
        ("产出指标", "数量指标", "覆盖率", D("20"), D("19.6")),
        ("满意度指标", "满意度指标", "群众满意度", D("20"), D("20")),
    ]
    assert p.indicators[1].target == "100%" and p.indicators[1].actual == "98%"
    first = p.indicators[0]
    assert first.page == 7 and first.bbox is not None and first.bbox.top == 160.0
    assert p.total_score.value == D("99.59") and p.fields["总分权重"].value == D("100")


def test_target_grid_with_shifted_and_continuation_rows():
    """Rows shifted by one column and a wrapped row printed on its own (seen in seed 000)."""
    header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "指标值设置依据",
        "上年完成值",
        "指标分值权重",
        "指标赋分规则",
        "佐证资料",
    ]
    rows = _grid(
        [
            ["预算单位", "", "某大队", "", "", "", "", "", ""],
            ["项目名称", "", "执法经费", "", "", "项目负责人", "张三", "", ""],
            [
                "项目资金(万元)",
                "",
                "年度预算总额",
                "30.00",
                "其中：财政拨款",
                "25.00",
                "其他资金",
                "5.00",
                "",
            ],
            header,
            ["产出指标", "数量指标", "巡查次数", ">=5次", "历史标准", "5次", "40", "按比例", "工作资料"],
            # left-shifted: the 二级 label printed in the 一级 column, the 三级 name in the 二级 column
            ["时效指标", "办理时限", "<=10个月", "行业标准", "10个月", "20", "直接赋分", "说明材料", ""],
            # right-shifted by one empty leading cell
            ["", "效益指标", "经济效益指标", "非税收入", ">=300", "历史标准", "0.85", "20", "按比例"],
            # the wrapped tail of the row above ("万元")
            ["", "", "", "万元", "", "", "", "", ""],
            [
                "满意度指标",
                "满意度指标",
                "群众满意度",
                ">=95%",
                "历史标准",
                "0.9",
                "20",
                "满意度赋分",
                "说明材料",
            ],
        ]
    )
    p = parse_perf(StdTable.PERF_TARGET_PROJECT, rows, "万元")
    assert p.project_name == "执法经费"
    assert [p.fields[k].value for k in ("年度预算总额", "财政拨款", "其他资金")] == [
        D("30.00"),
        D("25.00"),
        D("5.00"),
    ]
    assert p.fields["项目负责人"].text == "张三"
    got = [(i.level1, i.level2, i.name, i.target, i.weight) for i in p.indicators]
    assert got == [
        ("产出指标", "数量指标", "巡查次数", ">=5次", D("40")),
        ("产出指标", "时效指标", "办理时限", "<=10个月", D("20")),
        ("效益指标", "经济效益指标", "非税收入", ">=300万元", D("20")),
        ("满意度指标", "满意度指标", "群众满意度", ">=95%", D("20")),
    ]
    assert sum(i.weight for i in p.indicators) == 100
    assert p.total_score is None


def test_flat_sequence_with_and_without_separators_gives_the_same_table():
    cells = [
        "项目名称", "某项目", None,
        "主管部门", "某局", "实施单位", "某局", None,
        "项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", None,
        "", "年度资金总额", "10.00", "8.00", "8.00", "10", "100.00%", "10.00", None,
        "", "其中：当年财政拨款", "10.00", "8.00", "8.00", "—", "—", "—", None,
        "年度总体目标", "预期目标", "实际完成情况", None,
        "", "计划完成检查", "已完成检查", None,
        "", "一级指标", "二级指标", "三级指标", "权重", "目标值", "业绩值", "完成率", "指标得分", None,
        "年度绩效指标完成情况", "产出指标", "数量指标", "检查次数", "50", ">=12次", "=12次", "100%", "50", None,
        "", "", "", "检查覆盖率", "40", "=100%", "=90%", "90%", "36", None,
        "总分", "90", "", "", "", "96.00分", None,
    ]  # fmt: skip
    with_sep = [[] if t is None else [RawCell(t)] for t in cells]
    without = [[RawCell(t)] for t in cells if t is not None]
    a = parse_perf(StdTable.PERF_SELF_PROJECT, with_sep)
    b = parse_perf(StdTable.PERF_SELF_PROJECT, without)
    assert len(regroup_flat(with_sep)) == 11
    assert _summary(a) == _summary(b)
    assert a.fields["预期目标"].text == "计划完成检查" and a.fields["实际完成情况"].text == "已完成检查"
    assert [(i.name, i.weight, i.score) for i in a.indicators] == [
        ("检查次数", D("50"), D("50")),
        ("检查覆盖率", D("40"), D("36")),
    ]
    assert a.indicators[1].level1 == "产出指标" and a.indicators[1].level2 == "数量指标"
    assert a.total_score.value == D("96.00") and a.fields["总分权重"].value == D("90")
    assert [f["名称"].text for f in a.funds] == ["年度资金总额", "其中：当年财政拨款"]


# --------------------------------------------------------------------------- seed 002: 20 自评表


def test_seed002_has_one_overall_and_nineteen_project_self_evaluations():
    perfs = _perfs(SEED002)
    assert len(perfs) == 20
    assert [(p.kind, p.scope) for p in perfs] == [("self_eval", "overall")] + [("self_eval", "project")] * 19
    assert sum(len(p.indicators) for p in perfs) == 166
    assert all(i.weight is not None and i.score is not None for p in perfs for i in p.indicators)


def test_seed002_overall_table():
    p = _perfs(SEED002)[0]
    assert p.project_name == "昌吉回族自治州自然资源局"
    assert [f["名称"].text for f in p.funds] == ["上级资金", "本级资金", "其他资金", "合计"]
    total = p.funds[3]
    assert [total[k].value for k in ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")] == [
        D("4132.88"),
        D("10676.61"),
        D("9182.32"),
        D("10"),
        D("86"),
        D("8.6"),
    ]
    assert p.fields["全年预算数"].value == D("10676.61") and p.fields["执行率"].text == "86%"
    assert p.funds[0]["分值"].blank
    assert [i.weight for i in p.indicators] == [15, 9, 15, 15, 12, 12, 12]
    assert [i.score for i in p.indicators] == [15, 9, 15, 0, 12, 12, 12]
    assert p.indicators[3].name == "地质灾害综合治理（处）"
    assert (p.indicators[3].target, p.indicators[3].actual) == ("=1处", "0处")
    assert {i.level1 for i in p.indicators} == {"履职效能"}
    assert p.total_score is None  # the overall table prints no 总分 row
    assert p.fields["预期目标"].text.startswith("坚持以习近平新时代中国特色社会主义思想为指导")


def test_seed002_first_project_table_in_full():
    p = _perfs(SEED002)[1]
    assert p.project_name == "2023年度安全生产和消防工作先进单位奖金"
    assert p.fields["主管部门"].text == "昌吉回族自治州自然资源局"
    assert [
        (
            f["名称"].text,
            f["年初预算数"].value,
            f["全年预算数"].value,
            f["全年执行数"].value,
            f["分值"].text,
            f["执行率"].text,
            f["得分"].text,
        )
        for f in p.funds
    ] == [
        ("年度资金总额", D("3.00"), D("2.47"), D("2.47"), "10", "100.00%", "10.00"),
        ("其中：当年财政拨款", D("3.00"), D("2.47"), D("2.47"), "—", "—", "—"),
        ("其他资金", D("0.00"), D("0.00"), D("0.00"), "—", "—", "—"),
    ]
    assert [(i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score) for i in p.indicators] == [
        ("产出指标", "数量指标", "开展安全生产检查次数", ">=12次", "=12次", D("10"), D("10")),
        ("产出指标", "数量指标", "检查租赁车辆次数", ">=12次", "=12次", D("10"), D("10")),
        ("产出指标", "质量指标", "车辆验收合格率", "=100%", "=100%", D("7"), D("7")),
        ("产出指标", "质量指标", "检查县市覆盖率", "=100%", "=100%", D("6"), D("6")),
        ("产出指标", "时效指标", "项目完成时间", "2024年12月10日前", "2024年12月6日", D("7"), D("7")),
        ("成本指标", "经济成本指标", "车辆租赁费", "=2.47万元", "=2.47万元", D("20"), D("20")),
        (
            "效益指标",
            "社会效益指标",
            "提高安全监督检查效率，提升行业安全生产意识",
            "有效提高",
            "达到预期指标",
            D("20"),
            D("20"),
        ),
        ("满意度指标", "满意度指标", "主管部门满意度", ">=90%", "=100%", D("10"), D("10")),
    ]
    assert p.total_score.text == "100.00分" and p.total_score.value == D("100.00")
    # the 完成率 column is kept in the indicator cells
    assert p.indicators[-1].cells[7].text == "111%" and p.indicators[-1].cells[7].value == D("111")


def test_seed002_project_tables_agree_with_the_narrative_and_their_totals():
    projects = _perfs(SEED002)[1:]
    # "预算绩效评价项目19个，全年预算数8,157.53万元，全年执行数8,152.20万元"
    assert sum(p.fields["全年预算数"].value for p in projects) == D("8157.53")
    assert sum(p.fields["全年执行数"].value for p in projects) == D("8152.20")
    for p in projects:
        assert sum(i.weight for i in p.indicators) + p.fields["分值"].value == 100, p.project_name
        assert sum(i.score for i in p.indicators) + p.fields["得分"].value == p.total_score.value, (
            p.project_name
        )
    low = next(p for p in projects if p.project_name == "2024年度昌吉州矿政管理技术服务项目")
    assert (low.fields["执行率"].value, low.fields["得分"].value, low.total_score.value) == (
        D("99.50"),
        D("9.88"),
        D("87.70"),
    )


# --------------------------------------------------------------------------- seed 000: 129 目标表


def test_seed000_has_129_target_tables_with_budgets_and_weights():
    perfs = _perfs(SEED000)
    assert len(perfs) == 129
    assert (perfs[0].kind, perfs[0].scope) == ("target", "overall")
    assert all((p.kind, p.scope) == ("target", "project") for p in perfs[1:])
    assert sum(len(p.indicators) for p in perfs) == 1614
    assert all(i.weight is not None for p in perfs for i in p.indicators)
    for p in perfs[1:]:
        f = p.fields
        assert f["年度预算总额"].value == f["财政拨款"].value + f["其他资金"].value, p.project_name
    # the 128 projects add up to the 项目支出 of the budget (T3: 5,139.00 万元)
    assert sum(p.fields["年度预算总额"].value for p in perfs[1:]) == D("5139.00")
    # weights as printed: 61 projects reach 90, 6 reach 100, the others neither (e.g. 80, 81, 101, 111)
    sums = [sum(i.weight for i in p.indicators) for p in perfs[1:]]
    assert (sums.count(90), sums.count(100), sum(perfs[0].indicators[k].weight for k in range(7))) == (
        61,
        6,
        100,
    )


def test_seed000_overall_target_table():
    p = _perfs(SEED000)[0]
    assert p.project_name == "克拉玛依市国土资源执法监察支队"
    assert p.fields["单位联系人"].text == "阎龔"
    assert [
        (f.get("分组").text if "分组" in f else "", f["名称"].text, f["资金总额"].value) for f in p.funds
    ] == [
        ("财政资金(万元)", "上级安排", D("364.13")),
        ("财政资金(万元)", "本级安排", D("0.00")),
        ("其他资金(万元)", "其他", D("0.00")),
    ]
    assert [(i.level1, i.level2, i.name, i.weight) for i in p.indicators] == [
        ("运行成本", "成本指标", "成本控制", D("20")),
        ("管理效率", "时效指标", "发放工资津补贴次数", D("20")),
        ("管理效率", "时效指标", "缴纳社会保障及住房补贴次数", D("20")),
        ("管理效率", "时效指标", "发放奖金及福利", D("10")),
        ("履职效能", "经济效益指标", "节约财政资金", D("10")),
        ("履职效能", "经济效益指标", "保障办公基本经费", D("10")),
        ("服务对象满意度", "职工满意度", "职工满意度", D("10")),
    ]


def _by_unit(perfs, unit: str, name: str):
    return next(
        p
        for p in perfs
        if "预算单位" in p.fields and p.fields["预算单位"].text == unit and p.project_name == name
    )


def test_seed000_first_project_table_in_full():
    p = _by_unit(
        _perfs(SEED000), "乌鲁木齐县国土资源执法监察大队", "全区国土资源执法监察系统执法办案补充经费"
    )
    assert [p.fields[k].value for k in ("年度预算总额", "财政拨款", "其他资金")] == [
        D("160.00"),
        D("160.00"),
        D("0.00"),
    ]
    assert p.fields["项目负责人"].text == "李乐"
    assert [(i.level1, i.level2, i.name, i.target, i.weight) for i in p.indicators] == [
        ("产出指标", "数量指标", "违法案件立案率", "=95%", D("7")),
        ("产出指标", "数量指标", "场培训人次", "=50人次", D("6")),
        ("产出指标", "数量指标", "开展日常动态巡查", ">=5次", D("6")),
        ("产出指标", "数量指标", "开展自然资源法规宣传", ">=8400人次", D("5")),
        ("产出指标", "数量指标", "签订5类目标责任书", "=5类", D("5")),
        ("产出指标", "质量指标", "违法案件结案率", ">=90%", D("10")),
        ("效益指标", "经济效益指标", "非税收入总额", ">=300万元", D("10")),
        ("效益指标", "经济效益指标", "用地、用矿市场秩序不断规范，新增违法案件数", "减少", D("5")),
        ("效益指标", "社会效益指标", "积极完成各类信息报送工作", ">=30篇", D("6")),
        ("满意度指标", "满意度指标", "群众满意度", ">=100%", D("10")),
        ("满意度指标", "满意度指标", "违法案件举报群众接访满意度", ">=100%", D("10")),
    ]
    assert sum(i.weight for i in p.indicators) == 80  # as printed: the weights do not reach 100


def test_seed000_misaligned_rows_are_read_as_printed():
    perfs = _perfs(SEED000)
    # "→效益指标→经济效益指标→设备利用率（%）→> =85%→历史标准→0.9→5": shifted right, weight 5 not 0.9
    p = _by_unit(perfs, "焉耆回族自治县国土资源执法监察大队", "全区国土资源执法监察系统执法办案经费")
    ind = next(i for i in p.indicators if i.name == "设备利用率（%）")
    assert (ind.level1, ind.level2, ind.weight) == ("效益指标", "经济效益指标", D("5"))
    # "→时效 指标→→办公设备更新购置时限→…→10个月以内→3" and "→→公用经费支出及时率→…→100%→100%→5"
    p = _by_unit(perfs, "和田县国土资源执法监察大队", "全区国土资源执法监察系统执法办案经费")
    got = {i.name: (i.level2, i.target, i.weight) for i in p.indicators}
    assert got["办公设备更新购置时限"] == ("时效指标", "2024年11月30日之前", D("3"))
    assert got["公用经费支出及时率"] == ("时效指标", "≥90%", D("5"))
    assert sum(i.weight for i in p.indicators) == 90
    # a wrapped row printed on its own: "→满意→开展宣传普法活动次数→≥4…" + "→度指 标→(次)→次→→→→分→"
    p = _by_unit(perfs, "裕民县国土资源执法监察大队", "全区国土资源执法监察系统执法办案经费")
    ind = next(i for i in p.indicators if i.name.startswith("开展宣传普法活动次数"))
    assert (ind.level2, ind.name, ind.target, ind.weight) == (
        "满意度指标",
        "开展宣传普法活动次数(次)",
        "≥4次",
        D("6"),
    )
    assert len(p.indicators) == 14
    # "→效益指标→经济效益→图斑核查完成率…" + "→指标→非税收入征缴额…": the 二级 label wraps over two rows
    p = _by_unit(perfs, "英吉沙县国土资源执法监察大队", "全区国土资源执法监察系统执法办案经费")
    tail = [(i.level1, i.level2, i.name, i.weight) for i in p.indicators[-3:]]
    assert tail == [
        ("效益指标", "经济效益指标", "图斑核查完成率", D("5")),
        ("效益指标", "经济效益指标", "设备利用率（%）", D("5")),
        ("效益指标", "经济效益指标", "非税收入征缴额", D("25")),
    ]
    # weights as printed (hand-summed from the seed text)
    p = _by_unit(perfs, "博尔塔拉蒙古自治州国土资源执法监察支队", "全区国土资源执法监察系统执法办案经费")
    assert (len(p.indicators), sum(i.weight for i in p.indicators)) == (19, 111)


# --------------------------------------------------------------------------- other formats


def test_seed002_docx_and_pdf_give_the_same_perf_tables_as_the_text():
    corpus("rendered/seed002.docx")
    corpus("rendered/seed002.pdf")
    ref = [_summary(p) for p in _perfs(SEED002)]
    assert [_summary(p) for p in _perfs("rendered/seed002.docx")] == ref
    pdf = parsed("rendered/seed002.pdf")
    assert [_summary(t.perf) for t in pdf.perf_tables] == ref
    ind = pdf.perf_tables[1].perf.indicators[0]
    assert ind.page == 15 and ind.bbox is not None
    assert pdf.perf_tables[1].perf.fields["全年预算数"].page == 15


def test_seed000_docx_gives_the_same_target_tables_as_the_text():
    corpus("rendered/seed000.docx")
    assert [_summary(p) for p in _perfs("rendered/seed000.docx")] == [_summary(p) for p in _perfs(SEED000)]


@pytest.mark.slow
def test_seed000_pdf_gives_the_same_target_tables_as_the_text():
    corpus("rendered/seed000.pdf")
    pdf = parsed("rendered/seed000.pdf")
    assert [_summary(t.perf) for t in pdf.perf_tables] == [_summary(p) for p in _perfs(SEED000)]
    first = pdf.perf_tables[1].perf
    assert first.indicators[0].page == pdf.perf_tables[1].pages[0] and first.indicators[0].bbox is not None


# --------------------------------------------------------------------------- real publications


def _perf_titled(doc, title: str):
    return next(t.perf for t in doc.perf_tables if t.title == title)


def test_real_final_account_self_evaluations_reconcile():
    """国家信访局 2024 决算 (checked against the PDF, pp. 28-36): columns dropped by the
    extraction in some rows are realigned by the weight / score columns."""
    corpus("final/nfb_xinfang_2024_final.pdf")
    doc = parsed("final/nfb_xinfang_2024_final.pdf")
    assert len(doc.perf_tables) == 4
    for t in doc.perf_tables:
        p = t.perf
        assert p.kind == "self_eval" and p.fields["分值"].value == 10
        assert sum(i.weight for i in p.indicators) == 90, t.title
        assert sum(i.score for i in p.indicators) + p.fields["得分"].value == p.total_score.value, t.title
    p = _perf_titled(doc, "信访干部培训专项项目绩效自评表")
    assert p.project_name == "信访干部培训专项"
    assert [p.fields[k].value for k in ("年初预算数", "全年预算数", "全年执行数", "执行率")] == [
        D("180.61"),
        D("180.03"),
        D("180.03"),
        D("100.00"),
    ]
    assert p.total_score.value == 98
    got = {i.name: (i.target, i.actual, i.weight, i.score) for i in p.indicators}
    assert got["信访系统干部整体素质"][2:] == (D("10"), D("9"))
    assert got["受训学员满意率"] == ("≥95%", "100%", D("10"), D("10"))
    assert got["培训人数"] == ("≥300人", "366人", D("6"), D("6"))


def test_real_budget_list_style_target_table_is_split_by_project():
    """北京市审计局 2026 预算表12 (p12-19): one table listing 17 projects → 17 P tables, one per project."""
    corpus("budget/bj_sjj_2026_budget_tables.pdf")
    doc = parsed("budget/bj_sjj_2026_budget_tables.pdf")
    ps = [t for t in doc.perf_tables if t.std == StdTable.PERF_TARGET_PROJECT]
    assert len(ps) == 17 and len({t.perf.project_name for t in ps}) == 17
    p = ps[0].perf
    assert p.project_name == "11000022T000000460216-《北京审计》杂志办刊经费" and ps[0].pages == [12]
    f = p.fields
    assert (f["年度预算总额"].value, f["财政拨款"].value, f["其他资金"].blank) == (
        D("17.398000"),
        D("17.398000"),
        True,
    )
    # 绩效指标性质 | 本年绩效指标值 | 绩效度量单位 are joined into the target
    assert [(i.level2, i.target) for i in p.indicators[:3]] == [
        ("社会效益指标", "优"),
        ("质量指标", "＝100%"),
        ("数量指标", "＝900册"),
    ]
    assert len(p.indicators) == 7
    # p16: the only project paid from 其他资金 (财政拨款 blank)
    other = next(t.perf for t in ps if t.perf.project_name.endswith("项目及手续费等支出"))
    assert (other.fields["年度预算总额"].value, other.fields["其他资金"].value) == (
        D("50.117193"),
        D("50.117193"),
    )
    assert other.fields["财政拨款"].blank
    # p19: the last project
    last = ps[-1]
    assert last.pages == [19] and last.perf.project_name == "11000026T000003750613-审计及审计调查数据信息"
    assert last.perf.fields["年度预算总额"].value == D("81.600000")
    # the parser's own split of the whole list agrees with the tables
    from gouji.io.raw import RawCell as RC

    rows = [[RC(c.text, None, c.page) for c in r.cells] for r in ps[0].rows]
    parts = parse_perf_groups(ps[0].std, rows)
    assert len(parts) == 1 and parts[0].project_name == p.project_name and len(parts[0].indicators) == 7
    # 预算13表: amounts printed under their labels, levels run together in one 绩效指标 column
    overall = next(t.perf for t in doc.perf_tables if t.std == StdTable.PERF_TARGET_OVERALL)
    f = overall.fields
    assert overall.project_name == "北京市审计局"
    assert [f[k].value for k in ("年度预算总额", "财政拨款", "其他资金")] == [
        D("32852.053832"),
        D("32801.936639"),
        D("50.117193"),
    ]
    assert f["年度预算总额"].value == f["财政拨款"].value + f["其他资金"].value
    first = overall.indicators[0]
    assert (first.level1, first.level2, first.name, first.target) == (
        "产出指标",
        "数量指标",
        "出具数据分析报告",
        "＝4份",
    )
    assert len(overall.indicators) == 32


def test_real_budget_weights_in_a_percent_column():
    """重庆市气象局 2026: 指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重(%)."""
    corpus("budget/cq_qxj_2026_dept_budget.pdf")
    doc = parsed("budget/cq_qxj_2026_dept_budget.pdf")
    overall = _perf_titled(doc, "2026年部门整体绩效目标表")
    assert overall.fields["年度绩效目标"].text.startswith("1.全力做好“十五五”规划编制")
    assert len(overall.indicators) == 11 and sum(i.weight for i in overall.indicators) == 100
    assert (overall.indicators[0].name, overall.indicators[0].target) == ("气候预测准确率", "≥68%")
    general = _perf_titled(doc, "2026年市级一般性项目绩效目标表 (一级项目)")
    assert general.project_name == "气象事务" and general.fields["财政拨款"].value == D("4902.34")
    assert len(general.indicators) == 12 and sum(i.weight for i in general.indicators) == 100
