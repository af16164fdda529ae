"""Column types that keep money and rates exact on every database."""

from __future__ import annotations

import datetime as dt
import os
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


# services/clock.py's frozen "today" (YYYY-MM-DD), and when that frozen clock started (Unix
# seconds, set once by whoever freezes it for several processes, e.g. the test suite).
TODAY_VARIABLE = "ADVISOR_DESK_TODAY"
CLOCK_STARTED_VARIABLE = "ADVISOR_DESK_CLOCK_STARTED"
FROZEN_DAY_STARTS = dt.time(9, 0)


def utcnow() -> dt.datetime:
    """Now in UTC (naive, as stored): the time rows are stamped with (`updated_at`, sessions,
    the access log). With "today" frozen, the stamps are on that day too, so what depends on
    both (a client idle for 60 days, a session's age) agrees whatever the real date: 09:00 on
    the frozen day plus the time since the frozen clock started (the same in every process
    given the start), or the real time of day on the frozen day."""
    real = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    frozen = os.environ.get(TODAY_VARIABLE)
    if not frozen:
        return real
    try:
        day = dt.date.fromisoformat(frozen)
    except ValueError:
        return real  # services/clock.today() names the bad value
    started = os.environ.get(CLOCK_STARTED_VARIABLE)
    if started:
        try:
            since = real - dt.datetime.fromtimestamp(float(started), dt.UTC).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError):
            since = None
        if since is not None:
            return dt.datetime.combine(day, FROZEN_DAY_STARTS) + max(since, dt.timedelta(0))
    return dt.datetime.combine(day, real.time())
