"""Filling the library's search index once after a big bulk insert, not row by row.

Migration 0003 keeps `content_search` (a projection of the live items) and the FTS5 index
`content_fts` in step with `content_item` through AFTER INSERT triggers, one row at a time:
for 100,000 imported items that is most of the import's time. For a big insert
(`BULK_ITEMS` items or more) `search_index_deferred` reads the two insert triggers' SQL from
`sqlite_master`, drops them for the block, then runs each trigger's own INSERT once as an
INSERT…SELECT over the rows added meanwhile (rowid above the largest before), in rowid
order, and creates the triggers again with their exact SQL, all before the transaction
commits. SQLite DDL is transactional: when the block fails, the rollback restores them.

Measured (100,000 items): `demo --content 100000` ~31 s → ~15 s. Filling the FTS index
with `INSERT INTO content_fts(content_fts) VALUES('rebuild')` costs the same as the
INSERT…SELECT into an empty index (0.7–1.0 s either way), and only the INSERT…SELECT serves
a merge into a store that already has items (it indexes just the new rows), so that is used.

The statements are derived from the triggers as they are in the store (not copied from the
migration), so a later migration that changes them is followed; a trigger not of the
simple shape `AFTER INSERT ON t [WHEN …] BEGIN INSERT INTO x (…) VALUES (…); END` is left
alone and does its work row by row, as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from sqlalchemy import Connection
from sqlalchemy.orm import Session

BULK_ITEMS = 1000
# The item → projection trigger first: its rows feed the projection → index one.
TRIGGERS = (
    ("content_item_search_insert", "content_item"),
    ("content_search_fts_insert", "content_search"),
)
_SHAPE = re.compile(
    r"CREATE\s+TRIGGER\s+\S+\s+AFTER\s+INSERT\s+ON\s+(?P<table>\w+)\s+"
    r"(?:WHEN\s+(?P<when>.+?)\s+)?BEGIN\s+"
    r"(?P<insert>INSERT\s+INTO\s+\w+\s*\([^()]*\))\s*VALUES\s*\((?P<values>[^;]*)\)\s*;\s*END",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class _Deferred:
    name: str
    table: str
    sql: str  # the CREATE TRIGGER statement, as stored
    fill: str  # its INSERT as one INSERT…SELECT of the rows above a rowid


def as_insert_select(trigger_sql: str, table: str) -> str | None:
    """`INSERT INTO x (…) SELECT … FROM table AS new WHERE new.rowid > ? AND (when)`, the
    trigger's work for every row added after a rowid; None when it has another shape."""
    match = _SHAPE.fullmatch(trigger_sql.strip())
    if match is None or match["table"].casefold() != table.casefold():
        return None
    when = match["when"] or "1"
    return (
        f"{match['insert']} SELECT {match['values']} FROM {table} AS new "
        f"WHERE new.rowid > ? AND ({when}) ORDER BY new.rowid"
    )


@contextmanager
def search_index_deferred(session: Session, new_items: int) -> Iterator[None]:
    """Around a bulk insert of `new_items` content items: index them once, at the end."""
    connection = session.connection()
    if new_items < BULK_ITEMS or connection.dialect.name != "sqlite":
        yield
        return
    deferred = _deferrable(connection)
    if not deferred:
        yield
        return
    last = {
        d.table: connection.exec_driver_sql(
            f"SELECT coalesce(max(rowid), 0) FROM {d.table}"
        ).scalar_one()
        for d in deferred
    }
    for d in deferred:
        connection.exec_driver_sql(f"DROP TRIGGER {d.name}")
    try:
        yield
        for d in deferred:  # in order: the projection's new rows, then the index's
            connection.exec_driver_sql(d.fill, (last[d.table],))
    except BaseException:
        # The caller rolls back, which restores the triggers; should it not, they are back.
        with suppress(Exception):
            _recreate(connection, deferred)
        raise
    _recreate(connection, deferred)


def _deferrable(connection: Connection) -> list[_Deferred]:
    """The insert triggers there are, of the shape this module can replay (in order). The
    projection trigger is deferred only together with the index one (else the index trigger
    would index the projection's rows one by one anyway, and twice the fill)."""
    stored: dict[str, str] = {
        name: sql
        for name, sql in connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)",
            tuple(name for name, _ in TRIGGERS),
        )
    }
    found: list[_Deferred] = []
    for name, table in TRIGGERS:
        sql = stored.get(name)
        fill = None if sql is None else as_insert_select(sql, table)
        if sql is not None and fill is not None:
            found.append(_Deferred(name, table, sql, fill))
    names = [d.name for d in found]
    if TRIGGERS[1][0] not in names:
        return []  # no index to feed (or one this module cannot replay): leave it all
    return found


def _recreate(connection: Connection, deferred: list[_Deferred]) -> None:
    there = {
        name
        for (name,) in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        )
    }
    for d in deferred:
        if d.name not in there:
            connection.exec_driver_sql(d.sql)
