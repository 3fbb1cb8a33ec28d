"""What kind of file a document is: 部门 or 单位 disclosure (scope), what it holds of a publication
(form: full, a text or tables half, performance forms, an evaluation report), and whether it is
a government notice rather than a disclosure.

Read from the structure every disclosure shares (cover title wording, 目录, standard tables, the
text's parts), never from a file name or a city's layout.
"""

from __future__ import annotations

import re
from collections import Counter

from gouji.io.assemble.headings import RE_PART, std_of
from gouji.model.document import DocForm, DocScope, Document, Section, SectionKind, StdTable, Table, TocEntry
from gouji.model.tables import PERF_TABLES
from gouji.model.text import norm

__all__ = ["doc_scope", "doc_form", "notice_head", "has_disclosure_structure"]


_RE_SCOPE = re.compile(r"(部门|单位)(?:综合)?(?:预算|决算)")
_SCOPES = {"部门": DocScope.DEPARTMENT, "单位": DocScope.UNIT}


def doc_scope(title: str | None, heads: list[Section], toc: list[TocEntry], tables: list[Table]) -> DocScope:
    """部门 or 单位 from the wording of the cover title ("（本级）单位预算"), else of the part titles and
    目录 (majority), else of the table titles; unknown when nothing says or the places disagree evenly."""
    if title:
        m = _RE_SCOPE.search(norm(title))
        if m:
            return _SCOPES[m.group(1)]
    parts = [s.title for s in heads if s.level == 1] + [e.title for e in toc if e.level == 1]
    for texts in (parts, [t.title for t in tables]):
        votes = Counter(_SCOPES[m.group(1)] for t in texts if (m := _RE_SCOPE.search(norm(t))) is not None)
        ranked = votes.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return ranked[0][0]
    return DocScope.UNKNOWN


#: sections that only a disclosure's text has
_TEXT_KINDS = frozenset(
    {
        SectionKind.OVERVIEW,
        SectionKind.FUNCTIONS,
        SectionKind.ORGANISATION,
        SectionKind.EXPLANATION,
        SectionKind.GLOSSARY,
    }
)
_RE_PERF_REPORT = re.compile(r"绩效.{0,8}?(?:评价|自评)报告")
#: "附件：北京市审计局2026年度部门预算报表": the tables are a separate file
_RE_TABLES_ATTACHED = re.compile(r"^附件[0-9一二三四五六七八九十]*[：:].{0,60}(?:报表|公开表|预算表|决算表)$")


def _core_std(tables: list[Table]) -> set[StdTable]:
    """The standard (not performance) tables present."""
    return {t.std for t in tables if t.std is not None and t.std not in PERF_TABLES and t.perf is None}


def _lists_tables(heads: list[Section], toc: list[TocEntry], texts: list[str]) -> bool:
    """The text names standard tables (目录 or headings, at least two kinds) or an attachment of tables."""
    named = {e.std for e in toc if e.std is not None and e.std not in PERF_TABLES}
    named |= {std for s in heads if (std := std_of(s.title)) is not None and std not in PERF_TABLES}
    if len(named) >= 2:
        return True
    lines = [norm(s.title) for s in heads] + [norm(t) for t in texts]
    return any(_RE_TABLES_ATTACHED.match(t) for t in lines)


def doc_form(
    title: str | None,
    tables: list[Table],
    heads: list[Section],
    toc: list[TocEntry],
    texts: list[str],
) -> DocForm:
    """What the file holds of a publication.

    - ``perf_report``: the title names a 绩效评价 / 绩效自评 report, and fewer than three standard tables;
    - ``text_half``: no standard table (at most two small unnamed tables), while the 目录 or the headings
      name standard tables or the text attaches them ("附件：…预算报表");
    - ``perf_forms``: performance tables only, no standard table and none of a disclosure's text sections;
    - ``tables_half``: standard tables, none of a disclosure's text sections and little running text;
    - ``full`` otherwise.

    ``heads`` are the body's sections, ``texts`` its sentences.
    """
    core = _core_std(tables)
    perf = [t for t in tables if t.perf is not None or t.std in PERF_TABLES]
    unnamed = [t for t in tables if t.std is None and t.perf is None]
    has_text = bool({s.kind for s in heads} & _TEXT_KINDS)
    if title and _RE_PERF_REPORT.search(norm(title)) and len(core) < 3:
        return DocForm.PERF_REPORT
    if not core and len(unnamed) <= 2 and _lists_tables(heads, toc, texts):
        return DocForm.TEXT_HALF
    if perf and not core and not has_text:
        return DocForm.PERF_FORMS
    if core and not has_text and len(texts) < 30:
        return DocForm.TABLES_HALF
    return DocForm.FULL


#: 发文字号 at the head of a government document: "浙卫发〔2025〕24号", "杭政办函〔2025〕30 号"
_RE_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔\[［【(（](?:19|20)\d{2}[〕\]］】)）]第?\d{1,5}号")
#: the title of a notice, letter, opinion or circular ("…关于印发…实施办法的通知")
_RE_NOTICE_TITLE = re.compile(
    r"关于[^。；]{2,90}?的(?:通知|实施意见|意见|通报|复函|函|决定|批复|通告|公告|请示)"
)
_OPENING_LINES = 20


def _opening(doc: Document) -> list[str]:
    """The document's first lines: its title, and the headings and sentences of its first page."""
    pages = [s.page for s in doc.sections if s.page is not None]
    pages += [s.page for s in doc.sentences if s.page is not None]
    first = min(pages, default=None)
    out = [norm(doc.title)] if doc.title else []
    out += [norm(s.title) for s in doc.sections if s.page == first and s.kind != SectionKind.TOC]
    out += [norm(s.text) for s in doc.sentences if s.page == first][:_OPENING_LINES]
    return [t for t in out if t]


def notice_head(doc: Document) -> str | None:
    """The 发文字号 or the "关于…的通知" title that opens a government document, if it opens with one."""
    lines = _opening(doc)
    for t in lines:
        m = _RE_DOC_NUMBER.match(t)
        if m:
            return m.group(0)
    text = "".join(lines)
    for m in _RE_NOTICE_TITLE.finditer(text):
        before = text[: m.start()]
        if before.count("《") <= before.count("》"):  # a document cited in 《》 is not the file's own title
            return m.group(0)
    return None


def has_disclosure_structure(doc: Document) -> bool:
    """Something only a budget / final-account disclosure has: a standard table, a 目录 or headings that
    list standard tables, a 名词解释, a part (第X部分) about the 预算 / 决算, or a recognised form other
    than a full disclosure (a half, performance forms, an evaluation report)."""
    if doc.form != DocForm.FULL or _core_std(doc.tables):
        return True
    if _lists_tables(doc.sections, doc.toc, []):
        return True
    for s in doc.sections:
        if s.kind == SectionKind.GLOSSARY:
            return True
        if s.level == 1 and RE_PART.match(norm(s.title)) and re.search(r"预算|决算|公开表", s.title):
            return True
    return False
