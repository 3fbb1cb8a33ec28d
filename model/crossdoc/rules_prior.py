"""This year's disclosure against last year's of the same unit (the prior-year figures).

* ``cross.prior_text`` — "…A万元，比上年（2024年预算）增加 B万元": the prior-year amount it implies
  (A − B, or the base printed after 比) against the amount of the same subject that last year's
  disclosure states for its own year (the subject must be stated there with one value only);
* ``cross.prior_table`` — a table's prior-year column ("上年预算数", "2025年预算数" in a 2026
  budget) against the same table's current column in last year's disclosure, by code and total.

A prior-year figure may legitimately be the adjusted budget (调整预算) or a restated figure: a
difference is a warning with both values, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterator

from gouji.model.crossdoc.compare import CellKey, column_key, keyed_cells, sent_loc, the_table
from gouji.model.crossdoc.engine import CrossContext, register_cross_rule
from gouji.model.crossdoc.relations import DisclosureSet, Relation, RelationKind
from gouji.model.crossdoc.tables import Side, compare_sum
from gouji.model.document import Column, DocKind, Document, Sentence, StdTable, Table
from gouji.model.findings import Finding, Severity
from gouji.model.rules.textnum import Amount, analyse, quote, text_sentences
from gouji.model.rules.wording import fmt

RESTATED = "上年数可能为调整后预算或经重述的数，请核实。"
_PRIOR_SUBJECT_RE = re.compile(r"^\s*(比|较|相比|同比|与|同)")
_LAST_YEAR_RE = re.compile(r"上年|去年|上一年")
_BASE_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年")
_BASE_START_RE = re.compile(r"比|较|与|同|相对")
_MIN_SUBJECT = 4  # a shorter subject ("支出", "收入") may name different things in two documents


def _core(subject: str) -> str:
    """A subject without quotes, spaces and a trailing 数 / 额 (exact equality of these relates two
    documents' statements: a suffix match would relate "支出预算" to "政府性基金拨款支出预算")."""
    return re.sub(r"(数|额|金额|总额)$", "", re.sub(r"[“”\"'《》\s]", "", subject))


def _names_last_year(base: str, year: int, this_kind: DocKind, last_kind: DocKind) -> bool:
    """The comparison base (the words from 比 / 较 / 与 to the change) names last year's figure of
    ``last_kind``: a budget's "比2024年预算" / "比上年" (预算 with 预算), a final account's "比上年决算",
    a budget's "比2025年执行数" (its last year's final account)."""
    years = [int(y) for y in _BASE_YEAR_RE.findall(base)]
    if not base or not (years[-1] == year - 1 if years else _LAST_YEAR_RE.search(base)) or "同期" in base:
        return False
    execution = re.search(r"决算|执行", base) is not None
    if this_kind == last_kind == DocKind.BUDGET:
        return not execution
    if this_kind == last_kind == DocKind.FINAL:
        return "预算" not in base
    return this_kind == DocKind.BUDGET and last_kind == DocKind.FINAL and execution


def base_clause(text: str, pos: int) -> str:
    """The words from the last 比 / 较 / 与 / 同 before ``pos`` (in its sentence part) to ``pos``."""
    window = text[max(0, pos - 40) : pos]
    cut = max(window.rfind(ch) for ch in "。；;")
    window = window[cut + 1 :]
    starts = list(_BASE_START_RE.finditer(window))
    return window[starts[-1].start() :] if starts else ""


#: "…0.00万元，比2024年预算持平" (not "基本持平": an approximate statement)
_FLAT_RE = re.compile(
    r"(?:比|较|与)\s*(?:(?:20\d\d)\s*年度?|上一?年度?|去年)(?:预算|决算|执行)?数?\s*(?:相比)?\s*[，,]?\s*持平"
)


@dataclass
class Claim:
    """What a sentence says last year's figure of a subject was."""

    anchor: Amount  # the amount the claim is read from (this year's, or the printed base)
    implied: Decimal  # last year's figure, in the anchor's unit
    slack: Decimal  # the rounding of the printed amounts it is computed from
    how: str  # how it was computed, in words
    subject: str
    end: int  # end of the quoted fragment


def claims(text: str, year: int, kind: DocKind, last_kind: DocKind | None = None) -> Iterator[Claim]:
    """The prior-year figures a sentence implies: changes ("比上年增加B") and "比上年持平", compared
    with last year's figure of ``last_kind`` (default: the same kind as the document)."""
    sn = analyse(text)
    last_kind = last_kind or kind
    for ch in sn.changes:
        if not _names_last_year(base_clause(sn.text, ch.start), year, kind, last_kind):
            continue
        if ch.prior is not None:
            subject = ch.target.subject if ch.target is not None else ch.subject
            end = ch.amount.end if ch.amount else ch.prior.end
            how = f"文中比较基数 {fmt(ch.prior.value)}{ch.prior.unit}"
            yield Claim(ch.prior, ch.prior.value, ch.prior.quantum, how, subject, end)
        elif ch.target is not None and ch.amount is not None:
            cur, unit = ch.target, ch.target.unit
            delta = ch.amount.to(unit)
            implied = cur.value - ch.sign * delta
            how = f"{fmt(cur.value)} {'−' if ch.sign > 0 else '+'} {fmt(delta)} = {fmt(implied)}{unit}"
            yield Claim(
                cur, implied, cur.quantum + ch.amount.quantum_in(unit), how, cur.subject, ch.amount.end
            )
    for m in _FLAT_RE.finditer(sn.text):
        flat = sn.amount_before(m.start())
        if flat is None or not _names_last_year(m.group(0), year, kind, last_kind):
            continue
        how = f"与本年 {fmt(flat.value)}{flat.unit} 持平"
        yield Claim(flat, flat.value, flat.quantum, how, flat.subject, m.end())


def stated_values(doc: Document) -> dict[str, list[tuple[Amount, Sentence]]]:
    """Every amount a document states for its own year, by subject (not changes, not bases)."""
    out: dict[str, list[tuple[Amount, Sentence]]] = {}
    for s in text_sentences(doc):
        for a in analyse(s.text).values:
            if a.subject and not _PRIOR_SUBJECT_RE.match(a.raw_subject) and not a.change:
                out.setdefault(a.subject, []).append((a, s))
    return out


def _last_year_value(
    stated: dict[str, list[tuple[Amount, Sentence]]], subject: str, unit: str, core: Callable[[str], str]
) -> tuple[Decimal, Amount, Sentence] | None:
    """The one value last year's document states for ``subject`` (None when none or several)."""
    hits = [(a, s) for subj, pairs in stated.items() if core(subj) == core(subject) for a, s in pairs]
    values = {a.to(unit) for a, _s in hits}
    if len(values) != 1:
        return None
    a, s = hits[0]
    return a.to(unit), a, s


@register_cross_rule(
    "cross.prior_text",
    "文中上年数与上年公开文件一致",
    RelationKind.PRIOR_YEAR,
    Severity.WARNING,
    "“比上年（X年预算）增加/减少B”：上年数 = 本年数 ∓ B（或文中写明的比较基数），与上年公开文件对同一项目所述金额比对；"
    "上年数可为调整后预算，故不一致时为警告。",
)
def rule_prior_text(ctx: CrossContext, dset: DisclosureSet, rel: Relation) -> Iterator[Finding]:
    this, last = dset.documents[rel.a], dset.documents[rel.b]
    yield from text_claims(ctx, this, last)


def text_claims(
    ctx: CrossContext,
    this: Document,
    last: Document,
    core: Callable[[str], str] = _core,
    note: str = RESTATED,
) -> Iterator[Finding]:
    """Every claim of ``this``'s text about last year's figures, against ``last``'s statements."""
    assert this.year is not None
    stated = stated_values(last)
    for s in text_sentences(this):
        for claim in claims(s.text, this.year, this.kind, last.kind):
            yield from claim_finding(ctx, this, last, s, claim, stated, core, note)


def claim_finding(
    ctx: CrossContext,
    this: Document,
    last: Document,
    s: Sentence,
    claim: Claim,
    stated: dict[str, list[tuple[Amount, Sentence]]],
    core: Callable[[str], str] = _core,
    note: str = RESTATED,
) -> Iterator[Finding]:
    """Compare one claim with the value last year's document states for its subject (by ``core``)."""
    unit = claim.anchor.unit
    if len(core(claim.subject)) < _MIN_SUBJECT or claim.implied < 0:
        return
    got = _last_year_value(stated, claim.subject, unit, core)
    if got is None:
        return
    value, amount, sentence = got
    diff = claim.implied - value
    slack = claim.slack + amount.quantum_in(unit)
    sev = None if diff == 0 else (Severity.ROUNDING if abs(diff) <= slack else Severity.WARNING)
    ctx.compared(sev)
    if sev is None:
        return
    text = analyse(s.text).text
    yield ctx.finding(
        f"“{quote(text, claim.anchor.start, claim.end)}”：上年数 {claim.how}；"
        f"{last.year}年公开文件为 {fmt(value)}{unit}（“{quote(analyse(sentence.text).text, amount.start, amount.end)}”），"
        f"相差 {fmt(diff)}{unit}。{note if sev == Severity.WARNING else ''}",
        key=(s.text, claim.subject),
        severity=sev,
        formula="上年数 = 本年数 − 增加额（+ 减少额；持平时相等），与上年公开文件所述一致",
        stated=claim.implied,
        computed=value,
        locations=[sent_loc(this, s), sent_loc(last, sentence)],
    )


# ---------------------------------------------------------------------------
# prior-year columns
# ---------------------------------------------------------------------------
def prior_columns(t: Table, year: int, kind: DocKind) -> list[Column]:
    """Columns of last year's figures of the same kind ("上年预算数", "2025年预算数" in 2026)."""
    word = "预算" if kind == DocKind.BUDGET else "决算"
    out = []
    for c in t.amount_columns():
        label = c.label
        if re.search(r"结转|结余", label) or word not in label:
            continue
        if re.search(rf"上年|上一年|{year - 1}\s*年", label) and not re.search(rf"{year}\s*年|本年", label):
            out.append(c)
    return out


def _current_key(c: Column) -> str:
    return re.sub(r"上一?年度?", "", column_key(c))


def column_pairs(
    this: Table, last: Table, year: int, kind: DocKind
) -> tuple[list[Column], list[Column], dict[CellKey, CellKey]]:
    """This table's prior-year columns, last year's columns they match and, for each of their cells,
    last year's cell of the same row in the column of the same name there (without its year; last
    year's own prior-year columns left out); columns that match none are left out."""
    prior = prior_columns(this, year, kind)
    stale = set(c.index for c in prior_columns(last, year - 1, kind))
    current: dict[str, Column | None] = {}
    for c in last.amount_columns():
        if c.index in stale:
            continue
        k = column_key(c)
        current[k] = None if k in current else c
    mapped = {c.index: current.get(_current_key(c)) for c in prior}
    cols = [c for c in prior if mapped[c.index] is not None]
    last_cols = [m for c in cols if (m := mapped[c.index]) is not None]
    theirs = keyed_cells(last, last_cols)
    pairs: dict[CellKey, CellKey] = {}
    for (rk, ck), (_row, col) in keyed_cells(this, cols).items():
        other = mapped[col.index]
        assert other is not None
        okey = (rk, column_key(other))
        if okey in theirs:
            pairs[(rk, ck)] = okey
    return cols, last_cols, pairs


@register_cross_rule(
    "cross.prior_table",
    "表中上年数与上年公开文件一致",
    RelationKind.PRIOR_YEAR,
    Severity.WARNING,
    "本年公开表的上年数列（上年预算数、X年预算数）按科目编码与合计行，与上年公开文件同一张表的本年数列比对；"
    "上年数可为调整后预算，故不一致时为警告。",
)
def rule_prior_table(ctx: CrossContext, dset: DisclosureSet, rel: Relation) -> Iterator[Finding]:
    this, last = dset.documents[rel.a], dset.documents[rel.b]
    assert this.year is not None
    for std in StdTable:
        t1, t0 = the_table(this, std), the_table(last, std)
        if t1 is None or t0 is None:
            continue
        cols, last_cols, pairs = column_pairs(t1, t0, this.year, this.kind)
        if not pairs:
            continue
        yield from compare_sum(
            ctx,
            Side(this, t1, f"{this.year}年公开文件所列上年数", cols),
            [Side(last, t0, f"{last.year}年公开文件", last_cols)],
            severity=Severity.WARNING,
            formula="本年表中上年数 = 上年公开文件同表本年数",
            why=RESTATED,
            pairs=pairs,
        )
