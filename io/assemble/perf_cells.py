"""Cells of a performance table: text clean-up, label keys, model cells.

Every format prints the same table with different noise: wrapped lines,
spaces between Chinese characters ("2024 年"), split comparison signs
("> =90%"), converter markup ("<p>", "[bookmark: …]", "$\\geq 90\\%$").
:func:`clean_text` removes it so that labels and indicator texts read the
same for every format; :func:`label_key` is the form labels are looked up by;
:func:`make_cell` builds a model :class:`~gouji.model.document.Cell` with its
value read by :func:`gouji.model.numbers.strict_number`.
"""

from __future__ import annotations

import re

from gouji.io.assemble.block_text import cells_bbox
from gouji.io.raw import RawCell
from gouji.model.document import Cell
from gouji.model.numbers import is_blank, strict_number
from gouji.model.text import norm

_CJK = re.compile(r"[\u2014\u2026\u201c\u201d\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


# markup left in exported text by web / Word converters ("<p>…</p>", "[bookmark: _GoBack]")
_MARKUP = re.compile(r"</?(?:p|br|span|div)\s*/?>|\[bookmark:[^\]]*\]", re.I)
# inline TeX left by document converters: "$\\geq 90\\%$" → "≥90%"
_LATEX = re.compile(r"\$([^$]{1,40})\$")
_TEX_SYMBOLS = {
    r"\geq": "≥",
    r"\ge": "≥",
    r"\leq": "≤",
    r"\le": "≤",
    r"\%": "%",
    r"\times": "×",
    r"\sim": "~",
}


def _latex_plain(m: re.Match) -> str:
    inner = m.group(1)
    for tex, sym in sorted(_TEX_SYMBOLS.items(), key=lambda kv: -len(kv[0])):
        inner = inner.replace(tex, sym)
    if "\\" in inner or "{" in inner:
        return m.group(0)  # real TeX we do not understand: keep as printed
    return re.sub(r"\s+", "", inner)


# "> =90%", "< =100%": a comparison sign split by the extraction
_OP_GAP = re.compile(r"(?<=[<>≤≥=])[ \t]+(?==)")
_HAN = "\u3400-\u9fff\uff08\uff09\uff0c\u3001\u3002\u2014"
_CJK_GAP = re.compile(
    rf"(?<=[{_HAN}])[ \t\u3000]+(?=[{_HAN}0-9A-Za-z(])|(?<=[0-9A-Za-z%)])[ \t\u3000]+(?=[{_HAN}])"
)


def clean_text(text: str | None) -> str:
    """Join wrapped lines of a cell: no space between CJK fragments, one space otherwise.

    Spaces next to a Chinese character are extraction noise ("市 场秩序", "2024 年",
    "=3 家": PDF text layers split runs of Chinese and Latin glyphs) and are dropped;
    spaces between digits or Latin letters are kept ("> =90%").
    """
    if not text:
        return ""
    text = _MARKUP.sub(" ", text)
    if "$" in text:
        text = _LATEX.sub(_latex_plain, text)
    text = _CJK_GAP.sub("", text)
    text = _OP_GAP.sub("", text)
    parts = [p.strip() for p in text.replace("\r", "\n").split("\n")]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    out = parts[0]
    for p in parts[1:]:
        if _CJK.match(out[-1]) or _CJK.match(p[0]):
            out += p
        else:
            out += " " + p
    return out.strip()


def label_key(text: str) -> str:
    """Canonical form of a label: no whitespace, no unit or 盖章 remark, no 其中 prefix."""
    t = norm(text).replace("(", "（").replace(")", "）").replace(":", "：")
    for junk in ("（盖章）", "（万元）", "（元）", "（%）"):
        t = t.replace(junk, "")
    if t.startswith("其中："):
        t = t[3:]
    return t.rstrip("：")


def is_weight(text: str) -> bool:
    """A bare number 0–100 (a weight / score cell), not a percentage."""
    t = norm(text)
    if "%" in t or "％" in t:
        return False
    v = strict_number(t)
    return v is not None and 0 <= v <= 100


def make_cell(col: int, raw: RawCell | None, numeric: bool = True) -> Cell:
    """A model cell from a raw cell (text cleaned, number parsed when ``numeric``)."""
    if raw is None:
        return Cell(col=col, blank=True)
    text = clean_text(raw.text)
    blank = is_blank(text)
    value = strict_number(text) if numeric and not blank else None
    box = cells_bbox([raw])
    return Cell(
        col=col, text=text, value=value, blank=blank, page=raw.page, bbox=box, confidence=raw.confidence
    )
