"""What the users panel shows, read through the services in one go (on a worker thread).

Plain frozen values only: the GUI thread never holds a session or an ORM object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_percent

from advisor_desk.domain.agreement import Agreement, agreement_for_period
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.money import multiply, round_money
from advisor_desk.domain.periods import Interval, Period
from advisor_desk.services.billing.partners import get_partner
from advisor_desk.services.clients.teams import list_clients
from advisor_desk.services.clock import today
from advisor_desk.services.people.advisors import AdvisorSummary, list_advisors
from advisor_desk.services.people.invitations import list_invitations
from advisor_desk.store.engine import Store
from advisor_desk.ui.money import format_money

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class ClientRef:
    id: str
    name: str
    archived: bool


@dataclass(frozen=True)
class UsersSnapshot:
    advisors: tuple[AdvisorSummary, ...]
    clients: tuple[ClientRef, ...]
    today: dt.date
    locale: str
    agreements: tuple[Agreement, ...]
    invitations: Mapping[str, str] = field(default_factory=dict)  # advisor id -> state

    @property
    def period(self) -> Period:
        return Period.of(self.today)

    @property
    def agreement(self) -> Agreement | None:
        """The agreement in force this period (None before the first one)."""
        try:
            return agreement_for_period(self.agreements, self.period)
        except DomainError:
            return None

    @property
    def active_count(self) -> int:
        return sum(1 for advisor in self.advisors if advisor.active_in(self.period))

    def billing_summary(self) -> str:
        """`5 active advisors this month · $600.00` (the fee only with an agreement)."""
        count = self.active_count
        text = f"{count} active advisor{'' if count == 1 else 's'} this month"
        agreement = self.agreement
        if agreement is None:
            return text
        amount = round_money(multiply(count, agreement.advisor_fee), agreement.currency)
        return f"{text} · {money_text(amount, agreement.currency, self.locale)}"

    def billing_detail(self) -> str:
        agreement = self.agreement
        month = format_date(self.period.first_day, "MMMM yyyy", locale=self.locale)
        if agreement is None:
            return f"Advisors active on any day of {month} are billed; no agreement is set yet."
        fee = money_text(agreement.advisor_fee, agreement.currency, self.locale)
        return f"{fee} for each advisor active on any day of {month}."

    def date_text(self, day: dt.date) -> str:
        return date_text(day, self.locale)


def load_users(store: Store) -> UsersSnapshot:
    partner = get_partner(store)
    advisors = tuple(list_advisors(store))
    clients = tuple(ClientRef(c.id, c.name, c.archived is not None) for c in list_clients(store))
    invitations: dict[str, str] = {}
    for item in list_invitations(store):  # the latest first: each advisor's latest kept
        invitations.setdefault(item.advisor_id, item.state)
    return UsersSnapshot(
        advisors=advisors,
        clients=clients,
        today=today(partner.timezone),
        locale=partner.locale,
        agreements=partner.agreements,
        invitations=invitations,
    )


def money_text(amount: Decimal, currency: str, locale: str | None = None) -> str:
    """One money style everywhere (ui/money.py): "$600.00", "€ 120,00"."""
    return format_money(amount, currency, locale)


def rate_text(rate: Decimal, locale: str) -> str:
    return str(format_percent(rate, format="#,##0.##%", locale=locale))


def date_text(day: dt.date, locale: str) -> str:
    return str(format_date(day, "medium", locale=locale))


def open_span(advisor: AdvisorSummary) -> Interval | None:
    """The activity interval with no end, if the advisor has one (deactivate needs it)."""
    return next((span for span in advisor.activity if span.end is None), None)


def last_end(advisor: AdvisorSummary) -> dt.date | None:
    ends = [span.end for span in advisor.activity if span.end is not None]
    return max(ends) if ends else None


def status_text(advisor: AdvisorSummary, day: dt.date, locale: str) -> str:
    """`Active`, `Active until 31 May 2026`, `Starts 1 Jun 2026`, `Inactive since …`."""
    current = next((span for span in advisor.activity if span.contains(day)), None)
    if current is not None:
        if current.end is None:
            return "Active"
        return f"Active until {date_text(current.end - DAY, locale)}"
    upcoming = [span.start for span in advisor.activity if span.start > day]
    if upcoming:
        return f"Starts {date_text(min(upcoming), locale)}"
    ended = last_end(advisor)
    if ended is None:
        return "Not active"
    return f"Inactive since {date_text(ended, locale)}"


def deactivation_note(start: dt.date, day: dt.date, locale: str) -> str:
    """What deactivating from `day` means for billing (active on one day = billed month)."""
    if day <= start:
        since = date_text(start, locale)
        return f"Their activity from {since} is withdrawn: nothing is billed for it."
    last = day - DAY
    month = format_date(last, "MMMM yyyy", locale=locale)
    return f"Last active day {date_text(last, locale)}; still billed for {month}."
