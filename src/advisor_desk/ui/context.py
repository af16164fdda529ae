"""What every window, panel and dialog shares: the store, the change signal, undo, workers.

At start-up the worker that opens the store also reads `StartFacts` (the partner, who works
here, the sync status, the tree's first rows): the main window is then built, and its tree
filled, without any SQL on the GUI thread. `me()` answers from those facts until the first
change or the first turn of the event loop after the window is built (`forget_start_facts`);
after that it reads the store (workers read it beside what they load: `read_me`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtGui import QUndoStack

from advisor_desk.store.changes import Changes, entity_name, watching
from advisor_desk.store.engine import Store
from advisor_desk.store.models import ENTITY_MODELS
from advisor_desk.ui.tasks import Task

if TYPE_CHECKING:
    from advisor_desk.services.billing.partners import PartnerSummary
    from advisor_desk.services.whoami import Me
    from advisor_desk.sync.status import SyncStatus
    from advisor_desk.ui.tree.nodes import Snapshot

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StartFacts:
    """What the main window shows first, read off the GUI thread (`read_start_facts`)."""

    partner: PartnerSummary | None  # None: no partner yet (the welcome page)
    me: Me
    sync: SyncStatus
    tree: Snapshot | None = None  # the tree's top, unfiltered (with a partner)
    tree_archived: bool = True  # whether `tree` includes archived clients


def read_me(store: Store) -> Me:
    """Who works on this laptop, read now (in a worker, beside the figures it shows)."""
    from advisor_desk.services.whoami import whoami

    with store.read() as session:
        return whoami(session)


def read_start_facts(store: Store, *, include_archived: bool = True) -> StartFacts:
    """In the start-up's worker: everything the window's first build and the tree's first
    rows ask of the store."""
    from advisor_desk.services.billing.partners import get_partner
    from advisor_desk.services.partner import NoPartnerError
    from advisor_desk.sync.status import sync_status
    from advisor_desk.ui.tree.nodes import load_snapshot

    try:
        partner: PartnerSummary | None = get_partner(store)
    except NoPartnerError:
        partner = None
    me = read_me(store)
    tree = load_snapshot(store, "", include_archived) if partner is not None else None
    return StartFacts(partner, me, sync_status(store), tree, include_archived)


def shown(*entities: str | type[Any]) -> frozenset[str]:
    """The synced entities a view shows, from model classes (or their table names).

    Views declare these once (`SHOWS = shown(Client, Member)`) and refresh when
    `changes.touches(*SHOWS)`; a name that is not a synced entity fails at import.
    """
    names = frozenset(entity_name(each) for each in entities)
    unknown = sorted(names - ENTITY_MODELS.keys())
    if unknown:
        raise ValueError(f"not synced entities: {', '.join(unknown)}")
    return names


@dataclass(frozen=True)
class _Watched:
    result: Any
    changes: Changes


class AppContext(QObject):
    changed = Signal(object)  # store.changes.Changes: the one app-level "data changed"
    problem_reported = Signal(str)  # a user-level problem found away from any form

    def __init__(
        self,
        store: Store,
        data_dir: Path,
        parent: QObject | None = None,
        *,
        facts: StartFacts | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.data_dir = data_dir
        self.undo_stack = QUndoStack(self)
        self.pool = QThreadPool(self)
        self._tasks: set[Task] = set()
        self._facts = facts

    @property
    def start_facts(self) -> StartFacts | None:
        """The facts read with the store at start-up, while they are still current."""
        return self._facts

    def forget_start_facts(self) -> None:
        self._facts = None

    def take_start_tree(self, text: str, include_archived: bool) -> Snapshot | None:
        """The tree's first snapshot read at start-up, once, if it is the one asked for."""
        facts = self._facts
        if facts is None or facts.tree is None or text or include_archived != facts.tree_archived:
            return None
        self._facts = replace(facts, tree=None)
        return facts.tree

    def me(self) -> Me:
        """Who works on this laptop (services/whoami.py): from the start-up's facts while
        they hold, else read now (`read_me`, which a worker may call as well)."""
        if self._facts is not None:
            return self._facts.me
        return read_me(self.store)

    def notify(self, changes: Changes | Iterable[str], ids: Iterable[str] = ()) -> None:
        """Tell every view what changed: an operation's `changes` (preferred), or entity
        names and ids for changes no transaction of ours recorded (a sync's report)."""
        self._facts = None  # whatever changed, the start-up's facts may be out of date
        if not isinstance(changes, Changes):
            changes = Changes.of_entities(changes, ids)
        if changes:
            self.changed.emit(changes)

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
        call opens its own session. What the work's transactions changed reaches the views
        (`changed`) before `on_done` runs.
        """

        def watched(task: Task) -> _Watched:
            with watching() as watcher:
                result = work(task)
            return _Watched(result, watcher.changes)

        def done(outcome: _Watched) -> None:
            self.notify(outcome.changes)
            try:
                on_done(outcome.result)
            except RuntimeError as error:
                # The view that asked was closed while the work ran (Qt deleted its widgets):
                # its result has nowhere to go. Any other RuntimeError is a bug: raised.
                if "already deleted" not in str(error):
                    raise
                log.debug("a background result for a closed view was dropped: %s", error)

        task = Task(watched)
        task.signals.done.connect(done)
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

    def cancel_tasks(self) -> None:
        """Ask every running task to stop, and drop those not started yet (quitting: nothing
        is waited on that was not first told to stop)."""
        self.pool.clear()  # queued, never started: nothing to wait for
        for task in list(self._tasks):
            task.cancel()

    def shutdown(self, msecs: int = 10_000) -> bool:
        """Quit promptly: cancel, then wait only for the work already under way."""
        self.cancel_tasks()
        return self.pool.waitForDone(msecs)
