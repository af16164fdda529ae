"""Every change to a synced row writes its outbox mutation in the same transaction.

A `before_flush` hook on the store's write sessions turns the ORM's pending inserts, updates
and tombstones into outbox rows, so no service can forget one. Bulk writers (import, demo)
that use Core statements call `mutation_rows` themselves. Sessions applying pulled changes
set `session.info[APPLYING_SYNC] = True` and write none.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from .base import SYNC_COLUMNS, Synced
from .changes import CLIENTS, after_commit, after_rollback, record_rows
from .models.sync import Outbox
from .rows import apply_defaults, changed_fields, tombstoned_now
from .types import utcnow

APPLYING_SYNC = "applying_sync"


def to_json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def entity_fields(row: Synced, names: Iterable[str] | None = None) -> dict[str, Any]:
    mapper = inspect(type(row))
    columns = [c.key for c in mapper.column_attrs if c.key not in SYNC_COLUMNS]
    wanted = columns if names is None else [c for c in columns if c in set(names)]
    return {name: to_json_value(getattr(row, name)) for name in wanted}


def _dumps(fields: Mapping[str, Any]) -> str:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"))


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(APPLYING_SYNC):
        return
    _record_changes(session)
    now = utcnow()
    pending: list[Outbox] = []
    for row in session.new:
        if isinstance(row, Synced):
            apply_defaults(row)
            pending.append(_mutation(row, "insert", entity_fields(row), now))
    for row in session.dirty:
        if not isinstance(row, Synced) or not session.is_modified(row):
            continue
        deleted_now = tombstoned_now(row)
        if deleted_now:
            pending.append(_mutation(row, "delete", {}, now))
            continue
        changed = changed_fields(row)
        if changed:
            pending.append(_mutation(row, "update", entity_fields(row, changed), now))
    for row in session.deleted:
        if isinstance(row, Synced):
            raise RuntimeError(
                f"{type(row).__name__} rows are never hard-deleted; set deleted=True (tombstone)"
            )
    session.add_all(pending)


def _record_changes(session: Session) -> None:
    """What this flush writes, for the transaction's `Changes` (store/changes.py)."""
    for row in session.new:
        if isinstance(row, Synced):
            apply_defaults(row)  # the id too
            _record(session, "created", row)
    for row in session.dirty:
        if isinstance(row, Synced) and session.is_modified(row):
            op = "deleted" if tombstoned_now(row) else "updated"
            _record(session, op, row)


def _record(session: Session, op: Any, row: Synced) -> None:
    entity: str = type(row).__tablename__
    record_rows(session, op, entity, (row.id,))
    client_id = row.id if entity == "client" else getattr(row, "client_id", None)
    member_id = getattr(row, "member_id", None)
    if client_id is None and member_id is not None:  # a license: its member's client
        from .models import Member

        member = session.get(Member, member_id)
        client_id = member.client_id if member is not None else None
    if isinstance(client_id, str):
        record_rows(session, CLIENTS, "client", (client_id,))


def _mutation(row: Synced, op: str, fields: dict[str, Any], now: dt.datetime) -> Outbox:
    # The partner id travels with the row so the server can check it belongs to the token's.
    return Outbox(
        entity=type(row).__tablename__,
        row_id=row.id,
        op=op,
        base_version=row.version or 0,
        fields_json=_dumps(fields),
        created_at=now,
    )


def mutation_rows(
    entity: str, rows: Iterable[Mapping[str, Any]], now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """Outbox rows for freshly inserted rows written with Core (`id` plus entity fields)."""
    stamp = now or utcnow()
    out = []
    for row in rows:
        fields = {k: to_json_value(v) for k, v in row.items() if k not in SYNC_COLUMNS}
        out.append(
            {
                "entity": entity,
                "row_id": row["id"],
                "op": "insert",
                "base_version": 0,
                "fields_json": _dumps(fields),
                "created_at": stamp,
            }
        )
    return out


def install(session_factory: Any) -> None:
    from sqlalchemy import event

    event.listen(session_factory, "before_flush", _before_flush)
    event.listen(session_factory, "after_commit", after_commit)
    event.listen(session_factory, "after_soft_rollback", _after_soft_rollback)


def _after_soft_rollback(session: Session, previous_transaction: Any) -> None:
    if previous_transaction.parent is None:  # the outermost transaction: nothing was written
        after_rollback(session)
