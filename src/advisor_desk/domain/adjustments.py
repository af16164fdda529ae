"""What changed in a period after its documents were issued, and the document that settles it.

The platform's documents of a period are issued once; late edits and imports can change what
the billing rules give for that period afterwards. For each issued document (an invoice or a
referral statement, grouped with its supplements and credit notes), the difference is

    what the rules give now  −  what the issued documents of the group hold

line by line, keyed by (description, group, unit price). A difference with a positive
subtotal is settled by a *supplementary* document of the same kind (an invoice, or a
statement) referencing the original; a negative one on an invoice by a *credit note*
referencing it (a statement's by a supplementary statement with negative lines). A document
the rules give now for a recipient that had none issued (a new direct client) is a new
invoice. Once that is issued the difference is zero, so settling is idempotent.

Lines of a credit note that match no line of its group (a partial credit, "Credit against
INV-…") are left out: they are a deliberate correction of money, not of the figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .documents import DocumentDraft, DocumentKind, DocumentLine
from .money import money_sum

ADJUSTABLE = (
    DocumentKind.CONSOLIDATED_INVOICE,
    DocumentKind.CLIENT_INVOICE,
    DocumentKind.REFERRAL_STATEMENT,
)

LineKey = tuple[str, str | None, Decimal]


class Settlement(StrEnum):
    SUPPLEMENTARY = "supplementary"  # an invoice or statement for what is now more
    CREDIT_NOTE = "credit_note"  # what is now less, on an invoice
    NEW = "new"  # nothing was issued to this recipient yet


@dataclass(frozen=True)
class IssuedDocument:
    """An issued document: its number and content (`draft.references` is the number of the
    document a supplement or credit note refers to)."""

    number: str
    draft: DocumentDraft


@dataclass(frozen=True)
class Adjustment:
    """The difference of one document's figures, and the draft that settles it exactly."""

    kind: DocumentKind  # the kind of the adjusted document
    recipient: str
    original: str | None  # the adjusted document's number (None for a new invoice)
    settlement: Settlement
    lines: tuple[DocumentLine, ...]  # now − issued
    draft: DocumentDraft

    @property
    def subtotal(self) -> Decimal:
        return self.draft.subtotal


def adjustments(
    current: Iterable[DocumentDraft], issued: Sequence[IssuedDocument]
) -> list[Adjustment]:
    """The adjustments of one period: `current` are the drafts the rules give now, `issued`
    every issued document of the period. Empty when nothing of the period was issued."""
    if not issued:
        return []
    by_number = {doc.number: doc for doc in issued}
    groups: dict[tuple[DocumentKind, str], list[IssuedDocument]] = {}
    originals: dict[tuple[DocumentKind, str], IssuedDocument] = {}
    for doc in issued:
        root = _root(doc, by_number)
        if root.draft.kind not in ADJUSTABLE:
            continue
        key = (root.draft.kind, root.draft.recipient)
        groups.setdefault(key, []).append(doc)
        originals.setdefault(key, root)
    now = {(d.kind, d.recipient): d for d in current if d.kind in ADJUSTABLE}
    found: list[Adjustment] = []
    for key in sorted(set(groups) | set(now), key=lambda k: (ADJUSTABLE.index(k[0]), k[1])):
        draft = now.get(key)
        if key not in groups:
            if draft is not None and draft.lines and draft.subtotal != 0:
                found.append(_new(draft))
            continue
        adjustment = _settle(originals[key], groups[key], draft)
        if adjustment is not None:
            found.append(adjustment)
    return found


def difference(
    current: Sequence[DocumentLine], issued: Iterable[DocumentDraft]
) -> tuple[DocumentLine, ...]:
    """Line by line, what `current` holds beyond what the `issued` documents hold together
    (credit-note lines that match none of the invoices' lines are left out)."""
    issued = list(issued)
    invoices = [d for d in issued if d.kind is not DocumentKind.CREDIT_NOTE]
    notes = [d for d in issued if d.kind is DocumentKind.CREDIT_NOTE]
    known = {_key(line) for d in invoices for line in d.lines} | {_key(x) for x in current}
    held: dict[LineKey, tuple[Decimal, Decimal]] = {}
    order: list[LineKey] = []
    for line in [*(x for d in invoices for x in d.lines), *(x for d in notes for x in d.lines)]:
        key = _key(line)
        if key not in known:
            continue
        if key not in held:
            order.append(key)
        quantity, amount = held.get(key, (Decimal(0), Decimal(0)))
        held[key] = (quantity + line.quantity, amount + line.amount)
    wanted: dict[LineKey, tuple[Decimal, Decimal]] = {}
    for line in current:
        key = _key(line)
        quantity, amount = wanted.get(key, (Decimal(0), Decimal(0)))
        wanted[key] = (quantity + line.quantity, amount + line.amount)
    keys = [*wanted, *(k for k in order if k not in wanted)]
    lines = []
    for key in keys:
        now_q, now_a = wanted.get(key, (Decimal(0), Decimal(0)))
        was_q, was_a = held.get(key, (Decimal(0), Decimal(0)))
        if now_q != was_q or now_a != was_a:
            description, group, unit = key
            lines.append(DocumentLine(description, now_q - was_q, unit, now_a - was_a, group))
    return tuple(lines)


def _settle(
    original: IssuedDocument, group: Sequence[IssuedDocument], now: DocumentDraft | None
) -> Adjustment | None:
    base = original.draft
    lines = difference(now.lines if now is not None else (), (doc.draft for doc in group))
    subtotal = money_sum((line.amount for line in lines), base.currency)
    if not lines or subtotal == 0:
        return None
    tax_rate = now.tax_rate if now is not None else base.tax_rate
    if subtotal > 0 or base.kind is DocumentKind.REFERRAL_STATEMENT:
        settlement = Settlement.SUPPLEMENTARY
        draft = DocumentDraft(
            kind=base.kind,
            period=base.period,
            currency=base.currency,
            recipient=base.recipient,
            tax_rate=tax_rate,
            lines=lines,
            client_key=base.client_key,
            references=original.number,
        )
    else:
        settlement = Settlement.CREDIT_NOTE
        draft = DocumentDraft(
            kind=DocumentKind.CREDIT_NOTE,
            period=base.period,
            currency=base.currency,
            recipient=base.recipient,
            tax_rate=base.tax_rate,
            lines=lines,
            client_key=base.client_key,
            references=original.number,
            credited_kind=base.kind,
        )
    return Adjustment(base.kind, base.recipient, original.number, settlement, lines, draft)


def _new(draft: DocumentDraft) -> Adjustment:
    return Adjustment(draft.kind, draft.recipient, None, Settlement.NEW, draft.lines, draft)


def _root(doc: IssuedDocument, by_number: dict[str, IssuedDocument]) -> IssuedDocument:
    """The original a supplement or credit note belongs to (following references)."""
    seen = {doc.number}
    while doc.draft.references and doc.draft.references in by_number:
        doc = by_number[doc.draft.references]
        if doc.number in seen:
            break
        seen.add(doc.number)
    return doc


def _key(line: DocumentLine) -> LineKey:
    return (line.description, line.group, line.unit_price)
