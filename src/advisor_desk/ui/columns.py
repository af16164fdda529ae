"""Table columns that share the view's width: each gets its content's width while there is
room (the `stretch` column takes what is left); when there is not, all shrink in proportion
and their text elides — never a sideways scroll bar, never a table that widens the window.
The full text of an elided cell is in its tooltip (the models answer ToolTipRole)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

SAMPLE_ROWS = 200  # natural widths are measured on the first rows only (2,000 clients)
PADDING = 18  # the cell's margins and a little air
MINIMUM = 36


class ColumnFitter(QObject):
    def __init__(self, view: QTableView, stretch: int) -> None:
        super().__init__(view)
        self.view, self.stretch = view, stretch
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(MINIMUM)
        for column in range(header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        self._naturals: list[int] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.apply)
        model = view.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self._on_model_changed)
        view.viewport().installEventFilter(self)
        self.apply()

    def _on_model_changed(self, *_args: object) -> None:
        self._naturals = None
        self._timer.start()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False

    def naturals(self) -> list[int]:
        """Each column's width for its header and its (first rows') longest text."""
        if self._naturals is None:
            view, model = self.view, self.view.model()
            cells, heads = view.fontMetrics(), view.horizontalHeader().fontMetrics()
            rows = min(model.rowCount(), SAMPLE_ROWS)
            widths = []
            for column in range(model.columnCount()):
                title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
                width = heads.horizontalAdvance(title) + PADDING + 12  # and the sort arrow
                for row in range(rows):
                    text = model.index(row, column).data()
                    if text is not None:
                        width = max(width, cells.horizontalAdvance(str(text)) + PADDING)
                widths.append(width)
            self._naturals = widths
        return self._naturals

    def widths(self, available: int) -> list[int]:
        naturals = self.naturals()
        if not naturals:
            return []
        total = sum(naturals)
        if total <= available:
            widths = list(naturals)
            widths[self.stretch % len(widths)] += available - total
            return widths
        scale = available / total
        widths = [max(MINIMUM, int(n * scale)) for n in naturals]
        widths[self.stretch % len(widths)] += available - sum(widths)  # rounding, minimums
        widths[self.stretch % len(widths)] = max(MINIMUM, widths[self.stretch % len(widths)])
        return widths

    def apply(self) -> None:
        header = self.view.horizontalHeader()
        for column, width in enumerate(self.widths(self.view.viewport().width())):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)


def fit_columns(view: QTableView, stretch: int) -> ColumnFitter:
    return ColumnFitter(view, stretch)
