"""The window around the views: menus and shortcuts, keyboard-only use, administration, looks."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from advisor_desk.resources import resource
from advisor_desk.services.people import advisors
from advisor_desk.ui import theme
from advisor_desk.ui.admin import PartnerSettingsDialog, UsersPanel
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.icons import icon
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.tree.model import KIND_ROLE
from advisor_desk.ui.workspace.member_dialogs import AddMemberDialog


def menu_texts(window: MainWindow, name: str) -> list[str]:
    return [a.text().replace("&", "") for a in window.menus[name].actions() if a.text()]


def test_menus_offer_the_documented_commands(window: MainWindow) -> None:
    assert menu_texts(window, "file") == [
        "Import workspace…",
        "Export workspace…",
        "Import clients from CSV…",
        "Quit",
    ]
    assert menu_texts(window, "edit")[:2] == ["Undo", "Redo"]
    assert menu_texts(window, "admin") == ["Users", "Partner settings…", "Server…", "Sync now"]
    assert menu_texts(window, "help") == ["About Advisor Desk"]
    assert window.actions.undo.shortcut().toString() == "Ctrl+Z"
    assert window.actions.find.shortcut().toString() == "Ctrl+F"
    assert window.store_label.text().endswith("advisor-desk.sqlite3")


def test_keyboard_only_filter_open_and_add_member(
    qtbot: QtBot, window: MainWindow, client_ids: dict[str, str]
) -> None:
    panel = window.panel
    assert panel is not None
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(panel.model.snapshot_applied, timeout=5000):
        qtbot.keyClicks(panel.filter_edit, "initech")
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Down)  # into the tree
    assert panel.view.hasFocus()
    for _ in range(3):  # partner → Clients → Initech
        qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    assert panel.view.currentIndex().data(KIND_ROLE) == "client"
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert window.workspace is not None
    assert window.workspace.client_id == client_ids["initech"]

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AddMemberDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, AddMemberDialog)
    assert dialog.focusWidget() is dialog.name_edit  # typing goes to the first field
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_administration_users_is_a_section_of_the_window(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    advisors.add_advisor(context.store, email="ana@harbour.example", name="Ana Souza")
    window.actions.users.trigger()
    assert isinstance(window.users, UsersPanel)
    assert window.centre.currentWidget() is window.users
    qtbot.waitUntil(lambda: window.users.model.rowCount() == 1, timeout=5000)  # type: ignore[union-attr]
    window.actions.back.trigger()
    assert window.centre.currentWidget() is window.home


def test_partner_settings_opens_as_a_dialog(qtbot: QtBot, window: MainWindow) -> None:
    window.actions.partner_settings.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PartnerSettingsDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, PartnerSettingsDialog)
    dialog.reject()


def test_about_names_the_version_and_the_data_folder(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    window.actions.about.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    assert "Advisor Desk 0.1.0" in box.text()
    assert str(context.data_dir) in box.text()
    box.accept()


def test_light_and_dark_themes(window: MainWindow, qapp: QApplication) -> None:
    window.set_theme("dark")
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 128
    assert theme.current_colours() is theme.DARK
    window.set_theme("light")
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 128
    assert "@" not in theme.style_sheet(theme.LIGHT)
    window.set_theme("system")


def test_every_icon_draws(qapp: QApplication) -> None:
    names = sorted(p.stem for p in resource("icons").glob("*.svg"))
    assert len(names) > 30
    # In the app's own palettes (Qt's default one, which a test run may still have when this
    # test comes first, draws text-coloured icons in black: all grey).
    for choice in ("light", "dark"):
        theme.apply_theme(qapp, choice)
        for name in names:
            pixmap = icon(name).pixmap(QSize(24, 24))
            assert not pixmap.isNull(), name
            # style-sheet images of a fixed colour: grey chevrons, white marks on the accent
            fixed = name.endswith(("-muted", "-on-accent"))
            assert not pixmap.toImage().allGray() or fixed, (choice, name)
    theme.apply_theme(qapp, "system")


def test_new_client_from_the_client_menu(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    from PySide6.QtWidgets import QWizard

    from advisor_desk.services.clients.teams import list_clients
    from advisor_desk.ui.templates.onboarding_wizard import OnboardingWizard

    window.actions.new_client.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), OnboardingWizard))
    wizard = QApplication.activeModalWidget()
    assert isinstance(wizard, OnboardingWizard)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    start = wizard.start_page  # no templates yet: a blank plan
    start.model_combo.setCurrentIndex(start.model_combo.findData("direct"))
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(wizard.details_page.name_edit, "Acme Logistics")  # taken
    assert not next_button.isEnabled()
    assert "already exists" in wizard.details_page.errors["name"].text()
    wizard.details_page.name_edit.setText("Umbrella Health")
    for _ in range(3):
        qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert not wizard.isVisible()
    created = next(c for c in list_clients(context.store) if c.name == "Umbrella Health")
    assert created.billing_model is not None
    assert created.billing_model.value == "direct"
    assert window.workspace is not None
    assert window.workspace.client_id == created.id  # opened at once


def test_client_actions_need_a_client(window: MainWindow, client_ids: dict[str, str]) -> None:
    assert window.panel is not None
    window.panel.view.setCurrentIndex(window.panel.model.index(0, 0))  # the partner row
    assert not window.actions.add_member.isEnabled()
    window.panel.select_client(client_ids["globex"])
    assert window.actions.add_member.isEnabled()
    assert window.actions.log_in.isEnabled()
