"""Work that waits until a widget has been painted once (start-up: after the first clients)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], object]) -> None:
        super().__init__(widget)  # lives (and dies) with the widget
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # once this paint (the window's) is done
        return False

    def _run(self) -> None:
        self._then()
        self.deleteLater()


def when_painted(widget: QWidget, then: Callable[[], object]) -> None:
    """Call `then()` on the GUI thread once `widget` has been painted (after that paint)."""
    _FirstPaint(widget, then)
