"""Several `serve` worker processes on one database behind one port: the login rate limit
is counted in the database (every worker sees the same attempts), and the server's
concurrency tests pass with 4 workers on PostgreSQL (versions in commit order, pushes from
many devices at once applied exactly once)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.helpers.threads import run_each
from tests.server.api import Api
from tests.server.harness import (
    BACKENDS,
    Live,
    Server,
    Tenant,
    new_tenant,
    postgres_database,
    sqlite_database,
)
from tests.server.test_versions import (  # run here again, against 4 workers
    test_versions_committed_out_of_order_are_not_skipped,
)

WORKERS = 4
PER_EMAIL = 5  # auth.RateLimiter's default

__all__ = ["test_versions_committed_out_of_order_are_not_skipped"]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """This module's server: 4 workers on PostgreSQL."""
    database = postgres_database()
    server = Server(database, tmp_path_factory.mktemp("workers"), workers=WORKERS).start()
    try:
        yield Live(database, server)
    finally:
        server.stop()
        database.drop()


@pytest.fixture(params=BACKENDS)
def any_live(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Live]:
    """4 workers on SQLite or PostgreSQL."""
    kind = request.param
    database = postgres_database() if kind == "postgres" else sqlite_database(tmp_path)
    server = Server(database, tmp_path, workers=WORKERS).start()
    try:
        yield Live(database, server)
    finally:
        server.stop()
        database.drop()


def _attempt(url: str, email: str, password: str) -> int:
    """One login on a new connection (the kernel hands each to any of the workers)."""
    return requests.post(
        url + "/v1/auth/login",
        json={"email": email, "password": password, "device_name": "t"},
        headers={"Connection": "close"},
        timeout=60,
    ).status_code


def test_the_login_rate_limit_holds_across_workers(any_live: Live) -> None:
    tenant = new_tenant(any_live.database)
    url = any_live.server.url
    statuses = run_each(
        lambda _: _attempt(url, tenant.admin_email, "wrong guess"), range(16), at_once=WORKERS
    )
    assert sorted(statuses) == [401] * PER_EMAIL + [429] * (16 - PER_EMAIL)
    # still refused for the right password, on whichever worker answers
    assert {_attempt(url, tenant.admin_email, "correct horse battery") for _ in range(4)} == {429}


def _client(name: str) -> dict[str, Any]:
    fields = {"name": name, "domain": "", "created": "2026-01-01", "tags": []}
    return {"entity": "client", "id": str(uuid.uuid4()), "op": "insert", "base_version": 0,
            "fields": fields}  # fmt: skip


@pytest.mark.postgres
def test_many_devices_push_at_once_and_each_change_lands_once(live: Live, tenant: Tenant) -> None:
    devices = [Api(live.server.url).login(tenant.admin_email) for _ in range(12)]
    _changes, cursor = devices[0].pull_all()
    tag = uuid.uuid4().hex[:6]
    batches = [
        [{"mid": n + 1, **_client(f"W {tag} {d}-{n}")} for n in range(10)] for d in range(12)
    ]

    def push(index: int) -> list[dict[str, Any]]:
        api = Api(live.server.url)
        api.token, api.device_id = devices[index].token, devices[index].device_id
        first = api.push(batches[index])["results"]
        again = api.push(batches[index])["results"]  # a retry, as after a lost answer
        assert [r["status"] for r in again] == ["applied"] * 10
        return list(first)

    results = [r for batch in run_each(push, range(12), at_once=WORKERS * 2) for r in batch]
    assert {r["status"] for r in results} == {"applied"}
    versions = sorted(r["version"] for r in results)
    assert len(set(versions)) == 120  # one counter: no version given twice
    changes, _ = devices[0].pull_all(cursor)
    names = [c["fields"]["name"] for c in changes if c["entity"] == "client"]
    assert sorted(names) == sorted(m["fields"]["name"] for b in batches for m in b)
    pulled = [c["version"] for c in changes]
    assert pulled == sorted(pulled)
    assert set(versions) <= set(pulled)
