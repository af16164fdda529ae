"""The partner's own content, charged to its clients (billing-rules.md, rules 6–8).

A partner library item may carry a price and a charging mode. Its price has a history: each
change names the month it applies from, like the agreement. Each client's grants of an item
are intervals `[start, end)`: granting opens one, removing closes it, granting again opens
another, so the history is kept.

- `monthly`: charged for P to every client the item was granted to on at least one day of P
  (a day on which the client existed), at the price in force on P's first day.
- `once`: charged in the period of the client's **first** grant only, at the price in force on
  that period's first day; a later grant after a removal charges nothing.
- Open-library items are never charged.

Content charges go on the partner's invoice to the client only (see `partner_invoice` in
documents.py): they never reach a platform document and earn no referral.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from .errors import DomainError, parse_choice
from .money import money_sum, parse_money, round_money, zero
from .periods import Interval, Period, check_intervals


class ChargingMode(StrEnum):
    MONTHLY = "monthly"
    ONCE = "once"

    @property
    def label(self) -> str:
        return "monthly" if self is ChargingMode.MONTHLY else "one-off"

    @classmethod
    def parse(cls, s: object, field: str = "charging") -> ChargingMode:
        return parse_choice(cls, s, field)


DEFAULT_CHARGING = ChargingMode.MONTHLY
OPEN_LIBRARY = "open"


@dataclass(frozen=True)
class PriceChange:
    """From `effective_from` on, the item costs `price` (None: no longer charged)."""

    effective_from: Period
    price: Decimal | None


def price_in_force(
    current: Decimal | None, history: Sequence[PriceChange], period: Period
) -> Decimal | None:
    """The price on `period`'s first day: the change with the greatest month <= period.

    An item without a recorded history costs `current` in every period (items priced before
    price history was kept). With a history, a period before its first change has no price.
    Of two changes for one month the later one in `history` wins (it was recorded last).
    """
    if not history:
        return current
    in_force: PriceChange | None = None
    for change in history:
        if change.effective_from <= period and (
            in_force is None or change.effective_from >= in_force.effective_from
        ):
            in_force = change
    return None if in_force is None else in_force.price


@dataclass(frozen=True)
class ContentInput:
    """A library item as billing sees it."""

    key: str
    title: str
    library: str  # "open" or "partner"
    charging: ChargingMode
    price: Decimal | None  # the item's current (list) price
    history: Sequence[PriceChange] = ()

    def price_for(self, period: Period) -> Decimal | None:
        return price_in_force(self.price, self.history, period)

    @property
    def chargeable(self) -> bool:
        return self.library != OPEN_LIBRARY


@dataclass(frozen=True)
class GrantInput:
    """The item `item_key` was granted to the client `client_key` on the days `[start, end)`."""

    client_key: str
    item_key: str
    start: date
    end: date | None

    @property
    def interval(self) -> Interval:
        return Interval(self.start, self.end)


@dataclass(frozen=True)
class ClientExistence:
    """A client's name and the days it existed: `[created, archived)` (deleted: its date)."""

    key: str
    name: str
    created: date
    archived: date | None = None

    @property
    def interval(self) -> Interval:
        return Interval(self.created, self.archived)


@dataclass(frozen=True)
class ContentLine:
    """One content charge on a client's partner invoice: quantity 1, `amount` = the price."""

    client_key: str
    item_key: str
    title: str
    charging: ChargingMode
    unit_price: Decimal
    amount: Decimal

    @property
    def description(self) -> str:
        return f"{self.title} — {self.charging.value}"

    @property
    def quantity(self) -> Decimal:
        return Decimal(1)


@dataclass(frozen=True)
class ContentCharges:
    """The content charges of one period, per client key (clients without one are absent)."""

    period: Period
    currency: str
    by_client: Mapping[str, tuple[ContentLine, ...]] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)  # client key -> name

    def lines_for(self, client_key: str) -> tuple[ContentLine, ...]:
        return self.by_client.get(client_key, ())

    def total_for(self, client_key: str) -> Decimal:
        return money_sum((line.amount for line in self.lines_for(client_key)), self.currency)

    @property
    def total(self) -> Decimal:
        return money_sum(
            (line.amount for lines in self.by_client.values() for line in lines), self.currency
        )


def _granted_days(grants: Iterable[GrantInput], existed: Interval) -> list[Interval]:
    """The grants' days on which the client existed, sorted by start (empty days left out)."""
    days = []
    for grant in grants:
        if grant.end is not None and grant.end <= grant.start:
            continue  # granted and taken back the same day: never held
        clipped = grant.interval.clip(existed.start, existed.end)
        if clipped is not None:
            days.append(clipped)
    days.sort(key=lambda interval: interval.start)
    return days


def charge_for(
    item: ContentInput,
    grants: Sequence[GrantInput],
    existed: Interval,
    period: Period,
) -> Decimal | None:
    """What one client owes for one item in `period` (before rounding: the price), or None.

    `grants` are that client's grants of that item; `existed` the days the client existed.
    """
    if not item.chargeable:
        return None
    days = _granted_days(grants, existed)
    if not days:
        return None
    if item.charging is ChargingMode.MONTHLY:
        if not any(interval.overlaps_period(period) for interval in days):
            return None
        return item.price_for(period)
    if Period.of(days[0].start) != period:  # once: the period of the first grant only
        return None
    return item.price_for(period)


def content_charges(
    period: Period,
    currency: str,
    items: Sequence[ContentInput],
    grants: Sequence[GrantInput],
    clients: Sequence[ClientExistence],
) -> ContentCharges:
    """Every client's content lines for `period`, items by title (then key) within a client.

    A grant of an item or to a client not in `items` / `clients` is ignored; a price of 0 or
    none in force charges nothing (no line).
    """
    by_item = {item.key: item for item in items}
    existence = {client.key: client for client in clients}
    grouped: dict[tuple[str, str], list[GrantInput]] = {}
    for grant in grants:
        if grant.item_key in by_item and grant.client_key in existence:
            grouped.setdefault((grant.client_key, grant.item_key), []).append(grant)
    lines: dict[str, list[ContentLine]] = {}
    for (client_key, item_key), held in grouped.items():
        item = by_item[item_key]
        price = charge_for(item, held, existence[client_key].interval, period)
        if price is None or price <= 0:
            continue
        unit = parse_money(price, currency, f"content[{item.title}].price")
        amount = round_money(unit, currency)
        lines.setdefault(client_key, []).append(
            ContentLine(client_key, item_key, item.title, item.charging, unit, amount)
        )
    return ContentCharges(
        period,
        currency,
        {key: tuple(sorted(found, key=_line_order)) for key, found in lines.items()},
        {key: existence[key].name for key in lines},
    )


def _line_order(line: ContentLine) -> tuple[str, str, str]:
    return (line.title.casefold(), line.title, line.item_key)


def earnings_by_period(
    item: ContentInput,
    grants: Sequence[GrantInput],
    clients: Sequence[ClientExistence],
    periods: Sequence[Period],
    currency: str,
) -> list[tuple[Period, tuple[str, ...], Decimal]]:
    """For an item's detail: per period, the names of the clients who pay for it and the sum."""
    out = []
    for period in periods:
        charges = content_charges(period, currency, [item], grants, clients)
        payers = sorted(charges.names.values(), key=lambda name: (name.casefold(), name))
        out.append((period, tuple(payers), charges.total if payers else zero(currency)))
    return out


def check_grants(grants: Sequence[GrantInput]) -> list[tuple[int, str]]:
    """Problems of one client's grants of one item, as (index, message): sorted, no overlaps,
    only the last one open (the rules of every history of intervals)."""
    return check_intervals([grant.interval for grant in grants])


def check_price_history(history: Sequence[PriceChange], currency: str) -> None:
    """Each price a valid amount in `currency`; DomainError names the change."""
    for index, change in enumerate(history):
        if change.price is not None:
            parse_money(change.price, currency, f"prices[{index}]")
    months = [change.effective_from for change in history]
    if months != sorted(months):
        raise DomainError("prices", "price changes must be in month order")
