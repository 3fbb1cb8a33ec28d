"""The publication's facts from its text: cover and title, budget / final, year, unit, money unit.

Each fact is read from the strongest place that states it: the cover, then
headings and 目录, then tables (编制单位, 单位名称 of performance tables), then
the sentences.  A year read from the text never lies more than a year after
the years of the document's own titles (a notice's "到2035年" is not a budget
year).
"""

from __future__ import annotations

import re
from collections import Counter

from gouji.io.assemble import catalog
from gouji.io.assemble.block_text import MoneyUnit
from gouji.io.assemble.headings import RE_PART, heading_level, std_of
from gouji.io.assemble.text_lines import TLine
from gouji.model.document import DocKind, Section, Sentence, Table, TocEntry
from gouji.model.text import norm

__all__ = [
    "extract_unit_name",
    "cover_lines",
    "title_of",
    "doc_kind",
    "doc_year",
    "doc_unit",
    "money_unit",
]


RE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
RE_LONE_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*$")
RE_DATE = re.compile(
    r"(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年\s*[\d〇零一二三四五六七八九十]{1,3}\s*月"
)
_UNIT_LABELS = "预算主管部门|主管部门|编制单位|编报单位|单位名称|部门名称|填报单位"
#: a line naming the publishing unit ("预算单位：…" on a unit budget's cover, "评价项目单位：…" on an evaluation report's)
RE_UNIT_LABEL = re.compile(rf"^(?:{_UNIT_LABELS}|预算单位|评价项目单位)\s*[：:]\s*(.+)$")
_RE_META_LABEL = re.compile(rf"^(?:{_UNIT_LABELS})\s*[：:]")
RE_KIND_TAIL = re.compile(
    r"(?:年度?)?(?:区级|市级|县级|省级|本级)?(?:单位|部门)?(?:综合)?(?:预算|决算|预决算)"
)
_ORG = re.compile(
    r"^((?:中共)?[\u4e00-\u9fff（）()]{2,30}?"
    r"(?:委员会|办公室|办事处|管理局|总队|支队|大队|中心|局|厅|委|院|所|部|站|馆|署|社|政府|法院|检察院|学校|医院))"
)
RE_YEAR_LINE = re.compile(r"[（(]\s*((?:19|20)\d{2})\s*年度?\s*[)）]")


def _catalog_kind_hint(text: str) -> DocKind:
    try:
        return catalog.doc_kind_hint(text)
    except Exception:  # noqa: BLE001
        return _kind_from_words(text)


def _kind_from_words(text: str) -> DocKind:
    t = norm(text)
    f = t.count("决算")
    b = t.count("预算") - t.count("预决算")
    if f and not b:
        return DocKind.FINAL
    if b and not f:
        return DocKind.BUDGET
    return DocKind.UNKNOWN


def extract_unit_name(text: str) -> str | None:
    """The publishing unit from a title ("2024年度苏州市自然资源和规划局单位预算公开" → the 局)."""
    t = norm(text)
    m = RE_UNIT_LABEL.match(t)
    if m:
        t = m.group(1)
    t = re.sub(r"^第[一二三四五六七八九十0-9]+部分", "", t)
    t = re.sub(r"^(?:关于|附件[0-9一二三四五六七八九十]*[：:]?)", "", t)
    t = re.sub(r"(?:19|20)\d{2}年度?", "", t)
    t = re.sub(r"(?:19|20)\d{2}", "", t)
    m = RE_KIND_TAIL.search(t)
    if m:
        t = t[: m.start()]
    t = re.sub(r"(?:单位|部门)?(?:概况|基本情况|情况说明)$", "", t)
    # （本级） stays: it is part of the name (the unit without its subordinate units)
    t = re.sub(r"[（(](?:汇总|部门|单位)[)）]$", "", t)
    t = t.strip("：:，,、-— ")
    if len(t) < 2 or len(t) > 40 or re.search(r"\d", t):
        return None
    if re.search(r"[。；，]", t):
        return None
    return t


def cover_lines(stream: list[TLine | Table], without_toc: bool = False) -> list[TLine]:
    """Title lines at the start: short, no sentence punctuation, on the first page."""
    out: list[TLine] = []
    first_page: int | None = None
    for e in stream[:14]:
        if isinstance(e, Table):
            break
        if not out:
            first_page = e.page
        if e.page != first_page:
            break
        t = e.text
        if any(c in t for c in "。；;") or len(norm(t)) > 50:
            break
        if without_toc and (heading_level(t) is not None or len(norm(t)) > 30):
            break
        if (
            std_of(t) is not None
            or re.match(r"^(?:金额)?单位\s*[：:]", norm(t))
            or re.search(r"表\d|\d表|表$", norm(t))
        ):
            break
        if without_toc and e.page is None and len(out) >= 6:
            break
        out.append(e)
    if without_toc:
        # a cover needs a title: a year or the words 预算 / 决算
        joined = "".join(ln.text for ln in out)
        if not (RE_YEAR.search(joined) or "预算" in joined or "决算" in joined):
            return []
    return out


def _is_meta_line(t: str) -> bool:
    return bool(RE_DATE.search(t) or _RE_META_LABEL.match(norm(t)))


def title_of(cover: list[TLine]) -> str | None:
    parts = [norm(ln.text) for ln in cover if not _is_meta_line(ln.text)]
    text = "".join(parts)
    return text or None


def doc_kind(
    cover: list[TLine],
    tables: list[Table],
    heads: list[Section],
    toc: list[TocEntry],
    sentences: list[Sentence],
) -> DocKind:
    title = "".join(ln.text for ln in cover if not _is_meta_line(ln.text))
    k = _catalog_kind_hint(title) if title else DocKind.UNKNOWN
    if k != DocKind.UNKNOWN:
        return k
    votes: Counter[DocKind] = Counter()
    for t in tables:
        if t.std is not None:
            votes[catalog.kind_of(t.std)] += 1
        elif "决算" in t.title:
            votes[DocKind.FINAL] += 1
        elif "预算" in t.title:
            votes[DocKind.BUDGET] += 1
    if votes and votes[DocKind.FINAL] != votes[DocKind.BUDGET]:
        return votes.most_common(1)[0][0]
    titles = [s.title for s in heads] + [e.title for e in toc]
    f = sum(1 for t in titles if "决算" in t)
    b = sum(1 for t in titles if "预算" in t and "决算" not in t)
    if f >= 2 and f >= b:
        return DocKind.FINAL
    if b >= 2:
        return DocKind.BUDGET
    text = "".join(s.text for s in sentences[:600])
    f, b = text.count("决算"), text.count("预算")
    if f >= 3:
        return DocKind.FINAL
    if b >= 3:
        return DocKind.BUDGET
    return DocKind.UNKNOWN


_RE_YEAR_RANGE = re.compile(r"(?:19|20)\d{2}\s*年?\s*[—–\-~～至到]{1,2}\s*(?:19|20)\d{2}\s*年?")
_RE_TARGET_YEAR = re.compile(r"(?:到|至)\s*(?:19|20)\d{2}\s*年")
_RE_TABLE_YEAR = re.compile(r"[（(]\s*((?:19|20)\d{2})\s*年度?\s*[)）]|((?:19|20)\d{2})\s*年度?")


def _year_text(text: str) -> str:
    """``text`` without year ranges ("2025—2035年") and target years ("到2027年"): neither is the budget year."""
    return _RE_TARGET_YEAR.sub("", _RE_YEAR_RANGE.sub("", text))


def _table_years(tables: list[Table]) -> Counter[int]:
    cnt: Counter[int] = Counter()
    for tb in tables:
        texts = [tb.title]
        if tb.perf is not None:
            texts += [c.text for c in tb.perf.fields.values()]
        for t in texts:
            for m in _RE_TABLE_YEAR.finditer(_year_text(t)):
                cnt[int(m.group(1) or m.group(2))] += 1
    return cnt


def _sentence_years(sentences: list[Sentence]) -> Counter[int]:
    cnt: Counter[int] = Counter()
    for s in sentences[:800]:
        if RE_DATE.search(s.text) and not re.search(r"(?:19|20)\d{2}\s*年度", s.text):
            continue
        text = _year_text(s.text)
        for m in re.finditer(r"((?:19|20)\d{2})\s*年度", text):
            cnt[int(m.group(1))] += 2
        for m in RE_YEAR.finditer(text):
            cnt[int(m.group(1))] += 1
    return cnt


def _latest_year(titles: Counter[int], tables: Counter[int], sentences: list[Sentence]) -> int | None:
    """The latest year the document can be about: one after its titles' and tables' years, else after
    the latest date it prints (a budget is published in its year or the year before)."""
    anchors = list(titles) + list(tables)
    if not anchors:
        anchors = [
            int(m.group(0)[:4])
            for s in sentences
            for m in RE_DATE.finditer(s.text)
            if m.group(0)[:4].isdigit()
        ]
    return max(anchors) + 1 if anchors else None


def doc_year(
    cover: list[TLine],
    tables: list[Table],
    heads: list[Section],
    toc: list[TocEntry],
    sentences: list[Sentence],
) -> int | None:
    for ln in cover:
        if RE_DATE.search(ln.text):
            continue
        text = _year_text(ln.text)
        m = RE_YEAR.search(text) or RE_LONE_YEAR.match(text)
        if m:
            return int(m.group(1))
    titles: Counter[int] = Counter()
    for t in [s.title for s in heads] + [e.title for e in toc]:
        for m in RE_YEAR.finditer(_year_text(t)):
            titles[int(m.group(1))] += 1
    table_years = _table_years(tables)
    latest = _latest_year(titles, table_years, sentences)
    # a year line printed under a table title, "（2026年度）": the publication's own statement of its year
    year_lines = Counter(
        int(m.group(1)) for s in sentences if (m := RE_YEAR_LINE.fullmatch(s.text.strip())) is not None
    )
    for cnt in (titles, year_lines, table_years, None):
        if cnt is None:
            cnt = _sentence_years(sentences)
        kept = Counter({y: n for y, n in cnt.items() if latest is None or y <= latest})
        if kept:
            return kept.most_common(1)[0][0]
    return None


def doc_unit(
    cover: list[TLine],
    tables: list[Table],
    heads: list[Section],
    toc: list[TocEntry],
    sentences: list[Sentence],
) -> str | None:
    # 1. a label on the cover ("预算主管部门：…", "编制单位：…")
    for ln in cover:
        m = RE_UNIT_LABEL.match(norm(ln.text))
        if m:
            u = extract_unit_name(m.group(1))
            if u:
                return u
    # 2. the cover title
    title = title_of(cover)
    if title:
        u = extract_unit_name(title)
        if u:
            return u
    # 3. 编制单位 of the tables, 单位名称 of performance tables
    cnt: Counter[str] = Counter()
    for t in tables:
        if t.unit_name:
            u = extract_unit_name(t.unit_name)
            if u:
                cnt[u] += 1
        if t.perf is not None:
            for k, c in t.perf.fields.items():
                if k.replace(" ", "") in ("单位名称", "部门名称", "预算单位", "主管部门") and c.text.strip():
                    u = extract_unit_name(c.text)
                    if u:
                        cnt[u] += 1
    if cnt:
        return cnt.most_common(1)[0][0]
    # 4. part titles ("第一部分 2024年XX局单位概况")
    for title in [s.title for s in heads if s.level == 1] + [e.title for e in toc if e.level == 1]:
        if not RE_PART.match(title):
            continue
        u = extract_unit_name(title)
        if (
            u
            and u not in ("单位", "部门")
            and not re.fullmatch(r"(?:单位|部门)?(?:概况|预算表|决算表|名词解释|附件)", u)
        ):
            if len(u) >= 4 and re.search(r"[局委办院所部队厅站馆心处会社府]$|[（(]", u):
                return u
    # 5. the organisation named at the start of sentences and most often in the text
    cands: set[str] = set()
    for s in sentences[:1500]:
        m = _ORG.match(norm(s.text))
        if m and len(m.group(1)) >= 4 and not m.group(1).startswith(("本", "该", "我", "其")):
            cands.add(m.group(1))
    if cands:
        texts = [norm(s.text) for s in sentences[:1500]]
        scored = sorted(((sum(1 for t in texts if c in t), len(c), c) for c in cands), reverse=True)
        if scored[0][0] >= 2:
            return scored[0][2]
    return None


def money_unit(tables: list[Table], sentences: list[Sentence]) -> MoneyUnit | None:
    cnt = Counter(t.unit for t in tables if t.unit)
    if cnt:
        return cnt.most_common(1)[0][0]
    text = "".join(s.text for s in sentences[:800])
    if re.search(r"\d\s*万元", text):
        return "万元"
    if re.search(r"\d\s*元", text):
        return "元"
    return None
