"""The reviewer's state for the open document, saved automatically.

:class:`QtReviewSession` owns the :class:`~gouji.model.review.ReviewState`
(the truth) and announces every change through signals that the findings
model, the outline and the annotation panel subscribe to.  Writes are
debounced (one save per burst of edits) and atomic
(:func:`gouji.model.review.save_review`); the file goes beside the document
(:func:`gouji.model.review.review_path`) or, when that folder is read-only,
into the per-user data folder, named by the document's SHA-256.

The pure helpers (:func:`review_candidates`, :func:`merge_review`,
:func:`manual_finding`) hold no Qt and are tested headless.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from gouji.model.document import Document, Sentence, Table
from gouji.model.findings import Family, Finding, Location, Severity, stable_id
from gouji.model.review import Annotation, ReviewState, Status, review_path, save_review

MANUAL_RULE = "manual.reviewer"
SAVE_DELAY_MS = 600


# --------------------------------------------------------------------------
# pure helpers
# --------------------------------------------------------------------------


def fallback_review_path(doc: Document, folder: Path) -> Path:
    """Where the review goes when the document's folder cannot be written."""
    return folder / f"{doc.sha256}.gouji.json"


def review_candidates(doc: Document, fallback_folder: Path | None = None) -> list[Path]:
    """Saved-review locations to try, beside the document first."""
    out = [review_path(doc.path)]
    if fallback_folder is not None:
        out.append(fallback_review_path(doc, fallback_folder))
    return out


def _naive(t: datetime) -> datetime:
    """Local naive time (workbooks store naive times; saved states may hold aware ones)."""
    return t.astimezone().replace(tzinfo=None) if t.tzinfo is not None else t


def merge_review(current: ReviewState, incoming: ReviewState) -> int:
    """Merge ``incoming`` (e.g. imported from a workbook) into ``current``, in place.

    An annotation is taken when ``current`` has none for that finding, when the
    current one is untouched (待核实, no comment), or when the incoming one is
    newer.  Reviewer-added findings are added when their id is new.

    Returns
    -------
    int
        How many annotations and findings were taken over.

    Raises
    ------
    ValueError
        When the two states belong to different files (SHA-256 differs).
    """
    if incoming.sha256 != current.sha256:
        raise ValueError("sha256 mismatch")
    taken = 0
    for fid, ann in incoming.annotations.items():
        mine = current.annotations.get(fid)
        untouched = mine is None or (mine.status == Status.PENDING and not mine.comment)
        newer = (
            mine is not None
            and ann.time is not None
            and (mine.time is None or _naive(ann.time) > _naive(mine.time))
        )
        if (untouched and (ann.status != Status.PENDING or ann.comment)) or (newer and ann != mine):
            current.annotations[fid] = ann.model_copy()
            taken += 1
    known = {f.id for f in current.manual_findings}
    for f in incoming.manual_findings:
        if f.id not in known:
            current.manual_findings.append(f)
            known.add(f.id)
            taken += 1
    if incoming.signed_off_by and not current.signed_off_by:
        current.signed_off_by = incoming.signed_off_by
        current.signed_off_at = incoming.signed_off_at
    return taken


def table_cell_location(table: Table, row_index: int, col_index: int | None) -> Location:
    """Location of one cell (or of the row, ``col_index=None``) of ``table``."""
    from gouji.model.rules.registry import cell_location

    row = next(r for r in table.rows if r.index == row_index)
    return cell_location(table, row, col_index)


def sentence_location(sentence: Sentence) -> Location:
    from gouji.model.rules.registry import sentence_location as _loc

    return _loc(sentence)


def manual_finding(message: str, severity: Severity, location: Location, reviewer: str = "") -> Finding:
    """A reviewer-added finding (``Family.MANUAL``) at ``location``."""
    where = location.row_name or location.text or ""
    title = "审核人添加" + (f"（{reviewer}）" if reviewer else "")
    return Finding(
        id=stable_id(MANUAL_RULE, uuid.uuid4().hex),
        rule=MANUAL_RULE,
        family=Family.MANUAL,
        severity=severity,
        title=title,
        message=message.strip() or where,
        locations=[location],
    )


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

    # --- writing ------------------------------------------------------------
    def annotate(
        self,
        finding_id: str,
        *,
        status: Status | None = None,
        comment: str | None = None,
        reviewer: str | None = None,
    ) -> None:
        """Change an annotation (validated by the model), stamp the time, schedule a save."""
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
        self.manualFindingAboutToBeAdded.emit(len(self.state.manual_findings))
        self.state.manual_findings.append(finding)
        self.manualFindingAdded.emit(finding)
        self.schedule_save()

    def merge(self, incoming: ReviewState) -> int:
        self.stateAboutToBeReplaced.emit()
        n = merge_review(self.state, incoming)
        self.stateReplaced.emit()
        if n:
            self.schedule_save()
        return n

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
            save_review(self.state, self.path)
        except OSError as exc:
            if self._fallback is None or self.path == fallback_review_path(self.doc, self._fallback):
                self.saveFailed.emit(f"保存审核记录失败：{exc}")
                return False
            self.path = fallback_review_path(self.doc, self._fallback)
            try:
                save_review(self.state, self.path)
            except OSError as exc2:
                self.saveFailed.emit(f"保存审核记录失败：{exc2}")
                return False
        self._dirty = False
        self.saved.emit(str(self.path))
        return True
