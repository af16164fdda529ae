"""Small layout helpers of the Documents section."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QPushButton, QToolBar


def runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs of consecutive rows: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for row in sorted(rows):
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def button_bar(buttons: dict[str, QPushButton], keys: Sequence[str]) -> QToolBar:
    """A row of buttons that folds what does not fit into its overflow menu."""
    bar = QToolBar()
    bar.setObjectName("SectionBar")
    for key in keys:
        if key == "|":
            bar.addSeparator()
        else:
            bar.addWidget(buttons[key])
    return bar
