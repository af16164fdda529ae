"""The partner's content charges and its invoices, from what the store holds (rules 6–9).

The platform's figures never read any of this: content charges go on the partner's invoice
to each client only (`partner_drafts`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.charges import PeriodCharges
from advisor_desk.domain.content_charges import (
    ChargingMode,
    ClientExistence,
    ContentCharges,
    ContentInput,
    PriceChange,
    content_charges,
    earnings_by_period,
)
from advisor_desk.domain.document_rules import is_rules_line
from advisor_desk.domain.documents import DocumentDraft, DocumentKind, DocumentLine
from advisor_desk.domain.money import format_money
from advisor_desk.domain.partner_invoice import partner_invoices
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.charges import compute_period, load_agreements, load_resale_terms
from advisor_desk.services.billing.explain import Explanation
from advisor_desk.services.clock import today
from advisor_desk.services.grants import load_grants
from advisor_desk.services.ops import run_query
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Client, ContentItem, ContentPrice, Document, Partner
from advisor_desk.store.models import DocumentLine as LineRow


def load_items(session: Session, partner_id: str) -> list[ContentInput]:
    """The partner library's items (deleted ones too: they were charged while granted)."""
    history: dict[str, list[PriceChange]] = defaultdict(list)
    for content_id, month, price in session.execute(
        select(ContentPrice.content_id, ContentPrice.effective_from, ContentPrice.price)
        .where(ContentPrice.partner_id == partner_id, ContentPrice.deleted.is_(False))
        .order_by(ContentPrice.effective_from, ContentPrice.updated_at, ContentPrice.id)
    ):
        history[content_id].append(PriceChange(Period.parse(month), price))
    return [
        ContentInput(
            row.id,
            row.title,
            row.library,
            ChargingMode(row.charging),
            row.price,
            tuple(history.get(row.id, ())),
        )
        for row in session.execute(
            select(
                ContentItem.id,
                ContentItem.title,
                ContentItem.library,
                ContentItem.charging,
                ContentItem.price,
            ).where(ContentItem.partner_id == partner_id, ContentItem.library == "partner")
        )
    ]


def load_existence(session: Session, partner_id: str) -> list[ClientExistence]:
    return [
        ClientExistence(key, name, created, archived)
        for key, name, created, archived in session.execute(
            select(Client.id, Client.name, Client.created, Client.archived).where(
                Client.partner_id == partner_id
            )
        )
    ]


def compute_content(
    session: Session, partner_id: str, period: Period, currency: str
) -> ContentCharges:
    return content_charges(
        period,
        currency,
        load_items(session, partner_id),
        load_grants(session, partner_id),
        load_existence(session, partner_id),
    )


def partner_drafts(
    session: Session, partner_id: str, charges: PeriodCharges
) -> list[DocumentDraft] | None:
    """The partner's invoices of the period (total above 0), or None without resale terms."""
    terms = load_resale_terms(session, partner_id, charges.currency)
    if terms is None:
        return None
    content = compute_content(session, partner_id, charges.period, charges.currency)
    return partner_invoices(charges, content, terms)


def earnings(
    session: Session, partner_id: str, item_id: str, periods: Sequence[Period], currency: str
) -> list[tuple[Period, tuple[str, ...], Decimal]]:
    items = [i for i in load_items(session, partner_id) if i.key == item_id]
    if not items:
        return []
    grants = [g for g in load_grants(session, partner_id) if g.item_key == item_id]
    return earnings_by_period(
        items[0], grants, load_existence(session, partner_id), periods, currency
    )


def period_partner_invoices(store: Store, period: Period) -> list[DocumentDraft]:
    """Rule 9: the partner's invoices of `period` as `billing` shows them (clients by name,
    none whose total is 0): the rules' lines and the lines advisors added to its drafts.
    Empty while the partner has no resale settings (no tax rate to invoice with)."""
    return run_query(store, partner_invoices_of, period)


def partner_invoices_of(session: Session, partner: Partner, period: Period) -> list[DocumentDraft]:
    """The query behind `period_partner_invoices`."""
    charges = compute_period(session, period, partner)
    terms = load_resale_terms(session, partner.id, charges.currency)
    if terms is None:
        return []
    content = compute_content(session, partner.id, period, charges.currency)
    return partner_invoices(charges, content, terms, _advisor_lines(session, partner.id, period))


def _content_of(session: Session, partner: Partner, period: Period) -> tuple[str, ContentCharges]:
    currency = compute_period(session, period, partner).currency
    return currency, compute_content(session, partner.id, period, currency)


def _advisor_lines(
    session: Session, partner_id: str, period: Period
) -> dict[str, list[DocumentLine]]:
    """Per client id, the lines advisors added to its partner invoice of `period`."""
    rows = session.execute(
        select(
            Document.client_id,
            LineRow.description,
            LineRow.quantity,
            LineRow.unit_price,
            LineRow.amount,
        )
        .join(LineRow, LineRow.document_id == Document.id)
        .where(
            Document.partner_id == partner_id,
            Document.kind == DocumentKind.PARTNER_INVOICE.value,
            Document.period == str(period),
            Document.references_id.is_(None),
            Document.client_id.is_not(None),
            Document.deleted.is_(False),
            LineRow.deleted.is_(False),
        )
        .order_by(Document.client_id, LineRow.position)
    )
    lines: dict[str, list[DocumentLine]] = defaultdict(list)
    for client_id, description, quantity, unit_price, amount in rows:
        if client_id is not None and not is_rules_line(description):
            lines[client_id].append(DocumentLine(description, quantity, unit_price, amount))
    return lines


@dataclass(frozen=True)
class ItemEarnings:
    """What a partner item earned per month (the library's item detail): who paid, how much."""

    currency: str
    months: tuple[tuple[Period, tuple[str, ...], Decimal], ...]  # oldest first

    @property
    def payers_now(self) -> tuple[str, ...]:
        return self.months[-1][1] if self.months else ()

    @property
    def total(self) -> Decimal:
        return sum((amount for _, _, amount in self.months), Decimal(0))


def item_earnings(store: Store, item_id: str, months: int = 12) -> ItemEarnings:
    """The last `months` months up to this one (in the partner's time zone)."""
    return run_query(store, item_earnings_of, item_id, months)


def item_earnings_of(
    session: Session, partner: Partner, item_id: str, months: int = 12
) -> ItemEarnings:
    """The query behind `item_earnings`."""
    last = Period.of(today(partner.timezone))
    first = last
    for _ in range(months - 1):
        first = first.prev()
    agreements = load_agreements(session, partner.id)
    currency = max(agreements, key=lambda a: a.effective_from).currency if agreements else "AUD"
    rows = earnings(session, partner.id, item_id, Period.range(first, last), currency)
    return ItemEarnings(currency, tuple(rows))


def content_total(store: Store, period: Period) -> tuple[str, Decimal]:
    """(currency, the sum of every client's content charges in `period`): the panel's card."""
    return run_query(store, content_total_of, period)


def content_total_of(session: Session, partner: Partner, period: Period) -> tuple[str, Decimal]:
    """The query behind `content_total`."""
    currency = compute_period(session, period, partner).currency
    return currency, compute_content(session, partner.id, period, currency).total


def explain_content(store: Store, period: Period) -> Explanation:
    """Each client's content charges in `period` (rules 6–8), for the explanation dialog."""
    currency, charges = run_query(store, _content_of, period)
    rows = tuple(
        (charges.names[key], line.description, format_money(line.amount, currency))
        for key in sorted(charges.by_client, key=lambda k: (charges.names[k].casefold(), k))
        for line in charges.by_client[key]
    )
    total = format_money(charges.total, currency)
    return Explanation(
        title=f"Partner content charged in {period}",
        figure=f"{total} {currency}",
        steps=(
            "A priced partner item granted to a client is charged on the partner's invoice to "
            "that client: monthly items for every month it held the item on at least one day, "
            "at the price in force on the month's first day; one-off items in the month of "
            "the first grant only.",
            "Content charges never reach the platform's documents and earn no referral.",
            f"Lines: {len(rows)}; total {total} before tax.",
        ),
        headers=("Client", "Item", "Amount"),
        rows=rows,
    )
