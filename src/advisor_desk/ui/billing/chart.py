"""Twelve months of charges and referral income: bars for what is paid, a line for income."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from advisor_desk.domain.periods import Period
from advisor_desk.services.billing_history import MonthTotals
from advisor_desk.ui import theme

MONTHS = 12
RECOLOUR_EVENTS = (
    QEvent.Type.PaletteChange,
    QEvent.Type.ApplicationPaletteChange,
    QEvent.Type.StyleChange,
)
PARTNER, DIRECT, REFERRAL = "#2563eb", "#93c5fd", "#16a34a"


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

    def show_months(self, points: Sequence[MonthTotals], selected: Period) -> None:
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
        categories = []
        top = 0.0
        for position, point in enumerate(points):
            partner.append(float(point.partner_pays))  # for drawing only; figures stay Decimal
            direct.append(float(point.direct))
            referral.append(QPointF(position, float(point.referral)))
            label = f"{point.period.first_day:%b %y}"
            categories.append(f"[{label}]" if point.period == selected else label)
            top = max(top, float(point.partner_pays), float(point.direct), float(point.referral))
        chart.addSeries(bars)
        chart.addSeries(referral)
        months = QBarCategoryAxis()
        months.append(categories)
        amounts = QValueAxis()
        amounts.setRange(0, top * 1.05 or 1)
        amounts.applyNiceNumbers()
        amounts.setLabelFormat("%.0f")
        amounts.setTitleText(currency)
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
