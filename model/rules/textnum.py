"""Numbers in running text: amounts with their subject, percentages, changes.

Every reconciliation rule that reads the 情况说明 goes through :func:`analyse`,
which turns one sentence into structured facts:

- :class:`Amount` - "一般公共预算拨款收入17,439.61万元" → subject "一般公共预算拨款收入",
  value 17439.61, unit 万元; "社会保障和就业支出（类）1,801.39万元" → name
  "社会保障和就业支出", level 类; amounts after 增加/减少 are *change* amounts;
- :class:`Percent` - "占84.12%" (share), "增长58.24%" (growth), "完成预算的98.20%"
  (completion), "预决算差异率120.41%" (variance);
- :class:`Change` - "比上年增加3,929.37万元，增长58.24%" (sign, amount, percent, base; the
  printed base amount of "比2025年年初预算数A增加B" as ``prior``);
- :class:`Count` - "103人", "4辆" (never amounts);
- :class:`Breakdown` - "X万元，其中：A万元，B万元" (items only: amounts in a bracket or after a
  "：" following an item detail that item; a "（其中…）" list stays inside its bracket);
- :class:`Direction` - "决算数小于预算数".

Years (2024年), codes (2010601), counts (19个), dates, document numbers
(〔2004〕162号) and thresholds ("单价100万元以上") are never amounts.
Everything is matched inside one sentence, clause by clause; rules that need
a neighbouring sentence do that explicitly.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Iterable

from gouji.model.document import Document, Sentence
from gouji.model.rules.text_marks import BREAKDOWN_MARKERS, CLAUSE_BOUNDARY, STRONG_BOUNDARY
from gouji.model.rules.text_marks import CLOSE as _CLOSE
from gouji.model.rules.text_marks import OPEN as _OPEN
from gouji.model.rules.text_marks import bracket_end as _bracket_end
from gouji.model.rules.text_marks import clause_at as _clause_at
from gouji.model.rules.text_marks import depths as _depths
from gouji.model.rules.text_marks import marks as _marks
from gouji.model.rules.text_marks import segment_at as _segment_at
from gouji.model.rules.text_marks import strong_between as _strong_between
from gouji.model.text import norm

# full-width digits / signs → ASCII, one char for one char (positions are kept)
_FW = str.maketrans("０１２３４５６７８９％．", "0123456789%.")

NUM_RE = re.compile(r"(?<![\dA-Za-z.,，])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])")
AMOUNT_UNIT_RE = re.compile(r"\s*(亿元|万元|元|万(?![人个辆台家次套平亩户名件]))")
PERCENT_RE = re.compile(r"\s*[%％]")
COUNT_UNIT_RE = re.compile(r"\s*(人次|批次|人|个|辆|家|台（套）|台\(套\)|台|套|次|批|宗|处|名|户|座|间|项)")
NOT_AMOUNT_AFTER_RE = re.compile(r"\s*(以上|以下|以内|（含）|\(含\))")
NOT_NUMBER_AFTER_RE = re.compile(r"\s*(年|月|日|号|时|期|届|平方米|亩|公里|米|周岁|岁|分(?!配))")
THRESHOLD_BEFORE_RE = re.compile(r"(单价|单位价值|价值在|超过|不足|低于|高于)\s*$")

_CHANGE_VERB_RE = re.compile(
    r"(增加了?|减少了?|增长了?|下降了?|上升了?|降低了?|提高了?|增幅为?|降幅为?|压减了?|节约了?)\s*$"
)
_GROWTH_BEFORE_RE = re.compile(
    r"(增长|下降|上升|降低|增幅|降幅|减少|增加|提高|减幅|增长率|下降率)(了|为|是|达)?\s*$"
)
_SHARE_BEFORE_RE = re.compile(r"占([^，,；;。：:占]{0,30}?)(的|比重为|比例为|比重|比例)?\s*$")
_COMPLETION_BEFORE_RE = re.compile(
    r"(完成(年初|全年|调整)?预算(数)?的|预算执行率(为|是)?|执行率(为|是)?|完成率(为|是)?)\s*$"
)
_VARIANCE_BEFORE_RE = re.compile(r"差异率(为|是)?\s*$")
_BASE_RE = re.compile(
    r"(比|较|与|同|相对)\s*((?:20\d\d|19\d\d)\s*年度?(?:预算|决算|同期)?(?:数)?|上年度?(?:预算|决算|同期)?(?:数)?|去年(?:同期)?|年初预算(?:数)?|全年预算(?:数)?|预算数|上一年度?)"
)
_YEAR_IN_RE = re.compile(r"(20\d\d|19\d\d)\s*年")
# the name before a 类 / 款 / 项 marker: a whole run of name characters (the lookbehind and the
# possessive run keep findall / search linear on long texts without the marker; same matches)
_NAME_RUN = r"(?<![^\s，。；：:,;()（）\d])([^\s，。；：:,;()（）\d]++)"
_LEVEL_RE = re.compile(_NAME_RUN + r"\s*[（(]\s*(类|款|项)\s*[）)]")
_CODE_LEVEL_RE = re.compile(_NAME_RUN + r"\s*[（(]\s*(\d{3,7})\s*(类|款|项)?\s*[）)]")
_LEAD_CODE_RE = re.compile(r"^(\d{3}|\d{5}|\d{7})\s*[-—－–:：]?\s*([^\d\s\-—－–].*)$")
_ENUM_RE = re.compile(
    r"^\s*(?:[-•·●]\s*|\d{1,3}\s*[.、．)）]\s*(?!\d)|[（(]\s*[一二三四五六七八九十百零\d]+\s*[)）]\s*|[一二三四五六七八九十]+\s*[、.．]\s*|第[一二三四五六七八九十]+[，,、]?)"
)
_LEAD_WORDS_RE = re.compile(
    r"^(其中|包括|主要包括|分别是|分别为|主要是|一是|二是|三是|四是|五是|另外|此外|以及|和|及|其余|合计)\s*[:：]?\s*"
)
_TAIL_WORDS_RE = re.compile(r"(为|是|达到|达|约为|约|共计|总额为|金额为|\s)+$")
_DIRECTION_RE = re.compile(
    r"(决算数?|支出决算数?|实际支出数?|执行数)\s*(大于|小于|等于|高于|低于|超过|少于|多于|与)\s*(年初|全年|调整)?\s*(预算数?)\s*(基本)?\s*(持平|相当|一致|相同|相等)?"
)
_FLAT_RE = re.compile(r"(基本)?(持平|无变化|没有变化|未发生变化)")


def to_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("，", ""))
    except (InvalidOperation, ValueError):
        return None


def decimals_of(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


UNIT_FACTORS = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """Convert an amount between 元 / 万元 / 亿元."""
    if from_unit == to_unit:
        return value
    return value * UNIT_FACTORS[from_unit] / UNIT_FACTORS[to_unit]


@dataclass
class Num:
    value: Decimal
    text: str  # the printed number
    start: int  # position in the (normalised) sentence text
    end: int  # end of the number and its unit
    clause: int = 0  # index of the clause (split at ，；。：、)
    segment: int = 0  # index of the segment (split at ；。 and 其中/包括)

    @property
    def decimals(self) -> int:
        return decimals_of(self.text)


@dataclass
class Amount(Num):
    unit: str = "万元"
    subject: str = ""  # the cleaned label before the number ("一般公共预算拨款收入")
    raw_subject: str = ""
    name: str = ""  # subject without level / code markers ("社会保障和就业支出")
    code: str | None = None  # function / economic code named with it ("210")
    level: str | None = None  # 类 / 款 / 项 when the subject carries the marker
    change: int = 0  # +1 / -1 when the amount is an increase / decrease, 0 for a value
    note: bool = False  # a bracketed inclusion note: "（含外宾接待支出0.00万元）"

    def to(self, unit: str) -> Decimal:
        """The amount expressed in ``unit`` (元 / 万元 / 亿元)."""
        return convert(self.value, self.unit, unit)

    @property
    def quantum(self) -> Decimal:
        """Half of the last printed digit, in the amount's own unit (rounding slack)."""
        return Decimal(1).scaleb(-self.decimals) / 2

    def quantum_in(self, unit: str) -> Decimal:
        return convert(self.quantum, self.unit, unit)


@dataclass
class Percent(Num):
    kind: str = "other"  # share / growth / completion / variance / other
    sign: int = 1  # for growth: +1 增长, -1 下降
    whole: str | None = None  # named whole of a share: "占本年支出合计的…" → "本年支出合计"
    subject: str = ""


@dataclass
class Count(Num):
    unit: str = "人"
    subject: str = ""
    change: int = 0


@dataclass
class Change:
    sign: int  # +1 increase, -1 decrease, 0 持平
    amount: Amount | None = None
    percent: Percent | None = None
    base: str = ""  # "上年", "上年预算", "2023年度" …
    year: int | None = None  # year named in the base, if any
    subject: str = ""  # what changes, when named in the clause ("收入支出总计")
    target: Amount | None = None  # the current amount it refers to, when in the same sentence
    start: int = 0
    prior: Amount | None = None  # the base amount when printed: "比2025年年初预算数A增加B" → A


@dataclass
class Breakdown:
    marker: str
    start: int
    whole: Amount | None
    parts: list[Amount] = field(default_factory=list)
    count_whole: Count | None = None
    count_parts: list[Count] = field(default_factory=list)


@dataclass
class Direction:
    word: str  # 大于 / 小于 / 等于 / 持平
    basic: bool  # "基本持平"
    start: int
    text: str


@dataclass
class SentenceNumbers:
    text: str
    amounts: list[Amount] = field(default_factory=list)
    percents: list[Percent] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    directions: list[Direction] = field(default_factory=list)
    entity: list[tuple[str, str]] = field(default_factory=list)  # [(name, 类/款/项), …]
    flat: bool = False  # the sentence says 持平
    #: (number of amounts, values, their starts): :attr:`values` computed once per list of amounts
    _values: tuple[int, list[Amount], list[int]] | None = field(default=None, repr=False, compare=False)
    #: id(part) → its breakdown (:meth:`breakdown_of`), filled on first use
    _parts_of: dict[int, Breakdown] | None = field(default=None, repr=False, compare=False)

    def _value_index(self) -> tuple[list[Amount], list[int]]:
        if self._values is None or self._values[0] != len(self.amounts):
            vals = [a for a in self.amounts if not a.change and not a.note]
            self._values = (len(self.amounts), vals, [a.start for a in vals])
        return self._values[1], self._values[2]

    @property
    def values(self) -> list[Amount]:
        """Amounts that are values (not increases / decreases, not "（含…）" notes), in text order."""
        return list(self._value_index()[0])

    def breakdown_of(self, part: Amount) -> Breakdown | None:
        """The first breakdown with a whole that lists ``part`` among its parts."""
        if self._parts_of is None:
            self._parts_of = {}
            for b in reversed(self.breakdowns):
                if b.whole is not None:
                    self._parts_of.update((id(a), b) for a in b.parts)
        return self._parts_of.get(id(part))

    def amount_before(self, pos: int, same_segment: bool = True) -> Amount | None:
        """The last value starting before ``pos`` (in the same segment when ``same_segment``)."""
        vals, starts = self._value_index()
        k = bisect_left(starts, pos)
        if not k:
            return None
        best = vals[k - 1]  # segments grow along the text: an earlier value is in no later segment
        if same_segment and best.segment != _segment_at(self.text, pos):
            return None
        return best


@lru_cache(maxsize=256)
def normalise(text: str) -> str:
    """Full-width digits and signs as ASCII (cached: rules normalise the same sentence many times)."""
    return text.translate(_FW)


def _clause_start(text: str, pos: int, skip_label_colon: bool = True) -> int:
    """Start of the clause that ends at ``pos``.

    A "：" right before the number ("预算安排规模：160.00万元") is a label
    separator, not a boundary, so the label is kept as the subject.
    """
    j = pos
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if skip_label_colon and j > 0 and text[j - 1] in "：:":
        j -= 1
    k = bisect_left(_marks(text).clause, j)  # the clause starts after the last boundary before j
    return _marks(text).clause[k - 1] + 1 if k else 0


def clean_subject(raw: str) -> str:
    """Strip enumerators, lead words, years and trailing verbs from a label."""
    s = raw.strip().strip("：: ")
    s = re.sub(r"\s+", "", s)
    for _ in range(3):
        s2 = _ENUM_RE.sub("", s)
        s2 = _LEAD_WORDS_RE.sub("", s2)
        if s2 == s:
            break
        s = s2
    # keep what follows the last year mention ("上海市XX局2024年度收入支出总计" → "收入支出总计")
    years = list(_YEAR_IN_RE.finditer(s))
    m = years[-1] if years else None
    if m is not None:
        rest = s[m.end() :]
        rest = re.sub(r"^度", "", rest)
        if rest:
            s = rest
    s = _TAIL_WORDS_RE.sub("", s)
    s = s.strip("：:，, ")
    return s


_LEVEL_OF_CODE_LEN = {3: "类", 5: "款", 7: "项"}


def split_name(subject: str) -> tuple[str, str | None, str | None]:
    """(name, code, level) of a subject such as "卫生健康支出（类）", "医疗卫生与计划生育支出（210类）",
    "201一般公共服务支出"."""
    s = subject
    m = _CODE_LEVEL_RE.search(s)
    if m and m.end() >= len(s) - 1:
        level = m.group(3)
        code = m.group(2)
        if level is None:
            level = _LEVEL_OF_CODE_LEN.get(len(code))
        return m.group(1), code, level
    levels = _LEVEL_RE.findall(s)
    if levels:
        name, level = levels[-1]
        return name, None, level
    m2 = _LEAD_CODE_RE.match(s)
    if m2:
        code = m2.group(1)
        return m2.group(2).strip(), code, _LEVEL_OF_CODE_LEN[len(code)]
    return s, None, None


def _base_before(text: str, pos: int) -> tuple[str, int | None, str]:
    """The comparison base named before ``pos`` in the same sentence part, and the subject."""
    lo = max(0, pos - 40)
    window = text[lo:pos]
    # do not look across a full stop / semicolon
    cut = max(window.rfind(ch) for ch in STRONG_BOUNDARY)
    if cut >= 0:
        window = window[cut + 1 :]
    base, year = "", None
    last = None
    for m in _BASE_RE.finditer(window):
        last = m
    if last is not None:
        base = re.sub(r"\s+", "", last.group(2))
        ym = _YEAR_IN_RE.search(base)
        if ym:
            year = int(ym.group(1))
        end = last.start()
    else:
        vm = _CHANGE_VERB_RE.search(window)
        end = vm.start() if vm else len(window)
    i = end
    while i > 0 and window[i - 1] not in CLAUSE_BOUNDARY:
        i -= 1
    subject = clean_subject(window[i:end])
    subject = re.sub(r"(相比|比较|对比)$", "", subject)
    return base, year, subject


@lru_cache(maxsize=8192)
def analyse(text: str) -> SentenceNumbers:
    """Extract the numbers of one sentence (see the module docstring)."""
    t = normalise(text)
    out = SentenceNumbers(text=t)
    last_end = 0
    for m in NUM_RE.finditer(t):
        start, end = m.start(), m.end()
        num_text = m.group(1)
        value = to_decimal(num_text)
        if value is None:
            continue
        before = t[max(0, start - 6) : start]
        if re.search(r"[〔【\[（(]\s*$", before) and re.match(r"\s*[〕】\]]", t[end:]):
            continue  # 〔2004〕
        if before.endswith("第"):
            continue
        rest = t[end:]
        if NOT_NUMBER_AFTER_RE.match(rest):
            continue
        pm = PERCENT_RE.match(rest)
        if pm:
            out.percents.append(_percent(t, num_text, value, start, end + pm.end()))
            last_end = end + pm.end()
            continue
        am = AMOUNT_UNIT_RE.match(rest)
        if am:
            unit = am.group(1)
            if unit == "万":
                unit = "万元"
            aend = end + am.end()
            if NOT_AMOUNT_AFTER_RE.match(t[aend:]) or THRESHOLD_BEFORE_RE.search(
                t[max(0, start - 8) : start]
            ):
                continue
            out.amounts.append(_amount(t, num_text, value, unit, start, aend, last_end))
            last_end = aend
            continue
        cm = COUNT_UNIT_RE.match(rest)
        if cm:
            cstart = max(_clause_start(t, start), last_end)
            last_end = end + cm.end()
            raw = t[cstart:start]
            vm = _CHANGE_VERB_RE.search(raw)
            change = 0
            if vm:
                change = (
                    -1
                    if any(w in vm.group(1) for w in ("减少", "下降", "降低", "压减", "节约", "降幅"))
                    else 1
                )
            out.counts.append(
                Count(
                    value=value,
                    text=num_text,
                    start=start,
                    end=end + cm.end(),
                    clause=_clause_at(t, start),
                    segment=_segment_at(t, start),
                    unit=cm.group(1),
                    subject=clean_subject(raw),
                    change=change,
                )
            )
    out.entity = [(_ENUM_RE.sub("", n).strip(" .．、-"), lv) for n, lv in _LEVEL_RE.findall(t)]
    out.changes = _changes(t, out)
    out.breakdowns = _breakdowns(t, out)
    for dm in _DIRECTION_RE.finditer(t):
        word = dm.group(2)
        if word == "与":
            if not dm.group(6):
                continue
            word = "等于"
        word = {"高于": "大于", "超过": "大于", "多于": "大于", "低于": "小于", "少于": "小于"}.get(
            word, word
        )
        basic = bool(dm.group(5))
        out.directions.append(Direction(word=word, basic=basic, start=dm.start(), text=dm.group(0)))
    out.flat = bool(_FLAT_RE.search(t))
    return out


def _amount(t: str, num_text: str, value: Decimal, unit: str, start: int, end: int, floor: int = 0) -> Amount:
    cstart = max(_clause_start(t, start), floor)
    raw = t[cstart:start]
    note = bool(re.match(r"^\s*[（(]\s*(含|其中含|包含)", raw))
    change = 0
    vm = _CHANGE_VERB_RE.search(raw)
    if vm:
        change = -1 if any(w in vm.group(1) for w in ("减少", "下降", "降低", "压减", "节约", "降幅")) else 1
    subject = clean_subject(raw)
    name, code, level = split_name(subject)
    return Amount(
        value=value,
        text=num_text,
        start=start,
        end=end,
        clause=_clause_at(t, start),
        segment=_segment_at(t, start),
        unit=unit,
        subject=subject,
        raw_subject=raw.strip(),
        name=name,
        code=code,
        level=level,
        change=change,
        note=note,
    )


def _percent(t: str, num_text: str, value: Decimal, start: int, end: int) -> Percent:
    cstart = _clause_start(t, start, skip_label_colon=True)
    before = t[cstart:start]
    kind, sign, whole = "other", 1, None
    sm = _SHARE_BEFORE_RE.search(before)
    if sm:
        kind = "share"
        w = (sm.group(1) or "").strip()
        whole = w or None
    elif _COMPLETION_BEFORE_RE.search(before):
        kind = "completion"
    elif _VARIANCE_BEFORE_RE.search(before):
        kind = "variance"
    else:
        gm = _GROWTH_BEFORE_RE.search(before)
        if gm:
            kind = "growth"
            sign = -1 if gm.group(1) in ("下降", "降低", "降幅", "减少", "减幅", "下降率") else 1
    return Percent(
        value=value,
        text=num_text,
        start=start,
        end=end,
        clause=_clause_at(t, start),
        segment=_segment_at(t, start),
        kind=kind,
        sign=sign,
        whole=whole,
        subject=clean_subject(before),
    )


def _changes(t: str, out: SentenceNumbers) -> list[Change]:
    changes: list[Change] = []
    used: set[int] = set()
    growth = [p for p in out.percents if p.kind == "growth"]
    g_starts = [p.start for p in growth]
    a_starts = [x.start for x in out.amounts]
    for a in out.amounts:
        if not a.change:
            continue
        # pair with the next growth percent in the same or next clause, no value amount in between
        pct = None
        for p in growth[bisect_right(g_starts, a.start) :]:
            if id(p) in used:
                continue
            if p.clause - a.clause > 2:
                break  # clauses grow along the text: no later percent is nearer
            between = bisect_left(a_starts, p.start) - bisect_right(a_starts, a.start)
            if not between and not _strong_between(t, a.end, p.start):
                pct = p
            break
        if pct is not None:
            used.add(id(pct))
        base, year, subject = _base_before(t, a.start)
        own = _own_subject(t, a.start)
        if own:
            subject = own
        ch = Change(
            sign=a.change, amount=a, percent=pct, base=base, year=year, subject=subject, start=a.start
        )
        _set_target(ch, out, a.start)
        changes.append(ch)
    for p in growth:
        if id(p) in used:
            continue
        base, year, subject = _base_before(t, p.start)
        ch = Change(sign=p.sign, amount=None, percent=p, base=base, year=year, subject=subject, start=p.start)
        _set_target(ch, out, p.start)
        changes.append(ch)
    changes.sort(key=lambda c: c.start)
    return changes


_PRIOR_RE = re.compile(r"^\s*(比|较|相比|同比|与|同)")


def _set_target(ch: Change, out: SentenceNumbers, pos: int) -> None:
    """The current amount of a change, and its printed base: in "收入1,048,475.73万元，比2025年年初
    预算数1,025,099.89万元增加23,375.84万元" the amount after 比 is the prior, not the current one."""
    before = out.amount_before(pos)
    if before is not None and _PRIOR_RE.match(before.raw_subject):
        ch.prior = before
        ch.target = out.amount_before(before.start)
    else:
        ch.target = before


def _own_subject(t: str, pos: int) -> str:
    """The label in the change's own clause: "…，一般公共预算财政拨款支出减少63.14万元" → "一般公共预算财政拨款支出"."""
    cstart = _clause_start(t, pos)
    raw = t[cstart:pos]
    m = _CHANGE_VERB_RE.search(raw)
    if m:
        raw = raw[: m.start()]
    raw = _BASE_RE.sub("", raw)
    raw = re.sub(r"(相比|比较|对比)", "", raw)
    return clean_subject(raw)


def bracket_balance(text: str) -> int:
    """Brackets opened minus brackets closed in ``text``."""
    return sum(1 for ch in text if ch in _OPEN) - sum(1 for ch in text if ch in _CLOSE)


def _owned_children(t: str, parts: list[Amount]) -> set[int]:
    """ids of the amounts that detail an earlier part rather than stand beside it.

    A part followed by "（…）" owns the amounts inside the brackets ("公务用车购置及运行维护费
    701.34万元（购置费331万元，运行维护费370.34万元）"); a part followed by "：" owns the amounts
    up to the next "；"/"。" ("其中一般公共预算拨款政府采购5,499.84万元：货物…、工程…、服务…").
    """
    owned: set[int] = set()
    starts = [a.start for a in parts]
    for a in parts:
        if id(a) in owned:
            continue
        k = a.end
        while k < len(t) and t[k].isspace():
            k += 1
        if k >= len(t):
            continue
        if t[k] in _OPEN:
            stop = _bracket_end(t, k + 1)
        elif t[k] in "：:":
            strong = _marks(t).strong
            nxt = bisect_left(strong, k)
            stop = strong[nxt] if nxt < len(strong) else len(t)
        else:
            continue
        owned.update(id(b) for b in _between(parts, starts, k, stop))
    return owned


def _last_whole(items: list, ends: list[int], t: str, pos: int, depth: list[int], d: int):
    """The last of ``items`` (in text order) ending at or before ``pos``, in the same sentence part
    (no ；。 in between) and not inside a bracket closed before ``pos`` (depth at most ``d``)."""
    strong = _marks(t).strong
    k = bisect_left(strong, pos)
    floor = strong[k - 1] if k else -1  # the last strong boundary before pos
    j = bisect_right(ends, pos) - 1
    while j >= 0 and ends[j] > floor:
        if depth[items[j].start] <= d:
            return items[j]
        j -= 1
    return None


def _between(items: list, starts: list[int], lo: int, hi: int) -> list:
    """``items`` (in text order) starting strictly between ``lo`` and ``hi``."""
    return items[bisect_right(starts, lo) : bisect_left(starts, hi)]


def _breakdowns(t: str, out: SentenceNumbers) -> list[Breakdown]:
    res: list[Breakdown] = []
    positions = []
    for marker in BREAKDOWN_MARKERS:
        for m in re.finditer(marker, t):
            # "主要包括：基本工资、…" lists names, not amounts; kept but usually without parts
            positions.append((m.start(), marker))
    positions.sort()
    values = out.values
    v_starts, v_ends = [a.start for a in values], [a.end for a in values]
    counts = [c for c in out.counts if not c.change]
    c_starts, c_ends = [c.start for c in counts], [c.end for c in counts]
    depth = _depths(t)
    for i, (pos, marker) in enumerate(positions):
        nxt = positions[i + 1][0] if i + 1 < len(positions) else len(t)
        d = depth[pos]
        if d:
            nxt = min(nxt, _bracket_end(t, pos))  # "（其中：…）" lists only inside its brackets
        # the whole: the last value before the marker, in the same sentence part (no ；。 in between),
        # not inside a bracket closed before the marker
        whole = _last_whole(values, v_ends, t, pos, depth, d)
        parts = [a for a in _between(values, v_starts, pos, nxt) if depth[a.start] == d]
        owned = _owned_children(t, parts)
        parts = [a for a in parts if id(a) not in owned]
        cwhole = _last_whole(counts, c_ends, t, pos, depth, d)
        cparts = [
            c
            for c in _between(counts, c_starts, pos, nxt)
            if depth[c.start] == d and (cwhole is None or c.unit == cwhole.unit)
        ]
        res.append(
            Breakdown(
                marker=marker, start=pos, whole=whole, parts=parts, count_whole=cwhole, count_parts=cparts
            )
        )
    return res


def _subject_core(s: str) -> str:
    """A label without whitespace, quotes and a trailing 数 / 额 / 金额 / 总额 / 支出数."""
    s = re.sub(r"[“”\"'《》]", "", norm(s))
    return re.sub(r"(数|额|金额|总额|支出数)$", "", s)


def same_subject(a: str, b: str) -> bool:
    """Loose equality of two labels ("收入支出总计" ~ "2024年度收入支出总计", "预算数" suffixes)."""
    x, y = _subject_core(a), _subject_core(b)
    if not x or not y:
        return False
    return x == y or (len(x) >= 4 and y.endswith(x)) or (len(y) >= 4 and x.endswith(y))


def quote(text: str, start: int, end: int, pad: int = 12) -> str:
    """A short fragment of ``text`` around [start, end) for messages."""
    lo = max(0, start - pad)
    hi = min(len(text), end + 4)
    frag = text[lo:hi].replace("\n", "")
    return ("…" if lo > 0 else "") + frag + ("…" if hi < len(text) else "")


# --------------------------------------------------------------------------
# Sentence context: sections, ratio comparison (lists: textlists.py)
# --------------------------------------------------------------------------

_SKIP_KINDS = {"封面", "目录", "公开表", "名词解释"}


def text_sentences(doc: Document) -> list[Sentence]:
    """Sentences of running text (not cover, 目录, table captions or glossary), in order."""
    kinds = {s.id: (s.kind.value if hasattr(s.kind, "value") else str(s.kind)) for s in doc.sections}
    return [s for s in doc.sentences if kinds.get(s.section_id) not in _SKIP_KINDS]


def by_section(sentences: Iterable[Sentence]) -> dict[str, list[Sentence]]:
    out: dict[str, list] = {}
    for s in sentences:
        out.setdefault(s.section_id, []).append(s)
    return out


def ratio_check(
    stated: Decimal, stated_text: str, num: Decimal, den: Decimal, q_num: Decimal, q_den: Decimal
) -> tuple[str | None, Decimal | None]:
    """Compare a printed percentage with ``num / den × 100``.

    Returns (verdict, computed) where verdict is None (equal after rounding to the
    printed decimals), "rounding" (the gap is explained by the rounding of the printed
    amounts and of the percentage), "error", or "undefined" (zero denominator).
    ``computed`` is rounded to the printed decimals (at least 2).
    """
    d = max(decimals_of(stated_text), 0)
    if den == 0:
        return ("undefined" if num != 0 else None), None
    exact = num / den * 100
    computed = exact.quantize(Decimal(1).scaleb(-max(d, 2)))
    if abs(stated) == abs(exact.quantize(Decimal(1).scaleb(-d))):
        return None, computed
    half = Decimal(1).scaleb(-d) / 2
    an, ad = abs(num), abs(den)
    if ad - q_den <= 0:
        return "rounding", computed
    lo = (an - q_num) / (ad + q_den) * 100
    hi = (an + q_num) / (ad - q_den) * 100
    s = abs(stated)
    if s + half >= lo and s - half <= hi:
        return "rounding", computed
    if d >= 2 and abs(s - abs(exact.quantize(Decimal(1).scaleb(-d)))) <= Decimal(1).scaleb(-d):
        # one unit of the last printed digit: a rounding artefact (e.g. a share adjusted
        # so that the set adds up to 100%), not an arithmetic error
        return "rounding", computed
    return "error", computed
