"""Library forms grow with their messages: nothing is drawn over a field or a button."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from advisor_desk.services.library.detail import item_detail
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.library.dialogs import NewVersionDialog, UploadDialog
from tests.helpers.library import BAD_CSV, SeededLibrary


def _rect(widget: QWidget, dialog: QWidget) -> QRect:
    return QRect(widget.mapTo(dialog, widget.rect().topLeft()), widget.size())


def _nothing_overlaps(dialog: NewVersionDialog | UploadDialog, *fields: QWidget) -> None:
    errors = [
        label
        for label in dialog.findChildren(QLabel)
        if label.isVisible()
        and label.text()
        and label is not dialog.general_error
        and label.property("role") == "error"
    ] + ([dialog.general_error] if dialog.general_error.isVisible() else [])
    assert errors
    needed = dialog.layout().totalHeightForWidth(dialog.width())
    assert dialog.height() >= min(needed, int(dialog.screen().availableGeometry().height() * 0.9))
    for error in errors:
        shown = _rect(error, dialog)
        if error.wordWrap():
            assert shown.height() >= error.heightForWidth(error.width())  # every line of it
        for widget in (dialog.ok_button, *fields):
            assert not shown.intersects(_rect(widget, dialog)), (error.text(), widget)


def test_a_duplicate_version_message_leaves_publish_visible(
    qtbot: QtBot, context: AppContext, library: SeededLibrary
) -> None:
    item = item_detail(context.store, library.ransomware).item
    dialog = NewVersionDialog(context.store, item)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.version_edit.setText(item.version)  # the current one: refused
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    _nothing_overlaps(dialog, dialog.description_edit)


def test_a_files_line_errors_do_not_hide_under_description(
    qtbot: QtBot, context: AppContext, library: SeededLibrary, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    dialog = UploadDialog(context.store, "AUD")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.file.path_edit.setText(str(bad))
    dialog.kind_combo.setCurrentIndex(0)  # Framework
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "Line 3" in dialog.general_error.text()
    _nothing_overlaps(dialog, dialog.description_edit)
