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
from .models.sync import Outbox
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


def _changed_fields(row: Synced) -> list[str]:
    state = inspect(row)
    return [
        attr.key
        for attr in state.attrs
        if attr.key not in SYNC_COLUMNS and attr.history.has_changes()
    ]


def _apply_defaults(row: Synced) -> None:
    """Fill column defaults now (SQLAlchemy applies them only at INSERT), so the mutation
    carries the same values as the row."""
    for column in inspect(type(row)).columns:
        default = column.default
        if default is None or getattr(row, column.key) is not None:
            continue
        if default.is_scalar:
            setattr(row, column.key, default.arg)
        elif default.is_callable:
            setattr(row, column.key, default.arg(None))


def _dumps(fields: Mapping[str, Any]) -> str:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"))


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(APPLYING_SYNC):
        return
    now = utcnow()
    pending: list[Outbox] = []
    for row in session.new:
        if isinstance(row, Synced):
            _apply_defaults(row)
            pending.append(_mutation(row, "insert", entity_fields(row), now))
    for row in session.dirty:
        if not isinstance(row, Synced) or not session.is_modified(row):
            continue
        deleted_now = inspect(row).attrs.deleted.history.added == [True]
        if deleted_now:
            pending.append(_mutation(row, "delete", {}, now))
            continue
        changed = _changed_fields(row)
        if changed:
            pending.append(_mutation(row, "update", entity_fields(row, changed), now))
    for row in session.deleted:
        if isinstance(row, Synced):
            raise RuntimeError(
                f"{type(row).__name__} rows are never hard-deleted; set deleted=True (tombstone)"
            )
    session.add_all(pending)


def _mutation(row: Synced, op: str, fields: dict[str, Any], now: dt.datetime) -> Outbox:
    # The partner id travels with the row so the server can check it belongs to the token's.
    return Outbox(
        entity=type(row).__tablename__,  # type: ignore[attr-defined]
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
