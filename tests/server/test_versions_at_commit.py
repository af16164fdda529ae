"""Every write takes a version of its own, however the transaction ends: rows that are
first flushed by the commit itself (nothing queried after they were added) still move the
partner's clock, so the next transaction never hands out the same version again. Before
the fix the clock was bumped in `before_commit`, which runs before the commit's own flush:
two clients written that way shared a version and a laptop whose cursor had passed it
never received the second."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from advisor_desk.server import admin
from advisor_desk.server.db import ServerDB, open_db
from advisor_desk.server.models import PartnerClock
from advisor_desk.store.models import Client
from tests.helpers.clock import FOUNDED, pinned_today
from tests.server.harness import BACKENDS, PASSWORD, postgres_database, sqlite_database


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[ServerDB, str]]:
    database = postgres_database() if request.param == "postgres" else sqlite_database(tmp_path)
    with open_db(database.owner_url) as owner, pinned_today(FOUNDED):
        partner_id = admin.create_partner(
            owner, name="Clock Pty", admin_email="admin@example.com", password=PASSWORD
        )
    server = open_db(database.app_url)
    try:
        yield server, str(partner_id)
    finally:
        server.close()
        database.drop()


def _add_client(server: ServerDB, partner_id: str, name: str) -> None:
    with server.transaction(write=True, partner_id=partner_id) as session:
        session.add(
            Client(
                id=str(uuid.uuid4()),
                partner_id=partner_id,
                name=name,
                domain="",
                created=dt.date(2026, 1, 1),
            )
        )
        # no flush, no query: the commit's own flush writes the row


def test_rows_flushed_by_the_commit_take_distinct_versions(db: tuple[ServerDB, str]) -> None:
    server, partner_id = db
    _add_client(server, partner_id, "First")
    _add_client(server, partner_id, "Second")
    with server.transaction(write=False, partner_id=partner_id) as session:
        versions = session.scalars(select(Client.version).order_by(Client.name)).all()
        clock = session.scalars(
            select(PartnerClock).where(PartnerClock.partner_id == partner_id)
        ).one()
    assert len(versions) == 2
    assert versions[0] != versions[1]
    assert clock.last_version >= max(versions)
