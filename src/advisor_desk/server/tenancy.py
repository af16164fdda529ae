"""Who sees and may change what, inside one partner (sync-protocol.md, "Who sees what").

Rows belong to the whole partner (library, templates, advisors…), to one client (the client,
its members and licenses, its content, access rows, its documents), or to the partner's
administrators only (platform documents without a client). Administrators see everything of
their partner; other advisors see partner rows and the clients they were given access to,
plus their own access rows.
"""

from __future__ import annotations

from collections.abc import Collection
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlalchemy.orm import Session

from advisor_desk.domain.permissions import ENTITY_ACTIONS, Action, refusal, write_action
from advisor_desk.server.models import RowMeta
from advisor_desk.store.models import AdvisorAccess, Client, ClientTemplate, Document, Member

ADMIN = "administrator"
CLIENT_CHILDREN = {
    "client_billing_model",
    "member",
    "client_content",
    "advisor_access",
    "client_risk",
    "client_assessment",
    "content_grant",
    # business development: a client's reviews and assessments (a prospect's: partner-wide)
    "risk_review",
    "review_library",
    "review_risk",
    "review_participant",
    "review_response",
    "assessment",
    "assessment_answer",
}
# The agreement is set on the server (`agreement set`), read-only in the app.
SERVER_ONLY = {"agreement": "the agreement is set on the server, not from the app"}
ADMIN_ONLY = {"partner", "resale_settings", "advisor", "advisor_activity", "advisor_access"}
ADMIN_ONLY.add("invitation")  # h6: invitations (store/models/invitations.py), read by admins only
# Rows only the partner's administrators see (pulled by no one else): the access log.
ADMIN_READ = {"access_event", "invitation"}
# Partner-wide log rows that name clients (by name): entity -> the list field naming them.
# Each reader gets only the names of clients they see (and of templates, seen by all).
NAMES_CLIENTS = {"library_push": "targets"}
TEMPLATE_TARGET = "template "


@dataclass(frozen=True)
class Caller:
    partner_id: str
    advisor_id: str
    device_id: str
    role: str
    token_hash: str

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


class Forbidden(Exception):
    """403: this caller's role may not do this; the message says the rule in words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# The caller of the request being handled (set by auth.authenticate and by write_refusal),
# for checks that see a pushed row but not who pushed it (push_checks.check_values).
_CALLER: ContextVar[Caller | None] = ContextVar("advisor_desk_caller", default=None)


def current_caller() -> Caller | None:
    return _CALLER.get()


def acting_as(caller: Caller) -> None:
    _CALLER.set(caller)


def require(caller: Caller, action: Action) -> None:
    """Forbidden (403) with the table's words unless the caller's role may do `action`."""
    words = refusal(caller.role, action)
    if words is not None:
        raise Forbidden(words)


def _get(row: Any, name: str) -> Any:
    return row.get(name) if isinstance(row, dict) else getattr(row, name, None)


def row_scope(session: Session, entity: str, row: Any) -> tuple[str | None, str | None, bool]:
    """(client_id, advisor_id, admin_only) of a row about to be written."""
    if entity == "client":
        return _get(row, "id"), None, False
    if entity in ADMIN_READ:
        return None, None, True
    if entity in CLIENT_CHILDREN:
        advisor = _get(row, "advisor_id") if entity == "advisor_access" else None
        return _get(row, "client_id"), advisor, False
    if entity == "member_license":
        return _parent_scope(session, _get(row, "member_id"))
    if entity == "document":
        client_id = _get(row, "client_id")
        return client_id, None, client_id is None
    if entity == "document_line":
        return _parent_scope(session, _get(row, "document_id"))
    return None, None, False


def _parent_scope(session: Session, parent_id: str | None) -> tuple[str | None, str | None, bool]:
    if parent_id is None:
        return None, None, True
    meta = session.get(RowMeta, parent_id)
    if meta is not None:
        return meta.client_id, None, meta.admin_only
    # The parent may be being written in this same flush.
    member = session.get(Member, parent_id)
    if member is not None:
        return member.client_id, None, False
    document = session.get(Document, parent_id)
    if document is not None:
        return document.client_id, None, document.client_id is None
    return None, None, True


def access_subquery(caller: Caller) -> Any:
    return select(AdvisorAccess.client_id).where(
        AdvisorAccess.partner_id == caller.partner_id,
        AdvisorAccess.advisor_id == caller.advisor_id,
        AdvisorAccess.deleted.is_(False),
    )


def visible(caller: Caller) -> ColumnElement[bool]:
    """The pull filter on `srv_row` for this caller (beside the partner filter)."""
    if caller.is_admin:
        return true()
    return and_(
        RowMeta.admin_only.is_(false()),
        or_(
            RowMeta.client_id.is_(None),
            RowMeta.client_id.in_(access_subquery(caller)),
            RowMeta.advisor_id == caller.advisor_id,
        ),
    )


def has_access(session: Session, caller: Caller, client_id: str | None, admin_only: bool) -> bool:
    if caller.is_admin:
        return True
    if admin_only:
        return False
    if client_id is None:
        return True
    found = session.scalar(
        access_subquery(caller).where(AdvisorAccess.client_id == client_id).limit(1)
    )
    return found is not None


def write_refusal(caller: Caller, entity: str) -> str | None:
    """Why this caller may not write this entity at all (None: it may, subject to scope):
    the permission table's words for entities whose every write is one action."""
    acting_as(caller)  # the mutation's later checks (push_checks.check_values) see who
    if entity in SERVER_ONLY:
        return SERVER_ONLY[entity]
    if entity in ENTITY_ACTIONS:
        words = refusal(caller.role, ENTITY_ACTIONS[entity])
        if words is not None:
            return words
    if entity in ADMIN_ONLY and not caller.is_admin:
        return f"only the partner's administrators change {entity.replace('_', ' ')} rows"
    return None


def change_refusal(
    caller: Caller,
    entity: str,
    op: str,
    changed: Collection[str],
    row: dict[str, Any] | None = None,
) -> str | None:
    """Why this caller may not make this change (a client created or archived, a library
    item priced): the permission table's words, None when it may."""
    action = write_action(entity, op, changed, row)
    return None if action is None else refusal(caller.role, action)


def redact_changes(session: Session, caller: Caller, changes: list[dict[str, Any]]) -> None:
    """Take out of pulled log rows the names of clients this caller does not see."""
    wanted = [
        c for c in changes if c["entity"] in NAMES_CLIENTS and not c.get("deleted") and c["fields"]
    ]
    if caller.is_admin or not wanted:
        return
    allowed = _nameable(session, caller, _named([c["entity"] for c in wanted], wanted))
    for change in wanted:
        change["fields"] = _redacted(change["entity"], change["fields"], allowed)


def redact_results(
    session: Session, caller: Caller, entities: dict[int, str], results: Any
) -> None:
    """The same for a push's answer: the `server_fields` of its results (`entities`: mid ->
    entity). Asks the store only when a result names anything, and only about those names."""
    wanted = [
        r
        for r in results
        if r.server_fields and entities.get(r.mid, "") in NAMES_CLIENTS and not caller.is_admin
    ]
    if not wanted:
        return
    named = _named([entities[r.mid] for r in wanted], [{"fields": r.server_fields} for r in wanted])
    allowed = _nameable(session, caller, named)
    for result in wanted:
        result.server_fields = _redacted(entities[result.mid], result.server_fields, allowed)


def _named(entities: list[str], changes: list[dict[str, Any]]) -> set[str]:
    """Every name the log rows' client lists hold."""
    names: set[str] = set()
    for entity, change in zip(entities, changes, strict=True):
        listed = change["fields"].get(NAMES_CLIENTS[entity])
        if isinstance(listed, list):
            names.update(item for item in listed if isinstance(item, str))
    return names


def _redacted(entity: str, fields: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    name = NAMES_CLIENTS[entity]
    listed = fields.get(name)
    if not isinstance(listed, list):
        return fields
    return {**fields, name: [item for item in listed if item in allowed]}


def _nameable(session: Session, caller: Caller, names: set[str]) -> set[str]:
    """Which of `names` a log row may name to this caller: the clients they see, every
    template (only those names are looked up, not every client of the partner)."""
    allowed: set[str] = set()
    templates = {n.removeprefix(TEMPLATE_TARGET) for n in names if n.startswith(TEMPLATE_TARGET)}
    clients = sorted(names)
    for start in range(0, len(clients), 500):
        allowed.update(
            session.scalars(
                select(Client.name).where(
                    Client.partner_id == caller.partner_id,
                    Client.name.in_(clients[start : start + 500]),
                    Client.id.in_(access_subquery(caller)),
                )
            )
        )
    found = sorted(templates)
    for start in range(0, len(found), 500):
        allowed.update(
            TEMPLATE_TARGET + name
            for name in session.scalars(
                select(ClientTemplate.name).where(
                    ClientTemplate.partner_id == caller.partner_id,
                    ClientTemplate.name.in_(found[start : start + 500]),
                )
            )
        )
    return allowed
