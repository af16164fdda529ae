"""Entity fields between JSON and Python values, checked against the store's columns and
the domain's rules.

The laptop's outbox holds fields as JSON (`store.outbox.to_json_value`); the server and the
laptop's pull turn them back with `decode_fields` / `decode_row`, which refuse what the
column cannot hold (wrong type, too long, a NUL character, an integer or amount out of the
column's range, a float for money, an unknown field) and what the domain forbids (a license
tier `gold`, a period `2026-13`, tags that are not a list, an end before a start: the rules
of domain/field_rules.py, the laptop's own), each with the field's name. Nothing a database
would refuse gets past them, so one bad value is one rejected row, never a failed batch.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    String,
    inspect,
)

from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.field_rules import check_record, field_rule
from advisor_desk.domain.periods import parse_date
from advisor_desk.domain.values import storable_text
from advisor_desk.store.base import SYNC_COLUMNS
from advisor_desk.store.models import ENTITY_MODELS
from advisor_desk.store.outbox import to_json_value
from advisor_desk.store.types import FixedDecimal

Decoder = Callable[[Any], Any]
MAX_TEXT = 100_000
MAX_NUMBER_TEXT = 64  # characters of an amount written as text
INT32 = 2**31  # an Integer column: PostgreSQL `integer`
INT64 = 2**63  # a BigInteger column (and the scaled integer of an amount)
JSON_DEPTH = 32


class FieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _text(limit: int | None) -> Decoder:
    def decode(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError("must be text")
        if len(value) > (limit or MAX_TEXT):
            raise ValueError(f"longer than {limit or MAX_TEXT} characters")
        return _storable(value)

    return decode


def _storable(value: str) -> str:
    try:
        return storable_text(value, "")
    except DomainError as error:
        raise ValueError(error.message) from None


def _integer(bound: int) -> Decoder:
    def decode(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("must be a whole number")
        if not -bound <= value < bound:
            raise ValueError(f"{value} is out of range (from {-bound} to {bound - 1})")
        return value

    return decode


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _date(value: Any) -> dt.date:
    try:
        return parse_date(value, "")
    except DomainError as error:
        raise ValueError(error.message) from None


def _datetime(value: Any) -> dt.datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError("must be a date-time such as 2026-11-30T09:15:00")
    try:
        parsed = dt.datetime.fromisoformat(value)
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise ValueError(f"{value!r} is not a date-time such as 2026-11-30T09:15:00") from None
    return parsed


def _json(value: Any) -> Any:
    if not isinstance(value, list | dict):
        raise ValueError("must be a list or an object")
    _check_json(value, 0)
    return value


def _check_json(value: Any, depth: int) -> None:
    """What every database's JSON takes: no NaN or infinity, text without NUL, not too deep."""
    if depth > JSON_DEPTH:
        raise ValueError("is nested too deeply")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must not hold NaN or infinity")
    if isinstance(value, str):
        _storable(value)
    elif isinstance(value, list):
        for item in value:
            _check_json(item, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            _storable(key)
            _check_json(item, depth + 1)


def _binary(value: Any) -> bytes:
    if not isinstance(value, str) or len(value) > 4 * 1024 * 1024:
        raise ValueError("must be hex text")
    return bytes.fromhex(value)


def _fixed(scale: int) -> Decoder:
    limit = Decimal(INT64 - 1).scaleb(-scale)  # the scaled integer must fit a BigInteger

    def decode(value: Any) -> Decimal:
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise ValueError('write the amount as a string such as "12.50"')
        text = str(value)
        if len(text) > MAX_NUMBER_TEXT:
            raise ValueError(f"{text[:20]!r}... is too long for a number")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
        if not amount.is_finite() or abs(amount) >= Decimal(10) ** 14 or abs(amount) > limit:
            raise ValueError(f"{value!r} is not a usable number (too large or not finite)")
        exponent = amount.as_tuple().exponent  # an int: the amount is finite
        if isinstance(exponent, int) and exponent < -scale:
            raise ValueError(f"{value!r} has more than {scale} decimals")
        return amount

    return decode


def _decoder(column_type: Any) -> Decoder:
    if isinstance(column_type, FixedDecimal):
        return _fixed(column_type.scale)
    if isinstance(column_type, Boolean):
        return _boolean
    if isinstance(column_type, BigInteger):
        return _integer(INT64)
    if isinstance(column_type, Integer):
        return _integer(INT32)
    if isinstance(column_type, DateTime):
        return _datetime
    if isinstance(column_type, Date):
        return _date
    if isinstance(column_type, JSON):
        return _json
    if isinstance(column_type, LargeBinary):
        return _binary
    if isinstance(column_type, String):
        return _text(column_type.length)
    raise TypeError(f"no JSON decoder for {column_type!r}")


def _with_rule(entity: str, name: str, decode: Decoder) -> Decoder:
    """The column's decoder, then the domain's rule for the field; FieldError (a ValueError)
    names the field, so whoever skips the row can say which value was wrong."""
    rule = field_rule(entity, name)

    def checked(value: Any) -> Any:
        try:
            decoded = decode(value)
            return decoded if rule is None else rule(decoded, name)
        except DomainError as error:
            raise FieldError(name, error.message) from None
        except (ValueError, TypeError, OverflowError) as error:
            raise FieldError(name, str(error) or "has the wrong type") from None

    return checked


@cache
def field_decoders(entity: str) -> dict[str, tuple[Decoder, bool]]:
    """Each entity field's decoder (column type and domain rule) and whether it may be null."""
    model = ENTITY_MODELS[entity]
    decoders: dict[str, tuple[Decoder, bool]] = {}
    for column in inspect(model).columns:
        if column.key in SYNC_COLUMNS:
            continue
        decode = _with_rule(entity, column.key, _decoder(column.type))
        decoders[column.key] = (decode, bool(column.nullable))
    return decoders


def entity_field_names(entity: str) -> frozenset[str]:
    return frozenset(field_decoders(entity))


def decode_fields(entity: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Python values for `fields` of `entity`; FieldError names the first bad one."""
    decoders = field_decoders(entity)
    out: dict[str, Any] = {}
    for name, value in fields.items():
        known = decoders.get(name)
        if known is None:
            raise FieldError(name, f"is not a field of {entity}")
        decode, nullable = known
        if value is None:
            if not nullable:
                raise FieldError(name, "must not be empty (null)")
            out[name] = None
            continue
        out[name] = decode(value)  # FieldError names the field
    return out


def check_row(entity: str, values: Mapping[str, Any]) -> None:
    """The domain's rules across a row's decoded fields (an interval's end after its start,
    amounts in their currency's decimals); FieldError names the field."""
    try:
        check_record(entity, values)
    except DomainError as error:
        raise FieldError(error.field, error.message) from None


def decode_row(entity: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """A whole row's fields (as pulled) decoded and checked, or FieldError: the laptop's pull
    skips such a row instead of storing what its billing and exports could not read."""
    if entity not in ENTITY_MODELS:
        raise FieldError("entity", f"{entity!r} is not a synced entity")
    values = decode_fields(entity, fields)
    check_row(entity, values)
    return values


def row_problem(entity: str, fields: Mapping[str, Any]) -> str | None:
    """Why a pulled row cannot be stored ("tier: 'gold' is not one of: ..."), or None."""
    try:
        decode_row(entity, fields)
    except FieldError as error:
        return str(error)
    return None


def encode_value(value: Any) -> Any:
    return to_json_value(value)


def encode_fields(entity: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """JSON fields of a row mapping (entity fields only)."""
    names = field_decoders(entity)
    return {name: to_json_value(values[name]) for name in names if name in values}
