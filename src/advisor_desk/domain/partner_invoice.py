"""The partner's invoice to a client of either model (billing-rules.md, "Documents", rule 9).

Reseller clients: one line per tier at the partner's resale prices. Every client: its content
lines (rules 6–8, content_charges.py) and the lines an advisor added (advisory hours, fixed
fees). The partner's tax rate; a document whose total is 0 is not issued. It replaces the
resale invoice (same kind, same series: the partner's prefix).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .agreement import ResaleTerms
from .billing_model import BillingModel
from .charges import ClientCharge, PeriodCharges
from .content_charges import ContentCharges, ContentLine
from .document_rules import license_line
from .documents import DocumentDraft, DocumentKind, DocumentLine
from .periods import Period


def partner_invoice(
    client_key: str,
    client_name: str,
    terms: ResaleTerms,
    period: Period,
    currency: str,
    *,
    client_charge: ClientCharge | None = None,
    content: Iterable[ContentLine] = (),
    extra_lines: Iterable[DocumentLine] = (),
) -> DocumentDraft:
    """Partner → client of either model (billing-rules.md, "Documents"): a reseller client's
    tiers at the partner's resale prices, then every client's content lines (rules 6–8), then
    the lines an advisor added; the partner's tax rate."""
    lines: list[DocumentLine] = []
    if client_charge is not None and client_charge.billing_model is BillingModel.RESELLER:
        lines += [
            DocumentLine.priced(
                license_line(line.tier), line.count, terms.license_price[line.tier], currency
            )
            for line in client_charge.lines
        ]
    lines += [
        DocumentLine(line.description, line.quantity, line.unit_price, line.amount)
        for line in content
    ]
    return DocumentDraft(
        kind=DocumentKind.PARTNER_INVOICE,
        period=period,
        currency=currency,
        recipient=client_name,
        tax_rate=terms.tax_rate,
        lines=(*lines, *extra_lines),
        client_key=client_key,
    )


def partner_invoices(
    charges: PeriodCharges,
    content: ContentCharges,
    terms: ResaleTerms,
    extra_lines: Mapping[str, Sequence[DocumentLine]] | None = None,
) -> list[DocumentDraft]:
    """The partner's invoices of a period, clients by name; none whose total is 0.

    Every client billed in the period (`charges.clients`) and every client with content
    charges (`content.names`) may get one; `extra_lines` are the advisors' own lines per
    client key.
    """
    extra = extra_lines or {}
    by_key = {c.key: c for c in charges.clients}
    names = {c.key: c.name for c in charges.clients}
    for key, name in content.names.items():
        names.setdefault(key, name)
    drafts = [
        partner_invoice(
            key,
            name,
            terms,
            charges.period,
            charges.currency,
            client_charge=by_key.get(key),
            content=content.lines_for(key),
            extra_lines=extra.get(key, ()),
        )
        for key, name in sorted(names.items(), key=lambda kv: (kv[1].casefold(), kv[1], kv[0]))
    ]
    return [draft for draft in drafts if draft.total != 0]
