"""Push the selected items to chosen clients and templates (several of each at once).

Refusals (a client whose licenses don't cover an item, a template of too low a tier, an
unpublished item) are listed in the dialog with what to change; nothing is pushed then."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.services.clients.teams import ClientSummary, list_clients
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.services.library.push import PushSummary
from advisor_desk.services.templates.catalogue import TemplateSummary, list_templates
from advisor_desk.ui.content_actions import push_content
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.widgets import muted_label
from advisor_desk.ui.words import plural


def _checklist(name: str) -> QListWidget:
    widget = QListWidget()
    widget.setAccessibleName(name)
    return widget


def _fill(widget: QListWidget, rows: list[tuple[str, str, str]]) -> None:
    for row_id, text, tip in rows:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, row_id)
        item.setToolTip(tip)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)


def checked_ids(widget: QListWidget) -> list[str]:
    return [
        str(item.data(Qt.ItemDataRole.UserRole))
        for n in range(widget.count())
        if (item := widget.item(n)).checkState() == Qt.CheckState.Checked
    ]


class PushDialog(QDialog):
    def __init__(
        self,
        context: AppContext,
        item_ids: list[str],
        titles: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Push to clients and templates")
        self.resize(620, 560)
        self._context = context
        self._item_ids = item_ids
        self.summary: PushSummary | None = None
        shown = ", ".join(titles[:3]) + (f" and {len(titles) - 3} more" if len(titles) > 3 else "")
        intro = muted_label(f"Push {plural(len(item_ids), 'item')}: {shown}")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Type to narrow the clients and templates…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.clients = _checklist("Clients")
        self.templates = _checklist("Templates")
        lists = QHBoxLayout()
        for title, widget in (("Clients", self.clients), ("Templates", self.templates)):
            column = QVBoxLayout()
            column.addWidget(QLabel(f"<b>{title}</b>"))
            column.addWidget(widget, 1)
            lists.addLayout(column, 1)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.push_button = buttons.addButton("&Push", QDialogButtonBox.ButtonRole.AcceptRole)
        self.push_button.setProperty("primary", True)
        self.push_button.setEnabled(False)
        buttons.accepted.connect(self._on_push_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.filter_edit)
        layout.addLayout(lists, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        store = context.store
        context.run_in_background(
            lambda _task: (
                list_clients(store, include_archived=False),
                list_templates(store),
            ),
            on_done=self._on_targets_loaded,
            on_error=lambda error: self._show_error(str(error)),
        )

    def _on_targets_loaded(self, loaded: tuple[list[ClientSummary], list[TemplateSummary]]) -> None:
        clients, templates = loaded
        _fill(
            self.clients,
            [(c.id, c.name, c.license_mix or "no licensed member") for c in clients],
        )
        _fill(
            self.templates,
            [(t.id, t.name, f"onboards {t.license_tier.label} members") for t in templates],
        )
        self.push_button.setEnabled(True)

    def _on_filter_changed(self, text: str) -> None:
        words = text.casefold().split()
        for widget in (self.clients, self.templates):
            for n in range(widget.count()):
                item = widget.item(n)
                item.setHidden(not all(w in item.text().casefold() for w in words))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _on_push_clicked(self) -> None:
        try:
            self.summary = push_content(
                self._context,
                self._item_ids,
                client_ids=checked_ids(self.clients),
                template_ids=checked_ids(self.templates),
            )
        except ValidationError as error:
            self._show_error("Nothing was pushed:\n" + "\n".join(f"• {x}" for x in error.lines()))
            return
        except ServiceError as error:
            self._show_error(str(error))
            return
        self.accept()
