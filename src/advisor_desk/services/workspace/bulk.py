"""Writing many new synced rows fast: one executemany per table, outbox rows included.

The ORM's unit of work costs ~10× raw SQLite for thousands of rows (performance-notes.md) and
Core `insert()` still processes every bound value through SQLAlchemy's per-row machinery, so
the writer prepares each table's INSERT once, turns rows into tuples with the columns' own
bind processors (the values are exactly those Core would write) and runs them with
`exec_driver_sql` on the session's connection — inside the caller's transaction, together
with the rows' outbox mutations (`store.outbox.mutation_rows`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from advisor_desk.store.base import Synced
from advisor_desk.store.changes import record_rows
from advisor_desk.store.models import SYNCED_MODELS, Outbox
from advisor_desk.store.outbox import mutation_rows
from advisor_desk.store.types import new_id, utcnow


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


class BulkWriter:
    """Collects new rows per synced model; `write()` inserts them all and their mutations."""

    def __init__(self, session: Session, partner_id: str) -> None:
        self.session = session
        self.partner_id = partner_id
        self.now = utcnow()
        self._rows: dict[type[Synced], list[dict[str, Any]]] = {m: [] for m in SYNCED_MODELS}

    def add(self, model: type[Synced], row_id: str = "", /, **fields: Any) -> str:
        """Queue one new row of `model` (every entity column as a keyword); returns its id."""
        fields["id"] = row_id = row_id or new_id()
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
        mutations: list[dict[str, Any]] = []
        for model, rows in self._rows.items():
            if rows:
                table: Table = model.__table__  # type: ignore[attr-defined]
                missing = set(table.columns.keys()) - rows[0].keys()
                if missing:  # the outbox mutation must carry every field, defaults included
                    raise ValueError(f"{table.name} rows lack {', '.join(sorted(missing))}")
                insert_rows(self.session, table, rows)
                mutations += mutation_rows(table.name, rows, self.now)
                record_rows(self.session, "created", table.name, (row["id"] for row in rows))
            rows.clear()
        insert_rows(self.session, Outbox.__table__, mutations)  # type: ignore[arg-type]


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT `rows` (dicts with the same keys) into `table` with one executemany."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if dialect.paramstyle != "qmark":  # not SQLite: let Core bind the values
        session.execute(insert(table), rows)
        return
    quote = dialect.identifier_preparer.quote
    names = list(rows[0])
    columns = [table.columns[name] for name in names]
    processors: list[Callable[[Any], Any] | None] = [
        column.type.dialect_impl(dialect).bind_processor(dialect) for column in columns
    ]
    statement = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c.name) for c in columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    # Column by column: a column's values often repeat (the same `updated_at`, a handful of
    # dates and tiers), and each distinct value is converted once.
    values = [
        [row[name] for row in rows]
        if proc is None
        else _converted(proc, [row[name] for row in rows])
        for name, proc in zip(names, processors, strict=True)
    ]
    params = list(zip(*values, strict=True))
    connection.exec_driver_sql(statement, params)


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
