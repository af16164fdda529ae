"""Small layout helpers of the Documents section."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget


def runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs of consecutive rows: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for row in sorted(rows):
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def button_bar(buttons: dict[str, QPushButton], keys: Sequence[str]) -> QWidget:
    """A row of buttons, "|" a gap between groups. Every button stays in sight: the row asks
    for its whole width (a QToolBar hid what did not fit behind an overflow arrow that could
    not be seen, so "Open folder" vanished on a laptop)."""
    bar = QWidget()
    bar.setObjectName("SectionBar")
    row = QHBoxLayout(bar)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    for key in keys:
        if key == "|":
            row.addSpacing(10)
        else:
            row.addWidget(buttons[key])
    row.addStretch(1)
    return bar
