"""Findings: what a rule reports, with everything a reviewer needs to check it."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from enum import StrEnum
from typing import Iterable

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from gouji.model.document import BBox, Cell, Column, Row, Sentence, Table


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    ROUNDING = "rounding"  # info: a gap explained by rounding of printed addends


#: most severe first (sort key)
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.ROUNDING: 2}


def worst(findings: Iterable[Finding]) -> Severity | None:
    """The most severe severity among ``findings`` (None when empty)."""
    best: Severity | None = None
    for f in findings:
        if best is None or SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[best]:
            best = f.severity
    return best


SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.ROUNDING: "尾差"}


class Family(StrEnum):
    COMPLETENESS = "completeness"  # 完整性
    ARITHMETIC = "arithmetic"  # 表内勾稽
    INTER_TABLE = "inter_table"  # 表间勾稽
    NARRATIVE = "narrative"  # 文表一致
    RATES = "rates"  # 比率与增减
    TEXT_SUMS = "text_sums"  # 文内加总
    PERFORMANCE = "performance"  # 绩效表
    TEXT_QUALITY = "text_quality"  # 文字质量
    CROSS_DOC = "cross_doc"  # 跨文件核对 (two documents of a disclosure set)
    MANUAL = "manual"  # 审核人添加


FAMILY_LABELS = {
    Family.COMPLETENESS: "完整性",
    Family.ARITHMETIC: "表内勾稽",
    Family.INTER_TABLE: "表间勾稽",
    Family.NARRATIVE: "文表一致",
    Family.RATES: "比率与增减",
    Family.TEXT_SUMS: "文内加总",
    Family.PERFORMANCE: "绩效表",
    Family.TEXT_QUALITY: "文字质量",
    Family.CROSS_DOC: "跨文件核对",
    Family.MANUAL: "人工添加",
}


class Location(BaseModel):
    """Where a finding points: a table cell / row, or a sentence, on a page."""

    model_config = ConfigDict(extra="forbid")

    table: str | None = None  # Table.id
    row: int | None = None  # Row.index
    row_code: str | None = None
    row_name: str | None = None
    column: int | None = None  # Column.index
    column_label: str | None = None
    sentence: int | None = None  # Sentence.index
    text: str | None = None  # the sentence or a short quote
    page: int | None = None
    bbox: BBox | None = None
    #: the path of the other document this location is in (cross-document findings); None: this document
    document: str | None = None

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        # a location in this document is written as before the field existed (no "document" key)
        data = handler(self)
        if data.get("document") is None:
            data.pop("document", None)
        return data


class Term(BaseModel):
    """One addend of a sum (or the other side of an equality) a finding was computed from."""

    model_config = ConfigDict(extra="forbid")

    label: str  # what the reviewer reads beside the value: a row or column name, or a table's cell
    value: Decimal
    location: Location | None = None


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    rule: str
    family: Family
    severity: Severity
    title: str  # the rule's title
    message: str  # one line in Chinese
    formula: str = ""  # the formula in words, e.g. "合计 = 基本支出 + 项目支出"
    stated: Decimal | None = None
    computed: Decimal | None = None
    difference: Decimal | None = None
    locations: list[Location] = Field(default_factory=list)
    #: the addends of a sum / the other side of an equality (computed = Σ values); empty for other rules
    terms: list[Term] = Field(default_factory=list)

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        # written as before the field existed when there are no terms (review files, JSON stay the same)
        data = handler(self)
        if not data.get("terms"):
            data.pop("terms", None)
        return data

    @property
    def table(self) -> str | None:
        return next((loc.table for loc in self.locations if loc.table), None)

    @property
    def page(self) -> int | None:
        return next((loc.page for loc in self.locations if loc.page), None)


def stable_id(rule: str, *parts: object) -> str:
    """A finding id that depends only on the rule and what it points at.

    Same document, same finding → same id across runs, so annotations survive
    a re-run.  ``parts`` should be structural (table std/id, row code or name,
    column label, sentence text), never positions that shift with parsing tweaks
    when avoidable.
    """
    h = hashlib.sha1("\x1f".join([rule, *map(str, parts)]).encode("utf-8")).hexdigest()[:12]
    return f"{rule}:{h}"


def cell_location(table: Table, row: Row, col: Column | int | None) -> Location:
    """Location of a table cell (or of the row when ``col`` is None)."""
    cidx = col.index if isinstance(col, Column) else col
    column = next((c for c in table.columns if c.index == cidx), None) if cidx is not None else None
    cell: Cell | None = row.cell(cidx) if cidx is not None else None
    bbox: BBox | None = (cell.bbox if cell and cell.bbox else None) or row.bbox
    return Location(
        table=table.id,
        row=row.index,
        row_code=row.code,
        row_name=row.name,
        column=cidx,
        column_label=column.label if column else None,
        page=(cell.page if cell and cell.page else None) or row.page,
        bbox=bbox,
    )


def sentence_location(s: Sentence) -> Location:
    """Location of a sentence of running text."""
    return Location(sentence=s.index, text=s.text, page=s.page, bbox=s.bbox)
