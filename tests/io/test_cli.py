"""The command line: parse / check / rules, exit codes, Chinese errors, locked outputs."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gouji.io.app.cli import EXIT_FINDINGS, EXIT_OK, EXIT_READ_FAILURE, main
from gouji.io.pipeline import sha256_of
from gouji.io.readers.registry import SUFFIXES
from gouji.model.review import (
    ReviewState,
    Status,
    default_review_folder,
    fallback_review_path,
    review_path,
    save_review,
)

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "sample_budget.pdf"


@pytest.fixture
def sample(tmp_path) -> Path:
    if not SAMPLE.exists():
        pytest.skip("sample not generated")
    p = tmp_path / "sample_budget.pdf"
    shutil.copy(SAMPLE, p)
    return p


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_parse_json(sample, tmp_path):
    out = tmp_path / "doc.json"
    code, text = run("parse", str(sample), "--json", str(out))
    assert code == EXIT_OK and "张表" in text
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["kind"] == "budget" and data["year"] == 2025
    t6 = next(t for t in data["tables"] if t["title"] == "一般公共预算基本支出情况表")
    assert t6["id"] and t6["pages"] and t6["header"]
    row = next(r for r in t6["rows"] if r["code"] == "30211")
    assert row["name"] == "差旅费"
    amounts = [c["value"] for c in row["cells"] if c["value"] is not None]
    assert "12.00" in amounts  # Decimal as strings, exactly as printed
    assert "12.00" in row["amounts"].values() and any("公用经费" in k for k in row["amounts"])


def test_check_json_xlsx_and_exit_code(sample, tmp_path):
    js, xl = tmp_path / "f.json", tmp_path / "f.xlsx"
    code, text = run("check", str(sample), "--json", str(js), "--xlsx", str(xl))
    data = json.loads(js.read_text(encoding="utf-8"))
    (doc,) = data["documents"]
    for key in ("path", "sha256", "kind", "year", "unit", "tables", "findings"):
        assert key in doc
    assert doc["unit"] == "示例市图书馆" and len(doc["sha256"]) == 64
    # the deliberate error in table 6: 302 = 100.00 but its items add up to 102.00
    f = next(f for f in doc["findings"] if f["table"] and f["row_code"] == "302" and f["severity"] == "error")
    for key in (
        "id",
        "rule",
        "severity",
        "message",
        "table",
        "page",
        "row",
        "column",
        "stated",
        "computed",
        "difference",
        "formula",
        "family",
        "title",
        "locations",
    ):
        assert key in f
    assert f["stated"] == "100.00" and f["computed"] == "102.00" and f["difference"] == "-2.00"
    assert code == EXIT_FINDINGS
    assert "错误" in text and "秒" in text
    wb = load_workbook(xl)
    assert wb.sheetnames[0] == "检查表"


def _workbook_texts(path: Path) -> set[str]:
    wb = load_workbook(path)
    return {
        str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None
    }


def test_check_xlsx_finds_the_review_saved_in_the_per_user_folder(sample, tmp_path, monkeypatch):
    """The workbench saves the review in the per-user folder when the document's folder is read-only:
    ``gouji check FILE --xlsx`` must find it there too (it looked only beside the document)."""
    for var in ("XDG_DATA_HOME", "APPDATA"):
        monkeypatch.setenv(var, str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    js = tmp_path / "f.json"
    run("check", str(sample), "--json", str(js))
    finding_id = json.loads(js.read_text(encoding="utf-8"))["documents"][0]["findings"][0]["id"]
    state = ReviewState(sha256=sha256_of(sample))
    state.annotation(finding_id).status = Status.CONFIRMED
    state.annotation(finding_id).comment = "保存在用户目录中的审核意见"
    saved = fallback_review_path(state.sha256, default_review_folder())
    assert str(saved).startswith(str(tmp_path))
    save_review(state, saved)
    assert not review_path(sample).exists()
    xl = tmp_path / "f.xlsx"
    code, _ = run("check", str(sample), "--xlsx", str(xl), "--no-images")
    assert code == EXIT_FINDINGS and "保存在用户目录中的审核意见" in _workbook_texts(xl)
    # a review beside the document comes first
    beside = ReviewState(sha256=state.sha256)
    beside.annotation(finding_id).comment = "文件旁的审核意见"
    save_review(beside, review_path(sample))
    run("check", str(sample), "--xlsx", str(xl), "--no-images")
    texts = _workbook_texts(xl)
    assert "文件旁的审核意见" in texts and "保存在用户目录中的审核意见" not in texts


def test_no_files_message_names_every_format(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert run("check", str(tmp_path / "empty"))[0] == EXIT_READ_FAILURE
    err = capsys.readouterr().err
    assert all(s in err for s in SUFFIXES) and ".xlsm" in err


def test_check_no_images(sample, tmp_path):
    xl = tmp_path / "n.xlsx"
    run("check", str(sample), "--xlsx", str(xl), "--no-images")
    assert len(load_workbook(xl)["检查表"]._images) == 0


def test_read_failures_are_chinese_without_traceback(tmp_path, capsys):
    missing = tmp_path / "不存在.pdf"
    code, _ = run("check", str(missing), "--json", str(tmp_path / "x.json"))
    err = capsys.readouterr().err
    assert code == EXIT_READ_FAILURE and "找不到文件" in err and "Traceback" not in err
    bad = tmp_path / "坏文件.pdf"
    bad.write_bytes(b"this is not a pdf at all")
    code, _ = run("parse", str(bad), "--json", str(tmp_path / "y.json"))
    err = capsys.readouterr().err
    assert code == EXIT_READ_FAILURE and "损坏" in err and "Traceback" not in err
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert data["documents"][0]["status"] == "failed" and data["documents"][0]["reason"] == "missing"


def test_usage_errors_exit_2(capsys):
    assert run()[0] == EXIT_READ_FAILURE
    assert run("check")[0] == EXIT_READ_FAILURE
    assert "参数错误" in capsys.readouterr().err
    assert run("parse", "x.pdf")[0] == EXIT_READ_FAILURE  # --json is required


def test_locked_output_written_under_another_name(sample, tmp_path, monkeypatch, capsys):
    xl = tmp_path / "locked.xlsx"
    xl.write_bytes(b"held open by Excel")
    real = os.replace

    def replace(src, dst):
        if Path(dst) == xl:
            raise PermissionError(13, "Permission denied")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    code, text = run("check", str(sample), "--xlsx", str(xl), "--no-images")
    err = capsys.readouterr().err
    alt = tmp_path / "locked_1.xlsx"
    assert alt.exists() and "被占用" in err and str(alt) in err
    assert xl.read_bytes() == b"held open by Excel"
    assert code in (EXIT_OK, EXIT_FINDINGS)


def test_rules_catalogue():
    code, text = run("rules")
    assert code == EXIT_OK
    assert len(text.splitlines()) > 5 and "arith" in text


def test_check_folder_batch(sample, tmp_path, capsys):
    folder = sample.parent
    (folder / "损坏.pdf").write_bytes(b"%PDF-1.4 broken")
    (folder / "说明.md").write_text("not a disclosure")  # not checked, listed as skipped
    xl = tmp_path / "out" / "汇总.xlsx"
    js = tmp_path / "out" / "all.json"
    code, text = run("check", str(folder), "--xlsx", str(xl), "--json", str(js))
    err = capsys.readouterr().err
    assert code == EXIT_READ_FAILURE  # one file failed to read; the batch still finished
    assert "损坏.pdf" in err and "[2/2]" in err  # plain progress lines when not a tty
    docs = json.loads(js.read_text(encoding="utf-8"))["documents"]
    assert [d["name"] for d in docs] == ["sample_budget.pdf", "损坏.pdf", "说明.md"]
    assert [d["status"] for d in docs] == ["ok", "failed", "skipped"]
    assert "已跳过“说明.md”：不支持的文件类型" in err
    wb = load_workbook(xl)
    ws = wb["汇总"]
    rows = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=11).value for r in range(2, ws.max_row + 1)}
    assert rows["损坏.pdf"] == "读取失败" and rows["sample_budget.pdf"] in ("有错误", "有警告", "通过")
    assert rows["说明.md"] == "已跳过"
    # 汇总, the cross-document sheets, and one sheet for the one readable document
    assert wb.sheetnames[:3] == ["汇总", "文件关系", "跨文件问题"]
    assert wb.sheetnames[3:] == ["01 sample_budget"]


# --- several files of one disclosure (--one) ---------------------------------------------------


def test_check_one_disclosure_of_two_files(tmp_path):
    """The text half and the tables half of a Beijing publication: one result, one workbook."""
    from conftest import corpus
    from openpyxl import load_workbook

    text, tables = corpus("zoo/z44_beijing.pdf"), corpus("budget/bj_sjj_2026_budget_tables.pdf")
    out_json, out_xlsx = tmp_path / "pair.json", tmp_path / "pair.xlsx"
    code, text_out = run(
        "check", str(tables), str(text), "--one", "--json", str(out_json), "--xlsx", str(out_xlsx)
    )
    assert code == EXIT_OK
    assert "z44_beijing.pdf + bj_sjj_2026_budget_tables.pdf：错误 0 项" in text_out
    [res] = json.loads(out_json.read_text(encoding="utf-8"))["documents"]
    assert [(Path(s["path"]).name, s["first_page"], s["pages"]) for s in res["sources"]] == [
        ("z44_beijing.pdf", 1, 10),
        ("bj_sjj_2026_budget_tables.pdf", 11, 21),
    ]
    assert res["pages"] == 31 and not any(f["rule"] == "comp.std_tables" for f in res["findings"])
    for f in res["findings"]:  # every page also given in its own file
        assert f["file"] == "bj_sjj_2026_budget_tables.pdf" and f["file_page"] == f["page"] - 10
    ws = load_workbook(out_xlsx)["检查表"]
    texts = [str(c.value) for row in ws.iter_rows(max_col=1) for c in row if c.value]
    assert any(
        "z44_beijing.pdf（第 1–10 页）；bj_sjj_2026_budget_tables.pdf（第 11–31 页）" in t for t in texts
    )
    # without --one the two files are a batch of two documents
    code, text_out = run("check", str(tables), str(text), "--json", str(out_json))
    assert len(json.loads(out_json.read_text(encoding="utf-8"))["documents"]) == 2


def test_parse_one_disclosure_of_two_files(sample, tmp_path):
    second = Path(shutil.copy(sample, tmp_path / "second.pdf"))
    out = tmp_path / "doc.json"
    code, text = run("parse", str(sample), str(second), "--one", "--json", str(out))
    assert code == EXIT_OK and "sample_budget.pdf + second.pdf" in text
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [s["first_page"] for s in data["sources"]] == [1, data["sources"][0]["pages"] + 1]


def test_several_files_need_one_and_one_needs_files(sample, tmp_path, capsys):
    code, _ = run("parse", str(sample), str(sample), "--json", str(tmp_path / "x.json"))
    assert code == EXIT_READ_FAILURE and "--one" in capsys.readouterr().err
    code, _ = run("check", str(tmp_path), "--one")
    assert code == EXIT_READ_FAILURE and "--one 只用于文件" in capsys.readouterr().err


def test_one_disclosure_names_the_file_that_cannot_be_read(sample, tmp_path, capsys):
    empty = tmp_path / "tables.pdf"
    empty.write_bytes(b"")
    code, _ = run("check", str(sample), str(empty), "--one")
    assert code == EXIT_READ_FAILURE and f"无法读取“{empty}”" in capsys.readouterr().err
