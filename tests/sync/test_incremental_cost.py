"""An incremental sync costs what changed, not what the store holds: the server reads a pull
page's rows along its version index (never walking every row of the partner), the laptop
writes them without reading its tables whole, and the rows a sync wrote come back in its
report (the app refreshes those, instead of searching every table for them afterwards)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event, select

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.server.db import open_db
from advisor_desk.server.models import PartnerClock
from advisor_desk.server.pull import pull_page
from advisor_desk.server.tenancy import Caller
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.people import members
from advisor_desk.store.models import ENTITY_MODELS, Member
from tests.server.harness import Laptop, Live, Tenant
from tests.sync.laptops import laptops

__all__ = ["laptops"]

ENTITY_TABLES = set(ENTITY_MODELS)
STATEMENT_SKIP = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA")


@contextmanager
def statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every statement `engine` runs inside the block, with its (first) parameters."""
    seen: list[tuple[str, Any]] = []

    def capture(_c: Any, _cur: Any, sql: str, params: Any, _ctx: Any, many: bool) -> None:
        if not sql.lstrip().upper().startswith(STATEMENT_SKIP):
            seen.append((sql, params[0] if many and params else params))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", capture)


def whole_table_reads(engine: Engine, seen: list[tuple[str, Any]]) -> list[str]:
    """Plan steps (SQLite) that read a synced table whole, or every row of the partner
    through its partner index."""
    bad = []
    with engine.connect() as connection:
        for sql, params in seen:
            plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
            for step in (str(row[-1]) for row in plan):
                scan = re.match(r"SCAN (\w+)", step)
                if (
                    scan and scan.group(1) in ENTITY_TABLES
                ) or "_partner_id (partner_id=?)" in step:
                    bad.append(f"{step}  <-  {' '.join(sql.split())[:160]}")
    return bad


def _small_team(laptop: Laptop, name: str, people: int) -> str:
    client = clients.create_client(laptop.store, name=name).id
    for n in range(people):
        members.add_member(
            laptop.store,
            client,
            email=f"p{n}@{name.lower()}.example",
            name=f"Person {n}",
            tier=LicenseTier.FREE,
        )
    return client


def test_a_sync_reports_the_rows_it_wrote(laptops: dict[str, Laptop]) -> None:
    a, b = laptops["a"], laptops["b"]
    acme = _small_team(a, "Acme", 2)
    pushed = a.sync()
    with a.store.read() as session:
        people = set(session.scalars(select(Member.id).where(Member.client_id == acme)))
    assert acme in pushed.changed.ids
    assert people <= pushed.changed.ids
    assert {"client", "member", "member_license"} <= pushed.changed.entities

    pulled = b.sync()
    assert acme in pulled.changed.ids
    assert people <= pulled.changed.ids
    clients.edit_client(a.store, acme, domain="acme.example")
    a.sync()
    again = b.sync()
    assert again.changed.entities == {"client"}
    assert again.changed.ids == {acme}
    assert b.sync().changed.ids == frozenset()  # nothing new: nothing to refresh


def test_an_incremental_sync_reads_no_table_whole_on_the_laptop(
    laptops: dict[str, Laptop],
) -> None:
    a, b = laptops["a"], laptops["b"]
    for n in range(6):
        _small_team(a, f"Team{n}", 3)
    a.sync()
    b.sync()
    first = sorted(clients_ids(a))[:2]
    for client in first:
        clients.edit_client(a.store, client, domain=f"{client[:8]}.example")
    with statements(a.store.engine) as pushing:
        a.sync()
    with statements(b.store.engine) as pulling:
        report = b.sync()
    assert report.changed.ids == set(first)
    assert whole_table_reads(a.store.engine, pushing) == []
    assert whole_table_reads(b.store.engine, pulling) == []


def clients_ids(laptop: Laptop) -> set[str]:
    with laptop.store.read() as session:
        return set(session.scalars(select(ENTITY_MODELS["client"].id)))  # type: ignore[attr-defined]


def test_the_server_reads_a_pull_page_along_its_versions(
    laptops: dict[str, Laptop], live: Live, tenant: Tenant
) -> None:
    """The page's rows are looked up through the version index and primary keys: with the
    partner in the row look-up, SQLite walked every row of the partner for each page."""
    if live.database.kind != "sqlite":
        pytest.skip("query plans are SQLite's; PostgreSQL plans with its statistics")
    a = laptops["a"]
    for n in range(4):
        _small_team(a, f"Crew{n}", 3)
    a.sync()
    db = open_db(live.database.app_url)
    try:
        with db.transaction(write=False) as session:
            # this test's own partner: the server is shared with the other tests' partners
            partner = session.get(PartnerClock, tenant.partner_id)
            assert partner is not None
            caller = Caller(partner.partner_id, "", "", "administrator", "")
            with statements(db.engine) as seen:
                page = pull_page(session, caller, partner.last_version - 5, 500)
        assert len(page["changes"]) == 5
        assert {c["entity"] for c in page["changes"]} >= {"member", "member_license"}
        assert whole_table_reads(db.engine, seen) == []
    finally:
        db.close()
