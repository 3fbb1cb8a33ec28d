"""The rule catalogue: every registered rule as a Markdown table.

``python -m gouji.model.rules.catalogue`` prints it (UTF-8).
"""

from __future__ import annotations

import sys

from gouji.model.crossdoc import RELATION_LABELS, cross_rules
from gouji.model.findings import FAMILY_LABELS, SEVERITY_LABELS
from gouji.model.rules.registry import all_rules


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def catalogue_markdown() -> str:
    """Markdown table of every registered rule: id, title, family, severity, what it checks."""
    lines = [
        "# 规则目录",
        "",
        "| 编号 | 名称 | 类别 | 严重程度 | 检查内容 |",
        "|---|---|---|---|---|",
    ]
    for r in all_rules():
        lines.append(
            f"| `{r.id}` | {_cell(r.title)} | {FAMILY_LABELS.get(r.family, r.family.value)} | "
            f"{SEVERITY_LABELS.get(r.severity, r.severity.value)} | {_cell(r.description)} |"
        )
    lines.append("")
    lines.append(f"共 {len(all_rules())} 条规则。差额可由加数四舍五入解释时记为“尾差”，不记为错误。")
    lines += [
        "",
        "## 跨文件规则（同一批文件之间）",
        "",
        "| 编号 | 名称 | 文件关系 | 严重程度 | 检查内容 |",
        "|---|---|---|---|---|",
    ]
    for c in cross_rules():
        lines.append(
            f"| `{c.id}` | {_cell(c.title)} | {RELATION_LABELS[c.relation]} | "
            f"{SEVERITY_LABELS.get(c.severity, c.severity.value)} | {_cell(c.description)} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    out = catalogue_markdown()
    try:
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    except (AttributeError, ValueError):
        pass
    sys.stdout.write(out)


if __name__ == "__main__":
    main()
