"""A `serve` process on PostgreSQL stays within the connection budget deployment.md sizes
`max_connections` by (16 per process) and keeps its connections: bursts of more requests
than that wait for a pooled connection instead of making new ones, each of which PostgreSQL
would fork a backend for and close again."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests

from advisor_desk.server.db import POSTGRES_POOL
from tests.server.api import Api
from tests.server.harness import Live, live_server, new_tenant

BURST, ROUNDS = 40, 3  # anyio's 40 request threads, all busy at once


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    yield from live_server("postgres", tmp_path)


class Watch:
    """The server's connections, seen from one connection of the database's owner."""

    def __init__(self, live: Live) -> None:
        owner = live.database.owner_url.replace("postgresql+psycopg://", "postgresql://")
        self._connection = psycopg.connect(owner, autocommit=True)
        self._role = live.database.app_url.split("://", 1)[1].split("@", 1)[0]

    def open_now(self) -> int:
        row = self._connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE usename = %s", (self._role,)
        ).fetchone()
        return int(row[0]) if row else 0

    def made_so_far(self) -> int:
        """Every connection made to the database since it was created (this one included)."""
        row = self._connection.execute(
            "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        self._connection.close()


def _burst(url: str, token: str) -> set[int]:
    statuses: set[int] = set()
    start = threading.Barrier(BURST)

    def one() -> None:
        start.wait(timeout=60)
        for _ in range(5):
            answer = requests.get(
                url + "/v1/sync/meta", headers={"Authorization": f"Bearer {token}"}, timeout=60
            )
            statuses.add(answer.status_code)

    threads = [threading.Thread(target=one, daemon=True) for _ in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a request of the burst never came back"
    return statuses


@pytest.mark.postgres
def test_bursts_reuse_at_most_sixteen_connections(live: Live) -> None:
    assert POSTGRES_POOL == 16  # the number deployment.md sizes max_connections with
    tenant = new_tenant(live.database)
    token = Api(live.server.url).login(tenant.admin_email).token
    assert token is not None
    watch = Watch(live)
    try:
        assert _burst(live.server.url, token) == {200}  # warms the pool
        warm, made = watch.open_now(), watch.made_so_far()
        assert 0 < warm <= POSTGRES_POOL
        for _ in range(ROUNDS):
            assert _burst(live.server.url, token) == {200}
            assert watch.open_now() <= POSTGRES_POOL
        made_again = watch.made_so_far() - made
        assert made_again <= POSTGRES_POOL - warm, (
            f"{made_again} connections made during {ROUNDS} bursts after the pool held {warm}"
        )
    finally:
        watch.close()
