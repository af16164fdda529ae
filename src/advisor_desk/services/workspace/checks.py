"""Reading untrusted JSON values: every problem is recorded with its JSON path, none raised.

A getter that finds a problem records it and returns a placeholder of the right type, so a
validator can go on and report every problem of a file in one pass; the caller discards the
result when `Checker.problems` is not empty.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from advisor_desk.domain.errors import DomainError, parse_choice
from advisor_desk.domain.money import parse_money, parse_rate
from advisor_desk.domain.periods import Period, parse_date
from advisor_desk.services.validation import EMAIL
from advisor_desk.store.types import RATE_SCALE

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")

STATUSES = ("draft", "issued")  # of a document (services.documents uses these two words)

_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{6})?")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
MISSING: Any = object()  # a key that is not there (its absence is reported once, by `obj`)
QUANTITY_DECIMALS = 4  # document line quantities are stored like money (store.types.Money)


def at(path: str, key: str | int) -> str:
    """The JSON path of `key` inside `path`: `clients[3]`, `clients[3].members`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def is_email(value: str) -> bool:
    """The services' own rule (services.validation.EMAIL), so what they store reads back."""
    return EMAIL.match(value) is not None


def choice_message(value: object, allowed: tuple[str, ...]) -> str:
    """`"gold" is not one of free, just_risk` (the caller names the field)."""
    shown = f'"{value}"' if isinstance(value, str) else json_kind(value)
    return f"{shown} is not one of {', '.join(allowed)}"


def enum_values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


def format_rate(value: Decimal) -> str:
    """A rate's one spelling: at least two decimals, no trailing zeros beyond ("0.20", "0.125")."""
    normal = value.normalize()
    if normal.as_tuple().exponent > -2:  # type: ignore[operator] - finite, so an int
        normal = normal.quantize(Decimal("0.01"))
    return f"{normal:f}"


def format_quantity(value: Decimal) -> str:
    """A quantity's one spelling: no trailing zeros ("3", "1.5", "-2")."""
    text = f"{value.normalize():f}"
    return "0" if text == "-0" else text


class Checker:
    """Collects `(json path, message)` problems; getters return placeholders on a problem."""

    def __init__(self, root: str = "file") -> None:
        self.root = root  # the place of problems of the whole file
        self.problems: list[tuple[str, str]] = []
        self._dates: dict[str, dt.date] = {}
        self._choices: dict[tuple[type[StrEnum], str], StrEnum] = {}

    def add(self, place: str, message: str) -> None:
        self.problems.append((place, message))

    def mark(self) -> int:
        return len(self.problems)

    def clean_since(self, mark: int) -> bool:
        return len(self.problems) == mark

    # Containers ---------------------------------------------------------------------------

    def obj(
        self, value: object, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        """The object at `path` with its keys checked, or None (problem recorded)."""
        if value is MISSING:
            return None
        if not isinstance(value, dict):
            self.add(path or self.root, f"expected an object, got {json_kind(value)}")
            return None
        for key in required:
            if key not in value:
                self.add(path or self.root, f'missing key "{key}"')
        for key in value:
            if key not in required and key not in optional:
                self.add(at(path, key), "unknown key")
        return value

    def items(self, obj: Mapping[str, Any], key: str, path: str) -> list[Any]:
        """The list at `obj[key]` (empty when missing or not a list: problem recorded)."""
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.add(at(path, key), f"expected a list, got {json_kind(value)}")
            return []
        return value

    def tuple_of(self, value: object, path: str, size: int, shape: str) -> list[Any] | None:
        if not isinstance(value, list) or len(value) != size:
            self.add(path, f"expected {shape}")
            return None
        return value

    # Scalars ------------------------------------------------------------------------------

    def text(
        self, obj: Mapping[str, Any], key: str, path: str, *, empty: bool = True, default: str = ""
    ) -> str:
        if key not in obj:
            return default
        value = obj[key]
        if not isinstance(value, str):
            self.add(at(path, key), f"expected a string, got {json_kind(value)}")
            return default
        if not empty and not value.strip():
            self.add(at(path, key), "must not be empty")
        return value

    def optional_text(self, obj: Mapping[str, Any], key: str, path: str) -> str | None:
        value = obj.get(key)
        if value is None:
            return None
        return self.text(obj, key, path, empty=False)

    def strings(self, obj: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        out = []
        for index, value in enumerate(self.items(obj, key, path)):
            if isinstance(value, str):
                out.append(value)
            else:
                self.add(at(at(path, key), index), f"expected a string, got {json_kind(value)}")
        return tuple(out)

    def integer(
        self, obj: Mapping[str, Any], key: str, path: str, *, minimum: int = 0, default: int = 0
    ) -> int:
        value = obj.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(at(path, key), f"expected a whole number, got {json_kind(value)}")
            return default
        if value < minimum:
            self.add(at(path, key), f"{value} is less than {minimum}")
            return default
        return value

    def optional_integer(
        self, obj: Mapping[str, Any], key: str, path: str, *, minimum: int = 0
    ) -> int | None:
        if obj.get(key) is None:
            return None
        return self.integer(obj, key, path, minimum=minimum)

    def boolean(self, obj: Mapping[str, Any], key: str, path: str) -> bool:
        value = obj.get(key, False)
        if not isinstance(value, bool):
            self.add(at(path, key), f"expected true or false, got {json_kind(value)}")
            return False
        return value

    def one_of(self, value: object, path: str, allowed: tuple[str, ...]) -> str:
        if value is MISSING:
            return allowed[0]
        if value not in allowed:
            self.add(path, choice_message(value, allowed))
            return allowed[0]
        return str(value)

    def choice(self, enum: type[E], value: object, path: str) -> E:
        """A member of a domain enum (parsed by the enum itself; results remembered)."""
        if value is MISSING:
            return next(iter(enum))
        if isinstance(value, str):
            known = self._choices.get((enum, value))
            if known is not None:
                return known  # type: ignore[return-value]
        try:
            member = parse_choice(enum, value, path)
        except DomainError:
            self.add(path, choice_message(value, enum_values(enum)))
            return next(iter(enum))
        self._choices[(enum, value)] = member  # type: ignore[index]
        return member

    def date(self, value: object, path: str) -> dt.date:
        if value is MISSING:
            return dt.date.min
        if isinstance(value, str):
            known = self._dates.get(value)
            if known is not None:
                return known
        parsed = self._domain(parse_date, value, path, dt.date.min)
        if isinstance(value, str) and parsed is not dt.date.min:
            self._dates[value] = parsed
        return parsed

    def optional_date(self, value: object, path: str) -> dt.date | None:
        return None if value is None or value is MISSING else self.date(value, path)

    def month(self, value: object, path: str) -> Period:
        if value is MISSING:
            return Period(1, 1)
        return self._domain(Period.parse, value, path, Period(1, 1))

    def timestamp(self, value: object, path: str) -> dt.datetime | None:
        if value is None or value is MISSING:
            return None
        if isinstance(value, str) and _DATETIME.fullmatch(value):
            try:
                return dt.datetime.fromisoformat(value)
            except ValueError:
                pass
        self.add(path, f"{_shown(value)} is not a time written YYYY-MM-DDTHH:MM:SS")
        return None

    def money(
        self, value: object, currency: str, path: str, *, allow_negative: bool = False
    ) -> Decimal:
        if not self._number_text(value, path, "120.00"):
            return Decimal(0)
        return self._domain(
            lambda v, f: parse_money(v, currency, f, allow_negative=allow_negative),
            value,
            path,
            Decimal(0),
        )

    def optional_money(self, value: object, currency: str, path: str) -> Decimal | None:
        return None if value is None or value is MISSING else self.money(value, currency, path)

    def rate(self, value: object, path: str) -> Decimal:
        if not self._number_text(value, path, "0.10"):
            return Decimal(0)
        rate = self._domain(parse_rate, value, path, Decimal(0))
        if -rate.as_tuple().exponent > RATE_SCALE:  # type: ignore[operator]
            self.add(path, f"{value} has more than {RATE_SCALE} decimals")
        return rate

    def quantity(self, value: object, path: str) -> Decimal:
        if not self._number_text(value, path, "3"):
            return Decimal(0)
        if not _DECIMAL.fullmatch(str(value)):
            self.add(path, f"{_shown(value)} is not a number such as 3 or 1.5")
            return Decimal(0)
        quantity = Decimal(str(value))
        if -quantity.as_tuple().exponent > QUANTITY_DECIMALS:  # type: ignore[operator]
            self.add(path, f"{value} has more than {QUANTITY_DECIMALS} decimals")
        return quantity

    # Helpers ------------------------------------------------------------------------------

    def _number_text(self, value: object, path: str, example: str) -> bool:
        """Amounts are JSON strings: a float would already have lost its exact value."""
        if value is MISSING:
            return False
        if isinstance(value, float):
            self.add(path, f'{value!r} is a float; write the amount as a string, e.g. "{example}"')
            return False
        if not isinstance(value, str):
            self.add(path, f'expected a string such as "{example}", got {json_kind(value)}')
            return False
        return True

    def _domain(self, parse: Callable[[Any, str], T], value: object, path: str, default: T) -> T:
        try:
            return parse(value, path)
        except DomainError as error:
            self.add(path, error.message)
            return default


def _shown(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else json_kind(value)
