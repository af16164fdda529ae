"""A client at a glance: licenses now and this period, the charge, billing model and history."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGridLayout, QLabel, QVBoxLayout, QWidget

from advisor_desk.domain.charges import ClientCharge, PeriodCharges
from advisor_desk.domain.periods import Period
from advisor_desk.domain.permissions import Action
from advisor_desk.services.billing.charges import charges_for_period
from advisor_desk.services.billing.partners import PartnerSummary
from advisor_desk.services.clients.teams import ClientSummary, license_mix
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.money import format_money
from advisor_desk.ui.permissions import guard
from advisor_desk.ui.table_model import Column, RowsModel
from advisor_desk.ui.widgets import Card, format_day, muted_label, section_title, table_view

HISTORY_COLUMNS: list[Column[tuple[str, str]]] = [
    Column("From period", lambda entry: entry[0]),
    Column("Billing model", lambda entry: entry[1]),
]


class OverviewTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._client: ClientSummary | None = None
        self._partner: PartnerSummary | None = None
        self._period: Period | None = None
        self._generation = 0
        self.licenses_now = Card("Licenses now")
        self.licenses_period = Card("Billed this period")
        self.charge = Card("Charge this period")
        self.model_card = Card("Billing model")
        guard(context, self.charge, Action.BILLING)  # h13: the partner's charge is billing
        cards = QGridLayout()
        cards.setSpacing(12)
        for column, card in enumerate(
            (self.licenses_now, self.licenses_period, self.charge, self.model_card)
        ):
            cards.addWidget(card, 0, column)
            cards.setColumnStretch(column, 1)
        self.details = QFormLayout()
        self.details.setHorizontalSpacing(24)
        self.details.setVerticalSpacing(6)
        self._values: dict[str, QLabel] = {}
        for label in ("Website", "Employees", "Tags", "Client since", "Archived"):
            value = QLabel("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._values[label] = value
            self.details.addRow(f"{label}:", value)
        self.history_model: RowsModel[tuple[str, str]] = RowsModel(
            HISTORY_COLUMNS, row_id=lambda entry: entry[0], parent=self
        )
        self.history = table_view(self.history_model, "Billing model history")
        self.history.setMaximumHeight(132)
        self.history_note = muted_label(
            "A change of billing model takes effect from the next period; "
            "this period keeps the model it started with."
        )
        left = QVBoxLayout()
        left.addWidget(section_title("Details"))
        left.addLayout(self.details)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(section_title("Billing model history"))
        right.addWidget(self.history)
        right.addWidget(self.history_note)
        right.addStretch(1)
        lower = QGridLayout()
        lower.setHorizontalSpacing(32)
        lower.addLayout(left, 0, 0)
        lower.addLayout(right, 0, 1)
        lower.setColumnStretch(0, 1)
        lower.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(18)
        layout.addLayout(cards)
        layout.addLayout(lower, 1)

    def set_client(self, client: ClientSummary, partner: PartnerSummary, period: Period) -> None:
        self._client, self._partner, self._period = client, partner, period
        total = sum(client.licenses.values())
        self.licenses_now.set(
            f"{total}", client.license_mix if total else "No member has a license"
        )
        current = client.billing_model.label if client.billing_model else "None"
        note = f"Since {self._since(client, period)}"
        upcoming = [entry for entry in client.billing_history if entry[0] > str(period)]
        if upcoming and upcoming[-1][1] != client.billing_model:
            note = f"{upcoming[-1][1].label} from {upcoming[-1][0]}"
        self.model_card.set(current.split(" (")[0], note)
        self._values["Website"].setText(client.domain or "—")
        self._values["Employees"].setText(f"{client.employees:,}" if client.employees else "—")
        self._values["Tags"].setText(", ".join(client.tags) or "—")
        self._values["Client since"].setText(format_day(client.created))
        self._values["Archived"].setText(format_day(client.archived, "No"))
        self.history_model.set_rows(
            [(month, model.label) for month, model in reversed(client.billing_history)]
        )
        self.licenses_period.set("…", f"Counting {period}")
        self.charge.set("…", "Computing the charges…")
        self._load_charges()

    @staticmethod
    def _since(client: ClientSummary, period: Period) -> str:
        """The month the entry in force started (the history is ordered by month)."""
        started = [month for month, _model in client.billing_history if month <= str(period)]
        if started:
            return started[-1]
        return client.billing_history[0][0] if client.billing_history else "—"

    def _load_charges(self) -> None:
        # Charges are computed over the whole partner (thousands of clients): in a worker.
        self._generation += 1
        generation, store, period = self._generation, self._context.store, self._period
        assert period is not None
        self._context.run_in_background(
            lambda _task: charges_for_period(store, period),
            on_done=lambda charges: self._on_charges(generation, charges),
            on_error=lambda error: self._on_charges_failed(generation, error),
        )

    def _on_charges(self, generation: int, charges: PeriodCharges) -> None:
        if generation != self._generation or self._client is None or self._partner is None:
            return
        found: ClientCharge | None = next(
            (c for c in charges.clients if c.key == self._client.id), None
        )
        locale = self._partner.locale
        if found is None:
            self.licenses_period.set("0", f"Not billed in {charges.period}")
            self.charge.set(format_money(Decimal(0), charges.currency, locale), "Nothing to bill")
            return
        billed = sum(found.licenses.values())
        self.licenses_period.set(
            str(billed), f"{license_mix(found.licenses, 'nobody')} in {charges.period}"
        )
        if found.billing_model.value == "reseller":
            note = "Reseller: on your consolidated invoice"
        else:
            referral = format_money(found.referral, charges.currency, locale)
            note = f"Direct: invoiced to the client · your referral {referral}"
        self.charge.set(format_money(found.charge, charges.currency, locale), note)

    def _on_charges_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self.charge.set("—", str(error))
            self.licenses_period.set("—", "")
