"""User Management → Invitations (issue 16, item 1): invite through the dialog, the state of
each invitation (waiting, revoked, expired, accepted), re-send and revoke; with a server,
"Copy link" gives a link that opens the invitation page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from advisor_desk.services.people.advisors import AdvisorSummary
from advisor_desk.services.people.invitations import list_invitations
from advisor_desk.store.models import Advisor, Invitation
from advisor_desk.store.types import utcnow
from advisor_desk.ui.admin import UsersPanel
from advisor_desk.ui.admin.invitations_dialog import InviteDialog
from advisor_desk.ui.admin.invitations_view import InvitationsView
from advisor_desk.ui.context import AppContext
from tests.server.harness import Laptop, Live, MemoryKeyring, Tenant


def _view(panel: UsersPanel) -> InvitationsView:
    tabs = panel.findChild(QTabWidget)
    assert tabs is not None
    names = [tabs.tabText(i).replace("&", "") for i in range(tabs.count())]
    assert "Invitations" in names
    tabs.setCurrentIndex(names.index("Invitations"))
    view = panel.findChild(InvitationsView)
    assert view is not None
    return view


def _row(view: InvitationsView, email: str) -> list[str]:
    for row in range(view.model.rowCount()):
        if view.model.item(row, 0).text() == email:
            return [view.model.item(row, c).text() for c in range(view.model.columnCount())]
    raise AssertionError(f"{email} not listed")


def _select(view: InvitationsView, email: str) -> None:
    for row in range(view.model.rowCount()):
        if view.model.item(row, 0).text() == email:
            view.table.selectRow(row)
            return
    raise AssertionError(email)


def _invite(qtbot: QtBot, view: InvitationsView, email: str, name: str) -> InviteDialog:
    qtbot.mouseClick(view.invite_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in view.findChildren(InviteDialog) if d.isVisible())
    qtbot.keyClicks(dialog.email_edit, email)
    qtbot.keyClicks(dialog.name_edit, name)
    dialog.role_combo.setCurrentIndex(1)  # Advisor Power User
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    return dialog


def test_invite_revoke_and_the_states_shown(
    qtbot: QtBot, panel: UsersPanel, context: AppContext, team: dict[str, AdvisorSummary]
) -> None:
    view = _view(panel)
    assert view.model.rowCount() == 0
    _invite(qtbot, view, "eve@harbour.example", "Eve Ng")
    assert _row(view, "eve@harbour.example")[1:3] == ["Advisor Power User", "Waiting"]
    with context.store.read() as session:  # the advisor is added with the invitation
        eve = session.scalars(select(Advisor).where(Advisor.email == "eve@harbour.example")).one()
    assert eve.role == "power_user"

    dialog = _invite(qtbot, view, "eve@harbour.example", "Eve Ng")  # invited already
    assert dialog.isVisible()
    assert "invited already" in dialog.errors.message_at("email").lower()
    dialog.reject()

    _select(view, "eve@harbour.example")
    qtbot.mouseClick(view.resend_button, Qt.MouseButton.LeftButton)
    assert _row(view, "eve@harbour.example")[4] == "2×"
    qtbot.mouseClick(view.revoke_button, Qt.MouseButton.LeftButton)
    assert _row(view, "eve@harbour.example")[2] == "Revoked"
    assert not view.revoke_button.isEnabled()

    _invite(qtbot, view, "fay@harbour.example", "Fay Li")
    with context.store.write() as session:
        row = session.scalars(select(Invitation).where(Invitation.email == "fay@harbour.example"))
        row.one().expires_at = utcnow() - dt.timedelta(days=1)
    view.reload()
    assert _row(view, "fay@harbour.example")[2] == "Expired"


def test_copy_link_opens_the_invitation_page(
    qtbot: QtBot, tmp_path: Path, live: Live, tenant: Tenant, memory_keyring: MemoryKeyring
) -> None:
    admin = Laptop(tmp_path / "admin", live.server, tenant.admin_email)
    admin.login()
    admin.sync()
    context = AppContext(admin.store, tmp_path / "admin")
    view = InvitationsView(context)
    qtbot.addWidget(view)
    view.show()
    address = f"gus-{tenant.partner_id[:8]}@example.com"
    _invite(qtbot, view, address, "Gus")
    _select(view, address)
    qtbot.mouseClick(view.link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.link_edit.isVisible(), timeout=30_000)
    link = view.link_edit.text()
    assert link.startswith(live.server.url + "/invite/")
    page = requests.get(link, timeout=10)
    assert page.status_code == 200
    assert address in page.text
    assert [i.state for i in list_invitations(admin.store)] == ["waiting"]
    context.wait_for_tasks()
    admin.close()
