"""Budget classification codes printed in a table: 类 | 款 | 项 columns or a code before the name.

:class:`CodeContext` turns printed codes into full codes ("208 | 05 | 01" →
"2080501"), inheriting blank leading parts and bare 款 / 项 codes ("06") from
the rows above, and reads codes printed in pieces ("301 2" → 30102, "7 11 02"
→ 2071102 under 207); :func:`split_code_name` reads a code printed before a
name ("201 一般公共服务支出").
"""

from __future__ import annotations

import re

from gouji.model.numbers import normalise_digits
from gouji.model.text import norm

__all__ = ["CODE", "CODE_IN_NAME", "is_code", "CodeContext", "code_level", "split_code_name"]

#: a code printed alone in a cell ("2010601", "06")
CODE = re.compile(r"^\d{2,7}$")
#: a code printed before a name ("201 一般公共服务支出", "[2010801]行政运行", spaced "208 05 01 …")
CODE_IN_NAME = re.compile(
    r"^\s*[\[【]?\s*(\d{3}(?:\d{2}){0,2}|\d{3}(?:\s\d{2}){1,2})\s*[\]】]?\s*(?!\d)(\S.*)$"
)
#: a code printed in pieces: "301 2" (款 without its leading zero), "7 11 02" (the 类 cut to its last digit)
_SPACED = re.compile(r"^\d{1,3}(?:\s+\d{1,2}){1,2}$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９\u3000", "0123456789 ")


def is_code(text: str) -> bool:
    """A cell holding only a code (2 to 7 digits)."""
    return bool(CODE.match(norm(text)))


class CodeContext:
    """Normalises printed codes to full codes, remembering the enclosing 类 / 款."""

    def __init__(self, economic: bool = False) -> None:
        self.economic = economic  # economic codes have two levels (301 / 30101)
        self.parts: list[str] = []  # last full parts, e.g. ["208", "05", "01"]

    def from_columns(self, parts: list[str]) -> str | None:
        """Codes printed in separate 类 | 款 | 项 columns (blank leading cells inherited)."""
        if len(parts) == 1:
            return self.from_single(parts[0])
        ps = [re.sub(r"[\[\]【】]", "", normalise_digits(p)) for p in parts]
        if not any(ps):
            return None
        if any(p and not p.isdigit() for p in ps):
            return None
        # a 款 / 项 printed without its leading zero ("301 | 2")
        ps = [p.zfill(2) if i and len(p) == 1 else p for i, p in enumerate(ps)]
        longest = max(ps, key=len)
        if len(longest) in (5, 7) and all(not p or longest.startswith(p) or len(p) == 2 for p in ps):
            # cumulative codes ("208 | 20805 | 2080501") or the full code in one of the columns
            return self.from_single(longest)
        last = max(i for i, p in enumerate(ps) if p)
        full: list[str] = []
        for i in range(last + 1):
            val = ps[i] or (self.parts[i] if i < len(self.parts) else "")
            if not val:
                return None
            full.append(val)
        self.parts = full
        return "".join(full)

    def from_single(self, code: str) -> str | None:
        """A code printed in one column: full ("2010601") or a bare 款 / 项 ("06") under the context."""
        spaced = re.sub(r"[\[\]【】]", "", code.translate(_FULLWIDTH)).strip()
        if _SPACED.match(spaced):
            return self._from_pieces(spaced.split())
        c = re.sub(r"[\[\]【】]", "", normalise_digits(code))
        if not c.isdigit():
            return None
        if len(c) in (3, 5, 7):
            if self.economic and len(c) == 5 and c.endswith("00"):
                c = c[:3]  # "30400 对企事业单位的补贴": the class printed with a 00 款
            self.parts = [c[:3]] + [c[i : i + 2] for i in range(3, len(c), 2)]
            return c
        if len(c) == 2 and self.parts:
            # a bare 款 / 项 under the current class / 款
            if len(self.parts) >= 2 and not self.economic:
                self.parts = self.parts[:2] + [c]
            else:
                self.parts = self.parts[:1] + [c]
            return "".join(self.parts)
        return None

    def _from_pieces(self, pieces: list[str]) -> str | None:
        """A code printed in pieces: "301 2" → 30102; "7 11 02" → 2071102 under the class 207.

        The first piece is the 类 (3 digits), or its last digits when the class
        above ends with them; the others are 款 / 项 (a lost leading zero
        restored).  Anything else is not read (no code rather than a wrong one).
        """
        head, rest = pieces[0], [p.zfill(2) for p in pieces[1:]]
        if len(head) < 3:
            if not (self.parts and self.parts[0].endswith(head)):
                return None
            head = self.parts[0]
        if len(rest) > (1 if self.economic else 2):
            return None
        self.parts = [head, *rest]
        return "".join(self.parts)


def code_level(code: str | None) -> int | None:
    """Level of a function code: 1 = 类 (3 digits), 2 = 款 (5), 3 = 项 (7); None otherwise."""
    if not code:
        return None
    return {3: 1, 5: 2, 7: 3}.get(len(code))


def split_code_name(text: str) -> tuple[str | None, str]:
    """ "201 一般公共服务支出" → ("201", "一般公共服务支出"); plain names unchanged."""
    t = (text or "").strip()
    m = CODE_IN_NAME.match(t)
    if m and re.search(r"[\u4e00-\u9fff]", m.group(2)):
        # "2010801-行政运行", "30101－基本工资", "201 一般公共服务支出"
        return m.group(1), m.group(2).lstrip("-－—–_:：、.． ").strip()
    return None, t
