"""User Management's parts the permission table decides: the Access log and Invitations tabs
(administrators) and which advisor edits a role may make (ui/permissions.guard); and the
advisors table's context menu and column widths."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu, QTableView, QTabWidget, QWidget

from advisor_desk.domain.permissions import Action
from advisor_desk.ui.admin.access_log_view import AccessLogView
from advisor_desk.ui.admin.advisor_model import Column
from advisor_desk.ui.admin.invitations_view import InvitationsView
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
    panel.invitations = None
    if allowed(panel.context, Action.MANAGE_ADVISORS):  # invitations and their state
        panel.invitations = InvitationsView(panel.context)
        tabs.addTab(panel.invitations, "Invi&tations")
    return tabs


def guard_edits(panel: UsersPanel) -> None:
    """Who may add, edit and (de)activate advisors, and give them access to clients."""
    for name in ("add", "edit", "deactivate", "reactivate"):
        guard(panel.context, getattr(panel, f"{name}_action"), Action.MANAGE_ADVISORS)
        guard(panel.context, getattr(panel, f"{name}_button"), Action.MANAGE_ADVISORS)
    guard(panel.context, panel.access_action, Action.MANAGE_ACCESS)
    guard(panel.context, panel.access_button, Action.MANAGE_ACCESS)


def context_menu(panel: UsersPanel, position: QPoint) -> None:
    """The advisors table's menu at `position` (the row under it selected first)."""
    index = panel.table.indexAt(position)
    if index.isValid():
        panel.table.selectRow(index.row())
    menu = QMenu(panel)
    menu.addAction(panel.add_action)
    menu.addSeparator()
    for action in (panel.edit_action, panel.access_action):
        menu.addAction(action)
    menu.addSeparator()
    menu.addAction(panel.deactivate_action)
    menu.addAction(panel.reactivate_action)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    menu.popup(panel.table.viewport().mapToGlobal(position))


ACCESS_ROOM = 220  # what the last column (client access) keeps at least, when it can


def fit_columns(table: QTableView) -> None:
    """Name, email, role and status fitted to their contents (at most 340 px each); if the
    client access column would be left less than ACCESS_ROOM, the email column gives way
    (long addresses elided, whole in their tooltip)."""
    header = table.horizontalHeader()
    for column in (Column.NAME, Column.EMAIL, Column.ROLE, Column.STATUS):
        minimum = header.sectionSize(column)
        table.resizeColumnToContents(column)
        header.resizeSection(column, min(max(header.sectionSize(column) + 24, minimum), 340))
    fitted = sum(header.sectionSize(c) for c in (Column.NAME, Column.ROLE, Column.STATUS))
    room = table.viewport().width() - fitted - ACCESS_ROOM
    if room < header.sectionSize(Column.EMAIL):
        header.resizeSection(Column.EMAIL, max(room, 180))
