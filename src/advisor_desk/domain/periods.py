"""Periods (calendar months) and half-open date intervals `[start, end)`."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from .errors import DomainError

_PERIOD = re.compile(r"([0-9]{4})-([0-9]{2})")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _is_valid_month(year: int, month: int) -> bool:
    # 9999-12 is refused because its `end` (the next month's first day) is not a date.
    return 1 <= year <= 9999 and 1 <= month <= 12 and (year, month) != (9999, 12)


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month, written `YYYY-MM`."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not _is_valid_month(self.year, self.month):
            raise DomainError("period", f"{self.year:04d}-{self.month:02d} is not a valid month")

    @classmethod
    def parse(cls, s: object, field: str = "period") -> Period:
        """Strictly `YYYY-MM`, e.g. "2026-11"."""
        match = _PERIOD.fullmatch(s) if isinstance(s, str) else None
        if match is None:
            raise DomainError(field, f"{s!r} is not a month written YYYY-MM")
        year, month = int(match[1]), int(match[2])
        if not _is_valid_month(year, month):
            raise DomainError(field, f"{s!r} is not a valid month")
        return cls(year, month)

    @classmethod
    def of(cls, d: date) -> Period:
        return cls(d.year, d.month)

    @classmethod
    def range(cls, first: Period, last: Period) -> list[Period]:
        """Every period from `first` to `last`, both included (empty if last < first)."""
        periods: list[Period] = []
        current = first
        while current <= last:
            periods.append(current)
            if current == last:
                break
            current = current.next()
        return periods

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @cached_property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @cached_property
    def end(self) -> date:
        """The first day of the next month: the period is `[first_day, end)`."""
        return self.next().first_day

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    def next(self) -> Period:
        return Period(self.year + 1, 1) if self.month == 12 else Period(self.year, self.month + 1)

    def prev(self) -> Period:
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)


def has_ended(period: Period, today: date) -> bool:
    """Whether every day of `period` is before `today` (a date in the partner's time zone)."""
    return today >= period.end


def check_period_ended(period: Period, today: date, field: str = "period") -> None:
    """Refuse to issue a document for a month that has not ended yet (billing-rules.md,
    "Issuing"): later changes to that month would never be billed. `today` is the date in the
    partner's time zone by the clock of whoever numbers (the server's, with a server)."""
    if not has_ended(period, today):
        raise DomainError(
            field,
            f"{period} has not ended yet (today is {today.isoformat()} in the partner's time "
            f"zone): its documents can be issued from {period.end.isoformat()} on",
        )


@dataclass(frozen=True)
class Interval:
    """The days `[start, end)`: `start` included, `end` excluded; `end=None` is open."""

    start: date
    end: date | None

    def overlaps(self, start: date, end: date | None) -> bool:
        """True if this interval and `[start, end)` share at least one day."""
        return self.clip(start, end) is not None

    def overlaps_period(self, p: Period) -> bool:
        return self.overlaps(p.first_day, p.end)

    def contains(self, d: date) -> bool:
        return self.start <= d and (self.end is None or d < self.end)

    def clip(self, start: date, end: date | None) -> Interval | None:
        """The days shared with `[start, end)`, or None if there are none."""
        new_start = max(self.start, start)
        ends = [e for e in (self.end, end) if e is not None]
        new_end = min(ends) if ends else None
        if new_end is not None and new_end <= new_start:
            return None
        return Interval(new_start, new_end)


def parse_date(s: object, field: str) -> date:
    """Strictly `YYYY-MM-DD` (date.fromisoformat alone also takes "20261101" and others)."""
    if not isinstance(s, str) or not _DATE.fullmatch(s):
        raise DomainError(field, f"{s!r} is not a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise DomainError(field, f"{s!r} is not a valid date") from None


def check_intervals(intervals: Sequence[Interval]) -> list[tuple[int, str]]:
    """Problems of a history of intervals, as (index, message); empty when it is valid.

    A valid history is sorted, without overlaps, and only its last interval may be open.
    """
    problems: list[tuple[int, str]] = []
    for index, interval in enumerate(intervals):
        if interval.end is not None and interval.end <= interval.start:
            problems.append((index, "ends before it starts"))
        if index > 0:
            before = intervals[index - 1]
            if interval.start < before.start or before.end is None or interval.start < before.end:
                problems.append((index, "overlaps the interval before it"))
        if interval.end is None and index < len(intervals) - 1:
            problems.append((index, "is open but is not the last interval"))
    return problems
