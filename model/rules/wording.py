"""Text helpers shared by the rules: normalising printed text and wording amounts.

- :func:`fmt` — an amount as the documents print it ("17,439.61");
- :func:`clean_name` — a row or subject name without enumerator, "其中：" or (类)/(款)/(项) marker;
- :func:`ordinal_level` / :func:`strip_ordinal` — the outline numbering of a row name;
- :func:`doc_scope` — whether the document speaks as a 单位 or a 部门.
"""

from __future__ import annotations

import re
from decimal import Decimal

from gouji.model.document import Document
from gouji.model.text import norm


def fmt(value: Decimal | None, places: int = 2, *, exact: bool = False) -> str:
    """An amount with thousands separators and ``places`` decimals ("17,439.61"); "—" for None.

    ``exact``: never round — a value with more significant decimals than ``places`` is
    printed in full (table amounts printed to six places).  Without it the value is
    rounded to ``places`` (amounts computed from text, ratios).
    """
    if value is None:
        return "—"
    q = Decimal(1).scaleb(-places)
    if exact and value != value.quantize(q):
        return f"{value:,}"
    return f"{value.quantize(q):,}"


_ENUM_NAME_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])\s*"
)


def clean_name(name: str | None) -> str:
    """A name as quoted in the text: without quotes, enumerator, "其中：" and a (类)/(款)/(项) marker."""
    n = (name or "").strip().strip("“”\"'‘’「」-—－–:：")
    n = _ENUM_NAME_RE.sub("", n)
    n = re.sub(r"^其中\s*[:：]\s*", "", n)
    return re.sub(r"[\s（(]*(类|款|项)[）)]\s*$", "", n).replace(" ", "").strip()


def ordinal_level(name: str) -> int | None:
    """Outline level of a row name: 一、 → 1; 1、 / 1. / （一） → 2; 其中 → 3; else None."""
    s = norm(name)
    if re.match(r"^[一二三四五六七八九十]+[、.．]", s):
        return 1
    if re.match(r"^(\d+[、.．)）]|[（(][一二三四五六七八九十\d]+[)）])", s):
        return 2
    if s.startswith("其中"):
        return 3
    return None


def strip_ordinal(name: str) -> str:
    """A row name without its outline number or "其中：" ("一、本年收入合计" → "本年收入合计")."""
    s = norm(name)
    s = re.sub(r"^(其中[:：]?)", "", s)
    s = re.sub(r"^([一二三四五六七八九十]+[、.．]|\d+[、.．)）]|[（(][一二三四五六七八九十\d]+[)）])", "", s)
    return s


_UNIT_TITLE_RE = re.compile(r"单位(预算|决算|概况)")
_DEPT_TITLE_RE = re.compile(r"部门(预算|决算|概况)")


def is_unit_title(title: str) -> bool:
    """A title naming a 单位 disclosure ("单位预算", "单位决算", "单位概况")."""
    return bool(_UNIT_TITLE_RE.search(title))


def is_dept_title(title: str) -> bool:
    """A title naming a 部门 disclosure ("部门预算", "部门决算", "部门概况")."""
    return bool(_DEPT_TITLE_RE.search(title))


def doc_scope(doc: Document) -> tuple[str | None, list[str]]:
    """("单位" / "部门" / None, the titles that say so) from the title and part titles."""
    titles = [doc.title or ""] + [sec.title for sec in doc.sections if sec.level == 1]
    unit_t = [x for x in titles if is_unit_title(x)]
    dept_t = [x for x in titles if is_dept_title(x)]
    if doc.title:
        if re.search(r"单位(预算|决算)", doc.title):
            return "单位", unit_t + dept_t
        if re.search(r"部门(预算|决算)", doc.title):
            return "部门", unit_t + dept_t
    if unit_t and not dept_t:
        return "单位", unit_t
    if dept_t and not unit_t:
        return "部门", dept_t
    return None, unit_t + dept_t
