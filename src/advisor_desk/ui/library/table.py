"""The library's table view: drags carry the items' ids under a small label, not the rows,
and an empty list says why it is empty.

Qt's default drag image is every selected cell at full width, which hides the tree the
items are dropped on; this one is the first title (and how many more) in a rounded badge.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QDrag, QFontMetrics, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import QHeaderView

from advisor_desk.ui.widgets import PlaceholderTable

MAX_LABEL_WIDTH = 320


def drag_label(titles: list[str]) -> str:
    if len(titles) <= 1:
        return titles[0] if titles else ""
    return f"{titles[0]} + {len(titles) - 1} more"


class LibraryTable(PlaceholderTable):
    """Columns share the width the view has (never a sideways scroll at 1280×800): each gets
    its preferred width scaled down to fit, no less than its minimum; the stretch column
    (the title) takes what is left. Cells elide; their tooltips have the full text."""

    preferred: Sequence[int] = ()
    minimum: Sequence[int] = ()
    stretch_column = 0
    droppable: Sequence[int] = ()  # hidden, in this order, while the title would be cramped
    title_room = 240

    def set_column_widths(
        self,
        preferred: Sequence[int],
        minimum: Sequence[int],
        stretch_column: int = 0,
        droppable: Sequence[int] = (),
    ) -> None:
        self.preferred, self.minimum, self.stretch_column = preferred, minimum, stretch_column
        self.droppable = droppable
        self._dropped: set[int] = set()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(min(minimum, default=30))
        for column in range(len(preferred)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Fit; while the title would get less than `title_room`, drop the droppable columns
        (their text is in the title's tooltip and the detail pane), and bring them back when
        the view is wide enough again."""
        if not self.preferred:
            return
        for column in self._dropped:
            self.setColumnHidden(column, False)
        self._dropped = set()
        self._fit()
        for column in self.droppable:
            if self.horizontalHeader().sectionSize(self.stretch_column) >= self.title_room:
                break
            self.setColumnHidden(column, True)
            self._dropped.add(column)
            self._fit()

    def _fit(self) -> None:
        model = self.model()
        header = self.horizontalHeader()
        metrics = header.fontMetrics()
        shown = [c for c in range(len(self.preferred)) if not self.isColumnHidden(c)]
        room = self.viewport().width()
        if not shown or room <= 0 or model is None:
            return
        # a column is never narrower than its heading (plus the sort arrow's room)
        floor = {
            c: max(
                self.minimum[c],
                metrics.horizontalAdvance(str(model.headerData(c, Qt.Orientation.Horizontal))) + 28,
            )
            for c in shown
        }
        total = sum(self.preferred[c] for c in shown)
        scale = min(1.0, room / total)
        widths = {c: max(floor[c], int(self.preferred[c] * scale)) for c in shown}
        over = sum(widths.values()) - room
        # too wide: the stretch column and then the others give back down to their floors
        for column in [self.stretch_column, *sorted(shown, key=lambda c: -widths[c])]:
            if over <= 0:
                break
            if column in widths:
                give = min(over, widths[column] - floor[column])
                widths[column] -= give
                over -= give
        if over < 0 and self.stretch_column in widths:
            widths[self.stretch_column] -= over  # room left: the title takes it
        for column, width in widths.items():
            header.resizeSection(column, width)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_columns()

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
