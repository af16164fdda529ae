"""Every date field of the window: a sensible range, four-digit years, and no silent dates.

A plain QDateEdit accepts 1 Jan 1900 (or 1752), and while its text is half typed
("7 Dec 990") `date()` still answers the last valid date, so a dialog would save a date the
user never saw. `DateEdit.checked_date()` reads what is shown: a date outside the range or
text that is not a date is a ValidationError naming the field, never another date.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDateEdit, QWidget

from advisor_desk.services.clock import today as clock_today
from advisor_desk.services.errors import ValidationError

EARLIEST = dt.date(2000, 1, 1)
YEARS_AHEAD = 5
DISPLAY_FORMAT = "d MMM yyyy"  # four-digit years: "7 Dec 2026", never "7 Dec 26"


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def show_day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


class DateEdit(QDateEdit):
    """A calendar-popup date field limited to [minimum, maximum] (default 2000 … today+5y)."""

    def __init__(
        self,
        day: dt.date,
        *,
        minimum: dt.date | None = None,
        maximum: dt.date | None = None,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        now = today or clock_today()
        low = minimum if minimum is not None else min(EARLIEST, day)
        high = maximum if maximum is not None else max(years_after(now, YEARS_AHEAD), day)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self.setDateRange(to_qdate(low), to_qdate(high))
        self.setDate(to_qdate(min(max(day, low), high)))
        self.setToolTip(f"A date from {show_day(low)} to {show_day(high)}")

    @property
    def earliest(self) -> dt.date:
        return from_qdate(self.minimumDate())

    @property
    def latest(self) -> dt.date:
        return from_qdate(self.maximumDate())

    def shows_its_date(self) -> bool:
        """True when the text on screen is exactly the date `date()` would give."""
        text = self.text()
        state = self.validate(text, len(text))
        acceptable = (state[0] if isinstance(state, tuple) else state) == (
            QValidator.State.Acceptable
        )
        return acceptable and text == self.locale().toString(self.date(), self.displayFormat())

    def checked_date(self, field: str) -> dt.date:
        """The date shown, or a ValidationError at `field` when the text is not such a date.

        Checked before `interpretText()`, which would replace half-typed text by the last
        valid date: that is the date the user did not see.
        """
        if not self.shows_its_date():
            raise ValidationError(
                [
                    (
                        field,
                        f"“{self.text().strip()}” is not a date from "
                        f"{show_day(self.earliest)} to {show_day(self.latest)}",
                    )
                ]
            )
        self.interpretText()
        return from_qdate(self.date())


def date_edit(
    day: dt.date,
    minimum: dt.date | None = None,
    *,
    maximum: dt.date | None = None,
    today: dt.date | None = None,
) -> DateEdit:
    """The one way the window makes a date field (see `DateEdit`)."""
    return DateEdit(day, minimum=minimum, maximum=maximum, today=today)
