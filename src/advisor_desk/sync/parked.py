"""Pulled changes that could not be applied, kept to apply later — never a failed pull.

A row from the server that this laptop cannot write (it refers to a row the laptop does not
have, a value cannot be read, a constraint refuses it) is left out of its page, which is
applied without it, cursor and all. It waits in `sync_parked` (store migration
0005_h1_sync_parked), is shown among the refused changes with the reason (`op` "pull"), is
logged, and is tried again with every later page: a parent that arrives later (a pull page
boundary between a row and its re-versioned parent) lets it in, a newer version of the row
supersedes it. Its refusal is dismissed once it is in or superseded.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from advisor_desk.store.base import table_of
from advisor_desk.store.models import ENTITY_MODELS
from advisor_desk.store.types import utcnow
from advisor_desk.sync import local
from advisor_desk.sync.apply import apply_careful, fields_json

log = logging.getLogger(__name__)

parked_table = Table(
    "sync_parked",
    MetaData(),
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity", String(40), nullable=False),
    Column("row_id", String(36), nullable=False, unique=True),
    Column("version", Integer, nullable=False),
    Column("change_json", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("rejection_id", Integer, nullable=True),
    Column("detected_at", DateTime, nullable=False),
)

OP = "pull"  # the refused change's `op`: a change from the server, not one of ours


def parked_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(parked_table)) or 0)


def park(session: Session, bad: list[tuple[dict[str, Any], str]]) -> int:
    """Keep the changes that could not be applied (a newer version replaces an older one)
    and show each among the refused changes."""
    for change, reason in bad:
        row_id = str(change.get("id"))
        entity = str(change.get("entity"))
        log.warning("a change from the server was not applied: %s %s: %s", entity, row_id, reason)
        _forget(session, [row_id])
        carried = change.get("fields")
        fields: dict[str, Any] = carried if isinstance(carried, dict) else {}
        rejection_id = session.execute(
            insert(local.rejection_table)
            .values(
                entity=entity[:40],
                row_id=row_id[:36],
                op=OP,
                fields_json=fields_json(fields),
                reason=(
                    f"a change from the server could not be applied here ({reason}); the rest "
                    "of the sync went on, and it is tried again at every sync"
                ),
                detected_at=utcnow(),
                dismissed=False,
            )
            .returning(local.rejection_table.c.id)
        ).scalar_one()
        session.execute(
            insert(parked_table).values(
                entity=entity[:40],
                row_id=row_id[:36],
                version=_int(change.get("version")),
                change_json=json.dumps(change, default=str),
                reason=reason,
                rejection_id=rejection_id,
                detected_at=utcnow(),
            )
        )
    return len(bad)


def retry_parked(session: Session, partner_id: str) -> int:
    """Apply the kept changes that can be applied now; drop those a newer local version
    superseded. Returns how many are still waiting."""
    rows = session.execute(select(parked_table)).all()
    if not rows:
        return 0
    done: list[str] = []
    waiting: list[dict[str, Any]] = []
    for row in rows:
        change = json.loads(row.change_json)
        model = ENTITY_MODELS.get(row.entity)
        if model is not None:
            table = table_of(model)
            have = session.execute(select(table.c.version).where(table.c.id == row.row_id)).first()
            if have is not None and have[0] >= row.version:
                done.append(row.row_id)  # a newer (or the same) version is already here
                continue
        waiting.append(change)
    _forget(session, done)
    if not waiting:
        return 0
    bad = apply_careful(session, waiting, partner_id)
    still = {str(change.get("id")) for change, _reason in bad}
    _forget(session, [str(c.get("id")) for c in waiting if str(c.get("id")) not in still])
    return len(still)


def forget_unseen(session: Session, seen: set[str]) -> None:
    """After a full download: changes of rows the server no longer has are moot."""
    ids = [r for r in session.scalars(select(parked_table.c.row_id)) if r not in seen]
    _forget(session, ids)


def _forget(session: Session, row_ids: list[str]) -> None:
    if not row_ids:
        return
    found = session.execute(
        select(parked_table.c.rejection_id).where(parked_table.c.row_id.in_(row_ids))
    ).all()
    rejections = [r[0] for r in found if r[0] is not None]
    if rejections:
        session.execute(
            update(local.rejection_table)
            .where(local.rejection_table.c.id.in_(rejections))
            .values(dismissed=True)
        )
    session.execute(delete(parked_table).where(parked_table.c.row_id.in_(row_ids)))


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
