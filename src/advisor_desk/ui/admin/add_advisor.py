"""User Management's "Add advisor…" (the Advisors and the Invitations tab alike): the
advisor is added with an invitation (services/people/invitations.py).

With a server, the laptop syncs at once and asks the server for the link, which shows in a
small window to copy (the server e-mails it too). Standalone, the invitation waits on this
laptop and is e-mailed when the firm is uploaded to a server; the panel says so.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from advisor_desk.services.people import invitations as service
from advisor_desk.services.people.advisors import list_advisors
from advisor_desk.services.people.invitations import InvitationSummary
from advisor_desk.store.changes import watching
from advisor_desk.store.engine import Store
from advisor_desk.ui.admin.fields import fit_height, hint_label
from advisor_desk.ui.admin.invitations_dialog import InviteDialog, InviteForm
from advisor_desk.ui.context import AppContext

Added = Callable[[InvitationSummary, str], None]


def server_url_of(store: Store) -> str | None:
    """The server this laptop is connected to (None: standalone)."""
    from advisor_desk.sync.local import account

    with store.read() as session:
        saved = account(session)
    return saved.server_url if saved.server_url and saved.device_id else None


def waiting_note(made: InvitationSummary, name: str) -> str:
    who = name.strip() or made.email
    return (
        f"{who} is added. The invitation waits on this laptop: it is e-mailed to {made.email} "
        "when this firm is uploaded to a server (Administration ▸ Server…)."
    )


def fetch_link(store: Store, invitation_id: str, token: str | None = None) -> str:
    """Sync, then a link of the invitation's current sending from the server (SyncError with
    the reason when there is no server, no session, or the server refuses)."""
    from advisor_desk.sync.credentials import load_token
    from advisor_desk.sync.engine import SyncEngine
    from advisor_desk.sync.local import account
    from advisor_desk.sync.transport import NotLoggedIn, Transport

    with store.read() as session:
        saved = account(session)
    if not saved.server_url or not saved.device_id:
        raise NotLoggedIn("this laptop is not connected to a server: connect to send invitations")
    token = token or load_token(saved.server_url, saved.device_id)
    if not token:
        raise NotLoggedIn(f"not logged in to {saved.server_url}: log in again")
    SyncEngine(store, token=token, retries=0).sync()
    http = Transport(saved.server_url, token, retries=0)
    try:
        return str(http.request("POST", f"/v1/invitations/{invitation_id}/link")["url"])
    finally:
        http.close()


class LinkDialog(QDialog):
    """After adding an advisor with a server: the e-mail going out, and the link to copy."""

    def __init__(self, email: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Advisor added")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.email = email
        self.message = hint_label(f"Sending the invitation to {email}…")
        self.link_edit = QLineEdit()
        self.link_edit.setReadOnly(True)
        self.link_edit.setAccessibleName("Invitation link")
        self.link_edit.setMinimumWidth(460)
        self.copy_button = QPushButton("&Copy link")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy)
        row = QHBoxLayout()
        row.addWidget(self.link_edit, 1)
        row.addWidget(self.copy_button)
        self.link_edit.hide()
        self.copy_button.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(12)
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def show_link(self, url: str) -> None:
        self.message.setText(
            f"The server e-mailed {self.email} a one-time link to set a password. If the "
            "e-mail does not arrive, copy the link and pass it on yourself: it works once, "
            "until the invitation expires."
        )
        self.link_edit.setText(url)
        self.link_edit.setCursorPosition(0)  # the link read from its start (https://…)
        self.link_edit.show()
        self.copy_button.show()
        self.copy_button.setFocus()
        fit_height(self)  # the longer message wraps on more lines

    def show_failure(self, words: str) -> None:
        self.message.setText(
            f"The invitation waits on this laptop and is e-mailed to {self.email} at the next "
            f"sync ({words}). Copy link on the Invitations tab asks the server again."
        )
        fit_height(self)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.link_edit.text())
        self.copy_button.setText("Copied")


def open_add_advisor(context: AppContext, parent: QWidget, on_added: Added) -> InviteDialog:
    """Open the Add advisor dialog; `on_added(invitation, note)` once one is made."""
    server_url = server_url_of(context.store)

    def submit(form: InviteForm) -> None:
        with watching() as seen:
            made = service.invite(
                context.store, email=form.email, name=form.name, role=form.role, days=form.days
            )
        context.notify(seen.changes)
        if server_url is None:
            on_added(made, waiting_note(made, form.name))
            return
        on_added(made, f"{form.name.strip() or made.email} is added and invited.")
        _send(context, parent, made)

    known = {a.email.casefold(): (a.name, a.role) for a in list_advisors(context.store)}
    dialog = InviteDialog(submit, parent, server_url=server_url, known=known)
    dialog.open()
    return dialog


def _send(context: AppContext, parent: QWidget, made: InvitationSummary) -> LinkDialog:
    from advisor_desk.sync.transport import SyncError

    shown = LinkDialog(made.email, parent)
    shown.open()
    store = context.store

    def done(url: str) -> None:
        if isValid(shown):  # not closed meanwhile
            shown.show_link(url)

    def failed(error: BaseException) -> None:
        if not isinstance(error, SyncError):
            raise error
        if isValid(shown):
            shown.show_failure(str(error))

    context.run_in_background(
        lambda _task: fetch_link(store, made.id), on_done=done, on_error=failed
    )
    return shown
