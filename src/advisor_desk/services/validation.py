"""Checks of user input shared by services; each failure names its field."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from advisor_desk.domain.errors import DomainError
from advisor_desk.services.errors import ValidationError

T = TypeVar("T")

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def required_text(value: str | None, field: str, *, max_length: int = 200) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError([(field, "must not be empty")])
    if len(text) > max_length:
        raise ValidationError([(field, f"is longer than {max_length} characters")])
    return text


def email(value: str | None, field: str = "email") -> str:
    text = (value or "").strip().lower()
    if not EMAIL.match(text):
        raise ValidationError([(field, f"{value!r} is not an email address")])
    return text


def domain(value: str | None, field: str = "domain") -> str:
    """A website domain such as `acme.example`; empty is allowed (not every client has one)."""
    text = (value or "").strip().lower().removeprefix("https://").removeprefix("http://")
    text = text.removeprefix("www.").rstrip("/")
    if text and not DOMAIN.match(text):
        raise ValidationError([(field, f"{value!r} is not a website domain like acme.example")])
    return text


def employees(value: int | None, field: str = "employees") -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError([(field, f"{value!r} is not a number of employees")])
    return value


def tags(values: object, field: str = "tags") -> list[str]:
    if values is None:
        return []
    if isinstance(values, str) or not all(isinstance(v, str) for v in values):  # type: ignore[attr-defined]
        raise ValidationError([(field, "must be a list of words")])
    return sorted({v.strip() for v in values if v.strip()})  # type: ignore[attr-defined]


def domain_rule(parse: Callable[[], T]) -> T:
    """Run a domain parser, turning its DomainError into a ValidationError at the same field."""
    try:
        return parse()
    except DomainError as error:
        raise ValidationError([(error.field, error.message)]) from None
