"""The reusable 5×5 heat map of business development: the hub's grid (likelihood up the side,
impact along the bottom, cells coloured by rating) fed with *risks*, so a click on a cell
hands back the risks in it (`risks_clicked`). `LevelPicker` is the same grid used to choose
one cell (interview mode: likelihood and impact in one click, or keys 1–5)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from advisor_desk.domain.risk import IMPACT_LABELS, LIKELIHOOD_LABELS, rating
from advisor_desk.ui.hub.heatmap import RATING_COLOURS, HeatMap


@dataclass(frozen=True)
class PlacedRisk:
    """One risk on the map: where it sits and what to call it."""

    likelihood: int
    impact: int
    ref: str
    title: str


class RiskHeatMap(HeatMap):
    """A heat map of risks; clicking a cell emits the risks in that cell."""

    risks_clicked = Signal(int, int, list)  # likelihood, impact, [PlacedRisk]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.risks: list[PlacedRisk] = []
        self.cell_clicked.connect(self._on_cell)

    def set_risks(self, risks: Iterable[PlacedRisk]) -> None:
        self.risks = list(risks)
        counts: dict[tuple[int, int], int] = {}
        for risk in self.risks:
            key = (risk.likelihood, risk.impact)
            counts[key] = counts.get(key, 0) + 1
        self.set_counts(counts)

    def risks_at(self, likelihood: int, impact: int) -> list[PlacedRisk]:
        return [r for r in self.risks if (r.likelihood, r.impact) == (likelihood, impact)]

    def _on_cell(self, likelihood: int, impact: int) -> None:
        self.risks_clicked.emit(likelihood, impact, self.risks_at(likelihood, impact))


class LevelPicker(HeatMap):
    """Choose likelihood and impact: click a cell, or type the likelihood then the impact
    (keys 1–5). `chosen` is emitted once both are known."""

    chosen = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.likelihood: int | None = None
        self.impact: int | None = None
        self._typed: list[int] = []
        self.cell_clicked.connect(self.choose)
        for cell in self.cells.values():
            cell.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear()

    def clear(self) -> None:
        self.likelihood = self.impact = None
        self._typed = []
        self._mark()

    def choose(self, likelihood: int, impact: int) -> None:
        self.likelihood, self.impact = likelihood, impact
        self._typed = []
        self._mark()
        self.chosen.emit(likelihood, impact)

    def typed(self) -> Sequence[int]:
        return tuple(self._typed)

    def type_level(self, level: int) -> None:
        """A key 1–5: the likelihood first, then the impact."""
        self._typed.append(level)
        if len(self._typed) == 2:
            self.choose(*self._typed)
        else:
            self._mark()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        text = event.text()
        if text in {"1", "2", "3", "4", "5"}:
            self.type_level(int(text))
            return
        super().keyPressEvent(event)

    def _mark(self) -> None:
        """Every cell filled with its rating's colour (a scale to choose on, not counts); the
        chosen cell ringed, the row of a likelihood typed so far dashed."""
        half = self._typed[0] if len(self._typed) == 1 else None
        for (likelihood, impact), cell in self.cells.items():
            picked = (likelihood, impact) == (self.likelihood, self.impact)
            back, fore = RATING_COLOURS[rating(likelihood, impact)]
            border = (
                "3px solid #111827"
                if picked
                else "2px dashed #111827"
                if likelihood == half
                else "1px solid transparent"
            )
            cell.setText("●" if picked else f"{likelihood * impact}")
            cell.setStyleSheet(
                f"QPushButton {{ background: {back}; color: {fore}; border: {border};"
                " border-radius: 3px; font-weight: 600; }"
            )
            cell.setToolTip(
                f"Likelihood {likelihood} {LIKELIHOOD_LABELS[likelihood]}, "
                f"impact {impact} {IMPACT_LABELS[impact]} (score {likelihood * impact})"
            )
