"""A push is checked and read before the partner's clock is taken (push_plan.prepare) and
written under it only when nothing it read has changed since: a change committed between
the two (a parent deleted, another push of the device, an id taken) sends the batch down
the careful path, which decides with what is committed now."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from advisor_desk.server import admin
from advisor_desk.server.db import ServerDB, open_db
from advisor_desk.server.push import PushRefused
from advisor_desk.store.models import Client, Member
from tests.helpers.clock import FOUNDED, pinned_today
from tests.server.harness import BACKENDS, PASSWORD, postgres_database, sqlite_database
from tests.server.planning_device import PlanningDevice

EMAIL = "admin@example.com"


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerDB]:
    database = postgres_database() if request.param == "postgres" else sqlite_database(tmp_path)
    with open_db(database.owner_url) as owner, pinned_today(FOUNDED):
        admin.create_partner(owner, name="Plan Pty", admin_email=EMAIL, password=PASSWORD)
    server = open_db(database.app_url)
    try:
        yield server
    finally:
        server.close()
        database.drop()


def client(name: str) -> dict[str, Any]:
    fields = {"name": name, "domain": "", "created": "2026-01-01", "tags": []}
    return {"entity": "client", "id": str(uuid.uuid4()), "op": "insert", "base_version": 0,
            "fields": fields}  # fmt: skip


def member(client_id: str) -> dict[str, Any]:
    fields = {"client_id": client_id, "name": "Mo", "email": "mo@example.com"}
    return {"entity": "member", "id": str(uuid.uuid4()), "op": "insert", "base_version": 0,
            "fields": fields}  # fmt: skip


def test_inserts_are_planned_and_written_with_consecutive_versions(db: ServerDB) -> None:
    device = PlanningDevice(db, EMAIL)
    first = client("Acme")
    request = device.request(first, member(first["id"]), client("Beta"))
    plan = device.planned(request)
    assert plan is not None
    assert len(plan.rows) == 3
    answer = device.push(request, plan)
    versions = [r.version for r in answer.results]
    assert [r.status for r in answer.results] == ["applied"] * 3
    assert versions == list(range(versions[0], versions[0] + 3))
    assert answer.last_mid == 3


def test_a_parent_deleted_after_planning_rejects_the_child(db: ServerDB) -> None:
    device = PlanningDevice(db, EMAIL)
    parent = client("Acme")
    device.push(device.request(parent), None)
    request = device.request(member(parent["id"]))
    plan = device.planned(request)
    assert plan is not None  # the client was live when the batch was checked
    with db.transaction(write=True, partner_id=device.login.partner.id) as session:
        row = session.get(Client, parent["id"])
        assert row is not None
        row.deleted = True  # committed before the planned push takes the clock
    (result,) = device.push(request, plan).results
    assert result.status == "rejected"
    assert "deleted" in (result.error or "")
    with db.transaction(write=False, partner_id=device.login.partner.id) as session:
        assert session.scalars(select(Member)).all() == []


def test_a_plan_is_void_once_the_device_pushed_meanwhile(db: ServerDB) -> None:
    device = PlanningDevice(db, EMAIL)
    request = device.request(client("Acme"))
    plan = device.planned(request)
    device.push(request, None)  # the same batch went through another worker first
    answer = device.push(request, plan)  # a retry: applied once, never twice
    assert [r.status for r in answer.results] == ["applied"]
    with db.transaction(write=False, partner_id=device.login.partner.id) as session:
        assert len(session.scalars(select(Client).where(Client.name == "Acme")).all()) == 1
    later = device.request(client("Beta"))
    stale = device.planned(later)  # planned for mid 2
    device.mid -= 1
    device.push(device.request(client("Gamma")), None)  # another batch took mid 2 meanwhile
    with pytest.raises(PushRefused) as refused:
        device.push(later, stale)
    assert refused.value.code == "device_rewound"  # never written from the stale plan


def test_an_id_taken_after_planning_is_not_written_twice(db: ServerDB) -> None:
    one, two = PlanningDevice(db, EMAIL), PlanningDevice(db, EMAIL)
    row = client("Acme")
    first = one.request(dict(row))
    second = two.request(dict(row))
    plans = one.planned(first), two.planned(second)
    assert None not in plans
    assert one.push(first, plans[0]).results[0].status == "applied"
    (result,) = two.push(second, plans[1]).results  # decided on the committed row
    assert result.status in {"applied", "merged", "conflict", "rejected"}
    with db.transaction(write=False, partner_id=one.login.partner.id) as session:
        assert len(session.scalars(select(Client).where(Client.name == "Acme")).all()) == 1
