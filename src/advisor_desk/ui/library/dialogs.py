"""The library's forms: upload a file, edit an item (metadata, price, publish, lock), publish
a new version. Each runs its service on OK; problems show under their field or, for a file's
rows, each at its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.domain.permissions import Action
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.library import content
from advisor_desk.services.library.content import ContentSummary
from advisor_desk.services.library.upload import UploadResult, publish_new_version, upload_item
from advisor_desk.services.validation import split_words
from advisor_desk.store.engine import Store
from advisor_desk.ui.dialogs import ServiceDialog as _ServiceDialog
from advisor_desk.ui.money import format_amount
from advisor_desk.ui.permissions import refuse_field

FILE_FILTER = "Content files (*.pdf *.docx *.xlsx *.csv *.json);;All files (*)"


class ServiceDialog(_ServiceDialog):
    """The library's forms grow with their messages (a file's line errors, a duplicate
    version) instead of drawing them over the fields and buttons; past the screen, the
    general message scrolls."""

    def finish_form(self, *args: Any, **kwargs: Any) -> None:
        super().finish_form(*args, **kwargs)
        self.general_error.setWordWrap(True)
        self.general_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _on_ok_clicked(self) -> None:
        super()._on_ok_clicked()
        if self.isVisible():
            grow_to_fit(self)


def grow_to_fit(dialog: QDialog) -> None:
    """Make a shown dialog as tall as its layout needs at its width (at most the screen)."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    needed = (
        layout.totalHeightForWidth(width)
        if layout.hasHeightForWidth()
        else layout.totalSizeHint().height()
    )
    screen = dialog.screen()
    if screen is not None:
        needed = min(needed, int(screen.availableGeometry().height() * 0.9))
    dialog.setMinimumHeight(min(needed, dialog.maximumHeight()))
    if needed > dialog.height():
        dialog.resize(width, needed)


class FileField(QWidget):
    """A path and a Browse… button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("A PDF, DOCX, XLSX, CSV or JSON file")
        self.path_edit.setAccessibleName("File")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._on_browse_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.path_edit, 1)
        layout.addWidget(browse)

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Upload content", "", FILE_FILTER)
        if path:
            self.path_edit.setText(path)

    def read(self, *, required: bool = True) -> tuple[str, bytes] | None:
        text = self.path_edit.text().strip()
        if not text:
            if required:
                raise ValidationError([("file", "choose a file to upload")])
            return None
        try:
            return Path(text).name, Path(text).read_bytes()
        except OSError as error:
            raise ValidationError([("file", f"cannot read {text}: {error.strerror}")]) from None


class UploadDialog(ServiceDialog):
    def __init__(self, store: Store, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(
            "Upload content",
            "The file is kept with the item. A CSV or JSON framework, control set or "
            "assessment template is read into its provisions or questions (columns ref, "
            "section, text — or question and answer_type).",
            parent,
        )
        self._store = store
        self.file = FileField()
        self.title_edit = QLineEdit()
        self.kind_combo = QComboBox()
        for kind in ContentKind:
            self.kind_combo.addItem(kind.label, kind)
        self.version_edit = QLineEdit("1.0")
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText("comma separated, e.g. hra, iso")
        self.price_edit = QLineEdit()
        self.price_edit.setPlaceholderText("leave empty for no price")
        refuse_field(store, self.price_edit, Action.LIBRARY_PRICE)  # the permission table
        self.description_edit = QPlainTextEdit()
        self.description_edit.setFixedHeight(70)
        self.file.path_edit.textChanged.connect(self._on_file_chosen)
        for label, widget in (
            ("&File", self.file),
            ("&Title", self.title_edit),
            ("&Kind", self.kind_combo),
            ("&Version", self.version_edit),
            ("Ta&gs", self.tags_edit),
            (f"&Price ({currency})", self.price_edit),
            ("&Description", self.description_edit),
        ):
            self.form.addRow(label, widget)
        self.finish_form(
            {
                "file": self.file,
                "title": self.title_edit,
                "version": self.version_edit,
                "tags": self.tags_edit,
                "price": self.price_edit,
            },
            "&Upload",
        )
        self.setMinimumWidth(560)

    def _on_file_chosen(self, text: str) -> None:
        if not self.title_edit.text().strip() and text.strip():
            self.title_edit.setText(Path(text.strip()).stem.replace("_", " ").replace("-", " "))

    def submit(self) -> UploadResult:
        chosen = self.file.read()
        assert chosen is not None
        name, data = chosen
        return upload_item(
            self._store,
            file_name=name,
            data=data,
            title=self.title_edit.text(),
            kind=ContentKind(self.kind_combo.currentData()),
            version=self.version_edit.text(),
            description=self.description_edit.toPlainText(),
            tags=split_words(self.tags_edit.text()),
            price=self.price_edit.text().strip() or None,
        )


class EditItemDialog(ServiceDialog):
    """Title, description, tags, price, published and locked of a partner item (an open
    item's tags only)."""

    def __init__(
        self, store: Store, item: ContentSummary, currency: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Edit {item.title}", parent=parent)
        self._store = store
        self._item = item
        own = item.library is content.Library.PARTNER
        self.title_edit = QLineEdit(item.title)
        self.description_edit = QPlainTextEdit(item.description)
        self.description_edit.setFixedHeight(90)
        self.tags_edit = QLineEdit(", ".join(item.tags))
        price = "" if item.price is None else format_amount(item.price, currency, "en")
        self.price_edit = QLineEdit(price)  # digits and a point, as the field parses it
        self.price_edit.setPlaceholderText("leave empty for no price")
        self.published_box = QCheckBox("Show in the library (&published)")
        self.published_box.setChecked(item.published)
        self.locked_box = QCheckBox("&Locked: clients cannot edit it")
        self.locked_box.setChecked(item.locked)
        for widget in (
            self.title_edit,
            self.description_edit,
            self.price_edit,
            self.published_box,
            self.locked_box,
        ):
            widget.setEnabled(own)
        refuse_field(store, self.price_edit, Action.LIBRARY_PRICE)  # the permission table
        self.form.addRow("&Title", self.title_edit)
        self.form.addRow("&Description", self.description_edit)
        self.form.addRow("Ta&gs", self.tags_edit)
        self.form.addRow(f"&Price ({currency})", self.price_edit)
        self.form.addRow("", self.published_box)
        self.form.addRow("", self.locked_box)
        self.finish_form(
            {
                "title": self.title_edit,
                "tags": self.tags_edit,
                "price": self.price_edit,
            },
            "&Save",
        )

    def submit(self) -> ContentSummary:
        tags = split_words(self.tags_edit.text())
        if self._item.library is content.Library.OPEN:
            return content.edit_item(self._store, self._item.id, tags=tags)
        return content.edit_item(
            self._store,
            self._item.id,
            title=self.title_edit.text(),
            description=self.description_edit.toPlainText(),
            tags=tags,
            price=self.price_edit.text().strip() or None,
            published=self.published_box.isChecked(),
            locked=self.locked_box.isChecked(),
        )


class NewVersionDialog(ServiceDialog):
    def __init__(self, store: Store, item: ContentSummary, parent: QWidget | None = None) -> None:
        super().__init__(
            f"New version of {item.title}",
            f"Version {item.version} stays readable in the item's history. Without a file, "
            "the new version keeps the current provisions or questions.",
            parent,
        )
        self._store = store
        self._item = item
        self.version_edit = QLineEdit()
        self.version_edit.setPlaceholderText(f"after {item.version}")
        self.file = FileField()
        self.description_edit = QPlainTextEdit(item.description)
        self.description_edit.setFixedHeight(70)
        self.form.addRow("&Version", self.version_edit)
        self.form.addRow("&File (optional)", self.file)
        self.form.addRow("&Description", self.description_edit)
        self.finish_form({"version": self.version_edit, "file": self.file}, "&Publish version")

    def submit(self) -> ContentSummary:
        chosen = self.file.read(required=False)
        return publish_new_version(
            self._store,
            self._item.id,
            version=self.version_edit.text(),
            file_name=None if chosen is None else chosen[0],
            data=None if chosen is None else chosen[1],
            description=self.description_edit.toPlainText(),
        )
