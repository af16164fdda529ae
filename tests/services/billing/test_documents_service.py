"""Drafts, issuing with gapless numbers, credit notes, stored PDFs."""

from __future__ import annotations

import hashlib
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from advisor_desk.domain.documents import DocumentKind
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing import documents, issuing
from advisor_desk.services.billing.documents import DocumentIssuedError
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.store.engine import Store, open_store
from tests.helpers.threads import join_all
from tests.helpers.worked_example import build_worked_example

NOV = Period(2026, 11)


@pytest.fixture
def example(store: Store, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    ids = build_worked_example(store, monkeypatch)
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-12-01")
    return ids


def test_drafts_of_a_period_match_the_rules(store: Store, example: dict[str, str]) -> None:
    drafts = documents.draft_documents(store, NOV)
    by_kind = {(d.kind, d.recipient): d for d in drafts}
    consolidated = by_kind[(DocumentKind.CONSOLIDATED_INVOICE, "Harbour Risk Advisory")]
    assert (consolidated.subtotal, consolidated.tax, consolidated.total) == (
        Decimal("556.00"),
        Decimal("55.60"),
        Decimal("611.60"),
    )
    assert by_kind[(DocumentKind.CLIENT_INVOICE, "Birch")].total == Decimal("77.00")
    assert by_kind[(DocumentKind.REFERRAL_STATEMENT, "Harbour Risk Advisory")].subtotal == Decimal(
        "77.20"
    )
    assert all(d.status == "draft" and d.number is None for d in drafts)


def test_drafting_again_refreshes_instead_of_duplicating(
    store: Store, example: dict[str, str]
) -> None:
    first = documents.draft_documents(store, NOV)
    second = documents.draft_documents(store, NOV)
    assert [d.id for d in first] == [d.id for d in second]
    assert len(documents.list_documents(store, period=NOV)) == 3


def test_issuing_numbers_each_series_consecutively_and_is_idempotent(
    store: Store, example: dict[str, str]
) -> None:
    issued = issuing.issue_period(store, NOV)
    assert sorted(d.number or "" for d in issued) == ["INV-000001", "INV-000002", "RS-000001"]
    again = issuing.issue_period(store, NOV)
    assert sorted(d.number or "" for d in again) == ["INV-000001", "INV-000002", "RS-000001"]
    assert len(documents.list_documents(store)) == 3


def test_issued_pdf_is_stored_with_its_sha256_and_rerenders_identically(
    store: Store, example: dict[str, str], data_dir: Path
) -> None:
    issuing.issue_period(store, NOV)
    stored = data_dir / "invoices" / "INV-000001.pdf"
    pdf = issuing.document_pdf(store, number="INV-000001")
    assert pdf.content == stored.read_bytes()
    assert pdf.sha256 == hashlib.sha256(stored.read_bytes()).hexdigest()
    stored.unlink()  # lost file: rendered again from the snapshot, same bytes
    assert issuing.document_pdf(store, number="INV-000001").sha256 == pdf.sha256


def test_a_tampered_pdf_is_detected(store: Store, example: dict[str, str], data_dir: Path) -> None:
    issuing.issue_period(store, NOV)
    stored = data_dir / "invoices" / "INV-000001.pdf"
    stored.write_bytes(stored.read_bytes() + b"%tampered\n")
    with pytest.raises(ServiceError, match="does not match"):
        issuing.document_pdf(store, number="INV-000001")


def test_full_credit_note_negates_the_invoice_exactly(
    store: Store, example: dict[str, str]
) -> None:
    issuing.issue_period(store, NOV)
    note = issuing.credit_note(store, "INV-000001")
    assert note.number == "CN-000001"
    assert (note.subtotal, note.tax, note.total) == (
        Decimal("-556.00"),
        Decimal("-55.60"),
        Decimal("-611.60"),
    )
    with pytest.raises(ValidationError, match="left to credit"):
        issuing.credit_note(store, "INV-000001", "0.01")


def test_partial_credit_notes_cannot_exceed_the_invoice(
    store: Store, example: dict[str, str]
) -> None:
    issuing.issue_period(store, NOV)
    first = issuing.credit_note(store, "INV-000002", "50.00")
    assert (first.subtotal, first.tax, first.total) == (
        Decimal("-50.00"),
        Decimal("-5.00"),
        Decimal("-55.00"),
    )
    with pytest.raises(ValidationError, match=r"only 20\.00 of INV-000002 is left"):
        issuing.credit_note(store, "INV-000002", "20.01")
    assert issuing.credit_note(store, "INV-000002", "20.00").number == "CN-000002"


def test_an_issued_document_cannot_be_edited_or_deleted(
    store: Store, example: dict[str, str]
) -> None:
    issuing.issue_period(store, NOV)
    issued = documents.list_documents(store)[0]
    with pytest.raises(DocumentIssuedError):
        documents.delete_draft(store, issued.id)
    with pytest.raises(DocumentIssuedError):
        documents.add_line(store, issued.id, "Advisory hours", "2", "150.00")


def test_resale_invoice_takes_advisory_hours(store: Store, example: dict[str, str]) -> None:
    from advisor_desk.services.billing import partners

    partners.save_resale_settings(
        store,
        just_risk="49.00",
        risk_compliance="99.00",
        tax_rate="0.10",
        legal_name="Harbour Risk Advisory Pty Ltd",
        invoice_prefix="HRA-",
    )
    (draft,) = documents.draft_documents(store, NOV, kind=DocumentKind.RESALE_INVOICE)
    assert draft.recipient == "Acme"
    assert draft.subtotal == Decimal("396.00")
    with_hours = documents.add_line(store, draft.id, "Advisory hours", "2.5", "180.00")
    assert with_hours.subtotal == Decimal("846.00")
    (issued,) = issuing.issue_documents(store, [draft.id])
    assert issued.number == "HRA-000001"


def test_fifty_concurrent_issuers_get_unique_consecutive_numbers(
    store: Store, example: dict[str, str], data_dir: Path
) -> None:
    issuing.issue_period(store, NOV)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def credit_one_cent() -> None:
        own = open_store(data_dir)  # each issuer its own connection, as separate processes
        try:
            numbers.append(issuing.credit_note(own, "INV-000001", "1.00").number or "")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=credit_one_cent, daemon=True) for _ in range(50)]
    for thread in threads:
        thread.start()
    join_all(threads)
    assert errors == []
    assert sorted(numbers) == [f"CN-{n:06d}" for n in range(1, 51)]


def test_drafting_a_resale_invoice_again_keeps_the_advisors_lines(
    store: Store, example: dict[str, str]
) -> None:
    from advisor_desk.services.billing import partners

    partners.save_resale_settings(
        store,
        just_risk="49.00",
        risk_compliance="99.00",
        tax_rate="0.10",
        legal_name="Harbour Risk Advisory Pty Ltd",
        invoice_prefix="HRA-",
    )
    (draft,) = documents.draft_documents(store, NOV, kind=DocumentKind.RESALE_INVOICE)
    documents.add_line(store, draft.id, "Advisory hours", "2.5", "180.00")
    (again,) = documents.draft_documents(store, NOV, kind=DocumentKind.RESALE_INVOICE)
    assert again.id == draft.id
    assert again.subtotal == Decimal("846.00")
