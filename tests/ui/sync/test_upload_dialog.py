"""Connect to a server… on a laptop whose firm was set up offline (issue 16, item 4): the
dialog offers to upload it; ticked, the firm goes to the empty partner and comes back from
the server with the same ids; a partner that holds data refuses with the reason, and the
laptop keeps its firm."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.clients import teams as clients
from advisor_desk.store.engine import Store, open_store
from advisor_desk.store.models import Client, Partner
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.sync.server_dialog import ServerDialog
from tests.helpers.clock import FOUNDED, pinned_today
from tests.server.harness import PASSWORD, Laptop, Live, MemoryKeyring, Tenant, new_tenant


@pytest.fixture
def offline_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    folder = tmp_path / "offline"
    store = open_store(folder)
    with pinned_today(FOUNDED):
        create_partner(store, name="Harbour Risk")
    for name in ("Acme", "Birch"):
        clients.create_client(store, name=name, created=dt.date(2026, 1, 10))
    context = AppContext(store, folder)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.sync.timer.stop()
    context.wait_for_tasks()
    store.close()


def _ids(store: Store) -> set[str]:
    with store.read() as session:
        return set(session.scalars(select(Client.id).where(Client.deleted.is_(False))))


def _dialog(qtbot: QtBot, window: MainWindow, url: str, email: str) -> ServerDialog:
    window.sync.server_action.trigger()
    dialog = next(d for d in window.findChildren(ServerDialog) if d.isVisible())
    dialog.server.setText(url)
    dialog.email.setText(email)
    qtbot.keyClicks(dialog.password, PASSWORD)
    return dialog


def test_the_dialog_uploads_a_firm_made_offline(
    qtbot: QtBot, offline_window: MainWindow, live: Live, memory_keyring: MemoryKeyring
) -> None:
    window = offline_window
    store = window.context.store
    before = _ids(store)
    tenant = new_tenant(live.database)
    dialog = _dialog(qtbot, window, live.server.url, tenant.admin_email)
    assert dialog.upload.isVisible()
    assert dialog.upload.isChecked()
    assert "Harbour Risk (2 clients)" in dialog.upload_note.text()
    with qtbot.waitSignal(window.sync.finished, timeout=60_000):
        qtbot.mouseClick(dialog.log_in_button, Qt.MouseButton.LeftButton)
    assert _ids(store) == before  # back from the server, the same ids
    with store.read() as session:
        partner = session.scalars(select(Partner)).one()
    assert partner.id == tenant.partner_id
    assert partner.name == "Harbour Risk"  # the name set up offline


def test_a_partner_with_data_refuses_and_the_firm_stays(
    qtbot: QtBot,
    offline_window: MainWindow,
    live: Live,
    tenant: Tenant,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    admin = Laptop(tmp_path / "admin", live.server, tenant.admin_email)
    admin.login()
    admin.sync()
    clients.create_client(admin.store, name="Already There")
    admin.sync()
    admin.close()
    window = offline_window
    before = _ids(window.context.store)
    dialog = _dialog(qtbot, window, live.server.url, tenant.admin_email)
    qtbot.mouseClick(dialog.log_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.log_in_button.isEnabled(), timeout=30_000)
    assert "already holds data" in dialog.errors._general.text()
    assert dialog.isVisible()
    assert _ids(window.context.store) == before
