"""A month is issued only once it has ended (issue 12, item 10): one rule for the laptop
and the server, on a date in the partner's time zone."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.periods import Period, check_period_ended, has_ended

D = dt.date


@pytest.mark.parametrize(
    ("period", "today", "ended"),
    [
        ("2026-11", D(2026, 11, 30), False),  # its last day
        ("2026-11", D(2026, 12, 1), True),
        ("2026-12", D(2026, 12, 31), False),
        ("2026-12", D(2027, 1, 1), True),  # 1 January
        ("2028-02", D(2028, 2, 29), False),  # a leap day
        ("2028-02", D(2028, 3, 1), True),
        ("2029-01", D(2028, 2, 29), False),  # next year
    ],
)
def test_has_ended(period: str, today: dt.date, ended: bool) -> None:
    assert has_ended(Period.parse(period), today) is ended


def test_the_refusal_names_the_month_and_when_it_can_be_issued() -> None:
    with pytest.raises(DomainError, match="2028-02 has not ended.*from 2028-03-01 on") as caught:
        check_period_ended(Period(2028, 2), D(2028, 2, 29))
    assert caught.value.field == "period"
    check_period_ended(Period(2028, 2), D(2028, 3, 1))
