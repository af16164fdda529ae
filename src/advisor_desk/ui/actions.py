"""The main window's actions, menus and toolbar: one place that says what each shortcut does."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QToolButton

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.permissions import Action
from advisor_desk.ui.icons import icon
from advisor_desk.ui.sections import SECTIONS
from advisor_desk.ui.theme import THEMES

Keys = QKeySequence.StandardKey


@dataclass
class Actions:
    import_workspace: QAction
    export_workspace: QAction
    import_csv: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    home: QAction
    back: QAction
    focus_tree: QAction
    focus_centre: QAction
    group_by_tag: QAction
    show_archived: QAction
    new_client: QAction
    log_in: QAction
    add_member: QAction
    archive: QAction
    billing: dict[BillingModel, QAction]
    users: QAction
    partner_settings: QAction
    about: QAction
    themes: dict[str, QAction]
    sections: dict[str, QAction]

    def needing_a_partner(self) -> list[QAction]:
        """Every action that works on the firm's data: disabled until a partner exists (made
        on the welcome page, imported, or downloaded from a server). What stays: importing,
        quitting, undo/redo, themes, About (and the sync controller's Server…/Sync now)."""
        return [
            self.export_workspace,
            self.import_csv,
            self.find,
            self.home,
            self.back,
            self.focus_tree,
            self.focus_centre,
            self.group_by_tag,
            self.show_archived,
            self.new_client,
            self.log_in,
            self.add_member,
            self.archive,
            *self.billing.values(),
            self.users,
            self.partner_settings,
            *self.sections.values(),
        ]


def role_rules(a: Actions) -> list[tuple[QAction, Action]]:
    """The window's actions the permission table governs (domain/permissions.py): hidden
    for a role that may not (ui/permissions.guard)."""
    rules = [
        (a.new_client, Action.CREATE_CLIENT),
        (a.import_csv, Action.CREATE_CLIENT),
        (a.archive, Action.ARCHIVE_CLIENT),
        *((action, Action.BILLING) for action in a.billing.values()),
        (a.users, Action.MANAGE_ADVISORS),
        (a.partner_settings, Action.PARTNER_SETTINGS),
    ]
    sections = {
        "billing": Action.BILLING,
        "documents": Action.ISSUE_DOCUMENTS,
        "templates": Action.TEMPLATES,
    }
    rules += [(a.sections[key], rule) for key, rule in sections.items() if key in a.sections]
    return rules


def hide_empty_menus(menus: dict[str, QMenu]) -> None:
    """The Billing menu goes from the menu bar when the role may use none of its actions
    (a plain advisor); it comes back with the role. (Administration keeps Server….)"""
    for key in ("billing",):
        menu = menus.get(key)
        if menu is not None:
            shown = [a for a in menu.actions() if a.isVisible() and not a.isSeparator()]
            menu.menuAction().setVisible(bool(shown))


def _action(
    window: QMainWindow,
    text: str,
    icon_name: str = "",
    shortcut: QKeySequence | str | Keys | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if icon_name:
        action.setIcon(icon(icon_name))
    if shortcut is not None:
        sequence = shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut)
        action.setShortcut(sequence)
    if tip:
        shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({shown})" if shown else tip)
        action.setStatusTip(tip)
    window.addAction(action)  # shortcuts work with the menu bar hidden too
    return action


def build_actions(window: QMainWindow, undo: QAction, redo: QAction) -> Actions:
    undo.setIcon(icon("undo"))
    undo.setShortcut(QKeySequence(Keys.Undo))
    redo.setIcon(icon("redo"))
    # the platform's Redo, and Ctrl+Y unless that is already it (twice is ambiguous to Qt)
    redo_keys = [QKeySequence(Keys.Redo)]
    if QKeySequence("Ctrl+Y") not in redo_keys:
        redo_keys.append(QKeySequence("Ctrl+Y"))
    redo.setShortcuts(redo_keys)
    group_by_tag = _action(window, "&Group clients by tag", "tag", "Ctrl+G")
    group_by_tag.setCheckable(True)
    show_archived = _action(window, "Show &archived clients", "archive", "Ctrl+Shift+A")
    show_archived.setCheckable(True)
    theme_group = QActionGroup(window)
    themes = {}
    for name in THEMES:
        label = {"system": "Follow the &system", "light": "&Light", "dark": "&Dark"}[name]
        action = QAction(label, window, checkable=True)
        theme_group.addAction(action)
        themes[name] = action
    billing = {model: QAction(f"Bill as {model.label.lower()}", window) for model in BillingModel}
    return Actions(
        import_workspace=_action(
            window, "&Import workspace…", "import", "Ctrl+Shift+I", "Load a workspace file"
        ),
        export_workspace=_action(
            window, "&Export workspace…", "export", "Ctrl+Shift+E", "Save the whole workspace"
        ),
        import_csv=_action(
            window, "Import &clients from CSV…", "csv", "Ctrl+Shift+L", "Add clients in bulk"
        ),
        quit=_action(window, "&Quit", "quit", Keys.Quit),
        undo=undo,
        redo=redo,
        find=_action(window, "&Filter the tree", "search", Keys.Find, "Filter the tree"),
        home=_action(window, "&Partner home", "home", "Alt+Home", "The partner's home page"),
        back=_action(window, "&Back to the partner", "back", Keys.Back, "Back to the partner"),
        focus_tree=_action(window, "Go to the &tree", "", "Ctrl+1"),
        focus_centre=_action(window, "Go to the &workspace", "", "Ctrl+2"),
        group_by_tag=group_by_tag,
        show_archived=show_archived,
        new_client=_action(window, "&New client…", "add", "Ctrl+Shift+N", "Add a client team"),
        log_in=_action(
            window, "&Log in to client", "login", "Ctrl+Return", "Open the selected client"
        ),
        add_member=_action(window, "Add &member…", "add-member", "Ctrl+N", "Add a member"),
        archive=_action(window, "&Archive or unarchive", "archive", "Ctrl+Shift+Del"),
        billing=billing,
        users=_action(window, "&Users", "users", "Ctrl+U", "The partner's advisors"),
        partner_settings=_action(
            window, "&Partner settings…", "settings", Keys.Preferences, "Partner settings"
        ),
        about=_action(window, "&About Advisor Desk", "about"),
        themes=themes,
        sections={
            s.key: _action(window, s.title, s.icon, s.shortcut or None, s.tip) for s in SECTIONS
        },
    )


def build_menus(window: QMainWindow, a: Actions) -> dict[str, QMenu]:
    bar = window.menuBar()
    file = bar.addMenu("&File")
    file.addActions([a.import_workspace, a.export_workspace])
    file.addSeparator()
    file.addAction(a.import_csv)
    file.addSeparator()
    file.addAction(a.quit)
    edit = bar.addMenu("&Edit")
    edit.addActions([a.undo, a.redo])
    edit.addSeparator()
    edit.addAction(a.find)
    view = bar.addMenu("&View")
    view.addActions([a.home, a.back])
    view.addSeparator()
    view.addActions([a.focus_tree, a.focus_centre])
    view.addSeparator()
    view.addActions([a.group_by_tag, a.show_archived])
    view.addSeparator()
    appearance = view.addMenu("A&ppearance")
    appearance.addActions(list(a.themes.values()))
    client = bar.addMenu("&Client")
    client.addAction(a.new_client)
    client.addSeparator()
    client.addActions([a.log_in, a.add_member])
    billing = client.addMenu(icon("billing"), "Change &billing model")
    billing.addActions(list(a.billing.values()))
    client.addAction(a.archive)
    billing_menu = bar.addMenu("&Billing")
    admin = bar.addMenu("&Administration")
    admin.addActions([a.users, a.partner_settings])
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(a.about)
    menus = {
        "file": file,
        "edit": edit,
        "view": view,
        "client": client,
        "billing": billing_menu,
        "admin": admin,
        "help": help_menu,
        "appearance": appearance,
    }
    for section in SECTIONS:
        menus[section.menu].addAction(a.sections[section.key])
    billing_menu.menuAction().setVisible(not billing_menu.isEmpty())
    return menus


def build_toolbar(window: QMainWindow, a: Actions) -> QToolBar:
    toolbar = QToolBar("Toolbar", window)
    toolbar.setObjectName("MainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.setIconSize(toolbar.iconSize().scaled(18, 18, Qt.AspectRatioMode.KeepAspectRatio))
    toolbar.addAction(a.home)
    toolbar.addAction(a.back)
    toolbar.addSeparator()
    toolbar.addAction(a.log_in)
    toolbar.addAction(a.add_member)
    toolbar.addSeparator()
    toolbar.addAction(a.undo)
    toolbar.addAction(a.redo)
    toolbar.addSeparator()
    toolbar.addAction(a.import_workspace)
    toolbar.addAction(a.export_workspace)
    toolbar.addSeparator()
    toolbar.addAction(a.users)
    for section in SECTIONS:
        if section.toolbar:
            toolbar.addAction(a.sections[section.key])
    for action in (a.undo, a.redo, a.import_workspace, a.export_workspace):
        button = toolbar.widgetForAction(action)
        if isinstance(button, QToolButton):  # the tooltip names them; keep the bar short
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    return toolbar
