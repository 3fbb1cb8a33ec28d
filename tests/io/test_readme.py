"""README stays true: the rule catalogue copy and the CI command."""

from __future__ import annotations

from conftest import REPO

from gouji.model.rules.catalogue import catalogue_markdown


def _readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_rule_catalogue_is_current():
    text = _readme()
    begin, end = text.index("<!-- rules:begin -->"), text.index("<!-- rules:end -->")
    shown = text[begin:end]
    for line in catalogue_markdown().splitlines():
        if line.startswith("| `"):
            assert line in shown, f"README rule catalogue is stale: {line[:80]}"
    rows_shown = [ln for ln in shown.splitlines() if ln.startswith("| `")]
    rows_now = [ln for ln in catalogue_markdown().splitlines() if ln.startswith("| `")]
    assert len(rows_shown) == len(rows_now)


def test_ci_runs_the_readme_test_command():
    assert "bash dev.sh test" in _readme()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert [ln for ln in ci.splitlines() if ln and not ln.startswith("#")][-1] == "bash dev.sh test"
