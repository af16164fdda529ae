"""The server login shows that it is working and can be cancelled; quitting tells running work
to stop and never starts queued work, so it waits on nothing that was not told to stop."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from advisor_desk.ui.context import AppContext
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.sync.server_dialog import ServerDialog
from advisor_desk.ui.tasks import Task


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A loopback port that takes the connection and never answers (a slow server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()  # the waiting login then fails at once


def test_login_shows_progress_and_cancel_gives_the_form_back(
    qtbot: QtBot, window: MainWindow, silent_server: str
) -> None:
    window.sync.timer.stop()
    dialog = ServerDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    # The window's firm was set up on this laptop, so uploading it is offered (and ticked);
    # here the advisor only logs in, which can be cancelled (an upload cannot).
    dialog.upload.setChecked(False)
    dialog.server.clear()
    qtbot.keyClicks(dialog.server, silent_server)
    qtbot.keyClicks(dialog.email, "ana@harbour.example")
    qtbot.keyClicks(dialog.password, "a long password")
    logged_in: list[object] = []
    dialog.logged_in.connect(logged_in.append)
    qtbot.mouseClick(dialog.log_in_button, Qt.MouseButton.LeftButton)
    assert dialog.busy_bar.isVisible()  # at once, while the server is silent
    assert dialog.cancel_button.isVisible()
    assert not dialog.log_in_button.isEnabled()
    assert "Logging in" in dialog.state.text()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert not dialog.busy_bar.isVisible()
    assert not dialog.cancel_button.isVisible()
    assert dialog.log_in_button.isEnabled()
    assert dialog.server.isEnabled()
    assert "cancelled" in dialog.state.text()
    assert logged_in == []


def test_closing_the_window_cancels_running_work_and_drops_queued_work(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    release = threading.Event()
    seen: list[str] = []
    started: list[Task] = []

    def until_cancelled(task: Task) -> None:
        started.append(task)
        deadline = time.monotonic() + 30  # a bound, never reached when quitting cancels
        while not task.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        seen.append("cancelled" if task.cancelled else "ran out")

    def queued(_task: Task) -> None:
        seen.append("queued work ran")

    slots = context.pool.maxThreadCount()
    for _ in range(slots):
        context.run_in_background(until_cancelled, on_done=lambda _r: None)
    context.run_in_background(queued, on_done=lambda _r: None)
    # Every slot running one of these (not merely busy: the window's own background reads,
    # started after its first paint, may hold a slot for a moment first).
    qtbot.waitUntil(lambda: len(started) == slots)
    window.close()
    assert context.pool.waitForDone(10_000)
    release.set()
    assert seen == ["cancelled"] * slots  # every running task was told; the queued never ran
