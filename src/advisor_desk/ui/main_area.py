"""Tree | centre, and moving between the centre's pages: home, a client, the Users panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QStackedWidget, QWidget

from advisor_desk.services.billing.partners import PartnerSummary
from advisor_desk.services.clients.teams import get_client
from advisor_desk.services.errors import NotFoundError
from advisor_desk.ui import sections, settings
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.home import HomePage
from advisor_desk.ui.tree.panel import TreePanel

if TYPE_CHECKING:  # the workspace is imported when a client is first opened
    from advisor_desk.ui.workspace.page import ClientWorkspace


class MainArea(QSplitter):
    status_message = Signal(str)
    view_changed = Signal()  # another page, or another client: what "current client" means

    def __init__(
        self, context: AppContext, partner: PartnerSummary, prefs: settings.Settings
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.setObjectName("MainSplitter")
        self.context = context
        self.partner = partner
        self.prefs = prefs
        self.panel = TreePanel(context)
        self.home = HomePage(context)
        self.workspace: ClientWorkspace | None = None
        self.users: QWidget | None = None
        self.sections: dict[str, QWidget] = {}
        self.centre = QStackedWidget()
        self.centre.addWidget(self.home)
        self.addWidget(self.panel)
        self.addWidget(self.centre)
        self.setStretchFactor(1, 1)
        self.setChildrenCollapsible(False)
        self.setSizes([340, 940])
        self.restoreState(prefs.get(settings.SPLITTER))
        self.panel.client_open_requested.connect(self.open_client)
        self.panel.users_requested.connect(self.show_users)
        self.panel.home_requested.connect(self.go_home)
        self.panel.view.selectionModel().currentChanged.connect(lambda *_: self.view_changed.emit())
        self.panel.model.modelReset.connect(self.view_changed.emit)
        self.home.users_requested.connect(self.show_users)
        self.home.hub.client_open_requested.connect(self.open_client)
        self.panel.restore_state(
            prefs.get(settings.TREE_EXPANDED), prefs.get(settings.TREE_SELECTED)
        )
        self.panel.model.set_group_by_tag(prefs.get(settings.GROUP_BY_TAG))
        self.panel.set_include_archived(prefs.get(settings.SHOW_ARCHIVED), reload=False)
        self.panel.model.snapshot_applied.connect(self._on_first_snapshot_applied)
        self.panel.reload()

    def restore_view(self) -> None:
        last = self.prefs.get(settings.LAST_VIEW)
        if last.startswith("client:") and self._client_exists(last.removeprefix("client:")):
            self.open_client(last.removeprefix("client:"))
        elif last == "users":
            self.show_users()
        elif last.startswith("section:") and sections.by_key(last.removeprefix("section:")):
            self.show_section(last.removeprefix("section:"))
        else:
            self.go_home()
        self.panel.view.setFocus()

    def _on_first_snapshot_applied(self) -> None:
        # The home page's figures compute every client's charges: start them once the tree
        # is on screen, so the two do not compete for the CPU at start-up.
        self.panel.model.snapshot_applied.disconnect(self._on_first_snapshot_applied)
        self.home.reload()

    def _ensure_workspace(self) -> ClientWorkspace:
        """The client workspace, made the first time a client is opened."""
        if self.workspace is None:
            from advisor_desk.ui.workspace.page import ClientWorkspace

            self.workspace = ClientWorkspace(self.context)
            self.workspace.tabs.setCurrentIndex(self.prefs.get(settings.WORKSPACE_TAB))
            self.workspace.back_requested.connect(self.go_home)
            self.workspace.status_message.connect(self.status_message.emit)
            self.workspace.client_closed.connect(self.go_home)
            self.centre.addWidget(self.workspace)
        return self.workspace

    def _client_exists(self, client_id: str) -> bool:
        try:
            get_client(self.context.store, client_id)
        except NotFoundError:
            return False
        return True

    @property
    def current_view(self) -> str:
        widget = self.centre.currentWidget()
        if widget is self.workspace and self.workspace is not None and self.workspace.client_id:
            return f"client:{self.workspace.client_id}"
        if widget is not None and widget is self.users:
            return "users"
        for key, page in self.sections.items():
            if widget is page:
                return f"section:{key}"
        return "home"

    def current_client_id(self) -> str:
        """The client open in the centre, else the one selected in the tree."""
        workspace = self.workspace
        shown = workspace is not None and self.centre.currentWidget() is workspace
        if shown and workspace is not None and workspace.client_id:
            return workspace.client_id
        return self.panel.current_client_id()

    def open_client(self, client_id: str) -> None:
        workspace = self._ensure_workspace()
        try:
            workspace.open_client(client_id, self.partner)
        except NotFoundError:
            self.status_message.emit("That client no longer exists")
            return
        self.centre.setCurrentWidget(workspace)
        self.panel.select_client(client_id)
        workspace.tabs.setFocus()
        self.view_changed.emit()
        self.status_message.emit(
            f"Logged in to {workspace.client.name if workspace.client else ''}"
        )

    def go_home(self) -> None:
        self.centre.setCurrentWidget(self.home)
        self.panel.view.setFocus()
        self.view_changed.emit()

    def show_users(self) -> None:
        if self.users is None:
            from advisor_desk.ui.admin.users_panel import UsersPanel

            self.users = UsersPanel(self.context)
            self.centre.addWidget(self.users)
        self.centre.setCurrentWidget(self.users)
        self.users.setFocus()
        self.view_changed.emit()

    def show_section(self, key: str) -> None:
        """Show a registered section (ui/sections.py), making it the first time."""
        page = self.sections.get(key)
        if page is None:
            section = sections.by_key(key)
            if section is None:
                return
            page = self.sections[key] = sections.make(section, self.context)
            self.centre.addWidget(page)
        self.centre.setCurrentWidget(page)
        page.setFocus()
        self.view_changed.emit()

    def add_member(self, client_id: str) -> None:
        current = self.workspace
        if (
            current is None
            or current.client_id != client_id
            or (self.centre.currentWidget() is not current)
        ):
            self.open_client(client_id)
        workspace = self._ensure_workspace()
        workspace.show_tab("members")
        workspace.members.add_member()

    def save_state(self) -> None:
        p = self.prefs
        p.set(settings.SPLITTER, self.saveState())
        expanded, selected = self.panel.state()
        p.set(settings.TREE_EXPANDED, expanded)
        p.set(settings.TREE_SELECTED, selected)
        p.set(settings.LAST_VIEW, self.current_view)
        if self.workspace is not None:
            p.set(settings.WORKSPACE_TAB, self.workspace.tabs.currentIndex())
