"""The content library section: search as you type, facets, the lazy list, the detail pane,
and the partner library's actions (copy, upload, edit, price, publish, lock, new version,
push to clients and templates)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.services.library.content import Library, partner_currency
from advisor_desk.services.library.search import (
    LibraryQuery,
    LibraryRow,
    SortKey,
    top_tags,
)
from advisor_desk.store.models import (
    ClientContent,
    ContentFile,
    ContentItem,
    ContentProvision,
    ContentVersion,
    LibraryPush,
    TemplateContent,
)
from advisor_desk.ui.context import AppContext, Changes, shown
from advisor_desk.ui.icons import icon
from advisor_desk.ui.library.browser_actions import LibraryActions
from advisor_desk.ui.library.detail import DetailPane
from advisor_desk.ui.library.facets import FacetsPanel
from advisor_desk.ui.library.model import LibraryModel
from advisor_desk.ui.library.table import LibraryTable
from advisor_desk.ui.money import partner_locale
from advisor_desk.ui.permissions import guard_view
from advisor_desk.ui.widgets import muted_label, table_view

SHOWS = shown(
    ContentItem,
    ClientContent,
    TemplateContent,
    LibraryPush,
    ContentProvision,
    ContentVersion,
    ContentFile,
)
WIDTHS = (340, 64, 136, 70, 90, 82, 66, 120, 60)  # one per model column
MIN_WIDTHS = (160, 48, 84, 50, 64, 44, 40, 64, 46)  # below these a column says nothing


class LibraryBrowser(LibraryActions):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LibraryBrowser")
        self._context = context
        self._selected_ids: list[str] = []  # kept across re-reads of the list
        self._tags_query = LibraryQuery()  # what the tag counts were counted within
        self.model = LibraryModel(context, self)
        self.model.currency = partner_currency(context.store)
        self.model.locale = partner_locale(context.store)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("FilterBox")
        self.search_edit.setPlaceholderText("Search titles, descriptions and tags…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search the library")
        self.search_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.textChanged.connect(self._on_search_changed)
        self.status = muted_label("Reading the library…")
        self.status.setWordWrap(False)
        self.notice = muted_label()  # what the last action did
        self.notice.setWordWrap(False)
        self.facets = FacetsPanel()
        self.facets.changed.connect(self._on_facets_changed)
        self.table = table_view(self.model, "Content library", 0, fit=False, view=LibraryTable())
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        assert isinstance(self.table, LibraryTable)
        self.table.set_column_widths(WIDTHS, MIN_WIDTHS, stretch_column=0, droppable=(7, 6, 3))
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.detail = DetailPane(context, self.model.currency, locale=self.model.locale)
        self.toolbar = QToolBar("Library actions")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._actions()
        self.model.results_applied.connect(self._on_results_applied)
        self.model.search_failed.connect(context.report_problem)
        context.changed.connect(self._on_context_changed)
        self._layout()
        self.model.set_query(self.facets.apply(self.model.query))
        self._load_tags()
        guard_view(context, self)  # the permission table: publish, price, push

    # -- building ----------------------------------------------------------------------------

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.setContentsMargins(12, 10, 12, 4)
        title = QLabel("Content library")
        title.setObjectName("PageTitle")
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.status)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.notice)
        # the list above, the selected item below: the columns get the window's width
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.table)
        right.addWidget(self.detail)
        right.setStretchFactor(0, 1)
        right.setSizes([520, 300])
        splitter = QSplitter()
        splitter.addWidget(self.facets)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 1000])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.toolbar)
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.search_edit)

    def _actions(self) -> None:
        def action(text: str, name: str, slot: object, tip: str, key: str = "") -> QAction:
            made = QAction(icon(name), text, self)
            made.setToolTip(tip)
            if key:
                made.setShortcut(QKeySequence(key))
            made.triggered.connect(slot)
            self.toolbar.addAction(made)
            return made

        self.copy_action = action(
            "Add to partner library",
            "add",
            self.copy_selected,
            "Copy the open-library item into your own library, to edit, price and push",
        )
        self.upload_action = action(
            "Upload…", "import", self.upload, "A PDF, DOCX, XLSX, CSV or JSON file", "Ctrl+O"
        )
        self.edit_action = action("Edit…", "edit", self.edit_selected, "Metadata, price, flags")
        self.publish_action = action(
            "Publish", "content", self.toggle_published, "Show it in the library, or hide it"
        )
        self.lock_action = action(
            "Lock", "access", self.toggle_locked, "Locked items cannot be edited by clients"
        )
        self.version_action = action(
            "New version…", "history", self.new_version, "The current version stays readable"
        )
        self.delete_action = action(
            "Delete…",
            "remove",
            self.delete_selected,
            "Delete a partner item no client or template uses",
            "Del",
        )
        # Del in the list only: in the search box it deletes a letter
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.delete_action)
        self.push_action = action(
            "Push…",
            "clients",
            self.push_selected,
            "Give the items to clients and templates",
            "Ctrl+Shift+P",
        )
        self._update_actions()

    # -- reacting ----------------------------------------------------------------------------

    def _on_search_changed(self, text: str) -> None:
        self.model.set_query(replace(self.model.query, text=text))

    def _on_facets_changed(self) -> None:
        self.model.set_query(self.facets.apply(self.model.query))

    def _on_results_applied(self, total: int) -> None:
        query = self.model.query
        if replace(query, sort=SortKey.TITLE, descending=False) != replace(
            self._tags_query, sort=SortKey.TITLE, descending=False
        ):
            self._load_tags()
        narrowed = query.text.strip() or query.has_facets or query.tags
        self.status.setText(f"{total:,} {'matching ' if narrowed else ''}item{'s' * (total != 1)}")
        self.table.set_placeholder(_empty_text(query) if total == 0 else "")
        self._reselect()
        self._update_actions()
        current = self.detail.item_id
        if current and self.model.row_of(current) < 0:
            self.detail.show_item("")

    def _reselect(self) -> None:
        """Select again what was selected before the list was re-read (an edit, a push, a
        sync, typing on), as far as it is among the rows shown."""
        rows = [n for n in map(self.model.row_of, self._selected_ids) if n >= 0]
        if not rows:
            return
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for row in rows:
            selection.select(self.model.index(row, 0), self.model.index(row, last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.table.selectionModel().select(selection, flags)
        self.table.selectionModel().setCurrentIndex(
            self.model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate
        )
        self.table.scrollTo(self.model.index(rows[0], 0))

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.selected_rows()
        self._selected_ids = [row.id for row in rows]
        self.detail.show_item(rows[0].id if len(rows) == 1 else "")
        self._update_actions()

    def _on_context_changed(self, changes: Changes) -> None:
        if changes.touches(*SHOWS):
            self.model.refresh()
            self.detail.reload()
            if changes.touches("content_item"):
                self._load_tags()

    def _load_tags(self) -> None:
        """The tag facets, counted within the current search (text, facets, ticked tags)."""
        store = self._context.store
        query = replace(self.model.query, sort=SortKey.TITLE, descending=False)
        self._tags_query = query
        self._context.run_in_background(
            lambda _task: (query, top_tags(store, query=query)), on_done=self._on_tags_loaded
        )

    def _on_tags_loaded(self, loaded: tuple[LibraryQuery, list[tuple[str, int]]]) -> None:
        query, tags = loaded
        if query == replace(
            self._tags_query, sort=SortKey.TITLE
        ):  # a later search asked again meanwhile
            self.facets.set_tags(tags)

    def selected_rows(self) -> list[LibraryRow]:
        indexes = self.table.selectionModel().selectedRows()
        return [
            row for i in sorted(indexes, key=lambda i: i.row()) if (row := self.model.row_at(i))
        ]

    def _update_actions(self) -> None:
        rows = self.selected_rows()
        one = rows[0] if len(rows) == 1 else None
        own = one is not None and one.library is Library.PARTNER
        self.copy_action.setEnabled(one is not None and one.library is Library.OPEN)
        self.edit_action.setEnabled(one is not None)
        self.publish_action.setEnabled(own)
        self.lock_action.setEnabled(own)
        self.version_action.setEnabled(own)
        self.delete_action.setEnabled(own)
        self.push_action.setEnabled(bool(rows))
        self.publish_action.setText("Unpublish" if one is not None and one.published else "Publish")
        self.lock_action.setText("Unlock" if one is not None and one.locked else "Lock")


def _empty_text(query: LibraryQuery) -> str:
    if query.text.strip():
        hint = "clear the filters" if query.has_facets or query.tags else "try fewer words"
        return f"No item matches “{query.text.strip()}”. Check the spelling, or {hint}."
    if query.has_facets or query.tags:
        return "No item has all the chosen facets. Clear some of them to see more."
    return "The library is empty. Upload your own content, or import a workspace."
