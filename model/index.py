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

from gouji.model.document import Document
from gouji.model.findings import SEVERITY_ORDER, Finding, worst  # noqa: F401  (re-exported)


class FindingIndex:
    """Findings by table, cell, row, sentence and section of one document."""

    def __init__(self, doc: Document, findings: Iterable[Finding] = ()):
        self.doc = doc
        self._sentence_section = {s.index: s.section_id for s in doc.sentences}
        self._section_parent = {s.id: s.parent for s in doc.sections}
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
                sec = self._sentence_section.get(loc.sentence)
                while sec is not None and sec not in sections:
                    sections.add(sec)
                    sec = self._section_parent.get(sec)
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
