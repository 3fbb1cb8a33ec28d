"""Header analysis, column roles, code normalisation and row building for one table.

Pure functions used by :mod:`gouji.io.assemble.assembler`.  A table arrives as a list of
grids (the first one after its title, then the continuation grids of later
pages); this module turns them into ``Table.header``, ``Table.columns`` and
``Table.rows``.

Lists printed side by side are read as separate row lists, each with its
``side``: the two sides of a two-sided table (收入 | 支出) and the repeated
blocks of a 基本支出 table (人员经费 | 公用经费, see :func:`_side_by_side_blocks`).
Codes come from the first run of code columns (类 | 款 | 项, blank leading parts
inherited from the rows above) or from a code printed before the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gouji.io.assemble.amounts import looks_like_amount, normalise_digits, parse_amount
from gouji.io.raw import RawCell, RawGrid
from gouji.model.document import BBox, Cell, Column, Row

__all__ = [
    "is_stub_row",
    "is_data_row",
    "detect_header",
    "build_columns",
    "CodeContext",
    "split_code_name",
    "TableRows",
    "build_rows",
]

_WS = re.compile(r"\s+")
_CODE = re.compile(r"^\d{2,7}$")
_CODE_IN_NAME = re.compile(r"^\s*[\[【]?\s*(\d{3}(?:\d{2}){0,2})\s*[\]】]?\s*(?!\d)(\S.*)$")
_TOTAL_WORDS = ("合计", "总计")
_LIST_MARK = re.compile(
    r"^(?:其中|[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])"
)
_STUB_TOKEN = re.compile(r"^(?:※|栏次|行次|[0-9]{1,2}|[甲乙丙丁戊]|[A-Z])$")
_STUB_OR_CODE_HEAD = re.compile(r"^(?:※|栏次|行次|[0-9]{1,2}|[甲乙丙丁戊]|[A-Z]|类|款|项)$")
_OPEN_END = ("（", "(", "、", "，", ",", "和", "及", "与", "“")
_CLOSE_START = ("）", ")", "、", "，", ",", "”")
# item names end like this; a text ending so is complete and is not continued on the next line
_COMPLETE_END = (
    "支出",
    "收入",
    "费",
    "经费",
    "资金",
    "结余",
    "结转",
    "补助",
    "事务",
    "运行",
    "保险",
    "缴费",
    "公积金",
    "补贴",
    "奖金",
    "工资",
    "拨款",
    "预算",
    "转移支付",
    "）",
    ")",
)


def norm(text: str) -> str:
    """Cell text without whitespace (header cells and names wrap at arbitrary points)."""
    return _WS.sub("", text or "")


def is_stub_row(texts: list[str]) -> bool:
    """The 栏次 row under a header: "※ ※ 1 2 3", "栏次 1 2 3", "甲 乙 1 2"."""
    vals = [norm(t) for t in texts if norm(t)]
    if len(vals) < 2:
        return False
    marks = sum(1 for v in vals if _STUB_OR_CODE_HEAD.match(v))
    if marks < len(vals):
        # a 栏次 line with a header word spilled into it ("※ | 1 | 的转移 4支付 | 5"): mostly marks
        return any(v in ("※", "栏次", "行次") for v in vals) and marks >= max(3, 0.75 * len(vals))
    digits = [int(v) for v in vals if v.isdigit()]
    return len(digits) >= 2 or any(v in ("※", "栏次", "行次") for v in vals)


def strip_stub_tokens(row: list[str]) -> list[str]:
    """A header row without its 栏次 marks ("类 款 项 栏次 1 2 3" → "类 款 项")."""
    return ["" if _STUB_TOKEN.match(norm(t)) else t for t in row]


def _is_code(text: str) -> bool:
    return bool(_CODE.match(norm(text)))


def is_data_row(texts: list[str]) -> bool:
    """A row that carries data: an amount, a leading code, or a total / list label."""
    vals = [t.strip() for t in texts]
    nonempty = [v for v in vals if v]
    if not nonempty:
        return False
    if any(looks_like_amount(v) for v in nonempty):
        return True
    first = nonempty[0]
    if _is_code(first) and len(norm(first)) in (3, 5, 7):
        return True
    if _CODE_IN_NAME.match(first) and len(norm(first)) > 3:
        return True
    n = norm(first)
    if any(n.startswith(w) or n.endswith(w) for w in _TOTAL_WORDS) and len(n) <= 8:
        # "合计 | 1.00 | —" is data; "合计 | 基本支出 | 项目支出" is a header row
        return all(parse_amount(v) is not None for v in nonempty[1:])
    return False


def detect_header(rows: list[list[str]], max_rows: int = 8) -> tuple[int, int | None]:
    """Number of header rows at the top of a grid, and the index of the stub row if any.

    The header ends with the 栏次 row when there is one, else before the first
    data row; a grid with no data row at all is all header (an empty table).
    """
    for k, texts in enumerate(rows[:max_rows]):
        if is_stub_row(texts):
            if not any(looks_like_amount(t) for r in rows[:k] for t in r):
                return k + 1, k
            break
    for k, texts in enumerate(rows[:max_rows]):
        if is_data_row(texts) or (k and _is_list_item_row(texts)):
            return k, None
        if k and not any(norm(t) for t in texts):
            # the blank body of an empty table: blank lines, then a data row ("合计") or nothing
            # (a blank line inside a header is followed by more header rows)
            nxt = next((r for r in rows[k + 1 :] if any(norm(t) for t in r)), None)
            if nxt is None or is_data_row(nxt):
                return k, None
    if len(rows) <= max_rows:
        return len(rows), None
    return 0, None


def _is_list_item_row(texts: list[str]) -> bool:
    """A row of an (empty) item list: "一、一般公共预算财政拨款收入 | | 一、一般公共服务支出 |"."""
    vals = [norm(t) for t in texts if norm(t)]
    return bool(vals) and bool(
        re.match(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])", vals[0])
    )


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

    roles: list[str] = []
    for j in range(width):
        lab, leaf = labels[j], leaves[j]
        vals = col_values(j)
        codey = any(k in lab for k in ("科目", "编码", "代码"))
        n_amount = sum(
            1 for v in vals if parse_amount(v) is not None and not (codey and _looks_like_code_only(v))
        )
        n_code = sum(1 for v in vals if _CODE.match(v))
        # labels merged into the code column ("合计", "…") do not count against it
        n_other = sum(1 for v in vals if not _CODE.match(v) and not _is_label_in_code_col(v))
        if leaf in ("类", "款", "项") or (
            ("编码" in lab or "代码" in lab) and (not vals or n_code >= 4 * n_other)
        ):
            roles.append("code")
        elif leaf in ("行次", "栏次") or lab.endswith("行次"):
            roles.append("text")
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
        for j in range(1, width):
            if "支出" in tops[j] and "收入" not in tops[j] and ("收入" in tops[0] or "收" in tops[0]):
                split = j
                break
        if split is None:
            # second text column = start of the right-hand list
            texty = [j for j in range(width) if roles[j] == "text"]
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
        texty = [j for j in range(a, b) if roles[j] == "text" and leaves[j] not in ("行次", "栏次")]
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
            )  # type: ignore[arg-type]
        )
    return ColumnPlan(
        columns=columns,
        name_cols=name_cols,
        name_groups=name_groups,
        code_cols=code_cols,
        split=split,
        bounds=sides,
    )


_BLOCK_TOTAL = re.compile(r"^(.{2,8}?)(?:合计|总计)$")


def _side_by_side_blocks(
    roles: list[str], paths: list[list[str]], leaves: list[str], data: list[list[str]], width: int
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
    labels: list[str | None] = []
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


def _is_label_in_code_col(v: str) -> bool:
    n = norm(v)
    return not n or any(w in n for w in _TOTAL_WORDS + ("小计",)) or bool(re.fullmatch(r"[…．.·\-—]+", n))


def _looks_like_code_only(v: str) -> bool:
    return bool(_CODE.match(v)) and len(v) in (3, 5, 7) and v[0] in "23"


def _is_texty_label(leaf: str) -> bool:
    return any(
        k in leaf
        for k in ("名称", "科目", "内容", "说明", "备注", "依据", "指标", "单位名", "项目")
        if not leaf.endswith("合计")
    ) and not any(
        k in leaf for k in ("合计", "小计", "支出", "金额", "数", "费", "收入", "拨款", "资金", "预算")
    )


class CodeContext:
    """Normalises printed codes to full codes, remembering the enclosing 类 / 款."""

    def __init__(self, economic: bool = False) -> None:
        self.economic = economic  # economic codes have two levels (301 / 30101)
        self.parts: list[str] = []  # last full parts, e.g. ["208", "05", "01"]

    def from_columns(self, parts: list[str]) -> str | None:
        """Codes printed in separate 类 | 款 | 项 columns (blank leading cells inherited)."""
        ps = [re.sub(r"[\[\]【】]", "", normalise_digits(p)) for p in parts]
        if not any(ps):
            return None
        if any(p and not p.isdigit() for p in ps):
            return None
        if len(ps) == 1:
            return self.from_single(ps[0])
        longest = max(ps, key=len)
        if len(longest) in (5, 7) and all(not p or longest.startswith(p) or len(p) == 2 for p in ps):
            # cumulative codes ("208 | 20805 | 2080501") or the full code in one of the columns
            return self.from_single(longest)
        last = max(i for i, p in enumerate(ps) if p)
        full: list[str] = []
        for i in range(last + 1):
            val = ps[i] or (self.parts[i] if i < len(self.parts) else "")
            if not val:
                return None
            full.append(val)
        self.parts = full
        return "".join(full)

    def from_single(self, code: str) -> str | None:
        """A code printed in one column: full ("2010601") or a bare 款 / 项 ("06") under the context."""
        c = re.sub(r"[\[\]【】]", "", normalise_digits(code))
        if not c.isdigit():
            return None
        if len(c) in (3, 5, 7):
            if self.economic and len(c) == 5 and c.endswith("00"):
                c = c[:3]  # "30400 对企事业单位的补贴": the class printed with a 00 款
            self.parts = [c[:3]] + [c[i : i + 2] for i in range(3, len(c), 2)]
            return c
        if len(c) == 2 and self.parts:
            # a bare 款 / 项 under the current class / 款
            if len(self.parts) >= 2 and not self.economic:
                self.parts = self.parts[:2] + [c]
            else:
                self.parts = self.parts[:1] + [c]
            return "".join(self.parts)
        return None


def code_level(code: str | None) -> int | None:
    if not code:
        return None
    return {3: 1, 5: 2, 7: 3}.get(len(code))


def split_code_name(text: str) -> tuple[str | None, str]:
    """ "201 一般公共服务支出" → ("201", "一般公共服务支出"); plain names unchanged."""
    t = (text or "").strip()
    m = _CODE_IN_NAME.match(t)
    if m and re.search(r"[\u4e00-\u9fff]", m.group(2)):
        # "2010801-行政运行", "30101－基本工资", "201 一般公共服务支出"
        return m.group(1), m.group(2).lstrip("-－—–_:：、.． ").strip()
    return None, t


# --------------------------------------------------------------------------- rows


@dataclass
class SourceRow:
    """One data row of the merged grids, aligned to the table's columns."""

    cells: list[RawCell | None]
    first_of_grid: bool = False
    ruled: bool = True
    grid_no: int = 0


@dataclass
class TableRows:
    rows: list[Row] = field(default_factory=list)
    merged_wraps: int = 0


def _bbox(cells: list[RawCell | None]) -> BBox | None:
    out: BBox | None = None
    for c in cells:
        if c is not None and c.bbox is not None:
            b = BBox(x0=c.bbox[0], top=c.bbox[1], x1=c.bbox[2], bottom=c.bbox[3])
            out = b.union(out)
    return out


def _page(cells: list[RawCell | None]) -> int | None:
    for c in cells:
        if c is not None and c.page is not None:
            return c.page
    return None


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff（）()“”])\s+(?=[\u4e00-\u9fff（）()“”])")


def _txt(c: RawCell | None) -> str:
    """Cell text, with line-wrap spaces between Chinese characters removed."""
    return _CJK_GAP.sub("", c.text.strip()) if c is not None and c.text else ""


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    if re.search(r"[A-Za-z0-9]$", a) and re.match(r"^[A-Za-z0-9]", b):
        return a + " " + b
    return a + b


@dataclass
class _SideRow:
    src: SourceRow
    cols: list[int]  # column indices of this side
    name_col: int | None
    code_cols: list[int]
    texts: dict[int, str]
    name_group: list[int] = field(default_factory=list)

    def full_name(self) -> str:
        """The name, with a second name level ("一般公共预算资金 | 小计") joined by "/"."""
        parts = [self.texts.get(j, "") for j in self.name_group]
        return "/".join(p for p in parts if p)

    def name(self) -> str:
        return self.texts.get(self.name_col, "") if self.name_col is not None else ""

    def has_amount(self, roles: list[str]) -> bool:
        for j in self.cols:
            if roles[j] == "amount":
                p = parse_amount(self.texts.get(j, ""))
                if p is not None and p.value is not None:
                    return True
        return False

    def has_code(self) -> bool:
        if any(_is_code(self.texts.get(j, "")) for j in self.code_cols):
            return True
        code, _ = split_code_name(self.name())
        return code is not None

    def text_cols(self, roles: list[str]) -> list[int]:
        return [j for j in self.cols if roles[j] in ("name", "text") and self.texts.get(j)]

    def empty(self) -> bool:
        return not any(self.texts.get(j) for j in self.cols)


def _is_continuation(prev: _SideRow, cur: _SideRow, roles: list[str]) -> bool:
    """``cur`` carries only the wrapped tail of ``prev``'s name / text cells."""
    if cur.has_amount(roles) or cur.has_code():
        return False
    tcols = cur.text_cols(roles)
    if not tcols:
        return False
    # every non-empty cell of cur is a name/text cell
    if any(cur.texts.get(j) for j in cur.cols if j not in tcols and roles[j] != "amount"):
        return False
    if any(cur.texts.get(j) for j in cur.cols if roles[j] == "amount"):
        return False  # e.g. "-" printed: a real blank row
    lead = cur.texts[tcols[0]]
    if _LIST_MARK.match(lead) or any(w in norm(lead) for w in _TOTAL_WORDS):
        return False
    if prev.empty():
        return False
    prev_text = prev.texts.get(tcols[0], "")
    if not prev_text and len(tcols) == 1 and cur.src.first_of_grid and cur.src.grid_no > 0:
        # the page's name column shifted: the tail continues the previous row's name
        prev_text = prev.name()
    if lead.startswith(_CLOSE_START) or prev_text.endswith(_OPEN_END):
        return True
    if prev_text.count("（") + prev_text.count("(") > prev_text.count("）") + prev_text.count(")"):
        return True
    pn = norm(prev_text)
    if not pn or any(w in pn for w in _TOTAL_WORDS + ("小计",)) or pn.endswith(_COMPLETE_END):
        return False  # a complete label: the next line is a row of its own
    if cur.src.first_of_grid and cur.src.grid_no > 0:
        return True  # a row split at a page break
    return not cur.src.ruled


_CJK_SHORT = re.compile(r"[\u4e00-\u9fff]{2,3}")


def _rejoin_spilled_names(sides: list[_SideRow], name_col: int, roles: list[str]) -> int:
    """Join a name's last characters printed in the next, otherwise empty, column.

    "吐鲁番市高昌区国土资源执法监察 | 大队 | 28.00": a layout wrapped the unit name
    into the 项目名称 column, which is empty on the other uncoded rows.  Only a
    short Chinese fragment after a name without a complete ending is joined.
    """
    j = name_col + 1
    if j >= len(roles) or roles[j] != "text":
        return 0
    uncoded = [sr for sr in sides if not sr.has_code()]
    filled = [sr for sr in uncoded if sr.texts.get(j)]
    if not filled or len(uncoded) < 10 or len(filled) > len(uncoded) // 10:
        return 0  # the column must be empty on (nearly) every other uncoded row of a long list
    joined = 0
    for sr in filled:
        frag, name = sr.texts[j], sr.texts.get(name_col, "")
        if name and _CJK_SHORT.fullmatch(frag) and not norm(name).endswith(_COMPLETE_END):
            sr.texts[name_col] = name + frag
            sr.texts[j] = ""
            joined += 1
    return joined


def _is_split_head(prev: _SideRow, cur: _SideRow, roles: list[str]) -> bool:
    """``prev`` is a name printed alone at the foot of a page; ``cur`` (next page) has its amounts."""
    if not (cur.src.first_of_grid and cur.src.grid_no > 0):
        return False
    if prev.has_amount(roles) or prev.has_code() or not prev.name():
        return False
    if any(prev.texts.get(j) for j in prev.cols if roles[j] == "amount"):
        return False
    if not cur.has_amount(roles) or cur.has_code():
        return False
    n = cur.name()
    return not n or not (_LIST_MARK.match(n) or any(w in norm(n) for w in _TOTAL_WORDS))


def _borrow_amounts(cur: _SideRow, next_cols: list[int], roles: list[str]) -> bool:
    """A block's total label whose amount is printed under the next block ("公用经费合计" spanning).

    When ``cur`` holds only a total label and the same source row holds only
    amounts in the next block, those amount cells become part of ``cur``.
    """
    vals = [v for v in cur.texts.values() if v]
    if len(vals) != 1 or not any(w in norm(vals[0]) for w in _TOTAL_WORDS) or cur.has_amount(roles):
        return False
    cells = cur.src.cells
    nxt = {j: _txt(cells[j]) for j in next_cols if j < len(cells) and _txt(cells[j])}
    if not nxt or any(roles[j] != "amount" or parse_amount(t) is None for j, t in nxt.items()):
        return False
    cur.cols = cur.cols + [j for j in next_cols if j < len(cells)]
    cur.texts.update({j: _txt(cells[j]) for j in next_cols if j < len(cells)})
    return True


def build_rows(src_rows: list[SourceRow], plan: ColumnPlan, economic: bool = False) -> TableRows:
    """Turn aligned source rows into :class:`Row` objects (codes, kinds, cells, sides)."""
    roles = [c.role for c in plan.columns]
    width = len(plan.columns)
    bounds = plan.bounds or [(0, width, None)]
    side_specs = [
        (list(range(a, b)), plan.name_cols[k], plan.code_cols[k], side, plan.name_groups[k])
        for k, (a, b, side) in enumerate(bounds)
    ]
    out = TableRows()
    idx = 0
    lent: set[tuple[int, int]] = set()  # (source row, block) whose amounts a total label to the left took
    for k, (cols, name_col, code_cols, side, group) in enumerate(side_specs):
        sides: list[_SideRow] = []
        for sno, sr in enumerate(src_rows):
            if (sno, k) in lent:
                continue
            texts = {j: _txt(sr.cells[j]) for j in cols if j < len(sr.cells)}
            cur = _SideRow(
                src=sr, cols=cols, name_col=name_col, code_cols=code_cols, texts=texts, name_group=group
            )
            if cur.empty():
                continue
            if (
                k + 1 < len(side_specs)
                and side not in (None, "收入", "支出")  # blocks of one list (人员经费 | 公用经费) only
                and _borrow_amounts(cur, side_specs[k + 1][0], roles)
            ):
                lent.add((sno, k + 1))
            if sides and _is_continuation(sides[-1], cur, roles):
                prev = sides[-1]
                tcols = cur.text_cols(roles)
                if len(tcols) == 1 and not prev.texts.get(tcols[0]) and name_col is not None:
                    tcols_to = [name_col]  # a name tail printed one column off on the next page
                else:
                    tcols_to = tcols
                for j, k in zip(tcols, tcols_to, strict=True):
                    prev.texts[k] = _join(prev.texts.get(k, ""), cur.texts[j])
                out.merged_wraps += 1
                continue
            if name_col is not None and sides and _is_split_head(sides[-1], cur, roles):
                prev = sides.pop()
                cur.texts[name_col] = _join(prev.name(), cur.name())
                out.merged_wraps += 1
            sides.append(cur)
        if name_col is not None:
            out.merged_wraps += _rejoin_spilled_names(sides, name_col, roles)
        ctx = CodeContext(economic)
        for sr in sides:
            row = _make_row(idx, sr, roles, ctx, side)
            if row is None:
                continue
            out.rows.append(row)
            idx += 1
    return out


def _make_row(idx: int, sr: _SideRow, roles: list[str], ctx: CodeContext, side: str | None) -> Row | None:
    name = sr.full_name()
    code: str | None = None
    if sr.code_cols:
        code = ctx.from_columns([sr.texts.get(j, "") for j in sr.code_cols])
    if code is None:
        c2, rest = split_code_name(name)
        if c2 is not None:
            code = ctx.from_single(c2)
            name = rest
    name = name.strip()
    name_from: int | None = sr.name_col
    if not name:
        # a merged label cell printed in the code column ("合计" spanning 科目代码 | 科目名称), or a
        # name printed one column off (in the 项目名称 column): that cell is the row's name cell
        for j in sr.cols:
            t = sr.texts.get(j, "")
            if t and roles[j] in ("code", "text") and not normalise_digits(t).isdigit():
                name, name_from = t, j
                break
    n = norm(name)
    kind = "data"
    if n.startswith(("注：", "注:", "说明：", "说明:")):
        kind = "note"
    elif "小计" in n:
        kind = "subtotal"
    elif any(w in n for w in _TOTAL_WORDS) and code is None:
        kind = "total"
    cells: list[Cell] = []
    for j in sr.cols:
        if j == sr.name_col or j == name_from:
            continue
        if roles[j] == "code" and name and sr.texts.get(j, "") == name:
            continue  # the merged label repeated in every cell it spans (spreadsheets)
        raw = sr.src.cells[j] if j < len(sr.src.cells) else None
        text = sr.texts.get(j, "")
        bbox = (
            BBox(x0=raw.bbox[0], top=raw.bbox[1], x1=raw.bbox[2], bottom=raw.bbox[3])
            if raw is not None and raw.bbox
            else None
        )
        page = raw.page if raw is not None else None
        if roles[j] == "amount":
            p = parse_amount(text)
            if p is None:
                cells.append(Cell(col=j, text=text, page=page, bbox=bbox))
            else:
                cells.append(Cell(col=j, text=text, value=p.value, blank=p.blank, page=page, bbox=bbox))
        else:
            cells.append(Cell(col=j, text=text, page=page, bbox=bbox))
    if not name and code is None and not any(c.value is not None for c in cells):
        # nothing but 行次 numbers / dashes: a blank line of one side of a two-sided table
        if all(not c.text or c.text.isdigit() or c.blank for c in cells):
            return None
    if not name and code is None and sr.name_col is not None and all(not c.value for c in cells):
        if all(not c.text or c.value is not None or c.blank for c in cells):
            return None  # a filler line of a list ("| | 0.00" under a shorter block)
    raw_name = sr.src.cells[name_from] if name_from is not None and name_from < len(sr.src.cells) else None
    name_bbox = (
        BBox(x0=raw_name.bbox[0], top=raw_name.bbox[1], x1=raw_name.bbox[2], bottom=raw_name.bbox[3])
        if raw_name is not None and raw_name.bbox
        else None
    )
    src_cells = [sr.src.cells[j] for j in sr.cols if j < len(sr.src.cells)]
    return Row(
        index=idx,
        code=code,
        name=name,
        level=code_level(code),
        kind=kind,  # type: ignore[arg-type]
        side=side,
        page=_page(src_cells),
        bbox=_bbox(src_cells),
        name_bbox=name_bbox,
        cells=cells,
    )


def align_grid(
    grid_rows: list[list[RawCell]], width: int, centers: list[float] | None, amount_start: int | None
) -> list[list[RawCell | None]]:
    """Align the rows of a (continuation) grid to ``width`` columns.

    With cell boxes and the first grid's column centres, cells go to the
    nearest column.  Otherwise a grid of the same width is kept as is; a
    narrower / wider grid keeps its leading text cells on the left and its
    amount cells right-aligned (an extra or lost leading column).
    """
    out: list[list[RawCell | None]] = []
    grid_rows = trim_empty_tail(grid_rows, width)
    for row in grid_rows:
        if len(row) == width:
            out.append(list(row))
            continue
        if centers is not None and row and all(c.bbox is not None for c in row if c.text):
            aligned: list[RawCell | None] = [None] * width
            for c in row:
                if not c.text or c.bbox is None:
                    continue
                cx = (c.bbox[0] + c.bbox[2]) / 2
                j = min(range(width), key=lambda k: abs(centers[k] - cx))
                if aligned[j] is not None and aligned[j].text:  # type: ignore[union-attr]
                    aligned[j] = RawCell(
                        text=_join(aligned[j].text, c.text), bbox=aligned[j].bbox, page=aligned[j].page
                    )  # type: ignore[union-attr]
                else:
                    aligned[j] = c
            out.append(aligned)
            continue
        w = len(row)
        if w == width:
            out.append(list(row))
            continue
        aligned = [None] * width
        offset = width - w
        start = amount_start if amount_start is not None else w
        for j, c in enumerate(row):
            t = j + offset if j >= start else j
            if 0 <= t < width:
                if aligned[t] is not None and aligned[t].text and c.text:  # type: ignore[union-attr]
                    aligned[t] = RawCell(
                        text=_join(aligned[t].text, c.text), bbox=aligned[t].bbox, page=aligned[t].page
                    )  # type: ignore[union-attr]
                elif aligned[t] is None or not aligned[t].text:  # type: ignore[union-attr]
                    aligned[t] = c
        out.append(aligned)
    return out


def trim_empty_tail(rows: list[list[RawCell]], width: int) -> list[list[RawCell]]:
    """Drop trailing columns that are empty in every row, down to ``width`` columns."""
    w = max((len(r) for r in rows), default=0)
    while w > width and all(len(r) < w or not (r[w - 1].text or "").strip() for r in rows):
        w -= 1
    return [r[:w] for r in rows]


def grid_amount_start(rows: list[list[RawCell]]) -> int | None:
    """Index of the first amount column of a grid (the most common first amount position)."""
    counts: dict[int, int] = {}
    for r in rows:
        for j, c in enumerate(r):
            if looks_like_amount(c.text):
                counts[j] = counts.get(j, 0) + 1
                break
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: (kv[1], -kv[0]))[0]


def column_centers(grid: RawGrid, width: int) -> list[float] | None:
    """x centres of a grid's columns (from ``col_x`` or the widest row's cell boxes)."""
    if grid.col_x and len(grid.col_x) == width + 1:
        xs = grid.col_x
        return [(xs[i] + xs[i + 1]) / 2 for i in range(width)]
    for r in grid.rows:
        if len(r) == width and all(c.bbox is not None for c in r):
            return [(c.bbox[0] + c.bbox[2]) / 2 for c in r]  # type: ignore[index]
    return None
