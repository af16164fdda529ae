"""Entity fields between JSON and Python values, checked against the store's columns.

The laptop's outbox holds fields as JSON (`store.outbox.to_json_value`); the server and the
laptop's pull turn them back with `decode_fields`, which refuses what the column cannot hold
(wrong type, too long, a float for money, an unknown field) with the field's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, LargeBinary, String, inspect

from advisor_desk.store.base import SYNC_COLUMNS
from advisor_desk.store.models import ENTITY_MODELS
from advisor_desk.store.outbox import to_json_value
from advisor_desk.store.types import FixedDecimal

Decoder = Callable[[Any], Any]
MAX_TEXT = 100_000


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
        return value

    return decode


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number")
    if abs(value) >= 2**63:
        raise ValueError("is out of range")
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _date(value: Any) -> dt.date:
    if not isinstance(value, str):
        raise ValueError("must be a date YYYY-MM-DD")
    return dt.date.fromisoformat(value)


def _datetime(value: Any) -> dt.datetime:
    if not isinstance(value, str):
        raise ValueError("must be a date-time")
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


def _json(value: Any) -> Any:
    if not isinstance(value, list | dict):
        raise ValueError("must be a list or an object")
    return value


def _binary(value: Any) -> bytes:
    if not isinstance(value, str) or len(value) > 4 * 1024 * 1024:
        raise ValueError("must be hex text")
    return bytes.fromhex(value)


def _fixed(scale: int) -> Decoder:
    def decode(value: Any) -> Decimal:
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise ValueError('write the amount as a string such as "12.50"')
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
        if not amount.is_finite() or abs(amount) >= Decimal(10) ** 14:
            raise ValueError(f"{value!r} is not a usable number")
        if amount.as_tuple().exponent < -scale:  # type: ignore[operator]
            raise ValueError(f"{value!r} has more than {scale} decimals")
        return amount

    return decode


def _decoder(column_type: Any) -> Decoder:
    if isinstance(column_type, FixedDecimal):
        return _fixed(column_type.scale)
    if isinstance(column_type, Boolean):
        return _boolean
    if isinstance(column_type, Integer):
        return _integer
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


@cache
def field_decoders(entity: str) -> dict[str, tuple[Decoder, bool]]:
    """Each entity field's decoder and whether it may be null."""
    model = ENTITY_MODELS[entity]
    decoders: dict[str, tuple[Decoder, bool]] = {}
    for column in inspect(model).columns:
        if column.key in SYNC_COLUMNS:
            continue
        decoders[column.key] = (_decoder(column.type), bool(column.nullable))
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
        try:
            out[name] = decode(value)
        except (ValueError, TypeError) as error:
            raise FieldError(name, str(error) or "has the wrong type") from None
    return out


def encode_value(value: Any) -> Any:
    return to_json_value(value)


def encode_fields(entity: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """JSON fields of a row mapping (entity fields only)."""
    names = field_decoders(entity)
    return {name: to_json_value(values[name]) for name in names if name in values}
