"""Reviewer state: annotations on findings and reviewer-added findings, and where it is saved.

A review is saved as ``<file>.gouji.json`` beside the document
(:func:`review_path`) with atomic writes, or, when that folder cannot be
written, in the per-user folder (:func:`default_review_folder`) named by the
document's SHA-256 (:func:`fallback_review_path`).  Whoever loads a document
(the workbench, ``gouji check``) looks in both places
(:func:`review_candidates`, :func:`find_review`).  Keyed by finding id, which
is stable across runs.  Qt-free; the Qt session (autosave, signals) lives in
``gouji.gui.review_session``.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from gouji.model.document import Document
from gouji.model.files import atomic_write
from gouji.model.findings import Family, Finding, Location, Severity, stable_id

#: rule id of reviewer-added findings
MANUAL_RULE = "manual.reviewer"
#: organisation and application name of the workbench (``gui/app.py``), which name its data folder
APP_FOLDER = ("Gouji", "Gouji")


class Status(StrEnum):
    PENDING = "待核实"
    CONFIRMED = "确认问题"
    NOT_A_PROBLEM = "不是问题"
    CORRECTED = "已更正"


#: statuses that close a finding: the reviewer decided it is not a problem, or the unit corrected it
RESOLVED_STATUSES: frozenset[Status] = frozenset({Status.NOT_A_PROBLEM, Status.CORRECTED})


class Annotation(BaseModel):
    model_config = ConfigDict(validate_assignment=True, extra="forbid")

    finding_id: str
    status: Status = Status.PENDING
    comment: str = ""
    reviewer: str = ""
    time: datetime | None = None


class ReviewState(BaseModel):
    model_config = ConfigDict(validate_assignment=True, extra="forbid")

    sha256: str  # of the source document the annotations belong to
    source_name: str = ""
    reviewer: str = ""
    annotations: dict[str, Annotation] = Field(default_factory=dict)
    manual_findings: list[Finding] = Field(default_factory=list)
    signed_off_by: str | None = None
    signed_off_at: datetime | None = None

    def annotation(self, finding_id: str) -> Annotation:
        """The annotation of a finding, created (待核实) on first access."""
        a = self.annotations.get(finding_id)
        if a is None:
            a = Annotation(finding_id=finding_id)
            self.annotations[finding_id] = a
        return a


def review_path(document_path: str | os.PathLike[str]) -> Path:
    """Where the review of a document is saved: beside it, as ``<file>.gouji.json``."""
    p = Path(document_path)
    return p.with_name(p.name + ".gouji.json")


def default_review_folder() -> Path:
    """The per-user folder for reviews that cannot be saved beside their document.

    The same folder the workbench has always used: Qt's
    ``QStandardPaths.AppDataLocation`` for the organisation and application
    :data:`APP_FOLDER`, plus ``reviews`` (computed here without Qt):
    ``%APPDATA%/Gouji/Gouji/reviews`` on Windows,
    ``~/Library/Application Support/Gouji/Gouji/reviews`` on macOS,
    ``$XDG_DATA_HOME/Gouji/Gouji/reviews`` (default ``~/.local/share``) elsewhere.
    """
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base.joinpath(*APP_FOLDER, "reviews")


def fallback_review_path(sha256: str, folder: Path) -> Path:
    """Where the review of the document with ``sha256`` goes when the document's folder cannot be written."""
    return folder / f"{sha256}.gouji.json"


def review_candidates(doc: Document, fallback_folder: Path | None = None) -> list[Path]:
    """Saved-review locations to try, beside the document first, then in ``fallback_folder``."""
    out = [review_path(doc.path)]
    if fallback_folder is not None:
        out.append(fallback_review_path(doc.sha256, fallback_folder))
    return out


def save_review(state: ReviewState, path: Path) -> None:
    """Save atomically (a kill never leaves a half-written review)."""
    text = state.model_dump_json(indent=1)
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def load_review(path: Path, sha256: str | None = None) -> ReviewState | None:
    """Load a saved state; None when missing, unreadable, or for another document."""
    try:
        state = ReviewState.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None
    if sha256 is not None and state.sha256 != sha256:
        return None
    return state


def find_review(candidates: list[Path], sha256: str) -> tuple[ReviewState | None, Path | None]:
    """The first saved review of the document with ``sha256`` among ``candidates``, and where it was."""
    for path in candidates:
        state = load_review(path, sha256)
        if state is not None:
            return state, path
    return None, None


# --------------------------------------------------------------------------- merging, manual findings


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
