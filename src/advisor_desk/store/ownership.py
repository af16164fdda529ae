"""Which rows belong to a client: found through the synced tables' foreign keys.

One answer for every use (a sync removing a client whose access was withdrawn, an undo of a
client's creation), and no list to keep up to date: a new table hanging off a client, or
off one of its rows, is covered as soon as its foreign key is declared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from advisor_desk.store.base import Synced, table_of
from advisor_desk.store.models import SYNCED_MODELS

CHUNK = 500  # ids per IN (…): well under SQLite's bound-parameter limit


def chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    wanted = list(ids)
    for start in range(0, len(wanted), CHUNK):
        yield wanted[start : start + CHUNK]


def _children() -> dict[str, list[tuple[Table, Any]]]:
    """For each synced table, the (child table, column) pairs whose foreign key points at it."""
    found: dict[str, list[tuple[Table, Any]]] = defaultdict(list)
    for model in SYNCED_MODELS:
        table = table_of(model)
        for column in table.columns:
            for key in column.foreign_keys:
                found[key.column.table.name].append((table, column))
    return found


CHILDREN = _children()
MODELS: dict[str, type[Synced]] = {m.__tablename__: m for m in SYNCED_MODELS}


def rows_under(session: Session, client_id: str) -> dict[str, set[str]]:
    """Ids of the client and of every row hanging off it, by table (children of children
    too, and documents referring to its documents); tombstones included."""
    found: dict[str, set[str]] = defaultdict(set)
    found["client"].add(client_id)
    frontier: list[tuple[str, set[str]]] = [("client", {client_id})]
    while frontier:
        parent, ids = frontier.pop()
        for table, column in CHILDREN.get(parent, []):
            new: set[str] = set()
            for chunk in chunks(ids):
                new.update(session.scalars(select(table.c.id).where(column.in_(chunk))))
            new -= found[table.name]
            if new:
                found[table.name] |= new
                frontier.append((table.name, new))
    return found


def live_rows_under(session: Session, client_id: str) -> list[Synced]:
    """The client and its live rows of every kind, as ORM objects (the client first)."""
    session.flush()
    rows: list[Synced] = []
    for table, ids in sorted(rows_under(session, client_id).items(), key=_client_first):
        model = MODELS[table]
        for chunk in chunks(ids):
            live = select(model).where(model.id.in_(chunk), model.deleted.is_(False))
            rows.extend(session.scalars(live))
    return rows


def _client_first(entry: tuple[str, set[str]]) -> tuple[bool, str]:
    return entry[0] != "client", entry[0]
