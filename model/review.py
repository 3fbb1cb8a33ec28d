"""Reviewer state: annotations on findings and reviewer-added findings.

Saved beside the document as ``<file>.gouji.json`` (see :func:`review_path`)
with atomic writes, and restored on reopen.  Keyed by finding id, which is
stable across runs.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from gouji.model.findings import Finding


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
    p = Path(document_path)
    return p.with_name(p.name + ".gouji.json")


def atomic_write_text(path: Path, text: str) -> None:
    """Write via a temp file in the same folder + fsync + os.replace (survives a kill)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def save_review(state: ReviewState, path: Path) -> None:
    atomic_write_text(path, state.model_dump_json(indent=1))


def load_review(path: Path, sha256: str | None = None) -> ReviewState | None:
    """Load a saved state; None when missing, unreadable, or for another document."""
    try:
        state = ReviewState.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None
    if sha256 is not None and state.sha256 != sha256:
        return None
    return state
