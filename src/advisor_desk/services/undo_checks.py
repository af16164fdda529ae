"""What an undo checks before it puts rows back: nothing moved on since the edit.

An edit records the state of the rows it made or changed (`row_state`) and the issued
documents that already bill the days it changed (`issued_documents`). Its inverse refuses
with a `ServiceError` when the rows differ (another edit, a sync) or a document was issued
since, rather than rewrite history that somebody has built on or billed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from advisor_desk.domain.documents import DocumentStatus
from advisor_desk.domain.periods import Period
from advisor_desk.services.errors import ServiceError
from advisor_desk.store.base import Synced
from advisor_desk.store.models import Document
from advisor_desk.store.outbox import entity_fields


def row_key(row: Synced) -> str:
    """`table:id`, e.g. `member_license:…`."""
    return f"{type(row).__tablename__}:{row.id}"


def row_state(row: Synced) -> str:
    """The row's entity fields as the outbox would send them (sync bookkeeping left out)."""
    return json.dumps(entity_fields(row), sort_keys=True)


def row_states(rows: Iterable[Synced]) -> dict[str, str]:
    return {row_key(row): row_state(row) for row in rows if not row.deleted}


def issued_documents(
    session: Session, partner_id: str, client_id: str, since: Period
) -> frozenset[str]:
    """The live issued documents from `since` on that may bill the client: its own, and the
    partner's documents for every client (consolidated invoice, referral statement)."""
    return frozenset(
        session.scalars(
            select(Document.id).where(
                Document.partner_id == partner_id,
                Document.deleted.is_(False),
                Document.status == DocumentStatus.ISSUED,
                Document.period >= str(since),
                or_(Document.client_id.is_(None), Document.client_id == client_id),
            )
        )
    )


def refuse_if_issued_since(
    session: Session,
    partner_id: str,
    client_id: str,
    since: Period,
    known: frozenset[str],
) -> None:
    """Refuse when a document billing `since` or later was issued after the edit."""
    new = issued_documents(session, partner_id, client_id, since) - known
    if not new:
        return
    rows = session.scalars(select(Document).where(Document.id.in_(new))).all()
    first = min(rows, key=lambda row: (row.period, row.number or ""))
    raise ServiceError(
        f"{first.number or 'a document'} was issued since for {first.period}, billing this "
        "as it is now; correct it with a credit note instead"
    )
