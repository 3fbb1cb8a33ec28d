"""Performance tables: 绩效目标表 and 绩效自评表 → :class:`~gouji.model.document.PerfTable`.

The assembler recognises a performance table by its title and hands the rows
of the table to :func:`parse_perf`.  Rows come in two shapes:

* **grids** (PDF, DOCX, XLSX, tab-separated seed text): one cell per column;
  merged cells are repeated (DOCX) or blank (PDF); wrapped labels carry line
  breaks ("全年执行\\n数"); some rows of real documents are shifted by a
  column or split over two rows ("满意度指" / "标");
* **flat sequences** (the seed text of final accounts): one cell per row, the
  grid's rows separated by empty rows (``[]``).  Without separators the rows
  are rebuilt from the header widths (:func:`~gouji.io.assemble.perf_flat.regroup_flat`).

The parse is a pipeline: :func:`~gouji.io.assemble.perf_flat.logical_rows`
(flat → grid, clean the text) → zone detection per row (key/value labels,
funds header, goals, indicator header, 总分; :class:`_Parser` here) → one
reader per part: the form (:mod:`gouji.io.assemble.perf_form`) and the
indicators (:mod:`gouji.io.assemble.perf_indicators`).  Labels and their
vocabularies are in :mod:`gouji.io.assemble.perf_labels`, cell clean-up in
:mod:`gouji.io.assemble.perf_cells`; values are read by
:func:`gouji.model.numbers.strict_number`.

Conventions of the result:

* ``fields`` keys are canonical labels: "项目名称", "单位名称", "主管部门",
  "实施单位", "预算单位", "项目负责人", "年度预算总额", "财政拨款",
  "其他资金", "年度绩效目标", "项目总体目标", "预期目标", "实际完成情况",
  and for self-evaluations the total funds row's "年初预算数", "全年预算数",
  "全年执行数", "分值", "执行率", "得分"; "总分权重" when the 总分 row
  prints the weight total.
* each ``funds`` entry maps "名称" (row label, e.g. "年度资金总额",
  "其中：当年财政拨款", "上级资金", "合计"), optionally "分组" (e.g.
  "财政资金"), and the canonical column labels to cells.
* money cells carry the printed amount in the table's unit (``unit``,
  usually 万元); percentage cells ("86%", "100.00%") carry the printed
  percent number (86, 100.00); "100.00分" carries 100.00.  Blank, "-", "—"
  and "/" cells have ``blank=True`` and no value.
* the 绩效目标表 of a unit as a whole lists its funds as rows: each ``funds``
  entry then holds "分组" ("财政资金(万元)"), "名称" ("上级安排") and
  "资金总额"; ``fields`` maps each 名称 to its amount.
* indicator text is normalised the same way for every format: wrapped lines
  joined, spaces next to Chinese characters dropped ("2024 年" → "2024年"),
  split comparison signs joined ("> =90%" → ">=90%"), converter markup
  ("<p>", "[bookmark: …]", "$\\geq 90\\%$") removed.  A target printed in
  three columns (指标性质 | 指标值 | 计量单位) is joined ("≥68%").
* list-style target tables (one table, many projects in a 项目名称 column)
  come back whole from :func:`parse_perf` (one ``funds`` entry per project)
  and split per project from :func:`parse_perf_groups`.
"""

from __future__ import annotations

import re
from typing import Literal

from gouji.io.assemble.perf_cells import label_key
from gouji.io.assemble.perf_flat import logical_rows
from gouji.io.assemble.perf_form import FormReader, is_fund_header, is_goal_header, is_kv_row
from gouji.io.assemble.perf_indicators import IndicatorReader, ProjectGroup
from gouji.io.assemble.perf_labels import is_indicator_header, is_stop_title
from gouji.io.raw import RawCell
from gouji.model.document import PerfTable, StdTable

__all__ = ["parse_perf", "parse_perf_groups"]


def parse_perf(std: StdTable, rows: list[list[RawCell]], unit: str | None = None) -> PerfTable:
    """Parse the rows of one performance table (the whole table; see also :func:`parse_perf_groups`).

    Parameters
    ----------
    std
        One of the four ``StdTable.PERF_*`` kinds (decides ``kind`` and ``scope``).
    rows
        The table's rows, grid-shaped or flat (one cell per row), as the
        assembler found them after the title (title and year lines may be
        included; they are skipped).
    unit
        The money unit printed for the table ("万元" / "元"), if known.
        Amounts are kept as printed, in that unit.

    Returns
    -------
    PerfTable
    """
    return _parse(std, rows)[0]


def parse_perf_groups(std: StdTable, rows: list[list[RawCell]], unit: str | None = None) -> list[PerfTable]:
    """Like :func:`parse_perf`, split by project for list-style tables.

    Some budgets print one 项目支出绩效目标表 listing many projects (a 项目名称
    column, the project's amounts and goal on the first row of its
    indicators).  This returns one :class:`PerfTable` per project (the first
    element is the whole table when the table holds a single project or is
    not list-style).  :func:`parse_perf` returns the whole table: with several
    projects its ``funds`` hold one entry per project ("名称" and the
    amounts) and ``project_name`` is empty.
    """
    perf, groups = _parse(std, rows)
    if len(groups) <= 1:
        return [perf]
    out = []
    for g in groups:
        part = PerfTable(kind=perf.kind, scope=perf.scope, indicators=g.indicators)
        part.fields = {k: c for k, c in perf.fields.items() if k not in ("项目名称",)}
        part.fields["项目名称"] = g.name
        part.fields.update(g.fields)
        part.project_name = g.name.text
        out.append(part)
    return out


def _parse(std: StdTable, rows: list[list[RawCell]]) -> tuple[PerfTable, list[ProjectGroup]]:
    kind: Literal["target", "self_eval"] = (
        "target" if std in (StdTable.PERF_TARGET_OVERALL, StdTable.PERF_TARGET_PROJECT) else "self_eval"
    )
    scope: Literal["overall", "project"] = (
        "overall" if std in (StdTable.PERF_TARGET_OVERALL, StdTable.PERF_SELF_OVERALL) else "project"
    )
    perf = PerfTable(kind=kind, scope=scope)
    parser = _Parser(perf)
    parser.run(logical_rows(rows))
    groups = parser.indicators.groups
    if len(groups) == 1:
        g = groups[0]
        perf.fields.setdefault("项目名称", g.name)
        for k, c in g.fields.items():
            perf.fields.setdefault(k, c)
    elif len(groups) > 1:
        for g in groups:
            perf.funds.append({"名称": g.name, **{k: c for k, c in g.fields.items() if k != "年度绩效目标"}})
    perf.project_name = _project_name(perf) if len(groups) <= 1 else ""
    return perf, groups


def _project_name(perf: PerfTable) -> str:
    order = (
        ("项目名称", "单位名称", "预算单位", "实施单位")
        if perf.scope == "project"
        else ("单位名称", "预算单位", "项目名称", "实施单位")
    )
    for k in order:
        c = perf.fields.get(k)
        if c is not None and c.text and not c.blank:
            return c.text
    return ""


_DASHES = re.compile(r"^[-—－_=\s]*$")
_YEAR = re.compile(r"[（(]?\d{4}年度?[）)]?")
_GOAL_FIELDS = ("年度总体目标", "项目总体目标", "年度绩效目标")


class _Parser:
    """Reads a table's rows in order, handing each to the form or the indicator reader.

    ``state`` is the part the last header opened: "head" (key / value pairs),
    "funds", "goal" (the row under the goals header) or "ind" (indicators).
    """

    def __init__(self, perf: PerfTable):
        self.perf = perf
        self.state = "head"
        self.form = FormReader(perf)
        self.indicators = IndicatorReader(perf)

    def run(self, rows: list[list[RawCell]]) -> None:
        for row in rows:
            texts = [c.text for c in row]
            keys = [label_key(t) for t in texts]
            nonempty = [k for k in keys if k]
            if not nonempty or all(_DASHES.match(t) for t in texts):
                continue
            if len(nonempty) == 1 and (is_stop_title(nonempty[0]) or _YEAR.fullmatch(nonempty[0])):
                continue  # title / year line
            if is_indicator_header(keys):
                self.indicators.header(keys)
                self.state = "ind"
                continue
            if self.form.pending_value(row, keys, take=self.state != "ind"):
                continue
            if self.state == "ind":
                self.indicators.read(row, keys)
                continue
            if is_fund_header(keys):
                self.form.fund_header(keys)
                self.state = "funds"
                continue
            if self.form.vertical_money(row, keys):
                continue
            if is_goal_header(keys):
                self.form.goal_header(keys)
                self.state = "goal"
                continue
            if self.state == "goal":
                self.state = "head"
                if self.form.goal_row(row, keys):
                    continue
            if self.state == "funds":
                if is_kv_row(keys) or nonempty[0] in _GOAL_FIELDS:
                    self.state = "head"
                else:
                    self.form.fund_row(row, keys)
                    continue
            self.form.kv(row, keys)
