"""Undoable edits: each runs a service to do and another to undo, then says what changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtGui import QUndoCommand

from advisor_desk.services.errors import ServiceError
from advisor_desk.ui.context import AppContext


class ServiceCommand(QUndoCommand):
    def __init__(
        self,
        context: AppContext,
        text: str,
        do: Callable[[], Any],
        undo: Callable[[], Any],
        entities: Iterable[str],
        *,
        ids: Iterable[str] = (),
        already_done: bool = False,
    ) -> None:
        super().__init__(text)
        self._context = context
        self._do = do
        self._undo = undo
        self._entities = frozenset(entities)
        self._ids = frozenset(ids)
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
            result = step()
        except ServiceError as error:
            self.setObsolete(True)
            self._context.report_problem(f"Cannot {what} “{self.text()}”: {error}")
            return
        if step is self._do:
            self.result = result
        self._context.notify(self._entities, self._ids)


def push_edit(
    context: AppContext,
    text: str,
    do: Callable[[], Any],
    undo: Callable[[], Any],
    entities: Iterable[str],
    *,
    ids: Iterable[str] = (),
) -> Any:
    """Do an edit now; if it worked, put it on the undo stack and tell every view.

    A service error (bad input) reaches the caller, which shows it at the field; nothing is
    pushed then. `ids` name the rows touched (views showing others need not refresh).
    """
    result = do()
    ids = frozenset(ids)
    context.notify(entities, ids)
    command = ServiceCommand(context, text, do, undo, entities, ids=ids, already_done=True)
    command.result = result
    context.undo_stack.push(command)
    return result
