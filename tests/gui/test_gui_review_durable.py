"""The workbench never loses a reviewer's work (issue 11, failures 1, 2 and 7), with the real loader.

An unreadable review is moved aside and the reviewer told before anything is written; a review of an
earlier version of the file is re-attached once the reviewer confirms (gone findings listed as 已失效);
two windows on one file merge their saves; problems of an imported workbook are shown.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from _gui_factory import window_factory
from openpyxl import load_workbook

from gouji.model.review import (
    STALE_MARK,
    Annotation,
    ReviewState,
    Status,
    backup_paths,
    load_review,
    review_path,
    save_review,
)

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "sample_budget.pdf"


@pytest.fixture
def make_window(qtbot, tmp_path):
    yield from window_factory(qtbot, tmp_path)


@pytest.fixture
def pdf(tmp_path) -> Path:
    if not SAMPLE.exists():
        pytest.skip("sample not generated")
    p = tmp_path / "docs" / SAMPLE.name
    p.parent.mkdir()
    shutil.copy(SAMPLE, p)
    return p


def _open(qtbot, w, path: Path) -> None:
    with qtbot.waitSignal(w.documentLoaded, timeout=60_000):
        w.open_file(path)
    qtbot.waitUntil(lambda: not w.is_loading())


def _set_status(w, fid: str, status: Status, comment: str) -> None:
    w.review.session.annotate(fid, status=status, comment=comment, reviewer="张审核")


def test_unreadable_review_is_moved_aside_and_reported_before_any_save(qtbot, make_window, pdf, artifacts):
    rp = review_path(pdf)
    damaged = '{"schema": 2, "sha256": "00", "annotations": {"a:1": {"status": "确认问题", "comm'
    rp.write_text(damaged, encoding="utf-8")
    w = make_window()
    _open(qtbot, w, pdf)
    box = w.message_box
    assert box is not None and box.isVisible() and "无法读取" in box.text() and ".bad-" in box.text()
    box.grab().save(str(artifacts / "gui_review_unreadable.png"))
    box.close()
    (bad,) = pdf.parent.glob(rp.name + ".bad-*")
    assert bad.read_text(encoding="utf-8") == damaged  # kept, and not yet overwritten by anything
    fid = w.review.findings[0].id
    _set_status(w, fid, Status.CONFIRMED, "新意见")
    assert w.review.session.save_now()
    assert bad.read_text(encoding="utf-8") == damaged
    saved = load_review(rp, w.review.doc.sha256)
    assert saved is not None and saved.annotations[fid].comment == "新意见"


def _earlier_version_review(pdf: Path, fid: str) -> ReviewState:
    state = ReviewState(sha256="11" * 32, source_name=pdf.name)
    when = datetime(2026, 3, 1, 9, 0)
    state.annotations[fid] = Annotation(
        finding_id=fid, status=Status.CONFIRMED, comment="仍然有效", time=when
    )
    state.annotations["arith.gone:123456789abc"] = Annotation(
        finding_id="arith.gone:123456789abc",
        status=Status.CONFIRMED,
        comment="旧问题的意见",
        time=when,
        seen_title="合计不等于分项之和",
    )
    save_review(state, review_path(pdf))
    return state


@pytest.mark.parametrize("confirm", [True, False])
def test_changed_source_is_confirmed_and_gone_findings_listed(qtbot, make_window, pdf, artifacts, confirm):
    probe = make_window()
    _open(qtbot, probe, pdf)
    fid = probe.review.findings[0].id
    n_rule = len(probe.review.findings)
    probe.close()
    _earlier_version_review(pdf, fid)
    w = make_window()
    _open(qtbot, w, pdf)
    box = w.review.reattach_box
    assert box is not None and box.isVisible() and "源文件" in box.text() and "已失效" in box.text()
    # before the reviewer answers: re-attached by id, the gone finding listed, nothing written
    assert w.review.session.status(fid) == Status.CONFIRMED
    gone = [f for f in w.review.findings if f.title.startswith(STALE_MARK)]
    assert [f.id for f in gone] == ["arith.gone:123456789abc"] and len(w.review.findings) == n_rule + 1
    listed = w.findings_panel.model  # the gone finding is listed (rows count causes: one gap is one row)
    assert listed.finding_count() == n_rule + 1
    assert w.findings_panel.proxy.mapFromSource(listed.index_of("arith.gone:123456789abc")).isValid()
    assert json.loads(review_path(pdf).read_text(encoding="utf-8"))["sha256"] == "11" * 32
    w.grab().save(str(artifacts / "gui_review_source_changed.png"))
    box.grab().save(str(artifacts / "gui_review_source_changed_box.png"))
    if confirm:
        box.buttons()[0].click()  # 关联到新版本
        saved = load_review(review_path(pdf), w.review.doc.sha256)
        assert saved is not None and saved.previous_sha256 == ["11" * 32]
        assert saved.annotations["arith.gone:123456789abc"].comment == "旧问题的意见"  # never dropped
        assert (
            json.loads(backup_paths(review_path(pdf))[0].read_text(encoding="utf-8"))["sha256"] == "11" * 32
        )
    else:
        with qtbot.waitSignal(w.documentLoaded, timeout=60_000):
            box.buttons()[1].click()  # 不关联: the old record is moved aside, the file reopened
        (old,) = pdf.parent.glob(review_path(pdf).name + ".old-*")
        assert json.loads(old.read_text(encoding="utf-8"))["annotations"][fid]["comment"] == "仍然有效"
        assert w.review.session.status(fid) == Status.PENDING and len(w.review.findings) == n_rule
        assert w.review.reattach_box is None


def test_two_windows_on_one_file_merge(qtbot, make_window, pdf):
    a, b = make_window(), make_window(settings_name="b.ini")
    _open(qtbot, a, pdf)
    _open(qtbot, b, pdf)
    f1, f2, f3 = (f.id for f in a.review.findings[:3])
    _set_status(a, f1, Status.CONFIRMED, "A 的意见")
    _set_status(a, f3, Status.CONFIRMED, "A 先改")
    assert a.review.session.save_now()
    _set_status(b, f2, Status.NOT_A_PROBLEM, "B 的意见")
    b.review.session.state.annotations[f3] = Annotation(
        finding_id=f3, status=Status.CORRECTED, comment="B 后改", time=datetime(2099, 1, 1)
    )
    b.review.session.schedule_save()
    assert b.review.session.save_now()  # B never saw A's save: merged, not overwritten
    box = b.message_box
    assert box is not None and "另一窗口" in box.text() and f3 in box.text()
    assert b.review.session.status(f1) == Status.CONFIRMED  # A's work is now in B's window too
    a.close()
    b.close()
    saved = load_review(review_path(pdf), a.review.doc.sha256)
    assert saved is not None
    assert {k: saved.annotations[k].comment for k in (f1, f2, f3)} == {
        f1: "A 的意见",
        f2: "B 的意见",
        f3: "B 后改",
    }


def test_import_problems_are_shown(qtbot, make_window, pdf, tmp_path):
    w = make_window()
    _open(qtbot, w, pdf)
    fid = w.review.findings[0].id
    out = tmp_path / "r.xlsx"
    task = w.review.export_to(str(out))
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    wb = load_workbook(out)
    ws = wb["问题清单"]
    header = {str(c.value): c.column for c in ws[1] if c.value}
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, header["编号"]).value == fid)
    ws.cell(row, header["审核状态"]).value = "基本属实"
    wb.save(out)
    with qtbot.waitSignal(w.importFinished, timeout=60_000):
        w.review.import_from(str(out))
    box = w.message_box
    assert box is not None and box.isVisible() and "基本属实" in box.text() and "下拉列表" in box.text()
    assert "基本属实" in w.review.session.annotation(fid).comment
