"""Ctrl+U (Users) works while the tree's filter has the focus: the window's shortcut wins over
QLineEdit's own "delete to the start of the line"; the field keeps its editing keys."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QSignalSpy
from pytestqt.qtbot import QtBot

from advisor_desk.ui.main_window import MainWindow


class X11LineEditing(QObject):
    """What QLineEdit does with X11's key bindings (Ctrl+U: delete the whole line): it accepts
    the ShortcutOverride. The offscreen platform has no such binding, so the test adds it."""

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_U
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            return True
        return False


def test_ctrl_u_in_the_tree_filter_opens_users(qtbot: QtBot, window: MainWindow) -> None:
    assert window.panel is not None
    edit = window.panel.filter_edit
    x11 = X11LineEditing(edit)
    edit.installEventFilter(x11)
    window.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    with qtbot.waitSignal(window.panel.model.snapshot_applied, timeout=5000):
        qtbot.keyClicks(edit, "acme")
    spy = QSignalSpy(window.actions.users.triggered)
    qtbot.keyClick(edit, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert spy.count() == 1
    assert window.area is not None
    assert window.area.current_view == "users"
    assert edit.text() == "acme"  # the field did not take the key


def test_the_field_keeps_its_editing_keys(qtbot: QtBot, window: MainWindow) -> None:
    assert window.panel is not None
    edit = window.panel.filter_edit
    window.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    with qtbot.waitSignal(window.panel.model.snapshot_applied, timeout=5000):
        qtbot.keyClicks(edit, "acme")
    undo = QSignalSpy(window.actions.undo.triggered)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert edit.selectedText() == "acme"  # select all stays the field's
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert undo.count() == 0  # the field's own undo, not the window's
