"""The names of the rows a refused or conflicting change is about, as this laptop knows them:
the row's own name, title, e-mail or number, and the names of the rows its fields point at.
Plain data for the window's words (ui/sync/refusal_words.py), which never reads the store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from advisor_desk.store.base import table_of
from advisor_desk.store.engine import Store
from advisor_desk.store.models import ENTITY_MODELS

LABEL_ATTRIBUTES = ("name", "title", "email", "number")


@dataclass(frozen=True)
class RowNames:
    """`own`: the row's own name ("" when neither this laptop nor its fields have one);
    `parents`: when it has none, (field, entity pointed at, that row's name or "") for each
    field pointing at another row, in the table's column order."""

    own: str
    parents: tuple[tuple[str, str, str], ...] = ()


def parent_tables(entity: str) -> dict[str, str]:
    """field → the entity it points at, for each of the entity's foreign keys."""
    model = ENTITY_MODELS.get(entity)
    if model is None:
        return {}
    out: dict[str, str] = {}
    for column in table_of(model).columns:
        for key in column.foreign_keys:
            out[column.key] = key.column.table.name
    return out


def _label(session: Session, entity: str, row_id: str | None) -> str:
    """A row's name, title, e-mail or number; "" when this laptop has none to show."""
    model = ENTITY_MODELS.get(entity)
    if model is None or not row_id:
        return ""
    row = session.get(model, row_id)
    for attribute in LABEL_ATTRIBUTES:
        value = getattr(row, attribute, None)
        if value:
            return str(value)
    return ""


def _own_field(fields: dict[str, Any]) -> str:
    for attribute in LABEL_ATTRIBUTES:
        value = fields.get(attribute)
        if isinstance(value, str) and value:
            return value
    return ""


def _value(
    session: Session, entity: str, row_id: str, fields: dict[str, Any], name: str
) -> str | None:
    if fields.get(name):
        return str(fields[name])
    model = ENTITY_MODELS.get(entity)
    row = session.get(model, row_id) if model is not None else None
    value = getattr(row, name, None)
    return str(value) if value else None


def row_names(store: Store, entity: str, row_id: str, fields: dict[str, Any]) -> RowNames:
    """The row's own name, else the names of the rows it points at (its fields' values, else
    what this laptop holds)."""
    with store.read() as session:
        own = _label(session, entity, row_id) or _own_field(fields)
        if own:
            return RowNames(own)
        return RowNames(
            "",
            tuple(
                (
                    name,
                    parent,
                    _label(session, parent, _value(session, entity, row_id, fields, name)),
                )
                for name, parent in parent_tables(entity).items()
            ),
        )


def field_names(store: Store, entity: str, values: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """field → (entity pointed at, that row's name or "") for each of `values` pointing at
    another row."""
    parents = parent_tables(entity)
    out: dict[str, tuple[str, str]] = {}
    with store.read() as session:
        for name, value in values.items():
            if name in parents:
                out[name] = (
                    parents[name],
                    _label(session, parents[name], str(value)) if value else "",
                )
    return out
