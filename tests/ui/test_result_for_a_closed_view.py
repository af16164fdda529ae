"""A view closed while its background query runs: the result arrives after Qt deleted the
view's widgets and is dropped quietly (before, the callback raised "Internal C++ object
already deleted" into the event loop); any other error of the callback still surfaces."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from advisor_desk.ui.context import AppContext
from advisor_desk.ui.tasks import Task


def test_a_result_for_a_deleted_label_is_dropped(qtbot: QtBot, context: AppContext) -> None:
    label = QLabel("waiting")
    release = threading.Event()
    finished: list[bool] = []

    def work(_task: Task) -> str:
        release.wait(5)
        return "figures"

    def on_done(text: str) -> None:
        finished.append(True)
        label.setText(text)  # the label is gone by now

    context.run_in_background(work, on_done=on_done)
    label.deleteLater()
    qtbot.waitUntil(lambda: not _alive(label))
    release.set()
    qtbot.waitUntil(lambda: finished == [True])


def test_other_errors_of_a_result_still_surface(qtbot: QtBot, context: AppContext) -> None:
    def on_done(_result: object) -> None:
        raise RuntimeError("a real bug")

    with qtbot.captureExceptions() as caught:
        context.run_in_background(lambda _task: 1, on_done=on_done)
        qtbot.waitUntil(lambda: len(caught) == 1)
    assert "a real bug" in str(caught[0][1])


def _alive(widget: QLabel) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(widget))
