"""Family 4: function-classification subject names in the text against the tables.

``text.subject_name`` — a subject named in the running text with a level marker or a code
("住房保障支出（类）住房改革支出（款）住房公积金（项）", "卫生健康支出（210）") must carry the
name the document's own function-classification tables print for it:

- a name the tables print at another level ("住房保障支出（款）" where 住房保障支出 is the 类
  and its 款 rows are named otherwise) is an error;
- in a chain "X（类）Y（款）Z（项）" a 款 (or 类) whose name is not in the tables while the
  next level resolves to one row is checked against that row's parent ("行政事业单位离退休（款）
  机关事业单位基本养老保险缴费支出（项）" where the tables call 20805 行政事业单位养老支出);
- a 款 / 项 whose name is not in the tables while the amount stated right after it is in exactly one
  row of that level: an error naming that row (a warning when the text only abbreviates its name,
  "机关事业单位职业年金（项）" for 机关事业单位职业年金缴费支出);
- a subject renamed in the national 科目 (``resources/subjects/renamed_subjects.tsv``, e.g.
  医疗卫生与计划生育支出 → 卫生健康支出 in 2019) is flagged by its old name even where the table
  row is absent: an error after the year of the change, a warning in that year.

Short forms that are truly the same subject pass ("社会保障和就业（类）" for 社会保障和就业支出, a
name cut at a bracket that is a tail of the table's name).  Names with a code the tables carry and
the first 类 of a sentence that ``narr.code_name`` already judges are left to that rule.  A name
that does not resolve to table rows (a clause that glues words before it, a table without codes)
yields nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from gouji.model.document import Document, Sentence
from gouji.model.findings import Family, Finding, Severity, sentence_location
from gouji.model.rules.narrative import FUNC_TABLES, _class_with_amount, _code_names
from gouji.model.rules.registry import RuleContext, register_rule
from gouji.model.rules.selectors import tables
from gouji.model.rules.textnum import analyse, normalise, quote, text_sentences
from gouji.model.rules.wording import clean_name
from gouji.resources import RESOURCES

RENAMES_FILE = RESOURCES / "subjects" / "renamed_subjects.tsv"

_LEVEL_LEN = {"类": 3, "款": 5, "项": 7}
_LEN_LEVEL = {3: "类", 5: "款", 7: "项"}
#: a subject with its marker: NAME（类） / NAME（210类） / NAME（2100101）
_MARK_RE = re.compile(
    r"([^\s，。；：:,;()（）、“”‘’《》\d]{1,40}?)\s*[（(]\s*(\d{3,7})?\s*(类|款|项)?\s*[）)]"
)
_LEAD_RE = re.compile(r"^(?:[\d一二三四五六七八九十]*[.、．·]|[（(][\d一二三四五六七八九十]+[)）])+")


@dataclass(frozen=True)
class Rename:
    code: str
    old: str
    new: str
    year: int
    anywhere: bool


@lru_cache(maxsize=1)
def renamed_subjects() -> tuple[Rename, ...]:
    """The renamed / retired subject names shipped in ``resources/subjects/renamed_subjects.tsv``."""
    out = []
    for line in RENAMES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, old, new, year, anywhere = line.split("\t")
        out.append(Rename(code, old, new, int(year), anywhere.strip() == "1"))
    return tuple(out)


def current_name(r: Rename, year: int) -> str:
    """The name of ``r``'s subject in ``year``, following later renames of the new name."""
    name = r.new
    for later in renamed_subjects():
        if later.old == name and later.year <= year:
            name = later.new
    return name


@dataclass
class Mention:
    name: str  # cleaned
    code: str | None
    level: str | None
    start: int
    end: int
    chained: bool  # follows the previous mention directly ("X（类）Y（款）")


def mentions(text: str) -> list[Mention]:
    """Subjects named with a level marker or a code, in order."""
    out: list[Mention] = []
    prev_end = -1
    for m in _MARK_RE.finditer(text):
        code, level = m.group(2), m.group(3)
        if not code and not level:
            continue
        if code and level and len(code) != _LEVEL_LEN[level]:
            continue  # "（2类）" / a count, not a code
        if code and not level:
            level = _LEN_LEVEL.get(len(code))
            if level is None:
                continue
        name = clean_name(_LEAD_RE.sub("", m.group(1)))
        out.append(Mention(name, code, level, m.start(1), m.end(), m.start(1) == prev_end))
        prev_end = m.end()
    return out


class Names:
    """code → name of the document's function-classification tables, with lookups by name."""

    def __init__(self, doc: Document):
        self.by_code = {c: n for c, n in _code_names(doc).items() if c[:1] == "2"}
        self.by_name: dict[str, set[str]] = {}
        for code, name in self.by_code.items():
            self.by_name.setdefault(name, set()).add(code)

    def codes(self, name: str, length: int, prefix: str = "") -> list[str]:
        """Codes of ``length`` digits under ``prefix`` whose table name is ``name`` (or, for a 类,
        ``name`` + 支出: "社会保障和就业（类）")."""
        forms = {name, name + "支出"} if length == 3 else {name}
        return sorted(
            c for f in forms for c in self.by_name.get(f, ()) if len(c) == length and c.startswith(prefix)
        )

    def known(self, name: str, length: int) -> bool:
        """The name is the table's name at that level, or a tail of one (a name cut at a bracket)."""
        if self.codes(name, length):
            return True
        return len(name) >= 4 and any(len(c) == length and n.endswith(name) for c, n in self.by_code.items())

    def children(self, code: str, length: int) -> list[str]:
        return sorted(c for c in self.by_code if len(c) == length and c.startswith(code))


def same_name(text_name: str, table_name: str) -> bool:
    """The text's name is the table's: equal, cut at a bracket (a tail of it), or with words of the
    clause glued before it ("调整至科技条件与服务")."""
    a, b = text_name.removesuffix("支出"), table_name.removesuffix("支出")  # "公共安全（类）"
    if a == b or a.endswith(b):
        return True
    return len(a) >= 4 and b.endswith(a)


def _narr_judges(doc: Document, names: Names, text: str) -> str | None:
    """The first 类 name of a sentence that ``narr.code_name`` reports as an error (the table class
    carrying its amount is named otherwise): it is left to that rule.  (Where that rule only warns
    that the name is not in the tables, an old name is still reported here, as renamed.)"""
    sn = analyse(text)
    for name, level in sn.entity[:1]:
        n = clean_name(name)
        if level != "类" or not n or n in names.by_name or n + "支出" in names.by_name:
            return None
        amount = next((a for a in sn.values if a.level == "类" and clean_name(a.name) == n), None)
        if amount is not None and _class_with_amount(doc, amount) not in (None, n):
            return n
    return None


def _level_finding(names: Names, m: Mention) -> tuple[str, str] | None:
    """(message, expected) when the tables print ``m.name`` at another level only."""
    assert m.level is not None
    length = _LEVEL_LEN[m.level]
    if names.known(m.name, length):
        return None
    others = [c for c in names.by_name.get(m.name, ()) if len(c) != length]
    if not others:
        return None
    if len(others) == 1 and len(others[0]) < length:
        # a 类 / 款 name used for a lower level: its children at that level are named otherwise
        kids = names.children(others[0], length)
        if not kids:
            return None
        listed = "、".join(f"{names.by_code[c]}（{c}）" for c in kids[:4]) + ("等" if len(kids) > 4 else "")
        where = _LEN_LEVEL[len(others[0])]
        return (
            f"“{m.name}”在表中是{where}级科目（{others[0]}），其下{m.level}级科目为：{listed}",
            names.by_code[kids[0]] if len(kids) == 1 else listed,
        )
    parents = {c[:length] for c in others if len(c) > length}
    if len(parents) == 1 and len(others) == len([c for c in others if len(c) > length]):
        parent = parents.pop()
        if parent in names.by_code and names.by_code[parent] != m.name:
            return (
                f"“{m.name}”在表中是{_LEN_LEVEL[len(others[0])]}级科目，"
                f"其{m.level}级科目 {parent} 名为“{names.by_code[parent]}”",
                names.by_code[parent],
            )
    return None


def _chain_finding(names: Names, chain: list[Mention], i: int) -> tuple[str, str, str] | None:
    """(message, code, table name) when mention ``i`` of a chain is not in the tables but the
    next level resolves to one row whose parent at ``i``'s level is named otherwise."""
    m = chain[i]
    if m.code or m.level not in ("类", "款") or i + 1 >= len(chain):
        return None
    length = _LEVEL_LEN[m.level]
    if names.known(m.name, length) or names.by_name.get(m.name):
        return None  # known (a name at another level is _level_finding's)
    prefix = ""
    if i > 0 and chain[i - 1].level == "类":
        cls = names.codes(chain[i - 1].name, 3)
        prefix = cls[0] if len(cls) == 1 else ""
    nxt = chain[i + 1]
    if nxt.level is None or _LEVEL_LEN[nxt.level] <= length:
        return None
    hits = names.codes(nxt.name, _LEVEL_LEN[nxt.level], prefix)
    if len(hits) != 1:
        return None
    parent = hits[0][:length]
    table_name = names.by_code.get(parent)
    if table_name is None or same_name(m.name, table_name):
        return None
    return (
        f"{nxt.level}级科目“{nxt.name}”（{hits[0]}）所属{m.level}级科目 {parent} 在表中名为“{table_name}”，文中写作“{m.name}”",
        parent,
        table_name,
    )


def _abbreviates(short: str, full: str) -> bool:
    """Every character of ``short`` appears in ``full`` in order (an abbreviation of it)."""
    it = iter(full)
    return all(ch in it for ch in short)


def _amount_finding(doc: Document, names: Names, chain: list[Mention], text: str) -> tuple[str, str] | None:
    """(code, table name) when the last 款 / 项 of a chain is not in the tables by name but the amount
    stated right after it is in exactly one row of that level, named otherwise."""
    m = chain[-1]
    if m.code or m.level not in ("款", "项") or names.by_name.get(m.name):
        return None
    length = _LEVEL_LEN[m.level]
    if names.known(m.name, length):
        return None
    sn = analyse(text)
    amount = next((a for a in sn.values if a.start >= m.end), None)
    if amount is None or amount.value == 0 or re.search(r"上年|去年|同期", amount.raw_subject):
        return None
    if text[m.end : amount.start].count("（") or re.search(r"[。；;]", text[m.end : amount.start]):
        return None  # another subject or sentence in between
    prefix = ""
    if chain[0].level == "类" and len(chain) > 1:
        cls = names.codes(chain[0].name, 3)
        prefix = cls[0] if len(cls) == 1 else ""
    codes = set()
    for t in tables(doc, [std for stds in FUNC_TABLES.values() for std in stds]):
        if t.unit is None:
            continue
        value = amount.to(t.unit)
        for r in t.rows:
            if r.code and len(r.code) == length and any(c.value == value for c in r.cells):
                codes.add(r.code)
    if len(codes) != 1:
        return None
    code = codes.pop()
    table_name = names.by_code.get(code)
    if table_name is None or not code.startswith(prefix) or same_name(m.name, table_name):
        return None
    return code, table_name


def _rename_finding(
    doc: Document, names: Names, m: Mention | None, name: str
) -> tuple[Rename, Severity] | None:
    """The renamed subject whose old name ``name`` ends with, and the severity for this year."""
    if doc.year is None:
        return None
    for r in renamed_subjects():
        if not name.endswith(r.old):
            continue
        if m is not None and name != r.old and m.level and names.known(name, _LEVEL_LEN[m.level]):
            continue  # a longer name the tables print
        if doc.year < r.year:
            continue
        return r, (Severity.WARNING if doc.year == r.year else Severity.ERROR)
    return None


def _sentences(doc: Document) -> list[Sentence]:
    """The running text and the glossary (which explains subjects by name)."""
    glossary = {s.id for s in doc.sections if s.kind.value == "名词解释"}
    ids = {s.index for s in text_sentences(doc)}
    return [s for s in doc.sentences if s.index in ids or s.section_id in glossary]


@register_rule(
    "text.subject_name",
    "文中科目名称与表格、现行科目一致",
    Family.NARRATIVE,
    Severity.ERROR,
    description=(
        "文中以（类）（款）（项）或编码标注的功能分类科目，名称须与本文件功能分类表中该科目的名称、级次一致"
        "（如“住房保障支出”为类级科目，不能写作“住房保障支出（款）”；“…（款）…（项）”中项所属的款须与表中名称一致）；"
        "已更名的科目不得沿用旧名（如“医疗卫生与计划生育支出”自2019年起为“卫生健康支出”，即使表中无该科目也提示）。"
    ),
)
def rule_subject_name(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    names = Names(doc)
    anywhere = [r for r in renamed_subjects() if r.anywhere]
    for s in _sentences(doc):
        text = normalise(s.text)
        ms = mentions(text)
        narr = _narr_judges(doc, names, text) if names.by_code else None
        done: set[str] = set()
        chains: list[list[Mention]] = []
        for m in ms:
            if m.chained and chains:
                chains[-1].append(m)
            else:
                chains.append([m])
        for chain in chains:
            for i, m in enumerate(chain):
                if not m.name or m.name in done:
                    continue
                if m.code and m.code in names.by_code:
                    continue  # narr.code_name compares it with the table's name for the code
                if m.name == narr and m.level == "类":
                    continue
                quoted = quote(text, m.start, m.end, pad=6)
                renamed = _rename_finding(doc, names, m, m.name)
                if renamed is not None:
                    r, sev = renamed
                    done.add(m.name)
                    now = names.by_code.get(r.code) or current_name(r, doc.year or r.year)
                    yield ctx.finding(
                        f"“{quoted}”：科目“{r.old}”已于{r.year}年更名为“{current_name(r, r.year)}”，"
                        f"{doc.year}年文件应写作“{now}”。",
                        key=(s.text, m.name, "renamed"),
                        severity=sev,
                        formula=f"科目 {r.code} 名称 = 现行名称“{now}”",
                        locations=[sentence_location(s)],
                    )
                    continue
                if not names.by_code or m.code:
                    continue
                level = _level_finding(names, m)
                if level is not None:
                    done.add(m.name)
                    yield ctx.finding(
                        f"“{quoted}”：文中写作{m.level}级科目“{m.name}”，{level[0]}。",
                        key=(s.text, m.name, m.level),
                        formula=f"文中科目级次 = 表中级次（{m.level}）",
                        locations=[sentence_location(s)],
                    )
                    continue
                chained = _chain_finding(names, chain, i)
                if chained is not None:
                    done.add(m.name)
                    yield ctx.finding(
                        f"“{quoted}”：{chained[0]}。",
                        key=(s.text, m.name, chained[1]),
                        formula=f"科目 {chained[1]} 名称：文中 = 表格（{chained[2]}）",
                        locations=[sentence_location(s)],
                    )
            last = chain[-1]
            if last.name and last.name not in done and last.code is None:
                by_amount = _amount_finding(doc, names, chain, text) if names.by_code else None
                if by_amount is not None:
                    done.add(last.name)
                    # "机关事业单位职业年金" for 机关事业单位职业年金缴费支出: the same subject, named loosely
                    loose = _abbreviates(last.name, by_amount[1])
                    yield ctx.finding(
                        f"“{quote(text, last.start, last.end, pad=6)}”：文中{last.level}级科目“{last.name}”，"
                        f"表中金额相同的{last.level}级科目为 {by_amount[0]}“{by_amount[1]}”"
                        + ("（文中为简写，应使用规范科目名称）。" if loose else "。"),
                        key=(s.text, last.name, by_amount[0]),
                        severity=Severity.WARNING if loose else Severity.ERROR,
                        formula=f"科目 {by_amount[0]} 名称：文中 = 表格（{by_amount[1]}）",
                        locations=[sentence_location(s)],
                    )
        for r in anywhere:
            if r.old in done or r.old not in text or any(r.old in m.name for m in ms):
                continue
            found = _rename_finding(doc, names, None, r.old)
            if found is None:
                continue
            done.add(r.old)
            pos = text.find(r.old)
            now = names.by_code.get(r.code) or current_name(r, doc.year or r.year)
            yield ctx.finding(
                f"“{quote(text, pos, pos + len(r.old), pad=6)}”：科目“{r.old}”已于{r.year}年更名为“{current_name(r, r.year)}”，"
                f"{doc.year}年文件应写作“{now}”。",
                key=(s.text, r.old, "renamed"),
                severity=found[1],
                formula=f"科目 {r.code} 名称 = 现行名称“{now}”",
                locations=[sentence_location(s)],
            )
