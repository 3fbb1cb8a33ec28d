"""Line-level clean-up of running text, before headings and sentences are found.

Pure functions over :class:`TLine` (a cleaned copy of a
:class:`~gouji.io.raw.RawLine` that remembers where it came from):

- :func:`clean_text` normalises one line of text (spaces, markdown residue, bullets);
- :func:`is_page_number` recognises injected page numbers ("- 12 -", "12", "第12页");
- :func:`drop_page_furniture` removes page numbers and running headers / footers
  (the same text on many pages, at the top or bottom of the page);
- :func:`merge_split_lines` glues fragments that a PDF producer set on a shifted
  baseline back into their line ("2024" printed a few points lower than "年度部门决算");
- :class:`Layout` holds the per-page text margins used to tell a full line (the
  paragraph goes on) from a short one (the paragraph ends) and an indented line
  (a new paragraph starts).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from gouji.io.raw import Box, lowest_confidence

_WS = re.compile(r"[\s\u3000\u00a0]+")
_BULLET = re.compile(r"^(?:[-•·●▪■◆]\s+)(?=\S)")
_MD_EMPH = re.compile(r"\*\*(.+?)\*\*")
_PAGE_PATTERNS = (
    re.compile(r"^[-—–－_~·.\s]*\d{1,4}[-—–－_~·.\s]*$"),  # 12, - 12 -, —12—
    re.compile(r"^第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?$"),  # 第12页 / 第12页 共30页
    re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$"),  # 12/30
    re.compile(r"^(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I),
)
_DIGITS = re.compile(r"\d+")


@dataclass(slots=True)
class TLine:
    """A cleaned line of running text and its origin (``pos`` is its index in the items)."""

    text: str
    page: int | None
    bbox: Box | None
    pos: int
    size: float | None = None
    bold: bool = False
    confidence: float | None = None  # OCR: the lowest confidence of its digits (RawLine.confidence)

    @property
    def height(self) -> float:
        if self.bbox is None:
            return 0.0
        return max(self.bbox[3] - self.bbox[1], 1.0)


def clean_text(text: str) -> str:
    """Collapse whitespace, drop markdown emphasis and leading bullets; keep everything else."""
    t = _WS.sub(" ", text).strip()
    if "**" in t:
        t = _MD_EMPH.sub(r"\1", t).replace("**", "")
    t = _BULLET.sub("", t)
    return t.strip()


def is_page_number(text: str) -> bool:
    """True for a line that is only a page number ("12", "- 12 -", "第12页", "12/30")."""
    t = text.strip()
    if not t or len(t) > 16:
        return False
    return any(p.match(t) for p in _PAGE_PATTERNS)


def _furniture_key(text: str) -> str:
    return _DIGITS.sub("#", text.replace(" ", ""))


def drop_page_furniture(
    lines: list[TLine], page_heights: dict[int, float] | None = None
) -> tuple[list[TLine], int, int]:
    """Remove page numbers and running headers / footers.

    A page number is dropped wherever it stands when the source has no layout;
    with a layout it must sit in the top or bottom margin band of its page (a
    lone number inside the text block may be an amount printed on its own line).
    A header / footer is a line in a margin band whose text (digits ignored)
    recurs on at least three pages and on at least a quarter of the pages.

    Returns the kept lines, the number of page numbers and of header / footer
    lines removed.
    """
    heights = dict(page_heights or {})
    if not any(ln.bbox for ln in lines):
        numbers_gone = [ln for ln in lines if not is_page_number(ln.text)]
        return numbers_gone, len(lines) - len(numbers_gone), 0
    # page height: given, else estimated from the lowest line of the page (pages differ: landscape tables)
    lowest: dict[int | None, float] = defaultdict(float)
    for ln in lines:
        if ln.bbox is not None:
            lowest[ln.page] = max(lowest[ln.page], ln.bbox[3])
    global_h = max(lowest.values(), default=0.0) * 1.04
    pages_with_text = {ln.page for ln in lines if ln.page is not None}

    def band(ln: TLine, frac: float = 0.09) -> bool:
        if ln.bbox is None or ln.page is None:
            return False
        h = heights.get(ln.page) or (lowest[ln.page] * 1.04 if lowest[ln.page] > 0.5 * global_h else global_h)
        if h <= 0:
            return False
        return ln.bbox[1] < frac * h or ln.bbox[3] > (1 - frac) * h

    pages_of: dict[str, set[int]] = defaultdict(set)
    for ln in lines:
        if ln.page is not None and band(ln) and len(ln.text) <= 60:
            pages_of[_furniture_key(ln.text)].add(ln.page)
    need = max(3, int(0.25 * len(pages_with_text) + 0.999))
    furniture = {k for k, pages in pages_of.items() if len(pages) >= need}

    # the first and last line of each page are also candidates for a page number
    first_last: set[int] = set()
    by_page: dict[int | None, list[int]] = defaultdict(list)
    for i, ln in enumerate(lines):
        by_page[ln.page].append(i)
    for idx in by_page.values():
        first_last.add(idx[0])
        first_last.add(idx[-1])

    kept: list[TLine] = []
    n_pages = n_furn = 0
    for i, ln in enumerate(lines):
        if is_page_number(ln.text) and (ln.bbox is None or band(ln) or (i in first_last and band(ln, 0.2))):
            n_pages += 1
            continue
        if band(ln) and _furniture_key(ln.text) in furniture:
            n_furn += 1
            continue
        kept.append(ln)
    return kept, n_pages, n_furn


_FRAGMENT = re.compile(r"^[\d,.，。、；：:;%（）()“”\"'《》〔〕\[\]\-—\s]+$")


def merge_split_lines(lines: list[TLine]) -> list[TLine]:
    """Merge a short fragment printed on a shifted baseline into its neighbour line.

    Some PDF producers set digits or quotes a few points off the baseline, so
    the extraction yields "年度部门决算" and "2024" as two lines that overlap
    vertically.  When the fragment does not overlap the line horizontally it is
    joined on the side where it stands; when it falls inside a gap of the line
    ("上海市普陀区财政局 年度部门决算表" + "2024") it is put into the gap nearest
    to its position.  Only fragments made of digits and punctuation are moved,
    and only when they stand near the line.  Runs of one line that the producer
    emitted separately on the same baseline, side by side, are joined too.
    """
    out: list[TLine] = []
    for ln in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.bbox is not None
            and ln.bbox is not None
            and prev.page == ln.page
            and _vertical_overlap(prev.bbox, ln.bbox) >= 0.4
        ):
            frag, main = (
                (ln, prev)
                if _FRAGMENT.match(ln.text)
                else (prev, ln)
                if _FRAGMENT.match(prev.text)
                else (None, None)
            )
            h = min(prev.height, ln.height)
            if (
                frag is not None
                and main is not None
                and len(frag.text.split()) <= 3
                and _near(main, frag, 3 * h)
            ):
                out[-1] = _insert_fragment(main, frag)
                continue
            # pieces of one line printed as separate runs on the same baseline ("本单位下设科室" "12" "个。")
            if _vertical_overlap(prev.bbox, ln.bbox) >= 0.7 and 0 <= ln.bbox[0] - prev.bbox[2] <= 2.5 * h:
                sep = (
                    " "
                    if prev.text[-1:].isascii()
                    and prev.text[-1:].isalnum()
                    and ln.text[:1].isascii()
                    and ln.text[:1].isalnum()
                    else ""
                )
                pb, lb = prev.bbox, ln.bbox
                box = (pb[0], min(pb[1], lb[1]), lb[2], max(pb[3], lb[3]))
                out[-1] = TLine(
                    prev.text + sep + ln.text,
                    prev.page,
                    box,
                    prev.pos,
                    prev.size,
                    prev.bold,
                    lowest_confidence(prev.confidence, ln.confidence),
                )
                continue
        out.append(ln)
    return out


def _near(main: TLine, frag: TLine, dist: float) -> bool:
    """The fragment overlaps the line horizontally or stands within ``dist`` of either end."""
    mb, fb = main.bbox, frag.bbox
    assert mb is not None and fb is not None
    return fb[0] - mb[2] <= dist and mb[0] - fb[2] <= dist


def _vertical_overlap(a: Box, b: Box) -> float:
    inter = min(a[3], b[3]) - max(a[1], b[1])
    smaller = min(a[3] - a[1], b[3] - b[1])
    return inter / smaller if smaller > 0 else 0.0


def box_union(a: Box, b: Box) -> Box:
    """The smallest box holding both boxes."""
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _insert_fragment(main: TLine, frag: TLine) -> TLine:
    assert main.bbox is not None and frag.bbox is not None
    mb, fb = main.bbox, frag.bbox
    box = box_union(mb, fb)
    tokens = frag.text.split()
    if fb[2] <= mb[0] + 1:
        text = frag.text.replace(" ", "") + main.text
    elif fb[0] >= mb[2] - 1:
        text = main.text + frag.text.replace(" ", "")
    else:
        gaps = [m.start() for m in re.finditer(" ", main.text)]
        width = max(mb[2] - mb[0], 1.0)
        n = max(len(main.text), 1)
        if not gaps:
            # no gap: put the fragment at its proportional position
            at = round((fb[0] - mb[0]) / width * n)
            text = main.text[:at] + frag.text.replace(" ", "") + main.text[at:]
        else:
            # spread the fragment's tokens over the gaps they stand nearest to
            fw = max(fb[2] - fb[0], 1.0)
            slots: dict[int, list[str]] = {}
            for k, tok in enumerate(tokens):
                x = fb[0] + fw * (k + 0.5) / len(tokens)
                want = (x - mb[0]) / width * n
                free = [g for g in gaps if g not in slots] or gaps
                g = min(free, key=lambda g: abs(g - want))
                slots.setdefault(g, []).append(tok)
            text = "".join("".join(slots[i]) if i in slots else c for i, c in enumerate(main.text))
    return TLine(
        text=text,
        page=main.page,
        bbox=box,
        pos=main.pos,
        size=main.size,
        bold=main.bold,
        confidence=lowest_confidence(main.confidence, frag.confidence),
    )


@dataclass
class Layout:
    """Text margins per page (left edge of body lines, right edge of full lines)."""

    left: dict[int | None, float] = field(default_factory=dict)
    right: dict[int | None, float] = field(default_factory=dict)
    glob_left: float = 0.0
    glob_right: float = 0.0

    @classmethod
    def of(cls, lines: list[TLine]) -> "Layout":
        lay = cls()
        by_page: dict[int | None, list[TLine]] = defaultdict(list)
        for ln in lines:
            if ln.bbox is not None and len(ln.text) >= 8:
                by_page[ln.page].append(ln)
        all_l = [ln for v in by_page.values() for ln in v]
        if not all_l:
            return lay
        for p, v in by_page.items():
            if len(v) >= 4:
                lay.left[p], lay.right[p] = _margins(v)
        if lay.left:
            # sparse pages take the typical margins of the text pages (not of table pages' stray lines)
            lefts = sorted(lay.left.values())
            rights = sorted(lay.right.values())
            lay.glob_left, lay.glob_right = lefts[len(lefts) // 2], rights[len(rights) // 2]
        else:
            lay.glob_left, lay.glob_right = _margins(all_l)
        return lay

    def margins(self, ln: TLine) -> tuple[float, float]:
        return self.left.get(ln.page, self.glob_left), self.right.get(ln.page, self.glob_right)

    def is_full(self, ln: TLine, nxt: TLine | None = None) -> bool:
        """The line runs to the right margin (the paragraph probably goes on).

        With ``nxt``, a line also counts as full when the first unbreakable
        unit of the next line would not have fitted in the space left ("…其中：
        基本支出" / "1,192.85万元", "…行政单位离退休" / "（项）。").
        """
        if ln.bbox is None:
            return len(ln.text) >= 20
        _, right = self.margins(ln)
        h = ln.height
        room = right - ln.bbox[2]
        need = 1.6 * h
        if nxt is not None:
            need = max(need, _unit_width(nxt.text, h) + 0.3 * h)
        return room < need

    def is_indented(self, ln: TLine) -> bool:
        """The line starts right of the left margin (a first line of a paragraph)."""
        if ln.bbox is None:
            return False
        left, _ = self.margins(ln)
        return ln.bbox[0] >= left + 1.2 * ln.height


_UNIT = re.compile(
    r"^(?:[（(【《“「][^）)】》”」]{0,8}[）)】》”」]|[0-9][0-9,.．%]*|[A-Za-z]+|.)[。，、；：！？）)】》”」%]*"
)


def _unit_width(text: str, h: float) -> float:
    """Estimated width of the first unbreakable unit of a line (CJK ≈ h, ASCII ≈ 0.55 h)."""
    m = _UNIT.match(text)
    unit = m.group(0) if m else text[:1]
    return sum(0.55 * h if c.isascii() else h for c in unit)


def _margins(lines: list[TLine]) -> tuple[float, float]:
    xs0 = Counter(round(ln.bbox[0]) for ln in lines if ln.bbox)
    # left margin: the smallest x0 shared by several lines (ignores stray outliers)
    common = sorted(x for x, c in xs0.items() if c >= 2) or sorted(xs0)
    left = float(common[0])
    x1s = sorted(ln.bbox[2] for ln in lines if ln.bbox)
    right = x1s[int(0.85 * (len(x1s) - 1))]
    return left, right
