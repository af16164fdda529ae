"""Dragging library items onto a client in the tree pushes them there (undoably)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QModelIndex, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from advisor_desk.services.library.detail import item_detail
from advisor_desk.store.engine import Store
from advisor_desk.ui.library.browser import LibraryBrowser
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.mime import CONTENT_IDS_MIME
from advisor_desk.ui.tree.panel import TreePanel
from tests.helpers.library import seed_library

COPY = Qt.DropAction.CopyAction


def payload(*item_ids: str) -> QMimeData:
    data = QMimeData()
    data.setData(CONTENT_IDS_MIME, "\n".join(item_ids).encode("utf-8"))
    return data


def drop_on(panel: TreePanel, index: QModelIndex, data: QMimeData) -> bool:
    """Drag `data` over the row of `index` and let go, as the mouse would; True if accepted."""
    viewport = panel.view.viewport()
    panel.view.scrollTo(index)
    point = QPointF(panel.view.visualRect(index).center())
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point.toPoint(), COPY, data, buttons, keys)
    QApplication.sendEvent(viewport, enter)
    move = QDragMoveEvent(point.toPoint(), COPY, data, buttons, keys)
    QApplication.sendEvent(viewport, move)
    if not move.isAccepted():
        return False
    drop = QDropEvent(point, COPY, data, buttons, keys)
    QApplication.sendEvent(viewport, drop)
    return drop.isAccepted()


def client_row(panel: TreePanel, client_id: str) -> QModelIndex:
    return panel.model.client_indexes(client_id)[0]


def granted(store: Store, item_id: str) -> tuple[str, ...]:
    return item_detail(store, item_id).clients


def test_dropping_items_on_a_client_pushes_them_and_undo_takes_them_back(
    qtbot: QtBot, window: MainWindow, partner_store: Store, client_ids: dict[str, str]
) -> None:
    lib = seed_library(partner_store)
    panel = window.panel
    assert panel is not None
    acme = client_row(panel, client_ids["acme"])  # has a Risk & Compliance member

    assert drop_on(panel, acme, payload(lib.iso, lib.ransomware))

    assert granted(partner_store, lib.iso) == ("Acme Logistics",)
    assert granted(partner_store, lib.ransomware) == ("Acme Logistics",)
    activity = item_detail(partner_store, lib.iso).activity
    assert [(a.clients, a.targets) for a in activity] == [(1, ("Acme Logistics",))]
    assert window.statusBar().currentMessage() == "Pushed 2 items to Acme Logistics (2 new)"
    assert window.actions.undo.text() == "&Undo Push content to Acme Logistics"

    window.actions.undo.trigger()
    assert granted(partner_store, lib.iso) == ()
    assert item_detail(partner_store, lib.iso).activity == ()  # the log entry goes too
    window.actions.redo.trigger()
    assert granted(partner_store, lib.ransomware) == ("Acme Logistics",)
    assert len(item_detail(partner_store, lib.ransomware).activity) == 1


def test_a_drop_the_licenses_do_not_cover_is_refused_with_what_to_change(
    qtbot: QtBot, window: MainWindow, partner_store: Store, client_ids: dict[str, str]
) -> None:
    lib = seed_library(partner_store)
    panel = window.panel
    assert panel is not None
    globex = client_row(panel, client_ids["globex"])  # Just Risk only: no frameworks

    drop_on(panel, globex, payload(lib.iso, lib.privacy))

    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    shown = QApplication.activeModalWidget()
    assert isinstance(shown, QMessageBox)
    assert shown.windowTitle() == "Nothing was pushed"
    assert "ISO/IEC 27001:2022 → Globex Energy: Framework needs a Risk & Compliance license" in (
        shown.text()
    )
    assert "upgrade a member of Globex Energy first" in shown.text()
    shown.close()
    assert granted(partner_store, lib.iso) == ()
    assert granted(partner_store, lib.privacy) == ()  # all or nothing


def test_only_clients_and_their_rows_accept_content(
    window: MainWindow, partner_store: Store, client_ids: dict[str, str]
) -> None:
    lib = seed_library(partner_store)
    panel = window.panel
    assert panel is not None
    model = panel.model
    data = payload(lib.privacy)
    members = model.find(f"partner/clients/client:{client_ids['acme']}/members")
    assert model.canDropMimeData(data, COPY, -1, -1, members)  # inside Acme: Acme
    for key in ("partner", "partner/advisors", "partner/clients"):
        assert not model.canDropMimeData(data, COPY, -1, -1, model.find(key)), key
    other = QMimeData()
    other.setText("just text")
    assert not model.canDropMimeData(other, COPY, -1, -1, client_row(panel, client_ids["acme"]))
    assert not drop_on(panel, model.find("partner/advisors"), data)
    assert granted(partner_store, lib.privacy) == ()


def test_what_the_library_drags_is_what_the_tree_takes(
    qtbot: QtBot, window: MainWindow, partner_store: Store, client_ids: dict[str, str]
) -> None:
    lib = seed_library(partner_store)
    browser = LibraryBrowser(window.context)
    qtbot.addWidget(browser)
    with qtbot.waitSignal(browser.model.results_applied, timeout=10_000):
        browser.show()
    rows = [
        browser.model.index(row, 0)
        for row in range(browser.model.rowCount())
        if browser.model.index(row, 0).data() in {"Privacy policy", "ISO/IEC 27001:2022"}
    ]
    dragged = browser.model.mimeData(rows)
    panel = window.panel
    assert panel is not None

    assert drop_on(panel, client_row(panel, client_ids["acme"]), dragged)

    assert granted(partner_store, lib.iso) == ("Acme Logistics",)
    assert granted(partner_store, lib.privacy) == ("Acme Logistics",)
    assert panel.view.currentIndex().data() == "Acme Logistics"  # the client dropped on


def test_dropping_again_says_the_client_already_has_it(
    window: MainWindow, partner_store: Store, client_ids: dict[str, str]
) -> None:
    lib = seed_library(partner_store)
    panel = window.panel
    assert panel is not None
    acme = client_row(panel, client_ids["acme"])
    assert drop_on(panel, acme, payload(lib.privacy))
    assert drop_on(panel, client_row(panel, client_ids["acme"]), payload(lib.privacy))
    assert window.statusBar().currentMessage() == "Acme Logistics already has 1 item"
    assert len(item_detail(partner_store, lib.privacy).activity) == 2
