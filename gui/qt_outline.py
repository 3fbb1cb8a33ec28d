"""The outline: a tree of the document's tables, performance tables and text sections.

:class:`QtOutlineModel` is a two-column tree (name, finding count).  Its
nodes are thin references to the document's :class:`Table` and
:class:`Section` objects, arranged as: 公开表格 → tables; 绩效表 →
performance tables; 文字说明 → parts → sections (following
``Section.parent``).  Counts come from the :class:`FindingIndex` and are
recomputed on :meth:`refresh_findings`.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from gouji.gui._style import SEVERITY_TEXT_COLORS, FindingRole, ObjectRole, SourcePageRole, item_flags
from gouji.gui.i18n import tr
from gouji.model.document import Document, Section, Table
from gouji.model.findings import Finding, Severity, worst
from gouji.model.index import FindingIndex
from gouji.model.review import Status

_Index = QModelIndex | QPersistentModelIndex

KindRole = Qt.ItemDataRole.UserRole + 10  # "group" / "table" / "perf" / "section"
KeyRole = Qt.ItemDataRole.UserRole + 11  # ("table", id) / ("section", id) / ("group", name)


class _Node:
    __slots__ = ("kind", "ref", "label", "parent", "children", "row")

    def __init__(self, kind: str, ref: Table | Section | None, label: str, parent: "_Node | None"):
        self.kind = kind
        self.ref = ref
        self.label = label  # for groups: the Chinese key passed through tr()
        self.parent = parent
        self.children: list[_Node] = []
        self.row = 0
        if parent is not None:
            self.row = len(parent.children)
            parent.children.append(self)

    @property
    def key(self) -> tuple[str, str]:
        if self.kind == "group":
            return ("group", self.label)
        assert self.ref is not None
        return ("section" if self.kind == "section" else "table", self.ref.id)


def _table_label(t: Table) -> str:
    """Standard tables by number and title; performance tables by project (that is how reviewers look)."""
    if t.perf is not None and t.perf.project_name:
        name = t.perf.project_name
        return f"整体：{name}" if t.perf.scope == "overall" and "整体" not in name else name
    num = f"{t.number} " if t.number and t.number not in t.title else ""
    return f"{num}{t.title}"


class QtOutlineModel(QAbstractItemModel):
    """Tree of tables, performance tables and sections with finding counts.

    Parameters
    ----------
    doc
        The document (its objects are referenced, not copied).
    index
        Findings by place, for the counts.
    """

    def __init__(self, doc: Document | None = None, index: FindingIndex | None = None, parent=None):
        super().__init__(parent)
        self._root = _Node("root", None, "", None)
        self._doc: Document | None = None
        self._index: FindingIndex | None = None
        self._by_key: dict[tuple[str, str], _Node] = {}
        #: per node, its count still 待核实 and its worst severity (cleared when findings or statuses change)
        self._tally: dict[_Node, tuple[int, Severity | None]] = {}
        #: a finding's status (the window sets the review's): the counts show what is still 待核实
        self.status_of: Callable[[str], Status] = lambda _fid: Status.PENDING
        if doc is not None:
            self.set_document(doc, index)

    def set_document(self, doc: Document | None, index: FindingIndex | None = None) -> None:
        """Show another document (a reset; called for provisional and final documents)."""
        self.beginResetModel()
        self._doc = doc
        self._index = index
        self._root = _Node("root", None, "", None)
        self._by_key = {}
        self._tally = {}
        if doc is not None:
            self._build(doc)
        self.endResetModel()

    def _build(self, doc: Document) -> None:
        plain = [t for t in doc.tables if t.perf is None]
        perf = [t for t in doc.tables if t.perf is not None]
        if plain:
            g = _Node("group", None, "公开表格", self._root)
            for t in plain:
                self._register(_Node("table", t, _table_label(t), g))
        if perf:
            g = _Node("group", None, "绩效表", self._root)
            for t in perf:
                self._register(_Node("perf", t, _table_label(t), g))
        if doc.sections:
            g = _Node("group", None, "文字说明", self._root)
            nodes: dict[str, _Node] = {}
            for s in doc.sections:
                parent = nodes.get(s.parent) if s.parent else None
                n = _Node("section", s, s.title, parent or g)
                nodes[s.id] = n
                self._register(n)
        if not (doc.tables or doc.sections or doc.sentences) and doc.page_count:  # 人工审核模式: pages only
            _Node("group", None, "人工审核模式：未识别到表格和文字", self._root)
        for g in self._root.children:
            self._by_key[g.key] = g

    def _register(self, n: _Node) -> None:
        self._by_key[n.key] = n

    # --- look-ups -----------------------------------------------------------
    def index_of_key(self, key: tuple[str, str]) -> QModelIndex:
        n = self._by_key.get(key)
        if n is None:
            return QModelIndex()
        return self.createIndex(n.row, 0, n)

    def first_leaf(self) -> QModelIndex:
        """The first table or section (the first child of the first non-empty group)."""
        for g in self._root.children:
            if g.children:
                return self.createIndex(0, 0, g.children[0])
        return QModelIndex()

    def findings_of(self, n: _Node) -> list[Finding]:
        if self._index is None:
            return []
        if n.kind in ("table", "perf"):
            return self._index.table(n.ref.id)  # type: ignore[union-attr]
        if n.kind == "section":
            return self._index.section(n.ref.id)  # type: ignore[union-attr]
        if n.kind == "group":
            seen: dict[str, Finding] = {}
            for child in n.children:
                for f in self.findings_of(child):
                    seen.setdefault(f.id, f)
            return list(seen.values())
        return []

    def tally(self, n: _Node) -> tuple[int, Severity | None]:
        """How many findings of ``n`` are still 待核实, and the worst severity of its findings."""
        got = self._tally.get(n)
        if got is None:
            found = self.findings_of(n)
            pending = sum(1 for f in found if self.status_of(f.id) == Status.PENDING)
            got = self._tally[n] = (pending, worst(found))
        return got

    def refresh_findings(self) -> None:
        """Repaint the counts (a status changed, a reviewer added a finding)."""
        self._tally = {}

        def walk(node: _Node) -> None:
            if node.children:
                self.dataChanged.emit(
                    self.createIndex(0, 1, node.children[0]),
                    self.createIndex(len(node.children) - 1, 1, node.children[-1]),
                )
                for c in node.children:
                    walk(c)

        walk(self._root)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 1)
        if self._root.children:
            self.dataChanged.emit(
                self.createIndex(0, 0, self._root.children[0]),
                self.createIndex(len(self._root.children) - 1, 0, self._root.children[-1]),
            )

    # ### Reimplemented Public Qt Functions ###
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        p = parent.internalPointer() if parent.isValid() else self._root
        return self.createIndex(row, column, p.children[row])

    def parent(self, index: _Index = QModelIndex()):  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        n: _Node = index.internalPointer()
        p = n.parent
        if p is None or p is self._root:
            return QModelIndex()
        return self.createIndex(p.row, 0, p)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if parent.isValid():
            if parent.column() != 0:
                return 0
            return len(parent.internalPointer().children)
        return len(self._root.children)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 2

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        n: _Node = index.internalPointer()
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return tr(n.label) if n.kind == "group" else n.label
            count = self.tally(n)[0]
            return str(count) if count else ""
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            if n.kind == "group":
                return tr(n.label)
            if n.kind == "perf":
                return f"{n.ref.title}\n{n.label}"  # type: ignore[union-attr]
            return n.label
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            sev = self.tally(n)[1]
            return QBrush(SEVERITY_TEXT_COLORS[sev]) if sev is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == KindRole:
            return n.kind
        if role == KeyRole:
            return n.key
        if role == ObjectRole:
            return n.ref
        if role == FindingRole:
            return self.findings_of(n)
        if role == SourcePageRole:
            if n.kind in ("table", "perf"):
                return n.ref.pages[0] if n.ref.pages else None  # type: ignore[union-attr]
            if n.kind == "section":
                return n.ref.page  # type: ignore[union-attr]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr("名称") if section == 0 else tr("问题") if section == 1 else None
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return item_flags(index)


class QtOutlineView(QTreeView):
    """The outline tree, name column stretched, counts on the right."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setUniformRowHeights(False)  # a Latin first row must not clip CJK rows below it
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # titles share long prefixes: keep the ends
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(False)
        self.header().setStretchLastSection(False)

    def setModel(self, model) -> None:  # noqa: N802 - Qt override
        super().setModel(model)
        h = self.header()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
