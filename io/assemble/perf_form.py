"""The form part of a performance table: key / value pairs, the funds table, the goals.

Above its indicator list a 绩效目标表 / 自评表 is a form: labelled values
("项目名称 | 某项目", "年度预算总额 | 100.00"), money labels with their amounts
printed in the row below, a funds table (资金来源 rows × 年初预算数 / 全年预算数 /
全年执行数 / 分值 / 执行率 / 得分 columns) and the goals (预期目标 | 实际完成情况).
:class:`FormReader` reads them into ``PerfTable.fields`` and ``PerfTable.funds``
(canonical labels: see :mod:`gouji.io.assemble.perf`).
"""

from __future__ import annotations

from gouji.io.assemble.perf_cells import label_key, make_cell
from gouji.io.assemble.perf_labels import (
    FUND_COLUMNS,
    GOAL_LABELS,
    MONEY_LABELS,
    TEXT_LABELS,
    TOTAL_NAMES,
    ZONE_LABELS,
)
from gouji.io.raw import RawCell
from gouji.model.document import Cell, PerfTable
from gouji.model.numbers import strict_number


def is_kv_row(keys: list[str]) -> bool:
    """A row with a text label ("项目名称", "主管部门" …)."""
    return any(k in TEXT_LABELS for k in keys)


def is_fund_header(keys: list[str]) -> bool:
    """The header row of the funds table."""
    cols = {FUND_COLUMNS[k] for k in keys if k in FUND_COLUMNS}
    money = cols & {"年初预算数", "全年预算数", "全年执行数"}
    return len(money) >= 2 or ("资金总额" in cols and "资金来源" in keys)


def is_goal_header(keys: list[str]) -> bool:
    """The header row of the goals ("预期目标 | 实际完成情况")."""
    return sum(1 for k in set(keys) if k in GOAL_LABELS) >= 2


class FormReader:
    """Reads the form rows of one table into ``perf.fields`` and ``perf.funds``."""

    def __init__(self, perf: PerfTable):
        self.perf = perf
        self.fund_cols: dict[int, str] = {}
        self.fund_first = 0
        self.fund_group = ""
        self.fund_group_col = 0
        self.goal_cols: dict[int, str] = {}
        self.pending: str | None = None  # a label whose value is printed on the next row
        self.vertical: dict[int, str] = {}  # money labels whose amounts are printed below them

    # ---------------------------------------------------------------- key / value
    def pending_value(self, row: list[RawCell], keys: list[str], take: bool) -> bool:
        """The value of a goal label printed alone on the row before; False when this row is not it.

        The pending label is dropped either way; ``take`` is False inside the indicator part.
        """
        if self.pending is None:
            return False
        name, self.pending = self.pending, None
        if not take or any(k in TEXT_LABELS or k in MONEY_LABELS for k in keys if k):
            return False
        j = next(j for j, k in enumerate(keys) if k)
        self.perf.fields.setdefault(name, make_cell(j, row[j], numeric=False))
        return True

    def kv(self, row: list[RawCell], keys: list[str]) -> None:
        """Label | value pairs ("项目名称 | 某项目 | 主管部门 | 某局"), merged repeats skipped."""
        n = len(row)
        j = 0
        while j < n:
            k = keys[j]
            name = TEXT_LABELS.get(k) or MONEY_LABELS.get(k)
            if name is None:
                j += 1
                continue
            # skip repeats of the label (merged cells) and blanks, stop at the next label
            v = j + 1
            while v < n and (keys[v] == k or keys[v] == ""):
                v += 1
            if (
                v < n
                and keys[v] not in TEXT_LABELS
                and keys[v] not in MONEY_LABELS
                and keys[v] not in ZONE_LABELS
            ):
                numeric = k in MONEY_LABELS
                if name not in self.perf.fields:
                    self.perf.fields[name] = make_cell(v, row[v], numeric=numeric)
                # skip the value's merged repeats
                w = v + 1
                while w < n and keys[w] == keys[v]:
                    w += 1
                j = w
            else:
                if (
                    name in ("年度绩效目标", "项目总体目标")
                    and all(not x or x == k for x in keys[j:])
                    and name not in self.perf.fields
                ):
                    self.pending = name  # "当年整体绩效目标" alone on its row: the text follows
                j = v

    def vertical_money(self, row: list[RawCell], keys: list[str]) -> bool:
        """Money labels in one row, their amounts in a later row under them.

        "预算支出总额 | 财政拨款 | … | 其他资金" / "合计 | 基本支出 | 项目支出" /
        "32,852.05 | 32,801.94 | …": the amount under each label's first column.
        """
        labels = {j: MONEY_LABELS[k] for j, k in enumerate(keys) if k in MONEY_LABELS}
        numbers = {j: c for j, c in enumerate(row) if c.text and strict_number(c.text) is not None}
        if len(labels) >= 2 and not numbers:
            first: dict[int, str] = {}
            for j, name in labels.items():
                if name not in first.values():
                    first[j] = name
            self.vertical = first
            return True
        if not self.vertical:
            return False
        if not numbers:
            if any(k in TEXT_LABELS or k in GOAL_LABELS for k in keys if k):
                self.vertical = {}
                return False
            return True  # a sub-header row ("合计 | 基本支出 | 项目支出")
        for j, name in self.vertical.items():
            if j in numbers:
                self.perf.fields.setdefault(name, make_cell(j, row[j]))
        self.vertical = {}
        return True

    # ---------------------------------------------------------------- funds
    def fund_header(self, keys: list[str]) -> None:
        """The header of the funds table ("年初预算数 | 全年预算数 | 全年执行数 | 分值 …")."""
        self.fund_cols = {}
        seen: set[str] = set()
        for j, k in enumerate(keys):
            name = FUND_COLUMNS.get(k)
            if name and name not in seen:
                self.fund_cols[j] = name
                seen.add(name)
        self.fund_first = min(self.fund_cols)
        self.fund_group = ""
        self.fund_group_col = 0

    def fund_row(self, row: list[RawCell], keys: list[str]) -> None:
        """A row of the funds table: an entry of ``perf.funds``; the total row fills ``perf.fields``."""
        labels: list[tuple[int, str]] = []
        for j in range(min(self.fund_first, len(row))):
            t = row[j].text
            if t and keys[j] not in ZONE_LABELS and (not labels or labels[-1][1] != t):
                labels.append((j, t))
        if not labels:
            return  # a blank or continuation row of the funds part
        entry: dict[str, Cell] = {}
        name_j, name = labels[-1]
        entry["名称"] = make_cell(name_j, row[name_j], numeric=False)
        if len(labels) >= 2:
            self.fund_group = labels[-2][1]
            self.fund_group_col = labels[-2][0]
        if self.fund_group and self.perf.kind == "target":
            entry["分组"] = Cell(col=self.fund_group_col, text=self.fund_group)
        for j, col in self.fund_cols.items():
            entry[col] = make_cell(j, row[j] if j < len(row) else None)
        self.perf.funds.append(entry)
        key = label_key(name)
        is_total = key in TOTAL_NAMES
        if is_total or (len(self.perf.funds) == 1 and self.perf.kind == "self_eval"):
            for col in self.fund_cols.values():
                if is_total or col not in self.perf.fields:
                    self.perf.fields[col] = entry[col]
        if self.perf.kind == "target" and label_key(name) in MONEY_LABELS and "资金总额" in entry:
            self.perf.fields.setdefault(MONEY_LABELS[label_key(name)], entry["资金总额"])
        elif self.perf.kind == "target" and "资金总额" in entry:
            self.perf.fields.setdefault(key, entry["资金总额"])

    # ---------------------------------------------------------------- goals
    def goal_header(self, keys: list[str]) -> None:
        """The goals header: the column of each goal."""
        self.goal_cols = {}
        for j, k in enumerate(keys):
            if k in GOAL_LABELS and GOAL_LABELS[k] not in self.goal_cols.values():
                self.goal_cols[j] = GOAL_LABELS[k]

    def goal_row(self, row: list[RawCell], keys: list[str]) -> bool:
        """The row under the goals header: the goal texts (False for a key / value row)."""
        if any(k in TEXT_LABELS or k in MONEY_LABELS for k in keys if k):
            return False
        for j, name in self.goal_cols.items():
            if j < len(row) and row[j].text:
                self.perf.fields[name] = make_cell(j, row[j], numeric=False)
        return True
