"""Checklist templates (检查表模板): the rows of a 检查表 as data, read from TOML.

The defaults are ``resources/checklists/{unit,department}_{budget,final}.toml``; a district copies one,
edits it and chooses it (``gouji check --checklist PATH``, the workbench's 检查表设置).  Each row says
which sections, tables and rules feed it; :mod:`gouji.io.export.checklist` places the findings and
judges the rows, :mod:`gouji.io.export.checklist_sheet` writes them.  Suggestions (“建议…”) per rule
are data too (``resources/checklists/suggestions.toml``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from gouji.model.document import DocKind, DocScope, Document, SectionKind, StdTable
from gouji.model.findings import Finding
from gouji.model.tables import table_name
from gouji.resources import RESOURCES

CHECKLISTS = RESOURCES / "checklists"
SCOPE_WORDS = {DocScope.UNIT: "单位", DocScope.DEPARTMENT: "部门"}
KIND_WORDS = {DocKind.BUDGET: "预算", DocKind.FINAL: "决算"}
_SCOPE_FILES = {"单位": "unit", "部门": "department"}
_KIND_FILES = {"预算": "budget", "决算": "final"}
_ROW_KEYS = {
    "group",
    "item",
    "requirement",
    "sections",
    "titles",
    "tables",
    "rules",
    "manual",
    "manual_note",
    "rest",
}


class TemplateError(ValueError):
    """A checklist template that cannot be used (the message is Chinese)."""


@dataclass(frozen=True)
class ChecklistRow:
    """One row of a checklist template."""

    group: str
    item: str
    requirement: str = ""
    sections: tuple[SectionKind, ...] = ()
    titles: tuple[str, ...] = ()
    tables: tuple[StdTable, ...] = ()
    rules: tuple[str, ...] = ()
    manual: bool = False
    manual_note: str = ""
    rest: bool = False


@dataclass(frozen=True)
class ChecklistTemplate:
    """A checklist: its title pattern and rows (``scope`` 单位/部门, ``kind`` 预算/决算 as words)."""

    name: str
    scope: str
    kind: str
    title: str
    region: str
    rows: tuple[ChecklistRow, ...]

    def title_for(self, doc: Document) -> str:
        """The sheet title: year, region (or the unit's name), scope and kind filled in."""
        return self.title.format(
            year=doc.year or "____",
            region=self.region or doc.unit_name or "",
            scope=self.scope,
            kind=self.kind,
        )


def _strings(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TemplateError(f"{where}应为文字列表")
    return tuple(value)


def _row(raw: object, n: int, prefix: str) -> ChecklistRow:
    where = f"第 {n} 行（[[rows]]）"
    if not isinstance(raw, dict):
        raise TemplateError(f"{where}格式不正确")
    unknown = set(raw) - _ROW_KEYS
    if unknown:
        raise TemplateError(f"{where}有未知的设置：{'、'.join(sorted(unknown))}")
    try:
        sections = tuple(SectionKind(s) for s in _strings(raw.get("sections", []), f"{where}的 sections "))
    except ValueError as exc:
        kinds = "、".join(k.value for k in SectionKind)
        raise TemplateError(f"{where}的 sections 只能是：{kinds}") from exc
    try:
        tables = tuple(StdTable(t) for t in _strings(raw.get("tables", []), f"{where}的 tables "))
    except ValueError as exc:
        raise TemplateError(f"{where}的 tables 有未知的表编号（见 model/tables.py）：{exc}") from exc
    item = str(raw.get("item") or "")
    if not item and tables:
        item = "".join(f"《{prefix}{table_name(t)}》" for t in tables)
    if not item:
        raise TemplateError(f"{where}缺少 item（检查项目）")
    return ChecklistRow(
        group=str(raw.get("group", "")),
        item=item,
        requirement=str(raw.get("requirement", "")),
        sections=sections,
        titles=_strings(raw.get("titles", []), f"{where}的 titles "),
        tables=tables,
        rules=_strings(raw.get("rules", []), f"{where}的 rules "),
        manual=bool(raw.get("manual", False)),
        manual_note=str(raw.get("manual_note", "")),
        rest=bool(raw.get("rest", False)),
    )


def parse_template(data: dict, path: Path | None = None) -> ChecklistTemplate:
    """A template from its TOML data; raises :class:`TemplateError` with a Chinese message."""
    rows_raw = data.get("rows")
    if not isinstance(rows_raw, list) or not rows_raw:
        raise TemplateError("没有任何行（[[rows]]）")
    prefix = str(data.get("table_prefix", ""))
    rows = tuple(_row(r, n, prefix) for n, r in enumerate(rows_raw, 1))
    if sum(r.rest for r in rows) > 1:
        raise TemplateError("只能有一行设置 rest = true")
    title = str(data.get("title", "{year}年度{region}{scope}{kind}公开情况检查表"))
    try:
        title.format(year=2026, region="", scope="", kind="")
    except (KeyError, IndexError, ValueError) as exc:
        raise TemplateError(
            f"标题格式不正确（可用 {{year}} {{region}} {{scope}} {{kind}}）：{title}"
        ) from exc
    return ChecklistTemplate(
        name=str(data.get("name", path.stem if path else "检查表")),
        scope=str(data.get("scope", "单位")),
        kind=str(data.get("kind", "预算")),
        title=title,
        region=str(data.get("region", "")),
        rows=rows,
    )


def load_template(path: str | Path) -> ChecklistTemplate:
    """Read a template file; raises :class:`TemplateError` (Chinese message) when it is unusable."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TemplateError(f"无法读取检查表模板“{p}”：{exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TemplateError(f"检查表模板“{p.name}”格式错误：{exc}") from exc
    try:
        return parse_template(data, p)
    except TemplateError as exc:
        raise TemplateError(f"检查表模板“{p.name}”：{exc}") from exc


def default_path(doc: Document) -> Path:
    """The bundled template for the document's scope and kind (单位预算 when unknown)."""
    scope = _SCOPE_FILES[SCOPE_WORDS.get(doc.scope, "单位")]
    kind = _KIND_FILES[KIND_WORDS.get(doc.kind, "预算")]
    return CHECKLISTS / f"{scope}_{kind}.toml"


def bundled_templates() -> list[Path]:
    """The default templates shipped with the tool."""
    return sorted(p for p in CHECKLISTS.glob("*_*.toml"))


def template_for(doc: Document, path: str | Path | None = None) -> ChecklistTemplate:
    """The template chosen by ``path``, else the default one for ``doc``."""
    return load_template(path if path else default_path(doc))


# --- suggestions ------------------------------------------------------------------
def _load_suggestions() -> dict[str, str]:
    data = tomllib.loads((CHECKLISTS / "suggestions.toml").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.get("suggestions", {}).items()}


_SUGGESTIONS: dict[str, str] | None = None


def suggestion(f: Finding, amount: str) -> str:
    """The “建议…” for a finding: the entry of the longest matching rule-id prefix, filled in.

    ``amount`` is the recomputed value as text (with its unit), "" when the finding has none: an
    entry that quotes ``{computed}`` then gives way to its ``#plain`` variant.
    """
    global _SUGGESTIONS
    if _SUGGESTIONS is None:
        _SUGGESTIONS = _load_suggestions()
    keys = sorted((k for k in _SUGGESTIONS if "#" not in k and f.rule.startswith(k)), key=len, reverse=True)
    for k in keys:
        text = _SUGGESTIONS[k]
        if "{computed}" in text and not amount:
            text = _SUGGESTIONS.get(k + "#plain", "")
        if text:
            return text.replace("{computed}", amount)
    return ""
