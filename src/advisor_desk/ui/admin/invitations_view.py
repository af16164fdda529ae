"""Administration → Users → Invitations: who was invited, as what, and where each stands
(waiting, accepted, revoked, expired); invite, re-send, revoke, and copy a link.

An invitation is a synced row (services/people/invitations.py): the server e-mails its link
when the row arrives. "Copy link" syncs now and asks the server for a link of the current
sending, shown here to copy (for an advisor whose e-mail does not arrive). These actions are
not undoable: an e-mail once sent cannot be taken back (revoke instead).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.services.errors import ServiceError
from advisor_desk.services.people import invitations as service
from advisor_desk.services.people.invitations import InvitationSummary
from advisor_desk.store.changes import Changes, watching
from advisor_desk.store.models import Advisor, Invitation
from advisor_desk.ui.admin.add_advisor import fetch_link, open_add_advisor
from advisor_desk.ui.context import AppContext, shown
from advisor_desk.ui.icons import icon
from advisor_desk.ui.widgets import muted_label

SHOWS = shown(Invitation, Advisor)
COLUMNS = ("Email", "Role", "State", "Valid until", "Sent", "Invited by")
EMPTY = (
    "No invitations yet. Add advisor… invites someone of your firm: they set a password from "
    "the link the server e-mails them."
)
USUAL = (
    "The server e-mails each link when this laptop syncs; Copy link shows one to pass on "
    "yourself. A link works once."
)


class InvitationsView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.items: list[InvitationSummary] = []
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Invitations")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )  # as the Advisors and Access log tables
        for column, width in enumerate((240, 110, 90, 150, 50)):
            self.table.setColumnWidth(column, width)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.invite_button = QPushButton(icon("add"), "Add advis&or…")  # as on Advisors
        self.resend_button = QPushButton("Re-s&end")
        self.revoke_button = QPushButton("Revo&ke")
        self.link_button = QPushButton("&Copy link")
        for button, slot in (
            (self.invite_button, self._on_invite_clicked),
            (self.resend_button, self._on_resend_clicked),
            (self.revoke_button, self._on_revoke_clicked),
            (self.link_button, self._on_link_clicked),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
        self.note = muted_label()
        self.link_edit = QLineEdit()
        self.link_edit.setReadOnly(True)
        self.link_edit.setAccessibleName("Invitation link")
        self.link_edit.hide()
        row = QHBoxLayout()
        for button in (
            self.invite_button,
            self.resend_button,
            self.revoke_button,
            self.link_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.link_edit)
        layout.addWidget(self.note)
        context.changed.connect(self._on_context_changed)
        self.reload()

    # -- data -----------------------------------------------------------------------------

    def reload(self) -> None:
        selected = self.selected()
        self.items = service.list_invitations(self.context.store)
        self.model.setRowCount(0)
        for item in self.items:
            cells = [
                item.email,
                item.role_label,
                item.state_label,
                _local(item.expires_at),
                f"{item.sends}×",
                item.invited_by,
            ]
            self.model.appendRow([_cell(text, item.id) for text in cells])
        if selected is not None:
            for row, item in enumerate(self.items):
                if item.id == selected.id:
                    self.table.selectRow(row)
        if not self.note.text() or self.note.text() in (EMPTY, USUAL):
            self.note.setText(USUAL if self.items else EMPTY)
        self._update_buttons()

    def _on_context_changed(self, changes: Changes) -> None:
        if changes.touches(*SHOWS):
            self.reload()

    def selected(self) -> InvitationSummary | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or not self.items:
            return None
        wanted = rows[0].data(Qt.ItemDataRole.UserRole)
        return next((item for item in self.items if item.id == wanted), None)

    def _update_buttons(self, *_args: Any) -> None:
        item = self.selected()
        open_ = item is not None and item.state in {"waiting", "expired"}
        self.resend_button.setEnabled(open_)
        self.revoke_button.setEnabled(open_)
        self.link_button.setEnabled(item is not None and item.state == "waiting")

    # -- actions --------------------------------------------------------------------------

    def _run(self, work: Any) -> Any:
        with watching() as seen:
            result = work()
        self.context.notify(seen.changes)
        return result

    def _on_invite_clicked(self) -> None:
        def added(_made: InvitationSummary, note: str) -> None:
            self.note.setText(note)
            self.reload()

        open_add_advisor(self.context, self, added)

    def _on_resend_clicked(self) -> None:
        item = self.selected()
        if item is None:
            return
        try:
            self._run(lambda: service.resend(self.context.store, item.email))
        except ServiceError as error:
            self.note.setText(str(error))
            return
        self.note.setText(f"A new link goes to {item.email} at the next sync.")
        self.reload()

    def _on_revoke_clicked(self) -> None:
        item = self.selected()
        if item is None:
            return
        try:
            self._run(lambda: service.revoke(self.context.store, item.email))
        except ServiceError as error:
            self.note.setText(str(error))
            return
        self.note.setText(f"The invitation of {item.email} is revoked: its links no longer work.")
        self.reload()

    def _on_link_clicked(self) -> None:
        item = self.selected()
        if item is None:
            return
        self.link_button.setEnabled(False)
        self.note.setText("Asking the server for a link…")
        store = self.context.store
        self.context.run_in_background(
            lambda _task: fetch_link(store, item.id),
            on_done=self._on_link_done,
            on_error=self._on_link_failed,
        )

    def _on_link_done(self, url: str) -> None:
        self.link_edit.setText(url)
        self.link_edit.show()
        QGuiApplication.clipboard().setText(url)
        self.note.setText("The link is copied: it works once, until the invitation expires.")
        self._update_buttons()

    def _on_link_failed(self, error: BaseException) -> None:
        from advisor_desk.sync.transport import SyncError

        if not isinstance(error, SyncError):
            raise error
        self.note.setText(str(error))
        self._update_buttons()


def _local(moment: dt.datetime) -> str:
    """A stored UTC time as this computer's clock reads it: 13 Dec 2026 04:21."""
    local = moment.replace(tzinfo=dt.UTC).astimezone()
    return f"{local.day} {local:%b %Y %H:%M}"


def _cell(text: str, invitation_id: str) -> QStandardItem:
    cell = QStandardItem(text)
    cell.setData(invitation_id, Qt.ItemDataRole.UserRole)
    return cell
