"""Batch review: file collection, failure isolation, the process pool, progress, summary workbook."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS
from openpyxl import load_workbook

from gouji.io.app import batch

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "sample_budget.pdf"


@pytest.fixture
def folder(tmp_path) -> Path:
    if not SAMPLE.exists():
        pytest.skip("sample not generated")
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SAMPLE, d / "a_sample.pdf")
    shutil.copy(SAMPLE, d / "c_copy.PDF")
    (d / "b_bad.docx").write_bytes(b"not a zip")
    (d / "~$a_sample.docx").write_bytes(b"lock file")
    (d / ".hidden.pdf").write_bytes(b"%PDF")
    (d / "a_sample.pdf.gouji.json").write_text("{}")
    (d / "notes.md").write_text("x")
    (d / "sub").mkdir()
    return d


def test_collect_files(folder):
    # a workbook written by an earlier run is not a disclosure: skipped by its author field
    batch.write_summary([batch.failed_result(folder / "z.pdf", "x", "corrupt")], folder / "earlier.xlsx")
    found = batch.scan([folder, folder / "a_sample.pdf"])
    assert [f.name for f in found.files] == ["a_sample.pdf", "b_bad.docx", "c_copy.PDF"]
    # every other file is listed with its reason
    assert {p.name: r["status"] for p, r in found.others.items()} == {"notes.md": "skipped"}


def test_check_file_never_raises(tmp_path):
    res = batch.check_file(tmp_path / "missing.pdf")
    assert res["status"] == "failed" and res["reason"] == "missing" and "找不到" in res["message"]
    weird = tmp_path / "x.doc"
    weird.write_bytes(b"\xd0\xcf\x11\xe0")
    res = batch.check_file(weird)
    assert res["status"] == "failed" and "docx" in res["message"]


def test_run_batch_two_workers_keeps_order(folder):
    files = batch.collect_files([folder])
    seen: list[str] = []
    results = batch.run_batch(files, workers=2, on_result=lambda r: seen.append(r["name"]))
    assert [r["name"] for r in results] == [f.name for f in files]
    assert sorted(seen) == sorted(f.name for f in files)
    ok = [r for r in results if r["status"] == "ok"]
    assert len(ok) == 2 and ok[0]["sha256"] == ok[1]["sha256"]
    assert ok[0]["findings"] == ok[1]["findings"]  # deterministic across processes
    bad = results[1]
    assert bad["status"] == "failed" and bad["reason"] == "corrupt"


def test_progress_bar_plain_and_tty():
    plain = io.StringIO()
    bar = batch.ProgressBar(2, plain)
    bar.update({"name": "a.pdf", "status": "ok", "counts": {"error": 1, "warning": 0, "rounding": 2}})
    bar.update({"name": "b.pdf", "status": "failed", "message": "文件已损坏"})
    lines = plain.getvalue().splitlines()
    assert lines == ["[1/2] a.pdf: 错误 1，警告 0，尾差 2", "[2/2] b.pdf: 读取失败：文件已损坏"]

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    bar = batch.ProgressBar(2, tty, width=10)
    bar.update({"name": "a.pdf", "status": "ok", "counts": {}})
    bar.update({"name": "b.pdf", "status": "ok", "counts": {}})
    text = tty.getvalue()
    assert text.count("\r") == 2 and "█" * 10 in text and text.endswith("\n")


def test_summary_workbook(folder, tmp_path):
    results = batch.run_batch(batch.collect_files([folder]), workers=1)
    out = batch.write_summary(results, tmp_path / "s.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "汇总" and len(wb.sheetnames) == 3
    for name in wb.sheetnames:
        assert len(name) <= 31 and not any(ch in name for ch in "[]:*?/\\")
    ws = wb["汇总"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["序号", "文件", "类型", "年度", "单位"] and "错误" in header and "状态" in header
    assert ws.cell(row=2, column=3).value == "预算" and ws.cell(row=2, column=4).value == 2025
    assert ws.cell(row=3, column=11).value == "读取失败" and "损坏" in ws.cell(row=3, column=12).value
    assert ws.cell(row=2, column=2).hyperlink is not None
    doc_sheet = wb[wb.sheetnames[1]]
    assert doc_sheet.cell(row=2, column=1).value == "编号"
    n_findings = len(results[0]["findings"])
    assert doc_sheet.max_row == n_findings + 2


@pytest.mark.slow
def test_batch_over_real_corpus(tmp_path):
    dirs = [CORPUS / "final", CORPUS / "budget"]
    if not all(d.is_dir() for d in dirs):
        pytest.skip("corpus missing")
    files = batch.collect_files(dirs)
    results = batch.run_batch(files, workers=2)
    assert len(results) == len(files) >= 10
    # every real disclosure is read (none is scanned); no internal error on any of them
    assert [r["name"] for r in results if r["status"] != "ok"] == []
    assert all(r["tables"] for r in results)
    out = batch.write_summary(results, tmp_path / "corpus.xlsx")
    assert len(load_workbook(out, read_only=True).sheetnames) == len(files) + 1


def test_subfolders_are_named_not_silently_left_out(folder, capsys):
    from gouji.io.app.cli import main

    (folder / "sub" / "deeper").mkdir()
    shutil.copy(SAMPLE, folder / "sub" / "deeper" / "unit.pdf")
    shutil.copy(SAMPLE, folder / "sub" / "unit2.pdf")
    (folder / "sub" / "readme.txt.bak").write_text("x")
    (folder / "empty").mkdir()
    (folder / "empty" / "notes.md").write_text("x")  # no file of a supported format: not named
    (folder / ".git").mkdir()
    shutil.copy(SAMPLE, folder / ".git" / "x.pdf")  # a hidden folder is nobody's disclosure
    found = batch.scan([folder])
    assert found.subfolders == [(folder / "sub", 2)]
    assert "unit.pdf" not in {f.name for f in found.files}  # listed, not checked
    main(["check", str(folder), "--workers", "1"], out=io.StringIO())
    err = capsys.readouterr().err
    assert f"子文件夹“{folder / 'sub'}”中的 2 个文件未检查" in err and "请把它一并列出" in err
    assert "empty" not in err and ".git" not in err
