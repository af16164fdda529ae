"""The billing chart: the amount axis written with the locale's thousands separators (Babel),
month labels that fit a narrow chart whole (no "[Dec 2…")."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import QBarCategoryAxis, QCategoryAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from pytestqt.qtbot import QtBot

from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.history import MonthTotals
from advisor_desk.ui.billing.chart import MonthsChart, chart_periods

DEC = Period(2026, 12)


def _points() -> list[MonthTotals]:
    return [
        MonthTotals(p, "AUD", Decimal(780_000 + i * 1_000), Decimal(90_000), Decimal(12_500))
        for i, p in enumerate(chart_periods(DEC))
    ]


def _axes(chart: MonthsChart) -> tuple[QBarCategoryAxis, QCategoryAxis]:
    months = chart.chart().axes(Qt.Orientation.Horizontal)[0]
    amounts = chart.chart().axes(Qt.Orientation.Vertical)[0]
    assert isinstance(months, QBarCategoryAxis)
    assert isinstance(amounts, QCategoryAxis)
    return months, amounts


def test_amounts_have_thousands_separators_in_the_partner_locale(qtbot: QtBot) -> None:
    chart = MonthsChart()
    qtbot.addWidget(chart)
    chart.show_months(_points(), DEC, "en_AU")
    _, amounts = _axes(chart)
    labels = amounts.categoriesLabels()
    assert "800,000" in labels
    assert not any(label.isdigit() and len(label) > 3 for label in labels)
    chart.show_months(_points(), DEC, "de_DE")
    assert "800.000" in _axes(chart)[1].categoriesLabels()


def test_month_labels_fit_a_narrow_chart_and_mark_the_selected_month(qtbot: QtBot) -> None:
    chart = MonthsChart()
    qtbot.addWidget(chart)
    chart.resize(520, 260)
    chart.show()
    qtbot.waitExposed(chart)
    chart.show_months(_points(), DEC, "en_AU")
    qtbot.wait(20)
    months, _ = _axes(chart)
    labels = months.categories()
    assert labels[-1] == "[Dec]"
    assert labels[0] == "Jan"
    assert "Dec 2026" in months.titleText()
    room = chart.chart().plotArea().width() / len(labels)
    metrics = QFontMetrics(months.labelsFont())
    assert max(metrics.horizontalAdvance(label) for label in labels) < room
