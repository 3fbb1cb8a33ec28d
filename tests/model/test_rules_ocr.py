"""``ocr.uncertain``: an error that depends on a cell OCR may have misread becomes one warning per table."""

from __future__ import annotations

from decimal import Decimal

from rulefixtures import doc, table
from test_rules_uncertain import COLS, SOUND

from gouji.model.corrections import Correction, apply_corrections, correction_for, undo_correction
from gouji.model.document import Cell, Column, StdTable
from gouji.model.rules.ocr import LOW_CONFIDENCE, uncertainty
from gouji.model.rules.registry import run_rules

ROWS = SOUND  # a hierarchy that reconciles everywhere
RULES = (
    "arith.hierarchy",
    "arith.total_classes",
    "arith.column_identity",
    "ocr.uncertain",
    "parse.uncertain",
)
AMOUNT = Column(index=2, label="合计", role="amount")


def scanned(rows, confidence=0.99):
    """The expense table with every cell read by OCR at ``confidence``."""
    t = table(StdTable.B_EXPENSE, "支出总体情况表", COLS, rows)
    for r in t.rows:
        for c in r.cells:
            c.confidence = confidence
    return t


def cell_of(t, code, col=2):
    return next(r for r in t.rows if r.code == code).cell(col)


def misread(t, code, text, confidence, col=2):
    c = cell_of(t, code, col)
    c.text, c.confidence = text, confidence
    c.value = Decimal(text.replace(",", "")) if text.replace(",", "").replace(".", "").isdigit() else None


def test_uncertainty_of_cells():
    assert uncertainty(Cell(col=2, text="1,801.39", value=Decimal("1801.39")), AMOUNT) is None  # text layer
    assert uncertainty(Cell(col=2, text="1,801.39", confidence=0.99), AMOUNT) is None
    assert uncertainty(Cell(col=2, text="1,801.39", confidence=0.73), AMOUNT) == "置信度 0.73"
    assert "易与数字混淆" in uncertainty(Cell(col=2, text="1,8O1.39", confidence=0.98), AMOUNT)
    assert "规范" in uncertainty(Cell(col=2, text="18,01.39", confidence=0.98), AMOUNT)
    # leading zeros are not how amounts are printed (an upside-down "6.006000" was read "000900")
    assert "规范" in uncertainty(Cell(col=2, text="000900", confidence=0.82), AMOUNT)
    assert uncertainty(Cell(col=2, text="0.50", confidence=0.98), AMOUNT) is None
    assert "规范" in uncertainty(Cell(col=2, text="1.801.39", confidence=0.98), AMOUNT)
    assert uncertainty(Cell(col=2, text="—", blank=True, confidence=0.98), AMOUNT) is None
    name = Column(index=1, label="科目名称", role="name")
    assert uncertainty(Cell(col=1, text="Office", confidence=0.98), name) is None  # only amounts are strict
    fixed = Cell(col=2, text="1,801.39", confidence=0.5, corrected_from="1,8O1.39")
    assert uncertainty(fixed, AMOUNT) is None  # corrected by hand
    assert uncertainty(Cell(col=2, text="1,801.39", confidence=0.83), AMOUNT) is None
    assert LOW_CONFIDENCE == 0.80


def test_certain_scan_still_gives_errors():
    t = scanned(ROWS)
    misread(t, "2010101", "75.00", 0.99)  # read with confidence: a real difference
    fs = run_rules(doc(t), only=RULES)
    assert {f.rule for f in fs if f.severity == "error"} == {"arith.hierarchy", "arith.column_identity"}
    assert not [f for f in fs if f.rule == "ocr.uncertain"]


def test_uncertain_cell_turns_errors_into_one_warning():
    t = scanned(ROWS)
    misread(t, "2010101", "75.00", 0.62)
    fs = run_rules(doc(t), only=RULES)
    assert [f for f in fs if f.severity == "error"] == []
    (w,) = [f for f in fs if f.rule == "ocr.uncertain"]
    assert w.severity == "warning" and w.title == "识别不确定"
    assert "「2010101 行政运行」「合计」读作“75.00”（置信度 0.62）" in w.message
    assert "原结论：" in w.message and "款金额与所属项之和不符" in w.message  # the held finding's words
    assert (w.locations[0].row_code, w.locations[0].column) == ("2010101", 2)
    assert w.stated is not None or "；" in w.formula


def test_confusable_text_is_uncertain_even_with_high_confidence():
    t = scanned(ROWS)
    c = cell_of(t, "20101", 3)
    c.text, c.value = "9O.00", Decimal("9")  # O for 0, the value the reader salvaged is wrong
    fs = run_rules(doc(t), only=RULES)
    assert [f for f in fs if f.severity == "error"] == []
    assert [f.rule for f in fs if f.severity == "warning"] == ["ocr.uncertain"]


def test_text_layer_document_is_untouched():
    t = table(StdTable.B_EXPENSE, "支出总体情况表", COLS, ROWS)
    c = cell_of(t, "2010101")
    c.text, c.value = "75.00", Decimal("75.00")
    fs = run_rules(doc(t), only=RULES)
    assert {f.rule for f in fs if f.severity == "error"} == {"arith.hierarchy", "arith.column_identity"}


def test_correction_makes_the_cell_certain_and_rules_use_its_value():
    t = scanned(ROWS)
    misread(t, "2010101", "75.00", 0.62)
    d = doc(t)
    row = next(r for r in t.rows if r.code == "2010101")
    c = correction_for(t, row, t.columns[2], "70.00", "张三")
    assert (c.original, c.corrected, c.added) == ("75.00", "70.00", False)
    assert apply_corrections(d, [c]) == []
    cell = row.cell(2)
    assert (cell.text, cell.value, cell.corrected_from) == ("70.00", Decimal("70.00"), "75.00")
    assert run_rules(d, only=RULES) == []  # the corrected value reconciles
    assert undo_correction(d, c)
    assert (cell.text, cell.value, cell.corrected_from) == ("75.00", Decimal("75.00"), None)


def test_correction_to_a_wrong_value_gives_a_certain_error():
    t = scanned(ROWS)
    misread(t, "2010101", "75.00", 0.62)
    d = doc(t)
    row = next(r for r in t.rows if r.code == "2010101")
    apply_corrections(d, [correction_for(t, row, t.columns[2], "80.00")])
    fs = run_rules(d, only=RULES)
    assert {f.rule for f in fs if f.severity == "error"} == {
        "arith.hierarchy",
        "arith.column_identity",
    }  # the reviewer's value is certain


def test_correction_found_again_after_rows_moved_and_reported_when_gone():
    t = scanned(ROWS)
    d = doc(t)
    row = next(r for r in t.rows if r.code == "20805")
    c = correction_for(t, row, t.columns[2], "99.00")
    moved = c.model_copy(update={"row": 0})  # indexes shifted: found again by code and name
    assert apply_corrections(d, [moved]) == [] and row.cell(2).text == "99.00"
    gone = Correction(table="T01", row=3, row_code="999", row_name="没有这一行", column=2, column_label="合计",
                      original="1.00", corrected="2.00")  # fmt: skip
    (note,) = apply_corrections(d, [gone])
    assert "找不到" in note and "保留" in note


def test_correction_of_a_missing_cell_adds_it_and_undo_removes_it():
    t = scanned(ROWS)
    d = doc(t)
    row = next(r for r in t.rows if r.code == "208")
    row.cells = [c for c in row.cells if c.col != 4]
    c = correction_for(t, row, t.columns[4], "50.00")
    assert c.added and c.original == ""
    apply_corrections(d, [c])
    assert row.cell(4).value == Decimal("50.00")
    undo_correction(d, c)
    assert row.cell(4) is None


def test_merge_takes_new_and_newer_corrections():
    from datetime import datetime

    from gouji.model.corrections import merge_corrections

    old = Correction(table="T01", row=1, column=2, original="1", corrected="2", time=datetime(2026, 1, 1))
    newer = old.model_copy(update={"corrected": "3", "time": datetime(2026, 2, 1)})
    other = old.model_copy(update={"row": 2})
    mine = [old]
    assert merge_corrections(mine, [newer, other]) == 2
    assert [c.corrected for c in mine] == ["3", "2"]
    assert merge_corrections(mine, [old]) == 0  # an older one never replaces a newer


def test_an_uncertain_addend_named_only_in_terms_counts():
    from gouji.model.findings import Family, Finding, Term, cell_location
    from gouji.model.rules.ocr import rule_ocr_uncertain
    from gouji.model.rules.registry import RuleContext, get_rule

    t = scanned(ROWS)
    misread(t, "20805", "100.00", 0.55)
    d = doc(t)
    row = next(r for r in t.rows if r.code == "20805")
    other = next(r for r in t.rows if r.code == "208")
    f = Finding(id="x:1", rule="inter.x", family=Family.INTER_TABLE, severity="error", title="x", message="m",
                locations=[cell_location(t, other, 2)],
                terms=[Term(label="20805", value=Decimal(100), location=cell_location(t, row, 2))])  # fmt: skip
    ctx = RuleContext(get_rule("ocr.uncertain"), d)
    (w,) = rule_ocr_uncertain(d, ctx, [f])
    assert w.rule == "ocr.uncertain" and "20805" in w.message
    certain = f.model_copy(update={"terms": []})
    assert rule_ocr_uncertain(d, ctx, [certain]) == [certain]


def test_uncertain_cell_of_a_performance_table_found_by_its_box():
    from rulefixtures import perf_target

    from gouji.model.document import BBox

    t = perf_target("执法办案补充经费", total="170.00")
    for i, c in enumerate(t.perf.fields.values()):
        c.page, c.bbox, c.confidence = 2, BBox(x0=100, top=100 + 20 * i, x1=200, bottom=118 + 20 * i), 0.99
    rules = ("perf.target_funds", "ocr.uncertain")
    assert [f.severity for f in run_rules(doc(t), only=rules)] == ["error"]  # read with confidence
    t.perf.fields["年度预算总额"].confidence = 0.61
    (w,) = run_rules(doc(t), only=rules)
    assert w.rule == "ocr.uncertain" and "「年度预算总额」读作“170.00”（置信度 0.61）" in w.message


def test_an_error_stated_by_a_sentence_read_with_hesitant_digits_is_one_warning():
    from test_rules_narrative import GPB, basic_table, gpb_table, make_doc

    d = make_doc(
        [
            (GPB, ["项目支出 4,870.00 万元。"]),
            ("六、一般公共预算基本支出情况说明", ["人员经费 11,470.77 万元。"]),
        ],
        [gpb_table(), basic_table()],
    )
    rules = ("narr.amount", "ocr.uncertain")
    assert [f.severity for f in run_rules(d, only=rules)] == ["error", "error"]  # a text layer
    project, personnel = (s for s in d.sentences if "万元" in s.text)
    project.confidence, personnel.confidence = LOW_CONFIDENCE - 0.2, 0.97  # a scan: one sentence hesitant
    fs = run_rules(d, only=rules)
    assert sorted((f.rule, f.severity) for f in fs) == [
        ("narr.amount", "error"),
        ("ocr.uncertain", "warning"),
    ]
    (w,) = [f for f in fs if f.rule == "ocr.uncertain"]
    assert "文字识别不确定" in w.message and "置信度 0.60" in w.message and "4,870.00" in w.message
    assert w.locations[0].sentence == project.index and (w.stated, w.computed) == (
        Decimal("4870.00"),
        Decimal("4780.00"),
    )
    (e,) = [f for f in fs if f.rule == "narr.amount"]
    assert e.locations[0].sentence == personnel.index  # read with confidence: still an error
