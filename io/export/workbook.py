"""Export a review as an Excel workbook (openpyxl) and re-import the reviewer's annotations.

The workbook has, in order:

1. **检查表** — the reviewers' checklist: one block per required item (each
   standard table of the document's kind, 封面, 目录, 主要职能, 机构设置, each
   情况说明 section, 名词解释, 绩效 tables), 符合要求 是/否, one line per problem
   with a cropped picture of the source region (rendered with pypdfium2).
2. **问题清单** — every finding with all its fields, the reviewer's status as a
   drop-down (待核实/确认问题/不是问题/已更正), comment, reviewer and time.
3. one sheet per parsed table (amounts as numbers in the table's format),
   failing cells filled by severity with a comment giving the formula, the
   stated and the recomputed value and the difference; performance tables
   share one sheet (绩效表).
4. **签字** — reviewer, date, counts by status, the source file and its SHA-256;
   when the review is signed off every sheet is protected.

:func:`import_review` reads statuses, comments and reviewers back from 问题清单
and the SHA-256 from 签字 so that the GUI can restore them for the matching
document.  Text cells that start with ``= + - @`` are prefixed with ``'`` so
that a spreadsheet never evaluates them (formula injection); the prefix is
removed on import.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections import defaultdict
from copy import copy
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Callable, Iterable

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image as XLImage
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from gouji.model.document import BBox, DocKind, Document, SectionKind, StdTable, Table
from gouji.model.findings import FAMILY_LABELS, SEVERITY_LABELS, Family, Finding, Location, Severity
from gouji.model.review import Annotation, ReviewState, Status

Progress = Callable[[float, str], None]

# --- limits that keep the workbook sane ------------------------------------
MAX_IMAGES = 150  # pictures in 检查表 (errors and warnings first)
MAX_ROWS_PER_ITEM = 60  # problem lines per checklist item; the rest are summarised
IMAGE_DISPLAY_WIDTH = 600  # px shown in the sheet (the PNG itself may be sharper)
IMAGE_MAX_DISPLAY_HEIGHT = 300  # px
MAX_COMMENT_CHARS = 1500
NEAR = 120.0  # points: boxes of one finding closer than this share one picture
MAX_CELL_CHARS = 32000
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.ROUNDING: 2}
SEVERITY_FILL = {
    Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"),
    Severity.WARNING: PatternFill("solid", fgColor="FFEB9C"),
    Severity.ROUNDING: PatternFill("solid", fgColor="DDEBF7"),
}
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
OK_FILL = PatternFill("solid", fgColor="C6EFCE")
BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
BOLD = Font(bold=True)

STATUS_VALUES = [s.value for s in Status]
RESOLVED = {Status.NOT_A_PROBLEM, Status.CORRECTED}

# Chinese names of the standard tables (checklist labels).
STD_NAMES: dict[StdTable, str] = {
    StdTable.B_OVERVIEW: "收支总体情况表",
    StdTable.B_INCOME: "收入总体情况表",
    StdTable.B_EXPENSE: "支出总体情况表",
    StdTable.B_FISCAL: "财政拨款收支总体情况表",
    StdTable.B_GPB: "一般公共预算支出情况表",
    StdTable.B_GPB_BASIC: "一般公共预算基本支出情况表",
    StdTable.B_GPB_PROJECT: "一般公共预算项目支出情况表",
    StdTable.B_GOV_FUND: "政府性基金预算支出情况表",
    StdTable.B_SOE: "国有资本经营预算支出情况表",
    StdTable.B_THREE_PUBLIC: "财政拨款“三公”经费支出情况表",
    StdTable.B_CARRYOVER: "上年结转结余情况明细表",
    StdTable.B_PROCUREMENT: "政府采购预算表",
    StdTable.B_OPERATING: "机关运行经费预算表",
    StdTable.B_PROJECT_LIST: "项目支出预算表",
    StdTable.B_FISCAL_FUND: "财政专户管理资金预算表",
    StdTable.F_OVERVIEW: "收入支出决算总表",
    StdTable.F_INCOME: "收入决算表",
    StdTable.F_EXPENSE: "支出决算表",
    StdTable.F_FISCAL: "财政拨款收入支出决算总表",
    StdTable.F_GPB: "一般公共预算财政拨款支出决算表",
    StdTable.F_GPB_BASIC: "一般公共预算财政拨款基本支出决算表",
    StdTable.F_THREE_PUBLIC: "财政拨款“三公”经费支出决算表",
    StdTable.F_GOV_FUND: "政府性基金预算财政拨款收入支出决算表",
    StdTable.F_SOE: "国有资本经营预算财政拨款收入支出决算表",
    StdTable.PERF_TARGET_OVERALL: "整体绩效目标表",
    StdTable.PERF_TARGET_PROJECT: "项目支出绩效目标表",
    StdTable.PERF_SELF_OVERALL: "整体支出绩效自评表",
    StdTable.PERF_SELF_PROJECT: "项目支出绩效自评表",
}


def _required_tables() -> dict[DocKind, list[StdTable]]:
    """The standard tables each kind must publish: the completeness rule's own list."""
    from gouji.model.rules.completeness import BUDGET_REQUIRED, FINAL_REQUIRED

    return {
        DocKind.BUDGET: [std for std, *_ in BUDGET_REQUIRED],
        DocKind.FINAL: [std for std, *_ in FINAL_REQUIRED],
        DocKind.UNKNOWN: [],
    }


PERF_GROUPS: dict[DocKind, list[tuple[str, tuple[StdTable, ...], str]]] = {
    DocKind.BUDGET: [
        ("perf_target", (StdTable.PERF_TARGET_OVERALL, StdTable.PERF_TARGET_PROJECT), "绩效目标表"),
    ],
    DocKind.FINAL: [
        ("perf_self", (StdTable.PERF_SELF_OVERALL, StdTable.PERF_SELF_PROJECT), "绩效自评表"),
    ],
    DocKind.UNKNOWN: [],
}

LIST_COLUMNS: list[tuple[str, int]] = [
    ("序号", 6),
    ("编号", 16),
    ("严重程度", 8),
    ("类别", 10),
    ("规则", 14),
    ("规则名称", 20),
    ("问题描述", 50),
    ("表格", 18),
    ("页码", 6),
    ("行", 22),
    ("列", 20),
    ("公式", 26),
    ("填报数", 14),
    ("重算数", 14),
    ("差额", 12),
    ("位置", 32),
    ("审核状态", 11),
    ("审核意见", 32),
    ("审核人", 10),
    ("审核时间", 18),
]
CREATOR = "勾稽 Gouji"  # workbook author: marks our own outputs (batch skips them)
LIST_SHEET = "问题清单"
CHECK_SHEET = "检查表"
SIGN_SHEET = "签字"
PERF_SHEET = "绩效表"


# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------
def safe_text(value: object) -> str:
    """Cell text: control characters removed, formula-like text prefixed with ``'``."""
    s = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if len(s) > MAX_CELL_CHARS:
        s = s[: MAX_CELL_CHARS - 1] + "…"
    if s[:1] in ("=", "+", "-", "@"):
        s = "'" + s
    return s


def unsafe_text(value: object) -> str:
    """Inverse of :func:`safe_text` for re-import."""
    if value is None:
        return ""
    s = str(value)
    if len(s) >= 2 and s[0] == "'" and s[1] in "=+-@":
        return s[1:]
    return s


def put_cell(ws: Worksheet, row: int, col: int, value: object, **style: object):
    """Write a cell safely: text through :func:`safe_text`, numbers and dates as they are."""
    c = ws.cell(row=row, column=col)
    if value is None or value == "":
        c.value = None
    elif isinstance(value, (int, float, Decimal, datetime)) and not isinstance(value, bool):
        c.value = value
    else:
        c.value = safe_text(value)
        c.data_type = "s"
    if style:
        apply_style(c, **style)
    return c


def apply_style(c, **style: object) -> None:
    """Set style attributes on a cell, reusing the resolved style of an identical earlier call.

    openpyxl hashes every font / fill / border on each assignment, which
    dominates the export time of big sheets; the resolved ``StyleArray`` is
    cached per workbook, keyed by the identity of the style objects (which the
    cache keeps alive, so identities are never reused).
    """
    wb = c.parent.parent
    cache = wb.__dict__.setdefault("_gouji_style_cache", {})
    key = (tuple(c._style) if c._style is not None else (), *((k, id(v)) for k, v in style.items()))
    hit = cache.get(key)
    if hit is not None:
        c._style = copy(hit[0])
        return
    for k, v in style.items():
        setattr(c, k, v)
    cache[key] = (copy(c._style), tuple(style.values()))


def wrapped_lines(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` (Excel character units) needs for ``text``.

    CJK characters take about two units, others one; a little slack is kept
    because word-wrapping never fills a line completely.
    """
    if not text:
        return 1
    usable = max(width - 3, 4)
    n = 0
    for line in text.splitlines() or [""]:
        units = sum(2.0 if ord(ch) > 0x2E7F else 1.1 for ch in line)
        n += max(1, -int(-units // usable))
    return n


def merge(ws: Worksheet, r1: int, c1: int, r2: int, c2: int) -> None:
    """Merge a range without openpyxl's per-cell re-styling (slow on big sheets).

    The covered cells keep their own borders (set by the caller); only the
    top-left cell may hold a value, as Excel requires.
    """
    if r1 == r2 and c1 == c2:
        return
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            if (r, c) != (r1, c1) and (r, c) in ws._cells:
                ws._cells[(r, c)].value = None
    ws.merged_cells.add(MergedCellRange(ws, f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"))


def safe_sheet_name(name: str, existing: Iterable[str]) -> str:
    """A valid, unique sheet name: ≤ 31 characters, none of ``[]:*?/\\``, not blank."""
    # an apostrophe would need quoting in every reference to the sheet: use ’ instead
    base = SHEET_NAME_BAD.sub("_", ILLEGAL_CHARACTERS_RE.sub("", name)).replace("'", "’").strip() or "Sheet"
    base = base[:31]
    taken = {e.lower() for e in existing}
    cand = base
    n = 2
    while cand.lower() in taken:
        suffix = f"({n})"
        cand = base[: 31 - len(suffix)] + suffix
        n += 1
    return cand


def _fmt_amount(v: Decimal | None) -> str:
    return "" if v is None else f"{v:,}"


def _comment(text: str, author: str = "勾稽") -> Comment:
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > MAX_COMMENT_CHARS:
        text = text[: MAX_COMMENT_CHARS - 1] + "…"
    c = Comment(text, author)
    lines = sum(1 + len(line) // 28 for line in text.splitlines()) or 1
    c.width = 320
    c.height = min(600, 20 + 16 * lines)
    return c


def _decimals(text: str) -> int:
    m = re.search(r"\.(\d+)\s*$", text.replace(",", "").strip())
    return min(len(m.group(1)), 4) if m else 0


def _number_format(table: Table) -> str:
    dec = 0
    for r in table.rows:
        for c in r.cells:
            if c.value is not None:
                dec = max(dec, _decimals(c.text))
    if dec == 0 and table.unit == "万元":
        dec = 2
    return "#,##0" + ("." + "0" * dec if dec else "")


def _time_str(t: datetime | None) -> str:
    return _naive_local(t).strftime("%Y-%m-%d %H:%M") if t else ""


def _naive_local(t: datetime) -> datetime:
    """Excel has no time zones: show an aware time in local time, without its zone."""
    return t.astimezone().replace(tzinfo=None) if t.tzinfo is not None else t


def _sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.page or 10**6))


# ---------------------------------------------------------------------------
# atomic save with a fallback name when the target is locked (open in Excel)
# ---------------------------------------------------------------------------
def save_with_fallback(out: Path, write: Callable[[Path], None], max_tries: int = 20) -> Path:
    """Write ``out`` through a temp file; if it is locked or not writable, use another name.

    ``write(tmp_path)`` produces the file.  Returns the path actually written:
    ``out`` itself, else ``<stem>_1<suffix>``, ``<stem>_2<suffix>`` … in the same
    folder, else a file in the system temp folder.  Raises :class:`PermissionError`
    only when nothing could be written at all.
    """
    out = Path(out)
    candidates = [out] + [out.with_name(f"{out.stem}_{i}{out.suffix}") for i in range(1, max_tries)]
    stamp = datetime.now().strftime("%Y%m%d_%H%M%S")
    candidates.append(Path(tempfile.gettempdir()) / f"{out.stem}_{stamp}{out.suffix}")
    last: OSError | None = None
    for target in candidates:
        if target != out and target.exists():
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".~" + target.stem, suffix=target.suffix, dir=target.parent)
            os.close(fd)
        except OSError as exc:  # folder not writable
            last = exc
            continue
        try:
            write(Path(tmp))
            try:  # mkstemp creates 0600; give the result the usual permissions
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            except OSError:
                pass
            os.replace(tmp, target)
            return target
        except PermissionError as exc:  # target open in Excel / read-only
            last = exc
            try:
                os.unlink(tmp)
            except OSError:
                pass
            continue
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    raise PermissionError(f"无法写入 {out}：{last}")


# ---------------------------------------------------------------------------
# the checklist model
# ---------------------------------------------------------------------------
@dataclass
class CheckItem:
    """One line of the reviewers' checklist."""

    key: str
    title: str
    requirement: str
    present: bool = True
    note: str = ""
    findings: list[Finding] = field(default_factory=list)


class _Index:
    """Lookups from finding locations to tables, rows and sections."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.tables = {t.id: t for t in doc.tables}
        self.sentences = {s.index: s for s in doc.sentences}
        self.sections = {s.id: s for s in doc.sections}
        self.rows: dict[tuple[str, int], object] = {}
        # horizontal extent of each table on each page (to widen crops to whole rows)
        self.extent: dict[tuple[str, int], tuple[float, float]] = {}
        for t in doc.tables:
            for r in t.rows:
                self.rows[(t.id, r.index)] = r
                boxes = [(r.page, r.bbox)] + [(c.page or r.page, c.bbox) for c in r.cells]
                for page, b in boxes:
                    if page is None or b is None:
                        continue
                    x0, x1 = self.extent.get((t.id, page), (b.x0, b.x1))
                    self.extent[(t.id, page)] = (min(x0, b.x0), max(x1, b.x1))

    def table_title(self, table_id: str | None) -> str:
        if not table_id:
            return ""
        t = self.tables.get(table_id)
        if t is None:
            return table_id
        return f"{t.id} {t.title}"

    def section_chain(self, section_id: str | None) -> list[str]:
        out: list[str] = []
        seen: set[str] = set()
        while section_id and section_id not in seen:
            seen.add(section_id)
            out.append(section_id)
            s = self.sections.get(section_id)
            section_id = s.parent if s else None
        return out


def _section_items(
    doc: Document,
) -> tuple[list[CheckItem], list[CheckItem], CheckItem | None, dict[str, str]]:
    """Checklist items for text parts: (front items, 情况说明 items, 名词解释 item, section→item key)."""
    kinds = {s.kind for s in doc.sections}
    sec_map: dict[str, str] = {}
    front: list[CheckItem] = []
    for key, kind, title, req in (
        ("cover", SectionKind.COVER, "封面", "封面标明年度和单位名称，与正文一致"),
        ("toc", SectionKind.TOC, "目录", "目录完整，与正文标题及顺序一致"),
        ("functions", SectionKind.FUNCTIONS, "主要职能", "公开单位（部门）主要职能"),
        ("organisation", SectionKind.ORGANISATION, "机构设置", "公开机构设置及人员情况"),
    ):
        present = kind in kinds or (kind == SectionKind.TOC and bool(doc.toc))
        item = CheckItem(
            key, title, req, present=present, note="" if present else f"未识别到“{title}”部分，请人工核对"
        )
        front.append(item)
        for s in doc.sections:
            if s.kind == kind:
                sec_map[s.id] = key
    # 概况 covers 主要职能 / 机构设置 when they are not separate sections
    for s in doc.sections:
        if s.kind == SectionKind.OVERVIEW:
            sec_map.setdefault(s.id, "functions")

    expl: list[CheckItem] = []
    expl_ids = {s.id for s in doc.sections if s.kind == SectionKind.EXPLANATION}
    # the 情况说明 part(s): explanation sections not nested in another explanation section
    top = [s for s in doc.sections if s.id in expl_ids and s.parent not in expl_ids]
    top_ids = {s.id for s in top}
    # one checklist item per section directly below the part (deeper ones map to their ancestor)
    subs = [s for s in doc.sections if s.parent in top_ids]
    if subs:
        for s in subs:
            key = f"expl:{s.id}"
            expl.append(
                CheckItem(key, f"情况说明：{s.title}", "说明的数据与公开表一致，增减变化、比例及原因表述准确")
            )
            sec_map[s.id] = key
    if top:
        key = "expl"
        first = top[0]
        if not subs:
            expl.append(
                CheckItem(
                    key, f"情况说明：{first.title}", "说明的数据与公开表一致，增减变化、比例及原因表述准确"
                )
            )
        for s in top:
            sec_map.setdefault(s.id, expl[0].key if subs else key)
    elif doc.kind != DocKind.UNKNOWN:
        expl.append(
            CheckItem(
                "expl",
                "情况说明",
                "公开预决算情况说明",
                present=False,
                note="未识别到情况说明部分，请人工核对",
            )
        )

    glossary: CheckItem | None = None
    if SectionKind.GLOSSARY in kinds or doc.kind != DocKind.UNKNOWN:
        present = SectionKind.GLOSSARY in kinds
        glossary = CheckItem(
            "glossary",
            "名词解释",
            "对专业名词进行解释",
            present=present,
            note="" if present else "未识别到名词解释部分，请人工核对",
        )
        for s in doc.sections:
            if s.kind == SectionKind.GLOSSARY:
                sec_map[s.id] = "glossary"
    return front, expl, glossary, sec_map


def build_checklist(
    doc: Document, findings: list[Finding], state: ReviewState | None = None
) -> list[CheckItem]:
    """The checklist items of a document, each with the findings that point at it.

    Findings a reviewer marked 不是问题 are left out.  A finding is attached to
    the item of its first location that maps to one (table → its standard
    table item; sentence → its 情况说明 section); findings without such a
    location go to the item whose table name the message quotes, else to
    “其他（全文）”.
    """
    idx = _Index(doc)
    front, expl, glossary, sec_map = _section_items(doc)

    table_items: list[CheckItem] = []
    table_map: dict[str, str] = {}
    std_present = {t.std for t in doc.tables if t.std is not None}
    required = _required_tables().get(doc.kind, [])
    seen_std: set[StdTable] = set()
    ordered_std: list[StdTable] = list(required)
    for t in doc.standard_tables:
        if t.std not in ordered_std:
            ordered_std.append(t.std)
    for std in ordered_std:
        if std in seen_std:
            continue
        seen_std.add(std)
        tabs = doc.tables_of(std)
        name = STD_NAMES.get(std, std.value)
        note = ""
        if not tabs:
            note = "未识别到该表"
        elif all(t.empty for t in tabs):
            note = "空表：" + (tabs[0].empty_note or "未说明无数据原因")
        table_items.append(
            CheckItem(
                f"std:{std.value}",
                name,
                "应公开此表；表内、表间勾稽一致；无数据时保留空表并说明原因",
                present=std in std_present,
                note=note,
            )
        )
        for t in tabs:
            table_map[t.id] = f"std:{std.value}"
    for t in doc.tables:
        if t.std is None and t.perf is None:
            key = f"table:{t.id}"
            table_items.append(CheckItem(key, t.title, "表内数据勾稽一致"))
            table_map[t.id] = key

    perf_items: list[CheckItem] = []
    groups = list(PERF_GROUPS.get(doc.kind, []))
    perf_stds_in_doc = {t.std for t in doc.perf_tables}
    for key, stds, title in groups:
        n = sum(1 for t in doc.perf_tables if t.std in stds)
        perf_items.append(
            CheckItem(
                key,
                title,
                "绩效表完整；资金与项目支出表一致，指标权重及得分计算正确",
                present=n > 0,
                note=f"共 {n} 张" if n else "未识别到绩效表",
            )
        )
    for t in doc.perf_tables:
        for key, stds, _ in groups:
            if t.std in stds:
                table_map[t.id] = key
                break
        else:
            if "perf_other" not in {i.key for i in perf_items}:
                n = sum(1 for x in doc.perf_tables if not any(x.std in g[1] for g in groups))
                perf_items.append(CheckItem("perf_other", "绩效表", "绩效表数据计算正确", note=f"共 {n} 张"))
            table_map[t.id] = "perf_other"
    del perf_stds_in_doc

    other = CheckItem("other", "其他（全文）", "年度、单位名称前后一致；无空白页、模板残留及文字错误")
    items = front + table_items + expl + ([glossary] if glossary else []) + perf_items + [other]
    by_key = {i.key: i for i in items}
    name_keys = sorted(
        ((STD_NAMES[StdTable(i.key[4:])], i.key) for i in table_items if i.key.startswith("std:")),
        key=lambda x: -len(x[0]),
    )
    # then the text parts, for findings such as 缺少“主要职能”部分
    section_keys = [(i.title, i.key) for i in front]
    if glossary is not None:
        section_keys.append(("名词解释", "glossary"))
    if expl:
        section_keys.append(("情况说明", expl[0].key))
    for i in perf_items:
        section_keys.append((i.title, i.key))

    def status_of(f: Finding) -> Status:
        if state is None:
            return Status.PENDING
        a = state.annotations.get(f.id)
        return a.status if a else Status.PENDING

    for f in findings:
        if status_of(f) == Status.NOT_A_PROBLEM:
            continue
        key = None
        for loc in f.locations:
            if loc.table and loc.table in table_map:
                key = table_map[loc.table]
                break
            if loc.sentence is not None:
                s = idx.sentences.get(loc.sentence)
                if s is not None:
                    for sid in idx.section_chain(s.section_id):
                        if sid in sec_map:
                            key = sec_map[sid]
                            break
                if key:
                    break
        if key is None:
            text = f.message + f.title
            key = next((k for name, k in name_keys if name in text), None) or next(
                (k for name, k in section_keys if f"“{name}”" in text or f"《{name}》" in text), None
            )
        if (
            key is None
            and f.family == Family.TEXT_QUALITY
            and glossary is not None
            and "名词解释" in f.message
        ):
            key = "glossary"
        by_key.get(key or "other", other).findings.append(f)
    for i in items:
        i.findings = _sort_findings(i.findings)
    return items


def item_ok(item: CheckItem, state: ReviewState | None) -> bool:
    """符合要求: no unresolved error / warning attached.

    Presence itself is judged by the completeness rules (``comp.*``), whose
    findings land on the item; an item this module merely did not recognise
    carries a note asking for a manual check instead of a second verdict.
    """
    for f in item.findings:
        if f.severity == Severity.ROUNDING:
            continue
        a = state.annotations.get(f.id) if state else None
        if a is None or a.status not in RESOLVED:
            return False
    return True


# ---------------------------------------------------------------------------
# pictures of the source region
# ---------------------------------------------------------------------------
def finding_region(f: Finding, idx: _Index) -> tuple[int, BBox, list[BBox]] | None:
    """(page, crop box, highlight boxes) for a finding, or None without geometry.

    The crop covers the finding's boxes on its first page; for table cells it
    widens to the whole printed row so that the code and name are visible.
    """
    locs = [loc for loc in f.locations if loc.page and loc.bbox]
    if not locs:
        return None
    page = locs[0].page
    region = locs[0].bbox
    # other boxes on the same page join the crop only when they are close by
    # (a sentence and the table it quotes may be far apart: the crop shows the first)
    on_page = [locs[0]]
    for loc in locs[1:]:
        b = loc.bbox
        if loc.page == page and b.top < region.bottom + NEAR and b.bottom > region.top - NEAR:
            region = region.union(b)
            on_page.append(loc)
    highlight = [loc.bbox for loc in on_page]
    for loc in on_page:
        if loc.table and loc.row is not None:
            row = idx.rows.get((loc.table, loc.row))
            rb = getattr(row, "bbox", None)
            if rb is not None and getattr(row, "page", None) in (None, page):
                region = region.union(rb)
        if loc.table:
            ext = idx.extent.get((loc.table, page))
            if ext is not None:
                region = region.union(BBox(x0=ext[0], top=region.top, x1=ext[1], bottom=region.bottom))
    return page, region, highlight


class _Pictures:
    """Renders crops for findings of a PDF document, at most ``limit`` of them."""

    def __init__(self, doc: Document, enabled: bool, limit: int = MAX_IMAGES):
        self.renderer = None
        self.limit = limit
        self.count = 0
        self.failed = 0
        self._cache: dict[tuple, tuple[bytes, int, int] | None] = {}
        if enabled and doc.format == "pdf" and Path(doc.path).is_file():
            try:
                from gouji.io.readers.render import PageRenderer

                self.renderer = PageRenderer(doc.path)
            except Exception:  # an unrenderable PDF must not stop the export
                self.renderer = None

    def close(self) -> None:
        if self.renderer is not None:
            self.renderer.close()
            self.renderer = None

    def crop(self, f: Finding, idx: _Index) -> tuple[bytes, int, int] | None:
        if self.renderer is None or self.count >= self.limit:
            return None
        reg = finding_region(f, idx)
        if reg is None:
            return None
        page, region, hl = reg
        key = (page, *(round(v) for b in (region, *hl) for v in (b.x0, b.top, b.x1, b.bottom)))
        if key in self._cache:
            return self._cache[key]
        try:
            c = self.renderer.region(page, region, highlight=hl)
            res: tuple[bytes, int, int] | None = (c.png, c.width, c.height)
        except Exception:
            self.failed += 1
            res = None
        self._cache[key] = res
        if res is not None:
            self.count += 1
        return res


# ---------------------------------------------------------------------------
# sheets
# ---------------------------------------------------------------------------
def _describe_location(loc: Location, idx: _Index) -> str:
    parts: list[str] = []
    if loc.table:
        parts.append(idx.table_title(loc.table))
    if loc.page:
        parts.append(f"第{loc.page}页")
    if loc.row_code or loc.row_name:
        parts.append("行：" + " ".join(p for p in (loc.row_code, loc.row_name) if p))
    if loc.column_label:
        parts.append("列：" + loc.column_label)
    if loc.text:
        t = loc.text if len(loc.text) <= 80 else loc.text[:79] + "…"
        parts.append("“" + t + "”")
    return " ".join(parts)


def _problem_text(f: Finding, status: Status | None) -> str:
    sev = SEVERITY_LABELS.get(f.severity, str(f.severity))
    lines = [f"【{sev}】{f.message}"]
    if f.formula:
        lines.append("公式：" + f.formula)
    vals = []
    if f.stated is not None:
        vals.append("填报 " + _fmt_amount(f.stated))
    if f.computed is not None:
        vals.append("重算 " + _fmt_amount(f.computed))
    if f.difference is not None:
        vals.append("差额 " + _fmt_amount(f.difference))
    if vals:
        lines.append("，".join(vals))
    if status is not None and status != Status.PENDING:
        lines.append("审核状态：" + status.value)
    return "\n".join(lines)


def _rounding_line(fs: list[Finding]) -> tuple[str, str, Finding]:
    """One checklist line summing up an item's rounding gaps (each is listed in 问题清单)."""
    labels: list[str] = []
    for f in fs:
        loc = next((x for x in f.locations if x.row_code or x.row_name or x.text), None)
        label = " ".join(p for p in ((loc.row_code, loc.row_name) if loc else ()) if p) or (
            (loc.text or "")[:20] if loc else f.message[:20]
        )
        if f.difference is not None:
            label += f"（{_fmt_amount(f.difference)}）"
        if label not in labels:
            labels.append(label)
    more = "等" if len(labels) > 8 else ""
    pages = sorted({f.page for f in fs if f.page})
    text = (
        f"【尾差】{len(fs)} 处，差额在四舍五入范围内（不是错误），详见“{LIST_SHEET}”："
        + "；".join(labels[:8])
        + more
    )
    return text, "、".join(map(str, pages[:6])), fs[0]


def _status(state: ReviewState | None, f: Finding) -> Annotation | None:
    return state.annotations.get(f.id) if state else None


def _write_checklist(
    ws: Worksheet,
    doc: Document,
    items: list[CheckItem],
    state: ReviewState | None,
    idx: _Index,
    pics: _Pictures,
    progress: Callable[[float], None],
) -> None:
    headers = [
        ("序号", 6),
        ("检查项目", 26),
        ("检查要求", 30),
        ("符合要求", 9),
        ("问题描述", 56),
        ("页码", 7),
        ("截图", 66),
    ]
    kind = {DocKind.BUDGET: "预算", DocKind.FINAL: "决算"}.get(doc.kind, "")
    title = f"{doc.unit_name or ''} {doc.year or ''}年{kind}公开 检查表".strip()
    put_cell(ws, 1, 1, title, font=Font(bold=True, size=14))
    merge(ws, 1, 1, 1, len(headers))
    put_cell(ws, 2, 1, f"源文件：{Path(doc.path).name}    SHA-256：{doc.sha256}")
    merge(ws, 2, 1, 2, len(headers))
    for j, (h, w) in enumerate(headers, 1):
        put_cell(ws, 3, j, h, font=BOLD, fill=HEADER_FILL, alignment=CENTER, border=BORDER)
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = "A4"
    r = 4
    # pictures go to errors / warnings first, in checklist order
    n_items = max(len(items), 1)
    for i, item in enumerate(items, 1):
        progress(i / n_items)
        ok = item_ok(item, state)
        real = [f for f in item.findings if f.severity != Severity.ROUNDING]
        rounding = [f for f in item.findings if f.severity == Severity.ROUNDING]
        shown = real[:MAX_ROWS_PER_ITEM]
        lines: list[tuple[str, str, Finding | None]] = []
        if item.note:
            lines.append((item.note, "", None))
        for f in shown:
            a = _status(state, f)
            lines.append((_problem_text(f, a.status if a else None), str(f.page or ""), f))
        if len(real) > len(shown):
            lines.append((f"另有 {len(real) - len(shown)} 项问题，详见“{LIST_SHEET}”。", "", None))
        if rounding:
            lines.append(_rounding_line(rounding))
        if not lines:
            lines.append(("", "", None))
        start = r
        for text, page, f in lines:
            put_cell(ws, r, 5, text, alignment=WRAP, border=BORDER)
            put_cell(ws, r, 6, page, alignment=CENTER, border=BORDER)
            ws.cell(row=r, column=7).border = BORDER
            if f is not None and f.severity in SEVERITY_FILL:
                ws.cell(row=r, column=5).fill = SEVERITY_FILL[f.severity]
            height = max(18.0, 15.0 * wrapped_lines(text, 56) + 4)
            if f is not None and f.severity != Severity.ROUNDING:
                img = pics.crop(f, idx)
                if img is not None:
                    png, w, h = img
                    xl = XLImage(io.BytesIO(png))
                    dw = min(IMAGE_DISPLAY_WIDTH, w)
                    dh = max(1, int(h * dw / w))
                    if dh > IMAGE_MAX_DISPLAY_HEIGHT:
                        dw = max(1, int(dw * IMAGE_MAX_DISPLAY_HEIGHT / dh))
                        dh = IMAGE_MAX_DISPLAY_HEIGHT
                    xl.width, xl.height = dw, dh
                    ws.add_image(xl, f"G{r}")
                    height = max(height, dh * 0.75 + 6)
            ws.row_dimensions[r].height = min(height, 400.0)
            r += 1
        end = r - 1
        # the merged item cells must fit too: grow the block's last row if needed
        need = 15.0 * max(wrapped_lines(item.requirement, 30), wrapped_lines(item.title, 26))
        have = sum(ws.row_dimensions[rr].height or 15.0 for rr in range(start, end + 1))
        if have < need:
            ws.row_dimensions[end].height = min((ws.row_dimensions[end].height or 15.0) + need - have, 400.0)
        values = [
            (1, i, CENTER),
            (2, item.title, WRAP),
            (3, item.requirement, WRAP),
            (4, "是" if ok else "否", CENTER),
        ]
        for col, val, al in values:
            put_cell(ws, start, col, val, alignment=al, border=BORDER)
            for rr in range(start + 1, end + 1):
                ws.cell(row=rr, column=col).border = BORDER
            if end > start:
                merge(ws, start, col, end, col)
        ws.cell(row=start, column=4).fill = OK_FILL if ok else BAD_FILL
    n_bad = sum(1 for it in items if not item_ok(it, state))
    r += 1
    put_cell(
        ws, r, 1, f"共 {len(items)} 项，符合要求 {len(items) - n_bad} 项，不符合 {n_bad} 项。", font=BOLD
    )
    merge(ws, r, 1, r, len(headers))
    page_setup(ws, header_row=3, landscape=True)


def page_setup(ws: Worksheet, header_row: int | None, landscape: bool = True) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"


def _list_rows(findings: list[Finding], state: ReviewState | None, idx: _Index) -> list[list[object]]:
    rows = []
    for n, f in enumerate(findings, 1):
        a = _status(state, f)
        loc0 = f.locations[0] if f.locations else None
        rows.append(
            [
                n,
                f.id,
                SEVERITY_LABELS.get(f.severity, str(f.severity)),
                FAMILY_LABELS.get(f.family, str(f.family)),
                f.rule,
                f.title,
                f.message,
                idx.table_title(f.table),
                f.page,
                " ".join(p for p in ((loc0.row_code or "", loc0.row_name or "") if loc0 else ()) if p),
                (loc0.column_label or "") if loc0 else "",
                f.formula,
                f.stated,
                f.computed,
                f.difference,
                "\n".join(_describe_location(loc, idx) for loc in f.locations),
                (a.status.value if a else Status.PENDING.value),
                a.comment if a else "",
                a.reviewer if a else "",
                _naive_local(a.time) if a and a.time else None,
            ]
        )
    return rows


def _write_list(ws: Worksheet, findings: list[Finding], state: ReviewState | None, idx: _Index) -> None:
    for j, (h, w) in enumerate(LIST_COLUMNS, 1):
        put_cell(ws, 1, j, h, font=BOLD, fill=HEADER_FILL, alignment=CENTER, border=BORDER)
        ws.column_dimensions[get_column_letter(j)].width = w
    col = {h: j for j, (h, _) in enumerate(LIST_COLUMNS, 1)}
    num_cols = {col["填报数"], col["重算数"], col["差额"]}
    for i, values in enumerate(_list_rows(findings, state, idx), 2):
        sev = findings[i - 2].severity
        for j, v in enumerate(values, 1):
            c = put_cell(ws, i, j, v, alignment=WRAP, border=BORDER)
            if j in num_cols and v is not None:
                c.number_format = "#,##0.00##"
            elif j == col["审核时间"] and v is not None:
                c.number_format = "yyyy-mm-dd hh:mm"
        ws.cell(row=i, column=col["严重程度"]).fill = SEVERITY_FILL.get(sev, PatternFill())
        ws.row_dimensions[i].height = min(
            400.0,
            15.0
            * max(
                wrapped_lines(str(values[col["问题描述"] - 1] or ""), 50),
                wrapped_lines(str(values[col["位置"] - 1] or ""), 32),
                wrapped_lines(str(values[col["公式"] - 1] or ""), 26),
            )
            + 3,
        )
    last = max(2, len(findings) + 1)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(LIST_COLUMNS))}{last}"
    letter = get_column_letter(col["审核状态"])
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_VALUES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="审核状态",
        error="请从下拉列表中选择：" + "、".join(STATUS_VALUES),
    )
    dv.add(f"{letter}2:{letter}{max(last, 500)}")
    ws.add_data_validation(dv)
    page_setup(ws, header_row=1, landscape=True)


def _cell_findings(findings: list[Finding]) -> dict[tuple[str, int, int | None], list[Finding]]:
    out: dict[tuple[str, int, int | None], list[Finding]] = defaultdict(list)
    for f in findings:
        for loc in f.locations:
            if loc.table and loc.row is not None:
                out[(loc.table, loc.row, loc.column)].append(f)
    return out


def _finding_note(fs: list[Finding]) -> str:
    parts = []
    for f in _sort_findings(fs):
        p = [f"[{SEVERITY_LABELS.get(f.severity, f.severity)}] {f.message}"]
        if f.formula:
            p.append("公式：" + f.formula)
        if f.stated is not None:
            p.append("填报数：" + _fmt_amount(f.stated))
        if f.computed is not None:
            p.append("重算数：" + _fmt_amount(f.computed))
        if f.difference is not None:
            p.append("差额：" + _fmt_amount(f.difference))
        parts.append("\n".join(p))
    return "\n\n".join(parts)


def _worst(fs: list[Finding]) -> Severity:
    return min((f.severity for f in fs), key=lambda s: SEVERITY_ORDER.get(s, 9))


def _header_merges(header: list[list[str]], width: int) -> list[tuple[int, int, int]]:
    """(row, first col, last col) runs of identical header text, nested under the row above."""
    merges: list[tuple[int, int, int]] = []
    parent_spans: list[tuple[int, int]] = [(0, width - 1)]
    for ri, hrow in enumerate(header):
        cells = list(hrow) + [""] * (width - len(hrow))
        spans: list[tuple[int, int]] = []
        for a, b in parent_spans:
            j = a
            while j <= b:
                k = j
                while k + 1 <= b and cells[k + 1] == cells[j] and cells[j].strip():
                    k += 1
                spans.append((j, k))
                if k > j:
                    merges.append((ri, j, k))
                j = k + 1
        parent_spans = spans
    return merges


def _write_table(ws: Worksheet, t: Table, cell_f: dict, state: ReviewState | None) -> None:
    fmt = _number_format(t)
    width = max(
        len(t.columns),
        max((len(h) for h in t.header), default=0),
        max((c.col + 1 for r in t.rows for c in r.cells), default=0),
        2,
    )
    put_cell(ws, 1, 1, t.title, font=Font(bold=True, size=13), alignment=Alignment(horizontal="center"))
    merge(ws, 1, 1, 1, width)
    info = "  ".join(
        p
        for p in (
            f"编号：{t.id}" + (f"（{t.number}）" if t.number else ""),
            f"编制单位：{t.unit_name}" if t.unit_name else "",
            f"单位：{t.unit}" if t.unit else "",
            "页码：" + "、".join(map(str, t.pages)) if t.pages else "",
        )
        if p
    )
    put_cell(ws, 2, 1, info)
    merge(ws, 2, 1, 2, width)
    r0 = 3
    header = t.header or ([[c.label for c in t.columns]] if t.columns else [])
    for ri, hrow in enumerate(header):
        for j in range(width):
            text = hrow[j] if j < len(hrow) else ""
            put_cell(ws, r0 + ri, j + 1, text, font=BOLD, fill=HEADER_FILL, alignment=CENTER, border=BORDER)
    for ri, a, b in _header_merges(header, width):
        merge(ws, r0 + ri, a + 1, r0 + ri, b + 1)
    body = r0 + len(header)
    ws.freeze_panes = ws.cell(row=body, column=1)

    amount_cols = {c.index for c in t.columns if c.role == "amount"} or set(range(width))
    code_cols = {c.side: c.index for c in reversed(t.columns) if c.role == "code"}
    name_cols = {c.side: c.index for c in reversed(t.columns) if c.role == "name"}
    for j in range(width):
        col = next((c for c in t.columns if c.index == j), None)
        w = 10 if col is None else {"code": 11, "name": 30, "text": 24}.get(col.role, 14)
        ws.column_dimensions[get_column_letter(j + 1)].width = w

    # two-sided tables: 收入 rows and 支出 rows side by side again
    lines: list[list] = []
    if t.two_sided:
        sides = [s for s in dict.fromkeys(c.side for c in t.columns if c.side)]
        plain = [r for r in t.rows if r.side not in sides]
        by_side = [[r for r in t.rows if r.side == s] for s in sides]
        lines = [[r] for r in plain if r.kind != "note"]
        # body rows side by side, then the totals (收入总计 | 支出总计) on one line
        for part in (
            [[r for r in x if r.kind != "total"] for x in by_side],
            [[r for r in x if r.kind == "total"] for x in by_side],
        ):
            for k in range(max((len(x) for x in part), default=0)):
                lines.append([x[k] for x in part if k < len(x)])
        lines += [[r] for r in plain if r.kind == "note"]
    else:
        lines = [[r] for r in t.rows]

    by_row: dict[int, dict[int | None, list[Finding]]] = defaultdict(dict)
    for (tid, ri, ci), fs in cell_f.items():
        if tid == t.id:
            by_row[ri][ci] = fs
    for li, rows in enumerate(lines):
        er = body + li
        for j in range(width):
            ws.cell(row=er, column=j + 1).border = BORDER
        for row in rows:
            side = row.side
            ccol = code_cols.get(side, code_cols.get(None))
            ncol = name_cols.get(side, name_cols.get(None))
            if ncol is None:
                ncol = 1 if ccol == 0 else 0
            if ccol is not None and row.code and row.cell(ccol) is None:
                put_cell(ws, er, ccol + 1, row.code)
            if row.name and row.cell(ncol) is None:
                c = put_cell(
                    ws, er, ncol + 1, row.name, alignment=Alignment(indent=max(0, (row.level or 1) - 1))
                )
                if row.kind in ("total", "subtotal"):
                    c.font = BOLD
            for cell in row.cells:
                if cell.col >= width:
                    continue
                if cell.value is not None and cell.col in amount_cols:
                    c = put_cell(ws, er, cell.col + 1, cell.value)
                    c.number_format = fmt
                else:
                    text = cell.text
                    if cell.blank and text.strip() and not text.strip().strip("-－—–"):
                        text = "—"  # a printed blank marker ("-", "－"), shown as a dash, not as "'-"
                    c = put_cell(ws, er, cell.col + 1, text)
                    if text.strip():
                        c.alignment = Alignment(horizontal="right" if not cell.blank else "center")
                fs = cell_f.get((t.id, row.index, cell.col))
                if fs:
                    c.fill = SEVERITY_FILL[_worst(fs)]
                    c.comment = _comment(_finding_note(fs))
            row_fs = cell_f.get((t.id, row.index, None))
            if row_fs:
                target = ws.cell(row=er, column=ncol + 1)
                target.fill = SEVERITY_FILL[_worst(row_fs)]
                if target.comment is None:
                    target.comment = _comment(_finding_note(row_fs))
            # findings on a column this row has no cell for: mark that column's cell
            for ci, fs in by_row.get(row.index, {}).items():
                if ci is not None and row.cell(ci) is None:
                    target = ws.cell(row=er, column=min(ci, width - 1) + 1)
                    target.fill = SEVERITY_FILL[_worst(fs)]
                    if target.comment is None:
                        target.comment = _comment(_finding_note(fs))
    end = body + len(lines)
    if t.empty:
        put_cell(ws, end, 1, t.empty_note or "（空表）", alignment=WRAP)
        merge(ws, end, 1, end, width)
        end += 1
    page_setup(ws, header_row=None, landscape=width > 6)
    if header:
        ws.print_title_rows = f"{r0}:{r0 + len(header) - 1}"


def _write_perf(ws: Worksheet, tables: list[Table], by_table: dict[str, list[Finding]]) -> None:
    widths = [16, 16, 34, 20, 20, 10, 10]
    for j, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = w
    r = 1
    for t in tables:
        p = t.perf
        fs = by_table.get(t.id, [])
        title = f"{t.id} {t.title}" + (f"（{p.project_name}）" if p and p.project_name else "")
        c = put_cell(ws, r, 1, title, font=BOLD)
        merge(ws, r, 1, r, len(widths))
        if t.pages:
            put_cell(ws, r + 1, 1, "页码：" + "、".join(map(str, t.pages)))
        if fs:
            c.fill = SEVERITY_FILL[_worst(fs)]
            c.comment = _comment(_finding_note(fs))
        r += 2
        if p is None:
            r += 1
            continue
        for label, cell in p.fields.items():
            put_cell(ws, r, 1, label, font=BOLD, border=BORDER)
            put_cell(ws, r, 2, cell.value if cell.value is not None else cell.text, border=BORDER)
            if cell.value is not None:
                ws.cell(row=r, column=2).number_format = "#,##0.00##"
            merge(ws, r, 2, r, len(widths))
            r += 1
        for fund in p.funds:
            for j, (label, cell) in enumerate(fund.items()):
                if j * 2 + 2 > 12:
                    break
                put_cell(ws, r, 1 + (j % 3) * 2, label, font=BOLD, border=BORDER)
                put_cell(
                    ws, r, 2 + (j % 3) * 2, cell.value if cell.value is not None else cell.text, border=BORDER
                )
                if j % 3 == 2:
                    r += 1
            r += 1
        if p.indicators:
            for j, h in enumerate(
                ("一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分"), 1
            ):
                put_cell(ws, r, j, h, font=BOLD, fill=HEADER_FILL, alignment=CENTER, border=BORDER)
            r += 1
            # findings that quote an indicator (by name or by its box) mark that line
            by_text: dict[str, list[Finding]] = defaultdict(list)
            for f in fs:
                for loc in f.locations:
                    if loc.table == t.id and loc.text:
                        by_text[loc.text.strip()].append(f)
            for ind in p.indicators:
                for j, v in enumerate(
                    (ind.level1, ind.level2, ind.name, ind.target, ind.actual, ind.weight, ind.score), 1
                ):
                    put_cell(ws, r, j, v, alignment=WRAP, border=BORDER)
                hit = by_text.get(ind.name.strip()) if ind.name else None
                if hit:
                    c3 = ws.cell(row=r, column=3)
                    c3.fill = SEVERITY_FILL[_worst(hit)]
                    if c3.comment is None:
                        c3.comment = _comment(_finding_note(hit))
                r += 1
        if p.total_score is not None:
            put_cell(ws, r, 6, "总分", font=BOLD, border=BORDER)
            put_cell(
                ws,
                r,
                7,
                p.total_score.value if p.total_score.value is not None else p.total_score.text,
                border=BORDER,
            )
            r += 1
        r += 1
    page_setup(ws, header_row=None, landscape=False)


def _write_sign(ws: Worksheet, doc: Document, findings: list[Finding], state: ReviewState | None) -> None:
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 70
    by_status = {s: 0 for s in Status}
    for f in findings:
        a = _status(state, f)
        by_status[a.status if a else Status.PENDING] += 1
    by_sev = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
    kind = {DocKind.BUDGET: "预算公开", DocKind.FINAL: "决算公开"}.get(doc.kind, "未识别")
    try:
        from importlib.metadata import version

        tool = f"勾稽 Gouji {version('gouji')}"
    except Exception:
        tool = "勾稽 Gouji"
    rows: list[tuple[str, object]] = [
        ("源文件", Path(doc.path).name),
        ("SHA-256", doc.sha256),
        ("文件类型", kind),
        ("年度", doc.year or ""),
        ("单位", doc.unit_name or ""),
        ("页数", doc.page_count or ""),
        ("问题总数", len(findings)),
    ]
    rows += [(f"严重程度：{SEVERITY_LABELS[s]}", n) for s, n in by_sev.items()]
    rows += [(f"审核状态：{s.value}", n) for s, n in by_status.items()]
    rows += [
        ("审核人", (state.reviewer if state else "") or ""),
        ("签字人", (state.signed_off_by if state else "") or ""),
        ("签字时间", _time_str(state.signed_off_at) if state else ""),
        ("导出时间", datetime.now().strftime("%Y-%m-%d %H:%M")),
        ("生成工具", tool),
    ]
    put_cell(ws, 1, 1, "审核签字", font=Font(bold=True, size=14))
    for i, (k, v) in enumerate(rows, 3):
        put_cell(ws, i, 1, k, font=BOLD, border=BORDER, fill=HEADER_FILL)
        put_cell(ws, i, 2, v, border=BORDER, alignment=Alignment(horizontal="left"))
    r = len(rows) + 5
    put_cell(ws, r, 1, "审核意见：", font=BOLD)
    ws.row_dimensions[r + 1].height = 80
    merge(ws, r + 1, 1, r + 1, 2)
    put_cell(ws, r + 3, 1, "审核人（签字）：", font=BOLD)
    put_cell(ws, r + 4, 1, "日期：", font=BOLD)
    page_setup(ws, header_row=None, landscape=False)


# ---------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------
def export_workbook(
    doc: Document,
    findings: list[Finding],
    state: ReviewState | None,
    out: Path,
    *,
    images: bool = True,
    progress: Progress | None = None,
) -> Path:
    """Write the review workbook for ``doc`` and return the path actually written.

    Parameters
    ----------
    doc, findings
        The parsed document and the findings of ``run_rules`` (reviewer-added
        findings in ``state.manual_findings`` are appended).
    state
        The reviewer's annotations, or None (every finding 待核实).
    out
        Target ``.xlsx``.  If it is locked (open in Excel) or not writable the
        workbook is written to ``<stem>_1.xlsx`` … instead: compare the returned
        path with ``out``.
    images
        Paste a cropped picture of the source region beside each problem in 检查表
        (PDF documents only).
    progress
        ``progress(fraction, message)`` callback.
    """

    def report(frac: float, msg: str) -> None:
        if progress is not None:
            progress(min(max(frac, 0.0), 1.0), msg)

    all_findings = list(findings) + (list(state.manual_findings) if state else [])
    all_findings = _sort_findings(all_findings)
    idx = _Index(doc)
    wb = Workbook()
    wb.properties.creator = CREATOR
    wb.properties.title = f"{Path(doc.path).name} 审核工作簿"
    report(0.02, "整理检查项目")
    items = build_checklist(doc, all_findings, state)
    pics = _Pictures(doc, images)
    try:
        ws = wb.active
        ws.title = CHECK_SHEET
        _write_checklist(
            ws, doc, items, state, idx, pics, lambda x: report(0.05 + 0.55 * x, "生成检查表与截图")
        )
    finally:
        pics.close()
    report(0.62, "生成问题清单")
    _write_list(wb.create_sheet(LIST_SHEET), all_findings, state, idx)
    cell_f = _cell_findings(all_findings)
    by_table: dict[str, list[Finding]] = defaultdict(list)
    for f in all_findings:
        for tid in dict.fromkeys(loc.table for loc in f.locations if loc.table):
            by_table[tid].append(f)
    plain = [t for t in doc.tables if t.perf is None]
    for i, t in enumerate(plain):
        report(0.65 + 0.25 * i / max(len(plain), 1), f"写入表格 {t.id}")
        name = safe_sheet_name(f"{t.id} {t.title}", wb.sheetnames + [SIGN_SHEET, PERF_SHEET])
        _write_table(wb.create_sheet(name), t, cell_f, state)
    perf = doc.perf_tables
    if perf:
        report(0.9, "写入绩效表")
        _write_perf(wb.create_sheet(PERF_SHEET), perf, by_table)
    _write_sign(wb.create_sheet(SIGN_SHEET), doc, all_findings, state)
    if state is not None and state.signed_off_by:
        for sheet in wb.worksheets:
            sheet.protection.sheet = True
            sheet.protection.autoFilter = False
            sheet.protection.sort = False
    report(0.95, "保存工作簿")
    path = save_with_fallback(Path(out), wb.save)
    report(1.0, "导出完成")
    return path


def _parse_time(v: object) -> datetime | None:
    if isinstance(v, datetime):
        return v
    if isinstance(v, str) and v.strip():
        for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
            try:
                return datetime.strptime(v.strip(), fmt)
            except ValueError:
                pass
    return None


def _dec(v: object) -> Decimal | None:
    if v is None or v == "":
        return None
    try:
        return Decimal(str(v).replace(",", ""))
    except InvalidOperation:
        return None


def import_review(path: Path) -> ReviewState:
    """Read the reviewer's annotations back from an exported workbook.

    Statuses, comments, reviewers and times come from 问题清单 (matched by the
    header names, so re-ordered columns still work); the source SHA-256, the
    file name, the reviewer and the sign-off from 签字.  Reviewer-added
    findings (类别 人工添加) are rebuilt as ``manual_findings``.  Raises
    :class:`ValueError` (Chinese message) when the file is not a Gouji workbook.
    """
    try:
        wb = load_workbook(Path(path), read_only=True, data_only=True)
    except Exception as exc:
        raise ValueError(f"无法读取审核工作簿：{exc}") from exc
    try:
        if LIST_SHEET not in wb.sheetnames or SIGN_SHEET not in wb.sheetnames:
            raise ValueError(f"这不是勾稽导出的审核工作簿（缺少“{LIST_SHEET}”或“{SIGN_SHEET}”工作表）。")
        sign: dict[str, object] = {}
        for row in wb[SIGN_SHEET].iter_rows(min_col=1, max_col=2, values_only=True):
            if row and isinstance(row[0], str):
                sign[row[0].strip()] = row[1] if len(row) > 1 else None
        sha = unsafe_text(sign.get("SHA-256")).strip()
        if not sha:
            raise ValueError("审核工作簿的“签字”表中没有源文件的 SHA-256。")
        state = ReviewState(
            sha256=sha,
            source_name=unsafe_text(sign.get("源文件")),
            reviewer=unsafe_text(sign.get("审核人")),
        )
        signer = unsafe_text(sign.get("签字人")).strip()
        if signer:
            state.signed_off_by = signer
            state.signed_off_at = _parse_time(sign.get("签字时间"))
        rows = wb[LIST_SHEET].iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            return state
        col = {str(h).strip(): i for i, h in enumerate(header) if h is not None}
        if "编号" not in col or "审核状态" not in col:
            raise ValueError("“问题清单”缺少“编号”或“审核状态”列。")
        manual_label = FAMILY_LABELS[Family.MANUAL]
        sev_by_label = {v: k for k, v in SEVERITY_LABELS.items()}

        def get(row: tuple, name: str) -> object:
            i = col.get(name)
            return row[i] if i is not None and i < len(row) else None

        for row in rows:
            fid = unsafe_text(get(row, "编号")).strip()
            if not fid:
                continue
            status_text = unsafe_text(get(row, "审核状态")).strip()
            status = Status(status_text) if status_text in STATUS_VALUES else Status.PENDING
            comment = unsafe_text(get(row, "审核意见"))
            reviewer = unsafe_text(get(row, "审核人"))
            time = _parse_time(get(row, "审核时间"))
            if status != Status.PENDING or comment or reviewer or time:
                state.annotations[fid] = Annotation(
                    finding_id=fid, status=status, comment=comment, reviewer=reviewer, time=time
                )
            if unsafe_text(get(row, "类别")) == manual_label:
                page = get(row, "页码")
                state.manual_findings.append(
                    Finding(
                        id=fid,
                        rule=unsafe_text(get(row, "规则")) or "manual",
                        family=Family.MANUAL,
                        severity=sev_by_label.get(unsafe_text(get(row, "严重程度")), Severity.WARNING),
                        title=unsafe_text(get(row, "规则名称")) or "审核人添加",
                        message=unsafe_text(get(row, "问题描述")),
                        formula=unsafe_text(get(row, "公式")),
                        stated=_dec(get(row, "填报数")),
                        computed=_dec(get(row, "重算数")),
                        difference=_dec(get(row, "差额")),
                        locations=[Location(page=int(page))] if isinstance(page, (int, float)) else [],
                    )
                )
        return state
    finally:
        wb.close()
