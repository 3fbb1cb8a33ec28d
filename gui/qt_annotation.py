"""The annotation panel for the selected finding, and the add-finding dialog.

:class:`QtAnnotationPanel` shows what the reviewer needs to check a finding
(rule, message, formula, the addends with their values, stated / computed /
difference, every location as a link that opens it) and edits its annotation
(status, comment) — of every selected finding at once when several are
selected — through the
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
from gouji.model.findings import FAMILY_LABELS, SEVERITY_LABELS, Finding, Location, Severity
from gouji.model.grouping import CauseGroup, cause_groups
from gouji.model.review import Status

MAX_LISTED = 30  # findings described one by one when several are selected


def places(f: Finding) -> list[Location]:
    """The places a finding's links open: its locations, then its addends' cells."""
    return [*f.locations, *(t.location for t in f.terms if t.location is not None)]


def _link(text: str, i: int, j: int, loc: Location | None) -> str:
    """``text`` as a link opening place ``j`` of finding ``i`` (plain text for another document's place)."""
    if loc is None or loc.document is not None or not (loc.table or loc.sentence is not None or loc.page):
        return html.escape(text)
    return f"<a href='loc:{i}:{j}'>{html.escape(text)}</a>"


def terms_html(f: Finding, i: int = 0) -> str:
    """The sum with its numbers: "14,348,853.34（基本支出）+ 64,840,547.00（项目支出）= 79,189,400.34，
    表中为 14,348,853.34" (one term: the value it is compared with); each value opens its cell."""
    if not f.terms:
        return ""
    j = len(f.locations)  # the addends' cells follow the locations in :func:`places`
    out = []
    for k, t in enumerate(f.terms):
        value = _link(amount_text(f, abs(t.value) if k else t.value), i, j, t.location)
        j += t.location is not None
        sign = "" if not k else (" − " if t.value < 0 else " + ")
        out.append(f"{sign}{value}（{html.escape(t.label)}）")
    stated = amount_text(f, f.stated) if f.stated is not None else ""
    if len(f.terms) == 1:
        text = tr("对照数：{terms}", terms="".join(out))
    else:
        text = "".join(out) + (f" = {amount_text(f, f.computed)}" if f.computed is not None else "")
    return f"<p>{text}{tr('，表中为 {v}', v=stated) if stated else ''}</p>"


def where_html(f: Finding, i: int = 0) -> str:
    """Every location of ``f`` as a link that opens it (table, row, column, page)."""
    where = []
    for j, loc in enumerate(f.locations):
        bits = [
            b for b in (loc.table, loc.row_name, loc.column_label, f"p.{loc.page}" if loc.page else None) if b
        ]
        if loc.text and not loc.table:
            bits.append(f"“{loc.text[:60]}”")
        if loc.document is not None:
            bits.insert(0, loc.document.replace("\\", "/").rsplit("/", 1)[-1])
        if bits:
            where.append(_link(" / ".join(bits), i, j, loc))
    return f"<p style='color:#555'>{html.escape(tr('位置：'))}{'；'.join(where)}</p>" if where else ""


def finding_html(f: Finding, i: int = 0, brief: bool = False) -> str:
    """What the panel says about finding ``i`` of the shown ones: message, formula, the addends with
    their values, the three numbers, the locations (links) and, unless ``brief``, rule and id."""
    parts = [f"<p>{html.escape(f.message)}</p>"]
    if f.formula:
        parts.append(f"<p><b>{tr('公式：')}</b>{html.escape(f.formula)}</p>")
    parts.append(terms_html(f, i))
    colon = "：" if language() == "zh" else ": "
    nums = [(tr("填报数"), f.stated), (tr("重算数"), f.computed), (tr("差额"), f.difference)]
    shown = [f"{k}{colon}<b>{amount_text(f, v)}</b>" for k, v in nums if v is not None]
    if shown:
        parts.append("<p>" + "　".join(shown) + "</p>")
    parts.append(where_html(f, i))
    if not brief:
        parts.append(f"<p style='color:#888'>{html.escape(f.rule)} · {html.escape(f.id)}</p>")
    return "".join(parts)


class QtAnnotationPanel(QWidget):
    """Edit the annotation of one finding.

    Signals
    -------
    addFindingRequested()
        The reviewer pressed 添加问题….
    reviewerChanged(str)
        The reviewer name was edited (the window remembers it).
    locationActivated(Finding, Location)
        A location link was clicked: show that place (table and page).
    """

    addFindingRequested = Signal()
    reviewerChanged = Signal(str)
    locationActivated = Signal(object, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._session: QtReviewSession | None = None
        self._finding: Finding | None = None
        self._many: list[Finding] = []  # several selected findings (a group, or a multi-selection)
        self._updating = False

        self.heading = QLabel(self)
        self.heading.setStyleSheet(TITLE_STYLE)
        self.heading.setWordWrap(True)
        self.details = QTextBrowser(self)  # scrolls when a long message does not fit
        self.details.setFrameShape(QFrame.Shape.NoFrame)
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(self._on_link)
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
        self._many = []
        self._refresh()

    def set_selection(self, findings: list[Finding]) -> None:
        """Show the selected findings: one as :meth:`set_finding`, several as one edit for all of them,
        none clears the panel."""
        if len(findings) > 1:
            self._finding, self._many = findings[0], list(findings)
            self._refresh()
        elif not findings:
            self.set_finding(None)
        elif findings[0] is not self._finding or self._many:
            self.set_finding(findings[0])

    def finding(self) -> Finding | None:
        return self._finding

    def targets(self) -> list[Finding]:
        """The findings a status or comment entered here applies to."""
        return self._many or ([self._finding] if self._finding is not None else [])

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
        enabled = f is not None and self._session is not None and not self._session.locked  # signed off
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
            if self._many:
                self._show_many(self._many)
            else:
                self.heading.setText(
                    f"{tr(SEVERITY_LABELS[f.severity])} · {tr(FAMILY_LABELS[f.family])} · {f.title}"
                )
                self.details.setHtml(finding_html(f))
            anns = [self._session.annotation(x.id) for x in self.targets()]
            statuses = {a.status if a is not None else Status.PENDING for a in anns}
            self.status.setCurrentIndex(list(Status).index(statuses.pop()) if len(statuses) == 1 else -1)
            comments = {a.comment if a is not None else "" for a in anns}
            text = comments.pop() if len(comments) == 1 else ""
            if self.comment.toPlainText() != text:
                self.comment.setPlainText(text)
        finally:
            self._updating = False

    def _show_many(self, fs: list[Finding]) -> None:
        groups = cause_groups(fs, same_message=False)
        one = len(groups) == 1
        self.heading.setText(CauseGroup(fs).label() if one else tr("已选 {n} 个问题", n=len(fs)))
        note = tr("状态和意见将用于全部 {n} 个问题。", n=len(fs))
        parts = [f"<p style='color:#555'>{html.escape(note)}</p>"]
        parts += [finding_html(f, i, brief=True) for i, f in enumerate(fs[:MAX_LISTED])]
        if len(fs) > MAX_LISTED:
            parts.append(f"<p>{html.escape(tr('另有 {n} 个问题。', n=len(fs) - MAX_LISTED))}</p>")
        self.details.setHtml("<hr/>".join(parts))

    def _on_link(self, url) -> None:
        kind, _, rest = url.toString().partition(":")
        if kind != "loc":
            return
        i, _, j = rest.partition(":")
        f = self.targets()[int(i)]
        self.locationActivated.emit(f, places(f)[int(j)])

    def _on_annotation_changed(self, finding_id: str) -> None:
        if self._updating:
            return
        if any(f.id == finding_id for f in self.targets()):
            self._refresh()

    def _on_status(self, i: int) -> None:
        if self._updating or self._finding is None or self._session is None or i < 0:
            return
        self._updating = True
        try:
            for f in self.targets():
                self._session.annotate(f.id, status=list(Status)[i], reviewer=self.reviewer.text().strip())
        finally:
            self._updating = False

    def _on_comment(self) -> None:
        if self._updating or self._finding is None or self._session is None:
            return
        self._updating = True
        try:
            for f in self.targets():
                self._session.annotate(
                    f.id, comment=self.comment.toPlainText(), reviewer=self.reviewer.text().strip()
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
