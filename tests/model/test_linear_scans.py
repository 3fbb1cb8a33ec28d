"""Linear-time rules and text scanning: the scans give what the one-position-at-a-time versions gave,
and no longer repeat work per row or per number (the speed figures: tests/benchmarks/scaling.py)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gouji.model.document import Cell, Column, DocKind, Document, Row, StdTable, Table
from gouji.model.rules import text_marks, textnum
from gouji.model.rules.registry import run_rules

# --------------------------------------------------------------------------- references


def segment_ref(text: str, pos: int) -> int:
    n = 0
    for i in range(min(pos, len(text))):
        if text[i] in text_marks.STRONG_BOUNDARY or any(
            text.startswith(m, i) for m in text_marks.BREAKDOWN_MARKERS
        ):
            n += 1
    return n


def clause_ref(text: str, pos: int) -> int:
    return sum(1 for i in range(min(pos, len(text))) if text_marks.is_boundary(text, i))


def clause_start_ref(text: str, pos: int, skip_label_colon: bool = True) -> int:
    j = pos
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if skip_label_colon and j > 0 and text[j - 1] in "：:":
        j -= 1
    i = j
    while i > 0 and not text_marks.is_boundary(text, i - 1):
        i -= 1
    return i


def bracket_end_ref(t: str, pos: int) -> int:
    depth = text_marks.depths(t)
    for k in range(pos, len(t)):
        if t[k] in text_marks.CLOSE and depth[k] < depth[pos]:
            return k
    return len(t)


_ALPHABET = st.sampled_from(list("其中包括分别是为，,；;。：:、！？（()）1 2万元甲"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60), st.integers(0, 70))
def test_boundary_scans_equal_the_position_by_position_scans(text, pos):
    assert text_marks.segment_at(text, pos) == segment_ref(text, pos)
    assert text_marks.clause_at(text, pos) == clause_ref(text, pos)
    at = min(pos, len(text))  # a clause ends at a number inside the text
    assert textnum._clause_start(text, at) == clause_start_ref(text, at)
    if pos < len(text):
        assert text_marks.bracket_end(text, pos) == bracket_end_ref(text, pos)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("卫生健康支出（类）(款)项 ，12")), max_size=40))
def test_level_names_are_the_lazy_patterns_matches(text):
    import re

    lazy = re.compile(r"([^\s，。；：:,;()（）\d]+?)\s*[（(]\s*(类|款|项)\s*[）)]")
    assert textnum._LEVEL_RE.findall(text) == lazy.findall(text)


def test_a_long_line_without_level_markers_is_scanned_once():
    # the lazy name pattern retried at every start: 50k characters took ~50 s (quadratic); the
    # guard is a thousand times the linear time, so it only fails on the quadratic scan
    code = "from gouji.model.rules import textnum; textnum.analyse('社会保障和就业支出' * 20000 + '100万元')"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# --------------------------------------------------------------------------- numbered rows


def _outline_table(items: int) -> Table:
    cols = [
        Column(index=0, label="收入/项目", leaf="项目", role="name", side="收入"),
        Column(index=1, label="收入/预算数", leaf="预算数", role="amount", side="收入"),
    ]
    rows: list[Row] = []
    for i in range(1, items + 1):
        rows.append(
            Row(
                index=len(rows), name=f"第{i}项", side="收入", cells=[Cell(col=1, text="3", value=Decimal(3))]
            )
        )
        for k in ("一", "二", "三"):
            rows.append(
                Row(
                    index=len(rows),
                    name=f"（{k}）子项",
                    side="收入",
                    cells=[Cell(col=1, text="1", value=Decimal(1))],
                )
            )
    rows[0] = rows[0].model_copy(update={"name": "一、第1项"})
    total = Decimal(3 * items)
    rows.append(
        Row(
            index=len(rows),
            name="收入总计",
            kind="total",
            side="收入",
            cells=[Cell(col=1, text=str(total), value=total)],
        )
    )
    return Table(
        id="T01", std=StdTable.B_OVERVIEW, title="收支总体情况表", two_sided=True, columns=cols, rows=rows
    )


def test_numbered_sub_items_are_found_without_searching_the_rows(monkeypatch):
    # each numbered row's sub-items were found by searching the row list for the row (a pydantic
    # comparison per row above it): rows² comparisons; now by position
    calls = 0
    eq = Row.__eq__

    def counting(self, other):
        nonlocal calls
        calls += 1
        return eq(self, other)

    monkeypatch.setattr(Row, "__eq__", counting)
    t = _outline_table(400)
    doc = Document(path="x.txt", sha256="0", format="text", kind=DocKind.BUDGET, tables=[t])
    run_rules(doc, only=["arith.two_sided"])
    assert calls < 10 * len(t.rows)
