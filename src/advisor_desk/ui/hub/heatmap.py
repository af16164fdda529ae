"""The 5×5 heat map: likelihood up the side (5 at the top), impact along the bottom; each
cell a button with its count, coloured by the cell's rating (domain/risk.py rule 1)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QWidget

from advisor_desk.domain.risk import IMPACT_LABELS, LIKELIHOOD_LABELS, Rating, rating

RATING_COLOURS = {
    Rating.LOW: ("#b7e4c7", "#1b4332"),
    Rating.MEDIUM: ("#ffe8a3", "#5c4400"),
    Rating.HIGH: ("#ffb77a", "#5a2600"),
    Rating.EXTREME: ("#e5534b", "#ffffff"),
}


class HeatMap(QWidget):
    cell_clicked = Signal(int, int)  # likelihood, impact

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cells: dict[tuple[int, int], QPushButton] = {}
        self.counts: dict[tuple[int, int], int] = {}
        grid = QGridLayout(self)
        grid.setSpacing(3)
        grid.setContentsMargins(0, 0, 0, 0)
        for likelihood in range(1, 6):
            row = 5 - likelihood
            side = QLabel(f"{likelihood} {LIKELIHOOD_LABELS[likelihood]}")
            side.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(side, row, 0)
            for impact in range(1, 6):
                cell = QPushButton("0")
                cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                cell.setMinimumSize(44, 24)
                _paint(cell, likelihood, impact, 0)
                cell.setAccessibleName(
                    f"Likelihood {LIKELIHOOD_LABELS[likelihood]}, impact {IMPACT_LABELS[impact]}"
                )
                cell.clicked.connect(
                    lambda _=False, lk=likelihood, im=impact: self.cell_clicked.emit(lk, im)
                )
                grid.addWidget(cell, row, impact)
                self.cells[(likelihood, impact)] = cell
        for impact in range(1, 6):
            bottom = QLabel(f"{impact} {IMPACT_LABELS[impact]}")
            bottom.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            bottom.setWordWrap(True)
            grid.addWidget(bottom, 5, impact)
            grid.setColumnStretch(impact, 1)
        axis = QLabel("Likelihood ↑ · Impact →")
        axis.setObjectName("CardNote")
        grid.addWidget(axis, 5, 0)

    def set_counts(self, counts: dict[tuple[int, int], int]) -> None:
        self.counts = dict(counts)
        for key, cell in self.cells.items():
            count = counts.get(key, 0)
            cell.setText(f"{count:,}")
            likelihood, impact = key
            _paint(cell, likelihood, impact, count)
            cell.setToolTip(
                f"{count:,} risk{'s' if count != 1 else ''}: likelihood "
                f"{LIKELIHOOD_LABELS[likelihood]}, impact {IMPACT_LABELS[impact]} "
                f"({rating(likelihood, impact).value}). Click to list them."
            )


def _paint(cell: QPushButton, likelihood: int, impact: int, count: int) -> None:
    """The rating's colour; an empty cell pale, so the eye goes to where risks are."""
    back, fore = RATING_COLOURS[rating(likelihood, impact)]
    weight = "700" if count else "400"
    opacity = "" if count else "border: 1px solid " + back + "; "
    fill = back if count else "transparent"
    colour = fore if count else "palette(mid)"
    cell.setStyleSheet(
        f"QPushButton {{ background: {fill}; color: {colour}; {opacity or 'border: none; '}"
        f"border-radius: 3px; font-weight: {weight}; }}"
        "QPushButton:focus { border: 2px solid palette(highlight); }"
    )
