"""Fuzz every reader with mutated real files (a script, not collected by pytest).

Usage::

    python tests/benchmarks/fuzz_readers.py [--seconds 60] [--timeout 30] [--readers pdf docx xlsx text]
                                            [--keep DIR]

For each reader, hypothesis draws mutations of small real files (corpus PDFs cut to a few
pages, the corpus workbook and Word files, a seed text): byte flips, overwritten, inserted,
deleted and repeated runs, truncation; for the ZIP packages (.docx / .xlsx) also byte
mutations of one member and well-formed XML edits (a text node replaced, a row / paragraph /
cell repeated), repacked; for text also inserted tabs, numbers and words, in other encodings.
Each input goes through the whole parse (reader, assembly, disclosure check) in a worker
process with a memory limit; the input fails when the parse raises anything but :class:`~gouji.io.errors.ReadError`, takes longer than ``--timeout``
seconds (a hang) or kills the worker.  Failing inputs are copied to ``--keep``.  Prints per
reader the seconds, the inputs tried and how they ended; exits 1 when any input failed.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
MEMORY_LIMIT = 3 * 1024**3  # bytes of address space for the worker (a decompression bomb fails, not the host)

# --------------------------------------------------------------------------- the worker


def _worker(conn) -> None:
    """Parse each path received; answer ("ok" | "read_error" | "crash", detail)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):  # not on Windows
        pass
    os.environ["GOUJI_PDF_WORKERS"] = "1"
    from gouji.io.errors import ReadError
    from gouji.io.pipeline import parse

    while True:
        path = conn.recv()
        if path is None:
            return
        try:
            parse(path)
            conn.send(("ok", ""))
        except ReadError as exc:
            conn.send((f"read_error:{exc.reason}", ""))
        except BaseException:  # noqa: BLE001 - every other exception is what we look for
            conn.send(("crash", traceback.format_exc(limit=8)))


class Runner:
    """One worker process, restarted after a hang or a death."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self.ctx = multiprocessing.get_context("spawn")
        self.proc = None
        self.conn = None

    def _start(self) -> None:
        parent, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_worker, args=(child,), daemon=True)
        self.proc.start()
        self.conn = parent

    def run(self, path: str) -> tuple[str, str]:
        if self.proc is None or not self.proc.is_alive():
            self._start()
        assert self.conn is not None and self.proc is not None
        self.conn.send(path)
        if not self.conn.poll(self.timeout):
            self.stop()
            return "hang", f"no answer in {self.timeout:.0f} s"
        try:
            return self.conn.recv()
        except EOFError:
            code = self.proc.exitcode
            self.stop()
            return "died", f"worker exit code {code}"

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.is_alive():
                try:
                    self.conn.send(None)  # type: ignore[union-attr]
                except (OSError, ValueError):
                    pass
                self.proc.join(1)
            if self.proc.is_alive():
                self.proc.kill()
                self.proc.join()
        self.proc = None
        self.conn = None


# --------------------------------------------------------------------------- seeds


def _cut_pdf(src: Path, pages: list[int], dst: Path) -> Path:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    out.import_pages(pdf, [p - 1 for p in pages])
    out.save(str(dst))
    out.close()
    pdf.close()
    return dst


def seeds(reader: str, work: Path) -> list[tuple[str, bytes]]:
    """(suffix, bytes) of the small real files a reader's inputs are mutated from."""
    if reader == "pdf":
        src = CORPUS / "zoo" / "z03_shanghai.pdf"
        return [
            (".pdf", _cut_pdf(src, [1, 7], work / "a.pdf").read_bytes()),
            (".pdf", _cut_pdf(src, [5, 10, 11], work / "b.pdf").read_bytes()),
            (".pdf", (CORPUS / "zoo" / "z03_shanghai.pdf").read_bytes()),
        ]
    files = {
        "docx": ["other/taiyuan_fgw_2016_final.docx", "rendered/seed002.docx"],
        "xlsx": ["other/tbx_unit_budget_template.xlsx", "rendered/seed000_tables.xlsx"],
        "text": ["seeds/000_407e03e18ae36581.txt", "seeds/002_6f25734c455cccad.txt"],
    }[reader]
    return [(Path(f).suffix, (CORPUS / f).read_bytes()) for f in files]


# --------------------------------------------------------------------------- mutations

_OPS = st.sampled_from(["flip", "set", "overwrite", "insert", "delete", "repeat", "truncate"])


@st.composite
def byte_ops(draw, max_ops: int = 6) -> list[tuple]:
    """A list of (op, position in [0, 1), …) applied to bytes by :func:`apply_ops`."""
    ops = []
    for _ in range(draw(st.integers(1, max_ops))):
        op = draw(_OPS)
        pos = draw(st.floats(0, 1, exclude_max=True))
        if op in ("overwrite", "insert"):
            ops.append((op, pos, draw(st.binary(min_size=1, max_size=64))))
        elif op in ("delete", "repeat"):
            ops.append((op, pos, draw(st.integers(1, 512)), draw(st.integers(2, 200))))
        else:
            ops.append((op, pos, draw(st.integers(0, 255))))
    return ops


def apply_ops(data: bytes, ops: list[tuple]) -> bytes:
    b = bytearray(data)
    for op in ops:
        if not b:
            break
        i = int(op[1] * len(b))
        if op[0] == "flip":
            b[i] ^= 1 << (op[2] % 8)
        elif op[0] == "set":
            b[i] = op[2]
        elif op[0] == "overwrite":
            b[i : i + len(op[2])] = op[2]
        elif op[0] == "insert":
            b[i:i] = op[2]
        elif op[0] == "delete":
            del b[i : i + op[2]]
        elif op[0] == "repeat":
            b[i:i] = bytes(b[i : i + op[2]]) * op[3]
        elif op[0] == "truncate":
            del b[max(1, i) :]
    return bytes(b)


def _repack(data: bytes, pick: int, change) -> bytes:
    """The ZIP package with ``change(body)`` applied to its ``pick``-th XML member (the main
    document part or a worksheet two times in three)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = [n for n in src.namelist() if n.endswith((".xml", ".rels"))]
    main = [n for n in names if n == "word/document.xml" or n.startswith("xl/worksheets/")]
    target = (main if main and pick % 3 else names)[pick % len(main if main and pick % 3 else names)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            z.writestr(info.filename, change(body) if info.filename == target else body)
    return out.getvalue()


def mutate_member(data: bytes, pick: int, ops: list[tuple]) -> bytes:
    """Byte mutations of one member of a ZIP package, repacked."""
    return _repack(data, pick, lambda body: apply_ops(body, ops))


def edit_members(data: bytes, pick: int, edits: list[tuple]) -> bytes:
    """Well-formed XML edits of one member of a ZIP package, repacked."""

    def change(body: bytes) -> bytes:
        for e in edits:
            body = apply_xml_edit(body, e)
        return body

    return _repack(data, pick, change)


_TEXT_NODE = re.compile(rb">([^<>]{1,200})<")
_ELEMENT = re.compile(rb"<(w:tr|w:p|w:tc|row|c)\b[^>]*>.*?</\1>", re.S)
_WORDS = st.sampled_from(
    ["合计", "总计", "其中：", "一、", "（一）", "201", "20101", "2010101", "-", "", "1,234.56"]
)


@st.composite
def xml_edit(draw) -> tuple:
    """A well-formed edit of an XML member: new text for a text node, or an element repeated."""
    if draw(st.booleans()):
        text = draw(st.one_of(_WORDS, st.text(max_size=40), st.from_regex(r"-?[0-9,]{1,12}(\.[0-9]{1,4})?")))
        return ("text", draw(st.integers(0, 10**6)), text.replace("<", "").replace("&", "").encode("utf-8"))
    return ("repeat", draw(st.integers(0, 10**6)), draw(st.integers(2, 50)))


def apply_xml_edit(body: bytes, edit: tuple) -> bytes:
    pattern = _TEXT_NODE if edit[0] == "text" else _ELEMENT
    found = list(pattern.finditer(body))
    if not found:
        return body
    m = found[edit[1] % len(found)]
    if edit[0] == "text":
        return body[: m.start(1)] + edit[2] + body[m.end(1) :]
    return body[: m.start()] + m.group(0) * edit[2] + body[m.end() :]


@st.composite
def inputs(draw, reader: str, pool: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    suffix, data = draw(st.sampled_from(pool))
    ops = draw(byte_ops())
    if suffix in (".docx", ".xlsx"):
        how = draw(st.sampled_from(["xml", "xml", "member", "bytes"]))
        if how == "xml":
            edits = draw(st.lists(xml_edit(), min_size=1, max_size=6))
            return suffix, edit_members(data, draw(st.integers(0, 10_000)), edits)
        if how == "member":
            return suffix, mutate_member(data, draw(st.integers(0, 10_000)), ops)
    if reader == "text" and draw(st.booleans()):
        text = data.decode("utf-8")
        codec = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
        extra = draw(st.text(alphabet=st.sampled_from("\t\n 1,.%万元其中（）：；。合计"), max_size=200))
        at = int(draw(st.floats(0, 1, exclude_max=True)) * len(text))
        return suffix, (text[:at] + extra + text[at:]).encode(codec, "replace")
    return suffix, apply_ops(data, ops)


# --------------------------------------------------------------------------- the campaign


@dataclass
class Tally:
    outcomes: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)


def fuzz(reader: str, seconds: float, runner: Runner, work: Path, keep: Path | None) -> Tally:
    pool = seeds(reader, work)
    tally = Tally()
    deadline = time.monotonic() + seconds

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(inputs(reader, pool))
    def one(case: tuple[str, bytes]) -> None:
        if time.monotonic() > deadline:
            return
        suffix, data = case
        path = work / f"input{suffix}"
        path.write_bytes(data)
        outcome, detail = runner.run(str(path))
        tally.outcomes[outcome] += 1
        if outcome != "ok" and not outcome.startswith("read_error"):
            name = f"{reader}-{len(tally.failures):03d}{suffix}"
            tally.failures.append((name, f"{outcome}: {detail}"))
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, keep / name)

    while time.monotonic() < deadline:
        one()
    return tally


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60, help="fuzzing time per reader")
    ap.add_argument("--timeout", type=float, default=30, help="seconds one input may take (else a hang)")
    ap.add_argument("--readers", nargs="*", default=["pdf", "docx", "xlsx", "text"])
    ap.add_argument("--keep", type=Path, default=None, help="copy failing inputs to this folder")
    ap.add_argument("--seed", type=int, default=None, help="random seed of the campaign")
    args = ap.parse_args(argv)
    random.seed(args.seed)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="gouji-fuzz-") as tmp:
        runner = Runner(args.timeout)
        try:
            for reader in args.readers:
                work = Path(tmp) / reader
                work.mkdir()
                t0 = time.monotonic()
                tally = fuzz(reader, args.seconds, runner, work, args.keep)
                dt = time.monotonic() - t0
                tried = sum(tally.outcomes.values())
                ends = ", ".join(f"{k} {v}" for k, v in sorted(tally.outcomes.items()))
                print(f"{reader:<5} {dt:6.0f} s  {tried:5d} inputs  ({ends})", flush=True)
                for name, what in tally.failures:
                    print(f"      FAIL {name}: {what.strip().splitlines()[-1] if what.strip() else what}")
                failed += len(tally.failures)
        finally:
            runner.stop()
    print("no crash or hang" if not failed else f"{failed} failing inputs")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
