"""User Management → Add advisor on a laptop connected to a server (issue 16, item 1): the
dialog says the server e-mails the link; once added, the laptop syncs, the e-mail goes out
(SMTP sink) and the link shows in a window to copy, opening the invitation page."""

from __future__ import annotations

from pathlib import Path

import requests
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from advisor_desk.services.people.invitations import list_invitations
from advisor_desk.ui.admin import UsersPanel
from advisor_desk.ui.admin.add_advisor import LinkDialog
from advisor_desk.ui.admin.invitations_dialog import InviteDialog
from advisor_desk.ui.context import AppContext
from tests.server.harness import Laptop, new_tenant
from tests.sync.people_mail import PeopleMail, people_mail

from .test_users_panel import open_dialog

__all__ = ["people_mail"]


def test_add_advisor_with_a_server_mails_the_link_and_shows_it_to_copy(
    qtbot: QtBot, tmp_path: Path, people_mail: PeopleMail
) -> None:
    server = people_mail.server
    tenant = new_tenant(people_mail.database)
    admin = Laptop(tmp_path / "admin", server, tenant.admin_email)
    admin.login()
    admin.sync()
    context = AppContext(admin.store, tmp_path / "admin")
    panel = UsersPanel(context)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.resize(1000, 560)
        panel.show()
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(qtbot, panel, InviteDialog)
    assert server.url in dialog.intro.text()
    assert "e-mails them a one-time link" in dialog.intro.text()
    address = f"ola-{tenant.partner_id[:8]}@example.com"
    qtbot.keyClicks(dialog.email_edit, address)
    qtbot.keyClicks(dialog.name_edit, "Ola Berg")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    shown = open_dialog(qtbot, panel, LinkDialog)
    qtbot.waitUntil(shown.link_edit.isVisible, timeout=30_000)
    link = shown.link_edit.text()
    assert link.startswith(server.url + "/invite/")
    assert f"e-mailed {address}" in shown.message.text()
    qtbot.mouseClick(shown.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == link
    people_mail.sink.message(address)  # the server e-mailed it too
    page = requests.get(link, timeout=10)
    assert page.status_code == 200
    assert address in page.text
    assert [i.state for i in list_invitations(admin.store)] == ["waiting"]
    assert "Ola Berg is added and invited" in panel.note.text()
    shown.reject()
    context.wait_for_tasks()
    admin.close()
