"""Bundled resources (sample documents, icons), resolved relative to this file.

PyInstaller sets ``__file__`` inside the bundle, so these paths work in the
frozen app as long as ``build.spec`` copies this folder to ``gouji/resources``.
"""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent
ICON_PATH = RESOURCES / "icons"
SAMPLES_PATH = RESOURCES / "samples"


def icon_path(name: str) -> Path:
    """Path of a bundled icon file (e.g. ``"gouji.svg"``)."""
    return ICON_PATH / name
