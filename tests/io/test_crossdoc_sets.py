"""The cross-document pass of a batch: documents out of the workers' results, findings into both
documents' results, the report into the summary workbook (sheets 文件关系 and 跨文件问题)."""

from __future__ import annotations

from openpyxl import load_workbook
from rulefixtures import doc, gpb_table

from gouji.io.app.sets import cross_check, relation_lines
from gouji.io.export.summary import document_summary, write_summary
from gouji.model.document import DocScope, Document, Section, SectionKind, Sentence


def _doc(name: str, scope: DocScope, path: str, value: str, units: bool = False) -> Document:
    d = doc(gpb_table(value, page=3), year=2025, unit_name=name)
    update: dict = {"path": path, "sha256": path, "scope": scope}
    if units:
        sec = Section(id="S800", kind=SectionKind.ORGANISATION, title="机构设置")
        lead = Sentence(index=0, text="具体包括（列示至基层预算单位）：", section_id="S800", page=2)
        item = Sentence(index=1, text="1.某某区某某局本部。", section_id="S800", page=2)
        update |= {"sections": [sec], "sentences": [lead, item]}
    return d.model_copy(update=update)


def _results() -> list[dict]:
    dept = _doc("某某区某某局", DocScope.DEPARTMENT, "/b/dept.pdf", "10.00", units=True)
    unit = _doc("某某区某某局", DocScope.UNIT, "/b/unit.pdf", "12.00")
    other = _doc("某某区另一局", DocScope.UNIT, "/b/other.pdf", "12.00")
    out = []
    for d in (dept, unit, other):
        res = document_summary(d, [])
        res["document"] = d.model_dump(mode="json")
        out.append(res)
    out.append({"path": "/b/bad.pdf", "name": "bad.pdf", "status": "failed", "counts": {}, "findings": []})
    return out


def test_cross_check_adds_findings_to_both_documents(tmp_path):
    results = _results()
    report = cross_check(results)
    assert all("document" not in r for r in results)
    (rel,) = report["relations"]
    assert (rel["kind"], rel["a"], rel["b"], rel["checked"], rel["differing"]) == (
        "dept_unit",
        "dept.pdf",
        "unit.pdf",
        2,
        1,
    )
    assert relation_lines(report) == ["部门与所属单位：dept.pdf ↔ unit.pdf（比对 2 项，不一致 1 项）"]
    (f,) = report["findings"]
    assert [loc["file"] for loc in f["locations"]] == ["dept.pdf", "unit.pdf"]
    assert [loc["page"] for loc in f["locations"]] == [3, 3]
    dept, unit, other = results[:3]
    for res in (dept, unit):
        assert res["counts"]["error"] == 1
        (mine,) = [x for x in res["findings"] if x["rule"] == "cross.dept_units"]
        assert mine["table"] == "T01" and mine["page"] == 3 and mine["family"] == "cross_doc"
        assert mine["locations"][1]["document"] is not None
    assert other["findings"] == []

    out = write_summary(results, tmp_path / "s.xlsx", report)
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["汇总", "文件关系", "跨文件问题"]
    rel_ws, cross_ws = wb["文件关系"], wb["跨文件问题"]
    assert [c.value for c in rel_ws[2]] == [1, "部门与所属单位", "某某区某某局", "dept.pdf", "unit.pdf", 2, 1]
    row = [c.value for c in cross_ws[2]]
    assert row[1] == "错误" and "《dept.pdf》 第3页" in row[8] and "《unit.pdf》 第3页" in row[9]


def test_no_relation_writes_a_note(tmp_path):
    results = _results()[2:]
    report = cross_check(results)
    assert report["relations"] == [] and report["findings"] == []
    wb = load_workbook(write_summary(results, tmp_path / "s.xlsx", report))
    assert "未发现" in wb["文件关系"]["A2"].value and "未发现" in wb["跨文件问题"]["A2"].value
