"""From a page image and its OCR result to the objects the PDF layout step reads.

Pure functions (numpy / OpenCV arrays in, plain values out), so the OCR page
goes through the very same layout as a text page
(:func:`gouji.io.readers.pdf_layout.layout_page`: ruled tables by pdfplumber's
table finder, unruled tables by column alignment, lines, titles):

1. :func:`chars_from_ocr` - the recogniser's text boxes as :class:`Char` objects
   in PDF points (one per character, with the recogniser's per-character
   probability as its confidence);
2. :func:`rulings` - the ruling lines drawn in the image (OpenCV morphology:
   opening the ink mask with a long thin kernel keeps only straight lines) as
   pdfplumber edge dicts; :func:`off_the_rulings` drops the bars the recogniser
   read off them;
3. :func:`finish_cells` - each table cell's confidence, the lowest over the
   characters placed in it, and thousands separators the recogniser read as
   decimal points put back (:func:`fix_separators`); each line of running text's
   confidence, the lowest over its digits (the sentences' amounts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Sequence

import cv2
import numpy as np

from gouji.io.raw import Box, RawGrid, RawLine, RawPage
from gouji.io.readers.pdf_objects import Char, _line

#: ruling lines are this much darker (0-255 grey) than the paper at least: some publishers draw their
#: grids in light grey; a ruling's length and thinness, not its darkness, tell it from text and specks
INK_BELOW_PAPER = 40
#: a ruling is at least this long (points): longer than any stroke of a character
MIN_RULING_PT = 14.0
#: and at most this thick (points)
MAX_RULING_THICKNESS_PT = 3.0

#: the characters of a printed amount or rate (a line's confidence is the lowest over these)
_NUMBER_CHARS = frozenset("0123456789０１２３４５６７８９.,．%％")
#: what a vertical ruling looks like to the recogniser
_BARS = frozenset("|丨│｜Il![]")
_SPACE_IN_NUMBER = re.compile(
    r"(?<=[.,，])\s+(?=\d)|(?<=\d)\s+(?=[.,，])"
)  # "1, 185.26": a space the recogniser saw
#: an amount with two or more separators: groups of three digits, then two decimals
_GROUPED = re.compile(r"^([-－]?\d{1,3})((?:[.,，]\d{3})+)[.,，](\d{2})$")


@dataclass(slots=True)
class OcrChar:
    """A character as the page layout sees it, with the recogniser's confidence."""

    char: Char
    confidence: float


def quad_box(quad: Sequence[Sequence[float]], scale: float) -> Box:
    """The box around a quadrilateral of pixel corners, in points."""
    xs = [float(p[0]) for p in quad]
    ys = [float(p[1]) for p in quad]
    return (min(xs) / scale, min(ys) / scale, max(xs) / scale, max(ys) / scale)


#: Chinese numerals: a 〇 between them is part of a number written in words (二〇二六年)
_CN_NUMERALS = frozenset("一二三四五六七八九十百千零〇两")


def _zero_as_digit(pieces: list[tuple[str, Box]]) -> list[tuple[str, Box]]:
    """The recogniser reads a printed digit 0 standing alone ("0万元") as 〇: a 〇 with no Chinese
    numeral beside it is the digit."""
    out = list(pieces)
    for k, (ch, box) in enumerate(pieces):
        if ch != "〇":
            continue
        before = pieces[k - 1][0] if k > 0 else ""
        after = pieces[k + 1][0] if k + 1 < len(pieces) else ""
        if before not in _CN_NUMERALS and after not in _CN_NUMERALS:
            out[k] = ("0", box)
    return out


def chars_from_ocr(results: Sequence[Sequence[Any]], scale: float) -> list[OcrChar]:
    """One :class:`OcrChar` per recognised character, in points (pixels / ``scale``).

    ``results`` are RapidOCR's word-box results: ``[quad, text, score, word_quads,
    words, char_scores]`` per detected text line.  A word (a run of Latin letters
    or digits the recogniser boxed together) is split evenly over its characters.
    Spaces become ``space_before`` of the next character.  Without word boxes the
    line box is split evenly and every character gets the line's score.
    """
    out: list[OcrChar] = []
    for res in results:
        quad, text, score = res[0], str(res[1]), float(res[2])
        line = quad_box(quad, scale)
        word_quads = res[3] if len(res) > 3 else None
        words = res[4] if len(res) > 4 else None
        scores = list(res[5]) if len(res) > 5 else []
        pieces: list[tuple[str, Box]] = []
        if word_quads and words and len(word_quads) == len(words):
            for wq, w in zip(word_quads, words, strict=True):
                x0, _t, x1, _b = quad_box(wq, scale)
                word = "".join(w)
                step = (x1 - x0) / max(1, len(word))
                for k, ch in enumerate(word):
                    pieces.append((ch, (x0 + k * step, line[1], x0 + (k + 1) * step, line[3])))
        else:
            step = (line[2] - line[0]) / max(1, len(text))
            for k, ch in enumerate(text):
                pieces.append((ch, (line[0] + k * step, line[1], line[0] + (k + 1) * step, line[3])))
        if len(scores) != len(pieces):
            scores = [score] * len(pieces)
        pieces = _zero_as_digit(pieces)
        size = (line[3] - line[1]) * 0.8  # the detector's box is taller than the glyphs
        space = False
        for (ch, (x0, top, x1, bottom)), conf in zip(pieces, scores, strict=True):
            if not ch.strip():
                space = True
                continue
            char = Char(ch, x0, top, x1, bottom, size, space_before=space)
            out.append(OcrChar(char, max(0.0, min(1.0, float(conf)))))
            space = False
    return out


def _segments(
    mask: np.ndarray, horizontal: bool, min_len: int, max_thick: int
) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (x, y, w, h) of the straight runs in ``mask`` along one direction."""
    size = (min_len, 1) if horizontal else (1, min_len)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, size)
    lines = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    out = []
    for k in range(1, n):
        x, y, w, h = (int(v) for v in stats[k][:4])
        length, thick = (w, h) if horizontal else (h, w)
        # a slightly skewed long line is a little thicker: allow 2 % of its length
        if length >= min_len and thick <= max(max_thick, int(length * 0.02)):
            out.append((x, y, w, h))
    return out


def _inside(box: Box, text_boxes: Sequence[Box]) -> bool:
    x0, top, x1, bottom = box
    return any(
        x0 >= b[0] - 1 and x1 <= b[2] + 1 and top >= b[1] - 1 and bottom <= b[3] + 1 for b in text_boxes
    )


def rulings(image: np.ndarray, scale: float, text_boxes: Sequence[Box] = ()) -> list[dict]:
    """The horizontal and vertical ruling lines of a page image, as pdfplumber edges in points.

    ``image`` is the rendered page (grey or BGR); ``text_boxes`` are the OCR line
    boxes in points: a straight stroke that lies wholly inside one (the long
    stroke of 一 or 丨 in a large title) is not a ruling.
    """
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    paper = float(np.percentile(grey, 90))  # most of a page is paper
    mask = np.where(grey < paper - INK_BELOW_PAPER, 255, 0).astype(np.uint8)
    min_len = max(8, int(MIN_RULING_PT * scale))
    max_thick = max(2, int(MAX_RULING_THICKNESS_PT * scale))
    edges: list[dict] = []
    for horizontal in (True, False):
        for x, y, w, h in _segments(mask, horizontal, min_len, max_thick):
            x0, top, x1, bottom = x / scale, y / scale, (x + w) / scale, (y + h) / scale
            if _inside((x0, top, x1, bottom), text_boxes):
                continue
            if horizontal:
                mid = (top + bottom) / 2
                edges.append(_line(x0, mid, x1, mid, "h"))
            else:
                mid = (x0 + x1) / 2
                edges.append(_line(mid, top, mid, bottom, "v"))
    return edges


def off_the_rulings(chars: Sequence[OcrChar], edges: Sequence[dict], tol: float = 1.5) -> list[OcrChar]:
    """The characters without the bar-like ones (|, 丨, I, l …) the recogniser read off a
    vertical ruling that its text box touched: no text is printed on a table's lines."""
    xs = [(e["x0"], e["top"], e["bottom"]) for e in edges if e["orientation"] == "v"]

    def on_ruling(c: Char) -> bool:
        return any(abs(c.xc - x) <= tol and top - tol <= c.yc <= bottom + tol for x, top, bottom in xs)

    return [oc for oc in chars if not (oc.char.text in _BARS and on_ruling(oc.char))]


def fix_separators(text: str) -> str:
    """A number as printed: spaces the recogniser put between its digits and
    separators removed, and separators it confused ("1.801.39", "1,801,39") as
    written - commas between the groups of three digits, a point before the two
    decimals (only for two or more separators, where the grouping leaves no doubt)."""
    text = _SPACE_IN_NUMBER.sub("", text)
    m = _GROUPED.match(text.strip())
    if m is None:
        return text
    head, groups, cents = m.groups()
    return head + "".join("," + g[1:] for g in re.findall(r"[.,，]\d{3}", groups)) + "." + cents


def finish_cells(page: RawPage, chars: Sequence[OcrChar]) -> None:
    """Set every non-empty table cell's confidence, the lowest over the OCR characters
    whose centre lies in the cell's box (the layout places characters by centre too),
    and put confused thousands separators back (:func:`fix_separators`).  A line of
    running text gets the lowest confidence of its digits and number signs (the amounts
    its sentences state; None when it has none)."""
    for block in page.blocks:
        if isinstance(block, RawLine) and block.bbox is not None:
            block.confidence = _lowest_in(block.bbox, chars, _NUMBER_CHARS)
        if not isinstance(block, RawGrid):
            continue
        for row in block.rows:
            for cell in row:
                if not cell.text.strip() or cell.bbox is None:
                    continue
                cell.text = fix_separators(cell.text)
                cell.confidence = _lowest_in(cell.bbox, chars)


def _lowest_in(box: Box, chars: Sequence[OcrChar], only: frozenset[str] | None = None) -> float | None:
    """The lowest confidence of the characters (of ``only``, if given) whose centre lies in ``box``."""
    x0, top, x1, bottom = box
    confs = [
        oc.confidence
        for oc in chars
        if (only is None or oc.char.text in only)
        and x0 - 0.5 <= oc.char.xc <= x1 + 0.5
        and top - 0.5 <= oc.char.yc <= bottom + 0.5
    ]
    return min(confs) if confs else None
