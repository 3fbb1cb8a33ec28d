"""Reviewer state: annotations on findings and reviewer-added findings, and where it is saved.

A review is saved as ``<file>.gouji.json`` beside the document
(:func:`review_path`) with atomic writes, or, when that folder cannot be
written, in the per-user folder (:func:`default_review_folder`) named by the
document's SHA-256 (:func:`fallback_review_path`).  Whoever loads a document
(the workbench, ``gouji check``) looks in both places
(:func:`review_candidates`, :func:`find_review`).  Keyed by finding id, which
is stable across runs.  Qt-free; the Qt session (autosave, signals) lives in
``gouji.gui.review_session``.

The file is a durable record.  It carries its layout version (``schema``,
:data:`SCHEMA_VERSION`; files without it are version 1).  Reading is tolerant
(:func:`read_review`: a BOM, UTF-16 or GBK text, unknown keys; one entry that
cannot be read is skipped and reported, the rest kept).  A file that cannot be
read at all is moved aside as ``<name>.bad-<time>`` and reported
(:func:`find_review`) before anything is written.  Every save keeps the file
it replaces as ``<name>.bak1`` … (:data:`BACKUPS`, :func:`backup_paths`) and,
when another window or reviewer saved meanwhile, merges their work first
(:func:`save_review`, :func:`merge_from_disk`) instead of overwriting it.  A
review of an earlier version of the document is re-attached by finding id
(:func:`reattach`); annotations whose finding is gone are listed as 已失效
(:func:`stale_findings`), never dropped.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import shutil
import sys
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Iterable, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from gouji.model.corrections import Correction, merge_corrections
from gouji.model.document import Document
from gouji.model.files import atomic_write, clean_once
from gouji.model.findings import Family, Finding, Location, Severity, stable_id

_M = TypeVar("_M", bound=BaseModel)

#: rule id of reviewer-added findings
MANUAL_RULE = "manual.reviewer"
#: organisation and application name of the workbench (``gui/app.py``), which name its data folder
APP_FOLDER = ("Gouji", "Gouji")
#: version of the review file's layout (``schema``); files without it are version 1;
#: 3 added ``corrections`` (cell values corrected by hand; an earlier file reads as having none)
SCHEMA_VERSION = 3
#: how many earlier saves of a review file are kept (``<name>.bak1`` … newest first)
BACKUPS = 5


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
    # what the finding said when the document was last opened (:func:`remember_findings`), so that an
    # annotation whose finding is gone after the source changed can still be listed (已失效)
    seen_title: str = ""
    seen_message: str = ""
    seen_family: Family | None = None

    def touched(self) -> bool:
        """True when a reviewer gave a status or a comment."""
        return self.status != Status.PENDING or bool(self.comment)


class ReviewState(BaseModel):
    model_config = ConfigDict(validate_assignment=True, extra="forbid", populate_by_name=True)

    schema_version: int = Field(default=SCHEMA_VERSION, alias="schema")
    sha256: str  # of the source document the annotations belong to
    source_name: str = ""
    reviewer: str = ""
    annotations: dict[str, Annotation] = Field(default_factory=dict)
    manual_findings: list[Finding] = Field(default_factory=list)
    signed_off_by: str | None = None
    signed_off_at: datetime | None = None
    #: hashes of earlier versions of the source the annotations were re-attached from
    previous_sha256: list[str] = Field(default_factory=list)
    #: 检查表 header lines the reviewer enters (公开网址, 公开日期), remembered with the review
    public_url: str = ""
    public_date: str = ""
    #: sign-off (完成审核 / 签字): the 复核人 named then and how many findings were still 待核实
    checked_by: str = ""
    pending_at_signoff: int | None = None
    #: cell values corrected by hand (:mod:`gouji.model.corrections`), applied before the rules run
    corrections: list[Correction] = Field(default_factory=list)
    #: digest of the review file's bytes when last read or written here (None: not on disk)
    _disk: str | None = PrivateAttr(default=None)
    #: each annotation's decision (status, comment) as the file held it then: what changed since
    _base: dict[str, tuple[str, str]] = PrivateAttr(default_factory=dict)

    def mark_on_disk(self, digest: str | None) -> None:
        """Remember that the review file now holds this state (its bytes' digest) — the base of later merges."""
        self._disk = digest
        self._base = {fid: decision(a) for fid, a in self.annotations.items()}

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


# --------------------------------------------------------------------------- the review file


#: how the notice of a review re-attached to another version of its document begins
SOURCE_CHANGED = "源文件已更改"


class ReviewUnreadable(ValueError):
    """A review file that cannot be read at all (empty, truncated, not JSON, no document hash)."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _decode(data: bytes) -> str:
    """The text of a review file: UTF-8 (with or without the BOM Notepad writes), UTF-16 or GBK/GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if len(data) >= 2 and data[0] and not data[1]:  # "{\\0" — UTF-16 without a BOM
        return data.decode("utf-16-le")
    if len(data) >= 2 and not data[0] and data[1]:
        return data.decode("utf-16-be")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")  # a file re-saved by a Chinese-locale editor


def _entry_error(exc: ValidationError) -> str:
    """The first reason a saved entry was refused, in words."""
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ()))
    if where == "status" or where.endswith(".status"):
        return f"审核状态“{err.get('input')}”无效"
    return f"{where or '内容'}：{err.get('msg', '')}"


def _annotation(fid: str, raw: object) -> Annotation:
    if not isinstance(raw, dict):
        raise ValueError("不是一条审核意见")
    known = {k: v for k, v in raw.items() if k in Annotation.model_fields}
    known["finding_id"] = fid
    return Annotation.model_validate(known)


def parse_review(data: object) -> tuple[ReviewState, list[str]]:
    """A review from the decoded JSON of a review file, entry by entry.

    Unknown keys are ignored; an annotation, a reviewer-added finding or a field that cannot be read
    is skipped and named in the returned list (Chinese); every other entry is kept.

    Raises
    ------
    ReviewUnreadable
        When ``data`` is not a review at all (not an object, or no document hash).
    """
    if not isinstance(data, dict):
        raise ReviewUnreadable("内容不是审核记录")
    sha = data.get("sha256")
    if not isinstance(sha, str) or not sha.strip():
        raise ReviewUnreadable("缺少源文件的 SHA-256")
    state = ReviewState(sha256=sha.strip())
    skipped: list[str] = []
    version = data.get("schema", 1)
    if isinstance(version, int) and version > SCHEMA_VERSION:
        skipped.append(f"审核记录由较新版本的勾稽保存（格式版本 {version}），只读取了能识别的内容")
    for key in (
        *("source_name", "reviewer", "signed_off_by", "signed_off_at", "previous_sha256"),
        *("public_url", "public_date", "checked_by", "pending_at_signoff"),
    ):
        if key in data:
            try:
                setattr(state, key, data[key])
            except ValidationError as exc:
                skipped.append(f"字段“{key}”无法读取（{_entry_error(exc)}），已跳过")
    annotations = data.get("annotations", {})
    if not isinstance(annotations, dict):
        skipped.append("审核意见列表的格式无法识别，已跳过")
        annotations = {}
    for fid, raw in annotations.items():
        try:
            state.annotations[str(fid)] = _annotation(str(fid), raw)
        except ValidationError as exc:
            skipped.append(f"问题 {fid} 的审核意见无法读取（{_entry_error(exc)}），已跳过")
        except ValueError as exc:
            skipped.append(f"问题 {fid} 的审核意见无法读取（{exc}），已跳过")
    state.manual_findings.extend(_entries(data, "manual_findings", Finding, "审核人添加的问题", skipped))
    state.corrections.extend(_entries(data, "corrections", Correction, "手工更正", skipped))
    return state, skipped


def _entries(data: dict, key: str, model: type[_M], what: str, skipped: list[str]) -> list[_M]:
    """The readable entries of the list ``data[key]``; each unreadable one is named in ``skipped``."""
    raw_list = data.get(key, [])
    out: list[_M] = []
    for i, raw in enumerate(raw_list if isinstance(raw_list, list) else [raw_list], 1):
        try:
            out.append(model.model_validate(raw))
        except ValidationError as exc:
            skipped.append(f"第 {i} 条{what}无法读取（{_entry_error(exc)}），已跳过")
    return out


def read_review(path: Path) -> tuple[ReviewState, list[str]]:
    """Read a review file tolerantly (:func:`parse_review`); the state remembers the file's bytes.

    Raises
    ------
    FileNotFoundError
        When there is no file.
    ReviewUnreadable
        With the reason in Chinese when the file cannot be read at all.
    """
    data = path.read_bytes()
    if not data.strip():
        raise ReviewUnreadable("文件为空")
    try:
        decoded = json.loads(_decode(data))
    except UnicodeDecodeError as exc:
        raise ReviewUnreadable("文字编码无法识别") from exc
    except RecursionError as exc:
        raise ReviewUnreadable("内容嵌套过深，不是勾稽的审核记录") from exc
    except json.JSONDecodeError as exc:
        where = f"第 {exc.lineno} 行第 {exc.colno} 列"
        raise ReviewUnreadable(f"不是完整的 JSON，可能被截断或损坏（{where}）") from exc
    state, skipped = parse_review(decoded)
    state.mark_on_disk(_digest(data))
    return state, skipped


def load_review(path: Path, sha256: str | None = None) -> ReviewState | None:
    """A saved state; None when there is none or it belongs to another document.

    Raises
    ------
    ReviewUnreadable
        When the file exists but cannot be read at all (:func:`read_review`).
    """
    try:
        state, _skipped = read_review(path)
    except FileNotFoundError:
        return None
    if sha256 is not None and state.sha256 != sha256:
        return None
    return state


def _aside(path: Path, tag: str) -> Path:
    """A free name ``<name>.<tag>-<YYYYmmdd-HHMMSS>`` beside ``path`` (the name shortened if it would be too long)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = path.name.encode("utf-8")[: 255 - len(tag) - 24].decode("utf-8", "ignore")
    out = path.with_name(f"{name}.{tag}-{stamp}")
    n = 1
    while out.exists():
        n += 1
        out = path.with_name(f"{name}.{tag}-{stamp}-{n}")
    return out


def move_aside(path: Path, tag: str = "bad") -> Path:
    """Rename a review file that must not be overwritten to ``<name>.<tag>-<time>``; returns the new path."""
    out = _aside(path, tag)
    os.replace(path, out)
    return out


def _copy_aside(path: Path, tag: str) -> Path:
    out = _aside(path, tag)
    atomic_write(out, lambda tmp: shutil.copyfile(path, tmp))
    return out


def keep_signed(path: Path) -> Path:
    """Copy a signed review file aside as ``<name>.signed-<time>`` (a new round of review replaces it)."""
    return _copy_aside(path, "signed")


@dataclass
class FoundReview:
    """What :func:`find_review` found: the state, where, and what the user must be told."""

    state: ReviewState | None = None
    path: Path | None = None
    #: Chinese messages: files moved aside, entries skipped, the source changed
    notices: list[str] = field(default_factory=list)
    #: the state was saved for another version of the document and was re-attached (in memory)
    source_changed: bool = False


def _read_candidate(path: Path, found: FoundReview) -> tuple[ReviewState, list[str]] | None:
    """Read one candidate; an unreadable file is moved aside and reported in ``found``."""
    try:
        return read_review(path)
    except FileNotFoundError:
        return None
    except (OSError, ReviewUnreadable) as exc:
        reason = str(exc)
        try:
            bad = move_aside(path)
        except OSError as exc2:
            found.notices.append(f"审核记录“{path}”无法读取（{reason}），也无法移走（{exc2}）。")
            return None
        found.notices.append(
            f"审核记录“{path.name}”无法读取（{reason}），已移到“{bad.name}”保留，本次从空白审核记录开始。"
        )
        return None


def find_review(candidates: list[Path], sha256: str) -> FoundReview:
    """The saved review of the document with ``sha256`` among ``candidates`` (first hit wins).

    A file that cannot be read at all is moved aside (:func:`move_aside`) and reported; entries
    that cannot be read are skipped, reported, and the file is copied aside (``.bad-<time>``) so
    nothing is lost when the review is saved again.  When no file belongs to this exact document,
    a review of an earlier version of it (beside the document, another SHA-256) is re-attached by
    finding id (:func:`reattach`, in memory only) with ``source_changed`` set.
    """
    found = FoundReview()
    other: tuple[ReviewState, list[str], Path] | None = None
    for path in candidates:
        clean_once(path.parent)  # temporary files a killed save left beside the review
        got = _read_candidate(path, found)
        if got is None:
            continue
        state, skipped = got
        if state.sha256 != sha256:
            other = other or (state, skipped, path)
            continue
        found.state, found.path = state, path
        _report_skipped(found, path, skipped)
        return found
    if other is not None:
        state, skipped, path = other
        found.state, found.path, found.source_changed = state, path, True
        _report_skipped(found, path, skipped)
        reattach(state, sha256)
        found.notices.append(
            f"{SOURCE_CHANGED}（SHA-256 与审核记录“{path.name}”不同）：审核意见已按问题编号重新关联。"
        )
    return found


def _report_skipped(found: FoundReview, path: Path, skipped: list[str]) -> None:
    if not skipped:
        return
    try:
        kept = f"原文件已另存为“{_copy_aside(path, 'bad').name}”"
    except OSError as exc:
        kept = f"原文件无法另存（{exc}）"
    found.notices.append(f"审核记录“{path.name}”中有无法读取的内容（{kept}）：" + "；".join(skipped))


def reattach(state: ReviewState, sha256: str) -> None:
    """Bind ``state`` to another version of its document (annotations stay keyed by finding id)."""
    if state.sha256 != sha256:
        if state.sha256 not in state.previous_sha256:
            state.previous_sha256.append(state.sha256)
        state.sha256 = sha256


def backup_paths(path: Path, n: int = BACKUPS) -> list[Path]:
    """The rolling backups of a review file, newest first: ``<name>.bak1`` … ``<name>.bak<n>``."""
    return [path.with_name(f"{path.name}.bak{i}") for i in range(1, n + 1)]


def _rotate_backups(path: Path) -> None:
    """Keep the file about to be replaced as ``.bak1`` (older ones move up, the oldest drops out)."""
    if not path.exists():
        return
    baks = backup_paths(path)
    for i in range(len(baks) - 1, 0, -1):  # .bak4 → .bak5, …, .bak1 → .bak2
        if baks[i - 1].exists():
            os.replace(baks[i - 1], baks[i])
    atomic_write(baks[0], lambda tmp: shutil.copyfile(path, tmp))


def changed_on_disk(state: ReviewState, path: Path) -> bool:
    """True when ``path`` was written elsewhere (another window, another reviewer) since ``state`` read or wrote it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return False
    return _digest(data) != state._disk


def merge_from_disk(state: ReviewState, path: Path) -> list[str]:
    """Take into ``state`` what another window or reviewer saved in ``path`` (:func:`merge_review`).

    A finding only one side changed since ``state`` last read or wrote the file takes that side's
    annotation; one both changed keeps the newer, and is reported.  A file that cannot be read, or
    that belongs to another version of the document, is copied aside instead.
    Returns Chinese messages (empty when the file had not changed).
    """
    if not changed_on_disk(state, path):
        return []
    try:
        disk, _skipped = read_review(path)
    except (OSError, ReviewUnreadable) as exc:
        kept = _copy_aside(path, "bad")
        return [f"审核记录“{path.name}”已被其他程序改写且无法读取（{exc}），已另存为“{kept.name}”。"]
    if disk.sha256 != state.sha256:
        state._disk = disk._disk
        kept = _copy_aside(path, "other")
        return [f"审核记录“{path.name}”已被另一窗口按该文件的另一版本保存，已另存为“{kept.name}”。"]
    conflicts: list[str] = []
    n = merge_review(state, disk, conflicts, base=state._base)
    state._disk, state._base = disk._disk, disk._base
    out = [f"审核记录“{path.name}”已被另一窗口或其他审核人保存：已合并 {n} 条。"] if n else []
    return out + conflicts


def save_review(state: ReviewState, path: Path) -> list[str]:
    """Save atomically, never silently over a save made elsewhere, keeping the last saves as backups.

    When ``path`` changed since ``state`` read or wrote it, what was saved there is merged in first
    (:func:`merge_from_disk`); the file being replaced becomes ``.bak1`` (:func:`backup_paths`).
    Returns the merge messages (Chinese; empty when nobody else saved).
    """
    notices = merge_from_disk(state, path)
    data = state.model_dump_json(indent=1, by_alias=True).encode("utf-8")
    _rotate_backups(path)
    atomic_write(path, lambda tmp: tmp.write_bytes(data))
    state.mark_on_disk(_digest(data))
    return notices


# --------------------------------------------------------------------------- findings gone after a change


def remember_findings(state: ReviewState, findings: Iterable[Finding]) -> None:
    """Note on each annotation what its finding says now (kept for when the finding disappears)."""
    for f in findings:
        a = state.annotations.get(f.id)
        if a is not None and (a.seen_title, a.seen_message, a.seen_family) != (f.title, f.message, f.family):
            a.seen_title, a.seen_message, a.seen_family = f.title, f.message, f.family


STALE_MARK = "已失效"


def stale_findings(state: ReviewState | None, findings: Iterable[Finding]) -> list[Finding]:
    """One finding per reviewer annotation whose finding no longer exists (the source changed), marked 已失效.

    They carry the annotation's finding id (so its status and comment stay attached), are listed and
    exported beside the others, and are never dropped.
    """
    if state is None:
        return []
    present = {f.id for f in findings} | {f.id for f in state.manual_findings}
    out = []
    for fid, a in state.annotations.items():
        if fid in present or not a.touched():
            continue
        rule = fid.rsplit(":", 1)[0]
        was = f"（原问题：{a.seen_message}）" if a.seen_message else ""
        out.append(
            Finding(
                id=fid,
                rule=rule,
                family=a.seen_family or _family_of(rule),
                severity=Severity.WARNING,
                title=f"{STALE_MARK}：{a.seen_title or rule}",
                message=f"{STALE_MARK}：源文件已更改，新版本中没有此问题{was}；审核意见保留。",
            )
        )
    return out


def _family_of(rule: str) -> Family:
    """The family of a rule, for an annotation saved before findings were remembered (see :func:`remember_findings`)."""
    from gouji.model.rules.registry import get_rule  # the rules are loaded only when needed

    try:
        return get_rule(rule).family
    except KeyError:
        return Family.COMPLETENESS


# --------------------------------------------------------------------------- merging, manual findings


def _naive(t: datetime) -> datetime:
    """Local naive time (workbooks store naive times; saved states may hold aware ones)."""
    return t.astimezone().replace(tzinfo=None) if t.tzinfo is not None else t


def merge_review(
    current: ReviewState,
    incoming: ReviewState,
    conflicts: list[str] | None = None,
    base: dict[str, tuple[str, str]] | None = None,
) -> int:
    """Merge ``incoming`` (imported from a workbook, or saved by another window) into ``current``, in place.

    Without ``base`` (a workbook): an annotation is taken when ``current`` has
    none for that finding, when the current one is untouched (待核实, no
    comment), or when the incoming one is newer.  With ``base`` (each finding's
    decision when both sides last agreed, see :meth:`ReviewState.mark_on_disk`):
    a finding only one side changed takes that side's annotation; one both
    changed keeps the newer and, if ``conflicts`` is given, a Chinese line
    naming it is appended there.  Reviewer-added findings are added when their
    id is new.

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
        if base is None:
            take, clash = _take_two_way(mine, ann), False
        else:
            take, clash = _take_three_way(mine, ann, base.get(fid, _UNTOUCHED))
        if take:
            current.annotations[fid] = ann.model_copy()
            taken += 1
        if clash and conflicts is not None:
            kept = current.annotations[fid]
            who = f"（{kept.reviewer}）" if kept.reviewer else ""
            conflicts.append(f"问题 {fid} 两处都修改过：保留较新的“{kept.status.value}”{who}")
    known = {f.id for f in current.manual_findings}
    for f in incoming.manual_findings:
        if f.id not in known:
            current.manual_findings.append(f)
            known.add(f.id)
            taken += 1
    taken += merge_corrections(current.corrections, incoming.corrections)
    if incoming.signed_off_by and not current.signed_off_by:
        current.signed_off_by = incoming.signed_off_by
        current.signed_off_at = incoming.signed_off_at
        current.checked_by, current.pending_at_signoff = incoming.checked_by, incoming.pending_at_signoff
    if incoming.public_url and not current.public_url:
        current.public_url = incoming.public_url
    if incoming.public_date and not current.public_date:
        current.public_date = incoming.public_date
    for sha in incoming.previous_sha256:
        if sha not in current.previous_sha256:
            current.previous_sha256.append(sha)
    return taken


_UNTOUCHED = (Status.PENDING.value, "")


def decision(a: Annotation | None) -> tuple[str, str]:
    """What a reviewer decided about a finding: its status and comment (untouched when None)."""
    return (a.status.value, a.comment) if a is not None else _UNTOUCHED


def _newer(a: Annotation, than: Annotation | None) -> bool:
    return (
        than is not None and a.time is not None and (than.time is None or _naive(a.time) > _naive(than.time))
    )


def _take_two_way(mine: Annotation | None, theirs: Annotation) -> bool:
    untouched = mine is None or not mine.touched()
    return (untouched and theirs.touched()) or (_newer(theirs, mine) and theirs != mine)


def _take_three_way(mine: Annotation | None, theirs: Annotation, base: tuple[str, str]) -> tuple[bool, bool]:
    """(take ``theirs``, both sides changed the decision differently)."""
    m, t = decision(mine), decision(theirs)
    if m == t:
        return mine is None or (_newer(theirs, mine) and theirs != mine), False
    if t == base:  # only I changed it
        return False, False
    if m == base:  # only they changed it
        return True, False
    return mine is None or _newer(theirs, mine), True


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
