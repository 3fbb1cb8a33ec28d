"""Where the clauses, segments and brackets of a sentence begin and end, found in one pass.

:mod:`gouji.model.rules.textnum` asks, for every number of a sentence, in which clause and
segment it stands, where its clause starts, whether a 。／； lies between two positions and
where the bracket around a position closes.  Answering each question by scanning the text made
long sentences quadratic; here each text is scanned once (cached) and every question is a
binary search.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

CLAUSE_BOUNDARY = "，,；;。：:！？!?、"
STRONG_BOUNDARY = "；;。！？!?"
BREAKDOWN_MARKERS = ("其中", "包括", "分别是", "分别为")

OPEN, CLOSE = "（(", "）)"  # brackets


@dataclass(frozen=True)
class Marks:
    """Positions of the boundaries of one text, in increasing order (found in one pass)."""

    segment: list[int]  # strong boundaries and the starts of breakdown markers
    clause: list[int]  # clause boundaries (see :func:`is_boundary`)
    strong: list[int]  # strong boundaries only


@lru_cache(maxsize=16)
def marks(text: str) -> Marks:
    segment: list[int] = []
    clause: list[int] = []
    strong: list[int] = []
    markers = {m[0] for m in BREAKDOWN_MARKERS}
    for i, ch in enumerate(text):
        if ch in STRONG_BOUNDARY:
            segment.append(i)
            strong.append(i)
        elif ch in markers and any(text.startswith(m, i) for m in BREAKDOWN_MARKERS):
            segment.append(i)
        if ch in CLAUSE_BOUNDARY and is_boundary(text, i):
            clause.append(i)
    return Marks(segment, clause, strong)


def segment_at(text: str, pos: int) -> int:
    """Segments closed before ``pos``: strong boundaries and breakdown markers in ``text[:pos]``."""
    return bisect_left(marks(text).segment, min(pos, len(text)))


def is_boundary(text: str, i: int) -> bool:
    ch = text[i]
    if ch not in CLAUSE_BOUNDARY:
        return False
    if ch in ",:" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
        return False  # thousands separator / time, not a clause break
    return True


def clause_at(text: str, pos: int) -> int:
    """Clause boundaries in ``text[:pos]``."""
    return bisect_left(marks(text).clause, min(pos, len(text)))


def strong_between(text: str, start: int, end: int) -> bool:
    """A strong boundary (；。！？) in ``text[start:end]``."""
    strong = marks(text).strong
    k = bisect_left(strong, start)
    return k < len(strong) and strong[k] < end


def depths(t: str) -> list[int]:
    """Bracket depth at every position of ``t`` (an unmatched closing bracket counts as 0)."""
    out, d = [], 0
    for ch in t:
        if ch in CLOSE:
            d = max(d - 1, 0)
        out.append(d)
        if ch in OPEN:
            d += 1
    return out


@lru_cache(maxsize=16)
def enclosing_ends(t: str) -> list[int]:
    """At every position of ``t``, where the bracket enclosing it closes (``len(t)`` when never, or
    outside brackets); positions follow :func:`depths` (a closing bracket is outside its bracket)."""
    ends = [len(t)] * len(t)
    stack: list[list[int]] = []  # per open bracket: the positions inside it, waiting for its end
    for k, ch in enumerate(t):
        if ch in CLOSE and stack:
            for x in stack.pop():
                ends[x] = k
        if stack:
            stack[-1].append(k)
        if ch in OPEN:
            stack.append([])
    return ends


def bracket_end(t: str, pos: int) -> int:
    """End of the bracket that encloses ``pos`` (or the end of the text)."""
    return enclosing_ends(t)[pos] if pos < len(t) else len(t)
