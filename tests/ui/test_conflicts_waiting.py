"""The Sync & conflicts page says what waits to be sent beside "Nothing to resolve", with a
Sync now button, instead of "in step with the server" while the status bar counts changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from advisor_desk.store.engine import Store
from advisor_desk.store.models import SyncState
from advisor_desk.sync import local
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.sync.conflicts_view import ConflictsView
from tests.server.harness import free_port
from tests.ui.conftest import open_window


def _conflicts(window: MainWindow) -> ConflictsView:
    window.show_section("conflicts")
    assert window.area is not None
    view = window.area.sections["conflicts"]
    assert isinstance(view, ConflictsView)
    return view


def test_waiting_changes_are_said_with_nothing_to_resolve(
    qtbot: QtBot, context: AppContext, partner_store: Store, client_ids: dict[str, str]
) -> None:
    with partner_store.write() as session:
        local.state_row(session)
        session.execute(update(SyncState).values(server_url=f"http://127.0.0.1:{free_port()}"))
    with partner_store.read() as session:
        waiting = local.pending_count(session)
    assert waiting > 0  # the clients made here are not sent yet
    window = open_window(qtbot, context)
    window.sync.timer.stop()
    view = _conflicts(window)
    text = view.summary.text()
    assert text.startswith("Nothing to resolve")
    assert f"{waiting:,} changes waiting to be sent" in text
    assert "in step with the server" not in text
    assert view.sync_button.isVisible()
    with qtbot.waitSignal(window.sync.finished, timeout=20_000):
        qtbot.mouseClick(view.sync_button, Qt.MouseButton.LeftButton)  # nobody listens there
    assert "waiting to be sent" in view.summary.text()


def test_standalone_has_nothing_to_send(qtbot: QtBot, window: MainWindow) -> None:
    view = _conflicts(window)
    assert view.summary.text() == (
        "Nothing to resolve: this store works on its own, without a server."
    )
    assert not view.sync_button.isVisible()
