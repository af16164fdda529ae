"""Kept conflicts (both values side by side; keep mine / keep theirs / edit) and rejected
changes (with the server's reason; retry or dismiss). Resolving writes ordinary local edits,
so the outbox carries the outcome to the server on the next sync."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from advisor_desk.store.engine import Store
from advisor_desk.store.models import ENTITY_MODELS, Conflict, Outbox
from advisor_desk.store.outbox import APPLYING_SYNC, entity_fields
from advisor_desk.store.types import utcnow
from advisor_desk.sync import local
from advisor_desk.sync.apply import fields_json
from advisor_desk.sync.codec import decode_fields
from advisor_desk.sync.transport import SyncError


class NotFoundError(SyncError):
    """The conflict or rejection is not open (any more)."""


@dataclass(frozen=True)
class FieldPair:
    name: str
    mine: Any
    theirs: Any


@dataclass(frozen=True)
class ConflictView:
    id: int
    entity: str
    row_id: str
    fields: tuple[FieldPair, ...]
    deleted_on_server: bool
    detected_at: dt.datetime


@dataclass(frozen=True)
class RejectionView:
    id: int
    entity: str
    row_id: str
    op: str
    fields: dict[str, Any]
    reason: str
    detected_at: dt.datetime


def list_conflicts(store: Store) -> list[ConflictView]:
    with store.read() as session:
        rows = session.scalars(
            select(Conflict).where(Conflict.resolved.is_(False)).order_by(Conflict.id)
        ).all()
        views = []
        for row in rows:
            mine, theirs = json.loads(row.local_fields), json.loads(row.server_fields)
            pairs = tuple(FieldPair(name, mine[name], theirs.get(name)) for name in sorted(mine))
            views.append(
                ConflictView(
                    row.id,
                    row.entity,
                    row.row_id,
                    pairs,
                    bool(theirs.get("deleted")),
                    row.detected_at,
                )
            )
        return views


def resolve_conflict(
    store: Store, conflict_id: int, choice: Literal["mine", "theirs"] | dict[str, Any]
) -> None:
    """Keep mine (my values again, as a new edit), keep theirs (nothing to send), or edit
    (the given field values, JSON-shaped as in the conflict)."""
    with store.write() as session:
        conflict = session.get(Conflict, conflict_id)
        if conflict is None or conflict.resolved:
            raise NotFoundError(f"no open conflict {conflict_id}")
        conflict.resolved = True
        if choice == "theirs":
            return
        wanted = json.loads(conflict.local_fields) if choice == "mine" else dict(choice)
        model = ENTITY_MODELS[conflict.entity]
        row = session.get(model, conflict.row_id)
        if row is None:
            raise NotFoundError(f"the {conflict.entity} of this conflict is gone")
        values = decode_fields(conflict.entity, wanted)
        if row.deleted:  # keep mine over a delete: bring the row back, every field
            _send_whole(session, row, values, "update")
            return
        for name, value in values.items():
            setattr(row, name, value)


def list_rejections(store: Store) -> list[RejectionView]:
    table = local.rejection_table
    with store.read() as session:
        rows = session.execute(
            select(table).where(table.c.dismissed.is_(False)).order_by(table.c.id)
        ).all()
    return [
        RejectionView(
            r.id, r.entity, r.row_id, r.op, json.loads(r.fields_json), r.reason, r.detected_at
        )
        for r in rows
    ]


def dismiss_rejection(store: Store, rejection_id: int) -> None:
    table = local.rejection_table
    with store.write() as session:
        session.execute(update(table).where(table.c.id == rejection_id).values(dismissed=True))


def retry_rejection(store: Store, rejection_id: int, fields: dict[str, Any] | None = None) -> None:
    """Send the rejected change again (optionally corrected) as a new local edit."""
    table = local.rejection_table
    with store.write() as session:
        found = session.execute(select(table).where(table.c.id == rejection_id)).first()
        if found is None or found.dismissed:
            raise NotFoundError(f"no open rejection {rejection_id}")
        session.execute(update(table).where(table.c.id == rejection_id).values(dismissed=True))
        model = ENTITY_MODELS[found.entity]
        row = session.get(model, found.row_id)
        values = decode_fields(found.entity, fields or json.loads(found.fields_json))
        if row is None and found.op == "insert":  # made here, removed with a withdrawn client
            partner_id = local.account(session).partner_id
            row = model(id=found.row_id, partner_id=partner_id, version=0, base_version=0)
            session.add(row)
            _send_whole(session, row, values, "insert")
            return
        if row is None:
            raise NotFoundError(f"the {found.entity} of this rejection is gone")
        if found.op == "delete":
            row.deleted = True
            return
        if row.version == 0 or row.deleted:  # the server never had it, or it was deleted
            _send_whole(session, row, values, "insert" if row.version == 0 else "update")
            return
        for name, value in values.items():
            setattr(row, name, value)


def _send_whole(session: Session, row: Any, values: dict[str, Any], op: str) -> None:
    """Write the row and queue it with every field (the server lacks or buried it)."""
    session.info[APPLYING_SYNC] = True
    row.deleted = False
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()
    session.add(
        Outbox(
            entity=type(row).__tablename__,
            row_id=row.id,
            op=op,
            base_version=row.version,
            fields_json=fields_json(entity_fields(row)),
            created_at=utcnow(),
        )
    )
    session.flush()
    session.info[APPLYING_SYNC] = False
