"""A pull never fails on one bad row: the rest of the page and the cursor are applied, the
row waits (shown among the refused changes, tried again at every sync). And a tombstone on
the server takes its children with it, so two laptops issuing the same period leave no
orphan for a third laptop to choke on."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing import documents
from advisor_desk.services.billing.issuing_remote import issue_via_server
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.people import members
from advisor_desk.store.models import Document, DocumentLine, Member
from advisor_desk.sync.conflicts import list_rejections
from advisor_desk.sync.status import sync_status
from advisor_desk.sync.transport import Transport
from tests.server.harness import Laptop, Live, Tenant
from tests.sync.laptops import clients_of, laptops

__all__ = ["laptops"]


def _consolidated(laptop: Laptop, period: Period) -> str:
    drafts = documents.draft_documents(laptop.store, period)
    return next(d.id for d in drafts if d.kind.value == "consolidated_invoice")


def test_two_laptops_issuing_one_period_leave_a_new_laptop_able_to_sync(
    laptops: dict[str, Laptop], live: Live, tenant: Tenant, tmp_path: Path
) -> None:
    a, b = laptops["a"], laptops["b"]
    acme = clients.create_client(a.store, name="Acme")
    members.add_member(
        a.store, acme.id, email="mo@acme.example", name="Mo", tier=LicenseTier.RISK_COMPLIANCE
    )
    a.sync()
    b.sync()
    period = Period.parse("2026-11")
    mine, theirs = _consolidated(a, period), _consolidated(b, period)  # both offline
    [issued] = issue_via_server(a.store, [mine])
    issue_via_server(b.store, [theirs])  # the server keeps the first, buries this draft
    fresh = Laptop(tmp_path / "fresh", live.server, tenant.admin_email)
    try:
        fresh.login()
        report = fresh.sync()  # failed with a foreign-key error (exit 70) before
        assert report.held == 0
        for laptop in (a, b, fresh):
            laptop.sync()
            with laptop.store.read() as session:
                live_docs = {
                    d.id
                    for d in session.scalars(select(Document).where(Document.deleted.is_(False)))
                }
                lines = session.scalars(
                    select(DocumentLine).where(DocumentLine.deleted.is_(False))
                ).all()
                assert {line.document_id for line in lines} <= live_docs
                numbers = [
                    d.number
                    for d in session.scalars(select(Document).where(Document.status == "issued"))
                ]
                assert numbers == [issued.number]
            assert list_rejections(laptop.store) == []
    finally:
        fresh.close()


class Poisoning(Transport):
    """The server's pages, with bad rows slipped into the first one."""

    poison: list[dict[str, Any]] = []

    def pull(self, cursor: int, limit: int = 500) -> Any:
        page = super().pull(cursor, limit)
        if Poisoning.poison and page["changes"]:
            page["changes"] = [*Poisoning.poison, *page["changes"]]
            Poisoning.poison = []
        return page


def test_a_page_with_poisoned_rows_applies_the_rest(
    laptops: dict[str, Laptop], tmp_path: Path, live: Live, tenant: Tenant
) -> None:
    a = laptops["a"]
    acme = clients.create_client(a.store, name="Acme")
    a.sync()
    orphan = str(uuid.uuid4())
    Poisoning.poison = [
        {  # refers to a client nobody has
            "entity": "member",
            "id": orphan,
            "version": 1,
            "deleted": False,
            "fields": {"client_id": str(uuid.uuid4()), "email": "x@y.example", "name": "X"},
        },
        {  # a value that cannot be read
            "entity": "client",
            "id": str(uuid.uuid4()),
            "version": 1,
            "deleted": False,
            "fields": {"name": "Broken", "domain": "", "created": "not a date", "tags": []},
        },
        {
            "entity": "no_such_table",
            "id": str(uuid.uuid4()),
            "version": 1,
            "deleted": False,
            "fields": {},
        },
    ]
    fresh = Laptop(tmp_path / "poisoned", live.server, tenant.admin_email)
    try:
        fresh.login()
        report = fresh.engine(
            transport_factory=lambda url, token: Poisoning(url, token, retries=0)
        ).sync()
        assert Poisoning.poison == []  # the bad rows were served
        assert "Acme" in clients_of(fresh)  # the rest of the page is in
        assert report.held == 3
        refused = list_rejections(fresh.store)
        assert len(refused) == 3
        assert {r.op for r in refused} == {"pull"}
        assert any("client_id" in r.reason for r in refused)
        status = sync_status(fresh.store)
        assert status.held == 3
        assert "not applied" in status.text
        clients.edit_client(a.store, acme.id, domain="later.example")
        a.sync()
        again = fresh.sync()  # the cursor moved: later changes come, the bad rows wait
        assert clients_of(fresh)["Acme"].domain == "later.example"
        assert again.held == 3
    finally:
        fresh.close()


def test_a_row_pulled_before_its_reversioned_parent_waits_for_it(
    laptops: dict[str, Laptop], tmp_path: Path, live: Live, tenant: Tenant
) -> None:
    a = laptops["a"]
    acme = clients.create_client(a.store, name="Acme")
    members.add_member(
        a.store, acme.id, email="mo@acme.example", name="Mo", tier=LicenseTier.RISK_COMPLIANCE
    )
    a.sync()
    clients.edit_client(a.store, acme.id, domain="renamed.example")  # the client moves on
    a.sync()
    fresh = Laptop(tmp_path / "paged", live.server, tenant.admin_email)
    try:
        fresh.login()
        report = fresh.sync(page_limit=1)  # the member comes pages before its client
        assert report.held == 0
        with fresh.store.read() as session:
            assert session.scalars(select(Member.name)).all() == ["Mo"]
        assert clients_of(fresh)["Acme"].domain == "renamed.example"
        assert list_rejections(fresh.store) == []  # it waited, then went in
    finally:
        fresh.close()
