"""The partner/client tree: a lazy QAbstractItemModel over the tree queries.

The top (partner, advisors, the ordered client ids of the current filter) comes as a
`Snapshot` made in a worker. Client rows are fetched `BATCH` at a time as the view scrolls
(`canFetchMore`/`fetchMore`); a client's members, content and documents when it is expanded.
Indexes carry a node number (`internalId`), never a Python pointer, so a stale index after a
refresh finds nothing instead of freed memory.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Any, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon

from advisor_desk.services.clients import tree as queries
from advisor_desk.services.ops import run_query
from advisor_desk.store.engine import Store
from advisor_desk.ui import theme
from advisor_desk.ui.mime import CONTENT_IDS_MIME, content_ids
from advisor_desk.ui.tree import nodes
from advisor_desk.ui.tree.folders import load_folder
from advisor_desk.ui.tree.looks import (
    DETAIL_ROLE,
    ID_ROLE,
    KEY_ROLE,
    KIND_ROLE,
    MUTED_ROLE,
    font_of,
    icon_of,
)
from advisor_desk.ui.tree.nodes import BATCH, Kind, Node, Snapshot

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()  # the invisible root, as a default argument

UNTAGGED = "Untagged"


class TreeModel(QAbstractItemModel):
    rename_requested = Signal(str, str)  # client id, new name
    content_dropped = Signal(list, str)  # content item ids, client id
    snapshot_applied = Signal()

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._ids = itertools.count(1)
        self._nodes: dict[int, Node] = {}
        self._uid: dict[int, int] = {}  # id(node) -> its number
        self._root = self._register(Node(Kind.ROOT, "", ""))
        self._snapshot: Snapshot | None = None
        self._group_by_tag = False
        self._icons: dict[str, QIcon] = {}

    # -- what the tree shows ------------------------------------------------------------

    @property
    def snapshot(self) -> Snapshot | None:
        return self._snapshot

    @property
    def group_by_tag(self) -> bool:
        return self._group_by_tag

    def set_snapshot(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self._rebuild()

    def set_group_by_tag(self, grouped: bool) -> None:
        if grouped != self._group_by_tag:
            self._group_by_tag = grouped
            if self._snapshot is not None:
                self._rebuild()

    def _rebuild(self) -> None:
        snapshot = self._snapshot
        assert snapshot is not None
        self.beginResetModel()
        self._nodes.clear()
        self._uid.clear()
        self._root = self._register(Node(Kind.ROOT, "", "", loaded=True))
        text = snapshot.text
        partner = self._add(self._root, Node(Kind.PARTNER, "partner", snapshot.partner_name))
        partner.loaded = True
        if not text or snapshot.advisors:
            advisors = self._add(partner, Node(Kind.ADVISORS, "partner/advisors", "Advisors"))
            advisors.loaded = True
            advisors.detail = _count(len(snapshot.advisors), snapshot.advisor_total, text)
            for row in snapshot.advisors:
                self._add(advisors, nodes.advisor_node(advisors, row))
        index = snapshot.index
        clients = self._add(partner, Node(Kind.CLIENTS, "partner/clients", "Clients"))
        clients.filter_text = text
        clients.detail = _count(len(index.entries), index.total, text)
        clients.loaded = True
        if self._group_by_tag:
            groups: dict[str, list[queries.IndexEntry]] = {}
            for entry in index.entries:
                for tag in entry.tags or (UNTAGGED,):
                    groups.setdefault(tag, []).append(entry)
            for tag in sorted(groups, key=lambda t: (t == UNTAGGED, t.lower())):
                group = self._add(clients, Node(Kind.TAG, f"partner/clients/tag:{tag}", tag))
                group.pending = groups[tag]
                group.loaded = True
                group.detail = f"{len(groups[tag]):,}"
        else:
            clients.pending = list(index.entries)
        if snapshot.prospects:  # their own section, beside the clients (when there are any)
            key = "partner/prospects"
            prospects = self._add(partner, Node(Kind.PROSPECTS, key, "Prospects", loaded=True))
            prospects.detail = f"{len(snapshot.prospects):,}"
            for row in snapshot.prospects:
                self._add(prospects, nodes.prospect_node(prospects, row))
        self.endResetModel()
        self.snapshot_applied.emit()

    def _register(self, node: Node) -> Node:
        number = next(self._ids)
        self._nodes[number] = node
        self._uid[id(node)] = number
        return node

    def _add(self, parent: Node, child: Node) -> Node:
        parent.add(child)
        self._register(child)
        for grandchild in child.children:  # a client's folders come built
            self._register(grandchild)
        return child

    def _forget(self, node: Node) -> None:
        for child in node.children:
            self._forget(child)
        number = self._uid.pop(id(node), None)
        if number is not None:
            self._nodes.pop(number, None)

    # -- QAbstractItemModel -------------------------------------------------------------

    def node(self, index: Index) -> Node | None:
        if not index.isValid():
            return self._root
        return self._nodes.get(index.internalId())

    def index_of(self, node: Node) -> QModelIndex:
        if node is self._root or id(node) not in self._uid:
            return QModelIndex()
        return self.createIndex(node.position, 0, self._uid[id(node)])

    def index(self, row: int, column: int, parent: Index = NO_PARENT) -> QModelIndex:
        owner = self.node(parent)
        if owner is None or column != 0 or not 0 <= row < len(owner.children):
            return QModelIndex()
        return self.index_of(owner.children[row])

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, index: Index) -> QModelIndex: ...
    def parent(self, index: Index | None = None) -> QObject | QModelIndex | None:
        """The index's parent; with no index, the model's owner (QObject.parent())."""
        if index is None:
            return super().parent()
        if not index.isValid():
            return QModelIndex()
        node = self.node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.index_of(node.parent)

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self.node(parent)
        return 0 if node is None else len(node.children)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 1

    def hasChildren(self, parent: Index = NO_PARENT) -> bool:  # noqa: N802
        node = self.node(parent)
        if node is None or (parent.isValid() and parent.column() != 0):
            return False
        return bool(node.children) or bool(node.pending) or (node.expandable and not node.loaded)

    def canFetchMore(self, parent: Index) -> bool:  # noqa: N802
        node = self.node(parent)
        return node is not None and (bool(node.pending) or not node.loaded)

    def fetchMore(self, parent: Index) -> None:  # noqa: N802
        node = self.node(parent)
        if node is None:
            return
        if node.pending:
            batch, node.pending = node.pending[:BATCH], node.pending[BATCH:]
            known = self._snapshot.rows if self._snapshot is not None else {}
            rows = {e.id: known[e.id] for e in batch if e.id in known}
            missing = [e.id for e in batch if e.id not in rows]
            if missing:  # the first batch came with the snapshot: no SQL here for it
                found = run_query(self._store, queries.client_rows, missing)
                rows.update((row.id, row) for row in found)
            self._insert(node, [nodes.client_node(node, e, rows.get(e.id)) for e in batch])
        elif not node.loaded:
            node.loaded = True
            self._insert(node, self._load_folder(node))
            if node.kind in nodes.CLIENT_FOLDERS:
                node.detail = f"{len(node.children):,}"
                here = self.index_of(node)
                self.dataChanged.emit(here, here, [DETAIL_ROLE])

    def _insert(self, parent: Node, children: Sequence[Node]) -> None:
        if not children:
            return
        first = len(parent.children)
        self.beginInsertRows(self.index_of(parent), first, first + len(children) - 1)
        for child in children:
            self._add(parent, child)
        self.endInsertRows()

    def _locale(self) -> str:
        return self._snapshot.locale if self._snapshot is not None else nodes.DEFAULT_LOCALE

    def _load_folder(self, node: Node) -> list[Node]:
        return load_folder(self._store, node, self._locale())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index) if index.isValid() else None
        if node is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return node.label
        if role == Qt.ItemDataRole.DecorationRole:
            return icon_of(node, self._icons)
        if role == Qt.ItemDataRole.ToolTipRole:
            return nodes.tooltip_of(node) or None
        if role == DETAIL_ROLE:
            return node.detail
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{node.label}, {node.detail}" if node.detail else node.label
        if role == Qt.ItemDataRole.FontRole:
            return font_of(node)
        if role == Qt.ItemDataRole.ForegroundRole and node.muted:
            return QColor(theme.current_colours().muted)
        extra = {KIND_ROLE: node.kind.value, KEY_ROLE: node.key, ID_ROLE: node.row_id}
        if role == MUTED_ROLE:
            return node.muted
        return extra.get(role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        node = self.node(index) if index.isValid() else None
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if node.kind is Kind.CLIENT and node.row_id:
            flags |= Qt.ItemFlag.ItemIsEditable
        if self.client_of(node):
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    # -- dropping library items on a client ---------------------------------------------

    def client_of(self, node: Node | None) -> str:
        """The id of the client `node` is or sits under ("" above the clients)."""
        while node is not None:
            if node.kind is Kind.CLIENT:
                return node.row_id
            node = node.parent
        return ""

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [CONTENT_IDS_MIME]

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.CopyAction

    def canDropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return (
            action in (Qt.DropAction.CopyAction, Qt.DropAction.MoveAction)
            and data.hasFormat(CONTENT_IDS_MIME)
            and bool(self.client_of(self.node(parent)))
        )

    def dropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        ids = content_ids(bytes(data.data(CONTENT_IDS_MIME).data()))
        if not ids:
            return False
        # The panel pushes (a service call that may be refused); the tree itself is not
        # changed here but by the change signal after the push.
        self.content_dropped.emit(ids, self.client_of(self.node(parent)))
        return True

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        node = self.node(index) if index.isValid() else None
        if node is None or node.kind is not Kind.CLIENT or role != Qt.ItemDataRole.EditRole:
            return False
        name = str(value).strip()
        if name and name != node.label:
            # The service renames (undoably); the change signal then updates the row.
            self.rename_requested.emit(node.row_id, name)
        return False

    # -- finding and refreshing rows ----------------------------------------------------

    def walk(self, node: Node | None = None) -> Iterator[Node]:
        for child in (node or self._root).children:
            yield child
            yield from self.walk(child)

    def find(self, key: str) -> QModelIndex:
        """The index of the row with this key, fetching batches and folders on the way."""
        node = self._root
        parts = key.split("/")
        for depth in range(1, len(parts) + 1):
            wanted = "/".join(parts[:depth])
            found = self._child_with_key(node, wanted)
            if found is None:
                return QModelIndex()
            node = found
        return self.index_of(node)

    def _child_with_key(self, node: Node, key: str) -> Node | None:
        while True:
            for child in node.children:
                if child.key == key:
                    return child
            local = key.rsplit("/", 1)[-1]
            if node.pending and any(f"client:{e.id}" == local for e in node.pending):
                self.fetchMore(self.index_of(node))
                continue
            if not node.loaded:
                self.fetchMore(self.index_of(node))
                continue
            return None

    def client_indexes(self, client_id: str) -> list[QModelIndex]:
        return [
            self.index_of(n) for n in self.walk() if n.kind is Kind.CLIENT and n.row_id == client_id
        ]

    def refresh_clients(self, ids: frozenset[str] = frozenset()) -> None:
        """Re-read the loaded rows of these clients (all if none given) and their open folders."""
        loaded = [n for n in self.walk() if n.kind is Kind.CLIENT and n.row_id]
        if ids:
            loaded = [n for n in loaded if n.row_id in ids]
        if not loaded:
            return
        wanted = sorted({n.row_id for n in loaded})
        rows = {r.id: r for r in run_query(self._store, queries.client_rows, wanted)}
        for node in loaded:
            row = rows.get(node.row_id)
            if row is None:
                continue
            node.detail, node.tooltip = nodes.describe_client(row)
            node.label, node.muted = row.name, row.archived is not None
            here = self.index_of(node)
            self.dataChanged.emit(here, here)
            for folder in node.children:
                if folder.loaded:
                    self._reload_folder(folder)

    def _reload_folder(self, folder: Node) -> None:
        if folder.children:
            self.beginRemoveRows(self.index_of(folder), 0, len(folder.children) - 1)
            for child in folder.children:
                self._forget(child)
            folder.children = []
            self.endRemoveRows()
        self._insert(folder, self._load_folder(folder))
        folder.detail = f"{len(folder.children):,}"
        here = self.index_of(folder)
        self.dataChanged.emit(here, here, [DETAIL_ROLE])


def _count(shown: int, total: int, text: str) -> str:
    return f"{shown:,} of {total:,}" if text else f"{total:,}"
