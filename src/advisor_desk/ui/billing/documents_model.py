"""Billing documents as a table: searched by number, recipient or kind, filtered by status."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from advisor_desk.domain.documents import DocumentStatus
from advisor_desk.services.billing.documents import DocumentSummary
from advisor_desk.ui.money import format_money as money
from advisor_desk.ui.table_model import NO_PARENT, ROW_ID_ROLE

Index = QModelIndex | QPersistentModelIndex
STATUSES = {"": "All", DocumentStatus.DRAFT: "Drafts", DocumentStatus.ISSUED: "Issued"}

COLUMNS: tuple[tuple[str, Callable[[DocumentSummary], str], bool], ...] = (
    ("Number", lambda d: d.number or "—", False),
    ("Kind", lambda d: d.kind.label, False),
    ("Recipient", lambda d: d.recipient, False),
    ("Period", lambda d: d.period, False),
    ("Status", lambda d: d.status.capitalize(), False),
    ("Credits", lambda d: d.references or "", False),
)
TOTAL_TITLE = "Total"


class DocumentsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[DocumentSummary] = []
        self._rows: list[DocumentSummary] = []
        self._search = ""
        self._status = ""
        self.locale = "en_AU"

    def set_documents(self, documents: Sequence[DocumentSummary]) -> None:
        self.beginResetModel()
        self._all = list(documents)
        self._rows = self._filtered()
        self.endResetModel()

    def set_search(self, text: str, status: str) -> None:
        self.beginResetModel()
        self._search, self._status = text.strip().casefold(), status
        self._rows = self._filtered()
        self.endResetModel()

    @property
    def total(self) -> int:
        return len(self._all)

    @property
    def documents(self) -> list[DocumentSummary]:
        """The documents shown, in their order (what a CSV export writes)."""
        return list(self._rows)

    def document_at(self, index: Index) -> DocumentSummary | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def rows_of(self, ids: Sequence[str]) -> list[int]:
        """The rows of these documents, those listed, in the order of `ids`."""
        position = {d.id: r for r, d in enumerate(self._rows)}
        return [position[i] for i in ids if i in position]

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        doc = self.document_at(index)
        if doc is None or not 0 <= index.column() <= len(COLUMNS):
            return None
        is_total = index.column() == len(COLUMNS)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            # the tooltip: the full text of a cell elided in a narrow column
            if is_total:
                return money(doc.total, doc.currency, self.locale)
            return COLUMNS[index.column()][1](doc)
        if role == ROW_ID_ROLE:
            return doc.id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if is_total else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if (
            role == Qt.ItemDataRole.FontRole
            and doc.status == DocumentStatus.DRAFT
            and index.column() == 0
        ):
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if 0 <= section < len(COLUMNS):
            return COLUMNS[section][0]
        return TOTAL_TITLE if section == len(COLUMNS) else None

    def _filtered(self) -> list[DocumentSummary]:
        text, status = self._search, self._status
        return [
            d
            for d in self._all
            if (not status or d.status == status)
            and (
                not text
                or text in (d.number or "").casefold()
                or text in d.recipient.casefold()
                or text in d.kind.label.casefold()
            )
        ]
