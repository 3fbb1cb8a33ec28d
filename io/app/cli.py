"""Command line: ``gouji parse``, ``gouji check`` and ``gouji rules`` (no Qt on this path).

Usage::

    gouji parse FILE... [--one] --json OUT.json
    gouji check FILE... [--json OUT.json] [--xlsx OUT.xlsx] [--no-images] [--annotated-pdf OUT.pdf]
    gouji check A.pdf B.pdf --one [--json OUT.json] [--xlsx OUT.xlsx]   # two files, one disclosure
    gouji check FOLDER --xlsx SUMMARY.xlsx [--timeout S] [--max-memory MB]   # batch, both cores
    gouji rules
    gouji survey FOLDER [--xlsx OUT.xlsx] [--json OUT.json]   # one row per document

Exit codes
----------
0
    every document was read and no finding of severity 错误 (error) was found;
1
    at least one finding of severity 错误;
2
    at least one file could not be read (the reason is printed in Chinese; in a
    folder this includes old Office files, .doc / .xls …), or the command line
    was wrong;
3
    an output could not be written: it would replace an input of the run, it is a
    folder, the path is too long, the disk is full.  Nothing is overwritten; the
    results of a run that could not be written where asked are saved as JSON in
    the per-user folder (or the temp folder) and that path is printed.

When several apply, the highest code is returned.

``--one`` reads the files named as the parts of one disclosure (the text half
and the tables half of a publication): one document, one result, one workbook
(:func:`gouji.io.pipeline.review_many`; the file with the text comes first).

A file that cannot be read never produces a traceback: the Chinese message of
the :class:`~gouji.io.errors.ReadError` goes to stderr.  When an output file is
locked (open in Excel) or not writable, the result is written under another
name (``OUT_1.xlsx`` …) and the new name is printed.  Outputs are checked before
any work (:mod:`gouji.io.app.outputs`).  In a batch every file is checked in a
worker process of its own under a time and a memory limit
(:func:`gouji.io.app.batch.run_batch`); files that are not checked are listed with
the reason.

Scanned pages are read with OCR (:mod:`gouji.io.readers.ocr`, slow): checking one
document shows OCR progress on stderr (:class:`OcrProgressLine`) and prints, per
page, that it was read by OCR.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Sequence, TextIO

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_READ_FAILURE = 2
EXIT_OUTPUT_FAILURE = 3

ONE_HELP = "把所列文件作为同一份公开文件的各部分（如文字说明与公开表分为两个文件）一并审核"
EPILOG = """退出码（多种情况同时出现时取最大值）：
  0 = 全部读取成功，没有“错误”级问题
  1 = 发现“错误”级问题
  2 = 有文件无法读取（含文件夹中的 .doc/.xls 等旧格式文件），或命令行参数有误
  3 = 输出文件无法写入（与输入文件相同、是文件夹、路径过长、磁盘已满等）：
      不覆盖任何文件，已得到的结果另存，并提示保存位置"""


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese error text and exit code 2 without a traceback; the epilog as written."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"参数错误：{message}\n")
        raise SystemExit(EXIT_READ_FAILURE)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"时限应为正数（秒）：{text}")
    return value


def _megabytes(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"内存上限应为整数（MB，0 表示不限）：{text}")
    return int(text)


def _add_limits(sp: argparse.ArgumentParser) -> None:
    from gouji.io.app.batch import Limits

    timeout = f"批量时每个文件的处理时限（秒，默认 {Limits.seconds:g}）；超时的文件单独重试一次后列为失败"
    memory = f"批量时每个文件的内存上限（MB，默认 {Limits.memory_mb}；0 = 不限；仅 Linux/macOS 生效）"
    sp.add_argument("--timeout", type=_seconds, default=Limits.seconds, metavar="SECONDS", help=timeout)
    sp.add_argument("--max-memory", type=_megabytes, default=Limits.memory_mb, metavar="MB", help=memory)


def build_parser() -> argparse.ArgumentParser:
    from gouji.io.readers.registry import SUFFIXES

    p = _Parser(prog="gouji", description="勾稽：预决算公开文件审核工具（命令行）", epilog=EPILOG)
    sub = p.add_subparsers(dest="command", metavar="命令")
    sp = sub.add_parser("parse", help="解析文件，输出文档模型（JSON）", epilog=EPILOG)
    sp.add_argument(
        "files", nargs="+", metavar="FILE", help=" / ".join(s.lstrip(".").upper() for s in SUFFIXES) + " 文件"
    )
    sp.add_argument("--json", dest="json_out", required=True, metavar="OUT.json", help="输出 JSON 文件")
    sp.add_argument("--one", action="store_true", help=ONE_HELP)
    sc = sub.add_parser("check", help="审核文件或文件夹，输出问题（JSON / Excel）", epilog=EPILOG)
    sc.add_argument("paths", nargs="+", metavar="FILE|FOLDER", help="文件或文件夹（文件夹按批量审核）")
    sc.add_argument("--json", dest="json_out", metavar="OUT.json", help="输出问题清单 JSON")
    sc.add_argument(
        "--xlsx", dest="xlsx_out", metavar="OUT.xlsx", help="输出 Excel 审核工作簿（批量时为汇总表）"
    )
    sc.add_argument("--no-images", action="store_true", help="Excel 检查表中不附截图（更快）")
    sc.add_argument("--annotated-pdf", metavar="OUT.pdf", help="输出标注版 PDF（确认问题加高亮和批注）")
    sc.add_argument(
        "--checklist", metavar="模板.toml", help="检查表模板（默认按部门/单位、预算/决算自动选用）"
    )
    sc.add_argument("--workers", type=int, default=2, help="批量审核的进程数（默认 2）")
    sc.add_argument("--one", action="store_true", help=ONE_HELP)
    _add_limits(sc)
    sub.add_parser("rules", help="列出全部审核规则", epilog=EPILOG)
    sv = sub.add_parser(
        "survey", help="文件夹概览：每份文件一行（类型、标准表、核对、问题数）", epilog=EPILOG
    )
    sv.add_argument("paths", nargs="+", metavar="FOLDER|FILE", help="文件夹或文件")
    sv.add_argument("--xlsx", dest="xlsx_out", metavar="OUT.xlsx", help="输出概览 Excel")
    sv.add_argument("--json", dest="json_out", metavar="OUT.json", help="输出概览 JSON")
    sv.add_argument("--workers", type=int, default=2, help="进程数（默认 2）")
    _add_limits(sv)
    return p


# ---------------------------------------------------------------------------
# output helpers
# ---------------------------------------------------------------------------
def _err(msg: str) -> None:
    sys.stderr.write(msg.rstrip("\n") + "\n")
    sys.stderr.flush()


def _write_output(out: Path, write, what: str) -> Path | None:
    """Write through :func:`save_with_fallback`; tell the user when another name was used.

    None (and the reason on stderr) when nothing could be written.
    """
    from gouji.io.app.outputs import failure_message
    from gouji.io.export.save import save_with_fallback

    try:
        got = save_with_fallback(out, write)
    except OSError as exc:  # a full disk, a path too long … (a locked file falls back to another name)
        _err(failure_message(exc, out, what))
        return None
    if Path(got) != Path(out):
        _err(f"“{out}”被占用（可能已在 Excel/WPS 中打开）或不可写入，{what}已另存为：{got}")
    return Path(got)


def _write_json(out: Path, data: object) -> Path | None:
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return _write_output(out, lambda p: Path(p).write_text(text, encoding="utf-8"), "JSON 文件")


def _refused(outputs: dict[str, Path | None], inputs: list[Path]) -> bool:
    """Refuse (message on stderr) outputs that would replace an input or can never be written."""
    from gouji.io.app.outputs import clash, unusable

    named = {what: p for what, p in outputs.items() if p is not None}
    msg = clash(named, inputs) or next((m for what, p in named.items() if (m := unusable(p, what))), None)
    if msg:
        _err(msg)
    return msg is not None


def _keep_results(data: object) -> None:
    """Results that could not be written where asked: saved in a fallback folder, which is named."""
    from gouji.io.app.outputs import fallback_folders, save_fallback

    got = save_fallback(data)
    if got is not None:
        _err(f"已得到的审核结果已另存为：{got}")
    else:
        where = "、".join(str(f) for f in fallback_folders())
        _err(f"审核结果也无法另存到 {where}：请释放磁盘空间后重新运行。")


class OcrProgressLine:
    """OCR progress on stderr: a redrawn bar on a tty, one plain line per page otherwise.

    A ``progress(fraction, message)`` callback for the pipeline; only OCR messages
    (starting with :data:`~gouji.io.readers.ocr.OCR_MESSAGE`) are shown.
    """

    def __init__(self, stream: TextIO | None = None, width: int = 30):
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.width = width
        self._shown = ""  # the last message shown
        self._last = 0  # length of the bar line drawn (tty)

    def __call__(self, fraction: float, message: str) -> None:
        from gouji.io.readers.ocr import OCR_MESSAGE

        if not message.startswith(OCR_MESSAGE):
            if self._last:  # OCR is over: keep its last bar and go to the next line
                self.stream.write("\n")
                self.stream.flush()
                self._last = 0
            return
        if message == self._shown:
            return
        self._shown = message
        if self.tty:
            filled = int(self.width * min(max(fraction, 0.0), 1.0))
            line = f"[{'█' * filled}{'░' * (self.width - filled)}] {message}"
            self.stream.write("\r" + line.ljust(self._last))  # no ANSI codes: old Windows consoles print them
            self._last = len(line)
        else:
            self.stream.write(message + "\n")
        self.stream.flush()


def ocr_lines(doc) -> list[str]:
    """One line per page read by OCR, with how many table cells came from it."""
    cells: dict[int, int] = {}
    for t in doc.tables:
        for r in t.rows:
            for c in r.cells:
                if c.confidence is not None and c.page is not None:
                    cells[c.page] = cells.get(c.page, 0) + 1
    return [
        f"第 {p} 页：扫描图片，文字由 OCR 识别" + (f"（表格单元格 {cells[p]} 个）" if cells.get(p) else "")
        for p in doc.ocr_pages
    ]


def _counts_line(counts: dict[str, int]) -> str:
    return f"错误 {counts.get('error', 0)} 项，警告 {counts.get('warning', 0)} 项，尾差 {counts.get('rounding', 0)} 项"


def _limits(args: argparse.Namespace):
    from gouji.io.app.batch import Limits

    return Limits(seconds=args.timeout, memory_mb=args.max_memory)


def _list_not_checked(results: list[dict], subfolders: Sequence[tuple[Path, int]] = ()) -> None:
    """Every file of a batch that was not checked, with the reason, and the subfolders not looked into, on stderr."""
    for folder, n in subfolders:
        more = "以上" if n >= 1000 else ""
        _err(
            f"子文件夹“{folder}”中的 {n} 个{more}文件未检查：只检查所列文件夹本身的文件，要检查子文件夹请把它一并列出。"
        )
    for res in results:
        if res["status"] == "failed":
            _err(f"无法读取“{res['name']}”：{res['message']}")
        elif res["status"] == "skipped":
            _err(f"已跳过“{res['name']}”：{res['message']}")


# ---------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------
def cmd_parse(args: argparse.Namespace, out: TextIO) -> int:
    from gouji.io.app.batch import internal_message
    from gouji.io.errors import ReadError
    from gouji.io.pipeline import parse_many

    if len(args.files) > 1 and not args.one:
        _err("parse 一次只解析一个文件；同一公开文件的多个部分请加 --one。")
        return EXIT_READ_FAILURE
    files = [Path(f) for f in args.files]
    if _refused({"JSON 文件": Path(args.json_out)}, files):
        return EXIT_OUTPUT_FAILURE
    t0 = time.perf_counter()
    name = " + ".join(f.name for f in files)
    try:
        doc = parse_many(files)
    except ReadError as exc:
        _err(f"无法读取“{exc.path if len(args.files) > 1 and exc.path else args.files[0]}”：{exc.message}")
        return EXIT_READ_FAILURE
    except Exception as exc:
        _err(f"无法解析“{name}”：{internal_message(exc)}")
        return EXIT_READ_FAILURE
    data = document_json(doc)
    if _write_json(Path(args.json_out), data) is None:
        return EXIT_OUTPUT_FAILURE
    print(
        f"{name}：{len(doc.tables)} 张表，{len(doc.sections)} 个章节，"
        f"{len(doc.sentences)} 句，{doc.page_count} 页（{time.perf_counter() - t0:.1f} 秒）",
        file=out,
    )
    return EXIT_OK


def document_json(doc) -> dict:
    """``Document.model_dump(mode="json")`` plus, on every table row, ``amounts``:
    ``{column label: amount as string}`` for its amount cells (blank → null)."""
    data = doc.model_dump(mode="json")
    for t, tj in zip(doc.tables, data["tables"], strict=True):
        labels = {c.index: c.label or c.leaf or str(c.index) for c in t.columns if c.role == "amount"}
        for r, rj in zip(t.rows, tj["rows"], strict=True):
            rj["amounts"] = {
                labels[c.col]: (str(c.value) if c.value is not None else None)
                for c in r.cells
                if c.col in labels
            }
    return data


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from gouji.io.app import batch, sets
    from gouji.io.readers.registry import suffix_list

    t0 = time.perf_counter()
    xlsx = Path(args.xlsx_out) if args.xlsx_out else None
    js = Path(args.json_out) if args.json_out else None
    if args.one and any(Path(p).is_dir() for p in args.paths):
        _err("--one 只用于文件：请列出同一公开文件的各个文件，而不是文件夹。")
        return EXIT_READ_FAILURE
    found = batch.scan(args.paths)
    files = found.files
    is_batch = not args.one and (any(Path(p).is_dir() for p in args.paths) or len(files) > 1)
    if not files:
        _list_not_checked(list(found.others.values()), found.subfolders)
        _err(f"没有找到可审核的文件（支持 {suffix_list()}）。")
        return EXIT_READ_FAILURE
    what_xlsx = "汇总工作簿" if is_batch else "审核工作簿"
    annotated = Path(args.annotated_pdf) if args.annotated_pdf else None
    if annotated is not None and is_batch:
        _err("--annotated-pdf 只用于一份公开文件（一个文件，或 --one 的几个文件），不用于批量审核。")
        return EXIT_OUTPUT_FAILURE
    if _refused({what_xlsx: xlsx, "JSON 文件": js, "标注版 PDF": annotated}, found.entries):
        return EXIT_OUTPUT_FAILURE

    results: list[dict]
    cross: dict | None = None
    written = True  # every output asked for was written
    if is_batch:
        bar = batch.ProgressBar(len(files))
        checked = batch.run_batch(
            files, max(1, args.workers), bar.update, worker=sets.check_for_set, limits=_limits(args)
        )
        cross = sets.cross_check(checked)  # the documents checked together: relations, cross-document rules
        for line in sets.relation_lines(cross):
            print(line, file=out)
        results = found.merge(checked)
        _list_not_checked(results, found.subfolders)
        if xlsx is not None:
            got = _write_output(xlsx, lambda p: batch.write_summary(results, p, cross), what_xlsx)
            written = got is not None
            if got is not None:
                print(f"{what_xlsx}：{got}", file=out)
    else:
        res, written = _check_single(
            files, xlsx, images=not args.no_images, out=out, checklist=args.checklist, annotated=annotated
        )
        results = [res]

    data: dict[str, object] = {"generated": time.strftime("%Y-%m-%d %H:%M:%S"), "documents": results}
    if cross is not None:
        data["cross"] = cross
    json_written = False
    if js is not None:
        got = _write_json(js, data)
        json_written = got is not None
        written = written and json_written
        if got is not None:
            print(f"JSON：{got}", file=out)
    if not written and not json_written:
        _keep_results(data)

    # the human summary
    total = {"error": 0, "warning": 0, "rounding": 0}
    failed = skipped = 0
    for res in results:
        if res["status"] == "failed":
            failed += 1
            print(f"{res['name']}：读取失败 — {res['message']}", file=out)
            continue
        if res["status"] == "skipped":
            skipped += 1
            print(f"{res['name']}：已跳过 — {res['message']}", file=out)
            continue
        counts = batch.counts_of(res)
        for k in total:
            total[k] += counts.get(k, 0)
        print(f"{res['name']}：{_counts_line(counts)}（{res.get('seconds', 0):.1f} 秒）", file=out)
    secs = time.perf_counter() - t0
    what = f"1 份公开文件（{len(files)} 个文件）" if args.one else f"{len(results)} 个文件"
    print(
        f"共 {what}（读取失败 {failed} 个{f'，跳过 {skipped} 个' if skipped else ''}）："
        f"{_counts_line(total)}；用时 {secs:.1f} 秒。",
        file=out,
    )
    if not written:
        return EXIT_OUTPUT_FAILURE
    if failed:
        return EXIT_READ_FAILURE
    return EXIT_FINDINGS if total["error"] else EXIT_OK


def _check_single(
    files: list[Path],
    xlsx: Path | None,
    images: bool,
    out: TextIO,
    checklist: str | None = None,
    annotated: Path | None = None,
) -> tuple[dict, bool]:
    """Check one disclosure (one file, or the files of ``--one``) in this process
    (so the workbook can use the document itself); the result, and whether the workbook
    (if asked for) was written."""
    from gouji.io.app import batch
    from gouji.io.app.outputs import failure_message

    res, done = batch.checked(*files, progress=OcrProgressLine())
    if done is None:
        what = "审核" if res["reason"] == "internal" else "读取"
        _err(f"无法{what}“{res['path']}”：{res['message']}")
        return res, True
    if done.document.sources:
        name_sources(res, done.document)
    for line in ocr_lines(done.document):
        print(line, file=out)
    for notice in done.review_notices:  # the saved review: moved aside, entries skipped, source changed
        _err(notice)
    if annotated is not None:
        from gouji.io.export.annotated_pdf import export_reporting

        def say(line: str) -> None:
            print(line, file=out)

        if not export_reporting(done.document, done.findings, done.review, annotated, say, _err):
            return res, False
    if xlsx is None:
        return res, True
    from gouji.io.export.checklist_template import TemplateError
    from gouji.io.export.workbook import export_workbook

    try:
        got = export_workbook(
            done.document, done.findings, done.review, xlsx, images=images, checklist=checklist
        )
    except TemplateError as exc:
        _err(str(exc))
        return res, False
    except OSError as exc:  # a full disk, a path too long … (a locked file falls back to another name)
        _err(failure_message(exc, xlsx, "审核工作簿"))
        return res, False
    if Path(got) != xlsx:
        _err(f"“{xlsx}”被占用（可能已在 Excel/WPS 中打开）或不可写入，审核工作簿已另存为：{got}")
    print(f"审核工作簿：{got}", file=out)
    return res, True


def name_sources(res: dict, doc) -> None:
    """A result of several files: named after all of them, with each file's pages, and each
    finding's page also given in its own file (``file``, ``file_page``)."""
    res["name"] = " + ".join(Path(s.path).name for s in doc.sources)
    res["sources"] = [s.model_dump(mode="json") for s in doc.sources]
    for f in res["findings"]:
        if f.get("page"):
            path, f["file_page"] = doc.source_of(f["page"])
            f["file"] = Path(path).name


def rules_text() -> str:
    """The rule catalogue as Markdown."""
    from gouji.model.rules.catalogue import catalogue_markdown

    return catalogue_markdown()


def cmd_rules(args: argparse.Namespace, out: TextIO) -> int:
    out.write(rules_text())
    return EXIT_OK


def cmd_survey(args: argparse.Namespace, out: TextIO) -> int:
    """One row per document of the folder (:mod:`gouji.io.app.survey`); exit code as for ``check``."""
    from gouji.io.app import batch, survey
    from gouji.io.export.survey import write_survey

    xlsx = Path(args.xlsx_out) if args.xlsx_out else None
    js = Path(args.json_out) if args.json_out else None
    found = batch.scan(args.paths)
    if not found.files:
        _list_not_checked(list(found.others.values()), found.subfolders)
        _err("没有找到可审核的文件。")
        return EXIT_READ_FAILURE
    if _refused({"概览工作簿": xlsx, "JSON 文件": js}, found.entries):
        return EXIT_OUTPUT_FAILURE
    bar = batch.ProgressBar(len(found.files))
    checked = batch.run_batch(
        found.files, max(1, args.workers), bar.update, worker=survey.survey_file, limits=_limits(args)
    )
    rows = found.merge(checked)
    _list_not_checked(rows, found.subfolders)
    written = json_written = True
    if xlsx is not None:
        got = _write_output(xlsx, lambda p: write_survey(rows, p), "概览工作簿")
        written = got is not None
        if got is not None:
            print(f"概览工作簿：{got}", file=out)
    sums = survey.totals(rows)
    data = {"totals": sums, "documents": rows}
    if js is not None:
        got = _write_json(js, data)
        json_written = got is not None
        if got is not None:
            print(f"JSON：{got}", file=out)
    if not (written and json_written) and not (js is not None and json_written):
        _keep_results(data)
    print(
        f"{sums['documents']} 个文件，读取失败 {sums['failed']}，跳过 {sums['skipped']}；"
        f"错误 {sums['error']}，警告 {sums['warning']}，"
        f"尾差 {sums['rounding']}；类款项核对成立 {sums['hierarchy_held']}/{sums['hierarchy_checked']}；"
        f"结构存疑表 {sums['uncertain_tables']}",
        file=out,
    )
    if not (written and json_written):
        return EXIT_OUTPUT_FAILURE
    if sums["failed"]:
        return EXIT_READ_FAILURE
    return EXIT_FINDINGS if sums["error"] else EXIT_OK


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    import multiprocessing

    multiprocessing.freeze_support()
    import os

    # a windowed (no console) Windows build has no stdout / stderr
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    out = out if out is not None else sys.stdout
    for stream in (sys.stdout, sys.stderr):  # Windows consoles: never die on Chinese text
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(out)
        return EXIT_READ_FAILURE
    handler = {"parse": cmd_parse, "check": cmd_check, "rules": cmd_rules, "survey": cmd_survey}[args.command]
    try:
        return handler(args, out)
    except KeyboardInterrupt:
        _err("已取消。")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
