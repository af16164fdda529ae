"""Date fields: a sensible range, four-digit years, and what is shown is what is saved."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateTimeEdit
from pytestqt.qtbot import QtBot

from advisor_desk.ui.admin.advisor_dialogs import DateDialog
from advisor_desk.ui.dates import DISPLAY_FORMAT, DateEdit, date_edit

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = dt.date(2026, 12, 6)
UI = Path(__file__).resolve().parents[2] / "src" / "advisor_desk" / "ui"


def type_date(qtbot: QtBot, edit: DateEdit, text: str) -> None:
    """Type over the field as a user does: from the day section, every key."""
    edit.setFocus()
    edit.setSelectedSection(QDateTimeEdit.Section.DaySection)
    qtbot.keyClicks(edit, text)


def deactivate_dialog(qtbot: QtBot, received: list[dt.date]) -> DateDialog:
    dialog = DateDialog(
        "Deactivate Ben",
        "Ben stops being active.",
        "Not active &from:",
        "&Deactivate",
        received.append,
        TODAY,
        minimum=dt.date(2025, 3, 1),
        today=TODAY,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_range_is_2000_to_five_years_ahead_with_four_digit_years(qtbot: QtBot) -> None:
    edit = date_edit(TODAY, today=TODAY)
    qtbot.addWidget(edit)
    assert edit.earliest == dt.date(2000, 1, 1)
    assert edit.latest == dt.date(2031, 12, 6)
    assert edit.displayFormat() == DISPLAY_FORMAT
    assert "yyyy" in DISPLAY_FORMAT
    assert edit.text() == "6 Dec 2026"


def test_a_typed_date_reaches_the_service_exactly(qtbot: QtBot) -> None:
    received: list[dt.date] = []
    dialog = deactivate_dialog(qtbot, received)
    type_date(qtbot, dialog.date_edit, "3 Feb 2027")
    assert dialog.date_edit.text() == "3 Feb 2027"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert received == [dt.date(2027, 2, 3)]


def test_a_half_typed_year_is_refused_not_replaced_by_another_date(qtbot: QtBot) -> None:
    received: list[dt.date] = []
    dialog = deactivate_dialog(qtbot, received)
    type_date(qtbot, dialog.date_edit, "7 Dec 990")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert received == []
    assert dialog.isVisible()
    message = dialog.errors.message_at("on")
    assert "is not a date from 1 Mar 2025 to 6 Dec 2031" in message


def test_1900_cannot_be_typed_into_an_advisor_start(qtbot: QtBot) -> None:
    edit = date_edit(TODAY, today=TODAY)
    qtbot.addWidget(edit)
    edit.show()
    type_date(qtbot, edit, "1 Jan 1900")
    assert not edit.shows_its_date()


def test_every_date_field_in_the_window_comes_from_ui_dates() -> None:
    makers = []
    for path in UI.rglob("*.py"):
        if path.name == "dates.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bQDate(Time)?Edit\(", text):
            makers.append(str(path.relative_to(UI)))
    assert makers == []
