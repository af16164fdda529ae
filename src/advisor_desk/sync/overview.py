"""Plain values the app shows about sync: who is logged in, what a sync changed, and how to
name a row to an advisor.

The server's versions are the cursor, so the rows a sync touched are exactly those whose
version is above the cursor the sync started from (pulled rows and pushed ones the server
re-versioned alike).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from advisor_desk.store.engine import Store
from advisor_desk.store.models import ENTITY_MODELS, SyncState
from advisor_desk.sync import local

MAX_IDS = 2_000  # past this, "these entities changed" says enough


@dataclass(frozen=True)
class Changed:
    entities: frozenset[str]
    ids: frozenset[str]  # empty when more than MAX_IDS rows changed


class ChangeCollector:
    """The rows one sync wrote, gathered as it goes (pulled pages, pushed rows the server
    answered for), so the app need not look for them afterwards: without an index on
    `version` that look-up reads every row of every table, on every sync."""

    def __init__(self) -> None:
        self.entities: set[str] = set()
        self.ids: set[str] | None = set()  # None once more than MAX_IDS rows changed

    def add(self, entity: str, row_id: str) -> None:
        self.entities.add(entity)
        if self.ids is not None:
            self.ids.add(row_id)
            if len(self.ids) > MAX_IDS:
                self.ids = None

    def changed(self) -> Changed:
        return Changed(frozenset(self.entities), frozenset(self.ids or ()))


NOTHING = Changed(frozenset(), frozenset())


@dataclass(frozen=True)
class SavedLogin:
    server_url: str | None
    email: str | None
    role: str | None


def saved_login(store: Store) -> SavedLogin:
    """The server and e-mail this laptop last logged in with (never a secret)."""
    with store.read() as session:
        account = local.account(session)
    return SavedLogin(account.server_url, account.email, account.role)


def cursor(store: Store) -> int:
    with store.read() as session:
        state = session.get(SyncState, 1)
        return state.cursor if state else 0


def changed_since(store: Store, version: int) -> Changed:
    """The entities (table names) and row ids with a version above `version`.

    Reads every synced table (the store has no index on `version`): the app takes
    `SyncReport.changed` after a sync instead."""
    entities: set[str] = set()
    ids: set[str] = set()
    with store.read() as session:
        for name, model in ENTITY_MODELS.items():
            found = session.scalars(
                select(model.id).where(model.version > version).limit(MAX_IDS + 1)
            ).all()
            if found:
                entities.add(name)
                ids.update(found)
    return Changed(frozenset(entities), frozenset(ids) if len(ids) <= MAX_IDS else frozenset())


def row_label(store: Store, entity: str, row_id: str) -> str:
    """A row as an advisor knows it: its name, title, e-mail or number (else its id)."""
    model = ENTITY_MODELS.get(entity)
    with store.read() as session:
        row = session.get(model, row_id) if model is not None else None
        for attribute in ("name", "title", "email", "number"):
            value = getattr(row, attribute, None)
            if value:
                return str(value)
    return row_id[:8]
