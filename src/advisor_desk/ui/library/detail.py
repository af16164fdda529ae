"""The selected item in full: description, what is in it, versions, where used, activity."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from advisor_desk.services.library_detail import (
    ItemDetail,
    ProvisionRow,
    PushRow,
    VersionRow,
    item_detail,
)
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.table_model import Column, RowsModel
from advisor_desk.ui.widgets import format_day, muted_label, section_title, table_view

PROVISION_COLUMNS: list[Column[ProvisionRow]] = [
    Column("Ref", lambda p: p.ref),
    Column("Section", lambda p: p.section),
    Column("Text", lambda p: p.text, tooltip=lambda p: p.text),
]
VERSION_COLUMNS: list[Column[VersionRow]] = [
    Column("Version", lambda v: v.version + ("  (current)" if v.current else "")),
    Column("Title", lambda v: v.title),
    Column("Provisions", lambda v: str(v.provisions) if v.provisions else "", align_right=True),
    Column("Replaced", lambda v: "" if v.replaced_at is None else format_day(v.replaced_at.date())),
    Column("By", lambda v: v.replaced_by),
]
ACTIVITY_COLUMNS: list[Column[PushRow]] = [
    Column("When", lambda p: p.pushed_at.strftime("%Y-%m-%d %H:%M")),
    Column("Version", lambda p: p.version),
    Column("Who", lambda p: p.pushed_by),
    Column("Clients", lambda p: str(p.clients), align_right=True),
    Column("Templates", lambda p: str(p.templates), align_right=True),
    Column("To", lambda p: ", ".join(p.targets), tooltip=lambda p: "\n".join(p.targets)),
]


class DetailPane(QWidget):
    def __init__(
        self, context: AppContext, currency: str = "AUD", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("LibraryDetail")
        self._context = context
        self._currency = currency
        self._item_id = ""
        self.detail: ItemDetail | None = None
        self.title = section_title("Select an item")
        self.title.setWordWrap(True)
        self.meta = muted_label()
        self.meta.setWordWrap(False)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts = QLabel()
        self.provisions: RowsModel[ProvisionRow] = RowsModel(
            PROVISION_COLUMNS, row_id=lambda p: p.ref, parent=self
        )
        self.versions: RowsModel[VersionRow] = RowsModel(
            VERSION_COLUMNS, row_id=lambda v: v.version, parent=self
        )
        self.activity: RowsModel[PushRow] = RowsModel(
            ACTIVITY_COLUMNS, row_id=lambda p: p.pushed_at.isoformat(), parent=self
        )
        self.where_used = QLabel()
        self.where_used.setWordWrap(True)
        self.where_used.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.where_used.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget()
        self.tabs.addTab(table_view(self.provisions, "Provisions and questions"), "Contents")
        self.tabs.addTab(table_view(self.versions, "Version history", 1), "Versions")
        used = QWidget()
        used_layout = QVBoxLayout(used)
        used_layout.addWidget(self.where_used)
        used_layout.addStretch(1)
        self.tabs.addTab(used, "Where used")
        self.tabs.addTab(table_view(self.activity, "Activity log"), "Activity")
        about = QVBoxLayout()
        about.setSpacing(6)
        about.addWidget(self.title)
        about.addWidget(self.meta)
        about.addWidget(self.description)
        about.addWidget(self.counts)
        about.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(16)
        layout.addLayout(about, 2)
        layout.addWidget(self.tabs, 3)
        self.show_item("")

    @property
    def item_id(self) -> str:
        return self._item_id

    def show_item(self, item_id: str) -> None:
        self._item_id = item_id
        if not item_id:
            self.detail = None
            self.title.setText("Select an item")
            self.meta.setText("Its description, contents, versions and pushes show here.")
            for label in (self.description, self.counts, self.where_used):
                label.clear()
            for model in (self.provisions, self.versions, self.activity):
                model.set_rows([])
            self.tabs.setEnabled(False)
            return
        store = self._context.store
        self._context.run_in_background(
            lambda _task: item_detail(store, item_id),
            on_done=self._on_detail_loaded,
            on_error=lambda _error: self.show_item(""),  # deleted meanwhile
        )

    def reload(self) -> None:
        self.show_item(self._item_id)

    def _on_detail_loaded(self, detail: ItemDetail) -> None:
        if detail.item.id != self._item_id:
            return  # another item was selected meanwhile
        self.detail = detail
        item = detail.item
        self.tabs.setEnabled(True)
        self.title.setText(item.title)
        price = "not priced" if item.price is None else f"{item.price:,.2f} {self._currency}"
        flags = ["published" if item.published else "not published"]
        if item.locked:
            flags.append("locked")
        lines = [
            f"{item.library.value.capitalize()} library · {item.kind.label} · "
            f"version {item.version or '—'}",
            f"{price[:1].upper()}{price[1:]} · {', '.join(flags)}",
        ]
        if item.tags:
            lines.append(f"Tags: {', '.join(item.tags)}")
        self.meta.setText("\n".join(lines))
        self.description.setText(item.description or "No description.")
        self.counts.setText(_counts(detail))
        self.provisions.set_rows(list(detail.preview))
        self.versions.set_rows(list(detail.versions))
        self.activity.set_rows(list(detail.activity))
        clients = ", ".join(detail.clients) or "no client yet"
        templates = ", ".join(detail.templates) or "no template yet"
        self.where_used.setText(
            f"<b>{len(detail.clients)} client(s):</b> {clients}<br><br>"
            f"<b>{len(detail.templates)} template(s):</b> {templates}"
        )


def _counts(detail: ItemDetail) -> str:
    parts = []
    if detail.provisions:
        parts.append(f"{detail.provisions} provisions")
    if detail.questions:
        parts.append(f"{detail.questions} questions")
    if not parts:
        parts.append("No provisions or questions")
    files = ", ".join(f.file_name for f in detail.files if f.version == detail.item.version)
    if files:
        parts.append(f"file: {files}")
    return " · ".join(parts)
