"""The facets beside the library list: source, kind, published, priced and tags."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services.library.content import Library
from advisor_desk.services.library.search import LibraryQuery
from advisor_desk.ui.words import plural

_CHOICES = {
    "published": (("Published or not", None), ("Published", True), ("Not published", False)),
    "priced": (("Priced or free", None), ("Priced", True), ("Free", False)),
}


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("FacetHeading")
    label.setProperty("role", "muted")
    return label


class FacetsPanel(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LibraryFacets")
        self.setMinimumWidth(180)  # the longer tags ("operational-resilience") still elide
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 8, 10)
        layout.setSpacing(4)
        self.sources: dict[Library, QCheckBox] = {}
        layout.addWidget(_heading("SOURCE"))
        for library, text in (
            (Library.OPEN, "&Open library"),
            (Library.PARTNER, "&Partner library"),
        ):
            box = self.sources[library] = QCheckBox(text)
            box.toggled.connect(self.changed)
            layout.addWidget(box)
        layout.addSpacing(8)
        layout.addWidget(_heading("KIND"))
        self.kinds: dict[ContentKind, QCheckBox] = {}
        for kind in ContentKind:
            box = self.kinds[kind] = QCheckBox(kind.label)
            box.toggled.connect(self.changed)
            layout.addWidget(box)
        layout.addSpacing(8)
        layout.addWidget(_heading("STATUS"))
        self.published = self._combo("published", "Published")
        self.priced = self._combo("priced", "Priced")
        layout.addWidget(self.published)
        layout.addWidget(self.priced)
        layout.addSpacing(8)
        layout.addWidget(_heading("TAGS"))
        self.tags = QListWidget()
        self.tags.setAccessibleName("Tags")
        self.tags.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tags.setTextElideMode(Qt.TextElideMode.ElideRight)  # a tag reads from its start
        self.tags.itemChanged.connect(lambda _item: self.changed.emit())
        layout.addWidget(self.tags, 1)
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.clear_button)

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(accessible)
        for text, value in _CHOICES[name]:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _n: self.changed.emit())
        return combo

    def set_tags(self, tags: list[tuple[str, int]]) -> None:
        """The tags to offer (most used first), keeping the ticked ones ticked."""
        ticked = self.ticked_tags()
        self.tags.blockSignals(True)
        self.tags.clear()
        for tag, count in tags:
            item = QListWidgetItem(f"{tag}  ({count:,})")
            item.setData(Qt.ItemDataRole.UserRole, tag)
            item.setToolTip(f"{tag}: {plural(count, 'item')}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if tag in ticked else Qt.CheckState.Unchecked)
            self.tags.addItem(item)
        self.tags.blockSignals(False)

    def ticked_tags(self) -> frozenset[str]:
        return frozenset(
            str(item.data(Qt.ItemDataRole.UserRole))
            for n in range(self.tags.count())
            if (item := self.tags.item(n)).checkState() == Qt.CheckState.Checked
        )

    def apply(self, query: LibraryQuery) -> LibraryQuery:
        """`query` with this panel's facets."""
        return replace(
            query,
            sources=frozenset(k for k, box in self.sources.items() if box.isChecked()),
            kinds=frozenset(k for k, box in self.kinds.items() if box.isChecked()),
            tags=self.ticked_tags(),
            published=self.published.currentData(),
            priced=self.priced.currentData(),
        )

    def clear(self) -> None:
        widgets = [
            *self.sources.values(),
            *self.kinds.values(),
            self.published,
            self.priced,
            self.tags,
        ]
        for widget in widgets:
            widget.blockSignals(True)
        for box in (*self.sources.values(), *self.kinds.values()):
            box.setChecked(False)
        self.published.setCurrentIndex(0)
        self.priced.setCurrentIndex(0)
        for n in range(self.tags.count()):
            self.tags.item(n).setCheckState(Qt.CheckState.Unchecked)
        for widget in widgets:
            widget.blockSignals(False)
        self.changed.emit()
