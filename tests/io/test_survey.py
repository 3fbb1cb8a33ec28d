"""``gouji survey FOLDER``: one row per document (JSON and the 概览 workbook)."""

from __future__ import annotations

import json
import shutil

from conftest import corpus
from openpyxl import load_workbook
from rulefixtures import doc, table

from gouji.io.app.cli import main
from gouji.io.export.survey import SURVEY_COLUMNS, survey_result
from gouji.model.document import StdTable
from gouji.model.rules.registry import CheckTally, run_rules

SEED = "seeds/000_407e03e18ae36581.txt"


def test_survey_row_of_a_built_document():
    t = table(
        StdTable.B_EXPENSE,
        "支出总体情况表",
        ["合计"],
        [
            ("", "合计", "30.00"),
            ("201", "一般公共服务支出", "30.00"),
            ("20101", "人大事务", "30.00"),
            ("2010101", "行政运行", "20.00"),
            ("2010102", "一般行政管理事务", "9.00"),  # 20101 = 30.00 ≠ 29.00: one relation fails
        ],
    )
    d = doc(t)
    tally = CheckTally()
    row = survey_result(d, run_rules(d, tally=tally), tally)
    assert row["kind"] == "budget" and row["form"] == "full"
    assert row["hierarchy_checked"] == 2 and row["hierarchy_held"] == 1 and row["hierarchy_share"] == 0.5
    assert row["amount_cells"] == 5
    assert row["standard_found"] == 1 and "收入总体情况表" in row["standard_missing"]
    assert row["by_rule"]["error"]["arith.hierarchy"] == 1 and row["counts"]["error"] >= 1
    assert row["uncertain_tables"] == 0


def test_survey_command_on_a_small_folder(tmp_path):
    folder = tmp_path / "区县"
    folder.mkdir()
    shutil.copy(corpus(SEED), folder / "a.txt")
    (folder / "b.pdf").write_bytes(b"not a pdf at all")
    xlsx, js = tmp_path / "概览.xlsx", tmp_path / "概览.json"
    code = main(["survey", str(folder), "--xlsx", str(xlsx), "--json", str(js), "--workers", "1"])
    assert code == 2  # one file could not be read
    data = json.loads(js.read_text(encoding="utf-8"))
    rows = {r["name"]: r for r in data["documents"]}
    assert rows["b.pdf"]["status"] == "failed" and rows["b.pdf"]["message"]
    a = rows["a.txt"]
    assert a["status"] == "ok" and a["kind"] == "budget" and a["year"]
    assert a["standard_found"] == a["standard_required"] > 0 and a["standard_missing"] == []
    assert a["hierarchy_checked"] > 50 and a["hierarchy_share"] == 1.0 and a["amount_cells"] > 100
    assert a["seconds"] is not None and a["uncertain_tables"] == 0
    assert data["totals"]["documents"] == 2 and data["totals"]["failed"] == 1
    ws = load_workbook(xlsx)["概览"]
    assert [c.value for c in ws[1]] == [h for h, _, _ in SURVEY_COLUMNS]
    values = {ws.cell(row=r, column=1).value: [c.value for c in ws[r]] for r in range(2, ws.max_row + 1)}
    assert set(values) == {"a.txt", "b.pdf"}
    assert values["a.txt"][1] == "预算" and str(values["b.pdf"][1]).startswith("读取失败")
