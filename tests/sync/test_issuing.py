"""With a server, only the server numbers: drafts go up, numbers come down, PDFs render
locally from the snapshot with the server's SHA-256. (A partner seeded on a pinned date and a
server whose clock is pinned after the month it bills: never the real date.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor_desk.domain.periods import Period
from advisor_desk.services.billing import documents, issuing
from advisor_desk.services.billing.issuing_remote import issue_via_server
from advisor_desk.services.errors import ServiceError
from tests.server.harness import Live
from tests.sync.issuing_env import add_acme, laptop, own_server, seeded_tenant


def test_issuing_goes_through_the_server_once(
    live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = seeded_tenant(live, monkeypatch)
    with own_server(live, tmp_path / "server") as server:
        a, _ = laptop(tmp_path / "a", server, tenant.admin_email)
        b, _ = laptop(tmp_path / "b", server, tenant.admin_email)
        try:
            add_acme(a.store)
            period = Period.parse("2026-11")
            drafts = documents.draft_documents(a.store, period)
            consolidated = next(d for d in drafts if d.kind.value == "consolidated_invoice")
            with pytest.raises(ServiceError, match="server"):
                issuing.issue_documents(a.store, [consolidated.id])
            [issued] = issue_via_server(a.store, [consolidated.id])
            [again] = issue_via_server(a.store, [consolidated.id])
            assert issued.number
            assert issued.status == "issued"
            assert again.number == issued.number  # idempotent
            b.sync()
            listed = [d for d in documents.list_documents(b.store) if d.status == "issued"]
            assert [d.number for d in listed] == [issued.number]
            rendered = issuing.document_pdf(b.store, number=issued.number)  # SHA-256 checked
            assert rendered.content.startswith(b"%PDF")
        finally:
            a.close()
            b.close()
