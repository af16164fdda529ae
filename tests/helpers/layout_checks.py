"""Checks that a shown window draws all its text: no wrapped label shorter than its text,
no label over a button, nothing outside the window."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget


def _rect_in_window(widget: QWidget) -> QRect:
    window = widget.window()
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def clipped_text(window: QWidget) -> list[str]:
    """What is wrong, one line each (empty: every label shows all of its text)."""
    QApplication.processEvents()
    problems = []
    labels = [w for w in window.findChildren(QLabel) if w.isVisible() and w.text()]
    buttons = [b for b in window.findChildren(QAbstractButton) if b.isVisible()]
    inside = window.rect()
    for label in labels:
        where = _rect_in_window(label)
        name = label.text()[:40]
        if label.wordWrap() and label.height() < label.heightForWidth(label.width()):
            problems.append(
                f"{name!r}: {label.height()} px tall, needs {label.heightForWidth(label.width())}"
            )
        if not inside.contains(where):
            problems.append(f"{name!r}: {where} is outside the window {inside}")
        problems.extend(
            f"{name!r} lies over the button {button.text()!r}"
            for button in buttons
            if where.intersects(_rect_in_window(button)) and not label.isAncestorOf(button)
        )
    return problems
