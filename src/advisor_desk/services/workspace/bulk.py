"""Writing many new synced rows fast: one executemany per table, outbox rows included.

The ORM's unit of work costs ~10× raw SQLite for thousands of rows (performance-notes.md) and
Core `insert()` still processes every bound value through SQLAlchemy's per-row machinery, so
the writer prepares each table's INSERT once, turns rows into tuples with the columns' own
bind processors (the values are exactly those Core would write) and runs them with
`exec_driver_sql` on the session's connection — inside the caller's transaction, together
with the rows' outbox mutations (the same rows `store.outbox.mutation_rows` makes, built
column by column with one JSON encoder).

Row ids: a random UUID's first 74 bits, shared by the writer's rows, then the table's place
in `SYNCED_MODELS` and a counter (`IdBlocks`). They are UUIDs like any other, unique across
stores, but each table's new ids ascend in the order the rows and their outbox mutations are
written: every index on an id (the primary keys, the foreign keys, the outbox's row_id)
grows at its end instead of at random places (a third of SQLite's time, measured).
"""

from __future__ import annotations

import gc
import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from json.encoder import encode_basestring_ascii
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from advisor_desk.store.base import SYNC_COLUMNS, Synced, table_of
from advisor_desk.store.changes import record_rows
from advisor_desk.store.models import SYNCED_MODELS, Outbox
from advisor_desk.store.outbox import to_json_value
from advisor_desk.store.types import utcnow

# store.outbox's `_dumps` (json.dumps, sorted keys, compact), without a new encoder per call
_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: building ~10⁶ small objects next to a big parsed
    file triggers full collections again and again (~15% of an import's CPU time), and
    nothing built here is a cycle. It runs again, as it was, when the block ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class IdBlocks:
    """New row ids, ascending per table in `SYNCED_MODELS` order (see the module's note)."""

    def __init__(self) -> None:
        self._prefix = str(uuid.uuid4())[:24]  # "xxxxxxxx-xxxx-4xxx-yxxx-": 74 random bits
        self._place = {model: index for index, model in enumerate(SYNCED_MODELS)}
        self._next = dict.fromkeys(SYNCED_MODELS, 0)

    def new_id(self, model: type[Synced]) -> str:
        count = self._next[model]
        self._next[model] = count + 1
        return f"{self._prefix}{self._place[model]:02x}{count:010x}"


class BulkWriter:
    """Collects new rows per synced model; `write()` inserts them all and their mutations."""

    def __init__(self, session: Session, partner_id: str) -> None:
        self.session = session
        self.partner_id = partner_id
        self.now = utcnow()
        self._rows: dict[type[Synced], list[dict[str, Any]]] = {m: [] for m in SYNCED_MODELS}
        self.new_id = IdBlocks().new_id

    def add(self, model: type[Synced], row_id: str = "", /, **fields: Any) -> str:
        """Queue one new row of `model` (every entity column as a keyword); returns its id."""
        fields["id"] = row_id = row_id or self.new_id(model)
        fields["version"] = fields["base_version"] = 0
        fields["deleted"] = False
        fields["updated_at"] = self.now
        fields["partner_id"] = self.partner_id
        self._rows[model].append(fields)
        return row_id

    def count(self, model: type[Synced]) -> int:
        return len(self._rows[model])

    def write(self) -> None:
        """Insert every queued row (parents first) and one outbox mutation per row."""
        with _big_cache(self.session):
            self._write()

    def _write(self) -> None:
        outbox: dict[str, list[Any]] = {name: [] for name in _OUTBOX_COLUMNS}
        for model, rows in self._rows.items():
            if rows:
                table = table_of(model)
                _fill_defaults(table, rows)
                columns = {name: list(map(itemgetter(name), rows)) for name in rows[0]}
                insert_columns(self.session, table, columns)
                entity = str(table.name)  # a plain str: sqlite3 adapts str subclasses per row
                outbox["entity"] += [entity] * len(rows)
                outbox["row_id"] += columns["id"]
                outbox["fields_json"] += _fields_json(columns)
                record_rows(self.session, "created", entity, columns["id"])
            rows.clear()
        count = len(outbox["row_id"])
        outbox["op"] = ["insert"] * count
        outbox["base_version"] = [0] * count
        outbox["created_at"] = [self.now] * count
        insert_columns(self.session, table_of(Outbox), outbox)


@contextmanager
def _big_cache(session: Session) -> Iterator[None]:
    """SQLite's page cache at 64 MB while the rows go in (2 MB by default: the indexes of
    200,000 rows spill to the WAL again and again), as it was afterwards."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql("PRAGMA cache_size=-65536")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")


_OUTBOX_COLUMNS = ("entity", "row_id", "op", "base_version", "fields_json", "created_at")


def _fill_defaults(table: Table, rows: list[dict[str, Any]]) -> None:
    """Columns the rows leave out take their default (NULL when nullable without one): the
    outbox mutation must carry every field, as the row has it."""
    for name in table.columns.keys() - rows[0].keys():
        column = table.columns[name]
        default: Any = column.default
        if default is not None and default.is_scalar:
            for row in rows:
                row[name] = default.arg
        elif default is not None and default.is_callable:
            for row in rows:
                row[name] = default.arg(None)  # a fresh value each (a new list)
        elif default is None and column.nullable:
            for row in rows:
                row[name] = None
        else:
            raise ValueError(f"{table.name} rows lack {name}, which has no default")


def _fields_json(columns: dict[str, list[Any]]) -> list[str]:
    """Each row's `fields_json` exactly as `store.outbox.mutation_rows` writes it
    (`json.dumps(fields, sort_keys=True, separators=(",", ":"))` of `to_json_value`s), made
    column by column: each value encoded once, then one `%` template per row."""
    names = sorted(name for name in columns if name not in SYNC_COLUMNS)
    template = "{" + ",".join(f"{_ENCODE(name)}:%s" for name in names) + "}"
    encoded = [_json_texts(columns[name]) for name in names]
    if not encoded:
        return [template] * len(columns["id"])
    return [template % values for values in zip(*encoded, strict=True)]


def _json_texts(values: list[Any]) -> list[str]:
    """Each value's JSON text; equal values of one type encoded once (not Decimals: 1.5 and
    1.50 are equal but spelled apart)."""
    if all(value.__class__ is str for value in values):  # ids, names: no repeats to find
        return list(map(encode_basestring_ascii, values))
    done: dict[tuple[type, Any], str] = {}
    out = []
    for value in values:
        if isinstance(value, Decimal | list | dict):
            out.append(_ENCODE(to_json_value(value)))
            continue
        key = (value.__class__, value)
        text = done.get(key)
        if text is None:
            text = done[key] = _ENCODE(to_json_value(value))
        out.append(text)
    return out


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT `rows` (dicts with the same keys) into `table` with one executemany."""
    if rows:
        insert_columns(
            session, table, {name: list(map(itemgetter(name), rows)) for name in rows[0]}
        )


def insert_columns(session: Session, table: Table, columns: dict[str, list[Any]]) -> None:
    """INSERT the rows whose values `columns` holds column by column, with one executemany."""
    names = list(columns)
    if not names or not columns[names[0]]:
        return
    connection = session.connection()
    dialect = connection.dialect
    if dialect.paramstyle != "qmark":  # not SQLite: let Core bind the values
        rows = [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]
        session.execute(insert(table), rows)
        return
    quote = dialect.identifier_preparer.quote
    targets = [table.columns[name] for name in names]
    statement = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c.name) for c in targets)}) "
        f"VALUES ({', '.join('?' * len(targets))})"
    )
    # With the columns' own bind processors (the values Core would write), column by column:
    # a column's values often repeat (the same `updated_at`, a handful of dates and tiers),
    # and each distinct value is converted once.
    values = []
    for column in targets:
        proc = column.type.dialect_impl(dialect).bind_processor(dialect)
        given = columns[column.key]
        values.append(given if proc is None else _converted(proc, given))
    connection.exec_driver_sql(statement, list(zip(*values, strict=True)))


def _converted(proc: Callable[[Any], Any], values: list[Any]) -> list[Any]:
    done: dict[Any, Any] = {}
    out = []
    for value in values:
        try:
            out.append(done[value])
        except KeyError:
            out.append(done.setdefault(value, proc(value)))
        except TypeError:  # unhashable (a JSON list): convert each one
            out.append(proc(value))
    return out
