"""The difference between a period's issued documents and what the rules give now, and the
document that settles it (domain/adjustments.py), on hand-computed examples."""

from __future__ import annotations

from decimal import Decimal

from advisor_desk.domain.adjustments import (
    Adjustment,
    IssuedDocument,
    Settlement,
    adjustments,
    difference,
)
from advisor_desk.domain.documents import DocumentDraft, DocumentKind, DocumentLine, credit_note
from advisor_desk.domain.periods import Period

NOV = Period(2026, 11)
D = Decimal


def line(description: str, qty: int, unit: str, group: str | None = None) -> DocumentLine:
    return DocumentLine.priced(description, qty, D(unit), "AUD", group)


def draft(
    kind: DocumentKind, recipient: str, *lines: DocumentLine, tax: str = "0.10"
) -> DocumentDraft:
    return DocumentDraft(kind, NOV, "AUD", recipient, D(tax), lines)


def consolidated(*lines: DocumentLine) -> DocumentDraft:
    return draft(DocumentKind.CONSOLIDATED_INVOICE, "Harbour", *lines)


def birch(count: int) -> DocumentDraft:
    return draft(DocumentKind.CLIENT_INVOICE, "Birch", line("Just Risk licenses", count, "35.00"))


def statement(*lines: DocumentLine) -> DocumentDraft:
    return draft(DocumentKind.REFERRAL_STATEMENT, "Harbour", *lines, tax="0")


def referral(client: str, charge: str, amount: str, model: str) -> DocumentLine:
    return DocumentLine(client, D(1), D(charge), D(amount), model)


def only(found: list[Adjustment]) -> Adjustment:
    assert len(found) == 1, found
    return found[0]


def test_nothing_issued_means_nothing_to_adjust() -> None:
    assert adjustments([birch(3)], []) == []


def test_unchanged_figures_need_no_adjustment() -> None:
    assert adjustments([birch(2)], [IssuedDocument("INV-000002", birch(2))]) == []


def test_one_more_member_gives_a_supplementary_invoice_for_exactly_it() -> None:
    # issued: 2 × 35.00 = 70.00; now 3 × 35.00 = 105.00 → +1 × 35.00; tax 3.50; total 38.50
    found = only(adjustments([birch(3)], [IssuedDocument("INV-000002", birch(2))]))
    assert found.settlement is Settlement.SUPPLEMENTARY
    assert found.original == "INV-000002"
    assert found.draft.kind is DocumentKind.CLIENT_INVOICE
    assert found.draft.references == "INV-000002"
    assert found.lines == (DocumentLine("Just Risk licenses", D(1), D("35.00"), D("35.00")),)
    assert (found.draft.subtotal, found.draft.tax, found.draft.total) == (
        D("35.00"),
        D("3.50"),
        D("38.50"),
    )


def test_once_the_supplement_is_issued_the_difference_is_zero() -> None:
    first = only(adjustments([birch(3)], [IssuedDocument("INV-000002", birch(2))]))
    issued = [IssuedDocument("INV-000002", birch(2)), IssuedDocument("INV-000003", first.draft)]
    assert adjustments([birch(3)], issued) == []


def test_one_member_fewer_gives_a_credit_note_referencing_the_invoice() -> None:
    was = consolidated(
        line("Active advisors", 2, "120.00"), line("Acme — Risk & Compliance", 4, "79.00", "Acme")
    )
    now = consolidated(
        line("Active advisors", 2, "120.00"), line("Acme — Risk & Compliance", 3, "79.00", "Acme")
    )
    found = only(adjustments([now], [IssuedDocument("INV-000001", was)]))
    assert found.settlement is Settlement.CREDIT_NOTE
    assert found.draft.kind is DocumentKind.CREDIT_NOTE
    assert found.draft.credited_kind is DocumentKind.CONSOLIDATED_INVOICE
    assert found.draft.references == "INV-000001"
    # -1 × 79.00 = -79.00; tax -7.90; total -86.90
    assert found.lines == (
        DocumentLine("Acme — Risk & Compliance", D(-1), D("79.00"), D("-79.00"), "Acme"),
    )
    assert (found.draft.subtotal, found.draft.tax, found.draft.total) == (
        D("-79.00"),
        D("-7.90"),
        D("-86.90"),
    )
    issued = [IssuedDocument("INV-000001", was), IssuedDocument("CN-000001", found.draft)]
    assert adjustments([now], issued) == []


def test_a_price_change_bills_the_new_price_and_takes_back_the_old() -> None:
    was = consolidated(line("Active advisors", 2, "120.00"))
    now = consolidated(line("Active advisors", 2, "150.00"))
    found = only(adjustments([now], [IssuedDocument("INV-000001", was)]))
    # +2 × 150.00 = 300.00 and -2 × 120.00 = -240.00 → +60.00; tax 6.00
    assert found.lines == (
        DocumentLine("Active advisors", D(2), D("150.00"), D("300.00")),
        DocumentLine("Active advisors", D(-2), D("120.00"), D("-240.00")),
    )
    assert (found.draft.subtotal, found.draft.tax) == (D("60.00"), D("6.00"))


def test_a_partial_credit_is_not_billed_again() -> None:
    invoice = birch(2)
    partial = credit_note(invoice, "INV-000002", "10.00")
    issued = [IssuedDocument("INV-000002", invoice), IssuedDocument("CN-000001", partial)]
    assert adjustments([birch(2)], issued) == []
    found = only(adjustments([birch(3)], issued))
    assert found.draft.subtotal == D("35.00")


def test_a_full_credit_then_the_figures_again_is_a_supplement_for_all_of_them() -> None:
    invoice = birch(2)
    full = credit_note(invoice, "INV-000002")
    issued = [IssuedDocument("INV-000002", invoice), IssuedDocument("CN-000001", full)]
    found = only(adjustments([birch(2)], issued))
    assert found.settlement is Settlement.SUPPLEMENTARY
    assert found.draft.subtotal == D("70.00")


def test_a_client_with_nothing_left_to_bill_is_credited_in_full() -> None:
    found = only(adjustments([], [IssuedDocument("INV-000002", birch(2))]))
    assert found.settlement is Settlement.CREDIT_NOTE
    assert found.draft.subtotal == D("-70.00")
    assert found.draft.total == D("-77.00")


def test_a_client_invoice_never_issued_is_a_new_invoice() -> None:
    was = consolidated(line("Active advisors", 2, "120.00"))
    cedar = draft(DocumentKind.CLIENT_INVOICE, "Cedar", line("Just Risk licenses", 1, "35.00"))
    found = only(adjustments([was, cedar], [IssuedDocument("INV-000001", was)]))
    assert found.settlement is Settlement.NEW
    assert found.original is None
    assert found.draft == cedar


def test_the_referral_statement_gets_a_supplementary_statement_either_way() -> None:
    was = statement(referral("Acme", "316.00", "63.20", "Reseller"))
    now = statement(referral("Acme", "237.00", "47.40", "Reseller"))
    found = only(adjustments([now], [IssuedDocument("RS-000001", was)]))
    assert found.settlement is Settlement.SUPPLEMENTARY
    assert found.draft.kind is DocumentKind.REFERRAL_STATEMENT
    # 47.40 - 63.20 = -15.80; statements carry no tax
    assert found.draft.subtotal == D("-15.80")
    assert found.draft.tax == D("0.00")


def test_difference_sums_several_issued_documents_line_by_line() -> None:
    lines = difference(
        [line("Just Risk licenses", 5, "35.00")],
        [birch(2), birch(1)],
    )
    assert lines == (DocumentLine("Just Risk licenses", D(2), D("35.00"), D("70.00")),)
