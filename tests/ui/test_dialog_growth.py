"""Dialogs grow with their messages: a long error under a field, a long connection error,
never cut off or drawn over the buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from advisor_desk.services.errors import ValidationError
from advisor_desk.sync.transport import ServerUnreachable
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.dialogs import ServiceDialog
from advisor_desk.ui.sync.server_dialog import ServerDialog
from tests.helpers.layout_checks import clipped_text

LONG = (
    "cannot reach the server at https://sync.harbour-risk-partners.example.com:8443/advisor-desk "
    ": nothing answers there; the laptop keeps every change and sends it at the next sync, so "
    "nothing is lost while the server is away; check the address and your connection"
)


class Form(ServiceDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("A form", "A short introduction.", parent)
        self.first, self.second = QLineEdit(), QLineEdit()
        self.form.addRow("&First", self.first)
        self.form.addRow("&Second", self.second)
        self.finish_form({"first": self.first, "second": self.second})

    def submit(self) -> object:
        raise ValidationError(
            [("first", LONG), ("second", LONG), ("", "Line 3: " + LONG), ("", "Line 9: " + LONG)]
        )


def test_a_form_dialog_grows_with_its_errors(qtbot: QtBot) -> None:
    dialog = Form()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert clipped_text(dialog) == []
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.errors is not None
    assert dialog.errors.message("first")
    assert clipped_text(dialog) == []


def test_the_server_dialog_shows_a_long_connection_error_in_full(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = ServerDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog._on_login_failed(ServerUnreachable(LONG))
    assert "check the address" in dialog.errors.message("server")
    assert clipped_text(dialog) == []
