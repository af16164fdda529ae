"""Group `hub`: the hub's dashboard over 5,000 clients with 20 risks and 5 assessments each.

The data: the demo generator's partner with 5,000 clients of 10 members (license history
included), then 20 register risks (every likelihood × impact, some treated, some with a
residual rating) and 5 assessments (sent, in progress, submitted; some past due) per client,
inserted in bulk.

- `hub.dashboard_5000_clients`: what the hub shows first (`ui/hub/view.py: load_all`: the
  month's charges by billing's computation, the count, the first page sorted by name, the
  totals, the heat map, the top 20), against ONE raw sqlite3 aggregate query of the same
  per-client figures (licenses per tier held in the month, risks by rating, assessments
  overdue / in progress, last activity, advisors), fetched in full. The note gives the first
  screen's time and the p95 of re-sorting by every column and of the attention filter (the
  refresh already read, as the window does: its `MonthFigures` and the table read with it;
  count + first page + totals).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import statistics
import time
import uuid
from pathlib import Path

from advisor_desk.services.demo.generator import build_workspace
from advisor_desk.services.hub import Column, HubFilter, HubQuery
from advisor_desk.services.hub.screen import load_all, load_table
from advisor_desk.services.ops import run_query
from advisor_desk.services.workspace import import_workspace
from advisor_desk.store.engine import STORE_FILE, open_store
from groups import Context, Result, median_seconds

CLIENTS = 5000
MEMBERS = 10
RISKS = 20
ASSESSMENTS = 5

BASELINE = """
SELECT c.id, c.name,
  (SELECT COUNT(DISTINCT m.id) FROM member m JOIN member_license l ON l.member_id = m.id
     WHERE m.client_id = c.id AND l.tier = 'free' AND l.start < :end
     AND (l."end" IS NULL OR l."end" > :first)) AS free,
  (SELECT COUNT(DISTINCT m.id) FROM member m JOIN member_license l ON l.member_id = m.id
     WHERE m.client_id = c.id AND l.tier = 'just_risk' AND l.start < :end
     AND (l."end" IS NULL OR l."end" > :first)) AS just_risk,
  (SELECT COUNT(DISTINCT m.id) FROM member m JOIN member_license l ON l.member_id = m.id
     WHERE m.client_id = c.id AND l.tier = 'risk_compliance' AND l.start < :end
     AND (l."end" IS NULL OR l."end" > :first)) AS risk_compliance,
  r.extreme, r.high, a.overdue, a.in_progress,
  (SELECT MAX(updated_at) FROM client_risk WHERE client_id = c.id) AS touched,
  (SELECT COUNT(*) FROM advisor_access WHERE client_id = c.id AND deleted = 0) AS advisors
FROM client c
LEFT JOIN (SELECT client_id, SUM(likelihood * impact >= 15) AS extreme,
  SUM(likelihood * impact BETWEEN 10 AND 14) AS high FROM client_risk
  WHERE deleted = 0 AND status <> 'closed' GROUP BY client_id) r ON r.client_id = c.id
LEFT JOIN (SELECT client_id, SUM(due < :today) AS overdue, SUM(due >= :today) AS in_progress
  FROM assessment WHERE deleted = 0 AND status IN ('sent', 'in_progress') GROUP BY client_id)
  a ON a.client_id = c.id
WHERE c.deleted = 0 AND c.archived IS NULL
"""


def run(ctx: Context) -> list[Result]:
    clients = ctx.scaled(CLIENTS)
    today = dt.date.today()
    ctx.log(f"hub: generating {clients} clients × {MEMBERS} members")
    workspace = build_workspace(
        today, clients=clients, content=200, seed=1, members=(MEMBERS, MEMBERS)
    )
    folder = ctx.scratch("hub")
    store = open_store(folder)
    import_workspace(store, json.dumps(workspace).encode("ascii"))
    store.close()
    ctx.log(f"hub: {RISKS} risks and {ASSESSMENTS} assessments per client")
    _add_registers(folder / STORE_FILE, today)
    return [_dashboard(ctx, folder, today, f"{clients} clients")]


def _add_registers(path: Path, today: dt.date) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        partner = db.execute("SELECT id FROM partner").fetchone()[0]
        content = db.execute("SELECT id FROM content_item LIMIT 1").fetchone()[0]
        ids = [row[0] for row in db.execute("SELECT id FROM client")]
        now = dt.datetime.now().isoformat(sep=" ")
        risks, assessments = [], []
        for n, client in enumerate(ids):
            for k in range(RISKS):
                like, imp = 1 + (k + n) % 5, 1 + (k * 3 + n) % 5
                treated = k % 3 == 0
                risks.append(
                    (
                        str(uuid.uuid4()),
                        partner,
                        client,
                        f"Risk {k}",
                        like,
                        imp,
                        "mitigate" if treated else "",
                        max(1, like - 1) if treated else None,
                        imp if treated else None,
                        "closed" if k == 19 else "open",
                        now,
                    )
                )
            for k in range(ASSESSMENTS):
                due = today + dt.timedelta(days=(k - 2) * 20 + n % 7)
                status = ("sent", "in_progress", "submitted", "sent", "in_progress")[k]
                token = uuid.uuid4().hex
                assessments.append(
                    (
                        str(uuid.uuid4()),
                        partner,
                        content,
                        "1",
                        f"Assessment {k}",
                        client,
                        "r@x.example",
                        today.isoformat(),
                        due.isoformat(),
                        status,
                        token,
                        token,
                        now,
                    )
                )
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO client_risk (id, partner_id, client_id, title, likelihood, impact,"
            " treatment, residual_likelihood, residual_impact, status, updated_at, version,"
            " base_version, deleted, ref, description, domain, causes, impacts, owner,"
            " treatment_plan) VALUES (?,?,?,?,?,?,?,?,?,?,?,0,0,0,'','','','[]','[]','','')",
            risks,
        )
        db.executemany(
            "INSERT INTO assessment (id, partner_id, content_id, item_version, title, client_id,"
            " respondent_email, created, due, status, token, token_hash, updated_at, version,"
            " base_version, deleted, respondent_name, reminders, reopen_log)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,0,0,0,'',0,'[]')",
            assessments,
        )
        db.execute("COMMIT")
        db.execute("ANALYZE")
    finally:
        db.close()


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]


def _dashboard(ctx: Context, folder: Path, today: dt.date, size: str) -> Result:
    repeats = ctx.repeats(full=7, quick=3)
    store = open_store(folder)
    db = sqlite3.connect(folder / STORE_FILE)
    first = today.replace(day=1)
    end = (first + dt.timedelta(days=32)).replace(day=1)
    bounds = {"first": first.isoformat(), "end": end.isoformat(), "today": today.isoformat()}
    try:
        loaded = run_query(store, load_all, HubQuery(), False, today)  # warm caches alike
        rows = len(db.execute(BASELINE, bounds).fetchall())
        ctx.log(f"hub: dashboard × {repeats}")
        app = median_seconds(
            lambda _: run_query(store, load_all, HubQuery(), False, today), repeats=repeats
        )
        ctx.log(f"hub: raw aggregate × {repeats}")
        raw = median_seconds(lambda _: db.execute(BASELINE, bounds).fetchall(), repeats=repeats)
        month = loaded.month  # the window's refresh: its table is read, as after load_all
        sorts: list[float] = []
        for column in Column:
            for descending in (False, True):
                start = time.perf_counter()
                run_query(store, load_table, month, HubQuery(HubFilter(), column, descending))
                sorts.append(time.perf_counter() - start)
        attention: list[float] = []
        for reason in ("any", "overdue", "untreated", "idle", "pending") * 2:
            start = time.perf_counter()
            run_query(store, load_table, month, HubQuery(HubFilter(attention=reason)))
            attention.append(time.perf_counter() - start)
        start = time.perf_counter()
        run_query(store, load_table, month, HubQuery())
        screen = time.perf_counter() - start
    finally:
        db.close()
        store.close()
    note = (
        f"{size} × {RISKS} risks, {ASSESSMENTS} assessments; {loaded.total} shown; "
        f"baseline: one raw aggregate query of the same figures ({rows} rows, no charges); "
        f"first screen with the month read {screen * 1000:.0f} ms; "
        f"sort by each column p95 {_p95(sorts) * 1000:.0f} ms; "
        f"attention filter p95 {_p95(attention) * 1000:.0f} ms"
    )
    return Result("hub.dashboard_5000_clients", app, "s", raw, note)
