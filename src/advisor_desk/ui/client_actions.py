"""Edits of a client, shared by the tree's context menu, the menus and the workspace.

Each goes through a service, onto the undo stack (where the service can undo it exactly) and
out on the change signal; a refusal is shown to the user, never raised.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.clients import undo as client_undo
from advisor_desk.services.clients.onboarding import NewClient
from advisor_desk.services.clients.undo import ClientCreation
from advisor_desk.services.errors import ServiceError
from advisor_desk.ui.commands import push_edit
from advisor_desk.ui.confirm import ConfirmBox, confirm
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.widgets import show_service_error

CLIENT = ("client",)
BILLING = ("client_billing_model",)
CREATED = (
    "client",
    "client_billing_model",
    "client_content",
    "client_risk",
    "client_assessment",
    "advisor_access",
    "member",
    "member_license",
)


def onboard_client(context: AppContext, request: NewClient) -> clients.ClientSummary:
    """Create a client (from a template, if the request names one), undoably; a refusal
    reaches the caller as the service's `ValidationError`.

    Undo tombstones the client and everything its creation made; redo creates it again
    (new rows, so undo takes back the latest). Every view refreshes: the ids change.
    """
    store = context.store
    latest: list[ClientCreation] = []

    def do() -> clients.ClientSummary:
        creation = client_undo.onboard_client(store, request)
        latest[:] = [creation]
        return creation.client

    def undo() -> None:
        if latest:
            client_undo.undo_client_creation(store, latest[0])

    summary: clients.ClientSummary = push_edit(
        context, f"Create client {request.name.strip()}", do, undo, CREATED
    )
    return summary


def rename_client(context: AppContext, client_id: str, name: str, parent: QWidget | None) -> bool:
    store = context.store
    try:
        old = clients.get_client(store, client_id).name
        push_edit(
            context,
            f"Rename {old} to {name.strip()}",
            lambda: clients.edit_client(store, client_id, name=name),
            lambda: clients.edit_client(store, client_id, name=old),
            CLIENT,
            ids=(client_id,),
        )
    except ServiceError as error:
        show_service_error(parent, "Cannot rename the client", error)
        return False
    return True


def set_archived(
    context: AppContext, client_id: str, archived: bool, parent: QWidget | None
) -> bool:
    store = context.store
    try:
        summary = clients.get_client(store, client_id)
        if archived == (summary.archived is not None):
            return True
        if archived:
            push_edit(
                context,
                f"Archive {summary.name}",
                lambda: clients.archive_client(store, client_id),
                lambda: clients.unarchive_client(store, client_id),
                CLIENT,
                ids=(client_id,),
            )
        else:
            since = summary.archived
            push_edit(
                context,
                f"Unarchive {summary.name}",
                lambda: clients.unarchive_client(store, client_id),
                lambda: clients.archive_client(store, client_id, since),
                CLIENT,
                ids=(client_id,),
            )
    except ServiceError as error:
        show_service_error(parent, "Cannot change the client", error)
        return False
    return True


def ask_to_archive(name: str, archive: Callable[[], object], parent: QWidget | None) -> ConfirmBox:
    """Ask before archiving a client (non-blocking); `archive` runs on "Archive"."""
    return confirm(
        parent,
        f"Archive {name}?",
        f"Archive {name}?",
        "&Archive",
        archive,
        "An archived client is no longer billed from the day it is archived and is hidden "
        "from the tree (View ▸ Show archived). Edit ▸ Undo or Unarchive brings it back.",
    )


def toggle_archived(context: AppContext, client_id: str, parent: QWidget | None) -> bool:
    """Unarchive at once; archive after asking. True when the change was made or asked."""
    try:
        summary = clients.get_client(context.store, client_id)
    except ServiceError as error:
        show_service_error(parent, "Cannot change the client", error)
        return False
    if summary.archived is not None:
        return set_archived(context, client_id, False, parent)
    ask_to_archive(summary.name, lambda: set_archived(context, client_id, True, parent), parent)
    return True


def change_billing_model(
    context: AppContext, client_id: str, model: BillingModel, parent: QWidget | None
) -> str | None:
    """Switch the model from next period; returns a sentence saying from when (None: refused).

    Undo sets the previous model back for that period (the history keeps one entry per
    month, so undoing leaves the months as they were billed).
    """
    store = context.store
    try:
        summary = clients.get_client(store, client_id)
        previous = summary.billing_model or BillingModel.RESELLER
        if previous is model and not _pending_change(summary):
            return f"{summary.name} is already billed {model.label.lower()}"
        period = push_edit(
            context,
            f"Bill {summary.name} {model.label.lower()}",
            lambda: clients.change_billing_model(store, client_id, model),
            lambda: clients.change_billing_model(store, client_id, previous),
            BILLING,
            ids=(client_id,),
        )
    except ServiceError as error:
        show_service_error(parent, "Cannot change the billing model", error)
        return None
    return f"From {period}, {summary.name} is billed {model.label.lower()}"


def _pending_change(summary: clients.ClientSummary) -> bool:
    """A change already recorded for a later month (the model in force differs from it)."""
    return bool(summary.billing_history) and summary.billing_history[-1][1] != summary.billing_model
