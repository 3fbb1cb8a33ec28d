"""Cross-document checks on the real pairs of the corpus (values read on both documents' pages).

- ``budget/ptwl_street_2025_budget.pdf`` and ``pairs/ptwl_street_2024_budget.pdf``: 上海市普陀区人民政府
  万里街道办事处, 部门预算 2025 and 2024.  The 2025 text compares with 2024 on p6 (收入/支出 "比2024年预算
  增加3,355.65万元" → 15,621.11, 2024 p6 "财政拨款收入15621.11万元"; 政府性基金 / 国有资本经营 0.00 "持平")
  and p30 (三公 37.91 + 10 = 47.91, 2024 p32 "预算数为47.91万元"; 公务用车 36.56 + 10 = 46.56; 购置费
  15 + 10 = 25; 运行费 21.56 持平; 因公出国 0 持平): 10 comparisons, all agree.
- ``pairs/ptgov_office_2025_dept_budget.pdf`` (部门) and ``pairs/ptgov_office_2025_unit_budget.pdf`` (its
  本级 unit): the department lists one budget unit (p4: "1.…办公室本部。2.下属事业单位…不单列预算，并入本部。"),
  so its nine tables equal the unit's cell by cell: 221 cells compared, all equal.
- ``zoo/z17_suzhou.pdf`` (苏州市自然资源和规划局 2026 部门预算, p7 lists 6 budget units) and
  ``budget/sz_zrzy_2026_unit_budget.pdf`` (its 本级 unit budget, "无下属单位"): five units' documents are
  missing, one warning, nothing added up.
- ``zoo/z44_beijing.pdf`` and ``budget/bj_sjj_2026_budget_tables.pdf``: the text and tables halves of
  北京市审计局's 2026 部门预算 — recognised as halves, not compared.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import parsed

from gouji.model.crossdoc import RelationKind, run_cross
from gouji.model.crossdoc.rules_prior import claims
from gouji.model.findings import Severity

pytestmark = pytest.mark.slow

W25, W24 = "budget/ptwl_street_2025_budget.pdf", "pairs/ptwl_street_2024_budget.pdf"
DEPT, UNIT = "pairs/ptgov_office_2025_dept_budget.pdf", "pairs/ptgov_office_2025_unit_budget.pdf"


def test_street_office_two_years():
    this, last = parsed(W25), parsed(W24)
    res = run_cross([last, this])
    (rel,) = res.dset.relations
    assert (rel.kind, rel.a, rel.b) == (RelationKind.PRIOR_YEAR, 1, 0)
    tally = res.tallies[rel]
    assert (tally.checked, tally.differing) == (10, 0)
    assert res.findings == []
    implied = sorted(
        (c.subject, c.implied) for s in this.sentences for c in claims(s.text, 2025, this.kind) if c.implied
    )
    assert implied == [
        ("“三公”经费预算数", Decimal("47.91")),
        ("一般公共预算拨款支出预算", Decimal("15621.11")),
        ("公务用车购置及运行费", Decimal("46.56")),
        ("公务用车购置费", Decimal("25.00")),
        ("公务用车运行费", Decimal("21.56")),
        ("财政拨款支出预算", Decimal("15621.11")),
        ("财政拨款收入", Decimal("15621.11")),
    ]


def test_department_and_its_own_unit_are_equal():
    res = run_cross([parsed(UNIT), parsed(DEPT)])
    (rel,) = res.dset.relations
    assert (rel.kind, rel.a, rel.b) == (RelationKind.DEPT_UNIT, 1, 0)
    assert res.dset.units[1] == [("上海市普陀区人民政府办公室", True)]
    assert (res.tallies[rel].checked, res.tallies[rel].differing) == (221, 0)
    assert res.findings == []


def test_department_with_missing_units_warns_once():
    res = run_cross([parsed("zoo/z17_suzhou.pdf"), parsed("budget/sz_zrzy_2026_unit_budget.pdf")])
    (rel,) = res.dset.relations
    assert rel.kind == RelationKind.DEPT_UNIT and res.tallies[rel].checked == 0
    (f,) = res.findings
    assert f.rule == "cross.units_missing" and f.severity == Severity.WARNING and f.locations[0].page == 7
    for name in (
        "苏州市土地储备中心",
        "苏州市规划编制信息中心",
        "苏州市国土资源信息中心",
        "苏州市规划展示馆",
        "苏州市不动产登记中心",
    ):
        assert name in f.message


def test_two_halves_are_recognised_not_compared():
    res = run_cross([parsed("zoo/z44_beijing.pdf"), parsed("budget/bj_sjj_2026_budget_tables.pdf")])
    assert [r.kind for r in res.dset.relations] == [RelationKind.HALVES]
    assert res.tallies == {} and res.findings == []


def test_no_relation_between_the_pairs_different_units():
    res = run_cross([parsed(W25), parsed(DEPT), parsed("final/putuo_czj_2024_final.pdf")])
    assert res.dset.relations == []


def test_related_documents_in_the_folder():
    from gouji.io.app.sets import related_in_folder

    seen: list[str] = []
    got = related_in_folder(parsed(DEPT), progress=lambda i, n, name: seen.append(name))
    assert seen == ["ptgov_office_2025_unit_budget.pdf", "ptwl_street_2024_budget.pdf"]
    (rel,) = got.documents
    assert rel.path.endswith("ptgov_office_2025_unit_budget.pdf") and rel.label == "部门与所属单位"
    assert (rel.compared, rel.checked, rel.differing) == (True, 221, 0)
    assert (got.scanned, got.unread, got.findings) == (2, 0, [])
