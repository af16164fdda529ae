"""Every amount in the window is written by ui/money.py (Babel, the partner's currency and
locale): no "120.00 AUD" built by hand anywhere in ui/."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from advisor_desk.domain.adjustments import Settlement
from advisor_desk.services.clients.tree import DocumentRow
from advisor_desk.ui.billing.adjustment import describe
from advisor_desk.ui.tree.nodes import Kind, Node, document_node

UI = Path(__file__).resolve().parents[2] / "src" / "advisor_desk" / "ui"
BY_HAND = [
    re.compile(r"\{[^{}]*\}\s?\{[^{}]*\b(currency|cur|ccy)\}"),  # "{total} {currency}"
    re.compile(r"\{[^{}]*\b(currency|cur|ccy)\}\s?\{"),  # "{currency}{total}"
    re.compile(r"\{[^{}]*(price|total|amount|subtotal|charge|fee|referral)[^{}]*:[^{}]*f\}"),
    re.compile(r"domain\.money import [^\n]*format_money"),  # the plain "1234.50" writer
    re.compile(r"\d\.\d\d (AUD|EUR|USD|NZD|GBP)"),  # examples in docs and texts
]


def test_no_module_in_the_window_writes_money_by_hand() -> None:
    found = []
    for path in UI.rglob("*.py"):
        if path.name == "money.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(pattern.search(line) for pattern in BY_HAND):
                found.append(f"{path.relative_to(UI)}:{number}: {line.strip()}")
    assert found == []


def test_tree_documents_show_totals_in_the_partner_style() -> None:
    parent = Node(Kind.DOCUMENTS, "partner/clients/client:c1/documents", "Documents")
    row = DocumentRow("d1", "INV-000002", "invoice", "2026-04", "issued", "EUR", Decimal("1234.5"))
    node = document_node(parent, row, "nl_NL")
    assert node.detail == "2026-04 · €\xa01.234,50"
    assert node.tooltip.endswith("€\xa01.234,50")
    row = DocumentRow("d1", "INV-000002", "invoice", "2026-04", "issued", "AUD", Decimal(120))
    node = document_node(parent, row, "en_AU")
    assert node.detail == "2026-04 · $120.00"


def test_adjustments_are_described_in_the_partner_style() -> None:
    adjustment = SimpleNamespace(
        recipient="Birch",
        original="INV-000002",
        settlement=Settlement.SUPPLEMENTARY,
        draft=SimpleNamespace(subtotal=Decimal("3500"), currency="AUD"),
    )
    assert describe(adjustment, "en_AU").startswith("Birch: +$3,500.00 (")  # type: ignore[arg-type]
    adjustment.draft = SimpleNamespace(subtotal=Decimal("-35"), currency="EUR")
    assert describe(adjustment, "nl_NL").startswith("Birch: €\xa0-35,00 (")  # type: ignore[arg-type]
