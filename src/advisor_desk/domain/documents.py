"""Billing documents (drafts and their lines) built from a period's charges, and credit notes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from .agreement import ResaleTerms
from .billing_model import BillingModel
from .charges import ClientCharge, PeriodCharges, Totals
from .document_rules import TITLES, license_line
from .errors import DomainError
from .money import (
    format_money,
    minor_units,
    money_sum,
    multiply,
    negate,
    parse_money,
    parse_rate,
    round_money,
)
from .periods import Period


class DocumentStatus(StrEnum):
    """A document's status: a draft (no number, may change) or issued (numbered, frozen)."""

    DRAFT = "draft"
    ISSUED = "issued"


class DocumentKind(StrEnum):
    CONSOLIDATED_INVOICE = "consolidated_invoice"
    CLIENT_INVOICE = "client_invoice"
    REFERRAL_STATEMENT = "referral_statement"
    # The partner's invoice to a client of either model (was the "resale invoice"; the stored
    # value stays, so documents and workspace files written before keep their kind).
    RESALE_INVOICE = "resale_invoice"
    PARTNER_INVOICE = "resale_invoice"
    CREDIT_NOTE = "credit_note"

    @property
    def label(self) -> str:
        if self is DocumentKind.PARTNER_INVOICE:
            return "Partner invoice"
        return self.value.replace("_", " ").capitalize()

    @property
    def issuer(self) -> str:
        """Who issues it: "platform" or "partner" (a credit note: see DocumentDraft.issuer)."""
        return self._route("issuer")[0]

    @property
    def series(self) -> str:
        """The numbering series (a credit note: see DocumentDraft.series)."""
        return self._route("series")[1]

    @property
    def is_invoice(self) -> bool:
        """Whether a credit note may credit a document of this kind."""
        return self in _ROUTES and self is not DocumentKind.REFERRAL_STATEMENT

    @property
    def document_title(self) -> str:
        """The title printed on the document (not `title`: that is str's own method)."""
        return TITLES[self.value]

    @property
    def is_payable(self) -> bool:
        """Whether the document has payment terms and a due date (a statement has neither)."""
        return self is not DocumentKind.REFERRAL_STATEMENT

    def _route(self, what: str) -> tuple[str, str]:
        # A credit note's issuer and series are those of the invoice it credits; refusing
        # loudly beats numbering a partner's credit note in the platform's series.
        if self is DocumentKind.CREDIT_NOTE:
            raise DomainError("kind", f"a credit note's {what} is that of the invoice it credits")
        return _ROUTES[self]


_ROUTES = {  # kind: (issuer, series)
    DocumentKind.CONSOLIDATED_INVOICE: ("platform", "platform-invoice"),
    DocumentKind.CLIENT_INVOICE: ("platform", "platform-invoice"),
    DocumentKind.REFERRAL_STATEMENT: ("platform", "platform-statement"),
    DocumentKind.RESALE_INVOICE: ("partner", "partner-resale"),
}


@dataclass(frozen=True)
class DocumentLine:
    """One line; `group` is the client on a consolidated invoice, the billing model (label) on
    a referral statement, else None."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    group: str | None = None

    def __post_init__(self) -> None:
        for name in ("quantity", "unit_price", "amount"):
            value = getattr(self, name)
            if not isinstance(value, Decimal) or not value.is_finite():
                raise DomainError(f"line.{name}", f"{value!r} is not a finite Decimal")

    @classmethod
    def priced(
        cls,
        description: str,
        quantity: Decimal | int,
        unit_price: Decimal,
        currency: str,
        group: str | None = None,
    ) -> DocumentLine:
        """A line whose amount is round(quantity × unit_price)."""
        amount = round_money(multiply(quantity, unit_price), currency)
        return cls(description, Decimal(quantity), unit_price, amount, group)

    def negated(self) -> DocumentLine:
        return replace(self, quantity=negate(self.quantity), amount=negate(self.amount))


@dataclass(frozen=True)
class DocumentDraft:
    """A document before it is issued. `credited_kind` is the kind of invoice a credit note
    credits (it decides the credit note's issuer and series)."""

    kind: DocumentKind
    period: Period
    currency: str
    recipient: str
    tax_rate: Decimal
    lines: tuple[DocumentLine, ...]
    client_key: str | None = None
    references: str | None = None
    credited_kind: DocumentKind | None = None
    # A credit note's tax, capped at what its invoice has left (see `credit_note`).
    fixed_tax: Decimal | None = None

    def __post_init__(self) -> None:
        minor_units(self.currency)
        # Normalised so that a rate read back as "0.10" or a list of lines compare equal.
        object.__setattr__(self, "tax_rate", parse_rate(self.tax_rate, "document.tax_rate"))
        object.__setattr__(self, "lines", tuple(self.lines))
        for line in self.lines:
            parse_money(line.amount, self.currency, "line.amount", allow_negative=True)
        credits_an_invoice = self.credited_kind is not None and self.credited_kind.is_invoice
        if (self.kind is DocumentKind.CREDIT_NOTE) != credits_an_invoice:
            raise DomainError("document.credited_kind", "only a credit note credits an invoice")
        if self.fixed_tax is not None:
            if self.kind is not DocumentKind.CREDIT_NOTE:
                raise DomainError("document.tax", "only a credit note's tax is capped")
            tax = parse_money(self.fixed_tax, self.currency, "document.tax", allow_negative=True)
            object.__setattr__(self, "fixed_tax", tax)

    @property
    def totals(self) -> Totals:
        if self.fixed_tax is None:
            return Totals.of(self.subtotal, self.tax_rate, self.currency)
        subtotal = self.subtotal
        return Totals(
            subtotal, self.fixed_tax, money_sum((subtotal, self.fixed_tax), self.currency)
        )

    @property
    def subtotal(self) -> Decimal:
        """The exact sum of the line amounts."""
        return money_sum((line.amount for line in self.lines), self.currency)

    @property
    def tax(self) -> Decimal:
        return self.totals.tax

    @property
    def total(self) -> Decimal:
        return self.totals.total

    @property
    def issuer(self) -> str:
        return (self.credited_kind or self.kind).issuer

    @property
    def series(self) -> str:
        if self.credited_kind is not None:
            return f"{self.credited_kind.issuer}-credit"
        return self.kind.series

    def group_subtotals(self) -> list[tuple[str, Decimal]]:
        """(group, exact sum of its lines) in the order the groups first appear."""
        groups: dict[str, list[Decimal]] = {}
        for line in self.lines:
            if line.group is not None:
                groups.setdefault(line.group, []).append(line.amount)
        return [(group, money_sum(amounts, self.currency)) for group, amounts in groups.items()]


def consolidated_invoice(charges: PeriodCharges, partner_name: str) -> DocumentDraft:
    """Platform → partner: active advisors, then each reseller client's tiers, by client name."""
    advisors = charges.advisors
    lines = [
        DocumentLine("Active advisors", Decimal(advisors.count), advisors.unit, advisors.amount)
    ]
    for client in charges.reseller_clients:
        lines += [
            DocumentLine(
                f"{client.name} — {line.tier.label}",
                Decimal(line.count),
                line.unit,
                line.amount,
                group=client.name,
            )
            for line in client.lines
        ]
    return _draft(charges, DocumentKind.CONSOLIDATED_INVOICE, partner_name, lines)


def client_invoices(charges: PeriodCharges) -> list[DocumentDraft]:
    """Platform → each direct client with a total above 0."""
    return [
        _draft(
            charges,
            DocumentKind.CLIENT_INVOICE,
            client.name,
            [
                DocumentLine(license_line(line.tier), Decimal(line.count), line.unit, line.amount)
                for line in client.lines
            ],
            client_key=client.key,
        )
        for client in charges.direct_clients
        if client.charge > 0
    ]


def referral_statement(charges: PeriodCharges, partner_name: str) -> DocumentDraft:
    """Platform → partner: per client with a charge, the charge (unit) and referral (amount)."""
    lines = [
        DocumentLine(
            client.name,
            Decimal(1),
            client.charge,
            client.referral,
            group=client.billing_model.label,
        )
        for client in charges.clients
        if client.charge > 0
    ]
    return _draft(
        charges, DocumentKind.REFERRAL_STATEMENT, partner_name, lines, tax_rate=Decimal(0)
    )


def resale_invoice(
    client_charge: ClientCharge,
    terms: ResaleTerms,
    period: Period,
    currency: str,
    extra_lines: Iterable[DocumentLine] = (),
) -> DocumentDraft:
    """Partner → reseller client: its tiers at the partner's resale prices, plus extra lines."""
    if client_charge.billing_model is not BillingModel.RESELLER:
        raise DomainError("client", f"{client_charge.name} is not a reseller client")
    lines = [
        DocumentLine.priced(
            license_line(line.tier), line.count, terms.license_price[line.tier], currency
        )
        for line in client_charge.lines
    ]
    return DocumentDraft(
        kind=DocumentKind.RESALE_INVOICE,
        period=period,
        currency=currency,
        recipient=client_charge.name,
        tax_rate=terms.tax_rate,
        lines=(*lines, *extra_lines),
        client_key=client_charge.key,
    )


@dataclass(frozen=True)
class Credited:
    """What an invoice's issued credit notes already took back (positive amounts)."""

    subtotal: Decimal = Decimal(0)
    tax: Decimal = Decimal(0)


def credit_note(
    invoice: DocumentDraft,
    number: str,
    amount: Decimal | str | int | None = None,
    credited: Credited = Credited(),
) -> DocumentDraft:
    """Credit `invoice` (issued as `number`) in full, or `amount` of its subtotal.

    `credited` is what earlier credit notes took back. Each note's tax is capped at the tax the
    invoice has left (see `capped_credit`), so the credit notes of an invoice never take back
    more than its subtotal, tax or total, whatever the rounding.
    """
    if not invoice.kind.is_invoice:
        raise DomainError("invoice.kind", f"a {invoice.kind.label.lower()} cannot be credited")
    if not number:
        raise DomainError("invoice.number", "an issued invoice's number is required")
    currency = invoice.currency
    left = money_sum((invoice.subtotal, negate(credited.subtotal)), currency)
    if amount is None:
        if credited.subtotal:
            raise DomainError(
                "credit.amount",
                f"{number} is already partly credited: only {format_money(left, currency)} "
                "is left to credit",
            )
        lines = tuple(line.negated() for line in invoice.lines)
    else:
        value = parse_money(amount, currency, "credit.amount")
        if value <= 0:
            raise DomainError("credit.amount", f"{format_money(value, currency)} is not above 0")
        if value > left:
            raise DomainError(
                "credit.amount",
                f"only {format_money(left, currency)} of {number} is left to credit",
            )
        lines = (
            DocumentLine(f"Credit against {number}", Decimal(1), negate(value), negate(value)),
        )
    note = DocumentDraft(
        kind=DocumentKind.CREDIT_NOTE,
        period=invoice.period,
        currency=currency,
        recipient=invoice.recipient,
        tax_rate=invoice.tax_rate,
        lines=lines,
        client_key=invoice.client_key,
        references=number,
        credited_kind=invoice.kind,
    )
    if amount is None:  # the whole invoice: exactly its negation, tax included
        return replace(note, fixed_tax=negate(invoice.tax))
    return capped_credit(note, invoice, credited)


def capped_credit(
    note: DocumentDraft, invoice: DocumentDraft, credited: Credited = Credited()
) -> DocumentDraft:
    """`note` (a credit note of `invoice`) with its tax capped at what the invoice has left.

    A note's tax is round(subtotal × rate), but never more than the invoice's tax minus what
    earlier notes took; the note that takes back the rest of the subtotal takes exactly the
    rest of the tax. Refused when the note takes back more than the subtotal left.
    """
    if note.kind is not DocumentKind.CREDIT_NOTE:
        raise DomainError("kind", "only a credit note is capped")
    currency = invoice.currency
    left = money_sum((invoice.subtotal, negate(credited.subtotal)), currency)
    tax_left = money_sum((invoice.tax, negate(credited.tax)), currency)
    value = negate(note.subtotal)
    if not 0 < value <= left:
        raise DomainError(
            "credit.amount",
            f"only {format_money(left, currency)} of {note.references or 'the invoice'} is "
            f"left to credit, not {format_money(value, currency)}",
        )
    rounded = round_money(multiply(value, note.tax_rate), currency)
    tax = tax_left if value == left else max(min(rounded, tax_left), Decimal(0))
    return replace(note, fixed_tax=negate(tax))


def _draft(
    charges: PeriodCharges,
    kind: DocumentKind,
    recipient: str,
    lines: list[DocumentLine],
    *,
    client_key: str | None = None,
    tax_rate: Decimal | None = None,
) -> DocumentDraft:
    return DocumentDraft(
        kind=kind,
        period=charges.period,
        currency=charges.currency,
        recipient=recipient,
        tax_rate=charges.agreement.tax_rate if tax_rate is None else tax_rate,
        lines=tuple(lines),
        client_key=client_key,
    )
