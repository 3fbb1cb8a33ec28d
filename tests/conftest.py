from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
ARTIFACTS = REPO / "test-artifacts"


def corpus(rel: str) -> Path:
    p = CORPUS / rel
    if not p.exists():
        pytest.skip(f"corpus file missing: {rel}")
    return p


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


_doc_cache: dict[str, object] = {}


def parsed(rel: str):
    """Parse a corpus file once per test session (shared between test modules)."""
    if rel not in _doc_cache:
        from gouji.io.pipeline import parse

        _doc_cache[rel] = parse(corpus(rel))
    return _doc_cache[rel]
