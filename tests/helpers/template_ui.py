"""Driving the template wizard's library pickers as a user would: type, wait, tick."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.ui.templates.picker import LibraryPicker


def wait(qtbot: QtBot, picker: LibraryPicker) -> None:
    qtbot.waitUntil(lambda: not picker.loading, timeout=10_000)


def search(qtbot: QtBot, picker: LibraryPicker, text: str) -> None:
    picker.search_edit.clear()
    qtbot.keyClicks(picker.search_edit, text)
    wait(qtbot, picker)


def titles(picker: LibraryPicker) -> list[str]:
    return [picker.model.index(r, 0).data() for r in range(picker.model.rowCount())]


def kinds_shown(picker: LibraryPicker) -> set[ContentKind]:
    rows = (picker.model.row_at(picker.model.index(r, 0)) for r in range(picker.model.rowCount()))
    return {row.kind for row in rows if row is not None}


def ticked(picker: LibraryPicker) -> list[str]:
    model = picker.model
    return [
        model.index(r, 0).data()
        for r in range(model.rowCount())
        if model.index(r, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    ]


def tick(qtbot: QtBot, picker: LibraryPicker, title: str) -> None:
    """Space on the row toggles its check box, as a user would."""
    row = picker.row_titled(title)
    assert row >= 0, f"{title!r} is not among {titles(picker)}"
    picker.view.setFocus()
    picker.view.setCurrentIndex(picker.model.index(row, 0))
    qtbot.keyClick(picker.view, Qt.Key.Key_Space)
