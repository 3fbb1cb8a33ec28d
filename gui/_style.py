"""Colours and role numbers shared by the workbench's item models and views.

Colours are derived from findings when a model answers ``BackgroundRole``;
nothing stores a colour.  Error red, warning amber, rounding blue-grey; a
finding the reviewer dismissed (不是问题 / 已更正) no longer colours its cell.
The few style sheets of the window's widgets are here too, each written once.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from gouji.model.findings import Finding, Severity
from gouji.model.review import RESOLVED_STATUSES

FindingRole = Qt.ItemDataRole.UserRole + 1  # list[Finding] pointing at the item
SourceBBoxRole = Qt.ItemDataRole.UserRole + 2  # BBox on the source page (PDF points) or None
SourcePageRole = Qt.ItemDataRole.UserRole + 3  # 1-based page number or None
SortRole = Qt.ItemDataRole.UserRole + 4  # a plain sortable value
ObjectRole = Qt.ItemDataRole.UserRole + 5  # the wrapped model object (Finding, Table, Section …)

SEVERITY_COLORS = {
    Severity.ERROR: QColor(248, 190, 190),
    Severity.WARNING: QColor(253, 224, 160),
    Severity.ROUNDING: QColor(205, 215, 228),
}
SEVERITY_TEXT_COLORS = {
    Severity.ERROR: QColor(170, 20, 20),
    Severity.WARNING: QColor(150, 95, 0),
    Severity.ROUNDING: QColor(70, 90, 115),
}
ROW_TINT_ALPHA = 90  # row-level findings tint the whole row lightly
HIGHLIGHT_PEN = QColor(220, 30, 30)
HIGHLIGHT_FILL = QColor(255, 210, 0, 70)
SELECTED_SENTENCE = QColor(255, 236, 150)

# the style sheets of the window's widgets (set on each widget, never on the whole window)
SELECTED_ITEM_STYLE = (
    "QTableView::item:selected, QListView::item:selected { background: #3d7bd9; color: white; }"
)
TITLE_STYLE = "font-weight: bold"


def active(findings: list[Finding], status_of) -> list[Finding]:
    """Findings that still colour their place (not dismissed by the reviewer)."""
    return [f for f in findings if status_of(f.id) not in RESOLVED_STATUSES]


def severity_color(sev: Severity | None, alpha: int = 255) -> QColor | None:
    if sev is None:
        return None
    c = QColor(SEVERITY_COLORS[sev])
    c.setAlpha(alpha)
    return c


def item_flags(index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
    """The flags of an item of the workbench's read-only models: enabled and selectable when valid."""
    if not index.isValid():
        return Qt.ItemFlag.NoItemFlags
    return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
