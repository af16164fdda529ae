"""Twelve months of charges and referral income: bars for what is paid, a line for income."""

from __future__ import annotations

import math
from collections.abc import Sequence

from babel.numbers import format_decimal
from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
)
from PySide6.QtCore import QEvent, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.history import MonthTotals
from advisor_desk.ui import theme
from advisor_desk.ui.money import DEFAULT_LOCALE, currency_symbol

MONTHS = 12
RECOLOUR_EVENTS = (
    QEvent.Type.PaletteChange,
    QEvent.Type.ApplicationPaletteChange,
    QEvent.Type.StyleChange,
)
PARTNER, DIRECT, REFERRAL = "#2563eb", "#93c5fd", "#16a34a"


def nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 × 10ⁿ) giving about `ticks` steps up to `top`."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def amount_ticks(top: float, locale: str) -> list[tuple[float, str]]:
    """The amount axis's ticks, written as the partner's locale writes numbers ("800,000")."""
    step = nice_step(top)
    count = max(1, math.ceil(top / step))
    return [
        (i * step, format_decimal(round(i * step), format="#,##0", locale=locale))
        for i in range(count + 1)
    ]


def month_categories(periods: Sequence[Period], selected: Period) -> list[str]:
    """Short month names ("Dec"): the year goes in the axis title, so no label is cut
    ("[Dec 2…" on a narrow window); the selected month is the one in brackets."""
    return [f"[{p.first_day:%b}]" if p == selected else f"{p.first_day:%b}" for p in periods]


def chart_periods(selected: Period) -> list[Period]:
    """The twelve months ending with `selected`."""
    periods = [selected]
    while len(periods) < MONTHS:
        periods.insert(0, periods[0].prev())
    return periods


class MonthsChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(200)
        self.setAccessibleName("Charges and referral income, last 12 months")
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.setChart(chart)
        self.points: list[MonthTotals] = []
        self._apply_colours()

    def computing(self) -> None:
        self.chart().setTitle("Computing the last 12 months…")

    def show_months(
        self, points: Sequence[MonthTotals], selected: Period, locale: str = DEFAULT_LOCALE
    ) -> None:
        self.points = list(points)
        chart = self.chart()
        chart.setTitle("" if points else "No agreement covers these months")
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        if not points:
            return
        currency = points[0].currency
        partner = QBarSet("Partner pays (consolidated, before tax)")
        partner.setColor(QColor(PARTNER))
        direct = QBarSet("Direct clients (before tax)")
        direct.setColor(QColor(DIRECT))
        bars = QBarSeries()
        bars.append([partner, direct])
        referral = QLineSeries()
        referral.setName("Referral income")
        referral.setColor(QColor(REFERRAL))
        pen = referral.pen()
        pen.setWidth(3)
        referral.setPen(pen)
        referral.setPointsVisible(True)
        top = 0.0
        for position, point in enumerate(points):
            partner.append(float(point.partner_pays))  # for drawing only; figures stay Decimal
            direct.append(float(point.direct))
            referral.append(QPointF(position, float(point.referral)))
            top = max(top, float(point.partner_pays), float(point.direct), float(point.referral))
        chart.addSeries(bars)
        chart.addSeries(referral)
        months = QBarCategoryAxis()
        months.append(month_categories([p.period for p in points], selected))
        first, last = points[0].period.first_day, points[-1].period.first_day
        months.setTitleText(f"{first:%b %Y} – {last:%b %Y} · [{selected.first_day:%b %Y}] selected")
        ticks = amount_ticks(top * 1.05, locale)
        amounts = QCategoryAxis()  # labels written by Babel, not printf ("800000")
        amounts.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        for value, label in ticks:
            amounts.append(label, value)
        amounts.setRange(0, ticks[-1][0] or 1)
        amounts.setTitleText(currency_symbol(currency, locale) + f" ({currency})")
        chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(amounts, Qt.AlignmentFlag.AlignLeft)
        for series in (bars, referral):
            series.attachAxis(months)
            series.attachAxis(amounts)
        self._apply_colours()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        """A theme switch (Dark → Light) recolours the chart: QtCharts keeps the colours it was
        given, it does not follow the palette by itself."""
        super().changeEvent(event)
        if event.type() in RECOLOUR_EVENTS:
            self._apply_colours()

    def _apply_colours(self) -> None:
        colours = theme.current_colours()
        chart = self.chart()
        self.setBackgroundBrush(QColor(colours.card))
        chart.setBackgroundBrush(QColor(colours.card))
        chart.legend().setLabelColor(QColor(colours.text))
        chart.setTitleBrush(QColor(colours.muted))
        for axis in chart.axes():
            axis.setLabelsColor(QColor(colours.muted))
            axis.setTitleBrush(QColor(colours.muted))
            axis.setGridLineColor(QColor(colours.border))
