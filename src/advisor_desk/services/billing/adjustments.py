"""`invoice adjust`: settle what changed in a period after its documents were issued.

The difference (domain/adjustments.py) compares the issued documents of a period with what
the billing rules give now. Settling drafts one document per difference — a supplementary
invoice or statement, a credit note, or a new invoice — and issues them the usual way:
locally (`services.issuing`) when standalone, through the server when it numbers. Idempotent:
once they are issued the difference is zero and a second run issues nothing; a draft left by
a run that could not reach the server is refreshed, not duplicated.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.adjustments import Adjustment, IssuedDocument, Settlement, adjustments
from advisor_desk.domain.documents import DocumentKind, DocumentStatus
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing import issuing
from advisor_desk.services.billing.documents import (
    PLATFORM_KINDS,
    DocumentSummary,
    build_drafts,
    save_draft,
    to_draft,
    write_lines,
)
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Document, Partner
from advisor_desk.store.models import DocumentLine as LineRow

# Numbers drafts through the server (`services.issuing_remote.issue_via_server`).
RemoteIssuer = Callable[[Store, list[str]], list[DocumentSummary]]


def period_adjustments(store: Store, period: Period) -> list[Adjustment]:
    """What changed in `period` since its documents were issued (empty if none were)."""
    return run_query(store, compute_adjustments, period)


def compute_adjustments(session: Session, partner: Partner, period: Period) -> list[Adjustment]:
    issued = _issued(session, partner, period)
    if not issued:
        return []
    return adjustments(build_drafts(session, partner, period, None, None), issued)


def adjust_period(
    store: Store, period: Period, *, remote: RemoteIssuer | None = None
) -> list[DocumentSummary]:
    """Draft and issue the documents that settle `period`'s adjustments; [] when there is
    nothing to settle. With `remote` the server numbers them (it raises
    `sync.transport.ServerUnreachable` offline: the drafts are kept for the next run)."""
    ids = run_op(store, draft_adjustments, period).value
    if not ids:
        return []
    if remote is not None:
        return remote(store, ids)
    return issuing.issue_documents(store, ids)


def draft_adjustments(session: Session, partner: Partner, period: Period) -> list[str]:
    """The operation: the drafts that settle `period`'s adjustments (their ids)."""
    found = compute_adjustments(session, partner, period)
    return [save_adjustment(session, partner, adjustment) for adjustment in found]


def save_adjustment(session: Session, partner: Partner, adjustment: Adjustment) -> str:
    """The draft that settles `adjustment` (an earlier unissued one refreshed); its id."""
    draft = adjustment.draft
    if adjustment.settlement is Settlement.NEW:
        return save_draft(session, partner, draft).id
    original = session.scalars(
        select(Document).where(
            Document.partner_id == partner.id,
            Document.number == adjustment.original,
            Document.deleted.is_(False),
        )
    ).one()
    if adjustment.settlement is Settlement.CREDIT_NOTE:
        issuing.check_credit_left(session, original, draft.subtotal)
    row = session.scalars(
        select(Document).where(
            Document.partner_id == partner.id,
            Document.kind == draft.kind.value,
            Document.recipient == draft.recipient,
            Document.period == str(draft.period),
            Document.references_id == original.id,
            Document.status == DocumentStatus.DRAFT,
            Document.deleted.is_(False),
        )
    ).first()
    if row is None:
        row = Document(
            partner_id=partner.id,
            kind=draft.kind.value,
            status=DocumentStatus.DRAFT,
            period=str(draft.period),
            recipient=draft.recipient,
            client_id=draft.client_key,
            references_id=original.id,
        )
        session.add(row)
    else:
        for line in session.scalars(
            select(LineRow).where(LineRow.document_id == row.id, LineRow.deleted.is_(False))
        ):
            line.deleted = True
    write_lines(session, row, draft)
    session.flush()
    return row.id


def _issued(session: Session, partner: Partner, period: Period) -> list[IssuedDocument]:
    kinds = [kind.value for kind in (*PLATFORM_KINDS, DocumentKind.CREDIT_NOTE)]
    rows = session.scalars(
        select(Document)
        .where(
            Document.partner_id == partner.id,
            Document.period == str(period),
            Document.status == DocumentStatus.ISSUED,
            Document.deleted.is_(False),
            Document.kind.in_(kinds),
        )
        .order_by(Document.issued_at, Document.number)
    ).all()
    found = []
    for row in rows:
        if not row.number:
            raise ServiceError(f"an issued {row.kind} of {period} has no number")
        found.append(IssuedDocument(row.number, to_draft(session, row)))
    return found
