"""In dark mode every icon (the template icons of both wizards included) is drawn light on the
dark window, in every mode, and dark again after switching back to light."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication

from advisor_desk.ui import theme
from advisor_desk.ui.icons import icon
from advisor_desk.ui.words import plural


def _ink(name: str, mode: QIcon.Mode = QIcon.Mode.Normal) -> float:
    """The mean lightness (0-255) of the icon's drawn pixels."""
    image = icon(name).pixmap(QSize(24, 24), mode).toImage()
    lights = [
        QColor(image.pixel(x, y)).lightness()
        for x in range(image.width())
        for y in range(image.height())
        if QColor.fromRgba(image.pixel(x, y)).alpha() > 200
    ]
    assert lights, name
    return sum(lights) / len(lights)


@pytest.mark.parametrize("name", ["template", "add", "client", "archive"])
def test_icons_follow_the_theme(qapp: QApplication, name: str) -> None:
    try:
        theme.use_theme("dark")
        window = QApplication.palette().window().color().lightness()
        assert window < 80
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Disabled, QIcon.Mode.Active):
            assert _ink(name, mode) > window + 60, mode
        theme.use_theme("light")
        assert _ink(name) < 110
    finally:
        theme.use_theme("light")


def test_counted_nouns_in_the_template_summary() -> None:
    assert plural(1, "assessment") == "1 assessment"
    assert plural(1, "advisor") == "1 advisor"
