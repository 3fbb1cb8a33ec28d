"""Hand-built documents and findings for the GUI tests (no parser needed).

:func:`make_document` lays out a small budget disclosure on a real (blank)
two-page PDF written with pypdfium2, with bounding boxes for every cell and
sentence, so that the page view, the highlight and click-to-select can be
exercised without the PDF reader.  :func:`make_findings` adds one finding of
each severity on table cells, one on a row and one on a sentence.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from rulefixtures import table

from gouji.model.document import (
    BBox,
    DocKind,
    Document,
    Section,
    SectionKind,
    Sentence,
    Table,
)
from gouji.model.findings import Family, Finding, Location, Severity, cell_location, sentence_location

PAGE_W, PAGE_H = 595.0, 842.0
ROW_H = 20.0
COL_X = [40.0, 110.0, 280.0, 380.0, 480.0, 560.0]


def write_blank_pdf(path: Path, pages: int = 2) -> Path:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(PAGE_W, PAGE_H)
    pdf.save(str(path))
    pdf.close()
    return path


# (code, name, [合计, 基本支出, 项目支出]) per row; the 合计 row has no code
T01_ROWS = [
    (None, "合计", ["1,000.00", "600.00", "401.00"]),
    ("201", "一般公共服务支出", ["700.00", "400.00", "300.00"]),
    ("20101", "人大事务", ["700.00", "400.00", "300.00"]),
    ("208", "社会保障和就业支出", ["300.01", "200.00", "100.00"]),
]
T02_ROWS = [
    (None, "合计", ["900.00", "500.00", "400.00"]),
    ("201", "一般公共服务支出", ["900.00", "500.00", "400.00"]),
]


def _table(
    tid: str, title: str, page: int, top: float, rows: list[tuple[str | None, str, list[str]]]
) -> Table:
    return table(
        None,
        title,
        ("合计", "基本支出", "项目支出"),
        [(code or "", name, *amounts) for code, name, amounts in rows],
        id=tid,
        page=page,
        top=top,
        col_x=COL_X,
        row_h=ROW_H,
    )


def make_document(pdf_path: Path, n_tables: int = 2) -> Document:
    """A two-page budget with ``n_tables`` tables (page 1) and a text section (page 2)."""
    if not pdf_path.exists():
        write_blank_pdf(pdf_path)
    sha = hashlib.sha256(pdf_path.read_bytes()).hexdigest()
    t1 = _table("T01", "支出总体情况表", 1, 80.0, T01_ROWS)
    t2 = _table("T02", "一般公共预算支出情况表", 1, 300.0, T02_ROWS)
    tables = [t1, t2][:n_tables]
    heads = [("S001", "第二部分 情况说明", 1, None, 60.0), ("S002", "一、支出总体情况", 2, "S001", 90.0)]
    sections = [
        Section(
            id=sid,
            kind=SectionKind.EXPLANATION,
            title=title,
            level=level,
            page=2,
            parent=parent,
            bbox=BBox(x0=60, top=top, x1=300, bottom=top + 20),
        )
        for sid, title, level, parent, top in heads
    ]
    texts = [
        "2024年支出预算1,000.00万元，其中基本支出600.00万元。",
        "项目支出预算410.00万元，比上年增加10.00万元，增长2.5%。",
        "主要用于人大事务等方面。",
    ]
    sentences = [
        Sentence(
            index=i,
            text=t,
            section_id="S002",
            page=2,
            bbox=BBox(x0=60, top=120 + 24 * i, x1=535, bottom=138 + 24 * i),
        )
        for i, t in enumerate(texts)
    ]
    sections[1].sentence_ids = [s.index for s in sentences]
    return Document(
        path=str(pdf_path),
        sha256=sha,
        format="pdf",
        kind=DocKind.BUDGET,
        year=2024,
        unit_name="某某单位",
        title="2024年某某单位预算",
        money_unit="万元",
        page_count=2,
        page_sizes=[(PAGE_W, PAGE_H), (PAGE_W, PAGE_H)],
        sections=sections,
        sentences=sentences,
        tables=tables,
    )


def _finding(
    fid: str,
    rule: str,
    family: Family,
    severity: Severity,
    title: str,
    message: str,
    locations: list[Location],
    amounts: tuple[str, str, str] | None = None,
    formula: str = "",
) -> Finding:
    """A finding; ``amounts`` are its stated, computed and difference figures."""
    stated, computed, difference = (Decimal(a) for a in amounts) if amounts else (None, None, None)
    return Finding(
        id=fid,
        rule=rule,
        family=family,
        severity=severity,
        title=title,
        message=message,
        formula=formula,
        stated=stated,
        computed=computed,
        difference=difference,
        locations=locations,
    )


def make_findings(doc: Document) -> list[Finding]:
    """One finding of each severity on T01 cells and a row, one across T01 / T02, one on a sentence."""
    t1 = doc.tables[0]
    total, r201, _, r208 = t1.rows
    out = [
        _finding(
            "arith.row:0001",
            "arith.row_identity",
            Family.ARITHMETIC,
            Severity.ERROR,
            "行内勾稽",
            "合计行：合计 1,000.00 ≠ 基本支出 600.00 + 项目支出 401.00",
            [cell_location(t1, total, 2), cell_location(t1, total, 4)],
            ("1000.00", "1001.00", "-1.00"),
            formula="合计 = 基本支出 + 项目支出",
        ),
        _finding(
            "arith.class:0002",
            "arith.class_sum",
            Family.ARITHMETIC,
            Severity.ROUNDING,
            "类款项加总",
            "208 类 300.01 与各款之和相差 0.01（尾差）",
            [cell_location(t1, r208, 2)],
            ("300.01", "300.00", "0.01"),
        ),
        _finding(
            "complete.row:0003",
            "completeness.row",
            Family.COMPLETENESS,
            Severity.WARNING,
            "科目名称",
            "201 类科目名称与其他表不一致",
            [cell_location(t1, r201, None)],
        ),
    ]
    if len(doc.tables) > 1:
        t2 = doc.tables[1]
        inter = [cell_location(t2, t2.rows[0], 2), cell_location(t1, total, 2)]
        out.append(
            _finding(
                "inter.total:0004",
                "inter.t3_t5",
                Family.INTER_TABLE,
                Severity.ERROR,
                "表间勾稽",
                "T02 合计 900.00 ≠ T01 合计 1,000.00",
                inter,
                ("900.00", "1000.00", "-100.00"),
            )
        )
    growth = "增长率应为 2.50%（10.00 / 400.00），文中为 2.5%——实际项目支出与表不符"
    text = [sentence_location(doc.sentences[1])]
    out.append(
        _finding(
            "rates.growth:0005",
            "rates.growth",
            Family.RATES,
            Severity.ERROR,
            "增长率",
            growth,
            text,
            ("410.00", "401.00", "9.00"),
        )
    )
    return out


def loc_of(f: Finding) -> Location:
    return f.locations[0]


# --------------------------------------------------------------------------
# window factory (imported by the GUI test modules as a fixture)
# --------------------------------------------------------------------------


def factory_loader(delay: float = 0.0):
    """A loader with :func:`gouji.gui.workers.load_document`'s signature over the hand-built document.

    It reports progress, hands over a provisional one-table document, then the
    full document with :func:`make_findings` and any saved review.
    """
    import time

    from gouji.gui.workers import LoadResult
    from gouji.io.errors import Cancelled
    from gouji.model.review import load_review

    def load(path: str, *, state, review_locations=None) -> LoadResult:
        p = Path(path)
        state.set_progress(0.1, "读取页面")
        state.partial(make_document(p, n_tables=1))
        t_end = time.monotonic() + delay
        while time.monotonic() < t_end:
            if state.is_cancelled():
                raise Cancelled(path)
            time.sleep(0.01)
        doc = make_document(p)
        findings = make_findings(doc)
        state.set_progress(1.0, "完成")
        for cand in review_locations(doc) if review_locations else []:
            review = load_review(cand, doc.sha256)
            if review is not None:
                return LoadResult(doc, findings, review, cand)
        return LoadResult(doc, findings, None, None)

    return load


def window_factory(qtbot, tmp_path):
    """Generator behind the ``make_window`` fixtures of the GUI test modules.

    Builds main windows with private settings and review folder; after the
    test it closes them (which stops their worker and render threads).
    """
    from gouji.gui.app import create_application
    from gouji.gui.i18n import set_language
    from gouji.gui.qt_main_window import QtMainWindow

    create_application()  # the app's names and CJK font on pytest-qt's QApplication
    from PySide6.QtCore import QSettings

    made: list = []

    def make(loader=None, settings_name: str = "settings.ini", **kw):
        settings = QSettings(str(tmp_path / settings_name), QSettings.Format.IniFormat)
        if not settings.contains("findings/showRounding"):  # the tests count every finding, 尾差 too
            settings.setValue("findings/showRounding", True)
        w = QtMainWindow(
            settings=settings,
            review_folder=tmp_path / "reviews",
            **({"loader": loader} if loader is not None else {}),
            **kw,
        )
        qtbot.addWidget(w)
        w.resize(1400, 900)
        w.show()
        made.append(w)
        return w

    yield make
    for w in made:
        if w.isVisible():
            w.close()
    set_language("zh")
    import gc

    assert gc.isenabled(), "a window left the garbage collector paused"
