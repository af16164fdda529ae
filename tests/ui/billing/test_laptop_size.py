"""At laptop size (1280×800) nothing in billing widens the window: card amounts shrink to
fit with air at their edges, table columns share the width and elide with the full text in
their tooltip, no sideways scrolling, the Total column in sight."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from advisor_desk.ui.billing.panel import BillingPanel
from advisor_desk.ui.context import AppContext
from tests.ui.billing.test_documents import drafted, shown_panel

LAPTOP_CENTRE = 1280 - 340  # the window minus the tree beside it


def test_big_amounts_never_widen_the_billing_overview(qtbot: QtBot, context: AppContext) -> None:
    panel = BillingPanel(context)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.charges_shown, timeout=30_000):
        panel.show()
    for card in panel.cards.values():  # 2,000 clients' figures
        card.set("$12,345,678.90", "2,000 clients × $1,234.56 = $2,469,120.00 before tax")
    assert panel.minimumSizeHint().width() <= LAPTOP_CENTRE
    panel.resize(LAPTOP_CENTRE, 720)
    qtbot.waitUntil(lambda: panel.width() == LAPTOP_CENTRE)
    for card in panel.cards.values():
        value = card.value
        assert value.geometry().right() < card.contentsRect().right()  # air at the edge
        assert value.x() >= card.contentsRect().left() + 8
    header = panel.table.horizontalHeader()
    assert header.length() <= panel.table.viewport().width()
    assert panel.table.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff


def test_the_documents_list_shows_every_column_at_laptop_size(
    qtbot: QtBot, context: AppContext
) -> None:
    panel = shown_panel(qtbot, context)
    drafted(qtbot, panel)
    assert panel.minimumSizeHint().width() <= LAPTOP_CENTRE
    panel.resize(LAPTOP_CENTRE, 720)
    qtbot.waitUntil(lambda: panel.table.viewport().width() > 0)
    table, model = panel.table, panel.model
    qtbot.waitUntil(lambda: table.horizontalHeader().length() <= table.viewport().width())
    header = table.horizontalHeader()
    last = model.columnCount() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= (
        table.viewport().width()
    )  # Total in sight
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(last + 1)]
    fm = header.fontMetrics()
    for column, title in enumerate(titles):  # "Recipient", "Total": headers whole
        assert header.sectionSize(column) >= fm.horizontalAdvance(title), title
    for row in range(model.rowCount()):
        for column in range(last + 1):
            index = model.index(row, column)
            assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data(), (row, column)
