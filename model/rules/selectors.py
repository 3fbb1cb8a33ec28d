"""Table selectors: the one way rules find tables, rows, columns and cells.

Rules never match labels or names on their own; they ask here:

- tables: :func:`tables` (by standard kind), :func:`family` (budget and final tables of
  one family, from :func:`gouji.model.tables.family_tables`);
- columns: :func:`additive_columns` (money columns), :func:`side_columns`,
  :func:`column_by_label` (alternatives of keywords), :func:`column_with`,
  :func:`column_ending`, :func:`value_column` (the 预算 / 决算 amount column);
- rows: :func:`total_row` (a table's 合计 / 总计 row), :func:`grand_total_row` and
  :func:`year_total_row` (one side of a two-sided table), :func:`row_with`,
  :func:`unique_row`, :func:`class_rows`, :func:`code_children` (the 类 / 款 / 项
  hierarchy), :func:`group_contexts` (unit groups of project tables),
  :func:`personnel_rows`, :func:`body_rows`;
- cells: :func:`amt`, :func:`has_value`, :func:`cell_amount`, :func:`valued_columns`,
  and the money unit and rounding step of a table (:func:`table_unit`,
  :func:`table_quantum`, :func:`comparable`);
- names for finding keys and messages: :func:`table_key`, :func:`table_label`,
  :func:`row_label`, :func:`col_label`.

The row kinds come from the assembler (:class:`~gouji.model.document.Row`): ``total``
for uncoded 合计 / 总计 rows, ``subtotal`` for 小计 rows, ``note`` for 注： lines.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Callable, Collection, Iterable, Literal, Sequence, TypeVar

from gouji.model.document import Column, Document, Row, StdTable, Table
from gouji.model.rules.registry import CENT
from gouji.model.rules.wording import clean_name
from gouji.model.tables import family_tables
from gouji.model.text import norm

ZERO = Decimal("0")
_T = TypeVar("_T")

# ---------------------------------------------------------------------------
# tables
# ---------------------------------------------------------------------------


def tables(doc: Document, stds: Iterable[StdTable]) -> list[Table]:
    """The tables of each kind in ``stds`` (in that order) that print rows and are not empty."""
    out: list[Table] = []
    for std in stds:
        out.extend(t for t in doc.tables_of(std) if not t.empty and t.rows)
    return out


def family(doc: Document, *families: str) -> list[Table]:
    """:func:`tables` of the budget and final kinds of ``families`` ("gpb", "expense", …)."""
    return tables(doc, [std for f in families for std in family_tables(f)])


def table_key(t: Table) -> str:
    """Stable identity of a table for finding keys (its standard kind, else its title)."""
    return t.std.value if t.std else norm(t.title)


def table_label(t: Table) -> str:
    """Table title for messages: 《收入决算表》."""
    title = norm(t.title) or t.id
    return f"《{title}》"


def row_label(r: Row) -> str:
    """Row as a reviewer reads it: code + name."""
    name = norm(r.name)
    if r.code and name:
        return f"{r.code} {name}"
    return r.code or name or f"第{r.index + 1}行"


def col_label(c: Column) -> str:
    return norm(c.label) or norm(c.leaf) or f"第{c.index + 1}列"


def sides(t: Table) -> list[str | None]:
    """The sides of a two-sided table ("支出", "收入"), else ``[None]`` (the whole table)."""
    if t.two_sided:
        found = sorted({r.side for r in t.rows if r.side})
        return list(found) or [None]
    return [None]


# ---------------------------------------------------------------------------
# cells, units, rounding
# ---------------------------------------------------------------------------


def amt(r: Row, c: Column | int) -> Decimal:
    """Amount of a row in a column; blank or missing cells read as 0."""
    idx = c.index if isinstance(c, Column) else c
    v = r.amount(idx)
    return v if v is not None else ZERO


def has_value(r: Row, c: Column | int) -> bool:
    """The row prints a number in the column."""
    idx = c.index if isinstance(c, Column) else c
    cell = r.cell(idx)
    return cell is not None and cell.value is not None


def cell_amount(row: Row | None, col: Column | None) -> Decimal | None:
    """Amount of a cell (blank → 0); None when the row has no such cell (a parsing gap)."""
    if col is None or row is None:
        return None
    c = row.cell(col.index)
    if c is None:
        return None
    return c.amount


def valued_columns(r: Row, cols: Iterable[Column]) -> list[Column]:
    """The columns of ``cols`` in which ``r`` prints a number."""
    return [c for c in cols if has_value(r, c)]


def table_unit(t: Table, doc: Document | None = None) -> str | None:
    return t.unit or (doc.money_unit if doc is not None else None)


_UNIT_FACTOR = {"元": Decimal(1), "万元": Decimal(10000)}


def comparable(
    a: Decimal,
    ua: str | None,
    b: Decimal,
    ub: str | None,
    qa: Decimal = CENT,
    qb: Decimal = CENT,
) -> tuple[Decimal, Decimal, Decimal, str] | None:
    """Bring two amounts (with their tables' rounding steps ``qa`` / ``qb``) into one unit.

    Returns ``(a', b', quantum, unit)``: the amounts in the coarser unit and the
    rounding step to compare them with (the coarser of the two), or None when
    a unit is not one of 元 / 万元.
    """
    if ua == ub or ua is None or ub is None:
        unit = ua or ub or "万元"
        return a, b, max(qa, qb), unit
    fa, fb = _UNIT_FACTOR.get(ua), _UNIT_FACTOR.get(ub)
    if fa is None or fb is None:
        return None
    coarse = max(fa, fb)
    unit = ua if fa == coarse else ub
    # the finer amount is converted exactly; the rounding of the coarser print dominates
    return a * fa / coarse, b * fb / coarse, max(qa * fa / coarse, qb * fb / coarse), unit


def table_quantum(t: Table) -> Decimal:
    """Rounding step of the printed amounts: 0.01 normally, 1 for tables printing whole 元,
    finer when the table prints more decimals (some publishers print 万元 to six places)."""
    decimals = None
    for r in t.rows:
        for c in r.cells:
            if c.value is None or c.value == 0:
                continue
            exp = c.value.as_tuple().exponent
            d = -exp if isinstance(exp, int) and exp < 0 else 0
            decimals = d if decimals is None else max(decimals, d)
    if decimals is None:
        return CENT
    if decimals == 0 and t.unit != "元":
        return CENT  # 万元 amounts are rounded to 0.01 even when printed without decimals
    return Decimal(1).scaleb(-min(decimals, 6))


# ---------------------------------------------------------------------------
# columns
# ---------------------------------------------------------------------------

#: column labels that are never amounts to add up (line numbers, ratios …)
_NON_ADDITIVE = (
    "行次",
    "栏次",
    "%",
    "比例",
    "增减",
    "增长",
    "比上年",
    "上年数",
    "上年预算",
    "上年决算",
)
_UNLABELLED = re.compile(r"^第\d+列$")
_TOTAL_WORDS = ("合计", "小计", "总计", "总数")


def additive_columns(t: Table, side: str | None = None) -> list[Column]:
    """Amount columns that hold money (not 行次 / ratios / 其中 columns)."""
    out = []
    for c in t.amount_columns(side):
        lab = norm(c.label)
        if any(k in lab for k in _NON_ADDITIVE):
            continue
        if not lab or _UNLABELLED.match(lab.split("/")[-1]):
            continue  # a column without a header cannot be named nor trusted
        out.append(c)
    return out


def side_columns(t: Table, side: str | None) -> list[Column]:
    """Money columns of ``side`` ("收入" / "支出"); every money column when ``side`` is None."""
    cols = additive_columns(t)
    return cols if side is None else [c for c in cols if c.side == side]


def first_column(t: Table, side: str | None = None) -> Column | None:
    cols = side_columns(t, side)
    return cols[0] if cols else None


def label_parts(c: Column) -> list[str]:
    """The header levels of a column, normalised ("财政拨款（补助）", "一般公共预算")."""
    return [norm(p) for p in c.label.split("/")]


def leaf_label(c: Column) -> str:
    """The last header level of a column, normalised."""
    return norm(c.label).split("/")[-1]


def is_total_part(part: str) -> bool:
    """A header level that names a total (合计 / 小计 / 总计 / 总数), not a "其中" item."""
    return any(part.endswith(w) for w in _TOTAL_WORDS) and not part.startswith("其中")


def column_by_label(
    t: Table, *alts: tuple[str, ...], side: str | None = None, exclude: tuple[str, ...] = ()
) -> Column | None:
    """First money column matching one of ``alts`` (every keyword of the alternative).

    A column ending with the last keyword is preferred; when only several
    sub-columns match, the next alternative is tried.  ``exclude`` drops
    columns with a header level that starts with one of its words
    ("基本支出/小计" is excluded by "基本支出", "一般公共预算基本支出/合计" is not).
    """
    cols = side_columns(t, side)

    def excluded(c: Column) -> bool:
        return any(p.startswith(e) for p in label_parts(c) for e in exclude)

    for keys in alts:
        hits = [c for c in cols if all(k in norm(c.label) for k in keys) and not excluded(c)]
        if not hits:
            continue
        ends = [c for c in hits if norm(c.label).endswith(keys[-1])]
        if ends:
            return ends[0]
        if len(hits) == 1:
            return hits[0]
        # ambiguous (only sub-columns match): try the next alternative
    return None


def _first_holding(
    items: Iterable[_T], text: Callable[[_T], str], words: tuple[str, ...], exclude: tuple[str, ...]
) -> _T | None:
    """First item whose normalised ``text`` holds every word of ``words`` and none of ``exclude``."""
    for x in items:
        s = norm(text(x))
        if all(w in s for w in words) and not any(e in s for e in exclude):
            return x
    return None


def column_with(cols: Iterable[Column], *words: str, exclude: tuple[str, ...] = ()) -> Column | None:
    """First column whose label holds every word of ``words`` and none of ``exclude``."""
    return _first_holding(cols, lambda c: c.label, words, exclude)


def column_ending(
    cols: Iterable[Column], word: str, *, exclude: re.Pattern[str] | None = None
) -> Column | None:
    """First column whose leaf header (else label) ends with ``word`` (label not matching ``exclude``)."""
    for c in cols:
        if (c.leaf or c.label).endswith(word) and not (exclude is not None and exclude.search(c.label)):
            return c
    return None


#: labels of 预算数 columns (年初 / 调整 / 全年预算)
BUDGET_COL_RE = re.compile(r"年初预算|调整预算|全年预算|预算数")


def is_budget_column(c: Column) -> bool:
    """A 预算数 column (年初 / 调整 / 全年预算), not a 决算 one."""
    return bool(BUDGET_COL_RE.search(c.label)) and "决算" not in c.label


def value_column(t: Table, want: str, side: str | None = None) -> Column | None:
    """The column holding the table's main amount: the 预算数 column when ``want`` is
    "budget" (a final account's budget figures), else the 决算 / 合计 column."""
    cols = t.amount_columns(side) if side else t.amount_columns()
    if not cols:
        return None
    if want == "budget":
        return next((c for c in cols if is_budget_column(c)), None)
    cand = [c for c in cols if not is_budget_column(c)]
    if not cand:
        return None
    for key in ("决算数", "合计", "总计", "小计", "预算数", "金额"):
        for c in cand:
            if key in (c.leaf or c.label) and not re.search(r"基本|项目|人员|公用", c.label):
                return c
    return cand[0] if len(cand) == 1 else None


# ---------------------------------------------------------------------------
# rows
# ---------------------------------------------------------------------------


def body_rows(t: Table) -> list[Row]:
    """Rows of the table proper: a closing note ("注：本表反映…") ends the table, so rows
    after it belong to whatever the page prints next."""
    out: list[Row] = []
    for r in t.rows:
        if r.kind == "note" and norm(r.name).startswith(("注", "说明", "备注")):
            break
        out.append(r)
    return out


def is_header_row(r: Row) -> bool:
    """Column-number rows printed under the header (栏次 / ※ / 1 2 3 …)."""
    s = norm(r.name)
    return s.startswith("栏次") or s.startswith("※") or s in ("行次",)


def is_total_name(name: str) -> bool:
    s = norm(name)
    return s.endswith("合计") or s.endswith("总计") or s in ("合计", "总计")


def code_level(r: Row) -> int | None:
    """Level of a coded row: 1 = 类 (3 digits), 2 = 款 (5), 3 = 项 (7)."""
    if r.level is not None:
        return r.level
    if not r.code:
        return None
    return {3: 1, 5: 2, 7: 3}.get(len(r.code))


def codes_reliable(t: Table) -> bool:
    """False when one code carries different names inside the table.

    Inside one table a code always has one name (project tables repeat a
    code under each unit, with the same name); different names mean the
    code columns were not read (e.g. 类 | 款 | 项 columns taken as amounts),
    so code-based rules skip the table rather than report noise.
    """
    names: dict[str, str] = {}
    for r in t.rows:
        if not r.code or not norm(r.name):
            continue
        n = norm(r.name)
        if names.setdefault(r.code, n) != n:
            return False
    return True


def side_rows(t: Table, side: str, *, notes: bool = True) -> list[Row]:
    """The rows of one side ("收入" / "支出") of a two-sided table (without notes unless ``notes``)."""
    return [r for r in t.rows if r.side == side and (notes or r.kind != "note")]


def class_rows(t: Table, side: str | None = None) -> list[Row]:
    """The 类 rows (level-1 codes), on ``side`` when given."""
    return [r for r in t.rows if r.code and code_level(r) == 1 and (side is None or r.side == side)]


def row_with(rows: Iterable[Row], *words: str, exclude: tuple[str, ...] = ()) -> Row | None:
    """First row whose name holds every word of ``words`` and none of ``exclude``."""
    return _first_holding(rows, lambda r: r.name, words, exclude)


def unique_row(
    rows: Iterable[Row], names: Collection[str], *, key: Callable[[str], str] = clean_name
) -> Row | None:
    """The one row whose name (read through ``key``) is one of ``names``; None if none or several."""
    hits = [r for r in rows if key(r.name) in names]
    return hits[0] if len(hits) == 1 else None


#: names of the row closing a table
TOTAL_NAMES = ("合计", "总计")


def total_row(
    t: Table,
    names: Collection[str] = TOTAL_NAMES,
    *,
    key: Callable[[str], str] = norm,
    fallback: Literal["kind", "blank_tail"] | None = None,
) -> Row | None:
    """The table's total row: the first uncoded row whose name (read through ``key``) is one of ``names``.

    Rules differ in which totals they accept ("本年支出合计" closes an expense table for
    the sums, "收入总计" an income table for the text), so ``names`` says it.  Without such a
    row, ``fallback`` may take:

    - ``"kind"``: the first uncoded row the assembler marked as a total (人员经费合计 …);
    - ``"blank_tail"``: the last row, when it is unnamed and uncoded (the one data row
      of a 三公 table printed by columns).
    """
    for r in t.rows:
        if not r.code and key(r.name) in names:
            return r
    if fallback == "kind":
        return next((r for r in t.rows if r.kind == "total" and not r.code), None)
    if fallback == "blank_tail" and t.rows:
        last = t.rows[-1]
        if not last.code and not last.name.strip() and last.cells:
            return last
    return None


def grand_total_row(rows: Sequence[Row]) -> Row | None:
    """The last 总计 row of a side (收入总计 / 支出总计 / 总计)."""
    cands = [r for r in rows if not r.code and "总计" in norm(r.name)]
    if cands:
        return cands[-1]
    cands = [r for r in rows if not r.code and norm(r.name) == "合计"]
    if cands:
        return cands[-1]
    # "收入合计" / "支出合计" closing a side that prints no 总计
    named = [r for r in rows if norm(r.name) or r.code]
    last = named[-1] if named else None
    if last is not None and not last.code and norm(last.name) in ("收入合计", "支出合计"):
        return last
    return None


def year_total_row(rows: Sequence[Row]) -> Row | None:
    """本年收入合计 / 本年支出合计 (or 收入合计 / 支出合计) when the side prints one."""
    for r in rows:
        s = norm(r.name)
        if not r.code and ("本年" in s or "当年" in s) and (s.endswith("合计") or s.endswith("小计")):
            return r
    for r in rows:
        s = norm(r.name)
        if not r.code and s in ("收入合计", "支出合计", "本年收入", "本年支出"):
            return r
    return None


#: outline numbering styles of row names, outermost first as usually printed
_OUTLINE_STYLES = (
    ("一、", re.compile(r"^([一二三四五六七八九十]{1,3})[、.．]")),
    ("（一）", re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[)）]")),
    ("1、", re.compile(r"^(\d{1,2})[、.．](?!\d)")),
    ("（1）", re.compile(r"^[（(]?(\d{1,2})[)）]")),
    ("①", re.compile(r"^([①-⑳])")),
)
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def _cn_ordinal(s: str) -> int | None:
    """一 … 九十九 as a number; None for anything else."""
    tens, ten, units = s.partition("十")
    if not ten:
        return _CN_DIGITS.get(s) if len(s) == 1 else None
    t = _CN_DIGITS.get(tens, 0) if tens else 1
    u = _CN_DIGITS.get(units, 0) if units else 0
    if (tens and not _CN_DIGITS.get(tens)) or (units and not u) or len(units) > 1:
        return None
    return t * 10 + u


def outline_number(name: str) -> tuple[str, int] | None:
    """The outline numbering of a row name: (style, ordinal).

    ("一、", 2) for "二、外交支出", ("1、", 4) for "4.财政专户核拨", ("（1）", 3) for
    "(3)对企业补助", ("（一）", 1) for "（一）一般公共预算资金", ("①", 2) for "②…";
    None for an unnumbered name (a "其中：" line included).
    """
    s = norm(name)
    for style, pat in _OUTLINE_STYLES:
        m = pat.match(s)
        if m is None:
            continue
        g = m.group(1)
        n = ord(g) - ord("①") + 1 if style == "①" else (int(g) if g.isdigit() else _cn_ordinal(g))
        return (style, n) if n else None
    return None


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _names_column(t: Table, c: Column) -> bool:
    """A text column that prints item names (not 行次 numbers or amounts read as text) down to
    the side's grand total."""
    rows = side_rows(t, c.side or "")
    grand = grand_total_row(rows)
    if grand is not None:
        rows = rows[: rows.index(grand) + 1]
    texts = [norm(x.text) for r in rows if (x := r.cell(c.index)) and norm(x.text)]
    named = [s for s in texts if _CJK.search(s)]
    return len(named) >= 2 and len(named) * 5 >= len(texts) * 4


def side_panels(t: Table, side: str) -> list[tuple[Column | None, list[Column]]]:
    """The item lists printed side by side on one side of a two-sided table.

    Each panel is (label column, its money columns).  The first panel is named by the
    side's name column (label None: the row name); a further panel by a text column of
    item names printed before its amounts (部门经济分类科目 beside 支出功能分类科目; a column
    that prints names is a label column whatever role it was read with).  Money columns
    printed before the side's name column (a 序号 column) or after a second name column
    belong to no panel.
    """
    money = {c.index for c in side_columns(t, side)}
    out: list[tuple[Column | None, list[Column]]] = []
    current: list[Column] | None = None
    for c in sorted((c for c in t.columns if c.side == side), key=lambda c: c.index):
        if c.role == "name":
            current = [] if not out else None
            if current is not None:
                out.append((None, current))
        elif c.role != "code" and current is not None and _names_column(t, c):
            current = []
            out.append((c, current))
        elif c.index in money and current is not None:
            current.append(c)
    return [p for p in out if p[1]]


def panel_name(r: Row, label: Column | None) -> str:
    """A row's item name in a panel of :func:`side_panels`: the row name for the first panel,
    else the text of the panel's label column (a total printed once across the panels keeps
    the row name)."""
    if label is None:
        return r.name
    cell = r.cell(label.index)
    text = cell.text.strip() if cell is not None else ""
    if text:
        return text
    return r.name if r.kind in ("total", "subtotal") or is_total_name(r.name) else ""


def personnel_rows(t: Table) -> tuple[Row | None, Row | None]:
    """The 人员经费合计 and 公用经费合计 rows of a 基本支出 table printed by rows."""
    return row_with(t.rows, "人员经费", "合计"), row_with(t.rows, "公用经费", "合计")


def code_children(t: Table, side: str | None = None) -> dict[int, list[Row]]:
    """Row index of every coded row → its rows one level below (类 → 款, 款 → 项), on ``side``.

    A branch ends at a row of the same or a higher level, at a code outside the
    parent's, or at an uncoded row that names something (a unit group, a total)
    and prints amounts.  One pass over the table.
    """
    out: dict[int, list[Row]] = {}
    open_: list[tuple[Row, int]] = []  # the open branch: (row, level), levels increasing
    for r in t.rows:
        if side is not None and r.side != side:
            continue
        if r.kind == "note":
            continue
        if not r.code:
            if (r.kind in ("total", "subtotal") or norm(r.name)) and any(
                c.value is not None for c in r.cells
            ):
                open_.clear()
            continue
        rl = code_level(r)
        if rl is None:
            continue
        while open_ and (rl <= open_[-1][1] or not r.code.startswith(open_[-1][0].code or "")):
            open_.pop()
        if open_ and open_[-1][1] == rl - 1:
            out[open_[-1][0].index].append(r)
        out.setdefault(r.index, [])
        open_.append((r, rl))
    return out


def group_contexts(t: Table) -> dict[int, str]:
    """Row index → name of the nearest uncoded grouping row above it (unit rows of project tables)."""
    out: dict[int, str] = {}
    ctx = ""
    for x in t.rows:
        out[x.index] = ctx
        if not x.code and x.kind == "data" and norm(x.name):
            ctx = norm(x.name)
        elif x.kind == "total":
            ctx = ""
    return out


# ---------------------------------------------------------------------------
# 三公 items
# ---------------------------------------------------------------------------


def _item_leaf(c: Column) -> str:
    """The item header of a 三公 column: "…/公务接待费/决算数" → "公务接待费"."""
    parts = [x for x in c.label.split("/") if x and not re.fullmatch(r"(预算数|决算数|预算|决算|金额)", x)]
    return parts[-1] if parts else (c.leaf or c.label)


def three_public_cells(doc: Document, subject: str, want: str) -> list[tuple[Table, Row, Column | None]]:
    """(table, row, column) of the 三公 item ``subject`` names ("因公出国（境）费", "公务用车运行费" …)
    in each 三公 table; ``want``: "budget" for the 预算数 column of a final account, else "actual"."""
    keys: tuple[str, ...]
    if "因公出国" in subject:
        keys = ("因公出国",)
    elif "公务接待" in subject:
        keys = ("公务接待",)
    elif "公务用车购置及运行" in subject or ("购置" in subject and "运行" in subject):
        keys = ("公务用车购置及运行", "小计")
    elif "公务用车购置" in subject or ("购置" in subject and "公务用车" in subject):
        keys = ("购置费",)
    elif "公务用车运行" in subject or "运行" in subject:
        keys = ("运行",)
    elif "三公" in subject:
        keys = ("合计",)
    else:
        return []
    out: list[tuple[Table, Row, Column | None]] = []
    for t in family(doc, "three_public"):
        # row-oriented: items are rows, the total column holds the amount (not when the items are
        # also columns: a 单位 × 项目 table whose 合计 row is no 三公 total)
        crossed = any(re.search(r"因公出国|公务接待|公务用车", c.label) for c in t.amount_columns())
        rows = [] if crossed else [r for r in t.rows if all(k in clean_name(r.name) for k in keys[:1])]
        if keys == ("购置费",):
            rows = [r for r in rows if "运行" not in r.name]
        if keys == ("运行",):
            rows = [r for r in rows if "购置" not in r.name]
        if keys == ("合计",) and not crossed:
            rows = [r for r in t.rows if clean_name(r.name) in ("合计", "总计")]
        if len(rows) == 1:
            out.append((t, rows[0], value_column(t, want)))
            continue
        # column-oriented: items are columns (预算数 / 决算数 groups), one data row;
        # match on the leaf header so that "公务用车购置及运行维护费/公务用车购置费" is 购置费
        acols = t.amount_columns()
        if keys == ("合计",):
            cols = [
                c
                for c in acols
                if "三公" in c.label and re.search(r"合计|小计", _item_leaf(c)) and "公务用车" not in c.label
            ]
            if not cols and not any(re.search(r"会议|培训", c.label) for c in acols):
                cols = [
                    c
                    for c in acols
                    if _item_leaf(c).endswith("合计") and not re.search(r"因公|公务", c.label)
                ]
        elif keys[0] == "公务用车购置及运行":
            cols = [
                c
                for c in acols
                if "购置及运行" in c.label and ("小计" in _item_leaf(c) or "购置及运行" in _item_leaf(c))
            ]
        elif keys == ("购置费",):
            cols = [
                c
                for c in acols
                if "购置" in _item_leaf(c) and "运行" not in _item_leaf(c) and "公务用车" in c.label
            ]
        elif keys == ("运行",):
            cols = [c for c in acols if "运行" in _item_leaf(c) and "购置" not in _item_leaf(c)]
        else:
            cols = [c for c in acols if keys[0] in _item_leaf(c)]
        if want == "budget":
            cols = [c for c in cols if "预算" in c.label and "决算" not in c.label]
        else:
            cols = (
                [c for c in cols if "决算" in c.label]
                or [c for c in cols if "预算" not in c.label.replace("一般公共预算", "")]
                or [c for c in cols if not re.search(r"(^|/)(年初|全年|调整)?预算数?(/|$)", c.label)]
            )
        # groups by period (上年 | 当年 | 增减变化): only the document year's group
        periods = {c.label.split("/")[0] for c in cols}
        if len(periods) > 1:
            cols = [c for c in cols if re.search(rf"^(当年|本年|{doc.year}年)", c.label)]
        data_rows = [r for r in t.rows if r.cells]
        if len(cols) == 1 and len(data_rows) == 1:
            out.append((t, data_rows[0], cols[0]))
    return out
