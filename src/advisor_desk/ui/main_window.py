"""The main window: menus, toolbar and status bar around the welcome page or the main area.

Until the store has a partner the window shows the welcome page; then the main area (the tree
on the left, home / a client's workspace / Users in the centre: ui/main_area.py). Window
geometry and the view's state are kept in the declared settings (ui/settings.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QStackedWidget, QWidget

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.permissions import Action, refusal
from advisor_desk.services.billing.partners import PartnerSummary, get_partner
from advisor_desk.services.partner import NoPartnerError
from advisor_desk.ui import client_actions, file_actions, settings, theme
from advisor_desk.ui.about import show_about
from advisor_desk.ui.actions import (
    build_actions,
    build_menus,
    build_toolbar,
    hide_empty_menus,
    role_rules,
)
from advisor_desk.ui.bizdev.opening import add_bizdev_menu
from advisor_desk.ui.context import AppContext, Changes
from advisor_desk.ui.first_paint import when_painted
from advisor_desk.ui.home import HomePage
from advisor_desk.ui.main_area import MainArea
from advisor_desk.ui.permissions import guard, me_of
from advisor_desk.ui.shortcut_priority import WindowShortcutsWin
from advisor_desk.ui.tree.panel import TreePanel
from advisor_desk.ui.welcome import WelcomePage
from advisor_desk.ui.widgets import fit_on_screen, show_problem

if TYPE_CHECKING:
    from advisor_desk.sync.status import SyncStatus
    from advisor_desk.ui.sync.controller import SyncController
    from advisor_desk.ui.workspace.page import ClientWorkspace


class MainWindow(QMainWindow):
    def __init__(
        self,
        context: AppContext,
        *,
        log_file: Path | None = None,
        prefs: settings.Settings | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.log_file = log_file
        self.prefs = prefs or settings.Settings()
        self.partner: PartnerSummary | None = None
        self.area: MainArea | None = None
        self.welcome: WelcomePage | None = None
        self.pages = QStackedWidget()
        self.setCentralWidget(self.pages)
        self.setWindowTitle("Advisor Desk")
        fit_on_screen(self, 1280, 820)
        self.actions = build_actions(
            self,
            context.undo_stack.createUndoAction(self, "&Undo"),
            context.undo_stack.createRedoAction(self, "&Redo"),
        )
        self.menus = build_menus(self, self.actions)
        self.bizdev_action = add_bizdev_menu(self, context, self.menus["client"])  # issue 14
        self.toolbar = build_toolbar(self, self.actions)
        self.menus["view"].addAction(self.toolbar.toggleViewAction())
        self._shortcuts_win = WindowShortcutsWin(self)  # Ctrl+U in a text field is Users
        self._build_status_bar()
        self._connect_actions()
        for action, rule in role_rules(self.actions):  # the permission table: hidden if refused
            guard(context, action, rule)
        hide_empty_menus(self.menus)
        context.changed.connect(self._on_context_changed)
        context.problem_reported.connect(lambda text: show_problem(self, "Advisor Desk", text))
        self.restoreGeometry(self.prefs.get(settings.WINDOW_GEOMETRY))
        self.restoreState(self.prefs.get(settings.WINDOW_STATE))
        facts = context.start_facts  # read with the store by the start-up's worker
        try:
            self.partner = facts.partner if facts is not None else get_partner(context.store)
        except NoPartnerError:
            self.partner = None
        if self.partner is None:
            self._show_welcome()
        else:
            self._show_main(self.partner)
        self._sync: SyncController | None = None
        if facts is not None and self.area is not None:
            # Start-up: the sync's modules (HTTP, keyring) load once the tree has painted its
            # first clients; the controller uses the sync status read with the store.
            status = facts.sync
            when_painted(self.area.panel.view.viewport(), lambda: self._make_sync(status))
        else:
            _ = self.sync
        # Built: from now on who works here, the partner and the sync status are read anew.
        QTimer.singleShot(0, context.forget_start_facts)

    @property
    def sync(self) -> SyncController:
        """Background sync; Server…, Sync now (Ctrl+S) in Administration (made when first
        asked, at the latest once the window has painted)."""
        return self._sync if self._sync is not None else self._make_sync()

    def _make_sync(self, status: SyncStatus | None = None) -> SyncController:
        if self._sync is not None:
            return self._sync
        from advisor_desk.ui.sync.controller import SyncController

        self._sync = sync = SyncController(self.context, self, status=status)
        sync.state_changed.connect(self.set_sync_state)
        sync.details_changed.connect(self.sync_label.setToolTip)
        sync.downloaded.connect(self._on_workspace_loaded)  # a first download: show it
        sync.add_actions(self.menus["admin"])
        return sync

    # -- the parts of the main area, for menus and tests ----------------------------------

    @property
    def panel(self) -> TreePanel | None:
        return self.area.panel if self.area is not None else None

    @property
    def home(self) -> HomePage | None:
        return self.area.home if self.area is not None else None

    @property
    def workspace(self) -> ClientWorkspace | None:
        return self.area.workspace if self.area is not None else None

    @property
    def users(self) -> QWidget | None:
        return self.area.users if self.area is not None else None

    @property
    def centre(self) -> QStackedWidget | None:
        return self.area.centre if self.area is not None else None

    @property
    def splitter(self) -> QSplitter | None:
        return self.area

    # -- building -----------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.sync_label = QLabel()
        self.sync_label.hide()
        store_file = self.context.data_dir / "advisor-desk.sqlite3"
        self.store_label = QLabel(f"Store: {store_file}")
        self.store_label.setToolTip(f"Data folder: {self.context.data_dir}")
        self.who_label = QLabel()  # who works here: "Ana Souza (Administrator)"
        self.who_label.setObjectName("WhoLabel")
        bar.addPermanentWidget(self.who_label)
        bar.addPermanentWidget(self.sync_label)
        bar.addPermanentWidget(self.store_label)
        self.show_who()

    def show_who(self) -> None:
        """The status bar names who works on this laptop: the signed-in advisor, or (standalone)
        the store's owner."""
        me = me_of(self.context)
        self.who_label.setText(me.described)
        how = "Signed in" if me.signed_in else "Standalone: the firm's owner"
        self.who_label.setToolTip(f"{how}: {me.name}{f' <{me.email}>' if me.email else ''}")

    def set_sync_state(self, text: str) -> None:
        """Sync reports here (later): empty hides it."""
        self.sync_label.setText(text)
        self.sync_label.setVisible(bool(text))

    def _connect_actions(self) -> None:
        a = self.actions
        area = self._in_area
        a.quit.triggered.connect(self.close)
        a.import_workspace.triggered.connect(lambda: self.import_workspace(merge=True))
        a.export_workspace.triggered.connect(self.export_workspace)
        a.import_csv.triggered.connect(self.import_clients_csv)
        a.find.triggered.connect(lambda: area(lambda m: m.panel.focus_filter()))
        a.home.triggered.connect(lambda: area(MainArea.go_home))
        a.back.triggered.connect(lambda: area(MainArea.go_home))
        a.focus_tree.triggered.connect(lambda: area(lambda m: m.panel.view.setFocus()))
        a.focus_centre.triggered.connect(
            lambda: area(lambda m: m.centre.currentWidget().setFocus())
        )
        a.group_by_tag.toggled.connect(self._on_group_by_tag_toggled)
        a.show_archived.toggled.connect(self._on_show_archived_toggled)
        a.new_client.triggered.connect(self.new_client)
        a.log_in.triggered.connect(lambda: self._with_client(self.open_client))
        a.add_member.triggered.connect(lambda: self._with_client(self.add_member))
        a.archive.triggered.connect(
            lambda: self._with_client(
                lambda cid: client_actions.toggle_archived(self.context, cid, self)
            )
        )
        for model, action in a.billing.items():
            action.triggered.connect(lambda _checked=False, m=model: self._bill_as(m))
        a.users.triggered.connect(lambda: area(MainArea.show_users))
        for key, action in a.sections.items():
            action.triggered.connect(lambda _checked=False, k=key: self.show_section(k))
        a.partner_settings.triggered.connect(self.open_partner_settings)
        a.about.triggered.connect(lambda: show_about(self, self.context.data_dir, self.log_file))
        choice = self.prefs.get(settings.THEME)
        a.themes.get(choice, a.themes["system"]).setChecked(True)
        for name, action in a.themes.items():
            action.triggered.connect(lambda _checked=False, n=name: self.set_theme(n))
        a.group_by_tag.setChecked(self.prefs.get(settings.GROUP_BY_TAG))
        a.show_archived.setChecked(self.prefs.get(settings.SHOW_ARCHIVED))

    def _in_area(self, act: Callable[[MainArea], object]) -> None:
        if self.area is not None:
            act(self.area)

    # -- welcome ------------------------------------------------------------------------

    def _show_welcome(self) -> None:
        self.welcome = WelcomePage(self.context)
        self.welcome.partner_created.connect(lambda _partner: self._show_main())
        self.welcome.demo_requested.connect(self._on_welcome_demo_requested)
        self.welcome.import_requested.connect(lambda: self.import_workspace(merge=False))
        self.pages.addWidget(self.welcome)
        self.pages.setCurrentWidget(self.welcome)
        self.toolbar.hide()
        self._update_actions()

    def _on_welcome_demo_requested(self) -> None:
        welcome = self.welcome
        if welcome is None:
            return
        welcome.set_busy(True)
        job = file_actions.load_demo(self.context, self, self._on_workspace_loaded)
        job.finished.connect(lambda ok: ok or welcome.set_busy(False))

    def _on_workspace_loaded(self, summary: object) -> None:
        text = file_actions.describe(summary)
        if self.area is None:
            self._show_main()
        self.statusBar().showMessage(f"Loaded: {text}" if text else "Loaded", 8000)

    # -- the main area ------------------------------------------------------------------

    def _show_main(self, partner: PartnerSummary | None = None) -> None:
        self.partner = partner if partner is not None else get_partner(self.context.store)
        self.setWindowTitle(f"Advisor Desk — {self.partner.name}")
        self.area = MainArea(self.context, self.partner, self.prefs)
        self.area.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.area.view_changed.connect(self._update_actions)
        self.area.panel.add_member_requested.connect(self.add_member)
        self.area.panel.new_client_requested.connect(self.new_client)
        self.area.home.settings_requested.connect(self.open_partner_settings)
        self.area.home.import_clients_requested.connect(self.import_clients_csv)
        self.area.home.new_client_requested.connect(self.new_client)
        self.pages.addWidget(self.area)
        self.pages.setCurrentWidget(self.area)
        if self.welcome is not None:
            self.pages.removeWidget(self.welcome)
            self.welcome.deleteLater()
            self.welcome = None
        self.toolbar.show()
        self.area.restore_view()
        self._update_actions()

    def _update_actions(self) -> None:
        """What can be done now: nothing but files before a partner; client actions need one."""
        a = self.actions
        main = self.area is not None
        for action in (*a.needing_a_partner(), self.bizdev_action):  # Billing's sections too
            action.setEnabled(main)
        a.back.setEnabled(main and self.area is not None and self.area.current_view != "home")
        has_client = bool(self.area is not None and self.area.current_client_id())
        for action in (a.log_in, a.add_member, a.archive, *a.billing.values()):
            action.setEnabled(has_client)

    def open_client(self, client_id: str) -> None:
        self._in_area(lambda area: area.open_client(client_id))

    def add_member(self, client_id: str) -> None:
        self._in_area(lambda area: area.add_member(client_id))

    def show_section(self, key: str) -> None:
        self._in_area(lambda m: m.show_section(key))

    def show_users(self) -> None:
        if self._permitted(Action.MANAGE_ADVISORS):
            self._in_area(MainArea.show_users)

    def go_home(self) -> None:
        self._in_area(MainArea.go_home)

    def current_client_id(self) -> str:
        return self.area.current_client_id() if self.area is not None else ""

    def _with_client(self, act: Callable[[str], object]) -> None:
        client_id = self.current_client_id()
        if client_id:
            act(client_id)
        else:
            self.statusBar().showMessage("Select a client in the tree first", 4000)

    def new_client(self) -> None:
        if not self._permitted(Action.CREATE_CLIENT):  # also from the tree and home page
            return
        from advisor_desk.ui.templates.onboarding_wizard import OnboardingWizard

        wizard = OnboardingWizard(self.context, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.client_created.connect(self.open_client)
        wizard.open()

    def open_partner_settings(self) -> None:
        if not self._permitted(Action.PARTNER_SETTINGS):
            return
        from advisor_desk.ui.admin.partner_settings import PartnerSettingsDialog

        dialog = PartnerSettingsDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _permitted(self, action: Action) -> bool:
        """The permission table, for requests that come from elsewhere than a gated action
        (the tree's menu, a home-page link): refused with its words in the status bar."""
        me = me_of(self.context)
        words = refusal(me.role, action)
        if words is not None:
            self.statusBar().showMessage(f"{words[0].upper()}{words[1:]}.", 6000)
        return words is None

    def _bill_as(self, model: BillingModel) -> None:
        self._with_client(
            lambda cid: self._report(
                client_actions.change_billing_model(self.context, cid, model, self)
            )
        )

    def _report(self, message: str | None) -> None:
        if message:
            self.statusBar().showMessage(message, 6000)

    # -- files ----------------------------------------------------------------------------

    def import_workspace(self, *, merge: bool) -> None:
        file_actions.ask_import_workspace(
            self.context,
            self,
            merge=merge and self.partner is not None,
            on_done=self._on_workspace_loaded,
        )

    def export_workspace(self) -> None:
        name = self.partner.name if self.partner else "workspace"
        file_actions.ask_export_workspace(self.context, self, name, self._report)

    def import_clients_csv(self) -> None:
        file_actions.ask_import_clients_csv(self.context, self, self._on_workspace_loaded)

    # -- reacting and remembering -------------------------------------------------------

    def _on_group_by_tag_toggled(self, grouped: bool) -> None:
        self.prefs.set(settings.GROUP_BY_TAG, grouped)
        self._in_area(lambda area: area.panel.set_group_by_tag(grouped))

    def _on_show_archived_toggled(self, shown: bool) -> None:
        self.prefs.set(settings.SHOW_ARCHIVED, shown)
        self._in_area(lambda area: area.panel.set_include_archived(shown))

    def _on_context_changed(self, changes: Changes) -> None:
        if changes.touches("advisor"):
            self.show_who()
            hide_empty_menus(self.menus)
        if changes.touches("partner") and self.area is not None:
            self.partner = get_partner(self.context.store)
            self.area.partner = self.partner
            self.setWindowTitle(f"Advisor Desk — {self.partner.name}")

    def set_theme(self, choice: str) -> None:
        self.prefs.set(settings.THEME, choice)
        theme.use_theme(choice)

    def save_state(self) -> None:
        self.prefs.set(settings.WINDOW_GEOMETRY, self.saveGeometry())
        self.prefs.set(settings.WINDOW_STATE, self.saveState())
        self._in_area(MainArea.save_state)
        self.prefs.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_state()
        if self._sync is not None:
            self._sync.timer.stop()  # no new attempt while quitting
        self.context.cancel_tasks()  # a sync, a billing history: told to stop, not awaited
        super().closeEvent(event)
