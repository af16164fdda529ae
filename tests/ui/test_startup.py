"""Start-up: arguments, the log file, the store's errors, the crash dialog, Qt's messages."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    Qt,
    QTimer,
    qInstallMessageHandler,
    qWarning,
)
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from advisor_desk.cli.common import default_data_dir as cli_default_data_dir
from advisor_desk.store import engine
from advisor_desk.ui import main, settings
from advisor_desk.ui.crash import CrashHandler, qt_message_handler
from advisor_desk.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _root_logger_restored() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_the_window_uses_the_command_lines_data_folder() -> None:
    assert main.default_data_dir() == cli_default_data_dir()
    options, rest = main.parse_args(["--data-dir", "/tmp/x", "-platform", "offscreen"])
    assert options.data_dir == Path("/tmp/x")
    assert rest == ["-platform", "offscreen"]
    assert main.parse_args([])[0].data_dir == cli_default_data_dir()


def test_run_window_opens_the_window_and_logs(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    seen: list[str] = []

    def close_it() -> None:  # once the store is open (in a worker) and the window shown
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget.windowTitle())
                widget.close()
                QApplication.exit(0)
                return
        QTimer.singleShot(50, close_it)

    QTimer.singleShot(50, close_it)
    try:
        assert main.run_window(["--data-dir", str(data)]) == 0
    finally:
        # Closing the last window also *posts* a Quit event; left queued, it would end the
        # next test's event loops at once.
        QCoreApplication.removePostedEvents(QApplication.instance(), QEvent.Type.Quit)
    assert seen == ["Advisor Desk"]  # a new store: the welcome page
    log = (data / "logs" / "advisor-desk.log").read_text(encoding="utf-8")
    assert "Advisor Desk 0.1.0 starting on" in log
    assert "Advisor Desk stopped" in log
    assert not isinstance(sys.excepthook, CrashHandler)


def test_a_store_from_a_newer_version_is_explained_not_raised(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def too_new(_data_dir: Path) -> engine.Store:
        raise engine.StoreTooNewError("this data was written by a newer Advisor Desk")

    shown: list[str] = []
    monkeypatch.setattr(engine, "open_store", too_new)
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: shown.append(box.text() + " | " + box.informativeText())
    )
    assert main.run_window(["--data-dir", str(tmp_path / "data")]) == 1
    assert len(shown) == 1
    assert "cannot open the data" in shown[0]
    assert "newer Advisor Desk" in shown[0]


def test_a_bug_shows_the_crash_dialog_with_traceback_and_log(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    log_file = tmp_path / "advisor-desk.log"
    handler = CrashHandler(log_file)
    try:
        raise ValueError("boom")
    except ValueError as error:
        handler(ValueError, error, error.__traceback__)
    dialog = handler.dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.details.toPlainText()
    assert "ValueError: boom" in text
    assert "test_startup.py" in text
    assert str(log_file) in dialog.log_label.text()
    assert "uncaught exception" in caplog.text

    try:
        raise KeyError("again")
    except KeyError as error:
        handler(KeyError, error, error.__traceback__)
    assert "KeyError: 'again'" in dialog.details.toPlainText()  # the same dialog, appended
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_qt_messages_go_to_the_log(caplog: pytest.LogCaptureFixture) -> None:
    previous = qInstallMessageHandler(qt_message_handler)
    try:
        with caplog.at_level(logging.DEBUG, logger="qt"):
            qWarning("a Qt warning for the log")
    finally:
        qInstallMessageHandler(previous)
    [record] = [r for r in caplog.records if r.name == "qt"]
    assert record.levelno == logging.WARNING
    assert "a Qt warning for the log" in record.getMessage()


def test_settings_live_in_the_test_file_and_round_trip(settings_file: Path) -> None:
    prefs = settings.Settings()
    assert Path(prefs.path) == settings_file
    assert prefs.get(settings.GROUP_BY_TAG) is False
    assert prefs.get(settings.TREE_EXPANDED) == []
    prefs.set(settings.GROUP_BY_TAG, True)
    prefs.set(settings.TREE_EXPANDED, ["partner", "partner/clients"])
    prefs.set(settings.WINDOW_GEOMETRY, QByteArray(b"\x01\x02"))
    prefs.sync()
    again = settings.Settings()
    assert again.get(settings.GROUP_BY_TAG) is True
    assert again.get(settings.TREE_EXPANDED) == ["partner", "partner/clients"]
    assert bytes(again.get(settings.WINDOW_GEOMETRY).data()) == b"\x01\x02"
    assert "[settings]\nversion=1" in settings_file.read_text()
    prefs.set(settings.TREE_EXPANDED, ["partner"])  # one item: INI gives back a string
    assert prefs.get(settings.TREE_EXPANDED) == ["partner"]
    assert {s.key for s in settings.ALL} >= {"window/geometry", "tree/expanded", "appearance/theme"}
