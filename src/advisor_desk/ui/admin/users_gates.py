"""User Management's parts the permission table decides: the Access log tab (administrators)
and which advisor edits a role may make (ui/permissions.guard)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QWidget

from advisor_desk.domain.permissions import Action
from advisor_desk.ui.admin.access_log_view import AccessLogView
from advisor_desk.ui.permissions import allowed, guard

if TYPE_CHECKING:
    from advisor_desk.ui.admin.users_panel import UsersPanel


def build_tabs(panel: UsersPanel, advisors: QWidget) -> QTabWidget:
    """Advisors, and (administrators) the access log with its filters and CSV export."""
    tabs = QTabWidget()
    tabs.setDocumentMode(True)
    tabs.addTab(advisors, "&Advisors")
    panel.access_log = None
    if allowed(panel.context, Action.ACCESS_LOG):
        panel.access_log = AccessLogView(panel.context)
        tabs.addTab(panel.access_log, "Access &log")
    if allowed(panel.context, Action.MANAGE_ADVISORS):  # h6: invitations and their state
        from advisor_desk.ui.admin.invitations_view import InvitationsView

        tabs.addTab(InvitationsView(panel.context), "Invi&tations")
    return tabs


def guard_edits(panel: UsersPanel) -> None:
    """Who may add, edit and (de)activate advisors, and give them access to clients."""
    for name in ("add", "edit", "deactivate", "reactivate"):
        guard(panel.context, getattr(panel, f"{name}_action"), Action.MANAGE_ADVISORS)
        guard(panel.context, getattr(panel, f"{name}_button"), Action.MANAGE_ADVISORS)
    guard(panel.context, panel.access_action, Action.MANAGE_ACCESS)
    guard(panel.context, panel.access_button, Action.MANAGE_ACCESS)
