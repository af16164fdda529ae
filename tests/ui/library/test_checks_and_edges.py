"""The library at 1280×800 under the app's theme: each tag's check box sits whole inside its
row and the list (it was 2 px taller than the row, overlapping the next and clipped at the
left), and a table's cells keep their text off the edges, headings over their values (the
Clients count touched the scroll bar under a left-aligned heading)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)
from pytestqt.qtbot import QtBot

from advisor_desk.ui import theme
from advisor_desk.ui.context import AppContext
from tests.helpers.library import SeededLibrary
from tests.ui.library.test_browser import make_browser

SE = QStyle.SubElement


@pytest.fixture(params=["light", "dark"])
def themed(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    sheet, palette, style = qapp.styleSheet(), qapp.palette(), qapp.style().name()
    theme.apply_theme(qapp, request.param)
    yield request.param
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)


def element(view: QAbstractItemView, row: int, column: int, sub: QStyle.SubElement) -> QRect:
    index = view.model().index(row, column)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = view.visualRect(index)
    delegate = view.itemDelegateForIndex(index)
    assert isinstance(delegate, QStyledItemDelegate)
    delegate.initStyleOption(option, index)
    return view.style().subElementRect(sub, option, view)


def test_tag_check_boxes_sit_inside_their_rows(
    qtbot: QtBot, context: AppContext, library: SeededLibrary, themed: str
) -> None:
    browser = make_browser(qtbot, context)
    browser.resize(930, 700)
    tags = browser.facets.tags
    qtbot.waitUntil(lambda: tags.count() > 3)
    viewport = tags.viewport().rect()
    for row in range(3):
        item = tags.visualRect(tags.model().index(row, 0))
        check = element(tags, row, 0, SE.SE_ItemViewItemCheckIndicator)
        assert check.isValid()
        assert item.contains(check), (row, item, check)  # not over the next row
        assert viewport.contains(check)
        assert check.left() >= 2  # off the list's left edge


def test_table_cells_keep_off_the_edges(
    qtbot: QtBot, context: AppContext, library: SeededLibrary, themed: str
) -> None:
    browser = make_browser(qtbot, context)
    browser.resize(930, 700)
    table = browser.table
    qtbot.waitUntil(lambda: browser.model.rowCount() > 3)
    model, viewport = table.model(), table.viewport().rect()
    last = max(c for c in range(model.columnCount()) if not table.isColumnHidden(c))
    alignment = Qt.ItemDataRole.TextAlignmentRole
    for column in range(model.columnCount()):
        heading = model.headerData(column, Qt.Orientation.Horizontal, alignment)
        values = model.index(0, column).data(alignment)
        horizontal = int(Qt.AlignmentFlag.AlignHorizontal_Mask.value)
        assert int(heading or 0) & horizontal == int(values or 0) & horizontal, column
    cell = table.visualRect(model.index(0, last))
    text = element(table, 0, last, SE.SE_ItemViewItemText)
    assert cell.right() <= viewport.right()
    assert text.right() <= cell.right() - 4  # a right-aligned count: air before the scroll bar
    first = element(table, 0, 0, SE.SE_ItemViewItemText)
    assert first.left() >= table.visualRect(model.index(0, 0)).left() + 4
