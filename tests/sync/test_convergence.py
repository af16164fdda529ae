"""Two laptops converging through the server: what advisors would notice."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.people import members
from advisor_desk.store.models import Member
from advisor_desk.sync.conflicts import list_conflicts, list_rejections, resolve_conflict
from tests.server.harness import Laptop
from tests.sync.laptops import clients_of, laptops, waiting

__all__ = ["laptops"]


def _member_count(laptop: Laptop) -> int:
    with laptop.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(Member)) or 0)


def test_work_done_on_one_laptop_arrives_on_the_other(laptops: dict[str, Laptop]) -> None:
    a, b = laptops["a"], laptops["b"]
    acme = clients.create_client(a.store, name="Acme", domain="acme.example")
    members.add_member(
        a.store, acme.id, email="mo@acme.example", name="Mo", tier=LicenseTier.RISK_COMPLIANCE
    )
    report = a.sync()
    assert report.pushed >= 3
    assert report.rejected == 0
    assert waiting(a) == 0
    b.sync()
    assert set(clients_of(b)) == {"Acme"}
    assert _member_count(b) == 1
    assert (
        clients.list_clients(b.store)[0].license_mix == clients.list_clients(a.store)[0].license_mix
    )


def test_different_fields_of_one_client_both_keep_their_edits(laptops: dict[str, Laptop]) -> None:
    a, b = laptops["a"], laptops["b"]
    acme = clients.create_client(a.store, name="Acme")
    a.sync()
    b.sync()
    clients.edit_client(a.store, acme.id, domain="acme.example")  # both offline, editing
    clients.edit_client(b.store, acme.id, employees=250)
    a.sync()
    assert b.sync().merged == 1
    a.sync()
    for laptop in (a, b):
        row = clients_of(laptop)["Acme"]
        assert (row.domain, row.employees) == ("acme.example", 250)
    assert list_conflicts(a.store) == list_conflicts(b.store) == []


def test_the_same_field_gives_a_conflict_the_advisor_resolves(laptops: dict[str, Laptop]) -> None:
    a, b = laptops["a"], laptops["b"]
    acme = clients.create_client(a.store, name="Acme")
    a.sync()
    b.sync()
    clients.edit_client(a.store, acme.id, domain="from-a.example")
    clients.edit_client(b.store, acme.id, domain="from-b.example")
    a.sync()
    assert b.sync().conflicts == 1
    assert clients_of(b)["Acme"].domain == "from-a.example"  # the server's value, for now
    [conflict] = list_conflicts(b.store)
    assert [(p.name, p.mine, p.theirs) for p in conflict.fields] == [
        ("domain", "from-b.example", "from-a.example")
    ]
    resolve_conflict(b.store, conflict.id, "mine")
    b.sync()
    a.sync()
    assert clients_of(a)["Acme"].domain == clients_of(b)["Acme"].domain == "from-b.example"
    assert list_conflicts(b.store) == []


def test_a_device_clock_a_year_off_changes_no_outcome(
    laptops: dict[str, Laptop], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = laptops["a"], laptops["b"]
    acme = clients.create_client(a.store, name="Acme")
    a.sync()
    b.sync()
    ahead = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=365)
    monkeypatch.setattr("advisor_desk.store.outbox.utcnow", lambda: ahead)
    monkeypatch.setattr("advisor_desk.store.types.utcnow", lambda: ahead)
    clients.edit_client(b.store, acme.id, domain="later-clock.example")  # "a year later"
    monkeypatch.undo()
    clients.edit_client(a.store, acme.id, domain="first-to-sync.example")
    a.sync()
    assert b.sync().conflicts == 1  # the future timestamp wins nothing: the server's order does
    a.sync()
    assert clients_of(a)["Acme"].domain == "first-to-sync.example"


def test_a_rejected_change_is_shown_and_the_rest_syncs(laptops: dict[str, Laptop]) -> None:
    bo, a = laptops["bo"], laptops["a"]
    from advisor_desk.services.billing.partners import save_resale_settings  # noqa: F401 - exists

    with bo.store.write() as session:
        from advisor_desk.store.models import Partner

        partner = session.scalars(select(Partner)).one()
        partner.name = "Renamed by Bo"  # only administrators may
    clients.create_client(bo.store, name="Bo's client")
    report = bo.sync()
    assert report.rejected == 1
    assert waiting(bo) == 0
    [rejection] = list_rejections(bo.store)
    assert rejection.entity == "partner"
    assert "administrators" in rejection.reason
    assert rejection.fields == {"name": "Renamed by Bo"}
    with bo.store.read() as session:
        from advisor_desk.store.models import Partner

        assert session.scalars(select(Partner)).one().name != "Renamed by Bo"  # restored
    a.sync()
    assert "Bo's client" in clients_of(a)


def test_600_changes_in_one_transaction_all_arrive(laptops: dict[str, Laptop]) -> None:
    a, b = laptops["a"], laptops["b"]
    from advisor_desk.services.partner import current_partner
    from advisor_desk.store.models import Client

    with a.store.write() as session:
        partner_id = current_partner(session).id
        for n in range(600):
            session.add(
                Client(
                    partner_id=partner_id,
                    name=f"Bulk {n:03}",
                    domain="",
                    created=dt.date(2026, 1, 1),
                    tags=[],
                )
            )
    assert waiting(a) == 600
    a.sync()
    report = b.sync(page_limit=500)
    assert report.pulled >= 600
    assert len(clients_of(b)) == 600
