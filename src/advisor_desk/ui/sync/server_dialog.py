"""Settings → Server…: the server's address, the advisor's e-mail and password; log in / out.

Logging in and out talk to the network, so they run in a worker; problems appear under the
field they are about (an unreachable address under the address, a wrong password or too many
attempts under the password). With no usable keyring the dialog says so before anything is
typed: the token is then kept in memory for this session only, never written to a file.

On a laptop whose firm was set up offline (a partner, never synced), the dialog offers to
upload that firm to the partner on the server (which must be empty: `account.connect`);
left unticked, such a login is refused with the reason, and nothing here changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import requests
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.services.errors import ValidationError
from advisor_desk.sync import account
from advisor_desk.sync.credentials import keyring_problem
from advisor_desk.sync.offline import offline_firm as find_offline_firm
from advisor_desk.sync.overview import saved_login
from advisor_desk.sync.transport import ServerRefused, ServerUnreachable, SyncError
from advisor_desk.ui.widgets import FieldErrors, grow_to_fit, muted_label, primary_button

if TYPE_CHECKING:
    from advisor_desk.ui.context import AppContext
    from advisor_desk.ui.tasks import Task


class ServerDialog(QDialog):
    logged_in = Signal(object)  # account.LoginOutcome
    logged_out = Signal(str)

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        session_token: str | None = None,
        reason: str = "",
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.session_token = session_token
        self.setWindowTitle("Server")
        self.setMinimumWidth(480)
        saved = saved_login(context.store)
        self.server = QLineEdit(saved.server_url or "")
        self.server.setPlaceholderText("https://sync.example.com")
        self.email = QLineEdit(saved.email or "")
        self.email.setPlaceholderText("you@example.com")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.keyring_note = muted_label()
        self.keyring_note.setObjectName("KeyringNote")
        problem = keyring_problem()
        if problem:
            self.keyring_note.setText(
                f"No keyring: {problem}. You will be asked for your password each session; "
                "the session token is kept in memory only and never written to a file."
            )
        self.keyring_note.setVisible(bool(problem))
        self.offline_firm = offline_firm(context)
        self.upload = QCheckBox("&Upload this firm to the server")
        self.upload.setObjectName("UploadFirm")
        self.upload_note = muted_label()
        if self.offline_firm:
            self.upload.setChecked(True)
            self.upload_note.setText(
                f"This laptop holds {self.offline_firm}, set up without a server. Uploading "
                "sends all of it (clients, history, issued documents with their numbers) to "
                "your partner on the server, which must still be empty; then this laptop "
                "syncs with it like any other."
            )
        self.upload.setVisible(bool(self.offline_firm))
        self.upload_note.setVisible(bool(self.offline_firm))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow("&Server address", self.server)
        self.form.addRow("&E-mail", self.email)
        self.form.addRow("&Password", self.password)
        general = QLabel()
        self.errors = FieldErrors(
            self.form, {"server": self.server, "email": self.email, "password": self.password},
            general,
        )  # fmt: skip
        self.log_in_button = primary_button("&Log in")
        self.log_out_button = QPushButton("Log &out")
        # While logging in (a second or more): a busy bar and a Cancel that gives the form back.
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName("Logging in")
        self.busy_bar.hide()
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self._attempt = 0  # a cancelled login's answer is ignored
        self._task: Task | None = None
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.log_out_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.log_in_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        self.log_in_button.setDefault(True)  # Return logs in, never out
        self.buttons.rejected.connect(self.reject)
        self.log_in_button.clicked.connect(self._on_log_in_clicked)
        self.log_out_button.clicked.connect(self._on_log_out_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(
            muted_label(
                "Your partner's server store keeps every advisor's laptop in step. "
                "Changes made offline wait here and are sent at the next sync."
            )
        )
        layout.addWidget(self.state)
        if reason:
            layout.addWidget(muted_label(reason))
        layout.addLayout(self.form)
        layout.addWidget(self.upload)
        layout.addWidget(self.upload_note)
        layout.addWidget(self.keyring_note)
        layout.addWidget(general)
        layout.addWidget(self.busy_bar)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._show_state(saved.server_url, saved.email)
        (self.password if saved.email else self.server).setFocus()

    def _show_state(self, server_url: str | None, email: str | None) -> None:
        if server_url:
            self.state.setText(f"This laptop syncs with <b>{server_url}</b> as {email or '—'}.")
        else:
            self.state.setText("Not connected: this laptop works on its own (standalone).")
        self.log_out_button.setEnabled(bool(server_url))
        grow_to_fit(self)

    def _busy(self, busy: bool, text: str = "") -> None:
        for widget in (self.server, self.email, self.password, self.log_in_button, self.upload):
            widget.setEnabled(not busy)
        self.log_out_button.setEnabled(not busy and self.log_out_button.isEnabled())
        self.busy_bar.setVisible(busy)
        if text:
            self.state.setText(text)
            grow_to_fit(self)

    # -- logging in -----------------------------------------------------------------------

    def _on_log_in_clicked(self) -> None:
        self.errors.clear()
        url, email, password = (
            self.server.text().strip(),
            self.email.text().strip(),
            self.password.text(),
        )
        problems = []
        if not url.startswith(("http://", "https://")):
            problems.append(("server", "give the server's address, e.g. https://sync.example.com"))
        if "@" not in email:
            problems.append(("email", "give the e-mail you log in with"))
        if not password:
            problems.append(("password", "give your password"))
        if problems:
            self.errors.show(ValidationError(problems))
            return
        upload = bool(self.offline_firm) and self.upload.isChecked()
        self._busy(
            True,
            f"Uploading {self.offline_firm} to {url}…" if upload else f"Logging in to {url}…",
        )
        self.cancel_button.setVisible(not upload)  # an upload is not left half-way
        self._attempt += 1
        attempt, store = self._attempt, self.context.store
        self._task = self.context.run_in_background(
            lambda _task: account.connect(store, url, email, password, upload_firm=upload).login,
            on_done=lambda outcome: self._on_login_answered(attempt, outcome),
            on_error=lambda error: self._on_login_answered(attempt, error),
        )

    def _on_cancel_clicked(self) -> None:
        """Stop waiting: the form comes back at once; a late answer is not acted on."""
        self._attempt += 1
        if self._task is not None:
            self._task.cancel()
        self.cancel_button.hide()
        self._busy(False)
        saved = saved_login(self.context.store)
        self._show_state(saved.server_url, saved.email)
        self.state.setText(self.state.text() + " Login cancelled.")

    def _on_login_answered(self, attempt: int, answer: object) -> None:
        if attempt != self._attempt:
            return  # cancelled meanwhile
        self._task = None
        self.cancel_button.hide()
        if isinstance(answer, BaseException):
            self._on_login_failed(answer)
        else:
            assert isinstance(answer, account.LoginOutcome)  # what the login worker returns
            self._on_login_done(answer)

    def _on_login_done(self, outcome: account.LoginOutcome) -> None:
        self.password.clear()
        self._busy(False)
        self.session_token = None if outcome.saved_in_keyring else outcome.token
        self.logged_in.emit(outcome)
        self.accept()

    def _on_login_failed(self, error: BaseException) -> None:
        self._busy(False)
        saved = saved_login(self.context.store)
        self._show_state(saved.server_url, saved.email)
        self.errors.show(ValidationError([login_problem(error)]))

    # -- logging out ----------------------------------------------------------------------

    def _on_log_out_clicked(self) -> None:
        self._busy(True, "Logging out…")
        store, token = self.context.store, self.session_token
        self.context.run_in_background(
            lambda _task: account.logout(store, token),
            on_done=self._on_logout_done,
            on_error=self._on_login_failed,
        )

    def _on_logout_done(self, message: str) -> None:
        self._busy(False)
        self.session_token = None
        self.state.setText(message[:1].upper() + message[1:] + ".")
        self.log_out_button.setEnabled(False)
        grow_to_fit(self)
        self.logged_out.emit(message)


def offline_firm(context: AppContext) -> str:
    """The firm this laptop set up without a server, in words ("Harbour Risk (12 clients)"),
    or "" when there is none to upload (no firm, or it already syncs)."""
    firm = find_offline_firm(context.store)
    return firm.words() if firm is not None else ""


def login_problem(error: BaseException) -> tuple[str, str]:
    """Which field a failed login is about, and what to say there."""
    if isinstance(error, ServerUnreachable):  # the transport already says why, in words
        return "server", f"{error}. Check the address and your connection"
    if isinstance(error, ServerRefused):
        if error.status == 429:
            return "password", "too many failed attempts: wait a few minutes and try again"
        if error.status in {404, 405}:
            return "server", "this address does not answer like an Advisor Desk server"
        return "", str(error)
    if isinstance(error, requests.RequestException):
        return "server", "this is not an address that can be reached"
    if isinstance(error, SyncError):
        message = str(error)
        return ("password" if "password" in message else ""), message
    raise error  # a bug: the caller's excepthook shows it
