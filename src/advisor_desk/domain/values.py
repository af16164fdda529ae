"""Rules for single values, shared by the laptop's services and the server's push checks.

Each rule takes a value (already of its Python type: str, int, Decimal, date...) and the
name of its field, and returns the value or raises DomainError naming the field. The laptop
checks what a user types with these (services/validation.py); the server checks every pushed
field with the same ones (domain/field_rules.py), so a value one laptop could never store
never reaches another laptop's billing, drafts or exports.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from babel import Locale

from .documents import DocumentStatus
from .errors import DomainError, parse_choice
from .money import minor_units, parse_rate
from .periods import Period

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
WEB_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
SHA256 = re.compile(r"[0-9a-f]{64}")

INT32_MAX = 2**31 - 1  # an Integer column (PostgreSQL `integer`)
RISK_SCALE = range(1, 6)  # likelihood and impact: 1 (rare, minor) to 5 (almost certain, severe)
MAX_DUE_IN_DAYS = 3650
MAX_FILE_BYTES = 2 * 1024 * 1024
ENTRY_KINDS = ("provision", "question")
ANSWER_TYPES = ("yes_no", "text", "number", "choice", "scale")
DOCUMENT_STATUSES = tuple(status.value for status in DocumentStatus)
MAX_ADDRESS = 2000  # characters of a postal address (lines and all), like the platform's
MAX_WORDS = 10_000  # entries of a list field (tags, a push's targets)


class Role(StrEnum):
    """An advisor's role; what each may do is domain/permissions.py's table."""

    ADMINISTRATOR = "administrator"
    POWER_USER = "power_user"
    ADVISOR = "advisor"

    @property
    def label(self) -> str:
        # The names (16): Administrator / Advisor Power User / Advisor User.
        return {"administrator": "Administrator", "power_user": "Advisor Power User"}.get(
            self.value, "Advisor User"
        )


class Library(StrEnum):
    OPEN = "open"
    PARTNER = "partner"


def shown(value: object, limit: int = 40) -> str:
    """A value for a message: quoted, escaped, and cut short."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def storable_text(value: object, field: str) -> str:
    """Text every database takes: no NUL character, no lone surrogate (not UTF-8)."""
    if not isinstance(value, str):
        raise DomainError(field, "must be text")
    if "\x00" in value:
        raise DomainError(field, "must not contain a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise DomainError(field, "is not valid Unicode text") from None
    return value


def text(value: object, field: str, *, max_length: int, required: bool = False) -> str:
    """Text of at most `max_length` characters; `required`: not empty or blank."""
    checked = storable_text(value, field)
    if len(checked) > max_length:
        raise DomainError(field, f"is longer than {max_length} characters")
    if required and not checked.strip():
        raise DomainError(field, "must not be empty")
    return checked


def required_text(value: str | None, field: str, *, max_length: int = 200) -> str:
    """What a user typed, stripped: not empty and at most `max_length` characters."""
    return text((value or "").strip(), field, max_length=max_length, required=True)


def postal_address(value: object, field: str = "address") -> str:
    """A postal address: lines of text (empty allowed), no control character but line breaks
    and tabs, at most MAX_ADDRESS characters."""
    checked = text(value, field, max_length=MAX_ADDRESS)
    bad = next((c for c in checked if ord(c) < 32 and c not in "\t\n\r"), None)
    if bad is not None or "\x7f" in checked:
        shown_char = repr(bad if bad is not None else "\x7f")
        raise DomainError(field, f"must not contain the control character {shown_char}")
    return checked


def email_address(value: object, field: str = "email") -> str:
    checked = storable_text(value, field)
    if len(checked) > 254 or not EMAIL.match(checked):
        raise DomainError(field, f"{shown(value)} is not an email address")
    return checked


def web_domain(value: object, field: str = "domain") -> str:
    """A website domain such as `acme.example` (lower case); empty is allowed."""
    checked = storable_text(value, field)
    if checked and not WEB_DOMAIN.match(checked):
        raise DomainError(field, f"{shown(value)} is not a website domain like acme.example")
    return checked


def whole_number(
    value: object, field: str, *, minimum: int = 0, maximum: int = INT32_MAX, what: str = ""
) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(field, f"{shown(value)} is not a whole number")
    if not minimum <= value <= maximum:
        described = f" ({what})" if what else ""
        raise DomainError(field, f"{value} is not from {minimum} to {maximum}{described}")
    return value


def word_list(value: object, field: str = "tags", *, max_length: int = 300) -> list[str]:
    """A JSON list of text entries (tags, names): never an object, a number or nested lists."""
    if not isinstance(value, list):
        raise DomainError(field, "must be a list of words")
    if len(value) > MAX_WORDS:
        raise DomainError(field, f"has more than {MAX_WORDS} entries")
    for index, entry in enumerate(value):
        if not isinstance(entry, str):
            raise DomainError(field, f"entry {index + 1} is not text: {shown(entry)}")
        text(entry, f"{field}[{index}]", max_length=max_length)
    return value


def choice(values: tuple[str, ...], value: object, field: str) -> str:
    if not isinstance(value, str) or value not in values:
        raise DomainError(field, f"{shown(value)} is not one of: {', '.join(values)}")
    return value


def member_of(enum: type[StrEnum], value: object, field: str) -> str:
    return parse_choice(enum, value, field).value


def month(value: object, field: str) -> str:
    """A period written YYYY-MM."""
    if not isinstance(value, str):
        raise DomainError(field, f"{shown(value)} is not a month written YYYY-MM")
    return str(Period.parse(value, field))


def currency(value: object, field: str = "currency") -> str:
    if not isinstance(value, str):  # a list would not even reach minor_units' cache
        raise DomainError(field, f"{shown(value)} is not an ISO 4217 code such as 'AUD'")
    try:
        minor_units(value)
    except DomainError as error:
        raise DomainError(field, error.message) from None
    return value


def rate(value: object, field: str) -> Decimal:
    """A rate from 0 to 1."""
    return parse_rate(value, field)


def amount(value: object, field: str, *, allow_negative: bool = False) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise DomainError(field, f"{shown(value)} is not an amount")
    if value < 0 and not allow_negative:
        raise DomainError(field, f"{value} is negative")
    return value


def in_currency(value: Decimal, currency_code: str, field: str) -> Decimal:
    """An amount with no more decimals than the currency's minor unit (AUD 2, JPY 0)."""
    decimals = minor_units(currency_code)
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > decimals:
        raise DomainError(field, f"{value} has more decimals than {currency_code} allows")
    return value


def interval_end(start: dt.date | None, end: dt.date | None, field: str = "end") -> None:
    """An interval `[start, end)` ends after it starts (an open one has no end)."""
    if start is not None and end is not None and end <= start:
        raise DomainError(field, f"{end} is not after the start ({start})")


def not_before(first: dt.date | None, later: dt.date | None, field: str, what: str) -> None:
    if first is not None and later is not None and later < first:
        raise DomainError(field, f"{later} is before {what} ({first})")


def timezone_name(value: object, field: str = "timezone") -> str:
    checked = storable_text(value, field)
    try:
        ZoneInfo(checked)
    except Exception:  # ZoneInfoNotFoundError, ValueError, IsADirectoryError...
        raise DomainError(field, f"{shown(value)} is not a time zone") from None
    return checked


def locale_name(value: object, field: str = "locale") -> str:
    checked = storable_text(value, field)
    try:
        Locale.parse(checked)
    except Exception:  # UnknownLocaleError, ValueError, TypeError
        raise DomainError(field, f"{shown(value)} is not a locale such as en_AU") from None
    return checked


def sha256_hex(value: object, field: str) -> str:
    if not isinstance(value, str) or not SHA256.fullmatch(value):
        raise DomainError(field, "is not a SHA-256 written as 64 lowercase hex digits")
    return value


def json_object_text(value: object, field: str) -> str:
    """Text holding a JSON object (a snapshot)."""
    checked = storable_text(value, field)
    try:
        parsed = json.loads(checked)
    except (ValueError, RecursionError):
        raise DomainError(field, "is not JSON") from None
    if not isinstance(parsed, dict):
        raise DomainError(field, "must be a JSON object")
    return checked


def file_bytes(value: object, field: str, *, limit: int = MAX_FILE_BYTES) -> bytes:
    if not isinstance(value, bytes):
        raise DomainError(field, "must be bytes")
    if len(value) > limit:
        raise DomainError(field, f"is larger than {limit} bytes")
    return value
