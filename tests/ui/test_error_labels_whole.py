"""Every error under a field of partner settings shows whole after Save with empty fields:
a form inside a group box did not pass height-for-width on, so a message wrapped onto a second
line ("Enter an invoice prefix, such as INV") was cut in half."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from advisor_desk.ui.admin.fields import ErrorLabel
from advisor_desk.ui.admin.partner_settings import PartnerSettingsDialog
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.main_window import MainWindow


def test_wrapped_field_errors_get_their_height(
    qtbot: QtBot, context: AppContext, window: MainWindow
) -> None:
    dialog = PartnerSettingsDialog(context, window)
    qtbot.addWidget(dialog)
    dialog.resize(980, 560)
    dialog.show()
    qtbot.waitExposed(dialog)
    for edit in dialog.findChildren(QLineEdit):
        if edit.isVisible() and not edit.isReadOnly():
            edit.clear()
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    save = buttons.button(QDialogButtonBox.StandardButton.Save) or buttons.button(
        QDialogButtonBox.StandardButton.Ok
    )
    save.click()
    shown = lambda: [e for e in dialog.findChildren(ErrorLabel) if e.isVisible()]  # noqa: E731
    qtbot.waitUntil(lambda: len(shown()) >= 3)
    qtbot.wait(50)
    for label in shown():
        lines = label.heightForWidth(label.width())
        assert label.height() >= lines, (label.text(), label.width(), label.height(), lines)


def test_an_unreachable_server_is_said_without_an_exception_name() -> None:
    import requests

    from advisor_desk.sync.transport import ServerUnreachable, Transport
    from advisor_desk.ui.sync.server_dialog import login_problem

    class Failing(requests.Session):
        def __init__(self, error: Exception) -> None:
            super().__init__()
            self.error = error

        def request(self, *args: object, **kwargs: object) -> requests.Response:  # type: ignore[override]
            raise self.error

    for error, why in (
        (requests.ConnectionError("refused"), "nothing answers"),
        (requests.ReadTimeout("slow"), "in time"),
    ):
        transport = Transport("http://127.0.0.1:9", retries=0)
        transport.http = Failing(error)
        try:
            transport.request("GET", "/v1/sync/meta")
        except ServerUnreachable as unreachable:
            field, text = login_problem(unreachable)
        assert field == "server"
        assert type(error).__name__ not in text
        assert why in text
        assert "http://127.0.0.1:9" in text
