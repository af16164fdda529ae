"""What a planned push costs the partner's clock: the work done while it is held (and while
the batch is planned before it) must not grow with the number of rows or clients in the
batch — one statement per chunk, never one per client — and a plan overtaken by another
push (an id taken meanwhile) still writes nothing twice and reuses no version."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from advisor_desk.server import admin
from advisor_desk.server.db import ServerDB, open_db
from advisor_desk.server.models import PartnerClock, RowMeta
from advisor_desk.store.models import Client
from tests.helpers.clock import FOUNDED, pinned_today
from tests.server.harness import BACKENDS, PASSWORD, postgres_database, sqlite_database
from tests.server.planning_device import PlanningDevice

ADMIN, ADVISOR = "admin@example.com", "bo@example.com"


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerDB]:
    database = postgres_database() if request.param == "postgres" else sqlite_database(tmp_path)
    with open_db(database.owner_url) as owner, pinned_today(FOUNDED):
        admin.create_partner(owner, name="Lock Pty", admin_email=ADMIN, password=PASSWORD)
        admin.add_advisor(
            owner, partner="Lock Pty", email=ADVISOR, name="Bo", role="advisor", password=PASSWORD
        )
    server = open_db(database.app_url)
    try:
        yield server
    finally:
        server.close()
        database.drop()


def insert(entity: str, **fields: Any) -> dict[str, Any]:
    return {"entity": entity, "id": str(uuid.uuid4()), "op": "insert", "base_version": 0,
            "fields": fields}  # fmt: skip


def client(name: str) -> dict[str, Any]:
    return insert("client", name=name, domain="", created="2026-01-01", tags=[])


class Statements:
    """Counts the statements the engine sends while a block runs."""

    def __init__(self, db: ServerDB) -> None:
        self.db = db
        self.count = 0

    def _seen(self, *_args: Any) -> None:
        self.count += 1

    def __enter__(self) -> Statements:
        event.listen(self.db.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.db.engine, "before_cursor_execute", self._seen)


def _clients_for_advisor(db: ServerDB, count: int) -> list[str]:
    """`count` clients made by the administrator, each shared with the advisor."""
    boss, advisor = PlanningDevice(db, ADMIN), PlanningDevice(db, ADVISOR)
    clients = [client(f"Client {n}") for n in range(count)]
    boss.push(boss.request(*clients), None)
    advisor_id = advisor.login.advisor.id
    grants = [insert("advisor_access", advisor_id=advisor_id, client_id=c["id"]) for c in clients]
    answer = boss.push(boss.request(*grants), None)
    assert {r.status for r in answer.results} == {"applied"}
    return [c["id"] for c in clients]


def test_an_advisors_planned_batch_costs_the_same_statements_for_5_clients_as_for_40(
    db: ServerDB,
) -> None:
    client_ids = _clients_for_advisor(db, 40)
    advisor = PlanningDevice(db, ADVISOR)
    counts = []
    for ids in (client_ids[:5], client_ids[5:]):
        members = [insert("member", client_id=c, name="Mo", email="mo@example.com") for c in ids]
        request = advisor.request(*members)
        with Statements(db) as planning:
            plan = advisor.planned(request)
        assert plan is not None
        assert len(plan.rows) == len(ids)
        with Statements(db) as writing:
            answer = advisor.push(request, plan)
        assert {r.status for r in answer.results} == {"applied"}
        counts.append((planning.count, writing.count))
    small, large = counts
    assert large == small  # access is checked per chunk of clients, not per client


def test_an_id_taken_after_planning_reuses_no_version(db: ServerDB) -> None:
    one, two = PlanningDevice(db, ADMIN), PlanningDevice(db, ADMIN)
    shared = client("Acme")
    mine = two.request(client("Beta"), dict(shared), client("Gamma"))
    plan = two.planned(mine)
    assert plan is not None
    assert one.push(one.request(dict(shared)), None).results[0].status == "applied"
    answer = two.push(mine, plan)  # the primary key refuses the plan: the careful path
    assert [r.status for r in answer.results][0::2] == ["applied", "applied"]
    two.push(two.request(client("Delta")), None)
    partner = one.login.partner.id
    with db.transaction(write=False, partner_id=partner) as session:
        names = session.scalars(select(Client.name)).all()
        assert sorted(n for n in names if n in {"Acme", "Beta", "Gamma", "Delta"}) == [
            "Acme",
            "Beta",
            "Delta",
            "Gamma",
        ]
        versions = session.scalars(select(RowMeta.version)).all()
        assert len(versions) == len(set(versions))  # no version handed out twice
        clock = session.scalars(select(PartnerClock)).one()
        assert clock.last_version == session.scalar(select(func.max(RowMeta.version)))


def test_a_push_finds_its_rows_by_primary_key_not_by_walking_the_partner(
    db: ServerDB,
) -> None:
    """A push's cost follows its batch, not the store: every statement that looks the
    batch's rows up by id (planning, under the clock, the careful path's prefetch) uses the
    primary key, never the partner's (partner_id, …) index, which holds every row."""
    if db.is_postgres:
        pytest.skip("SQLite's query plans")
    client_ids = _clients_for_advisor(db, 3)
    boss = PlanningDevice(db, ADMIN)
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and " IN (" in statement:
            seen.append((statement, parameters))

    members = [insert("member", client_id=c, name="Mo", email="mo@example.com") for c in client_ids]
    planned = boss.request(*members)
    edits = [
        {"entity": "client", "id": c, "op": "update", "base_version": 1, "fields": {"domain": "x"}}
        for c in client_ids
    ]
    careful = boss.request(*edits)
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        boss.push(planned, boss.planned(planned))
        assert boss.planned(careful) is None
        boss.push(careful, None)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert seen
    walks = []
    with db.engine.connect() as connection:
        for statement, parameters in seen:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            details = " ".join(str(row[-1]) for row in plan)
            if "(partner_id=?)" in details:
                walks.append((statement.split("FROM", 1)[-1][:80], details))
    assert walks == []
