"""The publishing unit's name and its 部门 / 单位 wording.

Helpers for ``comp.unit_name`` (completeness.py), which compares the cover's unit name with the
tables' 编制单位 lines, the part titles and the sentences that state the unit's own figures:

- :func:`same_unit` — two printings of one name: equal after the usual abbreviations
  (中国共产党 → 中共, 委员会 → 委, 人民政府 → 政府, "（本级）" dropped), or one a contiguous tail of
  the other ("普陀区财政局" for 上海市普陀区财政局; "纳入上海市普陀区财政局" where a verb is
  glued before the name).  A missing district in the middle ("上海市财政局") or another word
  order is not the same name;
- :func:`title_unit` — the unit named in a part title ("第一部分上海市普陀区财政局概况");
- :func:`statement_units` — the unit leading a statement of its figures ("XX局2024年度收入…").

Rule ``text.scope_wording``: a 单位 disclosure (``Document.scope``) that speaks of its own
部门预算 / 部门决算 / 部门收支 … in the 情况说明, in sub-section titles or table titles.  "本部门" is
``text.unit_wording``'s, part titles mixing 单位 and 部门 too; fixed terms stay legitimate
("部门预算支出经济分类", "部门经济分类", "主管部门", "各部门", "财政部门", "部门预算管理" …).
"""

from __future__ import annotations

import re
from typing import Iterator

from gouji.model.document import DocScope, Document, SectionKind
from gouji.model.findings import Family, Finding, Location, Severity, sentence_location
from gouji.model.rules.registry import RuleContext, register_rule
from gouji.model.rules.textnum import normalise, quote, text_sentences
from gouji.model.text import norm

_ABBREVIATIONS = (("中国共产党", "中共"), ("委员会", "委"), ("人民政府", "政府"))
_LEVEL_MARK_RE = re.compile(r"[（(]\s*(本级|汇总|部门|单位|盖章|公章)\s*[)）]")
#: the last character of an organisation's name
_ORG_END = "局委办室院心厅部处队所站馆会校社府道镇乡"
_PART_RE = re.compile(r"^第[一二三四五六七八九十\d]+部分[:：]?")
_TITLE_CUT_RE = re.compile(
    r"(\d{4}年度?|概况|部门|单位|主要职能|机构设置|职能|预算|决算|情况说明|公开|收支|名词解释)"
)
_STATEMENT_RE = re.compile(
    r"([\u4e00-\u9fff（）()]{4,40}?[" + _ORG_END + r"])((?:19|20)\d\d)年度?(?:部门|单位)?"
    r"(?:收入|支出|收支|预算|决算|“三公”|一般公共|政府性基金|国有资本|财政拨款)"
)


def unit_key(name: str) -> str:
    """A unit name with the usual abbreviations applied and level marks dropped."""
    s = _LEVEL_MARK_RE.sub("", norm(name))
    for full, short in _ABBREVIATIONS:
        s = s.replace(full, short)
    return s


def same_unit(a: str, b: str) -> bool:
    """``a`` and ``b`` print the same unit's name (full or short form; see the module docstring)."""
    x, y = unit_key(a), unit_key(b)
    if not x or not y:
        return True
    return x == y or (len(y) >= 2 and x.endswith(y)) or (len(x) >= 2 and y.endswith(x))


def title_unit(title: str) -> str | None:
    """The unit a part title names before its topic, if it names one."""
    s = _LEVEL_MARK_RE.sub("", _PART_RE.sub("", norm(title)))
    m = _TITLE_CUT_RE.search(s)
    head = s[: m.start()] if m else ""
    if len(head) >= 4 and head[-1] in _ORG_END:
        return head
    return None


def statement_units(text: str) -> Iterator[str]:
    """Each unit name that leads a statement of figures in ``text``."""
    for m in _STATEMENT_RE.finditer(normalise(norm(text))):
        yield m.group(1)


# ---------------------------------------------------------------------------------------------
# 部门 wording in a 单位 disclosure
# ---------------------------------------------------------------------------------------------

_DEPT_PHRASE_RE = re.compile(
    r"(?<![各有关相关主管财政职能其他政府工作业务上级归口本该全非])部门"
    r"(预算|决算|收支|收入|支出|整体支出|整体绩效|概况)"
    r"(?!\s*(支出)?经济分类|\s*管理|\s*编制规程|\s*改革)"
)
_READ_KINDS = {SectionKind.EXPLANATION, SectionKind.OTHER, SectionKind.PERFORMANCE}


@register_rule(
    "text.scope_wording",
    "单位预决算中的“部门”表述",
    Family.TEXT_QUALITY,
    Severity.WARNING,
    description=(
        "单位预算/决算的情况说明、各节标题和表格标题中不应把本单位的收支写作“部门预算”“部门决算”“部门收支总体情况”等；"
        "“部门预算支出经济分类”“部门经济分类”“主管部门”“财政部门”“各部门”等固定用语不在此列。"
    ),
)
def rule_scope_wording(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    if doc.scope != DocScope.UNIT:
        return
    kinds = {s.id: s.kind for s in doc.sections}
    for s in text_sentences(doc):
        if kinds.get(s.section_id) not in _READ_KINDS:
            continue
        text = norm(s.text)
        for m in _DEPT_PHRASE_RE.finditer(text):
            yield ctx.finding(
                f"本文件为单位预决算，文字写作“{m.group(0)}”：“{quote(text, m.start(), m.end())}”，应为“单位{m.group(1)}”。",
                key=(s.text, m.group(0)),
                formula="单位预决算用“单位”表述",
                locations=[sentence_location(s)],
            )
    places = [
        (sec.title, Location(text=sec.title, page=sec.page, bbox=sec.bbox))
        for sec in doc.sections
        if sec.level >= 2 and sec.kind in _READ_KINDS
    ] + [
        (t.title, Location(table=t.id, page=t.pages[0] if t.pages else None, bbox=t.title_bbox))
        for t in doc.standard_tables
    ]
    for title, loc in places:
        text = norm(title)
        hit = _DEPT_PHRASE_RE.search(text)
        if hit:
            yield ctx.finding(
                f"本文件为单位预决算，标题“{text}”写作“{hit.group(0)}”，应为“单位{hit.group(1)}”。",
                key=(text, hit.group(0), "title"),
                formula="单位预决算用“单位”表述",
                locations=[loc],
            )
