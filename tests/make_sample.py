"""Generate the bundled sample disclosure ``resources/samples/sample_budget.{docx,pdf}``.

A small, synthetic 2025 unit budget (示例市图书馆 — an invented unit) modelled on
the standard layout: cover, 目录, 单位概况, the ten core budget tables, a
情况说明 with one section per table, 名词解释 and one 项目支出绩效目标表.  The
content is made up; it contains three deliberate errors for the reviewer to find:

1. 收支总体情况说明: the growth rate is misstated (140.00 / 1,100.00 = 12.73 %, the
   text says 13.50 %);
2. 三公 section: the text says 8.50 万元, table 10 says 8.00 万元;
3. table 6: 302 商品和服务支出 = 100.00 but its items add up to 102.00
   (差旅费 printed as 12.00).

Run ``python tests/make_sample.py`` (needs python-docx and LibreOffice's
``soffice``); the PDF is produced with ``soffice --headless --convert-to pdf``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT_DIR = Path(__file__).resolve().parent.parent / "resources" / "samples"
UNIT = "示例市图书馆"
YEAR = 2025
FONT = "Noto Sans CJK SC"

# --- the data (万元) --------------------------------------------------------
# function-class rows: code, name, total, basic, project, gpb, unit funds
FUNC_ROWS = [
    ("207", "文化旅游体育与传媒支出", "1,050.00", "750.00", "300.00", "990.00", "60.00"),
    ("20701", "文化和旅游", "1,050.00", "750.00", "300.00", "990.00", "60.00"),
    ("2070104", "图书馆", "980.00", "750.00", "230.00", "920.00", "60.00"),
    ("2070199", "其他文化和旅游支出", "70.00", "", "70.00", "70.00", ""),
    ("208", "社会保障和就业支出", "110.00", "110.00", "", "110.00", ""),
    ("20805", "行政事业单位养老支出", "110.00", "110.00", "", "110.00", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "80.00", "80.00", "", "80.00", ""),
    ("2080506", "机关事业单位职业年金缴费支出", "30.00", "30.00", "", "30.00", ""),
    ("210", "卫生健康支出", "40.00", "40.00", "", "40.00", ""),
    ("21011", "行政事业单位医疗", "40.00", "40.00", "", "40.00", ""),
    ("2101102", "事业单位医疗", "40.00", "40.00", "", "40.00", ""),
    ("221", "住房保障支出", "40.00", "40.00", "", "40.00", ""),
    ("22102", "住房改革支出", "40.00", "40.00", "", "40.00", ""),
    ("2210201", "住房公积金", "40.00", "40.00", "", "40.00", ""),
]
# GPB rows: total, basic, project
GPB_ROWS = [
    ("207", "文化旅游体育与传媒支出", "990.00", "750.00", "240.00"),
    ("20701", "文化和旅游", "990.00", "750.00", "240.00"),
    ("2070104", "图书馆", "920.00", "750.00", "170.00"),
    ("2070199", "其他文化和旅游支出", "70.00", "", "70.00"),
    ("208", "社会保障和就业支出", "110.00", "110.00", ""),
    ("20805", "行政事业单位养老支出", "110.00", "110.00", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "80.00", "80.00", ""),
    ("2080506", "机关事业单位职业年金缴费支出", "30.00", "30.00", ""),
    ("210", "卫生健康支出", "40.00", "40.00", ""),
    ("21011", "行政事业单位医疗", "40.00", "40.00", ""),
    ("2101102", "事业单位医疗", "40.00", "40.00", ""),
    ("221", "住房保障支出", "40.00", "40.00", ""),
    ("22102", "住房改革支出", "40.00", "40.00", ""),
    ("2210201", "住房公积金", "40.00", "40.00", ""),
]
# economic rows: code, name, total, 人员经费, 公用经费
ECON_ROWS = [
    ("301", "工资福利支出", "820.00", "820.00", ""),
    ("30101", "基本工资", "300.00", "300.00", ""),
    ("30102", "津贴补贴", "180.00", "180.00", ""),
    ("30107", "绩效工资", "150.00", "150.00", ""),
    ("30108", "机关事业单位基本养老保险缴费", "80.00", "80.00", ""),
    ("30109", "职业年金缴费", "30.00", "30.00", ""),
    ("30110", "职工基本医疗保险缴费", "40.00", "40.00", ""),
    ("30113", "住房公积金", "40.00", "40.00", ""),
    ("302", "商品和服务支出", "100.00", "", "100.00"),
    ("30201", "办公费", "30.00", "", "30.00"),
    ("30206", "电费", "40.00", "", "40.00"),
    ("30211", "差旅费", "12.00", "", "12.00"),  # deliberate error: items add up to 102.00
    ("30228", "工会经费", "20.00", "", "20.00"),
    ("303", "对个人和家庭的补助", "20.00", "20.00", ""),
    ("30305", "生活补助", "20.00", "20.00", ""),
]
# projects: function code, function name, project, total, 商品和服务支出, 资本性支出
PROJECTS = [
    ("2070104", "图书馆", "数字资源建设", "120.00", "100.00", "20.00"),
    ("2070104", "图书馆", "全民阅读推广活动", "50.00", "50.00", ""),
    ("2070199", "其他文化和旅游支出", "古籍保护与修复", "70.00", "70.00", ""),
]
CLASSES = [
    ("文化旅游体育与传媒支出", "1,050.00", "990.00"),
    ("社会保障和就业支出", "110.00", "110.00"),
    ("卫生健康支出", "40.00", "40.00"),
    ("住房保障支出", "40.00", "40.00"),
]


def _font(run, size: float | None = None, bold: bool = False) -> None:
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def para(
    doc, text: str, size: float = 10.5, bold: bool = False, align=None, indent: bool = False, space: float = 2
):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    pf = p.paragraph_format
    pf.space_after = Pt(space)
    pf.space_before = Pt(0)
    pf.line_spacing = 1.15
    if indent:
        pf.first_line_indent = Pt(size * 2)
    _font(p.add_run(text), size, bold)
    return p


def page_break(doc) -> None:
    p = doc.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)


def table(
    doc,
    number: int,
    title: str,
    header: list[list[str]],
    rows: list[list[str]],
    widths: list[float],
    note=None,
):
    for p in (
        para(doc, f"表{number}", 9, align=WD_ALIGN_PARAGRAPH.LEFT, space=0),
        para(doc, title, 12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space=2),
        para(
            doc,
            f"编制单位：{UNIT}                                                              单位：万元",
            9,
            space=2,
        ),
    ):
        p.paragraph_format.keep_with_next = True
    t = doc.add_table(rows=0, cols=len(widths))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for j, w in enumerate(widths):
        t.columns[j].width = Cm(w)
    for ri, cells in enumerate(header + rows):
        r = t.add_row()
        if ri < len(header):  # repeat the header rows on every page
            trPr = r._tr.get_or_add_trPr()
            el = trPr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
            trPr.append(el)
        for j, text in enumerate(cells):
            c = r.cells[j]
            c.width = Cm(widths[j])
            p = c.paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            numeric = (
                ri >= len(header) and any(ch.isdigit() for ch in text) and "," in text or text.endswith(".00")
            )
            p.alignment = (
                WD_ALIGN_PARAGRAPH.CENTER
                if ri < len(header)
                else (WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT)
            )
            _font(p.add_run(text), 8, bold=ri < len(header))
    if note:
        para(doc, note, 9, space=4)
    para(doc, "", 4, space=4)


def build_docx(path: Path) -> None:
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(1.8)
    sec.top_margin = sec.bottom_margin = Cm(1.6)

    # --- cover + 目录 (page 1) ---------------------------------------------
    for _ in range(3):
        para(doc, "", 12)
    para(doc, UNIT, 24, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space=12)
    para(doc, f"{YEAR}年单位预算公开", 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space=30)
    para(doc, "目  录", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space=6)
    toc = [
        f"第一部分 {YEAR}年{UNIT}单位概况",
        "一、主要职能",
        "二、机构设置及人员情况",
        f"第二部分 {YEAR}年单位预算公开表",
        *[f"{cn}、{name}" for cn, name in zip(CN_NUMS, TABLE_TITLES, strict=True)],
        f"第三部分 {YEAR}年单位预算情况说明",
        "第四部分 名词解释",
        "附件 项目支出绩效目标表",
    ]
    for line in toc:
        para(doc, line, 10, space=0)
    page_break(doc)

    # --- 概况 (page 2) -------------------------------------------------------
    para(doc, f"第一部分 {YEAR}年{UNIT}单位概况", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space=6)
    para(doc, "一、主要职能", 11, bold=True)
    para(
        doc,
        f"{UNIT}是示例市文化广电旅游局所属公益一类事业单位，主要职能是：收集、整理和保存文献信息资源；"
        "向社会公众免费提供文献借阅、参考咨询和数字阅读服务；组织开展全民阅读推广活动；"
        "承担本市古籍普查、保护与修复工作；指导全市公共图书馆业务工作。",
        indent=True,
    )
    para(doc, "二、机构设置及人员情况", 11, bold=True)
    para(
        doc,
        f"{UNIT}内设办公室、采编部、借阅部、数字资源部、古籍部5个科室。"
        "截至2024年底，单位编制人数45人，实有人数42人，其中在职人员36人，退休人员6人。",
        indent=True,
    )

    # --- tables ----------------------------------------------------------
    para(doc, f"第二部分 {YEAR}年单位预算公开表", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space=6)
    income_items = [
        ("一、一般公共预算拨款", "1,180.00"),
        ("二、政府性基金预算拨款", ""),
        ("三、国有资本经营预算拨款", ""),
        ("四、财政专户管理资金", ""),
        ("五、单位资金", "60.00"),
        ("六、上年结转结余", ""),
    ]
    rows1 = []
    for i in range(max(len(income_items), len(CLASSES))):
        left = income_items[i] if i < len(income_items) else ("", "")
        right = (CLASSES[i][0], CLASSES[i][1]) if i < len(CLASSES) else ("", "")
        rows1.append([left[0], left[1], right[0], right[1]])
    rows1.append(["收入总计", "1,240.00", "支出总计", "1,240.00"])
    table(
        doc,
        1,
        TABLE_TITLES[0],
        [["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"]],
        rows1,
        [5.5, 3, 5.5, 3],
    )

    head2 = [
        [
            "科目编码",
            "科目名称",
            "总计",
            "一般公共预算",
            "政府性基金预算",
            "财政专户管理资金",
            "单位资金",
            "上年结转结余",
        ]
    ]
    rows2 = [["", "合计", "1,240.00", "1,180.00", "", "", "60.00", ""]]
    rows2 += [[c, n, t, g, "", "", u, ""] for c, n, t, _, _, g, u in FUNC_ROWS]
    table(doc, 2, TABLE_TITLES[1], head2, rows2, [1.8, 4.6, 1.8, 1.9, 1.7, 1.7, 1.6, 1.6])

    head3 = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
    rows3 = [["", "合计", "1,240.00", "940.00", "300.00"]]
    rows3 += [[c, n, t, b, p] for c, n, t, b, p, _, _ in FUNC_ROWS]
    table(doc, 3, TABLE_TITLES[2], head3, rows3, [2.2, 7.0, 2.6, 2.6, 2.6])

    rows4 = [
        ["一、一般公共预算拨款", "1,180.00", CLASSES[0][0], "990.00", "990.00", "", ""],
        ["二、政府性基金预算拨款", "", CLASSES[1][0], "110.00", "110.00", "", ""],
        ["三、国有资本经营预算拨款", "", CLASSES[2][0], "40.00", "40.00", "", ""],
        ["", "", CLASSES[3][0], "40.00", "40.00", "", ""],
        ["收入总计", "1,180.00", "支出总计", "1,180.00", "1,180.00", "", ""],
    ]
    table(
        doc,
        4,
        TABLE_TITLES[3],
        [["项目", "合计", "支出功能分类", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]],
        rows4,
        [3.8, 1.8, 3.8, 1.8, 2.0, 2.0, 2.2],
    )
    rows5 = [["", "合计", "1,180.00", "940.00", "240.00"]] + [list(r) for r in GPB_ROWS]
    table(doc, 5, TABLE_TITLES[4], head3, rows5, [2.2, 7.0, 2.6, 2.6, 2.6])
    rows6 = [["", "合计", "940.00", "840.00", "100.00"]] + [list(r) for r in ECON_ROWS]
    table(
        doc,
        6,
        TABLE_TITLES[5],
        [["经济分类科目编码", "经济分类科目名称", "合计", "人员经费", "公用经费"]],
        rows6,
        [2.6, 6.6, 2.6, 2.6, 2.6],
    )
    rows7 = [["", "合计", "", "240.00", "220.00", "20.00"]] + [list(p) for p in PROJECTS]
    table(
        doc,
        7,
        TABLE_TITLES[6],
        [["科目编码", "功能分类科目名称", "项目名称", "合计", "商品和服务支出", "资本性支出"]],
        rows7,
        [2.0, 4.2, 4.2, 2.2, 2.2, 2.2],
    )
    empty_head = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
    table(
        doc,
        8,
        TABLE_TITLES[7],
        empty_head,
        [["", "合计", "", "", ""]],
        [2.2, 7.0, 2.6, 2.6, 2.6],
        note="注：本单位没有政府性基金预算拨款安排的支出，故本表为空表。",
    )
    table(
        doc,
        9,
        TABLE_TITLES[8],
        empty_head,
        [["", "合计", "", "", ""]],
        [2.2, 7.0, 2.6, 2.6, 2.6],
        note="注：本单位没有国有资本经营预算拨款安排的支出，故本表为空表。",
    )
    rows10 = [
        ["合计", "8.00", "8.00"],
        ["因公出国（境）费", "", ""],
        ["公务接待费", "2.00", "2.00"],
        ["公务用车购置及运行费（小计）", "6.00", "6.00"],
        ["其中：公务用车购置费", "", ""],
        ["公务用车运行费", "6.00", "6.00"],
    ]
    table(doc, 10, TABLE_TITLES[9], [["“三公”经费支出内容", "合计", "一般公共预算"]], rows10, [8.0, 4.0, 4.0])

    # --- 情况说明 --------------------------------------------------------
    para(doc, f"第三部分 {YEAR}年单位预算情况说明", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space=6)
    expl = [
        (
            f"一、关于{UNIT}{YEAR}年收支预算情况的总体说明",
            # deliberate error 1: 140.00 / 1,100.00 = 12.73%, not 13.50%
            f"{UNIT}{YEAR}年收支总预算1,240.00万元，比上年预算增加140.00万元，增长13.50%，"
            "主要原因是数字资源建设项目经费增加。",
        ),
        (
            f"二、关于{UNIT}{YEAR}年收入预算情况说明",
            f"{UNIT}{YEAR}年收入预算合计1,240.00万元，其中：一般公共预算拨款1,180.00万元，占95.16%；"
            "单位资金60.00万元，占4.84%。",
        ),
        (
            f"三、关于{UNIT}{YEAR}年支出预算情况说明",
            f"{UNIT}{YEAR}年支出预算合计1,240.00万元，其中：基本支出940.00万元，占75.81%；"
            "项目支出300.00万元，占24.19%。",
        ),
        (
            f"四、关于{UNIT}{YEAR}年财政拨款收支预算情况的总体说明",
            f"{UNIT}{YEAR}年财政拨款收支总预算1,180.00万元，全部为一般公共预算拨款。",
        ),
        (
            f"五、关于{UNIT}{YEAR}年一般公共预算当年拨款情况说明",
            f"{UNIT}{YEAR}年一般公共预算当年拨款1,180.00万元，比上年增加100.00万元，增长9.26%。"
            "其中：文化旅游体育与传媒支出（类）990.00万元；社会保障和就业支出（类）110.00万元；"
            "卫生健康支出（类）40.00万元；住房保障支出（类）40.00万元。",
        ),
        (
            f"六、关于{UNIT}{YEAR}年一般公共预算基本支出情况说明",
            f"{UNIT}{YEAR}年一般公共预算基本支出940.00万元，其中：人员经费840.00万元，公用经费100.00万元。",
        ),
        (
            f"七、关于{UNIT}{YEAR}年一般公共预算项目支出情况说明",
            f"{UNIT}{YEAR}年一般公共预算项目支出240.00万元，其中：数字资源建设120.00万元，"
            "全民阅读推广活动50.00万元，古籍保护与修复70.00万元。",
        ),
        (
            f"八、关于{UNIT}{YEAR}年政府性基金预算拨款情况说明",
            f"{UNIT}{YEAR}年没有使用政府性基金预算拨款安排的支出。",
        ),
        (
            f"九、关于{UNIT}{YEAR}年国有资本经营预算拨款情况说明",
            f"{UNIT}{YEAR}年没有使用国有资本经营预算拨款安排的支出。",
        ),
        (
            f"十、关于{UNIT}{YEAR}年财政拨款“三公”经费预算情况说明",
            # deliberate error 2: table 10 says 8.00
            f"{UNIT}{YEAR}年财政拨款“三公”经费预算数为8.50万元，其中：因公出国（境）费0万元，"
            "公务接待费2.00万元，公务用车购置及运行费6.00万元。",
        ),
        (
            "十一、其他重要事项的情况说明",
            f"（一）机关运行经费：本单位为公益一类事业单位，不涉及机关运行经费。"
            f"（二）政府采购情况：{YEAR}年政府采购预算总额150.00万元，其中：货物采购预算100.00万元，"
            "服务采购预算50.00万元。（三）国有资产占用情况：截至2024年底，本单位共有车辆1辆。",
        ),
    ]
    for title, text in expl:
        para(doc, title, 10.5, bold=True, space=1)
        para(doc, text, 10.5, indent=True, space=4)
    para(doc, "第四部分 名词解释", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space=6)
    for text in (
        "一、一般公共预算拨款：指财政部门拨付的一般公共预算资金。",
        "二、单位资金：指除财政拨款以外的事业收入、经营收入、其他收入等资金。",
        "三、基本支出：指为保障单位正常运转、完成日常工作任务而发生的人员经费和公用经费。",
        "四、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
        "五、“三公”经费：指因公出国（境）费、公务用车购置及运行费和公务接待费。",
    ):
        para(doc, text, 10.5, indent=True, space=2)

    # --- 绩效目标表 --------------------------------------------------------
    para(doc, "附件 项目支出绩效目标表", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space=6)
    para(doc, "项目支出绩效目标表", 12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space=0)
    para(doc, f"({YEAR} 年)", 10, align=WD_ALIGN_PARAGRAPH.CENTER, space=4)
    widths = [3.0, 3.2, 3.6, 2.6, 2.6, 2.4]
    t = doc.add_table(rows=0, cols=6)
    t.style = "Table Grid"
    t.autofit = False
    for j, w in enumerate(widths):
        t.columns[j].width = Cm(w)
    perf = [
        ["预算单位", UNIT, "", "", "", ""],
        ["项目名称", "数字资源建设", "", "", "项目负责人", "王明"],
        ["项目资金(万元)", "年度预算总额", "120.00", "其中：财政拨款", "120.00", "其他资金 0.00"],
        ["项目总体目标", "完成电子图书、期刊数据库采购，年访问量稳步提升。", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值", "指标值设置依据", "指标分值权重"],
        ["产出指标", "数量指标", "采购数据库数量", ">=6 个", "计划标准", "30"],
        ["", "质量指标", "数据库可用率", ">=99%", "行业标准", "20"],
        ["效益指标", "社会效益指标", "数字资源年访问量", ">=50 万人次", "历史标准", "30"],
        ["满意度指标", "服务对象满意度指标", "读者满意度", ">=95%", "历史标准", "20"],
    ]
    for cells in perf:
        r = t.add_row()
        for j, text in enumerate(cells):
            r.cells[j].width = Cm(widths[j])
            p = r.cells[j].paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            _font(p.add_run(text), 8)
    doc.core_properties.title = f"{UNIT}{YEAR}年单位预算公开"
    doc.core_properties.author = "勾稽示例"
    doc.save(str(path))


CN_NUMS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
TABLE_TITLES = [
    "单位收支总体情况表",
    "单位收入总体情况表",
    "单位支出总体情况表",
    "财政拨款收支总体情况表",
    "一般公共预算支出情况表",
    "一般公共预算基本支出情况表",
    "一般公共预算项目支出情况表",
    "政府性基金预算支出情况表",
    "国有资本经营预算支出情况表",
    "财政拨款“三公”经费支出情况表",
]


def convert_pdf(docx: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError(
            "需要 LibreOffice（soffice）：apt-get install -y libreoffice-calc-nogui libreoffice-writer-nogui"
        )
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    pdf = out_dir / (docx.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError("LibreOffice 未生成 PDF")
    return pdf


def main(out_dir: Path = OUT_DIR) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    docx = out_dir / "sample_budget.docx"
    build_docx(docx)
    return convert_pdf(docx, out_dir)


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT_DIR))
