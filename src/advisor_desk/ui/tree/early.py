"""The tree as the start-up frame shows it: the rows read ahead with plain sqlite3
(store/first_rows.py), drawn like the real tree (its delegate, icons, fonts, keys and labels),
read-only, until the main window's own tree takes its place with the same rows.

Imports neither SQLAlchemy nor any service (a test checks): it is on the path of the first
paint. What the real tree would open (the saved expansion, or the partner and its clients)
is opened here too, and the saved selection is selected, so nothing moves at the hand-over.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from advisor_desk.store.first_rows import FirstAdvisor, FirstClient, FirstProspect, FirstRows
from advisor_desk.ui import theme
from advisor_desk.ui.tree import labels
from advisor_desk.ui.tree.kinds import CLIENT_FOLDERS, FOLDER_LABELS, Kind
from advisor_desk.ui.tree.looks import font_for, icon_for
from advisor_desk.ui.tree.outline import set_up_sidebar, set_up_view
from advisor_desk.ui.tree.roles import DETAIL_ROLE, ID_ROLE, KEY_ROLE, KIND_ROLE, MUTED_ROLE

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()
DEFAULT_EXPANDED = frozenset({"partner", "partner/clients"})  # ui/tree/panel.py's default
EXPANDABLE_ROLE = Qt.ItemDataRole.UserRole + 20
ARROW_BEFORE_ROWS = frozenset({Kind.CLIENT, *CLIENT_FOLDERS})


class EarlyModel(QStandardItemModel):
    """Rows that may hold rows show their arrow before any are read, as in the real tree."""

    def hasChildren(self, parent: Index = NO_PARENT) -> bool:  # noqa: N802
        if super().hasChildren(parent):
            return True
        return bool(parent.isValid() and parent.data(EXPANDABLE_ROLE))


class _Rows:
    def __init__(self, expanded: frozenset[str]) -> None:
        self.model = EarlyModel()
        self.expanded = expanded
        self._icons: dict[str, QIcon] = {}
        self._muted = QColor(theme.current_colours().muted)

    def add(
        self,
        parent: QStandardItem,
        kind: Kind,
        key: str,
        label: str,
        *,
        row_id: str = "",
        detail: str = "",
        tooltip: str = "",
        muted: bool = False,
    ) -> QStandardItem:
        item = QStandardItem(label)
        item.setEditable(False)
        item.setData(kind.value, KIND_ROLE)
        item.setData(key, KEY_ROLE)
        item.setData(row_id, ID_ROLE)
        item.setData(detail, DETAIL_ROLE)
        item.setData(muted, MUTED_ROLE)
        # A client and its folders come with an arrow before their rows are read; the
        # folders above them (built whole) have one only if they hold rows, as in the tree.
        item.setData(kind in ARROW_BEFORE_ROWS, EXPANDABLE_ROLE)
        item.setData(f"{label}, {detail}" if detail else label, Qt.ItemDataRole.AccessibleTextRole)
        if tooltip:
            item.setToolTip(tooltip)
        found = icon_for(kind, muted, self._icons)
        if found is not None:
            item.setIcon(found)
        font = font_for(kind, muted)
        if font is not None:
            item.setFont(font)
        if muted:
            item.setForeground(self._muted)
        parent.appendRow(item)
        return item

    def advisor(self, parent: QStandardItem, row: FirstAdvisor) -> None:
        role = labels.ROLE_LABELS.get(row.role, labels.ROLE_LABELS["advisor"])
        note = labels.advisor_note(role, row.active_now)
        self.add(
            parent,
            Kind.ADVISOR,
            f"partner/advisors/advisor:{row.id}",
            row.name,
            row_id=row.id,
            detail=note,
            tooltip=f"{row.name} <{row.email}>\n{note}",
            muted=not row.active_now,
        )

    def client(self, parent: QStandardItem, row: FirstClient) -> None:
        mix = labels.license_mix(row.licenses)
        model = labels.BILLING_LABELS.get(row.billing_model or "")
        detail, tip = labels.describe_client(row.name, mix, model, row.archived)
        key = f"partner/clients/client:{row.id}"
        item = self.add(
            parent,
            Kind.CLIENT,
            key,
            row.name,
            row_id=row.id,
            detail=detail,
            tooltip=tip,
            muted=row.archived is not None,
        )
        if key in self.expanded:  # its folders, as the real tree builds them (not read yet)
            for kind in CLIENT_FOLDERS:
                self.add(item, kind, f"{key}/{kind.value}", FOLDER_LABELS[kind])

    def prospect(self, parent: QStandardItem, row: FirstProspect) -> None:
        self.add(
            parent,
            Kind.PROSPECT,
            f"partner/prospects/prospect:{row.id}",
            row.name,
            row_id=row.id,
            detail=row.industry or "prospect",
        )


def early_model(rows: FirstRows, expanded: Iterable[str] = ()) -> EarlyModel:
    """The real tree's top for these rows (ui/tree/model.py `_rebuild`, unfiltered)."""
    build = _Rows(frozenset(expanded) or DEFAULT_EXPANDED)
    root = build.model.invisibleRootItem()
    partner = build.add(root, Kind.PARTNER, "partner", rows.partner_name)
    advisors = build.add(
        partner, Kind.ADVISORS, "partner/advisors", "Advisors", detail=f"{len(rows.advisors):,}"
    )
    for advisor in rows.advisors:
        build.advisor(advisors, advisor)
    clients = build.add(
        partner, Kind.CLIENTS, "partner/clients", "Clients", detail=f"{rows.client_total:,}"
    )
    for client in rows.clients:
        build.client(clients, client)
    if rows.prospects:
        prospects = build.add(
            partner,
            Kind.PROSPECTS,
            "partner/prospects",
            "Prospects",
            detail=f"{len(rows.prospects):,}",
        )
        for prospect in rows.prospects:
            build.prospect(prospects, prospect)
    return build.model


class EarlyTree(QWidget):
    """The tree panel's look (filter box, then the tree) holding the rows read ahead."""

    def __init__(
        self,
        rows: FirstRows,
        *,
        expanded: Iterable[str] = (),
        selected: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.rows = rows
        keys = set(expanded)
        self.model = early_model(rows, keys)
        self.view = QTreeView()
        self.view.setModel(self.model)
        set_up_view(self.view, QAbstractItemView.EditTrigger.NoEditTriggers)
        self.filter_edit, self.status = set_up_sidebar(self, self.view)
        self.filter_edit.setReadOnly(True)  # typing starts in the real tree, a moment later
        self._restore(keys or set(DEFAULT_EXPANDED), selected)

    def _restore(self, keys: set[str], selected: str) -> None:
        """As the real tree (panel `_restore_expansion`, `select_key`): open the saved rows,
        shallow first, and select the saved one (opening its parents)."""
        for key in sorted(keys, key=lambda k: k.count("/")):
            index = self.find(key)
            if index.isValid():
                self.view.expand(index)
        index = self.find(selected) if selected else QModelIndex()
        if index.isValid():
            parent = index.parent()
            while parent.isValid():
                self.view.expand(parent)
                parent = parent.parent()
            self.view.setCurrentIndex(index)

    def find(self, key: str) -> QModelIndex:
        """The row with this key, among the rows read ahead (invalid if not there)."""
        parent = QModelIndex()
        parts = key.split("/")
        for depth in range(1, len(parts) + 1):
            wanted = "/".join(parts[:depth])
            for row in range(self.model.rowCount(parent)):
                child = self.model.index(row, 0, parent)
                if child.data(KEY_ROLE) == wanted:
                    parent = child
                    break
            else:
                return QModelIndex()
        return parent

    def shown_rows(self) -> list[tuple[str, str, str]]:
        """(key, label, detail) of every row the view shows, top to bottom (for tests)."""
        shown: list[tuple[str, str, str]] = []
        index = self.model.index(0, 0)
        while index.isValid():
            shown.append(
                (str(index.data(KEY_ROLE)), str(index.data()), str(index.data(DETAIL_ROLE)))
            )
            index = self.view.indexBelow(index)
        return shown
