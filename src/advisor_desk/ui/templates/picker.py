"""A search over the library for the template wizard: the library browser's lazy model (one
page at a time, queries in a worker), limited to the kinds the template's tier is entitled
to, and — when the picker chooses several items — a check box per row bound to a
`ChosenItems` set, so what is ticked outlives any search.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from advisor_desk.domain.licenses import ContentKind, LicenseTier
from advisor_desk.services.library.content import Library
from advisor_desk.services.library.search import LibraryQuery, LibraryRow
from advisor_desk.services.templates.items import ItemRef, entitled_query, offered_kinds
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.icons import icon
from advisor_desk.ui.library.model import LibraryModel
from advisor_desk.ui.table_model import NO_PARENT, Index
from advisor_desk.ui.templates.chosen import ChosenItems
from advisor_desk.ui.widgets import PlaceholderTable, muted_label, table_view

COLUMNS = 3  # of the library model's: title, source, kind
WIDTHS = {1: 62, 2: 140}
CHECK = int(Qt.ItemDataRole.CheckStateRole.value)
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
UNPUBLISHED_NOTE = "unpublished"
UNPUBLISHED_TIP = (
    "Not published: a client cannot be given it. Publish it in the Library first, "
    "then it can go into a template."
)
CHECKED = Qt.CheckState.Checked
UNCHECKED = Qt.CheckState.Unchecked
MODIFIED = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def offerable(row: LibraryRow) -> bool:
    """A client may be given it: the partner's own items only once they are published."""
    return row.library is not Library.PARTNER or row.published


def _is_checked(value: Any) -> bool:
    if isinstance(value, Qt.CheckState):
        return value == CHECKED
    return bool(value == CHECKED.value)


class PickerModel(LibraryModel):
    """The library model's title, source and kind columns; rows of an offered kind carry a
    check box (ticked = in `chosen`) when there is a `chosen` set."""

    def __init__(
        self, context: AppContext, chosen: ChosenItems | None, parent: QObject | None = None
    ) -> None:
        super().__init__(context, parent)
        self.chosen = chosen
        self.offered: frozenset[ContentKind] = frozenset()
        if chosen is not None:
            chosen.changed.connect(self._recheck)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else COLUMNS

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        row = self.row_at(index) if role in (DISPLAY, TOOLTIP) else None
        if row is not None and not offerable(row):
            if role == TOOLTIP:
                return f"{row.title}\n{UNPUBLISHED_TIP}"
            if index.column() == 0:
                return f"{row.title} ({UNPUBLISHED_NOTE})"
        if role == CHECK:
            row = self._checkable(index)
            if row is None or self.chosen is None:
                return None
            return CHECKED if row.id in self.chosen else UNCHECKED
        return super().data(index, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        row = self.row_at(index)
        if row is not None and not offerable(row):  # shown (greyed, said why), never chosen
            return flags & ~(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        if self._checkable(index) is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = CHECK) -> bool:  # noqa: N802
        row = self._checkable(index)
        if role != CHECK or row is None or self.chosen is None:
            return False
        if _is_checked(value):
            self.chosen.add(ItemRef.of(row))
        else:
            self.chosen.remove(row.id)
        self.dataChanged.emit(index, index, [CHECK])
        return True

    def toggle(self, index: Index) -> None:
        if self._checkable(index) is not None:
            ticked = self.data(index.siblingAtColumn(0), CHECK) == CHECKED
            self.setData(index.siblingAtColumn(0), UNCHECKED if ticked else CHECKED, CHECK)

    def _checkable(self, index: Index) -> LibraryRow | None:
        if self.chosen is None or index.column() != 0:
            return None
        row = self.row_at(index)
        if row is None or row.kind not in self.offered or not offerable(row):
            return None
        return row

    def _recheck(self) -> None:
        if self.rowCount():
            last = self.index(self.rowCount() - 1, 0)
            self.dataChanged.emit(self.index(0, 0), last, [CHECK])


class LibraryPicker(QWidget):
    """A search box over the results of `offer(tier, kinds)`, with how many match."""

    searched = Signal(int)  # a search's results are shown (how many match)

    def __init__(
        self,
        context: AppContext,
        one: str,
        many: str,
        chosen: ChosenItems | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.one, self.many = one, many  # "risk library", "risk libraries"
        self.loading = False
        self._base: LibraryQuery | None = None
        self.model = PickerModel(context, chosen, self)
        self.model.results_applied.connect(self._on_results)
        self.model.search_failed.connect(self._on_failed)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(f"Search {many}: titles, descriptions, tags…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(f"Search {many}")
        self.search_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.textChanged.connect(self._search)
        self.search_edit.installEventFilter(self)  # Down goes to the results
        self.status = muted_label()
        self.status.setWordWrap(False)
        self.view = table_view(self.model, many.capitalize(), 0, fit=False, view=PlaceholderTable())
        assert isinstance(self.view, PlaceholderTable)
        self.table: PlaceholderTable = self.view
        for column, width in WIDTHS.items():
            self.view.setColumnWidth(column, width)
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.doubleClicked.connect(self.model.toggle)
        self.view.installEventFilter(self)
        self.none_label = muted_label()
        self.none_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.none_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        self.setFocusProxy(self.search_edit)

    def offer(
        self, tier: LicenseTier, kinds: Iterable[ContentKind] | None = None, none_text: str = ""
    ) -> bool:
        """Search the items (of `kinds`, default all) a client at `tier` is entitled to;
        False (and `none_text` shown) when there are none to offer."""
        wanted = None if kinds is None else frozenset(kinds)
        self.model.offered = offered_kinds(tier, wanted)
        self.view.setColumnHidden(2, wanted is not None and len(wanted) == 1)  # says nothing
        self._base = entitled_query(tier, wanted)
        offering = self._base is not None
        self.search_edit.setEnabled(offering)
        self.stack.setCurrentWidget(self.view if offering else self.none_label)
        self.none_label.setText(none_text)
        if offering:
            self._search(self.search_edit.text())
        else:
            self.loading = False
            self.status.setText("")
        return offering

    def current_row(self) -> LibraryRow | None:
        rows = self.view.selectionModel().selectedRows()
        row = self.model.row_at(rows[0]) if rows and self._base is not None else None
        return row if row is not None and offerable(row) else None

    def row_titled(self, title: str) -> int:
        """The number of the shown row with this title (-1 if none is shown)."""
        return next(
            (n for n in range(self.model.rowCount()) if self.model.index(n, 0).data() == title),
            -1,
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Down in the search box goes to the results; typing in the results, to the box."""
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        if watched is self.search_edit and event.key() == Qt.Key.Key_Down:
            if self.model.rowCount():
                self.view.setFocus()
                if not self.view.selectionModel().hasSelection():
                    self._select(0)
            return True
        typed = event.text()
        modified = event.modifiers() & MODIFIED
        if watched is self.view and typed.strip() and typed.isprintable() and not modified:
            self.search_edit.setFocus()
            self.search_edit.insert(typed)
            return True
        return super().eventFilter(watched, event)

    def _search(self, text: str) -> None:
        if self._base is None:
            return
        self.loading = True
        self.status.setText("Searching…")
        if not self.model.rowCount():
            self.table.set_placeholder("Searching the library…")
        self.model.set_query(replace(self._base, text=text))

    def _on_results(self, total: int) -> None:
        self.loading = False
        typed = self.search_edit.text().strip()
        noun = self.one if total == 1 else self.many
        self.status.setText(f"{total:,} {'matching ' if typed else ''}{noun}")
        self.table.set_placeholder(f"No {self.many} match “{typed}”." if typed else "")
        self.searched.emit(total)

    def _on_failed(self, message: str) -> None:
        self.loading = False
        self.status.setText("")
        self.table.set_placeholder(f"The search failed: {message}")

    def _select(self, row: int) -> None:
        self.view.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def select_first_unless_selected(self, item_id: str) -> None:
        """After a search: select the row of `item_id` if shown, else the first row."""
        row = self.model.row_of(item_id) if item_id else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self._select(row)
