"""The per-client charges of a period: a sortable, filterable table over ClientCharges.

Thousands of rows: sorting and filtering are plain list operations on the model's own rows
(milliseconds for 5,000), never a QSortFilterProxyModel re-asking `data()` for every cell.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from advisor_desk.domain.charges import ClientCharge, PeriodCharges
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.ui.money import format_money as money
from advisor_desk.ui.table_model import NO_PARENT, ROW_ID_ROLE

Index = QModelIndex | QPersistentModelIndex
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2  # the exact value: Decimal, int or str
TIERS = (LicenseTier.RISK_COMPLIANCE, LicenseTier.JUST_RISK, LicenseTier.FREE)

# (title, exact value of a row); money columns are formatted for the partner's locale.
COLUMNS: tuple[tuple[str, Callable[[ClientCharge], Any]], ...] = (
    ("Client", lambda c: c.name),
    ("Billing model", lambda c: c.billing_model.label),
    *((t.label, lambda c, t=t: c.licenses[t]) for t in TIERS),
    ("Charge", lambda c: c.charge),
    ("Referral", lambda c: c.referral),
)
CLIENT, MODEL, CHARGE, REFERRAL = 0, 1, 5, 6
TIER_OF_COLUMN = {2 + i: tier for i, tier in enumerate(TIERS)}


class ChargesModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._charges: PeriodCharges | None = None
        self._locale = "en_AU"
        self._all: list[ClientCharge] = []
        self._rows: list[ClientCharge] = []
        self._filter = ""
        self._sort: tuple[int, Qt.SortOrder] = (CLIENT, Qt.SortOrder.AscendingOrder)

    def set_charges(self, charges: PeriodCharges, locale: str) -> None:
        self.beginResetModel()
        self._charges, self._locale = charges, locale
        self._all = self._sorted(list(charges.clients))
        self._rows = self._filtered()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        self._filter = text.strip().casefold()
        self._rows = self._filtered()
        self.endResetModel()

    def charge_at(self, index: Index) -> ClientCharge | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    @property
    def shown(self) -> int:
        return len(self._rows)

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        charge = self.charge_at(index)
        if charge is None or not 0 <= index.column() < len(COLUMNS):
            return None
        value = COLUMNS[index.column()][1](charge)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(value)
        if role == VALUE_ROLE:
            return value
        if role == ROW_ID_ROLE:
            return charge.key
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = index.column() > MODEL
            horizontal = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:  # the full text, should the column elide it
            shown = self._shown(value)
            if index.column() > MODEL:
                return f"{shown}\nDouble-click to see how it was computed"
            return shown
        return None

    def _shown(self, value: Any) -> str:
        if isinstance(value, Decimal) and self._charges is not None:
            return money(value, self._charges.currency, self._locale)
        return f"{value:,}" if isinstance(value, int) else str(value)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = section > MODEL
            horizontal = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.beginResetModel()
        self._sort = (column, order)
        self._all = self._sorted(self._all)
        self._rows = self._filtered()
        self.endResetModel()

    def _sorted(self, rows: list[ClientCharge]) -> list[ClientCharge]:
        column, order = self._sort
        value = COLUMNS[column][1]
        # The name breaks ties, so equal charges keep a stable, readable order.
        rows.sort(key=lambda c: c.name.casefold())
        if column != CLIENT:
            rows.sort(key=value)
        if order == Qt.SortOrder.DescendingOrder:
            rows.reverse()
        return rows

    def _filtered(self) -> list[ClientCharge]:
        text = self._filter
        if not text:
            return list(self._all)
        return [c for c in self._all if text in c.name.casefold() or text in c.billing_model.value]
