"""The partner's home page in the centre: this period at a glance and where to go next."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from advisor_desk.domain.charges import PeriodCharges
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.domain.permissions import Action, can
from advisor_desk.services.billing.charges import charges_for_period
from advisor_desk.services.billing.partners import PartnerSummary, get_partner
from advisor_desk.services.clients.teams import license_mix
from advisor_desk.services.clients.tree import client_index
from advisor_desk.services.clock import today
from advisor_desk.services.ops import run_query
from advisor_desk.store.engine import Store
from advisor_desk.store.models import (
    Advisor,
    AdvisorActivity,
    Agreement,
    Client,
    ClientBillingModel,
    Member,
    MemberLicense,
    Partner,
)
from advisor_desk.ui.context import AppContext, Changes, read_me, shown
from advisor_desk.ui.hub.view import HubView
from advisor_desk.ui.icons import icon
from advisor_desk.ui.money import format_money
from advisor_desk.ui.permissions import guard_view
from advisor_desk.ui.widgets import Card, muted_label, section_title

SHOWS = shown(
    Client,
    Member,
    MemberLicense,
    ClientBillingModel,
    Advisor,
    AdvisorActivity,
    Agreement,
    Partner,
)


@dataclass(frozen=True)
class HomeFacts:
    partner: PartnerSummary
    period: Period
    clients: int
    archived: int
    charges: PeriodCharges | None
    billing: bool = True  # whoever works here sees billing (the advisor fee)


def load_facts(store: Store) -> HomeFacts:
    """Runs in a worker: the charges are computed over every client of the partner; who
    works here is read here too, not on the GUI thread."""
    partner = get_partner(store)
    period = Period.of(today(partner.timezone))
    index = run_query(store, client_index)
    archived = sum(1 for entry in index.entries if entry.archived)
    charges = charges_for_period(store, period) if partner.agreements else None
    billing = can(read_me(store).role, Action.BILLING)
    return HomeFacts(partner, period, index.total - archived, archived, charges, billing)


class HomePage(QWidget):
    users_requested = Signal()
    settings_requested = Signal()
    import_clients_requested = Signal()
    new_client_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._generation = 0
        self._painted = False
        self._reload_when_painted = False
        self.title = QLabel("…")
        self.title.setObjectName("PageTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("PageSubtitle")
        self.clients_card = Card("Clients")
        self.advisors_card = Card("Active advisors")
        self.licenses_card = Card("Client licenses")
        self.charges_card = Card("Platform charges")
        cards = QGridLayout()
        cards.setSpacing(12)
        for column, card in enumerate(
            (self.clients_card, self.advisors_card, self.licenses_card, self.charges_card)
        ):
            cards.addWidget(card, 0, column)
            cards.setColumnStretch(column, 1)
        new = QPushButton(icon("add"), "&New client…")
        new.clicked.connect(self.new_client_requested.emit)
        users = QPushButton(icon("users"), "Manage &advisors")
        users.clicked.connect(self.users_requested.emit)
        settings = QPushButton(icon("settings"), "Partner &settings…")
        settings.clicked.connect(self.settings_requested.emit)
        csv = QPushButton(icon("csv"), "&Import clients from CSV…")
        csv.clicked.connect(self.import_clients_requested.emit)
        buttons = QHBoxLayout()
        for button in (new, csv, users, settings):
            buttons.addWidget(button)
        buttons.addStretch(1)
        hint = muted_label(
            "Pick a client in the tree on the left and press Enter (or double-click) to log "
            "in to its workspace. Ctrl+F filters the tree by client, member, content or "
            "document; Alt+Left comes back here."
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(14)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(6)
        layout.addLayout(cards)
        layout.addSpacing(10)
        layout.addWidget(section_title("Get going"))
        layout.addWidget(hint)
        layout.addLayout(buttons)
        self.hub = HubView(context)  # the hub (issue 19): every client at a glance
        layout.addWidget(self.hub, 1)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft)
        context.changed.connect(self._on_context_changed)
        self.new_button, self.csv_button, self.users_button = new, csv, users
        self.settings_button = settings
        guard_view(context, self)  # the permission table: new client, advisors, settings

    def reload(self) -> None:
        if self._context.start_facts is not None and not self._painted:
            # Start-up: the figures (every client's charges) wait until the window has been
            # painted with the tree's first clients, so they do not compete for the CPU.
            self._reload_when_painted = True
            return
        self.hub.reload()  # the hub refreshes itself from changes (its own SHOWS)
        self._reload_facts()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        self._painted = True
        if self._reload_when_painted:  # once this paint (the whole window's) is done
            self._reload_when_painted = False
            QTimer.singleShot(0, self, self.reload)

    def _reload_facts(self) -> None:
        self._generation += 1
        generation, store = self._generation, self._context.store
        self._context.run_in_background(
            lambda _task: load_facts(store),
            on_done=lambda facts: self._on_facts(generation, facts),
            on_error=lambda error: self.subtitle.setText(f"Cannot read the figures: {error}"),
        )

    def _on_context_changed(self, changes: Changes) -> None:
        if changes.touches(*SHOWS):
            self._reload_facts()

    def _on_facts(self, generation: int, facts: HomeFacts) -> None:
        if generation != self._generation:
            return
        partner = facts.partner
        self.title.setText(partner.name)
        self.subtitle.setText(
            f"Period {facts.period} · {partner.currency or 'no currency'} · {partner.timezone}"
        )
        if facts.clients or facts.archived:
            self.clients_card.set(f"{facts.clients:,}", f"{facts.archived:,} archived")
        else:
            self.clients_card.set("0", "Add one with New client… or import a CSV")
        charges = facts.charges
        if charges is None:
            for card in (self.advisors_card, self.licenses_card, self.charges_card):
                card.set("—", "No agreement yet")
            return
        fee = format_money(charges.advisors.unit, charges.currency, partner.locale)
        billing = facts.billing  # h13: no fee for other roles
        note = f"Billed at {fee} each" if billing else "Active this month"
        self.advisors_card.set(str(charges.advisors.count), note)
        counts = {tier: 0 for tier in LicenseTier}
        for client in charges.clients:
            for tier, count in client.licenses.items():
                counts[tier] += count
        self.licenses_card.set(f"{sum(counts.values()):,}", license_mix(counts, "nobody"))
        self.charges_card.set(
            format_money(charges.consolidated.total, charges.currency, partner.locale),
            f"Consolidated invoice for {charges.period}, tax included",
        )
