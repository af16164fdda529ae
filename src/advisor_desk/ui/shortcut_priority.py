"""The window's shortcuts win over a text field's own line-editing keys.

A focused QLineEdit accepts Qt's ShortcutOverride for its editing keys, so the shortcut map
never sees them: on X11 Ctrl+U ("delete to the start of the line") swallowed Ctrl+U (Users)
whenever the tree's filter had the focus. This filter, on the window's focused widgets, lets an
enabled window action take a Ctrl/Alt key press instead, except the editing keys users expect
inside a field (copy, cut, paste, select all, undo, redo, word deletion and movement).
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

Std = QKeySequence.StandardKey
KEPT_IN_FIELDS = (
    Std.Copy,
    Std.Cut,
    Std.Paste,
    Std.SelectAll,
    Std.Undo,
    Std.Redo,
    Std.Delete,
    Std.Backspace,
    Std.DeleteStartOfWord,
    Std.DeleteEndOfWord,
    Std.MoveToNextWord,
    Std.MoveToPreviousWord,
    Std.SelectNextWord,
    Std.SelectPreviousWord,
    Std.MoveToStartOfLine,
    Std.MoveToEndOfLine,
    Std.SelectStartOfLine,
    Std.SelectEndOfLine,
    Std.MoveToStartOfDocument,
    Std.MoveToEndOfDocument,
    Std.SelectStartOfDocument,
    Std.SelectEndOfDocument,
)
COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)

MODIFIER_KEYS = (
    Qt.Key.Key_Control,
    Qt.Key.Key_Shift,
    Qt.Key.Key_Alt,
    Qt.Key.Key_Meta,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_unknown,
)


def kept_in_fields() -> set[QKeyCombination]:
    kept: set[QKeyCombination] = set()
    for key in KEPT_IN_FIELDS:
        for sequence in QKeySequence.keyBindings(key):
            if sequence.count() == 1:
                kept.add(sequence[0])
    return kept


class WindowShortcutsWin(QObject):
    """For one main window (parented to it): filters each of its widgets that takes the focus
    (an application-wide Python filter would see every event of the program)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._kept = kept_in_fields()
        self._watched: weakref.WeakSet[QWidget] = weakref.WeakSet()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or new in self._watched or new.window() is not self._window:
            return
        self._watched.add(new)
        new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        if not event.modifiers() & COMMAND_MODIFIERS or watched.window() is not self._window:
            return False
        if event.key() in MODIFIER_KEYS:
            return False  # Ctrl itself, on its way to a combination
        pressed = QKeyCombination(event.modifiers(), Qt.Key(event.key()))
        if pressed in self._kept or not self.window_takes(pressed):
            return False
        event.ignore()  # not overridden: the shortcut map dispatches it to the action
        return True

    def window_takes(self, pressed: QKeyCombination) -> bool:
        """An enabled action of the window has this shortcut."""
        return any(
            action.isEnabled()
            and any(s.count() == 1 and s[0] == pressed for s in action.shortcuts())
            for action in QWidget.actions(self._window)  # MainWindow.actions is its record
        )
