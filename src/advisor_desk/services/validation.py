"""Checks of user input shared by services; each failure names its field.

The rules themselves are the domain's (domain/values.py): the server checks every pushed
field with the same ones (domain/field_rules.py), so what a laptop stores always syncs and
what another laptop pulls is always what this one could have stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from advisor_desk.domain import values as rules
from advisor_desk.domain.errors import DomainError
from advisor_desk.services.errors import ValidationError

T = TypeVar("T")

EMAIL = rules.EMAIL
DOMAIN = rules.WEB_DOMAIN


class Problems:
    """Every problem of a form at once: run each field's check through `check`, then `done()`
    raises one ValidationError naming all the fields that failed (not just the first)."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []

    def check(self, rule: Callable[..., T], *args: object, **kwargs: object) -> T | None:
        try:
            return rule(*args, **kwargs)
        except ValidationError as error:
            self.found.extend(error.problems)
        except DomainError as error:
            self.found.append((error.field, error.message))
        return None

    def done(self) -> None:
        if self.found:
            raise ValidationError(self.found)


def domain_rule(parse: Callable[[], T]) -> T:
    """Run a domain parser, turning its DomainError into a ValidationError at the same field."""
    try:
        return parse()
    except DomainError as error:
        raise ValidationError([(error.field, error.message)]) from None


def required_text(value: str | None, field: str, *, max_length: int = 200) -> str:
    return domain_rule(lambda: rules.required_text(value, field, max_length=max_length))


def email(value: str | None, field: str = "email") -> str:
    text = (value or "").strip().lower()
    return domain_rule(lambda: rules.email_address(text, field))


def domain(value: str | None, field: str = "domain") -> str:
    """A website domain such as `acme.example`; empty is allowed (not every client has one)."""
    text = (value or "").strip().lower().removeprefix("https://").removeprefix("http://")
    text = text.removeprefix("www.").rstrip("/")
    if text and not DOMAIN.match(text):  # the message shows what the user typed
        raise ValidationError([(field, f"{value!r} is not a website domain like acme.example")])
    return domain_rule(lambda: rules.web_domain(text, field))


def address(value: str | None, field: str = "address") -> str:
    """A postal address as typed (empty allowed): line breaks made "\\n", each line's trailing
    spaces and the blank space around the whole dropped."""
    if value is not None and not isinstance(value, str):
        raise ValidationError([(field, "must be text")])
    lines = (value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    text = "\n".join(line.rstrip() for line in lines).strip()
    return domain_rule(lambda: rules.postal_address(text, field))


def employees(value: int | None, field: str = "employees") -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError([(field, f"{value!r} is not a number of employees")])
    return domain_rule(lambda: rules.whole_number(value, field, what="employees"))


def split_words(text: str) -> list[str]:
    """Tags typed on one line ("audit, iso 27001,"): the comma-separated words, trimmed, none
    blank — what a form's or the command line's tags field means (`tags` then checks them)."""
    return [word.strip() for word in text.split(",") if word.strip()]


def tags(values: object, field: str = "tags") -> list[str]:
    """Tags as the store keeps them: a sorted list of distinct words, none blank."""
    if values is None:
        return []
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise ValidationError([(field, "must be a list of words")])
    entries = list(values)
    if not all(isinstance(v, str) for v in entries):
        raise ValidationError([(field, "must be a list of words")])
    cleaned = sorted({v.strip() for v in entries if v.strip()})
    return domain_rule(lambda: rules.word_list(cleaned, field))
