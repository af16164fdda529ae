"""`advisor-desk billing`: the charges of a period as a table, JSON or CSV."""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from advisor_desk.cli.common import opened_store, out
from advisor_desk.domain.adjustments import Adjustment, Settlement
from advisor_desk.domain.charges import PeriodCharges
from advisor_desk.domain.documents import DocumentDraft, DocumentKind
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.money import format_money
from advisor_desk.services.billing.adjustments import period_adjustments
from advisor_desk.services.billing.charges import charges_for_period
from advisor_desk.services.billing.content import period_partner_invoices

TIERS = (LicenseTier.FREE, LicenseTier.JUST_RISK, LicenseTier.RISK_COMPLIANCE)


def show(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        charges = charges_for_period(store, args.period)
        changed = period_adjustments(store, args.period)
        partner = period_partner_invoices(store, args.period) if args.format == "json" else []
    if args.format == "json":
        shown = as_json(charges, changed, partner)
        out(json.dumps(shown, indent=2, ensure_ascii=False))
    elif args.format == "csv":
        out(as_csv(charges).rstrip("\n"))
    else:
        out(as_table(charges, changed))
    return 0


def as_json(
    charges: PeriodCharges,
    changed: Sequence[Adjustment] = (),
    partner_invoices: Sequence[DocumentDraft] = (),
) -> dict[str, Any]:
    """The contract of `billing --format json` (cli-and-formats.md, billing-rules.md rule 9:
    `partner_invoices`), plus `adjustments`: what changed since the period's documents were
    issued (`invoice adjust` settles it)."""
    cur = charges.currency

    def money(value: Any) -> str:
        return format_money(value, cur)

    document: dict[str, Any] = {
        "period": str(charges.period),
        "currency": cur,
        "advisors": {
            "active": charges.advisors.count,
            "unit": money(charges.advisors.unit),
            "amount": money(charges.advisors.amount),
        },
        "clients": [
            {
                "name": client.name,
                "billing_model": client.billing_model.value,
                "licenses": {tier.value: client.licenses[tier] for tier in TIERS},
                "charge": money(client.charge),
                "referral": money(client.referral),
            }
            for client in charges.clients
        ],
        "consolidated": {
            "subtotal": money(charges.consolidated.subtotal),
            "tax": money(charges.consolidated.tax),
            "total": money(charges.consolidated.total),
        },
        "direct_invoices": [
            {
                "client": name,
                "subtotal": money(totals.subtotal),
                "tax": money(totals.tax),
                "total": money(totals.total),
            }
            for name, totals in charges.direct_invoices
        ],
        "referral_total": money(charges.referral_total),
        "partner_invoices": [
            {
                "client": draft.recipient,
                "lines": [
                    {
                        "description": line.description,
                        "quantity": _quantity(line.quantity),
                        "unit_price": money(line.unit_price),
                        "amount": money(line.amount),
                    }
                    for line in draft.lines
                ],
                "subtotal": money(draft.subtotal),
                "tax": money(draft.tax),
                "total": money(draft.total),
            }
            for draft in partner_invoices
        ],
    }
    # Only when there is something to settle: scripts comparing the documented object keep
    # working for every period that was never issued or has not changed since.
    if changed:
        document["adjustments"] = [adjustment_json(a) for a in changed]
    return document


def _quantity(value: Decimal) -> str:
    """A plain decimal without trailing zeros: "4", "2.5"."""
    return format(value.normalize(), "f")


def adjustment_json(adjustment: Adjustment) -> dict[str, Any]:
    """One difference: the document it adjusts, how it is settled, its lines (now − issued)."""
    draft = adjustment.draft

    def money(value: Any) -> str:
        return format_money(value, draft.currency)

    return {
        "kind": adjustment.kind.value,
        "recipient": adjustment.recipient,
        "adjusts": adjustment.original,
        "settled_by": _settled_by(adjustment),
        "lines": [
            {
                "description": line.description,
                "quantity": format(line.quantity.normalize(), "f"),
                "unit_price": money(line.unit_price),
                "amount": money(line.amount),
            }
            for line in adjustment.lines
        ],
        "subtotal": money(draft.subtotal),
        "tax": money(draft.tax),
        "total": money(draft.total),
    }


def _settled_by(adjustment: Adjustment) -> str:
    """ "supplementary_invoice", "supplementary_statement", "credit_note" or "invoice"."""
    if adjustment.settlement is Settlement.CREDIT_NOTE:
        return "credit_note"
    if adjustment.settlement is Settlement.NEW:
        return "invoice"
    if adjustment.kind is DocumentKind.REFERRAL_STATEMENT:
        return "supplementary_statement"
    return "supplementary_invoice"


def adjustment_text(adjustment: Adjustment) -> str:
    """One line: what changed in a document and what settles it."""
    draft = adjustment.draft
    what = adjustment.kind.label.lower()
    where = f"{what} {adjustment.original}" if adjustment.original else f"no {what} issued"
    by = _settled_by(adjustment).replace("_", " ")
    sign = "+" if draft.subtotal > 0 else ""
    return (
        f"{adjustment.recipient} ({where}): {sign}{format_money(draft.subtotal, draft.currency)}"
        f" before tax, {by} of {format_money(draft.total, draft.currency)}"
    )


def as_csv(charges: PeriodCharges) -> str:
    """One row per client, sorted by name (advisors and totals are in the table/JSON)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["client", "billing_model", *(t.value for t in TIERS), "charge", "referral", "currency"]
    )
    for client in charges.clients:
        writer.writerow(
            [
                client.name,
                client.billing_model.value,
                *(client.licenses[t] for t in TIERS),
                format_money(client.charge, charges.currency),
                format_money(client.referral, charges.currency),
                charges.currency,
            ]
        )
    return buffer.getvalue()


def as_table(charges: PeriodCharges, changed: Sequence[Adjustment] = ()) -> str:
    cur = charges.currency

    def money(value: Any) -> str:
        return format_money(value, cur)

    rows = [
        (
            c.name,
            c.billing_model.value,
            *(str(c.licenses[t]) for t in reversed(TIERS)),
            money(c.charge),
            money(c.referral),
        )
        for c in charges.clients
    ]
    header = ("Client", "Model", "R&C", "JR", "Free", "Charge", "Referral")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.ljust(w) if i < 2 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
        )

    adv = charges.advisors
    cons = charges.consolidated
    parts = [
        f"Billing for {charges.period} ({cur})",
        "",
        f"Active advisors: {adv.count} × {money(adv.unit)} = {money(adv.amount)}",
        "",
        line(header),
        line(tuple("-" * w for w in widths)),
        *(line(r) for r in rows),
        "",
        f"Consolidated invoice: subtotal {money(cons.subtotal)}, tax {money(cons.tax)}, "
        f"total {money(cons.total)}",
    ]
    parts += [
        f"Direct invoice to {name}: subtotal {money(t.subtotal)}, tax {money(t.tax)}, "
        f"total {money(t.total)}"
        for name, t in charges.direct_invoices
    ]
    parts.append(f"Referral income: {money(charges.referral_total)}")
    if changed:
        parts += ["", "Changed since issued (settle with `invoice adjust --period …`):"]
        parts += [f"  {adjustment_text(a)}" for a in changed]
    return "\n".join(parts)
