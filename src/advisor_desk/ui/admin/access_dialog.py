"""Client access of one advisor: a filterable, checkable list of the partner's clients."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from advisor_desk.ui.admin.fields import ServiceDialog, hint_label
from advisor_desk.ui.admin.users_data import ClientRef

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class AccessChange:
    give: tuple[str, ...]
    remove: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.give or self.remove)


class ClientChecklistModel(QAbstractListModel):
    """The clients, each checked if the advisor has access to it."""

    checked_changed = Signal()

    def __init__(
        self, clients: Sequence[ClientRef], checked: Iterable[str], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._clients = list(clients)
        self._checked = set(checked)

    def checked_ids(self) -> frozenset[str]:
        return frozenset(self._checked)

    def client(self, row: int) -> ClientRef:
        return self._clients[row]

    def set_checked(self, rows: Iterable[int], checked: bool) -> None:
        touched = [row for row in rows if (self._clients[row].id in self._checked) != checked]
        for row in touched:
            if checked:
                self._checked.add(self._clients[row].id)
            else:
                self._checked.discard(self._clients[row].id)
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        if touched:
            self.checked_changed.emit()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._clients)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._clients):
            return None
        client = self._clients[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{client.name}  (archived)" if client.archived else client.name
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if client.id in self._checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and client.archived:
            return QApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        state = Qt.CheckState(value) if isinstance(value, int) else value
        self.set_checked([index.row()], state == Qt.CheckState.Checked)
        return True


class RoomyDelegate(QStyledItemDelegate):
    """List rows with some air: the default height is cramped for a list one ticks."""

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 8)


class ClientAccessDialog(ServiceDialog):
    """Tick the clients the advisor works on; Save gives and removes access through services."""

    def __init__(
        self,
        advisor_name: str,
        clients: Sequence[ClientRef],
        granted: Iterable[str],
        submit: Callable[[AccessChange], object],
        parent: QWidget | None = None,
        *,
        administrator: bool = False,
    ) -> None:
        super().__init__(f"Client access — {advisor_name}", "&Save", submit, parent)
        self._granted = frozenset(granted)
        intro = (
            f"{advisor_name} is an administrator and sees every client; the ticks below "
            "only count if their role changes."
            if administrator
            else f"{advisor_name} sees only the ticked clients."
        )
        self.add_body(hint_label(intro))
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Client name")
        self.filter_edit.setClearButtonEnabled(True)
        filter_label = QLabel("&Filter:")
        filter_label.setBuddy(self.filter_edit)
        row = QHBoxLayout()
        row.addWidget(filter_label)
        row.addWidget(self.filter_edit, 1)
        self.body.addLayout(row)

        self.model = ClientChecklistModel(clients, self._granted, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.list_view = QListView()
        self.list_view.setModel(self.proxy)
        self.list_view.setUniformItemSizes(True)
        self.list_view.setItemDelegate(RoomyDelegate(self.list_view))
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list_view.setAlternatingRowColors(True)
        self.list_view.setMinimumSize(380, 280)
        self.body.addWidget(self.list_view, 1)

        tools = QHBoxLayout()
        self.check_all = QPushButton("&Tick all shown")
        self.uncheck_all = QPushButton("&Untick all shown")
        self.check_all.clicked.connect(lambda: self._check_shown(True))
        self.uncheck_all.clicked.connect(lambda: self._check_shown(False))
        self.count_label = hint_label()
        tools.addWidget(self.check_all)
        tools.addWidget(self.uncheck_all)
        tools.addStretch(1)
        tools.addWidget(self.count_label)
        self.body.addLayout(tools)
        self.finish_layout()
        self.model.checked_changed.connect(self._on_model_checked_changed)
        self._on_model_checked_changed()
        self.filter_edit.setFocus()

    def _check_shown(self, checked: bool) -> None:
        rows = [
            self.proxy.mapToSource(self.proxy.index(row, 0)).row()
            for row in range(self.proxy.rowCount())
        ]
        self.model.set_checked(rows, checked)

    def _on_model_checked_changed(self) -> None:
        count = len(self.model.checked_ids())
        total = self.model.rowCount()
        self.count_label.setText(f"{count} of {total} client{'s' if total != 1 else ''}")
        self.ok_button.setEnabled(bool(self.values()))

    def values(self) -> AccessChange:
        now = self.model.checked_ids()
        order = {self.model.client(r).id: r for r in range(self.model.rowCount())}
        return AccessChange(
            give=tuple(sorted(now - self._granted, key=lambda cid: order.get(cid, 0))),
            remove=tuple(sorted(self._granted - now, key=lambda cid: order.get(cid, 0))),
        )
