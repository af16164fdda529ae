"""Group `load`: 200 simulated laptops pushing and pulling at once against a real
`advisor-desk-server serve` on PostgreSQL, with 1 and then 4 worker processes (one port).

Each laptop (a thread, its own device and token) runs 3 rounds: push a client, a member and
the member's license (and, from the second round, a rename of its previous client), then
pull from its cursor until `has_more` is false. Bounded: LAPTOPS × ROUNDS rounds, 60 s per
request, DEADLINE for the whole run, loopback only. After each run the store is checked:
no error answer, every row there exactly once (counts per table, each device's `last_mid`),
and `advisor-desk billing --format json` of a laptop synced from each run's server must be
the same for both runs.

- `load.throughput_200_laptops`: laptop rounds per second (each: its push, then its pulls
  until caught up) with 4 workers; baseline 1 worker. Rounds, not requests: how many pulls a
  round takes depends on how many other pushes landed meanwhile, so a faster server can need
  fewer requests for the same work (the note gives requests per second as well).
- `load.p95_200_laptops`: p95 request latency with 4 workers; baseline 1 worker.

Needs a PostgreSQL superuser URL in ADVISOR_DESK_BENCH_PG (or ADVISOR_DESK_TEST_PG);
without one the group says so and returns nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import func, select

from advisor_desk.server import admin
from advisor_desk.server.db import migrate, open_db
from advisor_desk.server.models import Device, Login, Token
from advisor_desk.store.engine import open_store
from advisor_desk.store.models import Client, Member, MemberLicense
from advisor_desk.sync import account
from advisor_desk.sync.engine import SyncEngine
from groups import Context, Result, _sync_seed

LAPTOPS, ROUNDS, DEADLINE = 200, 3, 600.0
EMAIL, PARTNER = "load-admin@example.com", "Load Pty Ltd"


@dataclass
class Outcome:
    workers: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    billing: Any = None


def run(ctx: Context) -> list[Result]:
    base = os.environ.get("ADVISOR_DESK_BENCH_PG") or os.environ.get("ADVISOR_DESK_TEST_PG")
    if not base:
        ctx.log("load: skipped (no PostgreSQL: set ADVISOR_DESK_BENCH_PG to a superuser URL)")
        return []
    laptops = max(2, ctx.scaled(LAPTOPS))
    one, four = (_run(ctx, base, workers, laptops) for workers in (1, 4))
    checks = []
    for outcome in (one, four):
        expected = laptops * ROUNDS
        counts = outcome.counts
        if outcome.errors:
            checks.append(f"{outcome.workers}w: {len(outcome.errors)} errors: {outcome.errors[0]}")
        if counts != {"client": expected, "member": expected, "member_license": expected,
                      "last_mid": expected * 3 + laptops * (ROUNDS - 1)}:  # fmt: skip
            checks.append(f"{outcome.workers}w: WARNING counts {counts}")
    if one.billing is None or one.billing != four.billing:
        checks.append("WARNING: billing JSON missing or different between the runs")
    check = "; ".join(checks) or "no errors, every row once, billing JSON identical"
    size = f"{laptops} laptops × {ROUNDS} rounds"
    rates = [laptops * ROUNDS / o.seconds for o in (four, one)]
    requests_per_s = [len(o.latencies) / o.seconds for o in (four, one)]
    p95s = [statistics.quantiles(o.latencies, n=20)[-1] for o in (four, one)]
    return [
        Result(
            "load.throughput_200_laptops",
            rates[0],
            "rounds/s",
            rates[1],
            f"{size}, 4 workers vs 1 on PostgreSQL (higher is better; requests/s "
            f"{requests_per_s[0]:.1f} vs {requests_per_s[1]:.1f}); {check}",
        ),
        Result("load.p95_200_laptops", p95s[0], "s", p95s[1], f"{size}: p95 latency, 4 vs 1"),
    ]


def _database(base: str) -> tuple[str, str, Any]:
    import psycopg

    plain = base.replace("postgresql+psycopg://", "postgresql://")
    suffix = uuid.uuid4().hex[:8]
    owner, app, name = f"bench_owner_{suffix}", f"bench_app_{suffix}", f"bench_{suffix}"
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {owner} LOGIN")
        connection.execute(f"CREATE ROLE {app} LOGIN")
        connection.execute(f"CREATE DATABASE {name} OWNER {owner}")
    host = base.split("@", 1)[1].rsplit("/", 1)[0]

    def drop() -> None:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            connection.execute(f"DROP ROLE IF EXISTS {app}")
            connection.execute(f"DROP ROLE IF EXISTS {owner}")

    owner_url = f"postgresql+psycopg://{owner}@{host}/{name}"
    migrate(owner_url, app_role=app)
    return owner_url, f"postgresql+psycopg://{app}@{host}/{name}", drop


def _tokens(owner_url: str, count: int) -> list[tuple[str, str]]:
    """Devices and tokens made straight in the store (set-up, not timed: 200 argon2 logins
    would only measure the password hash)."""
    with open_db(owner_url) as db:
        admin.create_partner(db, name=PARTNER, admin_email=EMAIL, password=_sync_seed.PASSWORD)
        out = []
        with db.transaction(write=True) as session:
            login = session.scalars(select(Login).where(Login.email == EMAIL)).one()
            for n in range(count):
                device_id, token = str(uuid.uuid4()), secrets.token_urlsafe(32)
                session.add(
                    Device(
                        id=device_id,
                        partner_id=login.partner_id,
                        name=f"laptop {n}",
                        advisor_id=login.advisor_id,
                        last_mid=0,
                    )  # fmt: skip
                )
                session.add(
                    Token(
                        token_hash=hashlib.sha256(token.encode()).hexdigest(),
                        partner_id=login.partner_id,
                        device_id=device_id,
                        advisor_id=login.advisor_id,
                        expires_at=dt.datetime.now(dt.UTC).replace(tzinfo=None)
                        + dt.timedelta(days=1),
                    )
                )
                out.append((device_id, token))
    return out


def _run(ctx: Context, base: str, workers: int, laptops: int) -> Outcome:
    owner_url, app_url, drop = _database(base)
    folder = ctx.scratch(f"load-{workers}")
    try:
        devices = _tokens(owner_url, laptops)
        port = _free_port()
        args = [sys.executable, "-m", "advisor_desk.server.cli", "serve", "--db", app_url,
                "--port", str(port), "--workers", str(workers)]  # fmt: skip
        server = _sync_seed.Process(args, f"http://127.0.0.1:{port}", folder / "server.log")
        try:
            ctx.log(f"load: {laptops} laptops × {ROUNDS} rounds against {workers} worker(s)")
            outcome = _drive(server.url, devices, workers)
            outcome.billing = _billing(ctx, server.url, folder)
        finally:
            server.stop()
        outcome.counts = _counts(owner_url)
        return outcome
    finally:
        drop()


def _drive(url: str, devices: list[tuple[str, str]], workers: int) -> Outcome:
    outcome = Outcome(workers, 0.0)
    lock = threading.Lock()
    start = threading.Barrier(len(devices) + 1)
    deadline = time.monotonic() + DEADLINE
    month = _this_month()

    def laptop(index: int) -> None:
        device_id, token = devices[index]
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {token}"
        mid, cursor, previous = 0, 0, None

        def call(method: str, path: str, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                answer = http.request(method, url + path, timeout=60, **kwargs)
                ok = answer.status_code == 200
                detail = f"{path} {answer.status_code} {answer.text[:120]}"
            except requests.RequestException as error:
                ok, detail, answer = False, f"{path} {error}", None
            with lock:
                outcome.latencies.append(time.perf_counter() - began)
                if not ok:
                    outcome.errors.append(detail)
            return answer.json() if ok and answer is not None else None

        start.wait()
        for round_ in range(ROUNDS):
            if time.monotonic() > deadline:
                with lock:
                    outcome.errors.append(f"laptop {index}: deadline before round {round_}")
                return
            client_id, member_id = str(uuid.uuid4()), str(uuid.uuid4())
            rows = [
                ("client", client_id, {"name": f"L{index}-{round_}", "domain": "",
                                       "created": f"{month}-01", "tags": []}),
                ("member", member_id, {"client_id": client_id, "name": f"M{index}-{round_}",
                                       "email": f"m{index}-{round_}@example.com"}),
                ("member_license", str(uuid.uuid4()), {"member_id": member_id,
                                                       "tier": "just_risk",
                                                       "start": f"{month}-01"}),
            ]  # fmt: skip
            mutations = []
            for entity, row_id, fields in rows:
                mid += 1
                mutations.append({"mid": mid, "entity": entity, "id": row_id, "op": "insert",
                                  "base_version": 0, "fields": fields})  # fmt: skip
            if previous is not None:  # an edit: the careful path (base version check)
                mid += 1
                mutations.append({"mid": mid, "entity": "client", "id": previous[0],
                                  "op": "update", "base_version": previous[1],
                                  "fields": {"domain": f"l{index}.example.com"}})  # fmt: skip
            body = {"device_id": device_id, "schema_version": 1, "mutations": mutations}
            answer = call("POST", "/v1/sync/push", json=body)
            if answer is None:
                return
            statuses = {r["status"] for r in answer["results"]}
            if statuses != {"applied"}:
                with lock:
                    outcome.errors.append(f"laptop {index}: push statuses {statuses}")
            previous = (client_id, answer["results"][0]["version"])
            while True:
                page = call("GET", "/v1/sync/pull", params={"cursor": cursor, "limit": 500})
                if page is None:
                    return
                cursor = page["next_cursor"]
                if not page["has_more"]:
                    break

    threads = [threading.Thread(target=laptop, args=(i,)) for i in range(len(devices))]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    outcome.seconds = time.perf_counter() - began
    return outcome


def _counts(owner_url: str) -> dict[str, int]:
    with open_db(owner_url) as db, db.transaction(write=False) as session:
        counts = {
            model.__tablename__: session.scalar(  # type: ignore[attr-defined]
                select(func.count()).select_from(model).where(model.deleted.is_(False))
            )
            or 0
            for model in (Member, MemberLicense)
        }
        counts["client"] = session.scalar(
            select(func.count()).select_from(Client).where(Client.name.like("L%-%"))
        ) or 0  # fmt: skip
        counts["last_mid"] = session.scalar(select(func.sum(Device.last_mid))) or 0
    return dict(sorted(counts.items()))


def _billing(ctx: Context, url: str, folder: Path) -> Any:
    """`advisor-desk billing --format json` of a laptop synced from the server."""
    data = folder / "laptop"
    store = open_store(data)
    try:
        outcome = account.login(store, url, EMAIL, _sync_seed.PASSWORD, device_name="check")
        SyncEngine(store, token=outcome.token).sync()
    finally:
        store.close()
    answer = subprocess.run(
        [
            str(Path(sys.executable).with_name("advisor-desk")),
            "--data-dir",
            str(data),
            "billing",
            "--period",
            _this_month(),
            "--format",
            "json",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if answer.returncode != 0:
        ctx.log(f"load: billing failed: {answer.stderr[-500:]}")
        return None
    return _without_ids(json.loads(answer.stdout))


def _without_ids(value: Any) -> Any:
    """Ids are new UUIDs in each run; everything else must match."""
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id" and not k.endswith("_id")}
    if isinstance(value, list):
        items = [_without_ids(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, default=str))
    return value


def _this_month() -> str:
    """The partner's agreement is in force from the month it was created: this one."""
    return dt.date.today().strftime("%Y-%m")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
