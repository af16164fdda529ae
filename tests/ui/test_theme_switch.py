"""Themes switch everywhere: the billing chart follows Dark → Light, check boxes (plain and in
lists) stand out on a dark window, icons take the palette's colour."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QCheckBox, QListView
from pytestqt.qtbot import QtBot

from advisor_desk.ui import theme
from advisor_desk.ui.billing.chart import MonthsChart
from advisor_desk.ui.icons import icon


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    theme.apply_theme(qapp, "light")


def contrast(image: QImage, background: QColor) -> int:
    """The largest difference in lightness between a pixel and the background."""
    return max(
        abs(image.pixelColor(x, y).lightness() - background.lightness())
        for x in range(image.width())
        for y in range(image.height())
    )


def test_the_chart_follows_dark_then_light(qtbot: QtBot, app: QApplication) -> None:
    theme.apply_theme(app, "dark")
    chart = MonthsChart()
    qtbot.addWidget(chart)
    chart.show()
    assert chart.chart().backgroundBrush().color() == QColor(theme.DARK.card)
    theme.apply_theme(app, "light")
    qtbot.waitUntil(lambda: chart.chart().backgroundBrush().color() == QColor(theme.LIGHT.card))
    assert chart.chart().legend().labelColor() == QColor(theme.LIGHT.text)


def test_check_boxes_stand_out_on_a_dark_window(qtbot: QtBot, app: QApplication) -> None:
    theme.apply_theme(app, "dark")
    box = QCheckBox("Show archived")
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    indicator = box.grab().toImage().copy(0, 0, 20, box.height())
    assert contrast(indicator, QColor(theme.DARK.window)) >= 60
    model = QStandardItemModel()
    item = QStandardItem("Risk register")
    item.setCheckable(True)
    model.appendRow(item)
    facets = QListView()
    qtbot.addWidget(facets)
    facets.setModel(model)
    facets.resize(200, 60)
    facets.show()
    qtbot.waitExposed(facets)
    row = facets.viewport().grab().toImage().copy(0, 0, 24, 22)
    assert contrast(row, QColor(theme.DARK.base)) >= 60


@pytest.mark.parametrize("name", ["template", "document", "add"])
def test_icons_take_the_palette_colour_after_a_switch(app: QApplication, name: str) -> None:
    for choice, colours in (("light", theme.LIGHT), ("dark", theme.DARK), ("light", theme.LIGHT)):
        theme.apply_theme(app, choice)
        image = icon(name).pixmap(QSize(24, 24)).toImage()
        inked = [
            image.pixelColor(x, y)
            for x in range(24)
            for y in range(24)
            if image.pixelColor(x, y).alpha() == 255
        ]
        assert inked, name
        assert QColor(colours.text).name() in {c.name() for c in inked}, (choice, name)
