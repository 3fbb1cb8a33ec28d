"""The workbench: 文件 → 相关文件… lists the related disclosures of the open document's folder and
opens one beside the window (screenshot ``test-artifacts/issue14_related.png``)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from _gui_factory import window_factory
from conftest import corpus

from gouji.gui.related import QtRelatedDialog, open_beside
from gouji.io.app.sets import Related, RelatedDoc
from gouji.model.document import Document
from gouji.model.findings import Family, Finding, Location, Severity

pytestmark = pytest.mark.gui


@pytest.fixture
def make_window(qtbot, tmp_path):
    yield from window_factory(qtbot, tmp_path)


def _related(doc: Document, progress, cancelled) -> Related:
    progress(0, 1, "last_year.pdf")
    f = Finding(
        id="x",
        rule="cross.prior_text",
        family=Family.CROSS_DOC,
        severity=Severity.WARNING,
        title="文中上年数与上年公开文件一致",
        message="上年数 47.91 − 1.00 = 46.91万元；2024年公开文件为 47.91万元，相差 -1.00万元。",
        stated=Decimal("46.91"),
        computed=Decimal("47.91"),
        locations=[Location(page=3), Location(page=5, document="/f/last_year.pdf")],
    )
    docs = [
        RelatedDoc("本年与上年", "/f/last_year.pdf", True, 10, 1),
        RelatedDoc("同一公开文件的副本", "/f/copy.docx", False),
    ]
    return Related(docs, [f], scanned=3, unread=1)


def test_related_dialog_lists_documents_and_opens_one_beside(qtbot, artifacts):
    from PySide6.QtWidgets import QWidget

    host = QWidget()
    qtbot.addWidget(host)
    opened: list[str] = []
    doc = Document(path="/f/this_year.pdf", sha256="0", format="pdf")
    dlg = QtRelatedDialog(host, doc, opened.append, finder=_related)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.result is not None, timeout=5_000)
    assert dlg.table.rowCount() == 2
    cells = [[dlg.table.item(r, c).text() for c in range(4)] for r in range(2)]
    assert cells == [
        ["本年与上年", "last_year.pdf", "10", "1"],
        ["同一公开文件的副本", "copy.docx", "不比对", ""],
    ]
    assert "3 个文件（1 个无法读取），相关文件 2 个" in dlg.status.text()
    assert dlg.findings.count() == 1 and dlg.findings.item(0).text().startswith("[警告] 上年数")
    assert dlg.beside.isEnabled()
    dlg.grab().save(str(artifacts / "issue14_related.png"))
    dlg.beside.click()
    assert opened == ["/f/last_year.pdf"]


@pytest.mark.slow
def test_menu_action_and_a_second_window(qtbot, make_window, tmp_path):
    unit = Path(shutil.copy(corpus("pairs/ptgov_office_2025_unit_budget.pdf"), tmp_path / "unit.pdf"))
    w = make_window()
    act = w.menus.act_related
    assert act in w.menus.menu_file.actions() and act.text() == "相关文件(&G)…" and not act.isEnabled()
    w.set_ui_language("en")
    assert act.text() == "Related &documents…"
    w.set_ui_language("zh")
    other = open_beside(w, str(unit))
    qtbot.waitUntil(lambda: other.review.doc is not None and not other.is_loading(), timeout=120_000)
    assert other.review.doc.path == str(unit) and other.parent() is w and other.isWindow()
    assert other.x() > w.x()
    other.close()
