"""Group `sync`: a laptop downloading a partner from the server store, small syncs on a big
store, and many devices pushing at once. The server is a real `advisor-desk-server serve`
process (SQLite) on loopback.

- `sync.initial_5000_clients`: an empty laptop's first sync of 5,000 clients, 50,000
  members (with their license history) and 20,000 content items (`SyncEngine.sync`),
  against bare loopback HTTP (a stdlib server handing out the same pull pages, pre-encoded)
  + `json` + bare `sqlite3.executemany` of the same rows into the same schema, a
  transaction per page. The baseline keeps the protocol's default page of 500 rows; the
  app asks for `PULL_PAGE_LIMIT` (2,000) and fetches the next page while it writes one.
- `sync.incremental_100`: 100 client edits pushed by one laptop and pulled by another, on a
  store of 5,000 clients against the same on 500 clients: the cost must not grow with the
  store (baseline = the 500-client run).
- `sync.push_concurrency`: 20 devices of one partner pushing 25 changes each at once: p95
  request latency (median over rounds) against one device pushing alone; checks no mutation
  is lost or doubled. One server process on SQLite, as above: its Python work (HTTP, JSON,
  checks) is serialised by the interpreter lock, so 20 pushes at once cost about 20 alone
  less what the client and the database do beside it, and less what they share: the
  pushes queued for the partner's clock are committed together, one transaction for the
  group (server/push_group.py), where one push alone pays for a whole transaction. The
  ratio therefore falls with work the lock does not serialise or the group shares: a push
  made cheaper for everyone (less database time) gets faster alone and at once, and its
  ratio rises: read the p95 beside it. The 20 client threads (requests, in this process)
  cost about a sixth of the server's CPU time in a round (~45 ms against ~250 ms, measured
  from /proc on 2 cores), on the other core: the p95 is the server's.
- `sync.push_concurrency_bare`: the same measurement against the bare libraries
  (groups/_bare_push.py: FastAPI, uvicorn and `sqlite3` doing the same writes with none of
  the app's checks), one process: the floor `sync.push_concurrency` is read against. Its
  pushes are far cheaper alone and share nothing, so 20 at once cost about 20 alone plus
  the HTTP work of the retries beside them.
- `sync.push_concurrency_postgres_workers`: the same against the set-up docs/deployment.md
  recommends, PostgreSQL behind `serve --workers N` (N = the machine's CPUs), when
  `ADVISOR_DESK_BENCH_PG` (or `ADVISOR_DESK_TEST_PG`) names a PostgreSQL superuser URL; on
  the 500-client store (the store's size does not enter a push of new rows).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import Boolean, LargeBinary, select
from sqlalchemy.types import JSON

from advisor_desk.services.demo.generator import build_workspace
from advisor_desk.services.workspace import import_workspace
from advisor_desk.store.engine import STORE_FILE, Store, open_store
from advisor_desk.store.models import ENTITY_MODELS, Client
from advisor_desk.store.types import FixedDecimal
from advisor_desk.sync import account
from advisor_desk.sync.codec import field_decoders
from advisor_desk.sync.engine import SyncEngine
from advisor_desk.sync.protocol import PULL_PAGE_LIMIT
from groups import Context, Result, _bare_push, _sync_seed, median_seconds

CLIENTS, MEMBERS, CONTENT = 5000, 10, 20000
SMALL = 500
DEVICES, PER_DEVICE = 20, 25


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


PG_VARIABLES = ("ADVISOR_DESK_BENCH_PG", "ADVISOR_DESK_TEST_PG")  # a superuser URL


def _server(
    ctx: Context,
    clients: int,
    content: int,
    name: str,
    postgres: _sync_seed.PostgresDatabase | None = None,
    workers: int = 1,
) -> tuple[Any, str]:
    ctx.log(f"{name}: generating {clients} clients × {MEMBERS} members, {content} items")
    workspace = build_workspace(
        dt.date.today(), clients=clients, content=content, seed=3, members=(MEMBERS, MEMBERS)
    )
    folder = ctx.scratch(name)
    laptop = open_store(folder / "source")
    import_workspace(laptop, json.dumps(workspace).encode())
    url = f"sqlite:///{folder / 'server.sqlite3'}"
    if postgres is not None:
        email = _sync_seed.seed_server(postgres.owner_url, laptop)
        postgres.grant()
        url = postgres.app_url
    else:
        email = _sync_seed.seed_server(url, laptop)
    laptop.close()
    ctx.log(f"{name}: server store filled; starting the server ({workers} worker(s))")
    return _sync_seed.start_server(url, _free_port(), folder / "server.log", workers), email


def run(ctx: Context) -> list[Result]:
    big, email = _server(ctx, ctx.scaled(CLIENTS), ctx.scaled(CONTENT), "sync-big")
    try:
        results = [_initial(ctx, big.url, email)]
        small, small_email = _server(
            ctx, ctx.scaled(SMALL), ctx.scaled(CONTENT) // 10, "sync-small"
        )
        try:
            results.append(_incremental(ctx, big.url, email, small.url, small_email))
        finally:
            small.stop()
        results.append(
            _concurrency(ctx, big.url, email, "sync.push_concurrency", "one server process, SQLite")
        )
    finally:
        big.stop()
    results.append(_bare_concurrency(ctx))
    superuser = next((os.environ[v] for v in PG_VARIABLES if os.environ.get(v)), None)
    if superuser is None:
        ctx.log("push concurrency on PostgreSQL skipped: set ADVISOR_DESK_BENCH_PG")
        return results
    workers = max(2, os.cpu_count() or 2)
    postgres = _sync_seed.PostgresDatabase(superuser)
    try:
        server, pg_email = _server(
            ctx, ctx.scaled(SMALL), ctx.scaled(CONTENT) // 10, "sync-pg", postgres, workers
        )
        try:
            results.append(
                _concurrency(
                    ctx,
                    server.url,
                    pg_email,
                    "sync.push_concurrency_postgres_workers",
                    f"PostgreSQL, serve --workers {workers} (docs/deployment.md)",
                )
            )
        finally:
            server.stop()
    finally:
        postgres.drop()
    return results


@contextmanager
def _laptop(ctx: Context, url: str, email: str) -> Iterator[tuple[Store, str]]:
    store = open_store(ctx.scratch("laptop"))
    outcome = account.login(store, url, email, _sync_seed.PASSWORD)
    try:
        yield store, outcome.token
    finally:
        store.close()


def _initial(ctx: Context, url: str, email: str) -> Result:
    repeats = ctx.repeats(full=3, quick=1)
    reports = []

    def app(prepared: tuple[Store, str]) -> None:
        store, token = prepared
        reports.append(SyncEngine(store, token=token).sync())

    ctx.log(f"initial download: app × {repeats}")
    value = median_seconds(app, repeats=repeats, prepare=lambda: _laptop(ctx, url, email))
    pages = _raw_pages(url, email)
    folder = ctx.scratch("bare-pages")
    bare_server = _sync_seed.start_page_server(pages, folder, _free_port())
    try:
        ctx.log(f"initial download: bare HTTP + sqlite3 × {repeats}")
        baseline = median_seconds(
            lambda path: _bare_download(bare_server.url, len(pages), path),
            repeats=repeats,
            prepare=lambda: _empty_schema(ctx),
        )
    finally:
        bare_server.stop()
    rows = reports[-1].pulled
    note = (
        f"{rows} rows; app: pages of {PULL_PAGE_LIMIT} (the next one fetched while one is "
        f"written), a transaction per page; baseline: {len(pages)} pages of 500, stdlib HTTP "
        "serving them pre-encoded + json + sqlite3.executemany, a transaction per page"
    )
    return Result("sync.initial_5000_clients", value, "s", baseline, note)


def _raw_pages(url: str, email: str) -> list[str]:
    http = requests.Session()
    token = http.post(
        url + "/v1/auth/login",
        json={"email": email, "password": _sync_seed.PASSWORD, "device_name": "pages"},
    ).json()["token"]
    pages, cursor = [], 0
    while True:
        answer = http.get(
            url + "/v1/sync/pull",
            params={"cursor": cursor, "limit": 500},
            headers={"Authorization": f"Bearer {token}"},
        )
        pages.append(answer.text)
        page = answer.json()
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return pages


@contextmanager
def _empty_schema(ctx: Context) -> Iterator[Path]:
    folder = ctx.scratch("bare-laptop")
    open_store(folder).close()
    yield folder / STORE_FILE


def _converter(column_type: Any) -> Callable[[Any], Any]:
    if isinstance(column_type, FixedDecimal):
        scale = column_type.scale
        return lambda v: None if v is None else int(Decimal(v).scaleb(scale))
    if isinstance(column_type, Boolean):
        return lambda v: None if v is None else int(v)
    if isinstance(column_type, JSON):
        return lambda v: None if v is None else json.dumps(v)
    if isinstance(column_type, LargeBinary):
        return lambda v: None if v is None else bytes.fromhex(v)
    return lambda v: v


def _bare_download(base: str, count: int, path: Path) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous=NORMAL")
    statements: dict[str, tuple[str, list[str], list[Callable[[Any], Any]]]] = {}
    for entity, model in ENTITY_MODELS.items():
        table = model.__table__  # type: ignore[attr-defined]
        fields = list(field_decoders(entity))
        names = ["id", "partner_id", "version", "base_version", "deleted", "updated_at", *fields]
        sql = (
            f'INSERT INTO "{table.name}" ({", ".join(chr(34) + n + chr(34) for n in names)}) '
            f"VALUES ({', '.join('?' for _ in names)})"
        )
        statements[entity] = (sql, fields, [_converter(table.c[f].type) for f in fields])
    http = requests.Session()
    now = dt.datetime.now().isoformat(sep=" ")
    connection.execute("INSERT INTO sync_state (id, cursor) VALUES (1, 0)")
    for n in range(count):
        page = http.get(f"{base}/{n}").json()
        grouped: dict[str, list[tuple[Any, ...]]] = {}
        for change in page["changes"]:
            sql, fields, converters = statements[change["entity"]]
            values = change["fields"]
            grouped.setdefault(change["entity"], []).append(
                (
                    change["id"],
                    "p",
                    change["version"],
                    change["version"],
                    0,
                    now,
                    *(c(values.get(f)) for f, c in zip(fields, converters, strict=True)),
                )
            )
        connection.execute("BEGIN")
        for entity, rows in grouped.items():
            connection.executemany(statements[entity][0], rows)
        connection.execute("UPDATE sync_state SET cursor = ?", (page["next_cursor"],))
        connection.execute("COMMIT")
    connection.close()


def _incremental(ctx: Context, big: str, email: str, small: str, small_email: str) -> Result:
    times = {}
    for label, url, who in (("big", big, email), ("small", small, small_email)):
        times[label] = _incremental_at(ctx, url, who, label)
    note = (
        f"100 client edits pushed by one laptop, pulled by another: {ctx.scaled(CLIENTS)} "
        f"clients; baseline: the same on {ctx.scaled(SMALL)} clients"
    )
    return Result("sync.incremental_100", times["big"], "s", times["small"], note)


def _incremental_at(ctx: Context, url: str, email: str, label: str) -> float:
    repeats = ctx.repeats(full=9, quick=5)  # about a second each: medians of more are cheap
    stores, tokens = [], []
    for _ in range(2):
        store = open_store(ctx.scratch(f"incremental-{label}"))
        tokens.append(account.login(store, url, email, _sync_seed.PASSWORD).token)
        SyncEngine(store, token=tokens[-1]).sync()
        stores.append(store)
    writer, reader = (SyncEngine(s, token=t) for s, t in zip(stores, tokens, strict=True))

    @contextmanager
    def hundred_edits() -> Iterator[None]:
        with stores[0].write() as session:
            rows = session.scalars(select(Client).order_by(Client.name).limit(100)).all()
            for row in rows:
                row.domain = f"{uuid.uuid4().hex[:8]}.example"
        yield None

    ctx.log(f"incremental 100 ({label}): × {repeats}")
    value = median_seconds(
        lambda _: (writer.sync(), reader.sync()), repeats=repeats, prepare=hundred_edits
    )
    for store in stores:
        store.close()
    return value


def _concurrency(ctx: Context, url: str, email: str, name: str, setup: str) -> Result:
    def logged_in() -> tuple[requests.Session, dict[str, Any]]:
        http = requests.Session()
        answer = http.post(
            url + "/v1/auth/login",
            json={"email": email, "password": _sync_seed.PASSWORD, "device_name": "bench"},
        ).json()
        http.headers["Authorization"] = f"Bearer {answer['token']}"
        return http, answer

    def body(device: str, names: list[str]) -> dict[str, Any]:
        mutations = [
            {
                "mid": n + 1,
                "entity": "client",
                "id": str(uuid.uuid4()),
                "op": "insert",
                "base_version": 0,
                "fields": {"name": name, "domain": "", "created": "2026-01-01", "tags": []},
            }
            for n, name in enumerate(names)
        ]
        return {"device_id": device, "schema_version": 1, "mutations": mutations}

    def simultaneous() -> tuple[float, str]:
        """One round: 20 new devices push at once (each retries once after its answer, as
        a laptop whose answer was lost would); the p95 of the first pushes, and the tag
        their clients' names start with."""
        devices = [logged_in() for _ in range(DEVICES)]
        tag = uuid.uuid4().hex[:6]
        bodies = [
            body(a["device_id"], [f"Conc {tag} {d}-{n}" for n in range(PER_DEVICE)])
            for d, (_h, a) in enumerate(devices)
        ]
        latencies: list[float] = []
        barrier = threading.Barrier(DEVICES)

        def push(index: int) -> None:
            http, _answer = devices[index]
            barrier.wait()
            start = time.perf_counter()
            http.post(url + "/v1/sync/push", json=bodies[index]).raise_for_status()
            latencies.append(time.perf_counter() - start)
            http.post(url + "/v1/sync/push", json=bodies[index]).raise_for_status()  # a retry

        threads = [threading.Thread(target=push, args=(i,)) for i in range(DEVICES)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return statistics.quantiles(latencies, n=20)[-1], f"Conc {tag} "

    rounds = ctx.repeats(full=5, quick=3)
    ctx.log(f"push concurrency ({setup}): {DEVICES} devices × {PER_DEVICE} changes × {rounds}")
    measured = [simultaneous() for _ in range(rounds)]
    p95 = statistics.median(p for p, _tag in measured)
    alone_http, alone = logged_in()
    single = []
    for _ in range(3 * rounds):
        names = [f"Alone {uuid.uuid4().hex[:8]}" for _ in range(PER_DEVICE)]
        mid_base = len(single) * PER_DEVICE
        payload = body(alone["device_id"], names)
        for n, mutation in enumerate(payload["mutations"]):
            mutation["mid"] = mid_base + n + 1
        start = time.perf_counter()
        alone_http.post(url + "/v1/sync/push", json=payload).raise_for_status()
        single.append(time.perf_counter() - start)
    stored = _count_clients(alone_http, url, [tag for _p, tag in measured])
    expected = DEVICES * PER_DEVICE * rounds
    check = "all arrived once" if stored == expected else f"WARNING: {stored} of {expected}"
    note = (
        f"{setup}: median over {rounds} rounds of the p95 of {DEVICES} simultaneous pushes "
        f"of {PER_DEVICE} changes (each retried once): {check}; baseline: median of "
        f"{len(single)} pushes of one device alone"
    )
    return Result(name, p95, "s", statistics.median(single), note)


def _bare_concurrency(ctx: Context) -> Result:
    folder = ctx.scratch("bare-push")
    store = folder / "bare.sqlite3"
    _bare_push.create(store)
    port = _free_port()
    args = [sys.executable, "-m", "uvicorn", "groups._bare_push:app", "--port", str(port)]
    args += ["--log-level", "warning", "--app-dir", str(Path(__file__).resolve().parents[1])]
    url = f"http://127.0.0.1:{port}"
    env = {_bare_push.DB_VARIABLE: str(store)}
    server = _sync_seed.Process(args, url, folder / "server.log", env)
    try:
        return _concurrency(
            ctx,
            url,
            "bare@example.com",
            "sync.push_concurrency_bare",
            "the bare libraries (FastAPI, uvicorn, sqlite3; groups/_bare_push.py), one process",
        )
    finally:
        server.stop()


def _count_clients(http: requests.Session, url: str, prefixes: list[str]) -> int:
    names, cursor = set(), 0
    while True:
        page = http.get(url + "/v1/sync/pull", params={"cursor": cursor, "limit": 2000}).json()
        for change in page["changes"]:
            if change["entity"] == "client" and change["fields"].get("name", "").startswith(
                tuple(prefixes)
            ):
                names.add(change["id"])
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return len(names)
