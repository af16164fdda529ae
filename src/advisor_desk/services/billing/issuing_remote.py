"""Issuing through the server store (when one is configured, only the server numbers).

The drafts are pushed first (a sync), the server numbers and issues them
(`POST /v1/invoices/issue`, idempotent), and a second sync brings the issued documents back;
their PDFs then render locally from the snapshot (`issuing.document_pdf`). Drafts the
issued documents replace are dropped, so no draft of a period stays beside what was issued.
"""

from __future__ import annotations

import contextlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.documents import DocumentKind, DocumentStatus
from advisor_desk.services.billing.documents import PLATFORM_KINDS, DocumentSummary, summary
from advisor_desk.services.errors import NotFoundError, ServiceError
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Document
from advisor_desk.store.models import DocumentLine as LineRow
from advisor_desk.sync.credentials import load_token
from advisor_desk.sync.engine import SyncEngine
from advisor_desk.sync.local import account
from advisor_desk.sync.transport import ServerRefused, SyncError, Transport

PLATFORM = {kind.value for kind in PLATFORM_KINDS}


def issue_via_server(
    store: Store, document_ids: list[str], *, token: str | None = None
) -> list[DocumentSummary]:
    """Issue drafts on the server; raises `sync.transport.ServerUnreachable` when offline
    (nothing is numbered then, the drafts stay as they are)."""
    engine = SyncEngine(store, token=token)
    engine.sync()
    with store.read() as session:
        saved = account(session)
    url = saved.server_url
    token = token or (load_token(url, saved.device_id or "") if url else None)
    if not url or not token:
        raise ServiceError("not logged in to the server: log in to issue documents")
    transport = Transport(url, token)
    try:
        for document_id in document_ids:
            try:
                transport.issue(document_id)
            except ServerRefused as error:
                if error.status == 404:
                    raise NotFoundError(f"the server has no draft {document_id}") from None
                raise ServiceError(error.detail) from None
    finally:
        transport.close()
    engine.sync()
    with store.write() as session:
        rows = [session.get(Document, doc_id) for doc_id in document_ids]
        issued = [summary(row) for row in rows if row is not None and not row.deleted]
        dropped = drop_superseded_drafts(session, {doc.period for doc in issued})
    if dropped:
        # Tell the server (and so the other laptops) at once; offline, the deletions wait in
        # the outbox for the next sync (the issuing itself is done).
        with contextlib.suppress(SyncError):
            engine.sync()
    return issued


def drop_superseded_drafts(session: Session, periods: set[str]) -> int:
    """Delete the drafts of `periods` that an issued document replaces (same kind, recipient
    and period; not credit notes or supplements, which are each their own document) and the
    platform drafts that total zero (never issued), with their lines. The server drops its
    copies when it issues; this catches drafts it never had or that came down before the
    issued one. How many were dropped."""
    if not periods:
        return 0
    rows = session.scalars(
        select(Document).where(
            Document.period.in_(sorted(periods)),
            Document.deleted.is_(False),
            Document.references_id.is_(None),
            Document.kind != DocumentKind.CREDIT_NOTE.value,
        )
    ).all()
    issued = {(r.kind, r.period, r.recipient) for r in rows if r.status == DocumentStatus.ISSUED}
    issued_clients = {
        (r.kind, r.period, r.client_id) for r in rows if r.status == DocumentStatus.ISSUED
    }
    dropped = 0
    for row in rows:
        if row.status != DocumentStatus.DRAFT:
            continue
        same = (row.kind, row.period, row.recipient) in issued or (
            row.client_id is not None and (row.kind, row.period, row.client_id) in issued_clients
        )
        # A platform draft that totals zero is never issued (nothing to bill): it would stay.
        empty = row.kind in PLATFORM and not row.total
        if same or empty:
            for line in session.scalars(
                select(LineRow).where(LineRow.document_id == row.id, LineRow.deleted.is_(False))
            ):
                line.deleted = True
            row.deleted = True
            dropped += 1
    return dropped
