"""Outputs never replace an input of the run; an output that cannot be written gives a Chinese
message and exit code 3 (never a traceback), and a batch keeps the results it already has."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from gouji.io.app import outputs
from gouji.io.app.cli import EXIT_OUTPUT_FAILURE, build_parser, main

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "sample_budget.pdf"


@pytest.fixture
def doc(tmp_path) -> Path:
    if not SAMPLE.exists():
        pytest.skip("sample not generated")
    d = tmp_path / "in"
    d.mkdir()
    return Path(shutil.copy(SAMPLE, d / "d.pdf"))


@pytest.fixture
def folder(doc) -> Path:
    """A folder of two disclosures: a PDF and a workbook someone else wrote."""
    wb = Workbook()
    wb.active.append(["一般公共预算支出表"])  # type: ignore[union-attr]
    wb.save(doc.parent / "source.xlsx")
    return doc.parent


@pytest.fixture(autouse=True)
def user_folder(tmp_path, monkeypatch) -> Path:
    """The per-user folder (where results go when an output cannot be written) inside the test."""
    data = tmp_path / "userdata"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("APPDATA", str(data))
    return data


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize(
    "argv",
    [
        ("check", "{doc}", "--xlsx", "{doc}", "--no-images"),
        ("check", "{doc}", "--json", "{doc}"),
        ("parse", "{doc}", "--json", "{doc}"),
        ("check", "{doc}", "--json", "{alias}"),  # the same file under another spelling
        ("check", "{doc}", "--xlsx", "{link}"),  # a hard link to the document
        ("check", "{folder}", "--xlsx", "{folder}/source.xlsx"),  # a source workbook of the folder
        ("check", "{folder}", "--json", "{folder}/d.pdf"),
        ("survey", "{folder}", "--xlsx", "{folder}/source.xlsx"),
        ("check", "{doc}", "--json", "{out}", "--xlsx", "{out}"),  # two outputs, one file
    ],
)
def test_an_output_never_replaces_an_input(argv, doc, folder, tmp_path, capsys):
    link = tmp_path / "link.pdf"
    os.link(doc, link)
    names = {
        "doc": str(doc),
        "alias": str(doc.parent / ".." / "in" / "d.pdf"),
        "link": str(link),
        "folder": str(folder),
        "out": str(tmp_path / "out.xlsx"),
    }
    before = snapshot(folder)
    code, _ = run(*(a.format(**names) for a in argv))
    err = capsys.readouterr().err
    assert code == EXIT_OUTPUT_FAILURE
    assert ("覆盖原文件" in err or "同一个文件" in err) and "Traceback" not in err
    assert snapshot(folder) == before  # nothing written, nothing replaced
    assert not (tmp_path / "out.xlsx").exists()


def test_a_summary_in_the_folder_is_fine_when_it_replaces_no_source(folder, capsys):
    code, _ = run("check", str(folder), "--json", str(folder / "results.json"), "--workers", "1")
    assert code != EXIT_OUTPUT_FAILURE
    docs = json.loads((folder / "results.json").read_text(encoding="utf-8"))["documents"]
    assert {d["name"] for d in docs} == {"d.pdf", "source.xlsx"}


def test_output_that_is_a_folder(doc, folder, tmp_path, capsys):
    target = tmp_path / "reports"
    target.mkdir()
    for argv in (
        ("check", str(doc), "--xlsx", str(target), "--no-images"),
        ("check", str(folder), "--xlsx", str(target)),
        ("parse", str(doc), "--json", str(target)),
    ):
        code, _ = run(*argv)
        err = capsys.readouterr().err
        assert code == EXIT_OUTPUT_FAILURE and "是一个文件夹" in err and "Traceback" not in err
    assert list(target.iterdir()) == []


def test_output_path_too_long(doc, tmp_path, capsys):
    long_name = tmp_path / ("审" * 120 + ".json")  # 360 bytes in UTF-8: over every file-name limit
    code, _ = run("check", str(doc), "--json", str(long_name))
    err = capsys.readouterr().err
    assert code == EXIT_OUTPUT_FAILURE and "过长" in err and "Traceback" not in err


def _disk_full_under(monkeypatch, full: Path) -> None:
    """Every write of a workbook or a text file under ``full`` fails: the disk is full."""
    from openpyxl.workbook.workbook import Workbook as Book

    def check(path) -> None:
        if Path(path).resolve().is_relative_to(full.resolve()):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    real_save, real_text = Book.save, Path.write_text

    def save(self, filename):
        check(filename)
        return real_save(self, filename)

    def write_text(self, *args, **kwargs):
        check(self)
        return real_text(self, *args, **kwargs)

    monkeypatch.setattr(Book, "save", save)
    monkeypatch.setattr(Path, "write_text", write_text)


def test_disk_full_in_a_batch_keeps_the_results(folder, tmp_path, monkeypatch, capsys, user_folder):
    out = tmp_path / "full_disk"
    _disk_full_under(monkeypatch, out)
    code, text = run(
        "check",
        str(folder),
        "--xlsx",
        str(out / "汇总.xlsx"),
        "--json",
        str(out / "all.json"),
        "--workers",
        "1",
    )
    err = capsys.readouterr().err
    assert code == EXIT_OUTPUT_FAILURE and "磁盘空间不足" in err and "Traceback" not in err
    [kept] = list((user_folder / "Gouji" / "Gouji" / "results").glob("*.json"))
    assert str(kept) in err  # the user is told where the results are
    docs = json.loads(kept.read_text(encoding="utf-8"))["documents"]
    assert [d["name"] for d in docs] == ["d.pdf", "source.xlsx"]
    assert docs[0]["status"] == "ok" and docs[0]["findings"] is not None
    assert "d.pdf：错误" in text  # the per-file summary is still printed


def test_disk_full_for_one_file_and_for_the_survey(doc, folder, tmp_path, monkeypatch, capsys, user_folder):
    out = tmp_path / "full_disk"
    _disk_full_under(monkeypatch, out)
    code, _ = run("check", str(doc), "--xlsx", str(out / "d.xlsx"), "--no-images")
    err = capsys.readouterr().err
    assert code == EXIT_OUTPUT_FAILURE and "磁盘空间不足" in err and "Traceback" not in err
    code, _ = run("parse", str(doc), "--json", str(out / "d.json"))
    err = capsys.readouterr().err
    assert code == EXIT_OUTPUT_FAILURE and "磁盘空间不足" in err and "Traceback" not in err
    code, _ = run("survey", str(folder), "--xlsx", str(out / "概览.xlsx"), "--workers", "1")
    err = capsys.readouterr().err
    assert code == EXIT_OUTPUT_FAILURE and "磁盘空间不足" in err and "已另存为" in err
    assert len(list((user_folder / "Gouji" / "Gouji" / "results").glob("*.json"))) == 2


def test_fallback_goes_to_the_next_folder_and_says_so_when_none_takes_it(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("x")  # a folder path below a file: cannot be created
    got = outputs.save_fallback({"a": 1}, [blocked / "sub", tmp_path / "ok"])
    assert got is not None and got.parent == tmp_path / "ok" and json.loads(got.read_text()) == {"a": 1}
    assert outputs.save_fallback({"a": 1}, [blocked / "sub"]) is None


def test_failure_messages_name_the_cause():
    p = Path("x.xlsx")
    assert "磁盘空间不足" in outputs.failure_message(OSError(errno.ENOSPC, "full"), p, "汇总工作簿")
    assert "过长" in outputs.failure_message(OSError(errno.ENAMETOOLONG, "long"), p, "汇总工作簿")
    assert "文件夹" in outputs.failure_message(IsADirectoryError(errno.EISDIR, "dir"), p, "汇总工作簿")
    assert "写入权限" in outputs.failure_message(PermissionError("nothing writable"), p, "汇总工作簿")


def test_exit_codes_are_documented(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["check", "-h"])
    text = " ".join(capsys.readouterr().out.split())
    for code in (
        "0 = 全部读取成功",
        "1 = 发现",
        "2 = 有文件无法读取",
        "3 = 输出文件无法写入",
        "--timeout",
        "--max-memory",
    ):
        assert code in text
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Command line", 1)[1].split("\n## ", 1)[0]
    for text in ("`0`", "`1`", "`2`", "`3`", "--timeout", "--max-memory"):
        assert text in section
