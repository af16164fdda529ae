"""Sample snapshots of every document kind (`domain.snapshot.Snapshot`, made by the same
`snapshot_of` that issuing uses), with amounts computed by the domain's own rules: for tests,
benchmarks and style previews.

`consolidated(2000)` is the benchmark's invoice: 2,000 reseller clients, three tiers each.
Names cycle through Latin, Polish, Hebrew and Chinese ones when `world=True`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from advisor_desk.domain import documents as rules
from advisor_desk.domain.documents import DocumentDraft, DocumentKind, DocumentLine
from advisor_desk.domain.periods import Period
from advisor_desk.domain.snapshot import Party, Snapshot, snapshot_of

PERIOD = Period(2026, 11)
ISSUED_ON = dt.date(2026, 12, 1)
PRICES = {"Free": Decimal("0.00"), "Just Risk": Decimal("35.00")}
PRICES["Risk & Compliance"] = Decimal("79.00")
PLATFORM = {
    "name": "Advisor Desk Platform",
    "legal_name": "Advisor Desk Platform Pty Ltd",
    "tax_number": "51 824 753 556",
    "address": "Level 9, 60 Margaret Street\nSydney NSW 2000\nAustralia",
    "bank_details": "Westpac · BSB 032-000 · Account 481 223 907\nSWIFT WPACAU2S",
}
PARTNER = {
    "name": "Harbour Risk Advisory",
    "legal_name": "Harbour Risk Advisory Pty Ltd",
    "tax_number": "12 345 678 901",
    "address": "Suite 4, 88 George Street\nThe Rocks NSW 2000",
    "bank_details": "Commonwealth Bank · BSB 062-000 · Account 1234 5678\n"
    "Reference: your invoice number",
}
LATIN = (
    "Acme Logistics",
    "Birch & Daughters Legal",
    "Coastal Health Partners",
    "Drummond Engineering",
    "Eastbank Credit Union",
    "Fernhill Aged Care",
    "Granite Peak Mining Services",
    "Harper Street Dental",
)
WORLD = (
    "Zakład Energetyczny Łódź sp. z o.o.",
    "שירותי ייעוץ ירושלים בע״מ",
    "上海华东信息科技有限公司",
    "Przedsiębiorstwo Żegluga Gdańska",
    "מרכז רפואי חיפה",
    "北京云启数据服务有限公司",
)


def client_names(count: int, *, world: bool = False) -> list[str]:
    base = LATIN + WORLD if world else LATIN
    names = [base[i % len(base)] for i in range(count)]
    if count > len(base):
        names = [f"{name} {i // len(base) + 1:04d}" for i, name in enumerate(names)]
    return sorted(names)


def consolidated(
    clients: int = 40, *, world: bool = False, issued: bool = True, **meta: Any
) -> Snapshot:
    lines = [DocumentLine.priced("Active advisors", 7, Decimal("120.00"), "AUD")]
    for i, name in enumerate(client_names(clients, world=world)):
        for j, (tier, price) in enumerate(PRICES.items()):
            count = (i * 7 + j * 3) % 11 + (1 if j else 0)
            if count:
                lines.append(DocumentLine.priced(f"{name} — {tier}", count, price, "AUD", name))
    draft = _draft(DocumentKind.CONSOLIDATED_INVOICE, PARTNER["name"], lines, Decimal("0.10"))
    return snapshot(draft, PLATFORM, PARTNER, issued=issued, **meta)


def client_invoice(name: str = "Birch & Daughters Legal", **meta: Any) -> Snapshot:
    lines = [DocumentLine.priced("Just Risk licenses", 2, PRICES["Just Risk"], "AUD")]
    draft = _draft(DocumentKind.CLIENT_INVOICE, name, lines, Decimal("0.10"))
    return snapshot(draft, PLATFORM, {"name": name}, **meta)


def resale_invoice(logo_png: bytes | None = None, **meta: Any) -> Snapshot:
    lines = [
        DocumentLine.priced("Risk & Compliance licenses", 12, Decimal("95.00"), "AUD"),
        DocumentLine.priced("Just Risk licenses", 30, Decimal("45.00"), "AUD"),
        DocumentLine.priced(
            "Advisory hours — ISO 27001 gap assessment workshop and written findings",
            Decimal("6.5"),
            Decimal("220.00"),
            "AUD",
        ),
        DocumentLine.priced(
            "Quarterly board risk report (fixed fee)", 1, Decimal("1450.00"), "AUD"
        ),
    ]
    draft = _draft(DocumentKind.RESALE_INVOICE, "Acme Logistics", lines, Decimal("0.10"))
    meta.setdefault("terms_days", 30)
    meta.setdefault("number", "HRA-000042")
    return snapshot(draft, PARTNER, {"name": "Acme Logistics"}, logo_png=logo_png, **meta)


def referral_statement(clients: int = 14, *, world: bool = False, **meta: Any) -> Snapshot:
    lines = []
    for i, name in enumerate(client_names(clients, world=world)):
        charge = Decimal(79 * (i % 9 + 1) + 35 * (i % 4))
        referral = (charge * Decimal("0.20")).quantize(Decimal("0.01"))
        model = "Reseller" if i % 3 else "Direct (non-reseller)"
        lines.append(DocumentLine(name, Decimal(1), charge, referral, model))
    draft = _draft(DocumentKind.REFERRAL_STATEMENT, PARTNER["name"], lines, Decimal(0))
    meta.setdefault("number", "RS-000007")
    return snapshot(draft, PLATFORM, PARTNER, **meta)


def credit_note(**meta: Any) -> Snapshot:
    invoice = _draft(
        DocumentKind.CLIENT_INVOICE,
        "Birch & Daughters Legal",
        [DocumentLine.priced("Just Risk licenses", 2, PRICES["Just Risk"], "AUD")],
        Decimal("0.10"),
    )
    meta.setdefault("number", "CN-000003")
    note = rules.credit_note(invoice, "INV-000002", "35.00")
    return snapshot(note, PLATFORM, {"name": invoice.recipient}, **meta)


def _draft(
    kind: DocumentKind, recipient: str, lines: list[DocumentLine], tax_rate: Decimal
) -> DocumentDraft:
    return DocumentDraft(kind, PERIOD, "AUD", recipient, tax_rate, tuple(lines))


def snapshot(
    draft: DocumentDraft,
    issuer: dict[str, str],
    recipient: dict[str, str],
    *,
    issued: bool = True,
    number: str = "INV-000001",
    locale: str = "en_AU",
    terms_days: int = 14,
    logo_png: bytes | None = None,
) -> Snapshot:
    """The snapshot issuing would freeze for `draft` (issued on ISSUED_ON, or a draft)."""
    return snapshot_of(
        draft,
        issuer=Party(**{k: issuer.get(k, "") for k in PLATFORM}),
        recipient=Party(recipient["name"], **_details(recipient)),
        number=number if issued else None,
        issued_on=ISSUED_ON if issued else None,
        locale=locale,
        terms_days=terms_days,
        logo_png=logo_png,
    )


def _details(party: dict[str, str]) -> dict[str, str]:
    return {k: party.get(k, "") for k in ("legal_name", "tax_number", "address")}
