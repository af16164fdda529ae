"""The hub's clients table: a lazy QAbstractTableModel over `services.hub.client_page`.

The first page and the number of matches arrive from a background load (`set_result`);
scrolling pulls the next pages (`canFetchMore`/`fetchMore`, one SQL page each). Sorting asks
the view for a new load (`sort_requested`): the rows on screen stay until it arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from advisor_desk.services.hub import ClientFigures, Column, HubQuery, MonthFigures
from advisor_desk.ui import theme

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()
CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 200


@dataclass(frozen=True)
class HubColumn:
    key: Column
    title: str
    text: Callable[[ClientFigures], str]
    numeric: bool = True
    billing: bool = False  # a billing figure: hidden for roles refused billing


def _licenses(tier: str) -> Callable[[ClientFigures], str]:
    return lambda c: "—" if c.licenses is None else f"{c.licenses.get(tier, 0):,}"


def _money(value: Any) -> str:
    return "—" if value is None else f"{value:,.2f}"


COLUMNS = (
    HubColumn(Column.NAME, "Client", lambda c: c.name, numeric=False),
    HubColumn(Column.FREE, "Free", _licenses("free")),
    HubColumn(Column.JUST_RISK, "Just risk", _licenses("just_risk")),
    HubColumn(Column.RISK_COMPLIANCE, "Risk & compl.", _licenses("risk_compliance")),
    HubColumn(Column.CHARGE, "Charge", lambda c: _money(c.charge), billing=True),
    HubColumn(Column.REFERRAL, "Referral", lambda c: _money(c.referral), billing=True),
    HubColumn(Column.EXTREME, "Extreme", lambda c: str(c.risks["Extreme"])),
    HubColumn(Column.HIGH, "High", lambda c: str(c.risks["High"])),
    HubColumn(Column.OVERDUE, "Overdue", lambda c: str(c.overdue)),
    HubColumn(Column.IN_PROGRESS, "In progress", lambda c: str(c.in_progress)),
    HubColumn(
        Column.LAST_ACTIVITY,
        "Last activity",
        lambda c: c.last_activity.isoformat() if c.last_activity else "never",
        numeric=False,
    ),
    HubColumn(Column.ADVISORS, "Advisors", lambda c: str(c.advisors)),
    HubColumn(Column.ATTENTION, "Needs attention", lambda c: "; ".join(c.attention), False),
)

# (month, query, offset) -> one page of rows; set by the view (a synchronous SQL page)
PageLoader = Callable[[MonthFigures, HubQuery, int], list[ClientFigures]]


class HubTableModel(QAbstractTableModel):
    sort_requested = Signal(object)  # HubQuery: the view loads it in the background

    def __init__(self, load_page: PageLoader | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._load_page = load_page
        self.rows: list[ClientFigures] = []
        self.total = 0
        self.month: MonthFigures | None = None
        self.query = HubQuery()
        self._fetching = False  # a view (or qtmodeltester) may ask again while rows go in

    # --- results ---------------------------------------------------------------------
    def set_result(
        self, month: MonthFigures, query: HubQuery, total: int, first: list[ClientFigures]
    ) -> None:
        self.beginResetModel()
        self.month, self.query, self.total, self.rows = month, query, total, list(first)
        self.endResetModel()

    def client_id(self, row: int) -> str:
        return self.rows[row].id

    # --- Qt ----------------------------------------------------------------------------
    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = NO_PARENT) -> bool:  # noqa: N802 - Qt's name
        return (
            not parent.isValid()
            and not self._fetching
            and self._load_page is not None
            and len(self.rows) < self.total
        )

    def fetchMore(self, parent: Index = NO_PARENT) -> None:  # noqa: N802 - Qt's name
        if not self.canFetchMore(parent) or self.month is None or self._load_page is None:
            return
        page = self._load_page(self.month, self.query, len(self.rows))
        page = page[: self.total - len(self.rows)]
        if not page:
            self.total = len(self.rows)  # the data moved on: stop asking
            return
        first = len(self.rows)
        self._fetching = True
        try:
            self.beginInsertRows(NO_PARENT, first, first + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()
        finally:
            self._fetching = False

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.key is Column.ATTENTION:
            return "\n".join(row.attention) or "Nothing needs attention"
        if role == Qt.ItemDataRole.ToolTipRole and column.key is Column.NAME:
            return f"{row.name}\nDouble-click to log in to its workspace"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            colours = theme.current_colours()
            if column.key is Column.EXTREME and row.risks["Extreme"]:
                return QColor(colours.danger)
            if column.key is Column.OVERDUE and row.overdue:
                return QColor(colours.danger)
        if role == CLIENT_ID_ROLE:
            return row.id
        return None

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        query = HubQuery(self.query.filter, COLUMNS[column].key, descending)
        if query != self.query:
            self.sort_requested.emit(query)
