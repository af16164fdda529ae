"""Money: Decimal amounts in a currency's minor unit, and the project's only rounding rule."""

import re
from collections.abc import Iterable
from decimal import MAX_PREC, ROUND_HALF_UP, Context, Decimal, Inexact, InvalidOperation
from functools import cache

from babel.numbers import get_currency_precision, list_currencies

from .errors import DomainError

# Exact arithmetic: a precision this large never rounds a sum or a product, so the only
# rounding that ever happens is the explicit half-up in round_money (Inexact would be a bug).
_EXACT = Context(prec=MAX_PREC, rounding=ROUND_HALF_UP, traps=[InvalidOperation, Inexact])
_ROUNDING = Context(prec=MAX_PREC, rounding=ROUND_HALF_UP, traps=[InvalidOperation])
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_CURRENCY = re.compile(r"[A-Z]{3}")


@cache
def minor_units(currency: str) -> int:
    """Decimals of the currency's minor unit (AUD 2, JPY 0, BHD 3)."""
    if not isinstance(currency, str) or not _CURRENCY.fullmatch(currency):
        raise DomainError("currency", f"{currency!r} is not an ISO 4217 code such as 'AUD'")
    if currency not in list_currencies():
        raise DomainError("currency", f"unknown currency {currency!r}")
    return get_currency_precision(currency)


@cache
def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def _to_decimal(value: object, field: str) -> Decimal:
    """A finite Decimal from a str, int or Decimal; float and bool are refused."""
    if isinstance(value, float):
        raise DomainError(field, f'{value!r} is a float; use a string such as "12.50"')
    if isinstance(value, bool):
        raise DomainError(field, f"{value!r} is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip()
        # Decimal() alone would also take "1_000", "1e3", "+5", "NaN" and "Infinity".
        if not _NUMBER.fullmatch(text):
            raise DomainError(field, f"{value!r} is not a number such as 12.50")
        return Decimal(text)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise DomainError(field, f"{value} is not a finite number")
        return value
    raise DomainError(field, f"expected a string, int or Decimal, got {type(value).__name__}")


def _without_negative_zero(value: Decimal) -> Decimal:
    return abs(value) if value.is_zero() else value


def parse_money(
    value: object, currency: str, field: str, *, allow_negative: bool = False
) -> Decimal:
    """Validate an amount and return it quantized to the currency's minor unit.

    Trailing zeros beyond the minor unit ("12.500" in AUD) are accepted since the value is
    exact; any non-zero digit beyond it is refused, never rounded away.
    """
    amount = _to_decimal(value, field)
    if amount < 0 and not allow_negative:
        raise DomainError(field, f"{amount} is negative")
    try:
        exact = amount.quantize(_quantum(currency), context=_EXACT)
    except Inexact:
        decimals = minor_units(currency)
        raise DomainError(
            field, f"{amount} has more decimals than {currency} allows ({decimals})"
        ) from None
    return _without_negative_zero(exact)


def parse_rate(value: object, field: str) -> Decimal:
    """Validate a rate such as "0.20": a str, int or Decimal between 0 and 1 inclusive."""
    rate = _to_decimal(value, field)
    if not 0 <= rate <= 1:
        raise DomainError(field, f"{rate} is not between 0 and 1")
    return _without_negative_zero(rate)


def round_money(value: Decimal, currency: str) -> Decimal:
    """THE rounding rule: half up (away from zero) to the currency's minor unit."""
    if not isinstance(value, Decimal | int) or isinstance(value, bool):
        raise TypeError(f"round_money needs a Decimal, got {type(value).__name__}")
    rounded = Decimal(value).quantize(_quantum(currency), context=_ROUNDING)
    return _without_negative_zero(rounded)


def multiply(a: Decimal | int, b: Decimal | int) -> Decimal:
    """The exact product (no context rounding, whatever the size); round it with round_money."""
    return _EXACT.multiply(Decimal(a), Decimal(b))


def money_sum(amounts: Iterable[Decimal], currency: str) -> Decimal:
    """The exact sum of amounts already in minor units, quantized (empty → zero)."""
    total = zero(currency)
    for amount in amounts:
        total = _EXACT.add(total, amount)
    return _without_negative_zero(total)


def negate(amount: Decimal) -> Decimal:
    """The exact negation of an amount, never a negative zero."""
    return _without_negative_zero(_EXACT.minus(amount))


def format_money(value: Decimal, currency: str) -> str:
    """Plain string with exactly the currency's decimals, no grouping: "1234.50", "-3.00"."""
    amount = parse_money(value, currency, "amount", allow_negative=True)
    return f"{amount:f}"


def zero(currency: str) -> Decimal:
    """Zero with the currency's decimals (Decimal("0.00") for AUD)."""
    return Decimal(0).quantize(_quantum(currency))
