"""Writing pulled rows into the laptop store fast (one executemany per entity) — never over a
row that still has a pending local edit — and sweeping rows the server no longer has after
a full download."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from advisor_desk.domain.field_rules import RECORD_RULES
from advisor_desk.store.base import table_of
from advisor_desk.store.models import ENTITY_MODELS, SYNCED_MODELS, Outbox
from advisor_desk.store.types import utcnow
from advisor_desk.sync.codec import check_row, decode_fields, field_decoders

BOOKKEEPING = ("id", "partner_id", "version", "base_version", "deleted", "updated_at")


class EntityWriter:
    """The UPSERT of one entity and the per-column conversions JSON -> SQLite values."""

    def __init__(self, entity: str, dialect: Dialect) -> None:
        table = table_of(ENTITY_MODELS[entity])
        self.entity = entity
        # entities with rules across their fields (intervals, amounts in their currency):
        # such a row is checked whole, as the server checked it when it was pushed
        self.checked_whole = entity in RECORD_RULES
        self.fields = list(field_decoders(entity))
        quote = dialect.identifier_preparer.quote
        names = [*BOOKKEEPING, *self.fields]
        columns = ", ".join(quote(n) for n in names)
        marks = ", ".join("?" for _ in names)
        updates = ", ".join(f"{quote(n)} = excluded.{quote(n)}" for n in names[1:])
        self.upsert = (
            f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}"
        )
        self.tombstone = (
            f"UPDATE {quote(table.name)} SET deleted = 1, version = ?, base_version = ? "
            "WHERE id = ?"
        )
        self.converters: list[Callable[[Any], Any]] = []
        decoders = field_decoders(entity)
        for name in self.fields:
            decode = decoders[name][0]
            bind = table.columns[name].type._cached_bind_processor(dialect)
            self.converters.append(_compose(decode, bind))
        self.pairs = list(zip(self.fields, self.converters, strict=True))
        # A field the pulled row does not carry (a server, or a row, from before the column
        # existed) takes the column's default instead of a NULL its NOT NULL would refuse.
        self.absent: dict[str, Any] = {}
        for name in self.fields:
            default = table.columns[name].default
            if isinstance(default, ScalarElementColumnDefault):
                bind = table.columns[name].type._cached_bind_processor(dialect)
                self.absent[name] = bind(default.arg) if bind else default.arg
        stamp = table.columns["updated_at"].type._cached_bind_processor(dialect)
        self.stamp: Callable[[Any], Any] = stamp or (lambda value: value)

        self.parents = [
            (self.fields.index(column.name), key.column.table.name, column.name)
            for column in table.columns
            if column.name in self.fields
            for key in column.foreign_keys
        ]

    def values(self, change: dict[str, Any], partner_id: str, now: Any) -> tuple[Any, ...]:
        """The row's parameters, each present field through the codec's decoder (a null is
        left to the column's NOT NULL)."""
        fields = change["fields"]
        get = fields.get
        version = change["version"]
        if self.checked_whole and not change["deleted"]:
            check_row(self.entity, decode_fields(self.entity, change["fields"]))  # FieldError
        return (
            change["id"],
            change["id"] if change["entity"] == "partner" else partner_id,
            version,
            version,
            1 if change["deleted"] else 0,
            now,
            *[
                (self.absent.get(name) if name not in fields else None)
                if (value := get(name)) is None
                else convert(value)
                for name, convert in self.pairs
            ],
        )


def _compose(
    decode: Callable[[Any], Any], bind: Callable[[Any], Any] | None
) -> Callable[[Any], Any]:
    if bind is None:
        return decode
    return lambda value: bind(decode(value))


_WRITERS: dict[tuple[str, str, Dialect], EntityWriter] = {}


def writer(entity: str, dialect_name: str, dialect: Dialect) -> EntityWriter:
    """The entity's writer for this dialect, made once per process."""
    key = (entity, dialect_name, dialect)
    found = _WRITERS.get(key)
    if found is None:
        found = _WRITERS[key] = EntityWriter(entity, dialect)
    return found


def pending_ids(session: Session, ids: Iterable[str]) -> set[str]:
    """Which of these rows have a local edit waiting in the outbox (none while it is empty,
    as during a first download: then no id list is sent at all)."""
    connection = session.connection()
    outbox = Outbox.__tablename__
    if connection.exec_driver_sql(f"SELECT 1 FROM {outbox} LIMIT 1").first() is None:
        return set()
    wanted = list(ids)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update(
            row[0]
            for row in connection.exec_driver_sql(
                f"SELECT row_id FROM {outbox} WHERE row_id IN ({marks})", tuple(chunk)
            )
        )
    return found


def apply_changes(session: Session, changes: list[dict[str, Any]], partner_id: str) -> int:
    """Write a page's changes (the caller's transaction also moves the cursor)."""
    connection = session.connection()
    dialect = connection.dialect
    skip = pending_ids(session, (c["id"] for c in changes))
    upserts: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    tombstones: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    now = writer("partner", dialect.name, dialect).stamp(utcnow())
    applied = 0
    for change in changes:
        if change["id"] in skip or change["entity"] not in ENTITY_MODELS:
            continue
        entity_writer = writer(change["entity"], dialect.name, dialect)
        if change["deleted"] and not change["fields"]:
            tombstones[change["entity"]].append(
                (change["version"], change["version"], change["id"])
            )
        else:  # a tombstone with its fields is kept whole: live rows may still refer to it
            upserts[change["entity"]].append(entity_writer.values(change, partner_id, now))
        applied += 1
    for model in SYNCED_MODELS:
        entity = model.__tablename__
        if upserts.get(entity):
            connection.exec_driver_sql(
                writer(entity, dialect.name, dialect).upsert, upserts[entity]
            )
        if tombstones.get(entity):
            connection.exec_driver_sql(
                writer(entity, dialect.name, dialect).tombstone, tombstones[entity]
            )
    return applied


def apply_careful(
    session: Session, changes: list[dict[str, Any]], partner_id: str
) -> list[tuple[dict[str, Any], str]]:
    """Write a page's changes one by one, leaving out (and returning, with the reason) each
    one that cannot be written: it cannot be read, it refers to a row this laptop does not
    have (and that the page does not bring), or a constraint refuses it. Rows come parents
    first (model order, then passes until no row can go in), each in its own savepoint."""
    connection = session.connection()
    dialect = connection.dialect
    skip = pending_ids(session, (str(c.get("id")) for c in changes if isinstance(c, dict)))
    now = writer("partner", dialect.name, dialect).stamp(utcnow())
    order = {model.__tablename__: n for n, model in enumerate(SYNCED_MODELS)}
    bad: list[tuple[dict[str, Any], str]] = []
    todo: list[tuple[dict[str, Any], EntityWriter, tuple[Any, ...] | None]] = []
    for change in changes:
        try:
            entity = change["entity"]
            if entity not in ENTITY_MODELS:
                bad.append((change, f"this laptop does not know rows of kind {entity!r}"))
                continue
            if change["id"] in skip:
                continue
            entity_writer = writer(entity, dialect.name, dialect)
            plain_tombstone = change["deleted"] and not change["fields"]
            params = None if plain_tombstone else entity_writer.values(change, partner_id, now)
        except Exception as error:  # noqa: BLE001 - any unreadable value: this row only
            bad.append((change, f"it cannot be read ({_say(error)})"))
            continue
        todo.append((change, entity_writer, params))
    todo.sort(key=lambda item: order[item[0]["entity"]])
    coming = {item[0]["id"] for item in todo}
    while todo:
        later = []
        for item in todo:
            change, entity_writer, params = item
            missing = _missing_parent(connection, entity_writer, params)
            if missing is not None and change["deleted"]:
                params, missing = None, None  # a tombstone: marking it is enough
            if missing is not None:
                if missing[1] in coming:
                    later.append(item)
                else:
                    coming.discard(change["id"])
                    bad.append((change, f"{missing[0]}: refers to a row this laptop does not have"))
                continue
            coming.discard(change["id"])
            reason = _write_one(session, connection, entity_writer, change, params)
            if reason is not None:
                bad.append((change, reason))
        if len(later) == len(todo):  # no row could go in: their parents never come
            for change, _writer, _params in later:
                bad.append((change, "it refers to rows that did not arrive"))
            break
        todo = later
    return bad


def _missing_parent(
    connection: Any, entity_writer: EntityWriter, params: tuple[Any, ...] | None
) -> tuple[str, str] | None:
    if params is None:
        return None
    quote = connection.dialect.identifier_preparer.quote
    for index, parent, column in entity_writer.parents:
        value = params[len(BOOKKEEPING) + index]
        if value is None:
            continue
        found = connection.exec_driver_sql(
            f"SELECT 1 FROM {quote(parent)} WHERE id = ?", (value,)
        ).first()
        if found is None:
            return column, str(value)
    return None


def _write_one(
    session: Session,
    connection: Any,
    entity_writer: EntityWriter,
    change: dict[str, Any],
    params: tuple[Any, ...] | None,
) -> str | None:
    savepoint = session.begin_nested()
    try:
        if params is None:
            connection.exec_driver_sql(
                entity_writer.tombstone, (change["version"], change["version"], change["id"])
            )
        else:
            connection.exec_driver_sql(entity_writer.upsert, params)
    except DBAPIError as error:
        savepoint.rollback()
        return f"the store refused it ({_say(error.orig or error)})"
    savepoint.commit()
    return None


def _say(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0][:200]


def sweep(session: Session, seen: set[str]) -> int:
    """After a full download: forget synced rows the server no longer has (their tombstones
    were purged), except rows with a pending local edit."""
    connection = session.connection()
    keep = {
        row[0] for row in connection.exec_driver_sql(f"SELECT row_id FROM {Outbox.__tablename__}")
    }
    removed = 0
    for model in reversed(SYNCED_MODELS):
        table = table_of(model)
        synced = connection.exec_driver_sql(f'SELECT id FROM "{table.name}" WHERE version > 0')
        stale = [row[0] for row in synced if row[0] not in seen and row[0] not in keep]
        for start in range(0, len(stale), 500):
            session.execute(table.delete().where(table.c.id.in_(stale[start : start + 500])))
        removed += len(stale)
    return removed


def fields_json(fields: dict[str, Any]) -> str:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"))
