"""Sync in the background: on a timer (backing off while the server cannot be reached), on
demand (Ctrl+S), with a progress dialog for a first download and a quiet status-bar text
otherwise. After a sync the views hear which entities changed through `context.notify`.

With no usable keyring the token of this session lives only here (`engine.token`); when it is
missing the Server dialog asks for the password once per session.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from advisor_desk.sync.account import LoginOutcome
from advisor_desk.sync.credentials import keyring_problem
from advisor_desk.sync.engine import SyncEngine, SyncReport
from advisor_desk.sync.overview import Changed
from advisor_desk.sync.pusher import SyncCancelled
from advisor_desk.sync.status import SyncStatus, sync_status
from advisor_desk.sync.transport import NotLoggedIn, ServerUnreachable, SyncError
from advisor_desk.ui.context import AppContext, Changes
from advisor_desk.ui.icons import icon
from advisor_desk.ui.jobs import Cancelled, Job, JobError
from advisor_desk.ui.tasks import Task

INTERVAL_MS = 60_000
FIRST_DELAY_MS = 2_000  # the first automatic sync waits until the window is up
SYNC_ENTITIES = ("conflict", "sync_rejection")  # what the Conflicts view listens to
# what a client's removal from the laptop touches (the tree, an open workspace, billing)
WITHDRAWN_ENTITIES = (
    "client",
    "client_billing_model",
    "client_content",
    "member",
    "member_license",
    "advisor_access",
    "document",
)


def withdrawn_message(report: SyncReport) -> str:
    names = ", ".join(report.withdrawn)
    many = len(report.withdrawn) != 1
    text = (
        f"Your access to {names} was withdrawn on the server, so "
        f"{'they were' if many else 'it was'} removed from this laptop."
    )
    if report.unsent:
        change = "change" if report.unsent == 1 else "changes"
        text += (
            f" {report.unsent} unsent {change} to {'them' if many else 'it'} "
            "could not be sent; see View → Sync conflicts."
        )
    return text


@dataclass(frozen=True)
class Downloaded:
    """A first download, as the window's "Loaded: …" message describes it."""

    rows_received: int


@dataclass(frozen=True)
class _Outcome:
    report: SyncReport
    changed: Changed


class SyncController(QObject):
    state_changed = Signal(str)  # the status bar's text ("" when standalone)
    details_changed = Signal(str)  # its tooltip
    synced = Signal(object)  # SyncReport
    downloaded = Signal(object)  # Downloaded: a first download brought the partner
    finished = Signal()  # an attempt ended, however it went

    def __init__(
        self,
        context: AppContext,
        window: QMainWindow,
        *,
        interval_ms: int = INTERVAL_MS,
        first_delay_ms: int = FIRST_DELAY_MS,
        status: SyncStatus | None = None,
    ) -> None:
        super().__init__(window)
        self.context = context
        self.window = window
        self.engine = SyncEngine(context.store)
        self.interval_ms = interval_ms
        self.task: Task | None = None
        self.problem: SyncError | None = None
        self._asked_password = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.server_action = QAction(icon("login"), "&Server…", window)
        self.server_action.setStatusTip("Log in to your partner's server store, or out")
        self.sync_action = QAction(icon("refresh"), "&Sync now", window)
        self.sync_action.setShortcut(QKeySequence("Ctrl+S"))
        self.sync_action.setStatusTip("Send the changes waiting here and receive the others'")
        window.addAction(self.sync_action)  # Ctrl+S works with the menu bar hidden too
        self.server_action.triggered.connect(lambda: self.open_server_dialog())
        self.sync_action.triggered.connect(self.sync_now)
        context.changed.connect(self._on_context_changed)
        # `status`: at start-up, the one read with the store (ui/context.py): no SQL here
        first = status if status is not None else sync_status(context.store)
        QTimer.singleShot(0, self, lambda: self.show_status(first))  # once the window connected
        if first.server_url is not None:
            self.timer.start(first_delay_ms)

    @property
    def busy(self) -> bool:
        return self.task is not None

    def add_actions(self, menu: QMenu) -> None:
        menu.addSeparator()
        menu.addActions([self.server_action, self.sync_action])

    # -- the status bar -------------------------------------------------------------------

    def refresh_status(self) -> SyncStatus:
        return self.show_status(sync_status(self.context.store, self.engine))

    def show_status(self, status: SyncStatus) -> SyncStatus:
        self.state_changed.emit(self.describe(status))
        details = [f"Server: {status.server_url}"] if status.server_url else []
        if status.last_error:
            details.append(status.last_error)
        self.details_changed.emit("\n".join(details))
        return status

    def describe(self, status: SyncStatus) -> str:
        if status.server_url is None:
            return ""
        if self.busy:
            text = "syncing…"
        elif isinstance(self.problem, NotLoggedIn):
            waiting = status.pending
            text = f"not logged in — {waiting} change{'s' if waiting != 1 else ''} waiting"
        else:
            text = status.text
        parts = [text]
        if status.last_synced_at is not None:
            parts.append(f"last sync {_when(status.last_synced_at)}")
        if status.conflicts:
            parts.append(f"{status.conflicts} conflict{'s' if status.conflicts != 1 else ''}")
        if status.rejections:
            parts.append(f"{status.rejections} refused")
        return " · ".join(parts)

    def _on_context_changed(self, changes: Changes) -> None:
        if not self.busy:  # a local edit: one more change waiting
            self.refresh_status()

    # -- syncing --------------------------------------------------------------------------

    def sync_now(self) -> None:
        if self.busy:
            return
        self.timer.stop()
        status = sync_status(self.context.store, self.engine)
        if status.server_url is None:
            self.open_server_dialog()
            return
        if status.last_synced_at is None:  # a first download: show its progress, cancellable
            job = Job(
                self.context,
                self.window,
                title="Downloading from the server",
                label="Connecting to the server…",
                work=self._work_with_progress,
                on_done=lambda outcome: self._on_sync_done(outcome, first=True),
            )
            self.task = job.task
            job.finished.connect(self._on_attempt_finished)
        else:
            self.task = self.context.run_in_background(
                self._work, on_done=self._on_sync_done, on_error=self._on_sync_failed
            )
            self.task.signals.finished.connect(self._on_attempt_finished)
        self.refresh_status()

    def _work(self, task: Task) -> _Outcome:
        report = self.engine.sync(progress=task.report, cancelled=lambda: task.cancelled)
        # The rows the sync wrote, as it gathered them (looking for them afterwards would
        # read every table of the store on every sync).
        return _Outcome(report, report.changed)

    def _work_with_progress(self, task: Task) -> _Outcome:
        """For the progress dialog: Cancel ends quietly, problems become one sentence."""
        try:
            return self._work(task)
        except SyncCancelled:
            raise Cancelled() from None
        except SyncError as error:
            self.problem = error
            raise JobError(str(error)) from None

    def _on_sync_done(self, outcome: _Outcome, *, first: bool = False) -> None:
        self.problem = None
        report, changed = outcome.report, outcome.changed
        entities = set(changed.entities)
        ids = changed.ids
        if report.conflicts or report.rejected or report.reset:
            entities.update(SYNC_ENTITIES)
        if report.withdrawn or report.unsent:  # rows left the store: nothing to list by id
            entities.update((*SYNC_ENTITIES, *WITHDRAWN_ENTITIES))
            ids = frozenset()
        if entities:
            self.context.notify(entities, ids)
        if report.withdrawn:
            self.context.report_problem(withdrawn_message(report))
        self.synced.emit(report)
        if first and report.pulled:
            self.downloaded.emit(Downloaded(report.pulled))

    def _on_sync_failed(self, error: BaseException) -> None:
        if not isinstance(error, SyncError):
            sys.excepthook(type(error), error, error.__traceback__)  # a bug
            return
        self.problem = error
        if (
            isinstance(error, NotLoggedIn)
            and not self._asked_password
            and keyring_problem() is not None
        ):
            self._asked_password = True  # once a session; the menu opens it again
            self.open_server_dialog(
                reason="This system keeps no password: log in again for this session."
            )

    def _on_attempt_finished(self) -> None:
        self.task = None
        status = self.refresh_status()
        self.finished.emit()
        if status.server_url is None or isinstance(self.problem, NotLoggedIn):
            return
        waiting = self.engine.retry_in() if isinstance(self.problem, ServerUnreachable) else 0
        self.timer.start(round(waiting * 1000) if waiting > 0 else self.interval_ms)

    def _on_timer_timeout(self) -> None:
        self.sync_now()

    # -- logging in and out ---------------------------------------------------------------

    def open_server_dialog(self, *, reason: str = "") -> None:
        from advisor_desk.ui.sync.server_dialog import ServerDialog

        dialog = ServerDialog(
            self.context, self.window, session_token=self.engine.token, reason=reason
        )
        dialog.logged_in.connect(self._on_dialog_logged_in)
        dialog.logged_out.connect(self._on_dialog_logged_out)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_dialog_logged_in(self, outcome: LoginOutcome) -> None:
        # with no keyring the token of this session is kept here only, in memory
        self.engine.token = None if outcome.saved_in_keyring else outcome.token
        self.problem = None
        self.window.statusBar().showMessage(
            f"Logged in as {outcome.advisor_name} ({outcome.role} of {outcome.partner_name})", 8000
        )
        self.sync_now()

    def _on_dialog_logged_out(self, message: str) -> None:
        self.engine.token = None
        self.timer.stop()
        self.problem = NotLoggedIn(message)
        self.refresh_status()


def _when(moment: dt.datetime) -> str:
    """A stored UTC time as the advisor's local clock reads it: 14:02, or 3 Nov 14:02."""
    local = moment.replace(tzinfo=dt.UTC).astimezone()
    now = dt.datetime.now().astimezone()
    return f"{local:%H:%M}" if local.date() == now.date() else f"{local.day} {local:%b %H:%M}"
