"""Ask before a step the user may not mean (archive a client or a template): never blocking.

The box opens with `open()`; `action` runs only when the user clicks the named button, so
tests click the real button (`box.button_for_action`) and the event loop never stalls.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget


class ConfirmBox(QMessageBox):
    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        ok_text: str,
        action: Callable[[], object],
        detail: str = "",
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(title)
        self.setText(text)
        if detail:
            self.setInformativeText(detail)
        self.button_for_action = self.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.button_for_action)
        self.setEscapeButton(self.cancel_button)
        self._action = action
        self.buttonClicked.connect(self._on_button_clicked)

    def _on_button_clicked(self, button: QAbstractButton) -> None:
        if button is self.button_for_action:
            self._action()


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    ok_text: str,
    action: Callable[[], object],
    detail: str = "",
) -> ConfirmBox:
    box = ConfirmBox(parent, title, text, ok_text, action, detail)
    box.open()
    return box
