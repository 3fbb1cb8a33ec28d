"""Damaged files (``parse.unreadable_pages``) and reading by guess (``parse.read_notes``).

A PDF page whose objects PDFium (or the table finder) cannot load is neither blank
nor read: its tables and text are simply unknown.  The reader lists such pages
(``Document.unreadable_pages``); this post-pass reports them in one warning and holds
back what depends on them, so that a damaged file never reads as a list of findings:

- the completeness rules report nothing missing while pages are unreadable (a missing
  table or section may be on them: ``comp.std_tables``, ``comp.sections``,
  ``comp.toc``, ``comp.other_half``); unreadable pages are never blank pages;
- findings that depend on how a table was read (arithmetic, cross-table,
  text-against-table, rates) and point at a table printed on a page next to an
  unreadable one (the table may go on, or start, on it) are held back and counted.

What a reader could only guess (``Document.read_notes``: a text file read as Big5, an encoding
that could not be told, formulas saved without their values) is one warning each, so that the
reviewer sees it next to the findings it may explain.
"""

from __future__ import annotations

from typing import Iterator

from gouji.model.document import Document, Table
from gouji.model.findings import Family, Finding, Location, Severity
from gouji.model.rules.registry import RuleContext, register_post_pass, register_rule
from gouji.model.rules.uncertain import DEPENDENT


def page_ranges(pages: list[int]) -> str:
    """``[3, 4, 5, 9]`` → ``"3–5、9"``."""
    parts: list[str] = []
    run: list[int] = []
    for p in sorted(set(pages)):
        if run and p != run[-1] + 1:
            parts.append(_run(run))
            run = []
        run.append(p)
    if run:
        parts.append(_run(run))
    return "、".join(parts)


def _run(run: list[int]) -> str:
    return f"{run[0]}–{run[-1]}" if len(run) > 2 else "、".join(map(str, run))


def touches(t: Table, unreadable: set[int]) -> bool:
    """The table is printed on, or next to, an unreadable page (it may be cut there)."""
    return any(p + d in unreadable for p in t.pages for d in (-1, 0, 1))


@register_post_pass(
    "parse.unreadable_pages",
    "页面无法读取（文件损坏）",
    Family.COMPLETENESS,
    description=(
        "文件中有无法读取的页面（文件损坏）时只报一条警告并列出这些页：这些页不算空白页，缺表、缺章节的核对暂缓，"
        "依赖与这些页相邻的表格的表内、表间、文表与比率核对结果也暂缓。"
    ),
)
def rule_unreadable_pages(doc: Document, ctx: RuleContext, findings: list[Finding]) -> list[Finding]:
    if not doc.unreadable_pages:
        return findings
    unreadable = set(doc.unreadable_pages)
    cut = {t.id for t in doc.tables if touches(t, unreadable)}
    held: list[Finding] = []
    kept: list[Finding] = []
    for f in findings:
        cut_table = f.family in DEPENDENT and any(loc.table in cut for loc in f.locations)
        (held if cut_table else kept).append(f)
    tail = f"；与这些页相邻的表格的 {len(held)} 条核对结果已暂缓" if held else ""
    whole = f"，全文共 {doc.page_count} 页" if doc.page_count else ""
    warning = ctx.finding(
        f"第 {page_ranges(doc.unreadable_pages)} 页无法读取（文件已损坏{whole}）：这些页上的表格和文字"
        f"未能审核，缺表、缺章节的核对已暂缓{tail}。请重新下载或向发布单位索取完整的文件后再审核。",
        key=tuple(sorted(unreadable)),
        formula="公开文件的每一页都应能读取",
        locations=[Location(page=p) for p in sorted(unreadable)],
    )
    return kept + [warning]


@register_rule(
    "parse.read_notes",
    "读取时的推断",
    Family.COMPLETENESS,
    Severity.WARNING,
    description="读取文件时只能推断的情况（文本文件按 Big5 繁体编码读取、编码无法可靠识别、公式单元格没有保存计算结果）逐条提示。",
)
def rule_read_notes(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    for note in doc.read_notes:
        yield ctx.finding(note, key=(note,), formula="文件应能按其本来的编码与数值读取")
