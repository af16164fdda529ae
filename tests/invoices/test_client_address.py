"""A client's postal address on the documents addressed to it (issue 12, 17): the platform's
client invoice to a direct client, the partner's invoice to a client and their credit notes
print it under the client's name; documents to clients without one are as before."""

from __future__ import annotations

import json

import pytest

from advisor_desk.domain.documents import DocumentKind
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing import documents, issuing, partners
from advisor_desk.services.clients import teams
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Document
from tests.helpers.worked_example import build_worked_example
from tests.invoices.conftest import pages_text

NOV = Period(2026, 11)
BIRCH = "Level 3, 12 Quay Street\nAuckland 1010\nNew Zealand"
ACME = "7 Dock Road\nFremantle WA 6160"


def _text(pdf: bytes) -> str:
    return "\n".join(pages_text(pdf))


def _snapshot(store: Store, number: str) -> dict[str, object]:
    with store.read() as session:
        row = session.query(Document).filter(Document.number == number).one()
        return dict(json.loads(row.snapshot_json or "{}"))


@pytest.fixture
def issued(store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    ids = build_worked_example(store, monkeypatch)
    teams.edit_client(store, ids["birch"], address=BIRCH)
    teams.edit_client(store, ids["acme"], address=ACME)
    partners.save_resale_settings(
        store,
        just_risk="45.00",
        risk_compliance="95.00",
        tax_rate="0.10",
        legal_name="HRA",
        invoice_prefix="HRA-",
    )
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-12-01")
    issuing.issue_period(store, NOV)
    (resale,) = documents.draft_documents(store, NOV, kind=DocumentKind.RESALE_INVOICE)
    issuing.issue_documents(store, [resale.id])
    issuing.credit_note(store, "INV-000002", "10.00")
    return store


def test_a_direct_clients_invoice_prints_its_address_under_its_name(issued: Store) -> None:
    assert _snapshot(issued, "INV-000002")["recipient_address"] == BIRCH
    text = _text(issuing.document_pdf(issued, number="INV-000002").content)
    lines = [line.strip() for line in text.splitlines()]
    at = lines.index("Birch")
    assert lines[at + 1 : at + 4] == BIRCH.splitlines()


def test_the_partner_invoice_and_the_credit_note_print_the_address(issued: Store) -> None:
    resale = _text(issuing.document_pdf(issued, number="HRA-000001").content)
    for line in ACME.splitlines():
        assert line in resale
    note = _text(issuing.document_pdf(issued, number="CN-000001").content)
    assert "Credit to".upper() in note
    for line in BIRCH.splitlines():
        assert line in note


def test_documents_to_the_partner_carry_no_client_address(issued: Store) -> None:
    for number in ("INV-000001", "RS-000001"):  # consolidated invoice, referral statement
        assert "recipient_address" not in _snapshot(issued, number), number
        text = _text(issuing.document_pdf(issued, number=number).content)
        assert "Quay Street" not in text, number
        assert "Dock Road" not in text, number


def test_a_client_without_an_address_gets_no_key(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_worked_example(store, monkeypatch)
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-12-01")
    issuing.issue_period(store, NOV)
    assert "recipient_address" not in _snapshot(store, "INV-000002")
