"""Cold start (issue 15): once the store is open, the main window is built and its tree shows
the first clients without any SQL on the GUI thread — the partner, who works here, the sync
status and the tree's first rows are read by the start-up's worker (ui/context.StartFacts);
the sync controller and the home page's figures start once the window has painted."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from advisor_desk.domain.permissions import Role
from advisor_desk.services.people.advisors import add_advisor
from advisor_desk.store.engine import Store
from advisor_desk.sync import local
from advisor_desk.ui import settings
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.startup import Startup
from advisor_desk.ui.tree.nodes import Kind

WAIT = 10_000  # ms: generous, the machine may be loaded; nothing here is a timing assert


@contextmanager
def gui_sql(store: Store) -> Iterator[list[str]]:
    """Every statement the store runs on the GUI thread meanwhile."""
    seen: list[str] = []
    main = threading.main_thread()

    def on_execute(*args: Any) -> None:
        if threading.current_thread() is main:
            seen.append(str(args[2]))

    event.listen(store.engine, "before_cursor_execute", on_execute)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", on_execute)


def _start(qtbot: QtBot, data_dir: Path, store: Store) -> tuple[Startup, MainWindow]:
    startup = Startup(data_dir, prefs=settings.Settings(), opener=lambda _dir: store)
    startup.start()
    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible(), timeout=WAIT)
    window = startup.window
    assert window is not None
    qtbot.addWidget(window)
    assert startup.frame is None  # the window took its place
    qtbot.waitExposed(window)
    return startup, window


def _shown_clients(window: MainWindow) -> set[str]:
    assert window.panel is not None
    return {n.label for n in window.panel.model.walk() if n.kind is Kind.CLIENT}


@pytest.mark.parametrize("show_archived", [True, False])
def test_no_sql_on_the_gui_thread_until_the_tree_shows_the_clients(
    qtbot: QtBot,
    data_dir: Path,
    partner_store: Store,
    client_ids: dict[str, str],
    show_archived: bool,
) -> None:
    settings.Settings().set(settings.SHOW_ARCHIVED, show_archived)
    add_advisor(partner_store, name="Ana Souza", email="ana@example.com", role=Role.ADMINISTRATOR)
    with gui_sql(partner_store) as statements:
        startup, window = _start(qtbot, data_dir, partner_store)
        assert window.panel is not None
        assert window.panel.model.snapshot is not None  # read with the store: no worker to wait
        assert _shown_clients(window) == {"Acme Logistics", "Globex Energy", "Initech"}
        window.panel.view.viewport().repaint()  # the first clients painted
        # then the sync (its HTTP and keyring modules) and the home page's figures start,
        # still without SQL here: the status was read with the store, the role beside them
        qtbot.waitUntil(lambda: window._sync is not None, timeout=WAIT)
        assert window.home is not None
        home = window.home
        qtbot.waitUntil(lambda: home.title.text() == "Harbour Risk Partners", timeout=WAIT)
        qtbot.waitUntil(lambda: home.hub.model.month is not None, timeout=WAIT)
    assert statements == []
    assert "&Sync now" in [a.text() for a in window.menus["admin"].actions()]
    assert window.partner is not None
    assert window.windowTitle() == "Advisor Desk — Harbour Risk Partners"
    assert window.who_label.text() == "Ana Souza (Administrator)"
    window.close()
    assert startup.finish(0) == 0


def test_the_start_facts_last_only_for_the_start(
    qtbot: QtBot, data_dir: Path, partner_store: Store, client_ids: dict[str, str]
) -> None:
    startup, window = _start(qtbot, data_dir, partner_store)
    context = window.context
    qtbot.waitUntil(lambda: context.start_facts is None, timeout=WAIT)
    # the home page's figures came once the window had painted
    assert window.home is not None
    home = window.home
    qtbot.waitUntil(lambda: home.title.text() == "Harbour Risk Partners", timeout=WAIT)
    # from now on who works here is read anew: a sign-in made since (no change signal) is seen
    assert context.me().role is Role.ADMINISTRATOR
    bo = add_advisor(partner_store, name="Bo Lee", email="bo@example.com", role=Role.ADVISOR)
    with partner_store.write() as session:
        local.save_account(session, advisor_id=bo.id, email=bo.email, role=Role.ADVISOR.value)
    assert (context.me().name, context.me().role) == ("Bo Lee", Role.ADVISOR)
    window.close()
    assert startup.finish(0) == 0


def test_without_start_facts_the_window_reads_them_itself(
    qtbot: QtBot, partner_store: Store, data_dir: Path, client_ids: dict[str, str]
) -> None:
    from advisor_desk.ui.context import AppContext

    context = AppContext(partner_store, data_dir)
    assert context.start_facts is None
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert window.partner is not None
    assert window.partner.name == "Harbour Risk Partners"
    assert window.panel is not None
    qtbot.waitUntil(lambda: window.panel is not None and window.panel.model.snapshot is not None)
    assert _shown_clients(window) == {"Acme Logistics", "Globex Energy", "Initech"}
    context.wait_for_tasks()
