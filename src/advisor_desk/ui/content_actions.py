"""Pushing library items, shared by the push dialog and drops on the tree: undoable.

Undo takes back exactly what the push added (new grants, template links and its activity
log entries); redo pushes again. A refusal (entitlements, an unpublished item) reaches the
caller as a `ValidationError` listing each one with what to change.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from advisor_desk.services.clients.teams import get_client
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.services.library import content
from advisor_desk.services.library.push import PushSummary, push_items, take_back_push
from advisor_desk.ui.commands import push_edit
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.widgets import show_problem, show_service_error
from advisor_desk.ui.words import plural

PUSHED = ("client_content", "template_content", "library_push")
GRANTS = ("client_content",)


def push_content(
    context: AppContext,
    item_ids: Sequence[str],
    *,
    client_ids: Sequence[str] = (),
    template_ids: Sequence[str] = (),
    text: str = "",
) -> PushSummary:
    """Push now and put it on the undo stack; raises the service's refusal unchanged."""
    store = context.store
    latest: list[PushSummary] = []

    def do() -> PushSummary:
        summary = push_items(store, item_ids, client_ids=client_ids, template_ids=template_ids)
        latest[:] = [summary]
        return summary

    def undo() -> None:
        if latest:
            take_back_push(store, latest[0])

    label = text or f"Push {plural(len(item_ids), 'item')}"
    summary: PushSummary = push_edit(
        context, label, do, undo, PUSHED, ids=(*client_ids, *template_ids)
    )
    return summary


def push_to_client(
    context: AppContext, item_ids: Sequence[str], client_id: str, parent: QWidget | None
) -> str:
    """Push dropped items to one client; the status-bar message, or "" if it was refused."""
    name = "the client"
    try:
        name = get_client(context.store, client_id).name
        summary = push_content(
            context, item_ids, client_ids=(client_id,), text=f"Push content to {name}"
        )
    except ValidationError as error:
        lines = error.lines()
        reasons = lines[0] if len(lines) == 1 else "\n".join(f"• {line}" for line in lines)
        show_problem(parent, "Nothing was pushed", f"Nothing was pushed to {name}.\n\n{reasons}")
        return ""
    except ServiceError as error:
        show_service_error(parent, "Cannot push to the client", error)
        return ""
    if summary.added == 0:
        return f"{name} already has {_items(summary.items)}"
    return f"Pushed {_items(summary.items)} to {name} ({summary.added} new)"


def grant_to_client(
    context: AppContext, client_id: str, name: str, item_ids: Sequence[str]
) -> list[content.ContentSummary]:
    """Grant items now, undoably; raises the service's refusal unchanged."""
    store, ids = context.store, list(item_ids)
    granted: list[content.ContentSummary] = push_edit(
        context,
        f"Grant {_items(len(ids))} to {name}",
        lambda: content.grant_to_client(store, client_id, ids),
        lambda: content.revoke_from_client(store, client_id, ids),
        GRANTS,
        ids=(client_id,),
    )
    return granted


def remove_from_client(
    context: AppContext,
    client_id: str,
    name: str,
    item_ids: Sequence[str],
    parent: QWidget | None,
) -> str:
    """Take items away from a client, undoably; the status-bar message ("" if refused)."""
    store, ids = context.store, list(item_ids)
    try:
        push_edit(
            context,
            f"Remove {_items(len(ids))} from {name}",
            lambda: content.revoke_from_client(store, client_id, ids),
            lambda: content.grant_to_client(store, client_id, ids),
            GRANTS,
            ids=(client_id,),
        )
    except ServiceError as error:
        show_service_error(parent, "Cannot remove the content", error)
        return ""
    return f"Removed {_items(len(ids))} from {name}"


def _items(count: int) -> str:
    return "1 item" if count == 1 else f"{count} items"
