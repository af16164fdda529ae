"""The content library's actions on the selected items: copy from the open library, upload,
edit, publish, lock, new version, delete and push (the base of `LibraryBrowser`, which builds
the list, the search and the toolbar these act on)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QMessageBox, QWidget

from advisor_desk.services.errors import ServiceError
from advisor_desk.services.library import content
from advisor_desk.services.library.content import Library
from advisor_desk.services.library.detail import item_detail
from advisor_desk.services.library.search import LibraryRow
from advisor_desk.services.library.upload import (
    UploadResult,
    copy_from_open_library,
    delete_own_item,
)
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.library.dialogs import EditItemDialog, NewVersionDialog, UploadDialog
from advisor_desk.ui.library.facets import FacetsPanel
from advisor_desk.ui.library.model import LibraryModel
from advisor_desk.ui.library.push_dialog import PushDialog
from advisor_desk.ui.widgets import show_problem, show_service_error
from advisor_desk.ui.words import listing, plural


class LibraryActions(QWidget):
    """What the toolbar's actions do; the browser sets these up."""

    _context: AppContext
    _selected_ids: list[str]
    model: LibraryModel
    facets: FacetsPanel
    search_edit: QLineEdit
    notice: QLabel

    def selected_rows(self) -> list[LibraryRow]:
        raise NotImplementedError

    def _changed(self, ids: list[str], message: str, *, show: bool = False) -> None:
        """Tell every view; say what happened. `show`: make the new item visible and select
        it (a search or facets that would hide it are cleared first)."""
        if show:
            self._selected_ids = list(ids)
            query = self.model.query
            if query.has_facets or query.tags:
                self.facets.clear()
            if query.text.strip():
                self.search_edit.clear()
        self._context.notify(("content_item",), ids)
        self.announce(message)

    def announce(self, message: str) -> None:
        """What the last action did: beside the toolbar and in the window's status bar."""
        self.notice.setText(message)
        self.notice.setToolTip(message)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 8000)

    def _single(self) -> LibraryRow | None:
        rows = self.selected_rows()
        return rows[0] if len(rows) == 1 else None

    def copy_selected(self) -> None:
        row = self._single()
        if row is None:
            return
        try:
            made = copy_from_open_library(self._context.store, row.id)
        except ServiceError as error:
            show_service_error(self, "Cannot add it", error)
            return
        self._changed([made.id], f"Added {made.title} to the partner library", show=True)

    def upload(self) -> UploadDialog:
        dialog = UploadDialog(self._context.store, self.model.currency, self)
        dialog.accepted.connect(lambda: self._on_uploaded(dialog.result_value))
        dialog.open()
        return dialog

    def _on_uploaded(self, made: object) -> None:
        if not isinstance(made, UploadResult):
            return
        read = {0: "no provisions or questions read", 1: "1 provision or question read"}
        counted = read.get(made.entries, f"{made.entries} provisions or questions read")
        self._changed(
            [made.item.id],
            f"Uploaded {made.file_name} as “{made.item.title}” (unpublished): {counted}",
            show=True,
        )

    def edit_selected(self) -> EditItemDialog | None:
        row = self._single()
        if row is None:
            return None
        item = item_detail(self._context.store, row.id).item
        dialog = EditItemDialog(self._context.store, item, self.model.currency, self)
        dialog.accepted.connect(lambda: self._changed([row.id], f"Saved {item.title}"))
        dialog.open()
        return dialog

    def toggle_published(self) -> None:
        self._toggle("published")

    def toggle_locked(self) -> None:
        self._toggle("locked")

    def _toggle(self, flag: str) -> None:
        row = self._single()
        if row is None:
            return
        value = not getattr(row, flag)
        try:
            content.edit_item(self._context.store, row.id, **{flag: value})
        except ServiceError as error:
            show_service_error(self, "Cannot change it", error)
            return
        word = {"published": ("Published", "Unpublished"), "locked": ("Locked", "Unlocked")}
        self._changed([row.id], f"{word[flag][0 if value else 1]} {row.title}")

    def new_version(self) -> NewVersionDialog | None:
        row = self._single()
        if row is None:
            return None
        item = item_detail(self._context.store, row.id).item
        dialog = NewVersionDialog(self._context.store, item, self)
        dialog.accepted.connect(lambda: self._changed([row.id], f"New version of {row.title}"))
        dialog.open()
        return dialog

    def delete_selected(self) -> QMessageBox | None:
        """Refused at once (naming its users) when in use; otherwise asked, then deleted."""
        row = self._single()
        if row is None or row.library is not Library.PARTNER:
            return None
        try:  # in use: say by whom at once, never after a confirmation
            used = item_detail(self._context.store, row.id)
        except ServiceError as error:
            return show_service_error(self, "Cannot delete it", error)
        users = [f"client {name}" for name in used.clients]
        users += [f"template {name}" for name in used.templates]
        if users:
            shown = listing(users)
            return show_problem(
                self,
                "Cannot delete the item",
                f"“{row.title}” cannot be deleted: it is used by {shown}.\n\n"
                "Remove it there first, or unpublish it to keep it from new clients.",
            )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete the item",
            f"Delete “{row.title}” from the partner library, with its versions and files?\n\n"
            "This cannot be undone. To hide it from clients instead, unpublish it.",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        delete = box.addButton("&Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # after the box has closed (it deletes itself), never inside its own signal
        box.buttonClicked.connect(
            lambda button: (
                QTimer.singleShot(0, lambda: self._delete(row.id)) if button is delete else None
            )
        )
        box.open()
        return box

    def _delete(self, item_id: str) -> None:
        try:
            title = delete_own_item(self._context.store, item_id)
        except ServiceError as error:
            show_service_error(self, "Cannot delete it", error)
            return
        self._changed([item_id], f"Deleted {title}")

    def push_selected(self) -> PushDialog | None:
        rows = self.selected_rows()
        if not rows:
            return None
        dialog = PushDialog(self._context, [r.id for r in rows], [r.title for r in rows], self)
        dialog.accepted.connect(lambda: self._on_pushed(dialog))
        dialog.open()
        return dialog

    def _on_pushed(self, dialog: PushDialog) -> None:
        summary = dialog.summary
        if summary is None:
            return
        # the push told every view already (ui/content_actions.py); say what it did
        self.announce(
            f"Pushed {plural(summary.items, 'item')} to {plural(summary.clients, 'client')} "
            f"and {plural(summary.templates, 'template')} ({summary.added} new)"
        )
