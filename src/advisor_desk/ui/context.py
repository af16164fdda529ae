"""What every window, panel and dialog shares: the store, the change signal, undo, workers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtGui import QUndoStack

from advisor_desk.store.engine import Store
from advisor_desk.ui.tasks import Task


@dataclass(frozen=True)
class Changes:
    """What an edit changed: entity names (table names, e.g. "client", "member") and row ids.

    Views refresh only when a change touches what they show, instead of reloading everything.
    """

    entities: frozenset[str]
    ids: frozenset[str] = field(default_factory=frozenset)

    def touches(self, *entities: str) -> bool:
        return not self.entities.isdisjoint(entities)


class AppContext(QObject):
    changed = Signal(object)  # Changes
    problem_reported = Signal(str)  # a user-level problem found away from any form

    def __init__(self, store: Store, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.data_dir = data_dir
        self.undo_stack = QUndoStack(self)
        self.pool = QThreadPool(self)
        self._tasks: set[Task] = set()

    def notify(self, entities: Iterable[str], ids: Iterable[str] = ()) -> None:
        self.changed.emit(Changes(frozenset(entities), frozenset(ids)))

    def report_problem(self, message: str) -> None:
        self.problem_reported.emit(message)

    def run_in_background(
        self,
        work: Callable[[Task], Any],
        *,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        """Run `work(task)` on a worker thread; results come back on the GUI thread.

        `work` may call `task.report(done, total, stage)` and should stop early when
        `task.cancelled` is true. The store is safe to use from the worker: every service
        call opens its own session.
        """
        task = Task(work)
        task.signals.done.connect(on_done)
        if on_error is not None:
            task.signals.failed.connect(on_error)
        if on_progress is not None:
            task.signals.progress.connect(on_progress)
        self._tasks.add(task)
        task.signals.finished.connect(lambda: self._tasks.discard(task))
        self.pool.start(task)
        return task

    def wait_for_tasks(self, msecs: int = 10_000) -> bool:
        return self.pool.waitForDone(msecs)
