"""A push sent again after its answer was lost is answered from a read transaction: it never
waits for the writers' turn (SQLite's write lock, the device's row lock on PostgreSQL), so
under load retries do not queue behind the pushes that bring new changes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests

from tests.server.api import Api, client_insert
from tests.server.harness import Database, Live, Tenant


@contextmanager
def writers_held(database: Database, device_id: str) -> Iterator[None]:
    """Another connection holding what a writing push of this device would wait for."""
    if database.kind == "sqlite":
        connection = sqlite3.connect(database.owner_url.removeprefix("sqlite:///"))
        connection.isolation_level = None
        connection.execute("BEGIN IMMEDIATE")  # the store's write lock
        try:
            yield
        finally:
            connection.rollback()
            connection.close()
        return
    import psycopg

    url = database.owner_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as connection:  # one transaction until the block ends
        connection.execute("SELECT 1 FROM srv_device WHERE id = %s FOR UPDATE", (device_id,))
        try:
            yield
        finally:
            connection.rollback()


def _push(api: Api, mutations: list[dict[str, Any]], timeout: float) -> requests.Response:
    body = {"device_id": api.device_id, "schema_version": 1, "mutations": mutations}
    return api.http.post(
        api.url + "/v1/sync/push", json=body, headers=api.headers(), timeout=timeout
    )


def test_a_retry_answers_while_another_writer_holds_the_lock(live: Live, tenant: Tenant) -> None:
    api = Api(live.server.url).login(tenant.admin_email)
    assert api.device_id is not None
    batch = [client_insert(1), client_insert(2)]
    first = api.push(batch)
    assert [r["status"] for r in first["results"]] == ["applied", "applied"]
    with writers_held(live.database, api.device_id):
        again = _push(api, batch, timeout=10)
        assert again.status_code == 200, again.text
        assert again.json()["last_mid"] == 2
        assert [(r["mid"], r["status"]) for r in again.json()["results"]] == [
            (1, "applied"),
            (2, "applied"),
        ]
        # refused as a writing push refuses: the same mid saying something else
        rewound = _push(api, [client_insert(2)], timeout=10)
        assert rewound.status_code == 409, rewound.text
        assert rewound.json()["code"] == "device_rewound"
    # nothing was applied twice
    names = {row["fields"]["name"] for row in api.rows("client").values()}
    assert {m["fields"]["name"] for m in batch} <= names
    assert len([n for n in names if n in {m["fields"]["name"] for m in batch}]) == 2


def test_a_push_with_new_changes_still_writes(live: Live, tenant: Tenant) -> None:
    """Repeats and new mutations together take the writing path: the new ones are applied,
    the repeats skipped."""
    api = Api(live.server.url).login(tenant.admin_email)
    batch = [client_insert(1), client_insert(2)]
    api.push(batch)
    more = api.push([*batch, client_insert(3)])
    assert [(r["mid"], r["status"]) for r in more["results"]] == [
        (1, "applied"),
        (2, "applied"),
        (3, "applied"),
    ]
    assert more["last_mid"] == 3
    assert more["results"][2]["version"] is not None
