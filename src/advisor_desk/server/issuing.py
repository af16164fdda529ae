"""Numbering and issuing on the server (billing-rules.md, "Issuing"): the one place that
numbers once a partner has a server. Reuses the laptop's domain, snapshot and PDF code; the
series counter is taken under a row lock, after the partner's version clock (lock order:
clock, then series), so several server processes never give the same number twice.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from advisor_desk.domain.documents import DocumentDraft, DocumentKind
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.numbering import number_series
from advisor_desk.domain.periods import Period, check_period_ended
from advisor_desk.invoices.pdf import render_pdf
from advisor_desk.server.tenancy import Caller, has_access, row_scope
from advisor_desk.server.versioning import lock_clock
from advisor_desk.services.billing.documents import build_drafts, save_draft
from advisor_desk.services.billing.issue_rules import RefusedDraft, apply, is_partner_level, rebuild
from advisor_desk.services.billing.issuing import build_snapshot
from advisor_desk.services.clock import today
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.partner import current_partner
from advisor_desk.store.models import Document, NumberSeries, Partner, ResaleSettings
from advisor_desk.store.models import DocumentLine as LineRow
from advisor_desk.store.types import utcnow


class IssueError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def issue_by_id(session: Session, caller: Caller, document_id: str) -> dict[str, Any]:
    # The partner's clock first, then the row read again under it: a row read before the lock
    # may already have been issued by a concurrent caller (PostgreSQL, READ COMMITTED), and
    # issuing it again would spend a second number.
    lock_clock(session)
    row = session.get(Document, document_id, populate_existing=True)
    if row is None or row.deleted:
        raise IssueError(404, "no such document")
    client_id, _advisor, admin_only = row_scope(session, "document", row)
    if not has_access(session, caller, client_id, admin_only):
        raise IssueError(404, "no such document")
    try:
        partner_level = is_partner_level(session, row)
    except RefusedDraft as error:
        raise IssueError(422, str(error)) from None
    if partner_level and not caller.is_admin:
        raise IssueError(
            403,
            "only the partner's administrators issue partner-level documents "
            "(consolidated invoice, referral statement and their credit notes)",
        )
    return describe(issue(session, row))


def issue(session: Session, row: Document, rebuilt: DocumentDraft | None = None) -> Document:
    """Number and issue a draft; an issued one (or its issued twin) is returned as it is.

    What is issued is what the billing rules give from the server's own rows (`rebuilt`, or
    made again here), never the amounts the draft row holds; refused (422) for a month that
    has not ended by the server's clock, or a document that totals zero.
    """
    lock_clock(session)
    session.flush()
    session.refresh(row)  # as committed by whoever held the lock before us
    if row.status == "issued":
        return row
    twin = _issued_twin(session, row)
    if twin is not None:
        _tombstone(session, row)  # the draft duplicated what was already issued
        return twin
    partner = session.get(Partner, row.partner_id)
    if partner is None:
        raise IssueError(404, "no such partner")
    issued_on = today(partner.timezone)
    try:
        draft = rebuilt or rebuild(session, row, issued_on)
        if rebuilt is not None:
            check_period_ended(draft.period, issued_on)
    except (RefusedDraft, DomainError) as error:
        raise IssueError(422, str(error)) from None
    apply(session, row, draft)
    row.number = _next_number(session, partner, draft)
    row.status = "issued"
    row.issued_at = utcnow()
    snapshot = build_snapshot(session, partner, row, draft, issued_on)
    row.snapshot_json = json.dumps(snapshot, sort_keys=True, ensure_ascii=False)
    row.pdf_sha256 = hashlib.sha256(render_pdf(snapshot)).hexdigest()
    row.pdf_file = f"{row.number}.pdf"
    session.flush()
    for duplicate in _live_drafts_like(session, row):
        _tombstone(session, duplicate)  # other laptops' drafts of what is now issued
    return row


def _identity(row: Document) -> Any:
    """Same kind and period, and same recipient (by client when the document has one)."""
    same_recipient = Document.recipient == row.recipient
    if row.client_id is not None:
        same_recipient = or_(same_recipient, Document.client_id == row.client_id)
    same_reference = (
        Document.references_id.is_(None)
        if row.references_id is None
        else Document.references_id == row.references_id
    )
    return and_(
        Document.kind == row.kind,
        Document.period == row.period,
        same_recipient,
        same_reference,
        Document.deleted.is_(False),
        Document.id != row.id,
    )


def _issued_twin(session: Session, row: Document) -> Document | None:
    if row.kind == DocumentKind.CREDIT_NOTE.value or row.references_id is not None:
        return None  # a credit note or a supplement (`invoice adjust`): each is its own
    return session.scalars(
        select(Document).where(_identity(row), Document.status == "issued")
    ).first()


def _live_drafts_like(session: Session, row: Document) -> list[Document]:
    if row.kind == DocumentKind.CREDIT_NOTE.value or row.references_id is not None:
        return []
    return list(session.scalars(select(Document).where(_identity(row), Document.status == "draft")))


def _tombstone(session: Session, row: Document) -> None:
    """Delete a draft and its lines together (a line never outlives its document)."""
    for line in session.scalars(
        select(LineRow).where(LineRow.document_id == row.id, LineRow.deleted.is_(False))
    ):
        line.deleted = True
    row.deleted = True
    session.flush()


def _next_number(session: Session, partner: Partner, draft: DocumentDraft) -> str:
    resale = session.scalars(
        select(ResaleSettings).where(
            ResaleSettings.partner_id == partner.id, ResaleSettings.deleted.is_(False)
        )
    ).first()
    series = number_series(draft.series, resale.invoice_prefix if resale else None)
    counter = session.scalars(
        select(NumberSeries)
        .where(NumberSeries.partner_id == partner.id, NumberSeries.key == series.key)
        .with_for_update()
    ).first()
    if counter is None:
        counter = NumberSeries(
            partner_id=partner.id, key=series.key, prefix=series.prefix, last_number=0
        )
        session.add(counter)
    counter.last_number += 1
    return series.format(counter.last_number)


@dataclass(frozen=True)
class PeriodIssued:
    issued: list[Document]
    skipped: list[DocumentDraft]  # totals zero: nothing to bill, no number spent


def issue_period(session: Session, period: Period) -> PeriodIssued:
    """The platform's documents of a period, drafted and issued; idempotent. Refused
    (IssueError 422) until the month has ended in the partner's time zone."""
    lock_clock(session)
    session.flush()
    partner = current_partner(session)
    try:
        check_period_ended(period, today(partner.timezone))
        drafts = build_drafts(session, period, None, None)
    except DomainError as error:
        raise IssueError(422, str(error)) from None
    except ServiceError as error:
        raise IssueError(422, str(error)) from None
    issued, skipped = [], []
    for draft in drafts:
        if not draft.lines or not draft.total:
            skipped.append(draft)
            continue
        saved = save_draft(session, draft)
        row = session.get(Document, saved.id)
        if row is not None:
            issued.append(issue(session, row, draft))
    return PeriodIssued(issued, skipped)


def describe(row: Document) -> dict[str, Any]:
    return {
        "id": row.id,
        "number": row.number,
        "kind": row.kind,
        "recipient": row.recipient,
        "period": row.period,
        "status": row.status,
        "currency": row.currency,
        "subtotal": str(row.subtotal),
        "tax": str(row.tax),
        "total": str(row.total),
        "version": row.version,
    }
