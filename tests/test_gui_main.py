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


def test_gouji_file_opens_the_file(qapp, qtbot, tmp_path, monkeypatch):
    """``gouji FILE``: the window comes up and loads FILE (event loop driven by the test)."""
    from _gui_factory import write_blank_pdf
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gouji.gui.__main__ import main
    from gouji.gui.qt_main_window import QtMainWindow

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "config"))
    bad = tmp_path / "notes.txt"
    bad.write_text("这不是预决算公开文件。\n", encoding="utf-8")
    write_blank_pdf(tmp_path / "unused.pdf")
    seen: dict[str, object] = {}

    def fake_exec(*_a) -> int:
        win = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QtMainWindow) and w.isVisible())
        qtbot.addWidget(win)
        with qtbot.waitSignal(win.loadFailed, timeout=60_000) as blocker:
            pass
        seen["message"] = blocker.args[0]
        win.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert main(["gouji", str(bad)]) == 0
    assert "未识别到预算或决算" in str(seen["message"])  # the text reader ran on FILE and refused it
