"""Document facts: unit name, year, 部门 / 单位 scope, form, and the notice check (on built inputs)."""

from __future__ import annotations

import pytest
from rulefixtures import doc, table

from gouji.io.assemble.doc_facts import doc_unit, doc_year, extract_unit_name
from gouji.io.assemble.doc_kinds import doc_form, doc_scope, has_disclosure_structure, notice_head
from gouji.io.assemble.sections import build_text
from gouji.io.assemble.text_lines import TLine
from gouji.io.errors import ReadError
from gouji.io.pipeline import check_is_disclosure
from gouji.io.raw import RawLine
from gouji.model.document import (
    DocForm,
    DocKind,
    DocScope,
    Section,
    SectionKind,
    Sentence,
    StdTable,
    TocEntry,
)


def lines(*texts: str, page: int = 1) -> list[TLine]:
    return [TLine(text=t, page=page, bbox=None, pos=i) for i, t in enumerate(texts)]


def sents(*texts: str, page: int = 1) -> list[Sentence]:
    return [Sentence(index=i, text=t, section_id="S001", page=page) for i, t in enumerate(texts)]


def raw_lines(*rows: tuple[int, str]) -> list[RawLine]:
    return [RawLine(text=text, page=page) for page, text in rows]


def std(kind: StdTable, title: str):
    return table(kind, title, ["合计"], [("", "合计", "10.00")])


def unnamed(title: str = "（未命名表格）"):
    return table(None, title, ["合计"], [("", "合计", "10.00")])


BUDGET_TABLES = [
    std(StdTable.B_OVERVIEW, "2026年收支总体情况表"),
    std(StdTable.B_INCOME, "2026年收入总体情况表"),
    std(StdTable.B_EXPENSE, "2026年支出总体情况表"),
]
TEXT_PARTS = [
    Section(id="S001", kind=SectionKind.FUNCTIONS, title="一、主要职能"),
    Section(id="S002", kind=SectionKind.EXPLANATION, title="第二部分 2026年部门预算情况说明"),
    Section(id="S003", kind=SectionKind.GLOSSARY, title="第三部分 名词解释"),
]
TABLE_TOC = [
    TocEntry(title="第二部分 2026年度部门预算报表", level=1),
    TocEntry(title="一、收支总表", level=2, std=StdTable.B_OVERVIEW),
    TocEntry(title="二、收入总表", level=2, std=StdTable.B_INCOME),
]


# --------------------------------------------------------------------------- unit name


@pytest.mark.parametrize(
    "title, unit",
    [
        # （本级）: the unit without its subordinate units, part of the name
        ("2026年度无锡市教育局（本级）单位预算公开", "无锡市教育局（本级）"),
        ("2026年度福州市民政局(本级)单位预算", "福州市民政局(本级)"),
        ("2026年中共深圳市委宣传部（本级）部门预算", "中共深圳市委宣传部（本级）"),
        # （汇总） is not
        ("西安市人民政府办公厅（汇总）2026年部门预算公开说明", "西安市人民政府办公厅"),
        # 部门综合预算 is a kind word, not a part of the name
        ("西安市交通运输局2022年部门综合预算", "西安市交通运输局"),
        ("预算单位：上海市福利彩票发行中心", "上海市福利彩票发行中心"),
        ("评价项目单位：长沙市人民政府国有资产监督管理委员会", "长沙市人民政府国有资产监督管理委员会"),
    ],
)
def test_extract_unit_name_keeps_the_full_printed_name(title, unit):
    assert extract_unit_name(title) == unit


def test_unit_from_the_budget_unit_line_before_the_cover_title():
    # a unit budget's cover names the city in its title and the unit on its 预算单位 line
    cover = lines("上海市", "2026年市级单位预算", "预算单位：上海市退役军人服务中心")
    assert doc_unit(cover, [], [], [], []) == "上海市退役军人服务中心"
    assert doc_unit(lines("上海市", "2026年市级单位预算"), [], [], [], []) == "上海市"


def test_evaluation_report_unit_from_its_cover_label_not_the_abbreviation_in_the_text():
    cover = lines(
        "长沙市财政项目支出绩效评价报告",
        "评价项目名称：2020年度长沙市国企改革稳定专项资金绩效评价",
        "评价项目单位：长沙市人民政府国有资产监督管理委员会",
    )
    text = sents("市国资委高度重视。", "市国资委成立评价组。")
    assert doc_unit(cover, [], [], [], text) == "长沙市人民政府国有资产监督管理委员会"


# --------------------------------------------------------------------------- year


def test_year_ignores_ranges_and_target_years_on_the_cover():
    cover = lines("包头市建筑垃圾污染环境防治工作规划（2025—2035年）")
    assert doc_year(cover, [], [], [], []) is None
    assert doc_year(lines("2026年度某某局部门预算"), [], [], [], []) == 2026


def test_year_from_the_text_never_more_than_one_after_the_table_years():
    text = sents("到2035年，全市基本建成。", "2035年目标全面实现。", "2035年远景目标。")
    # "到2035年" is a target; the other sentences say 2035 more often than the table titles say 2026
    tables = [std(StdTable.B_OVERVIEW, "某某局收支总体情况表（2026年度）")]
    assert doc_year([], tables, [], [], text) == 2026
    # without a table or title year, the latest printed date bounds the year
    dated = sents("2035年远景目标。", "2035年全面实现。", "某某局", "2025年6月18日", "2025年度工作安排。")
    assert doc_year([], [], [], [], dated) == 2025


def test_year_from_titles_when_the_cover_has_none():
    heads = [Section(id="S001", title="第一部分 2025年部门预算说明")]
    text = sents("2027年前完成。", "2027年底前。", "2027年。")
    assert doc_year([], [], heads, [], text) == 2025


# --------------------------------------------------------------------------- scope


@pytest.mark.parametrize(
    "title, scope",
    [
        ("2026年度无锡市教育局（本级）单位预算公开", DocScope.UNIT),
        ("上海市2026年市级单位预算预算单位：上海市福利彩票发行中心", DocScope.UNIT),
        ("2026年中共深圳市委宣传部（本级）部门预算", DocScope.DEPARTMENT),
        ("西安市商务局2022年部门综合预算", DocScope.DEPARTMENT),
        ("国家信访局2024年度部门决算", DocScope.DEPARTMENT),
        ("长沙市财政项目支出绩效评价报告", DocScope.UNKNOWN),
    ],
)
def test_scope_from_the_cover_title(title, scope):
    assert doc_scope(title, [], [], []) == scope


def test_scope_from_part_titles_when_there_is_no_title():
    heads = [Section(id="S001", title="第一部分 2026年度部门预算情况说明", level=1)]
    assert doc_scope(None, heads, [], []) == DocScope.DEPARTMENT
    # places that disagree evenly say nothing
    heads.append(Section(id="S002", title="第二部分 2026年度单位预算表", level=1))
    assert doc_scope(None, heads, [], []) == DocScope.UNKNOWN
    # "预算单位" in a table title is not "单位预算"
    assert (
        doc_scope(None, [], [], [std(StdTable.B_OVERVIEW, "2026年预算单位财务收支预算总表")])
        == DocScope.UNKNOWN
    )


# --------------------------------------------------------------------------- form


def test_full_disclosure():
    assert doc_form("2026年某某局部门预算", BUDGET_TABLES, TEXT_PARTS, TABLE_TOC, ["正文。"]) == DocForm.FULL


def test_text_half_from_the_toc_or_the_attachment_line():
    assert (
        doc_form("某局2026年度部门预算信息公开", [], TEXT_PARTS, TABLE_TOC, ["正文。"]) == DocForm.TEXT_HALF
    )
    # no 目录 read: the attachment line says where the tables are
    attached = ["第二部分 2026年度部门预算报表", "附件：北京市某局2026年度部门预算报表"]
    assert doc_form(None, [], TEXT_PARTS, [], attached) == DocForm.TEXT_HALF
    # a small table in the text does not make it a full disclosure
    assert doc_form(None, [unnamed()], TEXT_PARTS, TABLE_TOC, []) == DocForm.TEXT_HALF


def test_no_text_half_when_the_tables_are_there_but_unrecognised():
    many = [unnamed(f"表{i}：2026年市级部门预算表") for i in range(1, 8)]
    assert doc_form(None, many, TEXT_PARTS, TABLE_TOC, ["正文。"]) == DocForm.FULL
    # nor when nothing names the tables
    assert doc_form(None, [], TEXT_PARTS, [], ["正文。"]) == DocForm.FULL


def test_tables_half():
    assert doc_form(None, BUDGET_TABLES, [], [], ["单位：万元"]) == DocForm.TABLES_HALF
    # running text or a text section makes it full
    assert doc_form(None, BUDGET_TABLES, [], [], ["说明。"] * 30) == DocForm.FULL
    assert doc_form(None, BUDGET_TABLES, TEXT_PARTS[:1], [], []) == DocForm.FULL


def test_performance_forms():
    perf = [table(StdTable.PERF_TARGET_PROJECT, "项目支出绩效目标表", ["金额"], [("", "合计", "1.00")])]
    assert doc_form("2026年项目支出绩效目标表", perf, [], [], []) == DocForm.PERF_FORMS
    assert doc_form(None, perf + BUDGET_TABLES, TEXT_PARTS, [], []) == DocForm.FULL


def test_evaluation_report():
    title = "长沙市财政项目支出绩效评价报告评价项目名称：2020年度专项资金绩效评价"
    assert doc_form(title, [unnamed("项目支出情况表")], [], [], ["评价结论。"]) == DocForm.PERF_REPORT
    assert doc_form("某局2024年度部门整体支出绩效自评报告", [], [], [], []) == DocForm.PERF_REPORT
    # a disclosure whose title mentions 绩效 is not a report
    assert doc_form("2026年某局部门预算（含绩效目标）", BUDGET_TABLES, TEXT_PARTS, [], []) == DocForm.FULL


def test_build_text_sets_scope_form_and_no_kind_for_a_report():
    raw = raw_lines(
        (1, "长沙市财政项目支出绩效评价报告"),
        (1, "评价项目名称：2020年度长沙市国企改革稳定专项资金绩效评价"),
        (1, "评价项目单位：长沙市人民政府国有资产监督管理委员会"),
        (2, "一、项目基本情况"),
        (2, "本项目年初预算13,237万元，全部为预算资金。"),
    )
    parts = build_text(raw)
    assert (parts.form, parts.kind, parts.scope) == (DocForm.PERF_REPORT, DocKind.UNKNOWN, DocScope.UNKNOWN)
    assert (parts.unit_name, parts.year) == ("长沙市人民政府国有资产监督管理委员会", 2020)


def test_build_text_text_half_with_a_toc():
    raw = raw_lines(
        (1, "北京市某某局2026年度部门预算信息公开"),
        (1, "目录"),
        (1, "第一部分 2026年度部门预算情况说明"),
        (1, "第二部分 2026年度部门预算报表"),
        (1, "一、收支总表"),
        (1, "二、收入总表"),
        (1, "三、支出总表"),
        (2, "第一部分 2026年度部门预算情况说明"),
        (2, "一、部门职责"),
        (2, "北京市某某局负责全市的某某工作。"),
        (3, "第二部分 2026年度部门预算报表"),
        (3, "附件：北京市某某局2026年度部门预算报表"),
    )
    parts = build_text(raw)
    assert (parts.form, parts.scope, parts.year) == (DocForm.TEXT_HALF, DocScope.DEPARTMENT, 2026)
    assert parts.unit_name == "北京市某某局"


# --------------------------------------------------------------------------- notices


def document(*, title=None, sections=(), sentences=(), tables=(), toc=(), form=DocForm.FULL):
    d = doc(*tables, title=title, toc=toc, sections=sections)
    return d.model_copy(update={"sentences": list(sentences), "form": form})


NOTICE = sents(
    "杭州市人民政府办公厅文件",
    "杭政办函〔2025〕30 号",
    "杭州市人民政府办公厅关于",
    "印发全面加强新时代消防安全工作",
    "实施办法的通知",
    "各区、县（市）人民政府：",
    "现印发给你们，请结合实际认真组织实施。",
)


def test_notice_head_by_document_number_or_title():
    assert notice_head(document(sentences=NOTICE)) == "杭政办函〔2025〕30号"
    title_only = sents("某某市人民政府办公室关于", "印发某某规划的通知", "各有关单位：")
    assert notice_head(document(sentences=title_only)) == "关于印发某某规划的通知"
    # the document number may head the cover title
    assert notice_head(document(title="包府办发〔2026〕11号包头市人民政府办公室关于印发规划的通知")) == (
        "包府办发〔2026〕11号"
    )


def test_no_notice_head_in_a_disclosure_citing_a_document():
    text = sents(
        "2026年某某局部门预算", "根据《财政部关于推进预算公开的通知》（财预〔2016〕143号）要求，现公开如下。"
    )
    assert notice_head(document(sentences=text)) is None
    # a citation later than the first page is not the opening
    later = sents("某某局2026年部门预算") + sents("财预〔2016〕143号", page=2)
    assert notice_head(document(sentences=later)) is None


def test_a_notice_without_disclosure_structure_is_refused():
    d = document(sentences=NOTICE, sections=[Section(id="S001", title="一、总体要求", level=2)])
    assert not has_disclosure_structure(d)
    with pytest.raises(ReadError) as e:
        check_is_disclosure(d)
    assert e.value.reason == "not_disclosure" and "杭政办函〔2025〕30号" in str(e.value)


@pytest.mark.parametrize(
    "extra",
    [
        {"tables": BUDGET_TABLES[:1]},
        {"toc": TABLE_TOC},
        {"sections": [Section(id="S009", kind=SectionKind.GLOSSARY, title="第三部分 名词解释")]},
        {"sections": [Section(id="S009", title="第一部分 2026年部门预算情况说明", level=1)]},
        {"form": DocForm.PERF_FORMS},
    ],
)
def test_a_disclosure_that_opens_with_a_notice_is_accepted(extra):
    # e.g. a budget approval notice (批复) printed before the disclosure itself
    d = document(title="某某局2026年部门预算", sentences=NOTICE, **extra)
    assert has_disclosure_structure(d)
    check_is_disclosure(d)
