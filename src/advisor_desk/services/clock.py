"""Today's date in the partner's time zone: advisor_desk/clock.py's, under the services' name
(the store's first rows use the same module without importing the services)."""

from __future__ import annotations

from advisor_desk.clock import TODAY_VARIABLE, now_utc, today

__all__ = ["TODAY_VARIABLE", "now_utc", "today"]
