"""The import's bulk writer: outbox rows as the ORM's flush hook would write them, ids that are
UUIDs ascending per table, and what the import changed reported as an OpResult."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from advisor_desk.services.workspace import bulk, import_workspace_result
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Outbox
from advisor_desk.store.outbox import mutation_rows

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def test_each_imported_row_has_the_mutation_store_outbox_would_write(
    store: Store,
    ws_rich: dict[str, Any],
    ws_encode: Callable[[dict[str, Any]], bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    written: dict[str, list[dict[str, Any]]] = {}
    insert = bulk.insert_columns

    def spy(session: Any, table: Any, columns: dict[str, list[Any]]) -> None:
        rows = [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]
        written.setdefault(str(table.name), []).extend(rows)
        insert(session, table, columns)

    monkeypatch.setattr(bulk, "insert_columns", spy)
    import_workspace_result(store, ws_encode(ws_rich))
    made = {m["row_id"]: m for m in written.pop("outbox")}
    written.pop("number_series")  # not synced: no mutation
    assert len(written) > 15  # money, rates, dates, times, bytes, lists, nulls
    for entity, rows in written.items():
        for expected in mutation_rows(entity, rows):
            mutation = made.pop(expected["row_id"])
            assert mutation["fields_json"] == expected["fields_json"], entity
            assert (mutation["entity"], mutation["op"]) == (entity, "insert")
    assert list(made) == []  # none for a row not written


def test_new_ids_are_uuids_ascending_in_the_order_they_are_written(
    store: Store, ws_rich: dict[str, Any], ws_encode: Callable[[dict[str, Any]], bytes]
) -> None:
    import_workspace_result(store, ws_encode(ws_rich))
    with store.read() as session:
        ids = list(session.scalars(select(Outbox.row_id).order_by(Outbox.mid)))
    assert all(UUID.fullmatch(row_id) for row_id in ids)
    written = ids[1:]  # the partner's own id is made before the writer
    assert written == sorted(written)
    assert len(set(ids)) == len(ids)


def test_the_import_reports_what_it_changed(
    store: Store, ws_rich: dict[str, Any], ws_encode: Callable[[dict[str, Any]], bytes]
) -> None:
    result = import_workspace_result(store, ws_encode(ws_rich))
    assert result.value.counts["clients"] == len(ws_rich["clients"])
    assert "client" in result.changes.entities
    assert "member_license" in result.changes.entities
