"""Family 4: the per-item lines of the explanation ("（1）行政运行（2010601）：2026年预算数为B万元，
2025年执行数为A万元，比上年增加C万元，增长P%") against the function-class tables and themselves.

``narr.item_line`` reads one 款 / 项 item at a time.  The item is named

- by its code: "行政运行（2010601）", "2010301-行政运行", "[2010301]";
- by its chain of levels: "社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）",
  "政府办公厅（室）及相关机构事务（款）行政运行（项）" (names may hold brackets);
- by a quoted path: "“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目";
- by its bare name at the head of a numbered line ("（3）一般行政管理事务 1249.50 万元") when that name
  is the name of exactly one 款 / 项 row of the function tables.

A header line without amounts ("1.一般公共服务（类）信访事务（款）行政运行（项）。") names the item of the
next line ("年初预算为…，支出决算为…").  Anything that cannot be resolved to exactly one code of the
tables is not read.  Then:

- the current amount B (budget: the year's 预算数; final: 决算数) equals the table's cell for that code
  (the main column of the section's table; a final account's 年初预算 against its 年初预算 column when
  the table prints one); a value equal to the same code in another function table is an inter-table
  matter, not reported here;
- with the prior amount A printed ("2025年执行数为A", "上年预算数为A"): the change C = B − A, the
  rate P = (B − A) ÷ A when C is not printed (with C printed, ``rate.growth`` checks P), and the
  direction words (增加 / 减少, 增长 / 下降) follow the sign of B − A.

Amounts are compared in the table's unit; a gap within half a unit of the text's last printed digit
is no difference, a gap the rounding of the printed operands explains is ``rounding``; a wrong
direction word alone is a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from gouji.model.document import Column, DocKind, Document, Row, Sentence, Table
from gouji.model.findings import Family, Severity, cell_location, sentence_location
from gouji.model.rules.narrative import _ALL_FUNC, FUNC_TABLES, _context, _other_year, _scope
from gouji.model.rules.registry import register_rule
from gouji.model.rules.selectors import cell_amount, codes_reliable, is_budget_column, tables, value_column
from gouji.model.rules.textnum import (
    _ENUM_RE,
    Amount,
    Change,
    SentenceNumbers,
    analyse,
    by_section,
    convert,
    normalise,
    quote,
    ratio_check,
    text_sentences,
)
from gouji.model.rules.wording import clean_name, fmt
from gouji.model.tables import family_tables

#: the fund sections and their tables
_FUNDS = (("政府性基金", family_tables("gov_fund")), ("国有资本经营", family_tables("soe")))
_FUND_TABLES = [std for _, stds in _FUNDS for std in stds]
_MARK_RE = re.compile(r"[（(]\s*(类|款|项)\s*[）)]")
_LEVEL_NO = {"类": 1, "款": 2, "项": 3}
_CODE_RE = re.compile(
    r"(?:[（(\[【]\s*(\d{5}|\d{7})\s*[）)\]】])|(?:^|(?<=[\s“\"]))(\d{5}|\d{7})\s*[-—－–:：]?\s*(?=[^\d\s.,，、万元%])"
)
_LEAD_RE = _ENUM_RE  # the list number of a line: "（1）", "1.", "一、"
#: words after which the amounts of a line belong to something else than the item
_STOP_RE = re.compile(r"其中|包括|主要用于|用于|主要原因|原因是|主要是")
_PATH_RE = re.compile(r"^[“\"]([^”\"]+)[”\"]\s*科目")
_HEADER_NEXT_RE = re.compile(r"^\s*(年初预算|全年预算|调整预算|预算数|支出决算|决算数|(?:19|20)\d\d\s*年)")


def _core(name: str) -> str:
    """A subject name for comparison: without quotes, spaces, a trailing 支出."""
    n = clean_name(name)
    n = re.sub(r"[“”\"'‘’]", "", n)
    return re.sub(r"支出$", "", n)


@dataclass
class CodeIndex:
    """The 款 / 项 (and 类) rows of a document's function-class tables, by code and by name."""

    names: dict[str, str]  # code → clean name (first table that prints it)
    by_name: dict[str, set[str]]  # core name → codes

    @classmethod
    def of(cls, doc: Document) -> CodeIndex:
        names: dict[str, str] = {}
        for t in tables(doc, _ALL_FUNC + _FUND_TABLES):
            if not codes_reliable(t):
                continue
            for r in t.rows:
                if r.code and len(r.code) in (3, 5, 7) and clean_name(r.name):
                    names.setdefault(r.code, clean_name(r.name))
        by_name: dict[str, set[str]] = {}
        for code, name in names.items():
            by_name.setdefault(_core(name), set()).add(code)
        return cls(names, by_name)

    def chain(self, parts: list[tuple[str, int]]) -> str | None:
        """The one code whose name and ancestors' names are ``parts`` [(name, level), …]."""
        name, level = parts[-1]
        cands = [c for c in self.by_name.get(_core(name), set()) if len(c) == 2 * level + 1]
        for pname, plevel in parts[:-1]:
            cands = [c for c in cands if _core(self.names.get(c[: 2 * plevel + 1], "")) == _core(pname)]
        return cands[0] if len(cands) == 1 else None

    def bare(self, name: str) -> str | None:
        """The one 款 / 项 code named ``name`` (no 类 of that name either)."""
        codes = self.by_name.get(_core(name), set())
        return next(iter(codes)) if len(codes) == 1 and len(next(iter(codes))) in (5, 7) else None


@dataclass
class Item:
    code: str
    how: str  # how the text named it (for the message)
    end: int = 0  # where the naming ends in the line (what follows up to the figure says which figure)


def _head(sn: SentenceNumbers) -> str:
    """The text of a line before its first amount (or the whole line without amounts)."""
    end = sn.amounts[0].start if sn.amounts else len(sn.text)
    return sn.text[:end]


def _chain_parts(head: str) -> list[tuple[str, int]] | None:
    """[(name, level)] of "X（类）Y（款）Z（项）" at the start of ``head``; None when not read with certainty."""
    marks = list(_MARK_RE.finditer(head))
    if not marks:
        return None
    start = _LEAD_RE.match(head)
    pos = start.end() if start else 0
    parts: list[tuple[str, int]] = []
    for m in marks:
        name = head[pos : m.start()].strip().strip("“”\"'‘’ ")
        if not name or re.search(r"[\d，,。；;：:、]", name) or len(name) > 40:
            return None
        level = _LEVEL_NO[m.group(1)]
        if parts and level <= parts[-1][1]:
            return None
        parts.append((name, level))
        pos = m.end()
    return parts


def resolve(index: CodeIndex, head: str, *, listed: bool) -> Item | None:
    """The 款 / 项 item a line's head names (see the module docstring); ``listed``: the line is a
    numbered list line of a function-class section (bare names are read only there)."""
    h = normalise(head)
    lead = _LEAD_RE.match(h)
    off = lead.end() if lead else 0
    body = h[off:]
    m = _CODE_RE.search(body)
    if m:
        code = m.group(1) or m.group(2)
        if code not in index.names:
            return None
        label = re.sub(r"[\s：:，,]*(支出|科目)?[\s：:]*$", "", body[: m.end() + 30].split("，")[0]).strip()
        end = off + m.end()
        name_at = h.find(index.names[code], end)  # "2010301-行政运行 3104.73万元"
        if name_at >= 0 and not h[end:name_at].strip(" -—－–:："):
            end = name_at + len(index.names[code])
        return Item(code, label or code, end)
    parts = _chain_parts(h)
    if parts is not None:
        if parts[-1][1] == 1:
            return None  # a class: narr.amount
        code = index.chain(parts)
        how = "".join(f"{n}（{'类款项'[lv - 1]}）" for n, lv in parts)
        return Item(code, how, list(_MARK_RE.finditer(h))[-1].end()) if code else None
    pm = _PATH_RE.match(body)
    if pm:
        names = [x.strip() for x in re.split(r"\s*[-—－–]\s*", pm.group(1)) if x.strip()]
        code = index.chain([(n, i) for i, n in enumerate(names, 1)]) if len(names) in (2, 3) else None
        return Item(code, f"“{pm.group(1)}”", off + pm.end()) if code else None
    if listed and lead:
        name = re.sub(r"(科目)?(支出)?(为|是)?\s*[:：]?\s*$", "", body.strip()).strip("“”\"' ")
        code = index.bare(name) if name and not re.search(r"[\d，,。；;：:]", name) else None
        return Item(code, name, off + body.find(name) + len(name)) if code else None
    return None


# --------------------------------------------------------------------------------------------
# the amounts of an item line
# --------------------------------------------------------------------------------------------


@dataclass
class Line:
    """The amounts one item's line states."""

    sentence: Sentence
    sn: SentenceNumbers
    current: Amount | None = None  # B: this year's 预算数 / 决算数
    planned: Amount | None = None  # a final account's 年初 / 全年预算数
    prior: Amount | None = None  # A: last year's figure
    change: Change | None = None


#: the subject of an amount that only says which figure it is ("2025年执行数为", "支出决算为")
_MEASURE_RE = re.compile(
    r"^(科目)?(当年|本年|上年|去年)?(预算)?(执行数?|预算数?|预算安排|安排|决算数?|年初预算数?|全年预算数?|调整预算数?|支出决算数?|支出|实际支出)?(为|是)?$"
)
_PRIOR_RE = re.compile(r"上年|去年|上一年|执行数|^\s*(比|较|与|同)")
_PLANNED_RE = re.compile(r"年初预算|全年预算|调整预算|预算数?$|预算安排")


def _is_measure(text: str) -> bool:
    """``text`` only says which figure follows ("：2026年预算数为", "”科目", "支出")."""
    t = re.sub(r"[“”\"'\s：:，,]", "", text)
    t = re.sub(r"^(?:19|20)\d\d年度?", "", t)
    return bool(_MEASURE_RE.match(t))


def _line(doc: Document, s: Sentence, item: Item | None) -> Line | None:
    """The amounts of an item's line (``item``: the line names it; None: a line after the one naming
    the item, whose amounts must all be bare figures: "2023年当年预算执行数为…，2024年预算安排…")."""
    sn = analyse(s.text)
    if item is not None and sn.values and not _is_measure(sn.text[item.end : sn.values[0].start]):
        return None  # "行政运行（2010301）：基本支出…": the first figure is not the item's
    stop = _STOP_RE.search(sn.text, sn.values[0].end if sn.values else 0)  # not in the item's name
    limit = stop.start() if stop else len(sn.text)
    out = Line(s, sn)
    final = doc.kind == DocKind.FINAL
    for k, a in enumerate(sn.values):
        if a.start >= limit:
            break
        if (item is None or k > 0) and not _is_measure(a.subject) and not _PRIOR_RE.search(a.raw_subject):
            if item is None:
                return None
            break  # another subject: the item's figures end here
        if a.unit not in ("元", "万元", "亿元"):
            continue
        if _PRIOR_RE.search(a.raw_subject) or _other_year(doc, a):
            slot = "prior"
        elif final and _PLANNED_RE.search(a.subject) and "决算" not in a.subject:
            slot = "planned"
        else:
            slot = "current"
        if getattr(out, slot) is not None:
            return None  # two amounts for one slot: not read with certainty
        setattr(out, slot, a)
    changes = [c for c in sn.changes if c.start < limit]
    if len(changes) > 1:
        return None
    out.change = changes[0] if changes else None
    return out


def item_lines(doc: Document) -> list[tuple[Item, Line]]:
    """Every item line of the explanation whose item resolves to one code."""
    index = CodeIndex.of(doc)
    if not index.names:
        return []
    out: list[tuple[Item, Line]] = []
    for sents in by_section(text_sentences(doc)).values():
        listed = _scope(_context(doc, sents[0])) in FUNC_TABLES
        pending: Item | None = None
        hops = 0  # sentences without amounts since the line naming the pending item
        for s in sents:
            sn = analyse(s.text)
            item = resolve(index, _head(sn), listed=listed) if sn.text.strip() else None
            continued = item is None and pending is not None and bool(_HEADER_NEXT_RE.match(sn.text))
            if continued:
                item = pending
            if item is None and pending is not None and not sn.amounts and hops < 2:
                hops += 1  # "主要用于：…" between the item's name and its figures
                continue
            pending, hops = (item, 0) if item is not None and not continued else (None, 0)
            if item is None or not sn.values:
                continue
            line = _line(doc, s, None if continued else item)
            if line is not None:
                out.append((item, line))
    return out


# --------------------------------------------------------------------------------------------
# the rule
# --------------------------------------------------------------------------------------------


def _main_column(doc: Document, t: Table, planned: str | None) -> Column | None:
    """The column of the item's figure: ``planned`` is the subject of a final account's 预算数
    ("年初预算" / "全年预算" / "调整预算": the column of that name; plain "预算数": the one budget
    column), None for the year's main figure."""
    if planned is not None:
        cols = [c for c in t.amount_columns() if is_budget_column(c)]
        word = next((w for w in ("年初", "全年", "调整") if w in planned), None)
        if word is not None:
            cols = [c for c in cols if word in c.label]
        return cols[0] if len(cols) == 1 else None
    col = value_column(t, "actual")
    if col is None and doc.kind != DocKind.FINAL:
        col = value_column(t, "budget")  # a budget's 预算数 column is its main column
    return col


def _cells(doc: Document, stds, code: str, planned: str | None) -> list[tuple[Table, Row, Column]]:
    out = []
    for t in tables(doc, stds):
        if not codes_reliable(t):
            continue
        rows = [r for r in t.rows if r.code == code and (not t.two_sided or r.side == "支出")]
        col = _main_column(doc, t, planned)
        if len(rows) == 1 and col is not None:
            out.append((t, rows[0], col))
    return out


def _table_findings(ctx, doc, item: Item, line: Line, a: Amount, planned: str | None, out: list):
    """The finding of an item amount that differs from its table cell; the cell (in the amount's unit)
    is appended to ``out`` when it differs."""
    titles = _context(doc, line.sentence)
    fund = next((stds for word, stds in _FUNDS if word in titles.split(" ")[0]), None)
    # an item of the 政府性基金 / 国有资本经营 section is one of that fund's table
    stds = fund if fund is not None else FUNC_TABLES.get(_scope(titles) or "", []) or FUNC_TABLES["gpb"]
    cands = _cells(doc, stds, item.code, planned)
    if not cands:
        return
    t, r, c = cands[0]
    cell = cell_amount(r, c)
    if cell is None or t.unit is None:
        return
    stated = a.to(t.unit)
    diff = stated - cell
    slack = a.quantum_in(t.unit)
    if abs(diff) <= slack:
        return
    for t2, r2, c2 in _cells(doc, _ALL_FUNC + _FUND_TABLES, item.code, planned):
        v2 = cell_amount(r2, c2)
        if v2 is not None and t2.unit and abs(a.to(t2.unit) - v2) <= a.quantum_in(t2.unit):
            return  # the amount of another table: an inter-table question
    out.append(convert(cell, t.unit, a.unit))
    slip = a.unit != t.unit and abs(diff) <= 2 * slack
    if planned is not None:
        what = next((w + "预算数" for w in ("年初", "全年", "调整") if w in planned), "预算数")
    else:
        what = "决算数" if doc.kind == DocKind.FINAL else "预算数"
    name = clean_name(r.name)
    yield ctx.finding(
        f"“{quote(line.sn.text, a.start, a.end)}”：文中{item.how}的{what} {a.text}{a.unit}，"
        f"《{t.title}》“{item.code} {name}”行“{c.label}”列为 {fmt(cell)}{t.unit}，相差 {fmt(diff)}{t.unit}。"
        + ("换算单位后末位相差一个单位，属尾差。" if slip else ""),
        key=(line.sentence.text, a.text, t.std or t.id, item.code, c.label),
        severity=Severity.ROUNDING if slip else Severity.ERROR,
        formula=f"文中{what} = 《{t.title}》{item.code} {name} / {c.label}",
        stated=stated,
        computed=cell,
        locations=[sentence_location(line.sentence), cell_location(t, r, c)],
    )


def _fits_table(line: Line, cell: Decimal | None) -> bool:
    """The line's change (or rate) holds with the table's figure in place of the printed B: the
    printed B is the one error (reported against the table), not the change."""
    b, a, ch = line.current, line.prior, line.change
    if cell is None or b is None or a is None or ch is None:
        return False
    delta = cell - a.to(b.unit)
    q = b.quantum + a.quantum_in(b.unit)
    if ch.amount is not None and ch.amount.change:
        return abs(abs(delta) - ch.amount.to(b.unit)) <= q + ch.amount.quantum_in(b.unit)
    if ch.percent is None:
        return False
    verdict, _ = ratio_check(
        ch.percent.value, ch.percent.text, abs(delta), a.to(b.unit), q, a.quantum_in(b.unit)
    )
    return verdict in (None, "rounding")


def _change_findings(ctx, line: Line, table_b: Decimal | None):
    """C = B − A, P = (B − A) ÷ A and the direction words, with A printed."""
    b, a, ch = line.current, line.prior, line.change
    if b is None or a is None or ch is None or _fits_table(line, table_b):
        return
    unit = b.unit
    delta = b.value - a.to(unit)
    q = b.quantum + a.quantum_in(unit)
    frag = quote(line.sn.text, min(a.start, b.start), (ch.percent or ch.amount or b).end)
    key = line.sentence.text
    sign = (delta > 0) - (delta < 0)
    c = ch.amount
    if c is not None and c.change:
        cv = c.to(unit)
        gap = abs(delta) - cv
        if abs(gap) > c.quantum_in(unit):
            beyond_rounding = abs(gap) > q + c.quantum_in(unit)
            yield ctx.finding(
                f"“{frag}”：{fmt(b.value)} − {fmt(a.to(unit))} = {fmt(delta)}{unit}，文中增减额为 {c.text}{c.unit}。"
                + ("" if beyond_rounding else "差异在金额四舍五入的范围内，属尾差。"),
                key=(key, c.text, "item_change"),
                severity=Severity.ERROR if beyond_rounding else Severity.ROUNDING,
                formula="增减额 = 本年数 − 上年数",
                stated=cv,
                computed=abs(delta),
                locations=[sentence_location(line.sentence)],
            )
            if beyond_rounding:
                return
        if sign and c.change != sign and cv != 0:
            yield _direction(ctx, line, frag, "增加" if sign > 0 else "减少", delta, unit)
        return
    p = ch.percent
    if p is None:
        return
    verdict, computed = ratio_check(p.value, p.text, abs(delta), a.to(unit), q, a.quantum_in(unit))
    if verdict == "undefined":
        yield ctx.finding(
            f"“{frag}”：上年数为 0，增减率无从计算，文中却写作 {p.value}%。",
            key=(key, p.text, "item_rate"),
            severity=Severity.WARNING,
            formula="增减率 = (本年数 − 上年数) ÷ 上年数 × 100%",
            stated=p.value,
            locations=[sentence_location(line.sentence)],
        )
        return
    if verdict is not None:
        yield ctx.finding(
            f"“{frag}”：({fmt(b.value)} − {fmt(a.to(unit))}) ÷ {fmt(a.to(unit))} = "
            f"{'-' if delta < 0 else ''}{computed}%，文中为 {p.value}%。"
            + ("差异属四舍五入尾差。" if verdict == "rounding" else ""),
            key=(key, p.text, "item_rate"),
            severity=Severity.ROUNDING if verdict == "rounding" else Severity.ERROR,
            formula="增减率 = (本年数 − 上年数) ÷ 上年数 × 100%",
            stated=p.value,
            computed=computed,
            locations=[sentence_location(line.sentence)],
        )
        return
    if sign and p.sign != sign and p.value != 0:
        yield _direction(ctx, line, frag, "增长" if sign > 0 else "下降", delta, unit)


def _direction(ctx, line: Line, frag: str, right: str, delta: Decimal, unit: str):
    return ctx.finding(
        f"“{frag}”：本年数 − 上年数 = {fmt(delta)}{unit}，应为“{right}”，文中方向词相反。",
        key=(line.sentence.text, "item_direction"),
        severity=Severity.WARNING,
        formula="本年数 > 上年数 ⇔ 增加 / 增长",
        stated=None,
        computed=delta,
        locations=[sentence_location(line.sentence)],
    )


@register_rule(
    "narr.item_line",
    "分科目说明与表格一致",
    Family.NARRATIVE,
    Severity.ERROR,
    description="情况说明中逐项列示的款、项级科目（以编码、（类）（款）（项）、科目路径或唯一的科目名称标明）："
    "本年预算数（决算数）须等于功能分类表中该科目的金额；写明上年数时，增减额 = 本年数 − 上年数，"
    "未写增减额时增减率 = (本年数 − 上年数) ÷ 上年数，“增加/减少”“增长/下降”须与两数的大小相符。",
)
def rule_item_line(doc, ctx):
    for item, line in item_lines(doc):
        differs: list[Decimal] = []
        if line.current is not None:
            yield from _table_findings(ctx, doc, item, line, line.current, None, differs)
        if line.planned is not None:
            yield from _table_findings(ctx, doc, item, line, line.planned, line.planned.subject, [])
        yield from _change_findings(ctx, line, differs[0] if differs else None)
