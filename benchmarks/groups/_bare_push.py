"""`sync.push_concurrency_bare`: the floor of `sync.push_concurrency` — the same measurement
(sync.py `_concurrency`: 20 devices push 25 new clients at once, each retried once; p95 ÷ one
device alone) against the bare libraries the server is built on, with none of the app.

One uvicorn process, FastAPI with pydantic request models, `sqlite3` in WAL mode: a push
looks its token up, then under one process-wide lock (SQLite takes one writer at a time)
skips the mids already applied, refuses a gap, stamps versions from the partner's counter,
inserts the rows and one row-index entry each with `executemany`, moves the counter and the
device on and commits; the answer lists each mid. No permissions, field checks, tenancy,
digests or group commit. In one Python process the interpreter lock serialises this work as
it does the app's, so its ratio is what one process of these libraries gives at best for
pushes that share no work: the app's ratio below it is what the group commit shares.

Run as `uvicorn groups._bare_push:app` with `BARE_PUSH_DB` naming a file `create()` made.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import threading
import uuid
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Header, Query
from fastapi.responses import Response
from pydantic import BaseModel

DB_VARIABLE = "BARE_PUSH_DB"
PARTNER = "bare-partner"
_local = threading.local()
_writer = threading.Lock()

SCHEMA = """
PRAGMA journal_mode=WAL;
CREATE TABLE token (hash TEXT PRIMARY KEY, partner_id TEXT NOT NULL);
CREATE TABLE device (id TEXT PRIMARY KEY, last_mid INTEGER NOT NULL);
CREATE TABLE clock (partner_id TEXT PRIMARY KEY, last_version INTEGER NOT NULL);
CREATE TABLE client (
    id TEXT PRIMARY KEY, partner_id TEXT NOT NULL, name TEXT NOT NULL, domain TEXT,
    created TEXT, tags TEXT, version INTEGER NOT NULL
);
CREATE INDEX client_partner_version ON client (partner_id, version);
CREATE TABLE row_index (
    row_id TEXT PRIMARY KEY, partner_id TEXT NOT NULL, entity TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX row_index_partner_version ON row_index (partner_id, version);
"""


def create(path: Path) -> None:
    """A new store for the bare server."""
    with sqlite3.connect(path) as connection:
        connection.executescript(SCHEMA)
        connection.execute("INSERT INTO clock VALUES (?, 0)", (PARTNER,))


def _connection() -> sqlite3.Connection:
    connection: sqlite3.Connection | None = getattr(_local, "connection", None)
    if connection is None:
        connection = sqlite3.connect(
            os.environ[DB_VARIABLE], isolation_level=None, check_same_thread=False
        )
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA busy_timeout=5000")
        _local.connection = connection
    return connection


class Mutation(BaseModel):
    mid: int
    entity: str
    id: str
    op: str
    base_version: int
    fields: dict[str, Any]


class Push(BaseModel):
    device_id: str
    schema_version: int
    mutations: list[Mutation]


class Login(BaseModel):
    email: str
    password: str
    device_name: str = ""


app = FastAPI()


def _partner(connection: sqlite3.Connection, authorization: str) -> str | None:
    found = connection.execute(
        "SELECT partner_id FROM token WHERE hash = ?", (authorization.removeprefix("Bearer "),)
    ).fetchone()
    return None if found is None else str(found[0])


@app.post("/v1/auth/login")
def login(_body: Login) -> dict[str, str]:
    token, device = secrets.token_hex(16), str(uuid.uuid4())
    connection = _connection()
    with _writer:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO token VALUES (?, ?)", (token, PARTNER))
        connection.execute("INSERT INTO device VALUES (?, 0)", (device,))
        connection.execute("COMMIT")
    return {"token": token, "device_id": device}


@app.post("/v1/sync/push")
def push(body: Push, authorization: str = Header("")) -> Response:
    connection = _connection()
    partner = _partner(connection, authorization)
    if partner is None:
        return Response(status_code=401)
    with _writer:
        connection.execute("BEGIN IMMEDIATE")
        try:
            last_mid = connection.execute(
                "SELECT last_mid FROM device WHERE id = ?", (body.device_id,)
            ).fetchone()[0]
            fresh = [m for m in body.mutations if m.mid > last_mid]
            if any(m.mid != last_mid + 1 + n for n, m in enumerate(fresh)):
                connection.execute("ROLLBACK")
                return Response(status_code=409)
            if fresh:
                _write(connection, partner, body.device_id, fresh)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    answer = {
        "last_mid": max(last_mid, body.mutations[-1].mid if body.mutations else 0),
        "results": [{"mid": m.mid, "status": "applied"} for m in body.mutations],
    }
    return Response(json.dumps(answer), media_type="application/json")


def _write(
    connection: sqlite3.Connection, partner: str, device: str, fresh: list[Mutation]
) -> None:
    first = (
        connection.execute(
            "SELECT last_version FROM clock WHERE partner_id = ?", (partner,)
        ).fetchone()[0]
        + 1
    )
    versions = range(first, first + len(fresh))
    connection.executemany(
        "INSERT INTO client (id, partner_id, name, domain, created, tags, version)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                m.id,
                partner,
                m.fields.get("name", ""),
                m.fields.get("domain"),
                m.fields.get("created"),
                json.dumps(m.fields.get("tags", [])),
                version,
            )
            for m, version in zip(fresh, versions, strict=True)
        ],
    )
    connection.executemany(
        "INSERT INTO row_index (row_id, partner_id, entity, version) VALUES (?, ?, ?, ?)",
        [(m.id, partner, m.entity, v) for m, v in zip(fresh, versions, strict=True)],
    )
    connection.execute(
        "UPDATE clock SET last_version = ? WHERE partner_id = ?", (versions[-1], partner)
    )
    connection.execute("UPDATE device SET last_mid = ? WHERE id = ?", (fresh[-1].mid, device))


@app.get("/v1/sync/pull")
def pull(
    cursor: int = Query(0), limit: int = Query(500), authorization: str = Header("")
) -> Response:
    """Clients after `cursor` in version order, in the sync protocol's page shape (what the
    benchmark's count of arrived rows reads)."""
    connection = _connection()
    partner = _partner(connection, authorization)
    if partner is None:
        return Response(status_code=401)
    rows = connection.execute(
        "SELECT id, name, version FROM client WHERE partner_id = ? AND version > ?"
        " ORDER BY version LIMIT ?",
        (partner, cursor, limit + 1),
    ).fetchall()
    page = rows[:limit]
    changes = [{"entity": "client", "id": i, "fields": {"name": n}} for i, n, _v in page]
    answer = {
        "changes": changes,
        "next_cursor": page[-1][2] if page else cursor,
        "has_more": len(rows) > limit,
    }
    return Response(json.dumps(answer), media_type="application/json")
