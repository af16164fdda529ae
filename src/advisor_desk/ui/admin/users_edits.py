"""The users panel's edits, each one undoable: a service call to do it and one to undo it.

Every function runs the edit at once through `push_edit` (so a ValidationError reaches the
dialog that asked, and nothing is pushed), then Edit → Undo / Redo replay the services.
"""

from __future__ import annotations

import datetime as dt

from advisor_desk.domain.permissions import Role
from advisor_desk.services.people import advisors as service
from advisor_desk.services.people.advisors import AdvisorSummary
from advisor_desk.ui.admin.access_dialog import AccessChange
from advisor_desk.ui.commands import push_edit
from advisor_desk.ui.context import AppContext


def edit_advisor(context: AppContext, before: AdvisorSummary, *, name: str, role: Role) -> None:
    if name.strip() == before.name and role is before.role:
        return
    store = context.store
    push_edit(
        context,
        f"Edit advisor {before.name}",
        lambda: service.edit_advisor(store, before.id, name=name, role=role),
        lambda: service.edit_advisor(store, before.id, name=before.name, role=before.role),
        ["advisor"],
    )


def deactivate(context: AppContext, advisor: AdvisorSummary, day: dt.date) -> None:
    """Not active from `day`; undo opens an interval from `day` again (same billing)."""
    store = context.store
    push_edit(
        context,
        f"Deactivate {advisor.name}",
        lambda: service.deactivate_advisor(store, advisor.id, day),
        lambda: service.reactivate_advisor(store, advisor.id, day),
        ["advisor_activity"],
    )


def reactivate(context: AppContext, advisor: AdvisorSummary, day: dt.date) -> None:
    store = context.store
    push_edit(
        context,
        f"Reactivate {advisor.name}",
        lambda: service.reactivate_advisor(store, advisor.id, day),
        lambda: service.deactivate_advisor(store, advisor.id, day),
        ["advisor_activity"],
    )


def change_access(context: AppContext, advisor: AdvisorSummary, change: AccessChange) -> None:
    """Give and remove access as one undoable edit; a failure part-way undoes the part done."""
    if not change:
        return
    store = context.store

    def apply(give: tuple[str, ...], remove: tuple[str, ...]) -> None:
        done: list[tuple[str, bool]] = []
        try:
            for client_id in give:
                service.give_access(store, advisor.id, client_id)
                done.append((client_id, True))
            for client_id in remove:
                service.remove_access(store, advisor.id, client_id)
                done.append((client_id, False))
        except Exception:
            for client_id, given in reversed(done):
                if given:
                    service.remove_access(store, advisor.id, client_id)
                else:
                    service.give_access(store, advisor.id, client_id)
            raise

    count = len(change.give) + len(change.remove)
    push_edit(
        context,
        f"Change client access of {advisor.name} ({count} client{'s' if count > 1 else ''})",
        lambda: apply(change.give, change.remove),
        lambda: apply(change.remove, change.give),
        ["advisor_access"],
    )
