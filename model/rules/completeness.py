"""Family 1 — completeness (完整性).

Rules
-----
``comp.other_half``
    A file that is one half of a publication (the text whose tables are a separate file, or the
    tables without their text) gets one warning that the other half is not in it, instead of one
    finding per missing table or section.
``comp.std_tables``
    Every standard table of the document's kind is present (budget core tables;
    final accounts: the nine template tables).
``comp.empty_note``
    A table without amounts carries its explanation ("…故本表为空表" / "本表无数据"),
    under the table or in the 情况说明.
``comp.toc``
    Every table listed in the 目录 is in the body, in the same order.
``comp.sections``
    The required sections are present (主要职能, 机构设置 / 单位构成, 情况说明, 名词解释).
``comp.year``
    The year is the same on the cover, in the 目录, part titles and table titles.
``comp.unit_name``
    The unit name is the same on the cover, in the table captions (编制单位), the part titles and
    the sentences that state the unit's figures (full / short form: ``unit_names.same_unit``).
``comp.template_leftovers``
    No template leftovers (XX, ××, "（增长）下降", "增加（减少）", "仍保留该表格式" …).
``comp.blank_pages``
    No blank pages.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from gouji.model.document import DocForm, DocKind, Document, SectionKind, StdTable, Table, TocEntry
from gouji.model.findings import Family, Finding, Location, Severity, sentence_location
from gouji.model.rules.registry import RuleContext, register_rule
from gouji.model.rules.selectors import additive_columns, has_value, table_key, table_label
from gouji.model.rules.textnum import text_sentences
from gouji.model.rules.unit_names import same_unit, statement_units, title_unit
from gouji.model.tables import required_tables
from gouji.model.text import norm

#: words that tie an empty-table explanation to a table kind
_EMPTY_TOPIC = {
    StdTable.B_GOV_FUND: "政府性基金",
    StdTable.F_GOV_FUND: "政府性基金",
    StdTable.B_SOE: "国有资本经营",
    StdTable.F_SOE: "国有资本经营",
    StdTable.B_THREE_PUBLIC: "三公",
    StdTable.F_THREE_PUBLIC: "三公",
    StdTable.B_GPB_PROJECT: "项目支出",
    StdTable.B_CARRYOVER: "结转结余",
    StdTable.B_PROCUREMENT: "政府采购",
    StdTable.B_OPERATING: "机关运行经费",
}
_EMPTY_WORDS = re.compile(
    r"空表|无数据|没有数据|不涉及|无此项|本表无|故本表|为空|未安排|没有.{0,20}(收入|支出|收支|安排|预算)|无.{0,20}(收入|支出|收支|项目)"
)


def _title_location(t: Table) -> Location:
    """Where a table is named: its title on its first page."""
    return Location(table=t.id, page=t.pages[0] if t.pages else None, bbox=t.title_bbox)


def _attached_elsewhere(doc: Document) -> bool:
    """The text says the tables are published as an attachment (见附表 / 见附件)."""
    pat = re.compile(r"(报表|决算表|预算表|公开表).{0,6}[（(]?见附(表|件)")
    texts = (
        [norm(s.title) for s in doc.sections]
        + [norm(e.title) for e in doc.toc]
        + [norm(s.text) for s in doc.sentences]
    )
    return any(pat.search(t) for t in texts)


_OTHER_HALF = {
    DocForm.TEXT_HALF: (
        "本文件是公开文件的文字部分，文中列出的公开表不在本文件中（另册发布或作为附件）：请将文字与公开表两个文件作为"
        "一个公开文件一起审核（gouji check 文字.pdf 报表.pdf --one，或在工作台菜单“添加文件到本公开文件”），以核对表格及表文一致"
    ),
    DocForm.TABLES_HALF: (
        "本文件仅包含公开表，主要职能、机构设置、情况说明、名词解释等文字部分不在本文件中（文字另册发布）：请将文字与"
        "公开表两个文件作为一个公开文件一起审核（gouji check 文字.pdf 报表.pdf --one，或在工作台菜单“添加文件到本公开文件”）"
    ),
}


@register_rule(
    "comp.other_half",
    "公开文件的另一部分",
    Family.COMPLETENESS,
    Severity.WARNING,
    description=(
        "文字与公开表分两个文件发布时，单独打开其中一个文件只提示一次另一部分不在本文件中（不逐表、逐章报缺失）；"
        "两个文件作为一个公开文件一起打开后不再提示。"
    ),
)
def rule_other_half(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    message = _OTHER_HALF.get(doc.form)
    if message is not None and not doc.unreadable_pages:  # the missing half may be the damage
        yield ctx.finding(message, key=(doc.form.value,), formula="公开文件 = 文字部分 + 公开表")


@register_rule(
    "comp.std_tables",
    "标准公开表齐全",
    Family.COMPLETENESS,
    Severity.ERROR,
    description=(
        "按文件类型核对标准公开表：预算（收支总体、收入总体、支出总体、财政拨款收支总体、一般公共预算支出、"
        "一般公共预算基本支出、政府性基金、国有资本经营、三公）；决算（国家模板九张表）。缺表为问题，"
        "各省份可能不设的表（基本支出、政府性基金、国有资本经营、三公预算表）缺失时为警告。"
    ),
)
def rule_std_tables(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    # a half (comp.other_half), performance forms or an evaluation report hold no set of standard tables
    required = required_tables(doc.kind) if doc.form == DocForm.FULL else []
    if not required or doc.unreadable_pages:  # a missing table may be on a page that could not be read
        return
    elsewhere = _attached_elsewhere(doc)
    present = {t.std for t in doc.tables if t.std is not None}
    for spec in required:
        if spec.std in present:
            continue
        note = "（正文注明报表见附表/附件，请核对附件）" if elsewhere else ""
        yield ctx.finding(
            f"缺少标准公开表《{spec.name}》{note}",
            key=(spec.std.value,),
            severity=Severity.WARNING if elsewhere else spec.required,
            formula=f"{'预算' if doc.kind == DocKind.BUDGET else '决算'}公开应包含《{spec.name}》",
        )


_MONEY = re.compile(r"^-?\d[\d,]*\.\d{1,2}$")


def table_is_empty(t: Table) -> bool:
    """No amount anywhere in the table (also checks printed text, in case a row was misread)."""
    cols = additive_columns(t)
    if any(has_value(r, c) for r in t.rows for c in cols):
        return False
    for r in t.rows:
        if _MONEY.match(norm(r.name)) or any(_MONEY.match(norm(c.text)) for c in r.cells):
            return False
    return True


@register_rule(
    "comp.empty_note",
    "空表须有说明",
    Family.COMPLETENESS,
    Severity.WARNING,
    description="没有数据的公开表应保留表格并注明原因（如“本单位没有政府性基金预算拨款安排的支出，故本表为空表”），说明可在表下或情况说明中。",
)
def rule_empty_note(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for t in doc.standard_tables:
        if not table_is_empty(t):
            continue
        if t.empty_note and norm(t.empty_note):
            continue
        topic = _EMPTY_TOPIC.get(t.std) if t.std else None
        if topic and any(topic in (txt := norm(s.text)) and _EMPTY_WORDS.search(txt) for s in doc.sentences):
            continue
        yield ctx.finding(
            f"{table_label(t)}没有数据，但未注明空表原因（如“本单位无…，故本表为空表”）",
            key=(table_key(t),),
            formula="空表须附说明",
            locations=[_title_location(t)],
        )


def _lcs_keep(a: list[StdTable], b: list[StdTable]) -> set[int]:
    """Indexes of ``a`` that belong to a longest common subsequence of ``a`` and ``b``."""
    n, m = len(a), len(b)
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            dp[i][j] = dp[i + 1][j + 1] + 1 if a[i] == b[j] else max(dp[i + 1][j], dp[i][j + 1])
    keep: set[int] = set()
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j]:
            keep.add(i)
            i += 1
            j += 1
        elif dp[i + 1][j] >= dp[i][j + 1]:
            i += 1
        else:
            j += 1
    return keep


_PART = re.compile(r"^第[一二三四五六七八九十\d]+部分")


def _part_core(title: str) -> str:
    return _PART.sub("", norm(title))


def _toc_parts(doc: Document) -> tuple[list[TocEntry], bool]:
    """Parts (第X部分) listed in the 目录 but not found in the body, and whether the
    parts found come in another order."""
    parts = [e for e in doc.toc if e.std is None and _PART.match(norm(e.title))]
    body = [sec for sec in doc.sections if _PART.match(norm(sec.title))]
    missing: list[TocEntry] = []
    positions: list[int] = []
    for e in parts:
        core = _part_core(e.title)
        if not core or core.endswith("表"):
            continue  # the tables part: its tables are checked one by one
        hit = next(
            (i for i, sec in enumerate(body) if (c := _part_core(sec.title)) and (core in c or c in core)),
            None,
        )
        if hit is not None:
            positions.append(hit)
        elif not any(core in norm(x.text)[:60] for x in doc.sentences):
            missing.append(e)  # (a heading glued to its first sentence still counts)
    return missing, positions != sorted(positions)


@register_rule(
    "comp.toc",
    "目录与正文一致",
    Family.COMPLETENESS,
    Severity.WARNING,
    description="目录列出的各部分（第X部分）与公开表均在正文出现，且先后顺序与目录一致；正文中的标准公开表也应列入目录。",
)
def rule_toc(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    missing_parts, parts_disordered = _toc_parts(doc)
    unread = bool(doc.unreadable_pages)  # what is not found may be on a page that could not be read
    for entry in [] if unread else missing_parts:
        yield ctx.finding(
            f"目录列出的“{norm(entry.title)}”在正文中未找到",
            key=("missing_part", _part_core(entry.title)),
            formula="目录所列部分 ∈ 正文",
        )
    if parts_disordered:
        yield ctx.finding(
            "正文各部分的先后顺序与目录不一致",
            key=("part_order",),
            formula="正文部分顺序 = 目录顺序",
        )
    toc_std = [e for e in doc.toc if e.std is not None and not e.std.value.startswith("perf_")]
    if not toc_std or doc.form != DocForm.FULL:  # the tables of a text half are in the other file
        return
    body_order: list[StdTable] = []
    first: dict[StdTable, Table] = {}
    for t in doc.standard_tables:
        if t.std not in first:
            first[t.std] = t  # type: ignore[index]
            body_order.append(t.std)  # type: ignore[arg-type]
    toc_order: list[StdTable] = []
    for e in toc_std:
        if e.std not in toc_order:
            toc_order.append(e.std)  # type: ignore[arg-type]
    names = {e.std: norm(e.title) for e in toc_std}
    for std in toc_order:
        if std not in first and not unread:
            yield ctx.finding(
                f"目录列出的“{names[std]}”在正文中未找到",
                key=("missing", std.value),
                formula="目录所列表格 ∈ 正文",
            )
    for std in body_order:
        if std not in toc_order:
            t = first[std]
            yield ctx.finding(
                f"正文中的{table_label(t)}未列入目录",
                key=("untoc", std.value),
                formula="正文表格 ∈ 目录",
                locations=[_title_location(t)],
            )
    common_toc = [s for s in toc_order if s in first]
    common_body = [s for s in body_order if s in toc_order]
    keep = _lcs_keep(common_toc, common_body)
    if len(keep) < len(common_toc):
        moved = [common_toc[i] for i in range(len(common_toc)) if i not in keep]
        toc_seq = " → ".join(names[s] for s in common_toc)
        body_seq = " → ".join(norm(first[s].title) for s in common_body)
        yield ctx.finding(
            "正文表格顺序与目录不一致：" + "、".join(f"“{names[s]}”" for s in moved) + " 的位置不同",
            key=("order",) + tuple(s.value for s in moved),
            formula=f"目录顺序：{toc_seq}；正文顺序：{body_seq}",
            locations=[_title_location(first[s]) for s in moved],
        )


_REQUIRED_SECTIONS: list[tuple[str, tuple[SectionKind, ...], tuple[str, ...], Severity]] = [
    ("主要职能", (SectionKind.FUNCTIONS,), ("主要职能", "职能职责", "主要职责"), Severity.ERROR),
    (
        "机构设置",
        (SectionKind.ORGANISATION,),
        ("机构设置", "单位构成", "决算单位构成", "预算单位构成", "人员情况"),
        Severity.WARNING,
    ),
    ("情况说明", (SectionKind.EXPLANATION,), ("情况说明",), Severity.ERROR),
    ("名词解释", (SectionKind.GLOSSARY,), ("名词解释",), Severity.ERROR),
]


@register_rule(
    "comp.sections",
    "必备章节齐全",
    Family.COMPLETENESS,
    Severity.ERROR,
    description="公开文件应包含：主要职能、机构设置（单位构成）、情况说明、名词解释。",
)
def rule_sections(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    if doc.kind == DocKind.UNKNOWN and not doc.sections:
        return
    if doc.form in (DocForm.TABLES_HALF, DocForm.PERF_FORMS, DocForm.PERF_REPORT):
        return  # no disclosure text in the file (a tables half: comp.other_half)
    if doc.unreadable_pages:
        return  # a missing section may be on a page that could not be read (parse.unreadable_pages)
    titles = [norm(s.title) for s in doc.sections]
    toc_titles = [norm(e.title) for e in doc.toc]
    kinds = {s.kind for s in doc.sections}
    for label, want_kinds, words, sev in _REQUIRED_SECTIONS:
        if kinds & set(want_kinds):
            continue
        if any(w in t for w in words for t in titles):
            continue
        # a heading the section parser did not recognise still opens a line of text
        if any(any(w in norm(x.text)[:40] for w in words) for x in doc.sentences):
            continue
        in_toc = any(w in t for w in words for t in toc_titles)
        yield ctx.finding(
            f"缺少“{label}”部分" + ("（目录中列出但正文未找到）" if in_toc else ""),
            key=(label,),
            severity=sev,
            formula=f"公开文件应包含“{label}”",
        )


_YEAR = re.compile(r"(20\d{2})\s*年")


def _years(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(text or "")]


def _title_places(doc: Document):
    """(kind, text, location) of every title that should carry the document's year."""
    if doc.title:
        yield "封面", doc.title, Location(page=1)
    for e in doc.toc:
        # parts and standard tables carry the document's year; project names may name other years
        if (e.std is not None and not e.std.value.startswith("perf_")) or _PART.match(norm(e.title)):
            yield "目录", e.title, Location(text=e.title, page=None)
    for s in doc.sections:
        if s.level <= 1 and s.kind not in (SectionKind.TOC,):
            yield "部分标题", s.title, Location(text=s.title, page=s.page, bbox=s.bbox)
    for t in doc.tables:
        if t.std is not None and t.perf is None:
            yield "表格标题", t.title, _title_location(t)


@register_rule(
    "comp.year",
    "年度前后一致",
    Family.COMPLETENESS,
    Severity.ERROR,
    description="封面、目录、各部分标题、表格标题中的年度应与文件年度一致。",
)
def rule_year(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    places = list(_title_places(doc))
    year = doc.year
    if year is None:
        counts = Counter(y for _, text, _ in places for y in _years(text))
        if not counts:
            return
        year = counts.most_common(1)[0][0]
    for kind, text, loc in places:
        ys = _years(text)
        bad = [y for y in ys if y != year]
        if not bad or year in ys:
            continue
        yield ctx.finding(
            f"{kind}“{norm(text)}”中的年度 {bad[0]} 年与文件年度 {year} 年不一致",
            key=(kind, norm(text)),
            formula=f"年度 = {year}",
            locations=[loc],
        )


_UNIT_STRIP = re.compile(r"[（(]\s*(盖章|公章|本级)\s*[)）]|^(编制单位|单位名称|部门|单位)[:：]")


def _unit(text: str | None) -> str:
    return _UNIT_STRIP.sub("", norm(text))


@register_rule(
    "comp.unit_name",
    "单位名称前后一致",
    Family.COMPLETENESS,
    Severity.WARNING,
    description=(
        "封面单位名称与各表“编制单位 / 部门”、各部分标题、正文中引出本单位收支的单位名称一致（全称与简称——"
        "全称末尾的连续部分，或“中共”“委”“政府”等通用简写——视为一致；缺少区县前缀、词序不同为不一致）。"
    ),
)
def rule_unit_name(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    ref = _unit(doc.unit_name)
    if not ref:
        return
    for t in doc.standard_tables:
        u = _unit(t.unit_name)
        if not u or same_unit(u, ref):
            continue
        yield ctx.finding(
            f"{table_label(t)}编制单位“{u}”与封面单位名称“{ref}”不一致",
            key=(table_key(t), u),
            formula="编制单位 = 封面单位名称",
            locations=[_title_location(t)],
        )
    for sec in doc.sections:
        named = title_unit(sec.title) if sec.level <= 1 else None
        if named and not same_unit(named, ref):
            yield ctx.finding(
                f"部分标题“{norm(sec.title)}”中的单位名称“{named}”与封面单位名称“{ref}”不一致",
                key=("part", norm(sec.title), named),
                formula="部分标题中的单位名称 = 封面单位名称",
                locations=[Location(text=sec.title, page=sec.page, bbox=sec.bbox)],
            )
    for s in text_sentences(doc):
        for stated in statement_units(s.text):
            if not same_unit(stated, ref):
                yield ctx.finding(
                    f"正文“{norm(s.text)[:40]}”中的单位名称“{stated}”与封面单位名称“{ref}”不一致",
                    key=("text", s.text, stated),
                    formula="正文中的本单位名称 = 封面单位名称",
                    locations=[sentence_location(s)],
                )


#: (pattern, description, severity)
LEFTOVERS: list[tuple[re.Pattern[str], str, Severity]] = [
    (re.compile(r"(?<![A-Za-z])(XX+|ＸＸ+|xx+|ｘｘ+)(?![A-Za-z])"), "占位符“XX”", Severity.ERROR),
    (re.compile(r"××+|＊＊+|\*\*+|○○+|□□+"), "占位符“××”", Severity.ERROR),
    (
        re.compile(  # both directions left for the author to choose, either order, brackets or slash
            r"(增长|增加|上升|提高)\s*[（(/／]\s*(下降|减少|降低)\s*[)）]?|(下降|减少|降低)\s*[（(/／]\s*(增长|增加|上升|提高)"
            r"|[（(]\s*(增长|增加|上升|提高)\s*[)）]\s*(下降|减少|降低)|[（(]\s*(下降|减少|降低)\s*[)）]\s*(增长|增加|上升|提高)"
            r"|万元\s*[（(]持平[)）]"
        ),
        "未删改的模板措辞“增长（下降）/增加（减少）”",
        Severity.ERROR,
    ),
    (
        re.compile(r"大于[（(]小于[)）]|[（(]大于[)）]小于|高于[（(]低于[)）]"),
        "未删改的模板措辞“大于（小于）”",
        Severity.ERROR,
    ),
    (re.compile(r"仍保留该表格式|保留该表格式"), "模板提示语“仍保留该表格式”", Severity.ERROR),
    (
        re.compile(r"(由|请)[^。；]{0,24}(填写|填报)[。；]?$|此处[^。]{0,10}填写"),
        "模板填写说明",
        Severity.ERROR,
    ),
    (
        re.compile(
            r"请核实|待(单位|部门)?补充[)）。；]|待(单位|部门)补充|[（(]待补充|(若|如)(无|没有|不涉及)[^。]{0,30}则[^。]{0,6}(写|填|注明|备注|删除)"
            r"|[（(](如有|若有|如适用|不涉及的不列|不涉及的删除)[)）]|[（(][^（）()]{0,40}作下述说明|[（(]列示至[^（）()]{0,20}[)）]"
            r"|[（(]按[^（）()]{0,12}(填写|填报)[)）]"
        ),
        "留给编写者的提示语",
        Severity.ERROR,
    ),
    (
        # the template's "XX部门（单位）" with the name filled in and the choice left open
        re.compile(
            r"(?<=[局委办院厅队站所处室心会])(部门[（(]单位[)）]|单位[（(]部门[)）])|本(部门[（(]单位|单位[（(]部门)[)）]"
        ),
        "未删改的模板措辞“部门（单位）”",
        Severity.ERROR,
    ),
]

_BARE_EMPTY = re.compile(r"^(注[:：])?(此|本)表为空表[。.]?$")


def _text_places(doc: Document):
    """(text without whitespace, location) of every piece of printed text."""
    for s in doc.sentences:
        yield norm(s.text), sentence_location(s)
    for sec in doc.sections:
        yield norm(sec.title), Location(text=sec.title, page=sec.page, bbox=sec.bbox)
    for t in doc.tables:
        yield norm(t.title), _title_location(t)
        if t.empty_note:
            yield (
                norm(t.empty_note),
                Location(table=t.id, text=t.empty_note, page=t.pages[-1] if t.pages else None),
            )
        for r in t.rows:
            if norm(r.name):
                yield (
                    norm(r.name),
                    Location(table=t.id, row=r.index, row_name=r.name, page=r.page, bbox=r.bbox),
                )
    if doc.title:
        yield norm(doc.title), Location(text=doc.title, page=1)


@register_rule(
    "comp.template_leftovers",
    "模板残留",
    Family.COMPLETENESS,
    Severity.ERROR,
    description=(
        "不得残留模板占位与提示：XX、××、“（增长）下降”“下降（增长）”“增加（减少）”“增加/减少”“仍保留该表格式”、"
        "填写说明、留给编写者的提示（“（如有）”“若无，则写…”“请核实”“待单位补充”“（列示至…）”）、"
        "未选定的“部门（单位）”、无具体内容的“此表为空表”等。"
    ),
)
def rule_template_leftovers(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    # one finding per kind of leftover per page: (kind, page) → severity, quotes, count, locations
    groups: dict[tuple[str, int | None], tuple[Severity, list[str], list[int], list[Location]]] = {}
    for text, loc in _text_places(doc):
        if not text:
            continue
        hits = [
            (what, sev, text[max(0, m.start() - 12) : m.end() + 12], len(pat.findall(text)))
            for pat, what, sev in LEFTOVERS
            if (m := pat.search(text))
        ]
        if _BARE_EMPTY.match(text):
            hits.append((_BARE_EMPTY_KIND, Severity.WARNING, text, 1))
        for what, sev, quote, n in hits:
            _sev, quotes, count, places = groups.setdefault((what, loc.page), (sev, [], [0], []))
            if quote not in quotes:
                quotes.append(quote)
            count[0] += n
            places.append(loc)
    for (what, page), (sev, quotes, count, places) in groups.items():
        where = f"第 {page} 页" if page else ""
        shown = "、".join(f"“…{q}…”" for q in quotes[:3]) + ("等" if len(quotes) > 3 else "")
        if what == _BARE_EMPTY_KIND:
            message = f"{where}空表说明未写明单位和原因（模板原文）{count[0]} 处：{shown}"
            formula = "空表说明应写明“本单位没有…，故本表为空表”"
        else:
            message = f"{where}发现{what} {count[0]} 处：{shown}"
            formula = "正式文件不应残留模板内容"
        yield ctx.finding(message, key=(what, page), severity=sev, formula=formula, locations=places)


#: the kind of a bare "此表为空表" (grouped per page like the other leftovers)
_BARE_EMPTY_KIND = "无具体内容的空表说明"


@register_rule(
    "comp.blank_pages",
    "空白页",
    Family.COMPLETENESS,
    Severity.WARNING,
    description="公开文件中不应有空白页。",
)
def rule_blank_pages(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for p in doc.blank_pages:
        yield ctx.finding(
            f"第 {p} 页为空白页",
            key=(p,),
            formula="页面应有内容",
            locations=[Location(page=p)],
        )
