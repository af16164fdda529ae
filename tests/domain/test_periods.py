from datetime import date

import pytest

from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.periods import Interval, Period, check_intervals, parse_date

NOV = Period(2026, 11)


def test_period_basics() -> None:
    assert str(NOV) == "2026-11"
    assert str(Period(987, 3)) == "0987-03"
    assert NOV.first_day == date(2026, 11, 1)
    assert NOV.end == date(2026, 12, 1)
    assert NOV.days == 30
    assert Period.of(date(2026, 11, 30)) == NOV


@pytest.mark.parametrize(
    ("period", "days"),
    [
        (Period(2024, 2), 29),
        (Period(2026, 2), 28),
        (Period(1900, 2), 28),
        (Period(2000, 2), 29),
        (Period(2026, 1), 31),
    ],
)
def test_days(period: Period, days: int) -> None:
    assert period.days == days


def test_next_and_prev_cross_years() -> None:
    assert Period(2026, 12).next() == Period(2027, 1)
    assert Period(2027, 1).prev() == Period(2026, 12)
    assert NOV.next().prev() == NOV
    assert Period(2026, 12).end == date(2027, 1, 1)


def test_order() -> None:
    assert Period(2025, 12) < Period(2026, 1) < Period(2026, 2)
    assert max([Period(2026, 2), Period(2025, 12)]) == Period(2026, 2)


def test_range_is_inclusive() -> None:
    assert Period.range(Period(2026, 11), Period(2027, 2)) == [
        Period(2026, 11),
        Period(2026, 12),
        Period(2027, 1),
        Period(2027, 2),
    ]
    assert Period.range(NOV, NOV) == [NOV]
    assert Period.range(NOV, NOV.prev()) == []


def test_parse() -> None:
    assert Period.parse("2026-11") == NOV
    assert Period.parse("2026-01") == Period(2026, 1)


@pytest.mark.parametrize(
    "text",
    [
        "2026-13",
        "2026-00",
        "2026-1",
        "26-11",
        "2026/11",
        "2026-11-01",
        " 2026-11",
        "",
        "0000-01",
        "２０２６-11",
    ],
)
def test_parse_is_strict(text: str) -> None:
    with pytest.raises(DomainError, match=r"^agreement\.from: "):
        Period.parse(text, "agreement.from")


def test_parse_default_field_and_non_strings() -> None:
    with pytest.raises(DomainError, match="^period: "):
        Period.parse(202611)  # type: ignore[arg-type]


def test_invalid_month_cannot_be_built() -> None:
    with pytest.raises(DomainError):
        Period(2026, 13)


def test_parse_date() -> None:
    assert parse_date("2026-11-03", "advisor.active") == date(2026, 11, 3)
    for text in ["2026-02-30", "20261103", "2026-11-3", "2026-11-03T00:00", "03/11/2026", ""]:
        with pytest.raises(DomainError, match=r"^advisor\.active: "):
            parse_date(text, "advisor.active")


class TestInterval:
    def test_contains_is_half_open(self) -> None:
        interval = Interval(date(2026, 11, 1), date(2026, 11, 3))
        assert interval.contains(date(2026, 11, 1))
        assert interval.contains(date(2026, 11, 2))
        assert not interval.contains(date(2026, 11, 3))
        assert not interval.contains(date(2026, 10, 31))
        assert Interval(date(2026, 11, 1), None).contains(date(9999, 12, 31))

    def test_ending_on_the_first_is_not_in_that_month(self) -> None:
        assert not Interval(date(2026, 1, 1), date(2026, 11, 1)).overlaps_period(NOV)
        assert Interval(date(2026, 1, 1), date(2026, 11, 2)).overlaps_period(NOV)

    def test_starting_on_the_last_day_is_in_that_month(self) -> None:
        assert Interval(date(2026, 11, 30), None).overlaps_period(NOV)
        assert Interval(date(2026, 11, 30), date(2026, 12, 1)).overlaps_period(NOV)
        assert not Interval(date(2026, 12, 1), None).overlaps_period(NOV)

    def test_overlaps_open_ends(self) -> None:
        open_interval = Interval(date(2026, 11, 5), None)
        assert open_interval.overlaps(date(2030, 1, 1), None)
        assert open_interval.overlaps(date(2026, 1, 1), date(2026, 11, 6))
        assert not open_interval.overlaps(date(2026, 1, 1), date(2026, 11, 5))

    def test_empty_interval_overlaps_nothing(self) -> None:
        assert not Interval(date(2026, 11, 5), date(2026, 11, 5)).overlaps_period(NOV)

    def test_clip(self) -> None:
        interval = Interval(date(2026, 10, 20), None)
        assert interval.clip(NOV.first_day, NOV.end) == Interval(NOV.first_day, NOV.end)
        assert interval.clip(date(2026, 1, 1), None) == interval
        assert interval.clip(date(2026, 1, 1), date(2026, 10, 20)) is None
        assert Interval(date(2026, 11, 2), date(2026, 11, 4)).clip(date(2026, 11, 3), None) == (
            Interval(date(2026, 11, 3), date(2026, 11, 4))
        )


def _iv(start: str, end: str | None) -> Interval:
    return Interval(date.fromisoformat(start), None if end is None else date.fromisoformat(end))


def test_check_intervals_accepts_a_clean_history() -> None:
    assert check_intervals([]) == []
    assert check_intervals([_iv("2026-01-01", "2026-03-01"), _iv("2026-03-01", None)]) == []
    assert check_intervals([_iv("2026-01-01", "2026-02-01"), _iv("2026-05-01", "2026-06-01")]) == []


def test_check_intervals_reports_each_problem() -> None:
    assert check_intervals([_iv("2026-03-01", "2026-03-01")]) == [(0, "ends before it starts")]
    assert check_intervals([_iv("2026-03-01", "2026-02-01")]) == [(0, "ends before it starts")]
    assert check_intervals([_iv("2026-01-01", "2026-03-02"), _iv("2026-03-01", None)]) == [
        (1, "overlaps the interval before it")
    ]
    assert check_intervals([_iv("2026-05-01", "2026-06-01"), _iv("2026-01-01", "2026-02-01")]) == [
        (1, "overlaps the interval before it")
    ]
    assert check_intervals([_iv("2026-01-01", None), _iv("2026-05-01", "2026-06-01")]) == [
        (0, "is open but is not the last interval"),
        (1, "overlaps the interval before it"),
    ]
