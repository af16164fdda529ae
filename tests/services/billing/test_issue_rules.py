"""Standalone issuing (the laptop numbers): what is issued is what the billing rules give
(issue 12, items 4, 10, 12, 13): never a month that has not ended in the partner's time zone,
never the amounts a draft row holds, an advisor's line only when it is a well-formed line,
never a zero total, and credit notes never take back more than the invoice."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from advisor_desk.domain.documents import DocumentKind
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing import documents, issuing, partners
from advisor_desk.services.billing.draft_scope import PartialDraftRefused
from advisor_desk.services.errors import ValidationError
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Document, DocumentLine, SyncDevice, SyncState
from tests.helpers.worked_example import build_worked_example

NOV, DEC = Period(2026, 11), Period(2026, 12)
D = Decimal


@pytest.fixture
def example(store: Store, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    ids = build_worked_example(store, monkeypatch)
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-12-01")
    return ids


@pytest.mark.parametrize("today", ["2026-11-30", "2026-11-01", "2025-12-31"])
def test_a_month_is_not_issued_before_it_has_ended(
    store: Store, example: dict[str, str], monkeypatch: pytest.MonkeyPatch, today: str
) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", today)
    with pytest.raises(ValidationError, match="2026-11 has not ended"):
        issuing.issue_period(store, NOV)
    drafts = documents.draft_documents(store, NOV)  # drafting (a preview) is fine
    with pytest.raises(ValidationError, match="has not ended"):
        issuing.issue_documents(store, [drafts[0].id])
    assert all(d.number is None for d in documents.list_documents(store))


def test_this_month_and_next_year_are_refused_an_ended_month_is_issued(
    store: Store, example: dict[str, str]
) -> None:
    for period in (DEC, Period(2027, 12)):
        with pytest.raises(ValidationError, match=f"{period} has not ended"):
            issuing.issue_period(store, period)
    assert [d.number for d in issuing.issue_period(store, NOV)]


def test_issuing_rebuilds_a_tampered_draft(store: Store, example: dict[str, str]) -> None:
    drafts = documents.draft_documents(store, NOV)
    consolidated = next(d for d in drafts if d.kind is DocumentKind.CONSOLIDATED_INVOICE)
    with store.write() as session:
        row = session.get(Document, consolidated.id)
        assert row is not None
        row.subtotal, row.tax, row.total = D("1000.00"), D("100.00"), D("1100.00")
        for line in session.scalars(
            select(DocumentLine).where(DocumentLine.document_id == consolidated.id)
        ):
            line.unit_price, line.amount = D("0.01"), D("1000.00")
    (issued,) = issuing.issue_documents(store, [consolidated.id])
    assert (issued.subtotal, issued.tax, issued.total) == (D("556.00"), D("55.60"), D("611.60"))


def _resale_draft(store: Store) -> str:
    partners.save_resale_settings(
        store,
        just_risk="49.00",
        risk_compliance="99.00",
        tax_rate="0.10",
        legal_name="Harbour Risk Advisory Pty Ltd",
        invoice_prefix="HRA-",
    )
    (draft,) = documents.draft_documents(store, NOV, kind=DocumentKind.RESALE_INVOICE)
    return draft.id


def _add_raw_line(store: Store, document_id: str, quantity: str, unit: str, amount: str) -> None:
    with store.write() as session:
        row = session.get(Document, document_id)
        assert row is not None
        session.add(
            DocumentLine(
                partner_id=row.partner_id,
                document_id=row.id,
                position=99,
                description="Discount",
                quantity=D(quantity),
                unit_price=D(unit),
                amount=D(amount),
            )
        )


@pytest.mark.parametrize(
    ("quantity", "unit", "amount", "field"),
    [
        ("1", "-500.00", "-500.00", "unit_price"),  # a negative price
        ("-1", "500.00", "-500.00", "quantity"),  # a negative quantity
        ("1", "0.01", "1100.00", "amount"),  # an amount that is not quantity × price
    ],
)
def test_an_advisor_line_is_issued_only_as_the_rules_allow(
    store: Store, example: dict[str, str], quantity: str, unit: str, amount: str, field: str
) -> None:
    document_id = _resale_draft(store)
    _add_raw_line(store, document_id, quantity, unit, amount)
    with pytest.raises(ValidationError, match=field):
        issuing.issue_documents(store, [document_id])
    assert all(d.number is None for d in documents.list_documents(store))


def test_a_well_formed_advisor_line_is_kept(store: Store, example: dict[str, str]) -> None:
    document_id = _resale_draft(store)
    documents.add_line(store, document_id, "Advisory hours", "2.5", "180.00")
    (issued,) = issuing.issue_documents(store, [document_id])
    assert issued.subtotal == D("846.00")  # 4 × 99.00 + 2.5 × 180.00


def test_a_zero_total_document_is_skipped_and_spends_no_number(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-10-05")
    partners.create_partner(store, name="Quiet Partner")  # no advisors, no clients
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-11-02")
    october = Period(2026, 10)
    done = issuing.issue_period_report(store, october)
    assert done.issued == []
    assert {d.kind for d in done.skipped} == {
        DocumentKind.CONSOLIDATED_INVOICE,
        DocumentKind.REFERRAL_STATEMENT,
    }
    assert all(d.total == 0 for d in done.skipped)
    (draft,) = documents.draft_documents(store, october, kind=DocumentKind.CONSOLIDATED_INVOICE)
    with pytest.raises(ValidationError, match="nothing to issue: the total is 0.00"):
        issuing.issue_documents(store, [draft.id])
    assert all(d.number is None for d in documents.list_documents(store))


def test_a_non_administrator_does_not_draft_partner_level_documents(
    store: Store, example: dict[str, str]
) -> None:
    with store.write() as session:
        session.add(SyncState(id=1, server_url="https://example.invalid", cursor=0))
        session.add(SyncDevice(id=1, last_acked_mid=0, role="advisor"))
    for kind in (None, DocumentKind.CONSOLIDATED_INVOICE, DocumentKind.REFERRAL_STATEMENT):
        with pytest.raises(PartialDraftRefused, match="only the partner's administrators"):
            documents.draft_documents(store, NOV, kind=kind)
    (birch,) = documents.draft_documents(store, NOV, kind=DocumentKind.CLIENT_INVOICE)
    assert birch.recipient == "Birch"
    with store.write() as session:
        device = session.get(SyncDevice, 1)
        assert device is not None
        device.role = "administrator"
    assert len(documents.draft_documents(store, NOV)) == 3


def test_a_credit_note_carries_its_reason_in_the_snapshot(
    store: Store, example: dict[str, str]
) -> None:
    issuing.issue_period(store, NOV)
    note = issuing.credit_note(store, "INV-000002", "10.00", reason="  Wrong\ntier  ")
    with store.read() as session:
        row = session.get(Document, note.id)
        assert row is not None
        assert json.loads(row.snapshot_json or "{}")["reason"] == "Wrong tier"
    with pytest.raises(ValidationError, match="reason"):
        issuing.credit_note(store, "INV-000002", "1.00", reason="x" * 501)
