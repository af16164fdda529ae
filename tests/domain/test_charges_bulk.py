"""`compute_charges` over many clients: each tier mix is priced once and shared, and each
member's tier is found by `highest_tier_between`'s rule written out in the loop. Both must
give, client by client, exactly what the plain rules give."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from advisor_desk.domain.agreement import Agreement
from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.charges import (
    ClientInput,
    MemberInput,
    Totals,
    _member_tiers,
    compute_charges,
)
from advisor_desk.domain.licenses import LicenseTier, TierInterval, highest_tier_between
from advisor_desk.domain.money import money_sum, multiply, round_money, zero
from advisor_desk.domain.periods import Period

NOV = Period(2026, 11)
TIERS = list(LicenseTier)


def _intervals(rng: random.Random) -> tuple[TierInterval, ...]:
    held = []
    day = date(2026, 9, 1) + timedelta(days=rng.randrange(90))
    for _ in range(rng.randrange(1, 4)):
        end = None if rng.random() < 0.3 else day + timedelta(days=rng.randrange(1, 40))
        held.append(TierInterval(rng.choice(TIERS), day, end))
        if end is None:
            break
        day = end
    return tuple(held)


def _clients(rng: random.Random, count: int) -> list[ClientInput]:
    clients = []
    for n in range(count):
        created = date(2026, 10, 1) + timedelta(days=rng.randrange(70))
        archived = None if rng.random() < 0.8 else created + timedelta(days=rng.randrange(1, 60))
        model = rng.choice(list(BillingModel))
        members = tuple(
            MemberInput(f"m{n}-{i}", f"Member {i}", _intervals(rng))
            for i in range(rng.randrange(0, 12))
        )
        clients.append(
            ClientInput(f"c{n}", f"Client {n:04d}", created, archived, ((NOV, model),), members)
        )
    return clients


def test_member_tiers_agree_with_highest_tier_between() -> None:
    rng = random.Random(15)
    for _ in range(300):
        members = [MemberInput(f"m{i}", "", _intervals(rng)) for i in range(rng.randrange(8))]
        start = date(2026, 10, 1) + timedelta(days=rng.randrange(60))
        end = start + timedelta(days=rng.randrange(1, 40))
        expected = {
            m.key: tier
            for m in members
            if (tier := highest_tier_between(m.licenses, start, end)) is not None
        }
        tiers, counts = _member_tiers(members, start, end)
        assert tiers == expected
        assert counts == tuple(list(expected.values()).count(t) for t in TIERS)


@pytest.mark.parametrize(
    ("currency", "prices", "referral", "tax"),
    [
        ("AUD", ("0.00", "35.00", "79.00"), "0.20", "0.10"),
        ("BHD", ("0.000", "3.333", "7.777"), "0.175", "0.105"),  # three decimals
        ("JPY", ("0", "333", "999"), "0.125", "0.1"),  # none: halves round up
    ],
)
def test_every_client_is_charged_exactly_what_the_plain_rules_give(
    currency: str, prices: tuple[str, str, str], referral: str, tax: str
) -> None:
    agreement = Agreement.create(
        currency=currency,
        advisor_fee=prices[1],
        license_price=dict(zip(("free", "just_risk", "risk_compliance"), prices, strict=True)),
        referral_rate=referral,
        tax_rate=tax,
        effective_from="2026-01",
    )
    clients = _clients(random.Random(currency), 400)

    charges = compute_charges(NOV, [agreement], [], clients)

    inputs = {c.key: c for c in clients}
    assert charges.clients
    for charge in charges.clients:
        client = inputs[charge.key]
        start = max(NOV.first_day, client.created)
        end = NOV.end if client.archived is None else min(NOV.end, client.archived)
        tiers = {
            m.key: t
            for m in client.members
            if (t := highest_tier_between(m.licenses, start, end)) is not None
        }
        counts = {t: list(tiers.values()).count(t) for t in TIERS}
        amounts = {
            t: round_money(multiply(counts[t], agreement.license_price[t]), currency) for t in TIERS
        }
        expected = money_sum((amounts[t] for t in TIERS if counts[t]), currency)
        assert charge.member_tiers == tiers
        assert charge.licenses == counts
        assert [(ln.tier, ln.count, ln.unit, ln.amount) for ln in charge.lines] == [
            (t, counts[t], agreement.license_price[t], amounts[t])
            for t in reversed(TIERS)
            if counts[t]
        ]
        assert str(charge.charge) == str(expected)  # the same spelling, not just equal
        assert str(charge.referral) == str(
            round_money(multiply(expected, agreement.referral_rate), currency)
            if expected > 0
            else zero(currency)
        )
    direct = {c.name: c.charge for c in charges.direct_clients if c.charge > 0}
    assert [name for name, _ in charges.direct_invoices] == list(direct)
    for name, totals in charges.direct_invoices:
        assert totals == Totals.of(direct[name], agreement.tax_rate, currency)
        assert str(totals.total) == str(Totals.of(direct[name], agreement.tax_rate, currency).total)


def test_clients_with_the_same_mix_do_not_share_what_can_change() -> None:
    member = MemberInput("m", "M", (TierInterval(LicenseTier.JUST_RISK, date(2026, 1, 1), None),))
    twins = [
        ClientInput(key, key, date(2026, 1, 1), None, ((NOV, BillingModel.DIRECT),), (member,))
        for key in ("a", "b")
    ]
    agreement = Agreement.create(
        currency="AUD",
        advisor_fee="1.00",
        license_price={"free": "0", "just_risk": "35.00", "risk_compliance": "79.00"},
        referral_rate="0.20",
        tax_rate="0.10",
        effective_from="2026-01",
    )
    first, second = compute_charges(NOV, [agreement], [], twins).clients

    assert first.licenses == second.licenses
    assert first.licenses is not second.licenses
    assert first.member_tiers is not second.member_tiers
    assert first.charge == second.charge == Decimal("35.00")
