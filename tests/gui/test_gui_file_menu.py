"""The 文件 menu's side jobs: exports that closing the window waits for, and the folder the open dialogs start in.

Hand-built documents (:mod:`_gui_factory`); the writers are replaced by slow fakes so that the
window can be closed while they run.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from _gui_factory import factory_loader, window_factory
from PySide6.QtWidgets import QFileDialog

from gouji.io.export.annotated_pdf import AnnotatedPdf
from gouji.io.export.save import save_with_fallback
from gouji.model.files import TEMP_MARK

pytestmark = pytest.mark.gui

PAYLOAD = b"%PDF-1.7\n" + bytes(range(256)) * 4096  # 1 MiB: a file cut short would show
SLOW = 1.0  # seconds the fake writers take before writing


@pytest.fixture
def make_window(qtbot, tmp_path):
    yield from window_factory(qtbot, tmp_path)


def _open(qtbot, w, path: Path, manual: bool = False) -> None:
    with qtbot.waitSignal(w.documentLoaded, timeout=10000):
        w.open_file(path, manual=manual)
    qtbot.waitUntil(lambda: not w.is_loading())


def _slow_write(out: str) -> Path:
    time.sleep(SLOW)
    return save_with_fallback(Path(out), lambda p: p.write_bytes(PAYLOAD))


def _slow_workbook(doc, findings, review, out_path, checklist=None, *, state) -> str:
    return str(_slow_write(out_path))


def _slow_annotated(doc, findings, review, out, *, state) -> AnnotatedPdf:
    return AnnotatedPdf(written=[_slow_write(out)], marks=1, problems=1)


@pytest.mark.parametrize("which", ["workbook", "annotated_pdf"])
def test_closing_the_window_waits_for_a_running_export(qtbot, make_window, tmp_path, monkeypatch, which):
    """Both exports are side tasks of the window: closing it waits for them, the file is whole."""
    monkeypatch.setattr("gouji.gui.qt_tasks.export_review_workbook", _slow_workbook)
    monkeypatch.setattr("gouji.gui.qt_menus.write_annotated_pdf", _slow_annotated)
    w = make_window(loader=factory_loader())
    _open(qtbot, w, tmp_path / "budget.pdf")
    if which == "workbook":
        out = tmp_path / "审核.xlsx"
        done, task = w.exportFinished, w.review.export_to(str(out))
    else:
        out = tmp_path / "标注版.pdf"
        done, task = w.menus.annotatedPdfWritten, w.menus.export_annotated_pdf(str(out))
        assert w.menus.export_annotated_pdf(str(tmp_path / "again.pdf")) is None  # one at a time
    assert task is not None and task.is_running() and not out.exists()
    w.close()
    # the export still ran (it sleeps SLOW seconds) when the window was closed: finished now, the window waited
    assert task.wait(0) and out.read_bytes() == PAYLOAD  # … and it wrote the whole file
    assert not list(tmp_path.glob(f"*{TEMP_MARK}*"))  # and left no temp file behind
    with qtbot.waitSignal(done, timeout=5000) as got:  # its result is still reported
        pass
    written = got.args[0] if which == "workbook" else str(got.args[0].written[0])
    assert written == str(out)
    assert "导出" in w.status_label.text()


def test_manual_open_starts_in_and_remembers_the_last_folder(
    qtbot, make_window, tmp_path, monkeypatch, artifacts
):
    """文件 → 以人工审核模式打开… starts where 文件 → 打开 does and is remembered the same way."""
    base = factory_loader()
    loads: list[tuple[str, bool]] = []

    def loader(path, *, state, review_locations=None, manual=False):
        loads.append((Path(path).name, manual))
        return base(path, state=state, review_locations=review_locations)

    first, scan, last = (
        tmp_path / "a" / "budget.pdf",
        tmp_path / "b" / "scan.pdf",
        tmp_path / "c" / "final.pdf",
    )
    for f in (first, scan, last):
        f.parent.mkdir()
    chosen = iter([first, scan, last])
    asked: list[tuple[str, str]] = []

    def choose(parent, title, start, file_filter, *a, **k):
        asked.append((title, start))
        return str(next(chosen)), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    w = make_window(loader=loader)
    with qtbot.waitSignal(w.documentLoaded, timeout=10000):
        w.menus.act_open.trigger()
    qtbot.waitUntil(lambda: not w.is_loading())
    with qtbot.waitSignal(w.documentLoaded, timeout=10000):
        w.menus.act_open_manual.trigger()
    qtbot.waitUntil(lambda: not w.is_loading())
    w.grab().save(str(artifacts / "file_menu_manual_open.png"))
    with qtbot.waitSignal(w.documentLoaded, timeout=10000):
        w.menus.act_open.trigger()
    assert loads == [("budget.pdf", False), ("scan.pdf", True), ("final.pdf", False)]
    assert [t for t, _ in asked] == ["打开文件", "以人工审核模式打开", "打开文件"]
    assert [s for _, s in asked][1:] == [str(first.parent), str(scan.parent)]
    assert w.settings.value("lastDir") == str(last.parent)
