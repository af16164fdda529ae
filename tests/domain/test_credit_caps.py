"""Partial credit notes never take back more than the invoice (issue 12, item 12): each
note's tax is capped at the tax the invoice has left, so rounding each note's tax can never
over-credit by a cent; crediting everything leaves exactly nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor_desk.domain.documents import (
    Credited,
    DocumentDraft,
    DocumentKind,
    DocumentLine,
    credit_note,
)
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.money import minor_units
from advisor_desk.domain.periods import Period

NOV = Period(2026, 11)


def _invoice(amounts: list[Decimal], rate: Decimal, currency: str = "AUD") -> DocumentDraft:
    lines = tuple(DocumentLine.priced(f"Line {i}", 1, a, currency) for i, a in enumerate(amounts))
    return DocumentDraft(DocumentKind.CLIENT_INVOICE, NOV, currency, "Birch", rate, lines)


def _credit_all(invoice: DocumentDraft, wanted: list[Decimal]) -> list[DocumentDraft]:
    notes: list[DocumentDraft] = []
    taken = Credited()
    for amount in wanted:
        left = invoice.subtotal - taken.subtotal
        if left <= 0:
            break
        note = credit_note(invoice, "INV-000001", min(amount, left), taken)
        notes.append(note)
        taken = Credited(taken.subtotal - note.subtotal, taken.tax - note.tax)
    return notes


def test_three_partial_credits_of_a_rounded_up_tax_take_back_its_tax_once() -> None:
    invoice = _invoice([Decimal("0.15")], Decimal("0.10"))
    assert invoice.tax == Decimal("0.02")  # 0.015 rounds up
    notes = _credit_all(invoice, [Decimal("0.05")] * 3)
    # Rounded each on its own, three notes of 0.05 would take 3 × 0.01 = 0.03 of tax.
    assert [n.tax for n in notes] == [Decimal("-0.01"), Decimal("-0.01"), Decimal("0.00")]
    assert sum(n.total for n in notes) == -invoice.total


def test_a_credit_beyond_what_is_left_is_refused() -> None:
    invoice = _invoice([Decimal("100.00")], Decimal("0.10"))
    taken = Credited(Decimal("60.00"), Decimal("6.00"))
    with pytest.raises(DomainError, match=r"only 40\.00 of INV-000001 is left to credit"):
        credit_note(invoice, "INV-000001", "40.01", taken)
    with pytest.raises(DomainError, match="already partly credited"):
        credit_note(invoice, "INV-000001", None, taken)


currencies = st.sampled_from(["AUD", "JPY", "BHD"])
rates = st.sampled_from(["0", "0.05", "0.10", "0.125", "0.15", "0.175", "0.2", "0.333"])


@given(
    currencies,
    rates,
    st.lists(st.integers(1, 10**7), min_size=1, max_size=6),
    st.lists(st.integers(1, 10**6), min_size=1, max_size=12),
)
def test_random_partial_credits_never_exceed_the_invoice(
    currency: str, rate: str, units: list[int], credits: list[int]
) -> None:
    minor = minor_units(currency)
    invoice = _invoice([Decimal(u).scaleb(-minor) for u in units], Decimal(rate), currency)
    notes = _credit_all(invoice, [Decimal(c).scaleb(-minor) for c in credits])
    subtotal = -sum((n.subtotal for n in notes), Decimal(0))
    tax = -sum((n.tax for n in notes), Decimal(0))
    total = -sum((n.total for n in notes), Decimal(0))
    assert subtotal <= invoice.subtotal
    assert 0 <= tax <= invoice.tax
    assert total <= invoice.total
    for note in notes:
        assert note.total == note.subtotal + note.tax
        assert note.tax <= 0
    if subtotal == invoice.subtotal:  # all of it credited: exactly all of it
        assert (tax, total) == (invoice.tax, invoice.total)
