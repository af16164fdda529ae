"""One way to run work off the GUI thread: a cancellable QRunnable reporting by signals."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)
    finished = Signal()


class Task(QRunnable):
    def __init__(self, work: Callable[[Task], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._work = work
        self.cancelled = False
        self.signals = TaskSignals()

    def cancel(self) -> None:
        self.cancelled = True

    def report(self, done: int, total: int, stage: str = "") -> None:
        self.signals.progress.emit(done, total, stage)

    def run(self) -> None:
        try:
            result = self._work(self)
        except BaseException as error:  # handed to the GUI thread, which decides what to show
            log.debug("background task failed", exc_info=True)
            self.signals.failed.emit(error)
        else:
            if not self.cancelled:
                self.signals.done.emit(result)
        finally:
            self.signals.finished.emit()
