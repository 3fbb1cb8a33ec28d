"""The words of performance tables: form labels, indicator levels, indicator header roles.

Provinces print the same 绩效目标表 / 自评表 with different labels ("年度预算总额",
"项目资金总额", "预算支出总额" …): the vocabularies here map each printed label
to its canonical field, and tell the levels of indicator labels apart
(一级 "产出指标", 二级 "数量指标", pieces of wrapped labels).
:class:`IndicatorColumns` reads the column roles of the indicator part from
its header row.
"""

from __future__ import annotations

import re

from gouji.model.text import norm

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


def is_stop_title(key: str) -> bool:
    """The title of a performance table (the next table starts)."""
    return "绩效自评表" in key or "绩效目标表" in key


def looks_level2(text: str) -> bool:
    """A 二级指标 label ("数量指标", "经济效益指标"), not a 一级 one."""
    t = norm(text)
    return t in LEVEL2_NAMES or (
        t not in LEVEL1_ONLY
        and len(t) <= 7
        and t.endswith(("效益指标", "成本指标", "影响指标", "满意度指标"))
    )


def levelish(text: str) -> bool:
    """A 一级 / 二级 label or a piece of one (never a 三级 indicator name)."""
    t = norm(text)
    if not t:
        return False
    if t in LEVEL1_ONLY or t in LEVEL_FRAGMENTS or looks_level2(t):
        return True
    # a short piece of a wrapped label ("经济效益" / "指标"); longer texts are names
    return 2 <= len(t) <= 4 and any(n.startswith(t) or n.endswith(t) for n in LEVEL1_ONLY | LEVEL2_NAMES)


# --------------------------------------------------------------------------- indicator header


def header_role(key: str) -> str | None:
    """The role of an indicator-part column from its header label (None: not a known label)."""
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
    if money_key(key):
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


def money_key(key: str) -> str | None:
    """Canonical field of an amount column of a list-style target table ("项目总额", "财政资金" …)."""
    if key in MONEY_LABELS:
        return MONEY_LABELS[key]
    if "财政拨款" in key and ("金额" in key or "预算" in key):
        return "财政拨款"
    return None


def is_indicator_header(keys: list[str]) -> bool:
    """The header row of the indicator part ("一级指标 | 二级指标 | 三级指标 | 权重 | …")."""
    roles = {header_role(k) for k in keys if k}
    if "name" not in roles and "level1" not in roles and "绩效指标" in keys:
        roles.add("name")  # one 绩效指标 column holding "产出指标数量指标…" (see split_levels)
    return (
        ("level1" in roles or "name" in roles)
        and ("level2" in roles or "name" in roles)
        and ("weight" in roles or "target" in roles)
    )


OPS = {"=", "＝", "≥", "≤", ">", "<", ">=", "<=", "＞", "＜", "≧", "≦", "定性", "定量"}
_LEVEL_SPLIT = re.compile(r"^(产出指标|效益指标|成本指标|满意度指标)(\S{2,8}?指标)(\S.*)$")


def split_levels(text: str) -> tuple[str, str, str] | None:
    """ "产出指标数量指标出具数据分析报告" → ("产出指标", "数量指标", "出具数据分析报告")."""
    m = _LEVEL_SPLIT.match(norm(text))
    if m is None or not looks_level2(m.group(2)):
        return None
    return m.group(1), m.group(2), m.group(3)


class IndicatorColumns:
    """Column positions of the indicator part, from its header row."""

    def __init__(self, keys: list[str]):
        self.width = len(keys)
        self.labels = keys
        self.pos: dict[str, int] = {}
        for j, k in enumerate(keys):
            role = header_role(k) if k else None
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
        self.money = {j: money_key(k) for j, k in enumerate(keys) if k and header_role(k) == "money"}

    def add_sublabels(self, keys: list[str]) -> None:
        """A second header row ("其中：" → "财政资金", "其他资金") refines the columns below it."""
        for j, k in enumerate(keys):
            if k and j < self.width:
                self.labels[j] = k
                if header_role(k) == "money":
                    self.money[j] = money_key(k)
