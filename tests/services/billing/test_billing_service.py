"""Billing through the store and services: the worked example and tricky edges."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.charges import charges_for_period
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.partner import NoPartnerError
from advisor_desk.services.people import advisors, members
from advisor_desk.store.engine import Store
from tests.helpers.worked_example import build_worked_example

NOV = Period(2026, 11)


def test_worked_example_to_the_cent(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    build_worked_example(store, monkeypatch)
    charges = charges_for_period(store, NOV)
    assert (charges.advisors.count, charges.advisors.amount) == (2, Decimal("240.00"))
    acme, birch = charges.clients
    assert (acme.name, acme.charge, acme.referral) == ("Acme", Decimal("316.00"), Decimal("63.20"))
    assert acme.licenses[LicenseTier.RISK_COMPLIANCE] == 4
    assert acme.licenses[LicenseTier.FREE] == 4
    assert (birch.charge, birch.referral) == (Decimal("70.00"), Decimal("14.00"))
    assert charges.consolidated.subtotal == Decimal("556.00")
    assert charges.consolidated.tax == Decimal("55.60")
    assert charges.consolidated.total == Decimal("611.60")
    assert [(n, t.total) for n, t in charges.direct_invoices] == [("Birch", Decimal("77.00"))]
    assert charges.referral_total == Decimal("77.20")


def test_the_month_before_the_change_bills_the_lower_tier(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_worked_example(store, monkeypatch)
    october = charges_for_period(store, Period(2026, 10))
    acme = october.clients[0]
    assert acme.licenses[LicenseTier.JUST_RISK] == 1
    assert acme.charge == Decimal("3") * Decimal("79.00") + Decimal("35.00")
    assert october.advisors.count == 2  # Ben was still active in October


def test_december_counts_the_new_advisor_and_not_the_one_who_left(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_worked_example(store, monkeypatch)
    december = charges_for_period(store, Period(2026, 12))
    assert december.advisors.count == 2  # Ana and Cy


def test_billing_model_change_applies_from_the_next_period(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = build_worked_example(store, monkeypatch)
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-11-15")
    effective = clients.change_billing_model(store, ids["birch"], BillingModel.RESELLER)
    assert effective == Period(2026, 12)
    nov = charges_for_period(store, NOV)
    dec = charges_for_period(store, Period(2026, 12))
    assert [c.billing_model for c in nov.clients] == [BillingModel.RESELLER, BillingModel.DIRECT]
    assert [c.billing_model for c in dec.clients] == [BillingModel.RESELLER] * 2
    assert dec.direct_invoices == ()


def test_an_archived_client_counts_only_the_days_it_existed(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = build_worked_example(store, monkeypatch)
    clients.archive_client(store, ids["birch"], on=dt.date(2026, 11, 1))
    assert [c.name for c in charges_for_period(store, NOV).clients] == ["Acme"]
    assert [c.name for c in charges_for_period(store, Period(2026, 10)).clients] == [
        "Acme",
        "Birch",
    ]


def test_a_member_who_left_mid_month_still_counts_that_month(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = build_worked_example(store, monkeypatch)
    birch_members = members.list_members(store, ids["birch"])
    members.remove_member(store, birch_members[0].id, on=dt.date(2026, 11, 30))
    assert charges_for_period(store, NOV).clients[1].licenses[LicenseTier.JUST_RISK] == 2
    assert (
        charges_for_period(store, Period(2026, 12)).clients[1].licenses[LicenseTier.JUST_RISK] == 1
    )


def test_advisor_reactivated_is_billed_again(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = build_worked_example(store, monkeypatch)
    advisors.reactivate_advisor(store, ids["ben"], on=dt.date(2027, 1, 31))
    assert charges_for_period(store, Period(2027, 1)).advisors.count == 3
    assert charges_for_period(store, Period(2026, 12)).advisors.count == 2


def test_billing_an_empty_store_says_what_to_do(store: Store) -> None:
    with pytest.raises(NoPartnerError, match="advisor-desk demo"):
        charges_for_period(store, NOV)
