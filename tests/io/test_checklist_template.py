"""检查表 templates: loading and checking them, placing findings on their rows, 是 / 否 / 待人工核对,
and the sheet that follows a (district's own) template."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rulefixtures import doc, table

from gouji.io.export.checklist import Verdict, build_checklist
from gouji.io.export.checklist_sheet import problems
from gouji.io.export.checklist_template import (
    TemplateError,
    bundled_templates,
    default_path,
    load_template,
    parse_template,
    suggestion,
    template_for,
)
from gouji.io.export.workbook import export_workbook
from gouji.model.document import DocKind, DocScope, Document, Section, SectionKind, Sentence, StdTable
from gouji.model.findings import Family, Finding, Location, Severity
from gouji.model.review import Annotation, ReviewState, Status, manual_finding
from gouji.model.tables import spec

# --- templates ---------------------------------------------------------------


def test_bundled_templates_load_with_official_table_names():
    paths = {p.stem for p in bundled_templates()}
    assert paths == {"unit_budget", "department_budget", "unit_final", "department_final"}
    unit = load_template(default_path(_doc(DocScope.UNIT, DocKind.BUDGET)))
    items = [r.item for r in unit.rows]
    assert (unit.scope, unit.kind) == ("单位", "预算")
    assert items[0] == "及时公开单位预算" and unit.rows[0].manual and unit.rows[0].group == "及时性"
    assert items[1:8] == [
        "封面",
        "目录",
        "主要职能",
        "机构设置",
        "名词解释",
        "预算编制说明",
        "《单位收支总体情况表》",
    ]
    assert items[-2:] == ["其他相关说明", "项目经费情况说明"]
    assert f"《单位{spec(StdTable.B_GPB_BASIC).name}》" in items
    dept = load_template(default_path(_doc(DocScope.DEPARTMENT, DocKind.BUDGET)))
    assert "《部门收支总体情况表》" in [r.item for r in dept.rows] and dept.rows[0].item == "及时公开部门预算"
    final = load_template(default_path(_doc(DocScope.UNIT, DocKind.FINAL)))
    tables = [r.tables[0] for r in final.rows if r.tables and not r.rest and len(r.tables) == 1]
    # the nine national tables, in the national order, under their official names
    national = [s for s in StdTable if s.value.startswith("final_")]  # StdTable keeps the national order
    assert len(national) == 9 and tables == national and national[0] == StdTable.F_OVERVIEW
    assert "《收入支出决算总表》" in [r.item for r in final.rows] and "情况说明" in [
        r.item for r in final.rows
    ]
    for p in bundled_templates():
        t = load_template(p)
        assert sum(r.rest for r in t.rows) == 1


def test_unknown_scope_and_kind_fall_back_to_the_unit_budget():
    assert default_path(_doc(DocScope.UNKNOWN, DocKind.UNKNOWN)).name == "unit_budget.toml"
    assert default_path(_doc(DocScope.DEPARTMENT, DocKind.FINAL)).name == "department_final.toml"


@pytest.mark.parametrize(
    "rows, message",
    [
        ([{"item": "x", "tables": ["no_such_table"]}], "未知的表编号"),
        ([{"item": "x", "sections": ["附件"]}], "sections 只能是"),
        ([{"group": "g"}], "缺少 item"),
        ([{"item": "a", "rest": True}, {"item": "b", "rest": True}], "rest"),
        ([{"item": "x", "colour": "red"}], "未知的设置"),
        ([], "没有任何行"),
    ],
)
def test_unusable_templates_say_why_in_chinese(rows, message):
    with pytest.raises(TemplateError, match=message):
        parse_template({"rows": rows})


def test_bad_title_and_bad_toml_are_refused(tmp_path):
    with pytest.raises(TemplateError, match="标题格式"):
        parse_template({"title": "{year}年{district}", "rows": [{"item": "x"}]})
    p = tmp_path / "broken.toml"
    p.write_text("rows = [", encoding="utf-8")
    with pytest.raises(TemplateError, match="broken.toml"):
        load_template(p)


def test_title_from_template_and_document():
    d = _doc(DocScope.UNIT, DocKind.BUDGET, year=2026, unit="某某街道办事处")
    t = template_for(d)
    assert t.title_for(d) == "2026年度某某街道办事处单位预算公开情况检查表"
    district = parse_template({"region": "XX区", "scope": "部门", "kind": "决算", "rows": [{"item": "x"}]})
    assert district.title_for(d) == "2026年度XX区部门决算公开情况检查表"


def test_suggestions_follow_the_rule_and_fill_the_recomputed_value():
    f = _finding("arith.hierarchy", computed=Decimal("9466.77"))
    assert suggestion(f, "9,466.77万元") == "建议核实表内数据，按勾稽关系更正为 9,466.77万元。"
    assert "{computed}" not in suggestion(f, "") and suggestion(f, "").startswith("建议")
    assert suggestion(_finding("text.punct_doubled"), "") == "建议删除重复或误用的标点。"
    assert suggestion(_finding("no.such_rule"), "") == ""


# --- placing findings and judging rows --------------------------------------


def _doc(scope: DocScope, kind: DocKind, year: int = 2026, unit: str = "某某局") -> Document:
    return doc(kind=kind, year=year, unit_name=unit).model_copy(update={"scope": scope})


def _finding(
    rule: str, *, fid: str = "", severity=Severity.ERROR, table_id=None, sentence=None, **kw
) -> Finding:
    locs = []
    if table_id:
        locs.append(Location(table=table_id, row=0, page=3))
    if sentence is not None:
        locs.append(Location(sentence=sentence, text="…", page=5))
    fam = Family.TEXT_QUALITY if rule.startswith("text.") else Family.ARITHMETIC
    return Finding(
        id=fid or f"{rule}:{len(locs)}{table_id}{sentence}",
        rule=rule,
        family=kw.pop("family", fam),
        severity=severity,
        title="规则",
        message=kw.pop("message", "合计与各类之和不符，列示 1.00万元，计算 2.00万元"),
        locations=locs,
        **kw,
    )


def unit_budget() -> Document:
    """A unit budget: cover, 目录, 主要职能, 情况说明 with an 其他相关情况说明 part, 名词解释, two tables
    (one parsed, one not) — 机构设置 is missing."""
    t1 = table(StdTable.B_OVERVIEW, "收支总体情况表", ["预算数"], [("", "收入总计", "10.00")])
    t2 = table(StdTable.B_INCOME, "收入总体情况表", ["合计"], [("201", "一般公共服务支出", "10.00")])
    t3 = table(StdTable.B_EXPENSE, "支出总体情况表", ["合计"], []).model_copy(update={"empty": False})
    sections = [
        Section(id="S1", kind=SectionKind.COVER, title="2026年度某某局单位预算"),
        Section(id="S2", kind=SectionKind.TOC, title="目录"),
        Section(id="S3", kind=SectionKind.FUNCTIONS, title="一、主要职能"),
        Section(id="S4", kind=SectionKind.EXPLANATION, title="第三部分 2026年度单位预算情况说明"),
        Section(id="S5", kind=SectionKind.EXPLANATION, title="一、收支预算总体情况", level=2, parent="S4"),
        Section(id="S6", kind=SectionKind.EXPLANATION, title="五、其他相关情况说明", level=2, parent="S4"),
        Section(id="S7", kind=SectionKind.EXPLANATION, title="（一）“三公”经费", level=3, parent="S6"),
        Section(id="S8", kind=SectionKind.GLOSSARY, title="第四部分 名词解释"),
    ]
    d = doc(t1, t2, t3, sections=sections, year=2026)
    sentences = [
        Sentence(index=0, text="收入预算10.00万元。", section_id="S5"),
        Sentence(index=1, text="“三公”经费预算1.00万元。。", section_id="S7"),
    ]
    return d.model_copy(update={"scope": DocScope.UNIT, "sentences": sentences, "page_count": 9})


def _rows(d: Document, fs: list[Finding], state: ReviewState | None = None):
    return {r.spec.item: r for r in build_checklist(d, fs, state, template_for(d))}


def test_rows_without_findings_are_yes_only_when_the_tool_could_check_them():
    by = _rows(unit_budget(), [])
    assert by["《单位收支总体情况表》"].verdict == Verdict.YES
    assert by["封面"].verdict == Verdict.YES and by["主要职能"].verdict == Verdict.YES
    # not found → 待人工核对 with a note, never 是
    assert by["机构设置"].verdict == Verdict.MANUAL and "未识别到" in by["机构设置"].notes[0]
    missing = by["《单位财政拨款收支总体情况表》"]
    assert missing.verdict == Verdict.MANUAL and "未识别到" in missing.notes[0]
    # found but not parsed (no rows, not an empty table) → 待人工核对
    unparsed = by["《单位支出总体情况表》"]
    assert unparsed.verdict == Verdict.MANUAL and "未能解析" in unparsed.notes[0]
    # 及时性 is never checked by the tool
    assert by["及时公开单位预算"].verdict == Verdict.MANUAL
    for r in by.values():
        assert not (r.verdict == Verdict.YES and any("未识别到" in n for n in r.notes))


def test_verdict_follows_the_reviewers_statuses():
    d = unit_budget()
    f = _finding("arith.hierarchy", fid="a:1", table_id="T02")
    rounding = _finding("arith.hierarchy", fid="a:2", table_id="T01", severity=Severity.ROUNDING)
    item = "《单位收入总体情况表》"
    assert _rows(d, [f, rounding])[item].verdict == Verdict.MANUAL  # unreviewed
    assert _rows(d, [f, rounding])["《单位收支总体情况表》"].verdict == Verdict.YES  # rounding only
    for status, expected in (
        (Status.CONFIRMED, Verdict.NO),
        (Status.CORRECTED, Verdict.YES),
        (Status.NOT_A_PROBLEM, Verdict.YES),
        (Status.PENDING, Verdict.MANUAL),
    ):
        st = ReviewState(sha256=d.sha256)
        st.annotations[f.id] = Annotation(finding_id=f.id, status=status)
        assert _rows(d, [f], st)[item].verdict == expected, status
    # a confirmed problem on a row the tool could not verify is still 否
    g = _finding("comp.sections", fid="c:1", family=Family.COMPLETENESS, message="缺少“机构设置”部分")
    st = ReviewState(sha256=d.sha256)
    st.annotations[g.id] = Annotation(finding_id=g.id, status=Status.CONFIRMED)
    assert _rows(d, [g], st)["机构设置"].verdict == Verdict.NO
    # a reviewer-added finding is the reviewer's own problem: 否 without a status, 是 once corrected
    manual = manual_finding("表头年度错误", Severity.ERROR, Location(table="T01", row=0, page=3), "张三")
    assert _rows(d, [manual])["《单位收支总体情况表》"].verdict == Verdict.NO
    st.annotations[manual.id] = Annotation(finding_id=manual.id, status=Status.CORRECTED)
    assert _rows(d, [manual], st)["《单位收支总体情况表》"].verdict == Verdict.YES


def test_findings_land_on_the_row_of_their_section_table_or_rule():
    d = unit_budget()
    in_other = _finding("text.punct_doubled", fid="t:1", sentence=1)
    in_overview = _finding("rate.share", fid="r:1", sentence=0, family=Family.RATES)
    toc = _finding("comp.toc", fid="toc:1", family=Family.COMPLETENESS, message="目录与正文不一致")
    named = _finding("comp.sections", fid="s:1", family=Family.COMPLETENESS, message="缺少“机构设置”部分")
    unknown = _finding("comp.blank_pages", fid="b:1", family=Family.COMPLETENESS, message="第 9 页为空白页")
    by = _rows(d, [in_other, in_overview, toc, named, unknown])
    # a title match up the section chain (其他相关情况说明) wins over the kind (情况说明)
    assert [f.id for f in by["其他相关说明"].findings] == ["t:1", "b:1"]  # the rest row takes the unplaced
    assert [f.id for f in by["预算编制说明"].findings] == ["r:1"]
    assert [f.id for f in by["目录"].findings] == ["toc:1"]
    assert [f.id for f in by["机构设置"].findings] == ["s:1"]


def test_a_scan_is_manual_everywhere():
    scan = doc(year=2026).model_copy(update={"page_count": 12, "scope": DocScope.UNIT})
    rows = build_checklist(scan, [], None, template_for(scan))
    assert {r.verdict for r in rows} == {Verdict.MANUAL}
    assert all("扫描件" in r.notes[0] for r in rows if not r.spec.manual)


def test_problem_items_merge_one_cause_and_prefer_the_reviewers_words():
    d = unit_budget()
    gap = [
        _finding("arith.hierarchy", fid=f"g:{i}", table_id="T02", difference=Decimal("-388.25"))
        for i in range(3)
    ]
    other = _finding(
        "arith.total_classes", fid="o:1", table_id="T02", difference=Decimal("5"), computed=Decimal("15.00")
    )
    row = _rows(d, [*gap, other])["《单位收入总体情况表》"]
    items = problems(row, None)
    assert len(items) == 2 and "同一差额共影响 3 处" in items[0].text
    assert items[1].text.endswith("建议核实表内数据，按勾稽关系更正为 15.00万元。")
    st = ReviewState(sha256=d.sha256)
    st.annotations["o:1"] = Annotation(finding_id="o:1", status=Status.CONFIRMED, comment="合计少计5万元")
    mine = problems(_rows(d, [other], st)["《单位收入总体情况表》"], st)
    assert mine[0].text.startswith("合计少计5万元") and "列示" not in mine[0].text


# --- the sheet ---------------------------------------------------------------


def test_sheet_follows_a_districts_own_template(tmp_path):
    d = unit_budget().model_copy(update={"path": str(tmp_path / "x.txt")})
    src = default_path(d).read_text(encoding="utf-8")
    mine = src.replace('region = ""', 'region = "XX区"').replace(
        'item = "名词解释"', 'item = "名词解释（术语）"'
    )
    path = tmp_path / "district.toml"
    path.write_text(mine, encoding="utf-8")
    f = _finding("arith.hierarchy", fid="a:1", table_id="T02", computed=Decimal("2.00"))
    st = ReviewState(sha256=d.sha256, public_url="https://example.gov.cn/yjs", public_date="2026-02-10")
    st.annotations[f.id] = Annotation(finding_id=f.id, status=Status.CONFIRMED)
    out = export_workbook(d, [f], st, tmp_path / "r.xlsx", images=False, checklist=path)
    ws = load_workbook(out)["检查表"]
    assert ws["A1"].value == "2026年度XX区单位预算公开情况检查表"
    assert [ws.cell(row=r, column=1).value for r in (2, 3, 4)] == [
        "单位名称：某某局",
        "公开网址：https://example.gov.cn/yjs",
        "公开日期：2026-02-10",
    ]
    assert [c.value for c in ws[5]] == [
        "序号",
        "检查类别",
        "检查项目",
        "符合要求",
        "存在问题及整改建议",
        "截图",
    ]
    template = load_template(path)
    items = [ws.cell(row=r, column=3).value for r in range(6, ws.max_row + 1)]
    assert [i for i in items if i] == [r.item for r in template.rows]
    verdicts = {
        ws.cell(row=r, column=3).value: ws.cell(row=r, column=4).value
        for r in range(6, ws.max_row + 1)
        if ws.cell(row=r, column=3).value
    }
    assert verdicts["《单位收入总体情况表》"] == "否" and verdicts["名词解释（术语）"] == "是"
    assert verdicts["机构设置"] == "待人工核对"
    row = next(
        r for r in range(6, ws.max_row + 1) if ws.cell(row=r, column=3).value == "《单位收入总体情况表》"
    )
    assert ws.cell(row=row, column=5).value.startswith("1. 合计与各类之和不符")


def test_an_unusable_template_stops_the_export_with_its_reason(tmp_path):
    d = unit_budget().model_copy(update={"path": str(tmp_path / "x.txt")})
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rows]]\nitem = "x"\ntables = ["budget_nope"]\n', encoding="utf-8")
    with pytest.raises(TemplateError, match="bad.toml"):
        export_workbook(d, [], None, tmp_path / "r.xlsx", images=False, checklist=bad)
    assert not (tmp_path / "r.xlsx").exists()


def test_defaults_are_found_from_the_installed_package():
    assert all(Path(p).is_file() for p in bundled_templates())
