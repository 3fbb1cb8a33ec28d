"""Family 4: amounts quoted in the 情况说明 against the table cells they name.

- ``narr.amount``: totals (收入总计, 支出总计, 本年收入/支出合计, 财政拨款收入, 基本支出,
  项目支出, 人员经费, 公用经费, 一般公共预算…, 三公 and its parts, 机关运行经费 = 公用经费
  for 行政 / 参公 units) and function classes named in the text
  ("社会保障和就业支出（类）1,801.39万元") must equal the table cell (款 / 项 item lines:
  ``narr.item_line`` in item_sentences.py).  The table is chosen from the section the sentence is in
  (一般公共预算 → 一般公共预算支出表, 财政拨款收支 → 财政拨款收支总表, …).  An amount
  that differs from the preferred table but equals the same quantity in another
  standard table is not reported (that is an inter-table question).
- ``narr.code_name``: a class named in the text with its code ("医疗卫生与计划生育支出
  （210类）") or with the 类 marker must carry the tables' name for that code (a "（类）"
  amount is matched to the table class carrying the same amount; a name absent from
  tables whose classes add up to their total is a warning);
- ``narr.project``: each project's 预算安排规模 equals the 项目支出合计 of its 项目承担单位
  in the 一般公共预算项目支出表.

Amounts are converted to the table's unit (万元 / 元) before comparing; a gap no larger
than half the text's last printed digit ("6.2万元" for 6.20, "47,800,000元" for 4,780.00万元)
is no difference.  A quoted amount is the same printed figure as the cell, so any other
gap is an error (there are no addends whose rounding could explain it).
"""

from __future__ import annotations

import re
from decimal import Decimal

from gouji.model.document import DocKind, Row, StdTable, Table
from gouji.model.findings import Family, Severity, cell_location, sentence_location
from gouji.model.rules.registry import register_rule
from gouji.model.rules.selectors import (
    BUDGET_COL_RE,
    cell_amount,
    column_ending,
    column_with,
    family,
    side_rows,
    tables,
    three_public_cells,
    total_row,
    unique_row,
    value_column,
    valued_columns,
)
from gouji.model.rules.textnum import Amount, analyse, normalise, quote, text_sentences
from gouji.model.rules.wording import clean_name, doc_scope, fmt
from gouji.model.tables import family_tables

S = StdTable
#: the function-class tables by family, budget first
FUNC_TABLES = {f: family_tables(f) for f in ("gpb", "fiscal", "expense", "income", "overview")}
_ALL_FUNC = [std for stds in FUNC_TABLES.values() for std in stds]
_LEVELS = {"类": 1, "款": 2, "项": 3}


def _context(doc, sentence) -> str:
    """The titles of the sentence's section and its parents, innermost first."""
    titles = []
    sec = doc.section(sentence.section_id)
    seen = 0
    while sec is not None and seen < 4:
        titles.append(sec.title)
        sec = doc.section(sec.parent) if sec.parent else None
        seen += 1
    return " ".join(titles)


def _scope(ctx_titles: str) -> str | None:
    first = ctx_titles.split(" ")[0] if ctx_titles else ""
    for text in (first, ctx_titles):
        if "三公" in text:
            return "three"
        if "基本支出" in text and "一般公共预算" in text:
            return "basic"
        if "一般公共预算" in text:
            return "gpb"
        if re.search(r"财政拨款收(支|入支出)", text):
            return "fiscal"
        if re.search(r"收支总体|收入支出决算总体|收支预算情况的总体|收支预算总体", text):
            return "overview"
        if re.search(r"支出(预算|决算)情况", text):
            return "expense"
        if re.search(r"收入(预算|决算)情况", text):
            return "income"
    return None


#: the rows that close a table, as the text names them
_TOTALS = ("合计", "总计", "收入总计", "支出总计")


def _total_row(t: Table) -> Row | None:
    return total_row(t, _TOTALS, key=clean_name, fallback="blank_tail")


def _class_row(table: Table, name: str | None, code: str | None, level: str | None) -> Row | None:
    side = "支出" if table.two_sided else None
    for r in table.rows:
        if side and r.side != side:
            continue
        if code and r.code == code:
            return r
    if not name:
        return None
    lv = _LEVELS.get(level or "类", 1)
    hits = [r for r in table.rows if (not side or r.side == side) and clean_name(r.name) == name]
    hits = [r for r in hits if r.level in (None, lv)]
    return hits[0] if len(hits) == 1 else None


def _is_class_name(doc, scope: str, name: str) -> bool:
    """True when ``name`` is exactly the name of one 类 row of the scope's tables."""
    if not name or not name.endswith("支出"):
        return False
    for t in family(doc, scope):
        hits = [r for r in t.rows if r.level == 1 and r.code and clean_name(r.name) == name]
        if len(hits) == 1:
            return True
    return False


# (subject regex, scopes where it applies (None = anywhere), resolver name)
_NAMED = [
    (
        r"^(收入总计|收支总预算|收入预算|收入总预算|收入预算总额|收入支出总计|收支总计|收、支总计|收入、支出总计)$",
        None,
        "income_total",
    ),
    (
        r"^(财政拨款收入支出总计|财政拨款收支总计|财政拨款收入总计|财政拨款收支总预算)$",
        None,
        "fiscal_income_total",
    ),
    (r"^(财政拨款支出总计)$", None, "fiscal_expense_total"),
    (r"^(支出总计|支出预算|支出总预算)$", {"overview", "expense", None}, "expense_total"),
    (r"^(本年收入合计|本年收入)$", None, "year_income"),
    (r"^(本年支出合计|本年支出)$", None, "year_expense"),
    (
        r"^(财政拨款收入|上级补助收入|事业收入|经营收入|附属单位上缴收入|其他收入)$",
        {"income"},
        "income_source",
    ),
    (r"^(基本支出|项目支出)$", {"expense", "gpb"}, "basic_project"),
    (r"^(一般公共预算)?(财政拨款)?(基本支出)?(人员经费|公用经费)$", {"basic", "gpb", None}, "personnel"),
    (r"^(一般公共预算)?(财政拨款)?基本支出$", {"basic"}, "basic_total"),
    (
        r"^(一般公共预算财政拨款支出|一般公共预算拨款合计|一般公共预算当年拨款|一般公共预算支出)$",
        {"gpb"},
        "gpb_total",
    ),
    (r"(三公|因公出国|公务用车|公务接待)", {"three"}, "three_public"),
    (
        r"^(一般公共预算拨款|一般公共预算|政府性基金预算|国有资本经营预算|单位资金|非财政拨款结转结余|财政拨款结转|财政专户管理资金)(收入)?$",
        {"income"},
        "income_col",
    ),
    (r"机关运行经费", None, "operating"),
]


def _resolve(doc, kind: str, m: re.Match, amount: Amount, scope: str | None, want: str):
    """Candidate (table, row, col) cells for a named quantity."""
    out = []
    final = doc.kind == DocKind.FINAL
    if kind == "income_total":
        for t in family(doc, "overview"):
            r = unique_row(side_rows(t, "收入"), ("总计", "收入总计")) if t.two_sided else None
            out.append((t, r, value_column(t, want, "收入" if t.two_sided else None)))
        for t in family(doc, "income"):
            out.append((t, _total_row(t), value_column(t, want)))
    elif kind in ("fiscal_income_total", "fiscal_expense_total"):
        side = "收入" if kind == "fiscal_income_total" else "支出"
        for t in family(doc, "fiscal"):
            if t.two_sided:
                r = unique_row(side_rows(t, side), ("总计", side + "总计"))
                out.append((t, r, value_column(t, want, side)))
    elif kind == "expense_total":
        for t in family(doc, "overview"):
            r = unique_row(side_rows(t, "支出"), ("总计", "支出总计")) if t.two_sided else None
            out.append((t, r, value_column(t, want, "支出" if t.two_sided else None)))
        if not final:
            for t in family(doc, "expense"):
                out.append((t, _total_row(t), value_column(t, want)))
    elif kind in ("year_income", "year_expense"):
        side, std = ("收入", S.F_INCOME) if kind == "year_income" else ("支出", S.F_EXPENSE)
        for t in family(doc, "overview"):
            r = unique_row(side_rows(t, side), (f"本年{side}合计", f"一、本年{side}", f"本年{side}"))
            out.append((t, r, value_column(t, want, side)))
        for t in tables(doc, [std]):
            out.append((t, _total_row(t), t.find_column(f"本年{side}合计") or value_column(t, want)))
    elif kind == "income_source":
        for t in tables(doc, [S.F_INCOME]):
            out.append((t, _total_row(t), t.find_column(m.group(1))))
    elif kind == "income_col":
        key = m.group(1)
        for t in tables(doc, [S.B_INCOME]):
            cols = [
                c
                for c in t.amount_columns()
                if (c.leaf or c.label.split("/")[-1]) in (key, key + "拨款", key + "收入")
            ]
            if len(cols) == 1:
                out.append((t, _total_row(t), cols[0]))
    elif kind == "basic_project":
        stds = FUNC_TABLES["gpb"] if scope == "gpb" else FUNC_TABLES["expense"]
        for t in tables(doc, stds):
            col = column_ending(t.amount_columns(), m.group(1), exclude=BUDGET_COL_RE)
            out.append((t, _total_row(t), col))
    elif kind == "personnel":
        key = m.group(4)
        for t in family(doc, "gpb_basic"):
            col = column_ending(t.amount_columns(), key)
            if col is not None:
                out.append((t, _total_row(t), col))
            else:
                r = unique_row(t.rows, (key + "合计", key))
                if r is not None:
                    vc = valued_columns(r, t.amount_columns())
                    if len(vc) == 1:
                        out.append((t, r, vc[0]))
    elif kind == "basic_total":
        # the final-account 基本支出表 prints 人员经费 and 公用经费 side by side, with no
        # single total cell: use the 一般公共预算支出表's 基本支出 column there
        for t in tables(doc, [S.B_GPB_BASIC]):
            out.append((t, _total_row(t), value_column(t, want)))
        for t in family(doc, "gpb"):
            col = column_ending(t.amount_columns(), "基本支出")
            out.append((t, _total_row(t), col))
    elif kind == "gpb_total":
        for t in family(doc, "gpb"):
            out.append((t, _total_row(t), value_column(t, want)))
    elif kind == "three_public":
        out.extend(three_public_cells(doc, amount.subject, want))
    elif kind == "operating":
        for t in tables(doc, [S.B_OPERATING]):
            out.append((t, _total_row(t), value_column(t, want)))
        # 机关运行经费 = 公用经费 only for a single 行政 / 参公 unit (a department's
        # 机关运行经费 covers only its administrative units)
        text = " ".join(s.text for s in doc.sentences[:400])
        single_unit = doc_scope(doc)[0] == "单位" or re.search(
            r"[（(]行政单位(和|或)参照公务员", amount.raw_subject
        )
        if not out and single_unit and re.search(r"参照公务员|参公|行政单位", text + amount.raw_subject):
            for t in family(doc, "gpb_basic"):
                col = column_ending(t.amount_columns(), "公用经费")
                if col is not None:
                    out.append((t, _total_row(t), col))
    return [(t, r, c) for t, r, c in out if r is not None and c is not None]


def _want(doc, amount: Amount) -> str:
    """Which column the amount names: "budget" (a final account's 预算数) or "actual"."""
    s = amount.subject
    if "决算" in s or re.search(r"(公共|基金|经营)预算$", s):
        return "actual"
    if re.search(r"年初预算|调整预算|全年预算|预算数|预算$", s):
        # a budget document's 预算数 is its main column
        return "budget" if doc.kind == DocKind.FINAL else "actual"
    return "actual"


def _cells_for(doc, stds, want: str, find_row, *row_args, by_side: bool = True) -> list:
    """(table, row, column) in each table of ``stds`` where ``find_row(t, *row_args)`` finds the row
    and the ``want`` column exists (the 支出 side of two-sided tables when ``by_side``)."""
    out = []
    for t in tables(doc, stds):
        row = find_row(t, *row_args)
        col = value_column(t, want, "支出" if by_side and t.two_sided else None)
        if row is not None and col is not None:
            out.append((t, row, col))
    return out


def _other_year(doc, amount: Amount) -> bool:
    """The amount is a previous year's figure ("2023年预算数为…", "上年决算…")."""
    raw = amount.raw_subject
    if re.search(r"上年|去年|上一年|同期", raw):
        return True
    years = {int(y) for y in re.findall(r"((?:19|20)\d\d)\s*年", raw)}
    return bool(doc.year and years and doc.year not in years)


def _compare(ctx, s, sn, amount: Amount, cands, label: str, all_cands=None):
    """Yield a finding when the amount differs from the preferred candidate cell."""
    if not cands or _other_year(ctx.doc, amount):
        return
    t, r, c = cands[0]
    cell = cell_amount(r, c)
    if cell is None or t.unit is None:
        return
    unit = t.unit
    stated = amount.to(unit)
    diff = stated - cell
    if diff == 0:
        return
    slack = amount.quantum_in(unit)
    if abs(diff) <= slack:
        return  # the text prints fewer digits ("6.2万元" for 6.20)
    alts = all_cands if all_cands is not None else cands[1:]
    for t2, r2, c2 in alts:
        v2 = cell_amount(r2, c2)
        if v2 is not None and t2.unit and abs(amount.to(t2.unit) - v2) <= amount.quantum_in(t2.unit):
            return  # equal to the same quantity in another table: an inter-table matter
    col_label = c.label
    printed = f"{amount.text}{amount.unit}" + (f"（= {fmt(stated)}{unit}）" if amount.unit != unit else "")
    # a cell in 元 quoted in 万元 and rounded one unit of the last digit off: a rounding slip
    slip = amount.unit != unit and abs(diff) <= 2 * slack
    yield ctx.finding(
        f"“{quote(sn.text, amount.start, amount.end)}”：文中{label} {printed}，"
        f"《{t.title}》“{clean_name(r.name) or '合计'}”行“{col_label}”列为 {fmt(cell)}{unit}，相差 {fmt(diff)}{unit}。"
        + ("换算单位后末位相差一个单位，属尾差。" if slip else ""),
        key=(s.text, amount.text, t.std or t.id, r.code or clean_name(r.name), col_label),
        severity=Severity.ROUNDING if slip else Severity.ERROR,
        formula=f"文中金额 = 《{t.title}》{clean_name(r.name) or '合计'} / {col_label}",
        stated=stated,
        computed=cell,
        locations=[sentence_location(s), cell_location(t, r, c)],
    )


@register_rule(
    "narr.amount",
    "说明金额与表格一致",
    Family.NARRATIVE,
    Severity.ERROR,
    description="情况说明中引用的总额、功能分类科目金额、基本/项目支出、人员/公用经费、“三公”经费等须与对应表格单元格一致。",
)
def rule_amount(doc, ctx):
    if not doc.tables:
        return
    prev_entity: list = []
    prev_section = None
    for s in text_sentences(doc):
        sec = doc.section(s.section_id)
        if sec is not None and getattr(sec.kind, "value", sec.kind) not in ("情况说明", "其他", "绩效"):
            continue
        sn = analyse(s.text)
        entity = sn.entity
        if (
            not entity
            and s.section_id == prev_section
            and re.match(r"^\s*(年初预算|全年预算|预算数|支出决算|决算数)", sn.text)
        ):
            # "1、X（类）Y（款）Z（项）。主要用于：…。" then "年初预算为…，支出决算为…。"
            entity = prev_entity
        prev_entity = sn.entity or (prev_entity if s.section_id == prev_section else [])
        prev_section = s.section_id
        if not sn.values:
            continue
        titles = _context(doc, s)
        scope = _scope(titles)
        if len(entity) >= 2 and entity[-1][1] == "项":
            continue  # "X(类)Y(款)Z(项)：支出决算数为…": an item line (narr.item_line)
        for a in sn.values:
            if a.unit not in ("万元", "元", "亿元"):
                continue
            want = _want(doc, a)
            level, code = a.level, a.code
            if (
                not level
                and not code
                and scope in FUNC_TABLES
                and _is_class_name(doc, scope, clean_name(a.subject))
            ):
                level = "类"  # "社会保障和就业支出 1,801.39 万元" without the (类) marker
            if code and len(code) in (5, 7):
                continue  # a 款 / 项 item named by its code: narr.item_line
            if level == "类" or code:
                stds = FUNC_TABLES.get(scope or "", []) if scope in FUNC_TABLES else FUNC_TABLES["gpb"]
                name = clean_name(a.name)
                cands = _cells_for(doc, stds, want, _class_row, name, code, level)
                others = _cells_for(doc, _ALL_FUNC, want, _class_row, name, code, level)
                yield from _compare(ctx, s, sn, a, cands, a.subject, others)
                continue
            subj = re.sub(r"^(全年|年初)?(预算数|决算数)?", "", a.subject)
            subj = re.sub(r"(决算数|决算|预算数|支出决算数?)$", "", subj) or a.subject
            for pattern, scopes, kind in _NAMED:
                m = re.search(pattern, subj)
                if not m:
                    continue
                if scopes is not None and scope not in scopes:
                    break
                cands = _resolve(doc, kind, m, a, scope, want)
                yield from _compare(ctx, s, sn, a, cands, a.subject, cands)
                break


def _code_names(doc) -> dict[str, str]:
    """code → name as printed in the function-class tables (first occurrence)."""
    out: dict[str, str] = {}
    for t in tables(doc, _ALL_FUNC + [S.B_GPB_PROJECT]):
        for r in t.rows:
            if r.code and r.name and r.code not in out and len(r.code) in (3, 5, 7):
                out[r.code] = clean_name(r.name)
    return out


@register_rule(
    "narr.code_name",
    "说明中的科目名称与表格一致",
    Family.NARRATIVE,
    Severity.ERROR,
    description="文中以编码或（类）（款）（项）标注的功能分类科目，名称须与表格中该编码的名称一致（如表格为“卫生健康支出”，文中不得写“医疗卫生与计划生育支出（210类）”）。",
)
def rule_code_name(doc, ctx):
    names = _code_names(doc)
    if not names:
        return
    by_name: dict[str, set[str]] = {}
    for code, name in names.items():
        by_name.setdefault(name, set()).add(code)
    classes = {code: name for code, name in names.items() if len(code) == 3}
    unknown: dict[str, list] = {}
    for s in text_sentences(doc):
        sn = analyse(s.text)
        seen = set()
        for a in sn.amounts:
            if a.code and a.code in names:
                name = clean_name(a.name)
                # a tail of the table's name is the name cut at a bracket ("其他政府办公厅（室）及相关…")
                if name and not names[a.code].endswith(name) and (a.code, name) not in seen:
                    seen.add((a.code, name))
                    yield ctx.finding(
                        f"“{quote(sn.text, a.start - len(a.raw_subject), a.start, pad=0)}”：文中科目 {a.code} 名为“{name}”，"
                        f"表格中该科目名为“{names[a.code]}”。",
                        key=(s.text, a.code, name),
                        formula=f"科目 {a.code} 名称：文中 = 表格",
                        locations=[sentence_location(s)],
                    )
        # "（类）" names without a code: the class name must exist in the tables
        for name, level in sn.entity[:1]:
            if level != "类":
                continue
            n = clean_name(name)
            if not n or n in by_name or n + "支出" in by_name:
                continue  # "一般公共服务（类）支出" abbreviates "一般公共服务支出"
            amount = next((a for a in sn.values if a.level == "类" and clean_name(a.name) == n), None)
            renamed = _class_with_amount(doc, amount) if amount is not None else None
            if renamed is not None and renamed != n:
                yield ctx.finding(
                    f"“{quote(sn.text, amount.start - len(amount.raw_subject), amount.end, pad=0)}”：文中类级科目名为“{n}”，"
                    f"表格中金额 {amount.text}{amount.unit} 的类级科目名为“{renamed}”。",
                    key=(s.text, n, renamed),
                    formula="文中科目名称 = 表格科目名称",
                    locations=[sentence_location(s)],
                )
                continue
            unknown.setdefault(n, []).append(s)
    if not _classes_complete(doc):
        return  # the tables may have lost class rows: a missing name proves nothing
    for n, sents in unknown.items():
        yield ctx.finding(
            f"文中类级科目“{n}（类）”在公开表中找不到同名科目（共 {len(sents)} 处；表中类级科目："
            f"{'、'.join(sorted(set(classes.values())))}）。",
            key=(n, "class"),
            severity=Severity.WARNING,
            formula="文中科目名称 = 表格科目名称",
            locations=[sentence_location(x) for x in sents[:5]],
        )


def _class_with_amount(doc, amount: Amount) -> str | None:
    """The one 类 name whose row carries ``amount`` in a function-class table, if unique."""
    names = set()
    for t in tables(doc, _ALL_FUNC):
        if t.unit is None:
            continue
        value = amount.to(t.unit)
        for r in t.rows:
            if r.level == 1 and r.code and len(r.code) == 3:
                if any(c.value is not None and c.value == value for c in r.cells):
                    names.add(clean_name(r.name))
    return names.pop() if len(names) == 1 else None


def _classes_complete(doc) -> bool:
    """True when some function table's 类 rows add up to its total row (all classes were read)."""
    for t in family(doc, "gpb", "expense"):
        total = _total_row(t)
        col = value_column(t, "actual")
        if total is None or col is None:
            continue
        tv = cell_amount(total, col)
        classes = [r for r in t.rows if r.level == 1 and r.code and len(r.code) == 3]
        if tv is None or not classes:
            continue
        gap = sum((cell_amount(r, col) or Decimal(0) for r in classes), Decimal(0)) - tv
        if abs(gap) <= Decimal("0.005") * (len(classes) + 1):
            return True
    return False


@register_rule(
    "narr.project",
    "项目说明金额与项目支出表一致",
    Family.NARRATIVE,
    Severity.ERROR,
    description="项目支出情况说明中各项目的“预算安排规模”须等于一般公共预算项目支出表中该项目承担单位的项目支出合计"
    "（仅比较在说明中只出现一次、且在表中唯一的承担单位）。",
)
def rule_project(doc, ctx):
    found = tables(doc, [S.B_GPB_PROJECT])
    if not found:
        return
    t = found[0]
    col = column_with(t.amount_columns(), "合计") or value_column(t, "actual")
    if col is None or t.unit is None:
        return
    counts: dict[str, int] = {}
    for r in t.rows:
        n = clean_name(r.name)
        if not r.code and n and n not in ("合计", "总计"):
            counts[n] = counts.get(n, 0) + 1
    rows = {clean_name(r.name): r for r in t.rows if not r.code and counts.get(clean_name(r.name)) == 1}
    sents = text_sentences(doc)
    pairs = []
    scale = None
    for i, s in enumerate(sents):
        text = normalise(s.text).strip()
        if "项目名称" in text:
            scale = None
        if "预算安排规模" in text:
            a = next((x for x in analyse(text).values if "规模" in x.raw_subject), None)
            scale = (i, s, a) if a is not None else None
            continue
        m = re.match(r"^项目承担单位\s*[:：]\s*(.+?)\s*[。；;]?$", text)
        if m and scale is not None and i - scale[0] <= 4:
            pairs.append((re.sub(r"\s+", "", m.group(1)), scale[1], scale[2]))
            scale = None
    seen: dict[str, int] = {}
    for unit_name, _, _ in pairs:
        seen[unit_name] = seen.get(unit_name, 0) + 1
    for unit_name, s, a in pairs:
        row = rows.get(unit_name)
        if row is None or seen[unit_name] != 1:
            continue
        cell = cell_amount(row, col)
        if cell is None:
            continue
        stated = a.to(t.unit)
        diff = stated - cell
        if abs(diff) <= a.quantum_in(t.unit):
            continue
        yield ctx.finding(
            f"项目承担单位“{unit_name}”：说明中预算安排规模 {a.text}{a.unit}，《{t.title}》该单位“{col.label}”为 "
            f"{fmt(cell)}{t.unit}，相差 {fmt(diff)}{t.unit}。",
            key=(unit_name, a.text, t.std or t.id),
            formula=f"预算安排规模 = 《{t.title}》{unit_name} / {col.label}",
            stated=stated,
            computed=cell,
            locations=[sentence_location(s), cell_location(t, row, col)],
        )
