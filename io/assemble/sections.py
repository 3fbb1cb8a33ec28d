"""The text side of the document model: cover, 目录, sections and sentences.

:func:`build_text` takes, in reading order, every running-text line of a
document (:class:`~gouji.io.raw.RawLine`) and the already assembled
:class:`~gouji.model.document.Table` objects at their place, and returns a
:class:`TextParts`:

1. clean-up (:mod:`gouji.io.assemble.text_lines`): page numbers, running headers and
   footers are dropped, fragments printed off the baseline are merged back;
2. cover: the title lines before the 目录 → title (:mod:`gouji.io.assemble.doc_facts`);
3. 目录: entries with level, printed page number and standard-table kind
   (:mod:`gouji.io.assemble.toc`);
4. body: lines are joined into paragraphs; paragraphs that look like headings
   (:mod:`gouji.io.assemble.headings`) open sections, the others are split into
   sentences (:mod:`gouji.io.assemble.paragraphs`);
5. the document's kind, year, unit name and money unit
   (:mod:`gouji.io.assemble.doc_facts`), its 部门 / 单位 scope and form
   (:mod:`gouji.io.assemble.doc_kinds`).

Everything here is a pure function of its input; one pass over the lines, so
it is cheap enough to run on partial documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from gouji.io.assemble.block_text import MoneyUnit
from gouji.io.assemble.doc_facts import (
    cover_lines,
    doc_kind,
    doc_unit,
    doc_year,
    money_unit,
    title_of,
)
from gouji.io.assemble.doc_kinds import doc_form, doc_scope
from gouji.io.assemble.paragraphs import SectionBuilder
from gouji.io.assemble.text_lines import Layout, TLine, clean_text, drop_page_furniture, merge_split_lines
from gouji.io.assemble.toc import find_toc, parse_toc
from gouji.io.raw import RawLine
from gouji.model.document import DocForm, DocKind, DocScope, Section, SectionKind, Sentence, Table, TocEntry

__all__ = ["TextParts", "build_text"]


@dataclass
class TextParts:
    """The text side of a parsed document (see :func:`build_text`).

    ``notes`` are parse notes for the reviewer, in Chinese; the assembler adds
    them to ``Document.warnings``.
    """

    toc: list[TocEntry] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    kind: DocKind = DocKind.UNKNOWN
    scope: DocScope = DocScope.UNKNOWN
    form: DocForm = DocForm.FULL
    year: int | None = None
    unit_name: str | None = None
    title: str | None = None
    money_unit: MoneyUnit | None = None
    cover_lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """Alias of ``notes`` (the name ``Document`` uses)."""
        return self.notes


# --------------------------------------------------------------------------- entry point


def build_text(
    items: Sequence[RawLine | Table],
    *,
    page_heights: dict[int, float] | None = None,
    paragraph_lines: bool = False,
) -> TextParts:
    """Build cover, 目录, sections and sentences from running text and tables in reading order.

    Parameters
    ----------
    items
        Every running-text line (:class:`RawLine`, with page / bbox when the
        source has them) and every assembled :class:`Table`, in reading order.
        Lines consumed as table titles / notes must already be removed.
    page_heights
        Page number → page height in points; used to find running headers,
        footers and page numbers in the margin bands (estimated when omitted).
    paragraph_lines
        True when every line is known to be a whole paragraph: lines are never
        joined.  The default heuristics also suit DOCX paragraphs (they only
        join a paragraph that stops mid-sentence onto the next one).

    Returns
    -------
    TextParts
    """
    notes: list[str] = []
    tables = [e for e in items if isinstance(e, Table)]
    raw_lines: list[TLine] = []
    for pos, e in enumerate(items):
        if isinstance(e, RawLine):
            t = clean_text(e.text)
            if t:
                raw_lines.append(
                    TLine(
                        text=t,
                        page=e.page,
                        bbox=e.bbox,
                        pos=pos,
                        size=e.size,
                        bold=e.bold,
                        confidence=e.confidence,
                    )
                )
    # merge baseline-split fragments (between tables), then drop page numbers / headers / footers
    merged: list[TLine] = []
    run: list[TLine] = []
    tables_before: list[int] = []  # number of tables before each item
    n_tab = 0
    for e in items:
        tables_before.append(n_tab)
        n_tab += isinstance(e, Table)
    for ln in raw_lines:
        if run and tables_before[run[-1].pos] != tables_before[ln.pos]:
            merged.extend(merge_split_lines(run))
            run = []
        run.append(ln)
    merged.extend(merge_split_lines(run))
    kept, n_pn, n_furn = drop_page_furniture(merged, page_heights)
    if n_furn:
        notes.append(f"已忽略 {n_furn} 行重复出现的页眉/页脚。")
    # rebuild the stream with the tables at their places
    stream: list[TLine | Table] = []
    kept_iter = iter(kept)
    nxt = next(kept_iter, None)
    for pos, e in enumerate(items):
        if isinstance(e, Table):
            while nxt is not None and nxt.pos < pos:
                stream.append(nxt)
                nxt = next(kept_iter, None)
            stream.append(e)
    while nxt is not None:
        stream.append(nxt)
        nxt = next(kept_iter, None)

    layout = Layout.of([e for e in stream if isinstance(e, TLine)])
    parts = TextParts(notes=notes)
    builder = SectionBuilder(stream, layout, paragraph_lines)

    # ---- cover and 目录
    toc_at = find_toc(stream)
    body_start = 0
    cover: list[TLine] = []
    if toc_at is not None:
        cover_end = toc_at
        cover = cover_lines(stream[:toc_at])
        preamble_from = len(cover)
        entries, toc_lines, body_start = parse_toc(stream, toc_at + 1, layout)
        parts.toc = entries
        builder.toc = entries
        if cover:
            builder.standalone(title_of(cover) or "封面", SectionKind.COVER, cover)
        head = stream[toc_at]
        assert isinstance(head, TLine)
        builder.standalone("目录", SectionKind.TOC, [head] + [ln for ln in toc_lines if ln.page == head.page])
        if preamble_from < cover_end:
            builder.run(preamble_from, cover_end)  # text between the cover and the 目录
            builder.stack.clear()
        if not entries:
            notes.append("找到“目录”标题，但未能识别目录条目。")
    else:
        cover = cover_lines(stream, without_toc=True)
        body_start = len(cover)
        if cover:
            builder.standalone(title_of(cover) or "封面", SectionKind.COVER, cover)
    builder.run(body_start)

    parts.sections = builder.sections
    parts.sentences = builder.sentences
    parts.cover_lines = [ln.text for ln in cover]
    parts.title = title_of(cover)

    # ---- form, scope, kind, year, unit, money unit
    body_heads = [s for s in parts.sections if s.kind not in (SectionKind.COVER, SectionKind.TOC)]
    parts.form = doc_form(parts.title, tables, body_heads, parts.toc, [s.text for s in parts.sentences])
    parts.scope = doc_scope(parts.title, body_heads, parts.toc, tables)
    # an evaluation report is neither a budget nor a final account
    if parts.form != DocForm.PERF_REPORT:
        parts.kind = doc_kind(cover, tables, body_heads, parts.toc, parts.sentences)
    parts.year = doc_year(cover, tables, body_heads, parts.toc, parts.sentences)
    parts.unit_name = doc_unit(cover, tables, body_heads, parts.toc, parts.sentences)
    parts.money_unit = money_unit(tables, parts.sentences)
    if parts.kind == DocKind.UNKNOWN and parts.form != DocForm.PERF_REPORT:
        notes.append("未能判断文件是预算公开还是决算公开。")
    if parts.year is None:
        notes.append("未能识别公开年度。")
    if parts.unit_name is None:
        notes.append("未能识别编制单位（部门）名称。")
    if toc_at is None and body_heads:
        notes.append("未找到目录页。")
    return parts
