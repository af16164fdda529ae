"""The app's own line icons (resources/icons/*.svg), drawn in the palette's colours.

Each icon is a 24×24 SVG whose strokes use `currentColor`. The engine paints it at whatever
size and device-pixel ratio is asked for (crisp on high-DPI screens) and picks the colour from
the application palette at paint time, so icons follow a light/dark switch without reloading.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from advisor_desk.resources import resource

# Icons drawn in a colour of their own instead of the text colour.
ACCENTS = {
    "client": "#2563eb",
    "clients": "#2563eb",
    "advisors": "#7c3aed",
    "advisor": "#7c3aed",
    "members": "#0d9488",
    "member": "#0d9488",
    "content": "#d97706",
    "content-item": "#d97706",
    "documents": "#64748b",
    "document": "#64748b",
    "partner": "#2563eb",
    "tag": "#db2777",
}


@cache
def _svg_text(name: str) -> str:
    return resource("icons", f"{name}.svg").read_text(encoding="utf-8")


@cache
def _renderer(name: str, colour: str) -> QSvgRenderer:
    """Parsed once per icon and colour (a theme switch brings new colours, not new icons)."""
    svg = _svg_text(name).replace("currentColor", colour)
    return QSvgRenderer(QByteArray(svg.encode("utf-8")))


_PIXMAPS: dict[tuple[str, str, int, int], QPixmap] = {}


class SvgIconEngine(QIconEngine):
    def __init__(self, name: str, accent: str | None = None) -> None:
        super().__init__()
        self._name = name
        self._accent = accent

    def _colour(self, mode: QIcon.Mode) -> QColor:
        palette = QGuiApplication.palette()
        if mode is QIcon.Mode.Disabled:
            return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        if mode is QIcon.Mode.Selected:
            return palette.color(QPalette.ColorRole.HighlightedText)
        if self._accent is not None:
            colour = QColor(self._accent)
            if palette.color(QPalette.ColorRole.Window).lightness() < 128:
                colour = colour.lighter(135)
            return colour
        return palette.color(QPalette.ColorRole.WindowText)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        _renderer(self._name, self._colour(mode).name()).render(painter, rect.toRectF())

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        key = (self._name, self._colour(mode).name(), size.width(), size.height())
        cached = _PIXMAPS.get(key)
        if cached is not None:
            return QPixmap(cached)
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        _PIXMAPS[key] = pixmap
        return pixmap

    def scaledPixmap(  # noqa: N802 - Qt's name
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = self.pixmap(
            QSize(round(size.width() * scale), round(size.height() * scale)), mode, state
        )
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self._name, self._accent)


def icon(name: str, *, accent: bool = False) -> QIcon:
    """An icon from resources/icons; `accent` draws it in its own colour (tree rows)."""
    return QIcon(SvgIconEngine(name, ACCENTS.get(name) if accent else None))


def app_icon() -> QIcon:
    return QIcon(str(resource("icons", "advisor-desk.svg")))
