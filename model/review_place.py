"""Where review files are kept: beside the document, in the per-user folder, or in a chosen folder.

The reviewer's choice (:class:`ReviewPlace`) is a setting of the workbench (文件 → 设置…), kept in
``review-place.json`` in the per-user data folder (:func:`place_file`, beside ``reviews``) so that
``gouji check`` honours it too (:func:`gouji.io.pipeline.review_many` looks reviews up with
:meth:`ReviewStore.candidates`).  A new review is saved at :meth:`ReviewStore.home`; a review
found elsewhere (saved before the setting changed) keeps being read and saved where it is.  In the
per-user folder and in a chosen folder a review is named by the document's SHA-256
(:func:`gouji.model.review.fallback_review_path`): files of the same name from different folders
never share a review.  Qt-free.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from gouji.model.document import Document
from gouji.model.files import atomic_write
from gouji.model.review import fallback_review_path, review_candidates, review_path

#: the settings file, in the per-user data folder (the parent of the per-user ``reviews`` folder)
PLACE_FILE = "review-place.json"


class ReviewPlace(StrEnum):
    BESIDE = "beside"  # <file>.gouji.json beside the document
    USER = "user"  # the per-user folder (default_review_folder)
    FOLDER = "folder"  # a folder the reviewer chose (e.g. a shared drive)


PLACE_LABELS = {
    ReviewPlace.BESIDE: "文档旁边（与源文件在同一文件夹）",
    ReviewPlace.USER: "本机用户文件夹",
    ReviewPlace.FOLDER: "指定文件夹",
}


@dataclass(frozen=True)
class ReviewStore:
    """Where reviews go: the chosen :class:`ReviewPlace` and the folders it may name.

    Attributes
    ----------
    user_folder
        The per-user folder (also where a review goes when its place cannot be written).
    place, folder
        The reviewer's choice; ``folder`` is the chosen folder (:attr:`ReviewPlace.FOLDER`).
    """

    user_folder: Path
    place: ReviewPlace = ReviewPlace.BESIDE
    folder: Path | None = None

    def home(self, doc: Document) -> Path:
        """Where a new review of ``doc`` is saved."""
        if self.place == ReviewPlace.USER:
            return fallback_review_path(doc.sha256, self.user_folder)
        if self.place == ReviewPlace.FOLDER and self.folder is not None:
            return fallback_review_path(doc.sha256, self.folder)
        return review_path(doc.path)

    def candidates(self, doc: Document) -> list[Path]:
        """Where a saved review of ``doc`` may be: :meth:`home` first, then every other place."""
        out = [self.home(doc), *review_candidates(doc, self.user_folder)]
        if self.folder is not None:
            out.append(fallback_review_path(doc.sha256, self.folder))
        return list(dict.fromkeys(out))


def place_file(user_folder: Path) -> Path:
    """The settings file of the reviews whose per-user folder is ``user_folder``."""
    return user_folder.parent / PLACE_FILE


def load_store(user_folder: Path) -> ReviewStore:
    """The saved choice (beside the document when none was saved or the file cannot be read)."""
    try:
        data = json.loads(place_file(user_folder).read_text(encoding="utf-8"))
        place = ReviewPlace(data["place"])
        folder = Path(data["folder"]) if data.get("folder") else None
    except (OSError, ValueError, KeyError, TypeError):
        return ReviewStore(user_folder)
    if place == ReviewPlace.FOLDER and folder is None:
        place = ReviewPlace.BESIDE
    return ReviewStore(user_folder, place, folder)


def save_store(store: ReviewStore) -> None:
    """Remember ``store``'s choice (atomic write of :func:`place_file`)."""
    data = {"place": store.place.value, "folder": str(store.folder) if store.folder else ""}
    text = json.dumps(data, ensure_ascii=False, indent=1)
    path = place_file(store.user_folder)
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
