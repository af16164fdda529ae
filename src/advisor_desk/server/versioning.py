"""Every write to a synced row on the server takes the next version of its partner's clock.

A `before_flush` hook on the server's write sessions (the server's counterpart of the
laptop's outbox hook) stamps new and changed synced rows with versions from the partner's
counter, taken under a row lock (`SELECT … FOR UPDATE`; SQLite's BEGIN IMMEDIATE) held to
commit, so commit order is version order. It also keeps each row's `srv_row` entry: scope,
tombstone, and which fields changed at which version by which device (for merging).
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from advisor_desk.server.models import PartnerClock, RowMeta
from advisor_desk.server.tenancy import row_scope
from advisor_desk.store.base import Synced
from advisor_desk.store.ownership import CHILDREN, MODELS
from advisor_desk.store.rows import apply_defaults, changed_fields, tombstoned_now
from advisor_desk.store.types import utcnow

PARTNER = "partner_id"
DEVICE = "device_id"
CLOCK = "clock"
NEXT = "next_version"


def lock_clock(session: Session) -> PartnerClock:
    """The partner's version counter, locked for the rest of the transaction."""
    clock: PartnerClock | None = session.info.get(CLOCK)
    if clock is not None:
        return clock
    partner_id = session.info[PARTNER]
    with session.no_autoflush:
        clock = session.scalars(
            select(PartnerClock).where(PartnerClock.partner_id == partner_id).with_for_update()
        ).first()
        if clock is None:
            clock = PartnerClock(
                partner_id=partner_id,
                last_version=0,
                tombstone_horizon=0,
                epoch=secrets.token_hex(8),
            )
            session.add(clock)
    session.info[CLOCK] = clock
    return clock


def next_version(session: Session) -> int:
    """The next version of the partner, moved on the (locked) counter row at once.

    Not only at `before_commit`: the commit's own flush comes after that event, so rows first
    flushed by the commit would otherwise take versions the counter never records, and the
    next transaction would hand the same versions out again."""
    clock = lock_clock(session)
    version = max(int(session.info.get(NEXT) or 0), int(clock.last_version or 0)) + 1
    session.info[NEXT] = version
    clock.last_version = version
    return version


def reserve_versions(session: Session, count: int) -> int:
    """`count` consecutive versions of the partner (the first is returned), for rows written
    in bulk under the clock lock (push_plan.py). They are kept in `NEXT` only: the counter
    row takes them at `_before_commit`, or from any later `next_version`, so it is written
    once at commit instead of flushed by the ORM before each bulk statement."""
    clock = lock_clock(session)
    first = max(int(session.info.get(NEXT) or 0), int(clock.last_version or 0)) + 1
    session.info[NEXT] = first + count - 1
    return first


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint's commit (one per planned push): the transaction's records them
    version = session.info.pop(NEXT, None)
    clock = session.info.get(CLOCK)
    if version is not None and clock is not None and version > clock.last_version:
        clock.last_version = version


def field_versions(meta: RowMeta) -> dict[str, list[Any]]:
    versions: dict[str, list[Any]] = json.loads(meta.field_versions or "{}")
    return versions


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    partner_id = session.info.get(PARTNER)
    new = [row for row in session.new if isinstance(row, Synced)]
    dirty = [
        row
        for row in session.dirty
        if isinstance(row, Synced) and session.is_modified(row) and row not in session.new
    ]
    if not new and not dirty:
        return
    if partner_id is None:
        raise RuntimeError("synced rows are written only inside a partner's transaction")
    device = session.info.get(DEVICE)
    now = utcnow()
    with session.no_autoflush:
        dirty += cascade_tombstones(session, [row for row in dirty if tombstoned_now(row)])
        for row in new:
            if row.partner_id != partner_id:
                raise RuntimeError("a row of another partner in this transaction")
            _stamp_new(session, row, device, now)
        for row in dirty:
            _stamp_changed(session, row, device, now)


def _required_children() -> dict[str, list[tuple[type[Synced], Any]]]:
    """For each synced table, the (child model, column) pairs whose NOT NULL foreign key
    points at it: rows that cannot live without that parent."""
    found: dict[str, list[tuple[type[Synced], Any]]] = {}
    for parent, pairs in CHILDREN.items():
        for table, column in pairs:
            if not column.nullable:
                model = MODELS[table.name]
                found.setdefault(parent, []).append((model, getattr(model, column.key)))
    return found


REQUIRED_CHILDREN = _required_children()


def cascade_tombstones(session: Session, tombstoned: list[Synced]) -> list[Synced]:
    """The live rows hanging off rows tombstoned in this flush (through a NOT NULL foreign
    key, children of children too), tombstoned now: they are written in the same flush, so
    they take versions in the same transaction as their parent. A laptop never receives a
    live row whose parent it was told is gone. Rows with an optional reference (a client's
    template, an issued document's client) stay: pulls send tombstones with their fields,
    so the laptop keeps the parent as a tombstone and the reference holds."""
    added: list[Synced] = []
    seen = {row.id for row in tombstoned}
    frontier = list(tombstoned)
    while frontier:
        parent = frontier.pop()
        entity = type(parent).__tablename__
        for model, column in REQUIRED_CHILDREN.get(entity, []):
            children = session.scalars(
                select(model).where(column == parent.id, model.deleted.is_(False))
            ).all()
            for child in children:
                if child.id in seen:
                    continue
                seen.add(child.id)
                child.deleted = True
                added.append(child)
                frontier.append(child)
    return added


def _stamp_new(session: Session, row: Synced, device: str | None, now: Any) -> None:
    apply_defaults(row)
    version = next_version(session)
    row.version = version
    row.base_version = 0
    if row.deleted is None:
        row.deleted = False
    entity = type(row).__tablename__
    client_id, advisor_id, admin_only = row_scope(session, entity, row)
    session.add(
        RowMeta(
            row_id=row.id,
            partner_id=row.partner_id,
            entity=entity,
            version=version,
            deleted=bool(row.deleted),
            client_id=client_id,
            advisor_id=advisor_id,
            admin_only=admin_only,
            created_version=version,
            created_device=device,
            field_versions="{}",
            deleted_at=now if row.deleted else None,
        )
    )


def _stamp_changed(session: Session, row: Synced, device: str | None, now: Any) -> None:
    changed = changed_fields(row)
    deleted_history = inspect(row).attrs.deleted.history
    if not changed and not deleted_history.has_changes():
        return
    version = next_version(session)
    row.version = version
    meta = session.get(RowMeta, row.id)
    if meta is None:  # written before the server kept its index: start one now
        entity = type(row).__tablename__
        meta = RowMeta(
            row_id=row.id,
            partner_id=row.partner_id,
            entity=entity,
            created_version=version,
            field_versions="{}",
        )
        session.add(meta)
    meta.version = version
    meta.deleted = bool(row.deleted)
    meta.deleted_at = now if row.deleted else None
    if changed:
        versions = field_versions(meta)
        for name in changed:
            versions[name] = [version, device]
        meta.field_versions = json.dumps(versions, separators=(",", ":"))
        meta.client_id, meta.advisor_id, meta.admin_only = row_scope(session, meta.entity, row)


def install(session_factory: Any) -> None:
    from sqlalchemy import event

    event.listen(session_factory, "before_flush", _before_flush)
    event.listen(session_factory, "before_commit", _before_commit)
