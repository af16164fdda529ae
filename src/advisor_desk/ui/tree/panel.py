"""The left side: the filter box over the partner/client tree, its menus and its memory.

The filter runs in a worker (it can take 200 ms at 5,000 clients); only the newest answer is
shown. Expansion and selection survive refreshes, filtering and restarts (kept by row key).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QWidget,
)

from advisor_desk.ui import client_actions
from advisor_desk.ui.context import AppContext, Changes
from advisor_desk.ui.tree.actions import TreeActions, TreeView
from advisor_desk.ui.tree.model import ID_ROLE, KEY_ROLE, KIND_ROLE, TreeModel
from advisor_desk.ui.tree.nodes import Kind, Snapshot, load_snapshot
from advisor_desk.ui.tree.outline import set_up_sidebar, set_up_view

AUTO_EXPAND_LIMIT = 20  # with a filter, open the clients holding matches if this few
STRUCTURE = ("client", "advisor", "advisor_activity", "partner")  # re-read the whole index
PROSPECTS = ("prospect", "prospect_contact")  # their section is part of the snapshot too
CLIENT_DETAIL = ("member", "member_license", "client_billing_model", "client_content", "document")


class TreePanel(TreeActions):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._in_flight = False  # a snapshot query is running
        self._stale = False  # asked again meanwhile: run once more when it returns
        self._include_archived = True
        self._expanded: set[str] = set()  # without a filter (what the user opened)
        self._selected = ""
        self._pending_client = ""  # asked to select before the tree had read it (a new client)
        self._applying = False
        self.model = TreeModel(context.store, self)
        self.model.rename_requested.connect(self._on_model_rename_requested)
        self.model.content_dropped.connect(self._on_content_dropped)
        self.model.rowsInserted.connect(self._on_model_rows_inserted)
        self.view = TreeView()
        self.view.setModel(self.model)
        set_up_view(self.view, QAbstractItemView.EditTrigger.EditKeyPressed)
        self.filter_edit, self.status = set_up_sidebar(self, self.view)
        self.filter_edit.textChanged.connect(self._on_filter_text_changed)
        self.filter_edit.installEventFilter(self)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu)
        self.view.activated.connect(self._on_view_activated)
        # Library items dragged from the content library are pushed to the client dropped on.
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.view.setDragDropOverwriteMode(True)  # onto a row, never between rows
        self.view.setDropIndicatorShown(True)
        self.view.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.view.expanded.connect(self._on_view_expanded)
        self.view.collapsed.connect(self._on_view_collapsed)
        context.changed.connect(self._on_context_changed)

    # -- loading ------------------------------------------------------------------------

    @property
    def filter_text(self) -> str:
        return self.filter_edit.text().strip()

    def reload(self) -> None:
        """Re-read the top of the tree in a worker, one query at a time.

        A keystroke while a query runs only marks it stale; when it returns, one more query
        runs with the text as it is then. So typing fast never queues up stale queries, and
        the first keystroke starts at once (no debounce delay).
        """
        if self._in_flight:
            self._stale = True
            return
        store, text, archived = self._context.store, self.filter_text, self._include_archived
        ready = self._context.take_start_tree(text, archived)  # read with the store
        if ready is not None:
            self._on_snapshot_loaded(ready)
            return
        self._in_flight, self._stale = True, False
        self._context.run_in_background(
            lambda _task: load_snapshot(store, text, archived),
            on_done=self._on_snapshot_loaded,
            on_error=self._on_snapshot_failed,
        )

    def _query_returned(self) -> bool:
        """True if its answer is still wanted (nothing was asked since)."""
        self._in_flight = False
        if self._stale:
            self.reload()
            return False
        return True

    def _on_snapshot_loaded(self, snapshot: Snapshot) -> None:
        if not self._query_returned():
            return  # the filter changed meanwhile: the newer query's answer will come
        scroll = self.view.verticalScrollBar().value()
        was_filtered = bool(self.model.snapshot and self.model.snapshot.text)
        if not was_filtered and self.model.snapshot is not None:
            self._expanded = self.expanded_keys()
        selected = self.selected_key() or self._selected
        self._applying = True
        try:
            self.model.set_snapshot(snapshot)
            if snapshot.text:
                self._expand_matches()
            else:
                self._restore_expansion(self._expanded)
            if selected:
                self.select_key(selected, scroll=False)
            if not was_filtered and not snapshot.text:
                self.view.verticalScrollBar().setValue(scroll)
        finally:
            self._applying = False
        self._show_status(snapshot)
        self._apply_pending_client(snapshot)

    def _apply_pending_client(self, snapshot: Snapshot) -> None:
        """Select (and show) the client asked for before this snapshot had it.

        A filter hiding it is cleared (the next snapshot then selects it); a client still
        missing from an unfiltered tree is given up.
        """
        pending = self._pending_client
        if not pending:
            return
        self._pending_client = ""
        if self._select_loaded_client(pending):
            return
        if snapshot.text:
            self._pending_client = pending
            self.filter_edit.clear()  # reloads; the next snapshot selects it

    def _on_snapshot_failed(self, error: BaseException) -> None:
        if not self._query_returned():
            return
        self.status.setText(f"Cannot read the clients: {error}")
        self.status.show()

    def _show_status(self, snapshot: Snapshot) -> None:
        if not snapshot.text:
            self.status.hide()
            return
        shown = len(snapshot.index.entries)
        self.status.setText(
            f"No client matches “{snapshot.text}”"
            if shown == 0 and not snapshot.advisors
            else f"{shown:,} of {snapshot.index.total:,} clients match"
        )
        self.status.show()

    # -- expansion and selection --------------------------------------------------------

    def expanded_keys(self) -> set[str]:
        keys = set()
        for node in self.model.walk():
            if node.expandable and self.view.isExpanded(self.model.index_of(node)):
                keys.add(node.key)
        return keys

    def _open(self, index: QModelIndex) -> None:
        # Right after a reset the view only notes an expansion (its layout is pending) and
        # would not fetch the rows: fetch them first.
        if index.isValid():
            if self.model.canFetchMore(index):
                self.model.fetchMore(index)
            self.view.expand(index)

    def _restore_expansion(self, keys: set[str]) -> None:
        for key in sorted(keys or {"partner", "partner/clients"}, key=lambda k: k.count("/")):
            self._open(self.model.find(key))

    def _expand_matches(self) -> None:
        for key in ("partner", "partner/advisors", "partner/clients"):
            self._open(self.model.find(key))
        if self.model.group_by_tag:
            for node in list(self.model.walk()):
                if node.kind is Kind.TAG:
                    self._open(self.model.index_of(node))

    def _on_model_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        snapshot = self.model.snapshot
        if snapshot is None or not snapshot.text or len(snapshot.index.entries) > AUTO_EXPAND_LIMIT:
            return
        owner = self.model.node(parent)
        if owner is None or owner.kind not in (Kind.CLIENTS, Kind.TAG):
            return
        for row in range(first, last + 1):
            client = owner.children[row]
            if client.entry is not None and not client.entry.matched:
                QTimer.singleShot(0, lambda key=client.key: self._expand_nested(key))

    def _expand_nested(self, key: str) -> None:
        index = self.model.find(key)
        if not index.isValid():
            return
        self._open(index)
        for row in range(self.model.rowCount(index)):
            self._open(self.model.index(row, 0, index))

    def _on_view_expanded(self, index: QModelIndex) -> None:
        if not self._applying and not self.filter_text:
            self._expanded.add(str(index.data(KEY_ROLE)))

    def _on_view_collapsed(self, index: QModelIndex) -> None:
        if not self._applying and not self.filter_text:
            self._expanded.discard(str(index.data(KEY_ROLE)))

    def selected_key(self) -> str:
        index = self.view.currentIndex()
        return str(index.data(KEY_ROLE)) if index.isValid() else ""

    def select_key(self, key: str, *, scroll: bool = True) -> bool:
        index = self.model.find(key)
        if not index.isValid():
            return False
        parent = index.parent()
        while parent.isValid():
            self.view.expand(parent)
            parent = parent.parent()
        self.view.setCurrentIndex(index)
        if scroll:
            self.view.scrollTo(index)
        return True

    def select_client(self, client_id: str) -> bool:
        """Select and show the client; one the tree has not read yet (just created) is
        remembered and selected when the snapshot holding it arrives. True if selected now."""
        self._pending_client = ""
        if self._select_loaded_client(client_id):
            return True
        self._pending_client = client_id
        if not self._in_flight:
            self.reload()
        return False

    def _select_loaded_client(self, client_id: str) -> bool:
        current = self.view.currentIndex()
        if current.data(KIND_ROLE) == Kind.CLIENT.value and current.data(ID_ROLE) == client_id:
            self.view.scrollTo(current)
            return True
        for index in self.model.client_indexes(client_id):
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
            return True
        return self.select_key(f"partner/clients/client:{client_id}")

    def state(self) -> tuple[list[str], str]:
        """What to keep for the next run: the unfiltered expansion and the selection."""
        expanded = self._expanded if self.filter_text else self.expanded_keys()
        return sorted(expanded), self.selected_key() or self._selected

    def restore_state(self, expanded: list[str], selected: str) -> None:
        self._expanded = set(expanded)
        self._selected = selected

    # -- options ------------------------------------------------------------------------

    def set_group_by_tag(self, grouped: bool) -> None:
        if grouped == self.model.group_by_tag:
            return
        selected = self.selected_key()
        self.model.set_group_by_tag(grouped)
        self._restore_expansion(
            {k for k in self._expanded if "/tag:" not in k} | ({"partner/clients"})
        )
        if selected:
            self._select_client_of(selected)

    def set_include_archived(self, include: bool, *, reload: bool = True) -> None:
        if include != self._include_archived:
            self._include_archived = include
            if reload:
                self.reload()

    def _select_client_of(self, key: str) -> None:
        for part in key.split("/"):
            if part.startswith("client:"):
                self.select_client(part.removeprefix("client:"))
                return

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    # -- reacting -----------------------------------------------------------------------

    def _on_filter_text_changed(self, _text: str) -> None:
        self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.filter_edit and isinstance(event, QKeyEvent):
            if event.type() == QKeyEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Down,
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
            ):
                self.view.setFocus()
                if not self.view.currentIndex().isValid():
                    self.view.setCurrentIndex(self.model.index(0, 0))
                return True
            if event.type() == QKeyEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                if self.filter_edit.text():
                    self.filter_edit.clear()
                else:
                    self.view.setFocus()
                return True
        return super().eventFilter(watched, event)

    def _on_context_changed(self, changes: Changes) -> None:
        if changes.touches(*STRUCTURE, *PROSPECTS):
            self.reload()
        elif changes.touches(*CLIENT_DETAIL):
            self.model.refresh_clients(changes.ids)

    def _on_model_rename_requested(self, client_id: str, name: str) -> None:
        client_actions.rename_client(self._context, client_id, name, self)

    def _on_content_dropped(self, item_ids: list[str], client_id: str) -> None:
        from advisor_desk.ui import content_actions  # the library's services: first use only

        self.select_client(client_id)
        self._show_message(content_actions.push_to_client(self._context, item_ids, client_id, self))
