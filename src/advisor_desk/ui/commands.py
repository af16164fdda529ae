"""Undoable edits: each runs a service to do and another to undo, then says what changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtGui import QUndoCommand

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
        already_done: bool = False,
    ) -> None:
        super().__init__(text)
        self._context = context
        self._do = do
        self._undo = undo
        self._entities = frozenset(entities)
        # QUndoStack.push() calls redo() at once; an edit already done must not run twice.
        self._skip_next_redo = already_done
        self.result: Any = None

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self.result = self._do()
        self._context.notify(self._entities)

    def undo(self) -> None:
        self._undo()
        self._context.notify(self._entities)


def push_edit(
    context: AppContext,
    text: str,
    do: Callable[[], Any],
    undo: Callable[[], Any],
    entities: Iterable[str],
) -> Any:
    """Do an edit now; if it worked, put it on the undo stack and tell every view.

    A service error (bad input) reaches the caller, which shows it at the field; nothing is
    pushed then.
    """
    result = do()
    context.notify(entities)
    command = ServiceCommand(context, text, do, undo, entities, already_done=True)
    command.result = result
    context.undo_stack.push(command)
    return result
