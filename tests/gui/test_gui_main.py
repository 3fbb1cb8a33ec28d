"""The ``gouji`` entry point: CLI commands without Qt, otherwise the workbench."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.gui


def test_cli_commands_do_not_import_qt():
    pytest.importorskip("gouji.io.app.cli")
    code = (
        "import sys\n"
        "from gouji.gui.__main__ import main\n"
        "rc = main(['gouji', 'rules'])\n"
        "print('QT-LOADED' if any(m.startswith('PySide6') for m in sys.modules) else 'NO-QT')\n"
        "sys.exit(rc)\n"
    )
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
    bad.write_text("本周例会纪要：讨论办公用品采购。\n", encoding="utf-8")
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


HIDPI_SCRIPT = r"""
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from _gui_factory import factory_loader
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from gouji.gui.app import create_application
from gouji.gui.qt_main_window import QtMainWindow
app = create_application()
tmp = Path(sys.argv[2])
w = QtMainWindow(settings=QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat), loader=factory_loader(),
                 review_folder=tmp / "rev")
w.show()
w.open_file(str(tmp / "b.pdf"))
loop = QEventLoop()
w.page_view._service.rendered.connect(lambda *a: QTimer.singleShot(50, loop.quit))
QTimer.singleShot(20000, loop.quit)
loop.exec()
pv = w.page_view
print(pv.devicePixelRatioF(), pv.zoom(), pv._pixmap.pixmap().width(), pv._pixmap.scale())
w.close()
"""


def test_page_rendered_at_device_pixel_ratio(tmp_path):
    import os
    from pathlib import Path

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2")
    out = subprocess.run(
        [sys.executable, "-c", HIDPI_SCRIPT, str(Path(__file__).parents[1]), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    dpr, zoom, width, scale = map(float, out.stdout.split()[-4:])
    assert dpr == 2.0
    # the page (595 pt wide) is rendered with ~zoom × 2 pixels per point and drawn at 1 / that scale
    assert width == pytest.approx(595 * zoom * 2, rel=0.1)
    assert scale == pytest.approx(1 / (zoom * 2), rel=0.1)


def test_help_prints_usage_without_starting_the_gui(monkeypatch, capsys):
    import gouji.gui.app as app

    monkeypatch.setattr(app, "run", lambda argv: pytest.fail("the workbench started"))
    from gouji.gui.__main__ import main

    assert main(["gouji", "--help"]) == 0
    out = capsys.readouterr().out
    assert "gouji check" in out and "survey" in out
