"""Pushing the outbox: batches in mid order; the outbox rows go only once the server has
acknowledged their mids, in the same transaction that records conflicts and rejections."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.store.engine import Store
from advisor_desk.store.models import ENTITY_MODELS, Conflict, Outbox
from advisor_desk.store.outbox import APPLYING_SYNC
from advisor_desk.store.types import utcnow
from advisor_desk.sync import local
from advisor_desk.sync.apply import fields_json
from advisor_desk.sync.codec import FieldError, decode_fields
from advisor_desk.sync.protocol import MAX_PUSH_BATCH, SCHEMA_VERSION
from advisor_desk.sync.transport import DEVICE_REWOUND, ServerRefused, SyncError, Transport

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


class SyncCancelled(SyncError):
    def __init__(self) -> None:
        super().__init__("sync cancelled; what was done is kept, the rest waits")


@dataclass
class PushTally:
    sent: int = 0
    applied: int = 0
    merged: int = 0
    conflicts: int = 0
    rejected: int = 0
    new_device: bool = False  # the server refused this device's mids; a new one sent them
    answered: list[tuple[str, str]] = field(default_factory=list)  # (entity, id) of each result


def push_outbox(
    store: Store,
    transport: Transport,
    device_id: str,
    *,
    progress: Progress,
    cancelled: Cancelled,
    batch_size: int = MAX_PUSH_BATCH,
    new_device: Callable[[], str] | None = None,
) -> PushTally:
    """Send the outbox in batches. When the server says this device's mids restart below
    its own (409 `device_rewound`: a laptop restored from a backup), `new_device` starts a
    new device (its mids from 1) and every waiting change is sent again under it."""
    tally = PushTally()
    with store.read() as session:
        total = local.pending_count(session)
    while True:
        if cancelled():
            raise SyncCancelled()
        with store.read() as session:
            batch = [
                (mid, row.entity, row.row_id, row.op, row.base_version, row.fields_json)
                for mid, row in local.waiting_mutations(session, batch_size)
            ]
        if not batch:
            return tally
        body = {
            "device_id": device_id,
            "schema_version": SCHEMA_VERSION,
            "mutations": [
                {
                    "mid": mid,
                    "entity": entity,
                    "id": row_id,
                    "op": op,
                    "base_version": base,
                    "fields": json.loads(fields),
                }
                for mid, entity, row_id, op, base, fields in batch
            ],
        }
        try:
            answer = transport.push(body)
        except ServerRefused as error:
            if error.status == 409 and error.code == DEVICE_REWOUND and new_device is not None:
                device_id = new_device()
                new_device = None  # once per push: a second refusal is an error
                tally.new_device = True
                continue
            if error.status == 409 and error.expected_mid is not None:
                raise SyncError(
                    f"the server expected change {error.expected_mid} of this device, not "
                    f"{batch[0][0]}: log in again to start a new device; your changes are kept"
                ) from None
            raise
        sent = {
            mid: (entity, row_id, op, base, pushed)
            for mid, entity, row_id, op, base, pushed in batch
        }
        with store.write() as session:
            session.info[APPLYING_SYNC] = True
            local.acknowledge(session, int(answer["last_mid"]))
            for result in answer["results"]:
                item = sent.get(result["mid"])
                if item is not None:
                    _record(session, tally, result, *item)
                    tally.answered.append((item[0], item[1]))
        tally.sent += len(batch)
        progress(tally.sent, max(total, tally.sent), "Sending changes")


def _record(
    session: Session,
    tally: PushTally,
    result: dict[str, Any],
    entity: str,
    row_id: str,
    op: str,
    _base: int,
    pushed: str,
) -> None:
    status = result["status"]
    model = ENTITY_MODELS.get(entity)
    row = session.get(model, row_id) if model is not None else None
    server_fields = result.get("server_fields")
    version = result.get("version")
    if status in {"applied", "merged"}:
        tally.applied += status == "applied"
        tally.merged += status == "merged"
    elif status == "conflict" and op == "delete" and not result.get("deleted"):
        # Changed on another laptop since it was deleted here: the row stays (and comes
        # back here); the delete is kept with the reason, to send again (Retry) if wanted.
        tally.conflicts += 1
        local.record_rejection(
            session,
            entity=entity,
            row_id=row_id,
            op=op,
            fields_json=fields_json(server_fields or {}),
            reason=(
                "it was changed on another laptop after the version you deleted, so it was "
                "kept; it is back here — delete it again (Retry) if it should still go"
            ),
        )
    elif status == "conflict":
        tally.conflicts += 1
        session.add(
            Conflict(
                entity=entity,
                row_id=row_id,
                local_fields=pushed,
                server_fields=fields_json(
                    {"deleted": True} if result.get("deleted") else (server_fields or {})
                ),
                detected_at=utcnow(),
                resolved=False,
            )
        )
    else:
        tally.rejected += 1
        local.record_rejection(
            session,
            entity=entity,
            row_id=row_id,
            op=op,
            fields_json=pushed,
            reason=str(result.get("error") or "rejected"),
        )
    if row is None:
        return
    if status == "rejected" and server_fields is None and op != "delete":
        row.deleted = True  # the server has no such row: kept in the rejection instead
        return
    if status == "conflict" and result.get("deleted"):
        row.deleted = True  # an edit racing a delete loses
    elif server_fields is not None:
        _take_server_values(session, entity, row, server_fields)
        if status == "rejected" or (status == "conflict" and op == "delete"):
            row.deleted = False
    if version is not None:
        row.version = version
        row.base_version = version


def _take_server_values(session: Session, entity: str, row: Any, fields: dict[str, Any]) -> None:
    """The server's values, except fields a later pending local edit changes."""
    mine: set[str] = set()
    for text in session.scalars(select(Outbox.fields_json).where(Outbox.row_id == row.id)):
        mine.update(json.loads(text))
    try:
        values = decode_fields(entity, {k: v for k, v in fields.items() if k not in mine})
    except FieldError:
        return
    for name, value in values.items():
        setattr(row, name, value)
