"""The library list: a lazy table over up to 100,000 items, filtered and sorted in SQL.

A new query (a keystroke, a facet, a header click) runs `services.library.search` in a
worker for the first page and the number of matches; the view then pulls further pages with
`canFetchMore`/`fetchMore` as it scrolls (a page is one indexed query, also run in a worker:
the rows arrive with `page_loaded`, and a page for an older query is dropped). While a
query runs, newer ones wait and only the newest runs next: typing fast never queues a
backlog, and a stale result is never shown over a newer one.

Typing on helps the next search: a keystroke that leaves the search as it was (a space)
runs none, and one that only narrows it (more letters, another word) passes the first title
shown as where the matches start (`search(start=...)`) when that row looks like it still
matches (then the search walks the titles from there, not sorting every match). A refresh
(the store changed) reuses nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from advisor_desk.services.library.search import (
    PAGE,
    LibraryQuery,
    LibraryRow,
    SearchResult,
    SortKey,
    looks_like_a_match,
    narrows,
    same_search,
    search,
)
from advisor_desk.ui import theme
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.mime import CONTENT_IDS_MIME as ITEM_IDS_MIME
from advisor_desk.ui.money import DEFAULT_LOCALE, format_money
from advisor_desk.ui.table_model import NO_PARENT, ROW_ID_ROLE, Index

COLUMNS: tuple[tuple[str, SortKey | None], ...] = (
    ("Title", SortKey.TITLE),
    ("Source", SortKey.SOURCE),
    ("Kind", SortKey.KIND),
    ("Version", SortKey.VERSION),
    ("Price", SortKey.PRICE),
    ("Published", SortKey.PUBLISHED),
    ("Locked", SortKey.LOCKED),
    ("Tags", None),
    ("Clients", SortKey.CLIENTS),
)
RIGHT = {4, 8}
CENTRE = {5, 6}  # yes/no flags, kept clear of the right-aligned price beside them
# data() runs ~1,000 times per keystroke: roles and flags as plain ints, compared once each
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
FONT = int(Qt.ItemDataRole.FontRole.value)
ROW_ID = int(ROW_ID_ROLE)
_LEFT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter.value)
ALIGNMENTS = tuple(
    _RIGHT if column in RIGHT else _CENTRE if column in CENTRE else _LEFT
    for column in range(len(COLUMNS))
)
ITEM_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
)


def texts(row: LibraryRow, currency: str, locale: str = DEFAULT_LOCALE) -> tuple[str, ...]:
    """What each column shows of `row` (made in the worker, with the rows)."""
    return tuple(_text(row, column, currency, locale) for column in range(len(COLUMNS)))


def _text(row: LibraryRow, column: int, currency: str, locale: str) -> str:
    if column == 0:
        return row.title
    if column == 1:
        return row.library.value.capitalize()
    if column == 2:
        return row.kind.label
    if column == 3:
        return row.version
    if column == 4:
        return "—" if row.price is None else format_money(row.price, currency, locale)
    if column == 5:
        return "Yes" if row.published else "No"
    if column == 6:
        return "Locked" if row.locked else ""
    if column == 7:
        return ", ".join(row.tags)
    return str(row.clients) if row.clients else ""


class LibraryModel(QAbstractTableModel):
    results_applied = Signal(int)  # every match of the query now shown (not just loaded)
    page_loaded = Signal(int)  # rows now loaded, after a `fetchMore`
    search_failed = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._rows: list[LibraryRow] = []
        self._texts: list[tuple[str, ...]] = []
        self._total = 0
        self._query = LibraryQuery()
        self._running = False
        self._fetching = False  # a further page is being read
        self._generation = 0  # of the rows shown: a page read for an older one is dropped
        self._pending: LibraryQuery | None = None
        self._pending_fresh = False  # a refresh waits: the running query's result may be stale
        self._last: SearchResult | None = None  # the newest first page, while the store holds
        self.currency = "AUD"
        self.locale = DEFAULT_LOCALE  # the partner's: how prices are written
        self.page_size = PAGE

    # -- what the browser asks -------------------------------------------------------------

    @property
    def query(self) -> LibraryQuery:
        return self._pending or self._query

    @property
    def total(self) -> int:
        return self._total

    def set_query(self, query: LibraryQuery) -> None:
        """Show the items `query` matches (the search runs in a worker)."""
        if self._running:
            self._pending = query
            return
        last = self._last
        if last is not None and same_search(query, self._query):
            self._query = query  # the rows shown are this query's: nothing to run
            QTimer.singleShot(0, self._reapplied)
            return
        self._running = True
        self._query = query
        start = None
        if last is not None and last.rows and narrows(query, last.query):
            first = last.rows[0]  # no match of the narrower text sorts before it
            if looks_like_a_match(first, query):  # …and it probably is the first one
                start = first.title
        store, limit, currency = self._context.store, self.page_size, self.currency
        locale = self.locale
        self._context.run_in_background(
            lambda _task: _shown(search(store, query, limit=limit, start=start), currency, locale),
            on_done=self._on_search_done,
            on_error=self._on_search_failed,
        )

    def refresh(self) -> None:
        """Search again from scratch (the store changed)."""
        self._last = None
        if self._running:
            self._pending_fresh = True
        self.set_query(self.query)

    def row_at(self, index: Index) -> LibraryRow | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def row_of(self, item_id: str) -> int:
        return next((n for n, row in enumerate(self._rows) if row.id == item_id), -1)

    # -- Qt's model ------------------------------------------------------------------------

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = NO_PARENT) -> bool:  # noqa: N802
        # not while a new query runs (its first page replaces these rows) or a page is read
        return (
            not parent.isValid()
            and not self._running
            and not self._fetching
            and len(self._rows) < self._total
        )

    def fetchMore(self, parent: Index = NO_PARENT) -> None:  # noqa: N802
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        store, query, offset = self._context.store, self._query, len(self._rows)
        limit, currency, generation = self.page_size, self.currency, self._generation
        locale = self.locale
        self._context.run_in_background(
            lambda _task: _shown(
                search(store, query, offset=offset, limit=limit), currency, locale
            ),
            on_done=lambda page: self._on_page_read(generation, offset, page),
            on_error=self._on_page_failed,
        )

    def _on_page_read(
        self, generation: int, offset: int, page: tuple[SearchResult, list[tuple[str, ...]]]
    ) -> None:
        self._fetching = False
        if generation != self._generation or offset != len(self._rows):
            return  # the list was re-read meanwhile: this page belongs to the old one
        result, page_texts = page
        known = {row.id for row in self._rows[-self.page_size :]}
        fresh = [
            (row, text)
            for row, text in zip(result.rows, page_texts, strict=True)
            if row.id not in known
        ]
        if not fresh:  # the library changed under us: stop here, a refresh follows
            self._total = len(self._rows)
            self.page_loaded.emit(len(self._rows))
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._rows.extend(row for row, _text in fresh)
        self._texts.extend(text for _row, text in fresh)
        self.endInsertRows()
        self.page_loaded.emit(len(self._rows))

    def _on_page_failed(self, error: BaseException) -> None:
        self._fetching = False
        self.search_failed.emit(str(error))

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        number, column = index.row(), index.column()
        if not 0 <= number < len(self._rows) or not 0 <= column < len(COLUMNS):
            return None
        if role == DISPLAY:
            return self._texts[number][column]
        if role == ALIGNMENT:
            return ALIGNMENTS[column]
        row = self._rows[number]
        if role == FOREGROUND:
            return None if row.published else QColor(theme.current_colours().muted)
        if role == FONT:
            if row.published or column != 0:
                return None
            font = QFont()
            font.setItalic(True)
            return font
        if role == TOOLTIP:
            if column == 0 and row.tags:
                return f"{row.title}\nTags: {', '.join(row.tags)}"
            return self._texts[number][column]
        if role == ROW_ID:
            return row.id
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        if role == ALIGNMENT:  # a heading sits over its values
            return ALIGNMENTS[section]
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section][1] is not None:
            return f"Sort by {COLUMNS[section][0].lower()}"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or COLUMNS[column][1] is None:
            return
        key = COLUMNS[column][1]
        assert key is not None
        descending = order == Qt.SortOrder.DescendingOrder
        query = self.query
        if (query.sort, query.descending) != (key, descending):
            self.set_query(replace(query, sort=key, descending=descending))

    def flags(self, index: Index) -> Qt.ItemFlag:
        return ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [ITEM_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        ids = list(dict.fromkeys(r.id for i in indexes if (r := self.row_at(i)) is not None))
        data = QMimeData()
        data.setData(ITEM_IDS_MIME, "\n".join(ids).encode("utf-8"))
        data.setText(
            "\n".join(r.title for i in indexes if (r := self.row_at(i)) and i.column() == 0)
        )
        return data

    # -- results from the worker -----------------------------------------------------------

    def _on_search_done(self, shown: tuple[SearchResult, list[tuple[str, ...]]]) -> None:
        result, shown_texts = shown
        self._running = False
        pending, self._pending = self._pending, None
        fresh, self._pending_fresh = self._pending_fresh, False
        self._last = None if fresh else result
        if pending is not None and (fresh or not same_search(pending, result.query)):
            self.set_query(pending)  # typing went on (or the store changed): the newest next
            return
        if pending is not None:
            self._query = pending
        self.beginResetModel()
        self._generation += 1
        self._rows = list(result.rows)
        self._texts = shown_texts
        self._total = result.total
        self.endResetModel()
        self.results_applied.emit(self._total)

    def _reapplied(self) -> None:
        if not self._running:
            self.results_applied.emit(self._total)

    def _on_search_failed(self, error: BaseException) -> None:
        self._running = False
        self._pending_fresh = False
        self._last = None
        self.search_failed.emit(str(error))
        pending, self._pending = self._pending, None
        if pending is not None:
            self.set_query(pending)


def _shown(
    result: SearchResult, currency: str, locale: str
) -> tuple[SearchResult, list[tuple[str, ...]]]:
    return result, [texts(row, currency, locale) for row in result.rows]
