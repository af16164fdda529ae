"""Sync in the window, against a real server process: log in through the Server dialog,
the status bar while offline and after Sync now, conflicts side by side, refused changes."""

from __future__ import annotations

from pathlib import Path

import keyring
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from advisor_desk.services.clients import teams as clients
from advisor_desk.store.models import Partner
from advisor_desk.sync.conflicts import list_conflicts, list_rejections
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.sync.conflicts_view import ConflictsView
from advisor_desk.ui.sync.server_dialog import ServerDialog
from tests.server.harness import PASSWORD, Laptop, Live, MemoryKeyring, Server, Tenant
from tests.ui.sync.conftest import log_in, sync_now


def _status(window: MainWindow) -> str:
    return window.sync_label.text() if window.sync_label.isVisibleTo(window) else ""


def _conflicts_view(window: MainWindow) -> ConflictsView:
    window.show_section("conflicts")
    assert window.area is not None
    view = window.area.sections["conflicts"]
    assert isinstance(view, ConflictsView)
    return view


def test_log_in_then_an_offline_edit_waits_until_sync_now(
    qtbot: QtBot,
    laptop_window: MainWindow,
    own_server: Server,
    tenant: Tenant,
    memory_keyring: MemoryKeyring,
) -> None:
    window = laptop_window
    assert window.area is None  # an empty data folder: the welcome page
    log_in(qtbot, window, own_server.url, tenant.admin_email)
    assert window.area is not None  # the partner came down: the main area is shown
    assert window.partner is not None
    assert window.partner.name == tenant.name
    assert len(memory_keyring.secrets) == 1  # the token, in the keyring only
    assert _status(window).startswith("online — up to date · last sync ")

    own_server.stop()  # the laptop goes offline
    made = clients.create_client(window.context.store, name="Made on the train")
    window.context.notify({"client"}, {made.id})
    assert _status(window).startswith("online — 2 changes waiting")  # client + its model
    sync_now(qtbot, window)
    assert _status(window).startswith("offline — 2 changes waiting")
    assert "cannot reach the server" in window.sync_label.toolTip()
    assert window.sync.timer.isActive()  # it retries on its own, backing off
    assert window.sync.timer.remainingTime() <= 6_000 * 1.2

    own_server.start()  # back on the same address
    assert window.sync.sync_action.shortcut() == QKeySequence("Ctrl+S")
    sync_now(qtbot, window)
    assert _status(window).startswith("online — up to date · last sync ")
    assert window.sync.timer.remainingTime() > 50_000  # the next one in a minute


def test_a_conflict_from_a_second_laptop_is_shown_side_by_side_and_resolved(
    qtbot: QtBot, laptop_window: MainWindow, live: Live, tenant: Tenant, tmp_path: Path
) -> None:
    window = laptop_window
    log_in(qtbot, window, live.server.url, tenant.admin_email)
    store = window.context.store
    acme = clients.create_client(store, name="Acme", domain="acme.example")
    birch = clients.create_client(store, name="Birch", domain="birch.example")
    sync_now(qtbot, window)
    other = Laptop(tmp_path / "other", live.server, tenant.admin_email)
    other.login()
    other.sync()
    clients.edit_client(other.store, acme.id, domain="theirs-acme.example")
    clients.edit_client(other.store, birch.id, domain="theirs-birch.example")
    other.sync()
    clients.edit_client(store, acme.id, domain="mine-acme.example")
    clients.edit_client(store, birch.id, domain="mine-birch.example")
    sync_now(qtbot, window)
    assert " · 2 conflicts" in _status(window)

    view = _conflicts_view(window)
    assert [c.conflict.row_id for c in view.conflict_cards] == [acme.id, birch.id]
    card = view.conflict_cards[0]
    table = card.table
    cells = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    assert ["Domain", "mine-acme.example", "theirs-acme.example"] in cells

    qtbot.mouseClick(card.keep_mine, Qt.MouseButton.LeftButton)  # Acme: keep mine
    assert [c.conflict.row_id for c in view.conflict_cards] == [birch.id]
    qtbot.mouseClick(view.conflict_cards[0].keep_theirs, Qt.MouseButton.LeftButton)
    assert view.conflict_cards == []
    assert list_conflicts(store) == []
    assert clients.get_client(store, birch.id).domain == "theirs-birch.example"
    assert "1 change waiting" in _status(window)  # keep mine is a new edit to send
    sync_now(qtbot, window)
    assert _status(window).startswith("online — up to date")
    other.sync()
    assert clients.get_client(other.store, acme.id).domain == "mine-acme.example"
    assert clients.get_client(other.store, birch.id).domain == "theirs-birch.example"
    other.close()


def test_a_refused_change_is_listed_with_the_servers_reason(
    qtbot: QtBot, laptop_window: MainWindow, live: Live, tenant: Tenant
) -> None:
    window = laptop_window
    log_in(qtbot, window, live.server.url, tenant.emails["bo"])  # a plain advisor
    store = window.context.store
    with store.write() as session:
        session.scalars(select(Partner)).one().name = "Renamed by Bo"  # only administrators may
    sync_now(qtbot, window)
    assert " · 1 refused" in _status(window)
    view = _conflicts_view(window)
    [card] = view.rejection_cards
    assert "administrators" in card.reason.text()
    assert card.reason.text().startswith("The server said: ")
    qtbot.mouseClick(card.dismiss, Qt.MouseButton.LeftButton)
    assert view.rejection_cards == []
    assert list_rejections(store) == []
    assert "refused" not in _status(window)


def test_with_no_keyring_the_dialog_says_so_and_the_session_still_syncs(
    qtbot: QtBot, laptop_window: MainWindow, live: Live, tenant: Tenant, tmp_path: Path
) -> None:
    keyring.set_keyring(fail.Keyring())  # restored by the memory_keyring fixture
    window = laptop_window
    window.sync.server_action.trigger()
    dialog = window.findChild(ServerDialog)
    assert dialog is not None
    note = dialog.keyring_note.text()
    assert dialog.keyring_note.isVisible()
    assert "no usable keyring" in note
    assert "asked for your password each session" in note
    assert "never written to a file" in note
    dialog.close()
    log_in(qtbot, window, live.server.url, tenant.admin_email)
    assert window.area is not None  # downloaded with the token of this session
    token = window.sync.engine.token
    assert token
    assert not any(
        token.encode() in path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()
    )


def test_login_problems_appear_at_their_field(
    qtbot: QtBot, laptop_window: MainWindow, live: Live, tenant: Tenant, own_server: Server
) -> None:
    window = laptop_window
    window.sync.server_action.trigger()
    dialog = window.findChild(ServerDialog)
    assert dialog is not None
    qtbot.mouseClick(dialog.log_in_button, Qt.MouseButton.LeftButton)
    assert "address" in dialog.errors.message("server")
    assert dialog.errors.message("password") == "Give your password"

    def attempt(url: str, password: str) -> None:
        dialog.server.setText(url)
        dialog.email.setText(tenant.emails["cy"])
        dialog.password.setText(password)
        qtbot.mouseClick(dialog.log_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.log_in_button.isEnabled(), timeout=20_000)

    url = own_server.url
    own_server.stop()
    attempt(url, PASSWORD)
    assert "Cannot reach the server" in dialog.errors.message("server")
    attempt(live.server.url, "wrong")
    assert dialog.errors.message("password") == "Wrong e-mail or password"
    for _ in range(5):
        attempt(live.server.url, "wrong")
    assert "too many failed attempts" in dialog.errors.message("password").lower()
    assert dialog.isVisible()
