"""Column plan of a table: labels from the header, roles from header and data, sides.

:func:`build_columns` joins each column's header path ("财政拨款（补助）/一般公共
预算"), gives it a role (code, name, amount, text) and finds the lists printed
side by side: the two sides of a two-sided table (收入 | 支出) and the
repeated blocks of a 基本支出 table (人员经费 | 公用经费, see
:func:`_side_by_side_blocks`).  Columns that number the rows (序号 / 行次, by
header or by a 1, 2, 3 … run) and columns of unit / project codes (单位编码,
项目编码, or codes that are not 3/5/7 digits) are text: never amounts, never
类 / 款 / 项.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from gouji.io.assemble.table_codes import CODE
from gouji.io.assemble.table_header import TOTAL_WORDS
from gouji.model.document import Column
from gouji.model.numbers import parse_amount
from gouji.model.text import norm

__all__ = [
    "ColumnPlan",
    "build_columns",
    "is_ident_codes",
    "is_ident_label",
    "is_ordinal_label",
    "is_ordinal_run",
]

Role = Literal["code", "name", "amount", "text"]


def _spread(header: list[list[str]], width: int) -> list[list[str]]:
    """Spread merged header cells to the right over the columns they span."""
    h = [[norm(r[j]) if j < len(r) else "" for j in range(width)] for r in header]
    for i in range(len(h) - 1):
        left = -1
        for j in range(width):
            if h[i][j]:
                left = j
                continue
            below = any(h[k][j] for k in range(i + 1, len(h)))
            # spread only under the same parent cells (a merged cell never crosses its parent's edge)
            if left >= 0 and below and all(h[k][j] == h[k][left] for k in range(i)):
                h[i][j] = h[i][left]
    return h


@dataclass
class ColumnPlan:
    """Columns of a table and, per side (one for an ordinary table), its name, name-group and code columns."""

    columns: list[Column]
    name_cols: list[int | None]  # one per side (two for two-sided tables)
    name_groups: list[
        list[int]
    ]  # the name column and the unlabelled text columns next to it (two-level names)
    code_cols: list[list[int]]  # per side
    split: int | None  # first column of the 支出 side
    #: (first column, end column, side label) of each list printed side by side: the two sides of
    #: a two-sided table, or the blocks of a 基本支出 table (人员经费 | 公用经费); one (0, width, None)
    #: for an ordinary table
    bounds: list[tuple[int, int, str | None]] = field(default_factory=list)
    #: columns that number the rows (序号 / 行次 / 栏次): a row printing its own number is a row of its own
    ordinals: set[int] = field(default_factory=set)


def _dedupe(parts: list[str]) -> list[str]:
    out: list[str] = []
    for p in parts:
        if p and (not out or out[-1] != p):
            out.append(p)
    return out


def build_columns(header: list[list[str]], data: list[list[str]], width: int, two_sided: bool) -> ColumnPlan:
    """Column labels (header path joined with "/") and roles from header and data."""
    spread = _spread(header, width)
    paths = [_dedupe([spread[i][j] for i in range(len(spread))]) for j in range(width)]
    labels = ["/".join(p) for p in paths]
    leaves = [p[-1] if p else "" for p in paths]

    def col_values(j: int) -> list[str]:
        return [norm(r[j]) for r in data if j < len(r) and norm(r[j])]

    roles: list[Role] = []
    ordinals: set[int] = set()  # 序号 / 行次 / 栏次 columns: they number the rows
    idents: set[int] = set()  # 单位编码 / 项目编码 columns: they identify units or projects
    for j in range(width):
        lab, leaf = labels[j], leaves[j]
        vals = col_values(j)
        if is_ordinal_label(leaf) or lab.endswith("行次") or is_ordinal_run(vals):
            roles.append("text")
            ordinals.add(j)
            continue
        if is_ident_label(leaf) or is_ident_codes(lab, vals):
            roles.append("text")
            idents.add(j)
            continue
        codey = any(k in lab for k in ("科目", "编码", "代码"))
        n_amount = sum(
            1 for v in vals if parse_amount(v) is not None and not (codey and _looks_like_code_only(v))
        )
        n_code = sum(1 for v in vals if CODE.match(v))
        # labels merged into the code column ("合计", "…") do not count against it
        n_other = sum(1 for v in vals if not CODE.match(v) and not _is_label_in_code_col(v))
        if leaf in ("类", "款", "项") or (
            ("编码" in lab or "代码" in lab) and (not vals or n_code >= 4 * n_other)
        ):
            roles.append("code")
        elif not vals:
            roles.append("amount" if not _is_texty_label(leaf) else "text")
        elif n_amount >= 0.8 * len(vals) and not _is_texty_label(leaf):
            roles.append("amount")
        else:
            roles.append("text")

    # "科目编码" printed once over 类 | 款 | 项 without the 类/款/项 line: the unlabelled columns right
    # of a code column that hold only 2-digit parts ("06", "01") are its 款 / 项 columns
    for j in range(1, width):
        if roles[j - 1] == "code" and roles[j] != "code" and (not labels[j] or labels[j] == labels[j - 1]):
            vals = col_values(j)
            if vals and all(re.fullmatch(r"\d{2}", v) or _is_label_in_code_col(v) for v in vals):
                if any(re.fullmatch(r"\d{2}", v) for v in vals):
                    roles[j] = "code"
                    labels[j] = leaves[j] = labels[j - 1]
    # the split of two-sided tables: the first column whose top label says 支出
    split = None
    if two_sided:
        tops = [p[0] if p else "" for p in paths]
        # the left list starts at its first column other than a 序号 / 行次 column
        head = next((j for j in range(width) if j not in ordinals), 0)
        for j in range(head + 1, width):
            if "支出" in tops[j] and "收入" not in tops[j] and "收" in tops[head]:
                split = j
                break
        if split is None:
            # second text column = start of the right-hand list
            texty = [j for j in range(width) if roles[j] == "text" and j not in ordinals]
            if len(texty) >= 2:
                split = texty[1]
            elif width >= 4 and width % 2 == 0:
                split = width // 2
    sides: list[tuple[int, int, str | None]] = (
        [(0, split, "收入"), (split, width, "支出")] if split else [(0, width, None)]
    )
    if not two_sided:
        sides = _side_by_side_blocks(roles, paths, leaves, data, width) or sides
    name_cols: list[int | None] = []
    name_groups: list[list[int]] = []
    code_cols: list[list[int]] = []
    for a, b, _side in sides:
        codes = [j for j in range(a, b) if roles[j] == "code"]
        # only the first run of code columns codes the row; a second run after the name is
        # another classification printed beside it (部门预算经济分类 | 政府预算经济分类)
        codes = [j for j in codes if j - codes[0] == codes.index(j)]
        texty = [j for j in range(a, b) if roles[j] == "text" and j not in ordinals | idents]
        named = [
            j for j in texty if any(k in labels[j] for k in ("名称", "项目", "科目", "内容", "单位", "类别"))
        ]
        if any("部门" in labels[j] for j in named):
            # 部门预算 | 政府预算 经济分类 side by side: the department's classification is the row's
            named = [j for j in named if "政府" not in labels[j]] or named
        if named:
            # "科目名称" / "单位名称" before "项目名称" (project tables print both), before "项目类别" …
            name = min(
                named,
                key=lambda j: (
                    0
                    if "名称" in labels[j] and "项目名称" not in labels[j]
                    else 1
                    if "项目名称" in labels[j]
                    else 2,
                    j,
                ),
            )
        elif texty:
            name = texty[0]
        else:
            # no text column (a table of amounts only, "合计 | 基本支出 | 项目支出"): no names
            name_cols.append(None)
            code_cols.append(codes)
            name_groups.append([])
            continue
        if not col_values(name):
            # the names printed in an unlabelled column beside the (empty) 名称 column
            for k in (name - 1, name + 1):
                if a <= k < b and roles[k] == "text" and not labels[k] and col_values(k):
                    labels[k], leaves[k], name = labels[name], leaves[name], k
                    break
        roles[name] = "name"
        name_cols.append(name)
        code_cols.append(codes)
        group = [name]
        k = name + 1
        while k < b and roles[k] == "text" and (not labels[k] or labels[k] == labels[name]):
            labels[k], leaves[k] = labels[name], leaves[name]  # the 名称 header spans a second name level
            group.append(k)
            k += 1
        name_groups.append(group)
    columns: list[Column] = []
    for j in range(width):
        side = next((lab for a, b, lab in sides if a <= j < b), None)
        columns.append(
            Column(
                index=j,
                label=labels[j] or f"第{j + 1}列",
                leaf=leaves[j] or labels[j] or f"第{j + 1}列",
                role=roles[j],
                side=side,
            )
        )
    return ColumnPlan(
        columns=columns,
        name_cols=name_cols,
        name_groups=name_groups,
        code_cols=code_cols,
        split=split,
        bounds=sides,
        ordinals=ordinals,
    )


_BLOCK_TOTAL = re.compile(r"^(.{2,8}?)(?:合计|总计)$")


def _side_by_side_blocks(
    roles: list[Role], paths: list[list[str]], leaves: list[str], data: list[list[str]], width: int
) -> list[tuple[int, int, str | None]] | None:
    """Lists printed side by side with the same columns ("类 | 款 | 科目名称 | 决算数" twice).

    The final-account 基本支出表 prints 人员经费 and 公用经费 as two (or three) blocks
    of code, name and amount columns.  A block starts at a run of code columns;
    every block must repeat the first block's column roles and header leaves and
    hold an amount column.  The side label of a block is its own top header cell
    when the blocks differ there ("人员经费" | "公用经费"), else the name of the
    block's total row ("人员经费合计" → "人员经费"), else "第N栏".

    Returns
    -------
    list of (first column, end column, label), or None for an ordinary table.
    """
    starts = [j for j in range(width) if roles[j] == "code" and (j == 0 or roles[j - 1] != "code")]
    if len(starts) < 2:
        # blocks without code columns: "科目名称 | 金额 | 科目名称 | 金额"
        starts = [j for j in range(width) if roles[j] == "text" and (j == 0 or roles[j - 1] == "amount")]
        if len(starts) < 2 or starts[0] != 0:
            return None
    bounds = [(a, b) for a, b in zip(starts, starts[1:] + [width], strict=True)]
    bounds[0] = (0, bounds[0][1])  # leading columns (行次 …) belong to the first block
    # a column printed without header and without any text (a Word layout column) does not count
    void = {j for j in range(width) if not leaves[j] and not any(j < len(r) and norm(r[j]) for r in data)}

    def pattern(a: int, b: int) -> list[tuple[str, str]]:
        return [(roles[j], leaves[j]) for j in range(a, b) if j not in void]

    first = pattern(starts[0], bounds[0][1])
    if any(pattern(a, b) != first for a, b in bounds[1:]):
        return None
    if not all(any(roles[j] == "amount" for j in range(a, b)) for a, b in bounds):
        return None
    if not all(any(roles[j] == "text" for j in range(a, b)) for a, b in bounds):
        return None
    labels: list[str] = []
    tops = [paths[a][0] if paths[a] else "" for a, _b in bounds]
    distinct_tops = len(paths[starts[0]]) > 1 and len(set(tops)) > 1
    for k, (a, b) in enumerate(bounds):
        label = tops[k] if distinct_tops else None
        if label is None:
            for r in data:
                for j in range(a, min(b, len(r))):
                    m = _BLOCK_TOTAL.match(norm(r[j]))
                    if m and not m.group(1).startswith(("本年", "收入", "支出")):
                        label = m.group(1)
                        break
                if label:
                    break
        labels.append(label or f"第{k + 1}栏")
    out: list[tuple[int, int, str | None]] = []
    seen: set[str] = set()
    for (a, b), lab in zip(bounds, labels, strict=True):
        if lab in seen:
            lab = f"{lab}（续）"
        seen.add(lab)
        out.append((a, b, lab))
    return out


#: header of a column numbering the rows ("序号", doubled glyphs "序序号", "行次", "栏次", "编号")
_ORDINAL_LABEL = re.compile(r"^(?:序+号+|行+次|栏+次|编号|行号)$")
#: header of a column identifying units or projects ("单位编码", "预算单位代码", "项目编码")
_IDENT_LABEL = re.compile(r"(?:单位|部门|项目)(?:编码|代码|编号)$")


def is_ordinal_label(leaf: str) -> bool:
    """A header naming a row-number column (序号 / 行次 / 栏次): never amounts."""
    return bool(_ORDINAL_LABEL.match(norm(leaf)))


def is_ident_label(leaf: str) -> bool:
    """A header naming a unit or project code column (单位编码, 项目代码): never amounts, never 类/款/项."""
    return bool(_IDENT_LABEL.search(norm(leaf)))


def is_ordinal_run(vals: list[str]) -> bool:
    """Small integers counting down the column (1, 2, 3 …, restarting at 1 after a page's own numbering).

    At least three values, all bare integers of at most 4 digits, and at least
    80 % of the steps are +1: a column of row numbers, not of amounts.
    """
    if len(vals) < 3 or not all(re.fullmatch(r"\d{1,4}", v) for v in vals):
        return False
    nums = [int(v) for v in vals]
    steps = sum(1 for a, b in zip(nums, nums[1:], strict=False) if b == a + 1)
    return nums[0] <= 2 and steps >= 0.8 * (len(nums) - 1)


def is_ident_codes(label: str, vals: list[str]) -> bool:
    """A 编码 / 代码 column whose codes are mostly not function / economic codes (6 digits, 8 and more).

    Function and economic codes have 3, 5 or 7 digits (2 for a bare 款 / 项);
    unit codes ("222001") and project codes ("61010022T0001") do not.
    """
    if not any(k in label for k in ("编码", "代码")):
        return False
    codes = [v for v in vals if re.fullmatch(r"[0-9A-Za-z]{2,}", v) and any(ch.isdigit() for ch in v)]
    odd = [v for v in codes if not (v.isdigit() and len(v) in (2, 3, 5, 7))]
    return len(codes) >= 3 and len(odd) > len(codes) / 2


def _is_label_in_code_col(v: str) -> bool:
    n = norm(v)
    return not n or any(w in n for w in TOTAL_WORDS + ("小计",)) or bool(re.fullmatch(r"[…．.·\-—]+", n))


def _looks_like_code_only(v: str) -> bool:
    return bool(CODE.match(v)) and len(v) in (3, 5, 7) and v[0] in "23"


def _is_texty_label(leaf: str) -> bool:
    return any(
        k in leaf
        for k in ("名称", "科目", "内容", "说明", "备注", "依据", "指标", "单位名", "项目")
        if not leaf.endswith("合计")
    ) and not any(
        k in leaf
        for k in ("合计", "小计", "支出", "金额", "数", "费", "收入", "拨款", "资金", "预算", "结余", "结转")
    )
