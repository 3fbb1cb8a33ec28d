"""The reviewer's state for the open document, saved automatically.

:class:`QtReviewSession` owns the :class:`~gouji.model.review.ReviewState`
(the truth) and announces every change through signals that the findings
model, the outline and the annotation panel subscribe to.  Writes are
debounced (one save per burst of edits) and atomic
(:func:`gouji.model.review.save_review`); the file goes beside the document
(:func:`gouji.model.review.review_path`) or, when that folder is read-only,
into the per-user folder (:func:`gouji.model.review.fallback_review_path`).

A signed-off review (:meth:`QtReviewSession.sign_off`) is locked: statuses,
comments, reviewer-added findings and imports are refused (:attr:`~QtReviewSession.refused`
says why, in Chinese) until :meth:`~QtReviewSession.new_round` keeps the signed
file aside and clears the signature.

Where a saved review is looked for, merging and reviewer-added findings are
Qt-free, in :mod:`gouji.model.review`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from gouji.model import findings
from gouji.model.document import Document, Sentence, Table
from gouji.model.findings import Family, Finding, Location, cell_location
from gouji.model.review import (
    Annotation,
    ReviewState,
    Status,
    changed_on_disk,
    decision,
    fallback_review_path,
    keep_signed,
    merge_from_disk,
    merge_review,
    review_path,
    save_review,
)

SAVE_DELAY_MS = 600
#: what a change to a signed-off review is refused with
LOCKED_TEXT = "已签字，审核已锁定"


def signed_when(state: ReviewState) -> str:
    """When ``state`` was signed off ("YYYY-MM-DD HH:MM"; "" when not known)."""
    return state.signed_off_at.strftime("%Y-%m-%d %H:%M") if state.signed_off_at else ""


def locked_message(state: ReviewState) -> str:
    """Why a signed-off review cannot be changed, and what to do instead (Chinese)."""
    when = signed_when(state)
    return (
        f"{LOCKED_TEXT}（{state.signed_off_by}{'于 ' + when + ' ' if when else ''}签字），不能再修改状态、意见或添加问题。"
        "如需修改，请选择“审核 → 开始新一轮审核…”。"
    )


# --------------------------------------------------------------------------
# locations of a reviewer-added finding
# --------------------------------------------------------------------------


def table_cell_location(table: Table, row_index: int, col_index: int | None) -> Location:
    """Location of one cell (or of the row, ``col_index=None``) of ``table``."""
    row = next(r for r in table.rows if r.index == row_index)
    return cell_location(table, row, col_index)


def sentence_location(sentence: Sentence) -> Location:
    """Location of a sentence (:func:`gouji.model.findings.sentence_location`)."""
    return findings.sentence_location(sentence)


# --------------------------------------------------------------------------
# the Qt session
# --------------------------------------------------------------------------


class QtReviewSession(QObject):
    """The review state of one open document, with change signals and autosave.

    Parameters
    ----------
    doc
        The document under review.
    state
        A restored state, or None for a fresh one.
    fallback_folder
        Per-user folder used when the document's folder is read-only.
    path
        Where ``state`` was loaded from (defaults to beside the document).
    """

    annotationChanged = Signal(str)  # finding id
    manualFindingAboutToBeAdded = Signal(int)  # position in state.manual_findings
    manualFindingAdded = Signal(object)  # Finding
    stateAboutToBeReplaced = Signal()
    stateReplaced = Signal()
    saved = Signal(str)  # path
    saveFailed = Signal(str)  # Chinese message
    mergedOnSave = Signal(str)  # Chinese: what another window's save brought in, and the conflicts
    refused = Signal(str)  # Chinese: a change refused because the review is signed off
    lockChanged = Signal(bool)  # signed off (locked) or a new round began (unlocked)

    def __init__(
        self,
        doc: Document,
        state: ReviewState | None = None,
        fallback_folder: Path | None = None,
        path: Path | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.doc = doc
        self.state = state or ReviewState(sha256=doc.sha256, source_name=Path(doc.path).name)
        self._fallback = fallback_folder
        self.path: Path = path or review_path(doc.path)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        self._dirty = False

    # --- reading (never creates annotations) --------------------------------
    def status(self, finding_id: str) -> Status:
        a = self.state.annotations.get(finding_id)
        return a.status if a is not None else Status.PENDING

    def annotation(self, finding_id: str) -> Annotation | None:
        return self.state.annotations.get(finding_id)

    @property
    def locked(self) -> bool:
        """True once the review is signed off (until :meth:`new_round`)."""
        return bool(self.state.signed_off_by)

    def _refuse_if_locked(self) -> bool:
        if self.locked:
            self.refused.emit(locked_message(self.state))
        return self.locked

    # --- writing ------------------------------------------------------------
    def annotate(
        self,
        finding_id: str,
        *,
        status: Status | None = None,
        comment: str | None = None,
        reviewer: str | None = None,
    ) -> None:
        """Change an annotation (validated by the model), stamp the time, schedule a save.

        Refused (:attr:`refused`) while the review is signed off.
        """
        st, text = decision(self.state.annotations.get(finding_id))
        if (status is None or status == st) and (comment is None or comment == text):
            return  # nothing changes (e.g. the panel showing the saved value)
        if self._refuse_if_locked():
            return
        a = self.state.annotation(finding_id)
        changed = False
        if status is not None and a.status != status:
            a.status = status
            changed = True
        if comment is not None and a.comment != comment:
            a.comment = comment
            changed = True
        if changed:
            if reviewer is not None:
                a.reviewer = reviewer
                self.state.reviewer = reviewer
            a.time = datetime.now().replace(microsecond=0)  # local, naive: what Excel stores
            self.annotationChanged.emit(finding_id)
            self.schedule_save()

    def add_manual_finding(self, finding: Finding) -> None:
        if finding.family != Family.MANUAL:
            raise ValueError("reviewer-added findings use Family.MANUAL")
        if self._refuse_if_locked():
            return
        self.manualFindingAboutToBeAdded.emit(len(self.state.manual_findings))
        self.state.manual_findings.append(finding)
        self.manualFindingAdded.emit(finding)
        self.schedule_save()

    def merge(self, incoming: ReviewState) -> int:
        """Take an imported review in (:func:`merge_review`); refused (0) while signed off."""
        if self._refuse_if_locked():
            return 0
        self.stateAboutToBeReplaced.emit()
        n = merge_review(self.state, incoming)
        self.stateReplaced.emit()
        if n:
            self.schedule_save()
        return n

    # --- sign-off -----------------------------------------------------------
    def sign_off(self, name: str, checked_by: str, pending: int) -> bool:
        """Sign the review off as ``name`` (复核人 ``checked_by``; ``pending`` findings still 待核实) and lock it.

        Saved at once; False (and :attr:`saveFailed`) when it could not be written.
        """
        if not name.strip():
            raise ValueError("a sign-off needs the reviewer's name")
        st = self.state
        st.signed_off_by, st.checked_by = name.strip(), checked_by.strip()
        st.signed_off_at = datetime.now().replace(microsecond=0)
        st.pending_at_signoff = pending
        self.schedule_save()
        ok = self.save_now()
        self.lockChanged.emit(True)
        return ok

    def new_round(self) -> Path | None:
        """Start a new round of review: the signed file is kept aside (``.signed-<time>``), the
        annotations stay, the signature is cleared and the review unlocked.  Returns the kept file.

        Raises
        ------
        OSError
            When the signed file cannot be kept aside (nothing is changed then).
        """
        if not self.locked:
            return None
        self.save_now()
        kept = keep_signed(self.path) if self.path.exists() else None
        st = self.state
        st.signed_off_by, st.signed_off_at, st.checked_by, st.pending_at_signoff = None, None, "", None
        self.schedule_save()
        self.save_now()
        self.lockChanged.emit(False)
        return kept

    # --- saving -------------------------------------------------------------
    def schedule_save(self) -> None:
        self._dirty = True
        self._timer.start()

    def is_dirty(self) -> bool:
        return self._dirty

    def save_now(self) -> bool:
        """Write the state now (atomic); fall back to the per-user folder if needed."""
        self._timer.stop()
        if not self._dirty:
            return True
        try:
            # another window or reviewer saved meanwhile: merge their work in, never overwrite it
            if changed_on_disk(self.state, self.path):
                self.stateAboutToBeReplaced.emit()
                notes = merge_from_disk(self.state, self.path)
                self.stateReplaced.emit()
                if notes:
                    self.mergedOnSave.emit("\n".join(notes))
            save_review(self.state, self.path)
        except OSError as exc:
            if self._fallback is None or self.path == fallback_review_path(self.doc.sha256, self._fallback):
                self.saveFailed.emit(f"保存审核记录失败：{exc}")
                return False
            self.path = fallback_review_path(self.doc.sha256, self._fallback)
            try:
                save_review(self.state, self.path)
            except OSError as exc2:
                self.saveFailed.emit(f"保存审核记录失败：{exc2}")
                return False
        self._dirty = False
        self.saved.emit(str(self.path))
        return True
