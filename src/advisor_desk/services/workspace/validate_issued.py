"""The sums and the snapshots of a workspace file's documents, checked before anything is written.

An issued document never changes, so a file must not bring in one whose figures do not add
up: each line is round(quantity × unit price) (a referral statement's line is the referral
on a charge, so only its sign is checked), the subtotal is the exact sum of the lines, the
tax is round(subtotal × tax rate) per the billing rules (a credit note's tax may be capped
at what its invoice has left), the total is subtotal + tax. A credit note credits an issued
invoice of the file, in its currency and at its rate, and its credit notes together never
take back more than it holds; a supplement (`invoice adjust`) refers to an issued document
of its own kind. A snapshot, when there is one, says what the document's own
fields say. A number fits within its series' counter, so the store never numbers it again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from advisor_desk.domain.charges import Totals
from advisor_desk.domain.documents import DocumentKind, DocumentStatus
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.money import money_sum, multiply, round_money
from advisor_desk.domain.numbering import NumberSeries
from advisor_desk.services.workspace.checks import Checker, at
from advisor_desk.services.workspace.records import DocumentRecord, SeriesRecord, fold

Placed = tuple[str, DocumentRecord]  # (JSON path, record)


def check_documents(
    ck: Checker,
    documents: Iterable[Placed],
    series: Iterable[SeriesRecord],
) -> None:
    """Record every arithmetic, credit, snapshot and numbering problem of the documents."""
    placed = list(documents)
    for path, doc in placed:
        _check_sums(ck, doc, path)
        if doc.snapshot is not None:
            _check_snapshot(ck, doc, path)
    _check_credits(ck, placed)
    _check_counters(ck, placed, list(series))


def _check_sums(ck: Checker, doc: DocumentRecord, path: str) -> None:
    currency = doc.currency
    for index, line in enumerate(doc.lines):
        line_path = at(at(path, "lines"), index)
        if doc.kind is DocumentKind.REFERRAL_STATEMENT:
            if line.amount * line.unit_price < 0:
                ck.add(at(line_path, "amount"), "a referral has the sign of its charge")
            continue
        expected = round_money(multiply(line.quantity, line.unit_price), currency)
        if line.amount != expected:
            ck.add(
                at(line_path, "amount"),
                f"{line.amount} is not quantity × unit price ({line.quantity} × "
                f"{line.unit_price} = {expected})",
            )
    lines_sum = money_sum((line.amount for line in doc.lines), currency)
    if doc.subtotal != lines_sum:
        ck.add(at(path, "subtotal"), f"{doc.subtotal} is not the sum of the lines ({lines_sum})")
    if doc.kind is not DocumentKind.CREDIT_NOTE:  # capped credit notes: see _check_credits
        tax = Totals.of(doc.subtotal, doc.tax_rate, currency).tax
        if doc.tax != tax:
            ck.add(
                at(path, "tax"),
                f"{doc.tax} is not the subtotal × the tax rate, rounded "
                f"({doc.subtotal} × {doc.tax_rate} = {tax})",
            )
    total = money_sum((doc.subtotal, doc.tax), currency)
    if doc.total != total:
        ck.add(at(path, "total"), f"{doc.total} is not subtotal + tax ({total})")
    if doc.kind is DocumentKind.CREDIT_NOTE:
        if doc.subtotal > 0 or doc.tax > 0:
            ck.add(at(path, "subtotal"), "a credit note takes back: its amounts are not above 0")
        if doc.references is None:
            ck.add(at(path, "references"), "a credit note names the invoice it credits")


def _check_credits(ck: Checker, placed: list[Placed]) -> None:
    invoices = {fold(d.number): (p, d) for p, d in placed if d.number is not None}
    notes: dict[str, list[Placed]] = {}
    for path, doc in placed:
        references = doc.references
        found = None if references is None else invoices.get(fold(references))
        if references is None or found is None:
            continue  # none, or reported by the reference check
        _, invoice = found
        ref_path = at(path, "references")
        if doc.kind is not DocumentKind.CREDIT_NOTE:  # a supplement (`invoice adjust`)
            if invoice.kind is not doc.kind or invoice.status is not DocumentStatus.ISSUED:
                ck.add(ref_path, f"a supplement refers to an issued {doc.kind.label.lower()}")
            continue
        issued = invoice.status is DocumentStatus.ISSUED
        if not invoice.kind.is_invoice or not issued:
            what = invoice.kind.label.lower() if issued else invoice.status.value  # a draft
            ck.add(ref_path, f"{doc.references} is a {what}, not an issued invoice")
            continue
        if invoice.currency != doc.currency:
            ck.add(at(path, "currency"), f"is not that of {invoice.number} ({invoice.currency})")
            continue
        if invoice.tax_rate != doc.tax_rate:
            ck.add(at(path, "tax_rate"), f"is not that of {invoice.number} ({invoice.tax_rate})")
            continue
        if doc.status is DocumentStatus.ISSUED:
            notes.setdefault(fold(references), []).append((path, doc))
        else:
            _check_credit_tax(ck, path, doc, invoice.tax)
    for key, credits in notes.items():
        _, invoice = invoices[key]
        credits.sort(key=lambda pd: (pd[1].issued_at is None, pd[1].issued_at, pd[1].number))
        taken = {"subtotal": Decimal(0), "tax": Decimal(0), "total": Decimal(0)}
        for path, note in credits:
            _check_credit_tax(ck, path, note, invoice.tax + taken["tax"])
            for field in taken:
                taken[field] += getattr(note, field)
                held = getattr(invoice, field)
                if -taken[field] > held:
                    ck.add(
                        at(path, field),
                        f"with the credit notes before it, takes back {-taken[field]} of "
                        f"{invoice.number}'s {field} of {held}",
                    )


def _check_credit_tax(ck: Checker, path: str, note: DocumentRecord, tax_left: Decimal) -> None:
    """A credit note's tax is round(subtotal × rate), or what the invoice has left if less."""
    tax = Totals.of(note.subtotal, note.tax_rate, note.currency).tax
    capped = -tax_left if -tax > tax_left >= 0 else None
    if note.tax not in (tax, capped):
        ck.add(
            at(path, "tax"),
            f"{note.tax} is not the subtotal × the tax rate, rounded "
            f"({note.subtotal} × {note.tax_rate} = {tax})",
        )


def _check_snapshot(ck: Checker, doc: DocumentRecord, path: str) -> None:
    where = at(path, "snapshot")
    snap = doc.snapshot
    if not isinstance(snap, dict):
        ck.add(where, "is not an object")
        return
    if doc.status is not DocumentStatus.ISSUED:
        ck.add(where, "a draft has no snapshot (it is taken when the document is issued)")
        return
    texts = {
        "kind": doc.kind.value,
        "number": doc.number,
        "period": str(doc.period),
        "currency": doc.currency,
        "references": doc.references,
        "status": doc.status.value,
    }
    for key, value in texts.items():
        if key in snap and snap[key] != value:
            ck.add(at(where, key), f"{_shown(snap[key])} is not the document's {key} ({value})")
    amounts = {"tax_rate": doc.tax_rate, "subtotal": doc.subtotal, "tax": doc.tax}
    amounts["total"] = doc.total
    for key, amount in amounts.items():
        if key in snap and _number(snap[key]) != amount:
            ck.add(at(where, key), f"{_shown(snap[key])} is not the document's {key} ({amount})")
    recipient = snap.get("recipient")
    if isinstance(recipient, dict) and recipient.get("name", doc.recipient) != doc.recipient:
        ck.add(
            at(at(where, "recipient"), "name"),
            f"{_shown(recipient.get('name'))} is not the document's recipient ({doc.recipient})",
        )
    if "lines" in snap:
        _check_snapshot_lines(ck, doc, snap["lines"], at(where, "lines"))


def _check_snapshot_lines(ck: Checker, doc: DocumentRecord, value: object, where: str) -> None:
    if not isinstance(value, list) or len(value) != len(doc.lines):
        ck.add(where, f"does not list the document's {len(doc.lines)} lines")
        return
    for index, (shown, line) in enumerate(zip(value, doc.lines, strict=True)):
        line_path = at(where, index)
        if not isinstance(shown, Mapping):
            ck.add(line_path, "is not an object")
            continue
        for key in ("quantity", "unit_price", "amount"):
            if key in shown and _number(shown[key]) != getattr(line, key):
                ck.add(at(line_path, key), f"{_shown(shown[key])} is not the line's {key}")
        for key, own in (("description", line.description), ("group", line.group)):
            if key in shown and shown[key] != own:
                ck.add(at(line_path, key), f"{_shown(shown[key])} is not the line's {key}")


def _check_counters(ck: Checker, placed: list[Placed], series: list[SeriesRecord]) -> None:
    """A number the file's series would give again (counter above its last_number)."""
    by_key = {s.key: s for s in series}
    kinds = {fold(d.number): d.kind for _, d in placed if d.number is not None}
    for path, doc in placed:
        if doc.number is None:
            continue
        key = _series_key(doc, kinds)
        record = by_key.get(key) if key is not None else None
        if record is None:
            continue
        try:
            counter = NumberSeries(record.key, record.prefix, record.width).parse(doc.number)
        except DomainError:
            continue  # another prefix (changed since): the store cannot give it again
        if counter > record.last_number:
            ck.add(
                at(path, "number"),
                f"{doc.number} is beyond the {key} series (its last_number is "
                f"{record.last_number}): the store would give this number again",
            )


def _series_key(doc: DocumentRecord, kinds: dict[str, DocumentKind]) -> str | None:
    if doc.kind is not DocumentKind.CREDIT_NOTE:
        return doc.kind.series
    credited = kinds.get(fold(doc.references or ""))
    if credited is None or not credited.is_invoice:
        return None
    return f"{credited.issuer}-credit"


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _shown(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)
