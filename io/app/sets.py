"""The cross-document pass of a batch: the documents checked together form a disclosure set.

The per-file worker (:func:`check_for_set`) is :func:`gouji.io.app.batch.checked` plus the parsed
document (JSON, without its performance tables, which no cross-document rule reads) under the
result's ``"document"`` key.  After every file was checked, :func:`cross_check` runs in the parent:
it takes the documents out of the results, finds the relations between them and runs the
cross-document rules (:func:`gouji.model.crossdoc.run_cross`); each finding goes into the results
of both documents (their findings and counts) and into the JSON-ready cross report that the
summary workbook shows (sheets 文件关系 and 跨文件问题).

:func:`related_in_folder` does the same for one open document and the other disclosures in its
folder (the workbench's 相关文件).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from gouji.io.app.batch import checked, is_gouji_output
from gouji.io.export.summary import ResultDict, finding_dict
from gouji.io.pipeline import parse
from gouji.io.readers.registry import SUFFIXES
from gouji.model.crossdoc import RELATION_LABELS, CrossResult, run_cross
from gouji.model.crossdoc.relations import COMPARED
from gouji.model.document import Document
from gouji.model.findings import SEVERITY_LABELS, Finding, Location

#: the JSON-ready report of the cross-document pass: ``relations``, ``findings``, ``seconds``
CrossReport = dict[str, Any]


def check_for_set(path: str) -> ResultDict:
    """:func:`~gouji.io.app.batch.checked` of one file, with its parsed document for the set."""
    res, done = checked(path)
    if done is not None:
        doc = done.document
        slim = doc.model_copy(update={"tables": [t for t in doc.tables if t.perf is None]})
        res["document"] = slim.model_dump(mode="json")
    return res


def cross_check(results: list[ResultDict]) -> CrossReport:
    """Run the cross-document pass on the documents of ``results`` (taken out of them).

    Adds each document's cross-document findings to its result (``findings``, ``counts``);
    returns the report of relations and findings.
    """
    t0 = time.perf_counter()
    owners: list[ResultDict] = []
    docs: list[Document] = []
    for res in results:
        data = res.pop("document", None)
        if data is not None and res.get("status") == "ok":
            docs.append(Document.model_validate(data))
            owners.append(res)
    cross = run_cross(docs)
    for doc, res in zip(docs, owners, strict=True):
        mine = cross.for_document(doc)
        if not mine:
            continue
        titles = {t.id: t.title for t in doc.tables}
        res["findings"] = list(res.get("findings") or []) + [finding_dict(f, titles) for f in mine]
        counts = res.setdefault("counts", {})
        for f in mine:
            counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
    return {
        "relations": _relations(cross),
        "findings": [_cross_finding(f) for f in cross.findings],
        "seconds": round(time.perf_counter() - t0, 2),
    }


def _relations(cross: CrossResult) -> list[dict[str, Any]]:
    out = []
    docs = cross.dset.documents
    for rel in cross.dset.relations:
        tally = cross.tallies.get(rel)
        a, b = docs[rel.a], docs[rel.b]
        out.append(
            {
                "kind": rel.kind.value,
                "label": RELATION_LABELS[rel.kind],
                "a": Path(a.path).name,
                "a_path": a.path,
                "b": Path(b.path).name,
                "b_path": b.path,
                "unit": cross.dset.identities[rel.a].unit,  # type: ignore[union-attr]
                "compared": rel.kind in COMPARED,
                "checked": tally.checked if tally else 0,
                "differing": tally.differing if tally else 0,
            }
        )
    return out


def _place(loc: Location) -> dict[str, Any]:
    return {
        "file": Path(loc.document).name if loc.document else None,
        "path": loc.document,
        "page": loc.page,
        "bbox": loc.bbox.model_dump() if loc.bbox else None,
        "table": loc.table,
        "row": " ".join(x for x in (loc.row_code, loc.row_name) if x) or None,
        "column": loc.column_label,
        "text": loc.text,
    }


def _cross_finding(f: Finding) -> dict[str, Any]:
    return {
        "id": f.id,
        "rule": f.rule,
        "title": f.title,
        "severity": f.severity.value,
        "severity_label": SEVERITY_LABELS.get(f.severity, str(f.severity)),
        "message": f.message,
        "formula": f.formula,
        "stated": str(f.stated) if f.stated is not None else None,
        "computed": str(f.computed) if f.computed is not None else None,
        "difference": str(f.difference) if f.difference is not None else None,
        "locations": [_place(loc) for loc in f.locations],
    }


def relation_lines(report: CrossReport) -> list[str]:
    """The relations in Chinese, one a line, for the terminal."""
    lines = []
    for r in report.get("relations", []):
        what = f"比对 {r['checked']} 项，不一致 {r['differing']} 项" if r["compared"] else "不比对"
        lines.append(f"{r['label']}：{r['a']} ↔ {r['b']}（{what}）")
    return lines


# ---------------------------------------------------------------------------
# one document and its folder (the workbench)
# ---------------------------------------------------------------------------
@dataclass
class RelatedDoc:
    """A document related to the open one: how, which file, what was compared."""

    label: str  # the relation in Chinese
    path: str
    compared: bool
    checked: int = 0
    differing: int = 0


@dataclass
class Related:
    """The documents of a folder related to one document, and its cross-document findings."""

    documents: list[RelatedDoc] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # as seen from the open document
    scanned: int = 0  # other files read
    unread: int = 0  # files that could not be read (not disclosures, scans …)


def folder_files(folder: Path, skip: set[Path]) -> list[Path]:
    """The disclosures a folder may hold (supported formats; no lock files, no workbooks we wrote)."""
    return [
        f
        for f in sorted(folder.iterdir(), key=lambda x: x.name)
        if f.is_file()
        and f.suffix.lower() in SUFFIXES
        and not f.name.startswith(("~$", "."))
        and ".gouji" not in f.name
        and f.resolve() not in skip
        and not is_gouji_output(f)
    ]


def related_in_folder(
    doc: Document,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Related:
    """Read the other files of ``doc``'s folder and find the ones related to it.

    ``progress(done, total, file name)`` is called before each file; ``cancelled()`` stops the
    scan (the files read so far are used).  A file that cannot be read is counted, never raised.
    """
    own = {Path(s.path).resolve() for s in doc.sources} or {Path(doc.path).resolve()}
    files = folder_files(Path(doc.path).parent, own)
    others: list[Document] = []
    unread = 0
    for i, f in enumerate(files):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(i, len(files), f.name)
        try:
            others.append(parse(f))
        except Exception:  # not a disclosure, unreadable, or a parser bug: never stops the scan
            unread += 1
    cross = run_cross([doc, *others])
    out = Related(findings=cross.for_document(doc), scanned=len(others) + unread, unread=unread)
    for rel, j in cross.dset.related(0):
        tally = cross.tallies.get(rel)
        out.documents.append(
            RelatedDoc(
                RELATION_LABELS[rel.kind],
                cross.dset.documents[j].path,
                rel.kind in COMPARED,
                tally.checked if tally else 0,
                tally.differing if tally else 0,
            )
        )
    return out
