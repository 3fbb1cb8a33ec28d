"""The workbench: 文件 → 添加文件到本公开文件… reads the text half and the tables half as one disclosure.

Opens ``zoo/z44_beijing.pdf`` (the text of a Beijing budget, no tables), adds
``budget/bj_sjj_2026_budget_tables.pdf`` (its tables) through the menu action, and checks the outline
(every table), the page view (a table's page comes from the tables file, a section's from the text file),
the saved review (beside the first file, found again when the pair is reopened) and the screenshot
``test-artifacts/issue9_two_files.png``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _gui_factory import window_factory
from conftest import corpus
from PySide6.QtWidgets import QFileDialog

from gouji.model.review import Status, load_review, review_path

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.fixture
def make_window(qtbot, tmp_path):
    yield from window_factory(qtbot, tmp_path)


@pytest.fixture
def halves(tmp_path) -> tuple[Path, Path]:
    """Private copies (the review is written beside the first file)."""
    text = Path(shutil.copy(corpus("zoo/z44_beijing.pdf"), tmp_path / "z44_beijing.pdf"))
    tables = Path(shutil.copy(corpus("budget/bj_sjj_2026_budget_tables.pdf"), tmp_path / "tables.pdf"))
    return text, tables


def _wait_page(qtbot, w) -> None:
    qtbot.waitUntil(lambda: not w.page_view._pixmap.pixmap().isNull(), timeout=20_000)


def test_add_a_file_to_this_disclosure(qtbot, make_window, halves, monkeypatch, artifacts):
    text, tables = halves
    w = make_window()
    act = w.menus.act_add_file
    assert act in w.menus.menu_file.actions() and act.text() == "添加文件到本公开文件(&D)…"
    assert not act.isEnabled()  # nothing open yet
    w.set_ui_language("en")
    assert act.text() == "A&dd a file to this disclosure…"
    w.set_ui_language("zh")

    with qtbot.waitSignal(w.documentLoaded, timeout=120_000):
        w.open_file(text)
    qtbot.waitUntil(lambda: not w.is_loading())
    assert not w.review.doc.tables and act.isEnabled()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tables), ""))
    with qtbot.waitSignal(w.documentLoaded, timeout=120_000) as got:
        act.trigger()
    qtbot.waitUntil(lambda: not w.is_loading())
    doc = got.args[0]
    assert [Path(s.path).name for s in doc.sources] == ["z44_beijing.pdf", "tables.pdf"]
    assert "z44_beijing.pdf + tables.pdf" in w.windowTitle()
    assert "z44_beijing.pdf + tables.pdf" in w.status_label.text()

    # the outline shows every table of the tables half
    for i in range(1, 12):
        assert w.outline_model.index_of_key(("table", f"T{i:02d}")).isValid()
    assert sum(1 for t in doc.tables if t.perf is not None) == 18

    # a table: document page 13 is page 3 of the tables file
    w._select_outline(("table", "T03"))
    assert w.content.title.text() and w.page_view.page() == 13
    assert w.page_view.source_label() == "tables.pdf 第 3 页"
    assert "tables.pdf 第 3 页" in w.page_view.title.text()
    _wait_page(qtbot, w)
    img = w.page_view._pixmap.pixmap()
    width, height = doc.page_sizes[12]
    assert abs(img.width() / img.height() - width / height) < 0.02
    qtbot.wait(200)
    w.grab().save(str(artifacts / "issue9_two_files.png"))

    # a section of the text half: its own file
    income = next(s for s in doc.sections if s.title.startswith("二、收入预算") and s.page and s.page > 1)
    w._select_outline(("section", income.id))
    assert w.page_view.page() == income.page <= 10
    assert w.page_view.source_label() == f"z44_beijing.pdf 第 {income.page} 页"

    # the same file again: nothing to do
    assert not w.review.add_file(str(tables))
    assert "此文件已在本公开文件中" in w.status_label.text()

    # the review is saved beside the first file, under the pair's hash …
    f = w.review.findings[0]
    w.review.set_status(f, Status.CONFIRMED)
    w.review.save_now()
    saved = load_review(review_path(text), doc.sha256)
    assert saved is not None and saved.annotations[f.id].status == Status.CONFIRMED
    w.close()

    # … and found again when the pair is opened (in either order)
    w2 = make_window(settings_name="second.ini")
    with qtbot.waitSignal(w2.documentLoaded, timeout=120_000):
        w2.review.open([str(tables), str(text)])
    qtbot.waitUntil(lambda: not w2.is_loading())
    assert w2.review.doc.sha256 == doc.sha256
    assert w2.review.status_of(f.id) == Status.CONFIRMED
