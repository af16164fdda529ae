"""Sync & conflicts: changes that clashed with the server's (both values side by side: keep
mine, keep theirs, or edit) and changes the server refused (its reason: retry or dismiss).

Resolving writes ordinary local edits (sync/conflicts.py); the next sync carries them up.
The lists are short (a handful after a sync), so each item is a card of its own.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any, Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.sync import conflicts
from advisor_desk.sync.codec import FieldError
from advisor_desk.sync.conflicts import ConflictView, RejectionView
from advisor_desk.sync.status import sync_status
from advisor_desk.sync.transport import SyncError
from advisor_desk.ui.context import AppContext, Changes
from advisor_desk.ui.dialogs import ServiceDialog
from advisor_desk.ui.sync.controller import SYNC_ENTITIES
from advisor_desk.ui.sync.refusal_words import (
    entity_words,
    field_rows,
    named_values,
    reason_words,
    row_words,
)
from advisor_desk.ui.widgets import badge, muted_label, section_title, show_problem


def _words(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _field_words(name: str) -> str:
    """A field by name: "advisor_id" is the Advisor (its value shown by name)."""
    return _words(name[:-3] if name.endswith("_id") else name)


def shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _table(headers: list[str], rows: list[list[str]], bold_rows: set[int]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    for column in range(1, len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if r in bold_rows:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            table.setItem(r, c, item)
    table.verticalHeader().setDefaultSectionSize(28)
    table.setFixedHeight(header.sizeHint().height() + 28 * len(rows) + 4)
    return table


class _Card(QFrame):
    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.setObjectName("Card")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 12, 16, 12)
        self.layout_.setSpacing(8)
        heading = QLabel(title)
        heading.setObjectName("CardHeading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.layout_.addWidget(heading)
        if note:
            self.layout_.addWidget(muted_label(note))
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)

    def finish(self) -> None:
        self.layout_.addLayout(self.buttons)

    def button(self, text: str, act: Callable[[], None], *, primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        if primary:
            button.setProperty("primary", True)
        button.clicked.connect(act)
        self.buttons.addWidget(button)
        return button


class ConflictCard(_Card):
    def __init__(self, view: ConflictsView, conflict: ConflictView, label: str) -> None:
        when = conflict.detected_at.replace(tzinfo=dt.UTC).astimezone()
        when_text = f"{when.day} {when:%b %Y %H:%M}"
        note = (
            "Deleted on the server while you edited it here."
            if conflict.deleted_on_server
            else f"Changed here and on the server (found {when_text})."
        )
        super().__init__(f"{entity_words(conflict.entity).capitalize()} · {label}", note)
        self.conflict = conflict
        gone = conflict.deleted_on_server
        mine = named_values(
            view.context.store, conflict.entity, {p.name: p.mine for p in conflict.fields}
        )
        theirs = named_values(
            view.context.store, conflict.entity, {p.name: p.theirs for p in conflict.fields}
        )
        rows = [
            [
                _field_words(p.name),
                shown(mine[p.name]),
                "— (deleted)" if gone else shown(theirs[p.name]),
            ]
            for p in conflict.fields
        ]
        differ = {i for i, p in enumerate(conflict.fields) if p.mine != p.theirs}
        self.table = _table(["Field", "Mine (this laptop)", "Theirs (server)"], rows, differ)
        self.layout_.addWidget(self.table)
        self.keep_mine = self.button("Keep &mine", lambda: view.resolve(conflict, "mine"))
        self.keep_theirs = self.button(
            "Keep &theirs", lambda: view.resolve(conflict, "theirs"), primary=True
        )
        self.edit = self.button("&Edit…", lambda: view.edit(conflict))
        self.edit.setEnabled(not conflict.deleted_on_server)
        self.finish()


class RejectionCard(_Card):
    def __init__(
        self,
        view: ConflictsView,
        rejection: RejectionView,
        label: str,
        fields: list[tuple[str, Any]],
    ) -> None:
        verb = {"insert": "new", "update": "change to", "delete": "deletion of"}.get(
            rejection.op, rejection.op
        )
        super().__init__(f"Refused: {verb} {entity_words(rejection.entity)} · {label}", "")
        self.rejection = rejection
        self.reason = QLabel(f"The server said: {reason_words(rejection.reason)}")
        self.reason.setProperty("role", "error")
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.addWidget(self.reason)
        rows = [[name, shown(value)] for name, value in fields]
        if rows:
            self.layout_.addWidget(_table(["Field", "Refused value"], rows, set()))
        self.retry = self.button("&Retry", lambda: view.retry(rejection))
        self.dismiss = self.button("&Dismiss", lambda: view.dismiss(rejection))
        self.finish()


class ConflictsView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("ConflictsView")
        self.conflict_cards: list[ConflictCard] = []
        self.rejection_cards: list[RejectionCard] = []
        self.summary = muted_label()
        self.sync_button = QPushButton("&Sync now")
        self.sync_button.setToolTip("Send the changes waiting here and receive the others'")
        self.sync_button.clicked.connect(self.sync_now)
        self.sync_button.hide()
        self._followed: object = None  # the sync controller whose attempts update the page
        self.conflicts_badge = badge("0")
        self.rejections_badge = badge("0")
        self.items = QVBoxLayout()
        self.items.setSpacing(12)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 8, 0)
        inner_layout.addLayout(self.items)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(section_title("Sync & conflicts"))
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(summary_row)
        layout.addWidget(scroll, 1)
        context.changed.connect(self._on_context_changed)
        self.reload()

    def _on_context_changed(self, changes: Changes) -> None:
        if changes.touches(*SYNC_ENTITIES):
            self.reload()

    def reload(self) -> None:
        store = self.context.store
        found = conflicts.list_conflicts(store)
        refused = conflicts.list_rejections(store)
        while self.items.count():
            item = self.items.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.conflict_cards = [
            ConflictCard(self, c, row_words(store, c.entity, c.row_id, {})) for c in found
        ]
        self.rejection_cards = [
            RejectionCard(
                self,
                r,
                row_words(store, r.entity, r.row_id, r.fields),
                field_rows(store, r.entity, r.fields),
            )
            for r in refused
        ]
        if found:
            self.items.addWidget(_heading(f"Conflicts ({len(found)})"))
        for card in self.conflict_cards:
            self.items.addWidget(card)
        if refused:
            self.items.addWidget(_heading(f"Refused by the server ({len(refused)})"))
        for card in self.rejection_cards:
            self.items.addWidget(card)
        self._show_summary(bool(found or refused))

    def _show_summary(self, listed: bool) -> None:
        """What the page lists, and the changes waiting to be sent, said together."""
        status = sync_status(self.context.store)
        waiting = status.pending if status.server_url is not None else 0
        sent = f"{waiting:,} change{'s' if waiting != 1 else ''} waiting to be sent"
        if listed:
            text = (
                "For each conflict, keep your value, the server's, or edit a value of your own. "
                "A refused change can be sent again (after correcting it elsewhere) or dismissed."
            )
            if waiting:
                text += f" {sent[0].upper()}{sent[1:]}."
        elif status.server_url is None:
            text = "Nothing to resolve: this store works on its own, without a server."
        elif waiting:
            text = f"Nothing to resolve · {sent}: Sync now sends them."
        else:
            text = "Nothing to resolve: every change made here is in step with the server."
        self.summary.setText(text)
        self.sync_button.setVisible(bool(waiting))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        controller = getattr(self.window(), "sync", None)
        finished = getattr(controller, "finished", None)
        if finished is not None and controller is not self._followed:
            self._followed = controller
            finished.connect(self.reload)  # sent or not, the count may have changed
        self.reload()

    def sync_now(self) -> None:
        controller = getattr(self.window(), "sync", None)
        if controller is not None:
            controller.sync_now()

    # -- acting ---------------------------------------------------------------------------

    def resolve(
        self, conflict: ConflictView, choice: Literal["mine", "theirs"] | dict[str, Any]
    ) -> None:
        try:
            conflicts.resolve_conflict(self.context.store, conflict.id, choice)
        except (SyncError, ServiceError) as error:
            show_problem(self, "Conflict", str(error))
        self.context.notify({conflict.entity, *SYNC_ENTITIES}, {conflict.row_id})

    def edit(self, conflict: ConflictView) -> None:
        dialog = EditConflictDialog(self.context, conflict, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.context.notify({conflict.entity, *SYNC_ENTITIES}, {conflict.row_id})
        )
        dialog.open()

    def retry(self, rejection: RejectionView) -> None:
        try:
            conflicts.retry_rejection(self.context.store, rejection.id)
        except (SyncError, ServiceError, FieldError) as error:
            show_problem(self, "Refused change", str(error))
        self.context.notify({rejection.entity, *SYNC_ENTITIES}, {rejection.row_id})

    def dismiss(self, rejection: RejectionView) -> None:
        conflicts.dismiss_rejection(self.context.store, rejection.id)
        self.context.notify(SYNC_ENTITIES)


class EditConflictDialog(ServiceDialog):
    """A value of the advisor's own for each clashing field (starting from mine)."""

    def __init__(self, context: AppContext, conflict: ConflictView, parent: QWidget) -> None:
        super().__init__(
            "Edit the conflicting values",
            "Each field starts from your value; the server's is shown in its tooltip.",
            parent,
        )
        self.context = context
        self.conflict = conflict
        self.inputs: dict[str, QLineEdit] = {}
        for pair in conflict.fields:
            edit = QLineEdit("" if pair.mine is None else _editable(pair.mine))
            edit.setPlaceholderText(f"theirs: {shown(pair.theirs)}")
            edit.setToolTip(f"Mine: {shown(pair.mine)}\nTheirs: {shown(pair.theirs)}")
            self.form.addRow(_words(pair.name), edit)
            self.inputs[pair.name] = edit
        self.finish_form(self.inputs, ok_text="&Save")

    def submit(self) -> object:
        values = {
            pair.name: _parsed(self.inputs[pair.name].text(), pair.mine)
            for pair in self.conflict.fields
        }
        try:
            conflicts.resolve_conflict(self.context.store, self.conflict.id, values)
        except FieldError as error:
            raise ValidationError([(error.field, error.message)]) from None
        except SyncError as error:
            raise ServiceError(str(error)) from None
        return values


def _editable(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _parsed(text: str, like: Any) -> Any:
    """Text back to the JSON shape of the field (strings stay text; numbers, flags parse)."""
    if isinstance(like, str):
        return text
    if text.strip() == "":
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("CardTitle")
    return label
