"""Start-up of the window, in this order (each step only needs the ones before it):

1. **Arguments** — `--data-dir DIR` (default: the user data folder); anything else is left
   for Qt (`-platform offscreen`, `-style …`).
2. **Logging** — to `<data-dir>/logs/advisor-desk.log` (rotated), warnings also on stderr.
3. **Store** — open (create, migrate) the SQLite store. A store that cannot be used
   (`StoreError`, e.g. written by a newer version) is explained in a message box, not a
   traceback, and the app exits with 1.
4. **QApplication** — names, icon, high-DPI policy, palette from the system or the setting;
   Qt's own messages go to the log; `sys.excepthook` shows bugs in a crash dialog.
5. **Window** — the main window (or its welcome page on a store without a partner).
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import platformdirs

from advisor_desk import __version__

log = logging.getLogger("advisor_desk")

APP_NAME = "advisor-desk"  # the same data folder as the command line's
LOG_FILE = "advisor-desk.log"
LOG_LEVEL_VARIABLE = "ADVISOR_DESK_LOG_LEVEL"


def default_data_dir() -> Path:
    """The user data folder: the same as `advisor_desk.cli.common.default_data_dir()`.

    Repeated here because `ui` and `cli` are independent layers (the layers contract);
    tests/ui/test_startup.py checks the two agree.
    """
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="advisor-desk", add_help=False)
    parser.add_argument("--data-dir", metavar="DIR")
    options, rest = parser.parse_known_args(list(argv))
    options.data_dir = Path(options.data_dir) if options.data_dir else default_data_dir()
    return options, rest


def setup_logging(data_dir: Path) -> Path | None:
    """Log to the data folder's log file; None if it cannot be written (console only)."""
    root = logging.getLogger()
    level = os.environ.get(LOG_LEVEL_VARIABLE, "INFO").upper()
    root.setLevel(getattr(logging, level, logging.INFO))
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(console)
    log_file = data_dir / "logs" / LOG_FILE
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as error:
        log.warning("cannot write the log file %s: %s", log_file, error.strerror)
        return None
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    )
    root.addHandler(handler)
    return log_file


def run_window(argv: Sequence[str]) -> int:
    """`advisor-desk` with no command: open the window. Returns the process exit code."""
    options, qt_args = parse_args(argv)  # 1
    data_dir: Path = options.data_dir
    log_file = setup_logging(data_dir)  # 2
    log.info("Advisor Desk %s starting on %s", __version__, data_dir)

    from advisor_desk.store.engine import StoreError, open_store

    try:
        store = open_store(data_dir)  # 3
    except StoreError as error:
        log.error("cannot open the store in %s: %s", data_dir, error)
        app = make_application(qt_args)
        show_store_error(data_dir, error)
        del app
        return 1

    app = make_application(qt_args)  # 4
    from advisor_desk.ui.crash import CrashHandler, install_qt_message_handler

    install_qt_message_handler()
    crash = CrashHandler(log_file)
    crash.install()
    try:
        from advisor_desk.ui.context import AppContext
        from advisor_desk.ui.main_window import MainWindow

        context = AppContext(store, data_dir)
        window = MainWindow(context, log_file=log_file)  # 5
        window.show()
        code = app.exec()
        context.wait_for_tasks()
        return code
    finally:
        crash.uninstall()
        store.close()
        log.info("Advisor Desk stopped")


def make_application(qt_args: Sequence[str]) -> object:
    """The QApplication, named and themed (returned untyped: callers only keep it alive)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from advisor_desk.ui import settings, theme
    from advisor_desk.ui.icons import app_icon

    existing = QApplication.instance()
    if existing is not None:
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication([sys.argv[0] if sys.argv else APP_NAME, *qt_args])
    app.setApplicationName("Advisor Desk")
    app.setOrganizationName(settings.ORGANIZATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)
    app.setWindowIcon(app_icon())
    choice = settings.Settings().get(settings.THEME)
    theme.apply_theme(app, choice)
    return app


def show_store_error(data_dir: Path, error: Exception) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "Advisor Desk",
        f"Advisor Desk cannot open the data in\n{data_dir}",
    )
    box.setInformativeText(str(error))
    box.exec()
