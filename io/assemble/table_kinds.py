"""Recognise a standard table by its structure when its title does not name it.

Titles go missing, get garbled or use wording no catalog knows ("附表三", "表 3 单位
预算表"), but the structure of a standard table is fixed by the national template:
the 收支总表 is two-sided with 本年收入合计 / 本年支出合计, the 基本支出表 has
economic codes (301 / 302 / 303) and 人员经费 / 公用经费 columns, the 三公 table has
因公出国（境）/ 公务接待 / 公务用车 columns, and so on.  :func:`shape_of` reads a
table's header words, row labels and class codes; :func:`fits` lists the standard
tables of a budget or a final account that structure fits.  The assembler maps an
unnamed table only when exactly one standard table fits and the document does not
already have it (:func:`resolve`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gouji.model.document import DocKind, StdTable
from gouji.model.numbers import looks_like_amount
from gouji.model.tables import table_name
from gouji.model.text import norm

__all__ = ["Shape", "shape_of", "fits", "resolve", "title_allows"]

S = StdTable

_INCOME_TOTAL = re.compile(r"(?:本年)?收入(?:合计|总计)")
_EXPENSE_TOTAL = re.compile(r"(?:本年)?支出(?:合计|总计)")
#: income a department raises itself (never on the fiscal-appropriation tables)
_OWN_INCOME = ("事业收入", "单位资金", "财政专户", "经营收入", "上级补助收入", "附属单位上缴", "其他收入")
#: columns of the fiscal tables: one per fund
_FUND_COLUMNS = ("一般公共预算", "政府性基金")
#: columns of the expenditure overview beyond 基本 / 项目
_EXPENSE_EXTRA = ("上缴上级支出", "经营支出", "对附属单位补助支出")
#: columns of the income overview: the sources a department raises or carries over itself
_OWN_SOURCES = (*_OWN_INCOME, "上年结转")
#: a column naming the unit of each row (income tables by unit)
_UNIT_COLUMNS = ("单位名称", "单位代码", "单位编码", "部门名称", "部门代码", "预算单位")
_THREE_PUBLIC = ("因公出国", "公务接待", "公务用车")
#: columns of project money (never on a 基本支出 table)
_PROJECT_WORDS = ("项目支出", "专项")
#: the balance columns of a final account's fund tables
_BALANCES = ("年初结转和结余", "年末结转和结余")
#: 款 of the function classification that only 政府性基金 money pays (national 政府收支分类科目)
_GOV_FUND_ITEMS = frozenset(
    "20610 20707 20709 20710 20822 20823 20829 21160 21161 21208 21210 21211 21213 21214 21215 21216 21217"
    " 21218 21219 21366 21367 21369 21370 21371 21460 21462 21464 21468 21469 21470 21471 21472 21562"
    " 22904 22908 22960 23204 23304 23401 23402".split()
)
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_CODE_NAME = re.compile(r"^[\[【]?(\d{3}(?:\d{2}){0,2})(?!\d)")


@dataclass(frozen=True, slots=True)
class Shape:
    """What a table's structure shows: header words, row labels, class codes, amounts."""

    head: str  # the header rows, normalised and joined
    labels: str  # every body cell that is not an amount, normalised, joined with "|"
    function: int  # distinct 类 codes of the function classification (2xx)
    economic: int  # distinct 类 codes of an economic classification (3xx / 5xx)
    amounts: int  # amount cells in the body
    rows: int  # body rows
    items: frozenset[str]  # the 款 codes (5 digits) of the function classification

    @property
    def two_sided(self) -> bool:
        """Income and expenditure side by side: 收入 | 支出 header cells, or both totals among the labels."""
        cells = set(self.head.split("|"))
        if {"收入", "支出"} <= cells:
            return True
        return bool(_INCOME_TOTAL.search(self.labels)) and bool(_EXPENSE_TOTAL.search(self.labels))

    @property
    def by_function(self) -> bool:
        """Rows by function class: 2xx codes, or no codes and a header naming the 功能分类 only."""
        if self.function + self.economic == 0:
            return "功能" in self.head and "经济" not in self.head
        return self.function >= 1 and self.economic == 0

    @property
    def by_economic(self) -> bool:
        """Rows by economic class: 3xx / 5xx codes, or no codes and a header naming the 经济分类 only."""
        if self.function + self.economic == 0:
            return "经济" in self.head and "功能" not in self.head
        return self.economic >= 2 and self.function == 0

    def says(self, *words: str) -> bool:
        """Every word is printed in the header."""
        return all(w in self.head for w in words)

    def says_any(self, words: tuple[str, ...]) -> bool:
        return any(w in self.head for w in words)


def shape_of(header: list[list[str]], body: list[list[str]]) -> Shape:
    """The shape of a table from its header rows and body rows (printed texts)."""
    head = "|".join(norm(x) for r in header for x in r if norm(x))
    labels: list[str] = []
    codes: set[str] = set()
    amounts = rows = 0
    for r in body:
        rows += any(norm(x) for x in r)
        for j, x in enumerate(r):
            v = norm(x)
            if not v:
                continue
            if _CODE.match(v) and j < 4:
                codes.add(v)
            elif looks_like_amount(x):
                amounts += 1
            else:
                m = _CODE_NAME.match(v)
                if m and j < 4:
                    codes.add(m.group(1))  # "201 一般公共服务支出" / "[2010101]行政运行"
                labels.append(v)
    classes = {c[:3] for c in codes}
    function = sum(1 for c in classes if c[0] == "2")
    economic = sum(1 for c in classes if c[0] in "35")
    items = frozenset(c[:5] for c in codes if c[0] == "2" and len(c) >= 5)
    return Shape(head, "|".join(labels), function, economic, amounts, rows, items)


def fits(shape: Shape, kind: DocKind) -> set[StdTable]:
    """The standard tables of a ``kind`` document whose structure ``shape`` shows (may be several)."""
    if shape.amounts == 0 or kind not in (DocKind.BUDGET, DocKind.FINAL):
        return set()
    final = kind == DocKind.FINAL
    if shape.says(*_THREE_PUBLIC) or (
        all(w in shape.labels for w in _THREE_PUBLIC)
        and not shape.function + shape.economic
        and shape.rows <= 12
    ):
        return {S.F_THREE_PUBLIC if final else S.B_THREE_PUBLIC}
    if shape.two_sided:
        out: set[StdTable] = set()
        if not shape.says_any(_FUND_COLUMNS):
            out.add(S.F_OVERVIEW if final else S.B_OVERVIEW)
        if not any(w in shape.labels for w in _OWN_INCOME):
            out.add(S.F_FISCAL if final else S.B_FISCAL)
        return out
    if shape.by_economic:
        both = shape.head + "|" + shape.labels
        basic = "人员" in both and "公用" in both and not shape.says_any(_PROJECT_WORDS)
        return {S.F_GPB_BASIC if final else S.B_GPB_BASIC} if basic else set()
    own = shape.says_any(_OWN_SOURCES)
    if own and not _spends(shape) and (shape.by_function or shape.says_any(_UNIT_COLUMNS)):
        # by function class or by unit, one column per source
        return {S.F_INCOME if final else S.B_INCOME}
    if not shape.by_function or own:
        return set()
    fund = _fund_of(shape, final)
    if final and shape.says_any(_BALANCES):
        # 年初结转和结余 | 本年收入 | 本年支出 | 年末结转和结余: the fund tables of a final account
        return {fund} if fund is not None else set()
    if not shape.says("基本支出", "项目支出"):
        return set()
    if fund is None and not shape.says("一般公共预算"):
        # "本年政府性基金预算支出 | 合计 | 基本支出 | 项目支出"
        if shape.says("政府性基金"):
            fund = S.F_GOV_FUND if final else S.B_GOV_FUND
        elif shape.says("国有资本经营"):
            fund = S.F_SOE if final else S.B_SOE
    if fund is not None:
        return set() if final else {fund}
    if shape.says_any(_EXPENSE_EXTRA):
        return {S.F_EXPENSE if final else S.B_EXPENSE}
    if shape.says("一般公共预算"):
        return {S.F_GPB if final else S.B_GPB}
    return {S.F_EXPENSE, S.F_GPB} if final else {S.B_EXPENSE, S.B_GPB}


def _spends(shape: Shape) -> bool:
    """The header names spending (支出, 采购, a project column): the table is no income table.

    ("支出功能分类科目编码" names the classification of the rows, not spending.)
    """
    return any(
        ("支出" in c and "分类" not in c) or "采购" in c or ("项目" in c and c != "项目")
        for c in shape.head.split("|")
    )


def _fund_of(shape: Shape, final: bool) -> StdTable | None:
    """The 政府性基金 / 国有资本经营 table when every 款 code is one of that fund's."""
    if shape.items and shape.items <= _GOV_FUND_ITEMS:
        return S.F_GOV_FUND if final else S.B_GOV_FUND
    if shape.items and all(c.startswith("223") for c in shape.items):
        return S.F_SOE if final else S.B_SOE
    return None


#: words that name what a table holds; a printed title using some of them names its table
_MARKERS = (
    "基本",
    "项目",
    "三公",
    "基金",
    "国有资本",
    "财政拨款",
    "一般公共预算",
    "收入",
    "支出",
    "收支",
    "结转",
    "采购",
    "绩效",
    "运行",
)


def title_allows(title: str, std: StdTable) -> bool:
    """A printed title the catalog does not know is no contradiction of ``std``.

    Words that say nothing of the table ("附表四", "部门公开表", garbled text) allow any table;
    a title that names what it holds must name what the standard table's official name does, no
    more and no less ("一般公共预算财政拨款决算表（二）" does not say 基本支出, "财政拨款结转资金支出表"
    says 结转: neither is the 基本支出 or the 支出总表, whatever their columns).
    """
    said = {w for w in _MARKERS if w in norm(title)}
    return not said or said == {w for w in _MARKERS if w in table_name(std)}


def resolve(candidates: list[set[StdTable]], present: set[StdTable]) -> list[StdTable | None]:
    """One standard table per unnamed table, when exactly one fits and the document lacks it.

    ``candidates``: the tables each unnamed table's structure fits; ``present``: the
    standard tables the document has by title.  A table left with one candidate takes
    it unless another unnamed table is left with the same single candidate (then both
    stay unnamed); taking it removes it from the others' candidates, until nothing changes.
    """
    left = [set(c) - present for c in candidates]
    out: list[StdTable | None] = [None] * len(candidates)
    changed = True
    while changed:
        changed = False
        singles: dict[StdTable, list[int]] = {}
        for i, c in enumerate(left):
            if out[i] is None and len(c) == 1:
                singles.setdefault(next(iter(c)), []).append(i)
        for std, idx in singles.items():
            if len(idx) != 1:
                for i in idx:
                    left[i] = set()
                continue
            out[idx[0]] = std
            for i, c in enumerate(left):
                if out[i] is None and std in c:
                    c.discard(std)
                    changed = True
    return out
