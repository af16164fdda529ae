"""The partner/client tree: lazy loading, the filter, menus, memory, and its model's contract."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.clients import teams as clients
from advisor_desk.store.engine import Store
from advisor_desk.ui.confirm import ConfirmBox
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.tree.model import DETAIL_ROLE, KEY_ROLE, TreeModel
from advisor_desk.ui.tree.nodes import BATCH, load_snapshot
from advisor_desk.ui.tree.panel import TreePanel
from tests.ui.conftest import open_window


def rows(model: TreeModel, parent: QModelIndex) -> list[str]:
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


def clients_index(model: TreeModel) -> QModelIndex:
    return model.find("partner/clients")


def type_filter(qtbot: QtBot, panel: TreePanel, text: str) -> None:
    with qtbot.waitSignal(panel.model.snapshot_applied, timeout=5000):
        panel.filter_edit.clear()
        qtbot.keyClicks(panel.filter_edit, text)


def test_tree_shows_partner_advisors_and_clients_with_license_mix(window: MainWindow) -> None:
    assert window.panel is not None
    model = window.panel.model
    partner = model.index(0, 0)
    assert partner.data() == "Harbour Risk Partners"
    assert rows(model, partner) == ["Advisors", "Clients"]
    top = clients_index(model)
    assert rows(model, top) == ["Acme Logistics", "Globex Energy", "Initech"]
    acme = model.index(0, 0, top)
    assert acme.data(DETAIL_ROLE) == "1 R&C · 1 free · Reseller"
    assert model.index(1, 0, top).data(DETAIL_ROLE) == "1 JR · Direct"
    assert model.index(2, 0, top).data(DETAIL_ROLE) == "no members · Reseller"
    assert rows(model, acme) == ["Members", "Content", "Documents"]
    members = model.index(0, 0, acme)
    assert model.canFetchMore(members)
    model.fetchMore(members)
    assert rows(model, members) == ["Jo Smith", "Sam Lee"]


def test_every_tree_level_passes_the_model_tester(
    qtmodeltester: ModelTester, window: MainWindow, client_ids: dict[str, str]
) -> None:
    assert window.panel is not None
    model = window.panel.model
    model.find(f"partner/clients/client:{client_ids['acme']}/members")  # fetch a deep level
    qtmodeltester.check(model, force_py=True)


@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize(("text", "grouped"), [("", False), ("", True), ("sam", False)])
def test_the_tree_passes_qts_own_model_tester(
    qtmodeltester: ModelTester,
    partner_store: Store,
    client_ids: dict[str, str],
    text: str,
    grouped: bool,
) -> None:
    # Qt's C++ tester reports problems as warnings: this test fails on any warning. Testers
    # fetch lazily-loaded rows from inside their own reset handlers, so attach them after.
    model = TreeModel(partner_store)
    model.set_group_by_tag(grouped)
    model.set_snapshot(load_snapshot(partner_store, text, True))
    qtmodeltester.check(model)
    assert model.rowCount() == 1


def test_the_tag_groups_pass_the_model_tester(
    qtmodeltester: ModelTester, partner_store: Store, client_ids: dict[str, str]
) -> None:
    model = TreeModel(partner_store)
    model.set_group_by_tag(True)
    model.set_snapshot(load_snapshot(partner_store, "", True))
    qtmodeltester.check(model, force_py=True)


def test_an_empty_model_passes_the_model_tester(
    qtmodeltester: ModelTester, partner_store: Store
) -> None:
    model = TreeModel(partner_store)
    qtmodeltester.check(model, force_py=True)
    model.set_snapshot(load_snapshot(partner_store, "", True))
    qtmodeltester.check(model, force_py=True)


def test_clients_are_fetched_in_batches(qtmodeltester: ModelTester, store: Store) -> None:
    create_partner(store, name="Big Partner")
    for number in range(BATCH + 20):
        clients.create_client(store, name=f"Client {number:04d}")
    model = TreeModel(store)
    model.set_snapshot(load_snapshot(store, "", True))
    top = clients_index(model)
    assert top.data(DETAIL_ROLE) == f"{BATCH + 20:,}"
    assert model.canFetchMore(top)
    model.fetchMore(top)
    assert model.rowCount(top) == BATCH
    assert model.canFetchMore(top)
    model.fetchMore(top)
    assert model.rowCount(top) == BATCH + 20
    assert not model.canFetchMore(top)
    qtmodeltester.check(model, force_py=True)


def test_filter_keeps_the_parents_of_matches(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.panel
    assert panel is not None
    model = panel.model
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert panel.filter_edit.hasFocus()

    type_filter(qtbot, panel, "globex")
    assert rows(model, clients_index(model)) == ["Globex Energy"]
    assert clients_index(model).data(DETAIL_ROLE) == "1 of 3"
    assert panel.status.text() == "1 of 3 clients match"
    assert rows(model, model.index(0, 0)) == ["Clients"]  # no advisor matches: folder gone

    type_filter(qtbot, panel, "sam.lee")  # a member's email: her client and folder stay
    top = clients_index(model)
    assert rows(model, top) == ["Acme Logistics"]
    acme = model.index(0, 0, top)
    assert rows(model, acme) == ["Members"]
    members = model.index(0, 0, acme)
    qtbot.waitUntil(lambda: panel.view.isExpanded(members))
    assert rows(model, members) == ["Sam Lee"]

    type_filter(qtbot, panel, "zzz")
    assert rows(model, clients_index(model)) == []
    assert panel.status.text() == "No client matches “zzz”"

    with qtbot.waitSignal(model.snapshot_applied, timeout=5000):
        qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Escape)
    assert rows(model, clients_index(model)) == ["Acme Logistics", "Globex Energy", "Initech"]
    assert panel.status.isHidden()


def test_group_clients_by_tag(window: MainWindow) -> None:
    assert window.panel is not None
    window.actions.group_by_tag.trigger()
    model = window.panel.model
    top = clients_index(model)
    assert rows(model, top) == ["energy", "logistics", "priority", "Untagged"]
    untagged = model.index(3, 0, top)
    model.fetchMore(untagged)
    assert rows(model, untagged) == ["Initech"]


def test_context_menu_archives_and_undo_restores(
    qtbot: QtBot, window: MainWindow, context: AppContext, client_ids: dict[str, str]
) -> None:
    panel = window.panel
    assert panel is not None
    index = panel.model.client_indexes(client_ids["initech"])[0]
    menu = panel.build_menu(index)
    assert menu is not None
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts == [
        "&Log in to client",
        "&Rename",
        "Add &member…",
        "Change &billing model",
        "&New client…",
        "&Archive",
    ]
    archive = next(a for a in menu.actions() if a.text() == "&Archive")
    archive.trigger()  # asks first (tests/ui/test_tree_new_client.py)
    box = QApplication.activeModalWidget()
    assert isinstance(box, ConfirmBox)
    with qtbot.waitSignal(panel.model.snapshot_applied, timeout=5000):
        qtbot.mouseClick(box.button_for_action, Qt.MouseButton.LeftButton)
    assert clients.get_client(context.store, client_ids["initech"]).archived is not None
    index = panel.model.client_indexes(client_ids["initech"])[0]
    assert "archived" in index.data(DETAIL_ROLE)

    with qtbot.waitSignal(panel.model.snapshot_applied, timeout=5000):
        window.actions.undo.trigger()
    assert clients.get_client(context.store, client_ids["initech"]).archived is None


def test_rename_in_place_is_undoable(
    qtbot: QtBot, window: MainWindow, context: AppContext, client_ids: dict[str, str]
) -> None:
    panel = window.panel
    assert panel is not None
    index = panel.model.client_indexes(client_ids["acme"])[0]
    with qtbot.waitSignal(panel.model.snapshot_applied, timeout=5000):
        assert not panel.model.setData(index, "Acme Freight")
    assert clients.get_client(context.store, client_ids["acme"]).name == "Acme Freight"
    assert "Acme Freight" in rows(panel.model, clients_index(panel.model))
    assert window.actions.undo.text() == "&Undo Rename Acme Logistics to Acme Freight"

    with qtbot.waitSignal(panel.model.snapshot_applied, timeout=5000):
        window.actions.undo.trigger()
    assert clients.get_client(context.store, client_ids["acme"]).name == "Acme Logistics"
    with qtbot.waitSignal(panel.model.snapshot_applied, timeout=5000):
        window.actions.redo.trigger()
    assert clients.get_client(context.store, client_ids["acme"]).name == "Acme Freight"


def test_expansion_and_selection_survive_a_restart(
    qtbot: QtBot, window: MainWindow, context: AppContext, client_ids: dict[str, str]
) -> None:
    panel = window.panel
    assert panel is not None
    acme_key = f"partner/clients/client:{client_ids['acme']}"
    assert panel.select_key(f"{acme_key}/members")
    panel.view.expand(panel.model.find(acme_key))
    window.close()

    again = open_window(qtbot, context)
    assert again.panel is not None
    view, model = again.panel.view, again.panel.model
    assert view.isExpanded(model.find(acme_key))
    assert view.currentIndex().data(KEY_ROLE) == f"{acme_key}/members"


def test_changes_elsewhere_update_the_license_mix(
    qtbot: QtBot, window: MainWindow, context: AppContext, client_ids: dict[str, str]
) -> None:
    from advisor_desk.domain.licenses import LicenseTier
    from advisor_desk.services.people import members

    panel = window.panel
    assert panel is not None
    members.add_member(
        context.store,
        client_ids["initech"],
        email="new@initech.example",
        name="New Person",
        tier=LicenseTier.JUST_RISK,
        start=dt.date(2026, 5, 1),
    )
    context.notify(("member", "member_license"), (client_ids["initech"],))
    index = panel.model.client_indexes(client_ids["initech"])[0]
    assert index.data(DETAIL_ROLE) == "1 JR · Reseller"


def test_new_client_from_the_tree_opens_the_onboarding_wizard(
    qtbot: QtBot, window: MainWindow
) -> None:
    from PySide6.QtWidgets import QApplication

    from advisor_desk.ui.templates.onboarding_wizard import OnboardingWizard

    panel = window.panel
    assert panel is not None
    menu = panel.build_menu(clients_index(panel.model))
    assert menu is not None
    new_client = next(a for a in menu.actions() if a.text() == "&New client…")
    new_client.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), OnboardingWizard))
    wizard = QApplication.activeModalWidget()
    assert wizard is not None
    wizard.reject()
