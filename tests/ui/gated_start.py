"""Start-up with the store's opening held back: the frame is shown first, the window comes
when the test lets the store open (tests of the start-up frame and its hand-over)."""

from __future__ import annotations

import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from advisor_desk.store.engine import Store
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.startup import Startup

WAIT = 10_000  # ms: generous, the machine may be loaded; nothing here is a timing assert


class GatedOpener:
    """Opens (returns) the store only when the test lets it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.gate = threading.Event()

    def __call__(self, _data_dir: Path) -> Store:
        assert self.gate.wait(WAIT / 1000), "the test never let the store open"
        return self.store


def open_window(qtbot: QtBot, startup: Startup, opener: GatedOpener) -> MainWindow:
    """Let the store open; the window once it shows and its tree has read its rows."""
    opener.gate.set()
    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible(), timeout=WAIT)
    window = startup.window
    assert window is not None
    qtbot.addWidget(window)
    panel = window.panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.model.snapshot is not None, timeout=WAIT)
    return window
