"""Printed numbers → :class:`~decimal.Decimal`: amounts, percentages, scores.

Published tables print amounts with thousands separators (``17,439.61``),
full-width digits and signs (``－１２．５０``, ``１，２３４``), parentheses for
negatives (``(12.00)``), and "—", "-", "/", "0.00" or nothing for zero.
:func:`parse_amount` turns such a cell text into a value, and says whether
the cell is a *blank* (printed as nothing / a dash / a slash).

Whether a number is an amount at all is a column-role decision made by the
assembler: code columns (``2010601``) and 行次 / 栏次 columns are never amounts,
and texts with a unit suffix such as ``2024年`` are never parsed here.

Performance tables (绩效目标表 / 绩效自评表) print more than amounts, and are
read in two ways, each with its own function:

* :func:`strict_number` — the cell *is* one number: an amount, a percentage
  ("86%" → 86) or a score ("100.00分" → 100.00).  Words, years ("2024年"),
  targets ("≥90%") and blanks give None.  The assembler reads performance
  cells with it (and :func:`is_blank` for blanks).
* :func:`loose_number` — the *one* number printed anywhere in a text
  ("≥90%" → 90, "2024年" → 2024, "约3.5万元" → 3.5); None when the text holds
  no number or several.  No full-width separators, parentheses or thousands
  grouping checks.  The performance rules read cells the assembler left as
  text with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from gouji.model.text import norm

__all__ = [
    "ParsedAmount",
    "parse_amount",
    "normalise_digits",
    "looks_like_amount",
    "BLANK_MARKS",
    "strict_number",
    "loose_number",
    "is_blank",
]

# full-width → ASCII for digits, signs and separators
_FW = {ord(c): ord(a) for c, a in zip("０１２３４５６７８９．，－＋（）％", "0123456789.,-+()%", strict=True)}
_FW.update(
    {ord("\u2212"): ord("-"), ord("\u2013"): ord("-"), ord("\uff0f"): ord("/"), ord("\u3000"): ord(" ")}
)

#: texts printed instead of a zero amount
BLANK_MARKS = frozenset({"", "-", "--", "—", "——", "–", "/", "－", "─", "━", "…", "\\", "×", "*", "＊"})

_DASHES = re.compile(r"[-—–─━－_…/\\*＊]+")

_NUM = re.compile(
    r"""^
    (?P<neg>[-+])?
    (?P<par>\()?
    (?P<neg2>[-+])?
    (?P<int>\d{1,3}(?:,\d{3})+|\d+)?
    (?:\.(?P<frac>\d+))?
    (?P<par2>\))?
    (?P<pct>%)?
    $""",
    re.X,
)


@dataclass(frozen=True, slots=True)
class ParsedAmount:
    """Result of :func:`parse_amount`.

    ``value`` is None for blanks; ``blank`` is True when the cell printed
    nothing, a dash or a slash; ``percent`` is True when the text ended in "%"
    (the value is then the printed number, e.g. ``86`` for "86%").
    """

    value: Decimal | None
    blank: bool = False
    percent: bool = False


def normalise_digits(text: str) -> str:
    """Full-width digits / signs / separators to ASCII; strip spaces."""
    return text.translate(_FW).replace(" ", "").replace("\u00a0", "").replace("\n", "").strip()


def parse_amount(text: str | None, allow_percent: bool = True) -> ParsedAmount | None:
    """Parse a printed amount.

    Parameters
    ----------
    text
        The cell text as printed.
    allow_percent
        Accept a trailing "%".

    Returns
    -------
    ParsedAmount or None
        None when the text is not an amount (words, years like "2024年",
        dates, mixed text); a blank ``ParsedAmount`` for "", "—", "-", "/".

    Examples
    --------
    >>> parse_amount("17,439.61").value
    Decimal('17439.61')
    >>> parse_amount("（12.50）").value
    Decimal('-12.50')
    >>> parse_amount("—").blank
    True
    >>> parse_amount("2024年") is None
    True
    """
    if text is None:
        return ParsedAmount(None, blank=True)
    t = normalise_digits(text)
    if t in BLANK_MARKS or _DASHES.fullmatch(t):
        return ParsedAmount(None, blank=True)
    m = _NUM.match(t)
    if m is None:
        return None
    if m.group("int") is None and m.group("frac") is None:
        return None
    if bool(m.group("par")) != bool(m.group("par2")):
        return None
    if m.group("pct") and not allow_percent:
        return None
    if m.group("neg") and m.group("neg2"):
        return None
    num = (m.group("int") or "0").replace(",", "")
    if m.group("frac") is not None:
        num += "." + m.group("frac")
    try:
        value = Decimal(num)
    except InvalidOperation:  # pragma: no cover - regex guarantees digits
        return None
    sign = m.group("neg") or m.group("neg2")
    if sign == "-" or m.group("par"):
        value = -value
    return ParsedAmount(value, blank=False, percent=bool(m.group("pct")))


def looks_like_amount(text: str | None) -> bool:
    """True for a printed money amount with decimals or thousands separators ("1,801.39", "0.00").

    Small integers ("1", "12" — 栏次 numbers) and codes ("2010601") are not
    amount-like: this is the test used to tell header rows from data rows.
    """
    if not text:
        return False
    t = normalise_digits(text)
    if "." not in t and "," not in t:
        return False
    p = parse_amount(t, allow_percent=False)
    return p is not None and p.value is not None


def _parse_score(text: str) -> ParsedAmount | None:
    """:func:`parse_amount` of a cell without its whitespace and a trailing "分"."""
    t = norm(text)
    if t.endswith("分") and len(t) > 1:
        t = t[:-1]
    return parse_amount(t)


def strict_number(text: str) -> Decimal | None:
    """The number a cell prints as its whole content: "1,700.00", "86%", "100.00分", "－3.5".

    Percent signs and a trailing "分" are dropped (the value is the printed
    number).  Years, codes or text with words are not numbers; blanks ("-",
    "—", "/") have no value.
    """
    parsed = _parse_score(text)
    return None if parsed is None else parsed.value


def is_blank(text: str) -> bool:
    """A cell printed as nothing, a dash or a slash (read as :func:`strict_number` reads it)."""
    parsed = _parse_score(text)
    return parsed is not None and parsed.blank


_ANY_NUMBER = re.compile(r"[-+]?\d[\d,，]*(?:\.\d+)?")


def loose_number(text: str | None) -> Decimal | None:
    """The one number printed in ``text`` ("1,236.80", "86%", "≥90%", "2024年"), else None.

    Whitespace is ignored; "," and "，" inside the number are thousands
    separators (never checked).  None when the text holds no number (blanks,
    words) or more than one ("10-20人").
    """
    nums = _ANY_NUMBER.findall(norm(text))
    if len(nums) != 1:
        return None
    try:
        return Decimal(nums[0].replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None
