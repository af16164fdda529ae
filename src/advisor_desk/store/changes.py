"""What a transaction changed: synced entities and row ids, created, updated or deleted.

The outbox's `before_flush` hook (store/outbox.py) records every synced row a write session
inserts, updates or tombstones into `session.info` (`record_flush`); bulk writers that use
Core statements record theirs with `record_rows`. `changes_of(session)` turns that into a
`Changes` after the transaction, so no caller lists by hand what it touched. The same record
goes up to the views (ui/context.py), which refresh when a change touches what they show.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy.orm import Session

Op = Literal["created", "updated", "deleted"]
OPS: tuple[Op, ...] = ("created", "updated", "deleted")
Logged = Literal["created", "updated", "deleted", "clients"]  # the ops, and the owners
CLIENTS: Logged = "clients"  # the owning clients, kept beside the ops
_KEY = "advisor_desk.changes"

RowKeys = frozenset[tuple[str, str]]  # (entity, row id)


def entity_name(shown: str | type[Any]) -> str:
    """An entity's name (its table name) from a model class or the name itself."""
    if isinstance(shown, str):
        return shown
    name = getattr(shown, "__tablename__", None)
    if not isinstance(name, str):
        raise TypeError(f"{shown!r} is not a store model")
    return name


@dataclass(frozen=True)
class Changes:
    """Rows a transaction (or a sync) created, updated and deleted (tombstoned).

    `extra_entities` names entities changed without a row list (a sync that withdrew rows,
    a replaced workspace): views showing them refresh whatever the ids.
    """

    created: RowKeys = frozenset()
    updated: RowKeys = frozenset()
    deleted: RowKeys = frozenset()
    extra_entities: frozenset[str] = field(default_factory=frozenset)
    clients: frozenset[str] = frozenset()  # the client teams the rows belong to

    @property
    def rows(self) -> RowKeys:
        return self.created | self.updated | self.deleted

    @property
    def entities(self) -> frozenset[str]:
        return frozenset(entity for entity, _ in self.rows) | self.extra_entities

    @property
    def ids(self) -> frozenset[str]:
        """Row ids touched and the clients they belong to; empty when whole entities changed
        (`extra_entities`): a view showing one client checks `client.id in changes.ids`."""
        if self.extra_entities:
            return frozenset()
        return frozenset(row_id for _, row_id in self.rows) | self.clients

    def ids_of(self, entity: str | type[Any]) -> frozenset[str]:
        name = entity_name(entity)
        return frozenset(row_id for each, row_id in self.rows if each == name)

    def touches(self, *shown: str | type[Any]) -> bool:
        return not self.entities.isdisjoint(entity_name(each) for each in shown)

    def __bool__(self) -> bool:
        return bool(self.rows or self.extra_entities)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.created | other.created,
            self.updated | other.updated,
            self.deleted | other.deleted,
            self.extra_entities | other.extra_entities,
            self.clients | other.clients,
        )

    @classmethod
    def of_entities(cls, entities: Iterable[str | type[Any]], ids: Iterable[str] = ()) -> Changes:
        """Changes known only as entity names (and maybe ids): a sync's report, a reset."""
        names = frozenset(entity_name(each) for each in entities)
        ids = frozenset(ids)
        if not ids:
            return cls(extra_entities=names)
        return cls(updated=frozenset((name, row_id) for name in names for row_id in ids))


NO_CHANGES = Changes()


def _log(session: Session) -> dict[Logged, set[tuple[str, str]]]:
    log: dict[Logged, set[tuple[str, str]]] = session.info.setdefault(
        _KEY, {op: set() for op in (*OPS, CLIENTS)}
    )
    return log


def record_rows(session: Session, op: Logged, entity: str, ids: Iterable[str]) -> None:
    """`op` is created/updated/deleted, or `CLIENTS` with entity "client" for owners."""
    _record(session, op, entity, ids)


def _record(session: Session, op: Logged, entity: str, ids: Iterable[str]) -> None:
    """Note rows a bulk (Core) statement wrote in this session's transaction."""
    keys = [(entity, row_id) for row_id in ids]
    _log(session)[op].update(keys)
    watcher = _watching.get()
    if watcher is not None:
        watcher.pending.setdefault(id(session), {o: set() for o in (*OPS, CLIENTS)})[op].update(
            keys
        )
        session.info[_WATCHER] = watcher


class Watcher:
    """Changes committed by every transaction of this thread while `watching()` runs."""

    def __init__(self) -> None:
        self.pending: dict[int, dict[Logged, set[tuple[str, str]]]] = {}
        self.changes = NO_CHANGES

    def committed(self, session: Session) -> None:
        log = self.pending.pop(id(session), None)
        if log:
            self.changes = self.changes | _changes(log)

    def rolled_back(self, session: Session) -> None:
        self.pending.pop(id(session), None)


_watching: ContextVar[Watcher | None] = ContextVar("advisor_desk_watching", default=None)
_WATCHER = "advisor_desk.watcher"


@contextmanager
def watching() -> Iterator[Watcher]:
    """Collect what every transaction committed inside the block (this thread only) — for
    callers of services that open their own transactions (the undo stack, a background job)."""
    watcher = Watcher()
    token = _watching.set(watcher)
    try:
        yield watcher
    finally:
        _watching.reset(token)


def after_commit(session: Session) -> None:
    watcher = session.info.pop(_WATCHER, None)
    if watcher is not None:
        watcher.committed(session)


def after_rollback(session: Session) -> None:
    forget(session)
    watcher = session.info.pop(_WATCHER, None)
    if watcher is not None:
        watcher.rolled_back(session)


def changes_of(session: Session) -> Changes:
    """What this session's transaction changed so far (a row both made and changed counts as
    created; a row made and tombstoned in one transaction counts as deleted)."""
    log: Mapping[Logged, set[tuple[str, str]]] | None = session.info.get(_KEY)
    if not log:
        return NO_CHANGES
    return _changes(log)


def _changes(log: Mapping[Logged, set[tuple[str, str]]]) -> Changes:
    deleted = frozenset(log["deleted"])
    created = frozenset(log["created"]) - deleted
    updated = frozenset(log["updated"]) - created - deleted
    clients = frozenset(row_id for _, row_id in log.get(CLIENTS, ()))
    return Changes(created, updated, deleted, clients=clients)


def forget(session: Session) -> None:
    """Drop what was recorded (after a rollback, the rows were never written)."""
    session.info.pop(_KEY, None)
