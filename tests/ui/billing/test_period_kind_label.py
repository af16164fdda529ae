"""The billing period's kind ("so far this month", "a past month", "projection") is plain
text beside the picker, not a pill that reads as a button and does nothing when clicked."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel
from pytestqt.qtbot import QtBot

from advisor_desk.domain.periods import Period
from advisor_desk.ui.billing.period_picker import PeriodPicker


def test_the_period_kind_is_plain_text_that_follows_the_month(qtbot: QtBot) -> None:
    picker = PeriodPicker(dt.date(2026, 12, 6))
    qtbot.addWidget(picker)
    picker.show()
    kind = picker.kind
    assert isinstance(kind, QLabel)
    assert not isinstance(kind, QAbstractButton)
    assert kind.objectName() != "Badge"  # the pill style (a border, a fill) reads as a button
    assert kind.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert kind.text() == "Running figures, so far this month"
    picker.set_period(Period(2026, 10))
    assert kind.text() == "A past month, as billed"
    assert "History" not in kind.text()
    picker.set_period(Period(2027, 1))
    assert kind.text().startswith("Projection")
    with qtbot.assertNotEmitted(picker.period_changed):
        qtbot.mouseClick(kind, Qt.MouseButton.LeftButton)
