"""Help → About: the version, where the data and the log are, and what it runs on."""

from __future__ import annotations

import html
import platform
from pathlib import Path

import PySide6
from PySide6.QtCore import QSize, Qt, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from advisor_desk import __version__
from advisor_desk.ui.icons import app_icon


def about_text(data_dir: Path, log_file: Path | None) -> str:
    log_line = html.escape(str(log_file)) if log_file is not None else "not written (console only)"
    return (
        f"<h3>Advisor Desk {__version__}</h3>"
        "<p>Clients, content, billing and invoices of a risk-and-compliance partner firm.</p>"
        f"<p><b>Data folder:</b> {html.escape(str(data_dir))}<br>"
        f"<b>Log file:</b> {log_line}</p>"
        f"<p style='color:gray'>Python {platform.python_version()} · "
        f"Qt {qVersion()} · PySide6 {PySide6.__version__}</p>"
    )


def show_about(parent: QWidget, data_dir: Path, log_file: Path | None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle("About Advisor Desk")
    box.setIconPixmap(app_icon().pixmap(QSize(64, 64)))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text(data_dir, log_file))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
