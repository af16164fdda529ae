"""What a synced row holds before its flush, read the same way by the laptop's outbox hook
(store/outbox.py) and the server's versioning hook (server/versioning.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.sql.schema import CallableColumnDefault, ScalarElementColumnDefault

from .base import SYNC_COLUMNS, Synced


def apply_defaults(row: Synced) -> None:
    """Fill column defaults now (SQLAlchemy applies them only at INSERT), so what is recorded
    of a new row (a mutation, a version) carries the values the row will have: the id too."""
    for column in inspect(type(row)).columns:
        default = column.default
        if default is None or getattr(row, column.key) is not None:
            continue
        if isinstance(default, ScalarElementColumnDefault):
            setattr(row, column.key, default.arg)
        elif isinstance(default, CallableColumnDefault):
            make: Callable[[Any], Any] = default.arg  # our defaults ignore the context
            setattr(row, column.key, make(None))


def changed_fields(row: Synced) -> list[str]:
    """The entity fields (not the bookkeeping) this row changes in the coming flush."""
    state = inspect(row)
    return [
        attr.key
        for attr in state.attrs
        if attr.key not in SYNC_COLUMNS and attr.history.has_changes()
    ]


def tombstoned_now(row: Synced) -> bool:
    """Whether the coming flush turns this row into a tombstone."""
    return bool(inspect(row).attrs.deleted.history.added == [True])
