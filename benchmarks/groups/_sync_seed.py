"""Helpers of the `sync` group: filling a server store fast from a laptop store (bulk copy,
versions in parent-before-child order), a server process, and the bare HTTP page server of
the baseline."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import insert, select

from advisor_desk.server import admin
from advisor_desk.server.db import migrate, open_db
from advisor_desk.server.models import PartnerClock, RowMeta
from advisor_desk.store.base import table_of
from advisor_desk.store.engine import Store
from advisor_desk.store.models import SYNCED_MODELS, Advisor, Partner

PASSWORD = "benchmark password"
CLIENT_CHILDREN = {"client_billing_model", "member", "client_content", "advisor_access"}


def seed_server(url: str, laptop: Store) -> str:
    """Copy a laptop store's synced rows into a fresh server store; returns the admin e-mail."""
    migrate(url)
    db = open_db(url)
    version = 0
    member_client: dict[str, str] = {}
    document_scope: dict[str, tuple[str | None, bool]] = {}
    with laptop.read() as source, db.engine.begin() as target:
        partner = source.scalars(select(Partner)).one()
        for model in SYNCED_MODELS:
            table = table_of(model)
            rows = [dict(r._mapping) for r in source.execute(select(table))]
            metas = []
            for row in rows:
                version += 1
                row["version"], row["base_version"] = version, 0
                client_id, advisor_id, admin_only = _scope(
                    table.name, row, member_client, document_scope
                )
                metas.append(
                    {
                        "row_id": row["id"],
                        "partner_id": partner.id,
                        "entity": table.name,
                        "version": version,
                        "deleted": row["deleted"],
                        "client_id": client_id,
                        "advisor_id": advisor_id,
                        "admin_only": admin_only,
                        "created_version": version,
                        "created_device": None,
                        "field_versions": "{}",
                        "deleted_at": None,
                    }
                )
            for start in range(0, len(rows), 5000):
                target.execute(insert(table), rows[start : start + 5000])
                target.execute(insert(RowMeta.__table__), metas[start : start + 5000])
        target.execute(
            insert(PartnerClock.__table__).values(
                partner_id=partner.id,
                last_version=version,
                tombstone_horizon=0,
                epoch=secrets.token_hex(8),
            )
        )
        email = source.scalars(
            select(Advisor.email).where(Advisor.role == "administrator").limit(1)
        ).one()
    admin.add_advisor(
        db, partner=partner.name, email=email, name="", role="administrator", password=PASSWORD
    )
    db.close()
    return email


def _scope(
    entity: str,
    row: dict[str, Any],
    members: dict[str, str],
    documents: dict[str, tuple[str | None, bool]],
) -> tuple[str | None, str | None, bool]:
    if entity == "client":
        return row["id"], None, False
    if entity in CLIENT_CHILDREN:
        if entity == "member":
            members[row["id"]] = row["client_id"]
        return (
            row["client_id"],
            row.get("advisor_id") if entity == "advisor_access" else None,
            False,
        )
    if entity == "member_license":
        return members.get(row["member_id"]), None, False
    if entity == "document":
        documents[row["id"]] = (row["client_id"], row["client_id"] is None)
        return row["client_id"], None, row["client_id"] is None
    if entity == "document_line":
        client_id, admin_only = documents.get(row["document_id"], (None, True))
        return client_id, None, admin_only
    return None, None, False


class Process:
    def __init__(
        self, args: list[str], url: str, log: Path, env: dict[str, str] | None = None
    ) -> None:
        self.url = url
        self._log = log.open("ab")
        env = dict(os.environ, PYTHONWARNINGS="ignore", **(env or {}))
        self.process = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(url + "/healthz", timeout=1)
                return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"{args} did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)
        self._log.close()


def start_server(db_url: str, port: int, log: Path, workers: int = 1) -> Process:
    args = [
        sys.executable,
        "-m",
        "advisor_desk.server.cli",
        "serve",
        "--db",
        db_url,
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    return Process(args, f"http://127.0.0.1:{port}", log)


class PostgresDatabase:
    """A fresh database on a PostgreSQL server (`superuser_url`), with an owner role that
    migrates and fills it and an application role `serve` connects as (row-level security
    applies to it), as docs/deployment.md sets one up; `drop()` removes all three."""

    def __init__(self, superuser_url: str) -> None:
        import psycopg

        self._plain = superuser_url.replace("postgresql+psycopg://", "postgresql://")
        suffix = secrets.token_hex(4)
        self.owner, self.app, self.name = (
            f"bench_owner_{suffix}",
            f"bench_app_{suffix}",
            (f"bench_{suffix}"),
        )
        with psycopg.connect(self._plain, autocommit=True) as connection:
            connection.execute(f"CREATE ROLE {self.owner} LOGIN")
            connection.execute(f"CREATE ROLE {self.app} LOGIN")
            connection.execute(f"CREATE DATABASE {self.name} OWNER {self.owner}")
        host = superuser_url.split("@", 1)[1].rsplit("/", 1)[0]
        self.owner_url = f"postgresql+psycopg://{self.owner}@{host}/{self.name}"
        self.app_url = f"postgresql+psycopg://{self.app}@{host}/{self.name}"

    def grant(self) -> None:
        migrate(self.owner_url, app_role=self.app)

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(self._plain, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
            connection.execute(f"DROP ROLE IF EXISTS {self.app}")
            connection.execute(f"DROP ROLE IF EXISTS {self.owner}")


PAGE_SERVER = r"""
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
pages = [p.encode() for p in json.load(open(sys.argv[1]))]
class Pages(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        body = b'{"status": "ok"}' if self.path == "/healthz" else pages[int(self.path[1:])]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), Pages).serve_forever()
"""


def start_page_server(pages: list[str], folder: Path, port: int) -> Process:
    """A bare HTTP server handing out pre-encoded pull pages (no database, no checks)."""
    path = folder / "pages.json"
    path.write_text(json.dumps(pages))
    args = [sys.executable, "-c", PAGE_SERVER, str(path), str(port)]
    return Process(args, f"http://127.0.0.1:{port}", folder / "pages.log")


def rows_by_table(pages: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for page in pages:
        for change in page["changes"]:
            counts[change["entity"]] += 1
    return dict(counts)
