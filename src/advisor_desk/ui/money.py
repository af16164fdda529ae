"""The window's one way to show money: Babel's currency format in the partner's locale.

Every amount the window shows goes through `format_money` so a firm sees one style
("€ 350,90" in nl_NL, "$16,197.50" in en_AU), never "EUR350.90" beside "120.00 EUR".
`MoneyFormat` binds the partner's currency and locale once for a view.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import (
    format_currency,
    format_decimal,
    get_currency_precision,
    get_currency_symbol,
)

from advisor_desk.services.ops import run_query
from advisor_desk.services.partner import NoPartnerError
from advisor_desk.store.engine import Store

DEFAULT_LOCALE = "en_AU"


def _locale(locale: str | None) -> str:
    if not locale:
        return DEFAULT_LOCALE
    try:
        Locale.parse(locale)
    except (ValueError, UnknownLocaleError):
        return DEFAULT_LOCALE
    return locale


def format_money(amount: Decimal | int | str, currency: str, locale: str | None = None) -> str:
    """`amount` in `currency` as the partner's locale writes it ("$16,197.50", "€ 350,90").

    An unknown currency code still shows the amount with the code, never raises.
    """
    value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    where = _locale(locale)
    if not currency:
        return format_decimal(value, format="#,##0.00", locale=where)
    try:
        return format_currency(value, currency, locale=where, currency_digits=True)
    except (ValueError, LookupError):
        return f"{format_decimal(value, format='#,##0.00', locale=where)} {currency}"


def format_amount(amount: Decimal | int | str, currency: str, locale: str | None = None) -> str:
    """The number alone, in the locale's digits and the currency's decimals ("16,197.50").

    For an edit box whose currency is shown beside it; parse it back with `parse_amount`.
    """
    value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    try:
        digits = get_currency_precision(currency) if currency else 2
    except (ValueError, LookupError):
        digits = 2
    pattern = "0." + "0" * digits if digits else "0"
    return format_decimal(value, format=pattern, locale=_locale(locale), group_separator=False)


def currency_symbol(currency: str, locale: str | None = None) -> str:
    try:
        return get_currency_symbol(currency, locale=_locale(locale))
    except (ValueError, LookupError):
        return currency


@dataclass(frozen=True)
class MoneyFormat:
    """A partner's currency and locale, bound once: `fmt(Decimal("12.5"))` → "$12.50"."""

    currency: str
    locale: str = DEFAULT_LOCALE

    def __call__(self, amount: Decimal | int | str) -> str:
        return format_money(amount, self.currency, self.locale)

    @property
    def symbol(self) -> str:
        return currency_symbol(self.currency, self.locale)


def partner_locale(store: Store) -> str:
    """The partner's locale (how its money is written); the default before there is one."""
    try:
        return _locale(run_query(store, lambda _session, partner: partner.locale))
    except NoPartnerError:
        return DEFAULT_LOCALE
