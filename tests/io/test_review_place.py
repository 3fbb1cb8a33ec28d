"""Where review files are kept (issue 12.13): the reviewer's choice is saved, and the pipeline's review
lookup (``gouji check`` and the workbench) looks there first — and still finds reviews kept elsewhere.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gouji.io.pipeline import review
from gouji.model import review as saved
from gouji.model.review import ReviewState, Status, fallback_review_path, review_path
from gouji.model.review_place import ReviewPlace, ReviewStore, load_store, place_file, save_store

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "sample_budget.pdf"


@pytest.fixture
def home(monkeypatch, tmp_path) -> Path:
    """A private per-user folder (``default_review_folder`` under a temporary XDG_DATA_HOME)."""
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return saved.default_review_folder()


@pytest.fixture
def pdf(tmp_path) -> Path:
    """The sample budget in a folder of its own."""
    if not SAMPLE.exists():
        pytest.skip("sample not generated")
    return Path(shutil.copy(SAMPLE, tmp_path / SAMPLE.name))


def test_store_round_trip_and_default(tmp_path):
    user = tmp_path / "Gouji" / "reviews"
    assert load_store(user) == ReviewStore(user)  # nothing saved: beside the document
    save_store(ReviewStore(user, ReviewPlace.FOLDER, tmp_path / "共享"))
    assert place_file(user).exists() and load_store(user) == ReviewStore(
        user, ReviewPlace.FOLDER, tmp_path / "共享"
    )
    save_store(ReviewStore(user, ReviewPlace.USER))
    assert load_store(user).place == ReviewPlace.USER
    place_file(user).write_text("{坏", encoding="utf-8")
    assert load_store(user) == ReviewStore(user)  # unreadable: the default, never an error
    place_file(user).write_text('{"place": "folder", "folder": ""}', encoding="utf-8")
    assert load_store(user).place == ReviewPlace.BESIDE  # a chosen folder without a folder


@pytest.mark.parametrize("place", list(ReviewPlace))
def test_pipeline_looks_where_the_setting_says_first(home, pdf, tmp_path, place):
    chosen = tmp_path / "chosen"
    save_store(ReviewStore(home, place, chosen if place == ReviewPlace.FOLDER else None))
    doc = review(pdf).document
    expected = {
        ReviewPlace.BESIDE: review_path(pdf),
        ReviewPlace.USER: fallback_review_path(doc.sha256, home),
        ReviewPlace.FOLDER: fallback_review_path(doc.sha256, chosen),
    }[place]
    assert load_store(home).home(doc) == expected
    f = review(pdf).findings[0]
    st = ReviewState(sha256=doc.sha256)
    st.annotation(f.id).status = Status.CONFIRMED
    saved.save_review(st, expected)
    got = review(pdf)
    assert got.review_file == expected and got.review.annotations[f.id].status == Status.CONFIRMED


def test_review_kept_beside_is_still_found_after_switching(home, pdf):
    doc = review(pdf).document
    saved.save_review(ReviewState(sha256=doc.sha256, reviewer="张审核"), review_path(pdf))
    save_store(ReviewStore(home, ReviewPlace.USER))
    got = review(pdf)
    assert got.review_file == review_path(pdf) and got.review.reviewer == "张审核"
