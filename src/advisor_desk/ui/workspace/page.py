"""The client team workspace: what the centre shows after "Log in to client"."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.partners import PartnerSummary
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.clock import today
from advisor_desk.services.errors import NotFoundError
from advisor_desk.store.models import (
    Advisor,
    AdvisorAccess,
    AdvisorActivity,
    Agreement,
    Client,
    ClientAssessment,
    ClientBillingModel,
    ClientContent,
    ClientRisk,
    ContentItem,
    Document,
    Member,
    MemberLicense,
)
from advisor_desk.ui import client_actions
from advisor_desk.ui.bizdev.register import RegisterTab
from advisor_desk.ui.confirm import ConfirmBox
from advisor_desk.ui.context import AppContext, Changes, shown
from advisor_desk.ui.icons import icon
from advisor_desk.ui.permissions import guard_view
from advisor_desk.ui.widgets import badge
from advisor_desk.ui.workspace.access import AccessTab
from advisor_desk.ui.workspace.client_dialog import EditClientDialog
from advisor_desk.ui.workspace.content import ContentTab, DocumentsTab
from advisor_desk.ui.workspace.members import MembersTab
from advisor_desk.ui.workspace.overview import OverviewTab
from advisor_desk.ui.workspace.plan import PlanTab

SHOWS = shown(
    Client,
    ClientBillingModel,
    Member,
    MemberLicense,
    Advisor,
    AdvisorAccess,
    AdvisorActivity,
    ClientContent,
    ContentItem,
    Document,
    Agreement,
    ClientRisk,
    ClientAssessment,
)
TAB_NAMES = ("overview", "members", "advisors", "content", "documents", "risks", "register")


class ClientWorkspace(QWidget):
    back_requested = Signal()
    status_message = Signal(str)
    client_closed = Signal()  # the open client was deleted elsewhere

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.client: clients.ClientSummary | None = None
        self._partner: PartnerSummary | None = None
        self.back_button = QPushButton(icon("back"), "Back")
        self.back_button.setObjectName("BackButton")
        self.back_button.setToolTip("Back to the partner (Alt+Left)")
        self.back_button.clicked.connect(self.back_requested.emit)
        self.title = QLabel()
        self.title.setObjectName("PageTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model_badge = badge("", "accent")
        self.archived_badge = badge("Archived", "danger")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("PageSubtitle")
        self.edit_button = QPushButton(icon("edit"), "&Edit…")
        self.edit_button.clicked.connect(self.edit_client)
        self.billing_button = QToolButton()
        self.billing_button.setText("&Billing model")
        self.billing_button.setIcon(icon("billing"))
        self.billing_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.billing_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        billing_menu = QMenu(self.billing_button)
        for model in BillingModel:
            billing_menu.addAction(model.label, lambda m=model: self.change_billing_model(m))
        self.billing_button.setMenu(billing_menu)
        self.archive_button = QPushButton(icon("archive"), "Archive")
        self.archive_button.clicked.connect(self.toggle_archived)
        self.overview = OverviewTab(context)
        self.members = MembersTab(context)
        self.access = AccessTab(context)
        self.content = ContentTab(context)
        self.plan = PlanTab(context)
        self.documents = DocumentsTab(context)
        for tab in (self.members, self.access, self.content):
            tab.status_message.connect(self.status_message.emit)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.overview, "&Overview")
        self.tabs.addTab(self.members, "&Members")
        self.tabs.addTab(self.access, "Ad&visors")
        self.tabs.addTab(self.content, "&Content")
        self.tabs.addTab(self.documents, "&Documents")
        self.tabs.addTab(self.plan, "&Risks && assessments")
        self.register = RegisterTab(context)  # issue 14: the risk register (refreshes itself)
        self.tabs.addTab(self.register, "Risk regis&ter")
        self._build_layout()
        context.changed.connect(self._on_context_changed)
        guard_view(context, self)  # the permission table: archive, billing model

    def _build_layout(self) -> None:
        header = QWidget()
        header.setObjectName("PageHeader")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        title_row = QHBoxLayout()
        title_row.setSpacing(10)
        title_row.addWidget(self.title)
        title_row.addWidget(self.model_badge)
        title_row.addWidget(self.archived_badge)
        title_row.addStretch(1)
        titles.addLayout(title_row)
        titles.addWidget(self.subtitle)
        actions = QHBoxLayout()
        actions.setSpacing(6)
        for widget in (self.edit_button, self.billing_button, self.archive_button):
            actions.addWidget(widget)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(titles, 1)
        body.addLayout(actions)
        head = QVBoxLayout(header)
        head.setContentsMargins(20, 12, 20, 14)
        head.setSpacing(10)
        head.addLayout(top)
        head.addLayout(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)

    # -- showing a client ---------------------------------------------------------------

    @property
    def client_id(self) -> str:
        return self.client.id if self.client is not None else ""

    def open_client(self, client_id: str, partner: PartnerSummary) -> None:
        self._partner = partner
        self.back_button.setText(f"Back to {partner.name}")
        self.client = clients.get_client(self._context.store, client_id)
        self._show_client()
        day = self._today()
        self.members.set_client(client_id, self.client.name, day)
        self.access.set_client(client_id, self.client.name)
        self.content.set_client(client_id, self.client.name)
        self.plan.set_client(client_id)
        self.register.set_client(client_id, self.client.name)
        self.documents.set_client(client_id)

    def _today(self) -> dt.date:
        return today(self._partner.timezone if self._partner else "UTC")

    def _show_client(self) -> None:
        client = self.client
        if client is None or self._partner is None:
            return
        self.title.setText(client.name)
        model = client.billing_model.label.split(" (")[0] if client.billing_model else "No model"
        self.model_badge.setText(model)
        self.archived_badge.setVisible(client.archived is not None)
        facts = [client.license_mix]
        if client.domain:
            facts.append(client.domain)
        if client.tags:
            facts.append(", ".join(client.tags))
        self.subtitle.setText("  ·  ".join(facts))
        self.archive_button.setText("Un&archive" if client.archived else "&Archive")
        self.overview.set_client(client, self._partner, Period.of(self._today()))

    def show_tab(self, name: str) -> None:
        if name in TAB_NAMES:
            self.tabs.setCurrentIndex(TAB_NAMES.index(name))

    def _on_context_changed(self, changes: Changes) -> None:
        if self.client is None or not changes.touches(*SHOWS):
            return
        if changes.ids and self.client.id not in changes.ids and not changes.touches("advisor"):
            return
        try:
            self.client = clients.get_client(self._context.store, self.client.id)
        except NotFoundError:
            self.client = None
            self.client_closed.emit()
            return
        self._show_client()
        if changes.touches("member", "member_license"):
            self.members.reload()
        if changes.touches("advisor", "advisor_access", "advisor_activity"):
            self.access.reload()
        if changes.touches("client_content", "content_item"):
            self.content.reload()
        if changes.touches("client_risk", "client_assessment", "content_item"):
            self.plan.reload()
        if changes.touches("document"):
            self.documents.reload()

    # -- actions on the open client -----------------------------------------------------

    def edit_client(self) -> EditClientDialog | None:
        if self.client is None:
            return None
        dialog = EditClientDialog(self._context, self.client, self)
        dialog.open()
        return dialog

    def change_billing_model(self, model: BillingModel) -> None:
        if self.client is not None:
            message = client_actions.change_billing_model(
                self._context, self.client.id, model, self
            )
            if message:
                self.status_message.emit(message)

    def toggle_archived(self) -> ConfirmBox | None:
        """Unarchive at once; archive after asking (the box is returned, for tests)."""
        client = self.client
        if client is None:
            return None
        archive = client.archived is None

        def act() -> None:
            if client_actions.set_archived(self._context, client.id, archive, self):
                self.status_message.emit(f"{'Archived' if archive else 'Unarchived'} {client.name}")

        if not archive:
            act()
            return None
        return client_actions.ask_to_archive(client.name, act, self)
