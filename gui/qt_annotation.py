"""The annotation panel for the selected finding, and the add-finding dialog.

:class:`QtAnnotationPanel` shows what the reviewer needs to check a finding
(rule, message, formula, stated / computed / difference) and edits its
annotation (status, comment) through the
:class:`~gouji.gui.review_session.QtReviewSession`, which validates, stamps
and saves it.  The panel never stores annotation values itself: it reads them
back from the session whenever the finding or the annotation changes.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gouji.gui._style import TITLE_STYLE
from gouji.gui.i18n import language, tr
from gouji.gui.review_session import QtReviewSession
from gouji.io.export.columns import amount_text
from gouji.model.findings import FAMILY_LABELS, SEVERITY_LABELS, Finding, Severity
from gouji.model.review import Status


class QtAnnotationPanel(QWidget):
    """Edit the annotation of one finding.

    Signals
    -------
    addFindingRequested()
        The reviewer pressed 添加问题….
    reviewerChanged(str)
        The reviewer name was edited (the window remembers it).
    """

    addFindingRequested = Signal()
    reviewerChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._session: QtReviewSession | None = None
        self._finding: Finding | None = None
        self._updating = False

        self.heading = QLabel(self)
        self.heading.setStyleSheet(TITLE_STYLE)
        self.heading.setWordWrap(True)
        self.details = QTextBrowser(self)  # scrolls when a long message does not fit
        self.details.setFrameShape(QFrame.Shape.NoFrame)
        self.details.setOpenLinks(False)
        self.details.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.details.viewport().setAutoFillBackground(False)
        self.status = QComboBox(self)
        for s in Status:
            self.status.addItem(s.value, s)
        self.comment = QPlainTextEdit(self)
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(90)
        self.reviewer = QLineEdit(self)
        self.add_button = QPushButton(self)

        self.status_label = QLabel(self)
        self.status_label.setBuddy(self.status)
        self.comment_label = QLabel(self)
        self.comment_label.setBuddy(self.comment)
        self.reviewer_label = QLabel(self)
        self.reviewer_label.setBuddy(self.reviewer)

        form = QFormLayout()
        form.addRow(self.status_label, self.status)
        form.addRow(self.comment_label, self.comment)
        form.addRow(self.reviewer_label, self.reviewer)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.add_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(self.details, 1)
        lay.addLayout(form)
        lay.addLayout(bottom)

        self.status.currentIndexChanged.connect(self._on_status)
        self.comment.textChanged.connect(self._on_comment)
        self.reviewer.editingFinished.connect(lambda: self.reviewerChanged.emit(self.reviewer.text().strip()))
        self.add_button.clicked.connect(self.addFindingRequested)
        self.setTabOrder(self.status, self.comment)
        self.setTabOrder(self.comment, self.reviewer)
        self.setTabOrder(self.reviewer, self.add_button)
        self.retranslate()
        self.set_finding(None)

    # --- public API ---------------------------------------------------------
    def set_session(self, session: QtReviewSession | None) -> None:
        if self._session is not None:
            self._session.annotationChanged.disconnect(self._on_annotation_changed)
            self._session.stateReplaced.disconnect(self._refresh)
        self._session = session
        if session is not None:
            session.annotationChanged.connect(self._on_annotation_changed)
            session.stateReplaced.connect(self._refresh)
        self.set_finding(None)

    def set_finding(self, finding: Finding | None) -> None:
        self._finding = finding
        self._refresh()

    def finding(self) -> Finding | None:
        return self._finding

    def set_reviewer(self, name: str) -> None:
        self.reviewer.setText(name)

    def retranslate(self) -> None:
        self.status_label.setText(tr("状态(&S)："))
        self.comment_label.setText(tr("意见(&M)："))
        self.reviewer_label.setText(tr("审核人(&W)："))
        self.comment.setPlaceholderText(tr("在此记录核实情况…"))
        self.add_button.setText(tr("添加问题…"))
        for i in range(self.status.count()):
            self.status.setItemText(i, tr(list(Status)[i].value))
        self._refresh()

    # --- internals ----------------------------------------------------------
    def _refresh(self) -> None:
        f = self._finding
        enabled = f is not None and self._session is not None
        self.status.setEnabled(enabled)
        self.comment.setEnabled(enabled)
        self._updating = True
        try:
            if f is None or self._session is None:
                self.heading.setText(tr("审核意见"))
                self.details.setHtml(f"<p style='color:#666'>{html.escape(tr('未选择问题。'))}</p>")
                self.status.setCurrentIndex(0)
                self.comment.setPlainText("")
                return
            self.heading.setText(
                f"{tr(SEVERITY_LABELS[f.severity])} · {tr(FAMILY_LABELS[f.family])} · {f.title}"
            )
            parts = [f"<p>{html.escape(f.message)}</p>"]
            if f.formula:
                parts.append(f"<p><b>{tr('公式：')}</b>{html.escape(f.formula)}</p>")
            colon = "：" if language() == "zh" else ": "
            nums = [(tr("填报数"), f.stated), (tr("重算数"), f.computed), (tr("差额"), f.difference)]
            shown = [f"{k}{colon}<b>{amount_text(f, v)}</b>" for k, v in nums if v is not None]
            if shown:
                parts.append("<p>" + "　".join(shown) + "</p>")
            where = []
            for loc in f.locations:
                bits = [
                    b
                    for b in (
                        loc.table,
                        loc.row_name,
                        loc.column_label,
                        f"p.{loc.page}" if loc.page else None,
                    )
                    if b
                ]
                if loc.text and not loc.table:
                    bits.append(f"“{loc.text[:60]}”")
                if bits:
                    where.append(" / ".join(bits))
            if where:
                parts.append(f"<p style='color:#555'>{tr('位置：')}{html.escape('；'.join(where))}</p>")
            parts.append(f"<p style='color:#888'>{html.escape(f.rule)} · {html.escape(f.id)}</p>")
            self.details.setHtml("".join(parts))
            ann = self._session.annotation(f.id)
            st = ann.status if ann is not None else Status.PENDING
            self.status.setCurrentIndex(list(Status).index(st))
            text = ann.comment if ann is not None else ""
            if self.comment.toPlainText() != text:
                self.comment.setPlainText(text)
        finally:
            self._updating = False

    def _on_annotation_changed(self, finding_id: str) -> None:
        if self._finding is not None and finding_id == self._finding.id and not self._updating:
            self._refresh()

    def _on_status(self, i: int) -> None:
        if self._updating or self._finding is None or self._session is None or i < 0:
            return
        self._updating = True
        try:
            self._session.annotate(
                self._finding.id, status=list(Status)[i], reviewer=self.reviewer.text().strip()
            )
        finally:
            self._updating = False

    def _on_comment(self) -> None:
        if self._updating or self._finding is None or self._session is None:
            return
        self._updating = True
        try:
            self._session.annotate(
                self._finding.id, comment=self.comment.toPlainText(), reviewer=self.reviewer.text().strip()
            )
        finally:
            self._updating = False


class QtAddFindingDialog(QDialog):
    """Ask for the severity and description of a reviewer-added finding."""

    def __init__(self, where: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("添加问题"))
        self.where = QLabel(where, self)
        self.where.setWordWrap(True)
        self.severity = QComboBox(self)
        for s in Severity:
            self.severity.addItem(tr(SEVERITY_LABELS[s]), s)
        self.message = QPlainTextEdit(self)
        self.message.setTabChangesFocus(True)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr("位置："), self.where)
        form.addRow(tr("严重程度："), self.severity)
        form.addRow(tr("问题描述："), self.message)
        form.addRow(self.error)
        form.addRow(buttons)
        self.message.setFocus()

    def values(self) -> tuple[Severity, str]:
        return list(Severity)[self.severity.currentIndex()], self.message.toPlainText().strip()

    def _accept(self) -> None:
        if not self.message.toPlainText().strip():
            self.error.setText(tr("请填写问题描述。"))
            return
        self.accept()
