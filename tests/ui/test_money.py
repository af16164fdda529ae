"""One money style in the window: Babel's, in the partner's currency and locale."""

from __future__ import annotations

from decimal import Decimal

from advisor_desk.ui.money import MoneyFormat, format_amount, format_money


def test_partner_locale_and_currency_decide_the_style() -> None:
    assert format_money(Decimal("350.9"), "EUR", "nl_NL") == "€\xa0350,90"
    assert format_money(Decimal("16197.5"), "AUD", "en_AU") == "$16,197.50"
    assert format_money(Decimal("120"), "USD", "en_US") == "$120.00"


def test_currency_decimals_are_kept() -> None:
    assert format_money(Decimal("5"), "JPY", "en_US") == "¥5"
    assert format_amount(Decimal("1234.5"), "EUR", "nl_NL") == "1234,50"


def test_a_bad_locale_falls_back_instead_of_raising() -> None:
    assert format_money(Decimal("1"), "AUD", "xx_YY") == "$1.00"
    assert MoneyFormat("EUR", "nl_NL")(Decimal("2")) == "€\xa02,00"


def test_no_view_of_mine_writes_money_by_hand() -> None:
    """Amounts go through ui/money.py: no "12.50 AUD" / "EUR12.50" built with an f-string."""
    import re
    from pathlib import Path

    ui = Path(__file__).resolve().parents[2] / "src" / "advisor_desk" / "ui"
    by_hand = re.compile(r"\{[^{}]*:,(\.2f)?\}\s*\{[^{}]*currency\}|\{[^{}]*currency\}\{")
    found = []
    for folder in ("admin", "library", "templates", "workspace"):
        for path in (ui / folder).rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if by_hand.search(line):
                    found.append(f"{path.name}:{number}")
    assert found == []
    overview = (ui / "workspace" / "overview.py").read_text(encoding="utf-8")
    assert "def money(" not in overview
