"""Administration → Users: the partner's advisors, what they cost this month, their access.

Loads on a worker (`load_users`) and again whenever `context.changed` touches advisors or
clients; every edit runs through `push_edit`, so Edit → Undo reverses it.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QPoint, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.permissions import Role
from advisor_desk.services.clock import today as clock_today
from advisor_desk.services.people.advisors import AdvisorSummary
from advisor_desk.services.people.invitations import InvitationSummary
from advisor_desk.store.changes import Changes
from advisor_desk.store.models import (
    Advisor,
    AdvisorAccess,
    AdvisorActivity,
    Agreement,
    Client,
    Invitation,
    Partner,
)
from advisor_desk.ui.admin import users_edits as edits
from advisor_desk.ui.admin.access_dialog import ClientAccessDialog
from advisor_desk.ui.admin.access_log_view import AccessLogView
from advisor_desk.ui.admin.add_advisor import open_add_advisor
from advisor_desk.ui.admin.advisor_dialogs import AdvisorDialog, AdvisorForm, DateDialog
from advisor_desk.ui.admin.advisor_model import SORT_ROLE, AdvisorTableModel, Column
from advisor_desk.ui.admin.fields import heading_font, quiet
from advisor_desk.ui.admin.invitations_view import InvitationsView
from advisor_desk.ui.admin.users_data import (
    UsersSnapshot,
    deactivation_note,
    last_end,
    load_users,
    open_span,
)
from advisor_desk.ui.admin.users_gates import build_tabs, context_menu, fit_columns, guard_edits
from advisor_desk.ui.context import AppContext, shown
from advisor_desk.ui.icons import icon

log = logging.getLogger(__name__)

SHOWS = shown(Advisor, AdvisorActivity, AdvisorAccess, Client, Agreement, Partner, Invitation)


class UsersPanel(QWidget):
    """Advisors table with add / edit / deactivate / reactivate / client access."""

    loaded = Signal()  # a fresh snapshot is on screen (tests wait for it)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.snapshot: UsersSnapshot | None = None
        self._loading = False
        self._stale = False
        self._select_after_load: str | None = None
        self._columns_fitted = False
        self._reload_when_shown = False
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self._start_load)

        self.model = AdvisorTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self._build()
        self._update_actions()
        context.changed.connect(self._on_context_changed)
        self.reload()

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        title = QLabel("User Management")
        title.setObjectName("PageTitle")
        title.setFont(heading_font(self, 1.5))
        self.count_label = QLabel("Loading advisors…")
        self.count_label.setObjectName("SectionTitle")
        self.count_label.setFont(heading_font(self, 1.1))
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label = QLabel()
        quiet(self.detail_label)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by name, email or role")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(240)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)

        self.add_action = self._action("Add advisor…", "add", "Insert", self._on_add_triggered)
        self.edit_action = self._action("Edit…", "edit", "F2", self._on_edit_triggered)
        self.deactivate_action = self._action(
            "Deactivate…", "advisor-inactive", "Delete", self._on_deactivate_triggered
        )
        self.reactivate_action = self._action(
            "Reactivate…", "advisor", "", self._on_reactivate_triggered
        )
        self.access_action = self._action("Client access…", "access", "", self._on_access_triggered)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.add_button = self._button("Add advis&or…", self.add_action)
        self.edit_button = self._button("Ed&it…", self.edit_action)
        self.deactivate_button = self._button("&Deactivate…", self.deactivate_action)
        self.reactivate_button = self._button("&Reactivate…", self.reactivate_action)
        self.access_button = self._button("Client acce&ss…", self.access_action)
        for name in ("add", "edit", "deactivate", "reactivate", "access"):
            buttons.addWidget(getattr(self, f"{name}_button"))
        buttons.addStretch(1)
        buttons.addWidget(self.filter_edit)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, to the buttons
        self.table.setAccessibleName("Advisors")
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        for column, width in ((Column.NAME, 170), (Column.EMAIL, 220), (Column.ROLE, 120)):
            header.resizeSection(column, width)
        header.resizeSection(Column.STATUS, 180)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        self.table.doubleClicked.connect(lambda _index: self.edit_action.trigger())
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        for action in self._actions():
            self.table.addAction(action)

        self.empty_label = QLabel(
            "No advisors yet.\nAdd the people of your firm who use Advisor Desk: Add advisor… "
            "invites them."
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        quiet(self.empty_label)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addWidget(self.count_label)
        layout.addWidget(self.detail_label)
        layout.addSpacing(4)
        self.note = QLabel()  # what Add advisor did (standalone: the invitation waits)
        quiet(self.note)
        self.note.setWordWrap(True)
        self.note.hide()
        self.access_log: AccessLogView | None = None
        self.invitations: InvitationsView | None = None
        page = QWidget()  # the Advisors tab: its buttons, what Add advisor did, the table
        tab_layout = QVBoxLayout(page)
        tab_layout.setContentsMargins(0, 8, 0, 0)
        tab_layout.addLayout(buttons)
        tab_layout.addWidget(self.note)
        tab_layout.addWidget(self.stack, 1)
        self.tabs = build_tabs(self, page)
        layout.addWidget(self.tabs, 1)
        guard_edits(self)
        self.setFocusProxy(self.table)
        self.setTabOrder(self.table, self.add_button)

    def _action(self, text: str, icon_name: str, shortcut: str, slot: object) -> QAction:
        action = QAction(icon(icon_name), text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        return action

    def _button(self, text: str, action: QAction) -> QPushButton:
        button = QPushButton(action.icon(), text)
        button.setAutoDefault(False)
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{action.text()} ({shortcut})" if shortcut else action.text())
        button.clicked.connect(action.trigger)
        action.enabledChanged.connect(button.setEnabled)
        button.setEnabled(action.isEnabled())
        return button

    def _actions(self) -> list[QAction]:
        names = ("add", "edit", "deactivate", "reactivate", "access")
        return [getattr(self, f"{name}_action") for name in names]

    # -- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        """Load again soon (several changes in a row give one load); hidden, when shown."""
        if not self.isVisible():
            self._reload_when_shown = True
            return
        self._reload_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._reload_when_shown:
            self._reload_when_shown = False
            self._reload_timer.start()

    def _start_load(self) -> None:
        if self._loading:
            self._stale = True
            return
        self._loading = True
        self._stale = False
        self.context.run_in_background(
            lambda _task: load_users(self.context.store),
            on_done=self._on_load_done,
            on_error=self._on_load_failed,
        )

    def _on_load_done(self, snapshot: UsersSnapshot) -> None:
        self._loading = False
        if self._stale:  # something changed while loading: this snapshot is already old
            self.reload()
            return
        selected = self.selected_advisor()
        keep = self._select_after_load or (selected.id if selected else None)
        self._select_after_load = None
        self.snapshot = snapshot
        names = {client.id: client.name for client in snapshot.clients}
        self.model.set_advisors(
            snapshot.advisors, names, snapshot.today, snapshot.locale, snapshot.invitations
        )
        self.count_label.setText(snapshot.billing_summary())
        self.detail_label.setText(snapshot.billing_detail())
        self.stack.setCurrentWidget(self.table if snapshot.advisors else self.empty_label)
        if snapshot.advisors and not self._columns_fitted:
            self._fit_columns()
        if keep is not None:
            self.select_advisor(keep)
        self._update_actions()
        self.loaded.emit()

    def _fit_columns(self) -> None:
        """Widths from the first rows loaded; the user's own resizing is kept after that."""
        self._columns_fitted = True
        fit_columns(self.table)

    def _on_load_failed(self, error: BaseException) -> None:
        self._loading = False
        log.warning("could not load the advisors: %s", error)
        self.count_label.setText(f"Could not load the advisors: {error}")
        if self._stale:
            self.reload()

    def _on_context_changed(self, changes: Changes) -> None:
        if changes.touches(*SHOWS):
            self.reload()

    # -- selection ------------------------------------------------------------------------

    def selected_advisor(self) -> AdvisorSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        source = self.proxy.mapToSource(rows[0])
        return self.model.advisor(source.row()) if source.isValid() else None

    def select_advisor(self, advisor_id: str) -> None:
        row = self.model.row_of(advisor_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def _update_actions(self) -> None:
        advisor = self.selected_advisor()
        ready = self.snapshot is not None
        self.add_action.setEnabled(ready)
        self.edit_action.setEnabled(advisor is not None)
        self.access_action.setEnabled(advisor is not None)
        is_open = advisor is not None and open_span(advisor) is not None
        self.deactivate_action.setEnabled(is_open)
        self.reactivate_action.setEnabled(advisor is not None and not is_open)

    def _on_table_context_menu(self, position: QPoint) -> None:
        context_menu(self, position)

    # -- actions --------------------------------------------------------------------------

    def _today(self) -> dt.date:
        return self.snapshot.today if self.snapshot else clock_today()

    def _on_add_triggered(self) -> None:
        """Add advisor is an invitation (issue 16): ui/admin/add_advisor.py."""

        def added(made: InvitationSummary, note: str) -> None:
            self._select_after_load = made.advisor_id
            self.note.setText(note)
            self.note.show()

        open_add_advisor(self.context, self, added)

    def _on_edit_triggered(self) -> None:
        advisor = self.selected_advisor()
        if advisor is None:
            return

        def submit(form: AdvisorForm) -> None:
            edits.edit_advisor(self.context, advisor, name=form.name, role=form.role)

        AdvisorDialog(submit, advisor, parent=self).open()

    def _on_deactivate_triggered(self) -> None:
        advisor = self.selected_advisor()
        span = open_span(advisor) if advisor else None
        if advisor is None or span is None:
            return
        locale = self.snapshot.locale if self.snapshot else "en_AU"
        DateDialog(
            f"Deactivate {advisor.name}",
            f"{advisor.name} stops being an active advisor from the date below. "
            "Their history and client access are kept.",
            "Not active &from:",
            "&Deactivate",
            lambda day: edits.deactivate(self.context, advisor, day),
            max(self._today(), span.start),
            minimum=span.start,
            explain=lambda day: deactivation_note(span.start, day, locale),
            parent=self,
            today=self._today(),
        ).open()

    def _on_reactivate_triggered(self) -> None:
        advisor = self.selected_advisor()
        if advisor is None or open_span(advisor) is not None:
            return
        ended = last_end(advisor)
        DateDialog(
            f"Reactivate {advisor.name}",
            f"{advisor.name} becomes an active advisor again, billed from that month on.",
            "Active again &from:",
            "&Reactivate",
            lambda day: edits.reactivate(self.context, advisor, day),
            max(self._today(), ended) if ended else self._today(),
            minimum=ended,
            parent=self,
            today=self._today(),
        ).open()

    def _on_access_triggered(self) -> None:
        advisor = self.selected_advisor()
        if advisor is None or self.snapshot is None:
            return
        ClientAccessDialog(
            advisor.name,
            self.snapshot.clients,
            advisor.client_ids,
            lambda change: edits.change_access(self.context, advisor, change),
            parent=self,
            administrator=advisor.role is Role.ADMINISTRATOR,
        ).open()
