"""Before a firm exists only importing, quitting, themes and About work: the Billing menu and
every action on the firm's data are disabled, and enabled once a partner is created."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from advisor_desk.ui.context import AppContext
from advisor_desk.ui.main_window import MainWindow
from tests.ui.conftest import open_window

ALWAYS = {"&Import workspace…", "&Quit", "&About Advisor Desk", "&Server…", "&Sync now", "Toolbar"}


def _menu_actions(window: MainWindow, menu: str) -> list[QAction]:
    return [a for a in window.menus[menu].actions() if not a.isSeparator() and a.menu() is None]


def test_billing_and_firm_actions_wait_for_a_partner(qtbot: QtBot, context: AppContext) -> None:
    window = open_window(qtbot, context)
    assert window.welcome is not None
    billing = _menu_actions(window, "billing")
    assert billing  # Billing overview, Documents…
    assert [a.text() for a in billing if a.isEnabled()] == []
    for menu in ("file", "view", "client", "admin"):
        enabled = {a.text() for a in _menu_actions(window, menu) if a.isEnabled()}
        assert enabled <= ALWAYS, menu
    assert not any(a.isEnabled() for a in window.actions.sections.values())

    page = window.welcome
    qtbot.keyClicks(page.name_edit, "Harbour Risk Partners")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert window.area is not None
    assert all(a.isEnabled() for a in billing)
    assert all(a.isEnabled() for a in window.actions.sections.values())
    assert window.actions.partner_settings.isEnabled()
    assert window.actions.new_client.isEnabled()
