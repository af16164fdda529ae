"""The closing block, kept together on the last page: payment details and terms beside the
totals box."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from advisor_desk.invoices.fonts import FONT
from advisor_desk.invoices.formatting import Formatter
from advisor_desk.invoices.header import CLEAN, fitted, is_draft, para
from advisor_desk.invoices.styles import RULE, Styles


def closing(s: dict[str, Any], fmt: Formatter, st: Styles, width: float) -> Table:
    block = Table(
        [[_notes(s, fmt, st), _totals(s, fmt, st, width * 0.46)]],
        colWidths=[width * 0.54, width * 0.46],
        style=CLEAN,
    )
    block.setStyle(TableStyle([("RIGHTPADDING", (0, 0), (0, 0), 8 * mm)]))
    return block


def _totals(s: dict[str, Any], fmt: Formatter, st: Styles, width: float) -> Table:
    currency = s.get("currency") or ""
    if s.get("kind") == "referral_statement":
        rows = [(f"Total ({currency})", s.get("subtotal"))]
    else:
        rows = [
            ("Subtotal", s.get("subtotal")),
            (f"Tax ({fmt.rate(s.get('tax_rate'))})", s.get("tax")),
            (f"Total ({currency})", s.get("total")),
        ]
    cells = [[para(label, st.body), para(fmt.money(value), st.body_right)] for label, value in rows]
    label, value = rows[-1]
    amount_room = width * 0.55 - 6 * mm
    total = fitted(fmt.money(value), st.total_amount, amount_room)
    cells[-1] = [para(label, st.total_label), para(fmt.money(value), total)]
    table = Table(cells, colWidths=[width * 0.45, width * 0.55])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 1.6 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6 * mm),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
                ("BACKGROUND", (0, -1), (-1, -1), st.accent_tint),
                ("LINEABOVE", (0, -1), (-1, -1), 1.2, st.accent),
                ("TOPPADDING", (0, -1), (-1, -1), 2.6 * mm),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 2.6 * mm),
            ]
        )
    )
    return table


def _notes(s: dict[str, Any], fmt: Formatter, st: Styles) -> list[Flowable]:
    kind = s.get("kind")
    out: list[Flowable] = []

    def section(title: str, *texts: str) -> None:
        if out:
            out.append(Spacer(1, 4 * mm))
        out.append(para(title.upper(), st.label))
        out.append(Spacer(1, 1.2 * mm))
        out.extend(para(text, st.small) for text in texts)

    if is_draft(s):
        section(
            "Draft",
            "This document has no number yet and is not a request for payment. "
            "Its figures can change until it is issued.",
        )
    if kind == "referral_statement":
        rate = s.get("referral_rate")
        earned = (
            f"Each client's referral is {fmt.rate(rate)} of its license charge. " if rate else ""
        )
        section(
            "About this statement",
            earned
            + "Referral income is paid out separately; it is never netted against an invoice.",
        )
        return out
    if kind == "credit_note":
        reference = s.get("references") or "the invoice"
        if s.get("reason"):
            section("Reason", str(s["reason"]))
        section(
            "About this credit note",
            f"This credit note reduces the amount owed on {reference}. "
            "Keep it with that invoice for your records.",
        )
        return out
    if s.get("references"):
        section(
            "About this invoice",
            f"This supplementary invoice bills what changed in the billing period after "
            f"{s['references']} was issued. It adds to that invoice; it does not replace it.",
        )
    bank = (s.get("issuer") or {}).get("bank_details")
    if bank:
        section("Payment details", bank)
    section("Terms", _terms(s, fmt))
    return out


def _terms(s: dict[str, Any], fmt: Formatter) -> str:
    days = s.get("payment_terms_days")
    due = fmt.date(s.get("due_date"))
    if due:
        text = f"Please pay by {due}"
        text += f" ({days} days from the issue date)." if days is not None else "."
    elif days is not None:
        text = f"Payment is due within {days} days of the issue date."
    else:
        text = "Payment is due on receipt."
    if s.get("number"):
        text += f" Please quote {s['number']} with your payment."
    return text
