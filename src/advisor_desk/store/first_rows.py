"""The tree's first rows, read with plain `sqlite3` before SQLAlchemy or any model is loaded.

At start-up the window's frame shows the partner, the advisors and the unfiltered tree's first
clients with their license mix at once (ui/startup.py), while a worker opens the store the
usual way. This reads them from the store file directly — read-only (`mode=ro`), only when
the file exists and its schema is this version's head (`schema_head.SCHEMA_HEAD`), with the
same filters and order as the tree's own queries (services/clients/tree.py: `client_index`,
`client_rows`, `tree_advisors`; services/bizdev/prospects.py: `list_prospects`). Anything
unexpected (no file, another schema, a lock, a damaged file, a missing table) gives None: the
normal path then runs unchanged. Tests compare these rows with the real tree's.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from advisor_desk.clock import today
from advisor_desk.store.schema_head import SCHEMA_HEAD

log = logging.getLogger(__name__)

STORE_FILE = "advisor-desk.sqlite3"  # store/engine.py's STORE_FILE (a test checks they agree)
FIRST_CLIENTS = 160  # the tree's first two batches (ui/tree/nodes.py BATCH × 2)
BUSY_TIMEOUT_S = 0.2  # a store locked longer than this: the normal path instead


class FirstAdvisor(NamedTuple):
    id: str
    name: str
    email: str
    role: str  # domain.values.Role's value
    active_now: bool


class FirstClient(NamedTuple):
    id: str
    name: str
    archived: dt.date | None
    billing_model: str | None  # domain.billing_model.BillingModel's value in force this month
    licenses: dict[str, int]  # LicenseTier value -> members holding it today (tiers held only)


class FirstProspect(NamedTuple):
    id: str
    name: str
    industry: str


class FirstRows(NamedTuple):
    """What the unfiltered tree shows first."""

    partner_name: str
    advisors: tuple[FirstAdvisor, ...]
    client_total: int  # clients the unfiltered tree lists (archived ones if shown)
    clients: tuple[FirstClient, ...]  # the first of them, in the tree's order
    include_archived: bool = True
    prospects: tuple[FirstProspect, ...] = ()


def read_first_rows(
    data_dir: Path, *, include_archived: bool = True, limit: int = FIRST_CLIENTS
) -> FirstRows | None:
    """The tree's first rows from the store in `data_dir`, or None if they cannot be read
    this way (the caller then waits for the store to open as usual)."""
    path = data_dir / STORE_FILE
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro",
            uri=True,
            timeout=BUSY_TIMEOUT_S,
            check_same_thread=False,
        )
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        connection.create_function("casefold", 1, _casefold, deterministic=True)
        return _read(connection, include_archived, limit)
    except Exception:  # noqa: BLE001 - a head start only: the store opens as usual afterwards
        log.debug("the tree's first rows were not read ahead", exc_info=True)
        return None
    finally:
        connection.close()


def _read(connection: sqlite3.Connection, include_archived: bool, limit: int) -> FirstRows | None:
    connection.execute("BEGIN")  # one snapshot for every query below
    versions = {row[0] for row in connection.execute("SELECT version_num FROM alembic_version")}
    if versions != {SCHEMA_HEAD}:
        return None
    partner = connection.execute(
        "SELECT id, name, timezone FROM partner WHERE deleted IS 0 ORDER BY name LIMIT 1"
    ).fetchone()
    if partner is None:
        return None  # the welcome page: nothing to show ahead
    partner_id, partner_name, timezone = partner
    day = today(timezone)
    live = "FROM client WHERE partner_id = ? AND deleted IS 0"
    if not include_archived:
        live += " AND archived IS NULL"
    # The tree's whole ordered index, of which only the first rows are fetched (each row
    # fetched is a step that takes the GIL again: this runs beside the GUI thread).
    cursor = connection.execute(
        f"SELECT id, name, archived {live} ORDER BY lower(name)", (partner_id,)
    )
    first = cursor.fetchmany(limit)
    cursor.close()
    (total,) = connection.execute(f"SELECT count(*) {live}", (partner_id,)).fetchone()
    ids = [cid for cid, _name, _archived in first]
    counts = _license_counts(connection, ids, day)
    models = _billing_models(connection, ids, f"{day:%Y-%m}")
    clients = tuple(
        FirstClient(
            cid,
            name,
            dt.date.fromisoformat(archived) if archived else None,
            models.get(cid),
            counts.get(cid, {}),
        )
        for cid, name, archived in first
    )
    return FirstRows(
        str(partner_name),
        _advisors(connection, partner_id, day),
        int(total),
        clients,
        include_archived,
        _prospects(connection, partner_id),
    )


def _advisors(
    connection: sqlite3.Connection, partner_id: str, day: dt.date
) -> tuple[FirstAdvisor, ...]:
    rows = connection.execute(
        """
        SELECT advisor.id, advisor.name, advisor.email, advisor.role,
               EXISTS (SELECT 1 FROM advisor_activity
                       WHERE advisor_activity.advisor_id = advisor.id
                         AND advisor_activity.deleted IS 0
                         AND advisor_activity.start <= ?
                         AND (advisor_activity."end" IS NULL OR advisor_activity."end" > ?))
        FROM advisor WHERE advisor.partner_id = ? AND advisor.deleted IS 0
        ORDER BY lower(advisor.name)
        """,
        (day.isoformat(), day.isoformat(), partner_id),
    )
    return tuple(FirstAdvisor(a, n, e, r, bool(active)) for a, n, e, r, active in rows)


def _license_counts(
    connection: sqlite3.Connection, ids: Sequence[str], day: dt.date
) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    if not ids:
        return counts
    marks = ", ".join("?" * len(ids))
    rows = connection.execute(  # one row a client ("tier count" pairs): fewer steps
        f"""
        SELECT client_id, group_concat(tier || ' ' || held, ' ') FROM (
            SELECT member.client_id AS client_id, member_license.tier AS tier, count(*) AS held
            FROM member JOIN member_license ON member_license.member_id = member.id
            WHERE member.client_id IN ({marks}) AND member.deleted IS 0
              AND member_license.deleted IS 0 AND member_license.start <= ?
              AND (member_license."end" IS NULL OR member_license."end" > ?)
            GROUP BY member.client_id, member_license.tier
        ) GROUP BY client_id
        """,
        (*ids, day.isoformat(), day.isoformat()),
    )
    for client_id, pairs in rows:
        words = str(pairs).split(" ")
        counts[client_id] = {tier: int(n) for tier, n in zip(words[::2], words[1::2], strict=True)}
    return counts


def _billing_models(
    connection: sqlite3.Connection, ids: Sequence[str], now: str
) -> dict[str, str | None]:
    """The model in force in month `now` (before the client's first month: its first one),
    as services/clients/teams.py `model_in_force`."""
    history: dict[str, list[tuple[str, str]]] = {}
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    for client_id, month, model in connection.execute(
        "SELECT client_id, effective_from, model FROM client_billing_model "
        f"WHERE client_id IN ({marks}) AND deleted IS 0 ORDER BY effective_from",
        tuple(ids),
    ):
        history.setdefault(client_id, []).append((str(month), str(model)))
    found: dict[str, str | None] = {}
    for client_id, months in history.items():
        in_force = [m for month, m in months if month <= now] or [m for _, m in months[:1]]
        found[client_id] = in_force[-1] if in_force else None
    return found


def _prospects(connection: sqlite3.Connection, partner_id: str) -> tuple[FirstProspect, ...]:
    rows = connection.execute(
        "SELECT id, name, industry, converted_client_id FROM prospect "
        "WHERE partner_id = ? AND deleted IS 0 ORDER BY casefold(name)",
        (partner_id,),
    )
    return tuple(
        FirstProspect(pid, name, industry or "")
        for pid, name, industry, converted in rows
        if not converted
    )


def _casefold(value: str | None) -> str | None:
    return None if value is None else value.casefold()
