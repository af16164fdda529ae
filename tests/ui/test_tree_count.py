"""The tree's counts are drawn whole ("2,000", never "2,0…"); the name beside them elides."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyleOptionViewItem, QTreeView
from pytestqt.qtbot import QtBot

from advisor_desk.ui.tree.delegate import TreeDelegate
from advisor_desk.ui.tree.model import DETAIL_ROLE, KIND_ROLE


class Recording(TreeDelegate):
    drawn: list[str] = []

    @staticmethod
    def _text(
        painter: QPainter,
        font: QFont,
        colour: object,
        rect: QRect,
        text: str,
        align: Qt.AlignmentFlag,
    ) -> None:
        elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        Recording.drawn.append(elided)


def test_counts_are_never_elided(qtbot: QtBot) -> None:
    model = QStandardItemModel()
    for label, count in (("Clients", "2,000"), ("Advisors", "1,234 of 2,000"), ("Items", "7")):
        item = QStandardItem(label)
        item.setData(count, DETAIL_ROLE)
        item.setData("folder", KIND_ROLE)
        model.appendRow(item)
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = Recording(view)
    view.setItemDelegate(delegate)
    view.show()
    image = QImage(400, 40, QImage.Format.Format_ARGB32)
    for width in range(140, 400, 1):
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            option = QStyleOptionViewItem()
            option.initFrom(view)
            option.rect = QRect(0, 0, width, 30)
            option.font = view.font()
            option.widget = view
            Recording.drawn = []
            painter = QPainter(image)
            delegate.paint(painter, option, index)
            painter.end()
            count = str(index.data(DETAIL_ROLE))
            assert count in Recording.drawn, (width, Recording.drawn)
