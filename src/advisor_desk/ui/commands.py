"""Undoable edits: each runs a service to do and another to undo, then tells the views what
its transactions changed (recorded by the outbox's flush hook, never listed by hand)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtGui import QUndoCommand

from advisor_desk.services.errors import ServiceError
from advisor_desk.store.changes import watching
from advisor_desk.ui.context import AppContext


class ServiceCommand(QUndoCommand):
    def __init__(
        self,
        context: AppContext,
        text: str,
        do: Callable[[], Any],
        undo: Callable[[], Any],
        entities: Iterable[str] = (),
        *,
        ids: Iterable[str] = (),
        already_done: bool = False,
    ) -> None:
        super().__init__(text)
        self._context = context
        self._do = do
        self._undo = undo
        # QUndoStack.push() calls redo() at once; an edit already done must not run twice.
        self._skip_next_redo = already_done
        self.result: Any = None

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self._run(self._do, "redo")

    def undo(self) -> None:
        self._run(self._undo, "undo")

    def _run(self, step: Callable[[], Any], what: str) -> None:
        # Data may have moved on since (another edit, a sync): a step the service now refuses
        # is reported and dropped from the stack, never a crash.
        try:
            with watching() as seen:
                result = step()
        except ServiceError as error:
            self.setObsolete(True)
            self._context.report_problem(f"Cannot {what} “{self.text()}”: {error}")
            return
        if step is self._do:
            self.result = result
        self._context.notify(seen.changes)


def push_edit(
    context: AppContext,
    text: str,
    do: Callable[[], Any],
    undo: Callable[[], Any],
    entities: Iterable[str] = (),
    *,
    ids: Iterable[str] = (),
) -> Any:
    """Do an edit now; if it worked, put it on the undo stack and tell every view.

    A service error (bad input) reaches the caller, which shows it at the field; nothing is
    pushed then. What changed comes from the transactions `do` ran (`store.changes`);
    `entities` and `ids` are accepted for old callers and ignored.
    """
    with watching() as seen:
        result = do()
    context.notify(seen.changes)
    command = ServiceCommand(context, text, do, undo, already_done=True)
    command.result = result
    context.undo_stack.push(command)
    return result
