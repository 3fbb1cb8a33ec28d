"""Format-free assembly: :class:`RawDocument` → :class:`Document`.

The page flow (:mod:`gouji.io.assemble.page_flow`) splits the blocks of every
page into table candidates and text items, in reading order.  Standard (and
other) tables are built by :mod:`gouji.io.assemble.table_merge` (header,
column roles, code normalisation, side-by-side blocks and wrapped names in
the ``table_*`` modules); performance tables by
:mod:`gouji.io.assemble.perf_tables` (one P table per project of a
list-style 绩效目标表, their content parsed by :mod:`gouji.io.assemble.perf`);
the text (everything that is not a table) by
:func:`gouji.io.assemble.sections.build_text`.  This module puts the parts
together: table ids, budget / final titles, document facts and warnings.

Fast enough to be called on partial documents while a PDF is still read.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from gouji.io.assemble.block_text import row_distinct, to_bbox
from gouji.io.assemble.catalog import TitleMatch, axis_of, doc_kind_hint, kind_of
from gouji.io.assemble.page_flow import PendingTable, scan
from gouji.io.assemble.perf_tables import perf_tables
from gouji.io.assemble.sections import TextParts, build_text
from gouji.io.assemble.table_kinds import fits, resolve, shape_of, title_allows
from gouji.io.assemble.table_merge import build_standard, make_table
from gouji.io.raw import RawDocument, RawLine
from gouji.model.document import DocForm, DocKind, Document, Section, SectionKind, Sentence, StdTable, Table
from gouji.model.numbers import looks_like_amount
from gouji.model.tables import PERF_TABLES, spec, table_name

__all__ = ["assemble"]


def _grid_as_lines(pd: PendingTable) -> list[RawLine]:
    out: list[RawLine] = []
    for g in pd.grids:
        for r in g.rows:
            vals = row_distinct(r)
            if vals:
                page = next((c.page for c in r if c.page is not None), g.page)
                out.append(RawLine(text=" ".join(vals), page=page))
    return out


# --------------------------------------------------------------------------- text fallback


_SENT_SPLIT = re.compile(r"(?<=[。；！？])")


def _fallback_text(items: list[Any]) -> TextParts:
    """Minimal text model when ``build_text`` fails on a document: one section, split sentences."""
    out = TextParts()
    sec = Section(id="S001", kind=SectionKind.OTHER, title="正文", level=1)
    for it in items:
        if isinstance(it, Table):
            sec.table_ids.append(it.id)
            continue
        for part in _SENT_SPLIT.split(it.text):
            part = part.strip()
            if part:
                s = Sentence(
                    index=len(out.sentences),
                    text=part,
                    section_id=sec.id,
                    page=it.page,
                    bbox=to_bbox(it.bbox),
                    confidence=it.confidence,
                )
                out.sentences.append(s)
                sec.sentence_ids.append(s.index)
        if out.title is None and ("预算" in it.text or "决算" in it.text) and len(it.text) < 60:
            out.title = it.text.strip()
    out.sections = [sec]
    head = " ".join(it.text for it in items[:80] if isinstance(it, RawLine))
    m = re.search(r"(20\d{2})\s*年", head)
    out.year = int(m.group(1)) if m else None
    out.kind = doc_kind_hint(head)
    return out


def _build_text(
    items: list[Any], warnings: list[str], page_heights: dict[int, float] | None = None
) -> TextParts:
    try:
        return build_text(items, page_heights=page_heights or None)
    except Exception as exc:  # noqa: BLE001 - keep the tables when the text side fails
        warnings.append(f"正文章节未能完整解析（{type(exc).__name__}: {exc}），已按段落简单切分。")
        return _fallback_text(items)


# --------------------------------------------------------------------------- entry point


_TO_FINAL = {
    StdTable.B_THREE_PUBLIC: StdTable.F_THREE_PUBLIC,
    StdTable.B_GOV_FUND: StdTable.F_GOV_FUND,
    StdTable.B_SOE: StdTable.F_SOE,
    StdTable.B_GPB: StdTable.F_GPB,
    StdTable.B_GPB_BASIC: StdTable.F_GPB_BASIC,
}


def _final_equivalents(tables: list[Table]) -> None:
    """In a final account, a title without "决算" ("…“三公”经费支出表") names the final table."""
    kinds = Counter(kind_of(t.std) for t in tables if t.std is not None and t.std not in PERF_TABLES)
    if kinds[DocKind.FINAL] > kinds[DocKind.BUDGET]:
        for t in tables:
            if t.std in _TO_FINAL:
                t.std = _TO_FINAL[t.std]


def _axis(t: Table) -> str | None:
    """The classification a table's rows follow: "功能" or "经济" 分类科目, when it says or shows so.

    The title says it ("…（按经济分类科目）"), else the header ("功能科目编码"), else the
    class codes (功能 classes are 2xx, 经济 classes 3xx / 5xx).
    """
    for text in (t.title, " ".join(x for r in t.header for x in r)):
        said = axis_of(text)
        if said is not None:
            return said
    heads = Counter(r.code[0] for r in t.rows if r.code and len(r.code) == 3 and r.code.isdigit())
    func, econ = heads["2"], heads["3"] + heads["5"]
    if func >= 2 * econ + 2:
        return "功能"
    if econ >= 2 * func + 2:
        return "经济"
    return None


def _one_table_per_standard(tables: list[Table]) -> None:
    """A standard table printed twice, by function and by economic class: the one on the standard's axis.

    ("一般公共预算支出明细表（按功能分类科目）" and "…（按经济分类科目）": the first is the
    standard 一般公共预算支出情况表, the second a recognised non-standard table.)
    """
    by_std: dict[StdTable, list[Table]] = {}
    for t in tables:
        if t.std is not None and t.std not in PERF_TABLES:
            by_std.setdefault(t.std, []).append(t)
    for std, same in by_std.items():
        axis = spec(std).axis
        if len(same) < 2 or axis is None:
            continue
        on_axis = [t for t in same if _axis(t) == axis]
        if on_axis:
            for t in same:
                if t not in on_axis and _axis(t) is not None:
                    t.std = None


def _doc_kind(pendings: list[PendingTable], items: list[Any]) -> DocKind:
    """Budget or final account: from the titled standard tables, else the cover lines, else the
    column headers ("预算数" / "决算数"), else the first lines of text (which may quote the other)."""
    kinds = Counter(
        kind_of(pd.match.std)
        for pd in pendings
        if pd.match is not None and pd.match.std is not None and pd.match.std not in PERF_TABLES
    )
    kinds.pop(DocKind.UNKNOWN, None)
    if kinds:
        return kinds.most_common(1)[0][0]
    lines = [it.text for it in items if isinstance(it, RawLine)]
    said = doc_kind_hint(" ".join(lines[:12]))
    if said != DocKind.UNKNOWN:
        return said
    heads = [x for pd in pendings for x in pd.head or ()]
    budget = sum(1 for x in heads if "预算数" in x)
    final = sum(1 for x in heads if "决算" in x or "年末结转和结余" in x)
    if budget != final:
        return DocKind.BUDGET if budget > final else DocKind.FINAL
    return doc_kind_hint(" ".join(lines[:80]))


def _by_structure(pendings: list[PendingTable], items: list[Any]) -> dict[int, StdTable]:
    """Standard tables recognised by structure (:mod:`gouji.io.assemble.table_kinds`), by ``id(pending)``.

    Only tables whose title is missing or not in the catalog are candidates (a title the
    catalog knows as non-standard, "基本支出总表", stays so); a table is mapped when exactly
    one standard table of the document's kind fits and the document does not already have it.
    """
    unnamed = [
        pd
        for pd in pendings
        if (pd.match is None or pd.guessed) and pd.grids and (pd.match is None or pd.match.std is None)
    ]
    if not unnamed:
        return {}
    kind = _doc_kind(pendings, items)
    present = {pd.match.std for pd in pendings if pd.match is not None and pd.match.std is not None}
    if kind == DocKind.FINAL:
        present |= {_TO_FINAL[s] for s in present if s in _TO_FINAL}
    candidates = []
    for pd in unnamed:
        header, _, rows, _ = build_standard(pd, None)
        body = [[r.code or "", r.name] + [c.text for c in r.cells] for r in rows]
        fit = fits(shape_of(header, body), kind)
        if pd.match is not None:
            fit = {std for std in fit if title_allows(pd.match.title, std)}
        candidates.append(fit)
    return {id(pd): std for pd, std in zip(unnamed, resolve(candidates, present), strict=True) if std}


def assemble(raw: RawDocument) -> Document:
    """Assemble tables and text of a raw document into a :class:`Document`.

    Parameters
    ----------
    raw
        The reader's output (possibly only the first pages of a PDF).

    Returns
    -------
    Document
        Tables in document order ("T01"… standard / other, "P001"… performance),
        text parts from :mod:`gouji.io.assemble.sections`, page facts.
    """
    pendings, items = scan(raw)
    tables: list[Table] = []
    warnings: list[str] = []
    out_items: list[Any] = []
    n_t = n_p = 0
    built: dict[int, list[Table]] = {}
    by_structure = _by_structure(pendings, items)
    for pd in pendings:
        std = pd.match.std if pd.match else None
        if id(pd) in by_structure:
            std = by_structure[id(pd)]
            if pd.match is None:
                pd.match = TitleMatch(
                    std=std, title=f"（未命名表格，按结构识别为{table_name(std)}）", number=None, prefix=""
                )
        unit = pd.unit
        made: list[Table] = []
        if std is not None and std in PERF_TABLES:
            made = perf_tables(pd, std, n_p + 1, unit, warnings)
            n_p += len(made)
        else:
            header, columns, rows, warns = build_standard(pd, std)
            guessed_caption = (
                pd.guessed and pd.match is not None and pd.number == pd.match.number and not pd.unit
            )
            if not (
                (pd.untitled or guessed_caption)
                and not any(looks_like_amount(c.text) for r in rows for c in r.cells)
            ):
                # (an untitled text grid without amounts is left to the text, with its caption)
                n_t += 1
                tid = f"T{n_t:02d}"
                made = [make_table(pd, tid, std, header, columns, rows, unit)]
                warnings.extend(f"{tid} {made[0].title}：{w}" for w in warns)
                if id(pd) in by_structure:
                    warnings.append(
                        f"{tid} {made[0].title}（第 {made[0].pages[0] if made[0].pages else '?'} 页）："
                        f"表题未能识别，已按表头与科目结构识别为《{table_name(by_structure[id(pd)])}》，请核对。"
                    )
        built[id(pd)] = made
        tables.extend(made)
    _final_equivalents(tables)
    _one_table_per_standard(tables)
    for it in items:
        if isinstance(it, PendingTable):
            made = built.get(id(it), [])
            if made:
                out_items.extend(made)
            else:
                if it.guessed and isinstance(it.title_block, RawLine):
                    out_items.append(it.title_block)
                out_items.extend(_grid_as_lines(it))
        else:
            out_items.append(it)

    numbered = [p for p in raw.pages if p.number is not None]
    heights = {p.number: p.height for p in numbered if p.number is not None and p.height}
    text = _build_text(out_items, warnings, heights)
    reader_note = raw.metadata.get("warning")
    if reader_note:
        warnings.insert(0, reader_note)  # e.g. read_xlsx: formulas saved without their values
    doc_unit = getattr(text, "money_unit", None)
    if doc_unit is None:
        units = Counter(t.unit for t in tables if t.unit)
        doc_unit = units.most_common(1)[0][0] if units else None
    kind = getattr(text, "kind", DocKind.UNKNOWN) or DocKind.UNKNOWN
    form = text.form
    if kind == DocKind.UNKNOWN and form != DocForm.PERF_REPORT:
        kinds = Counter(kind_of(t.std) for t in tables if t.std is not None)
        kinds.pop(DocKind.UNKNOWN, None)
        if kinds:
            kind = kinds.most_common(1)[0][0]
    unit_name = getattr(text, "unit_name", None)
    if unit_name is None:
        names = Counter(t.unit_name for t in tables if t.unit_name)
        unit_name = names.most_common(1)[0][0] if names else None
    unreadable = [int(v) for v in raw.metadata.get("failed_pages", "").split(",") if v.strip().isdigit()]
    blank_pages = [
        p.number
        for p in numbered
        if p.char_count == 0 and p.image_area < 0.3 and p.number is not None and p.number not in unreadable
    ]
    return Document(
        path=raw.path,
        sha256=raw.sha256,
        format=raw.format,
        kind=kind,
        scope=text.scope,
        form=form,
        year=getattr(text, "year", None),
        unit_name=unit_name,
        title=getattr(text, "title", None),
        money_unit=doc_unit,
        page_count=len(numbered),
        page_sizes=[(p.width, p.height) for p in numbered],
        blank_pages=blank_pages,
        unreadable_pages=sorted(set(unreadable)),
        ocr_pages=[p.number for p in numbered if p.ocr and p.number is not None],
        read_notes=[reader_note] if reader_note else [],
        toc=list(getattr(text, "toc", [])),
        sections=list(getattr(text, "sections", [])),
        sentences=list(getattr(text, "sentences", [])),
        tables=tables,
        warnings=warnings + list(getattr(text, "warnings", []) or []),
    )
