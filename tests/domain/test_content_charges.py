"""Rules 6–9 of billing-rules.md: the partner's content charges and its invoices, by hand."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from advisor_desk.domain.agreement import ResaleTerms
from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.charges import compute_charges
from advisor_desk.domain.content_charges import (
    ChargingMode,
    ClientExistence,
    ContentInput,
    GrantInput,
    PriceChange,
    check_grants,
    content_charges,
    earnings_by_period,
    price_in_force,
)
from advisor_desk.domain.documents import (
    DocumentKind,
    DocumentLine,
    client_invoices,
    consolidated_invoice,
    referral_statement,
)
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.partner_invoice import partner_invoice, partner_invoices
from advisor_desk.domain.periods import Period

from .example_data import ACME, ADVISORS, AGREEMENT, BIRCH, CLIENTS, NOV, client, member

D = Decimal
DEC = Period(2026, 12)
MONTHLY, ONCE = ChargingMode.MONTHLY, ChargingMode.ONCE

TERMS = ResaleTerms.create(
    license_price={"just_risk": "49.00", "risk_compliance": "99.00"},
    tax_rate="0.10",
    legal_name="Harbour Risk Advisory Pty Ltd",
    tax_number="51 824 753 556",
    address="1 Harbour St, Sydney",
    bank_details="BSB 062-000 Acc 1234 5678",
    invoice_prefix="HRA-",
    payment_terms_days=14,
    currency="AUD",
)
TOOLKIT = ContentInput("toolkit", "Harbour ISO 27001 toolkit", "partner", MONTHLY, D("150.00"))
PACK = ContentInput("pack", "Board risk workshop pack", "partner", ONCE, D("400.00"))
ITEMS = [TOOLKIT, PACK]
GRANTS = [
    GrantInput("acme", "toolkit", date(2026, 11, 10), None),
    GrantInput("birch", "pack", date(2026, 11, 20), None),
]
EXISTENCE = [ClientExistence(c.key, c.name, c.created, c.archived) for c in CLIENTS]


def lines(draft):  # type: ignore[no-untyped-def]
    return [(ln.description, ln.quantity, ln.unit_price, ln.amount) for ln in draft.lines]


def charges_for(period: Period, grants=GRANTS, items=ITEMS, clients=EXISTENCE):  # type: ignore[no-untyped-def]
    return content_charges(period, "AUD", items, grants, clients)


# --- the extended worked example -------------------------------------------------------


def test_worked_example_partner_invoices_to_the_cent() -> None:
    platform = compute_charges(NOV, [AGREEMENT], ADVISORS, CLIENTS)
    drafts = partner_invoices(platform, charges_for(NOV), TERMS)
    assert [d.recipient for d in drafts] == ["Acme", "Birch"]
    acme, birch = drafts
    assert acme.kind is DocumentKind.PARTNER_INVOICE is DocumentKind.RESALE_INVOICE
    assert lines(acme) == [
        ("Risk & Compliance licenses", D(4), D("99.00"), D("396.00")),
        ("Free licenses", D(4), D("0.00"), D("0.00")),
        ("Harbour ISO 27001 toolkit — monthly", D(1), D("150.00"), D("150.00")),
    ]
    assert (acme.subtotal, acme.tax, acme.total) == (D("546.00"), D("54.60"), D("600.60"))
    assert lines(birch) == [("Board risk workshop pack — once", D(1), D("400.00"), D("400.00"))]
    assert (birch.subtotal, birch.tax, birch.total) == (D("400.00"), D("40.00"), D("440.00"))
    assert acme.tax_rate == D("0.10")
    assert acme.client_key == "acme"


def test_worked_example_december_nothing_for_the_pack() -> None:
    platform = compute_charges(DEC, [AGREEMENT], ADVISORS, CLIENTS)
    content = charges_for(DEC)
    assert content.lines_for("birch") == ()
    drafts = partner_invoices(platform, content, TERMS)
    # Birch (direct, no content this month) gets no partner invoice: its total is 0.
    assert [d.recipient for d in drafts] == ["Acme"]
    assert drafts[0].subtotal == D("546.00")  # 4 R&C × 99.00 + the toolkit, still granted


def test_platform_figures_do_not_change_when_content_is_priced_and_granted() -> None:
    before = compute_charges(NOV, [AGREEMENT], ADVISORS, CLIENTS)
    partner_invoices(before, charges_for(NOV), TERMS)
    after = compute_charges(NOV, [AGREEMENT], ADVISORS, CLIENTS)
    assert after == before
    assert consolidated_invoice(after, "H") == consolidated_invoice(before, "H")
    assert client_invoices(after) == client_invoices(before)
    assert referral_statement(after, "H") == referral_statement(before, "H")
    assert (after.consolidated.total, after.referral_total) == (D("611.60"), D("77.20"))
    assert [(c.name, c.referral) for c in after.clients] == [
        ("Acme", D("63.20")),
        ("Birch", D("14.00")),
    ]


# --- monthly: boundaries ----------------------------------------------------------------


def test_grant_on_the_last_day_of_a_month_charges_that_month() -> None:
    grants = [GrantInput("acme", "toolkit", date(2026, 10, 31), date(2026, 11, 1))]
    assert charges_for(Period(2026, 10), grants).total_for("acme") == D("150.00")
    assert charges_for(NOV, grants).lines_for("acme") == ()


def test_removal_on_the_first_of_a_month_charges_nothing_for_it() -> None:
    grants = [GrantInput("acme", "toolkit", date(2026, 9, 15), date(2026, 11, 1))]
    assert charges_for(Period(2026, 9), grants).total_for("acme") == D("150.00")
    assert charges_for(Period(2026, 10), grants).total_for("acme") == D("150.00")
    assert charges_for(NOV, grants).total_for("acme") == D("0.00")


def test_removal_on_the_second_still_charges_the_month() -> None:
    grants = [GrantInput("acme", "toolkit", date(2026, 9, 15), date(2026, 11, 2))]
    assert charges_for(NOV, grants).total_for("acme") == D("150.00")


def test_monthly_regrant_charges_once_per_month() -> None:
    grants = [
        GrantInput("acme", "toolkit", date(2026, 11, 2), date(2026, 11, 5)),
        GrantInput("acme", "toolkit", date(2026, 11, 20), None),
    ]
    found = charges_for(NOV, grants).lines_for("acme")
    assert [(ln.description, ln.amount) for ln in found] == [
        ("Harbour ISO 27001 toolkit — monthly", D("150.00"))
    ]


def test_granted_and_taken_back_the_same_day_is_never_held() -> None:
    grants = [GrantInput("birch", "pack", date(2026, 11, 20), date(2026, 11, 20))]
    assert charges_for(NOV, grants).lines_for("birch") == ()


# --- once --------------------------------------------------------------------------------


def test_once_item_regranted_after_removal_charges_nothing_again() -> None:
    grants = [
        GrantInput("birch", "pack", date(2026, 3, 10), date(2026, 5, 1)),
        GrantInput("birch", "pack", date(2026, 8, 15), None),
    ]
    by_month = {
        p.month: charges_for(p, grants).total_for("birch")
        for p in Period.range(Period(2026, 1), Period(2026, 12))
    }
    assert by_month[3] == D("400.00")
    assert sum(by_month.values()) == D("400.00")  # March only; not April, not August


def test_once_item_for_two_clients_each_pays_in_its_own_first_month() -> None:
    grants = [
        GrantInput("birch", "pack", date(2026, 11, 20), None),
        GrantInput("acme", "pack", date(2026, 12, 1), None),
    ]
    assert charges_for(NOV, grants).by_client.keys() == {"birch"}
    assert charges_for(DEC, grants).by_client.keys() == {"acme"}


# --- price history ------------------------------------------------------------------------


def test_price_change_mid_year_applies_from_the_month_it_names() -> None:
    history = [PriceChange(Period(2026, 1), D("100.00")), PriceChange(Period(2026, 7), D("120.00"))]
    item = replace(TOOLKIT, price=D("120.00"), history=history)
    grants = [GrantInput("acme", "toolkit", date(2026, 2, 14), None)]
    totals = [
        charges_for(p, grants, [item]).total_for("acme")
        for p in Period.range(Period(2026, 1), Period(2026, 12))
    ]
    assert totals == [D("0.00")] + [D("100.00")] * 5 + [D("120.00")] * 6
    assert sum(totals) == D("1220.00")  # 5 × 100.00 + 6 × 120.00


def test_once_item_charged_at_the_price_in_force_in_the_month_of_the_first_grant() -> None:
    history = [
        PriceChange(Period(2026, 1), D("400.00")),
        PriceChange(Period(2026, 12), D("450.00")),
    ]
    item = replace(PACK, price=D("450.00"), history=history)
    grants = [GrantInput("birch", "pack", date(2026, 11, 30), None)]
    assert charges_for(NOV, grants, [item]).total_for("birch") == D("400.00")
    assert charges_for(DEC, grants, [item]).total_for("birch") == D("0.00")


def test_price_in_force_rules() -> None:
    history = [
        PriceChange(Period(2026, 3), D("10.00")),
        PriceChange(Period(2026, 6), None),
        PriceChange(Period(2026, 6), D("12.00")),  # the later entry for a month wins
    ]
    assert price_in_force(D("99.00"), [], Period(2020, 1)) == D("99.00")  # no history kept
    assert price_in_force(D("12.00"), history, Period(2026, 2)) is None  # before the first
    assert price_in_force(D("12.00"), history, Period(2026, 5)) == D("10.00")
    assert price_in_force(D("12.00"), history, Period(2027, 1)) == D("12.00")


def test_unpriced_or_free_months_charge_nothing() -> None:
    history = [PriceChange(Period(2026, 1), None), PriceChange(Period(2026, 11), D("0.00"))]
    item = replace(TOOLKIT, price=D("0.00"), history=history)
    grants = [GrantInput("acme", "toolkit", date(2026, 1, 5), None)]
    for period in (Period(2026, 10), NOV):
        assert charges_for(period, grants, [item]).by_client == {}


# --- who is charged ---------------------------------------------------------------------


def test_open_library_items_are_never_charged() -> None:
    item = ContentInput("iso", "ISO/IEC 27001:2022", "open", MONTHLY, D("150.00"))
    grants = [GrantInput("acme", "iso", date(2026, 11, 1), None)]
    assert charges_for(NOV, grants, [item]).by_client == {}


def test_archived_client_pays_for_the_days_it_existed() -> None:
    kept = [
        ClientExistence("acme", "Acme", date(2026, 1, 10), date(2026, 11, 15)),
        ClientExistence("birch", "Birch", date(2026, 1, 10)),
    ]
    grants = [GrantInput("acme", "toolkit", date(2026, 10, 1), None)]
    assert charges_for(NOV, grants, clients=kept).total_for("acme") == D("150.00")
    assert charges_for(DEC, grants, clients=kept).by_client == {}
    # granted after it was archived: never held while it existed
    late = [GrantInput("acme", "toolkit", date(2026, 11, 15), None)]
    assert charges_for(NOV, late, clients=kept).by_client == {}


def test_archived_client_gets_its_partner_invoice_for_its_last_month() -> None:
    acme = replace(ACME, archived=date(2026, 11, 15))
    existence = [ClientExistence("acme", "Acme", acme.created, acme.archived)]
    platform = compute_charges(DEC, [AGREEMENT], ADVISORS, [acme, BIRCH])
    assert [c.name for c in platform.clients] == ["Birch"]
    assert partner_invoices(platform, charges_for(DEC, clients=existence), TERMS) == []
    november = compute_charges(NOV, [AGREEMENT], ADVISORS, [acme, BIRCH])
    drafts = partner_invoices(november, charges_for(NOV, clients=existence), TERMS)
    # Archived on the 15th, before the mover's upgrade (20th): 3 R&C × 99.00 + 1 JR × 49.00
    # + the toolkit 150.00 = 496.00; tax 49.60; total 545.60.
    assert [(d.recipient, d.subtotal, d.tax, d.total) for d in drafts] == [
        ("Acme", D("496.00"), D("49.60"), D("545.60"))
    ]


def test_zero_total_partner_invoice_is_not_issued() -> None:
    free_only = client(
        "Cove",
        BillingModel.RESELLER,
        [member("f", (ACME.members[-1].licenses[0].tier, date(2026, 1, 10), None))],
    )
    platform = compute_charges(NOV, [AGREEMENT], ADVISORS, [free_only, BIRCH])
    zero_item = replace(TOOLKIT, price=D("0.00"))
    content = charges_for(
        NOV,
        [GrantInput("cove", "toolkit", date(2026, 11, 1), None)],
        [zero_item],
        [ClientExistence("cove", "Cove", date(2026, 1, 10))],
    )
    assert partner_invoices(platform, content, TERMS) == []
    # the draft itself exists (an advisor may add lines to it); its total is 0
    draft = partner_invoice("cove", "Cove", TERMS, NOV, "AUD", client_charge=platform.clients[1])
    assert lines(draft) == [("Free licenses", D(1), D("0.00"), D("0.00"))]
    assert draft.total == D("0.00")


def test_advisor_lines_make_a_direct_client_invoice() -> None:
    platform = compute_charges(DEC, [AGREEMENT], ADVISORS, CLIENTS)
    hours = DocumentLine.priced("Advisory hours", D("2.5"), D("180.00"), "AUD")
    drafts = partner_invoices(platform, charges_for(DEC), TERMS, {"birch": [hours]})
    birch = drafts[1]
    assert lines(birch) == [("Advisory hours", D("2.5"), D("180.00"), D("450.00"))]
    assert (birch.subtotal, birch.tax, birch.total) == (D("450.00"), D("45.00"), D("495.00"))


def test_content_lines_sorted_by_title_and_rounded_in_jpy() -> None:
    items = [
        ContentInput("b", "beta", "partner", MONTHLY, D("1500")),
        ContentInput("a", "Alpha", "partner", ONCE, D("300")),
    ]
    grants = [
        GrantInput("x", "b", date(2026, 11, 3), None),
        GrantInput("x", "a", date(2026, 11, 3), None),
    ]
    found = content_charges(
        NOV, "JPY", items, grants, [ClientExistence("x", "X", date(2026, 1, 1))]
    )
    assert [(ln.description, ln.amount) for ln in found.lines_for("x")] == [
        ("Alpha — once", D("300")),
        ("beta — monthly", D("1500")),
    ]
    assert found.total == D("1800")


def test_price_with_more_decimals_than_the_currency_is_refused_naming_the_item() -> None:
    items = [ContentInput("b", "beta", "partner", MONTHLY, D("15.50"))]
    grants = [GrantInput("x", "b", date(2026, 11, 3), None)]
    with pytest.raises(DomainError, match=r"content\[beta\]\.price"):
        content_charges(NOV, "JPY", items, grants, [ClientExistence("x", "X", date(2026, 1, 1))])


def test_earnings_by_period_names_who_pays() -> None:
    grants = [
        GrantInput("acme", "toolkit", date(2026, 10, 10), None),
        GrantInput("birch", "toolkit", date(2026, 11, 1), date(2026, 12, 1)),
    ]
    rows = earnings_by_period(TOOLKIT, grants, EXISTENCE, Period.range(Period(2026, 9), DEC), "AUD")
    assert rows == [
        (Period(2026, 9), (), D("0.00")),
        (Period(2026, 10), ("Acme",), D("150.00")),
        (NOV, ("Acme", "Birch"), D("300.00")),
        (DEC, ("Acme",), D("150.00")),
    ]


def test_grant_history_checked_like_other_intervals() -> None:
    grants = [
        GrantInput("x", "b", date(2026, 3, 1), None),
        GrantInput("x", "b", date(2026, 5, 1), None),
    ]
    assert check_grants(grants) == [
        (0, "is open but is not the last interval"),
        (1, "overlaps the interval before it"),
    ]


def test_charging_mode_parse_names_the_field() -> None:
    assert ChargingMode.parse("once") is ONCE
    with pytest.raises(DomainError, match="charging: 'weekly' is not one of: monthly, once"):
        ChargingMode.parse("weekly")
