"""The tree panel's outline (the sidebar, its filter box and the tree view's settings), shared
by the main window's tree (ui/tree/panel.py) and the start-up frame's early tree
(ui/tree/early.py) so that nothing moves when one takes the other's place.

Qt and the tree's delegate only: it is on the path of the frame's first paint (no SQLAlchemy,
service or domain module may load before it; a test checks).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QTreeView, QVBoxLayout, QWidget

from advisor_desk.ui.icons import icon
from advisor_desk.ui.tree.delegate import TreeDelegate

MINIMUM_WIDTH = 240
INDENTATION = 16
FILTER_PLACEHOLDER = "Filter clients, members, content…"
VIEW_NAME = "Partner and clients"


def set_up_view(view: QTreeView, edit_triggers: QAbstractItemView.EditTrigger) -> None:
    """The tree's look: its delegate, no header, rows of their own height, no animation."""
    view.setItemDelegate(TreeDelegate(view))
    view.setHeaderHidden(True)
    view.setUniformRowHeights(False)
    view.setAnimated(False)
    view.setIndentation(INDENTATION)
    view.setEditTriggers(edit_triggers)
    view.setAccessibleName(VIEW_NAME)


def set_up_sidebar(panel: QWidget, view: QTreeView) -> tuple[QLineEdit, QLabel]:
    """`panel` as the sidebar: the filter box, the (hidden) filter status, then `view`.
    Returns the filter box and the status label."""
    panel.setObjectName("Sidebar")
    panel.setMinimumWidth(MINIMUM_WIDTH)
    panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
    filter_edit = QLineEdit()
    filter_edit.setObjectName("FilterBox")
    filter_edit.setPlaceholderText(FILTER_PLACEHOLDER)
    filter_edit.setClearButtonEnabled(True)
    filter_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
    filter_edit.setAccessibleName("Filter the tree")
    status = QLabel()
    status.setObjectName("FilterStatus")
    status.hide()
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(filter_edit)
    layout.addWidget(status)
    layout.addWidget(view, 1)
    return filter_edit, status
