"""Cold start (issue 15): the frame is painted before the store has opened; the store opens in
a worker, then the main window (or the welcome page) takes the frame's place and its tree fills.
A store error found in the worker is still a message box and exit code 1."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from advisor_desk.store import engine
from advisor_desk.store.engine import Store
from advisor_desk.ui import settings
from advisor_desk.ui.startup import Startup
from advisor_desk.ui.tree.nodes import Kind

WAIT = 10_000  # ms: generous, the machine may be loaded; nothing here is a timing assert


class SlowOpener:
    """Opens (returns) the store only when the test lets it; notes the thread it ran on."""

    def __init__(self, store: Store | None = None, error: BaseException | None = None) -> None:
        self.store, self.error = store, error
        self.gate = threading.Event()
        self.started = threading.Event()
        self.thread = ""

    def __call__(self, _data_dir: Path) -> Store:
        self.thread = threading.current_thread().name
        self.started.set()
        assert self.gate.wait(WAIT / 1000)
        if self.error is not None:
            raise self.error
        assert self.store is not None
        return self.store


def _startup(data_dir: Path, opener: SlowOpener) -> Startup:
    prefs = settings.Settings()
    return Startup(data_dir, prefs=prefs, opener=opener)


def test_the_frame_shows_before_the_store_opens_and_the_tree_fills_after(
    qtbot: QtBot, data_dir: Path, partner_store: Store, client_ids: dict[str, str]
) -> None:
    prefs = settings.Settings()
    prefs.set(settings.LAST_PARTNER, "Harbour Risk Partners")
    opener = SlowOpener(partner_store)
    startup = _startup(data_dir, opener)
    frame = startup.start()  # replaced (and deleted) once the window shows: not added to qtbot
    qtbot.waitExposed(frame)
    assert opener.started.wait(WAIT / 1000)
    # shown and painted while the store is still opening, off the GUI thread
    assert frame.isVisible()
    assert startup.window is None
    assert "Harbour Risk Partners" in frame.windowTitle()
    assert opener.thread == "open-store" != threading.main_thread().name
    assert not frame.grab().isNull()

    opener.gate.set()
    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible(), timeout=WAIT)
    window = startup.window
    assert window is not None
    qtbot.addWidget(window)
    assert startup.frame is None  # the window took its place
    qtbot.waitUntil(lambda: not isValid(frame), timeout=WAIT)
    panel = window.panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.model.snapshot is not None, timeout=WAIT)
    names = {n.label for n in panel.model.walk() if n.kind is Kind.CLIENT}
    assert names == {"Acme Logistics", "Globex Energy", "Initech"}
    assert settings.Settings().get(settings.LAST_PARTNER) == "Harbour Risk Partners"
    window.close()
    assert startup.finish(0) == 0


def test_a_store_without_a_partner_gets_the_welcome_page(
    qtbot: QtBot, data_dir: Path, store: Store
) -> None:
    opener = SlowOpener(store)
    opener.gate.set()
    startup = _startup(data_dir, opener)
    startup.start()
    qtbot.waitUntil(lambda: startup.window is not None, timeout=WAIT)
    window = startup.window
    assert window is not None
    qtbot.addWidget(window)
    assert window.welcome is not None
    assert window.panel is None
    assert settings.Settings().get(settings.LAST_PARTNER) == ""
    window.close()
    assert startup.finish(0) == 0


def test_a_store_error_found_in_the_worker_is_a_message_box_and_exit_1(
    qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.informativeText()))
    opener = SlowOpener(error=engine.StoreTooNewError("written by a newer Advisor Desk"))
    startup = _startup(data_dir, opener)
    qtbot.addWidget(startup.start())
    with qtbot.waitSignal(startup.failed, timeout=WAIT) as failed:
        opener.gate.set()
    assert failed.args == [1]
    assert shown == ["written by a newer Advisor Desk"]
    assert startup.window is None
    assert startup.finish(0) == 1


def test_a_bug_while_opening_is_raised_not_swallowed(qtbot: QtBot, data_dir: Path) -> None:
    opener = SlowOpener(error=RuntimeError("a bug"))
    opener.gate.set()
    startup = _startup(data_dir, opener)
    qtbot.addWidget(startup.start())
    qtbot.waitSignal(startup.failed, timeout=WAIT).wait()
    with pytest.raises(RuntimeError, match="a bug"):
        startup.finish(0)


def test_closing_the_frame_before_the_store_opened_closes_the_store(
    qtbot: QtBot, data_dir: Path, partner_store: Store
) -> None:
    closed: list[bool] = []
    opener = SlowOpener(partner_store)
    startup = _startup(data_dir, opener)
    frame = startup.start()
    qtbot.addWidget(frame)
    assert opener.started.wait(WAIT / 1000)
    frame.close()
    original = partner_store.close
    partner_store.close = lambda: (closed.append(True), original())[1]  # type: ignore[method-assign]
    opener.gate.set()
    assert startup.wait(WAIT / 1000)
    qtbot.wait(50)  # the worker's answer arrives; no window is made for a closed frame
    assert startup.window is None
    assert startup.finish(0) == 0
    assert closed == [True]
