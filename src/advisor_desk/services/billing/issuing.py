"""Issuing on the standalone laptop: the one issuing operation (services/billing/issue.py)
with local numbering, then the PDFs written after the commit (services/billing/pdf_files.py).

Operations (`issue_ids`, `issue_month`, `issue_credit_note`, `add_credit_note`) take the
session and the partner and do database work only; `run_op` gives their `OpResult`. The
functions taking a `Store` are the laptop's use cases: the operation, committed, then its
PDFs. With a server configured only the server numbers, so issuing is refused here (it goes
through `POST /v1/invoices/issue`: services/billing/issuing_remote.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain import documents as rules
from advisor_desk.domain.documents import DocumentDraft, DocumentKind, DocumentStatus
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.money import format_money
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.documents import (
    DocumentSummary,
    summary,
    to_draft,
    write_lines,
)
from advisor_desk.services.billing.issue import Issuer, PeriodIssued
from advisor_desk.services.billing.issue_rules import clean_reason, credited
from advisor_desk.services.billing.pdf_files import Progress, RenderedPdf, write_pdfs
from advisor_desk.services.billing.pdf_files import document_pdf as _document_pdf
from advisor_desk.services.clock import now_utc, today
from advisor_desk.services.errors import NotFoundError, ServiceError, ValidationError
from advisor_desk.services.ops import OpResult, run_op
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Document, NumberSeries, Partner, SyncState

__all__ = [
    "LocalNumbering",
    "PeriodIssued",
    "PeriodReport",
    "RenderedPdf",
    "credit_note",
    "document_pdf",
    "issue_documents",
    "issue_ids",
    "issue_month",
    "issue_period",
    "issue_period_report",
]


class LocalNumbering:
    """The standalone store numbers: SQLite's write transaction (BEGIN IMMEDIATE) holds the
    lock for the whole transaction, so no two issuers read the same last number and a
    rollback gives the number back (no gaps)."""

    def begin(self, session: Session) -> None:
        state = session.get(SyncState, 1)
        if state is not None and state.server_url:
            raise ServiceError(
                f"numbers are given by the server ({state.server_url}); issue while online"
            )

    def counter(self, session: Session, partner_id: str, key: str) -> NumberSeries | None:
        return session.get(NumberSeries, (partner_id, key))

    def today(self, partner: Partner) -> dt.date:
        return today(partner.timezone)

    def now(self) -> dt.datetime:
        return now_utc()


LOCAL = LocalNumbering()


# -- operations (session, partner) ------------------------------------------------------------


def issue_ids(session: Session, partner: Partner, document_ids: list[str]) -> list[Document]:
    """Issue drafts (each once: issuing an issued document returns it as it is)."""
    issuer = Issuer(session, partner, LOCAL)
    return [issuer.issue(issuer.get(doc_id)) for doc_id in document_ids]


def issue_month(
    session: Session,
    partner: Partner,
    period: Period,
    kinds: tuple[DocumentKind, ...] | None = None,
) -> PeriodIssued:
    """Draft and issue the platform's documents of a period (see `Issuer.issue_period`)."""
    return Issuer(session, partner, LOCAL).issue_period(period, kinds)


def issue_credit_note(
    session: Session,
    partner: Partner,
    number: str,
    amount: str | None = None,
    reason: str | None = None,
) -> Document:
    """Credit an issued invoice in full, or `amount` of its subtotal; issued at once."""
    issuer = Issuer(session, partner, LOCAL)
    issuer.numbering.begin(session)
    note = add_credit_note(session, partner, number, amount)
    return issuer.issue(note, reason=clean_reason(reason))


def add_credit_note(
    session: Session, partner: Partner, number: str, amount: str | None
) -> Document:
    """Check the credit against what the invoice has left and add the draft credit note."""
    invoice = by_number(session, partner, number)
    try:
        note = rules.credit_note(
            to_draft(session, invoice), number, amount, credited(session, invoice.id)
        )
    except DomainError as error:
        raise ValidationError([(error.field, error.message)]) from None
    row = Document(
        partner_id=invoice.partner_id,
        kind=DocumentKind.CREDIT_NOTE.value,
        status=DocumentStatus.DRAFT,
        period=invoice.period,
        recipient=invoice.recipient,
        client_id=invoice.client_id,
        references_id=invoice.id,
    )
    session.add(row)
    write_lines(session, row, note)
    return row


# -- the laptop's use cases: the operation, committed, then its PDFs ---------------------------


def issue_documents(
    store: Store, document_ids: list[str], *, progress: Progress | None = None
) -> list[DocumentSummary]:
    """Issue drafts, then write their PDFs (after the commit)."""
    done = run_op(store, _issued_summaries, document_ids)
    write_pdfs(store, [doc.id for doc in done.value], progress=progress)
    return done.value


class PeriodReport:
    """What issuing a period did, as summaries: `issued` and the zero-total `skipped`."""

    def __init__(self, issued: list[DocumentSummary], skipped: list[DocumentDraft]) -> None:
        self.issued = issued
        self.skipped = skipped


def issue_period(
    store: Store,
    period: Period,
    *,
    kinds: tuple[DocumentKind, ...] | None = None,
    processes: int = 1,
    progress: Progress | None = None,
) -> list[DocumentSummary]:
    """Draft and issue the platform's documents of a period (or only `kinds`); idempotent.
    A document that totals zero is not issued (see `issue_period_report`)."""
    return issue_period_report(
        store, period, kinds=kinds, processes=processes, progress=progress
    ).issued


def issue_period_report(
    store: Store,
    period: Period,
    *,
    kinds: tuple[DocumentKind, ...] | None = None,
    processes: int = 1,
    progress: Progress | None = None,
) -> PeriodReport:
    """`issue_period`, also saying which zero-total documents were skipped. Refused until the
    month has ended in the partner's time zone. The PDFs are written after the commit."""
    done = issue_period_op(store, period, kinds)
    report = done.value
    write_pdfs(
        store,
        [doc.id for doc in report.issued],
        processes=processes,
        progress=progress,
    )
    return report


def issue_period_op(
    store: Store, period: Period, kinds: tuple[DocumentKind, ...] | None = None
) -> OpResult[PeriodReport]:
    """The database work of issuing a period, committed (no PDF written yet)."""

    def op(session: Session, partner: Partner) -> PeriodReport:
        done = issue_month(session, partner, period, kinds)
        session.flush()
        return PeriodReport([summary(row) for row in done.issued], done.skipped)

    return run_op(store, op)


def credit_note(
    store: Store, number: str, amount: str | None = None, reason: str | None = None
) -> DocumentSummary:
    """Credit an issued invoice in full, or `amount` of its subtotal; issued at once.
    `reason` (optional) is printed on the credit note.

    With a server configured the credit note is drafted here and numbered by the server
    (`services.issuing_remote.issue_via_server`): see `draft_credit_note`.
    """
    done = run_op(store, _credit_summary, number, amount, reason)
    write_pdfs(store, [done.value.id])
    return done.value


def draft_credit_note(
    store: Store, number: str, amount: str | None = None, reason: str | None = None
) -> DocumentSummary:
    """A credit note as a draft (works offline); the server numbers it when it is issued.
    (`reason` is checked here; the server's snapshot does not carry it yet.)"""
    clean_reason(reason)
    return run_op(store, _draft_credit_summary, number, amount).value


def check_credit_left(session: Session, invoice: Document, note_subtotal: Decimal) -> None:
    """Refuse a credit note that would take back more than the invoice has left (the server
    checks this again when it numbers one)."""
    taken = credited(session, invoice.id).subtotal
    if taken - note_subtotal > invoice.subtotal:
        remaining = invoice.subtotal - taken
        raise ValidationError(
            [
                (
                    "amount",
                    f"only {format_money(remaining, invoice.currency)} of "
                    f"{invoice.number} is left to credit",
                )
            ]
        )


def credited_so_far(session: Session, invoice_id: str) -> Decimal:
    """How much of an invoice's subtotal its issued credit notes already took back."""
    return credited(session, invoice_id).subtotal


def by_number(session: Session, partner: Partner, number: str) -> Document:
    row = session.scalars(
        select(Document).where(
            Document.partner_id == partner.id,
            Document.number == number,
            Document.deleted.is_(False),
        )
    ).first()
    if row is None:
        raise NotFoundError(f"no issued document numbered {number}")
    return row


def document_pdf(
    store: Store, *, number: str | None = None, document_id: str | None = None
) -> RenderedPdf:
    """The PDF of a document: an issued one as stored (checked against its SHA-256, rendered
    again from its snapshot if the file is missing), a draft rendered fresh with `DRAFT`."""

    def find(session: Session, partner: Partner) -> Document:
        if number:
            return by_number(session, partner, number)
        row = session.get(Document, document_id or "")
        if row is None or row.deleted or row.partner_id != partner.id:
            raise NotFoundError(f"no document with id {document_id}")
        return row

    return _document_pdf(store, find)


def _issued_summaries(
    session: Session, partner: Partner, document_ids: list[str]
) -> list[DocumentSummary]:
    rows = issue_ids(session, partner, document_ids)
    session.flush()
    return [summary(row) for row in rows]


def _credit_summary(
    session: Session, partner: Partner, number: str, amount: str | None, reason: str | None
) -> DocumentSummary:
    row = issue_credit_note(session, partner, number, amount, reason)
    session.flush()
    return summary(row)


def _draft_credit_summary(
    session: Session, partner: Partner, number: str, amount: str | None
) -> DocumentSummary:
    row = add_credit_note(session, partner, number, amount)
    session.flush()
    return summary(row)
