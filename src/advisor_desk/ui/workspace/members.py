"""A client's members: the table, each one's tier history, add / change tier / remove."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.clock import today as clock_today
from advisor_desk.services.people import members
from advisor_desk.services.people.members import MemberSummary, TierSpan
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.icons import icon
from advisor_desk.ui.table_model import Column, RowsModel
from advisor_desk.ui.widgets import format_day, muted_label, section_title, table_view
from advisor_desk.ui.workspace.member_dialogs import (
    AddMemberDialog,
    ChangeTierDialog,
    RemoveMemberDialog,
)
from advisor_desk.ui.workspace.tab import ClientTab

_TIER_COLOURS = {LicenseTier.RISK_COMPLIANCE: "accent", LicenseTier.JUST_RISK: "success"}


def _since(member: MemberSummary) -> str:
    return format_day(member.history[-1].start) if member.history else "—"


def _tier(member: MemberSummary) -> str:
    return member.tier.label if member.tier is not None else "Left"


def _span_end(span: TierSpan) -> str:
    return "now" if span.end is None else f"until {format_day(span.end)}"


MEMBER_COLUMNS: list[Column[MemberSummary]] = [
    Column("Name", lambda m: m.name),
    Column("Email", lambda m: m.email),
    Column("License tier", _tier, colour=lambda m: _TIER_COLOURS.get(m.tier)),
    Column("Since", _since),
]
HISTORY_COLUMNS: list[Column[TierSpan]] = [
    Column("Tier", lambda s: s.tier.label),
    Column("From", lambda s: format_day(s.start)),
    Column("To", _span_end),
]


class MembersTab(ClientTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._today = clock_today()
        self._all: list[MemberSummary] = []
        self.model: RowsModel[MemberSummary] = RowsModel(
            MEMBER_COLUMNS, row_id=lambda m: m.id, muted=lambda m: m.tier is None, parent=self
        )
        self.table = table_view(self.model, "Members", stretch=1)
        self.table.doubleClicked.connect(lambda _index: self.change_tier())
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.history_model: RowsModel[TierSpan] = RowsModel(
            HISTORY_COLUMNS, row_id=lambda s: f"{s.tier}:{s.start}", parent=self
        )
        self.history = table_view(self.history_model, "Tier history")
        self.history.setSelectionMode(self.history.SelectionMode.NoSelection)
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history_title = section_title("Tier history")
        self.history_hint = muted_label("Select a member to see their license tiers over time.")
        self.add_button = QPushButton(icon("add-member"), "&Add member…")
        self.add_button.setToolTip("Add a member (Ctrl+N, or Insert in the table)")
        self.add_button.clicked.connect(self.add_member)
        self.tier_button = QPushButton(icon("tier"), "Change &tier…")
        self.tier_button.setToolTip("Change the selected member's tier from a date (Enter)")
        self.tier_button.clicked.connect(self.change_tier)
        self.remove_button = QPushButton(icon("remove"), "&Remove…")
        self.remove_button.setToolTip("The member leaves on a date (Delete)")
        self.remove_button.clicked.connect(self.remove_member)
        self.show_left = QCheckBox("Show members who &left")
        self.show_left.setChecked(True)
        self.show_left.toggled.connect(lambda _on: self._fill())
        self.count_label = QLabel()
        self.count_label.setProperty("role", "muted")
        bar = QHBoxLayout()
        for button in (self.add_button, self.tier_button, self.remove_button):
            bar.addWidget(button)
        bar.addStretch(1)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        footer.addWidget(self.show_left)
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addWidget(self.table, 1)
        main_layout.addLayout(footer)
        side = QWidget()
        side.setMinimumWidth(240)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(12, 0, 0, 0)
        side_layout.addWidget(self.history_title)
        side_layout.addWidget(self.history_hint)
        side_layout.addWidget(self.history, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(main)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        self.table.installEventFilter(self)
        self._on_selection_changed()

    def set_client(self, client_id: str, name: str, today: dt.date) -> None:
        self._client_id, self._client_name, self._today = client_id, name, today
        self.reload()

    def reload(self) -> None:
        if not self._client_id:
            return
        self._all = members.list_members(self._context.store, self._client_id)
        self._fill()

    def _fill(self) -> None:
        selected = self.selected()
        rows = [m for m in self._all if self.show_left.isChecked() or m.tier is not None]
        self.model.set_rows(rows)
        holding = sum(1 for m in self._all if m.tier is not None)
        self.count_label.setText(f"{holding} with a license · {len(self._all) - holding} left")
        if selected is not None:
            self.select(selected.id)
        self._on_selection_changed()

    def select(self, member_id: str) -> None:
        row = self.model.row_of(member_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def selected(self) -> MemberSummary | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0]) if rows else None

    def _on_selection_changed(self, *_args: QItemSelection) -> None:
        member = self.selected()
        self.tier_button.setEnabled(member is not None and member.tier is not None)
        self.remove_button.setEnabled(member is not None and member.tier is not None)
        self.history_model.set_rows(list(reversed(member.history)) if member else [])
        self.history_title.setText(f"{member.name} — tier history" if member else "Tier history")
        self.history_hint.setVisible(member is None)

    # -- edits (each through a dialog that calls the service) ---------------------------

    def add_member(self) -> AddMemberDialog:
        dialog = AddMemberDialog(
            self._context, self._client_id, self._client_name, self._today, self
        )
        dialog.accepted.connect(lambda: self._after_edit(dialog.result_value, "Added"))
        dialog.open()
        return dialog

    def change_tier(self) -> ChangeTierDialog | None:
        member = self.selected()
        if member is None or member.tier is None:
            return None
        dialog = ChangeTierDialog(self._context, member, self._today, self)
        dialog.accepted.connect(
            lambda: self._after_edit(dialog.result_value, "Changed the tier of")
        )
        dialog.open()
        return dialog

    def remove_member(self) -> RemoveMemberDialog | None:
        member = self.selected()
        if member is None or member.tier is None:
            return None
        dialog = RemoveMemberDialog(self._context, member, self._today, self)
        dialog.accepted.connect(lambda: self._after_edit(dialog.result_value, "Removed"))
        dialog.open()
        return dialog

    def _after_edit(self, result: object, verb: str) -> None:
        # The dialog put the edit on the undo stack, which told every view already.
        if isinstance(result, MemberSummary):
            self.select(result.id)
            self.status_message.emit(f"{verb} {result.name}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        is_key = isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress
        if watched is self.table and is_key:
            assert isinstance(event, QKeyEvent)  # is_key
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
                self.change_tier()
                return True
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.remove_member()
                return True
            if key == Qt.Key.Key_Insert:
                self.add_member()
                return True
        return super().eventFilter(watched, event)
