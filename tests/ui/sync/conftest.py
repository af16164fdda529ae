"""The window against a real `advisor-desk-server serve` on loopback (tests/server/harness)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from advisor_desk.ui.context import AppContext
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.sync.server_dialog import ServerDialog
from tests.helpers.stores import new_store
from tests.server.harness import PASSWORD, Server


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Any Qt warning fails these tests too (but the offscreen platform's own chatter)."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))


@pytest.fixture
def laptop_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """The app on an empty data folder (the welcome page), as a new advisor's laptop."""
    folder = tmp_path / "laptop"
    store = new_store(folder)
    context = AppContext(store, folder)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.sync.timer.stop()
    context.wait_for_tasks()
    store.close()


def log_in(qtbot: QtBot, window: MainWindow, url: str, email: str) -> ServerDialog:
    """Settings → Server…, type the address, e-mail and password, click Log in; wait for the
    first download that follows."""
    window.sync.server_action.trigger()
    dialog = next(d for d in window.findChildren(ServerDialog) if d.isVisible())
    dialog.server.clear()
    qtbot.keyClicks(dialog.server, url)
    dialog.email.clear()
    qtbot.keyClicks(dialog.email, email)
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(window.sync.finished, timeout=30_000):
        qtbot.mouseClick(dialog.log_in_button, Qt.MouseButton.LeftButton)
    return dialog


def sync_now(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.sync.finished, timeout=30_000):
        window.sync.sync_action.trigger()


@pytest.fixture
def own_server(live: object, tmp_path: Path) -> Iterator[Server]:
    """A second `serve` process on the shared database, on a port of its own, that a test may
    stop (the laptop goes offline) and start again on the same address."""
    server = Server(live.database, tmp_path).start()  # type: ignore[attr-defined]
    yield server
    server.stop()
