"""The worked example of billing-rules.md, number for number."""

from decimal import Decimal

import pytest

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.charges import PeriodCharges, Totals, compute_charges
from advisor_desk.domain.documents import (
    DocumentKind,
    client_invoices,
    consolidated_invoice,
    referral_statement,
)
from advisor_desk.domain.money import format_money

from .example_data import ADVISORS, AGREEMENT, CLIENTS, FREE, JR, NOV, RC

D = Decimal


@pytest.fixture
def charges() -> PeriodCharges:
    return compute_charges(NOV, [AGREEMENT], ADVISORS, CLIENTS)


def test_active_advisors(charges: PeriodCharges) -> None:
    assert charges.advisors.count == 2
    assert charges.advisors.active_keys == ("a", "b")
    assert charges.advisors.unit == D("120.00")
    assert format_money(charges.advisors.amount, "AUD") == "240.00"


def test_clients_sorted_by_name(charges: PeriodCharges) -> None:
    assert [c.name for c in charges.clients] == ["Acme", "Birch"]
    assert [c.name for c in charges.reseller_clients] == ["Acme"]
    assert [c.name for c in charges.direct_clients] == ["Birch"]


def test_acme(charges: PeriodCharges) -> None:
    acme = charges.clients[0]
    assert acme.billing_model is BillingModel.RESELLER
    assert acme.licenses == {FREE: 4, JR: 0, RC: 4}
    assert acme.member_tiers["mover"] is RC
    assert [(line.tier, line.count, line.unit, line.amount) for line in acme.lines] == [
        (RC, 4, D("79.00"), D("316.00")),
        (FREE, 4, D("0.00"), D("0.00")),
    ]
    assert format_money(acme.charge, "AUD") == "316.00"
    assert format_money(acme.referral, "AUD") == "63.20"


def test_birch(charges: PeriodCharges) -> None:
    birch = charges.clients[1]
    assert birch.billing_model is BillingModel.DIRECT
    assert birch.licenses == {FREE: 0, JR: 2, RC: 0}
    assert format_money(birch.charge, "AUD") == "70.00"
    assert format_money(birch.referral, "AUD") == "14.00"


def test_totals(charges: PeriodCharges) -> None:
    assert charges.consolidated == Totals(D("556.00"), D("55.60"), D("611.60"))
    assert charges.direct_invoices == (("Birch", Totals(D("70.00"), D("7.00"), D("77.00"))),)
    assert format_money(charges.referral_total, "AUD") == "77.20"


def test_consolidated_invoice(charges: PeriodCharges) -> None:
    invoice = consolidated_invoice(charges, "Harbour Risk Advisory")
    assert invoice.kind is DocumentKind.CONSOLIDATED_INVOICE
    assert invoice.recipient == "Harbour Risk Advisory"
    assert [(line.description, line.quantity, line.amount) for line in invoice.lines] == [
        ("Active advisors", D(2), D("240.00")),
        ("Acme — Risk & Compliance", D(4), D("316.00")),
        ("Acme — Free", D(4), D("0.00")),
    ]
    assert invoice.group_subtotals() == [("Acme", D("316.00"))]
    assert (invoice.subtotal, invoice.tax, invoice.total) == (D("556.00"), D("55.60"), D("611.60"))


def test_client_invoice_to_birch(charges: PeriodCharges) -> None:
    (invoice,) = client_invoices(charges)
    assert (invoice.kind, invoice.recipient, invoice.client_key) == (
        DocumentKind.CLIENT_INVOICE,
        "Birch",
        "birch",
    )
    assert [
        (line.description, line.quantity, line.unit_price, line.amount) for line in invoice.lines
    ] == [("Just Risk licenses", D(2), D("35.00"), D("70.00"))]
    assert (invoice.subtotal, invoice.tax, invoice.total) == (D("70.00"), D("7.00"), D("77.00"))


def test_referral_statement(charges: PeriodCharges) -> None:
    statement = referral_statement(charges, "Harbour Risk Advisory")
    assert [
        (line.description, line.group, line.unit_price, line.amount) for line in statement.lines
    ] == [
        ("Acme", "Reseller", D("316.00"), D("63.20")),
        ("Birch", "Direct (non-reseller)", D("70.00"), D("14.00")),
    ]
    assert (statement.subtotal, statement.tax, statement.total) == (
        D("77.20"),
        D("0.00"),
        D("77.20"),
    )
