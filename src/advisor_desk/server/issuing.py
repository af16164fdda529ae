"""Numbering and issuing on the server (billing-rules.md, "Issuing"): the one place that
numbers once a partner has a server. The operation is the laptop's own
(services/billing/issue.py: duplicates, the rules' rebuild, numbering, credit checks,
snapshot); only the numbering differs: the series counter is taken under a row lock, after
the partner's version clock (lock order: clock, then series), so several server processes
never give the same number twice.

The PDF is rendered only to record its SHA-256, and that happens after the issuing
transaction commits (`record_pdf_hashes`), outside the clock lock: the partner's pushes never
wait for a rendering.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.periods import Period
from advisor_desk.server.tenancy import Caller, has_access, row_scope
from advisor_desk.server.versioning import PARTNER, lock_clock
from advisor_desk.services.billing.issue import Issuer, PeriodIssued
from advisor_desk.services.billing.issue_rules import RefusedDraft, is_partner_level
from advisor_desk.services.billing.pdf_files import record_sha256, render_snapshot
from advisor_desk.services.clock import today
from advisor_desk.services.errors import NotFoundError, ServiceError
from advisor_desk.store.models import Document, NumberSeries, Partner
from advisor_desk.store.types import utcnow

__all__ = ["IssueError", "PeriodIssued", "describe", "issue", "issue_by_id", "issue_period"]


class IssueError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class ServerNumbering:
    """The partner's clock first (it serialises issuing across server processes), then the
    series counter under a row lock."""

    def begin(self, session: Session) -> None:
        lock_clock(session)
        session.flush()

    def counter(self, session: Session, partner_id: str, key: str) -> NumberSeries | None:
        return session.scalars(
            select(NumberSeries)
            .where(NumberSeries.partner_id == partner_id, NumberSeries.key == key)
            .with_for_update()
        ).first()

    def today(self, partner: Partner) -> dt.date:
        return today(partner.timezone)

    def now(self) -> dt.datetime:
        return utcnow()


SERVER = ServerNumbering()


def partner_of(session: Session) -> Partner:
    """The partner this transaction is for (its tenant), never "the first partner"."""
    partner = session.get(Partner, session.info.get(PARTNER) or "")
    if partner is None or partner.deleted:
        raise IssueError(404, "no such partner")
    return partner


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


def issue(session: Session, row: Document) -> Document:
    """Number and issue a draft; an issued one (or its issued twin) is returned as it is.

    What is issued is what the billing rules give from the server's own rows, never the
    amounts the draft row holds; refused (422) for a month that has not ended by the server's
    clock, or a document with no lines or that totals zero.
    """
    partner = session.get(Partner, row.partner_id)
    if partner is None:
        raise IssueError(404, "no such partner")
    issuer = Issuer(session, partner, SERVER)
    try:
        return issuer.issue(issuer.get(row.id))
    except NotFoundError:
        raise IssueError(404, "no such document") from None
    except (ServiceError, DomainError) as error:
        raise IssueError(422, str(error)) from None


def issue_period(session: Session, period: Period) -> PeriodIssued:
    """The platform's documents of a period, drafted and issued; idempotent. Refused
    (IssueError 422) until the month has ended in the partner's time zone."""
    issuer = Issuer(session, partner_of(session), SERVER)
    try:
        return issuer.issue_period(period)
    except (ServiceError, DomainError) as error:
        raise IssueError(422, str(error)) from None


def record_pdf_hashes(db: Any, partner_id: str, document_ids: list[str]) -> None:
    """After the issuing transaction committed: render each issued snapshot (no lock held),
    then record its SHA-256 in one short write."""
    if not document_ids:
        return
    with db.transaction(write=False, partner_id=partner_id) as session:
        rows = session.execute(
            select(Document.id, Document.snapshot_json).where(
                Document.id.in_(document_ids),
                Document.pdf_sha256.is_(None),
                Document.snapshot_json.is_not(None),
            )
        ).all()
    digests = {doc_id: render_snapshot(text)[1] for doc_id, text in rows}
    if digests:
        with db.transaction(write=True, partner_id=partner_id) as session:
            record_sha256(session, digests)


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
