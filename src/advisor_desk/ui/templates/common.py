"""Pieces both wizards share: checkable lists, error labels, the review page's summary."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QScrollArea, QWidget, QWizard

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def error_label() -> QLabel:
    """A message under a field, shown only while there is a problem with it."""
    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.hide()
    return label


def review_text(name: str) -> tuple[QLabel, QScrollArea]:
    """A review page's summary: rich text, top-left, in a frameless scroll area."""
    summary = QLabel()
    summary.setWordWrap(True)
    summary.setTextFormat(Qt.TextFormat.RichText)
    summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    summary.setAccessibleName(name)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(summary)
    return summary, scroll


def show_error(label: QLabel, field: QWidget, message: str) -> None:
    label.setText(message[:1].upper() + message[1:])
    label.setVisible(bool(message))
    field.setProperty("invalid", bool(message))
    field.setAccessibleDescription(message)
    field.style().unpolish(field)
    field.style().polish(field)


class CheckList(QListWidget):
    """A list of (id, text) with a check box each; `checked()` gives the checked ids."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setAlternatingRowColors(True)
        self.setUniformItemSizes(True)

    def set_items(self, items: Iterable[tuple[str, str, str]], checked: Iterable[str]) -> None:
        """(id, text, tooltip) rows; `checked` ids start checked."""
        wanted = set(checked)
        self.clear()
        for item_id, text, tip in items:
            item = QListWidgetItem(text, self)
            item.setData(ID_ROLE, item_id)
            item.setToolTip(tip)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if item_id in wanted else Qt.CheckState.Unchecked
            )

    def checked(self) -> tuple[str, ...]:
        return tuple(
            self.item(row).data(ID_ROLE)
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        )

    def item_with_text(self, text: str) -> QListWidgetItem | None:
        found = self.findItems(text, Qt.MatchFlag.MatchStartsWith)
        return found[0] if found else None

    def filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.count()):
            item = self.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())


def style_wizard(wizard: QWizard, title: str) -> None:
    wizard.setWindowTitle(title)
    wizard.setWizardStyle(QWizard.WizardStyle.ModernStyle)
    wizard.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
    wizard.setOption(QWizard.WizardOption.HaveHelpButton, False)
    wizard.setMinimumSize(760, 560)
