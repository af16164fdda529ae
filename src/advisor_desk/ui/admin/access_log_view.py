"""User Management → Access log: who gave or took access, changed a role, (de)activated an
advisor, invited one, or failed to log in — filtered by kind, person and days, exported as
CSV. Administrators only (the permission table's `ACCESS_LOG`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.access_log import AccessKind
from advisor_desk.services.ops import run_query
from advisor_desk.services.people.access_log import (
    AccessEntry,
    access_log_csv,
    list_access_events,
)
from advisor_desk.store.changes import Changes
from advisor_desk.store.models import AccessEvent
from advisor_desk.ui.context import AppContext, shown
from advisor_desk.ui.dates import date_edit, from_qdate
from advisor_desk.ui.icons import icon

SHOWS = shown(AccessEvent)
HEADERS = ("When", "What", "Who", "About", "Detail", "Device")
AnyIndex = QModelIndex | QPersistentModelIndex
NO_DAY = QDate(2000, 1, 1)  # the date edits' "any day" (their minimum, shown as blank)


class AccessLogModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[AccessEntry] = []

    def set_entries(self, entries: list[AccessEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        entry = self.entries[index.row()]
        when = entry.at.replace(tzinfo=dt.UTC).astimezone().strftime("%d %b %Y %H:%M")
        values = (when, entry.kind_label, entry.actor, entry.subject, entry.detail, entry.device)
        return values[index.column()]


class AccessLogView(QWidget):
    loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._fitted = False
        self.model = AccessLogModel(self)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("Everything", "")
        for kind in AccessKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.kind_combo.setAccessibleName("Kind of event")
        self.person_edit = QLineEdit()
        self.person_edit.setPlaceholderText("Who or about whom")
        self.person_edit.setClearButtonEnabled(True)
        self.person_edit.setMinimumWidth(190)  # the placeholder whole
        self.since_edit = self._day_edit("From day")
        self.until_edit = self._day_edit("To day")
        self.export_button = QPushButton(icon("csv"), "E&xport CSV…")
        self.count_label = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAccessibleName("Access log")
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        filters = QHBoxLayout()
        for label, widget in (
            ("&Show:", self.kind_combo),
            ("&Person:", self.person_edit),
            ("F&rom:", self.since_edit),
            ("T&o:", self.until_edit),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)
        self.kind_combo.currentIndexChanged.connect(self.reload)
        self.person_edit.textChanged.connect(self.reload)
        self.since_edit.dateChanged.connect(self.reload)
        self.until_edit.dateChanged.connect(self.reload)
        self.export_button.clicked.connect(self._on_export_clicked)
        context.changed.connect(self._on_context_changed)
        self.reload()

    def _day_edit(self, name: str) -> QDateEdit:
        first = from_qdate(NO_DAY)
        edit = date_edit(first, first)  # its minimum is "any day"
        edit.setSpecialValueText("any day")
        edit.setDate(NO_DAY)
        edit.setAccessibleName(name)
        return edit

    def filters(self) -> dict[str, Any]:
        kind = self.kind_combo.currentData()
        return {
            "kinds": [kind] if kind else [],
            "person": self.person_edit.text(),
            "since": _day(self.since_edit),
            "until": _day(self.until_edit),
        }

    def entries(self) -> list[AccessEntry]:
        return run_query(self.context.store, list_access_events, **self.filters())

    def reload(self) -> None:
        entries = self.entries()
        self.model.set_entries(entries)
        count = len(entries)
        self.count_label.setText(f"{count} event{'s' * (count != 1)}")
        self.export_button.setEnabled(bool(entries))
        if entries and not self._fitted:  # widths from the first rows; the user's kept after
            self._fitted = True
            header = self.table.horizontalHeader()
            for column in range(len(HEADERS) - 1):
                self.table.resizeColumnToContents(column)
                header.resizeSection(column, min(header.sectionSize(column) + 16, 320))
        self.loaded.emit()

    def _on_context_changed(self, changes: Changes) -> None:
        if changes.touches(*SHOWS):
            self.reload()

    def export_csv(self, path: Path) -> int:
        entries = self.entries()
        path.write_text(access_log_csv(entries), encoding="utf-8")
        return len(entries)

    def _on_export_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the access log", "access-log.csv", "CSV files (*.csv)"
        )
        if name:
            count = self.export_csv(Path(name))
            self.count_label.setText(f"{count} event{'s' * (count != 1)} written to {name}")


def _day(edit: QDateEdit) -> dt.date | None:
    date = edit.date()
    return None if date == NO_DAY else dt.date(date.year(), date.month(), date.day())
