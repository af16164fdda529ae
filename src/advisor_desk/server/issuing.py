"""Numbering and issuing on the server (billing-rules.md, "Issuing"): the one place that
numbers once a partner has a server. Reuses the laptop's domain, snapshot and PDF code; the
series counter is taken under a row lock, after the partner's version clock (lock order:
clock, then series), so several server processes never give the same number twice.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.documents import DocumentDraft, DocumentKind
from advisor_desk.domain.numbering import number_series
from advisor_desk.domain.periods import Period
from advisor_desk.invoices.pdf import render_pdf
from advisor_desk.server.tenancy import Caller, has_access, row_scope
from advisor_desk.server.versioning import lock_clock
from advisor_desk.services.clock import today
from advisor_desk.services.documents import build_drafts, save_draft, to_draft
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.issuing import build_snapshot, check_credit_left
from advisor_desk.store.models import Document, NumberSeries, Partner, ResaleSettings
from advisor_desk.store.types import utcnow


class IssueError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def issue_by_id(session: Session, caller: Caller, document_id: str) -> dict[str, Any]:
    row = session.get(Document, document_id)
    if row is None or row.deleted:
        raise IssueError(404, "no such document")
    client_id, _advisor, admin_only = row_scope(session, "document", row)
    if not has_access(session, caller, client_id, admin_only):
        raise IssueError(404, "no such document")
    return describe(issue(session, row))


def issue(session: Session, row: Document) -> Document:
    """Number and issue a draft; an issued one (or its issued twin) is returned as it is."""
    lock_clock(session)
    session.flush()
    if row.status == "issued":
        return row
    twin = session.scalars(
        select(Document).where(
            Document.kind == row.kind,
            Document.recipient == row.recipient,
            Document.period == row.period,
            Document.status == "issued",
            Document.deleted.is_(False),
            Document.id != row.id,
        )
    ).first()
    # a credit note or a supplement (`invoice adjust`: references_id) is never a twin
    if twin is not None and row.kind != DocumentKind.CREDIT_NOTE.value and not row.references_id:
        row.deleted = True  # the draft duplicated what was already issued
        session.flush()
        return twin
    partner = session.get(Partner, row.partner_id)
    if partner is None:
        raise IssueError(404, "no such partner")
    draft = to_draft(session, row)
    if not draft.lines:
        raise IssueError(422, "a document with no lines cannot be issued")
    if row.kind == DocumentKind.CREDIT_NOTE.value:
        _check_credit(session, row, draft.subtotal)
    issued_on = today(partner.timezone)
    row.number = _next_number(session, partner, draft)
    row.status = "issued"
    row.issued_at = utcnow()
    snapshot = build_snapshot(session, partner, row, draft, issued_on)
    row.snapshot_json = json.dumps(snapshot, sort_keys=True, ensure_ascii=False)
    row.pdf_sha256 = hashlib.sha256(render_pdf(snapshot)).hexdigest()
    row.pdf_file = f"{row.number}.pdf"
    session.flush()
    return row


def _check_credit(session: Session, row: Document, subtotal: Decimal) -> None:
    """A credit note must credit an issued invoice, by no more than it has left."""
    invoice = session.get(Document, row.references_id) if row.references_id else None
    if invoice is None or invoice.deleted or invoice.status != "issued":
        raise IssueError(422, "a credit note must reference an issued invoice")
    try:
        check_credit_left(session, invoice, subtotal)
    except ValidationError as error:
        raise IssueError(422, str(error)) from None


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


def issue_period(session: Session, period: Period) -> list[Document]:
    """The platform's documents of a period, drafted and issued; idempotent."""
    lock_clock(session)
    session.flush()
    issued = []
    for draft in build_drafts(session, period, None, None):
        if draft.kind is DocumentKind.REFERRAL_STATEMENT and not draft.lines:
            continue
        saved = save_draft(session, draft)
        row = session.get(Document, saved.id)
        if row is not None and draft.lines:
            issued.append(issue(session, row))
    return issued


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
