"""Hand-built :class:`Document` factories: the one document builder of the tests (rules, export, GUI).

Amounts are given as strings ("1,801.39", "" for blank) so that tests read
like the printed tables.  Every factory returns validated pydantic models.
:func:`table` can also lay the table out on a page (``page``, ``top``, ``col_x``): every cell,
row and the title then carry bounding boxes, as the page view and highlights need.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Sequence

from gouji.model.document import (
    BBox,
    Cell,
    Column,
    DocKind,
    Document,
    PerfIndicator,
    PerfTable,
    Row,
    Section,
    SectionKind,
    Sentence,
    StdTable,
    Table,
    TocEntry,
)
from gouji.model.rules.registry import run_rules


def D(text: str) -> Decimal | None:
    s = (text or "").replace(",", "").strip()
    if s in ("", "-", "—"):
        return None
    try:
        return Decimal(s)
    except ArithmeticError:  # decimal.InvalidOperation: printed text that is not a number
        return None


def cell(col: int, text: str) -> Cell:
    v = D(text)
    return Cell(col=col, text=text, value=v, blank=v is None)


def level_of(code: str | None) -> int | None:
    if not code:
        return None
    return {3: 1, 5: 2, 7: 3}.get(len(code))


def kind_of(name: str, code: str | None) -> str:
    if code:
        return "data"
    n = name.replace(" ", "")
    if n.endswith("合计") or n.endswith("总计"):
        return "total"
    if n.endswith("小计"):
        return "subtotal"
    return "data"


def table(
    std: StdTable | None,
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    id: str = "T01",
    unit: str | None = "万元",
    text_columns: Sequence[str] = (),
    empty_note: str | None = None,
    unit_name: str | None = None,
    page: int | None = None,
    top: float = 0.0,
    col_x: Sequence[float] = (),
    row_h: float = 20.0,
) -> Table:
    """A one-sided table.

    ``columns`` are the amount (or text) column labels; each row is
    ``(code, name, *cells)`` with one cell per column ("" = blank).
    Columns named in ``text_columns`` get role "text".
    With ``page``, the table is laid out on that page from ``top`` down, one row every ``row_h``
    points, column ``i`` between ``col_x[i]`` and ``col_x[i + 1]`` (code, name, then the columns):
    code cells are kept and every cell, row and the title get bounding boxes.
    """
    cols = [
        Column(index=0, label="科目编码", leaf="科目编码", role="code"),
        Column(index=1, label="科目名称", leaf="科目名称", role="name"),
    ]
    for i, lab in enumerate(columns, start=2):
        role = "text" if lab in text_columns else "amount"
        cols.append(Column(index=i, label=lab, leaf=lab.split("/")[-1], role=role))

    def box(c0: int, c1: int, ri: int) -> BBox | None:
        if page is None:
            return None
        y0 = top + row_h * (ri + 1)
        return BBox(x0=col_x[c0], top=y0, x1=col_x[c1], bottom=y0 + row_h)

    out_rows = []
    for ri, r in enumerate(rows):
        code, name, *vals = r
        code = code or None
        cells = [Cell(col=0, text=code or "", page=page, bbox=box(0, 1, ri))] if page is not None else []
        for ci, v in enumerate(vals, start=2):
            c = Cell(col=ci, text=v) if cols[ci].role == "text" else cell(ci, v)
            cells.append(c.model_copy(update={"page": page, "bbox": box(ci, ci + 1, ri)}))
        out_rows.append(
            Row(
                index=ri,
                code=code,
                name=name,
                level=level_of(code),
                kind=kind_of(name, code),
                cells=cells,
                page=page,
                bbox=box(0, len(cols), ri),
                name_bbox=box(1, 2, ri),
            )
        )
    return Table(
        id=id,
        std=std,
        title=title,
        unit=unit,
        columns=cols,
        rows=out_rows,
        empty=not out_rows,
        empty_note=empty_note,
        unit_name=unit_name,
        pages=[page] if page is not None else [],
        title_bbox=None if page is None else BBox(x0=150, top=top - 24, x1=450, bottom=top - 4),
    )


def two_sided(
    std: StdTable,
    title: str,
    income_cols: Sequence[str],
    income: Iterable[Sequence[str]],
    expense_cols: Sequence[str],
    expense: Iterable[Sequence[str]],
    *,
    id: str = "T01",
    unit: str | None = "万元",
) -> Table:
    """A two-sided table: income rows ``(name, *amounts)``, expense rows ``(code, name, *amounts)``."""
    cols = [Column(index=0, label="收入/项目", leaf="项目", role="name", side="收入")]
    for lab in income_cols:
        cols.append(Column(index=len(cols), label=f"收入/{lab}", leaf=lab, role="amount", side="收入"))
    cols.append(Column(index=len(cols), label="支出/项目", leaf="项目", role="name", side="支出"))
    exp_start = len(cols)
    for lab in expense_cols:
        cols.append(Column(index=len(cols), label=f"支出/{lab}", leaf=lab, role="amount", side="支出"))
    rows: list[Row] = []
    for r in income:
        name, *vals = r
        cells = [cell(1 + i, v) for i, v in enumerate(vals)]
        rows.append(Row(index=len(rows), name=name, kind=kind_of(name, None), side="收入", cells=cells))
    for r in expense:
        code, name, *vals = r
        code = code or None
        cells = [cell(exp_start + i, v) for i, v in enumerate(vals)]
        rows.append(
            Row(
                index=len(rows),
                code=code,
                name=name,
                level=level_of(code),
                kind=kind_of(name, code),
                side="支出",
                cells=cells,
            )
        )
    return Table(id=id, std=std, title=title, unit=unit, two_sided=True, columns=cols, rows=rows)


def doc(
    *tables: Table,
    kind: DocKind = DocKind.BUDGET,
    year: int | None = 2024,
    unit_name: str | None = "某某局",
    title: str | None = None,
    sentences: Sequence[str] = (),
    sections: Sequence[Section] = (),
    toc: Sequence[TocEntry] = (),
    blank_pages: Sequence[int] = (),
    section_title: str = "情况说明",
) -> Document:
    """A document of the given tables; ``sentences`` go into one section titled ``section_title``."""
    secs = list(sections)
    sents = []
    if sentences:
        sid = "S900"
        secs.append(Section(id=sid, kind=SectionKind.EXPLANATION, title=section_title, level=2))
        sents = [Sentence(index=i, text=s, section_id=sid) for i, s in enumerate(sentences)]
    # unique table ids in order
    ts = []
    for i, t in enumerate(tables, start=1):
        if t.perf is None:
            ts.append(t.model_copy(update={"id": f"T{i:02d}"}))
        else:
            ts.append(t.model_copy(update={"id": f"P{i:03d}"}))
    return Document(
        path="test.txt",
        sha256="0" * 64,
        format="text",
        kind=kind,
        year=year,
        unit_name=unit_name,
        title=title,
        money_unit="万元",
        tables=ts,
        sentences=sents,
        sections=secs,
        toc=list(toc),
        blank_pages=list(blank_pages),
    )


def text_doc(
    parts: Sequence[tuple[str, Sequence[str]]],
    *,
    tables: Sequence[Table] = (),
    kind: DocKind = DocKind.FINAL,
    year: int | None = 2024,
    title: str | None = None,
    level1: Sequence[str] = (),
    page: int = 1,
    path: str = "x.txt",
) -> Document:
    """A document of running text: one 情况说明 section per ``(section title, sentences)``,
    after level-1 part headings ``level1``; every sentence on ``page``; ``tables`` as given."""
    sections, sentences = [], []
    for t in level1:
        sections.append(Section(id=f"P{len(sections):03d}", kind=SectionKind.OVERVIEW, title=t, level=1))
    for k, (sec_title, texts) in enumerate(parts, 1):
        sec = Section(id=f"S{k:03d}", kind=SectionKind.EXPLANATION, title=sec_title, level=2)
        for t in texts:
            sentences.append(Sentence(index=len(sentences), text=t, section_id=sec.id, page=page))
            sec.sentence_ids.append(len(sentences) - 1)
        sections.append(sec)
    return Document(
        path=path,
        sha256="0",
        format="text",
        kind=kind,
        year=year,
        title=title,
        sections=sections,
        sentences=sentences,
        tables=list(tables),
    )


def fields(**kw: str) -> dict[str, Cell]:
    return {
        k: Cell(col=0, text=v, value=D(v) if v and v.replace(",", "").replace(".", "").isdigit() else None)
        for k, v in kw.items()
    }


def perf_target(
    project: str,
    *,
    unit: str = "某某大队",
    total: str = "160.00",
    fiscal: str = "160.00",
    other: str = "0.00",
    weights: Sequence[tuple[str, str]] = (("指标甲", "50"), ("指标乙", "50")),
    std: StdTable = StdTable.PERF_TARGET_PROJECT,
) -> Table:
    p = PerfTable(
        kind="target",
        scope="project" if std == StdTable.PERF_TARGET_PROJECT else "overall",
        project_name=project,
        fields={
            "预算单位": Cell(col=0, text=unit),
            "项目名称": Cell(col=0, text=project),
            "年度预算总额": cell(0, total),
            "财政拨款": cell(0, fiscal),
            "其他资金": cell(0, other),
        },
        indicators=[
            PerfIndicator(level1="产出指标", level2="数量指标", name=n, target="=1次", weight=D(w))
            for n, w in weights
        ],
    )
    return Table(id="P001", std=std, title="项目支出绩效目标表", perf=p)


def perf_self(
    project: str,
    *,
    budget: str = "123.20",
    spent: str = "122.59",
    points: str = "10",
    rate: str = "99.50%",
    score: str = "9.95",
    indicators: Sequence[tuple[str, str, str, str, str, str]] = (),
    total: str | None = None,
    std: StdTable = StdTable.PERF_SELF_PROJECT,
) -> Table:
    """A self-evaluation table; indicators are (name, target, actual, weight, rate, score)."""
    cols = [
        Column(index=i, label=lab, leaf=lab, role="text")
        for i, lab in enumerate(["三级指标", "权重", "目标值", "业绩值", "完成率", "指标得分"])
    ]
    inds = []
    for name, tgt, act, w, rate_txt, sc in indicators:
        inds.append(
            PerfIndicator(
                level1="产出指标",
                level2="数量指标",
                name=name,
                target=tgt,
                actual=act,
                weight=D(w),
                score=D(sc),
                cells=[Cell(col=0, text=name), Cell(col=4, text=rate_txt)],
            )
        )
    funds = [
        {
            "年初预算数": cell(0, budget),
            "全年预算数": cell(0, budget),
            "全年执行数": cell(0, spent),
            "分值": cell(0, points),
            "执行率": Cell(col=0, text=rate),
            "得分": cell(0, score),
        }
    ]
    p = PerfTable(
        kind="self_eval",
        scope="project" if std == StdTable.PERF_SELF_PROJECT else "overall",
        project_name=project,
        fields={"项目名称": Cell(col=0, text=project)},
        funds=funds,
        indicators=inds,
        total_score=Cell(col=0, text=total, value=D(total.replace("分", ""))) if total is not None else None,
    )
    return Table(id="P001", std=std, title="项目支出绩效自评表", columns=cols, perf=p)


def findings(d: Document, *rule_ids: str):
    return run_rules(d, only=rule_ids)


def by_severity(fs, sev: str):
    return [f for f in fs if f.severity.value == sev]


GAP_COLUMNS = ["支出预算/合计", "支出预算/基本支出", "支出预算/项目支出"]
#: rows of an expense table: 基本支出 of 2080501 printed 0.34 too high and carried up through 20805, 208
#: and 总计 (合计 is right); 合计 of 2210201 printed 0.50 too high (a second gap, in another code line)
CARRIED_GAP = [
    ("", "总计", "1,917.52", "1,801.73", "116.13"),
    ("208", "社会保障和就业支出", "1,801.39", "1,801.73", ""),
    ("20805", "行政事业单位养老支出", "1,801.39", "1,801.73", ""),
    ("2080501", "行政单位离退休", "616.13", "616.47", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "1,185.26", "1,185.26", ""),
    ("220", "自然资源海洋气象等支出", "116.13", "", "116.13"),
    ("22001", "自然资源事务", "116.13", "", "116.13"),
    ("2200199", "其他自然资源事务支出", "116.13", "", "116.13"),
    ("221", "住房保障支出", "0.00", "0.00", ""),
    ("22102", "住房改革支出", "0.00", "0.00", ""),
    ("2210201", "住房公积金", "0.50", "0.00", ""),
    ("2210202", "提租补贴", "0.00", "0.00", ""),
]


GPB_COLUMNS = ["一般公共预算支出/合计", "一般公共预算支出/基本支出", "一般公共预算支出/项目支出"]


def gpb_table(value: str, page: int) -> Table:
    """一般公共预算支出表 of one row, 201 一般公共服务支出 with 合计 ``value`` (cross-document tests)."""
    return table(
        StdTable.B_GPB,
        "一般公共预算支出表",
        GPB_COLUMNS,
        [("201", "一般公共服务支出", value, "1.00", "")],
        page=page,
        col_x=range(0, 600, 100),
    )
