"""The command line's output files: never over an input, a clear message when one cannot be written.

:func:`clash` refuses an output that is (or would replace) an input of the same
run, or another output; :func:`unusable` refuses, before any work, an output that
can never be written (a folder, a path too long, a parent that is a file) — a
locked or read-only target is left to :func:`gouji.io.export.save.save_with_fallback`,
which writes under another name.  :func:`failure_message` turns the
``OSError`` of a write that failed anyway (a full disk …) into Chinese, and
:func:`save_fallback` keeps results that could not be written where asked.
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Iterable

from gouji.model.files import atomic_write, temp_beside
from gouji.model.review import default_review_folder

#: Windows error codes: a path too long, a disk full
_WIN_TOO_LONG = (206,)
_WIN_DISK_FULL = (39, 112)


def same_file(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` name the same file (same inode when both exist, else the same resolved path)."""
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return os.path.normcase(a.resolve()) == os.path.normcase(b.resolve())
    except (OSError, ValueError):
        return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def clash(outputs: dict[str, Path], inputs: Iterable[Path]) -> str | None:
    """The Chinese message when an output (``{what: path}``) is an input or another output, else None."""
    inputs = list(inputs)
    named = list(outputs.items())
    for k, (what, out) in enumerate(named):
        for src in inputs:
            if same_file(out, src):
                return (
                    f"{what}“{out}”就是要审核的文件“{src.name}”：写入会覆盖原文件。"
                    "请另选一个输出文件名（原文件未作任何改动）。"
                )
        for other_what, other in named[k + 1 :]:
            if same_file(out, other):
                return f"{what}与{other_what}是同一个文件“{out}”：请分别给出不同的文件名。"
    return None


def unusable(out: Path, what: str) -> str | None:
    """The Chinese message when ``out`` can never be written as a file, else None.

    Tried by creating (and removing) the temporary file the real write uses beside ``out``;
    a folder without write permission is not refused here (the save falls back to another folder).
    """
    if os.path.isdir(out):
        return f"{what}路径“{out}”是一个文件夹：请给出文件名（如“{out / ('结果' + _suffix(what))}”）。"
    try:
        tmp = temp_beside(out)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return None
        return failure_message(exc, out, what)
    try:
        tmp.unlink()
    except OSError:
        pass
    return None


def _suffix(what: str) -> str:
    return ".json" if "JSON" in what else ".xlsx"


def failure_message(exc: OSError, out: Path, what: str) -> str:
    """Why writing ``out`` failed, in Chinese, from the error's code."""
    code, win = exc.errno, getattr(exc, "winerror", None)
    if code in (errno.ENOSPC, errno.EDQUOT) or win in _WIN_DISK_FULL:
        why = "磁盘空间不足（或超出磁盘配额），请清理磁盘或换一个磁盘上的位置"
    elif code == errno.ENAMETOOLONG or win in _WIN_TOO_LONG:
        why = "路径或文件名过长，请换一个较短的文件夹或文件名"
    elif code == errno.EISDIR:
        why = "该路径是一个文件夹，请给出文件名"
    elif code in (errno.ENOTDIR, errno.EEXIST):
        why = "路径中有一段是文件而不是文件夹"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS) or isinstance(exc, PermissionError):
        why = "文件被占用或没有写入权限（也无法另存到其他位置）"
    elif code == errno.EINVAL:
        why = "文件名中有不允许的字符"
    else:
        why = exc.strerror or str(exc)
    return f"无法写入{what}“{out}”：{why}。"


def fallback_folders() -> list[Path]:
    """Where results go when the requested output cannot be written: the per-user folder, then the temp folder."""
    return [default_review_folder().parent / "results", Path(tempfile.gettempdir())]


def save_fallback(data: object, folders: list[Path] | None = None) -> Path | None:
    """Write ``data`` as JSON (a new file) to the first folder that takes it; the path, or None when none did."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    stem = f"gouji-结果-{time.strftime('%Y%m%d-%H%M%S')}"
    for folder in folders if folders is not None else fallback_folders():
        target = next(
            t for n in itertools.count() if not (t := folder / f"{stem}{f'-{n}' if n else ''}.json").exists()
        )
        try:
            atomic_write(target, lambda p: Path(p).write_text(text, encoding="utf-8"))
        except OSError:
            continue
        return target
    return None
