"""The first page's top: issuer (with the partner's logo), title and number, then the
bill-to party, the document's facts and the amount box."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from advisor_desk.domain.documents import DocumentStatus
from advisor_desk.invoices.fonts import FONT, markup, visual
from advisor_desk.invoices.formatting import Formatter
from advisor_desk.invoices.logo import logo_image
from advisor_desk.invoices.styles import RULE, Styles

NUMBER_LABEL = {"referral_statement": "Statement no.", "credit_note": "Credit note no."}
PARTY_LABEL = {"referral_statement": "Statement for", "credit_note": "Credit to"}
CLEAN: list[tuple[Any, ...]] = [
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
]


def para(text: str | None, style: Any) -> Paragraph:
    return Paragraph(markup(text or ""), style)


def fitted(text: str, style: ParagraphStyle, room: float) -> ParagraphStyle:
    """`style`, its size reduced where one line of `text` would not fit in `room`."""
    width = stringWidth(visual(text), style.fontName, style.fontSize)
    if width <= room:
        return style
    size = style.fontSize * room / width
    return ParagraphStyle(f"{style.name}-fitted", parent=style, fontSize=size, leading=size * 1.25)


def is_draft(s: dict[str, Any]) -> bool:
    return s.get("status") != DocumentStatus.ISSUED


def header(s: dict[str, Any], fmt: Formatter, st: Styles, width: float) -> list[Flowable]:
    top = Table(
        [[_issuer(s, st), _title(s, st)]], colWidths=[width * 0.55, width * 0.45], style=CLEAN
    )
    rule = Table([[""]], colWidths=[width], rowHeights=[0.1], style=CLEAN)
    rule.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 0.8, RULE)]))
    info = Table(
        [[_bill_to(s, st), _facts(s, fmt, st, width * 0.36), _amount_box(s, fmt, st, width * 0.3)]],
        colWidths=[width * 0.34, width * 0.36, width * 0.3],
        style=CLEAN,
    )
    info.setStyle(TableStyle([("RIGHTPADDING", (0, 0), (1, 0), 6 * mm)]))
    return [top, Spacer(1, 6 * mm), rule, Spacer(1, 5 * mm), info, Spacer(1, 8 * mm)]


def _issuer(s: dict[str, Any], st: Styles) -> list[Flowable]:
    issuer = s.get("issuer") or {}
    out: list[Flowable] = []
    logo = logo_image(s.get("logo_png"))
    if logo is not None:
        out += [logo, Spacer(1, 3 * mm)]
    name = issuer.get("name") or issuer.get("legal_name") or ""
    out.append(para(name, st.issuer))
    out += [para(line, st.small) for line in party_lines(issuer, name)]
    return out


def party_lines(party: dict[str, Any], shown_name: str) -> list[str]:
    """The details under a party's name: legal name (if it differs), address, tax number."""
    lines = []
    legal = party.get("legal_name") or ""
    if legal and legal != shown_name:
        lines.append(legal)
    if party.get("address"):
        lines.append(party["address"])
    if party.get("tax_number"):
        lines.append(tax_text(party["tax_number"]))
    if party.get("email"):
        lines.append(party["email"])
    return lines


def tax_text(number: str) -> str:
    """ "ABN 74 784 835 968" as it is; a bare "74 784 835 968" as "Tax number 74 …"."""
    return number if number[:2].isalpha() else f"Tax number {number}"


def is_supplement(s: dict[str, Any]) -> bool:
    """A supplementary invoice or statement (`invoice adjust`): it refers to an original."""
    return bool(s.get("references")) and s.get("kind") != "credit_note"


def _title(s: dict[str, Any], st: Styles) -> list[Flowable]:
    """ "Tax invoice — consolidated": the title, its qualifier under it, then the number."""
    title, _, qualifier = str(s.get("title") or "Document").partition(" — ")
    if is_supplement(s):
        qualifier = f"{qualifier}, supplementary" if qualifier else "supplementary"
    out: list[Flowable] = [para(title, st.title)]
    if qualifier:
        out.append(para(qualifier[:1].upper() + qualifier[1:], st.qualifier))
    out += [Spacer(1, 1.5 * mm), para(s.get("number") or "Draft — not yet issued", st.number)]
    return out


def _bill_to(s: dict[str, Any], st: Styles) -> list[Flowable]:
    recipient = dict(s.get("recipient") or {})
    if s.get("recipient_address") and not recipient.get("address"):
        recipient["address"] = s["recipient_address"]  # a client's, under its name
    name = recipient.get("name") or ""
    label = PARTY_LABEL.get(s.get("kind") or "", "Bill to")
    out: list[Flowable] = [para(label.upper(), st.label), Spacer(1, 1.5 * mm)]
    out.append(para(name, st.party))
    out += [para(line, st.small) for line in party_lines(recipient, name)]
    return out


def _facts(s: dict[str, Any], fmt: Formatter, st: Styles, width: float) -> list[Flowable]:
    kind = s.get("kind") or ""
    facts = [
        (NUMBER_LABEL.get(kind, "Invoice no."), s.get("number") or "Draft"),
        ("Issue date", fmt.date(s.get("issue_date")) or "Not issued"),
    ]
    payable = kind not in ("referral_statement", "credit_note")
    if s.get("due_date") and payable:
        facts.append(("Due date", fmt.date(s["due_date"])))
    facts.append(("Billing period", fmt.period(str(s.get("period") or ""))))
    if kind == "referral_statement" and s.get("referral_rate"):
        facts.append(("Referral rate", fmt.rate(s["referral_rate"])))
    if s.get("references"):
        facts.append(("Original invoice", s["references"]))
    if payable and s.get("payment_terms_days") is not None:
        facts.append(("Payment terms", f"{s['payment_terms_days']} days"))
    rows = [[para(label, st.small), para(value, st.body)] for label, value in facts]
    table = Table(rows, colWidths=[width * 0.44, width * 0.56], style=CLEAN)
    table.setStyle(TableStyle([("BOTTOMPADDING", (0, 0), (-1, -1), 2.2)]))
    return [para("Details".upper(), st.label), Spacer(1, 1.5 * mm), table]


def _amount_box(s: dict[str, Any], fmt: Formatter, st: Styles, width: float) -> Table:
    kind = s.get("kind")
    currency = s.get("currency") or ""
    if kind == "referral_statement":
        label, amount, note = "Referral income", s.get("subtotal"), "Paid out separately"
    elif kind == "credit_note":
        label, amount = "Amount credited", s.get("total")
        note = f"Against invoice {s['references']}" if s.get("references") else ""
    else:
        label, amount = "Amount due", s.get("total")
        due = fmt.date(s.get("due_date"))
        note = f"Due {due}" if due else ""
    if is_draft(s):
        note = "Draft — not for payment" if kind != "referral_statement" else "Draft"
    cells = [
        [para(f"{label} ({currency})".upper(), st.label)],
        [para(fmt.money(amount), fitted(fmt.money(amount), st.due_amount, width - 7 * mm))],
        [para(note, st.small)],
    ]
    box = Table(cells, colWidths=[width])
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (-1, -1), st.accent_tint),
                ("LINEBEFORE", (0, 0), (0, -1), 2.2, st.accent),
                ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, 0), 3.2 * mm),
                ("TOPPADDING", (0, 1), (-1, -1), 1.2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 3.2 * mm),
            ]
        )
    )
    return box
