"""The library's table view: drags carry the items' ids under a small label, not the rows,
and an empty list says why it is empty.

Qt's default drag image is every selected cell at full width, which hides the tree the
items are dropped on; this one is the first title (and how many more) in a rounded badge.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QDrag, QFontMetrics, QPainter, QPixmap

from advisor_desk.ui.widgets import PlaceholderTable

MAX_LABEL_WIDTH = 320


def drag_label(titles: list[str]) -> str:
    if len(titles) <= 1:
        return titles[0] if titles else ""
    return f"{titles[0]} + {len(titles) - 1} more"


class LibraryTable(PlaceholderTable):
    def startDrag(self, supported: Qt.DropAction) -> None:  # noqa: N802
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        model = self.model()
        if not rows or model is None:
            return
        data = model.mimeData([model.index(row, 0) for row in rows])
        if data is None:
            return
        drag = QDrag(self)
        drag.setMimeData(data)
        titles = [str(model.index(row, 0).data() or "") for row in rows]
        pixmap = self._badge(drag_label(titles))
        drag.setPixmap(pixmap)
        drag.setHotSpot(QPoint(12, int(pixmap.height() / pixmap.devicePixelRatio() / 2)))
        drag.exec(supported & Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)

    def _badge(self, text: str) -> QPixmap:
        metrics = QFontMetrics(self.font())
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, MAX_LABEL_WIDTH)
        width, height = metrics.horizontalAdvance(shown) + 24, metrics.height() + 12
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(int(width * ratio), int(height * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        highlight = self.palette().highlight().color()
        painter.setBrush(QColor(highlight.red(), highlight.green(), highlight.blue(), 230))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(QRect(0, 0, width, height), 8, 8)
        painter.setPen(self.palette().highlightedText().color())
        painter.setFont(self.font())
        painter.drawText(QRect(12, 0, width - 24, height), Qt.AlignmentFlag.AlignVCenter, shown)
        painter.end()
        return pixmap
