"""Header rows of a table grid: where the header ends, 栏次 rows, data rows.

:func:`detect_header` counts the header rows at the top of a grid (up to the
栏次 row "※ | 1 | 2 | 3" when there is one, else up to the first row that
carries data: an amount, a code, a total or list label).
"""

from __future__ import annotations

import re

from gouji.io.assemble.table_codes import CODE_IN_NAME, is_code
from gouji.model.numbers import looks_like_amount, parse_amount
from gouji.model.text import norm

__all__ = [
    "TOTAL_WORDS",
    "is_stub_row",
    "strip_stub_tokens",
    "is_data_row",
    "detect_header",
    "header_band",
    "same_header",
    "first_total",
    "code_axis",
]

#: words of a total row's name
TOTAL_WORDS = ("合计", "总计")
_STUB_TOKEN = re.compile(r"^(?:※|栏次|行次|[0-9]{1,2}|[甲乙丙丁戊]|[A-Z])$")
_STUB_OR_CODE_HEAD = re.compile(r"^(?:※|栏次|行次|[0-9]{1,2}|[甲乙丙丁戊]|[A-Z]|类|款|项)$")


def is_stub_row(texts: list[str]) -> bool:
    """The 栏次 row under a header: "※ ※ 1 2 3", "栏次 1 2 3", "甲 乙 1 2"."""
    vals = [norm(t) for t in texts if norm(t)]
    if len(vals) < 2:
        return False
    marks = sum(1 for v in vals if _STUB_OR_CODE_HEAD.match(v))
    if marks < len(vals):
        # a 栏次 line with a header word spilled into it ("※ | 1 | 的转移 4支付 | 5"): mostly marks
        return any(v in ("※", "栏次", "行次") for v in vals) and marks >= max(3, 0.75 * len(vals))
    digits = [int(v) for v in vals if v.isdigit()]
    return len(digits) >= 2 or any(v in ("※", "栏次", "行次") for v in vals)


def strip_stub_tokens(row: list[str]) -> list[str]:
    """A header row without its 栏次 marks ("类 款 项 栏次 1 2 3" → "类 款 项")."""
    return ["" if _STUB_TOKEN.match(norm(t)) else t for t in row]


def is_data_row(texts: list[str]) -> bool:
    """A row that carries data: an amount, a leading code, or a total / list label."""
    vals = [t.strip() for t in texts]
    nonempty = [v for v in vals if v]
    if not nonempty:
        return False
    if any(looks_like_amount(v) for v in nonempty):
        return True
    first = nonempty[0]
    if is_code(first) and len(norm(first)) in (3, 5, 7):
        return True
    if CODE_IN_NAME.match(first) and len(norm(first)) > 3:
        return True
    n = norm(first)
    if any(n.startswith(w) or n.endswith(w) for w in TOTAL_WORDS) and len(n) <= 8:
        # "合计 | 1.00 | —" is data; "合计 | 基本支出 | 项目支出" is a header row
        return all(parse_amount(v) is not None for v in nonempty[1:])
    return False


def detect_header(rows: list[list[str]], max_rows: int = 8) -> tuple[int, int | None]:
    """Number of header rows at the top of a grid, and the index of the stub row if any.

    The header ends with the 栏次 row when there is one, else before the first
    data row; a grid with no data row at all is all header (an empty table).
    """
    for k, texts in enumerate(rows[:max_rows]):
        if is_stub_row(texts):
            if not any(looks_like_amount(t) for r in rows[:k] for t in r):
                return k + 1, k
            break
    for k, texts in enumerate(rows[:max_rows]):
        if is_data_row(texts) or (k and _is_list_item_row(texts)):
            return k, None
        if k and not any(norm(t) for t in texts):
            # the blank body of an empty table: blank lines, then a data row ("合计") or nothing
            # (a blank line inside a header is followed by more header rows)
            nxt = next((r for r in rows[k + 1 :] if any(norm(t) for t in r)), None)
            if nxt is None or is_data_row(nxt):
                return k, None
    if len(rows) <= max_rows:
        return len(rows), None
    return 0, None


def _is_list_item_row(texts: list[str]) -> bool:
    """A row of an (empty) item list: "一、一般公共预算财政拨款收入 | | 一、一般公共服务支出 |"."""
    vals = [norm(t) for t in texts if norm(t)]
    return bool(vals) and bool(
        re.match(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])", vals[0])
    )


#: words of header cells (a row of two or more such cells without amounts is a header band)
_HEAD_WORDS = (
    "科目",
    "编码",
    "代码",
    "名称",
    "合计",
    "总计",
    "小计",
    "项目",
    "金额",
    "预算",
    "决算",
    "支出",
    "收入",
    "经费",
    "资金",
    "拨款",
    "栏次",
    "单位",
    "类别",
    "序号",
    "数量",
    "备注",
)


def header_band(rows: list[list[str]]) -> frozenset[str] | None:
    """The header cells at the top of a grid, when the grid starts with a header band.

    None when the grid starts with data (a continuation page without repeated header)
    or with a wrapped line of the row before (one cell, no header words).
    """
    n_head, stub = detect_header(rows)
    if n_head == 0:
        return None
    cells: set[str] = set()
    for k, r in enumerate(rows[: min(n_head, 6)]):
        vals = [norm(t) for t in (strip_stub_tokens(r) if k == stub else r) if norm(t)]
        if any(len(v) > _HEAD_CELL_MAX or parse_amount(v) is not None for v in vals) and k != stub:
            break  # a data row without decimals ("项目 | 450 | 为了落实…"): the band ended above it
        cells.update(vals)
    worded = [c for c in cells if any(w in c for w in _HEAD_WORDS)]
    if len(cells) < 2 or len(worded) < 2:
        return None
    return frozenset(cells)


#: header cells are short ("其中：专项资金列入部门预算的项目"); a long cell is running text in a data row
_HEAD_CELL_MAX = 24
#: a row label opening with a list number or a code ("22、其他支出", "（一）…", "201 …")
_LIST_MARK = re.compile(r"^[0-9一二三四五六七八九十（(\[【]")


def same_header(a: frozenset[str], b: frozenset[str]) -> bool:
    """Header band ``b`` repeats header band ``a`` (a continuation page), up to wrapping.

    Most cells must be shared, and ``b`` may add no header cell of its own (a fund or column
    name: "政府性基金预算支出" over "一般公共预算支出" is another table); an added data label
    ("22、其他支出", read into the band of a page that opens with a wrapped row) is allowed.
    """
    if not a or not b:
        return False
    if len(a & b) < 0.75 * max(len(a), len(b)):
        return False
    return not any(_LIST_MARK.match(t) is None and any(w in t for w in _HEAD_WORDS) for t in b - a)


def first_total(rows: list[list[str]]) -> tuple[str, ...] | None:
    """The amounts of a grid's first data row when it is a 合计 / 总计 row."""
    n_head, _ = detect_header(rows)
    for texts in rows[n_head : n_head + 2]:
        vals = [norm(t) for t in texts if norm(t)]
        if (
            vals
            and any(vals[0].startswith(w) or vals[0].endswith(w) for w in TOTAL_WORDS)
            and len(vals[0]) <= 8
        ):
            amounts = tuple(v for v in vals[1:] if looks_like_amount(v))
            return amounts or None
    return None


_CLASS_CODE = re.compile(r"^[\[【]?([235])\d{2}(?:\d{2}){0,2}(?![\d.,，．])")


def code_axis(rows: list[list[str]]) -> str | None:
    """The classification of a grid's coded rows: "功能" (2xx) or "经济" (3xx / 5xx).

    None unless at least two rows carry a code and all of one classification.
    """
    n_head, _ = detect_header(rows)
    seen: list[str] = []
    for r in rows[n_head:]:
        for t in r[:4]:
            m = _CLASS_CODE.match(norm(t))
            if m:
                seen.append("功能" if m.group(1) == "2" else "经济")
                break
    return seen[0] if len(seen) >= 2 and len(set(seen)) == 1 else None
