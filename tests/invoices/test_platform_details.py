"""The platform's legal details on its documents (issue 12, 17): supplier name, address,
ABN, e-mail and bank details on the platform's tax invoices, the referral rate on the
statement, a credit note's reason; set on a standalone laptop and on the server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from advisor_desk.domain.periods import Period
from advisor_desk.invoices import samples
from advisor_desk.invoices.pdf import render_pdf
from advisor_desk.server import admin
from advisor_desk.server.db import open_db
from advisor_desk.server.issuing import issue_period
from advisor_desk.services.billing import issuing
from advisor_desk.services.billing.platform_details import get_platform, set_platform
from advisor_desk.services.errors import ValidationError
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Document
from tests.helpers.clock import pinned_today
from tests.helpers.worked_example import build_worked_example
from tests.invoices.conftest import pages_text
from tests.server.harness import BACKENDS, Database, new_tenant, postgres_database, sqlite_database

NOV = Period(2026, 11)
DETAILS = {
    "legal_name": "Advisor Desk Platform Pty Ltd",
    "address": "Level 9, 60 Margaret Street\nSydney NSW 2000",
    "tax_number": "ABN 51 824 753 556",
    "email": "billing@advisordesk.example",
    "bank_details": "Westpac · BSB 032-000 · Account 481 223 907",
}


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(pages_text(pdf)).split())


@pytest.fixture
def issued(store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    build_worked_example(store, monkeypatch)
    set_platform(store, **DETAILS)
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-12-01")
    issuing.issue_period(store, NOV)
    return store


def test_platform_invoices_carry_the_suppliers_legal_details(issued: Store) -> None:
    for number in ("INV-000001", "INV-000002"):  # consolidated, Birch's client invoice
        text = _text(issuing.document_pdf(issued, number=number).content)
        assert "Advisor Desk Platform Pty Ltd" in text, number
        assert "ABN 51 824 753 556" in text, number
        assert "Level 9, 60 Margaret Street" in text, number
        assert "billing@advisordesk.example" in text, number
        assert "BSB 032-000" in text, number


def test_the_details_are_frozen_in_the_snapshot(issued: Store) -> None:
    set_platform(issued, address="Somewhere else")
    with issued.read() as session:
        row = session.query(Document).filter(Document.number == "INV-000001").one()
        issuer = json.loads(row.snapshot_json or "{}")["issuer"]
    assert issuer["tax_number"] == "ABN 51 824 753 556"
    assert issuer["address"].startswith("Level 9")
    text = _text(issuing.document_pdf(issued, number="INV-000001").content)
    assert "Somewhere else" not in text  # an issued document never changes


def test_the_referral_statement_shows_the_rate(issued: Store) -> None:
    text = _text(issuing.document_pdf(issued, number="RS-000001").content)
    assert "Referral rate 20%" in text
    assert "20% of its license charge" in text


def test_bad_details_are_refused_naming_the_field(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_worked_example(store, monkeypatch)
    with pytest.raises(ValidationError) as raised:
        set_platform(store, legal_name=" ", email="not an address")
    fields = {field for field, _ in raised.value.problems}
    assert fields == {"legal_name", "email"}
    assert get_platform(store).legal_name == ""


def test_a_credit_notes_reason_is_printed() -> None:
    note = samples.credit_note()
    note = replace(note, reason="Two members were billed twice in November")
    assert "Two members were billed twice in November" in _text(render_pdf(note))
    assert "Reason" not in _text(render_pdf(samples.credit_note()))


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    found = sqlite_database(tmp_path) if request.param == "sqlite" else postgres_database()
    try:
        yield found
    finally:
        found.drop()


def test_the_server_prints_the_platform_details_it_was_given(database: Database) -> None:
    tenant = new_tenant(database)
    with open_db(database.owner_url) as db:
        admin.set_platform(db, **DETAILS)
        with pytest.raises(admin.AdminError, match="--email"):
            admin.set_platform(db, email="nope")
        assert admin.show_platform(db).tax_number == "ABN 51 824 753 556"
    # issued by `serve`'s own role (the app role on PostgreSQL: it must be able to read them)
    with (
        open_db(database.app_url) as db,
        pinned_today("2026-12-02"),
        db.transaction(write=True, partner_id=tenant.partner_id) as session,
    ):
        issue_period(session, NOV)
        rows = session.query(Document).filter(Document.status == "issued").all()
        snapshots = [json.loads(row.snapshot_json or "{}") for row in rows]
    assert snapshots
    for snapshot in snapshots:
        assert snapshot["issuer"]["legal_name"] == "Advisor Desk Platform Pty Ltd"
        assert snapshot["issuer"]["tax_number"] == "ABN 51 824 753 556"
        assert "ABN 51 824 753 556" in _text(render_pdf(snapshot))
