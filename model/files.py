"""Atomic file writes: a file is either its old self or completely new, never half written.

The content is produced in a temporary file beside the target (same folder, so
same file system), flushed to disk, given the usual permissions and renamed
over the target with :func:`os.replace`.  A kill or a failing writer leaves the
old file untouched and no temporary file behind.  Used for the autosaved
review (``model.review.save_review``) and every exported workbook.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path
from typing import Callable

Writer = Callable[[Path], object]  # fills the file at the given path (any return value is ignored)


@functools.cache
def _umask() -> int:
    """The process umask (read once: reading it means setting it, which is not thread-safe)."""
    umask = os.umask(0)
    os.umask(umask)
    return umask


def temp_beside(target: Path) -> Path:
    """An empty temporary file in ``target``'s folder (created if needed), named ``.~<stem>….<suffix>``.

    Raises
    ------
    OSError
        When the folder cannot be created or written.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~" + target.stem, suffix=target.suffix, dir=target.parent)
    os.close(fd)
    return Path(tmp)


def replace_with(tmp: Path, target: Path, write: Writer) -> None:
    """``write(tmp)``, flush it to disk, then rename it over ``target``; ``tmp`` is removed on failure."""
    try:
        write(tmp)
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        try:  # mkstemp creates 0600; give the result the usual permissions
            os.chmod(tmp, 0o666 & ~_umask())
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
