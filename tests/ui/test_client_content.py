"""A client's content: grant from the library, remove from the client; both undoable."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from advisor_desk.services.library.detail import item_detail
from advisor_desk.store.engine import Store
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.workspace.content import ContentTab, GrantContentDialog
from tests.helpers.library import seed_library
from tests.ui.test_workspace import log_in


def granted_titles(tab: ContentTab) -> list[str]:
    return [tab.model.index(row, 0).data() for row in range(tab.model.rowCount())]


def select_titles(table: QTableView, titles: set[str]) -> None:
    """Select the rows with these titles, as a ctrl-click on each would."""
    model, selection = table.model(), table.selectionModel()
    selection.clearSelection()
    flag = QItemSelectionModel.SelectionFlag
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data() in titles:
            selection.select(index, flag.Select | flag.Rows)


def test_grant_remove_and_undo_both(
    qtbot: QtBot, window: MainWindow, partner_store: Store, client_ids: dict[str, str]
) -> None:
    lib = seed_library(partner_store)
    workspace = log_in(qtbot, window, client_ids["acme"])
    tab = workspace.content
    assert granted_titles(tab) == []
    assert not tab.remove_button.isEnabled()

    dialog = tab.grant()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4)
    select_titles(dialog.table, {"Privacy policy", "ISO/IEC 27001:2022"})
    dialog.grant_button.click()
    assert isinstance(dialog, GrantContentDialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert granted_titles(tab) == ["ISO/IEC 27001:2022", "Privacy policy"]
    assert window.statusBar().currentMessage() == "Granted 2 items to Acme Logistics"

    select_titles(tab.table, {"Privacy policy"})
    assert tab.remove_button.isEnabled()
    tab.remove_button.click()
    assert granted_titles(tab) == ["ISO/IEC 27001:2022"]
    assert item_detail(partner_store, lib.privacy).clients == ()
    assert window.statusBar().currentMessage() == "Removed 1 item from Acme Logistics"

    assert window.actions.undo.text() == "&Undo Remove 1 item from Acme Logistics"
    window.actions.undo.trigger()
    assert granted_titles(tab) == ["ISO/IEC 27001:2022", "Privacy policy"]
    assert window.actions.undo.text() == "&Undo Grant 2 items to Acme Logistics"
    window.actions.undo.trigger()
    assert granted_titles(tab) == []
    assert item_detail(partner_store, lib.iso).clients == ()


def test_remove_content_from_the_tree(
    qtbot: QtBot, window: MainWindow, partner_store: Store, client_ids: dict[str, str]
) -> None:
    from advisor_desk.services.library.content import grant_to_client

    lib = seed_library(partner_store)
    grant_to_client(partner_store, client_ids["acme"], [lib.privacy])
    panel = window.panel
    assert panel is not None
    folder = panel.model.find(f"partner/clients/client:{client_ids['acme']}/content")
    if panel.model.canFetchMore(folder):
        panel.model.fetchMore(folder)
    assert panel.model.rowCount(folder) == 1
    menu = panel.build_menu(panel.model.index(0, 0, folder))
    assert menu is not None
    remove = next(a for a in menu.actions() if a.text() == "Re&move from client")
    remove.trigger()
    assert item_detail(partner_store, lib.privacy).clients == ()
    assert window.statusBar().currentMessage() == "Removed 1 item from Acme Logistics"


def test_the_grant_dialog_searches_the_library_and_skips_what_the_client_has(
    qtbot: QtBot, window: MainWindow, partner_store: Store, client_ids: dict[str, str]
) -> None:
    from advisor_desk.services.library.content import grant_to_client

    seed_library(partner_store)
    workspace = log_in(qtbot, window, client_ids["acme"])
    dialog = workspace.content.grant()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4)
    with qtbot.waitSignal(dialog.model.results_applied):
        dialog.filter_edit.setText("privacy")
    assert dialog.model.rowCount() == 1
    assert dialog.count.text() == "1 item"
    dialog.reject()

    lib_items = {dialog.model.index(0, 0).data()}
    assert lib_items == {"Privacy policy"}
    privacy = dialog.model.row_at(dialog.model.index(0, 0))
    assert privacy is not None
    grant_to_client(partner_store, client_ids["acme"], [privacy.id])
    again = workspace.content.grant()
    qtbot.waitUntil(lambda: again.count.text() == "4 items · Acme Logistics has 1 already")
    select_titles(again.table, {"Privacy policy"})
    again.grant_button.click()
    assert again.error.text() == "Acme Logistics has the selected items already."
    assert again.isVisible()
