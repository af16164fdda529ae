"""Who may draft partner-level documents on a laptop.

A laptop synced with a server holds only what its advisor may see: an advisor who is not an
administrator has only the clients they were given. A consolidated invoice or referral
statement drafted there would silently leave the other clients out, and the server would not
let them issue it anyway (only administrators issue partner-level documents). So drafting one
is refused with a clear message instead of producing a partial draft; client-level documents
(client invoices, partner invoices of their clients) can still be drafted by kind.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from advisor_desk.domain.documents import DocumentKind
from advisor_desk.services.errors import ServiceError
from advisor_desk.store.models import SyncDevice, SyncState

ADMINISTRATOR = "administrator"
PARTNER_LEVEL = (DocumentKind.CONSOLIDATED_INVOICE, DocumentKind.REFERRAL_STATEMENT)


class PartialDraftRefused(ServiceError):
    pass


def refuse_partial_drafts(session: Session, kind: DocumentKind | None) -> None:
    """Refuse drafting partner-level documents (`kind` None: the platform's documents of a
    period, which include them) on a laptop whose advisor is not an administrator."""
    if kind is not None and kind not in PARTNER_LEVEL:
        return
    state = session.get(SyncState, 1)
    device = session.get(SyncDevice, 1)
    role = device.role if device is not None else None
    if state is None or not state.server_url or role in (None, ADMINISTRATOR):
        return
    raise PartialDraftRefused(
        "only the partner's administrators draft the consolidated invoice and the referral "
        "statement: this laptop holds only the clients you were given, so they would be "
        "partial; draft client-level documents with --kind client_invoice or "
        "--kind resale_invoice"
    )
