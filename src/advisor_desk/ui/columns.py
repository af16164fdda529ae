"""Table columns that share the view's width: each gets its content's width while there is
room (the `stretch` column takes what is left); when there is not, all shrink in proportion
and their text elides — never a sideways scroll bar, never a table that widens the window.
The full text of an elided cell is in its tooltip (the models answer ToolTipRole)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

SAMPLE_ROWS = 200  # natural widths are measured on the first rows only (2,000 clients)
PADDING = 18  # the cell's margins and a little air
MINIMUM = 36


class ColumnFitter(QObject):
    """`stretch` takes the spare room; when there is too little, the `flexible` columns (long
    texts: names, kinds) give it back first, so short ones (numbers, dates, amounts) stay
    whole as long as they can."""

    def __init__(self, view: QTableView, stretch: int, flexible: Sequence[int] = ()) -> None:
        super().__init__(view)
        self.view, self.stretch = view, stretch
        self.flexible = sorted(set(flexible) | {stretch})
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
        flexible = [c for c in self.flexible if c < len(naturals)]
        rest = sum(n for c, n in enumerate(naturals) if c not in flexible)
        room = available - rest  # for the flexible columns, the others whole
        if room >= MINIMUM * len(flexible):
            give = sum(naturals[c] for c in flexible)
            widths = list(naturals)
            for c in flexible:
                widths[c] = max(MINIMUM, int(naturals[c] * room / give))
        else:  # even the short ones must give: all in proportion
            scale = available / total
            widths = [max(MINIMUM, int(n * scale)) for n in naturals]
        stretch = self.stretch % len(widths)
        widths[stretch] = max(MINIMUM, widths[stretch] + available - sum(widths))  # rounding
        return widths

    def apply(self) -> None:
        header = self.view.horizontalHeader()
        for column, width in enumerate(self.widths(self.view.viewport().width())):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)


def fit_columns(view: QTableView, stretch: int, flexible: Sequence[int] = ()) -> ColumnFitter:
    return ColumnFitter(view, stretch, flexible)
