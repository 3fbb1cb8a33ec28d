"""The findings columns, written once.

:data:`FINDING_COLUMNS` says, per column, its key, its Chinese header, how to get its value from a
finding, how views format it and how the review import reads it back.  Three lists show a choice of
these columns in their own order and widths (:data:`VIEWS`):

* ``"review"`` — 问题清单 of the review workbook (Excel character widths), read back by
  :func:`gouji.io.export.review_import.import_review` by header;
* ``"batch"`` — the per-document sheets of the batch summary workbook;
* ``"workbench"`` — the GUI findings list (pixel widths; 0 = takes the remaining width; headers
  through the GUI's ``tr``).

Add a column: a :class:`FindingColumn` in :data:`FINDING_COLUMNS` and its ``(key, width)`` in the
views that show it — this file only (plus the English header in ``gui/i18n.py`` when the workbench
shows it, and a test).

Qt-free and openpyxl-free: the GUI imports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Callable, Iterable, Literal

from gouji.model.findings import (
    FAMILY_LABELS,
    SEVERITY_LABELS,
    SEVERITY_ORDER,
    Family,
    Finding,
    Location,
    Severity,
)
from gouji.model.review import Annotation, Status

View = Literal["review", "batch", "workbench"]
#: how a view shows a value: text as it is, a label (translated in the GUI), a count, an amount, a time
Kind = Literal["text", "label", "number", "amount", "time"]

AMOUNT_FORMAT = "#,##0.00##"  # Excel number format of stated / recomputed amounts and differences
PERCENT_FORMAT = '#,##0.00##"%"'  # the same for rates (the value is the percentage: 71.65 → 71.65%)
NUMBER_FORMATS: dict[str, str] = {"amount": AMOUNT_FORMAT, "time": "yyyy-mm-dd hh:mm"}


def is_percent(f: Finding) -> bool:
    """The finding's stated / recomputed values are percentages (its formula computes a rate or a share)."""
    return "%" in f.formula or "率 =" in f.formula


def amount_text(f: Finding, v: Decimal | None) -> str:
    """An amount of ``f`` in full with thousands separators, ``%`` on rates ("" for None)."""
    if v is None:
        return ""
    return f"{v:,f}" + ("%" if is_percent(f) else "")


_TABLE_NUMBER = re.compile(r"(\d+(?:[-－—]\d+)?|[一二三四五六七八九十]+)")


def short_table_label(number: str | None, table_id: str) -> str:
    """A table's short label: its printed number as 表N ("表3", "表一"), else from its id (T03 → 表3)."""
    m = _TABLE_NUMBER.search(number or "")
    if m:
        n = m.group(1)
        return "表" + ((n.lstrip("0") or n) if n[0].isdigit() else n)
    digits = table_id.lstrip("TP")
    if digits.isdigit():
        return ("绩效表" if table_id.startswith("P") else "表") + str(int(digits))
    return table_id


def anchor_location(f: Finding) -> Location | None:
    """The location a flat list shows the row and column of: the first in a table, else the first."""
    return next((loc for loc in f.locations if loc.table), f.locations[0] if f.locations else None)


def list_order(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in list order: errors first, then warnings, then rounding; by page within each."""
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.page or 10**6))


class FindingContext:
    """What a column may read besides the finding itself; each view overrides what it knows."""

    def number(self, f: Finding) -> int | None:
        """The finding's 1-based number in the list."""
        return None

    def annotation(self, f: Finding) -> Annotation | None:
        return None

    def status(self, f: Finding) -> Status:
        a = self.annotation(f)
        return a.status if a is not None else Status.PENDING

    def table_label(self, f: Finding) -> str:
        return f.table or ""

    def where(self, f: Finding) -> str:
        """Every location of the finding in words."""
        return ""

    def anchor(self, f: Finding) -> Location | None:
        return anchor_location(f)


Getter = Callable[[Finding, FindingContext], object]
Reader = Callable[[object], dict[str, object]]


@dataclass(frozen=True, slots=True)
class FindingColumn:
    """One column of a findings list.

    ``value`` gives the cell value (labels as Chinese text, amounts as ``Decimal``).  ``fit``: rows
    grow to show this column's wrapped text.  ``short``: the workbench header when it differs.
    ``sort``: the workbench sort key when the value does not sort right.  ``read`` turns the
    cell read back from a review workbook (injection prefix removed) into keyword arguments of
    ``into`` — the row's :class:`Annotation` or, for a reviewer-added finding, its :class:`Finding`.
    """

    key: str
    header: str
    value: Getter
    kind: Kind = "text"
    fit: bool = False
    short: str = ""
    sort: Getter | None = None
    read: Reader | None = None
    into: Literal["finding", "annotation"] = "finding"

    @property
    def number_format(self) -> str | None:
        return NUMBER_FORMATS.get(self.kind)

    @property
    def workbench_header(self) -> str:
        return self.short or self.header


# --- reading cells back -------------------------------------------------------
def _text(v: object) -> str:
    return "" if v is None else str(v)


def _decimal(v: object) -> Decimal | None:
    if v is None or v == "":
        return None
    try:
        return Decimal(str(v).replace(",", ""))
    except InvalidOperation:
        return None


def parse_time(v: object) -> datetime | None:
    """A time cell: a datetime, or text such as ``2026-03-05 14:20``."""
    if isinstance(v, datetime):
        return v
    if isinstance(v, str) and v.strip():
        for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
            try:
                return datetime.strptime(v.strip(), fmt)
            except ValueError:
                pass
    return None


def _field(name: str, default: str = "") -> Reader:
    return lambda v: {name: _text(v) or default}


def _amount(name: str) -> Reader:
    return lambda v: {name: _decimal(v)}


_SEVERITY_BY_LABEL = {v: k for k, v in SEVERITY_LABELS.items()}
_STATUS_VALUES = {s.value for s in Status}


def _row_label(loc: Location | None) -> str:
    return " ".join(p for p in ((loc.row_code or "", loc.row_name or "") if loc else ()) if p)


def naive_local(t: datetime) -> datetime:
    """Excel has no time zones: an aware time in local time, without its zone."""
    return t.astimezone().replace(tzinfo=None) if t.tzinfo is not None else t


def _time(a: Annotation | None) -> datetime | None:
    return naive_local(a.time) if a is not None and a.time is not None else None


def _review_text(key: str, header: str) -> FindingColumn:
    """A text field of the reviewer's annotation (its comment, the reviewer), read back into it."""
    return FindingColumn(
        key, header, lambda f, c: getattr(c.annotation(f), key, ""), read=_field(key), into="annotation"
    )


# --- the columns ------------------------------------------------------------------
FINDING_COLUMNS: tuple[FindingColumn, ...] = (
    FindingColumn("number", "序号", lambda f, c: c.number(f), "number"),
    FindingColumn("id", "编号", lambda f, c: f.id),
    FindingColumn(
        "severity",
        "严重程度",
        lambda f, c: SEVERITY_LABELS.get(f.severity, str(f.severity)),
        "label",
        sort=lambda f, c: SEVERITY_ORDER[f.severity],
        read=lambda v: {"severity": _SEVERITY_BY_LABEL.get(_text(v), Severity.WARNING)},
    ),
    FindingColumn(
        "family",
        "类别",
        lambda f, c: FAMILY_LABELS.get(f.family, str(f.family)),
        "label",
        sort=lambda f, c: list(Family).index(f.family),
    ),
    FindingColumn("rule", "规则", lambda f, c: f.rule, read=_field("rule", "manual")),
    FindingColumn("title", "规则名称", lambda f, c: f.title, read=_field("title", "审核人添加")),
    FindingColumn(
        "message", "问题描述", lambda f, c: f.message, fit=True, short="说明", read=_field("message")
    ),
    FindingColumn("table", "表格", lambda f, c: c.table_label(f), short="表"),
    FindingColumn(
        "page",
        "页码",
        lambda f, c: f.page,
        "number",
        short="页",
        read=lambda v: {"locations": [Location(page=int(v))] if isinstance(v, (int, float)) else []},
    ),
    FindingColumn("row", "行", lambda f, c: _row_label(c.anchor(f))),
    FindingColumn("column", "列", lambda f, c: (loc.column_label or "") if (loc := c.anchor(f)) else ""),
    FindingColumn("formula", "公式", lambda f, c: f.formula, fit=True, read=_field("formula")),
    FindingColumn("stated", "填报数", lambda f, c: f.stated, "amount", read=_amount("stated")),
    FindingColumn("computed", "重算数", lambda f, c: f.computed, "amount", read=_amount("computed")),
    FindingColumn("difference", "差额", lambda f, c: f.difference, "amount", read=_amount("difference")),
    FindingColumn("where", "位置", lambda f, c: c.where(f), fit=True),
    FindingColumn(
        "status",
        "审核状态",
        lambda f, c: c.status(f).value,
        "label",
        short="状态",
        sort=lambda f, c: list(Status).index(c.status(f)),
        read=lambda v: {
            "status": Status(_text(v).strip()) if _text(v).strip() in _STATUS_VALUES else Status.PENDING
        },
        into="annotation",
    ),
    _review_text("comment", "审核意见"),
    _review_text("reviewer", "审核人"),
    FindingColumn(
        "time",
        "审核时间",
        lambda f, c: _time(c.annotation(f)),
        "time",
        read=lambda v: {"time": parse_time(v)},
        into="annotation",
    ),
)

#: per view, the columns it shows, in order, with their widths
VIEWS: dict[View, tuple[tuple[str, int], ...]] = {
    "review": (
        ("number", 6),
        ("id", 16),
        ("severity", 8),
        ("family", 10),
        ("rule", 14),
        ("title", 20),
        ("message", 50),
        ("table", 18),
        ("page", 6),
        ("row", 22),
        ("column", 20),
        ("formula", 26),
        ("stated", 14),
        ("computed", 14),
        ("difference", 12),
        ("where", 32),
        ("status", 11),
        ("comment", 32),
        ("reviewer", 10),
        ("time", 18),
    ),
    "batch": (
        ("id", 24),
        ("severity", 9),
        ("family", 10),
        ("title", 22),
        ("message", 60),
        ("table", 26),
        ("page", 6),
        ("row", 24),
        ("column", 20),
        ("formula", 32),
        ("stated", 14),
        ("computed", 14),
        ("difference", 12),
    ),
    "workbench": (
        ("severity", 64),
        ("family", 80),
        ("title", 150),
        ("table", 80),
        ("page", 40),
        ("message", 0),
        ("stated", 110),
        ("computed", 110),
        ("difference", 90),
        ("status", 72),
    ),
}


def column(key: str) -> FindingColumn:
    return next(c for c in FINDING_COLUMNS if c.key == key)


def view_columns(view: View) -> list[tuple[FindingColumn, int]]:
    """The columns ``view`` shows, in order, each with its width."""
    by_key = {c.key: c for c in FINDING_COLUMNS}
    return [(by_key[key], width) for key, width in VIEWS[view]]
