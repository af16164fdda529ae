"""`GET /v1/sync/pull`: the caller's visible changes after a cursor, in version order.

Versions come from one per-partner counter taken under a lock inside each writing
transaction, so when the counter reads H every version up to H is committed: a page that
ends the changes can move the cursor to H without skipping anything committed later.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String, select
from sqlalchemy.orm import Session

from advisor_desk.server.models import PartnerClock, RowMeta
from advisor_desk.server.tenancy import Caller, visible
from advisor_desk.store.base import table_of
from advisor_desk.store.models import ENTITY_MODELS
from advisor_desk.store.outbox import to_json_value
from advisor_desk.sync.codec import field_decoders
from advisor_desk.sync.protocol import MAX_PAGE_LIMIT

# Column types whose Python values are JSON values as read (text, whole numbers, booleans,
# JSON documents); amounts, dates and binary go through `to_json_value`.
PLAIN_JSON_TYPES = (String, Integer, Boolean, JSON)


def clock_of(session: Session, partner_id: str) -> tuple[int, int, str]:
    """(head version, tombstone horizon, epoch) of a partner."""
    clock = session.get(PartnerClock, partner_id)
    if clock is None:
        return 0, 0, ""
    return clock.last_version, clock.tombstone_horizon, clock.epoch


def pull_page(session: Session, caller: Caller, cursor: int, limit: int) -> dict[str, Any]:
    limit = max(1, min(limit, MAX_PAGE_LIMIT))
    head, horizon, _epoch = clock_of(session, caller.partner_id)
    if cursor > head or (0 < cursor < horizon):
        return _page([], cursor, False, True, head)
    index = session.execute(
        select(RowMeta.row_id, RowMeta.entity, RowMeta.version, RowMeta.deleted)
        .where(
            RowMeta.partner_id == caller.partner_id,
            RowMeta.version > cursor,
            visible(caller),
        )
        .order_by(RowMeta.version)
        .limit(limit + 1)
    ).all()
    has_more = len(index) > limit
    index = index[:limit]
    upto = index[-1][2] if index else cursor
    rows = _load(session, caller, cursor, upto, {entity for _id, entity, _v, _d in index})
    changes = []
    for row_id, entity, version, deleted in index:
        # Tombstones carry their fields: a laptop that never held the row keeps it as a
        # tombstone, so a live row that still refers to it (an issued document's client,
        # a client's deleted template) has its parent there.
        found = rows.get(row_id)
        if found is None and deleted:
            found = (version, {})
        if found is None:  # not readable any more (cannot happen inside one snapshot)
            continue
        version, fields = max(version, found[0]), found[1]
        changes.append(
            {
                "entity": entity,
                "id": row_id,
                "version": version,
                "deleted": deleted,
                "fields": fields,
            }
        )
    next_cursor = index[-1][2] if index else cursor
    if not has_more:
        next_cursor = max(next_cursor, head)
    return _page(changes, next_cursor, has_more, False, head)


def _load(
    session: Session, caller: Caller, cursor: int, upto: int, entities: set[str]
) -> dict[str, tuple[int, dict[str, Any]]]:
    """The versions and JSON fields of the caller's rows of these entities with a version in
    (cursor, upto]: one join per entity along the index's version range (no id lists)."""
    rows: dict[str, tuple[int, dict[str, Any]]] = {}
    for entity in sorted(entities):
        table = table_of(ENTITY_MODELS[entity])
        names, encoders = _encoders(entity)
        result = session.execute(
            select(table.c.id, table.c.version, *(table.c[n] for n in names))
            .join_from(RowMeta, table, RowMeta.row_id == table.c.id)
            .where(
                RowMeta.partner_id == caller.partner_id,
                RowMeta.version > cursor,
                RowMeta.version <= upto,
                RowMeta.entity == entity,
                visible(caller),
            )
        )
        for record in result.all():
            fields = dict(zip(names, record[2:], strict=True))
            for name, encode_value in encoders:
                value = fields[name]
                if value is not None:
                    fields[name] = encode_value(value)
            rows[record[0]] = (record[1], fields)
    return rows


@cache
def _encoders(entity: str) -> tuple[list[str], list[tuple[str, Callable[[Any], Any]]]]:
    """An entity's field names, and the JSON encoder of each field whose Python value is not
    JSON already (amounts, dates, binary); the other values go out as they are read."""
    table = table_of(ENTITY_MODELS[entity])
    names = list(field_decoders(entity))
    encoders: list[tuple[str, Callable[[Any], Any]]] = [
        (name, to_json_value)
        for name in names
        if not isinstance(table.c[name].type, PLAIN_JSON_TYPES)
    ]
    return names, encoders


def _page(
    changes: list[dict[str, Any]], cursor: int, has_more: bool, reset: bool, head: int
) -> dict[str, Any]:
    return {
        "changes": changes,
        "next_cursor": cursor,
        "has_more": has_more,
        "reset_required": reset,
        "head": head,
    }


def encode(page: dict[str, Any]) -> bytes:
    return json.dumps(page, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
