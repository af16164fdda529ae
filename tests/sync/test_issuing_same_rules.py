"""The server issues with the laptop's own operation (issue 13): a document with no lines is
refused there as on the standalone laptop (tests/services/billing/test_issue_operation.py),
and the issued document's SHA-256 is recorded after the commit, of its snapshot's rendering."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.documents import DocumentKind, DocumentStatus
from advisor_desk.domain.periods import Period
from advisor_desk.domain.snapshot import Snapshot
from advisor_desk.invoices.pdf import render_pdf
from advisor_desk.server.db import open_db
from advisor_desk.services.billing import documents, partners
from advisor_desk.services.clients import teams as clients
from advisor_desk.store.models import Document
from tests.server.harness import Live
from tests.sync.issuing_env import add_acme, laptop, own_server, post_issue, seeded_tenant

NOVEMBER = Period(2026, 11)


def test_the_server_refuses_a_document_with_no_lines_and_hashes_after_commit(
    live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = seeded_tenant(live, monkeypatch)
    with own_server(live, tmp_path / "server") as server:
        a, token = laptop(tmp_path / "a", server, tenant.admin_email)
        add_acme(a.store)
        partners.save_resale_settings(
            a.store,
            just_risk="49.00",
            risk_compliance="99.00",
            tax_rate="0.10",
            legal_name="Partner Pty Ltd",
        )
        dormant = clients.create_client(
            a.store, name="Dormant", billing_model=BillingModel.RESELLER
        )
        (consolidated,) = documents.draft_documents(
            a.store, NOVEMBER, kind=DocumentKind.CONSOLIDATED_INVOICE
        )
        with a.store.write() as session:
            source = session.get(Document, consolidated.id)
            assert source is not None
            empty = Document(
                partner_id=source.partner_id,
                kind=DocumentKind.PARTNER_INVOICE.value,
                status=DocumentStatus.DRAFT,
                period=str(NOVEMBER),
                recipient="Dormant",
                client_id=dormant.id,
                currency="AUD",
                tax_rate=Decimal("0.10"),
                subtotal=Decimal(0),
                tax=Decimal(0),
                total=Decimal(0),
            )
            session.add(empty)
            session.flush()
            empty_id = empty.id
        a.sync()
        refused = post_issue(server, token, empty_id)
        assert refused.status_code == 422, refused.text
        assert "the document has no lines" in refused.json()["detail"]

        issued = post_issue(server, token, consolidated.id)
        assert issued.status_code == 200, issued.text
        a.close()
    with (
        open_db(live.database.owner_url) as db,
        db.transaction(write=False, partner_id=tenant.partner_id) as session,
    ):
        row = session.scalars(select(Document).where(Document.id == consolidated.id)).one()
        still = session.scalars(select(Document).where(Document.id == empty_id)).first()
        assert row.status == DocumentStatus.ISSUED
        assert row.snapshot_json
        rendered = render_pdf(Snapshot.from_json(row.snapshot_json))
        assert row.pdf_sha256 == hashlib.sha256(rendered).hexdigest()
        assert still is None or (still.status == DocumentStatus.DRAFT and still.number is None)
