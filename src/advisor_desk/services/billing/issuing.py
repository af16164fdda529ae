"""Issuing documents: gapless local numbering, snapshot, stored PDF and its SHA-256.

Standalone, the local store numbers. With a server configured only the server numbers, so
issuing is refused here (the sync issue routes it through `POST /v1/invoices/issue`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain import documents as rules
from advisor_desk.domain.documents import DocumentDraft, DocumentKind
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.money import format_money
from advisor_desk.domain.numbering import number_series
from advisor_desk.domain.periods import Period
from advisor_desk.invoices.pdf import render_pdf
from advisor_desk.services.billing.documents import (
    DocumentSummary,
    build_drafts,
    save_draft,
    summary,
    to_draft,
    write_lines,
)
from advisor_desk.services.billing.issue_rules import (
    apply,
    check_ended,
    clean_reason,
    credited,
    rebuild,
)
from advisor_desk.services.billing.platform_details import read_platform, snapshot_extras
from advisor_desk.services.clock import now_utc, today
from advisor_desk.services.errors import NotFoundError, ServiceError, ValidationError
from advisor_desk.services.partner import current_partner
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Document, NumberSeries, Partner, ResaleSettings, SyncState

PLATFORM = {"name": "Advisor Desk Platform", "legal_name": "Advisor Desk Platform"}
PLATFORM_TERMS_DAYS = 14


@dataclass(frozen=True)
class RenderedPdf:
    number: str | None
    content: bytes
    sha256: str


def issue_documents(store: Store, document_ids: list[str]) -> list[DocumentSummary]:
    """Issue drafts (each once: issuing an issued document returns it as it is)."""
    with store.write() as session:
        _refuse_if_server_numbers(session)
        return [_issue(store, session, _get(session, doc_id)) for doc_id in document_ids]


@dataclass(frozen=True)
class PeriodIssued:
    """What issuing a period did: the documents issued (or issued before), and the drafts
    skipped because they total zero (nothing to bill: no number is spent on them)."""

    issued: list[DocumentSummary]
    skipped: list[DocumentDraft]


def issue_period(
    store: Store, period: Period, *, kinds: tuple[DocumentKind, ...] | None = None
) -> list[DocumentSummary]:
    """Draft and issue the platform's documents of a period (or only `kinds`); idempotent.

    Documents of the other platform kinds are still drafted, so nothing is missing. A
    document that totals zero is not issued (see `issue_period_report`).
    """
    return issue_period_report(store, period, kinds=kinds).issued


def issue_period_report(
    store: Store, period: Period, *, kinds: tuple[DocumentKind, ...] | None = None
) -> PeriodIssued:
    """`issue_period`, also saying which zero-total documents were skipped. Refused until the
    month has ended in the partner's time zone."""
    with store.write() as session:
        _refuse_if_server_numbers(session)
        partner = current_partner(session)
        check_ended(period, today(partner.timezone))
        issued, skipped = [], []
        for draft in build_drafts(session, period, None, None):
            if not draft.lines or not draft.total:
                skipped.append(draft)
                continue
            saved = save_draft(session, draft)
            if kinds is None or draft.kind in kinds:
                row = _get(session, saved.id)
                issued.append(_issue(store, session, row, rebuilt=draft))
        return PeriodIssued(issued, skipped)


def credit_note(
    store: Store, number: str, amount: str | None = None, reason: str | None = None
) -> DocumentSummary:
    """Credit an issued invoice in full, or `amount` of its subtotal; issued at once.
    `reason` (optional) is printed on the credit note.

    With a server configured the credit note is drafted here and numbered by the server
    (`services.issuing_remote.issue_via_server`): see `draft_credit_note`.
    """
    with store.write() as session:
        _refuse_if_server_numbers(session)
        note = new_credit_note(session, number, amount)
        return _issue(store, session, note, reason=clean_reason(reason))


def draft_credit_note(
    store: Store, number: str, amount: str | None = None, reason: str | None = None
) -> DocumentSummary:
    """A credit note as a draft (works offline); the server numbers it when it is issued.
    (`reason` is checked here; the server's snapshot does not carry it yet.)"""
    clean_reason(reason)
    with store.write() as session:
        return summary(new_credit_note(session, number, amount))


def new_credit_note(session: Session, number: str, amount: str | None) -> Document:
    """Check the credit against what the invoice has left and add the draft credit note."""
    invoice = _by_number(session, number)
    try:
        note = rules.credit_note(
            to_draft(session, invoice), number, amount, credited(session, invoice.id)
        )
    except DomainError as error:
        raise ValidationError([(error.field, error.message)]) from None
    row = Document(
        partner_id=invoice.partner_id,
        kind=DocumentKind.CREDIT_NOTE.value,
        status="draft",
        period=invoice.period,
        recipient=invoice.recipient,
        client_id=invoice.client_id,
        references_id=invoice.id,
    )
    session.add(row)
    write_lines(session, row, note)
    return row


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


def _issue(
    store: Store,
    session: Session,
    row: Document,
    *,
    reason: str | None = None,
    rebuilt: DocumentDraft | None = None,
) -> DocumentSummary:
    """Number and issue `row` as the rules give it (`rebuilt`: just made from them)."""
    if row.status == "issued":
        return summary(row)
    twin = session.scalars(
        select(Document).where(
            Document.partner_id == row.partner_id,
            Document.kind == row.kind,
            Document.recipient == row.recipient,
            Document.period == row.period,
            Document.references_id.is_(None),  # supplements (`invoice adjust`) are not twins
            Document.status == "issued",
            Document.deleted.is_(False),
        )
    ).first()
    original = row.kind != DocumentKind.CREDIT_NOTE.value and row.references_id is None
    if twin is not None and original:
        row.deleted = True  # the draft duplicated what was already issued
        return summary(twin)
    partner = current_partner(session)
    issued_on = today(partner.timezone)
    # What the rules give, not what the row says (refused for a month not ended yet).
    draft = rebuilt or rebuild(session, row, issued_on)
    apply(session, row, draft)
    row.number = _next_number(session, partner, draft)
    row.status = "issued"
    row.issued_at = now_utc()
    snapshot = build_snapshot(session, partner, row, draft, issued_on)
    if reason:
        snapshot["reason"] = reason
    row.snapshot_json = json.dumps(snapshot, sort_keys=True, ensure_ascii=False)
    pdf = render_pdf(snapshot)
    row.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    row.pdf_file = f"{row.number}.pdf"
    _write_file(store.invoices_dir / row.pdf_file, pdf)
    return summary(row)


def _next_number(session: Session, partner: Partner, draft: DocumentDraft) -> str:
    resale = _resale(session, partner.id)
    prefix = resale.invoice_prefix if resale else None
    series = number_series(draft.series, prefix)
    # BEGIN IMMEDIATE holds the write lock for the whole transaction: no two issuers can
    # read the same last number, and a rollback gives the number back (no gaps).
    row = session.get(NumberSeries, (partner.id, series.key))
    if row is None:
        row = NumberSeries(partner_id=partner.id, key=series.key, prefix=series.prefix)
        row.last_number = 0
        session.add(row)
    row.last_number += 1
    return series.format(row.last_number)


def build_snapshot(
    session: Session,
    partner: Partner,
    row: Document,
    draft: DocumentDraft,
    issued_on: dt.date | None,
) -> dict[str, Any]:
    """Everything the PDF shows, frozen. `issued_on` None renders a draft."""
    resale = _resale(session, partner.id)
    by_partner = draft.issuer == "partner"
    if by_partner and resale is not None:
        issuer = {
            "name": partner.name,
            "legal_name": resale.legal_name or partner.name,
            "tax_number": resale.tax_number,
            "address": resale.address,
            "bank_details": resale.bank_details,
        }
        terms_days = resale.payment_terms_days
    else:
        issuer = read_platform(session).issuer()  # the platform's legal details (H4)
        terms_days = PLATFORM_TERMS_DAYS
    recipient = {"name": draft.recipient}
    if not by_partner and resale is not None and draft.recipient == partner.name:
        # The platform bills the partner: its legal details, as the partner keeps them.
        recipient.update(
            legal_name=resale.legal_name,
            tax_number=resale.tax_number,
            address=resale.address,
        )
    money = lambda value: format_money(value, draft.currency)  # noqa: E731
    return {
        "snapshot_version": 1,
        "kind": draft.kind.value,
        "title": _title(draft),
        "number": row.number,
        "status": "issued" if issued_on else "draft",
        "period": str(draft.period),
        "issue_date": issued_on.isoformat() if issued_on else None,
        "due_date": (
            (issued_on + dt.timedelta(days=terms_days)).isoformat()
            if issued_on and draft.kind is not DocumentKind.REFERRAL_STATEMENT
            else None
        ),
        "currency": draft.currency,
        "locale": partner.locale,
        "issuer": issuer,
        "recipient": recipient,
        "references": draft.references,
        "tax_rate": str(draft.tax_rate),
        "lines": [
            {
                "description": line.description,
                "quantity": _plain(line.quantity),
                "unit_price": money(line.unit_price),
                "amount": money(line.amount),
                "group": line.group,
            }
            for line in draft.lines
        ],
        "group_subtotals": [[g, money(v)] for g, v in draft.group_subtotals()],
        "subtotal": money(draft.subtotal),
        "tax": money(draft.tax),
        "total": money(draft.total),
        "logo_png": resale.logo_png.hex() if by_partner and resale and resale.logo_png else None,
        "payment_terms_days": (
            None if draft.kind is DocumentKind.REFERRAL_STATEMENT else terms_days
        ),
        **snapshot_extras(session, partner, draft),  # referral rate, client address (H4)
    }


def _title(draft: DocumentDraft) -> str:
    return {
        DocumentKind.CONSOLIDATED_INVOICE: "Tax invoice — consolidated",
        DocumentKind.CLIENT_INVOICE: "Tax invoice",
        DocumentKind.RESALE_INVOICE: "Tax invoice",
        DocumentKind.REFERRAL_STATEMENT: "Referral statement",
        DocumentKind.CREDIT_NOTE: "Credit note",
    }[draft.kind]


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _resale(session: Session, partner_id: str) -> ResaleSettings | None:
    return session.scalars(
        select(ResaleSettings).where(
            ResaleSettings.partner_id == partner_id, ResaleSettings.deleted.is_(False)
        )
    ).first()


def _write_file(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".pdf.partial")
    partial.write_bytes(content)
    os.replace(partial, path)


def _refuse_if_server_numbers(session: Session) -> None:
    state = session.get(SyncState, 1)
    if state is not None and state.server_url:
        raise ServiceError(
            f"numbers are given by the server ({state.server_url}); issue while online"
        )


def _get(session: Session, document_id: str) -> Document:
    row = session.get(Document, document_id)
    if row is None or row.deleted:
        raise NotFoundError(f"no document with id {document_id}")
    return row


def _by_number(session: Session, number: str) -> Document:
    partner = current_partner(session)
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
    with store.read() as session:
        row = _by_number(session, number) if number else _get(session, document_id or "")
        if row.status == "issued" and row.snapshot_json:
            stored = store.invoices_dir / (row.pdf_file or f"{row.number}.pdf")
            content = (
                stored.read_bytes()
                if stored.exists()
                else render_pdf(json.loads(row.snapshot_json))
            )
            digest = hashlib.sha256(content).hexdigest()
            if digest != row.pdf_sha256:
                raise ServiceError(
                    f"the PDF of {row.number} does not match its recorded SHA-256; "
                    "it was changed after issuing"
                )
            return RenderedPdf(row.number, content, digest)
        partner = current_partner(session)
        snapshot = build_snapshot(session, partner, row, to_draft(session, row), None)
    content = render_pdf(snapshot)
    return RenderedPdf(None, content, hashlib.sha256(content).hexdigest())
