"""Atomic save with a fallback name when the target is locked (open in Excel) or not writable."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Callable

from gouji.model.files import replace_with, temp_beside


def save_with_fallback(out: Path, write: Callable[[Path], None], max_tries: int = 20) -> Path:
    """Write ``out`` through a temp file; if it is locked or not writable, use another name.

    ``write(tmp_path)`` produces the file.  Returns the path actually written:
    ``out`` itself, else ``<stem>_1<suffix>``, ``<stem>_2<suffix>`` … in the same
    folder, else a file in the system temp folder.  Raises :class:`PermissionError`
    only when nothing could be written at all.
    """
    out = Path(out)
    candidates = [out] + [out.with_name(f"{out.stem}_{i}{out.suffix}") for i in range(1, max_tries)]
    stamp = datetime.now().strftime("%Y%m%d_%H%M%S")
    candidates.append(Path(tempfile.gettempdir()) / f"{out.stem}_{stamp}{out.suffix}")
    last: OSError | None = None
    for target in candidates:
        if target != out and target.exists():
            continue
        try:
            tmp = temp_beside(target)
        except OSError as exc:  # folder not writable
            last = exc
            continue
        try:
            replace_with(tmp, target, write)  # atomic; the temp file is removed on failure
        except PermissionError as exc:  # target open in Excel / read-only
            last = exc
            continue
        return target
    raise PermissionError(f"无法写入 {out}：{last}")
