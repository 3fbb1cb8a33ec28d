"""Look-ups from document places to findings (Qt-free).

:class:`FindingIndex` maps cells, rows, tables, sentences and sections to
the findings that point at them, so that item models can answer
``FindingRole`` / ``BackgroundRole`` without scanning every finding.  It holds
references to the findings, never copies; call :meth:`add` when a reviewer
adds one.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from gouji.model.document import Document, Row
from gouji.model.findings import SEVERITY_ORDER, Finding, worst  # noqa: F401  (re-exported)


class FindingIndex:
    """Findings by table, cell, row, sentence and section of one document.

    Also answers the document look-ups that placing a finding needs (a table's title, a row, the
    sections around a sentence), used by the Excel export.
    """

    def __init__(self, doc: Document, findings: Iterable[Finding] = ()):
        self.doc = doc
        self._sentence_section = {s.index: s.section_id for s in doc.sentences}
        self._section_parent = {s.id: s.parent for s in doc.sections}
        self._tables = {t.id: t for t in doc.tables}
        self._rows = {(t.id, r.index): r for t in doc.tables for r in t.rows}
        self.by_cell: dict[tuple[str, int, int], list[Finding]] = defaultdict(list)
        self.by_row: dict[tuple[str, int], list[Finding]] = defaultdict(list)  # row-level (no column)
        self.by_table: dict[str, list[Finding]] = defaultdict(list)
        self.by_sentence: dict[int, list[Finding]] = defaultdict(list)
        self.by_section: dict[str, list[Finding]] = defaultdict(list)  # including sub-sections
        self.unplaced: list[Finding] = []  # no table and no sentence
        for f in findings:
            self.add(f)

    def add(self, f: Finding) -> None:
        tables: set[str] = set()
        sections: set[str] = set()
        sentences: set[int] = set()
        for loc in f.locations:
            if loc.table:
                if loc.row is not None and loc.column is not None:
                    self.by_cell[(loc.table, loc.row, loc.column)].append(f)
                elif loc.row is not None:
                    self.by_row[(loc.table, loc.row)].append(f)
                tables.add(loc.table)
            if loc.sentence is not None and loc.sentence not in sentences:
                sentences.add(loc.sentence)
                self.by_sentence[loc.sentence].append(f)
                sections.update(self.sections_of(loc.sentence))
        for t in tables:
            self.by_table[t].append(f)
        for s in sections:
            self.by_section[s].append(f)
        if not tables and not sentences:
            self.unplaced.append(f)

    # convenience look-ups ---------------------------------------------------
    def cell(self, table: str, row: int, col: int) -> list[Finding]:
        return self.by_cell.get((table, row, col), [])

    def row(self, table: str, row: int) -> list[Finding]:
        return self.by_row.get((table, row), [])

    def table(self, table: str) -> list[Finding]:
        return self.by_table.get(table, [])

    def sentence(self, index: int) -> list[Finding]:
        return self.by_sentence.get(index, [])

    def section(self, section_id: str) -> list[Finding]:
        return self.by_section.get(section_id, [])

    # document look-ups ------------------------------------------------------
    def sections_of(self, sentence: int) -> list[str]:
        """The section of a sentence and the sections around it, innermost first."""
        out: list[str] = []
        sec = self._sentence_section.get(sentence)
        while sec is not None and sec not in out:
            out.append(sec)
            sec = self._section_parent.get(sec)
        return out

    def table_row(self, table: str, row: int) -> Row | None:
        return self._rows.get((table, row))

    def table_title(self, table: str | None) -> str:
        """``"T01 收支总体情况表"``; the id alone for a table not in the document, "" for None."""
        if not table:
            return ""
        t = self._tables.get(table)
        return table if t is None else f"{t.id} {t.title}"
