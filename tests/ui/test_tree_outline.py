"""The start-up frame's early tree and the main window's tree share one outline
(ui/tree/outline.py): same sidebar, filter box and view settings, and the same pixels for the
same rows at the hand-over (issue 15 cold start)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QWidget
from pytestqt.qtbot import QtBot

from advisor_desk.store.engine import Store
from advisor_desk.ui import settings
from advisor_desk.ui.startup import Startup
from advisor_desk.ui.tree import outline
from advisor_desk.ui.tree.delegate import TreeDelegate
from tests.ui.gated_start import WAIT, GatedOpener, open_window

WIDTH = 320  # the sidebar, in pixels
HEIGHT = 200  # the rows compared: partner, its folders and the first clients


def _looks(panel: QWidget, view: QTreeView, filter_edit: QLineEdit) -> dict[str, object]:
    return {
        "panel": (panel.objectName(), panel.minimumWidth()),
        "filter": (
            filter_edit.objectName(),
            filter_edit.placeholderText(),
            filter_edit.isClearButtonEnabled(),
            len(filter_edit.actions()),
        ),
        "delegate": type(view.itemDelegate()),
        "header_hidden": view.isHeaderHidden(),
        "uniform": view.uniformRowHeights(),
        "animated": view.isAnimated(),
        "indentation": view.indentation(),
        "name": view.accessibleName(),
    }


def _pixels(qtbot: QtBot, panel: QWidget, view: QTreeView) -> QImage:
    """The view's top rows with the sidebar at one width (the frame's splitter and the
    window's may size it differently; the rows must be drawn the same at the same width)."""
    view.clearFocus()
    panel.setFixedWidth(WIDTH)
    qtbot.waitUntil(lambda: panel.width() == WIDTH, timeout=WAIT)
    qtbot.waitUntil(lambda: view.viewport().height() >= HEIGHT, timeout=WAIT)
    view.viewport().repaint()
    return view.viewport().grab(QRect(0, 0, view.viewport().width(), HEIGHT)).toImage()


def test_the_frames_tree_is_the_windows_tree(
    qtbot: QtBot, data_dir: Path, partner_store: Store, client_ids: dict[str, str]
) -> None:
    opener = GatedOpener(partner_store)
    startup = Startup(data_dir, prefs=settings.Settings(), opener=opener)
    frame = startup.start()
    qtbot.waitExposed(frame)
    early = frame.early
    assert early is not None
    early_looks = _looks(early, early.view, early.filter_edit)
    assert early_looks["delegate"] is TreeDelegate
    assert early_looks["indentation"] == outline.INDENTATION
    assert early.view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    early_image = _pixels(qtbot, early, early.view)

    window = open_window(qtbot, startup, opener)
    panel = window.panel
    assert panel is not None
    assert _looks(panel, panel.view, panel.filter_edit) == early_looks
    assert _pixels(qtbot, panel, panel.view) == early_image  # nothing moves at the hand-over
    window.close()
    assert startup.finish(0) == 0
