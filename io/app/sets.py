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

import functools
import hashlib
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from gouji.io.app.batch import OUT_OF_MEMORY, checked, is_gouji_output
from gouji.io.children import die_with_parent, limit_memory, start_child
from gouji.io.errors import ReadError
from gouji.io.export.summary import ResultDict, finding_dict
from gouji.io.pipeline import parse, sha256_of
from gouji.io.readers.registry import SUFFIXES
from gouji.model.crossdoc import RELATION_LABELS, CrossResult, run_cross
from gouji.model.crossdoc.relations import COMPARED
from gouji.model.document import Document
from gouji.model.files import atomic_write
from gouji.model.findings import SEVERITY_LABELS, Finding, Location
from gouji.model.review import default_review_folder

#: the JSON-ready report of the cross-document pass: ``relations``, ``findings``, ``seconds``
CrossReport = dict[str, Any]


def check_for_set(path: str) -> ResultDict:
    """:func:`~gouji.io.app.batch.checked` of one file, with its parsed document for the set."""
    res, done = checked(path)
    if done is not None:
        res["document"] = slim(done.document).model_dump(mode="json")
    return res


def slim(doc: Document) -> Document:
    """``doc`` without its performance tables (no cross-document rule reads them)."""
    return doc.model_copy(update={"tables": [t for t in doc.tables if t.perf is None]})


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
# the parsed facts of the other files, cached in the per-user folder
# ---------------------------------------------------------------------------
#: bump when the cached form changes
FACTS_FORMAT = 1


def facts_folder() -> Path:
    """Where the parsed facts of related files are cached (beside the per-user review folder)."""
    return default_review_folder().parent / "facts"


@functools.cache
def code_fingerprint() -> str:
    """What the parsed facts depend on: the reading and model code (names, sizes, times of its files),
    computed once per process (the lookup's child is handed its parent's).

    A new version of Gouji reads again instead of using facts its older self parsed.
    """
    root = Path(__file__).resolve().parents[2]
    h = hashlib.sha1(f"{FACTS_FORMAT}".encode())
    for part in ("io", "model"):
        for f in sorted((root / part).rglob("*.py*")):
            st = f.stat()
            h.update(f"{f.relative_to(root)}\x1f{st.st_size}\x1f{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


@dataclass
class Facts:
    """A file's cached facts: its parsed document, or None and why it could not be read."""

    document: Document | None
    reason: str = ""


class FactsCache:
    """Parsed documents (without performance tables) by file: path, size and modification time.

    A file that could not be read is remembered as such (it is not read again until it changes).
    The oldest entries go when there are more than ``limit``.  ``hits`` and ``misses`` count lookups.
    """

    def __init__(self, folder: Path | None = None, limit: int = 400, code: str | None = None):
        self.folder = folder if folder is not None else facts_folder()
        self.limit = limit
        self.hits = 0
        self.misses = 0
        self.code = code or code_fingerprint()

    def _file(self, path: Path) -> Path:
        st = path.stat()
        key = f"{path.resolve()}\x1f{st.st_size}\x1f{st.st_mtime_ns}\x1f{self.code}"
        return self.folder / (hashlib.sha1(key.encode("utf-8")).hexdigest() + ".json")

    def get(self, path: Path) -> Facts | None:
        """The cached facts of ``path``, or None (not cached, changed since, or unreadable cache)."""
        try:
            text = self._file(path).read_text("utf-8")
            facts = (
                Facts(Document.model_validate_json(text))
                if not text.startswith("!")
                else Facts(None, text[1:])
            )
        except (OSError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return facts

    def has(self, path: Path) -> bool:
        """Whether facts of ``path`` as it is now are cached (without reading them)."""
        try:
            return self._file(path).is_file()
        except OSError:
            return False

    def put(self, path: Path, facts: Facts) -> None:
        """Remember ``facts`` of ``path`` (atomically; a cache that cannot be written is skipped)."""
        text = "!" + facts.reason if facts.document is None else slim(facts.document).model_dump_json()
        try:
            atomic_write(self._file(path), lambda tmp: tmp.write_text(text, "utf-8"))
            self._prune()
        except OSError:
            pass

    def _prune(self) -> None:
        entries = sorted(self.folder.glob("*.json"), key=lambda f: f.stat().st_mtime)
        for f in entries[: max(0, len(entries) - self.limit)]:
            f.unlink(missing_ok=True)

    def parse(self, path: Path) -> Facts:
        """The facts of ``path``: from the cache, else read (and cached unless memory ran out)."""
        got = self.get(path)
        if got is not None:
            return got
        facts = read_facts(path)
        if facts.reason != OUT_OF_MEMORY:  # another time may have more memory
            self.put(path, facts)
        return facts


def read_facts(path: Path) -> Facts:
    """Parse ``path``; a file that cannot be read gives its reason (only MemoryError is raised)."""
    try:
        return Facts(parse(path))
    except ReadError as exc:
        return Facts(None, exc.message)
    except MemoryError:
        return Facts(None, OUT_OF_MEMORY)
    except Exception as exc:  # a parser bug on one file never stops the lookup
        return Facts(None, f"{type(exc).__name__}: {exc}")


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


def candidate_files(doc: Document, extra: Iterable[str | Path] = ()) -> list[Path]:
    """The files to look at for ``doc``: its folder's, then ``extra`` (files, or folders listed),
    each once, never the document's own files; files that no longer exist are left out."""
    own = {Path(s.path).resolve() for s in doc.sources} or {Path(doc.path).resolve()}
    out: list[Path] = []
    seen = set(own)
    folders = [Path(doc.path).parent, *(Path(p) for p in extra if Path(p).is_dir())]
    listed = [f for d in folders for f in folder_files(d, own)]
    listed += [Path(p) for p in extra if Path(p).is_file()]
    for f in listed:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            out.append(f)
    return out


def related_in_folder(
    doc: Document,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    extra: Sequence[str | Path] = (),
    cache: FactsCache | None = None,
) -> Related:
    """Read the other files of ``doc``'s folder (and ``extra``) and find the ones related to it.

    ``progress(done, total, file name)`` is called before each file; ``cancelled()`` stops the
    scan (the files read so far are used).  A file that cannot be read is counted, never raised.
    With ``cache`` the facts of a file read before (and unchanged) are not read again.
    """
    files = candidate_files(doc, extra)
    others: list[Document] = []
    unread = 0
    for i, f in enumerate(files):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(i, len(files), f.name)
        facts = cache.parse(f) if cache is not None else read_facts(f)
        if facts.document is None:
            unread += 1
        else:
            others.append(facts.document)
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


# ---------------------------------------------------------------------------
# the lookup in a child process (the workbench: reading never runs in the window's process)
# ---------------------------------------------------------------------------
#: address space of the lookup's child process (Linux and macOS)
LOOKUP_MEMORY_MB = 4096


def remember_open(doc: Document, cache: FactsCache) -> None:
    """Cache the facts of the open document (one file, unchanged since it was read), so that a related
    document opened later finds them without reading this one again."""
    path = Path(doc.path)
    try:
        if len(doc.sources) <= 1 and not cache.has(path) and sha256_of(path) == doc.sha256:
            cache.put(path, Facts(doc))
    except OSError:
        pass


def _lookup_child(conn: Connection, doc_json: str, extra: list[str], folder: str | None, code: str) -> None:
    """The child process of :func:`run_lookup`: progress messages, then ``("done", Related)``."""
    die_with_parent()
    os.environ["GOUJI_PDF_WORKERS"] = "1"  # one background file at a time, no reader pool
    limit_memory(LOOKUP_MEMORY_MB)
    doc = Document.model_validate_json(doc_json)
    cache = FactsCache(Path(folder) if folder else None, code=code)
    remember_open(doc, cache)

    def progress(i: int, n: int, name: str) -> None:
        conn.send(("progress", i, n, name))

    conn.send(("done", related_in_folder(doc, progress, None, extra, cache)))
    conn.close()


def run_lookup(
    doc: Document,
    extra: Sequence[str | Path] = (),
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    folder: Path | None = None,
) -> Related | None:
    """:func:`related_in_folder` with the cache (``folder``: default :func:`facts_folder`), run in a
    child process that ends with this one; None when cancelled or when the child died.

    Blocks until done: call it from a worker thread.  ``cancelled()`` is polled ten times a second;
    the child is killed at once.
    """
    ctx = multiprocessing.get_context("spawn")  # the caller runs threads: never fork
    recv, send = ctx.Pipe(duplex=False)
    doc_json = slim(doc).model_dump_json()
    args = (send, doc_json, [str(p) for p in extra], str(folder) if folder else None, code_fingerprint())
    proc = ctx.Process(target=_lookup_child, args=args, name="gouji-related", daemon=True)
    start_child(proc)  # from a worker thread: the window may close meanwhile
    send.close()  # the child holds the only write end: EOF when it dies
    try:
        while not (cancelled is not None and cancelled()):
            if not recv.poll(0.1):
                if not proc.is_alive() and not recv.poll():
                    return None
                continue
            try:
                msg = recv.recv()
            except (EOFError, OSError):  # the child died
                return None
            if msg[0] == "done":
                return msg[1]
            if progress is not None:
                progress(*msg[1:])
        return None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        recv.close()
