"""Undoable client creation: plain (`create_client`) or from the wizard (`onboard_client`).

Each creates the client in one transaction and records every row it made — the client, its
billing model, members and their licenses, content grants, risks, assessments, advisors'
access (`ClientCreation`). `undo_client_creation` is its exact inverse: it tombstones all of
them (billing then sees no client: it has no billing model left), once it has checked that
nothing moved on since — the same rows, unchanged, nothing added for the client (a member,
content, a document…), and no document issued since that bills its months.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Unpack

from sqlalchemy.orm import Session

from advisor_desk.domain.periods import Period
from advisor_desk.services.clients.onboarding import NewClient, onboard_in
from advisor_desk.services.clients.teams import (
    ClientSummary,
    NewClientFields,
    client_summary,
    new_client,
)
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.ops import run_op
from advisor_desk.services.undo_checks import (
    issued_documents,
    refuse_if_issued_since,
    row_states,
)
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Client, Partner
from advisor_desk.store.ownership import live_rows_under

# How a refusal names each kind of row that belongs to a client.
WHAT = {
    "client": "its details",
    "client_billing_model": "its billing model",
    "member": "its members",
    "member_license": "its members' tiers",
    "advisor_access": "advisors' access",
    "client_content": "its content",
    "content_grant": "its content",
    "client_risk": "its risks",
    "client_assessment": "its assessments",
    "document": "its documents",
    "document_line": "its documents",
}


@dataclass(frozen=True)
class ClientCreation:
    """A client as created, and every row the creation made (`table:id` → fields)."""

    client: ClientSummary
    rows: Mapping[str, str]
    issued: frozenset[str]  # issued documents from the client's first month on, back then


def create_client(store: Store, **fields: Unpack[NewClientFields]) -> ClientCreation:
    return run_op(store, apply_create_client, **fields).value


def onboard_client(store: Store, request: NewClient) -> ClientCreation:
    return run_op(store, apply_onboard_client, request).value


def undo_client_creation(store: Store, creation: ClientCreation) -> None:
    run_op(store, apply_undo_client_creation, creation)


# The operations: the caller's session and partner (`services.ops.run_op` runs one).


def apply_create_client(
    session: Session, partner: Partner, /, **fields: Unpack[NewClientFields]
) -> ClientCreation:
    """`services.clients.teams.apply_create_client`, recorded for undo."""
    client = new_client(session, partner, **fields)
    return _record(session, partner, client)


def apply_onboard_client(session: Session, partner: Partner, request: NewClient) -> ClientCreation:
    """`services.clients.onboarding.apply_onboard_client`, recorded for undo."""
    return _record(session, partner, onboard_in(session, partner, request))


def apply_undo_client_creation(
    session: Session, partner: Partner, creation: ClientCreation
) -> None:
    """Tombstone the client and every row its creation made."""
    name = creation.client.name
    client = session.get(Client, creation.client.id)
    if client is None or client.deleted:
        raise ServiceError(f"{name} was deleted since")
    rows = live_rows_under(session, client.id)
    now = row_states(rows)
    if now != creation.rows:
        changed = {
            key.split(":", 1)[0]
            for key in set(now) | set(creation.rows)
            if now.get(key) != creation.rows.get(key)
        }
        what = ", ".join(dict.fromkeys(WHAT.get(table, table) for table in sorted(changed)))
        raise ServiceError(f"{name} changed since it was created ({what})")
    refuse_if_issued_since(
        session, client.partner_id, client.id, Period.of(client.created), creation.issued
    )
    for row in rows:
        row.deleted = True


def _record(session: Session, partner: Partner, client: Client) -> ClientCreation:
    rows = row_states(live_rows_under(session, client.id))
    since = Period.of(client.created)
    issued = issued_documents(session, client.partner_id, client.id, since)
    return ClientCreation(client_summary(session, partner, client), rows, issued)
