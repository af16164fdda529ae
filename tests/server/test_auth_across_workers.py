"""A request's session is checked in the database on every request, by whichever server
process answers it (nothing cached per process): with 4 workers behind one port, a token
revoked on one worker, or an advisor's activity ended, is refused on the very next requests
on every worker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from advisor_desk.server import admin
from advisor_desk.server.db import open_db
from tests.server.api import Api
from tests.server.harness import (
    BACKENDS,
    Live,
    Server,
    new_tenant,
    postgres_database,
    sqlite_database,
)

WORKERS = 4
TRIES = 12  # each on a new connection, which any of the workers may accept


@pytest.fixture(params=BACKENDS)
def workers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Live]:
    kind = request.param
    database = postgres_database() if kind == "postgres" else sqlite_database(tmp_path)
    server = Server(database, tmp_path, workers=WORKERS).start()
    try:
        yield Live(database, server)
    finally:
        server.stop()
        database.drop()


def _statuses(url: str, token: str | None) -> set[int]:
    """`GET /v1/sync/meta` with the token, TRIES times, each on a new connection."""
    return {
        requests.get(
            url + "/v1/sync/meta",
            headers={"Authorization": f"Bearer {token}", "Connection": "close"},
            timeout=60,
        ).status_code
        for _ in range(TRIES)
    }


def test_a_revoked_token_is_refused_by_every_worker_at_once(workers: Live) -> None:
    tenant = new_tenant(workers.database)
    api = Api(workers.server.url).login(tenant.admin_email)
    other = Api(workers.server.url).login(tenant.admin_email)
    assert _statuses(workers.server.url, api.token) == {200}  # every worker knows it
    assert api.post("/v1/auth/logout").status_code == 204  # on one of them
    assert _statuses(workers.server.url, api.token) == {401}
    assert _statuses(workers.server.url, other.token) == {200}


def test_an_ended_activity_is_refused_by_every_worker_at_once(workers: Live) -> None:
    tenant = new_tenant(workers.database, advisors=("bo",))
    api = Api(workers.server.url).login(tenant.emails["bo"])
    assert _statuses(workers.server.url, api.token) == {200}
    with open_db(workers.database.owner_url) as db:
        admin.deactivate_advisor(db, partner=tenant.name, email=tenant.emails["bo"], on=None)
    assert _statuses(workers.server.url, api.token) == {401}
