"""Twelve months of the business in QtCharts: money (consolidated total, direct invoices,
referral income), people (active advisors, licenses per tier) and the prospects pipeline."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import QBarCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
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
    view.setMinimumHeight(220)
    return chart, view


class BusinessCharts(QWidget):
    """Three charts over the same twelve months; `billing` False hides the money chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.money, self.money_view = _chart("Charges and income")
        self.people, self.people_view = _chart("Advisors and licenses")
        self.pipeline, self.pipeline_view = _chart("Prospects pipeline")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.money_view, 0, 0)
        grid.addWidget(self.people_view, 0, 1)
        grid.addWidget(self.pipeline_view, 1, 0, 1, 2)
        self.series: dict[str, QLineSeries] = {}

    def set_points(self, points: Sequence[MonthPoint], *, billing: bool = True) -> None:
        months = [f"{p.period.month:02d}/{p.period.year % 100:02d}" for p in points]
        self.series = {}
        self._fill(
            self.money,
            months,
            {
                "Consolidated total": [float(p.consolidated_total) for p in points],
                "Direct invoices": [float(p.direct_invoices) for p in points],
                "Referral income": [float(p.referral) for p in points],
            },
        )
        self.money_view.setVisible(billing)
        self._fill(
            self.people,
            months,
            {
                "Active advisors": [p.active_advisors for p in points],
                "Free": [p.licenses["free"] for p in points],
                "Just risk": [p.licenses["just_risk"] for p in points],
                "Risk & compliance": [p.licenses["risk_compliance"] for p in points],
            },
        )
        self._fill(
            self.pipeline,
            months,
            {
                "Reviews sent": [p.reviews_sent for p in points],
                "Submitted": [p.reviews_submitted for p in points],
                "Converted to clients": [p.converted for p in points],
            },
        )

    def _fill(self, chart: QChart, months: list[str], lines: dict[str, list[float]]) -> None:
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        x = QBarCategoryAxis()
        x.append(months)
        y = QValueAxis()
        top = max((max(v) for v in lines.values() if v), default=0) or 1
        y.setRange(0, top * 1.1)
        y.setLabelFormat("%.0f")
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
        # a category axis places points at 0..n-1: the x of a line series attaches to it
        for series in chart.series():
            series.attachAxis(x)
