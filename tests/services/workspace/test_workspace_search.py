"""A big import fills the library's search index once (its insert triggers dropped for the
transaction and created again); search finds the imported items, the triggers are back
afterwards, also after an import that failed."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advisor_desk.services.library import content
from advisor_desk.services.library.content import Library
from advisor_desk.services.library.search import LibraryQuery, search
from advisor_desk.services.workspace import bulk, import_workspace_data, search_index
from advisor_desk.store.engine import Store, open_store
from advisor_desk.store.models import Outbox
from tests.services.conftest import RICH

TRIGGERS = {
    "content_item_search_delete",
    "content_item_search_insert",
    "content_item_search_update",
    "content_search_fts_delete",
    "content_search_fts_insert",
    "content_search_fts_update",
}


def _big(count: int, prefix: str = "Item") -> dict[str, Any]:
    data = copy.deepcopy(RICH)
    data["content"] += [
        {
            "title": f"{prefix} {n:05d} {'zebrafish' if n % 100 == 0 else 'plain'}",
            "kind": "policy",
            "library": "open",
            "version": "1",
            "price": None,
            "published": True,
            "locked": False,
            "tags": ["bulk", f"t{n % 7}"],
            "description": "Handbook" if n % 2 else "",
        }
        for n in range(count)
    ]
    return data


def _triggers(store: Store) -> set[str]:
    with store.read() as session:
        rows = session.connection().exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        )
        return {name for (name,) in rows}


def _projection(store: Store) -> list[tuple[Any, ...]]:
    """content_search as the browser reads it, ids left out (they are new on each import)."""
    with store.read() as session:
        rows = session.connection().exec_driver_sql(
            "SELECT title, description, tags, library, kind, item_version, price, published,"
            " locked FROM content_search ORDER BY id"
        )
        return [tuple(row) for row in rows]


def _fts_ok(store: Store) -> None:
    with store.write() as session:  # raises when the index and its table disagree
        session.connection().exec_driver_sql(
            "INSERT INTO content_fts(content_fts, rank) VALUES('integrity-check', 1)"
        )


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "other")
    yield opened
    opened.close()


def test_a_big_import_is_searchable_and_keeps_its_triggers(
    store: Store, other: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_workspace_data(store, _big(1200))
    assert _triggers(store) == TRIGGERS
    assert search(store, LibraryQuery(text="zebrafish")).total == 12
    assert search(store, LibraryQuery(text="handbook", tags=frozenset({"t3"}))).total == 86
    assert search(store, LibraryQuery(text="27001")).total == 1  # RICH's own item
    _fts_ok(store)
    # The same rows as the triggers make one at a time (import below the threshold).
    monkeypatch.setattr(search_index, "BULK_ITEMS", 10**9)
    import_workspace_data(other, _big(1200))
    assert _projection(store) == _projection(other)
    # Later edits still reach the index through the recreated triggers.
    item = next(r for r in search(store, LibraryQuery(text="00100")).rows)
    content.edit_item(store, item.id, tags=["renamed"])
    assert search(store, LibraryQuery(text="zebrafish", tags=frozenset({"renamed"}))).total == 1


def test_merging_many_items_indexes_only_the_new_ones_once(store: Store) -> None:
    import_workspace_data(store, _big(1100))
    merged = import_workspace_data(store, _big(1500, prefix="More"), merge=True)
    assert merged.count("content") == 1500
    assert search(store, LibraryQuery(text="zebrafish")).total == 11 + 15
    assert search(store, LibraryQuery(text="more")).total == 1500
    assert len(_projection(store)) == 2 + 1100 + 1500
    _fts_ok(store)
    assert _triggers(store) == TRIGGERS


def test_a_failed_big_import_leaves_the_triggers_and_writes_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = bulk.insert_columns

    def failing(session: Any, table: Any, columns: dict[str, list[Any]]) -> None:
        if table is Outbox.__table__:  # after every entity row went in
            raise RuntimeError("disk full")
        real(session, table, columns)

    monkeypatch.setattr(bulk, "insert_columns", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        import_workspace_data(store, _big(1200))
    assert _triggers(store) == TRIGGERS
    monkeypatch.setattr(bulk, "insert_columns", real)
    with store.read() as session:  # nothing was written
        count = session.connection().exec_driver_sql("SELECT count(*) FROM content_item")
        assert count.scalar_one() == 0
    import_workspace_data(store, _big(1200))
    assert search(store, LibraryQuery(text="zebrafish")).total == 12
    assert {r.library for r in search(store, LibraryQuery(text="zebrafish")).rows} == {Library.OPEN}


def test_the_trigger_sql_becomes_one_insert_select() -> None:
    sql = """CREATE TRIGGER t_ins AFTER INSERT ON items
    WHEN NOT new.deleted BEGIN
        INSERT INTO proj (item_id, title) VALUES (new.id, lower(new.title));
    END"""
    assert search_index.as_insert_select(sql, "items") == (
        "INSERT INTO proj (item_id, title) SELECT new.id, lower(new.title) FROM items AS new "
        "WHERE new.rowid > ? AND (NOT new.deleted) ORDER BY new.rowid"
    )
    assert search_index.as_insert_select(sql, "other") is None
    two = sql.replace("END", "DELETE FROM proj; END")
    assert search_index.as_insert_select(two, "items") is None  # not a shape it replays
