"""What the tree's rows do: open on activation, and the context menus (clients, content,
advisors, prospects). The base of `TreePanel`, which builds the view and the model."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QKeySequence
from PySide6.QtWidgets import QMenu, QTreeView, QWidget

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.ui import client_actions
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.icons import icon
from advisor_desk.ui.tree.model import ID_ROLE, KIND_ROLE, TreeModel
from advisor_desk.ui.tree.nodes import Kind


class TreeView(QTreeView):
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        if event.reason() == QContextMenuEvent.Reason.Keyboard:  # Menu key, Shift+F10
            rect = self.visualRect(self.currentIndex())
            point = rect.center() if rect.isValid() else QPoint(8, 8)
            self.customContextMenuRequested.emit(point)
            return
        super().contextMenuEvent(event)


class TreeActions(QWidget):
    client_open_requested = Signal(str)
    add_member_requested = Signal(str)
    users_requested = Signal()
    new_client_requested = Signal()
    home_requested = Signal()

    _context: AppContext
    model: TreeModel
    view: TreeView

    def _remove_content(self, client_id: str, item_id: str) -> None:
        from advisor_desk.ui import content_actions

        name = next((str(i.data()) for i in self.model.client_indexes(client_id)), "the client")
        self._show_message(
            content_actions.remove_from_client(self._context, client_id, name, [item_id], self)
        )

    def _on_view_activated(self, index: QModelIndex) -> None:
        kind = index.data(KIND_ROLE)
        client = self._client_id_of(index)
        if kind == Kind.PARTNER.value:
            self.home_requested.emit()
        elif kind in (Kind.ADVISORS.value, Kind.ADVISOR.value):
            self.users_requested.emit()
        elif kind in (Kind.PROSPECTS.value, Kind.PROSPECT.value):
            self._prospect(index, "edit" if kind == Kind.PROSPECT.value else "")
        elif client:
            self.client_open_requested.emit(client)

    def current_client_id(self) -> str:
        return self._client_id_of(self.view.currentIndex())

    def _client_id_of(self, index: QModelIndex) -> str:
        while index.isValid():
            if index.data(KIND_ROLE) == Kind.CLIENT.value:
                return str(index.data(ID_ROLE) or "")
            index = index.parent()
        return ""

    def _on_view_context_menu(self, point: QPoint) -> None:
        index = self.view.indexAt(point)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        menu = self.build_menu(index)
        if menu is not None and not menu.isEmpty():
            menu.popup(self.view.viewport().mapToGlobal(point))

    def build_menu(self, index: QModelIndex) -> QMenu | None:
        client = self._client_id_of(index)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if not client:
            if index.data(KIND_ROLE) in (Kind.ADVISORS.value, Kind.ADVISOR.value):
                menu.addAction(icon("users"), "Manage advisors…", self.users_requested.emit)
            if index.data(KIND_ROLE) in (Kind.CLIENTS.value, Kind.TAG.value):
                menu.addAction(icon("add"), "&New client…", self.new_client_requested.emit)
            if index.data(KIND_ROLE) in (Kind.PROSPECTS.value, Kind.PROSPECT.value):
                self._prospect_menu(menu, index)
            return menu
        node = self.model.node(index)
        archived = bool(node is not None and node.kind is Kind.CLIENT and node.muted)
        open_action = menu.addAction(
            icon("login"), "&Log in to client", lambda: self.client_open_requested.emit(client)
        )
        menu.setDefaultAction(open_action)
        menu.addSeparator()
        if index.data(KIND_ROLE) == Kind.CLIENT.value:
            rename = QAction(icon("edit"), "&Rename", menu)
            rename.setShortcut(QKeySequence(Qt.Key.Key_F2))
            rename.triggered.connect(lambda: self.view.edit(index))
            menu.addAction(rename)
        if node is not None and node.kind is Kind.CONTENT_ITEM:
            item_id = node.row_id
            menu.addAction(
                icon("remove"),
                "Re&move from client",
                lambda: self._remove_content(client, item_id),
            )
            menu.addSeparator()
        menu.addAction(
            icon("add-member"), "Add &member…", lambda: self.add_member_requested.emit(client)
        )
        billing = menu.addMenu(icon("billing"), "Change &billing model")
        for model in BillingModel:
            billing.addAction(model.label, lambda m=model: self._change_billing(client, m))
        menu.addAction(icon("add"), "&New client…", self.new_client_requested.emit)
        menu.addSeparator()
        menu.addAction(
            icon("archive"),
            "&Unarchive" if archived else "&Archive",
            lambda: client_actions.toggle_archived(self._context, client, self),
        )
        return menu

    def _prospect_menu(self, menu: QMenu, index: QModelIndex) -> None:
        if index.data(KIND_ROLE) == Kind.PROSPECT.value:
            for what, text in (
                ("edit", "&Contacts…"),
                ("review", "New risk &review…"),
                ("send", "Send &assessment…"),
                ("convert", "Con&vert to client…"),
            ):
                menu.addAction(text, lambda w=what: self._prospect(index, w))
            menu.addSeparator()
        menu.addAction(icon("add"), "New &prospect…", lambda: self._prospect(index, "new"))
        menu.addAction(icon("csv"), "&Import prospects…", lambda: self._prospect(index, "import"))

    def _prospect(self, index: QModelIndex, what: str) -> None:
        from advisor_desk.ui.bizdev.opening import prospect_action, show_bizdev

        name = str(index.data()) if index.data(KIND_ROLE) == Kind.PROSPECT.value else ""
        if what:
            prospect_action(self._context, self.window(), name, what)
        else:
            show_bizdev(self._context, self.window(), prospect=name)

    def _change_billing(self, client_id: str, model: BillingModel) -> None:
        self._show_message(
            client_actions.change_billing_model(self._context, client_id, model, self)
        )

    def _show_message(self, message: str | None) -> None:
        bar = getattr(self.window(), "statusBar", None)
        if message and callable(bar):
            bar().showMessage(message, 6000)
