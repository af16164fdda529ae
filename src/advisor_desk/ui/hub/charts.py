"""Twelve months of the business in QtCharts: money (consolidated total, direct invoices,
referral income), people (active advisors, licenses per tier) and the prospects pipeline."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import QCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGridLayout, QWidget

from advisor_desk.services.hub.months import MonthPoint


def _chart(title: str) -> tuple[QChart, QChartView]:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(200, 180)
    return chart, view


class BusinessCharts(QWidget):
    """Three charts over the same twelve months; `billing` False hides the money chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.money, self.money_view = _chart("Charges and income (tax incl.)")
        self.people, self.people_view = _chart("Active advisors and licenses")
        self.pipeline, self.pipeline_view = _chart("Prospects pipeline")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.money_view, 0, 0)
        grid.addWidget(self.people_view, 0, 1)
        grid.addWidget(self.pipeline_view, 0, 2)
        self.series: dict[str, QLineSeries] = {}

    def set_points(self, points: Sequence[MonthPoint], *, billing: bool = True) -> None:
        months = [p.period.first_day.strftime("%b %y") for p in points]
        self.series = {}
        self._fill(
            self.money,
            months,
            {
                "Total": [float(p.consolidated_total) for p in points],
                "Direct": [float(p.direct_invoices) for p in points],
                "Referral": [float(p.referral) for p in points],
            },
        )
        self.money_view.setVisible(billing)
        self._fill(
            self.people,
            months,
            {
                "Advisors": [p.active_advisors for p in points],
                "Free": [p.licenses["free"] for p in points],
                "JR": [p.licenses["just_risk"] for p in points],
                "R&C": [p.licenses["risk_compliance"] for p in points],
            },
        )
        self._fill(
            self.pipeline,
            months,
            {
                "Sent": [p.reviews_sent for p in points],
                "Submitted": [p.reviews_submitted for p in points],
                "Converted": [p.converted for p in points],
            },
        )

    def _fill(self, chart: QChart, months: list[str], lines: dict[str, list[float]]) -> None:
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        # every third month named, on its point (twelve names do not fit a third of the page)
        x = QCategoryAxis()
        x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        x.setRange(0, max(len(months) - 1, 1))
        for i in range((len(months) - 1) % 3, len(months), 3):  # ascending, ends on this month
            x.append(months[i], i)
        small = x.labelsFont()
        small.setPointSizeF(max(6.0, small.pointSizeF() - 2))
        x.setLabelsFont(small)
        chart.legend().setFont(small)
        y = QValueAxis()
        top = max((max(v) for v in lines.values() if v), default=0)
        if top <= 4:  # counts: whole numbers on the axis
            y.setRange(0, 4)
            y.setTickCount(5)
        else:
            y.setRange(0, top * 1.1)
            y.applyNiceNumbers()
        y.setLabelFormat("%.0f")
        y.setLabelsFont(small)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for name, values in lines.items():
            series = QLineSeries()
            series.setName(name)
            for i, value in enumerate(values):
                series.append(i, value)
            chart.addSeries(series)
            series.attachAxis(y)
            self.series[name] = series
        for series in chart.series():
            series.attachAxis(x)
