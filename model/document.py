"""The document model: a parsed disclosure, held as validated pydantic models.

Everything downstream (rules, GUI, export) reads these objects; readers in
``gouji.io`` produce them.  Coordinates are PDF points in pdfplumber's
convention: origin at the top-left of the page, ``x0 < x1``, ``top < bottom``.
Page numbers are 1-based.  Amounts are :class:`~decimal.Decimal` in the
table's own money unit (``Table.unit``), never float.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(validate_assignment=True, extra="forbid")


class BBox(_Model):
    """A rectangle on a page, in PDF points, top-left origin."""

    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: "BBox | None") -> "BBox":
        if other is None:
            return self
        return BBox(
            x0=min(self.x0, other.x0),
            top=min(self.top, other.top),
            x1=max(self.x1, other.x1),
            bottom=max(self.bottom, other.bottom),
        )


class DocKind(StrEnum):
    BUDGET = "budget"
    FINAL = "final"
    UNKNOWN = "unknown"


class DocScope(StrEnum):
    """Whose disclosure: a department's (部门, consolidated) or one unit's (单位)."""

    DEPARTMENT = "department"  # 部门预算 / 部门决算
    UNIT = "unit"  # 单位预算 / 单位决算
    UNKNOWN = "unknown"


class DocForm(StrEnum):
    """What the file holds of a publication."""

    FULL = "full"  # text and the standard tables together
    TEXT_HALF = "text_half"  # the text of a publication whose tables are a separate file
    TABLES_HALF = "tables_half"  # the tables of a publication whose text is a separate file
    PERF_FORMS = "perf_forms"  # standalone 绩效目标表 / 绩效自评表
    PERF_REPORT = "perf_report"  # a 绩效评价报告


class SourceFile(_Model):
    """One file of a disclosure read as one document: its pages are ``first_page … first_page + pages - 1``."""

    path: str
    sha256: str
    first_page: int = 1
    pages: int = 0


class Cell(_Model):
    """One printed cell.  ``value`` is set for amount cells that parsed as a number.

    ``col`` indexes ``Table.columns``.  ``text`` is the printed text, verbatim
    (after joining wrapped lines).  Blank / "—" / "-" cells of an amount column
    have ``value=None`` and ``blank=True``; they are read as zero by rules.
    """

    col: int
    text: str = ""
    value: Decimal | None = None
    blank: bool = False
    page: int | None = None
    bbox: BBox | None = None
    #: OCR recognition confidence 0..1 (lowest over the cell's characters); None: read from a text layer
    confidence: float | None = None
    #: the text as read, when a reviewer corrected the cell by hand (``model/corrections.py``); else None
    corrected_from: str | None = None

    @property
    def amount(self) -> Decimal:
        """The value, with blanks read as zero."""
        return self.value if self.value is not None else Decimal("0")


class Column(_Model):
    """A column of a table.

    ``label`` is the header path joined with "/" (e.g. "财政拨款（补助）/一般公共预算");
    ``leaf`` is the last header cell.  ``role`` is ``"code"``, ``"name"``,
    ``"amount"`` or ``"text"``.  ``side`` is set for two-sided tables
    ("收入" / "支出"), else None.
    """

    index: int
    label: str
    leaf: str = ""
    role: Literal["code", "name", "amount", "text"] = "amount"
    side: str | None = None


class Row(_Model):
    """A table row.

    ``code`` is the normalised full function / economic code ("2010601",
    "30101") when the row has one, else None.  ``level``: 1 = 类, 2 = 款,
    3 = 项 (function codes) or 1 / 2 for economic codes, None for uncoded rows.
    ``kind``: "total" (合计/总计 rows), "subtotal" (小计), "data", "note".
    ``side``: "收入" / "支出" for two-sided tables, else None.  ``cells`` holds
    every non-name cell of the row; look amounts up with :meth:`cell`.
    """

    index: int
    code: str | None = None
    name: str = ""
    level: int | None = None
    kind: Literal["total", "subtotal", "data", "note"] = "data"
    side: str | None = None
    page: int | None = None
    bbox: BBox | None = None
    name_bbox: BBox | None = None
    cells: list[Cell] = Field(default_factory=list)

    def cell(self, col: int) -> Cell | None:
        for c in self.cells:
            if c.col == col:
                return c
        return None

    def amount(self, col: int) -> Decimal | None:
        """Amount in column ``col`` (blank → 0); None if the row has no such cell."""
        c = self.cell(col)
        return None if c is None else c.amount


class StdTable(StrEnum):
    """Standard tables, recognised by title (see ``gouji.io.assemble.catalog``)."""

    # budget
    B_OVERVIEW = "budget_overview"  # 收支总体情况表 (two-sided)
    B_INCOME = "budget_income"  # 收入总体情况表
    B_EXPENSE = "budget_expense"  # 支出总体情况表
    B_FISCAL = "budget_fiscal_overview"  # 财政拨款收支总体情况表 (two-sided)
    B_GPB = "budget_gpb_expense"  # 一般公共预算支出情况表
    B_GPB_BASIC = "budget_gpb_basic"  # 一般公共预算基本支出情况表
    B_GPB_PROJECT = "budget_gpb_project"  # 一般公共预算项目支出情况表
    B_GOV_FUND = "budget_gov_fund"  # 政府性基金预算支出情况表
    B_SOE = "budget_soe_capital"  # 国有资本经营预算支出情况表
    B_THREE_PUBLIC = "budget_three_public"  # 财政拨款"三公"经费支出情况表
    B_CARRYOVER = "budget_carryover"  # 上年结转结余情况明细表
    B_PROCUREMENT = "budget_procurement"  # 政府采购预算表
    B_OPERATING = "budget_operating_cost"  # 机关运行经费预算表
    B_PROJECT_LIST = "budget_project_list"  # 项目支出预算表 (other than 一般公共预算)
    B_FISCAL_FUND = "budget_fiscal_special"  # 财政专户管理资金预算表
    # final accounts
    F_OVERVIEW = "final_overview"  # 收入支出决算总表 (two-sided)
    F_INCOME = "final_income"  # 收入决算表
    F_EXPENSE = "final_expense"  # 支出决算表
    F_FISCAL = "final_fiscal_overview"  # 财政拨款收入支出决算总表 (two-sided)
    F_GPB = "final_gpb_expense"  # 一般公共预算财政拨款支出决算表
    F_GPB_BASIC = "final_gpb_basic"  # 一般公共预算财政拨款基本支出决算表
    F_THREE_PUBLIC = "final_three_public"  # 财政拨款"三公"经费支出决算表
    F_GOV_FUND = "final_gov_fund"  # 政府性基金预算财政拨款收入支出决算表
    F_SOE = "final_soe_capital"  # 国有资本经营预算财政拨款收入支出决算表
    # performance
    PERF_TARGET_OVERALL = "perf_target_overall"  # 整体(支出)绩效目标表
    PERF_TARGET_PROJECT = "perf_target_project"  # 项目支出绩效目标表
    PERF_SELF_OVERALL = "perf_self_overall"  # 整体支出绩效自评表
    PERF_SELF_PROJECT = "perf_self_project"  # 项目支出绩效自评表


class Table(_Model):
    """A table as printed, merged over all the pages it spans.

    ``id`` is stable within a document ("T01", "T02", … for standard and other
    tables in document order; "P001", … for performance tables).
    ``number`` is the printed number ("表1", "表一", "01") if any.
    ``header`` holds the header rows as printed (text only, merged cells
    repeated).  ``empty`` is True when the table has no amount rows;
    ``empty_note`` carries the printed explanation ("本单位没有…故本表为空表").
    """

    id: str
    std: StdTable | None = None
    number: str | None = None
    title: str
    unit_name: str | None = None  # 编制单位：…
    unit: Literal["万元", "元"] | None = None
    pages: list[int] = Field(default_factory=list)
    title_bbox: BBox | None = None
    two_sided: bool = False
    header: list[list[str]] = Field(default_factory=list)
    columns: list[Column] = Field(default_factory=list)
    rows: list[Row] = Field(default_factory=list)
    empty: bool = False
    empty_note: str | None = None
    perf: "PerfTable | None" = None

    # --- lookups used by rules / GUI -------------------------------------
    def amount_columns(self, side: str | None = None) -> list[Column]:
        return [c for c in self.columns if c.role == "amount" and (side is None or c.side == side)]

    def find_column(
        self, *keywords: str, side: str | None = None, exclude: tuple[str, ...] = ()
    ) -> Column | None:
        """First amount column whose label contains every keyword (and none of ``exclude``)."""
        for c in self.amount_columns(side):
            if all(k in c.label for k in keywords) and not any(e in c.label for e in exclude):
                return c
        return None

    def rows_by_code(self, code: str, side: str | None = None) -> list[Row]:
        return [r for r in self.rows if r.code == code and (side is None or r.side == side)]

    def row_by_code(self, code: str, side: str | None = None) -> Row | None:
        rows = self.rows_by_code(code, side)
        return rows[0] if rows else None

    def find_row(self, *keywords: str, side: str | None = None) -> Row | None:
        """First row whose name contains every keyword."""
        for r in self.rows:
            if (side is None or r.side == side) and all(k in r.name for k in keywords):
                return r
        return None

    def coded_rows(self, side: str | None = None) -> Iterator[Row]:
        return (r for r in self.rows if r.code and (side is None or r.side == side))


class PerfIndicator(_Model):
    """One indicator line of a 绩效目标表 / 绩效自评表."""

    level1: str = ""  # 一级指标 (产出指标 / 效益指标 / 满意度指标 …)
    level2: str = ""  # 二级指标 (数量指标 …)
    name: str = ""  # 三级指标
    target: str = ""  # 指标值 / 年度指标值 / 预期目标
    actual: str = ""  # 实际完成值 / 全年实际值 (自评表)
    weight: Decimal | None = None  # 分值 / 指标分值权重
    score: Decimal | None = None  # 得分
    page: int | None = None
    bbox: BBox | None = None
    cells: list[Cell] = Field(default_factory=list)
    #: the places in ``cells`` of the 分值 and 得分 cells (a hand correction of them changes weight / score)
    weight_at: int | None = None
    score_at: int | None = None


class PerfTable(_Model):
    """Structured content of a performance table (target or self-evaluation).

    ``fields`` maps printed labels to cells for the key/value part
    ("项目名称", "年度预算总额", "财政拨款", "其他资金", "全年预算数",
    "全年执行数", "执行率", "分值", "得分" …).  Money fields are read in
    万元 unless the table says otherwise.
    """

    kind: Literal["target", "self_eval"]
    scope: Literal["overall", "project"]
    project_name: str = ""
    fields: dict[str, Cell] = Field(default_factory=dict)
    # for self-evaluation: the 资金 rows (年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分)
    funds: list[dict[str, Cell]] = Field(default_factory=list)
    indicators: list[PerfIndicator] = Field(default_factory=list)
    total_score: Cell | None = None


class Sentence(_Model):
    """A sentence of running text (split at 。；！？ and line-ends of list items)."""

    index: int  # position within the document's sentences
    text: str
    section_id: str
    page: int | None = None
    bbox: BBox | None = None
    #: OCR recognition confidence 0..1 of its digits (the lowest over its lines'); None: a text layer
    confidence: float | None = None


class SectionKind(StrEnum):
    COVER = "封面"
    TOC = "目录"
    OVERVIEW = "概况"
    FUNCTIONS = "主要职能"
    ORGANISATION = "机构设置"
    TABLES = "公开表"
    EXPLANATION = "情况说明"
    GLOSSARY = "名词解释"
    PERFORMANCE = "绩效"
    OTHER = "其他"


class Section(_Model):
    """A titled part of the text.  ``level``: 1 = 第X部分, 2 = 一、, 3 = （一）."""

    id: str  # "S001" …
    kind: SectionKind = SectionKind.OTHER
    title: str
    level: int = 1
    page: int | None = None
    bbox: BBox | None = None
    parent: str | None = None
    sentence_ids: list[int] = Field(default_factory=list)
    table_ids: list[str] = Field(default_factory=list)


class TocEntry(_Model):
    title: str
    level: int = 1
    page: int | None = None  # printed page number, if any
    std: StdTable | None = None


class Document(_Model):
    """A parsed disclosure."""

    path: str
    sha256: str
    format: str  # name of the reader that read it ("pdf", "docx", "xlsx", "text"; see io/readers/registry)
    kind: DocKind = DocKind.UNKNOWN
    scope: DocScope = DocScope.UNKNOWN
    form: DocForm = DocForm.FULL
    #: the files of a disclosure opened as one (``gouji check A B --one``); empty for a single file
    sources: list[SourceFile] = Field(default_factory=list)
    year: int | None = None
    unit_name: str | None = None
    title: str | None = None
    money_unit: Literal["万元", "元"] | None = None
    page_count: int = 0
    page_sizes: list[tuple[float, float]] = Field(default_factory=list)  # (width, height) per page
    blank_pages: list[int] = Field(default_factory=list)
    #: pages the reader could not load (a damaged file): neither blank nor read (``parse.unreadable_pages``)
    unreadable_pages: list[int] = Field(default_factory=list)
    #: pages read from their image by OCR (a scan): their cells carry ``Cell.confidence``
    ocr_pages: list[int] = Field(default_factory=list)
    #: what the reader could only guess (a text file's encoding, formulas saved without values): ``parse.read_notes``
    read_notes: list[str] = Field(default_factory=list)
    toc: list[TocEntry] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)  # parse notes for the reviewer (Chinese)

    def table(self, std: StdTable | str) -> Table | None:
        """The first table of a standard kind, or by id."""
        for t in self.tables:
            if t.std == std or t.id == std:
                return t
        return None

    def tables_of(self, std: StdTable) -> list[Table]:
        return [t for t in self.tables if t.std == std]

    @property
    def standard_tables(self) -> list[Table]:
        return [t for t in self.tables if t.std is not None and not t.std.value.startswith("perf_")]

    @property
    def perf_tables(self) -> list[Table]:
        return [t for t in self.tables if t.perf is not None]

    def section(self, section_id: str) -> Section | None:
        for s in self.sections:
            if s.id == section_id:
                return s
        return None

    def sentences_in(self, section_id: str) -> list[Sentence]:
        return [s for s in self.sentences if s.section_id == section_id]

    def source_of(self, page: int) -> tuple[str, int]:
        """The file that holds document page ``page`` and the page number inside that file."""
        for src in self.sources:
            if src.first_page <= page < src.first_page + src.pages:
                return src.path, page - src.first_page + 1
        return self.path, page


Table.model_rebuild()
