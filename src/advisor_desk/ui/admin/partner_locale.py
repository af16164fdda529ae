"""Where a partner is, from its time zone, currency and locale: the tax number and bank hints.

A EUR firm in Amsterdam is asked for a BTW number and an IBAN, an Australian one for an ABN
and a BSB, a US one for an EIN; anywhere else for a plain "tax number".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import get_territory_currencies

EURO_AREA = frozenset(
    [
        "AT",
        "BE",
        "CY",
        "DE",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PT",
        "SI",
        "SK",
    ]
)  # where VAT numbers and IBANs are the rule for a EUR firm
CURRENCY_HOMES = {"AUD": "AU", "USD": "US", "NZD": "NZ", "GBP": "GB", "CAD": "CA"}


@dataclass(frozen=True)
class TaxHints:
    label: str  # the form's caption, e.g. "ABN", "BTW number"
    example: str  # a placeholder, always starting "e.g."
    bank_example: str


GENERIC = TaxHints(
    "Tax number", "e.g. your business tax registration number", "e.g. account name, bank, number"
)
_BY_COUNTRY = {
    "AU": TaxHints("ABN", "e.g. 12 345 678 901", "e.g. account name, BSB, account number"),
    "NZ": TaxHints("GST number", "e.g. 123-456-789", "e.g. account name, 12-3456-7890123-00"),
    "US": TaxHints("EIN", "e.g. 12-3456789", "e.g. account name, routing number, account number"),
    "CA": TaxHints(
        "GST/HST number", "e.g. 123456789 RT0001", "e.g. account name, transit, account"
    ),
    "GB": TaxHints("VAT number", "e.g. GB123456789", "e.g. account name, sort code, account"),
    "NL": TaxHints("BTW/VAT number", "e.g. NL123456789B01", "e.g. account name, IBAN, BIC"),
    "BE": TaxHints("BTW/TVA number", "e.g. BE0123456789", "e.g. account name, IBAN, BIC"),
    "DE": TaxHints("USt-IdNr.", "e.g. DE123456789", "e.g. account name, IBAN, BIC"),
    "FR": TaxHints("TVA number", "e.g. FR12345678901", "e.g. account name, IBAN, BIC"),
}
_EU = TaxHints("VAT number", "e.g. DE123456789", "e.g. account name, IBAN, BIC")


def _zone_country(timezone: str) -> str | None:
    territories: Mapping[str, str] = get_global("zone_territories")
    found = territories.get(timezone)
    return str(found) if found is not None else None


def _locale_country(locale: str) -> str | None:
    try:
        return Locale.parse(locale).territory
    except (ValueError, UnknownLocaleError):
        return None


def _uses(country: str, currency: str) -> bool:
    try:
        return currency in get_territory_currencies(country)
    except (ValueError, LookupError):
        return False


def partner_country(timezone: str, currency: str | None, locale: str) -> str | None:
    """The partner's country: its time zone's or locale's if that country uses its currency.

    Otherwise the currency's home ("EU" for the euro), or None when nothing says.
    """
    candidates = [c for c in (_zone_country(timezone), _locale_country(locale)) if c]
    if currency:
        for country in candidates:
            if _uses(country, currency):
                return country
        if currency == "EUR":
            return "EU"
        return CURRENCY_HOMES.get(currency)
    return candidates[0] if candidates else None


def tax_hints(timezone: str, currency: str | None, locale: str) -> TaxHints:
    country = partner_country(timezone, currency, locale)
    if country is None:
        return GENERIC
    if country in _BY_COUNTRY:
        return _BY_COUNTRY[country]
    if country == "EU" or country in EURO_AREA:
        return _EU
    return GENERIC
