"""Issuing through the server store (when one is configured, only the server numbers).

The drafts are pushed first (a sync), the server numbers and issues them
(`POST /v1/invoices/issue`, idempotent), and a second sync brings the issued documents back;
their PDFs then render locally from the snapshot (`issuing.document_pdf`).
"""

from __future__ import annotations

from advisor_desk.services.documents import DocumentSummary, summary
from advisor_desk.services.errors import NotFoundError, ServiceError
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Document
from advisor_desk.sync.credentials import load_token
from advisor_desk.sync.engine import SyncEngine
from advisor_desk.sync.local import account
from advisor_desk.sync.transport import ServerRefused, Transport


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
    with store.read() as session:
        rows = [session.get(Document, doc_id) for doc_id in document_ids]
        issued = []
        for row in rows:
            if row is None:
                continue
            if row.deleted:  # a duplicate of an issued document: the server returned that
                continue
            issued.append(summary(row))
        return issued
