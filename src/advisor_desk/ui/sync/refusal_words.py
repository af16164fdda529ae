"""A refused or conflicting change said in words: which row ("Ana Souza's activity", "Bo's
access to Acme"), its fields by name with the rows they point at named too, and the
server's reason in the permission table's words — never a raw id. The names come from
`sync.row_names` as plain data (this module reads no store); `row_words`, `field_rows` and
`named_values` run that query and say its answer.

Servers before the permission table refused with "only the partner's administrators change
advisor activity rows"; `reason_words` says those as the table does ("only administrators
can add advisors or change their roles and activity").
"""

from __future__ import annotations

import re
from typing import Any

from advisor_desk.domain.permissions import ENTITY_ACTIONS, Role, reason
from advisor_desk.store.base import SYNC_COLUMNS
from advisor_desk.store.engine import Store
from advisor_desk.sync.row_names import RowNames, field_names, row_names

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


def words_of_row(entity: str, names: RowNames) -> str:
    """The row as an advisor knows it, from its names (sync.row_names): "Ana Souza",
    "Ana Souza's activity", "Bo's access to Acme"."""
    if names.own:
        return names.own
    named = [label for _field, _parent, label in names.parents if label]
    if not named:
        return f"a {entity_words(entity)}"
    if entity == "advisor_access" and len(named) == 2:
        return f"{named[0]}'s access to {named[1]}"
    if len(named) == 1:
        return f"{named[0]}'s {entity_words(entity).split(' ')[-1]}"
    return " → ".join(named)


def rows_of_fields(
    fields: dict[str, Any], pointed: dict[str, tuple[str, str]]
) -> list[tuple[str, Any]]:
    """The fields worth showing, by name: those in `pointed` (field → (entity, name), from
    sync.row_names.field_names) shown as the row they point at ("Advisor" → "Ana Souza");
    the row's own id and sync columns left out."""
    rows: list[tuple[str, Any]] = []
    for name, value in sorted(fields.items()):
        if name in HIDDEN_FIELDS:
            continue
        if name in pointed:
            parent, label = pointed[name]
            rows.append((entity_words(parent).capitalize(), label or "(not here)"))
            continue
        rows.append((name.replace("_", " ").capitalize(), value))
    return rows


def values_named(values: dict[str, Any], pointed: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """`values` with the ids of rows they point at replaced by those rows' names."""
    out = dict(values)
    for name, value in values.items():
        if name in pointed and value:
            out[name] = pointed[name][1] or "(not here)"
    return out


def row_words(store: Store, entity: str, row_id: str, fields: dict[str, Any]) -> str:
    """`words_of_row` of the row's names as this laptop knows them."""
    return words_of_row(entity, row_names(store, entity, row_id, fields))


def field_rows(store: Store, entity: str, fields: dict[str, Any]) -> list[tuple[str, Any]]:
    """`rows_of_fields` with the names this laptop has for the rows they point at."""
    return rows_of_fields(fields, field_names(store, entity, fields))


def named_values(store: Store, entity: str, values: dict[str, Any]) -> dict[str, Any]:
    """`values_named` with the names this laptop has for the rows they point at."""
    return values_named(values, field_names(store, entity, values))
