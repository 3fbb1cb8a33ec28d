"""Page layout: turn the characters and ruling edges of one page into raw blocks.

A pipeline of small pure functions (no PDF library handles, so they are easy to
test with hand-made characters):

1. :func:`dedupe_chars` - drop over-printed duplicates (fake bold);
2. :func:`find_ruled_tables` - pdfplumber's table finder, lines strategy, fed
   with the page's edges;
3. :func:`grid_from_cells` - a ruled table as a :class:`RawGrid` (one cell per
   column and row; spanned positions become blank cells with their own geometry);
4. :func:`group_lines` - the remaining characters as visual lines (robust to
   numbers set a few points below their line, as WPS / ONLYOFFICE write them);
5. :func:`find_unruled_tables` - runs of lines whose segments line up in
   columns, and body rows that continue a ruled header, as ``ruled=False`` grids;
6. :func:`layout_page` - all of it, blocks in reading order.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Iterable, Sequence, cast

from pdfplumber.page import Page
from pdfplumber.table import TableFinder

from gouji.io.raw import Align, RawBlock, RawCell, RawGrid, RawLine, RawPage
from gouji.io.readers.pdf_objects import Char, PageObjects

#: pdfplumber table-finder settings for ruled tables
TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "edge_min_length": 3,
    "intersection_tolerance": 3,
}

_AMOUNT_RE = re.compile(r"^[（(]?[-－—–+]?[\d,，]*\d(\.\d+)?%?[)）]?$")
_DASH_RE = re.compile(r"^[-－—–/／]+$")


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or 0x2000 <= o <= 0x206F  # general punctuation: “ ” … —
    )


def is_amount(text: str) -> bool:
    """True for printed amounts / numbers ("1,801.39", "-3.00", "12.5%", "—")."""
    t = text.strip()
    return bool(t) and (bool(_AMOUNT_RE.match(t)) or bool(_DASH_RE.match(t)))


# ---------------------------------------------------------------------------
# characters and lines
# ---------------------------------------------------------------------------


def dedupe_chars(chars: Sequence[Char], tol: float = 1.0) -> list[Char]:
    """Remove characters printed twice at (nearly) the same place; mark them bold."""
    out: list[Char] = []
    seen: dict[tuple[str, int, int], Char] = {}
    for c in chars:
        key = (c.text, round(c.x0 / tol), round(c.top / tol))
        prev = seen.get(key)
        if prev is not None and abs(prev.x0 - c.x0) <= tol and abs(prev.top - c.top) <= tol:
            if c.text.strip():
                prev.bold = True
            continue
        seen[key] = c
        out.append(c)
    return out


@dataclass(slots=True)
class Line:
    """A visual line: characters sharing one vertical band, sorted left to right."""

    chars: list[Char] = field(default_factory=list)
    top: float = 0.0  # band of the line's dominant characters
    bottom: float = 0.0

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.chars)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, min(c.top for c in self.chars), self.x1, max(c.bottom for c in self.chars))

    @property
    def size(self) -> float:
        sizes = [c.size for c in self.chars if c.text.strip()]
        return statistics.median(sizes) if sizes else 0.0


def group_lines(chars: Iterable[Char]) -> list[Line]:
    """Group characters into visual lines, top to bottom.

    A character joins the open line whose band it overlaps most, provided the
    overlap is at least half the smaller of the two heights - so a number set
    5 points below the text of a 12-point line still belongs to it, while the
    next line (14 points down) does not.
    """
    lines: list[Line] = []
    active: list[Line] = []
    for c in sorted(chars, key=lambda c: (c.top, c.x0)):
        h = c.bottom - c.top
        active = [ln for ln in active if ln.bottom > c.top]
        best, best_ov = None, 0.0
        for ln in active:
            ov = min(ln.bottom, c.bottom) - max(ln.top, c.top)
            need = 0.5 * min(h, ln.bottom - ln.top)
            if ov >= need and ov > best_ov:
                best, best_ov = ln, ov
        if best is None:
            best = Line([c], c.top, c.bottom)
            lines.append(best)
            active.append(best)
        else:
            best.chars.append(c)
    for ln in lines:
        ln.chars.sort(key=lambda c: c.x0)
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def split_segments(chars: Sequence[Char], gap_em: float) -> list[list[Char]]:
    """Split a left-to-right run of characters where the gap exceeds ``gap_em`` em."""
    segs: list[list[Char]] = []
    cur: list[Char] = []
    right = 0.0
    for c in chars:
        if not c.text.strip():
            continue
        if cur and c.x0 - right > gap_em * max(c.size, cur[-1].size, 1.0):
            segs.append(cur)
            cur = []
        right = max(right, c.x1) if cur else c.x1
        cur.append(c)
    if cur:
        segs.append(cur)
    return segs


def chars_text(chars: Sequence[Char]) -> str:
    """Text of a left-to-right run, with a space where the gap is wider than ~1/4 em
    (never between two CJK characters - letter-spaced headings read as words)."""
    out: list[str] = []
    prev: Char | None = None
    for c in chars:
        if not c.text.strip():
            continue
        if prev is not None:
            gap = c.x0 - prev.x1
            wide = c.space_before or gap > 0.28 * max(c.size, prev.size, 1.0)
            if wide and not (_is_cjk(prev.text) and _is_cjk(c.text)):
                out.append(" ")
        out.append(c.text)
        prev = c
    return "".join(out)


def join_wrapped(parts: Sequence[str]) -> str:
    """Join the lines of a wrapped cell: no separator, except between two Latin words."""
    text = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if text and text[-1].isascii() and text[-1].isalpha() and p[0].isascii() and p[0].isalpha():
            text += " "
        text += p
    return text


def _line_size(chars: Sequence[Char]) -> float:
    sizes = [c.size for c in chars if c.text.strip()]
    return round(statistics.median(sizes), 2) if sizes else 0.0


def _bbox(chars: Sequence[Char]) -> tuple[float, float, float, float]:
    return (
        min(c.x0 for c in chars),
        min(c.top for c in chars),
        max(c.x1 for c in chars),
        max(c.bottom for c in chars),
    )


# ---------------------------------------------------------------------------
# ruled tables
# ---------------------------------------------------------------------------


class _EdgePage:
    """The two attributes of a pdfplumber page that its table finder reads."""

    def __init__(self, edges: list[dict], bbox: tuple[float, float, float, float]):
        self.edges = edges
        self.bbox = bbox


def find_ruled_tables(po: PageObjects) -> list[list[tuple[float, float, float, float]]]:
    """Cell bboxes of each ruled table on the page (pdfplumber, lines strategy)."""
    if len(po.edges) < 4:
        return []
    # the finder reads only ``edges`` and ``bbox``: a stand-in for a pdfplumber Page
    finder = TableFinder(cast(Page, _EdgePage(po.edges, (0.0, 0.0, po.width, po.height))), TABLE_SETTINGS)
    return [t.cells for t in finder.tables]


@dataclass(slots=True)
class _Grid:
    """A table under construction (cell texts per row / column)."""

    xs: list[float]  # column boundaries, len = ncols + 1
    rows: list[list[RawCell]]
    row_y: list[tuple[float, float]]  # top, bottom per row
    ruled: bool = True

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.row_y[0][0], self.xs[-1], self.row_y[-1][1])


def _cluster_values(values: Iterable[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def grid_from_cells(
    cells: list[tuple[float, float, float, float]], chars: list[Char], page: int
) -> tuple[_Grid, set[int]] | None:
    """Build a grid from one table's cell bboxes; returns it and the ids of the chars used.

    Rows are the distinct cell tops, columns the distinct cell lefts.  A merged
    cell's text goes to its top-left position; the other positions it spans get
    blank cells whose bbox is their own row / column slice.
    """
    if not cells:
        return None
    tops = _cluster_values((c[1] for c in cells), 1.0)
    lefts = _cluster_values((c[0] for c in cells), 1.0)
    xs = lefts + [max(c[2] for c in cells)]
    ys = tops + [max(c[3] for c in cells)]
    nrows, ncols = len(tops), len(lefts)

    def idx(bounds: list[float], v: float) -> int:
        return max(0, bisect_right(bounds, v + 1.0) - 1)

    owner: dict[tuple[int, int], int] = {}
    spans: list[tuple[int, int, int, int]] = []
    for k, (x0, top, x1, bottom) in enumerate(cells):
        r0, c0 = idx(tops, top), idx(lefts, x0)
        r1 = max(r0 + 1, bisect_left(tops, bottom - 1.0))
        c1 = max(c0 + 1, bisect_left(lefts, x1 - 1.0))
        spans.append((r0, c0, r1, c1))
        for r in range(r0, r1):
            for col in range(c0, c1):
                owner.setdefault((r, col), k)

    # assign characters (by centre) to cells; characters in an area no cell
    # covers (a merged cell whose closing rule is missing, e.g. a table that runs
    # on to the next page) go to the top of that column's uncovered run
    cell_chars: dict[int, list[Char]] = {}
    orphans: dict[tuple[int, int], list[Char]] = {}
    used: set[int] = set()
    tx0, ttop, tx1, tbot = xs[0], ys[0], xs[-1], ys[-1]
    for c in chars:
        xc, yc = c.xc, c.yc
        if not (tx0 - 0.5 <= xc <= tx1 + 0.5 and ttop - 0.5 <= yc <= tbot + 0.5):
            continue
        used.add(id(c))
        pos = (min(idx(tops, yc - 1.0), nrows - 1), min(idx(lefts, xc - 1.0), ncols - 1))
        cell_no = owner.get(pos)
        if cell_no is not None:
            cell_chars.setdefault(cell_no, []).append(c)
        else:
            r, col = pos
            while r > 0 and (r - 1, col) not in owner:
                r -= 1
            orphans.setdefault((r, col), []).append(c)

    slots: list[list[RawCell | None]] = [[None] * ncols for _ in range(nrows)]
    for k, (r0, c0, _r1, _c1) in enumerate(spans):
        text = ""
        cc = cell_chars.get(k)
        if cc:
            text = join_wrapped([chars_text(ln.chars) for ln in group_lines(cc)])
        x0, top, x1, bottom = cells[k]
        if slots[r0][c0] is None:
            slots[r0][c0] = RawCell(text, (x0, top, x1, bottom), page)
    for (r, col), cc in orphans.items():
        r1 = r
        while r1 + 1 < nrows and (r1 + 1, col) not in owner:
            r1 += 1
        text = join_wrapped([chars_text(ln.chars) for ln in group_lines(cc)])
        slots[r][col] = RawCell(text, (xs[col], ys[r], xs[col + 1], ys[r1 + 1]), page)
    row_y = [(ys[r], ys[r + 1]) for r in range(nrows)]
    # positions no cell and no orphan text filled: blank cells with their own row / column slice
    rows = [
        [
            cell if cell is not None else RawCell("", (xs[col], row_y[r][0], xs[col + 1], row_y[r][1]), page)
            for col, cell in enumerate(slots[r])
        ]
        for r in range(nrows)
    ]
    return _Grid(xs, rows, row_y, True), used


# ---------------------------------------------------------------------------
# unruled tables (reconstructed from word positions)
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Seg:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    chars: list[Char]


_NUM_CHARS = set("0123456789,.%-－—+")


def _seg(chars: list[Char]) -> _Seg:
    x0, top, x1, bottom = _bbox(chars)
    return _Seg(chars_text(chars), x0, x1, top, bottom, _line_size(chars), chars)


def _segments(line: Line, gap_em: float = 0.9, tokens: bool = True) -> list[_Seg]:
    """Cell candidates of a line: runs split at gaps of ``gap_em`` em, and (with
    ``tokens``) at a space next to a number - "17,789.61 201 一般公共服务支出" is an
    amount, a code and a name even when the columns are set close together."""
    out = []
    for run in split_segments(line.chars, gap_em):
        if not tokens:
            out.append(_seg(run))
            continue
        part = [run[0]]
        for prev, c in zip(run, run[1:], strict=False):
            spaced = c.space_before or c.x0 - prev.x1 > 0.25 * max(c.size, prev.size, 1.0)
            if spaced and (prev.text in _NUM_CHARS or c.text in _NUM_CHARS):
                out.append(_seg(part))
                part = []
            part.append(c)
        out.append(_seg(part))
    return out


def _aligned_fraction(rows: list[list[_Seg]]) -> float:
    """Share of the amounts that line up (left, right or centre within 2.5 pt) with
    an amount of another row - high in tables, low for numbers in running text."""
    amounts = [(k, s) for k, segs in enumerate(rows) for s in segs if is_money(s.text)]
    if not amounts:
        return 0.0
    hits = 0
    for k, s in amounts:
        for k2, t in amounts:
            if k2 != k and (
                abs(s.x1 - t.x1) <= 2.5
                or abs(s.x0 - t.x0) <= 2.5
                or abs((s.x0 + s.x1) - (t.x0 + t.x1)) <= 5.0
            ):
                hits += 1
                break
    return hits / len(amounts)


_UNIT_WORD = re.compile(r"^(万元|元|万|亿|年|月|日|个|人|家|辆|次|项|%|％|倍|平方米|亩|余)")


def is_money(text: str) -> bool:
    """An amount as tables print it: with decimals or separators, a dash, or 0
    (bare integers are codes, years or counts)."""
    t = text.strip()
    return is_amount(t) and (any(ch in t for ch in ".,，") or bool(_DASH_RE.match(t)) or t in ("0", "0%"))


def _is_narrative(segs: list[_Seg]) -> bool:
    """A number followed closely by a unit word ("13.00 万元", "2024 年"): running text."""
    for a, b in zip(segs, segs[1:], strict=False):
        if is_amount(a.text) and b.x0 - a.x1 < 1.5 * max(a.size, b.size, 1.0) and _UNIT_WORD.match(b.text):
            return True
    return False


def _is_tabular(segs: list[_Seg]) -> bool:
    if len(segs) < 2 or _is_narrative(segs):
        return False
    return any(is_amount(s.text) for s in segs) or len(segs) >= 4


def _column_ranges(rows: list[list[_Seg]]) -> list[list[float]]:
    """x-ranges of columns: overlapping segment extents of the body rows, merged."""
    spans = sorted(([s.x0, s.x1] for segs in rows for s in segs), key=lambda r: r[0])
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 <= cols[-1][1] - 0.5:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    return cols


def _assign(seg: _Seg, xs: list[float]) -> int:
    """Column index (xs are boundaries) with the largest overlap with ``seg``."""
    best, best_ov = 0, -1e9
    for j in range(len(xs) - 1):
        ov = min(seg.x1, xs[j + 1]) - max(seg.x0, xs[j])
        if ov > best_ov:
            best, best_ov = j, ov
    return best


def _rows_from_lines(
    lines: list[Line], segs: list[list[_Seg]], xs: list[float], page: int
) -> tuple[list[list[RawCell]], list[tuple[float, float]]]:
    """One row per tabular line; text-only lines between rows are merged into the nearer row."""
    ncols = len(xs) - 1
    # decide which lines are rows and which are continuations
    kinds = ["row" if _is_tabular(s) or len(s) >= 2 else "text" for s in segs]
    row_idx = [i for i, k in enumerate(kinds) if k == "row"]
    if not row_idx:
        return [], []
    groups: dict[int, list[int]] = {i: [i] for i in row_idx}
    pitch = statistics.median(
        [lines[b].top - lines[a].top for a, b in zip(row_idx, row_idx[1:], strict=False)]
        or [lines[0].bottom - lines[0].top]
    )
    for i, k in enumerate(kinds):
        if k == "row":
            continue
        # nearest row line above / below
        above = max((r for r in row_idx if r < i), default=None)
        below = min((r for r in row_idx if r > i), default=None)
        cands = [
            r for r in (above, below) if r is not None and abs(lines[r].top - lines[i].top) <= 1.2 * pitch
        ]
        if not cands:
            groups[i] = [i]
            continue
        r = min(
            cands,
            key=lambda r: abs(
                ((lines[r].top + lines[r].bottom) / 2) - ((lines[i].top + lines[i].bottom) / 2)
            ),
        )
        groups[r].append(i)
    out_rows: list[list[RawCell]] = []
    out_y: list[tuple[float, float]] = []
    for r in sorted(groups, key=lambda r: lines[r].top):
        members = sorted(groups[r], key=lambda i: lines[i].top)
        per_col: list[list[_Seg]] = [[] for _ in range(ncols)]
        for s in segs[r]:
            per_col[_assign(s, xs)].append(s)
        for i in members:
            if i == r:
                continue
            for s in segs[i]:
                j = _assign(s, xs)
                # a wrapped name restarts at the cell's left edge, under the code
                # printed in front of it: it continues the text, not the code
                while (
                    j + 1 < ncols
                    and per_col[j]
                    and all(is_amount(x.text) for x in per_col[j])
                    and per_col[j + 1]
                    and not any(is_amount(x.text) for x in per_col[j + 1])
                ):
                    j += 1
                per_col[j].append(s)
        cells = []
        top = min(lines[i].top for i in members)
        bottom = max(lines[i].bottom for i in members)
        for j in range(ncols):
            col = per_col[j]
            if col:
                col_lines = group_lines([c for s in col for c in s.chars])
                text = join_wrapped([chars_text(ln.chars) for ln in col_lines])
                bb = (
                    min(s.x0 for s in col),
                    min(s.top for s in col),
                    max(s.x1 for s in col),
                    max(s.bottom for s in col),
                )
                cells.append(RawCell(text, bb, page))
            else:
                cells.append(RawCell("", (xs[j], top, xs[j + 1], bottom), page))
        out_rows.append(cells)
        out_y.append((top, bottom))
    return out_rows, out_y


def _is_wrapped_tail(segs: list[_Seg], prev: list[_Seg], gap: float, height: float) -> bool:
    """A short text-only line tucked under a row, left of the row's first amount."""
    if len(segs) != 1 or is_amount(segs[0].text) or gap > 0.8 * height:
        return False
    first_amount = next((s.x0 for s in prev if is_amount(s.text)), None)
    return first_amount is not None and segs[0].x1 < first_amount and segs[0].x0 <= prev[0].x0 + 2 * height


def _header_lines(
    lines: list[Line], consumed: set[int], first: int, xs: list[float], height: float
) -> list[int]:
    """Lines directly above a reconstructed body that belong to its header.

    Walks up while the lines stay close (1.6 line heights), inside the table's
    x-range and of body-like size, and stops at the "单位：" line or a title.
    """
    head: list[int] = []
    size = lines[first].size or height
    k = first - 1
    while k >= 0 and k not in consumed and len(head) < 12:
        ln = lines[k]
        below = lines[head[0] if head else first]
        if below.top - ln.bottom > 1.6 * max(height, 1.0):
            break
        text = chars_text(ln.chars)
        if ln.size > 1.3 * size or re.search(r"单\s*位\s*[:：]", text):
            break
        head.insert(0, k)
        k -= 1
    return head


def _widen_for_header(lines: list[Line], xs: list[float]) -> list[float]:
    """Add columns for header fragments left or right of the body's columns
    (columns that are empty in every body row still have a printed header)."""
    extra = sorted(
        (
            [sg.x0, sg.x1]
            for ln in lines
            for sg in _segments(ln, tokens=False)
            if sg.x1 <= xs[0] or sg.x0 >= xs[-1]
        ),
        key=lambda r: r[0],
    )
    if not extra:
        return xs
    cols: list[list[float]] = []
    for x0, x1 in extra:
        if cols and x0 <= cols[-1][1] - 0.5:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    left = [c for c in cols if c[1] <= xs[0]]
    right = [c for c in cols if c[0] >= xs[-1]]
    new = list(xs)
    if right:
        new[-1] = (xs[-1] + right[0][0]) / 2
        for a, b in zip(right, right[1:], strict=False):
            new.append((a[1] + b[0]) / 2)
        new.append(right[-1][1])
    if left:
        new[0] = (left[-1][1] + xs[0]) / 2
        inner = [(a[1] + b[0]) / 2 for a, b in zip(left, left[1:], strict=False)]
        new = [left[0][0]] + inner + new
    return new


def _header_row(lines: list[Line], xs: list[float], page: int) -> tuple[list[RawCell], tuple[float, float]]:
    """The header lines of an unruled table as one row: each fragment goes to the
    column it overlaps most; a column's fragments are read top to bottom."""
    ncols = len(xs) - 1
    per_col: list[list[Char]] = [[] for _ in range(ncols)]
    for ln in lines:
        for sg in _segments(ln, tokens=False):
            per_col[_assign(sg, xs)].extend(sg.chars)
    top = min(ln.top for ln in lines)
    bottom = max(ln.bottom for ln in lines)
    cells = []
    for j in range(ncols):
        cc = per_col[j]
        if cc:
            text = join_wrapped([chars_text(g.chars) for g in group_lines(cc)])
            cells.append(RawCell(text, _bbox(cc), page))
        else:
            cells.append(RawCell("", (xs[j], top, xs[j + 1], bottom), page))
    return cells, (top, bottom)


def find_unruled_tables(lines: list[Line], grids: list[_Grid], page: int) -> tuple[list[_Grid], set[int]]:
    """Reconstruct tables from aligned text lines.

    Two cases: (a) body rows directly below a ruled grid (a ruled header with an
    unruled body, or the last rows of a table whose bottom rule is missing) are
    appended to that grid, placed by its column boundaries; (b) runs of at least
    three consecutive tabular lines (two or more segments, one an amount) whose
    amounts line up from row to row become a new grid; its column boundaries
    come from the x-clusters of the rows with amounts, and the header lines
    directly above are read into one header row, placed by overlap.
    Returns the new grids and the indexes of the lines consumed.
    """
    segs = [_segments(ln) for ln in lines]
    consumed: set[int] = set()
    new_grids: list[_Grid] = []

    # (a) continuation of a ruled grid
    for g in grids:
        gx0, _, gx1, gbot = g.bbox
        ncols = len(g.xs) - 1
        if ncols < 2:
            continue
        pitch = statistics.median([b - a for a, b in g.row_y]) if g.row_y else 12.0
        cont: list[int] = []
        last_bottom = gbot
        for i, ln in enumerate(lines):
            if i in consumed or ln.top < gbot - 1.0:
                continue
            if ln.top - last_bottom > max(1.5 * pitch, 2.0 * (ln.bottom - ln.top)):
                break
            s = segs[i]
            inside = all(gx0 - 2 <= x.x0 and x.x1 <= gx1 + 2 for x in s)
            if not inside or not _is_tabular(s) or len({_assign(x, g.xs) for x in s}) < len(s):
                break
            cont.append(i)
            last_bottom = ln.bottom
        if cont:
            rows, ys = _rows_from_lines([lines[i] for i in cont], [segs[i] for i in cont], g.xs, page)
            g.rows.extend(rows)
            g.row_y.extend(ys)
            g.ruled = False
            consumed.update(cont)

    # (b) free-standing unruled tables
    i = 0
    n = len(lines)
    while i < n:
        if i in consumed or not _is_tabular(segs[i]):
            i += 1
            continue
        run = [i]
        j = i + 1
        height = lines[i].bottom - lines[i].top
        while j < n and j not in consumed:
            gap = lines[j].top - lines[run[-1]].bottom
            if gap > 1.6 * max(height, 1.0):
                break
            if _is_tabular(segs[j]):
                run.append(j)
            elif (
                j + 1 < n and _is_tabular(segs[j + 1]) and lines[j + 1].top - lines[j].bottom <= 1.6 * height
            ):
                run.append(j)  # a wrapped name between two rows
            elif _is_wrapped_tail(segs[j], segs[run[-1]], gap, height):
                run.append(j)  # the last line of a wrapped name below the last row
            else:
                break
            j += 1
        body = [k for k in run if _is_tabular(segs[k])]
        amount_rows = [segs[k] for k in body if any(is_money(s.text) for s in segs[k])]
        if len(body) >= 3 and len(amount_rows) >= 2 and _aligned_fraction(amount_rows) >= 0.6:
            cols = _column_ranges(amount_rows)
            if len(cols) >= 2:
                xs = (
                    [cols[0][0]]
                    + [(a[1] + b[0]) / 2 for a, b in zip(cols, cols[1:], strict=False)]
                    + [cols[-1][1]]
                )
                # a wrapped first cell whose first line sits just above the row
                # (its amounts are centred on the two lines) belongs to the body
                k = i - 1
                if k >= 0 and k not in consumed and lines[i].top - lines[k].bottom < 0.6 * height:
                    first_cols = {_assign(sg, xs) for sg in segs[i]}
                    if segs[k] and not ({_assign(sg, xs) for sg in segs[k]} & first_cols):
                        run.insert(0, k)
                head = _header_lines(lines, consumed, run[0], xs, height)
                if head:
                    xs = _widen_for_header([lines[m] for m in head], xs)
                rows, ys = _rows_from_lines([lines[m] for m in run], [segs[m] for m in run], xs, page)
                if head:
                    hrow, hy = _header_row([lines[m] for m in head], xs, page)
                    rows.insert(0, hrow)
                    ys.insert(0, hy)
                if rows:
                    new_grids.append(_Grid(xs, rows, ys, ruled=False))
                    consumed.update(head + run)
        i = max(j, i + 1)
    return new_grids, consumed


# ---------------------------------------------------------------------------
# the page
# ---------------------------------------------------------------------------


def _align(x0: float, x1: float, width: float) -> Align | None:
    if width <= 0:
        return None
    if abs(x0 - (width - x1)) < 0.025 * width and (x1 - x0) < 0.7 * width:
        return "center"
    if x1 > 0.8 * width and x0 > 0.5 * width:
        return "right"
    return "left"


def _to_raw_grid(g: _Grid, page: int) -> RawGrid:
    return RawGrid(rows=g.rows, page=page, bbox=g.bbox, ruled=g.ruled, col_x=list(g.xs))


def layout_page(po: PageObjects) -> RawPage:
    """Blocks of one page in reading order (top to bottom)."""
    page = po.number
    chars = dedupe_chars(po.chars)
    printable = sum(1 for c in chars if c.text.strip())

    grids: list[_Grid] = []
    used: set[int] = set()
    for cells in find_ruled_tables(po):
        built = grid_from_cells(cells, chars, page)
        if built is None:
            continue
        g, ids = built
        ncols = len(g.xs) - 1
        # a single framed box (one column) is running text in a frame, not a table
        if ncols < 2 or not ids:
            continue
        grids.append(g)
        used |= ids

    rest = [c for c in chars if id(c) not in used and c.text.strip()]
    lines = group_lines(rest)
    extra, consumed = find_unruled_tables(lines, grids, page)
    grids.extend(extra)

    blocks: list[tuple[float, float, RawBlock]] = []
    for g in grids:
        x0, top, _, _ = g.bbox
        blocks.append((top, x0, _to_raw_grid(g, page)))
    for i, ln in enumerate(lines):
        if i in consumed:
            continue
        # a gap of three em or more separates independent texts on one printed
        # line ("编制单位：…" … "单位：万元"); smaller gaps are spacing inside a line
        for seg in split_segments(ln.chars, 3.0):
            text = chars_text(seg).strip()
            if not text:
                continue
            bb = _bbox(seg)
            nb = sum(1 for c in seg if c.bold)
            blocks.append(
                (
                    ln.top,
                    bb[0],
                    RawLine(
                        text=text,
                        page=page,
                        bbox=bb,
                        size=_line_size(seg),
                        bold=nb * 2 > len(seg),
                        align=_align(bb[0], bb[2], po.width),
                    ),
                )
            )
    blocks.sort(key=lambda b: (round(b[0], 1), b[1]))
    return RawPage(
        number=page,
        width=po.width,
        height=po.height,
        blocks=[b for _, _, b in blocks],
        char_count=printable,
        image_area=po.image_area,
    )
