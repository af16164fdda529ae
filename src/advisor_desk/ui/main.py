"""Start-up of the window, in this order (each step only needs the ones before it):

1. **Arguments** — `--data-dir DIR` (default: the user data folder); anything else is left
   for Qt (`-platform offscreen`, `-style …`). Then: can a window open here at all (a
   display, the xcb libraries: `ui/platform_check.py`)? If not, one line and exit code 1.
2. **Logging** — to `<data-dir>/logs/advisor-desk.log` (rotated), warnings also on stderr;
   a native crash (an abort in Qt) leaves every thread's Python stack in `logs/fatal.log`.
3. **QApplication** — names, icon, high-DPI policy, palette from the system or the setting;
   Qt's own messages go to the log; `sys.excepthook` shows bugs in a crash dialog.
4. **Frame** — painted at once (ui/startup.py): the last window geometry and partner name
   and, from an up-to-date store, the tree's first clients (read with plain sqlite3 in a
   thread while the QApplication is made), before SQLAlchemy or any service is imported.
5. **Store, then window** — a worker thread opens (creates, migrates) the SQLite store; then
   the main window (or its welcome page on a store without a partner) takes the frame's
   place, and its tree fills from its own worker. A store that cannot be used (`StoreError`,
   e.g. written by a newer version) is explained in a message box, not a traceback, and the
   app exits with 1.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from advisor_desk import __version__
from advisor_desk.logs import APP_NAME, default_data_dir, record_fatal_errors, setup_logging

if TYPE_CHECKING:  # Qt itself is imported only once the display is known to work
    from PySide6.QtCore import QCoreApplication

log = logging.getLogger("advisor_desk")


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="advisor-desk", add_help=False)
    parser.add_argument("--data-dir", metavar="DIR")
    options, rest = parser.parse_known_args(list(argv))
    options.data_dir = Path(options.data_dir) if options.data_dir else default_data_dir()
    return options, rest


def run_window(argv: Sequence[str]) -> int:
    """`advisor-desk` with no command: open the window. Returns the process exit code."""
    options, qt_args = parse_args(argv)  # 1
    from advisor_desk.ui.platform_check import display_problem

    problem = display_problem(qt_args)  # before Qt, which would abort the process
    if problem is not None:
        sys.stderr.write(problem + "\n")
        return 1
    data_dir: Path = options.data_dir
    log_file = setup_logging(data_dir, console=True)  # 2
    record_fatal_errors(data_dir)
    log.info("Advisor Desk %s starting on %s", __version__, data_dir)

    from advisor_desk.ui import settings
    from advisor_desk.ui.startup import RowsAhead, Startup

    ahead = RowsAhead(data_dir, settings.Settings())  # 4: the tree's first rows, meanwhile
    app = make_application(qt_args)  # 3
    from advisor_desk.ui.crash import CrashHandler, install_qt_message_handler

    install_qt_message_handler()
    crash = CrashHandler(log_file)
    crash.install()
    # 4, 5: the frame now (with the first rows read meanwhile), the store in a worker
    startup = Startup(data_dir, log_file=log_file, ahead=ahead)
    startup.failed.connect(lambda code: app.exit(code))
    try:
        startup.start()
        code = app.exec()
        return startup.finish(code)
    finally:
        crash.uninstall()
        log.info("Advisor Desk stopped")


def make_application(qt_args: Sequence[str]) -> QCoreApplication:
    """The QApplication, named and themed (or the one already made)."""
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
