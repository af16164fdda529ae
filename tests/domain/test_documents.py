from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from advisor_desk.domain.agreement import ResaleTerms
from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.charges import PeriodCharges, compute_charges
from advisor_desk.domain.documents import (
    DocumentDraft,
    DocumentKind,
    DocumentLine,
    client_invoices,
    consolidated_invoice,
    credit_note,
    referral_statement,
    resale_invoice,
)
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.licenses import LicenseTier

from .example_data import ACME, ADVISORS, AGREEMENT, BIRCH, CLIENTS, JR, NOV, RC, client, member

D = Decimal
KINDS = DocumentKind


def _terms(**overrides: object) -> ResaleTerms:
    values: dict[str, object] = {
        "license_price": {"just_risk": "49.00", "risk_compliance": "99.00"},
        "tax_rate": "0.10",
        "legal_name": "Harbour Risk Advisory Pty Ltd",
        "tax_number": "ABN 12 345 678 901",
        "address": "1 Quay St, Sydney",
        "bank_details": "BSB 000-000 Acc 12345678",
        "invoice_prefix": "HRA-",
        "payment_terms_days": 14,
        "currency": "AUD",
    }
    return ResaleTerms.create(**(values | overrides))  # type: ignore[arg-type]


@pytest.fixture
def charges() -> PeriodCharges:
    return compute_charges(NOV, [AGREEMENT], ADVISORS, CLIENTS)


def _draft(
    lines: list[DocumentLine], tax_rate: str = "0.10", currency: str = "AUD"
) -> DocumentDraft:
    return DocumentDraft(KINDS.CLIENT_INVOICE, NOV, currency, "Birch", D(tax_rate), tuple(lines))


class TestKinds:
    def test_labels(self) -> None:
        assert [k.label for k in KINDS] == [
            "Consolidated invoice",
            "Client invoice",
            "Referral statement",
            "Partner invoice",
            "Credit note",
        ]

    def test_issuers_and_series(self) -> None:
        assert [(k.issuer, k.series) for k in KINDS if k is not KINDS.CREDIT_NOTE] == [
            ("platform", "platform-invoice"),
            ("platform", "platform-invoice"),
            ("platform", "platform-statement"),
            ("partner", "partner-resale"),
        ]

    def test_a_credit_note_kind_alone_has_no_series(self) -> None:
        with pytest.raises(DomainError, match="invoice it credits"):
            _ = KINDS.CREDIT_NOTE.series
        with pytest.raises(DomainError, match="invoice it credits"):
            _ = KINDS.CREDIT_NOTE.issuer


class TestLines:
    @pytest.mark.parametrize(
        ("quantity", "unit", "currency", "amount"),
        [
            (3, "79.00", "AUD", "237.00"),
            (D("1.5"), "0.25", "AUD", "0.38"),  # 0.375 → 0.38
            (D("0.5"), "0.05", "AUD", "0.03"),  # 0.025 → 0.03
            (D("-1.5"), "0.25", "AUD", "-0.38"),  # away from zero
            (D("2.5"), "1", "JPY", "3"),
            (D("0.5"), "0.001", "BHD", "0.001"),
        ],
    )
    def test_priced_rounds_half_up(
        self, quantity: Decimal | int, unit: str, currency: str, amount: str
    ) -> None:
        line = DocumentLine.priced("Advisory hours", quantity, D(unit), currency)
        assert str(line.amount) == amount
        assert line.quantity == quantity
        assert isinstance(line.quantity, Decimal)

    @pytest.mark.parametrize("name", ["quantity", "unit_price", "amount"])
    def test_refuses_floats_and_nan(self, name: str) -> None:
        values = {"quantity": D(1), "unit_price": D("2.00"), "amount": D("2.00")}
        for bad in (2.0, D("NaN")):
            with pytest.raises(DomainError, match=rf"^line\.{name}: "):
                DocumentLine("x", **(values | {name: bad}))  # type: ignore[arg-type]


class TestDraft:
    def test_totals_and_groups(self) -> None:
        lines = [
            DocumentLine("Active advisors", D(1), D("0.05"), D("0.05")),
            DocumentLine("A — Just Risk", D(1), D("0.03"), D("0.03"), group="A"),
            DocumentLine("B — Just Risk", D(1), D("0.02"), D("0.02"), group="B"),
            DocumentLine("A — Free", D(2), D("0.00"), D("0.00"), group="A"),
        ]
        draft = _draft(lines, tax_rate="0.5")
        assert draft.subtotal == D("0.10")
        assert draft.tax == D("0.05")
        assert draft.total == D("0.15")
        assert draft.group_subtotals() == [("A", D("0.03")), ("B", D("0.02"))]
        assert _draft(lines[1:2], tax_rate="0.5").tax == D("0.02")  # 0.015 → 0.02

    def test_empty(self) -> None:
        draft = _draft([], currency="JPY")
        assert (str(draft.subtotal), str(draft.tax), str(draft.total)) == ("0", "0", "0")
        assert draft.group_subtotals() == []

    def test_rate_and_lines_are_normalised(self) -> None:
        line = DocumentLine("x", D(1), D("1.00"), D("1.00"))
        loose = DocumentDraft(KINDS.CLIENT_INVOICE, NOV, "AUD", "Birch", "0.10", [line])  # type: ignore[arg-type]
        assert loose == _draft([line])
        assert isinstance(loose.tax_rate, Decimal)
        assert isinstance(loose.lines, tuple)

    def test_validation(self) -> None:
        with pytest.raises(DomainError, match=r"^document\.tax_rate: "):
            _draft([], tax_rate="1.1")
        with pytest.raises(DomainError, match="float"):
            DocumentDraft(KINDS.CLIENT_INVOICE, NOV, "AUD", "B", 0.1, ())  # type: ignore[arg-type]
        with pytest.raises(DomainError, match=r"^line\.amount: .*decimals"):
            _draft([DocumentLine("x", D(1), D("0.125"), D("0.125"))])
        with pytest.raises(DomainError, match="^currency: "):
            _draft([], currency="XYZ")
        with pytest.raises(DomainError, match=r"^document\.credited_kind: "):
            DocumentDraft(KINDS.CREDIT_NOTE, NOV, "AUD", "B", D(0), ())
        with pytest.raises(DomainError, match=r"^document\.credited_kind: "):
            replace(_draft([]), credited_kind=KINDS.CLIENT_INVOICE)


class TestBuilders:
    def test_consolidated_without_resellers_is_the_advisors_line(self) -> None:
        only_direct = compute_charges(NOV, [AGREEMENT], ADVISORS, [BIRCH])
        invoice = consolidated_invoice(only_direct, "Partner")
        assert [line.description for line in invoice.lines] == ["Active advisors"]
        assert invoice.total == D("264.00")

    def test_consolidated_lists_each_reseller_by_name(self) -> None:
        zed = client("Zed", BillingModel.RESELLER, [member("z", (JR, date(2026, 1, 1), None))])
        charges = compute_charges(NOV, [AGREEMENT], [], [zed, ACME])
        invoice = consolidated_invoice(charges, "Partner")
        assert [line.description for line in invoice.lines] == [
            "Active advisors",
            "Acme — Risk & Compliance",
            "Acme — Free",
            "Zed — Just Risk",
        ]
        assert invoice.lines[0].quantity == 0
        assert invoice.group_subtotals() == [("Acme", D("316.00")), ("Zed", D("35.00"))]
        assert invoice.subtotal == charges.consolidated.subtotal
        assert invoice.tax == charges.consolidated.tax

    def test_client_invoices_match_the_direct_totals(self, charges: PeriodCharges) -> None:
        invoices = client_invoices(charges)
        assert [(i.recipient, i.subtotal, i.tax, i.total) for i in invoices] == [
            (name, t.subtotal, t.tax, t.total) for name, t in charges.direct_invoices
        ]

    def test_no_client_invoice_at_zero(self) -> None:
        freebie = client(
            "Free Co",
            BillingModel.DIRECT,
            [member("f", (LicenseTier.FREE, date(2026, 1, 1), None))],
        )
        assert client_invoices(compute_charges(NOV, [AGREEMENT], [], [freebie])) == []

    def test_referral_statement_has_no_tax(self, charges: PeriodCharges) -> None:
        statement = referral_statement(charges, "Partner")
        assert (statement.kind, statement.tax_rate, statement.recipient) == (
            KINDS.REFERRAL_STATEMENT,
            D(0),
            "Partner",
        )
        assert statement.total == charges.referral_total

    def test_resale_invoice(self, charges: PeriodCharges) -> None:
        acme = charges.reseller_clients[0]
        hours = DocumentLine.priced("Advisory hours", D("2.5"), D("180.00"), "AUD")
        invoice = resale_invoice(acme, _terms(), NOV, "AUD", [hours])
        assert (invoice.kind, invoice.recipient, invoice.client_key) == (
            KINDS.RESALE_INVOICE,
            "Acme",
            "acme",
        )
        assert [
            (line.description, line.quantity, line.unit_price, line.amount)
            for line in invoice.lines
        ] == [
            ("Risk & Compliance licenses", 4, D("99.00"), D("396.00")),
            ("Free licenses", 4, D("0.00"), D("0.00")),
            ("Advisory hours", D("2.5"), D("180.00"), D("450.00")),
        ]
        assert (invoice.subtotal, invoice.tax, invoice.total) == (
            D("846.00"),
            D("84.60"),
            D("930.60"),
        )
        assert (invoice.issuer, invoice.series) == ("partner", "partner-resale")

    def test_resale_invoice_only_for_resellers(self, charges: PeriodCharges) -> None:
        with pytest.raises(DomainError, match="Birch is not a reseller client"):
            resale_invoice(charges.direct_clients[0], _terms(), NOV, "AUD")

    def test_resale_terms_validation(self) -> None:
        assert _terms().license_price == {
            LicenseTier.FREE: D("0.00"),
            JR: D("49.00"),
            RC: D("99.00"),
        }
        cases: list[tuple[dict[str, object], str]] = [
            ({"license_price": {"just_risk": "49.00"}}, "resale.license_price.risk_compliance"),
            (
                {"license_price": {"just_risk": 49.0, "risk_compliance": "1"}},
                "resale.license_price.just_risk",
            ),
            ({"tax_rate": "10"}, "resale.tax_rate"),
            ({"legal_name": "  "}, "resale.legal_name"),
            ({"invoice_prefix": ""}, "resale.invoice_prefix"),
            ({"payment_terms_days": -1}, "resale.payment_terms_days"),
            ({"payment_terms_days": "14"}, "resale.payment_terms_days"),
            ({"currency": "EURO"}, "resale.currency"),
        ]
        for overrides, field in cases:
            with pytest.raises(DomainError) as caught:
                _terms(**overrides)
            assert caught.value.field == field


class TestCreditNotes:
    def test_full_credit_negates_everything(self, charges: PeriodCharges) -> None:
        invoice = consolidated_invoice(charges, "Partner")
        credit = credit_note(invoice, "INV-000007")
        assert (credit.kind, credit.references, credit.recipient) == (
            KINDS.CREDIT_NOTE,
            "INV-000007",
            "Partner",
        )
        assert [(line.description, line.quantity, line.amount) for line in credit.lines] == [
            (line.description, -line.quantity, -line.amount) for line in invoice.lines
        ]
        assert (credit.subtotal, credit.tax, credit.total) == (
            D("-556.00"),
            D("-55.60"),
            D("-611.60"),
        )
        assert credit.group_subtotals() == [("Acme", D("-316.00"))]
        assert all(not str(line.amount).startswith("-0") for line in credit.lines)

    def test_partial_credit_is_one_line(self, charges: PeriodCharges) -> None:
        (invoice,) = client_invoices(charges)
        credit = credit_note(invoice, "INV-000008", "35.05")
        assert [
            (line.description, line.quantity, line.unit_price, line.amount) for line in credit.lines
        ] == [("Credit against INV-000008", D(1), D("-35.05"), D("-35.05"))]
        assert (credit.subtotal, credit.tax, credit.total) == (D("-35.05"), D("-3.51"), D("-38.56"))
        assert credit.client_key == "birch"
        assert credit_note(invoice, "INV-000008", D("70.00")).total == -invoice.total

    @pytest.mark.parametrize("amount", ["0", "70.01", "-5", "1.005", 5.0])
    def test_partial_credit_bounds(self, charges: PeriodCharges, amount: object) -> None:
        (invoice,) = client_invoices(charges)
        with pytest.raises(DomainError, match=r"^credit\.amount: "):
            credit_note(invoice, "INV-000008", amount)  # type: ignore[arg-type]

    def test_series_follows_the_credited_invoice(self, charges: PeriodCharges) -> None:
        platform = credit_note(consolidated_invoice(charges, "Partner"), "INV-000001")
        partner = credit_note(
            resale_invoice(charges.clients[0], _terms(), NOV, "AUD"), "HRA-000001"
        )
        assert (platform.issuer, platform.series) == ("platform", "platform-credit")
        assert (partner.issuer, partner.series) == ("partner", "partner-credit")

    def test_only_invoices_are_credited(self, charges: PeriodCharges) -> None:
        statement = referral_statement(charges, "Partner")
        with pytest.raises(DomainError, match=r"^invoice\.kind: "):
            credit_note(statement, "RS-000001")
        credit = credit_note(consolidated_invoice(charges, "Partner"), "INV-000001")
        with pytest.raises(DomainError, match=r"^invoice\.kind: "):
            credit_note(credit, "CN-000001")
        with pytest.raises(DomainError, match=r"^invoice\.number: "):
            credit_note(consolidated_invoice(charges, "Partner"), "")
