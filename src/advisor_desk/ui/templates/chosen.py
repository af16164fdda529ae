"""What a template wizard has chosen from the library, kept apart from what a search shows.

`ItemNames` knows the title and kind of every item the wizard deals with: the template's
own items (one small query in a worker when the wizard opens) and the rows picked since.
`ChosenItems` is an ordered set of ids a picker ticks and a `ChosenList` shows — it stays
whole whatever the search text is.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services.templates.items import ItemRef, item_refs
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.icons import icon

ID_ROLE = Qt.ItemDataRole.UserRole + 1
LOADING = "Loading…"
UNKNOWN = "?"  # an id no live item has (deleted since the template was saved)


class ItemNames(QObject):
    """Titles and kinds of the items a wizard shows, by id."""

    loaded = Signal()  # the template's own items are known (or could not be read)

    def __init__(
        self, context: AppContext, ids: Iterable[str], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._refs: dict[str, ItemRef] = {}
        wanted = list(dict.fromkeys(ids))
        self.loading = bool(wanted)
        if wanted:
            store = context.store
            context.run_in_background(
                lambda _task: item_refs(store, wanted),
                on_done=self._on_loaded,
                on_error=lambda error: self._on_failed(context, error),
            )

    def get(self, item_id: str) -> ItemRef | None:
        return self._refs.get(item_id)

    def title(self, item_id: str) -> str:
        ref = self._refs.get(item_id)
        if ref is not None:
            return ref.title
        return LOADING if self.loading else UNKNOWN

    def remember(self, ref: ItemRef) -> None:
        self._refs[ref.id] = ref

    def offered(self, item_id: str, kinds: frozenset[ContentKind]) -> bool:
        """Whether the item may stay chosen: one of `kinds`, or not known yet."""
        ref = self._refs.get(item_id)
        return self.loading if ref is None else ref.kind in kinds

    def _on_loaded(self, refs: dict[str, ItemRef]) -> None:
        self._refs = {**refs, **self._refs}
        self.loading = False
        self.loaded.emit()

    def _on_failed(self, context: AppContext, error: BaseException) -> None:
        self.loading = False
        context.report_problem(f"Could not read the template's content: {error}")
        self.loaded.emit()


class ChosenItems(QObject):
    """An ordered set of chosen item ids (the order they were chosen in)."""

    changed = Signal()

    def __init__(
        self, names: ItemNames, ids: Iterable[str] = (), parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.names = names
        self._ids: dict[str, None] = dict.fromkeys(ids)
        names.loaded.connect(self.changed)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def ids(self) -> tuple[str, ...]:
        return tuple(self._ids)

    def add(self, ref: ItemRef) -> None:
        self.names.remember(ref)
        if ref.id not in self._ids:
            self._ids[ref.id] = None
            self.changed.emit()

    def remove(self, *item_ids: str) -> None:
        gone = [i for i in item_ids if i in self._ids]
        for item_id in gone:
            del self._ids[item_id]
        if gone:
            self.changed.emit()

    def keep_offered(self, kinds: frozenset[ContentKind]) -> None:
        """Drop what is not one of `kinds` (the tier changed) or no longer in the library."""
        self.remove(*(i for i in self._ids if not self.names.offered(i, kinds)))


ROW_SIZE = QSize(0, 28)


class ChosenList(QWidget):
    """The chosen items with "Chosen (n)" above them; Remove (or Delete) takes items out."""

    def __init__(
        self, chosen: ChosenItems, name: str, remove_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.chosen = chosen
        self.heading = QLabel()
        self.list = QTreeWidget()
        self.list.setAccessibleName(name)
        self.list.setHeaderLabels(["Title", "Kind"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAlternatingRowColors(True)
        self.list.setUniformRowHeights(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.remove_button = QPushButton(icon("remove"), remove_text)
        self.remove_button.setToolTip("Take the selected items out (Delete)")
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        self.list.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.list.selectedItems()))
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        chosen.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        names = self.chosen.names
        self.heading.setText(f"<b>Chosen ({len(self.chosen):,})</b>")
        self.list.clear()
        for item_id in self.chosen.ids():
            ref = names.get(item_id)
            title = names.title(item_id)
            item = QTreeWidgetItem(self.list, [title, ref.kind.label if ref else ""])
            item.setData(0, ID_ROLE, item_id)
            item.setToolTip(0, title)
            item.setSizeHint(0, ROW_SIZE)  # as tall as the results' rows beside it
        if not len(self.chosen):
            placeholder = QTreeWidgetItem(
                self.list, ["Nothing chosen yet: tick items on the left."]
            )
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            placeholder.setFirstColumnSpanned(True)
        self.remove_button.setEnabled(bool(self.list.selectedItems()))

    def rows(self) -> list[tuple[str, str]]:
        """(title, kind) of each chosen item as listed (not the "nothing chosen" line)."""
        items = (self.list.topLevelItem(n) for n in range(self.list.topLevelItemCount()))
        return [(i.text(0), i.text(1)) for i in items if i is not None and i.data(0, ID_ROLE)]

    def remove_selected(self) -> None:
        ids = [item.data(0, ID_ROLE) for item in self.list.selectedItems()]
        self.chosen.remove(*(i for i in ids if i))
