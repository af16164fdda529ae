"""Undoing a client's creation tombstones the client and every row it made (onboarding's
plan too), so billing is as before; it refuses once the client was changed or billed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.charges import charges_for_period
from advisor_desk.services.billing.issuing import issue_period
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.clients import undo as client_undo
from advisor_desk.services.clients.onboarding import NewClient, NewMember
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.library.content import grant_to_client
from advisor_desk.services.people import members
from advisor_desk.store.engine import Store
from advisor_desk.store.models import (
    AdvisorAccess,
    Client,
    ClientAssessment,
    ClientBillingModel,
    ClientContent,
    ClientRisk,
    ContentGrant,
    Member,
    MemberLicense,
    Outbox,
)
from tests.helpers.templates import Library_, cyber_template, make_library

MAY, JUNE = Period(2026, 5), Period(2026, 6)
OWNED = (
    ClientBillingModel,
    Member,
    AdvisorAccess,
    ClientContent,
    ContentGrant,
    ClientRisk,
    ClientAssessment,
)


@pytest.fixture
def lib(store: Store, monkeypatch: pytest.MonkeyPatch) -> Library_:
    """A partner (today 14 May 2026) with a library, advisors, the "Cyber uplift" template
    and one client already (Acme, one R&C member)."""
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-05-14")
    made = make_library(store)
    cyber_template(store, made)
    acme = clients.create_client(store, name="Acme Logistics", created=dt.date(2026, 5, 1))
    members.add_member(
        store, acme.id, email="jo@acme.example", name="Jo", tier=LicenseTier.RISK_COMPLIANCE
    )
    return made


def _dune(**changes: object) -> NewClient:
    fields: dict[str, object] = {
        "name": "Dune Energy",
        "template": "Cyber uplift",
        "domain": "dune.example",
        "members": (
            NewMember("kim@dune.example", "Kim"),
            NewMember("lee@dune.example", "Lee", LicenseTier.JUST_RISK),
        ),
    }
    fields.update(changes)
    return NewClient(**fields)  # type: ignore[arg-type]


def _live(store: Store, client_id: str) -> dict[str, int]:
    with store.read() as session:
        counts = {
            model.__tablename__: session.scalar(
                select(func.count())
                .select_from(model)
                .where(model.client_id == client_id, model.deleted.is_(False))
            )
            or 0
            for model in OWNED
        }
        counts["member_license"] = (
            session.scalar(
                select(func.count())
                .select_from(MemberLicense)
                .join(Member, Member.id == MemberLicense.member_id)
                .where(Member.client_id == client_id, MemberLicense.deleted.is_(False))
            )
            or 0
        )
    return counts


def _seen(store: Store) -> tuple[object, ...]:
    return (
        charges_for_period(store, MAY),
        charges_for_period(store, JUNE),
        [(c.name, c.license_mix) for c in clients.list_clients(store)],
    )


def test_undo_onboarding_tombstones_every_row_it_made(store: Store, lib: Library_) -> None:
    before = _seen(store)
    creation = client_undo.onboard_client(store, _dune())
    made = _live(store, creation.client.id)
    assert made == {
        "client_billing_model": 1,
        "member": 2,
        "advisor_access": 1,
        "client_content": 2,
        "content_grant": 2,  # the grants' history (billing-rules.md, rule 7)
        "client_risk": 2,
        "client_assessment": 1,
        "member_license": 2,
    }
    assert len(creation.rows) == 1 + sum(made.values())
    assert _seen(store) != before

    client_undo.undo_client_creation(store, creation)

    assert _seen(store) == before
    assert set(_live(store, creation.client.id).values()) == {0}
    with store.read() as session:
        client = session.get(Client, creation.client.id)
        assert client is not None
        assert client.deleted
        deleted = {
            row.row_id for row in session.scalars(select(Outbox).where(Outbox.op == "delete"))
        }
    assert {key.split(":", 1)[1] for key in creation.rows} <= deleted  # synced as deletions

    redo = client_undo.onboard_client(store, _dune())  # the name is free again
    assert redo.client.id != creation.client.id
    client_undo.undo_client_creation(store, redo)
    assert _seen(store) == before


def test_undo_a_plain_creation(store: Store, lib: Library_) -> None:
    before = _seen(store)
    creation = client_undo.create_client(
        store, name="Birch Retail", billing_model=BillingModel.DIRECT
    )
    assert creation.client.billing_model is BillingModel.DIRECT
    client_undo.undo_client_creation(store, creation)
    assert _seen(store) == before
    with pytest.raises(ServiceError, match="was deleted since"):
        client_undo.undo_client_creation(store, creation)


@pytest.mark.parametrize(
    ("change", "what"),
    [
        ("member", "its members, its members' tiers"),
        ("tier", "its members' tiers"),
        ("content", "its content"),
        ("rename", "its details"),
    ],
)
def test_undo_refuses_once_the_client_changed(
    store: Store, lib: Library_, change: str, what: str
) -> None:
    creation = client_undo.onboard_client(store, _dune())
    client_id = creation.client.id
    if change == "member":
        members.add_member(
            store, client_id, email="max@dune.example", name="Max", tier=LicenseTier.FREE
        )
    elif change == "tier":
        kim = next(m for m in members.list_members(store, client_id) if m.name == "Kim")
        members.change_tier(store, kim.id, LicenseTier.FREE, dt.date(2026, 6, 1))
    elif change == "content":
        grant_to_client(store, client_id, [lib.items["Incident response playbook"]])
    else:
        clients.edit_client(store, client_id, name="Dune Power")
    seen = _live(store, client_id)
    with pytest.raises(ServiceError, match=f"changed since it was created \\({what}\\)"):
        client_undo.undo_client_creation(store, creation)
    assert _live(store, client_id) == seen  # nothing half-done
    assert clients.get_client(store, client_id).id == client_id


def test_undo_refuses_once_a_document_billing_it_was_issued(
    store: Store, lib: Library_, monkeypatch: pytest.MonkeyPatch
) -> None:
    creation = client_undo.onboard_client(store, _dune())
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-06-02")  # May has ended: it can be issued
    issue_period(store, MAY)
    with pytest.raises(ServiceError, match="was issued since for 2026-05"):
        client_undo.undo_client_creation(store, creation)
    assert clients.get_client(store, creation.client.id).name == "Dune Energy"


def test_a_refused_request_creates_nothing(store: Store, lib: Library_) -> None:
    with store.read() as session:
        before = session.scalar(select(func.count()).select_from(Outbox))
    with pytest.raises(ServiceError, match="already exists"):
        client_undo.onboard_client(store, _dune(name="acme logistics"))
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Outbox)) == before
