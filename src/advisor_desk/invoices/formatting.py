"""Amounts, dates, periods and paper size in the partner's locale (Babel)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent
from reportlab.lib.pagesizes import A4, LETTER

DEFAULT_LOCALE = "en_AU"
# Where Letter is the usual paper; everywhere else uses A4.
LETTER_REGIONS = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PR"})


def parse_locale(name: str | None) -> Locale:
    """A Babel locale from "en_AU" / "en-AU"; the default one for a missing or unknown name."""
    try:
        return Locale.parse((name or DEFAULT_LOCALE).replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse(DEFAULT_LOCALE)


def page_size(locale: str | None) -> tuple[float, float]:
    """Letter where the locale's region uses it (en_US, en_CA, es_MX …), else A4."""
    return LETTER if parse_locale(locale).territory in LETTER_REGIONS else A4


class Formatter:
    """Formats one document's values; amounts are cached (a long invoice repeats its
    prices thousands of times, and Babel takes ~35 µs per call)."""

    def __init__(self, locale: str | None, currency: str) -> None:
        self.locale = parse_locale(locale)
        self.currency = currency
        self._money: dict[str, str] = {}
        self._quantity: dict[str, str] = {}

    def money(self, value: str | None) -> str:
        """ "1234.50" as "$1,234.50" (en_AU) or "1.234,50 €" (de_DE, EUR)."""
        if value is None or value == "":
            return ""
        text = self._money.get(value)
        if text is None:
            text = format_currency(Decimal(value), self.currency, locale=self.locale)
            self._money[value] = text
        return text

    def quantity(self, value: str | None) -> str:
        if value is None or value == "":
            return ""
        text = self._quantity.get(value)
        if text is None:
            text = self._quantity[value] = format_decimal(Decimal(value), locale=self.locale)
        return text

    def rate(self, value: str | None) -> str:
        """ "0.10" as "10%", "0.125" as "12.5%"."""
        return format_percent(Decimal(value or "0"), "#,##0.###%", locale=self.locale)

    def date(self, iso: str | None) -> str:
        """ "2026-12-01" as "1 Dec 2026" (en_AU) or "Dec 1, 2026" (en_US)."""
        if not iso:
            return ""
        return format_date(dt.date.fromisoformat(iso), "medium", locale=self.locale)

    def period(self, period: str) -> str:
        """ "2026-11" as "November 2026"; anything else as given."""
        try:
            first = dt.date.fromisoformat(f"{period}-01")
        except ValueError:
            return period
        return format_date(first, "LLLL y", locale=self.locale)
