"""A push prepared before the partner's clock is taken, and written in bulk under it.

Decoding, the domain's checks, permissions and reading the rows a batch depends on cost far
more than stamping versions; the clock lock orders every writer of a partner, so none of
that work belongs under it. `prepare` runs in a read transaction before the lock and plans
the batch when every fresh mutation is a plain insert of a new row (the bulk of a laptop's
upload). Under the lock `apply_plan` checks that nothing the plan read has moved (the
device's `last_mid`, the ids still free, each referenced row at the version read, the
advisor's access), stamps consecutive versions and writes the rows and their `srv_row`
entries with two statements per entity; then the transaction commits. Anything else — an
update, a delete, a rejection, a row whose parent comes later, a side effect (access rows,
documents, advisors) or any change since the plan — goes through `push.Batch` under the
lock, as before, so the rules of sync-protocol.md (2, 3, 4) hold unchanged.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import CompoundSelect, Connection, bindparam, insert, select, union_all
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from advisor_desk.server.models import Device, RowMeta
from advisor_desk.server.push_checks import (
    STORE_REFUSALS,
    Rejected,
    check_values,
    chunks,
    no_default,
    parents,
    partners_rows,
)
from advisor_desk.server.replay import PushingDevice, digest
from advisor_desk.server.schemas import MutationIn, MutationResultOut, PushRequest
from advisor_desk.server.tenancy import ADMIN_ONLY, Caller, row_scope, write_refusal
from advisor_desk.server.versioning import NEXT, reserve_versions
from advisor_desk.store.base import Synced, table_of
from advisor_desk.store.models import ENTITY_MODELS, AdvisorAccess
from advisor_desk.sync.codec import FieldError, decode_fields, field_decoders
from advisor_desk.sync.protocol import SCHEMA_VERSION

# Inserts with side effects beyond their own row (numbering, access, revocation, scope
# from a parent document) always take the careful path.
CAREFUL = {"document", "document_line", "advisor_access", "advisor", "advisor_activity"}
CAREFUL |= ADMIN_ONLY
log = logging.getLogger(__name__)
RunKey = tuple[type[Synced], frozenset[str]]  # rows of one model with the same columns


@dataclass
class PlannedRow:
    mutation: MutationIn
    model: type[Synced]
    values: dict[str, Any]
    scope: tuple[str | None, str | None, bool]


@dataclass
class Plan:
    device_id: str
    last_mid: int  # the device's, when planned: another push of it since voids the plan
    rows: list[PlannedRow]
    # Rows outside the batch the plan relies on: (entity, id) -> version read.
    parents: dict[tuple[str, str], int] = field(default_factory=dict)
    clients: set[str] = field(default_factory=set)  # scopes whose access was checked
    digests: str = ""  # the batch's digests (replay.py), for the device row once written


class NoPlan(Exception):
    """This batch takes the careful path (not an error)."""


def prepare(
    session: Session, caller: Caller, request: PushRequest, device: PushingDevice | None = None
) -> Plan | None:
    """The bulk plan of a push (read transaction, no lock), or None for the careful path;
    `device`: its row as `push.read_device` read it in this transaction (read here if not)."""
    try:
        with session.begin_nested():  # whatever goes wrong here, the careful path decides
            return _prepare(session, caller, request, device)
    except NoPlan:
        return None
    except Exception:  # noqa: BLE001 - an optimisation only: never an answer of its own
        log.debug("push planned the careful way", exc_info=True)
        return None


def _prepare(
    session: Session, caller: Caller, request: PushRequest, device: PushingDevice | None
) -> Plan:
    if device is None:
        device = session.get(Device, request.device_id)
    if (
        device is None
        or device.partner_id != caller.partner_id
        or device.advisor_id != caller.advisor_id
        or request.schema_version != SCHEMA_VERSION
    ):
        raise NoPlan()
    fresh = [m for m in request.mutations if m.mid > device.last_mid]
    if not fresh or len({m.id for m in fresh}) != len(fresh):
        raise NoPlan()
    plan = Plan(device.id, device.last_mid, [], digests=batch_digests(request))
    planned: dict[str, PlannedRow] = {}
    decoded = [_decoded(caller, mutation) for mutation in fresh]
    _ids_free(session, fresh)
    found = _parents_found(session, caller, fresh, decoded)
    for mutation, values in zip(fresh, decoded, strict=True):
        row = _plan_row(session, caller, mutation, values, planned, found, plan)
        planned[mutation.id] = row
        plan.rows.append(row)
    if not _all_accessible(session.connection(), caller, plan.clients):
        raise NoPlan()
    return plan


def batch_digests(request: PushRequest) -> str:
    """What the device row keeps of a batch to tell a retry from a rewound laptop."""
    return json.dumps([digest(m) for m in request.mutations])


def _decoded(caller: Caller, mutation: MutationIn) -> dict[str, Any]:
    entity = mutation.entity
    if mutation.op != "insert" or entity in CAREFUL or write_refusal(caller, entity):
        raise NoPlan()
    if entity == "client" and not caller.is_admin:
        raise NoPlan()  # the careful path grants its creator access in the same batch
    try:
        values = decode_fields(entity, mutation.fields)
        check_values(entity, None, values)
    except (FieldError, Rejected):
        raise NoPlan() from None
    return values


def _plan_row(
    session: Session,
    caller: Caller,
    mutation: MutationIn,
    values: dict[str, Any],
    planned: dict[str, PlannedRow],
    found: dict[str, tuple[str, Any]],
    plan: Plan,
) -> PlannedRow:
    entity = mutation.entity
    model = ENTITY_MODELS[entity]
    table = table_of(model)
    if any(name not in table.c for name in values):
        raise NoPlan()
    for name, (_decode, nullable) in field_decoders(entity).items():
        if name not in values and not nullable and no_default(model, name):
            raise NoPlan()
    for name, parent_entity in parents(entity).items():
        parent_id = values.get(name)
        if parent_id is None:
            continue
        if parent_id in planned:  # a parent inserted earlier in this batch
            if planned[parent_id].mutation.entity != parent_entity:
                raise NoPlan()
            continue
        found_entity, parent = found.get(parent_id, ("", None))
        if parent is None or parent.deleted or found_entity != parent_entity:
            raise NoPlan()
        client_id, _advisor, admin_only = row_scope(session, parent_entity, parent)
        _check_access(caller, client_id, admin_only, plan)
        plan.parents[(parent_entity, parent_id)] = parent.version
    scope = _scope(session, entity, mutation.id, values, planned)
    if entity != "client":
        _check_access(caller, scope[0], scope[2], plan)
    return PlannedRow(mutation, model, values, scope)


def _scope(
    session: Session,
    entity: str,
    row_id: str,
    values: dict[str, Any],
    planned: dict[str, PlannedRow],
) -> tuple[str | None, str | None, bool]:
    if entity == "member_license" and values.get("member_id") in planned:
        member = planned[values["member_id"]]
        return member.scope[0], None, member.scope[2]
    return row_scope(session, entity, {**values, "id": row_id})


def _check_access(caller: Caller, client_id: str | None, admin_only: bool, plan: Plan) -> None:
    """`has_access`, gathered: the clients are checked together once the batch is planned."""
    if caller.is_admin:
        return
    if admin_only:
        raise NoPlan()
    if client_id is not None:
        plan.clients.add(client_id)


def _ids_free(session: Session, fresh: list[MutationIn]) -> None:
    """No row has any of the batch's ids yet: neither a `srv_row` entry nor a row of its
    entity written before the server kept that index. One Core statement per chunk on the
    session's connection (no ORM objects, no loader criteria: an id is taken whoever's it
    is)."""
    by_entity: dict[str, list[str]] = defaultdict(list)
    for mutation in fresh:
        if mutation.entity not in ENTITY_MODELS:
            raise NoPlan()
        by_entity[mutation.entity].append(mutation.id)
    connection = session.connection()
    for entity, ids in by_entity.items():
        taken = _taken(entity)
        for chunk in chunks(ids):
            if connection.execute(taken, {"ids": chunk, "again": chunk}).first() is not None:
                raise NoPlan()


_ROW_IDS = table_of(RowMeta).c.row_id


@cache
def _taken(entity: str) -> CompoundSelect[Any]:
    """Any of the ids (`ids`, and the same list as `again`) in `srv_row` or the entity's
    table: one statement per entity, built once (not a new one, hashed for the statement
    cache, for every push)."""
    column = table_of(ENTITY_MODELS[entity]).c.id
    return union_all(
        select(_ROW_IDS).where(_ROW_IDS.in_(bindparam("ids", expanding=True))),
        select(column).where(column.in_(bindparam("again", expanding=True))),
    ).limit(1)


def _parents_found(
    session: Session, caller: Caller, fresh: list[MutationIn], decoded: list[dict[str, Any]]
) -> dict[str, tuple[str, Any]]:
    """The partner's rows outside the batch that its mutations name as parents, read in bulk
    by primary key: id -> (entity, row)."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for mutation, values in zip(fresh, decoded, strict=True):
        for name, parent_entity in parents(mutation.entity).items():
            value = values.get(name)
            if value is not None:
                wanted[parent_entity].add(value)
    found: dict[str, tuple[str, Any]] = {}
    connection = session.connection()
    for parent_entity, ids in wanted.items():
        table = table_of(ENTITY_MODELS[parent_entity])
        for chunk in chunks(sorted(ids)):
            rows = connection.execute(
                select(table).where(partners_rows(table, chunk, caller.partner_id))
            )
            for row in rows:
                found[row.id] = (parent_entity, row)
    return found


def still_valid(session: Session, caller: Caller, plan: Plan, last_mid: int) -> bool:
    """Under the clock lock: nothing the plan read has changed since. Core statements on the
    session's connection (no ORM objects are needed to compare ids and versions): the less
    work under the lock, the sooner the partner's next push takes it."""
    if last_mid != plan.last_mid:
        return False
    # An id taken since the plan is not looked for here: the primary keys refuse the
    # planned insert, and `apply_plan` hands the batch to the careful path.
    connection = session.connection()
    by_entity: dict[str, list[str]] = defaultdict(list)
    for entity, row_id in plan.parents:
        by_entity[entity].append(row_id)
    for entity, row_ids in by_entity.items():
        table = table_of(ENTITY_MODELS[entity])
        for chunk in chunks(row_ids):
            now = dict(
                connection.execute(
                    select(table.c.id, table.c.version).where(
                        partners_rows(table, chunk, caller.partner_id),
                        table.c.deleted.is_(False),
                    )
                ).all()
            )
            if any(now.get(row_id) != plan.parents[(entity, row_id)] for row_id in chunk):
                return False
    return _all_accessible(connection, caller, plan.clients)


def _all_accessible(connection: Connection, caller: Caller, clients: set[str]) -> bool:
    """The caller may still see every client the plan checked: one statement per chunk of
    clients, not one per client (`has_access` each)."""
    if caller.is_admin or not clients:
        return True
    access = table_of(AdvisorAccess)
    granted: set[str] = set()
    for chunk in chunks(sorted(clients)):
        granted.update(
            connection.execute(
                select(access.c.client_id).where(
                    access.c.partner_id == caller.partner_id,
                    access.c.advisor_id == caller.advisor_id,
                    access.c.deleted.is_(False),
                    access.c.client_id.in_(chunk),
                )
            ).scalars()
        )
    return clients <= granted


def apply_plan(session: Session, caller: Caller, plan: Plan) -> list[MutationResultOut] | None:
    """Write the planned rows with consecutive versions (the clock is locked); None when the
    store refuses any of them (nothing of the plan stays: the careful path takes over)."""
    saved = session.info.get(NEXT)
    savepoint = session.begin_nested()
    try:
        results = _write(session, caller, plan)
        savepoint.commit()
        return results
    except STORE_REFUSALS as error:
        if isinstance(error, OperationalError | InterfaceError):
            raise
        savepoint.rollback()
        if saved is None:
            session.info.pop(NEXT, None)
        else:
            session.info[NEXT] = saved
        return None


def _write(session: Session, caller: Caller, plan: Plan) -> list[MutationResultOut]:
    results: list[MutationResultOut] = []
    metas: list[dict[str, Any]] = []
    run: list[dict[str, Any]] = []
    run_key: RunKey | None = None
    first = reserve_versions(session, len(plan.rows))
    for version, row in enumerate(plan.rows, start=first):
        record = {
            **row.values,
            "id": row.mutation.id,
            "partner_id": caller.partner_id,
            "version": version,
            "base_version": 0,
            "deleted": False,
        }
        key = (row.model, frozenset(record))
        if run_key is not None and key != run_key:
            _insert_run(session, run_key, run)
            run = []
        run_key = key
        run.append(record)
        client_id, advisor_id, admin_only = row.scope
        metas.append(
            {
                "row_id": row.mutation.id,
                "partner_id": caller.partner_id,
                "entity": row.mutation.entity,
                "version": version,
                "deleted": False,
                "client_id": client_id,
                "advisor_id": advisor_id,
                "admin_only": admin_only,
                "created_version": version,
                "created_device": plan.device_id,
                "field_versions": "{}",
                "deleted_at": None,
            }
        )
        results.append(MutationResultOut(mid=row.mutation.mid, status="applied", version=version))
    if run_key is not None:
        _insert_run(session, run_key, run)
    session.connection().execute(insert(table_of(RowMeta)), metas)
    return results


def _insert_run(session: Session, key: RunKey, rows: list[dict[str, Any]]) -> None:
    """Core on the session's connection: nothing of the ORM's (no autoflush, no events)."""
    model = key[0]
    session.connection().execute(insert(table_of(model)), rows)
