"""Group `billing`: a period's charges over 5,000 clients, and loading those clients.

The data: the demo generator's partner with 5,000 clients of exactly 10 members each, every
member with license-tier history (upgrades, downgrades, leavers), 200 content items.

- `store.import_5000_clients`: `services.workspace.import_workspace` of that file into an
  empty store, against `json.loads` + building the same rows + `sqlite3.executemany` into the
  same schema in one transaction. Both write the outbox rows (one per inserted row).
- `billing.period_5000_clients`: `services.billing.charges_for_period` for last month,
  against ONE raw sqlite3 query reading the same data (clients × members × licenses of the
  period), fetched but not computed on. The two are timed alternately (app, raw, app, …)
  so that both meet the same load on a shared machine.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.charges import charges_for_period
from advisor_desk.services.demo.generator import build_workspace
from advisor_desk.services.workspace import import_workspace
from advisor_desk.store.engine import STORE_FILE, Store, open_store
from groups import Context, Result, _raw_workspace, median_seconds

CLIENTS = 5000
MEMBERS = 10
CONTENT = 200

PERIOD_QUERY = """
SELECT c.id, c.name, c.created, c.archived, m.id, m.name, l.tier, l.start, l."end"
FROM member_license AS l
JOIN member AS m ON m.id = l.member_id
JOIN client AS c ON c.id = m.client_id
WHERE c.created < :end AND (c.archived IS NULL OR c.archived > :first)
  AND m.deleted = 0 AND l.deleted = 0
  AND l.start < :end AND (l."end" IS NULL OR l."end" > :first)
"""


def run(ctx: Context) -> list[Result]:
    clients = ctx.scaled(CLIENTS)
    today = dt.date.today()
    ctx.log(f"generating {clients} clients × {MEMBERS} members")
    workspace = build_workspace(
        today, clients=clients, content=CONTENT, seed=1, members=(MEMBERS, MEMBERS)
    )
    data = _encode(workspace)
    size = f"{clients} clients × {MEMBERS} members"
    imported, store_dir = _import(ctx, data, size)
    return [imported, _period(ctx, store_dir, Period.of(today).prev(), size)]


def _encode(workspace: dict[str, object]) -> bytes:
    return json.dumps(workspace).encode("ascii")


def _connect(path: Path) -> sqlite3.Connection:
    """A bare connection with the app's settings (WAL is already set in the file)."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA busy_timeout=10000")
    return connection


def _import(ctx: Context, data: bytes, size: str) -> tuple[Result, Path]:
    repeats = ctx.repeats(full=5, quick=2)
    made: list[Path] = []

    @contextmanager
    def empty_store() -> Iterator[Store]:
        folder = ctx.scratch("import-app")
        store = open_store(folder)
        made.append(folder)
        try:
            yield store
        finally:
            store.close()

    @contextmanager
    def empty_schema() -> Iterator[sqlite3.Connection]:
        folder = ctx.scratch("import-raw")
        open_store(folder).close()  # the same migrated schema, empty
        connection = _connect(folder / STORE_FILE)
        try:
            yield connection
        finally:
            connection.close()

    ctx.log(f"import: app × {repeats}")
    app = median_seconds(
        lambda store: import_workspace(store, data), repeats=repeats, prepare=empty_store
    )
    ctx.log(f"import: raw sqlite3 × {repeats}")
    raw = median_seconds(
        lambda c: _raw_workspace.load(c, data), repeats=repeats, prepare=empty_schema
    )
    note = (
        f"{size}, {len(data) / 1e6:.1f} MB file; both write outbox rows; "
        "baseline: json.loads + same rows + executemany, no validation"
    )
    _check_same_rows(ctx, made[-1], data)
    return Result("store.import_5000_clients", app, "s", raw, note), made[-1]


def _check_same_rows(ctx: Context, app_dir: Path, data: bytes) -> None:
    """The baseline must write what the app writes, or the ratio means nothing."""
    folder = ctx.scratch("import-check")
    open_store(folder).close()
    raw = _connect(folder / STORE_FILE)
    app = _connect(app_dir / STORE_FILE)
    try:
        _raw_workspace.load(raw, data)
        ours, theirs = _raw_workspace.table_counts(app), _raw_workspace.table_counts(raw)
    finally:
        raw.close()
        app.close()
    if ours != theirs:
        differing = {t: (ours.get(t), theirs.get(t)) for t in ours if ours.get(t) != theirs.get(t)}
        ctx.log(f"WARNING: app and baseline wrote different rows (app, raw): {differing}")


def _period(ctx: Context, store_dir: Path, period: Period, size: str) -> Result:
    repeats = ctx.repeats(full=7, quick=5)
    store = open_store(store_dir)
    connection = _connect(store_dir / STORE_FILE)
    bounds = {"first": period.first_day.isoformat(), "end": period.end.isoformat()}
    try:
        charges = charges_for_period(store, period)  # warm both caches alike
        rows = len(connection.execute(PERIOD_QUERY, bounds).fetchall())
        ctx.log(f"billing {period}: app and raw query × {repeats}, alternately")
        # One of each in turn: on a shared machine the load drifts, and both sides should
        # meet the same (each time still the median of its own repetitions).
        app_times, raw_times = [], []
        for _ in range(repeats):
            app_times.append(median_seconds(lambda _: charges_for_period(store, period), repeats=1))
            raw_times.append(
                median_seconds(
                    lambda _: connection.execute(PERIOD_QUERY, bounds).fetchall(), repeats=1
                )
            )
    finally:
        connection.close()
        store.close()
    note = (
        f"{size}, period {period}: {len(charges.clients)} clients charged; "
        f"baseline: one SQL join fetching {rows} license rows, no arithmetic"
    )
    app, raw = statistics.median(app_times), statistics.median(raw_times)
    return Result("billing.period_5000_clients", app, "s", raw, note)
