"""完成审核 / 签字 (issue 12.4): the name is required, pending findings are counted and asked about,
the signed review is locked (changes refused with a message, the annotation panel read-only under a
banner), and 开始新一轮审核… keeps the signed file aside and unlocks; 设置… chooses where new review
files are kept.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Callable

import pytest
from _gui_factory import factory_loader, window_factory
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from gouji.gui.qt_settings_dialog import QtSettingsDialog
from gouji.gui.qt_signoff_dialog import NAME_SETTING, QtSignoffDialog
from gouji.model.review import Status, fallback_review_path, load_review, review_path
from gouji.model.review_place import ReviewPlace, load_store

pytestmark = pytest.mark.gui


@pytest.fixture
def make_window(qtbot, tmp_path):
    yield from window_factory(qtbot, tmp_path)


def _open(qtbot, w, path: Path) -> None:
    with qtbot.waitSignal(w.documentLoaded, timeout=10_000):
        w.open_file(path)
    qtbot.waitUntil(lambda: not w.is_loading())


def on_modal(act: Callable[[QWidget], None], kind: type = QWidget) -> None:
    """Run ``act`` on the next modal window of type ``kind`` once it is open (it runs its own loop)."""

    def poll() -> None:
        m = QApplication.activeModalWidget()
        if isinstance(m, kind) and m.isVisible():
            act(m)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def _button(box: QMessageBox, text: str):
    return next(b for b in box.buttons() if b.text() == text)


def test_signoff_requires_name_warns_pending_and_locks(qtbot, make_window, tmp_path, artifacts):
    pdf = tmp_path / "budget.pdf"
    w = make_window(loader=factory_loader())
    _open(qtbot, w, pdf)
    session = w.review.session
    first = w.review.findings[0]
    session.annotate(first.id, status=Status.CONFIRMED, reviewer="张审核")
    seen: dict[str, object] = {}

    def confirm_back(box: QMessageBox) -> None:
        seen["question"] = box.text()
        _button(box, "返回").click()

    def confirm_go(box: QMessageBox) -> None:
        _button(box, "仍然签字").click()

    def fill(dlg: QtSignoffDialog) -> None:
        seen["pending_label"] = dlg.pending_label.text()
        dlg.name.clear()
        dlg.ok_button.click()  # no name: refused, the dialog stays
        seen["error"] = dlg.error.text()
        seen["open_without_name"] = dlg.isVisible()
        qtbot.keyClicks(dlg.name, "Zhang")
        dlg.name.setText("张审核")  # QTest cannot type CJK
        dlg.checker.setText("李复核")
        dlg.grab().save(str(artifacts / "signoff_dialog.png"))
        on_modal(confirm_back, QMessageBox)
        dlg.ok_button.click()  # 4 pending: asked; 返回 keeps the dialog open
        seen["open_after_back"] = dlg.isVisible()
        on_modal(confirm_go, QMessageBox)
        dlg.ok_button.click()

    on_modal(fill, QtSignoffDialog)
    w.menus.act_signoff.trigger()
    assert seen["pending_label"] == "还有 4 个问题待核实。"
    assert seen["error"] == "请填写审核人姓名后再签字。" and seen["open_without_name"]
    assert "还有 4 个问题待核实" in str(seen["question"]) and seen["open_after_back"]
    st = session.state
    assert (st.signed_off_by, st.checked_by, st.pending_at_signoff) == ("张审核", "李复核", 4)
    assert st.signed_off_at is not None and abs((datetime.now() - st.signed_off_at).total_seconds()) < 60
    assert w.settings.value(NAME_SETTING) == "张审核"  # remembered for the next sign-off
    saved = load_review(review_path(pdf))
    assert saved is not None and saved.signed_off_by == "张审核" and saved.pending_at_signoff == 4

    # locked: the panel is read-only under the banner, a status key is refused with a message
    w.next_finding()
    qtbot.waitUntil(lambda: w.current_finding() is not None)
    f = w.current_finding()
    assert w.review.lock_banner.isVisible() and "已签字，审核已锁定" in w.review.lock_banner.text()
    assert not w.annotation.status.isEnabled() and not w.annotation.comment.isEnabled()
    assert not w.annotation.add_button.isEnabled()
    before = session.status(f.id)
    w.menus.act_status[Status.CORRECTED].trigger()  # Alt+3
    assert session.status(f.id) == before
    assert w.current_finding() is f  # refused: the queue does not move on
    assert w.status_label.text().startswith("已签字，审核已锁定（张审核")
    assert "开始新一轮审核" in w.status_label.text()
    assert w.add_manual_finding("不应添加") is None or len(st.manual_findings) == 0
    w.grab().save(str(artifacts / "signoff_locked.png"))

    # signing again is refused with the same explanation
    on_modal(lambda box: box.accept(), QMessageBox)
    assert w.review.signoff_dialog(w.settings) is False


def test_signoff_without_pending_asks_nothing_and_remembers_name(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    w.settings.setValue(NAME_SETTING, "王签字")
    _open(qtbot, w, tmp_path / "budget.pdf")
    for f in w.review.findings:
        w.review.session.annotate(f.id, status=Status.NOT_A_PROBLEM)
    seen: dict[str, object] = {}

    def accept(dlg: QtSignoffDialog) -> None:
        seen["name"] = dlg.name.text()
        seen["label"] = dlg.pending_label.text()
        qtbot.keyClick(dlg.name, Qt.Key.Key_Return)  # Enter signs (no question: nothing pending)

    on_modal(accept, QtSignoffDialog)
    assert w.review.signoff_dialog(w.settings)
    assert seen == {"name": "王签字", "label": "所有问题均已核实。"}
    assert w.review.session.state.pending_at_signoff == 0


def test_new_round_keeps_annotations_and_signed_file(qtbot, make_window, tmp_path):
    pdf = tmp_path / "budget.pdf"
    w = make_window(loader=factory_loader())
    _open(qtbot, w, pdf)
    session = w.review.session
    fid = w.review.findings[0].id
    session.annotate(fid, status=Status.CONFIRMED, comment="合计不符", reviewer="张审核")
    assert session.sign_off("张审核", "", 4)
    # cancelled: still locked
    on_modal(lambda box: _button(box, "取消").click(), QMessageBox)
    assert not w.review.new_round_dialog() and session.locked
    on_modal(lambda box: _button(box, "开始新一轮审核").click(), QMessageBox)
    assert w.review.new_round_dialog()
    assert (
        not session.locked
        and session.state.signed_off_at is None
        and session.state.pending_at_signoff is None
    )
    assert session.state.annotations[fid].comment == "合计不符"  # annotations kept
    kept = list(pdf.parent.glob(review_path(pdf).name + ".signed-*"))
    assert len(kept) == 1 and json.loads(kept[0].read_text("utf-8"))["signed_off_by"] == "张审核"
    assert load_review(review_path(pdf)).signed_off_by is None
    assert "已开始新一轮审核" in w.status_label.text()
    # unlocked: the banner is gone and statuses change again
    w.next_finding()
    assert not w.review.lock_banner.isVisible() and w.annotation.status.isEnabled()
    f = w.current_finding()
    w.set_current_status(Status.CORRECTED)
    assert session.status(f.id) == Status.CORRECTED


def test_signed_review_opens_locked(qtbot, make_window, tmp_path):
    pdf = tmp_path / "budget.pdf"
    w = make_window(loader=factory_loader())
    _open(qtbot, w, pdf)
    w.review.session.sign_off("张审核", "李复核", 5)
    w.close()
    w2 = make_window(loader=factory_loader(), settings_name="s2.ini")
    _open(qtbot, w2, pdf)
    assert w2.review.session.locked and w2.review.lock_banner.isVisible()
    assert "复核人 李复核" in w2.review.lock_banner.text()


def test_review_folder_setting_is_saved_and_used(qtbot, make_window, tmp_path):
    w = make_window(loader=factory_loader())
    chosen = tmp_path / "共享审核记录"
    seen: dict[str, object] = {}

    def choose(dlg: QtSettingsDialog) -> None:
        seen["folder_enabled_before"] = dlg.folder.isEnabled()
        dlg.buttons[ReviewPlace.FOLDER].setChecked(True)
        seen["folder_enabled"] = dlg.folder.isEnabled()
        dlg.ok.click()  # no folder yet: refused
        seen["error"] = dlg.error.text()
        dlg.folder.setText(str(chosen))
        dlg.ok.click()

    on_modal(choose, QtSettingsDialog)
    w.menus.act_settings.trigger()
    assert seen == {
        "folder_enabled_before": False,
        "folder_enabled": True,
        "error": "请选择保存审核记录的文件夹。",
    }
    store = load_store(tmp_path / "reviews")  # persisted beside the per-user folder
    assert store.place == ReviewPlace.FOLDER and store.folder == chosen and chosen.is_dir()
    pdf = tmp_path / "docs" / "budget.pdf"
    pdf.parent.mkdir()
    _open(qtbot, w, pdf)
    w.review.session.annotate(w.review.findings[0].id, status=Status.CONFIRMED)
    w.review.save_now()
    where = fallback_review_path(w.review.doc.sha256, chosen)
    assert w.review.session.path == where and where.exists()
    assert not review_path(pdf).exists()
