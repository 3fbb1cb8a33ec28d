"""Cells read by OCR that may be misread (``ocr.uncertain``): never an error on their own.

A scanned page's cells carry the recogniser's confidence (``Cell.confidence``, the lowest
over the cell's characters; None for a text layer).  A cell is *uncertain*
(:func:`uncertainty`) when it was read by OCR, not corrected by hand, and

- its confidence is below :data:`LOW_CONFIDENCE` (0.80).  Measured on the rendered seed
  tables printed to images (3 pages, 173 OCR cells): the cells read wrong scored 0.42 and
  0.48 (a code "05" read as "S0" / "SO"), the correct ones 0.53–1.0 (most above 0.9); the
  recogniser's hesitant digits score about 0.5–0.8.  0.80 takes every hesitant reading
  and flags about one cell in ten of a clean scan (0.90 would flag one in five, hiding
  too much in violet);
- or, in an amount column, its text is not a strictly printed amount: letters the
  recogniser swaps for digits (O/o → 0, l/I/| → 1, S → 5, B → 8, Z → 2, g/q → 9),
  thousands groups that are not of three digits, two decimal points, text that does not
  parse as an amount at all — a character the recogniser got wrong, whatever its score.

The post-pass turns every ``error`` whose cells (its locations and its addends' ``Finding.terms``:
the stated cell and every addend) include an uncertain one into part of one ``warning`` "识别不确定" per table.  One
per table, not per finding: a misread digit breaks every relation through its cell (the
row, the column, the code hierarchy, the tables that repeat it), and the reviewer's job is
the same for all of them — look at the cell on the page and correct it by hand — so the
warning names the cells and what was read, and keeps the held-back findings' messages.
Cells of performance tables (fields, funds, indicators, total score) are matched by their
printed box (their findings point at boxes, not at columns) and judged by confidence only.
A sentence of a scanned page carries the lowest confidence of its digits (``Sentence.confidence``):
an error that compares what such a sentence states (below :data:`LOW_CONFIDENCE`) is held back
the same way, in one warning per sentence (a sentence cannot be corrected by hand: the reviewer
reads the page).  Text-layer documents have no confidence and are never touched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from gouji.model.document import BBox, Cell, Column, Document, PerfTable, Sentence, Table
from gouji.model.findings import Family, Finding, Location, Severity, cell_location, sentence_location
from gouji.model.numbers import normalise_digits, parse_amount
from gouji.model.rules.registry import RuleContext, register_post_pass
from gouji.model.rules.selectors import col_label, row_label, table_key, table_label

#: below this recognition confidence a cell is uncertain (see the module notes for the measurement)
LOW_CONFIDENCE = 0.80
#: characters the recogniser reads in place of digits
CONFUSABLE = frozenset("OoDQlI|SsBZzgqb")
#: a strictly printed amount: groups of three after the first, no leading zeros, one decimal point
_STRICT = re.compile(r"^[-+]?\(?[-+]?(\d{1,3}(,\d{3})+|0|[1-9]\d*)(\.\d+)?\)?%?$")
#: how many cells and held-back findings a warning spells out
_SHOWN_CELLS, _SHOWN_FINDINGS = 6, 3


def uncertainty(cell: Cell | None, column: Column | None = None) -> str | None:
    """Why ``cell`` may be misread (Chinese, e.g. "置信度 0.83"), or None when it is certain.

    Only OCR cells (``confidence`` set) that no reviewer corrected can be uncertain.
    ``column`` tells whether the cell holds an amount (strict amount text is then required).
    """
    if cell is None or cell.confidence is None or cell.corrected_from is not None:
        return None
    score = f"置信度 {cell.confidence:.2f}"
    if cell.confidence < LOW_CONFIDENCE:
        return score
    if column is None or column.role != "amount" or cell.blank:
        return None
    text = normalise_digits(cell.text or "")
    if not text:
        return None
    odd = sorted(set(text) & CONFUSABLE)
    if odd:
        return f"含易与数字混淆的字符“{''.join(odd)}”，{score}"
    if parse_amount(text) is None or not _STRICT.match(text):  # normalise_digits made （） ASCII
        return f"不是规范的金额写法，{score}"
    return None


def sentence_uncertainty(s: Sentence) -> str | None:
    """Why the amounts of sentence ``s`` may be misread ("数字置信度 0.60"), or None (a text layer, or read
    with confidence)."""
    if s.confidence is None or s.confidence >= LOW_CONFIDENCE:
        return None
    return f"数字置信度 {s.confidence:.2f}"


@dataclass(frozen=True)
class Uncertain:
    """A cell OCR may have misread: its table, where it is in words, the cell, why, its location."""

    table: Table
    where: str
    cell: Cell
    why: str
    location: Location


def _box(table: str, page: int | None, bbox: BBox | None) -> tuple[str, int | None, tuple[float, ...]] | None:
    return None if bbox is None else (table, page, (bbox.x0, bbox.top, bbox.x1, bbox.bottom))


class UncertainCells:
    """Every uncertain cell of a document, found by table place (row, column) or by printed box."""

    def __init__(self, doc: Document) -> None:
        self.by_place: dict[tuple[str, int, int], Uncertain] = {}
        self.by_box: dict[tuple[str, int | None, tuple[float, ...]], Uncertain] = {}
        for t in doc.tables:
            columns = {c.index: c for c in t.columns}
            for r in t.rows:
                for c in r.cells:
                    col = columns.get(c.col)
                    why = uncertainty(c, col)
                    if why is not None and col is not None:
                        u = Uncertain(
                            t, f"「{row_label(r)}」「{col_label(col)}」", c, why, cell_location(t, r, col)
                        )
                        self.by_place[(t.id, r.index, c.col)] = u
            if t.perf is not None:
                self._perf(t, t.perf)

    def _perf(self, t: Table, p: PerfTable) -> None:
        """The cells of a performance table (located by their printed box; no column says "amount")."""
        labelled = [*p.fields.items(), *(kv for fund in p.funds for kv in fund.items())]
        labelled += [(ind.name, c) for ind in p.indicators for c in ind.cells]
        if p.total_score is not None:
            labelled.append(("总分", p.total_score))
        for label, c in labelled:
            why = uncertainty(c)
            key = _box(t.id, c.page, c.bbox)
            if why is not None and key is not None:
                loc = Location(table=t.id, page=c.page, bbox=c.bbox, text=label)
                self.by_box[key] = Uncertain(t, f"「{label}」", c, why, loc)

    def __bool__(self) -> bool:
        return bool(self.by_place or self.by_box)

    def of(self, f: Finding) -> list[Uncertain]:
        """The uncertain cells among ``f``'s locations and its addends' (a row location: every uncertain
        cell of the row)."""
        out: list[Uncertain] = []
        for loc in [*f.locations, *(t.location for t in f.terms if t.location is not None)]:
            if loc.table is None or loc.document is not None:
                continue
            if loc.row is not None and loc.column is not None:
                hits = [self.by_place.get((loc.table, loc.row, loc.column))]
            elif loc.row is not None:
                hits = [u for (tid, row, _), u in self.by_place.items() if (tid, row) == (loc.table, loc.row)]
            else:
                key = _box(loc.table, loc.page, loc.bbox)
                hits = [self.by_box.get(key) if key is not None else None]
            out.extend(u for u in hits if u is not None and all(u is not v for v in out))
        return out


@register_post_pass(
    "ocr.uncertain",
    "识别不确定",
    Family.ARITHMETIC,
    description=(
        "扫描页经 OCR 识别的单元格，若识别置信度低于 0.80，或金额列的文字不是规范金额（含易与数字混淆的字母、"
        "千分位不规范、无法读作金额），则为识别不确定。依赖这些单元格的错误不报为错误，每张表只报一条警告，"
        "列出这些单元格的识别值与原核对结论；审核人在表格中手工更正后按更正值重新核对。扫描页的文字中数字识别置信度"
        "低于 0.80 的句子同样处理：依赖这句话的错误不报为错误，每句只报一条警告。"
    ),
)
def rule_ocr_uncertain(doc: Document, ctx: RuleContext, findings: list[Finding]) -> list[Finding]:
    cells = UncertainCells(doc)
    sentences = {s.index: s for s in doc.sentences if sentence_uncertainty(s) is not None}
    if not cells and not sentences:
        return findings
    kept: list[Finding] = []
    held: dict[str, list[tuple[Finding, list[Uncertain]]]] = defaultdict(list)
    held_text: dict[int, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.severity != Severity.ERROR:
            kept.append(f)
            continue
        hits = cells.of(f)
        said = [loc.sentence for loc in f.locations if loc.document is None and loc.sentence in sentences]
        if hits:
            held[hits[0].table.id].append((f, hits))
        elif said:
            held_text[said[0]].append(f)
        else:
            kept.append(f)
    return (
        kept
        + [_warning(ctx, items) for items in held.values()]
        + [_text_warning(ctx, sentences[i], items) for i, items in held_text.items()]
    )


def _held_back(items: list[Finding]) -> str:
    """The held-back findings' conclusions, as the warning quotes them."""
    msgs = [f.message.rstrip("。") for f in items[:_SHOWN_FINDINGS]]
    more = f"等 {len(items)} 项" if len(items) > _SHOWN_FINDINGS else ""
    return f"{'；'.join(msgs)}{more}"


def _summary(
    ctx: RuleContext, message: str, key: tuple[object, ...], items: list[Finding], locations: list[Location]
) -> Finding:
    """The warning in place of the held-back ``items``: their formulas, and the figures of a lone one."""
    only = items[0] if len(items) == 1 else None
    formulas = list(dict.fromkeys(f.formula for f in items if f.formula))
    return ctx.finding(
        message,
        key=key,
        formula="；".join(formulas[:_SHOWN_FINDINGS]),
        stated=only.stated if only else None,
        computed=only.computed if only else None,
        difference=only.difference if only else None,
        locations=locations,
    )


def _text_warning(ctx: RuleContext, s: Sentence, items: list[Finding]) -> Finding:
    where = f"第 {s.page} 页" if s.page else ""
    return _summary(
        ctx,
        f"{where}文字识别不确定：“{s.text[:60]}”（{sentence_uncertainty(s)}），依赖这句话的 {len(items)} "
        f"项核对不作为错误报告（原结论：{_held_back(items)}）。请对照原页核对这句话中的数字。",
        ("sentence", s.index, s.text),
        items,
        [sentence_location(s)],
    )


def _warning(ctx: RuleContext, items: list[tuple[Finding, list[Uncertain]]]) -> Finding:
    hits: list[Uncertain] = []
    for _, us in items:
        hits.extend(u for u in us if all(u is not v for v in hits))
    t = hits[0].table
    read = [f"{u.where}读作“{u.cell.text}”（{u.why}）" for u in hits[:_SHOWN_CELLS]]
    more_cells = f"等 {len(hits)} 个单元格" if len(hits) > _SHOWN_CELLS else ""
    held = [f for f, _ in items]
    return _summary(
        ctx,
        f"{table_label(t)}识别不确定：{'；'.join(read)}{more_cells}。依赖这些单元格的 {len(items)} 项核对不作为错误报告"
        f"（原结论：{_held_back(held)}）。请对照原页核对，识别有误时在表格中手工更正该单元格。",
        (table_key(t),),
        held,
        [u.location for u in hits],
    )
