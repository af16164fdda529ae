"""Long jobs (demo data, imports, exports) in a worker, with a progress dialog and Cancel.

A job's user-level failure (a ServiceError, an unreadable file) is shown in a message box;
anything else is a bug and goes to the crash dialog through `sys.excepthook`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.tasks import Task
from advisor_desk.ui.widgets import show_problem

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a job's progress callback once the user pressed Cancel."""


class JobError(Exception):
    """An environment problem worth one sentence to the user (a file that cannot be read)."""


STAGES = {
    "generating": "Making up clients…",
    "importing": "Saving to the store…",
    "issuing": "Issuing last months' invoices…",
}


class Job(QObject):
    finished = Signal(bool)  # True when it worked

    def __init__(
        self,
        context: AppContext,
        parent: QWidget,
        *,
        title: str,
        label: str,
        work: Callable[[Task], Any],
        on_done: Callable[[Any], None],
        cancellable: bool = True,
        cancel_stages: tuple[str, ...] = (),
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._parent = parent
        self._title = title
        self._on_done = on_done
        self.cancelled = False
        self._cancel_stages = cancel_stages
        self.dialog = QProgressDialog(label, "", 0, 0, parent)
        self.cancel_button: QPushButton | None = None
        if cancellable:
            self.cancel_button = QPushButton("&Cancel")
            self.dialog.setCancelButton(self.cancel_button)
        else:
            self.dialog.setCancelButton(None)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(250)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(380)
        self.dialog.canceled.connect(self._on_dialog_canceled)
        self.task = context.run_in_background(
            work,
            on_done=self._on_task_done,
            on_error=self._on_task_failed,
            on_progress=self._on_task_progress,
        )

    def _on_dialog_canceled(self) -> None:
        self.cancelled = True
        self.task.cancel()
        self.dialog.setLabelText("Stopping…")

    def _on_task_progress(self, done: int, total: int, stage: str) -> None:
        if self.cancelled:
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total > 0 else 0)
        if stage:
            self.dialog.setLabelText(STAGES.get(stage, stage))
        if self.cancel_button is not None and self._cancel_stages:
            # Past the stages that can stop cleanly, the job finishes what it started.
            self.cancel_button.setEnabled(stage in self._cancel_stages)

    def _close(self) -> None:
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()

    def _on_task_done(self, result: Any) -> None:
        self._close()
        self._on_done(result)
        self.finished.emit(True)
        self.deleteLater()

    def _on_task_failed(self, error: BaseException) -> None:
        self._close()
        self.finished.emit(False)
        self.deleteLater()
        if isinstance(error, Cancelled):
            return
        if isinstance(error, ValidationError):
            lines = error.lines()
            shown = "\n".join(f"• {line}" for line in lines[:12])
            more = f"\n… and {len(lines) - 12} more" if len(lines) > 12 else ""
            show_problem(self._parent, self._title, f"Nothing was changed.\n\n{shown}{more}")
        elif isinstance(error, ServiceError | JobError | OSError):
            show_problem(self._parent, self._title, str(error))
        else:  # a bug: the crash dialog, with its traceback
            sys.excepthook(type(error), error, error.__traceback__)


def progress_reporter(
    task: Task, cancel_stages: tuple[str, ...] = ("generating",)
) -> Callable[[int, int, str], None]:
    """A service's `progress(done, total, stage)` that reports to the dialog and cancels.

    Cancel takes effect only in `cancel_stages` (before anything is written); later stages
    finish, so a job never leaves half a workspace behind.
    """

    def report(done: int, total: int, stage: str) -> None:
        if task.cancelled and stage in cancel_stages:
            raise Cancelled()
        task.report(done, total, stage)

    return report
