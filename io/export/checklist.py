"""The reviewers' checklist (检查表): one item per required part of a disclosure, with its findings.

Items, in order: 封面, 目录, 主要职能, 机构设置; each standard table of the document's kind (the
required ones from :func:`gouji.model.tables.required_tables` first) and each unrecognised table;
the 情况说明 sections; 名词解释; the performance table groups; 其他（全文）.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gouji.io.export.columns import list_order
from gouji.model.document import DocKind, Document, SectionKind, StdTable
from gouji.model.findings import Family, Finding, Severity
from gouji.model.index import FindingIndex
from gouji.model.review import RESOLVED_STATUSES, ReviewState, Status
from gouji.model.tables import perf_groups, required_tables, table_name

EXPLANATION_REQUIREMENT = "说明的数据与公开表一致，增减变化、比例及原因表述准确"


@dataclass
class CheckItem:
    """One line of the reviewers' checklist."""

    key: str
    title: str
    requirement: str
    present: bool = True
    note: str = ""
    findings: list[Finding] = field(default_factory=list)


def _section_items(
    doc: Document,
) -> tuple[list[CheckItem], list[CheckItem], CheckItem | None, dict[str, str]]:
    """Checklist items for text parts: (front items, 情况说明 items, 名词解释 item, section→item key)."""
    kinds = {s.kind for s in doc.sections}
    sec_map: dict[str, str] = {}
    front: list[CheckItem] = []
    for key, kind, title, req in (
        ("cover", SectionKind.COVER, "封面", "封面标明年度和单位名称，与正文一致"),
        ("toc", SectionKind.TOC, "目录", "目录完整，与正文标题及顺序一致"),
        ("functions", SectionKind.FUNCTIONS, "主要职能", "公开单位（部门）主要职能"),
        ("organisation", SectionKind.ORGANISATION, "机构设置", "公开机构设置及人员情况"),
    ):
        present = kind in kinds or (kind == SectionKind.TOC and bool(doc.toc))
        item = CheckItem(
            key, title, req, present=present, note="" if present else f"未识别到“{title}”部分，请人工核对"
        )
        front.append(item)
        for s in doc.sections:
            if s.kind == kind:
                sec_map[s.id] = key
    # 概况 covers 主要职能 / 机构设置 when they are not separate sections
    for s in doc.sections:
        if s.kind == SectionKind.OVERVIEW:
            sec_map.setdefault(s.id, "functions")

    expl: list[CheckItem] = []
    expl_ids = {s.id for s in doc.sections if s.kind == SectionKind.EXPLANATION}
    # the 情况说明 part(s): explanation sections not nested in another explanation section
    top = [s for s in doc.sections if s.id in expl_ids and s.parent not in expl_ids]
    top_ids = {s.id for s in top}
    # one checklist item per section directly below the part (deeper ones map to their ancestor)
    subs = [s for s in doc.sections if s.parent in top_ids]
    if subs:
        for s in subs:
            key = f"expl:{s.id}"
            expl.append(CheckItem(key, f"情况说明：{s.title}", EXPLANATION_REQUIREMENT))
            sec_map[s.id] = key
    if top:
        key = "expl"
        first = top[0]
        if not subs:
            expl.append(CheckItem(key, f"情况说明：{first.title}", EXPLANATION_REQUIREMENT))
        for s in top:
            sec_map.setdefault(s.id, expl[0].key if subs else key)
    elif doc.kind != DocKind.UNKNOWN:
        expl.append(
            CheckItem(
                "expl",
                "情况说明",
                "公开预决算情况说明",
                present=False,
                note="未识别到情况说明部分，请人工核对",
            )
        )

    glossary: CheckItem | None = None
    if SectionKind.GLOSSARY in kinds or doc.kind != DocKind.UNKNOWN:
        present = SectionKind.GLOSSARY in kinds
        glossary = CheckItem(
            "glossary",
            "名词解释",
            "对专业名词进行解释",
            present=present,
            note="" if present else "未识别到名词解释部分，请人工核对",
        )
        for s in doc.sections:
            if s.kind == SectionKind.GLOSSARY:
                sec_map[s.id] = "glossary"
    return front, expl, glossary, sec_map


def _table_items(doc: Document) -> tuple[list[CheckItem], dict[str, str]]:
    """Items for the standard and unrecognised tables, and table id → item key."""
    items: list[CheckItem] = []
    table_map: dict[str, str] = {}
    std_present = {t.std for t in doc.tables if t.std is not None}
    ordered_std: list[StdTable] = [s.std for s in required_tables(doc.kind)]
    for t in doc.standard_tables:
        if t.std is not None and t.std not in ordered_std:
            ordered_std.append(t.std)
    for std in ordered_std:
        tabs = doc.tables_of(std)
        note = ""
        if not tabs:
            note = "未识别到该表"
        elif all(t.empty for t in tabs):
            note = "空表：" + (tabs[0].empty_note or "未说明无数据原因")
        items.append(
            CheckItem(
                f"std:{std.value}",
                table_name(std),
                "应公开此表；表内、表间勾稽一致；无数据时保留空表并说明原因",
                present=std in std_present,
                note=note,
            )
        )
        for t in tabs:
            table_map[t.id] = f"std:{std.value}"
    for t in doc.tables:
        if t.std is None and t.perf is None:
            key = f"table:{t.id}"
            items.append(CheckItem(key, t.title, "表内数据勾稽一致"))
            table_map[t.id] = key
    return items, table_map


def _perf_items(doc: Document, table_map: dict[str, str]) -> list[CheckItem]:
    """Items for the performance table groups of the document's kind (and any other ones)."""
    items: list[CheckItem] = []
    groups = perf_groups(doc.kind)
    for key, stds, title in groups:
        n = sum(1 for t in doc.perf_tables if t.std in stds)
        items.append(
            CheckItem(
                key,
                title,
                "绩效表完整；资金与项目支出表一致，指标权重及得分计算正确",
                present=n > 0,
                note=f"共 {n} 张" if n else "未识别到绩效表",
            )
        )
    for t in doc.perf_tables:
        for key, stds, _ in groups:
            if t.std in stds:
                table_map[t.id] = key
                break
        else:
            if "perf_other" not in {i.key for i in items}:
                n = sum(1 for x in doc.perf_tables if not any(x.std in g[1] for g in groups))
                items.append(CheckItem("perf_other", "绩效表", "绩效表数据计算正确", note=f"共 {n} 张"))
            table_map[t.id] = "perf_other"
    return items


def build_checklist(
    doc: Document, findings: list[Finding], state: ReviewState | None = None
) -> list[CheckItem]:
    """The checklist items of a document, each with the findings that point at it.

    Findings a reviewer marked 不是问题 are left out.  A finding is attached to
    the item of its first location that maps to one (table → its standard
    table item; sentence → its 情况说明 section); findings without such a
    location go to the item whose table name the message quotes, else to
    “其他（全文）”.
    """
    idx = FindingIndex(doc)
    front, expl, glossary, sec_map = _section_items(doc)
    table_items, table_map = _table_items(doc)
    perf_items = _perf_items(doc, table_map)

    other = CheckItem("other", "其他（全文）", "年度、单位名称前后一致；无空白页、模板残留及文字错误")
    items = front + table_items + expl + ([glossary] if glossary else []) + perf_items + [other]
    by_key = {i.key: i for i in items}
    name_keys = sorted(
        ((table_name(StdTable(i.key[4:])), i.key) for i in table_items if i.key.startswith("std:")),
        key=lambda x: -len(x[0]),
    )
    # then the text parts, for findings such as 缺少“主要职能”部分
    section_keys = [(i.title, i.key) for i in front]
    if glossary is not None:
        section_keys.append(("名词解释", "glossary"))
    if expl:
        section_keys.append(("情况说明", expl[0].key))
    for i in perf_items:
        section_keys.append((i.title, i.key))

    def status_of(f: Finding) -> Status:
        if state is None:
            return Status.PENDING
        a = state.annotations.get(f.id)
        return a.status if a else Status.PENDING

    for f in findings:
        if status_of(f) == Status.NOT_A_PROBLEM:
            continue
        key = None
        for loc in f.locations:
            if loc.table and loc.table in table_map:
                key = table_map[loc.table]
                break
            if loc.sentence is not None:
                key = next((sec_map[sid] for sid in idx.sections_of(loc.sentence) if sid in sec_map), None)
                if key:
                    break
        if key is None:
            text = f.message + f.title
            key = next((k for name, k in name_keys if name in text), None) or next(
                (k for name, k in section_keys if f"“{name}”" in text or f"《{name}》" in text), None
            )
        if (
            key is None
            and f.family == Family.TEXT_QUALITY
            and glossary is not None
            and "名词解释" in f.message
        ):
            key = "glossary"
        by_key.get(key or "other", other).findings.append(f)
    for i in items:
        i.findings = list_order(i.findings)
    return items


def item_ok(item: CheckItem, state: ReviewState | None) -> bool:
    """符合要求: no unresolved error / warning attached.

    Presence itself is judged by the completeness rules (``comp.*``), whose
    findings land on the item; an item this module merely did not recognise
    carries a note asking for a manual check instead of a second verdict.
    """
    for f in item.findings:
        if f.severity == Severity.ROUNDING:
            continue
        a = state.annotations.get(f.id) if state else None
        if a is None or a.status not in RESOLVED_STATUSES:
            return False
    return True
