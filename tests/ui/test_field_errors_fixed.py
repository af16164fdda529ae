"""A message under a field goes once the user edits that field (widgets.FieldErrors, the
member dialogs and every ServiceDialog); the other fields keep theirs."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from advisor_desk.services.errors import ValidationError
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.workspace.member_dialogs import AddMemberDialog


def test_a_fixed_field_drops_its_stale_message(
    qtbot: QtBot, context: AppContext, client_ids: dict[str, str]
) -> None:
    dialog = AddMemberDialog(context, client_ids["acme"], "Acme Logistics", dt.date(2026, 5, 14))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.email_edit, "not an address")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    errors = dialog.errors
    assert errors is not None
    assert errors.message("email") != ""
    assert dialog.email_edit.property("invalid") is True
    errors.show(ValidationError([("email", "not an address"), ("name", "too long")]))

    dialog.email_edit.setFocus()
    qtbot.keyClick(dialog.email_edit, Qt.Key.Key_Backspace)  # the user starts fixing it
    assert errors.message("email") == ""
    assert dialog.email_edit.property("invalid") is False
    assert dialog.email_edit.accessibleDescription() == ""
    assert errors.message("name") != ""  # untouched: still wrong, still said

    qtbot.keyClicks(dialog.name_edit, "Ada Lovelace")
    assert errors.message("name") == ""
