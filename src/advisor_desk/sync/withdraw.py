"""When this laptop's advisor loses access to a client, the client leaves the laptop.

The server stops sending a client's rows once the advisor has no live access row to it (and
refuses writes to it), but it does send the tombstone of the advisor's own access row. When
a pulled page brings that tombstone and no other live access row of the advisor to the
client remains — and the advisor's role does not see every client — the client and every
row hanging off it (found through the foreign keys, so a new child table is covered too)
are deleted from the local store, in the transaction that applies the page. A demotion
from administrator does the same for every client the advisor has no access row to.

Nothing the advisor did is lost: outbox rows of those rows (changes made after this sync's
push, which can no longer be sent) move to `sync_rejection`, and so do open conflicts of
them; the refusals the server gave this sync's push for them say why. Giving access again
re-versions the client's rows on the server, so the next pull brings them back.

Removing outbox rows from the middle is safe here, see `docs/sync-deviations.md`: a pull
runs only after its push drained the outbox, so every row waiting now is unsent and has no
protocol mid yet (mids are given at sending, counted from `last_acked_mid`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from advisor_desk.store.base import table_of
from advisor_desk.store.models import (
    SYNCED_MODELS,
    Advisor,
    AdvisorAccess,
    Client,
    Conflict,
    Outbox,
)
from advisor_desk.store.ownership import CHUNK, chunks, rows_under
from advisor_desk.sync import local

ADMIN = "administrator"


@dataclass
class Withdrawal:
    """What one page's withdrawals removed."""

    clients: list[str] = field(default_factory=list)  # names, for the report
    rows: int = 0
    unsent: int = 0  # outbox rows and open conflicts moved to the refused changes


def withdrawn_clients(
    session: Session, changes: list[dict[str, Any]], advisor_id: str | None, role: str | None
) -> set[str]:
    """Clients this page made invisible to the logged-in advisor (call after applying it).

    `role` is the role the laptop knew before the page; a change of the advisor's own role
    is saved (and a demotion from administrator checks every client)."""
    if not advisor_id:
        return set()
    me = session.get(Advisor, advisor_id)
    now_role = me.role if me is not None and not me.deleted else role
    if now_role != role:
        local.save_account(session, role=now_role)
    if now_role == ADMIN:
        return set()
    candidates: set[str] = set()
    if role == ADMIN:
        candidates.update(session.scalars(select(Client.id)))
    gone = [c["id"] for c in changes if c["entity"] == "advisor_access" and c["deleted"]]
    for chunk in chunks(gone):
        candidates.update(
            session.scalars(
                select(AdvisorAccess.client_id).where(
                    AdvisorAccess.id.in_(chunk), AdvisorAccess.advisor_id == advisor_id
                )
            )
        )
    if not candidates:
        return set()
    kept = set(
        session.scalars(
            select(AdvisorAccess.client_id).where(
                AdvisorAccess.advisor_id == advisor_id, AdvisorAccess.deleted.is_(False)
            )
        )
    )
    synced: set[str] = set()
    for chunk in chunks(candidates - kept):
        synced.update(
            session.scalars(select(Client.id).where(Client.id.in_(chunk), Client.version > 0))
        )
    return synced


def still_sent(
    session: Session, under: dict[str, set[str]], changes: list[dict[str, Any]], advisor_id: str
) -> bool:
    """Whether this page carries a row of the client other than the advisor's own access
    rows: the server filters pages by who sees what now, so the client is visible (a later
    page will bring the access row, e.g. while a demotion and a new access cross)."""
    ids = set().union(*under.values())
    mine: set[str] = set()
    for chunk in chunks(under.get("advisor_access", set())):
        mine.update(
            session.scalars(
                select(AdvisorAccess.id).where(
                    AdvisorAccess.id.in_(chunk), AdvisorAccess.advisor_id == advisor_id
                )
            )
        )
    return any(c["id"] in ids and c["id"] not in mine for c in changes)


def purge_withdrawn(
    session: Session,
    changes: list[dict[str, Any]],
    advisor_id: str | None,
    role: str | None,
    *,
    refused_after: int = 0,
) -> Withdrawal:
    """Remove the clients this page withdrew from the advisor, with everything under them.

    `refused_after`: the highest `sync_rejection` id before this sync's push; later
    refusals of the removed rows get the withdrawal named in their reason."""
    done = Withdrawal()
    for client_id in sorted(withdrawn_clients(session, changes, advisor_id, role)):
        under = rows_under(session, client_id)
        if advisor_id and still_sent(session, under, changes, advisor_id):
            continue
        name = session.scalar(select(Client.name).where(Client.id == client_id)) or "a client"
        ids = set().union(*under.values())
        _explain_refusals(session, ids, name, refused_after)
        done.unsent += _refuse_waiting(session, ids, name)
        for model in reversed(SYNCED_MODELS):
            table = table_of(model)
            for chunk in chunks(under.get(table.name, set())):
                session.execute(table.delete().where(table.c.id.in_(chunk)))
            done.rows += len(under.get(table.name, set()))
        done.clients.append(name)
    session.expire_all()
    return done


def _refuse_waiting(session: Session, ids: set[str], name: str) -> int:
    """Move the outbox rows and open conflicts of these rows to the refused changes."""
    reason = f"access to {name} was withdrawn; this change was not sent"
    waiting: list[Outbox] = []
    for chunk in chunks(ids):
        waiting.extend(session.scalars(select(Outbox).where(Outbox.row_id.in_(chunk))))
    waiting.sort(key=lambda row: row.mid)
    for row in waiting:
        local.record_rejection(
            session,
            entity=row.entity,
            row_id=row.row_id,
            op=row.op,
            fields_json=row.fields_json,
            reason=reason,
        )
    mids = [row.mid for row in waiting]
    for start in range(0, len(mids), CHUNK):
        session.execute(
            table_of(Outbox).delete().where(Outbox.mid.in_(mids[start : start + CHUNK]))
        )
    conflicts: list[Conflict] = []
    for chunk in chunks(ids):
        conflicts.extend(
            session.scalars(
                select(Conflict).where(Conflict.row_id.in_(chunk), Conflict.resolved.is_(False))
            )
        )
    for conflict in sorted(conflicts, key=lambda c: c.id):
        local.record_rejection(
            session,
            entity=conflict.entity,
            row_id=conflict.row_id,
            op="update",
            fields_json=conflict.local_fields,
            reason=f"access to {name} was withdrawn; this conflict can no longer be resolved",
        )
        conflict.resolved = True
    session.flush()
    return len(waiting) + len(conflicts)


def _explain_refusals(session: Session, ids: set[str], name: str, refused_after: int) -> None:
    """This sync's push sent changes of the client before the pull told why the server
    refused them: say so in their reason."""
    table = local.rejection_table
    for chunk in chunks(ids):
        rows = session.execute(
            select(table.c.id, table.c.reason).where(
                table.c.id > refused_after,
                table.c.row_id.in_(chunk),
                table.c.dismissed.is_(False),
            )
        ).all()
        for rejection_id, reason in rows:
            session.execute(
                update(table)
                .where(table.c.id == rejection_id)
                .values(
                    reason=f"access to {name} was withdrawn; the server refused this change "
                    f"({reason})"
                )
            )
