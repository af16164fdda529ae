"""The one error type of the domain: bad input, named by the field it came from."""

from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


class DomainError(ValueError):
    """A value that breaks a rule; `field` says where it came from (e.g. `agreement.tax_rate`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def parse_choice(enum: type[E], value: object, field: str) -> E:
    """The member of a string enum whose value is exactly `value`, else a DomainError."""
    if isinstance(value, str):
        try:
            return enum(value)
        except ValueError:
            pass
    allowed = ", ".join(member.value for member in enum)
    raise DomainError(field, f"{value!r} is not one of: {allowed}")
