"""Performance tables: 绩效目标表 and 绩效自评表 → :class:`~gouji.model.document.PerfTable`.

The assembler recognises a performance table by its title and hands the rows
of the table to :func:`parse_perf`.  Rows come in two shapes:

* **grids** (PDF, DOCX, XLSX, tab-separated seed text): one cell per column;
  merged cells are repeated (DOCX) or blank (PDF); wrapped labels carry line
  breaks ("全年执行\\n数"); some rows of real documents are shifted by a
  column or split over two rows ("满意度指" / "标");
* **flat sequences** (the seed text of final accounts): one cell per row, the
  grid's rows separated by empty rows (``[]``).  Without separators the rows
  are rebuilt from the header widths (:func:`regroup_flat`).

The parse is a pipeline of small functions: :func:`logical_rows` (flat →
grid, clean the text) → zone detection per row (key/value labels, funds
header, goals, indicator header, 总分) → one small reader per zone.

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
from decimal import Decimal
from typing import Iterable

from gouji.io.assemble.amounts import parse_amount
from gouji.io.raw import RawCell
from gouji.model.document import BBox, Cell, PerfIndicator, PerfTable, StdTable

# --------------------------------------------------------------------------- text helpers

_CJK = re.compile(r"[\u2014\u2026\u201c\u201d\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_WS = re.compile(r"\s+")
_DASHES = re.compile(r"^[-—－_=\s]*$")


# markup left in exported text by web / Word converters ("<p>…</p>", "[bookmark: _GoBack]")
_MARKUP = re.compile(r"</?(?:p|br|span|div)\s*/?>|\[bookmark:[^\]]*\]", re.I)
# inline TeX left by document converters: "$\\geq 90\\%$" → "≥90%"
_LATEX = re.compile(r"\$([^$]{1,40})\$")
_TEX_SYMBOLS = {
    r"\geq": "≥",
    r"\ge": "≥",
    r"\leq": "≤",
    r"\le": "≤",
    r"\%": "%",
    r"\times": "×",
    r"\sim": "~",
}


def _latex_plain(m: re.Match) -> str:
    inner = m.group(1)
    for tex, sym in sorted(_TEX_SYMBOLS.items(), key=lambda kv: -len(kv[0])):
        inner = inner.replace(tex, sym)
    if "\\" in inner or "{" in inner:
        return m.group(0)  # real TeX we do not understand: keep as printed
    return re.sub(r"\s+", "", inner)


# "> =90%", "< =100%": a comparison sign split by the extraction
_OP_GAP = re.compile(r"(?<=[<>≤≥=])[ \t]+(?==)")
_HAN = "\u3400-\u9fff\uff08\uff09\uff0c\u3001\u3002\u2014"
_CJK_GAP = re.compile(
    rf"(?<=[{_HAN}])[ \t\u3000]+(?=[{_HAN}0-9A-Za-z(])|(?<=[0-9A-Za-z%)])[ \t\u3000]+(?=[{_HAN}])"
)


def clean_text(text: str | None) -> str:
    """Join wrapped lines of a cell: no space between CJK fragments, one space otherwise.

    Spaces next to a Chinese character are extraction noise ("市 场秩序", "2024 年",
    "=3 家": PDF text layers split runs of Chinese and Latin glyphs) and are dropped;
    spaces between digits or Latin letters are kept ("> =90%").
    """
    if not text:
        return ""
    text = _MARKUP.sub(" ", text)
    if "$" in text:
        text = _LATEX.sub(_latex_plain, text)
    text = _CJK_GAP.sub("", text)
    text = _OP_GAP.sub("", text)
    parts = [p.strip() for p in text.replace("\r", "\n").split("\n")]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    out = parts[0]
    for p in parts[1:]:
        if _CJK.match(out[-1]) or _CJK.match(p[0]):
            out += p
        else:
            out += " " + p
    return out.strip()


def label_key(text: str) -> str:
    """Canonical form of a label: no whitespace, no unit or 盖章 remark, no 其中 prefix."""
    t = _WS.sub("", text).replace("(", "（").replace(")", "）").replace(":", "：")
    for junk in ("（盖章）", "（万元）", "（元）", "（%）"):
        t = t.replace(junk, "")
    if t.startswith("其中："):
        t = t[3:]
    return t.rstrip("：")


def _squash(text: str) -> str:
    """Remove all whitespace (for indicator level labels: "产出 指标" → "产出指标")."""
    return _WS.sub("", text)


def _amount(text: str):
    """:func:`gouji.io.assemble.amounts.parse_amount` of a cell, after dropping a trailing "分"."""
    t = _WS.sub("", text)
    if t.endswith("分") and len(t) > 1:
        t = t[:-1]
    return parse_amount(t)


def parse_number(text: str) -> Decimal | None:
    """Parse a printed number: "1,700.00", "86%", "100.00分", "－3.5"; None when not a number.

    Percent signs and a trailing "分" are dropped (the value is the printed
    number).  Years, codes or text with words are not numbers; blanks ("-",
    "—", "/") have no value.  Uses the shared amount parser
    (:func:`gouji.io.assemble.amounts.parse_amount`).
    """
    parsed = _amount(text)
    return None if parsed is None else parsed.value


def is_blank(text: str) -> bool:
    """Printed as nothing, a dash or a slash."""
    parsed = _amount(text)
    return parsed is not None and parsed.blank


def _is_weight(text: str) -> bool:
    """A bare number 0–100 (a weight / score cell), not a percentage."""
    t = _WS.sub("", text)
    if "%" in t or "％" in t:
        return False
    v = parse_number(t)
    return v is not None and 0 <= v <= 100


def _bbox(cells: Iterable[RawCell]) -> BBox | None:
    out: BBox | None = None
    for c in cells:
        if c.bbox is not None:
            b = BBox(x0=c.bbox[0], top=c.bbox[1], x1=c.bbox[2], bottom=c.bbox[3])
            out = b if out is None else out.union(b)
    return out


def _page(cells: Iterable[RawCell]) -> int | None:
    for c in cells:
        if c.page is not None:
            return c.page
    return None


def make_cell(col: int, raw: RawCell | None, numeric: bool = True) -> Cell:
    """A model cell from a raw cell (text cleaned, number parsed when ``numeric``)."""
    if raw is None:
        return Cell(col=col, blank=True)
    text = clean_text(raw.text)
    blank = is_blank(text)
    value = parse_number(text) if numeric and not blank else None
    box = _bbox([raw])
    return Cell(col=col, text=text, value=value, blank=blank, page=raw.page, bbox=box)


# --------------------------------------------------------------------------- vocabularies

# key/value labels whose value is text (never parsed as a number)
TEXT_LABELS = {
    "项目名称": "项目名称",
    "单位名称": "单位名称",
    "部门名称": "单位名称",
    "主管部门": "主管部门",
    "主管部门及代码": "主管部门",
    "实施单位": "实施单位",
    "预算单位": "预算单位",
    "项目负责人": "项目负责人",
    "单位联系人": "单位联系人",
    "联系人": "单位联系人",
    "联系电话": "联系电话",
    "年度绩效目标": "年度绩效目标",
    "当年绩效目标": "年度绩效目标",
    "当年整体绩效目标": "年度绩效目标",
    "整体绩效目标": "年度绩效目标",
    "项目总体目标": "项目总体目标",
    "总体目标": "项目总体目标",
    "项目属性": "项目属性",
    "项目类型": "项目类型",
    "项目期限": "项目期限",
}
# key/value labels whose value is an amount
MONEY_LABELS = {
    "年度预算总额": "年度预算总额",
    "年度预算资金总额": "年度预算总额",
    "项目总额": "年度预算总额",
    "预算支出总额": "年度预算总额",
    "年度资金总额": "年度预算总额",
    "资金总额": "年度预算总额",
    "项目资金总额": "年度预算总额",
    "预算总额": "年度预算总额",
    "财政拨款": "财政拨款",
    "当年财政拨款": "财政拨款",
    "财政资金": "财政拨款",
    "其他资金": "其他资金",
    "上年结转资金": "上年结转资金",
    "上年结转": "上年结转资金",
}
# labels of a zone / row group (never values)
ZONE_LABELS = {
    "项目资金",
    "部门资金",
    "单位资金",
    "年度预算",
    "资金来源",
    "年度总体目标",
    "年度绩效指标完成情况",
    "绩效指标",
    "年度绩效指标",
}
# funds table columns → canonical key
FUND_COLUMNS = {
    "年初预算数": "年初预算数",
    "全年预算数": "全年预算数",
    "全年执行数": "全年执行数",
    "预算数": "全年预算数",
    "执行数": "全年执行数",
    "分值": "分值",
    "分值权重": "分值",
    "权重": "分值",
    "执行率": "执行率",
    "得分": "得分",
    "资金总额": "资金总额",
}
TOTAL_NAMES = ("年度资金总额", "资金总额", "合计", "总计")
GOAL_LABELS = {"预期目标": "预期目标", "实际完成情况": "实际完成情况", "实际完成": "实际完成情况"}

LEVEL1_ONLY = {
    "产出指标",
    "效益指标",
    "成本指标",
    "产出",
    "效益",
    "成本",
    "决策",
    "过程",
    "决策指标",
    "过程指标",
    "履职效能",
    "管理效率",
    "运行成本",
    "社会效应",
    "服务对象满意度",
}
LEVEL2_NAMES = {
    "数量指标",
    "质量指标",
    "时效指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "满意度指标",
}


LEVEL2_NAMES |= {"社会公众满意度指标", "社会公众或服务对象满意度指标", "群众满意度指标"}
# pieces of wrapped level labels ("效益" / "指标", "满意" / "度指标")
LEVEL_FRAGMENTS = {
    "经济",
    "社会",
    "生态",
    "效益",
    "产出",
    "成本",
    "满意",
    "满意度",
    "可持续",
    "数量",
    "质量",
    "时效",
    "指标",
    "标",
    "度指标",
    "指",
}


def _looks_level2(text: str) -> bool:
    t = _squash(text)
    return t in LEVEL2_NAMES or (
        t not in LEVEL1_ONLY
        and len(t) <= 7
        and t.endswith(("效益指标", "成本指标", "影响指标", "满意度指标"))
    )


def _levelish(text: str) -> bool:
    """A 一级 / 二级 label or a piece of one (never a 三级 indicator name)."""
    t = _squash(text)
    if not t:
        return False
    if t in LEVEL1_ONLY or t in LEVEL_FRAGMENTS or _looks_level2(t):
        return True
    # a short piece of a wrapped label ("经济效益" / "指标"); longer texts are names
    return 2 <= len(t) <= 4 and any(n.startswith(t) or n.endswith(t) for n in LEVEL1_ONLY | LEVEL2_NAMES)


# --------------------------------------------------------------------------- flat → grid


def regroup_flat(rows: list[list[RawCell]]) -> list[list[RawCell]]:
    """Rebuild grid rows from a flat one-cell-per-row sequence.

    Empty rows (``[]``) separate grid rows when the reader kept the blank
    lines.  Without separators, header rows are recognised by their labels and
    the data rows under them are cut to the header's width.
    """
    if any(len(r) == 0 for r in rows):
        out: list[list[RawCell]] = []
        cur: list[RawCell] = []
        for r in rows:
            if not r:
                if cur:
                    out.append(cur)
                cur = []
            else:
                cur.extend(r)
        if cur:
            out.append(cur)
        return out
    cells = [r[0] for r in rows if r]
    return _regroup_stream(cells)


def _regroup_stream(cells: list[RawCell]) -> list[list[RawCell]]:
    """Cut a stream of cells into rows using the header labels (no separators)."""
    keys = [label_key(clean_text(c.text)) for c in cells]
    out: list[list[RawCell]] = []
    i, n = 0, len(cells)

    def header_end(start: int, vocab) -> int:
        j = start
        while j < n and (vocab(keys[j]) or keys[j] in ZONE_LABELS):
            j += 1
        return j

    def is_stop(k: str) -> bool:
        return (
            k in TEXT_LABELS
            or k in ("年度总体目标", "一级指标", "总分")
            or "绩效自评表" in k
            or "绩效目标表" in k
        )

    while i < n:
        k = keys[i]
        # funds header: zone label, optional blank / 资金来源, column labels
        if k in ("项目资金", "部门资金", "单位资金") or (k in FUND_COLUMNS and k not in ("分值", "得分")):
            end = i + 1 if k in ZONE_LABELS else i
            while end < n and (keys[end] == "" or keys[end] in ZONE_LABELS) and k in ZONE_LABELS:
                end += 1
            while end < n and keys[end] in FUND_COLUMNS:
                end += 1
            width = end - i
            out.append(cells[i:end])
            i = end
            while i + width <= n and not any(is_stop(x) for x in keys[i : i + width]):
                out.append(cells[i : i + width])
                i += width
            continue
        if k == "年度总体目标":
            end = header_end(i, lambda x: x in GOAL_LABELS)
            width = end - i
            out.append(cells[i:end])
            i = end
            if i + width <= n:
                out.append(cells[i : i + width])
                i += width
            continue
        if k == "一级指标":
            lead = 1 if out and out[-1] and keys[i - 1] == "" and len(out[-1]) == 1 else 0
            if lead:
                out.pop()
            end = i
            while end < n and keys[end] and _header_role(keys[end]) is not None:
                end += 1
            width = end - i + lead
            out.append(cells[i - lead : end])
            i = end
            while i < n and keys[i] != "总分" and not is_stop_title(keys[i]):
                out.append(cells[i : i + width])
                i += width
            continue
        if k == "总分":
            j = i + 1
            while j < n and not is_stop_title(keys[j]) and keys[j] not in TEXT_LABELS:
                j += 1
            out.append(cells[i:j])
            i = j
            continue
        if k in TEXT_LABELS or k in MONEY_LABELS:
            out.append(cells[i : i + 2])
            i += 2
            continue
        out.append([cells[i]])
        i += 1
    return out


def is_stop_title(key: str) -> bool:
    return "绩效自评表" in key or "绩效目标表" in key


def logical_rows(rows: list[list[RawCell]]) -> list[list[RawCell]]:
    """Grid rows with cleaned text; flat one-cell sequences regrouped first."""
    flat = len(rows) > 3 and all(len(r) <= 1 for r in rows)
    grid = regroup_flat(rows) if flat else [r for r in rows if r]
    out = []
    for r in grid:
        cells = [RawCell(clean_text(c.text), c.bbox, c.page) for c in r]
        out.append(cells)
    return out


# --------------------------------------------------------------------------- indicator header


def _header_role(key: str) -> str | None:
    if "一级指标" in key:
        return "level1"
    if "二级指标" in key:
        return "level2"
    if "三级指标" in key or key in ("指标名称", "绩效指标名称"):
        return "name"
    if key in ("项目名称", "项目", "项目代码", "项目编码"):
        return "project"
    if key in ("绩效目标", "当年绩效目标", "年度绩效目标", "项目绩效目标"):
        return "goal"
    if _money_key(key):
        return "money"
    if key in ("指标性质", "绩效指标性质", "指标方向", "运算符号"):
        return "op"
    if key in ("计量单位", "度量单位", "绩效度量单位", "指标单位"):
        return "unit"
    if "依据" in key or "规则" in key or "佐证" in key or "偏差" in key or "上年" in key:
        return "other"
    if "实际" in key or "业绩值" in key or "完成值" in key:
        return "actual"
    if "权重" in key or key in ("分值", "指标分值"):
        return "weight"
    if "得分" in key:
        return "score"
    if key in (
        "指标值",
        "年度指标值",
        "预期指标值",
        "目标值",
        "预期目标值",
        "年度目标值",
        "预期目标",
        "指标目标值",
    ) or key.endswith("指标值"):
        return "target"
    if "完成率" in key or "备注" in key:
        return "other"
    return None


def _money_key(key: str) -> str | None:
    """Canonical field of an amount column of a list-style target table ("项目总额", "财政资金" …)."""
    if key in MONEY_LABELS:
        return MONEY_LABELS[key]
    if "财政拨款" in key and ("金额" in key or "预算" in key):
        return "财政拨款"
    return None


def _is_indicator_header(keys: list[str]) -> bool:
    roles = {_header_role(k) for k in keys if k}
    if "name" not in roles and "level1" not in roles and "绩效指标" in keys:
        roles.add("name")  # one 绩效指标 column holding "产出指标数量指标…" (see _split_levels)
    return (
        ("level1" in roles or "name" in roles)
        and ("level2" in roles or "name" in roles)
        and ("weight" in roles or "target" in roles)
    )


_OPS = {"=", "＝", "≥", "≤", ">", "<", ">=", "<=", "＞", "＜", "≧", "≦", "定性", "定量"}
_LEVEL_SPLIT = re.compile(r"^(产出指标|效益指标|成本指标|满意度指标)(\S{2,8}?指标)(\S.*)$")


def _split_levels(text: str) -> tuple[str, str, str] | None:
    """ "产出指标数量指标出具数据分析报告" → ("产出指标", "数量指标", "出具数据分析报告")."""
    m = _LEVEL_SPLIT.match(_squash(text))
    if m is None or not _looks_level2(m.group(2)):
        return None
    return m.group(1), m.group(2), m.group(3)


class _IndicatorColumns:
    """Column positions of the indicator part, from its header row."""

    def __init__(self, keys: list[str]):
        self.width = len(keys)
        self.labels = keys
        self.pos: dict[str, int] = {}
        for j, k in enumerate(keys):
            role = _header_role(k) if k else None
            if role and role != "other" and role not in self.pos:
                self.pos[role] = j
        # label columns: header columns before the first value column
        if "name" not in self.pos and "level1" not in self.pos and "绩效指标" in keys:
            self.pos["name"] = keys.index("绩效指标")
        first_value = min(
            (self.pos[r] for r in ("target", "weight", "actual", "score", "op") if r in self.pos),
            default=self.width,
        )
        self.first_value = first_value
        self.label_cols = [self.pos[r] for r in ("level1", "level2", "name") if r in self.pos]
        self.money = {j: _money_key(k) for j, k in enumerate(keys) if k and _header_role(k) == "money"}

    def add_sublabels(self, keys: list[str]) -> None:
        """A second header row ("其中：" → "财政资金", "其他资金") refines the columns below it."""
        for j, k in enumerate(keys):
            if k and j < self.width:
                self.labels[j] = k
                if _header_role(k) == "money":
                    self.money[j] = _money_key(k)


# --------------------------------------------------------------------------- the parser


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
        part = PerfTable(kind=perf.kind, scope=perf.scope, indicators=g["indicators"])
        part.fields = {k: c for k, c in perf.fields.items() if k not in ("项目名称",)}
        part.fields["项目名称"] = g["名称"]
        part.fields.update(g["fields"])
        part.project_name = g["名称"].text
        out.append(part)
    return out


def _parse(std: StdTable, rows: list[list[RawCell]]) -> tuple[PerfTable, list[dict]]:
    kind = "target" if std in (StdTable.PERF_TARGET_OVERALL, StdTable.PERF_TARGET_PROJECT) else "self_eval"
    scope = "overall" if std in (StdTable.PERF_TARGET_OVERALL, StdTable.PERF_SELF_OVERALL) else "project"
    perf = PerfTable(kind=kind, scope=scope)
    parser = _Parser(perf)
    parser.run(logical_rows(rows))
    groups = parser.groups
    if len(groups) == 1:
        g = groups[0]
        perf.fields.setdefault("项目名称", g["名称"])
        for k, c in g["fields"].items():
            perf.fields.setdefault(k, c)
    elif len(groups) > 1:
        for g in groups:
            perf.funds.append(
                {"名称": g["名称"], **{k: c for k, c in g["fields"].items() if k != "年度绩效目标"}}
            )
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


class _Parser:
    def __init__(self, perf: PerfTable):
        self.perf = perf
        self.state = "head"
        self.fund_cols: dict[int, str] = {}
        self.fund_first = 0
        self.fund_group = ""
        self.fund_group_col = 0
        self.goal_cols: dict[int, str] = {}
        self.ind: _IndicatorColumns | None = None
        self.last: PerfIndicator | None = None
        self.last_shift = 0
        self.level1 = ""
        self.level2 = ""
        self.groups: list[dict] = []  # list-style tables: one entry per project
        self.pending: str | None = None  # a label whose value is printed on the next row
        self.vertical: dict[int, str] = {}  # money labels whose amounts are printed below them

    # ---------------------------------------------------------------- driver
    def run(self, rows: list[list[RawCell]]) -> None:
        for row in rows:
            texts = [c.text for c in row]
            keys = [label_key(t) for t in texts]
            nonempty = [k for k in keys if k]
            if not nonempty or all(_DASHES.match(t) for t in texts):
                continue
            if len(nonempty) == 1 and (
                is_stop_title(nonempty[0]) or re.fullmatch(r"[（(]?\d{4}年度?[）)]?", nonempty[0])
            ):
                continue  # title / year line
            if _is_indicator_header(keys):
                if self.ind is None or keys != self.ind.labels:  # a repeated header on a new page is skipped
                    self.ind = _IndicatorColumns(keys)
                self.state = "ind"
                continue
            if self.pending is not None:
                name, self.pending = self.pending, None
                if self.state != "ind" and not any(k in TEXT_LABELS or k in MONEY_LABELS for k in nonempty):
                    j = next(j for j, k in enumerate(keys) if k)
                    self.perf.fields.setdefault(name, make_cell(j, row[j], numeric=False))
                    continue
            if self.state == "ind":
                if self._is_sublabel_row(keys):
                    self.ind.add_sublabels(keys)
                    continue
                if len(nonempty) == 1 and keys[0] and len(nonempty[0]) > 6 and self.perf.indicators:
                    continue  # running text after the table (a heading or a note), not a table row
                if nonempty[0] in ("总分", "合计", "总计"):
                    self._total(row, keys)
                    continue
                self._indicator(row, keys)
                continue
            if self._is_fund_header(keys):
                self._fund_header(keys)
                continue
            if self._vertical_money(row, keys):
                continue
            if self._is_goal_header(keys):
                self.goal_cols = {}
                for j, k in enumerate(keys):
                    if k in GOAL_LABELS and GOAL_LABELS[k] not in self.goal_cols.values():
                        self.goal_cols[j] = GOAL_LABELS[k]
                self.state = "goal"
                continue
            if self.state == "goal":
                self.state = "head"
                if not any(k in TEXT_LABELS or k in MONEY_LABELS for k in nonempty):
                    for j, name in self.goal_cols.items():
                        if j < len(row) and row[j].text:
                            self.perf.fields[name] = make_cell(j, row[j], numeric=False)
                    continue
            if self.state == "funds":
                if self._is_kv_row(keys) or nonempty[0] in ("年度总体目标", "项目总体目标", "年度绩效目标"):
                    self.state = "head"
                else:
                    self._fund_row(row, keys)
                    continue
            self._kv(row, keys)

    # ---------------------------------------------------------------- key / value
    @staticmethod
    def _is_kv_row(keys: list[str]) -> bool:
        return any(k in TEXT_LABELS for k in keys)

    def _kv(self, row: list[RawCell], keys: list[str]) -> None:
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

    def _vertical_money(self, row: list[RawCell], keys: list[str]) -> bool:
        """Money labels in one row, their amounts in a later row under them.

        "预算支出总额 | 财政拨款 | … | 其他资金" / "合计 | 基本支出 | 项目支出" /
        "32,852.05 | 32,801.94 | …": the amount under each label's first column.
        """
        labels = {j: MONEY_LABELS[k] for j, k in enumerate(keys) if k in MONEY_LABELS}
        numbers = {j: c for j, c in enumerate(row) if c.text and parse_number(c.text) is not None}
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

    def _is_sublabel_row(self, keys: list[str]) -> bool:
        cols = self.ind
        if cols is None or self.perf.indicators:
            return False
        filled = [(j, k) for j, k in enumerate(keys) if k]
        return (
            bool(filled)
            and all(parse_number(k) is None and len(k) <= 8 for _, k in filled)
            and any(_money_key(k) for _, k in filled)
        )

    # ---------------------------------------------------------------- funds
    @staticmethod
    def _is_fund_header(keys: list[str]) -> bool:
        cols = {FUND_COLUMNS[k] for k in keys if k in FUND_COLUMNS}
        money = cols & {"年初预算数", "全年预算数", "全年执行数"}
        return len(money) >= 2 or ("资金总额" in cols and "资金来源" in keys)

    def _fund_header(self, keys: list[str]) -> None:
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
        self.state = "funds"

    def _fund_row(self, row: list[RawCell], keys: list[str]) -> None:
        labels = []
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
    @staticmethod
    def _is_goal_header(keys: list[str]) -> bool:
        return sum(1 for k in set(keys) if k in GOAL_LABELS) >= 2

    # ---------------------------------------------------------------- indicators
    def _find_shift(self, texts: list[str]) -> int | None:
        """Column offset of a row whose cells moved (a column dropped or inserted by the extraction).

        Candidates are offsets that put a bare number in the weight column.  Each is scored:
        +2 when the score column then holds a number (+1 when blank), +1 when the name column
        holds a name (not a number; for offsets ≥ 0 not an indicator class followed by another
        weight, which means the row moved further right).  The best score wins, ties go to the
        smallest move.
        """
        cols = self.ind
        assert cols is not None
        w = cols.pos.get("weight")
        anchor_ok = _is_weight
        if w is None and "op" in cols.pos:
            # no weight column: anchor on the 指标性质 column ("≥", "＝", "定性" …)
            w = cols.pos["op"]

            def anchor_ok(t: str) -> bool:
                return _squash(t) in _OPS

        if w is None:
            return 0
        sc = cols.pos.get("score")
        best: tuple[int, int] | None = None
        for order, s in enumerate((0, -1, 1, -2, 2)):
            j = w + s
            if not (1 <= j < len(texts) and anchor_ok(texts[j])):
                continue
            quality = 0
            if sc is not None:
                k = sc + s
                st = texts[k] if 0 <= k < len(texts) else ""
                if parse_number(st) is not None:
                    quality += 2
                elif is_blank(st):
                    quality += 1
            name_j = cols.pos.get("name", 0) + s
            nt = _squash(texts[name_j]) if 0 <= name_j < len(texts) else ""
            if parse_number(nt) is not None:
                continue  # a numeric 上年完成值 taken for the weight
            nxt = j + 1
            moved_on = s >= 0 and _levelish(nt) and nxt < len(texts) and _is_weight(texts[nxt])
            if not moved_on:
                quality += 1
            key = (quality, -order)
            if best is None or key > best:
                best = key
        return None if best is None else (0, -1, 1, -2, 2)[-best[1]]

    def _indicator(self, row: list[RawCell], keys: list[str]) -> None:
        cols = self.ind
        assert cols is not None
        texts = [c.text for c in row]
        while texts and not texts[-1]:
            texts.pop()
        shift = self._find_shift(texts)
        name_pos = cols.pos.get("name")
        if shift is None:
            # no weight: a continuation row (wrapped text printed as its own row) when the name
            # cell is empty, or when every other indicator had a weight and the texts are short
            name_txt = texts[name_pos] if name_pos is not None and name_pos < len(texts) else ""
            short = all(len(_squash(t)) <= 6 for t in texts if t)
            if self.last is not None and (not name_txt or (self.last.weight is not None and short)):
                self._fragment(row)
                return
            shift = 0
        # a weight found to the right belongs to a row shifted right only when the labels moved
        # too (an indicator class in the name column); otherwise a stray cell was inserted
        # between the labels and the weight: labels and target stay in place
        value_shift = shift
        if (
            shift > 0
            and name_pos is not None
            and name_pos < len(texts)
            and texts[name_pos]
            and not _levelish(texts[name_pos])
        ):
            shift = 0
        # labels: cells before the (shifted) first value column
        end = max(0, min(cols.first_value + shift, len(texts)))
        label_cells = [
            (j, texts[j]) for j in range(end) if texts[j] and label_key(texts[j]) not in ZONE_LABELS
        ]
        l1 = l2 = name = ""
        if shift == 0 and name_pos is not None and name_pos < len(texts) and texts[name_pos]:
            l1 = texts[cols.pos["level1"]] if "level1" in cols.pos and cols.pos["level1"] < len(texts) else ""
            l2 = texts[cols.pos["level2"]] if "level2" in cols.pos and cols.pos["level2"] < len(texts) else ""
            name = texts[name_pos]
            if label_key(l1) in ZONE_LABELS:
                l1 = ""
        elif label_cells:
            vals = [t for _, t in label_cells]
            # merged repeats (DOCX) collapse
            dedup: list[str] = []
            for t in vals:
                if not dedup or dedup[-1] != t:
                    dedup.append(t)
            name = dedup[-1]
            rest = dedup[:-1][-2:]
            if len(rest) == 2:
                l1, l2 = rest
            elif len(rest) == 1:
                if _squash(rest[0]) in LEVEL1_ONLY or not _looks_level2(rest[0]):
                    l1 = rest[0]
                else:
                    l2 = rest[0]
        else:
            if self.last is not None:
                self._fragment(row)
            return
        if "level1" not in cols.pos and "level2" not in cols.pos:
            split = _split_levels(name)
            if split is not None:
                l1, l2, name = split
        l1, l2 = _squash(l1), _squash(l2)
        # the tail of a wrapped level label printed on this row ("经济效益" + "指标")
        if (
            l2
            and l2 in LEVEL_FRAGMENTS
            and self.level2
            and not self.level2.endswith("指标")
            and l2.endswith("标")
        ):
            self._complete_level("level2", self.level2 + l2)
            l2 = ""
        if (
            l1
            and l1 in LEVEL_FRAGMENTS
            and self.level1
            and not self.level1.endswith("指标")
            and l1.endswith("标")
        ):
            self._complete_level("level1", self.level1 + l1)
            l1 = ""
        if (
            l1
            and not l2
            and _looks_level2(l1)
            and l1 not in LEVEL1_ONLY
            and self.level1
            and l1 != self.level1
        ):
            l1, l2 = "", l1  # a 二级 label printed in the 一级 column
        if l1:
            if l1 != self.level1:
                self.level2 = ""
            self.level1 = l1
        if l2:
            self.level2 = l2
        cells: list[Cell] = []
        used: list[RawCell] = []
        w_pos = cols.pos.get("weight", cols.width)
        for j in range(cols.width):
            k = j + (value_shift if j >= w_pos else shift)
            raw = row[k] if 0 <= k < len(row) else None
            if raw is not None:
                used.append(raw)
            role = next((r for r, p in cols.pos.items() if p == j), None)
            numeric = role in ("weight", "score") or (role is None and "完成率" in cols.labels[j])
            cells.append(make_cell(j, raw, numeric=numeric))

        def text_of(role: str) -> str:
            p = cols.pos.get(role)
            return cells[p].text if p is not None else ""

        def value_of(role: str) -> Decimal | None:
            p = cols.pos.get(role)
            return cells[p].value if p is not None else None

        target = text_of("target")
        if target and ("op" in cols.pos or "unit" in cols.pos):
            # 指标性质 | 指标值 | 计量单位 printed in three columns: "≥" "68" "%" → "≥68%"
            op = text_of("op") if "op" in cols.pos else ""
            op = "" if op in ("定性", "定量") else op
            unit = text_of("unit") if "unit" in cols.pos else ""
            target = f"{op}{target}{unit}"
        ind = PerfIndicator(
            level1=self.level1,
            level2=self.level2,
            name=name.strip(),
            target=target,
            actual=text_of("actual"),
            weight=value_of("weight"),
            score=value_of("score"),
            page=_page(used),
            bbox=_bbox(used),
            cells=cells,
        )
        self.perf.indicators.append(ind)
        self.last = ind
        self.last_shift = shift
        if "project" in cols.pos:
            self._group(ind, cells)

    def _group(self, ind: PerfIndicator, cells: list[Cell]) -> None:
        """List-style tables print several projects, each on the first row of its indicators."""
        cols = self.ind
        assert cols is not None
        pc = cells[cols.pos["project"]]
        if pc.text and not pc.blank and (not self.groups or self.groups[-1]["名称"].text != pc.text):
            group: dict = {"名称": pc, "fields": {}, "indicators": []}
            for j, key in cols.money.items():
                if j < len(cells) and key and key not in group["fields"]:
                    c = cells[j]
                    group["fields"][key] = make_cell(j, RawCell(c.text, None, c.page))
                    group["fields"][key].bbox = c.bbox
            if "goal" in cols.pos and cells[cols.pos["goal"]].text:
                group["fields"]["年度绩效目标"] = cells[cols.pos["goal"]]
            self.groups.append(group)
        if self.groups:
            self.groups[-1]["indicators"].append(ind)

    def _complete_level(self, attr: str, full: str) -> None:
        """Finish a wrapped level label on the indicators that carry its first piece."""
        old = self.level1 if attr == "level1" else self.level2
        for ind in reversed(self.perf.indicators):
            if getattr(ind, attr) != old:
                break
            setattr(ind, attr, full)
        if attr == "level1":
            self.level1 = full
        else:
            self.level2 = full

    def _fragment_shift(self, row: list[RawCell]) -> int:
        """Column offset of a continuation row: the one whose pieces best continue the last row."""
        ind = self.last
        cols = self.ind
        assert ind is not None and cols is not None
        roles = {p: r for r, p in cols.pos.items()}
        best, best_score = 0, None
        for s in (0, 1, -1):
            score = 0
            for j, raw in enumerate(row):
                t = raw.text
                if not t:
                    continue
                k = j - s
                if not 0 <= k < cols.width:
                    score -= 2
                    continue
                cur = ind.cells[k].text if k < len(ind.cells) else ""
                role = roles.get(k)
                if role in ("weight", "score") and parse_number(cur) is not None:
                    score -= 2
                elif not cur:
                    score -= 1
                else:
                    score += 1
                    if role in ("level1", "level2") and _squash(cur + t) in LEVEL1_ONLY | LEVEL2_NAMES:
                        score += 2
                    elif role == "name" and _levelish(t):
                        score -= 1
            if best_score is None or score > best_score:
                best, best_score = s, score
        return best

    def _fragment(self, row: list[RawCell]) -> None:
        """A continuation row (wrapped text printed as its own row): append to the last indicator."""
        ind = self.last
        cols = self.ind
        assert ind is not None and cols is not None
        shift = self._fragment_shift(row)
        row = [RawCell("", None, None)] * max(0, -shift) + row[max(0, shift) :]
        for j, raw in enumerate(row):
            t = raw.text
            if not t or j >= cols.width:
                continue
            role = next((r for r, p in cols.pos.items() if p == j), None)
            if role == "level1":
                self._complete_level("level1", _squash(ind.level1 + t))
            elif role == "level2":
                self._complete_level("level2", _squash(ind.level2 + t))
            elif role == "name":
                ind.name += t
            elif role == "target":
                ind.target += t
            elif role == "actual":
                ind.actual += t
            if j < len(ind.cells):
                c = ind.cells[j]
                c.text = c.text + t
            if raw.bbox is not None and raw.page == ind.page:
                b = BBox(x0=raw.bbox[0], top=raw.bbox[1], x1=raw.bbox[2], bottom=raw.bbox[3])
                ind.bbox = b.union(ind.bbox)

    def _total(self, row: list[RawCell], keys: list[str]) -> None:
        start = next(j for j, k in enumerate(keys) if k)
        nums: list[tuple[int, RawCell]] = []
        prev = None
        for j in range(start + 1, len(row)):
            t = row[j].text
            if t and t == prev:
                continue  # merged repeat
            prev = t
            if t and parse_number(t) is not None:
                nums.append((j, row[j]))
        if not nums:
            return
        j, raw = nums[-1]
        self.perf.total_score = make_cell(j, raw)
        if len(nums) >= 2:
            wj, wraw = nums[0]
            self.perf.fields["总分权重"] = make_cell(wj, wraw)
