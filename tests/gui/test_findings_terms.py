"""The findings list speaks the workbook's terms: Chinese rule names (id in the tooltip), 填报数 /
重算数 as in 问题清单, amounts in full, % on rates, short table labels; and 检查表设置."""

from __future__ import annotations

from decimal import Decimal

import pytest
from _gui_factory import factory_loader, make_document, make_findings, window_factory
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from gouji.gui.qt_findings_model import COLUMNS, QtFindingsModel
from gouji.gui.qt_findings_panel import QtFindingsPanel
from gouji.gui.review_session import QtReviewSession
from gouji.io.export.columns import column, view_columns
from gouji.model.findings import Family, Finding
from gouji.model.index import FindingIndex

pytestmark = pytest.mark.gui


@pytest.fixture
def make_window(qtbot, tmp_path):
    yield from window_factory(qtbot, tmp_path)


def _rate_and_big_amount(doc) -> list[Finding]:
    """A share (a rate: its values are percentages) and a total in 元 with nine digits."""
    base = make_findings(doc)[0]
    rate = {
        "id": "rate.share:x",
        "rule": "rate.share",
        "family": Family.RATES,
        "title": "占比与金额一致",
        "formula": "占比 = 部分 ÷ 总额 × 100%",
        "stated": Decimal("71.73"),
        "computed": Decimal("71.65"),
        "difference": Decimal("0.08"),
    }
    big = {"id": "arith.total_classes:y", "title": "合计行等于各类之和", "formula": ""}
    big |= {"stated": Decimal("154369326.00"), "computed": Decimal("154369327.00")}
    return [base.model_copy(update=rate), base.model_copy(update=big)]


def test_list_terms_match_the_workbook(qtbot, tmp_path, artifacts):
    doc = make_document(tmp_path / "budget.pdf")
    findings = [*make_findings(doc), *_rate_and_big_amount(doc)]
    session = QtReviewSession(doc, None, tmp_path / "fb")
    model = QtFindingsModel(doc, findings, session)
    panel = QtFindingsPanel()
    qtbot.addWidget(panel)
    panel.set_model(model, session)
    panel.fill_filters(doc, FindingIndex(doc, findings))
    panel.retranslate()
    panel.resize(1366, 330)
    panel.show()
    qtbot.waitExposed(panel)

    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    # the same words as 问题清单's headers (one column spec)
    review_headers = {c.header for c, _ in view_columns("review")}
    assert {"规则名称", "填报数", "重算数", "差额"} <= set(headers)
    assert {"填报数", "重算数"} <= review_headers and "列示数" not in headers and "计算数" not in headers
    assert "规则" not in headers  # the rule id is not a column: it is the rule name's tooltip
    keys = [c.key for c in COLUMNS]
    title_col, table_col = keys.index("title"), keys.index("table")
    stated_col, computed_col = keys.index("stated"), keys.index("computed")
    rate = len(findings) - 2
    big = len(findings) - 1
    assert model.index(rate, title_col).data() == "占比与金额一致"
    assert model.index(rate, title_col).data(Qt.ItemDataRole.ToolTipRole) == "占比与金额一致（rate.share）"
    assert (
        model.index(rate, stated_col).data() == "71.73%"
        and model.index(rate, computed_col).data() == "71.65%"
    )
    big_row = model.index_of(findings[big].id)  # under the group of its gap (the same cells, the same 1.00)
    assert big_row.parent().isValid()
    assert big_row.siblingAtColumn(stated_col).data() == "154,369,326.00"
    assert big_row.siblingAtColumn(table_col).data() == "表1"
    # full numbers: every amount fits its column (no elision)
    fm = panel.view.fontMetrics()
    for c in (stated_col, computed_col, keys.index("difference")):
        need = max(fm.horizontalAdvance(model.index(r, c).data() or "") for r in range(model.rowCount()))
        assert panel.view.columnWidth(c) >= need + 6, column(COLUMNS[c].key).header
    panel.grab().save(str(artifacts / "findings_list_terms.png"))
    # the detail panel says the same: 填报数 / 重算数, % on rates
    from gouji.gui.qt_annotation import QtAnnotationPanel

    detail = QtAnnotationPanel()
    qtbot.addWidget(detail)
    detail.set_session(session)
    detail.set_finding(findings[rate])
    html = detail.details.toHtml()
    assert "填报数" in html and "重算数" in html and "71.73%" in html and "列示数" not in html


def test_checklist_settings_remember_template_url_and_date(
    qtbot, make_window, tmp_path, monkeypatch, artifacts
):
    from gouji.gui import qt_checklist_dialog
    from gouji.io.export.checklist_template import bundled_templates

    w = make_window(loader=factory_loader())
    with qtbot.waitSignal(w.documentLoaded, timeout=10000):
        w.open_file(tmp_path / "budget.pdf")
    assert w.menus.act_checklist.isEnabled() and w.menus.act_checklist.text() == "检查表设置(&K)…"
    template = str(bundled_templates()[0])
    shown = qt_checklist_dialog.QtChecklistDialog(template, "https://example.gov.cn/yjs", "2026-02-10")
    qtbot.addWidget(shown)
    shown.show()
    assert shown.values() == (template, "https://example.gov.cn/yjs", "2026-02-10")
    shown.grab().save(str(artifacts / "checklist_settings_dialog.png"))
    shown.close()

    def fake_exec(dlg):
        assert isinstance(dlg, qt_checklist_dialog.QtChecklistDialog)
        dlg._add_file(template)
        dlg.url.setText(" https://example.gov.cn/yjs ")
        dlg.date.setText("2026-02-10")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(qt_checklist_dialog.QtChecklistDialog, "exec", fake_exec)
    w.menus.act_checklist.trigger()
    st = w.review.session.state
    assert (st.public_url, st.public_date) == ("https://example.gov.cn/yjs", "2026-02-10")
    assert w.review.checklist_template == template
    assert w.settings.value(qt_checklist_dialog.SETTING) == template
    assert w.review.session.save_now()
    # a new window takes the template from the settings
    w2 = make_window(loader=factory_loader())
    assert w2.review.checklist_template == template
