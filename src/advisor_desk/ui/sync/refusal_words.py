"""A refused or conflicting change said in words: which row ("Ana Souza's activity", "Bo's
access to Acme"), its fields by name with the rows they point at named too, and the
server's reason in the permission table's words — never a raw id.

Servers before the permission table refused with "only the partner's administrators change
advisor activity rows"; `reason_words` says those as the table does ("only administrators
can add advisors or change their roles and activity").
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from advisor_desk.domain.permissions import ENTITY_ACTIONS, Role, reason
from advisor_desk.store.base import SYNC_COLUMNS
from advisor_desk.store.engine import Store
from advisor_desk.store.models import ENTITY_MODELS

# How an advisor calls each kind of row (default: the table's name in words).
ENTITY_WORDS = {
    "advisor_activity": "advisor's activity",
    "advisor_access": "client access",
    "access_event": "access log entry",
    "resale_settings": "partner settings",
    "member_license": "member's license",
    "client_content": "client's content",
    "content_grant": "client's content",
    "document_line": "document line",
}
HIDDEN_FIELDS = {*SYNC_COLUMNS, "id", "partner_id"}
_OLD_ADMIN_ONLY = re.compile(r"only the partner's administrators change ([a-z ]+) rows")
_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")


def entity_words(entity: str) -> str:
    return ENTITY_WORDS.get(entity, entity.replace("_", " "))


def reason_words(text: str) -> str:
    """The server's reason as the permission table says it; ids in it become "a row"."""
    old = _OLD_ADMIN_ONLY.search(text)
    if old is not None:
        entity = old.group(1).replace(" ", "_")
        action = ENTITY_ACTIONS.get(entity)
        if action is not None:
            text = text.replace(old.group(0), reason(Role.ADVISOR, action))
    return _UUID.sub("a row", text)


def _label(session: Session, entity: str, row_id: str | None) -> str:
    """A row's name, title, e-mail or number; "" when this laptop has none to show."""
    model = ENTITY_MODELS.get(entity)
    if model is None or not row_id:
        return ""
    row = session.get(model, row_id)
    for attribute in ("name", "title", "email", "number"):
        value = getattr(row, attribute, None)
        if value:
            return str(value)
    return ""


def _parents(entity: str) -> dict[str, str]:
    model = ENTITY_MODELS.get(entity)
    if model is None:
        return {}
    out: dict[str, str] = {}
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        for key in column.foreign_keys:
            out[column.key] = key.column.table.name
    return out


def row_words(store: Store, entity: str, row_id: str, fields: dict[str, Any]) -> str:
    """The row as an advisor knows it: "Ana Souza", "Ana Souza's activity", "Bo → Acme"."""
    with store.read() as session:
        own = _label(session, entity, row_id) or _own_field(fields)
        if own:
            return own
        parents = _parents(entity)
        names = [
            _label(session, parent, _value(session, entity, row_id, fields, name))
            for name, parent in parents.items()
        ]
    named = [name for name in names if name]
    if not named:
        return f"a {entity_words(entity)}"
    if entity == "advisor_access" and len(named) == 2:
        return f"{named[0]}'s access to {named[1]}"
    if len(named) == 1:
        return f"{named[0]}'s {entity_words(entity).split(' ')[-1]}"
    return " → ".join(named)


def _own_field(fields: dict[str, Any]) -> str:
    for attribute in ("name", "title", "email", "number"):
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


def field_rows(store: Store, entity: str, fields: dict[str, Any]) -> list[tuple[str, Any]]:
    """The fields worth showing, by name: ids of rows they point at become those rows'
    names ("Advisor" → "Ana Souza"); the row's own id and sync columns are left out."""
    parents = _parents(entity)
    rows: list[tuple[str, Any]] = []
    with store.read() as session:
        for name, value in sorted(fields.items()):
            if name in HIDDEN_FIELDS:
                continue
            if name in parents:
                label = _label(session, parents[name], value) if value else ""
                rows.append((entity_words(parents[name]).capitalize(), label or "(not here)"))
                continue
            rows.append((name.replace("_", " ").capitalize(), value))
    return rows


def named_values(store: Store, entity: str, values: dict[str, Any]) -> dict[str, Any]:
    """`values` with the ids of rows they point at replaced by those rows' names."""
    parents = _parents(entity)
    out = dict(values)
    with store.read() as session:
        for name, value in values.items():
            if name in parents and value:
                out[name] = _label(session, parents[name], str(value)) or "(not here)"
    return out
