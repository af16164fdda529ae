"""Billing documents: drafts for a period, their lines, listing. Issuing is in `issuing.py`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain import documents as rules
from advisor_desk.domain.document_rules import is_rules_line
from advisor_desk.domain.documents import (
    DocumentDraft,
    DocumentKind,
    DocumentLine,
    DocumentStatus,
)
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.money import parse_money
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.charges import compute_period
from advisor_desk.services.billing.content import partner_drafts
from advisor_desk.services.billing.draft_scope import refuse_partial_drafts
from advisor_desk.services.errors import NotFoundError, ServiceError, ValidationError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Document, Partner
from advisor_desk.store.models import DocumentLine as LineRow
from advisor_desk.store.types import new_id

PLATFORM_KINDS = (
    DocumentKind.CONSOLIDATED_INVOICE,
    DocumentKind.CLIENT_INVOICE,
    DocumentKind.REFERRAL_STATEMENT,
)


class DocumentIssuedError(ServiceError):
    def __init__(self, number: str | None) -> None:
        super().__init__(f"{number} is issued and cannot change; correct it with a credit note")


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    number: str | None
    kind: DocumentKind
    recipient: str
    period: str
    status: DocumentStatus
    currency: str
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    issued_at: dt.datetime | None
    references: str | None


def summary(row: Document, references: str | None = None) -> DocumentSummary:
    return DocumentSummary(
        id=row.id,
        number=row.number,
        kind=DocumentKind(row.kind),
        recipient=row.recipient,
        period=row.period,
        status=DocumentStatus(row.status),
        currency=row.currency,
        subtotal=row.subtotal,
        tax=row.tax,
        total=row.total,
        issued_at=row.issued_at,
        references=references,
    )


def draft_documents(
    store: Store,
    period: Period,
    *,
    kind: DocumentKind | None = None,
    client: str | None = None,
) -> list[DocumentSummary]:
    """Make (or refresh) the drafts of a period; issued documents are returned as they are.

    With no kind: the platform's documents (consolidated, direct-client invoices, referral
    statement). Resale invoices are drafted when asked for by kind.
    """
    return run_op(store, draft_period, period, kind=kind, client=client).value


def draft_period(
    session: Session,
    partner: Partner,
    period: Period,
    *,
    kind: DocumentKind | None = None,
    client: str | None = None,
) -> list[DocumentSummary]:
    """The operation behind `draft_documents`."""
    refuse_partial_drafts(session, kind)  # never a silently partial partner-level draft
    drafts = build_drafts(session, partner, period, kind, client)
    return [save_draft(session, partner, draft) for draft in drafts]


def build_drafts(
    session: Session,
    partner: Partner,
    period: Period,
    kind: DocumentKind | None,
    client: str | None,
) -> list[DocumentDraft]:
    charges = compute_period(session, period, partner)
    kinds = PLATFORM_KINDS if kind is None else (kind,)
    drafts: list[DocumentDraft] = []
    for wanted in kinds:
        if wanted is DocumentKind.CONSOLIDATED_INVOICE:
            drafts.append(rules.consolidated_invoice(charges, partner.name))
        elif wanted is DocumentKind.CLIENT_INVOICE:
            drafts.extend(rules.client_invoices(charges))
        elif wanted is DocumentKind.REFERRAL_STATEMENT:
            drafts.append(rules.referral_statement(charges, partner.name))
        elif wanted is DocumentKind.RESALE_INVOICE:
            made = partner_drafts(session, partner.id, charges)
            if made is None:
                raise ServiceError("partner invoices need the partner's resale settings first")
            drafts.extend(made)
        else:
            raise ServiceError("credit notes are made from an issued invoice: `invoice credit`")
    if client is not None:
        drafts = [d for d in drafts if d.recipient.casefold() == client.casefold()]
        if not drafts:
            what = _kinds_label(kind)
            raise NotFoundError(f"no {what} for a client named {client!r} in {period}")
    return drafts


def _kinds_label(kind: DocumentKind | None) -> str:
    return "document" if kind is None else kind.label.lower()


def save_draft(session: Session, partner: Partner, draft: DocumentDraft) -> DocumentSummary:
    existing = session.scalars(
        select(Document).where(
            Document.partner_id == partner.id,
            Document.kind == draft.kind.value,
            Document.recipient == draft.recipient,
            Document.period == str(draft.period),
            Document.references_id.is_(None),  # not a supplement (`invoice adjust`)
            Document.deleted.is_(False),
        )
    ).all()
    issued = next((d for d in existing if d.status == DocumentStatus.ISSUED), None)
    if issued is not None:
        return summary(issued)
    row = existing[0] if existing else None
    if row is None:
        row = Document(
            partner_id=partner.id,
            kind=draft.kind.value,
            status=DocumentStatus.DRAFT,
            period=str(draft.period),
            recipient=draft.recipient,
            client_id=draft.client_key,
        )
        session.add(row)
    else:
        draft = _keep_advisor_lines(session, row, draft)
        _drop_lines(session, row)
    write_lines(session, row, draft)
    return summary(row)


def _keep_advisor_lines(session: Session, row: Document, draft: DocumentDraft) -> DocumentDraft:
    """Drafting a resale invoice again refreshes its license lines but keeps the lines the
    advisor added (advisory hours, fixed fees): those are the lines the rules did not make."""
    if draft.kind is not DocumentKind.RESALE_INVOICE:
        return draft
    computed = {line.description for line in draft.lines}
    own = tuple(
        DocumentLine(line.description, line.quantity, line.unit_price, line.amount, line.group_name)
        for line in _line_rows(session, row.id)
        if line.description not in computed and not is_rules_line(line.description)
    )
    return replace(draft, lines=(*draft.lines, *own)) if own else draft


def write_lines(
    session: Session, row: Document, draft: DocumentDraft, *, flush: bool = True
) -> None:
    """Write the draft's lines (and currency, rate, totals) to a document with none left."""
    row.currency = draft.currency
    row.tax_rate = draft.tax_rate
    row.subtotal, row.tax, row.total = draft.subtotal, draft.tax, draft.total
    if row.id is None:
        row.id = new_id()  # the lines name their document before anything is flushed
    if flush:
        session.flush()
    for position, line in enumerate(draft.lines):
        session.add(
            LineRow(
                partner_id=row.partner_id,
                document_id=row.id,
                position=position,
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=line.amount,
                group_name=line.group,
            )
        )


def _drop_lines(session: Session, row: Document) -> None:
    for line in _line_rows(session, row.id):
        line.deleted = True


def _line_rows(session: Session, document_id: str) -> Sequence[LineRow]:
    return session.scalars(
        select(LineRow)
        .where(LineRow.document_id == document_id, LineRow.deleted.is_(False))
        .order_by(LineRow.position)
    ).all()


def to_draft(session: Session, row: Document) -> DocumentDraft:
    """The domain document a stored row holds (lines in their order)."""
    credited_kind = None
    references = None
    if row.references_id is not None:
        invoice = session.get(Document, row.references_id)
        if invoice is not None:
            references = invoice.number
            # A credit note credits the referenced invoice; a supplementary invoice or
            # statement (`invoice adjust`) only refers to the original it adds to.
            if row.kind == DocumentKind.CREDIT_NOTE:
                credited_kind = DocumentKind(invoice.kind)
    return DocumentDraft(
        kind=DocumentKind(row.kind),
        period=Period.parse(row.period),
        currency=row.currency,
        recipient=row.recipient,
        tax_rate=row.tax_rate,
        lines=tuple(
            DocumentLine(
                line.description, line.quantity, line.unit_price, line.amount, line.group_name
            )
            for line in _line_rows(session, row.id)
        ),
        client_key=row.client_id,
        references=references,
        credited_kind=credited_kind,
    )


def add_line(
    store: Store, document_id: str, description: str, quantity: object, unit_price: object
) -> DocumentSummary:
    """Add an advisor's own line (advisory hours, a fixed fee) to a resale-invoice draft."""
    return run_op(store, add_draft_line, document_id, description, quantity, unit_price).value


def add_draft_line(
    session: Session,
    partner: Partner,
    document_id: str,
    description: str,
    quantity: object,
    unit_price: object,
) -> DocumentSummary:
    """The operation behind `add_line`."""
    row = _live(session, partner, document_id)
    if row.status != DocumentStatus.DRAFT:
        raise DocumentIssuedError(row.number)
    if row.kind != DocumentKind.RESALE_INVOICE.value:
        raise ServiceError("only partner invoices take extra lines")
    if not description.strip():
        raise ValidationError([("description", "must not be empty")])
    try:
        qty = _parse_quantity(quantity)
        price = parse_money(unit_price, row.currency, "unit_price")
    except DomainError as error:
        raise ValidationError([(error.field, error.message)]) from None
    draft = to_draft(session, row)
    line = DocumentLine.priced(description.strip(), qty, price, row.currency)
    extended = DocumentDraft(**{**draft.__dict__, "lines": (*draft.lines, line)})
    _drop_lines(session, row)
    write_lines(session, row, extended)
    return summary(row)


def delete_draft(store: Store, document_id: str) -> None:
    run_op(store, remove_draft, document_id)


def remove_draft(session: Session, partner: Partner, document_id: str) -> None:
    """The operation behind `delete_draft`: a draft and its lines."""
    row = _live(session, partner, document_id)
    if row.status != DocumentStatus.DRAFT:
        raise DocumentIssuedError(row.number)
    _drop_lines(session, row)
    row.deleted = True


def _live(session: Session, partner: Partner, document_id: str) -> Document:
    row = session.get(Document, document_id)
    if row is None or row.deleted or row.partner_id != partner.id:
        raise NotFoundError(f"no document with id {document_id}")
    return row


def list_documents(
    store: Store, *, period: Period | None = None, status: str | None = None
) -> list[DocumentSummary]:
    return run_query(store, documents_of, period=period, status=status)


def documents_of(
    session: Session,
    partner: Partner,
    *,
    period: Period | None = None,
    status: str | None = None,
) -> list[DocumentSummary]:
    """The partner's documents (of a period, of a status), by period and number."""
    query = select(Document).where(Document.partner_id == partner.id, Document.deleted.is_(False))
    if period is not None:
        query = query.where(Document.period == str(period))
    if status is not None:
        query = query.where(Document.status == status)
    rows = session.scalars(query).all()
    numbers = {row.id: row.number for row in rows}
    result = [summary(row, numbers.get(row.references_id or "")) for row in rows]
    result.sort(key=lambda d: (d.period, d.number is None, d.number or "", d.kind, d.recipient))
    return result


def _parse_quantity(value: object) -> Decimal:
    """Hours or units: a positive number with at most 4 decimals (never a float)."""
    if isinstance(value, float | bool):
        raise DomainError("quantity", 'write the quantity as a string such as "1.5"')
    try:
        quantity = Decimal(str(value).strip())
    except ArithmeticError:
        raise DomainError("quantity", f"{value!r} is not a number") from None
    if not quantity.is_finite() or quantity <= 0:
        raise DomainError("quantity", f"{value!r} is not a positive number")
    exponent = quantity.as_tuple().exponent  # an int: the quantity is finite
    if isinstance(exponent, int) and exponent < -4:
        raise DomainError("quantity", f"{value!r} has more than 4 decimals")
    return quantity
