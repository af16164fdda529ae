"""Checks of pushed mutations that need no session state."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, func
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError, StatementError
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from advisor_desk.domain.documents import DocumentStatus
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.field_rules import field_rule
from advisor_desk.server.tenancy import change_refusal, current_caller
from advisor_desk.store.base import Synced, table_of
from advisor_desk.store.models import ENTITY_MODELS
from advisor_desk.sync.codec import FieldError, check_row, field_decoders

# What applying one mutation may raise that belongs to that mutation alone (a value the
# database refused); push.py rolls back its savepoint and rejects it, the batch goes on.
# A lost connection or a serialization failure (OperationalError) is not among them.
STORE_REFUSALS: tuple[type[BaseException], ...] = (StatementError, ValueError, TypeError)


class Rejected(Exception):
    def __init__(self, reason: str, row: Synced | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.row = row


@cache
def parents(entity: str) -> dict[str, str]:
    """Entity fields that refer to another synced row: field -> parent entity (the schema's,
    worked out once per entity: every mutation asks; callers only read it)."""
    model = ENTITY_MODELS[entity]
    out = {}
    for column in table_of(model).columns:
        for key in column.foreign_keys:
            out[column.key] = key.column.table.name
    return out


def partners_rows(table: Table, ids: list[str], partner_id: str) -> ColumnElement[bool]:
    """`id IN (ids)` among the partner's rows, written so the database finds them by primary
    key: beside `id IN (…)`, a plain `partner_id = ?` leads SQLite to walk the partner's whole
    (partner_id, …) index instead, a cost that grows with the store (5,000 clients: ~20 ms a
    push). The partner's loader criteria (db.py) add that plain form to ORM selects, so the
    batch's rows are read with this one (`from_statement` for ORM objects)."""
    return and_(table.c.id.in_(ids), func.coalesce(table.c.partner_id, "") == partner_id)


def chunks(ids: list[str], size: int = 500) -> list[list[str]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def check_document(row: Any, values: dict[str, Any]) -> None:
    if row is not None and row.status != DocumentStatus.DRAFT:
        raise Rejected(f"{row.number} is issued and cannot change; correct it with a credit note")
    if (
        values.get("status", DocumentStatus.DRAFT) != DocumentStatus.DRAFT
        or values.get("number") is not None
    ):
        raise Rejected("only the server numbers and issues documents: issue while online")
    for name in ("snapshot_json", "pdf_sha256", "issued_at"):
        if values.get(name) is not None:
            raise Rejected(f"{name}: set by the server when it issues the document")


def no_default(model: type[Synced], name: str) -> bool:
    column = table_of(model).columns[name]
    return column.default is None and column.server_default is None


def check_values(entity: str, row: Synced | None, values: dict[str, Any]) -> None:
    """The domain's rules across the row as it would be: its stored fields with the pushed
    ones over them (an end before the start, amounts with more decimals than the currency)."""
    check_role(entity, row, values)
    merged: dict[str, Any] = {}
    if row is not None:
        merged = {name: getattr(row, name) for name in field_decoders(entity)}
    else:
        merged = omitted_defaults(entity, values)
    merged.update(values)
    try:
        check_row(entity, merged)
    except FieldError as error:
        raise Rejected(str(error)) from None


def omitted_defaults(entity: str, values: dict[str, Any]) -> dict[str, Any]:
    """The scalar defaults an insert takes for the fields it leaves out, each checked by its
    field's domain rule as if pushed: a row stored with a default its rule refuses (a required
    name left empty) could never be pulled by a laptop."""
    return dict(_defaults_left_out(entity, frozenset(values)))


@lru_cache(maxsize=1024)
def _defaults_left_out(entity: str, given: frozenset[str]) -> tuple[tuple[str, Any], ...]:
    """`omitted_defaults` for one set of given fields (the same few sets come in every
    batch; the defaults and their rules are the schema's): worked out once per set."""
    defaults: dict[str, Any] = {}
    for column in table_of(ENTITY_MODELS[entity]).columns:
        default = column.default
        if column.key in given or not isinstance(default, ScalarElementColumnDefault):
            continue
        value = default.arg
        if value is None:
            continue
        rule = field_rule(entity, column.key)
        try:
            defaults[column.key] = value if rule is None else rule(value, column.key)
        except DomainError as error:
            raise Rejected(f"{error.field}: {error.message} (the field was left out)") from None
    return tuple(defaults.items())


def check_role(entity: str, row: Synced | None, values: dict[str, Any]) -> None:
    """The permission table (domain/permissions.py) for the change as pushed: an insert, or
    an update of the fields whose value it changes; refused with the table's words."""
    caller = current_caller()
    if caller is None:
        return
    merged: dict[str, Any] = dict(values)
    if row is None:
        op, changed = "insert", set(values)
    else:
        op = "update"
        changed = {name for name, value in values.items() if getattr(row, name, None) != value}
        merged.setdefault("client_id", getattr(row, "client_id", None))
    words = change_refusal(caller, entity, op, changed, merged)
    if words is not None:
        raise Rejected(words)


def refusal_reason(error: BaseException) -> str:
    """Why the store refused one mutation (re-raises what is not about the mutation)."""
    if isinstance(error, OperationalError | InterfaceError):
        raise error
    if isinstance(error, IntegrityError):
        return integrity_reason(error)
    return "the server could not store a value of this change (out of range or not storable)"


def integrity_reason(error: IntegrityError) -> str:
    text = str(error.orig).lower()
    if "unique" in text or "duplicate" in text:
        return "another row already has this value (it must be unique)"
    if "foreign key" in text:
        return "refers to a row that does not exist"
    return "the store refused this change (a field is missing or out of range)"
