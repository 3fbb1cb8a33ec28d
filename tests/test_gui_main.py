"""The ``gouji`` entry point: CLI commands without Qt, otherwise the workbench."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.gui


def test_cli_commands_do_not_import_qt():
    pytest.importorskip("gouji.io.cli")
    code = ("import sys\n"
            "from gouji.gui.__main__ import main\n"
            "rc = main(['gouji', 'rules'])\n"
            "print('QT-LOADED' if any(m.startswith('PySide6') for m in sys.modules) else 'NO-QT')\n"
            "sys.exit(rc)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "NO-QT" in out.stdout
    assert "arith" in out.stdout or "勾稽" in out.stdout  # the rule catalogue was printed


def test_other_arguments_start_the_gui(monkeypatch):
    import gouji.gui.app as app

    seen: list[list[str]] = []
    monkeypatch.setattr(app, "run", lambda argv: seen.append(argv) or 0)
    from gouji.gui.__main__ import main

    assert main(["gouji", "budget.pdf"]) == 0
    assert main(["gouji"]) == 0
    assert seen == [["gouji", "budget.pdf"], ["gouji"]]


def test_python_dash_m_entry_exists():
    import importlib.util

    spec = importlib.util.find_spec("gouji.gui.__main__")
    assert spec is not None and spec.origin.endswith("__main__.py")


def test_application_setup(qapp):
    from gouji.gui.app import create_application

    app = create_application()
    assert app is qapp
    assert app.applicationName() == "Gouji"
    assert not app.windowIcon().isNull()  # resources/icons/gouji.svg, found relative to the package
