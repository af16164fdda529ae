"""What the workspace file's checks share: JSON paths, the words for JSON kinds and choices,
the one spelling of rates and quantities, and `Checker`, the list of a file's problems."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from advisor_desk.services.validation import EMAIL


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
    return f"{shown(value)} is not one of {', '.join(allowed)}"


def enum_values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


def format_rate(value: Decimal) -> str:
    """A rate's one spelling: at least two decimals, no trailing zeros beyond ("0.20", "0.125")."""
    normal = value.normalize()
    if int(normal.as_tuple().exponent) > -2:  # finite, so an int
        normal = normal.quantize(Decimal("0.01"))
    return f"{normal:f}"


def format_quantity(value: Decimal) -> str:
    """A quantity's one spelling: no trailing zeros ("3", "1.5", "-2")."""
    text = f"{value.normalize():f}"
    return "0" if text == "-0" else text


class Checker:
    """Collects `(json path, message)` problems of a file (`root`: the place of the whole)."""

    def __init__(self, root: str = "file") -> None:
        self.root = root
        self.problems: list[tuple[str, str]] = []

    def add(self, place: str, message: str) -> None:
        self.problems.append((place, message))


def shown(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else json_kind(value)
