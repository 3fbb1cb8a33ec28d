"""Who, when and what a document discloses: the key a disclosure set is indexed by.

A document's identity is its unit (full name, normalised), its year, its kind (预算 / 决算),
its scope (部门 / 单位) and its form (full, text half, tables half …).  The unit name is
normalised conservatively: whitespace, full-width forms and the printed qualifiers
"（本级）", "（部门）", "（单位）", "（汇总）" and a trailing "本级" / "本部" / "机关本级"
are removed — nothing else (no abbreviations, no fuzzy matching), so that two different
units never share a key.

:func:`listed_units` reads the units a department says it consists of (部门预算单位构成,
"具体包括（列示至基层预算单位）：1.… 2.…", "纳入…编制范围的…单位包括：A、B、C"),
without the units the text says are not budgeted separately ("不单列预算，并入本部").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from gouji.model.document import DocForm, DocKind, DocScope, Document

#: a qualifier printed after a unit's name that does not change which unit it is
_QUALIFIER_RE = re.compile(r"[(]\s*(本级|部门|单位|汇总|合并|本部|机关本级|部门汇总|部门本级)\s*[)]$")
#: the unit's own part of a department ("XX局本级", "XX局本部", "XX局机关本级")
_OWN_PART_RE = re.compile(r"(机关本级|本级|本部)$")
_SPACE_RE = re.compile(r"\s+")
_LEAD_RE = re.compile(r"^(编制单位|编制部门|预算单位|预算主管部门|单位名称|部门名称|单位|部门)[:：]")


def normalise_unit(name: str | None) -> tuple[str, bool]:
    """(the normalised name, whether it named the unit's own part: 本级 / 本部).

    "上海市普陀区人民政府办公室本部" → ("上海市普陀区人民政府办公室", True);
    "XX街道办事处（部门）" → ("XX街道办事处", False).  Empty for no name.
    """
    if not name:
        return "", False
    s = unicodedata.normalize("NFKC", name)
    s = _SPACE_RE.sub("", s)
    s = _LEAD_RE.sub("", s)
    s = s.strip("。.，,；;：:")
    own = False
    for _ in range(3):
        m = _QUALIFIER_RE.search(s)
        if m is None:
            break
        own = own or m.group(1) in ("本级", "本部", "机关本级", "部门本级")
        s = s[: m.start()]
    m2 = _OWN_PART_RE.search(s)
    if m2 is not None and len(s) - len(m2.group(1)) >= 4:
        own = True
        s = s[: m2.start()]
    return s, own


@dataclass(frozen=True)
class Identity:
    """What a document is, for a disclosure set."""

    unit: str  # normalised full name
    year: int
    kind: DocKind
    scope: DocScope
    form: DocForm
    own_part: bool = False  # the name said 本级 / 本部

    @property
    def label(self) -> str:
        """In Chinese: "2025年 部门预算 上海市…"."""
        scope = {DocScope.DEPARTMENT: "部门", DocScope.UNIT: "单位"}.get(self.scope, "")
        kind = {DocKind.BUDGET: "预算", DocKind.FINAL: "决算"}.get(self.kind, "")
        return f"{self.year}年{scope}{kind} {self.unit}"


def identity(doc: Document) -> Identity | None:
    """The identity of ``doc``, or None when its unit, year or kind was not read (never guessed)."""
    unit, own = normalise_unit(doc.unit_name)
    if len(unit) < 4 or doc.year is None or doc.kind == DocKind.UNKNOWN:
        return None
    return Identity(unit, doc.year, doc.kind, doc.scope, doc.form, own)


# ---------------------------------------------------------------------------
# 部门预算单位构成
# ---------------------------------------------------------------------------
#: a sentence that introduces the list of a department's budget units
LIST_LEAD_RE = re.compile(
    r"(预算单位构成|决算单位构成|单位构成|列示至基层预算单位|基层预算单位|"
    r"纳入[^。；]{0,24}(预算|决算)[^。；]{0,8}范围的[^。；]{0,12}单位|"
    r"(部门预算|部门决算)[^。；]{0,6}(包括|由)[^。；]{0,40}(本部|本级|机关)[^。；]{0,4}(以及|和|及))"
)
_ITEM_RE = re.compile(
    r"^\s*(?:\d{1,2}\s*[.、．]|[（(]\s*[\d一二三四五六七八九十]{1,3}\s*[）)])\s*(.+?)[。；;]?\s*$"
)
_INLINE_RE = re.compile(r"(?:包括|包含|有)[:：]\s*(.+?)[。；;]?\s*$")
#: a unit the text says is not budgeted on its own
_MERGED_RE = re.compile(r"不单列|并入|不单独编制|不独立编制|不单独核算|合并编制")
#: how a unit's name ends (organisations, never internal divisions such as 科 / 处室 lists)
_UNIT_END_RE = re.compile(
    r"(本部|本级|机关|局|委员会|委|办公室|办事处|中心|站|所|院|校|学校|馆|队|会|社|处|厅|部|室|园|台|场|库)$"
)
_ITEM_LEAD_RE = re.compile(r"^(下属|所属)?(行政单位|事业单位|参公单位|二级单位|单位)?")


def listed_units(doc: Document) -> list[tuple[str, bool]] | None:
    """The units a department lists as its budget units: ``[(normalised name, own part), …]``.

    None when the document lists none that can be read with certainty.  Units that the
    text says are merged into another ("不单列预算，并入本部") are left out.
    """
    sents = doc.sentences
    for i, s in enumerate(sents):
        text = unicodedata.normalize("NFKC", s.text)
        if not LIST_LEAD_RE.search(text):
            continue
        names: list[str] = []
        inline = _INLINE_RE.search(text)
        if inline and re.search(r"[、，,]", inline.group(1)):
            names = _split_names(inline.group(1))
        else:
            for nxt in sents[i + 1 : i + 60]:
                if nxt.section_id != s.section_id:
                    break
                m = _ITEM_RE.match(unicodedata.normalize("NFKC", nxt.text))
                if m is None:
                    break
                names.append(m.group(1))
        units = _units_of(names)
        if units:
            return units
    return None


def _split_names(text: str) -> list[str]:
    """ "A（本级），B（别名）、C" → ["A（本级）", "B（别名）", "C"]: split at 、 and commas outside brackets."""
    names, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "(（"
        depth -= ch in ")）"
        if depth <= 0 and ch in "、，,":
            names.append(cur)
            cur = ""
        else:
            cur += ch
    return [n for n in [*names, cur] if n.strip()]


def _units_of(items: list[str]) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for raw in items:
        if _MERGED_RE.search(raw):
            continue
        name = _ITEM_LEAD_RE.sub("", raw.strip()).strip('“”"')
        if not _UNIT_END_RE.search(re.sub(r"[(（][^()（）]*[)）]$", "", name)):
            return []  # an item that is not a unit name: the list is not a list of units
        unit, own = normalise_unit(name)
        if len(unit) >= 4 and (unit, own) not in out:
            out.append((unit, own))
    return out
