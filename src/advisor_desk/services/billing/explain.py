"""How a billing figure was computed: which advisors and members, which days, which tier.

Read-only. Every figure is recomputed by the domain's own rules (`compute_charges`) from the
same rows billing reads, so an explanation can never disagree with the charge it explains;
this module only gathers the inputs with their names and days and words the steps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from advisor_desk.domain.agreement import Agreement
from advisor_desk.domain.billing_model import BillingModel, model_for_period
from advisor_desk.domain.charges import (
    AdvisorInput,
    ClientCharge,
    ClientInput,
    MemberInput,
    PeriodCharges,
    compute_charges,
)
from advisor_desk.domain.licenses import LicenseTier, TierInterval
from advisor_desk.domain.money import format_money, money_sum
from advisor_desk.domain.periods import Interval, Period
from advisor_desk.services.billing.charges import load_agreements
from advisor_desk.services.errors import NotFoundError, ServiceError
from advisor_desk.services.ops import run_query
from advisor_desk.store.engine import Store
from advisor_desk.store.models import (
    Advisor,
    AdvisorActivity,
    Client,
    ClientBillingModel,
    Member,
    MemberLicense,
    Partner,
)


@dataclass(frozen=True)
class Explanation:
    """A figure, the steps that give it, and the rows (people, clients) it was computed from."""

    title: str
    figure: str  # e.g. "240.00 AUD"
    steps: tuple[str, ...]
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def explain_advisors(store: Store, period: Period) -> Explanation:
    """Every advisor, the days of `period` each was active, and the advisor fee line."""
    agreements, people = run_query(store, _advisor_rows, period)
    spans: dict[str, list[Interval]] = {}
    who: dict[str, tuple[str, str]] = {}
    for key, name, email, start, end in people:
        who[key] = (name, email)
        spans.setdefault(key, []).append(Interval(start, end))
    inputs = [AdvisorInput(key, who[key][0], tuple(s)) for key, s in spans.items()]
    charges = compute_charges(period, agreements, inputs, [])
    advisors, cur = charges.advisors, charges.currency
    active = set(advisors.active_keys)
    rows = []
    for key, (name, email) in who.items():
        days = [d for s in spans[key] if (d := _in_period(s, period)) is not None]
        rows.append(
            (
                name,
                email,
                "; ".join(_days(d) for d in days) or _outside(spans[key], period),
                "Billed" if key in active else "Not billed",
            )
        )
    return Explanation(
        title=f"Active advisors in {_month(period)}",
        figure=f"{format_money(advisors.amount, cur)} {cur}",
        steps=(
            "An advisor is billed for the month if active on at least one day of it.",
            f"{advisors.count} active × {format_money(advisors.unit, cur)} advisor fee "
            f"= {format_money(advisors.amount, cur)}",
        ),
        headers=("Advisor", "Email", f"Active in {_month(period)}", "Billed"),
        rows=tuple(rows),
    )


def _advisor_rows(
    session: Session, partner: Partner, period: Period
) -> tuple[list[Agreement], Sequence[Row[str, str, str, dt.date, dt.date | None]]]:
    """The query behind `explain_advisors`."""
    agreements = _agreements(session, partner.id)
    people = session.execute(
        select(Advisor.id, Advisor.name, Advisor.email, AdvisorActivity.start, AdvisorActivity.end)
        .join(AdvisorActivity, AdvisorActivity.advisor_id == Advisor.id)
        .where(
            Advisor.partner_id == partner.id,
            Advisor.deleted.is_(False),
            AdvisorActivity.deleted.is_(False),
        )
        .order_by(Advisor.name, Advisor.id, AdvisorActivity.start)
    ).all()
    return agreements, people


def explain_client(
    store: Store, period: Period, client_id: str, *, tier: LicenseTier | None = None
) -> Explanation:
    """One client's members, the tiers each held on which days of `period`, the tier billed
    (the highest), the client's lines, charge and referral. `tier` keeps the members billed
    at that tier."""
    agreements, client = run_query(store, _client_rows, client_id)
    names = {m.key: m.name for m in client.members}
    charges = compute_charges(period, agreements, [], [client])
    charge = charges.clients[0] if charges.clients else None
    if charge is None:
        return Explanation(
            title=f"{client.name} in {_month(period)}",
            figure="not billed",
            steps=(_why_not_billed(client, period),),
            headers=(),
            rows=(),
        )
    rows = []
    for member in sorted(client.members, key=lambda m: m.name.casefold()):
        billed = charge.member_tiers.get(member.key)
        if billed is None or (tier is not None and billed is not tier):
            continue
        held = [
            f"{t.tier.label} {_days(d)}"
            for t in sorted(member.licenses, key=lambda t: t.start)
            if (d := _in_period(Interval(t.start, t.end), period)) is not None
        ]
        rows.append((names[member.key], "; ".join(held), billed.label))
    return Explanation(
        title=f"{client.name} in {_month(period)}" + (f": {tier.label}" if tier else ""),
        figure=f"{format_money(charge.charge, charges.currency)} {charges.currency}",
        steps=_client_steps(client, charge, charges),
        headers=("Member", "Tiers held in the month", "Billed at"),
        rows=tuple(rows),
    )


def _client_rows(
    session: Session, partner: Partner, client_id: str
) -> tuple[list[Agreement], ClientInput]:
    """The query behind `explain_client`."""
    agreements = _agreements(session, partner.id)
    client = _client_input(session, client_id)
    return agreements, client


def explain_licenses(charges: PeriodCharges, model: BillingModel) -> Explanation:
    """The license charges of every client under `model`, added up."""
    cur = charges.currency
    clients = [c for c in charges.clients if c.billing_model is model]
    total = money_sum((c.charge for c in clients), cur)
    rows = tuple((c.name, _mix(c), format_money(c.charge, cur)) for c in clients if c.charge)
    who = "the partner pays" if model is BillingModel.RESELLER else "each client pays"
    return Explanation(
        title=f"{model.label} license charges in {_month(charges.period)}",
        figure=f"{format_money(total, cur)} {cur}",
        steps=(
            "Each member counts once, at the highest tier held on any day of the month.",
            "A client's charge is the sum over tiers of count × price "
            f"({_prices(charges)}); {who}.",
            f"Clients with a charge: {len(rows)}; total {format_money(total, cur)}",
        ),
        headers=("Client", "Licenses billed", "Charge"),
        rows=rows,
    )


def explain_direct_invoices(charges: PeriodCharges) -> Explanation:
    cur, rate = charges.currency, charges.agreement.tax_rate
    rows = tuple(
        (name, format_money(t.subtotal, cur), format_money(t.tax, cur), format_money(t.total, cur))
        for name, t in charges.direct_invoices
    )
    total = money_sum((t.subtotal for _, t in charges.direct_invoices), cur)
    return Explanation(
        title=f"Direct client invoices for {_month(charges.period)}",
        figure=f"{format_money(total, cur)} {cur} before tax",
        steps=(
            "Direct clients are invoiced by the platform themselves; the partner does not pay.",
            f"Each invoice's tax = round(subtotal × {_rate(rate)});"
            " a client owing 0 gets no invoice.",
        ),
        headers=("Client", "Subtotal", "Tax", "Total"),
        rows=rows,
    )


def explain_referral(charges: PeriodCharges) -> Explanation:
    cur, rate = charges.currency, charges.agreement.referral_rate
    rows = tuple(
        (
            c.name,
            c.billing_model.label,
            format_money(c.charge, cur),
            f"{format_money(c.charge, cur)} × {_rate(rate)} = {format_money(c.referral, cur)}",
        )
        for c in charges.clients
        if c.charge > 0
    )
    return Explanation(
        title=f"Referral income for {_month(charges.period)}",
        figure=f"{format_money(charges.referral_total, cur)} {cur}",
        steps=(
            f"Every client with a license charge earns the partner round(charge × {_rate(rate)}), "
            "rounded half up to the cent, under either billing model.",
            "It is paid out on the referral statement, never netted into an invoice.",
            f"Clients with a charge: {len(rows)}; "
            f"total {format_money(charges.referral_total, cur)}",
        ),
        headers=("Client", "Billing model", "Charge", "Referral"),
        rows=rows,
    )


def explain_partner_pays(charges: PeriodCharges) -> Explanation:
    """The consolidated invoice: active advisors plus every reseller client's licenses."""
    cur, totals = charges.currency, charges.consolidated
    advisors = charges.advisors
    rows = [
        (
            "Active advisors",
            f"{advisors.count} × {format_money(advisors.unit, cur)}",
            format_money(advisors.amount, cur),
        )
    ]
    rows += [(c.name, _mix(c), format_money(c.charge, cur)) for c in charges.reseller_clients]
    return Explanation(
        title=f"What the partner pays for {_month(charges.period)}",
        figure=f"{format_money(totals.total, cur)} {cur}",
        steps=(
            "The consolidated invoice: active advisors, then each reseller client's licenses.",
            f"Subtotal {format_money(totals.subtotal, cur)}; tax = round(subtotal × "
            f"{_rate(charges.agreement.tax_rate)}) = {format_money(totals.tax, cur)}; "
            f"total {format_money(totals.total, cur)}.",
        ),
        headers=("Line", "Quantity", "Amount"),
        rows=tuple(rows),
    )


def _agreements(session: Session, partner_id: str) -> list[Agreement]:
    agreements = load_agreements(session, partner_id)
    if not agreements:
        raise ServiceError("the partner has no agreement yet: set its prices first")
    return agreements


def _client_input(session: Session, client_id: str) -> ClientInput:
    client = session.get(Client, client_id)
    if client is None:
        raise NotFoundError(f"no client with id {client_id}")
    models = session.execute(
        select(ClientBillingModel.effective_from, ClientBillingModel.model).where(
            ClientBillingModel.client_id == client_id, ClientBillingModel.deleted.is_(False)
        )
    ).all()
    rows = session.execute(
        select(Member.id, Member.name, Member.email, MemberLicense.tier)
        .add_columns(MemberLicense.start, MemberLicense.end)
        .join(MemberLicense, MemberLicense.member_id == Member.id)
        .where(
            Member.client_id == client_id,
            Member.deleted.is_(False),
            MemberLicense.deleted.is_(False),
        )
    ).all()
    names: dict[str, str] = {}
    spans: dict[str, list[TierInterval]] = {}
    for member_id, name, email, tier, start, end in rows:
        names[member_id] = f"{name} <{email}>" if email else name
        spans.setdefault(member_id, []).append(TierInterval(LicenseTier(tier), start, end))
    return ClientInput(
        key=client.id,
        name=client.name,
        created=client.created,
        archived=client.archived,
        billing_models=tuple((Period.parse(m), BillingModel(v)) for m, v in models),
        members=tuple(MemberInput(k, names[k], tuple(s)) for k, s in spans.items()),
    )


def _client_steps(
    client: ClientInput, charge: ClientCharge, charges: PeriodCharges
) -> tuple[str, ...]:
    cur, period = charges.currency, charges.period
    in_force = model_for_period(client.billing_models, period)
    model_note = (
        f"Billing model on {_day(period.first_day)}: {charge.billing_model.label}"
        if in_force is not None
        else f"Created during the month: billed as {charge.billing_model.label}"
    )
    steps = [model_note + " (a change made during a month applies from the next one)."]
    existed = Interval(client.created, client.archived).clip(period.first_day, period.end)
    if existed is not None and (existed.start, existed.end) != (period.first_day, period.end):
        steps.append(f"The client existed {_days(existed)}: only those days count.")
    steps.append("Each member counts once, at the highest tier held on any day of the month.")
    steps += [
        f"{line.tier.label}: {line.count} × {format_money(line.unit, cur)} "
        f"= {format_money(line.amount, cur)}"
        for line in charge.lines
    ]
    steps.append(f"Charge: {format_money(charge.charge, cur)}")
    if charge.charge > 0:
        steps.append(
            f"Referral: round({format_money(charge.charge, cur)} × "
            f"{_rate(charges.agreement.referral_rate)}) = {format_money(charge.referral, cur)}"
        )
    return tuple(steps)


def _why_not_billed(client: ClientInput, period: Period) -> str:
    if not Interval(client.created, client.archived).overlaps_period(period):
        return f"{client.name} did not exist in {_month(period)}."
    return f"{client.name} had no billing model in force in {_month(period)}."


def _outside(spans: Iterable[Interval], period: Period) -> str:
    later = [s.start for s in spans if s.start >= period.end]
    if later:
        return f"Not active (from {_day(min(later))})"
    return "Not active"


def _in_period(span: Interval, period: Period) -> Interval | None:
    return span.clip(period.first_day, period.end)


def _days(span: Interval) -> str:
    """`[start, end)` as inclusive days: "1–2 Nov 2026 (2 days)"."""
    assert span.end is not None  # clipped to a period
    last = span.end - dt.timedelta(days=1)
    count = (span.end - span.start).days
    plural = "day" if count == 1 else "days"
    if span.start == last:
        return f"{_day(last)} (1 day)"
    return f"{span.start.day}–{_day(last)} ({count} {plural})"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _month(period: Period) -> str:
    return f"{period.first_day:%B %Y}"


def _mix(charge: ClientCharge) -> str:
    return ", ".join(f"{line.count} {line.tier.label}" for line in charge.lines) or "none"


def _prices(charges: PeriodCharges) -> str:
    cur = charges.currency
    prices = charges.agreement.license_price
    return ", ".join(
        f"{tier.label} {format_money(prices[tier], cur)}" for tier in reversed(LicenseTier)
    )


def _rate(rate: Decimal) -> str:
    """0.200000 → "20%"."""
    return f"{(rate * 100).normalize():f}%"
