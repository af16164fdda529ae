"""A month to look at: this month by default, past months as history, next ones projected."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QWidget

from advisor_desk.domain.periods import Period

HISTORY_MONTHS = 36
PROJECTED_MONTHS = 3


def period_kind(period: Period, current: Period) -> str:
    if period == current:
        return "this month"
    return "projection" if period > current else "history"


def month_label(period: Period, current: Period) -> str:
    return f"{period.first_day:%B %Y} · {period_kind(period, current)}"


class PeriodPicker(QWidget):
    period_changed = Signal(object)  # Period

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current = Period.of(today)
        self.combo = QComboBox()
        self.combo.setAccessibleName("Period")
        self.combo.setMinimumContentsLength(22)
        first = self.current
        for _ in range(HISTORY_MONTHS):
            first = first.prev()
        last = self.current
        for _ in range(PROJECTED_MONTHS):
            last = last.next()
        for period in reversed(Period.range(first, last)):  # newest on top, as in a calendar
            self.combo.addItem(month_label(period, self.current), str(period))
        self.earlier = QToolButton()
        self.earlier.setArrowType(Qt.ArrowType.LeftArrow)
        self.earlier.setToolTip("Previous month")
        self.earlier.setAutoRaise(True)
        self.later = QToolButton()
        self.later.setArrowType(Qt.ArrowType.RightArrow)
        self.later.setToolTip("Next month")
        self.later.setAutoRaise(True)
        # What the month's figures are, said in plain text: a pill here read as a button
        # ("History", "This month, so far") that did nothing when clicked.
        self.kind = QLabel()
        self.kind.setObjectName("PeriodKind")
        self.kind.setProperty("role", "muted")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.earlier)
        layout.addWidget(self.combo)
        layout.addWidget(self.later)
        layout.addSpacing(6)
        layout.addWidget(self.kind)
        self.earlier.clicked.connect(lambda: self._step(+1))
        self.later.clicked.connect(lambda: self._step(-1))
        self.combo.currentIndexChanged.connect(self._on_combo_index_changed)
        self.set_period(self.current)

    @property
    def period(self) -> Period:
        return Period.parse(self.combo.currentData())

    def set_period(self, period: Period) -> None:
        index = self.combo.findData(str(period))
        if index >= 0 and index != self.combo.currentIndex():
            self.combo.setCurrentIndex(index)
        else:
            self._show_kind()

    def _step(self, rows: int) -> None:
        index = self.combo.currentIndex() + rows
        if 0 <= index < self.combo.count():
            self.combo.setCurrentIndex(index)

    def _show_kind(self) -> None:
        kind = period_kind(self.period, self.current)
        texts = {
            "this month": "Running figures, so far this month",
            "projection": "Projection: today's licenses carried forward",
            "history": "A past month, as billed",
        }
        self.kind.setText(texts[kind])
        index = self.combo.currentIndex()
        self.earlier.setEnabled(index < self.combo.count() - 1)
        self.later.setEnabled(index > 0)

    def _on_combo_index_changed(self, _index: int) -> None:
        self._show_kind()
        self.period_changed.emit(self.period)
