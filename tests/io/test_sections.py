"""The text side: cover, 目录, sections and sentences (``gouji.io.assemble.sections``).

Pure-function tests on hand-made lines first, then the two seeds through the
real pipeline (``gouji.io.pipeline.parse``), then the real PDFs.
"""

from __future__ import annotations

import re

import pytest

from gouji.io.assemble.doc_facts import extract_unit_name
from gouji.io.assemble.headings import cn_to_int, core_title, heading_level, section_kind
from gouji.io.assemble.sections import TextParts, build_text
from gouji.io.assemble.text_lines import TLine, clean_text, is_page_number, merge_split_lines
from gouji.io.assemble.text_split import split_sentences
from gouji.io.raw import RawLine
from gouji.model.document import DocKind, SectionKind, StdTable, Table
from tests.conftest import parsed

SEED0 = "seeds/000_407e03e18ae36581.txt"
SEED2 = "seeds/002_6f25734c455cccad.txt"


def L(
    text: str, page: int | None = None, x0: float = 90, top: float = 100, x1: float = 505, h: float = 15
) -> RawLine:
    return RawLine(text=text, page=page, bbox=None if page is None else (x0, top, x1, top + h))


def sec_of(tp, text: str):
    s = next(s for s in tp.sentences if text in s.text)
    return next(x for x in tp.sections if x.id == s.section_id)


# --------------------------------------------------------------------------- small pieces


def test_cn_numbers_and_heading_levels():
    assert (
        cn_to_int("十二") == 12
        and cn_to_int("一十") == 10
        and cn_to_int("一百零二") == 102
        and cn_to_int("二十三") == 23
    )
    assert heading_level("第三部分 2024年单位预算情况说明") == (1, 3)
    assert heading_level("十一、 关于上年结转结余预算情况说明") == (2, 11)
    assert heading_level("（三）国有资产占用使用情况") == (3, 3)
    assert heading_level("(一十六) 项目名称") == (3, 16)
    assert heading_level("一般公共预算支出情况") is None  # "一般" is not a number
    assert heading_level("1. 宣传和贯彻执行") is None


def test_page_number_lines_and_cleaning():
    for t in ("- 12 -", "12", "— 3 —", "第12页", "第 3 页 共 30 页", "12/30"):
        assert is_page_number(t), t
    for t in ("2024年", "12,366.72", "表 1", "一、主要职能"):
        assert not is_page_number(t), t
    assert clean_text("- 一、 主要职能") == "一、 主要职能"
    assert clean_text("一、**财政拨款**:指") == "一、财政拨款:指"
    assert clean_text("  2024\u3000年  单位 ") == "2024 年 单位"


def test_sentence_split_respects_brackets_quotes_and_numbers():
    s = split_sentences("收入 1,801.39 万元，占 10.33%。支出 1.5 万元；结余 0。")
    assert s == ["收入 1,801.39 万元，占 10.33%。", "支出 1.5 万元；", "结余 0。"]
    # 。 inside quotes / brackets does not split; the closing quote stays with its sentence
    s = split_sentences("按照“达到年限的。退休后不再缴纳”执行。（详见附表。）下一句！")
    assert s == ["按照“达到年限的。退休后不再缴纳”执行。", "（详见附表。）", "下一句！"]
    s = split_sentences("他说：“已完成。”随后结束。")
    assert s == ["他说：“已完成。”", "随后结束。"]
    # an unmatched bracket does not swallow the rest
    assert split_sentences("新自然资电【2020】8 号）；中央环保督查。") == [
        "新自然资电【2020】8 号）；",
        "中央环保督查。",
    ]
    # doubled punctuation stays visible in one sentence
    assert split_sentences("主要原因是。。下一句。") == ["主要原因是。。", "下一句。"]


@pytest.mark.parametrize(
    "title, unit",
    [
        ("自治区国土资源执法监察总队2024 年单位预算公开", "自治区国土资源执法监察总队"),
        ("2026 年度苏州市自然资源和规划局单位预算公开", "苏州市自然资源和规划局"),
        ("2026年度泉州市人民政府办公室（本级）单位预算", "泉州市人民政府办公室（本级）"),
        ("中共上海市普陀区委社会工作部 2024 年度部门决算", "中共上海市普陀区委社会工作部"),
        ("预算主管部门：上海市普陀区人民政府万里街道办事处", "上海市普陀区人民政府万里街道办事处"),
        ("第一部分 2024 年自治区国土资源执法监察总队单位概况", "自治区国土资源执法监察总队"),
        ("2024年度", None),
    ],
)
def test_extract_unit_name(title, unit):
    assert extract_unit_name(title) == unit


def test_section_kinds():
    K = SectionKind
    assert section_kind("一、 主要职能") == K.FUNCTIONS
    assert section_kind("二、 机构设置及人员情况") == K.ORGANISATION
    assert section_kind("第二部分 2024 年单位预算公开表") == K.TABLES
    assert section_kind("十二、 其他重要事项的情况说明") == K.EXPLANATION
    assert section_kind("十一、预算绩效的情况说明") == K.PERFORMANCE
    assert section_kind("第三部分 专业名词解释") == K.GLOSSARY
    assert section_kind("第一部分 单位概况") == K.OVERVIEW
    assert section_kind("（一）一般公共预算当年拨款规模变化情况", K.EXPLANATION) == K.EXPLANATION


def test_fragment_on_shifted_baseline_is_merged():
    main = TLine("第二部分 上海市普陀区财政局 年度部门决算表", 2, (72.0, 221.3, 409.5, 236.3), 0)
    frag = TLine("2024", 2, (271.2, 227.2, 304.5, 242.2), 1)
    assert merge_split_lines([main, frag])[0].text == "第二部分 上海市普陀区财政局2024年度部门决算表"
    main = TLine("七、财政拨款 三公 经费支出决算表", 2, (96.0, 419.6, 286.7, 432.6), 0)
    frag = TLine("“ ”", 2, (168.0, 424.4, 202.6, 436.4), 1)
    assert merge_split_lines([main, frag])[0].text == "七、财政拨款“三公”经费支出决算表"
    # a line of text far below is not a fragment
    other = TLine("2024", 2, (72.0, 300.0, 100.0, 315.0), 1)
    assert len(merge_split_lines([main, other])) == 2


# --------------------------------------------------------------------------- hand-made documents


def _doc_lines() -> list:
    """A small laid-out budget: cover, 目录, headings, wrapped paragraphs, page furniture, a table."""
    y = iter(range(80, 10_000, 30))

    def at(text, page, x0=90, x1=505):
        return L(text, page, x0=x0, x1=x1, top=next(y))

    items: list = [
        L("某某市某某局", 1, 200, 300, 395),
        L("2025 年度部门预算", 1, 180, 340, 415),
        L("目 录", 2, 270, 80, 320),
        L("第一部分 某某市某某局概况 ………………… 1", 2, 90, 120, 505),
        L("一、主要职能 ………………………………… 2", 2, 90, 150, 505),
        L("第二部分 某某市某某局 2025 年度部门预算公开表及", 2, 90, 180, 505),
        L("附表", 2, 90, 210, 120),
        L("一、收支总体情况表 ……………………… 3", 2, 90, 240, 505),
        L("第三部分 情况说明 ………………………… 4", 2, 90, 270, 505),
        L("- 1 -", 2, 280, 810, 310),
    ]
    y = iter(range(80, 10_000, 30))
    items += [
        L("某某市某某局2025年度部门预算", 3, 60, 30, 400),  # running header
        at("第一部分 某某市某某局概况", 3, 200, 400),
        at("一、主要职能", 3, 120, 300),
        at("（一）负责全市某某工作，贯彻执行国家有关法律", 3, 120),
        at("法规。拟订相关政策并组织实施。", 3, 90, 330),
        at("1. 宣传和贯彻执行有关政策和规划的", 3, 120),
        at("决策部署。", 3, 90, 200),
    ]
    y = iter(range(80, 10_000, 30))
    items += [
        L("某某市某某局2025年度部门预算", 4, 60, 30, 400),
        at("第二部分 某某市某某局 2025 年度部门预算公开表", 4, 150, 450),
        Table(
            id="T01", title="收支总体情况表", std=StdTable.B_OVERVIEW, unit="万元", unit_name="某某市某某局"
        ),
        at("第三部分 情况说明", 4, 200, 400),
        at("一、收支预算总体情况", 4, 120, 300),
        at("2025 年收支总预算 1,234.56 万元，比上年增加 12.30 万元，增", 4, 120),
        L("- 2 -", 4, 280, 810, 310),
    ]
    y = iter(range(80, 10_000, 30))
    items += [
        L("某某市某某局2025年度部门预算", 5, 60, 30, 400),
        at("长 1.01%，主要原因是人员经费增加。", 5, 90, 400),
        at("第 5 页", 5, 270, 320),
    ]
    items[-1] = L("第 5 页", 5, 270, 810, 320)
    return items


def test_laid_out_document():
    tp = build_text(_doc_lines(), page_heights={p: 842.0 for p in range(1, 6)})
    assert isinstance(tp, TextParts)
    assert (tp.kind, tp.year, tp.unit_name) == (DocKind.BUDGET, 2025, "某某市某某局")
    assert tp.cover_lines == ["某某市某某局", "2025 年度部门预算"]
    assert tp.money_unit == "万元"
    # 目录: levels, printed pages, a wrapped entry joined, std kind from the catalog
    assert [(e.level, e.page) for e in tp.toc] == [(1, 1), (2, 2), (1, None), (2, 3), (1, 4)]
    assert tp.toc[2].title.endswith("公开表及附表")
    assert tp.toc[3].std == StdTable.B_OVERVIEW
    kinds = [s.kind for s in tp.sections]
    assert kinds[:2] == [SectionKind.COVER, SectionKind.TOC]
    titles = [s.title for s in tp.sections[2:]]
    assert titles == [
        "第一部分 某某市某某局概况",
        "一、主要职能",
        "第二部分 某某市某某局 2025 年度部门预算公开表",
        "第三部分 情况说明",
        "一、收支预算总体情况",
    ]
    # the running header, page numbers ("- 2 -", "第 5 页") are gone; list items are content
    texts = [s.text for s in tp.sentences]
    assert not any("部门预算" == t[-4:] for t in texts)
    assert "（一）负责全市某某工作，贯彻执行国家有关法律法规。" in texts
    assert "1. 宣传和贯彻执行有关政策和规划的决策部署。" in texts
    # the sentence broken across pages 4/5 (and by the page number) is whole
    s = next(s for s in tp.sentences if "1,234.56" in s.text)
    assert (
        s.text
        == "2025 年收支总预算 1,234.56 万元，比上年增加 12.30 万元，增长 1.01%，主要原因是人员经费增加。"
    )
    assert s.page == 4 and s.bbox is not None and s.bbox.x0 == 120 and s.bbox.bottom < 842
    assert sec_of(tp, "1,234.56").title == "一、收支预算总体情况"
    assert sec_of(tp, "1,234.56").kind == SectionKind.EXPLANATION
    # the table sits in 第二部分
    tab_sec = next(s for s in tp.sections if s.table_ids)
    assert tab_sec.table_ids == ["T01"] and tab_sec.kind == SectionKind.TABLES
    # parents
    by_id = {s.id: s for s in tp.sections}
    func = next(s for s in tp.sections if s.title == "一、主要职能")
    assert by_id[func.parent].title.startswith("第一部分")
    assert all(by_id[i].id == s.section_id for s in tp.sentences for i in [s.section_id])
    assert [s.index for s in tp.sentences] == list(range(len(tp.sentences)))


def test_glossary_items_and_content_lists_are_not_headings():
    items = [
        L("第四部分 名词解释"),
        L("一、财政拨款收入：指同级财政当年拨付的资金。"),
        L("二、事业收入：指事业单位开展专业业务活动及其辅助活动所取得的收入。"),
        L("第一部分 单位概况"),
        L("一、主要职能"),
        L("(一)履行全民所有土地、矿产等自然资源资产所有者职责。贯彻执行法律法规。"),
        L("（二）基本支出 12,659.61 万元"),
    ]
    tp = build_text(items)
    assert [s.title for s in tp.sections] == ["第四部分 名词解释", "第一部分 单位概况", "一、主要职能"]
    assert tp.sections[0].kind == SectionKind.GLOSSARY and len(tp.sections[0].sentence_ids) == 2
    assert tp.sentences[-1].text == "（二）基本支出 12,659.61 万元"


def test_text_without_layout_joins_wrapped_lines_but_not_labels():
    items = [
        L("一、机构设置及人员情况"),
        L("自治区某某总队编制数 653，实有人数 828 人，其中：在职"),
        L("571 人，减少 14 人。"),
        L("（一）项目名称：执法办案补充经费"),
        L("资金分配情况：办公费 24.39 万元、差旅费 1.57 万元、劳务费 99.14 万元"),
        L("资金执行时间：2024 年 1 月 1 日-2024 年 12 月 31 日"),
        L("预算安排规模：160.00 万元"),
        L("12"),
    ]
    tp = build_text(items)
    texts = [s.text for s in tp.sentences]
    assert texts[0] == "自治区某某总队编制数 653，实有人数 828 人，其中：在职571 人，减少 14 人。"
    assert texts[1].startswith("资金分配情况：") and texts[1].endswith("99.14 万元")
    assert texts[2].startswith("资金执行时间：")
    assert texts[3] == "预算安排规模：160.00 万元"
    assert len(texts) == 4  # the lone "12" is a page number
    assert tp.sections[1].title == "（一）项目名称：执法办案补充经费" and tp.sections[1].level == 3


def test_glossary_term_running_over_a_full_line_is_content():
    # a bold term fills the line and its definition goes on in plain text: one paragraph, not a heading
    a = RawLine("八、卫生健康支出（类）行政事业单位医疗（款）：反映行", 40, (90, 100, 505, 115), bold=True)
    b = RawLine("政单位（包括实行公务员管理的事业单位）的医疗支出。", 40, (90, 130, 400, 145))
    tp = build_text([RawLine("第四部分 名词解释", 40, (200, 70, 400, 85)), a, b])
    assert [s.title for s in tp.sections] == ["第四部分 名词解释"]
    assert [s.text for s in tp.sentences] == [a.text + b.text]


def test_lone_number_inside_the_text_block_is_kept_and_toc_stops_when_numbering_restarts():
    items = [
        L("目 录", 1, 270, 80, 320),
        L("第一部分 单位概况", 1, 90, 120, 300),
        L("第二部分 单位预算表", 1, 90, 150, 300),
        L("- 1 -", 1, 280, 810, 310),
        L("第一部分", 2, 250, 300, 330),  # the body prints the part number on its own line
        L("单位概况", 2, 250, 340, 330),
        # one printed line emitted as three runs on the same baseline (numbers on separate text lines)
        L("本单位下设科室", 2, 120, 400, 225),
        L("12", 2, 228, 400, 242),
        L("个。", 2, 245, 400, 275),
        L("2024", 2, 90, 430, 125),  # a number alone inside the text block: kept, it is not a page number
        L("2", 2, 290, 810, 300),  # the page number in the footer band: dropped
    ]
    tp = build_text(items, page_heights={1: 842.0, 2: 842.0})
    assert [e.title for e in tp.toc] == ["第一部分 单位概况", "第二部分 单位预算表"]
    assert [s.title for s in tp.sections] == ["目录", "第一部分 单位概况"]
    assert [s.text for s in tp.sentences] == ["本单位下设科室12个。", "2024"]
    assert tp.sentences[0].bbox is not None and tp.sentences[0].bbox.x1 == 275


def test_paragraph_lines_mode_never_joins():
    items = [
        L("一、主要职能"),
        L("负责全市某某工作的组织协调、监督检查、统计分析和信息发布的组织"),
        L("和实施，以及其他事项的落实与推进工作。"),
    ]
    assert len(build_text(items, paragraph_lines=True).sentences) == 2
    assert len(build_text(items).sentences) == 1


def test_empty_and_partial_input():
    tp = build_text([])
    assert tp.sections == [] and tp.sentences == [] and tp.kind == DocKind.UNKNOWN
    tp = build_text([L("目 录", 1), L("第一部分 概况 …… 1", 1)])
    assert len(tp.toc) == 1 and tp.toc[0].page == 1


# --------------------------------------------------------------------------- the seeds (real pipeline)


@pytest.fixture(scope="module")
def seed0():
    return parsed(SEED0)


@pytest.fixture(scope="module")
def seed2():
    return parsed(SEED2)


def test_seed000_cover_and_toc(seed0):
    d = seed0
    assert (d.kind, d.year, d.unit_name) == (DocKind.BUDGET, 2024, "自治区国土资源执法监察总队")
    assert d.title == "自治区国土资源执法监察总队2024年单位预算公开"
    parts = [e.title for e in d.toc if e.level == 1]
    assert [p.split()[0] for p in parts] == ["第一部分", "第二部分", "第三部分", "第四部分"]
    table_entries = [e for e in d.toc if e.std is not None]
    assert [e.std for e in table_entries] == [
        StdTable.B_OVERVIEW,
        StdTable.B_INCOME,
        StdTable.B_EXPENSE,
        StdTable.B_FISCAL,
        StdTable.B_GPB,
        StdTable.B_GPB_BASIC,
        StdTable.B_GPB_PROJECT,
        StdTable.B_GOV_FUND,
        StdTable.B_SOE,
        StdTable.B_THREE_PUBLIC,
        StdTable.B_CARRYOVER,
    ]
    assert len(d.toc) == 4 + 2 + 11 + 12


def test_seed000_sections(seed0):
    d = seed0
    by_id = {s.id: s for s in d.sections}
    part3 = next(s for s in d.sections if s.level == 1 and s.title.startswith("第三部分"))
    expl = [s for s in d.sections if s.parent == part3.id]
    assert [heading_level(s.title)[1] for s in expl] == list(range(1, 13))
    assert all(s.kind == SectionKind.EXPLANATION for s in expl)
    assert next(s for s in d.sections if s.kind == SectionKind.GLOSSARY).title == "第四部分 名词解释"
    assert any(s.kind == SectionKind.FUNCTIONS for s in d.sections)
    assert any(s.kind == SectionKind.ORGANISATION for s in d.sections)
    # the standard tables sit in 第二部分, the performance tables in (四) 预算绩效情况
    part2 = next(s for s in d.sections if s.title.startswith("第二部分"))
    std_ids = [t.id for t in d.standard_tables]
    assert std_ids and set(std_ids) <= set(part2.table_ids)
    perf_sec = next(s for s in d.sections if s.kind == SectionKind.PERFORMANCE)
    assert perf_sec.table_ids and all(i.startswith("P") for i in perf_sec.table_ids)
    # the list items of 主要职能 are content, not headings
    func = next(s for s in d.sections if s.kind == SectionKind.FUNCTIONS)
    assert any(d.sentences[i].text.startswith("1. 宣传和贯彻") for i in func.sentence_ids)
    assert all(by_id[s.section_id] for s in d.sentences)


def test_seed000_sentences(seed0):
    d = seed0
    s = next(s for s in d.sentences if "17,439.61" in s.text)
    assert s.text.startswith("一般公共预算 17,439.61 万元，占 97.98%")
    assert s.text.endswith("主要原因是本单位本年度基本支出中人员经费增加。")
    assert "收入预算情况说明" in d.section(s.section_id).title
    for s in (s for s in d.sentences if "17,439.61" in s.text):
        assert d.section(s.section_id).kind == SectionKind.EXPLANATION
    # a line broken mid-sentence in the seed is joined
    assert any("其中：在职571 人，减少 14 人；" in s.text for s in d.sentences)
    # table furniture left in the text stream does not become sentences
    assert not any(s.text.startswith("编制单位：") for s in d.sentences)
    assert all(s.text.strip() == s.text and s.text for s in d.sentences)


def test_seed002_final_accounts(seed2):
    d = seed2
    assert (d.kind, d.year, d.unit_name) == (DocKind.FINAL, 2024, "昌吉回族自治州自然资源局")
    part2 = next(s for s in d.sections if s.level == 1 and "部门决算情况说明" in s.title)
    children = [s for s in d.sections if s.parent == part2.id]
    assert [heading_level(s.title)[1] for s in children] == list(range(1, 13))
    assert children[10].kind == SectionKind.PERFORMANCE
    assert next(s for s in d.sections if s.kind == SectionKind.GLOSSARY).title == "第三部分 专业名词解释"
    s = next(s for s in d.sentences if s.text.startswith("2024年度收入总计10,676.61万元"))
    assert d.section(s.section_id).title == "一、收入支出决算总体情况说明"
    # the 主要职能 items "(一)…。" are content of 一、主要职能
    func = next(s for s in d.sections if s.kind == SectionKind.FUNCTIONS)
    assert len(func.sentence_ids) > 16 and not any(s.parent == func.id for s in d.sections)


# --------------------------------------------------------------------------- real PDFs

PDFS = {
    "final/final_template_2024.pdf": (DocKind.FINAL, 2024, "上海市XX局"),
    "final/nfb_xinfang_2024_final.pdf": (DocKind.FINAL, 2024, "国家信访局"),
    "final/putuo_czj_2024_final.pdf": (DocKind.FINAL, 2024, "上海市普陀区财政局"),
    "final/putuo_ghzy_2024_final.pdf": (DocKind.FINAL, 2024, "上海市普陀区规划和自然资源局"),
    "final/putuo_shgzb_2024_final.pdf": (DocKind.FINAL, 2024, "中共上海市普陀区委社会工作部"),
    "budget/bj_sjj_2026_budget_tables.pdf": (DocKind.BUDGET, 2026, "北京市审计局"),
    "budget/cq_qxj_2026_dept_budget.pdf": (DocKind.BUDGET, 2026, "重庆市气象局"),
    "budget/gz_xinfang_2026_dept_budget.pdf": (DocKind.BUDGET, 2026, "广州市信访局"),
    "budget/js_jcy_2019_dept_budget.pdf": (DocKind.BUDGET, 2019, "江苏省人民检察院"),
    "budget/ptwl_street_2025_budget.pdf": (DocKind.BUDGET, 2025, "上海市普陀区人民政府万里街道办事处"),
    "budget/qz_gov_2026_unit_budget.pdf": (DocKind.BUDGET, 2026, "泉州市人民政府办公室（本级）"),
    "budget/sz_zrzy_2026_unit_budget.pdf": (DocKind.BUDGET, 2026, "苏州市自然资源和规划局"),
    "budget/yt_xinfang_2026_dept_budget.pdf": (DocKind.BUDGET, 2026, "烟台市信访局"),
}


def _pdf_doc(rel: str):
    pytest.importorskip("gouji.io.readers.pdf")
    return parsed(rel)


@pytest.mark.slow
@pytest.mark.parametrize("rel", sorted(PDFS))
def test_real_pdf_kind_year_unit(rel):
    d = _pdf_doc(rel)
    assert (d.kind, d.year, d.unit_name) == PDFS[rel]


@pytest.mark.slow
def test_real_pdf_tables_only_file_kind_and_unit():
    d = _pdf_doc("budget/bj_sjj_2026_budget_tables.pdf")
    assert (d.kind, d.unit_name) == (DocKind.BUDGET, "北京市审计局")


@pytest.mark.slow
@pytest.mark.parametrize("rel", sorted(r for r in PDFS if "bj_sjj" not in r and "cq_qxj" not in r))
def test_real_pdf_toc_and_sentences(rel):
    import re

    d = _pdf_doc(rel)
    assert len(d.toc) >= 5
    assert any(s.kind == SectionKind.EXPLANATION for s in d.sections)
    assert any(s.kind == SectionKind.GLOSSARY for s in d.sections)
    assert len(d.sentences) > 20
    # no sentence carries an injected page number; every sentence knows its page
    for s in d.sentences:
        assert not re.search(r"[—-]\s*\d{1,3}\s*[—-]", s.text), s.text
        assert s.page is not None
    # most sentences come from laid-out lines and carry a bbox (grid rows turned into text do not)
    assert sum(s.bbox is not None for s in d.sentences) >= 0.8 * len(d.sentences)
    # every 目录 part appears in the body (some print the part title without "第二部分")
    body = {core_title(s.title) for s in d.sections if s.kind not in (SectionKind.COVER, SectionKind.TOC)}
    numbers = {m.group(0) for s in d.sections if (m := re.match(r"第.部分", s.title))}
    for e in d.toc:
        if e.level == 1 and section_kind(e.title) != SectionKind.TABLES:
            m = re.match(r"第.部分", e.title)
            assert core_title(e.title) in body or (m and m.group(0) in numbers), e.title


@pytest.mark.slow
def test_real_pdf_sentence_across_pages_and_furniture():
    """sz_zrzy: a sentence runs from page 8 to page 9 over the page number and the running header."""
    d = _pdf_doc("budget/sz_zrzy_2026_unit_budget.pdf")
    s = next(s for s in d.sentences if "持续攻坚不动产登记历史遗留问题化解" in s.text)
    assert s.page == 8 and s.text.endswith("助力存量闲置资产盘活利用。")
    assert s.bbox is not None and s.bbox.top > 700  # its lines on page 8 only
    assert not any("单位预算公开" in x.text for x in d.sentences)
    assert "已忽略" in " ".join(d.warnings)


@pytest.mark.slow
def test_real_pdf_wrapped_part_titles():
    d = _pdf_doc("final/nfb_xinfang_2024_final.pdf")
    titles = [s.title for s in d.sections if s.level == 1]
    assert "第三部分 国家信访局 2024 年度部门决算情况说明" in [
        re.sub(r"^(第.部分)(\S)", r"\1 \2", t) for t in titles
    ]
    d = _pdf_doc("final/putuo_czj_2024_final.pdf")
    s = next(s for s in d.sentences if "其他工资福利支出、退休费" in s.text)  # "退休" / "费、" across lines
    assert d.section(s.section_id).kind == SectionKind.EXPLANATION


@pytest.mark.slow
@pytest.mark.parametrize("rel", ["rendered/seed000.pdf", "rendered/seed000.docx"])
def test_rendered_seed000(rel):
    d = _pdf_doc(rel) if rel.endswith(".pdf") else parsed(rel)
    assert (d.kind, d.year, d.unit_name) == (DocKind.BUDGET, 2024, "自治区国土资源执法监察总队")
    part3 = next(s for s in d.sections if s.level == 1 and "情况说明" in s.title)
    assert [heading_level(s.title)[1] for s in d.sections if s.parent == part3.id] == list(range(1, 13))
    s = next(s for s in d.sentences if "17,439.61" in s.text)
    assert "收入预算情况说明" in d.section(s.section_id).title
    # the seed's mid-sentence break ("其中：在职" / "571 人") is joined in both layouts
    assert any("其中：在职571 人，减少 14 人；" in s.text for s in d.sentences)


@pytest.mark.slow
def test_rendered_seed002_pdf():
    d = _pdf_doc("rendered/seed002.pdf")
    assert (d.kind, d.year, d.unit_name) == (DocKind.FINAL, 2024, "昌吉回族自治州自然资源局")
    part2 = next(s for s in d.sections if s.level == 1 and "部门决算情况说明" in s.title)
    assert [heading_level(s.title)[1] for s in d.sections if s.parent == part2.id] == list(range(1, 13))
    perf = next(s for s in d.sections if s.kind == SectionKind.PERFORMANCE)
    assert perf.table_ids and all(t.startswith("P") for t in perf.table_ids)
