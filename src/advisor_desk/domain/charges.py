"""The charges of a period: active advisors, client licenses, referral and tax."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from .agreement import Agreement, agreement_for_period
from .billing_model import BillingModel, model_for_period
from .licenses import LicenseTier, TierInterval, highest_tier_between
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
    client_charges = [
        charge
        for client in clients
        if (charge := _client_charge(period, agreement, client)) is not None
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
        (c.name, Totals.of(c.charge, agreement.tax_rate, currency))
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


def _client_charge(
    period: Period, agreement: Agreement, client: ClientInput
) -> ClientCharge | None:
    """The client's charge, or None if it did not exist in the period or has no billing model."""
    existed = Interval(client.created, client.archived)
    if not existed.overlaps_period(period):
        return None
    billing_model = _model_in_force(period, client)
    if billing_model is None:
        return None
    currency = agreement.currency
    # The days of the period on which the client existed (not None: checked above).
    days = Interval(period.first_day, period.end).clip(existed.start, existed.end)
    if days is None:
        return None
    member_tiers = {
        member.key: tier
        for member in client.members
        if (tier := highest_tier_between(member.licenses, days.start, days.end)) is not None
    }
    counts = {tier: 0 for tier in LicenseTier}
    for tier in member_tiers.values():
        counts[tier] += 1
    prices = agreement.license_price
    lines = tuple(
        TierLine(
            tier,
            counts[tier],
            prices[tier],
            round_money(multiply(counts[tier], prices[tier]), currency),
        )
        for tier in reversed(LicenseTier)  # highest first, as on the invoices
        if counts[tier] > 0
    )
    charge = money_sum((line.amount for line in lines), currency)
    referral = (
        round_money(multiply(charge, agreement.referral_rate), currency)
        if charge > 0
        else zero(currency)
    )
    return ClientCharge(
        key=client.key,
        name=client.name,
        billing_model=billing_model,
        licenses=counts,
        lines=lines,
        charge=charge,
        referral=referral,
        member_tiers=member_tiers,
    )


def _model_in_force(period: Period, client: ClientInput) -> BillingModel | None:
    model = model_for_period(client.billing_models, period)
    # A client created during the period is billed under its first model, even if that model
    # was recorded as starting from the next period.
    if model is None and client.billing_models and Period.of(client.created) == period:
        return min(client.billing_models, key=lambda entry: entry[0])[1]
    return model
