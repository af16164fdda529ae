"""The drawings of the reports: the 5×5 heat map and horizontal score bars."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from advisor_desk.domain.risk import IMPACT_LABELS, LIKELIHOOD_LABELS, rating_of_score
from advisor_desk.invoices.fonts import FONT, FONT_BOLD
from advisor_desk.reports.layout import MUTED, RATING_COLOURS

CELL = 15 * mm
LABEL = 30 * mm


class HeatMap(Flowable):
    """Likelihood (rows, 5 at the top) by impact (columns), each cell in its rating's colour
    with the number of risks in it."""

    def __init__(self, counts: Mapping[tuple[int, int], int], caption: str = "") -> None:
        super().__init__()
        self.counts = dict(counts)
        self.caption = caption
        self.width = LABEL + 5 * CELL
        self.height = 5 * CELL + 14 * mm

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        base = 12 * mm
        for likelihood in range(1, 6):
            y = base + (likelihood - 1) * CELL
            c.setFont(FONT, 7)
            c.setFillColor(colors.HexColor(MUTED))
            c.drawRightString(
                LABEL - 2 * mm, y + CELL / 2 - 2, f"{likelihood} {LIKELIHOOD_LABELS[likelihood]}"
            )
            for impact in range(1, 6):
                x = LABEL + (impact - 1) * CELL
                rating = rating_of_score(likelihood * impact).value
                count = self.counts.get((likelihood, impact), 0)
                fill = colors.HexColor(RATING_COLOURS[rating])
                c.setFillColor(
                    fill if count else colors.Color(fill.red, fill.green, fill.blue, alpha=0.25)
                )
                c.setStrokeColor(colors.white)
                c.rect(x, y, CELL, CELL, stroke=1, fill=1)
                if count:
                    c.setFillColor(colors.black)
                    c.setFont(FONT_BOLD, 11)
                    c.drawCentredString(x + CELL / 2, y + CELL / 2 - 4, str(count))
        c.setFont(FONT, 6)
        c.setFillColor(colors.HexColor(MUTED))
        for impact in range(1, 6):
            x = LABEL + (impact - 1) * CELL + CELL / 2
            c.drawCentredString(x, base - 4 * mm, f"{impact} {IMPACT_LABELS[impact]}")
        c.drawCentredString(LABEL + 2.5 * CELL, base - 8.5 * mm, self.caption or "impact →")


class Bars(Flowable):
    """One bar per (label, score 1–5 or None), coloured by its rating label."""

    def __init__(self, bars: Sequence[tuple[str, int | None, str | None]], width: float) -> None:
        super().__init__()
        self.bars = list(bars)
        self.width = width
        self.height = max(1, len(self.bars)) * 8 * mm + 6 * mm

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        label_width = 45 * mm
        room = self.width - label_width - 25 * mm
        for index, (label, score, rating) in enumerate(self.bars):
            y = self.height - (index + 1) * 8 * mm
            c.setFont(FONT, 8.5)
            c.setFillColor(colors.black)
            c.drawRightString(label_width - 2 * mm, y + 2, label[:40])
            c.setFillColor(colors.HexColor("#eef1f5"))
            c.rect(label_width, y, room, 5 * mm, stroke=0, fill=1)
            if score is not None:
                c.setFillColor(colors.HexColor(RATING_COLOURS.get(rating or "", "#888888")))
                c.rect(label_width, y, room * score / 5, 5 * mm, stroke=0, fill=1)
            c.setFillColor(colors.black)
            c.drawString(
                label_width + room + 2 * mm, y + 2, "—" if score is None else f"{score} {rating}"
            )
