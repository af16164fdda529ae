"""Live-row lookups several feature packages share (a tombstoned row counts as missing).

Kept below the feature packages so `people/` and `library/` need not import `clients/`
(whose onboarding uses them): package imports point one way.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from advisor_desk.services.errors import NotFoundError
from advisor_desk.store.models import Client


def live_client(session: Session, client_id: str) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.deleted:
        raise NotFoundError(f"no client with id {client_id}")
    return client
