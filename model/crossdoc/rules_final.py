"""A final account against the same year's budget disclosure of the same unit.

* ``cross.final_budget`` — the final account's 一般公共预算财政拨款支出决算表 column 年初预算数,
  by code and total, against the budget's 一般公共预算支出表 合计 column (an error: 年初预算 is
  the published budget); its "三公" table's budget columns against the budget's "三公" table
  (a warning unless the column says 年初预算: the final account's 预算数 may include adjustments).
"""

from __future__ import annotations

import re
from typing import Iterator

from gouji.model.crossdoc.compare import CellKey, column_key, keyed_cells, row_key, the_table
from gouji.model.crossdoc.engine import CrossContext, register_cross_rule
from gouji.model.crossdoc.relations import DisclosureSet, Relation, RelationKind
from gouji.model.crossdoc.rules_prior import prior_columns
from gouji.model.crossdoc.tables import Side, compare_sum
from gouji.model.document import Column, DocKind, Row, StdTable, Table
from gouji.model.findings import Finding, Severity

ADJUSTED = "决算表中的预算数可能含年度中调整，请核实。"
#: (the final account's columns, the budget's columns, final cell key → budget cell key)
Pairing = tuple[list[Column], list[Column], dict[CellKey, CellKey]]
_TOTAL_LEAF_RE = re.compile(r"(合计|小计|总计)$")
_AMOUNT_KIND_RE = re.compile(r"((19|20)\d\d\s*年度?)?(全年|年初|调整后?)?(预算|决算)数?")


def _total_column(t: Table) -> Column | None:
    """The budget table's total column (合计), or its only amount column."""
    cols = [c for c in t.amount_columns() if _TOTAL_LEAF_RE.search(c.label)]
    if len(cols) == 1:
        return cols[0]
    amount = t.amount_columns()
    return amount[0] if len(amount) == 1 else None


def _gpb_pairs(final: Table, budget: Table, year: int) -> Pairing:
    cols = [c for c in final.amount_columns() if "年初预算" in c.label]
    total = _total_column(budget)
    if len(cols) != 1 or total is None:
        return [], [], {}
    theirs = keyed_cells(budget, [total])
    tkey = column_key(total)
    pairs = {}
    for (rk, ck), _cell in keyed_cells(final, cols).items():
        if (rk, tkey) in theirs:
            pairs[(rk, ck)] = (rk, tkey)
    return cols, [total], pairs


def _three_part(c: Column) -> str | None:
    """Which part of the 三公 a column holds (by its label), None for others (机关运行经费 …)."""
    label = c.label
    # the header level that only says 预算数 / 决算数 ("…/公务接待费/预算数") does not name the part
    parts = [seg for seg in label.split("/") if not _AMOUNT_KIND_RE.fullmatch(seg.strip())]
    leaf = parts[-1] if parts else label
    if "机关运行" in label:
        return None
    for words, where, part in (
        (("出国",), label, "因公出国（境）费"),
        (("接待",), label, "公务接待费"),
        (("小计", "购置及运行"), leaf, "公务用车购置及运行费"),
        (("购置",), leaf, "公务用车购置费"),
        (("运行",), leaf, "公务用车运行费"),
        (("合计",), leaf, "合计"),
    ):
        if any(w in where for w in words):
            return part
    return None


def _parts(cols: list[Column]) -> dict[str, Column]:
    """Columns by 三公 part; a part printed twice makes the whole ambiguous (empty)."""
    out: dict[str, Column] = {}
    for c in cols:
        part = _three_part(c)
        if part is None:
            continue
        if part in out:
            return {}
        out[part] = c
    return out


def _one_row(t: Table) -> Row | None:
    rows = [r for r in t.rows if r.kind != "note" and any(c.value is not None for c in r.cells)]
    return rows[0] if len(rows) == 1 else None


def _three_pairs(final: Table, budget: Table, year: int) -> Pairing:
    """The final account's 三公 budget columns and the budget table's cell of the same part (one row each;
    the budget's prior-year columns left out)."""
    prior = {c.index for c in prior_columns(budget, year, DocKind.BUDGET)}
    fparts = _parts([c for c in final.amount_columns() if "预算" in c.label])
    bparts = _parts([c for c in budget.amount_columns() if "预算" in c.label and c.index not in prior])
    frow, brow = _one_row(final), _one_row(budget)
    if frow is None or brow is None:
        return [], [], {}
    both = [p for p in fparts if p in bparts]
    pairs = {(row_key(frow), column_key(fparts[p])): (row_key(brow), column_key(bparts[p])) for p in both}
    return [fparts[p] for p in both], [bparts[p] for p in both], pairs


@register_cross_rule(
    "cross.final_budget",
    "决算中的预算数与同年预算公开一致",
    RelationKind.FINAL_BUDGET,
    Severity.ERROR,
    "决算一般公共预算财政拨款支出表的年初预算数（按科目编码与合计行）= 同年预算公开一般公共预算支出表合计；"
    "决算“三公”经费表的预算数 = 同年预算“三公”经费表（决算表预算数可含调整，非年初预算时为警告）。",
)
def rule_final_budget(ctx: CrossContext, dset: DisclosureSet, rel: Relation) -> Iterator[Finding]:
    final, budget = dset.documents[rel.a], dset.documents[rel.b]
    name_f, name_b = f"{final.year}年决算", f"{budget.year}年预算公开"
    for fstd, bstd, pairing in (
        (StdTable.F_GPB, StdTable.B_GPB, _gpb_pairs),
        (StdTable.F_THREE_PUBLIC, StdTable.B_THREE_PUBLIC, _three_pairs),
    ):
        tf, tb = the_table(final, fstd), the_table(budget, bstd)
        if tf is None or tb is None:
            continue
        cols, bcols, pairs = pairing(tf, tb, budget.year or 0)
        if not pairs:
            continue
        initial = all("年初" in c.label for c in cols)
        yield from compare_sum(
            ctx,
            Side(final, tf, name_f + "所列预算数", cols),
            [Side(budget, tb, name_b, bcols)],
            severity=Severity.ERROR if initial else Severity.WARNING,
            formula="决算表中的（年初）预算数 = 同年预算公开数",
            why="" if initial else ADJUSTED,
            pairs=pairs,
        )
