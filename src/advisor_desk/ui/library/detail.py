"""The selected item in full: description, what is in it, versions, where used, activity.

Old versions stay readable: the Contents tab shows any version's provisions or questions
(chosen above the list, or by double-clicking a row of the Versions tab) and saves the file
uploaded with it.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.services.billing.content import ItemEarnings, item_earnings
from advisor_desk.services.library.detail import (
    FileRow,
    ItemDetail,
    ProvisionRow,
    PushRow,
    VersionRow,
    file_data,
    item_detail,
    version_entries,
)
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.money import DEFAULT_LOCALE, format_money
from advisor_desk.ui.table_model import Column, RowsModel
from advisor_desk.ui.widgets import (
    PlaceholderTable,
    format_day,
    muted_label,
    section_title,
    table_view,
)
from advisor_desk.ui.words import plural

PROVISION_COLUMNS: list[Column[ProvisionRow]] = [
    Column("Ref", lambda p: p.ref),
    Column("Section", lambda p: p.section),
    Column("Text", lambda p: p.text, tooltip=lambda p: p.text),
]
VERSION_COLUMNS: list[Column[VersionRow]] = [
    Column("Version", lambda v: v.version + ("  (current)" if v.current else "")),
    Column("Title", lambda v: v.title, tooltip=lambda v: v.title),
    Column("Entries", lambda v: str(v.provisions) if v.provisions else "", align_right=True),
    Column("Replaced", lambda v: format_day(_local(v.replaced_at), "") if v.replaced_at else ""),
    Column("By", lambda v: v.replaced_by, tooltip=lambda v: v.replaced_by),
]
ACTIVITY_COLUMNS: list[Column[PushRow]] = [
    Column("When", lambda p: _local(p.pushed_at).strftime("%Y-%m-%d %H:%M")),
    Column("Version", lambda p: p.version),
    Column("Who", lambda p: p.pushed_by),
    Column("Clients", lambda p: str(p.clients), align_right=True),
    Column("Templates", lambda p: str(p.templates), align_right=True),
    Column("To", lambda p: ", ".join(p.targets), tooltip=lambda p: "\n".join(p.targets)),
]


class DetailPane(QWidget):
    def __init__(
        self,
        context: AppContext,
        currency: str = "AUD",
        parent: QWidget | None = None,
        *,
        locale: str = DEFAULT_LOCALE,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("LibraryDetail")
        self._context = context
        self._currency = currency
        self._locale = locale
        self._item_id = ""
        self._file: FileRow | None = None
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
        self.version_combo = QComboBox()
        self.version_combo.setAccessibleName("Version shown")
        self.version_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.version_combo.currentIndexChanged.connect(self._on_version_chosen)
        self.version_note = muted_label()
        self.save_file_button = QPushButton("Save file…")
        self.save_file_button.setToolTip("Save the file uploaded with this version")
        self.save_file_button.clicked.connect(self.save_file)
        self.save_file_button.hide()
        contents = QWidget()
        contents_bar = QHBoxLayout()
        contents_bar.addWidget(QLabel("Version"))
        contents_bar.addWidget(self.version_combo)
        contents_bar.addWidget(self.version_note, 1)
        contents_bar.addWidget(self.save_file_button)
        contents_layout = QVBoxLayout(contents)
        contents_layout.setContentsMargins(0, 6, 0, 0)
        contents_layout.addLayout(contents_bar)
        self.contents_view = table_view(
            self.provisions, "Provisions and questions", view=PlaceholderTable()
        )
        contents_layout.addWidget(self.contents_view, 1)
        self.versions_view = table_view(self.versions, "Version history", 1)
        self.versions_view.setToolTip("Double-click a version to read its contents")
        by = len(VERSION_COLUMNS) - 1  # an e-mail address: give the title the room, not it
        self.versions_view.horizontalHeader().setSectionResizeMode(
            by, QHeaderView.ResizeMode.Interactive
        )
        self.versions_view.setColumnWidth(by, 120)
        self.versions_view.activated.connect(self._on_version_activated)
        self.tabs = QTabWidget()
        self.tabs.addTab(contents, "Contents")
        self.tabs.addTab(self.versions_view, "Versions")
        used = QWidget()
        used_layout = QVBoxLayout(used)
        used_layout.addWidget(self.where_used)
        used_layout.addStretch(1)
        self.tabs.addTab(used, "Where used")
        self.activity_view = table_view(self.activity, "Activity log", view=PlaceholderTable())
        self.activity_view.set_placeholder("Not pushed to any client or template yet.")
        self.tabs.addTab(self.activity_view, "Activity")
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
            self._fill_versions(())
            self.tabs.setEnabled(False)
            return
        store = self._context.store
        self._context.run_in_background(
            lambda _task: (item_detail(store, item_id), item_earnings(store, item_id)),
            on_done=lambda loaded: self._on_loaded(*loaded),
            on_error=lambda _error: self.show_item(""),  # deleted meanwhile
        )

    def _on_loaded(self, detail: ItemDetail, earnings: ItemEarnings) -> None:
        self.earnings = earnings
        self._on_detail_loaded(detail)

    def reload(self) -> None:
        self.show_item(self._item_id)

    def _on_detail_loaded(self, detail: ItemDetail) -> None:
        if detail.item.id != self._item_id:
            return  # another item was selected meanwhile
        self.detail = detail
        item = detail.item
        self.tabs.setEnabled(True)
        self.title.setText(item.title)
        price = (
            "not priced"
            if item.price is None
            else format_money(item.price, self._currency, self._locale)
        )
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
        self.versions.set_rows(list(detail.versions))
        self._fill_versions(detail.versions)
        self.activity.set_rows(list(detail.activity))
        clients = ", ".join(detail.clients) or "no client yet"
        templates = ", ".join(detail.templates) or "no template yet"
        self.where_used.setText(
            f"<b>{plural(len(detail.clients), 'client')}:</b> {clients}<br><br>"
            f"<b>{plural(len(detail.templates), 'template')}:</b> {templates}"
            + self._earned_html(item.library.value, item.price is not None)
        )

    def _earned_html(self, library: str, priced: bool) -> str:
        """Who pays for a priced partner item now, and a small chart of what it earned."""
        earned = getattr(self, "earnings", None)
        if earned is None or library != "partner" or not (priced or earned.total):
            return ""
        payers = ", ".join(earned.payers_now) or "nobody this month"
        top = max((amount for _, _, amount in earned.months), default=0) or 1
        rows = "".join(
            f"<tr><td>{period}</td><td align='right'>&nbsp;"
            f"{html.escape(format_money(amount, earned.currency, self._locale))}&nbsp;</td>"
            f"<td>{'█' * round(20 * amount / top)}</td></tr>"
            for period, _, amount in earned.months
        )
        return (
            f"<br><br><b>Pays for it this month:</b> {html.escape(payers)}"
            f"<br><b>Earned per month:</b><table>{rows}</table>"
        )

    # -- reading any version --------------------------------------------------------------

    def _fill_versions(self, versions: tuple[VersionRow, ...]) -> None:
        self.version_combo.blockSignals(True)
        self.version_combo.clear()
        for version in versions:
            label = version.version or "—"
            self.version_combo.addItem(label + (" (current)" if version.current else ""))
        self.version_combo.blockSignals(False)
        self.version_combo.setEnabled(len(versions) > 1)
        self._on_version_chosen(0 if versions else -1)

    def shown_version(self) -> VersionRow | None:
        detail, index = self.detail, self.version_combo.currentIndex()
        if detail is None or not 0 <= index < len(detail.versions):
            return None
        return detail.versions[index]

    def show_version(self, version: str) -> None:
        """Show the contents of `version` of the item shown (current or replaced)."""
        if self.detail is not None:
            for index, row in enumerate(self.detail.versions):
                if row.version == version:
                    self.version_combo.setCurrentIndex(index)
                    return

    def _on_version_activated(self, index: QModelIndex) -> None:
        row = self.versions.row_at(index)
        if row is not None:
            self.show_version(row.version)
            self.tabs.setCurrentIndex(0)

    def _on_version_chosen(self, _index: int) -> None:
        detail, version = self.detail, self.shown_version()
        self._show_file(None)
        if detail is None or version is None:
            self.version_note.clear()
            self.provisions.set_rows([])
            return
        self._show_file(self._file_of(version.version))
        self.contents_view.set_placeholder(
            "" if version.provisions else "No provisions or questions in this version."
        )
        if version.current:
            self.version_note.setText(_entries_note(version.provisions, len(detail.preview)))
            self.provisions.set_rows(list(detail.preview))
            return
        replaced = "" if version.replaced_at is None else format_day(_local(version.replaced_at))
        self.version_note.setText(
            f"Replaced {replaced}" + (f" by {version.replaced_by}" if version.replaced_by else "")
        )
        self.provisions.set_rows([])
        store, item_id, wanted = self._context.store, detail.item.id, version.version
        self._context.run_in_background(
            lambda _task: version_entries(store, item_id, wanted),
            on_done=lambda rows: self._on_version_loaded(item_id, wanted, rows),
            on_error=lambda error: self.version_note.setText(f"Cannot read it: {error}"),
        )

    def _on_version_loaded(self, item_id: str, version: str, rows: list[ProvisionRow]) -> None:
        shown = self.shown_version()
        if item_id != self._item_id or shown is None or shown.version != version:
            return  # another item or version was chosen meanwhile
        self.provisions.set_rows(rows)
        note = _entries_note(shown.provisions, len(rows))
        self.version_note.setText(f"{self.version_note.text()} · {note}")

    def _file_of(self, version: str) -> FileRow | None:
        files = self.detail.files if self.detail is not None else ()
        return next((f for f in files if f.version == version), None)  # newest first

    def _show_file(self, file: FileRow | None) -> None:
        self._file = file
        self.save_file_button.setVisible(file is not None)
        if file is not None:
            self.save_file_button.setText(f"Save {file.file_name}…")

    def save_file(self, _checked: bool = False, *, target: str = "") -> None:
        """Save the shown version's file where the user chooses (`target` skips asking)."""
        file = self._file
        if file is None:
            return
        if not target:
            suggested = str(Path.home() / file.file_name)
            target, _ = QFileDialog.getSaveFileName(self, "Save the file", suggested)
            if not target:
                return
        store, path = self._context.store, Path(target)

        def write(_task: object) -> Path:
            path.write_bytes(file_data(store, file.id)[1])
            return path

        self._context.run_in_background(
            write,
            on_done=lambda saved: self.version_note.setText(f"Saved to {saved}"),
            on_error=lambda error: self._context.report_problem(
                f"Cannot save {file.file_name}: {error}"
            ),
        )


def _entries_note(total: int, shown: int) -> str:
    if total == 0:
        return "no provisions or questions"
    if shown < total:
        return f"the first {shown:,} of {total:,} entries"
    return f"{total:,} entries"


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


def _local(moment: dt.datetime) -> dt.datetime:
    """A stored UTC time (naive) in this computer's time zone."""
    return moment.replace(tzinfo=dt.UTC).astimezone()
