"""完成审核 / 签字: the sign-off dialog, and the banner of a signed-off (locked) review.

:class:`QtSignoffDialog` asks for the reviewer's name (required; the caller remembers it) and an
optional 复核人, shows how the findings stand (how many are still 待核实) and, when some are, asks
once more before signing.  The time is recorded by the session when the dialog is accepted
(:meth:`gouji.gui.review_session.QtReviewSession.sign_off`).  :class:`QtLockBanner` tells, above
the annotation panel, that the review is signed and locked and how to start a new round.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from gouji.gui.i18n import tr
from gouji.gui.review_session import LOCKED_TEXT, signed_when
from gouji.model.review import ReviewState, Status

#: QSettings keys of the names remembered between sign-offs
NAME_SETTING = "signoff/name"
CHECKER_SETTING = "signoff/checker"
WARN_STYLE = "color: #b00000; font-weight: bold"
BANNER_STYLE = "background: #fff4ce; border: 1px solid #e0b400; padding: 4px; color: #5c4400"


class QtSignoffDialog(QDialog):
    """Name, 复核人 and the state of the findings before a review is signed off.

    Parameters
    ----------
    document
        The name of the document under review (shown).
    counts
        How many findings have each status.
    name, checker
        The names filled in (remembered from the last sign-off).
    """

    def __init__(
        self,
        document: str,
        counts: dict[Status, int],
        name: str,
        checker: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(tr("完成审核 / 签字"))
        self.pending = counts.get(Status.PENDING, 0)
        total = sum(counts.values())
        self.confirm_box: QMessageBox | None = None  # the question asked when findings are still pending
        summary = QLabel(self)
        summary.setWordWrap(True)
        parts = "，".join(f"{tr(s.value)} {counts.get(s, 0)}" for s in Status)
        summary.setText(
            f"<p><b>{html.escape(document)}</b></p>"
            + "<p>"
            + html.escape(tr("共 {n} 个问题：{parts}。", n=total, parts=parts))
            + "</p>"
        )
        self.pending_label = QLabel(self)
        self.pending_label.setWordWrap(True)
        self.pending_label.setStyleSheet(WARN_STYLE)
        if self.pending:
            self.pending_label.setText(tr("还有 {n} 个问题待核实。", n=self.pending))
        else:
            self.pending_label.setText(tr("所有问题均已核实。"))
            self.pending_label.setStyleSheet("color: #1a7f37")
        self.name = QLineEdit(name, self)
        self.name.setPlaceholderText(tr("必填"))
        self.checker = QLineEdit(checker, self)
        self.checker.setPlaceholderText(tr("可选"))
        note = QLabel(
            tr(
                "签字时记录当前时间。签字后审核将锁定：不能再修改状态、意见或添加问题；"
                "如需修改，请选择“审核 → 开始新一轮审核…”。导出的审核工作簿带签字并加保护。"
            ),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555")
        self.error = QLabel(self)
        self.error.setStyleSheet(WARN_STYLE)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("签字"))
        self.ok_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(lambda text: self.error.clear() if text.strip() else None)
        form = QFormLayout()
        form.addRow(tr("审核人（签字）(&N)："), self.name)
        form.addRow(tr("复核人(&C)："), self.checker)
        lay = QVBoxLayout(self)
        lay.addWidget(summary)
        lay.addWidget(self.pending_label)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.setMinimumWidth(480)
        self.name.setFocus()
        self.name.selectAll()

    def values(self) -> tuple[str, str]:
        """(the signer's name, the 复核人 or "")."""
        return self.name.text().strip(), self.checker.text().strip()

    def _accept(self) -> None:
        if not self.name.text().strip():
            self.error.setText(tr("请填写审核人姓名后再签字。"))
            self.name.setFocus()
            return
        if self.pending and not self._confirm_pending():
            return
        self.accept()

    def _confirm_pending(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("完成审核 / 签字"),
            tr(
                "还有 {n} 个问题待核实。签字后审核将锁定，这些问题在检查表中按“待人工核对”列出。\n\n仍要签字吗？",
                n=self.pending,
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        go = box.addButton(tr("仍然签字"), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(tr("返回"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        self.confirm_box = box
        box.exec()
        self.confirm_box = None
        return box.clickedButton() is go


class QtLockBanner(QLabel):
    """“已签字，审核已锁定” with who signed and when; hidden while the review is open for changes."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(BANNER_STYLE)
        self.hide()

    def show_state(self, state: ReviewState | None) -> None:
        """Show the banner for a signed-off ``state``; hide it otherwise."""
        if state is None or not state.signed_off_by:
            self.hide()
            return
        checker = tr("，复核人 {name}", name=state.checked_by) if state.checked_by else ""
        self.setText(
            tr(
                "{locked}（签字人 {name}{checker}，{when}）。如需修改，请选择“审核 → 开始新一轮审核…”。",
                locked=tr(LOCKED_TEXT),
                name=state.signed_off_by,
                checker=checker,
                when=signed_when(state),
            )
        )
        self.show()
