"""Column types that keep money and rates exact on every database."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Dialect
from sqlalchemy.types import TypeDecorator


def new_id() -> str:
    """A row id made where the row is created, so offline creation needs no server."""
    return str(uuid.uuid4())


class FixedDecimal(TypeDecorator[Decimal]):
    """A Decimal stored as a scaled integer (value × 10**scale).

    SQLite has no exact decimal type (NUMERIC silently becomes REAL), so money and rates are
    stored as integers; values with more decimals than `scale` are refused, never rounded.
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, scale: int) -> None:
        super().__init__()
        self.scale = scale
        self._factor = Decimal(10) ** scale

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"FixedDecimal takes Decimal, not {type(value).__name__}")
        scaled = value * self._factor
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.scale} decimals")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.scale)


MONEY_SCALE = 4
RATE_SCALE = 6


def Money() -> FixedDecimal:  # noqa: N802 - reads like a type in column declarations
    return FixedDecimal(MONEY_SCALE)


def Rate() -> FixedDecimal:  # noqa: N802
    return FixedDecimal(RATE_SCALE)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
