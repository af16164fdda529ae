"""An advisor who loses access to a client loses it from their laptop too; nothing they
changed is lost, and access given again brings the client back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.partner import current_partner
from advisor_desk.services.people import advisors, members
from advisor_desk.store.engine import Store
from advisor_desk.store.models import (
    SYNCED_MODELS,
    ClientAssessment,
    ClientContent,
    ClientRisk,
    ContentItem,
    Document,
    DocumentLine,
    Member,
)
from advisor_desk.sync import local
from advisor_desk.sync.conflicts import list_rejections, retry_rejection
from advisor_desk.sync.transport import Transport
from tests.server.harness import Laptop, Live, Tenant
from tests.sync.laptops import clients_of, laptops, waiting

__all__ = ["laptops"]


def _advisor_id(laptop: Laptop) -> str:
    with laptop.store.read() as session:
        found = local.account(session).advisor_id
    assert found is not None
    return found


def _rows(store: Store) -> set[str]:
    """Ids of every synced row in a store."""
    with store.read() as session:
        found: set[str] = set()
        for model in SYNCED_MODELS:
            table = model.__table__  # type: ignore[attr-defined]
            found.update(session.scalars(select(table.c.id)))
        return found


def _members(laptop: Laptop, client_id: str) -> set[str]:
    with laptop.store.read() as session:
        return set(
            session.scalars(
                select(Member.name).where(Member.client_id == client_id, Member.deleted.is_(False))
            )
        )


def _client_with_everything(store: Store, name: str) -> str:
    """A client with members, licenses, a billing model, content, a risk, an assessment and a
    draft invoice with a line — rows of every kind that hang off a client."""
    client = clients.create_client(store, name=name, domain=f"{name.split()[0].lower()}.example")
    members.add_member(
        store, client.id, email=f"mo@{client.id[:8]}.example", name="Mo", tier=LicenseTier.FREE
    )
    members.add_member(
        store,
        client.id,
        email=f"jo@{client.id[:8]}.example",
        name="Jo",
        tier=LicenseTier.RISK_COMPLIANCE,
    )
    with store.write() as session:
        partner_id = current_partner(session).id
        item = ContentItem(partner_id=partner_id, title=f"Policy {name}", kind="policy")
        item.library = "partner"
        session.add(item)
        session.flush()
        session.add(ClientContent(partner_id=partner_id, client_id=client.id, content_id=item.id))
        session.add(ClientRisk(partner_id=partner_id, client_id=client.id, title="Phishing"))
        session.add(
            ClientAssessment(
                partner_id=partner_id,
                client_id=client.id,
                content_id=item.id,
                due=dt.date(2026, 3, 1),
            )
        )
        document = Document(
            partner_id=partner_id,
            kind="resale_invoice",
            period="2026-01",
            recipient=name,
            client_id=client.id,
            currency="AUD",
            tax_rate=Decimal("0.10"),
            subtotal=Decimal("10.00"),
            tax=Decimal("1.00"),
            total=Decimal("11.00"),
        )
        session.add(document)
        session.flush()
        session.add(
            DocumentLine(
                partner_id=partner_id,
                document_id=document.id,
                position=1,
                description="Risk",
                quantity=Decimal("1"),
                unit_price=Decimal("10.00"),
                amount=Decimal("10.00"),
            )
        )
    return client.id


def test_a_revoked_client_leaves_the_laptop_and_comes_back(laptops: dict[str, Laptop]) -> None:
    a, b, bo = laptops["a"], laptops["b"], laptops["bo"]
    bo_id = _advisor_id(bo)
    acme = _client_with_everything(a.store, "Acme Logistics")
    beta = clients.create_client(a.store, name="Beta Foods").id
    members.add_member(a.store, beta, email="al@beta.example", name="Al", tier=LicenseTier.FREE)
    advisors.give_access(a.store, bo_id, acme)
    advisors.give_access(a.store, bo_id, beta)
    advisors.give_access(a.store, _advisor_id(a), acme)  # the administrator's own access too
    assert a.sync().rejected == 0
    bo.sync()
    b.sync()
    before = _rows(bo.store)
    acme_rows = before - _rows_without(a, acme)
    assert len(acme_rows) >= 12  # client, members, licenses, content, risk, document, access…
    assert set(clients_of(bo)) == {"Acme Logistics", "Beta Foods"}

    clients.edit_client(bo.store, acme, domain="edited-offline.example")  # pending on bo
    clients.edit_client(bo.store, beta, domain="beta-edit.example")
    advisors.remove_access(a.store, bo_id, acme)
    advisors.remove_access(a.store, _advisor_id(a), acme)
    a.sync()

    report = bo.sync()
    assert report.withdrawn == ("Acme Logistics",)
    assert _rows(bo.store) & acme_rows == set()  # the client and everything under it
    assert set(clients_of(bo)) == {"Beta Foods"}
    assert _members(bo, beta) == {"Al"}  # other clients untouched
    assert waiting(bo) == 0
    [refused] = list_rejections(bo.store)
    assert refused.row_id == acme
    assert refused.fields == {"domain": "edited-offline.example"}
    assert refused.reason.startswith("access to Acme Logistics was withdrawn")

    b.sync()  # the administrator sees every client: never purged, own access row or not
    assert set(clients_of(b)) == {"Acme Logistics", "Beta Foods"}
    assert acme_rows <= _rows(b.store)

    clients.edit_client(bo.store, beta, employees=12)  # later pushes still work
    assert bo.sync().applied == 1
    a.sync()
    assert clients_of(a)["Beta Foods"].employees == 12
    assert clients_of(a)["Beta Foods"].domain == "beta-edit.example"

    advisors.give_access(a.store, bo_id, acme)
    a.sync()
    report = bo.sync(page_limit=2)  # small pages: the client must not be purged half-way
    assert report.withdrawn == ()
    assert clients_of(bo)["Acme Logistics"].domain == "acme.example"
    assert _members(bo, acme) == {"Mo", "Jo"}
    assert acme_rows - _rows(bo.store) <= {
        _access_id(a, bo_id, acme, deleted=True),
        _access_id(a, _advisor_id(a), acme, deleted=True),
    }


def _rows_without(laptop: Laptop, client_id: str) -> set[str]:
    """Ids of a store's rows other than a client's (measured on the administrator's copy)."""
    from advisor_desk.store.ownership import rows_under

    with laptop.store.read() as session:
        under = rows_under(session, client_id)
    return _rows(laptop.store) - set().union(*under.values())


def _access_id(laptop: Laptop, advisor_id: str, client_id: str, *, deleted: bool = True) -> str:
    from advisor_desk.store.models import AdvisorAccess

    with laptop.store.read() as session:
        return str(
            session.scalars(
                select(AdvisorAccess.id).where(
                    AdvisorAccess.advisor_id == advisor_id,
                    AdvisorAccess.client_id == client_id,
                    AdvisorAccess.deleted.is_(deleted),
                )
            ).first()
        )


class EditsWhilePulling(Transport):
    """A transport that lets the advisor edit just before the first page arrives (after the
    push emptied the outbox): those edits are waiting when the page withdraws the client."""

    edit: Any = None

    def pull(self, cursor: int, limit: int = 500) -> Any:
        edit, EditsWhilePulling.edit = EditsWhilePulling.edit, None
        if edit is not None:
            edit()
        return super().pull(cursor, limit)


def test_changes_waiting_when_access_goes_are_refused_and_mids_stay_right(
    laptops: dict[str, Laptop],
) -> None:
    a, bo = laptops["a"], laptops["bo"]
    bo_id = _advisor_id(bo)
    acme = clients.create_client(a.store, name="Acme Logistics").id
    beta = clients.create_client(a.store, name="Beta Foods").id
    advisors.give_access(a.store, bo_id, acme)
    advisors.give_access(a.store, bo_id, beta)
    a.sync()
    bo.sync()
    advisors.remove_access(a.store, bo_id, acme)
    a.sync()
    with bo.store.read() as session:
        acked = local.account(session).last_acked_mid

    def edit() -> None:  # beta, acme, beta: the acme changes sit in the middle of the outbox
        clients.edit_client(bo.store, beta, domain="first.example")
        members.add_member(
            bo.store, acme, email="zo@acme.example", name="Zo", tier=LicenseTier.FREE
        )
        clients.edit_client(bo.store, beta, employees=7)

    EditsWhilePulling.edit = edit
    report = bo.sync(transport_factory=lambda url, token: EditsWhilePulling(url, token, retries=0))
    assert report.withdrawn == ("Acme Logistics",)
    assert report.unsent == 2  # the new member and its license
    assert waiting(bo) == 2  # the two beta edits, still to send
    refused = list_rejections(bo.store)
    assert [r.entity for r in refused] == ["member", "member_license"]
    assert all(r.reason.endswith("this change was not sent") for r in refused)
    assert "Acme Logistics" not in clients_of(bo)

    report = bo.sync()
    assert (report.pushed, report.applied, report.rejected) == (2, 2, 0)
    with bo.store.read() as session:
        assert local.account(session).last_acked_mid == acked + 2  # no gap, nothing skipped
    a.sync()
    assert (clients_of(a)["Beta Foods"].domain, clients_of(a)["Beta Foods"].employees) == (
        "first.example",
        7,
    )

    advisors.give_access(a.store, bo_id, acme)  # back again: the refused new member can be
    a.sync()  # sent now (its values were kept in the refusal)
    bo.sync()
    for rejection in refused:
        retry_rejection(bo.store, rejection.id)
    report = bo.sync()
    assert (report.applied, report.rejected) == (2, 0)
    a.sync()
    assert _members(a, acme) == {"Zo"}


def test_a_demoted_administrator_keeps_only_the_clients_given_to_them(
    laptops: dict[str, Laptop], live: Live, tenant: Tenant, tmp_path: Path
) -> None:
    a = laptops["a"]
    cy = Laptop(tmp_path / "cy", live.server, tenant.emails["cy"])
    try:
        cy.login()
        cy.sync()
        cy_id = _advisor_id(cy)
        advisors.edit_advisor(a.store, cy_id, role=advisors.Role.ADMINISTRATOR)
        acme = clients.create_client(a.store, name="Acme Logistics").id
        beta = clients.create_client(a.store, name="Beta Foods").id
        advisors.give_access(a.store, cy_id, beta)
        a.sync()
        cy.sync()
        assert set(clients_of(cy)) == {"Acme Logistics", "Beta Foods"}
        advisors.edit_advisor(a.store, cy_id, role=advisors.Role.ADVISOR)
        a.sync()
        assert cy.sync().withdrawn == ("Acme Logistics",)
        assert set(clients_of(cy)) == {"Beta Foods"}
        with cy.store.read() as session:
            assert local.account(session).role == "advisor"
        advisors.give_access(a.store, cy_id, acme)
        a.sync()
        cy.sync()
        assert set(clients_of(cy)) == {"Acme Logistics", "Beta Foods"}
    finally:
        cy.close()


def test_access_taken_and_given_back_between_two_syncs_keeps_the_client(
    laptops: dict[str, Laptop],
) -> None:
    a, bo = laptops["a"], laptops["bo"]
    bo_id = _advisor_id(bo)
    acme = _client_with_everything(a.store, "Acme Logistics")
    advisors.give_access(a.store, bo_id, acme)
    a.sync()
    bo.sync()
    advisors.remove_access(a.store, bo_id, acme)
    a.sync()
    advisors.give_access(a.store, bo_id, acme)  # a new access row; the old one's tombstone
    a.sync()  # is re-versioned with the client's rows
    report = bo.sync(page_limit=1)  # every row its own page
    assert report.withdrawn == ()
    assert _members(bo, acme) == {"Mo", "Jo"}
    assert _rows_without(a, acme) | _rows(bo.store) == _rows(a.store)
