"""The workspace file's field types as pydantic v2 annotations, and its errors in our words.

Every record of a file is a pydantic model (`Model`: strict JSON types, unknown keys
refused); `read(model, value, path, ck, context)` validates one and turns each pydantic error
into a `(JSON path, message)` problem: `clients[3].members[0].email`, `missing key "name"`,
`expected a list, got a string`. A field whose rule is the domain's (a date, an amount, a
choice) raises `Bad(message)`; a model check that finds problems elsewhere in its record
raises `Bad` with `(suffix, message)` pairs, the suffix relative to the record
(`".archived"`, `"[2]"`). A message may name the record's own path with `HERE`.

`context["currency"]` is the currency amounts are read in: the partner's for content, set by
an agreement's or a document's own `currency` field as it is read (fields are validated in
the order the model declares them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any, ClassVar, TypeVar

import pydantic
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from advisor_desk.domain.errors import DomainError, parse_choice
from advisor_desk.domain.money import parse_money, parse_rate
from advisor_desk.domain.periods import Interval, Period, check_intervals, parse_date
from advisor_desk.services.workspace.checks import (
    Checker,
    choice_message,
    enum_values,
    is_email,
    json_kind,
    shown,
)
from advisor_desk.services.workspace.field_errors import HERE, problems_of
from advisor_desk.services.workspace.records import DEFAULT_CURRENCY
from advisor_desk.store.types import RATE_SCALE

E = TypeVar("E", bound=StrEnum)
M = TypeVar("M", bound="Model")
T = TypeVar("T")
QUANTITY_DECIMALS = 4  # document line quantities are stored like money (store.types.Money)
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{6})?")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_TIME_SHAPE = "a time written YYYY-MM-DDTHH:MM:SS"


class Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", arbitrary_types_allowed=True)

    RECORD: ClassVar[Any] = None  # the records.py class a record of the file becomes
    RENAMED: ClassVar[dict[str, str]] = {}  # fields the record names otherwise

    def record(self) -> Any:
        """The loader's plain value (records.py): lists as tuples, nested models as records."""
        wanted = {field.name for field in dataclasses.fields(self.RECORD)}
        named = ((self.RENAMED.get(key, key), value) for key, value in self)
        return self.RECORD(**{key: _plain(value) for key, value in named if key in wanted})

    def problems(self, info: pydantic.ValidationInfo) -> Iterable[tuple[str, str]]:
        """The record's own rules, once its fields are read: `(suffix, message)` pairs."""
        return ()

    @model_validator(mode="after")
    def _checked(self, info: pydantic.ValidationInfo) -> Model:
        found = list(self.problems(info))
        if found:
            raise fail(found)
        return self


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return value.record()
    if isinstance(value, list):
        return tuple(_plain(item) for item in value)
    return value


class Bad(Exception):
    """Problems of a value: `Bad("message")` at the value, or `Bad([(suffix, message), …])`."""

    def __init__(self, problems: str | list[tuple[str, str]]) -> None:
        super().__init__(problems)
        self.problems = [("", problems)] if isinstance(problems, str) else problems


def fail(problems: str | list[tuple[str, str]]) -> PydanticCustomError:
    return PydanticCustomError("workspace", "problems", {"problems": Bad(problems).problems})


def checked(check: Callable[..., T]) -> Callable[..., T]:
    """`check(value[, info])` with its `Bad` or DomainError raised as a pydantic error."""
    takes_info = check.__code__.co_argcount == 2

    def run(value: Any, info: pydantic.ValidationInfo) -> T:
        try:
            return check(value, info) if takes_info else check(value)
        except Bad as bad:
            raise fail(bad.problems) from None
        except DomainError as error:
            raise fail(error.message) from None

    return run


def not_null(expected: str) -> BeforeValidator:
    """Refuses a null given for a field whose None (its default) only means "left out"."""

    def check(value: object) -> object:
        if value is None:
            raise Bad(f"expected {expected}, got null")
        return value

    return BeforeValidator(checked(check))


def plain(check: Callable[..., Any]) -> PlainValidator:
    return PlainValidator(checked(check))


def after(check: Callable[..., Any]) -> AfterValidator:
    return AfterValidator(checked(check))


def read(
    model: type[M], value: object, path: str, ck: Checker, context: dict[str, Any] | None = None
) -> M | None:
    """`value` validated as `model`, or None with every problem added to `ck`."""
    try:
        return model.model_validate(value, context=context)
    except pydantic.ValidationError as error:
        ck.problems += problems_of(error, path, ck.root)
        return None


# Texts and choices ----------------------------------------------------------------------------


def _name(value: str) -> str:
    if not value.strip():
        raise Bad("must not be empty")
    return value


def _email(value: str) -> str:
    if not is_email(_name(value)):
        raise Bad(f'"{value}" is not an email address')
    return value


def version_text(value: str) -> str:
    if len(value) > 32:
        raise Bad("is longer than 32 characters")
    return value


Name = Annotated[str, after(_name)]  # a text that must not be blank
Email = Annotated[str, after(_email)]
VersionText = Annotated[str, after(version_text)]
Count = Annotated[int, Field(ge=0)]


def one_of(allowed: tuple[str, ...]) -> PlainValidator:
    def check(value: object) -> str:
        if value not in allowed:
            raise Bad(choice_message(value, allowed))
        return str(value)

    return plain(check)


def member_of(enum: type[E], value: object) -> E:
    """A member of a domain enum, parsed by the enum itself (the answers remembered)."""
    try:
        return _member(enum, value) if isinstance(value, str) else parse_choice(enum, value, "")
    except DomainError:
        raise Bad(choice_message(value, enum_values(enum))) from None


@lru_cache(maxsize=1024)
def _member(enum: type[E], value: str) -> E:
    return parse_choice(enum, value, "")


def choice(enum: type[StrEnum]) -> PlainValidator:
    return plain(lambda value: member_of(enum, value))


def pair_of(shape: str, size: int, build: Callable[..., T]) -> PlainValidator:
    """A JSON list of `size` entries (else "expected `shape`"), read by `build(*entries)`;
    problems of its entries are the list's own."""

    def check(value: object) -> T:
        if not isinstance(value, list) or len(value) != size:
            raise Bad(f"expected {shape}")
        return build(*value)

    return plain(check)


# Dates and times ------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _date(value: str) -> dt.date:
    return parse_date(value, "")


def date(value: object) -> dt.date:
    return _date(value) if isinstance(value, str) else parse_date(value, "")


def optional_date(value: object) -> dt.date | None:
    return None if value is None else date(value)


def month(value: object) -> Period:
    return Period.parse(value, "")


def timestamp(value: object) -> dt.datetime | None:
    return None if value is None else _timestamp(value)


def _timestamp(value: object) -> dt.datetime:
    if isinstance(value, str) and _DATETIME.fullmatch(value):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise Bad(f"{shown(value)} is not {_TIME_SHAPE}")


def required_time(value: object) -> dt.datetime:
    if value is None:
        raise Bad(f"expected {_TIME_SHAPE}, got null")
    return _timestamp(value)


Date = Annotated[dt.date, plain(date)]
OptionalDate = Annotated[dt.date | None, plain(optional_date)]
Month = Annotated[Period, plain(month)]
Timestamp = Annotated[dt.datetime | None, plain(timestamp)]
Time = Annotated[dt.datetime, plain(required_time)]


def history(intervals: list[Interval]) -> list[Interval]:
    """The domain's interval rules, each problem at its entry."""
    problems = [(f"[{index}]", message) for index, message in check_intervals(intervals)]
    if problems:
        raise Bad(problems)
    return intervals


def in_month_order(entries: list[tuple[Period, T]]) -> list[tuple[Period, T]]:
    problems = [
        (f"[{index}]", "is before the month before it")
        for index in range(1, len(entries))
        if entries[index][0] < entries[index - 1][0]
    ]
    if problems:
        raise Bad(problems)
    return entries


Interval2 = Annotated[
    Interval,
    pair_of(
        '["YYYY-MM-DD", "YYYY-MM-DD" or null]',
        2,
        lambda start, end: collect(Interval, (date, start), (optional_date, end)),
    ),
]
Intervals = Annotated[list[Interval2], after(history)]


def collect(build: Callable[..., T], *parts: tuple[Callable[[Any], Any], object]) -> T:
    """`build` of each `(parse, value)` parsed; the problems of all of them at once."""
    values, problems = [], []
    for parse, value in parts:
        try:
            values.append(parse(value))
        except Bad as bad:
            problems += bad.problems
        except DomainError as error:
            problems.append(("", error.message))
    if problems:
        raise Bad(problems)
    return build(*values)


# Amounts ---------------------------------------------------------------------------------------


def _number_text(value: object, example: str) -> str:
    """Amounts are JSON strings: a float would already have lost its exact value."""
    if isinstance(value, float):
        raise Bad(f'{value!r} is a float; write the amount as a string, e.g. "{example}"')
    if not isinstance(value, str):
        raise Bad(f'expected a string such as "{example}", got {json_kind(value)}')
    return value


def currency_of(info: pydantic.ValidationInfo) -> str:
    context = info.context or {}
    return str(context.get("currency", DEFAULT_CURRENCY))


def money(value: object, info: pydantic.ValidationInfo) -> Decimal:
    return parse_money(_number_text(value, "120.00"), currency_of(info), "")


def optional_money(value: object, info: pydantic.ValidationInfo) -> Decimal | None:
    return None if value is None else money(value, info)


def signed_money(value: object, info: pydantic.ValidationInfo) -> Decimal:
    text = _number_text(value, "120.00")
    return parse_money(text, currency_of(info), "", allow_negative=True)


def _decimals(number: Decimal) -> int:
    """How many decimals a finite number is written with (0 for 12, 3 for 1.250)."""
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0  # not finite: never parsed here


def rate(value: object) -> Decimal:
    parsed = parse_rate(_number_text(value, "0.10"), "")
    if _decimals(parsed) > RATE_SCALE:
        raise Bad(f"{value} has more than {RATE_SCALE} decimals")
    return parsed


def quantity(value: object) -> Decimal:
    text = _number_text(value, "3")
    if not _DECIMAL.fullmatch(text):
        raise Bad(f"{shown(value)} is not a number such as 3 or 1.5")
    parsed = Decimal(text)
    if _decimals(parsed) > QUANTITY_DECIMALS:
        raise Bad(f"{value} has more than {QUANTITY_DECIMALS} decimals")
    return parsed


Money = Annotated[Decimal, plain(money)]
OptionalMoney = Annotated[Decimal | None, plain(optional_money)]
SignedMoney = Annotated[Decimal, plain(signed_money)]
Rate = Annotated[Decimal, plain(rate)]
Quantity = Annotated[Decimal, plain(quantity)]


def once(seen: dict[Any, str], key: Any, suffix: str, what: str) -> list[tuple[str, str]]:
    """A problem at `suffix` when `key` was already seen (at the suffix kept for it)."""
    earlier = seen.setdefault(key, suffix)
    return [] if earlier == suffix else [(suffix, f"{what} is already at {HERE}{earlier}")]
