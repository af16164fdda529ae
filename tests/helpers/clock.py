"""The tests' clock: "today" is `ADVISOR_DESK_TODAY`, pinned for the run by tests/conftest.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from advisor_desk.services.clock import TODAY_VARIABLE

# The day the test firms were founded: their agreements are in force from this month on, so
# any period a test bills (2026-01 onwards) is covered whatever day the suite runs as.
FOUNDED = "2026-01-01"


@contextmanager
def pinned_today(day: str) -> Iterator[None]:
    """Run the block as if today were `day` (for seeding done in this process)."""
    previous = os.environ.get(TODAY_VARIABLE)
    os.environ[TODAY_VARIABLE] = day
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(TODAY_VARIABLE, None)
        else:
            os.environ[TODAY_VARIABLE] = previous
