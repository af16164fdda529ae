"""What every tab of a client's workspace has: the app context, the client it shows, and a
line for the window's status bar."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from advisor_desk.ui.context import AppContext


class ClientTab(QWidget):
    status_message = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._client_id = ""
        self._client_name = ""
