"""Console entry point ``gouji`` (and ``python -m gouji.gui``).

``gouji parse|check|rules|survey …`` runs the command-line tools
(:func:`gouji.io.app.cli.main`) without importing Qt; anything else starts the
workbench, opening ``FILE`` when one is given (``gouji FILE``).
"""

from __future__ import annotations

import sys

CLI_COMMANDS = ("parse", "check", "rules", "survey")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI or the GUI; returns the process exit code.

    Parameters
    ----------
    argv
        Full argument vector including the program name (default ``sys.argv``).
    """
    import multiprocessing

    multiprocessing.freeze_support()  # the PDF reader's process pool inside a frozen (PyInstaller) app
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "--version":
        print(_version())
        return 0
    if len(argv) > 1 and argv[1] in ("-h", "--help"):
        print(_usage())
        return 0
    if len(argv) > 1 and argv[1] in CLI_COMMANDS:
        from gouji.io.app.cli import main as cli_main

        return int(cli_main(argv[1:]) or 0)
    from gouji.gui.app import run

    return run(argv)


def _usage() -> str:
    return (
        "用法：gouji [文件]            在工作台中打开文件\n"
        "      gouji parse|check|rules|survey …   命令行工具（gouji check -h 查看参数）\n"
        "      gouji --version"
    )


def _version() -> str:
    try:
        from importlib.metadata import version

        return f"Gouji {version('gouji')}"
    except Exception:  # metadata not bundled
        return "Gouji"


if __name__ == "__main__":
    sys.exit(main())
