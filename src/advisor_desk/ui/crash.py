"""Bugs and Qt's own messages: a crash dialog for the one, the log file for both.

An exception nobody caught (a bug, not a user mistake — those are ServiceErrors shown where
they happen) reaches `sys.excepthook`: it is logged with its traceback and shown in a dialog
that names the log file, so the user can send it. The app keeps running if it can.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor_desk import __version__
from advisor_desk.ui.widgets import fit_on_screen

log = logging.getLogger("advisor_desk.crash")
qt_log = logging.getLogger("qt")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_message_handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    where = f" ({context.file}:{context.line})" if context.file else ""
    qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s%s", message, where)


def install_qt_message_handler() -> None:
    qInstallMessageHandler(qt_message_handler)


class CrashDialog(QDialog):
    """What went wrong, the traceback to copy, and where the log is."""

    def __init__(self, report: str, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CrashDialog")
        self.setWindowTitle("Advisor Desk — something went wrong")
        fit_on_screen(self, 720, 460)
        intro = QLabel(
            "<b>Advisor Desk hit a bug.</b> What you were doing may not have finished; "
            "your saved data is safe. Please send the details below to support."
        )
        intro.setWordWrap(True)
        where = str(log_file) if log_file is not None else "no log file (logging to the console)"
        self.log_label = QLabel(f"Log file: <code>{where}</code>")
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(report)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("&Copy details")
        self.copy_button.clicked.connect(self._on_copy_clicked)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.quit_button = buttons.addButton(
            "&Quit Advisor Desk", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.quit_button.clicked.connect(self._on_quit_clicked)
        self.continue_button = buttons.addButton(
            "C&ontinue", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.continue_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.log_label)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def add_report(self, report: str) -> None:
        self.details.appendPlainText("\n" + "-" * 60 + "\n" + report)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())

    def _on_quit_clicked(self) -> None:
        self.reject()
        app = QApplication.instance()
        if app is not None:
            app.exit(70)  # EX_SOFTWARE


class CrashHandler:
    """Installed as `sys.excepthook`; keeps one dialog open and appends later reports to it."""

    def __init__(self, log_file: Path | None) -> None:
        self.log_file = log_file
        self.dialog: CrashDialog | None = None
        self._previous: ExceptHook = sys.excepthook
        self._showing = False

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous

    def __call__(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        log.critical("uncaught exception", exc_info=(kind, error, tb))
        if issubclass(kind, KeyboardInterrupt) or QApplication.instance() is None or self._showing:
            self._previous(kind, error, tb)
            return
        report = f"Advisor Desk {__version__}, Python {sys.version.split()[0]}\n" + "".join(
            traceback.format_exception(kind, error, tb)
        )
        self._showing = True
        try:
            self._show(report)
        except Exception:  # the dialog itself failed: the console and the log still have it
            log.exception("could not show the crash dialog")
            self._previous(kind, error, tb)
        finally:
            self._showing = False

    def _show(self, report: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_report(report)
            return
        parent = QApplication.activeWindow()
        self.dialog = CrashDialog(report, self.log_file, parent)
        self.dialog.open()
