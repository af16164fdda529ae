"""What may be issued: a draft rebuilt from the store's own rows and the billing rules
(billing-rules.md, "Issuing") just before it is numbered.

A draft is only a proposal: whoever numbers it (the laptop standalone, the server otherwise)
issues what the rules give, never the amounts a draft row holds. Platform documents are made
again from the period's charges; a partner invoice keeps the advisor's own lines only when
each one is a well-formed line (positive quantity, price not negative, amount = round(qty ×
price)); a credit note is made again from the invoice it credits, its tax capped at what the
invoice has left. Malformed drafts are refused with the field at fault.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain import documents as rules
from advisor_desk.domain.document_rules import is_rules_line
from advisor_desk.domain.documents import (
    Credited,
    DocumentDraft,
    DocumentKind,
    DocumentLine,
    DocumentStatus,
)
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.money import format_money, minor_units, parse_money, round_money
from advisor_desk.domain.periods import Period, check_period_ended
from advisor_desk.services.billing.charges import compute_period, load_resale_terms
from advisor_desk.services.billing.content import partner_drafts
from advisor_desk.services.billing.documents import to_draft, write_lines
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.store.models import Client, Document, Partner
from advisor_desk.store.models import DocumentLine as LineRow

# Documents about the whole partner: only its administrators draft and issue them.
PARTNER_LEVEL = (DocumentKind.CONSOLIDATED_INVOICE, DocumentKind.REFERRAL_STATEMENT)
QUANTITY_DECIMALS = 4


class RefusedDraft(ValidationError):
    """A draft that cannot be issued as it is, with the field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__([(field, message)])


def kind_of(row: Document) -> DocumentKind:
    try:
        return DocumentKind(row.kind)
    except ValueError:
        raise RefusedDraft("kind", f"{row.kind!r} is not a kind of document") from None


def is_partner_level(session: Session, row: Document) -> bool:
    """A consolidated invoice, a referral statement, or a credit note of one of them (a
    credit note whose invoice cannot be found counts as partner-level: refused, not guessed)."""
    kind = kind_of(row)
    if kind is DocumentKind.CREDIT_NOTE:
        invoice = session.get(Document, row.references_id) if row.references_id else None
        return invoice is None or invoice.kind in PARTNER_LEVEL
    return kind in PARTNER_LEVEL


def rebuild(session: Session, partner: Partner, row: Document, today: dt.date) -> DocumentDraft:
    """What the rules give for this draft today (a date in the partner's time zone)."""
    kind = kind_of(row)
    try:
        period = Period.parse(row.period)
        minor_units(row.currency)
    except DomainError as error:
        raise RefusedDraft(error.field, error.message) from None
    try:
        check_period_ended(period, today)
        if kind is DocumentKind.CREDIT_NOTE:
            draft = _credit_note(session, partner, row)
        elif row.references_id is not None:
            draft = _supplement(session, partner, row, period)
        else:
            draft = _from_rules(session, partner, row, kind, period)
    except DomainError as error:
        raise RefusedDraft(error.field, error.message) from None
    return draft


def apply(session: Session, row: Document, draft: DocumentDraft) -> None:
    """Make the row hold exactly `draft` (its lines rewritten only if they differ)."""
    row.recipient = draft.recipient
    row.client_id = draft.client_key
    if draft.kind is not DocumentKind.CREDIT_NOTE and draft.references is None:
        row.references_id = None  # a supplement keeps the document it adds to
    if stored_lines(session, row) != draft.lines:
        for line in _line_rows(session, row.id):
            line.deleted = True
        write_lines(session, row, draft)  # also its currency, rate and totals
        return
    row.currency, row.tax_rate = draft.currency, draft.tax_rate
    row.subtotal, row.tax, row.total = draft.subtotal, draft.tax, draft.total


def stored_lines(session: Session, row: Document) -> tuple[DocumentLine, ...]:
    rows = sorted(_line_rows(session, row.id), key=lambda line: line.position)
    return tuple(
        DocumentLine(line.description, line.quantity, line.unit_price, line.amount, line.group_name)
        for line in rows
    )


def check_ended(period: Period, on: dt.date) -> None:
    """Refuse (ValidationError) a month that has not ended on `on`."""
    try:
        check_period_ended(period, on)
    except DomainError as error:
        raise ValidationError([(error.field, error.message)]) from None


REASON_LENGTH = 500


def clean_reason(reason: str | None) -> str | None:
    """A credit note's reason: one line of at most 500 characters (None or blank: none)."""
    if reason is None or not reason.strip():
        return None
    text = " ".join(reason.split())
    if len(text) > REASON_LENGTH:
        raise ValidationError([("reason", f"at most {REASON_LENGTH} characters")])
    return text


def credited(session: Session, invoice_id: str) -> Credited:
    """What an invoice's issued credit notes already took back (positive subtotal and tax)."""
    rows = session.execute(
        select(Document.subtotal, Document.tax).where(
            Document.references_id == invoice_id,
            Document.kind == DocumentKind.CREDIT_NOTE.value,
            Document.status == DocumentStatus.ISSUED,
            Document.deleted.is_(False),
        )
    ).all()
    return Credited(
        subtotal=-sum((r.subtotal for r in rows), Decimal(0)),
        tax=-sum((r.tax for r in rows), Decimal(0)),
    )


def _from_rules(
    session: Session, partner: Partner, row: Document, kind: DocumentKind, period: Period
) -> DocumentDraft:
    try:
        charges = compute_period(session, period, partner)
    except ServiceError as error:
        raise RefusedDraft("period", str(error)) from None
    if kind is DocumentKind.CONSOLIDATED_INVOICE:
        return rules.consolidated_invoice(charges, partner.name)
    if kind is DocumentKind.REFERRAL_STATEMENT:
        return rules.referral_statement(charges, partner.name)
    if kind is DocumentKind.CLIENT_INVOICE:
        found = _matching(rules.client_invoices(charges), row)
        if found is None:
            raise RefusedDraft(
                "recipient",
                f"the billing rules give no client invoice to {row.recipient} in {period}",
            )
        return found
    terms = load_resale_terms(session, partner.id, charges.currency)
    made = partner_drafts(session, partner.id, charges)
    if terms is None or made is None:
        raise RefusedDraft("kind", "partner invoices need the partner's resale settings first")
    computed = _matching(made, row)
    if computed is None:  # a client without licenses to resell: only the advisor's lines
        client = session.get(Client, row.client_id) if row.client_id else None
        if client is None or client.deleted:
            raise RefusedDraft("client_id", "a partner invoice must be addressed to a client")
        computed = DocumentDraft(
            kind=DocumentKind.RESALE_INVOICE,
            period=period,
            currency=charges.currency,
            recipient=client.name,
            tax_rate=terms.tax_rate,
            lines=(),
            client_key=client.id,
        )
    made_lines = {line.description for line in computed.lines}
    own = [
        _advisor_line(line, computed.currency, position)
        for position, line in enumerate(stored_lines(session, row), start=1)
        if line.description not in made_lines and not is_rules_line(line.description)
    ]
    return DocumentDraft(**{**computed.__dict__, "lines": (*computed.lines, *own)})


def _matching(drafts: list[DocumentDraft], row: Document) -> DocumentDraft | None:
    for draft in drafts:
        if row.client_id is not None and draft.client_key == row.client_id:
            return draft
    if row.client_id is None:
        name = row.recipient.casefold()
        return next((d for d in drafts if d.recipient.casefold() == name), None)
    return None


def _advisor_line(line: DocumentLine, currency: str, position: int) -> DocumentLine:
    """An advisor's own line (advisory hours, a fixed fee), as the rules allow it."""
    field = f"line {position}"
    description = line.description.strip()
    if not description:
        raise RefusedDraft(f"{field}.description", "must not be empty")
    if line.group is not None:
        raise RefusedDraft(f"{field}.group", "an advisor's line belongs to no group")
    quantity = line.quantity
    exponent = quantity.as_tuple().exponent
    if quantity <= 0 or (isinstance(exponent, int) and exponent < -QUANTITY_DECIMALS):
        raise RefusedDraft(
            f"{field}.quantity",
            f"{quantity} is not a positive number with at most {QUANTITY_DECIMALS} decimals",
        )
    try:
        price = parse_money(line.unit_price, currency, f"{field}.unit_price")
    except DomainError as error:
        raise RefusedDraft(error.field, error.message) from None
    amount = round_money(quantity * price, currency)
    if line.amount != amount:
        raise RefusedDraft(
            f"{field}.amount",
            f"{format_money(line.amount, currency)} is not {quantity.normalize():f} × "
            f"{format_money(price, currency)} = {format_money(amount, currency)}",
        )
    return DocumentLine.priced(description, quantity, price, currency)


def _referenced(session: Session, row: Document) -> Document:
    invoice = session.get(Document, row.references_id) if row.references_id else None
    if (
        invoice is None
        or invoice.deleted
        or invoice.status != DocumentStatus.ISSUED
        or invoice.partner_id != row.partner_id
        or not invoice.number
    ):
        what = "a credit note" if row.kind == DocumentKind.CREDIT_NOTE else "a supplement"
        raise RefusedDraft("references", f"{what} must reference an issued document")
    return invoice


def _credit_note(session: Session, partner: Partner, row: Document) -> DocumentDraft:
    invoice = _referenced(session, row)
    invoice_draft = to_draft(session, invoice)
    if not invoice_draft.kind.is_invoice:
        raise RefusedDraft("references", f"a {invoice.kind.replace('_', ' ')} cannot be credited")
    lines = stored_lines(session, row)
    taken = credited(session, invoice.id)
    number = invoice.number or ""  # `_referenced` refused an invoice without one
    if lines == tuple(line.negated() for line in invoice_draft.lines):
        return rules.credit_note(invoice_draft, number, None, taken)
    partial = f"Credit against {number}"
    if len(lines) == 1 and lines[0].description == partial and lines[0].amount < 0:
        return rules.credit_note(invoice_draft, number, -lines[0].amount, taken)
    settles = _adjustment(session, partner, row, invoice)  # what changed in the period since
    if settles is not None and settles.lines == lines:
        return rules.capped_credit(settles, invoice_draft, taken)
    raise RefusedDraft(
        "lines",
        "a credit note takes back the whole invoice, one amount of its subtotal, or what "
        "changed in its period since it was issued (`invoice adjust`)",
    )


def _supplement(session: Session, partner: Partner, row: Document, period: Period) -> DocumentDraft:
    """A supplementary invoice or statement (`invoice adjust`): exactly what changed."""
    original = _referenced(session, row)
    settles = _adjustment(session, partner, row, original)
    if settles is None:
        raise RefusedDraft(
            "references",
            f"the billing rules give nothing more to bill on {original.number} in {period}",
        )
    return settles


def _adjustment(
    session: Session, partner: Partner, row: Document, original: Document
) -> DocumentDraft | None:
    """The draft that settles what changed on `original` since it was issued, if any."""
    from advisor_desk.services.billing.adjustments import (
        compute_adjustments,  # it issues through us
    )

    try:
        found = compute_adjustments(session, partner, Period.parse(original.period))
    except (ServiceError, DomainError):
        return None
    for adjustment in found:
        if adjustment.original == original.number and adjustment.draft.kind.value == row.kind:
            return adjustment.draft
    return None


def _line_rows(session: Session, document_id: str) -> Sequence[LineRow]:
    return session.scalars(
        select(LineRow).where(LineRow.document_id == document_id, LineRow.deleted.is_(False))
    ).all()
