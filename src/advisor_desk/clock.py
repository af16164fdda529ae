"""Today's date in the partner's time zone (billing dates are calendar dates there).

The one clock of the laptop, the command line and the server: stdlib only, at the bottom of
the layers, so the store's first rows (store/first_rows.py, read before SQLAlchemy or any
service loads) and the services (services/clock.py re-exports these names) share it.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Set to YYYY-MM-DD to freeze "today" (reproducible demos, scripted checks, tests).
TODAY_VARIABLE = "ADVISOR_DESK_TODAY"


def today(timezone: str = "UTC") -> dt.date:
    """Today in `timezone` (an unknown zone counts as UTC); the frozen day when frozen."""
    frozen = os.environ.get(TODAY_VARIABLE)
    if frozen:
        return dt.date.fromisoformat(frozen)
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return dt.datetime.now(zone).date()


def now_utc() -> dt.datetime:
    """The current UTC time (naive, as stored); midnight of the frozen day when frozen."""
    frozen = os.environ.get(TODAY_VARIABLE)
    if frozen:
        return dt.datetime.combine(dt.date.fromisoformat(frozen), dt.time())
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
