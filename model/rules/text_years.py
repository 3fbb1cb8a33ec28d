"""Family 8: years and dates in the body against the document year.

``text.year`` checks only these places (other years — plans such as 十四五, periods, history in
主要职能 / 机构设置, policy documents "财预〔2024〕12号" — are never read):

- "截至YYYY年M月D日" in the 情况说明: a final account of year Y reports its assets at
  Y年12月31日 (another year-end is an error); a budget of year Y reports them at a date of Y−1 or
  early in Y — a date later in Y is still to come (an error), a date two or more years back is
  last year's text left in (an error, for assets / vehicles / equipment; else nothing);
- a date range whose end precedes its start ("2024年1月1日-2014年12月31日") — an error;
- a statement of the document's own figures led by a year ("2025年收入预算…" in a 2026 budget,
  "2025年执行数" where the previous year is 2024): a warning, as the sentence may compare;
- the titles of the 情况说明's sub-sections ("一、2023年度收入支出决算总体情况" in a 2024 final
  account): a warning (part titles and table titles are ``comp.year``'s).

A comparison "比/与/较 YYYY年" is ``text.compare_year``'s and is not read here.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Iterator

from gouji.model.document import DocKind, Document, Section, SectionKind
from gouji.model.findings import Family, Finding, Location, Severity, sentence_location
from gouji.model.rules.registry import RuleContext, register_rule
from gouji.model.rules.textnum import normalise, quote, text_sentences

_DATE = r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_AS_OF_RE = re.compile(r"(预计)?\s*截[至止]\s*(?:到\s*)?" + _DATE)
_RANGE_RE = re.compile(_DATE + r"\s*(?:[-—–~～至到]|－)+\s*" + _DATE)
_ASSETS_RE = re.compile(r"车辆|资产|设备|公务用车|占有使用|房屋|土地")
#: a year leading the document's own figures; not after a comparison word (text.compare_year)
_STATEMENT_RE = re.compile(
    r"(?<![比较与同至到和、\-—－~～])((?:19|20)\d\d)\s*年\s*度?\s*(?:(?:部门|单位)(?:预算|决算)?)?\s*"
    r"(收入|支出|收支|“三公”经费|三公经费)(?:总)?(预算|决算)"
)
_EXEC_RE = re.compile(r"(?<![比较与同至到和、\-—－~～])((?:19|20)\d\d)\s*年\s*度?\s*(?:预算)?执行数")
_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年")
_EXPLAIN = {SectionKind.EXPLANATION.value, SectionKind.OTHER.value}


def _valid(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _as_of(doc: Document, year: int, text: str, m: re.Match) -> tuple[str, Severity] | None:
    """What is wrong with the "截至" date ``m`` (message, severity), if anything."""
    if m.group(1) or re.match(r"\s*(前|之前|以前)", text[m.end() :]):
        return None  # "预计截至…" / "截至…前": a forecast or a deadline
    when = _valid(m.group(2), m.group(3), m.group(4))
    if when is None:
        return None
    year_end = when.month == 12 and when.day == 31
    if doc.kind == DocKind.FINAL:
        if year_end and when.year != year:
            return f"{year}年决算应截至{year}年12月31日", Severity.ERROR
        return None
    if not _ASSETS_RE.search(text):
        return None
    if when.year > year or (when.year == year and when.month > 6):
        return f"{year}年预算编制时该日期尚未到来，应为{year - 1}年的日期", Severity.ERROR
    if when.year <= year - 2:
        return f"{year}年预算应报告{year - 1}年的资产情况，该日期早了{year - 1 - when.year}年", Severity.ERROR
    return None


def _sub_titles(doc: Document) -> Iterator[Section]:
    """Sub-section titles of the 情况说明."""
    for sec in doc.sections:
        if sec.level >= 2 and sec.kind == SectionKind.EXPLANATION:
            yield sec


@register_rule(
    "text.year",
    "正文年度与文件年度一致",
    Family.TEXT_QUALITY,
    Severity.ERROR,
    description=(
        "正文中的“截至YYYY年M月D日”（决算为本年12月31日，预算为上年或本年初的日期）、起止日期（止不得早于起）、"
        "以年度开头的本文件收支表述与执行数年份（预算为上年）、情况说明各节标题中的年度，须与文件年度一致；"
        "比较句中的年份见“比较年份错误”。规划期、历史沿革、文件文号中的年份不检查。"
    ),
)
def rule_text_year(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    year = doc.year
    if year is None or doc.kind not in (DocKind.BUDGET, DocKind.FINAL):
        return
    kinds = {s.id: s.kind.value for s in doc.sections}
    for s in text_sentences(doc):
        text = normalise(s.text)
        for r in _RANGE_RE.finditer(text):
            a, b = _valid(*r.group(1, 2, 3)), _valid(*r.group(4, 5, 6))
            if a and b and b < a:
                yield ctx.finding(
                    f"“{quote(text, r.start(), r.end(), pad=10)}”：起止日期中止日 {b:%Y-%m-%d} 早于起日 {a:%Y-%m-%d}，年份有误。",
                    key=(s.text, r.group(0), "range"),
                    formula="止日 ≥ 起日",
                    locations=[sentence_location(s)],
                )
        if kinds.get(s.section_id) not in _EXPLAIN:
            continue
        for m in _AS_OF_RE.finditer(text):
            bad = _as_of(doc, year, text, m)
            if bad is not None:
                yield ctx.finding(
                    f"“{quote(text, m.start(), m.end(), pad=10)}”：{bad[0]}。",
                    key=(s.text, m.group(0), "as_of"),
                    severity=bad[1],
                    formula=f"截至日期与文件年度 {year} 年相符",
                    locations=[sentence_location(s)],
                )
        years_here = {int(y) for y in _YEAR_RE.findall(text)}
        for m in _STATEMENT_RE.finditer(text):
            y = int(m.group(1))
            if y == year or (y == year - 1 and year in years_here):
                continue  # the document's year, or last year's beside it (a comparison)
            if (
                doc.kind == DocKind.BUDGET
                and y == year - 1
                and re.search(r"执行|决算", text[m.end() : m.end() + 8])
            ):
                continue
            # "2025年“三公”经费预算…，比2025年减少…" in a 2026 budget: the year of the figure is wrong
            same = re.search(rf"(比|较|与|同)\s*{y}\s*年", text[m.end() :])
            yield ctx.finding(
                f"“{quote(text, m.start(), m.end() + 16, pad=4)}”：{year}年文件以 {y} 年表述本年收支"
                + (f"，且同句又与 {y} 年比较，年度有误。" if same else "，请核对年度。"),
                key=(s.text, m.group(0), "statement"),
                severity=Severity.ERROR if same else Severity.WARNING,
                formula=f"本年收支表述年度 = {year}",
                locations=[sentence_location(s)],
            )
        if doc.kind == DocKind.BUDGET:
            for m in _EXEC_RE.finditer(text):
                y = int(m.group(1))
                if y == year - 1:
                    continue
                yield ctx.finding(
                    f"“{quote(text, m.start(), m.end(), pad=10)}”：{year}年预算应与 {year - 1} 年执行数比较，文中为 {y} 年。",
                    key=(s.text, m.group(0), "exec"),
                    severity=Severity.ERROR if f"{year}年" in text.replace(" ", "") else Severity.WARNING,
                    formula=f"执行数年度 = {year - 1}",
                    locations=[sentence_location(s)],
                )
    for sec in _sub_titles(doc):
        title = normalise(sec.title)
        ys = {int(y) for y in _YEAR_RE.findall(title)}
        allowed = {year} if doc.kind == DocKind.FINAL else {year, year - 1}
        if (
            not ys
            or ys & {year}
            or ys <= allowed
            or re.search(r"规划|计划|十[一二三四五六七八九]五|—|-", title)
        ):
            continue
        other = sorted(ys - allowed)[0]
        yield ctx.finding(
            f"情况说明标题“{title}”中的年度 {other} 年与文件年度 {year} 年不一致。",
            key=(title, "title"),
            severity=Severity.WARNING,
            formula=f"标题年度 = {year}",
            locations=[Location(text=sec.title, page=sec.page, bbox=sec.bbox)],
        )
