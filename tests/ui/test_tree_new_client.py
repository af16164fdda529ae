"""The tree after onboarding selects and shows the new client; its archive asks first."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.services.clients.onboarding import NewClient
from advisor_desk.services.clients.teams import create_client, get_client
from advisor_desk.store.engine import Store
from advisor_desk.ui import client_actions
from advisor_desk.ui.confirm import ConfirmBox
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.tree.model import ID_ROLE, KIND_ROLE
from advisor_desk.ui.tree.nodes import Kind
from tests.ui.conftest import open_window


def test_a_new_client_ends_selected_and_visible(
    qtbot: QtBot, context: AppContext, partner_store: Store, client_ids: dict[str, str]
) -> None:
    for n in range(40):  # enough rows that the new (last) one starts below the fold
        create_client(partner_store, name=f"Client {n:02}", created=dt.date(2026, 1, 5))
    window = open_window(qtbot, context)
    window.resize(1280, 800)
    assert window.panel is not None
    panel = window.panel
    assert panel.select_client(client_ids["acme"])
    summary = client_actions.onboard_client(
        context, NewClient(name="Zulu Shipping", billing_model=BillingModel.RESELLER)
    )
    window.open_client(summary.id)  # what the wizard's client_created does
    qtbot.waitUntil(lambda: panel.current_client_id() == summary.id, timeout=5000)
    current = panel.view.currentIndex()
    assert current.data(KIND_ROLE) == Kind.CLIENT.value
    assert current.data(ID_ROLE) == summary.id
    qtbot.wait(50)
    rect = panel.view.visualRect(current)
    assert panel.view.viewport().rect().contains(rect.center())


def test_a_new_client_hidden_by_the_filter_is_still_shown(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    assert window.panel is not None
    panel = window.panel
    with qtbot.waitSignal(panel.model.snapshot_applied, timeout=5000):
        qtbot.keyClicks(panel.filter_edit, "acme")
    summary = client_actions.onboard_client(
        context, NewClient(name="Zulu Shipping", billing_model=BillingModel.RESELLER)
    )
    window.open_client(summary.id)
    qtbot.waitUntil(lambda: panel.current_client_id() == summary.id, timeout=5000)
    assert panel.filter_edit.text() == ""


def _menu_action(window: MainWindow, client_id: str, text: str):  # noqa: ANN202
    assert window.panel is not None
    panel = window.panel
    index = panel.model.client_indexes(client_id)[0]
    menu = panel.build_menu(index)
    assert menu is not None
    return next(a for a in menu.actions() if a.text().replace("&", "") == text)


def test_archiving_from_the_tree_menu_asks_first(
    qtbot: QtBot, window: MainWindow, partner_store: Store, client_ids: dict[str, str]
) -> None:
    initech = client_ids["initech"]
    _menu_action(window, initech, "Archive").trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ConfirmBox))
    box = QApplication.activeModalWidget()
    assert isinstance(box, ConfirmBox)
    assert get_client(partner_store, initech).archived is None  # not before answering
    qtbot.mouseClick(box.cancel_button, Qt.MouseButton.LeftButton)
    assert get_client(partner_store, initech).archived is None
    _menu_action(window, initech, "Archive").trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ConfirmBox))
    box = QApplication.activeModalWidget()
    assert isinstance(box, ConfirmBox)
    qtbot.mouseClick(box.button_for_action, Qt.MouseButton.LeftButton)
    assert get_client(partner_store, initech).archived is not None
