"""The charges of a period: active advisors, client licenses, referral and tax."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from .agreement import Agreement, agreement_for_period
from .billing_model import BillingModel, model_for_period
from .licenses import TIER_RANK, LicenseTier, TierInterval
from .money import money_sum, multiply, round_money, zero
from .periods import Interval, Period


@dataclass(frozen=True)
class AdvisorInput:
    key: str
    name: str
    active: Sequence[Interval]


class MemberInput(NamedTuple):
    """One per member in a period's billing (a NamedTuple for the same reason as TierInterval)."""

    key: str
    name: str
    licenses: Sequence[TierInterval]


@dataclass(frozen=True)
class ClientInput:
    """A client; for a deleted client pass its deletion date as `archived`. Member keys are
    unique within a client (a member is counted once)."""

    key: str
    name: str
    created: date
    archived: date | None
    billing_models: Sequence[tuple[Period, BillingModel]]
    members: Sequence[MemberInput]


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    tax: Decimal
    total: Decimal

    @classmethod
    def of(cls, subtotal: Decimal, tax_rate: Decimal, currency: str) -> Totals:
        """Tax = round(subtotal × tax_rate); total = subtotal + tax."""
        tax = round_money(multiply(subtotal, tax_rate), currency)
        return cls(subtotal, tax, money_sum((subtotal, tax), currency))


@dataclass(frozen=True)
class AdvisorCharge:
    count: int
    unit: Decimal
    amount: Decimal
    active_keys: tuple[str, ...]


@dataclass(frozen=True)
class TierLine:
    tier: LicenseTier
    count: int
    unit: Decimal
    amount: Decimal


@dataclass(frozen=True)
class ClientCharge:
    """One client's licenses for a period; `lines` are the tiers with a count, highest first."""

    key: str
    name: str
    billing_model: BillingModel
    licenses: Mapping[LicenseTier, int]
    lines: tuple[TierLine, ...]
    charge: Decimal
    referral: Decimal
    member_tiers: Mapping[str, LicenseTier]


@dataclass(frozen=True)
class PeriodCharges:
    """Everything billed for a period; `direct_invoices` pairs a client's name with its totals."""

    period: Period
    currency: str
    agreement: Agreement
    advisors: AdvisorCharge
    clients: tuple[ClientCharge, ...]
    consolidated: Totals
    direct_invoices: tuple[tuple[str, Totals], ...]
    referral_total: Decimal

    @property
    def reseller_clients(self) -> tuple[ClientCharge, ...]:
        return tuple(c for c in self.clients if c.billing_model is BillingModel.RESELLER)

    @property
    def direct_clients(self) -> tuple[ClientCharge, ...]:
        return tuple(c for c in self.clients if c.billing_model is BillingModel.DIRECT)


def compute_charges(
    period: Period,
    agreements: Sequence[Agreement],
    advisors: Sequence[AdvisorInput],
    clients: Sequence[ClientInput],
) -> PeriodCharges:
    agreement = agreement_for_period(agreements, period)
    currency = agreement.currency
    advisor_charge = _advisor_charge(period, agreement, advisors)
    prices = _MixPrices(agreement)
    client_charges = [
        charge
        for client in clients
        if (charge := _client_charge(period, prices, client)) is not None
    ]
    client_charges.sort(key=lambda c: (c.name.casefold(), c.name, c.key))
    reseller_charges = [
        c.charge for c in client_charges if c.billing_model is BillingModel.RESELLER
    ]
    consolidated = Totals.of(
        money_sum([advisor_charge.amount, *reseller_charges], currency),
        agreement.tax_rate,
        currency,
    )
    direct_invoices = tuple(
        (c.name, prices.totals(c.charge))
        for c in client_charges
        if c.billing_model is BillingModel.DIRECT and c.charge > 0
    )
    return PeriodCharges(
        period=period,
        currency=currency,
        agreement=agreement,
        advisors=advisor_charge,
        clients=tuple(client_charges),
        consolidated=consolidated,
        direct_invoices=direct_invoices,
        referral_total=money_sum((c.referral for c in client_charges), currency),
    )


def _advisor_charge(
    period: Period, agreement: Agreement, advisors: Sequence[AdvisorInput]
) -> AdvisorCharge:
    active_keys = tuple(
        advisor.key
        for advisor in advisors
        if any(interval.overlaps_period(period) for interval in advisor.active)
    )
    unit = agreement.advisor_fee
    amount = round_money(multiply(len(active_keys), unit), agreement.currency)
    return AdvisorCharge(len(active_keys), unit, amount, active_keys)


_TIERS = tuple(LicenseTier)
_HIGHEST_FIRST = tuple(reversed(LicenseTier))  # the order of the lines, as on the invoices


class _Priced(NamedTuple):
    licenses: dict[LicenseTier, int]  # a template: each client gets a copy
    lines: tuple[TierLine, ...]
    charge: Decimal
    referral: Decimal


class _MixPrices:
    """What a client with a given number of members per tier pays: its lines, charge and
    referral. A period has thousands of clients but only as many distinct mixes as small
    member counts allow, so each mix is priced once (by the same rules: an exact product
    per tier, rounded half up by `round_money`) and its immutable results are shared."""

    def __init__(self, agreement: Agreement) -> None:
        self.agreement = agreement
        self._mixes: dict[tuple[int, ...], _Priced] = {}
        self._totals: dict[tuple[object, ...], Totals] = {}

    def of(self, counts: tuple[int, ...]) -> _Priced:
        """`counts`: the members per tier, in `LicenseTier` order."""
        priced = self._mixes.get(counts)
        if priced is None:
            priced = self._mixes[counts] = self._price(dict(zip(_TIERS, counts, strict=True)))
        return priced

    def _price(self, counts: Mapping[LicenseTier, int]) -> _Priced:
        agreement = self.agreement
        currency = agreement.currency
        prices = agreement.license_price
        lines = tuple(
            TierLine(
                tier,
                counts[tier],
                prices[tier],
                round_money(multiply(counts[tier], prices[tier]), currency),
            )
            for tier in _HIGHEST_FIRST
            if counts[tier] > 0
        )
        charge = money_sum((line.amount for line in lines), currency)
        referral = (
            round_money(multiply(charge, agreement.referral_rate), currency)
            if charge > 0
            else zero(currency)
        )
        return _Priced(dict(counts), lines, charge, referral)

    def totals(self, subtotal: Decimal) -> Totals:
        """A direct client's invoice totals (one per distinct subtotal, spelling included)."""
        key = subtotal.as_tuple()
        found = self._totals.get(key)
        if found is None:
            agreement = self.agreement
            found = Totals.of(subtotal, agreement.tax_rate, agreement.currency)
            self._totals[key] = found
        return found


def _client_charge(period: Period, prices: _MixPrices, client: ClientInput) -> ClientCharge | None:
    """The client's charge, or None if it did not exist in the period or has no billing model."""
    # The days of the period on which the client existed: [start, end), none if end <= start.
    created, archived = client.created, client.archived
    start = period.first_day
    if created > start:
        start = created
    end = period.end
    if archived is not None and archived < end:
        end = archived
    if end <= start:
        return None
    billing_model = _model_in_force(period, client)
    if billing_model is None:
        return None
    member_tiers, mix = _member_tiers(client.members, start, end)
    priced = prices.of(mix)
    return ClientCharge(
        key=client.key,
        name=client.name,
        billing_model=billing_model,
        licenses=priced.licenses.copy(),
        lines=priced.lines,
        charge=priced.charge,
        referral=priced.referral,
        member_tiers=member_tiers,
    )


def _member_tiers(
    members: Sequence[MemberInput], start: date, end: date
) -> tuple[dict[str, LicenseTier], tuple[int, ...]]:
    """Each member's highest tier held on a day of `[start, end)` (those holding none are
    left out), and how many members hold each tier, in `LicenseTier` order.

    `highest_tier_between`'s rule, written out here because it runs once per member of every
    client (tests/domain/test_charges_bulk.py checks the two agree). Ranks are looked up only
    when a member held two tiers in the days (hashing an enum member is a Python call)."""
    member_tiers: dict[str, LicenseTier] = {}
    rank_of = TIER_RANK
    for key, _name, licenses in members:
        best: LicenseTier | None = None
        for tier, since, until in licenses:
            if (
                since < end
                and (until is None or until > start)
                and (best is None or (tier is not best and rank_of[tier] > rank_of[best]))
            ):
                best = tier
        if best is not None:
            member_tiers[key] = best
    held = list(member_tiers.values())
    return member_tiers, tuple(map(held.count, _TIERS))


def _model_in_force(period: Period, client: ClientInput) -> BillingModel | None:
    model = model_for_period(client.billing_models, period)
    # A client created during the period is billed under its first model, even if that model
    # was recorded as starting from the next period.
    if model is None and client.billing_models and Period.of(client.created) == period:
        return min(client.billing_models, key=lambda entry: entry[0])[1]
    return model
