"""The reviewers' checklist (检查表): the rows of a template, each with its findings and its verdict.

:func:`build_checklist` places every finding on one row of the
:class:`~gouji.io.export.checklist_template.ChecklistTemplate` — by its first location (a table → the
row listing its standard table; a sentence → the row whose ``titles`` or ``sections`` match the
sections around it), else by rule id, else by the row name the message quotes, else on the ``rest``
row — and judges each row (符合要求):

* 否 — a problem remains that the reviewer confirmed (or added);
* 待人工核对 — findings are still unreviewed (待核实), or the tool could not verify the row: the row
  is manual (及时性), its section or table was not found, its table was not parsed, the document is a
  scan;
* 是 — the tool checked the row and no problem remains open.

Rounding gaps (尾差) never count; findings the reviewer marked 不是问题 are dropped, 已更正 resolve.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from gouji.io.export.checklist_template import ChecklistRow, ChecklistTemplate
from gouji.io.export.columns import list_order
from gouji.model.document import Document, SectionKind, StdTable
from gouji.model.findings import Family, Finding, Severity
from gouji.model.index import FindingIndex
from gouji.model.review import ReviewState, Status
from gouji.model.tables import table_name


class Verdict(StrEnum):
    YES = "是"
    NO = "否"
    MANUAL = "待人工核对"


@dataclass
class CheckRow:
    """One row of the checklist: its template row, notes (what the tool could not verify), findings."""

    spec: ChecklistRow
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    verdict: Verdict = Verdict.MANUAL

    @property
    def verified(self) -> bool:
        """The tool could check this row (nothing to confirm by hand first)."""
        return not self.spec.manual and not self.notes


def status_of(f: Finding, state: ReviewState | None) -> Status:
    """The reviewer's status; a reviewer-added finding counts as confirmed until said otherwise."""
    a = state.annotations.get(f.id) if state is not None else None
    if a is not None and (a.status != Status.PENDING or f.family != Family.MANUAL):
        return a.status
    return Status.CONFIRMED if f.family == Family.MANUAL else Status.PENDING


def verdict(row: CheckRow, state: ReviewState | None) -> Verdict:
    """符合要求 of a row (see the module docstring)."""
    open_statuses = [status_of(f, state) for f in row.findings if f.severity != Severity.ROUNDING]
    if Status.CONFIRMED in open_statuses:
        return Verdict.NO
    if Status.PENDING in open_statuses or not row.verified:
        return Verdict.MANUAL
    return Verdict.YES


def is_scan(doc: Document) -> bool:
    """Pages without any text the tool could read (a scanned PDF)."""
    return doc.page_count > 0 and not doc.sentences and not doc.tables and not doc.sections


class _Placer:
    """Which row a finding belongs to."""

    def __init__(self, doc: Document, rows: list[CheckRow]):
        self.doc = doc
        self.rows = rows
        self.idx = FindingIndex(doc)
        self.rest = next((r for r in rows if r.spec.rest), rows[-1])
        self.by_std: dict[StdTable, CheckRow] = {}
        for r in rows:
            for std in r.spec.tables:
                self.by_std.setdefault(std, r)
        sections = {s.id: s for s in doc.sections}
        self.section_row: dict[str, CheckRow] = {}
        for s in doc.sections:  # a title match anywhere up the chain wins over a kind match
            chain = [s.id, *self._ancestors(s.id, sections)]
            row = next(
                (r for sid in chain for r in rows if any(t in sections[sid].title for t in r.spec.titles)),
                None,
            ) or next((r for sid in chain for r in rows if sections[sid].kind in r.spec.sections), None)
            if row is not None:
                self.section_row[s.id] = row
        self.table_row = {t.id: self.by_std[t.std] for t in doc.tables if t.std in self.by_std}
        self.names = sorted(((name, r) for r in rows for name in self._names(r)), key=lambda x: -len(x[0]))

    @staticmethod
    def _ancestors(sid: str, sections: dict) -> list[str]:
        out: list[str] = []
        parent = sections[sid].parent
        while parent is not None and parent in sections and parent not in out:
            out.append(parent)
            parent = sections[parent].parent
        return out

    @staticmethod
    def _names(r: CheckRow) -> list[str]:
        names = [table_name(std) for std in r.spec.tables]
        names += [f"“{s.value}”" for s in r.spec.sections] + [f"“{r.spec.item}”"]
        return [n for n in names if len(n) > 3]

    def place(self, f: Finding) -> CheckRow:
        for loc in f.locations:
            if loc.table:
                return self.table_row.get(loc.table, self.rest)
            if loc.sentence is not None:
                row = next(
                    (
                        self.section_row[s]
                        for s in self.idx.sections_of(loc.sentence)
                        if s in self.section_row
                    ),
                    None,
                )
                if row is not None:
                    return row
        by_rule = [(p, r) for r in self.rows for p in r.spec.rules if f.rule.startswith(p)]
        if by_rule:
            return max(by_rule, key=lambda x: len(x[0]))[1]
        text = f.message + f.title
        return next((r for name, r in self.names if name in text), self.rest)


def _notes(doc: Document, spec: ChecklistRow, scan: bool) -> list[str]:
    """What the tool could not verify for a row."""
    if spec.manual:
        return [spec.manual_note] if spec.manual_note else []
    if scan:
        return ["未能识别文字（可能为扫描件），请人工核对。"]
    notes: list[str] = []
    found_sections = [
        s for s in doc.sections if s.kind in spec.sections or any(t in s.title for t in spec.titles)
    ]
    has_toc = SectionKind.TOC in spec.sections and bool(doc.toc)
    tables = [t for t in doc.tables if t.std in spec.tables]
    if (spec.sections or spec.titles) and not spec.tables and not found_sections and not has_toc:
        notes.append(f"未识别到“{spec.item}”部分，请人工核对。")
    if spec.tables and not tables and not found_sections:
        notes.append(f"未识别到{spec.item}，请人工核对。")
    for t in tables:
        if not t.rows and not t.empty and t.perf is None:
            notes.append(f"《{t.title}》未能解析表格内容，请人工核对。")
    return notes


def build_checklist(
    doc: Document, findings: list[Finding], state: ReviewState | None, template: ChecklistTemplate
) -> list[CheckRow]:
    """The rows of ``template`` for ``doc``, each with its findings (list order) and verdict."""
    scan = is_scan(doc)
    rows = [CheckRow(spec, notes=_notes(doc, spec, scan)) for spec in template.rows]
    placer = _Placer(doc, rows)
    for f in findings:
        if status_of(f, state) == Status.NOT_A_PROBLEM:
            continue
        placer.place(f).findings.append(f)
    for r in rows:
        r.findings = list_order(r.findings)
        r.verdict = verdict(r, state)
    return rows
