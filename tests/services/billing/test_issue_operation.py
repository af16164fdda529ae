"""The one issuing operation on the laptop (issue 13): database work only, the partner given
explicitly, a typed snapshot, the PDF written and its SHA-256 recorded after the commit, and
the rules shared with the server (a document with no lines is refused on both sides: see
tests/sync/test_issuing_same_rules.py for the server's side)."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from sqlalchemy import select

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.document_rules import is_rules_line
from advisor_desk.domain.documents import DocumentKind, DocumentStatus
from advisor_desk.domain.periods import Period
from advisor_desk.domain.snapshot import Snapshot
from advisor_desk.invoices.pdf import render_pdf
from advisor_desk.services.billing import issuing, partners
from advisor_desk.services.billing.pdf_files import write_pdfs
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.services.ops import run_op
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Document, Partner
from tests.helpers.worked_example import build_worked_example

NOV = Period(2026, 11)


@pytest.fixture
def example(store: Store, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    ids = build_worked_example(store, monkeypatch)
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-12-01")
    return ids


def test_the_operation_writes_no_file_and_the_pdf_follows_the_commit(
    store: Store, example: dict[str, str]
) -> None:
    done = run_op(store, issuing.issue_month, NOV)
    issued = done.value.issued
    assert {row.kind for row in issued} == {
        DocumentKind.CONSOLIDATED_INVOICE,
        DocumentKind.CLIENT_INVOICE,
        DocumentKind.REFERRAL_STATEMENT,
    }
    assert "document" in done.changes.entities  # views hear of it from the flush hook
    assert not store.invoices_dir.exists() or not any(store.invoices_dir.iterdir())
    with store.read() as session:
        rows = session.scalars(select(Document).where(Document.status == DocumentStatus.ISSUED))
        pending = {row.id: row.snapshot_json for row in rows if row.pdf_sha256 is None}
    assert len(pending) == 3  # numbered and frozen, the SHA-256 not recorded yet

    assert write_pdfs(store, list(pending)) == 3
    with store.read() as session:
        for doc_id, text in pending.items():
            row = session.get(Document, doc_id)
            assert row is not None
            assert row.pdf_file
            stored = (store.invoices_dir / row.pdf_file).read_bytes()
            assert hashlib.sha256(stored).hexdigest() == row.pdf_sha256
            assert render_pdf(Snapshot.from_json(text)) == stored
    assert write_pdfs(store, list(pending)) == 0  # written and checked: kept as they are


def test_a_file_changed_after_issuing_is_caught(store: Store, example: dict[str, str]) -> None:
    (invoice, *_) = issuing.issue_period(store, NOV)
    assert invoice.number
    (store.invoices_dir / f"{invoice.number}.pdf").write_bytes(b"%PDF-1.4 something else")
    with pytest.raises(ServiceError, match="does not match its recorded SHA-256"):
        issuing.document_pdf(store, number=invoice.number)


def test_the_snapshot_is_typed_and_reads_back_as_stored(
    store: Store, example: dict[str, str]
) -> None:
    issuing.issue_period(store, NOV)
    with store.read() as session:
        texts = session.scalars(
            select(Document.snapshot_json).where(Document.status == DocumentStatus.ISSUED)
        ).all()
    for text in texts:
        assert text is not None
        snapshot = Snapshot.from_json(text)
        assert snapshot.status is DocumentStatus.ISSUED
        assert snapshot.title == snapshot.kind.document_title
        assert snapshot.to_json() == text  # nothing lost, nothing added
        if snapshot.kind is DocumentKind.REFERRAL_STATEMENT:
            assert snapshot.due_date is None
            assert snapshot.payment_terms_days is None
        else:
            assert snapshot.issue_date is not None
            assert snapshot.due_date is not None
            assert (snapshot.due_date - snapshot.issue_date).days == 14  # the platform's terms


def test_a_document_with_no_lines_is_refused(store: Store, example: dict[str, str]) -> None:
    partners.save_resale_settings(
        store,
        just_risk="49.00",
        risk_compliance="99.00",
        tax_rate="0.10",
        legal_name="Harbour Risk Advisory Pty Ltd",
    )
    dormant = clients.create_client(store, name="Dormant", billing_model=BillingModel.RESELLER)
    with store.write() as session:
        partner = session.scalars(select(Partner)).one()
        row = Document(
            partner_id=partner.id,
            kind=DocumentKind.PARTNER_INVOICE.value,
            status=DocumentStatus.DRAFT,
            period=str(NOV),
            recipient="Dormant",
            client_id=dormant.id,
            currency="AUD",
            tax_rate=Decimal("0.10"),
            subtotal=Decimal(0),
            tax=Decimal(0),
            total=Decimal(0),
        )
        session.add(row)
        session.flush()
        draft_id = row.id
    with pytest.raises(ValidationError, match="the document has no lines"):
        issuing.issue_documents(store, [draft_id])
    with store.read() as session:
        still = session.get(Document, draft_id)
        assert still is not None
        assert still.status == DocumentStatus.DRAFT
        assert not still.number


def test_the_operation_issues_for_the_partner_it_is_given(
    store: Store, example: dict[str, str]
) -> None:
    with store.write() as session:
        other = Partner(name="Aardvark Advisory")  # first by name
        other.partner_id = other.id = "aardvark"
        session.add(other)
    with store.write() as session:
        harbour = session.scalars(
            select(Partner).where(Partner.name == "Harbour Risk Advisory")
        ).one()
        done = issuing.issue_month(session, harbour, NOV)
        assert done.issued
        assert all(row.partner_id == harbour.id for row in done.issued)


def test_advisor_lines_are_told_apart_by_explicit_data() -> None:
    assert is_rules_line("Just Risk licenses")
    assert is_rules_line("Harbour ISO 27001 toolkit — monthly")
    assert not is_rules_line("Advisory hours")
    assert not is_rules_line("Extra seats for the board licenses")  # only the rules' own
