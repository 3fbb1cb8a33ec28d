"""Atomic file writes: a file is either its old self or completely new, never half written.

The content is produced in a temporary file beside the target (same folder, so
same file system), flushed to disk, given the usual permissions and renamed
over the target with :func:`os.replace`.  A kill or a failing writer leaves the
old file untouched; the temporary file (``.~<name>.<random>.gouji-tmp<suffix>``)
is removed on failure, and one left behind by a killed process is removed the
next time this process writes into that folder (:func:`clean_stale_temps`).
Used for the autosaved review (``model.review.save_review``) and every exported
workbook.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import Callable

Writer = Callable[[Path], object]  # fills the file at the given path (any return value is ignored)

#: a temporary file of ours older than this (seconds) was left by a killed process
STALE_AFTER = 300.0
TEMP_MARK = ".gouji-tmp"
NAME_BYTES = 180  # of the target's name kept in a temporary file's (file names are at most 255 bytes)
#: our temporary files: this version's, and the ``.~<stem><8 random><suffix>`` names of earlier ones
#: (beside review files and exported workbooks only)
_OURS = re.compile(
    r"^\.~.+\.gouji-tmp(\.[^.]+)?$|^\.~.+\.gouji[a-z0-9_]{8}\.json$|^\.~.+[a-z0-9_]{8}\.xlsx$",
)


@functools.cache
def _umask() -> int:
    """The process umask (read once: reading it means setting it, which is not thread-safe)."""
    umask = os.umask(0)
    os.umask(umask)
    return umask


def new_file_mode() -> int:
    """Permissions of a file we create: the umask's, but always readable by the owner's group
    (colleagues reviewing from a shared folder must be able to open a review)."""
    return (0o666 & ~_umask()) | 0o640


def clean_stale_temps(folder: Path, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove our temporary files in ``folder`` that a killed process left (older than ``older_than`` s).

    Only names this module creates (and those earlier versions created) are touched, only in
    ``folder`` itself.  Returns the files removed.
    """
    removed: list[Path] = []
    limit = time.time() - older_than
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for e in entries:
        if not _OURS.match(e.name):
            continue
        try:
            st = e.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and st.st_mtime < limit:
                os.unlink(e.path)
                removed.append(Path(e.path))
        except OSError:
            continue
    return removed


def clean_once(folder: Path) -> None:
    """:func:`clean_stale_temps` the first time this process reads or writes in ``folder``."""
    _clean_once(folder.resolve())


@functools.cache
def _clean_once(folder: Path) -> None:
    clean_stale_temps(folder)


def temp_beside(target: Path) -> Path:
    """An empty temporary file in ``target``'s folder (created if needed), named ``.~<name>.….gouji-tmp<suffix>``.

    Raises
    ------
    OSError
        When the folder cannot be created or written.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_once(target.parent)
    name = target.name.encode("utf-8")[:NAME_BYTES].decode("utf-8", "ignore")  # room for the marks
    fd, tmp = tempfile.mkstemp(prefix=f".~{name}.", suffix=TEMP_MARK + target.suffix, dir=target.parent)
    os.close(fd)
    return Path(tmp)


def replace_with(tmp: Path, target: Path, write: Writer) -> None:
    """``write(tmp)``, flush it to disk, then rename it over ``target``; ``tmp`` is removed on failure.

    The result keeps the permissions of the file it replaces, or gets :func:`new_file_mode`.
    """
    try:
        write(tmp)
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        try:  # mkstemp creates 0600
            mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else new_file_mode()
            os.chmod(tmp, mode)
        except OSError:
            pass
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write(target: Path, write: Writer) -> None:
    """Produce ``target`` atomically with ``write(path)`` (see the module docstring)."""
    replace_with(temp_beside(target), target, write)


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes (hex), read in 1 MB chunks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
