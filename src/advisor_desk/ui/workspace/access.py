"""Which of the partner's advisors may log in to this client: give and remove (undoable)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from advisor_desk.services.clients.tree import AdvisorRow, tree_advisors
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.ops import run_query
from advisor_desk.services.people import advisors
from advisor_desk.services.people.advisors import Role
from advisor_desk.ui.commands import push_edit
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.icons import icon
from advisor_desk.ui.permissions import guard_view
from advisor_desk.ui.table_model import Column, RowsModel
from advisor_desk.ui.widgets import muted_label, show_service_error, table_view
from advisor_desk.ui.words import possessive
from advisor_desk.ui.workspace.tab import ClientTab

ACCESS = ("advisor_access",)

COLUMNS: list[Column[AdvisorRow]] = [
    Column("Name", lambda a: a.name),
    Column("Email", lambda a: a.email),
    Column("Role", lambda a: a.role.label),
    Column("Status", lambda a: "Active" if a.active_now else "Inactive"),
]


def admin_note(given: int, admins: list[str]) -> str:
    """Who else can log in: administrators always can, whatever is given here."""
    if admins:
        names = ", ".join(admins)
        who = f"Administrator {names} can" if len(admins) == 1 else f"Administrators ({names}) can"
        also = "" if given else " No other advisor has been given access yet."
        return f"{who} always log in to every client.{also}"
    if given:
        return ""
    return "No advisor has been given access yet; administrators can always log in."


class AccessTab(ClientTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model: RowsModel[AdvisorRow] = RowsModel(
            COLUMNS, row_id=lambda a: a.id, muted=lambda a: not a.active_now, parent=self
        )
        self.table = table_view(self.model, "Advisors with access")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.candidates = QComboBox()
        self.candidates.setEditable(True)
        self.candidates.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.candidates.setMinimumContentsLength(28)
        self.candidates.lineEdit().setPlaceholderText("Choose an advisor…")
        self.candidates.setAccessibleName("Advisor to give access")
        self.give_button = QPushButton(icon("access"), "&Give access")
        self.give_button.clicked.connect(self.give_selected)
        self.remove_button = QPushButton(icon("remove"), "&Remove access")
        self.remove_button.clicked.connect(self.remove_selected)
        label = QLabel("&Advisor:")
        label.setBuddy(self.candidates)
        bar = QHBoxLayout()
        bar.addWidget(label)
        bar.addWidget(self.candidates)
        bar.addWidget(self.give_button)
        bar.addStretch(1)
        bar.addWidget(self.remove_button)
        self.empty = muted_label("")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addLayout(bar)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        guard_view(context, self)  # the permission table: giving access

    def set_client(self, client_id: str, name: str) -> None:
        self._client_id, self._client_name = client_id, name
        self.reload()

    def reload(self) -> None:
        if not self._client_id:
            return
        rows = run_query(self._context.store, tree_advisors, client_id=self._client_id)
        self.model.set_rows([a for a in rows if a.has_access])
        self.candidates.clear()
        for advisor in rows:
            if not advisor.has_access:
                self.candidates.addItem(f"{advisor.name} <{advisor.email}>", advisor.id)
        self.candidates.setCurrentIndex(-1)
        admins = [
            a.name
            for a in rows
            if a.role is Role.ADMINISTRATOR and a.active_now and not a.has_access
        ]
        self.empty.setText(admin_note(self.model.rowCount(), admins))
        self.empty.setVisible(bool(self.empty.text()))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.give_button.setEnabled(self.candidates.count() > 0)
        self.remove_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def give_selected(self) -> None:
        advisor_id = self.candidates.currentData()
        if advisor_id is None:
            text = self.candidates.currentText().strip().lower()
            matches = [
                i
                for i in range(self.candidates.count())
                if text and text in self.candidates.itemText(i).lower()
            ]
            if len(matches) != 1:
                self.candidates.setFocus()
                return
            advisor_id = self.candidates.itemData(matches[0])
        self.give(str(advisor_id))

    def give(self, advisor_id: str) -> None:
        store, client = self._context.store, self._client_id
        name = self._advisor_name(advisor_id)
        try:
            push_edit(
                self._context,
                f"Give {name} access to {self._client_name}",
                lambda: advisors.give_access(store, advisor_id, client),
                lambda: advisors.remove_access(store, advisor_id, client),
                ACCESS,
                ids=(client, advisor_id),
            )
        except ServiceError as error:
            show_service_error(self, "Cannot give access", error)
            return
        self.status_message.emit(f"{name} can now log in to {self._client_name}")

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        advisor = self.model.row_at(rows[0]) if rows else None
        if advisor is None:
            return
        store, client = self._context.store, self._client_id
        try:
            push_edit(
                self._context,
                f"Remove {possessive(advisor.name)} access to {self._client_name}",
                lambda: advisors.remove_access(store, advisor.id, client),
                lambda: advisors.give_access(store, advisor.id, client),
                ACCESS,
                ids=(client, advisor.id),
            )
        except ServiceError as error:
            show_service_error(self, "Cannot remove access", error)
            return
        self.status_message.emit(f"{advisor.name} can no longer log in to {self._client_name}")
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _advisor_name(self, advisor_id: str) -> str:
        for i in range(self.candidates.count()):
            if self.candidates.itemData(i) == advisor_id:
                return self.candidates.itemText(i).split(" <")[0]
        row = self.model.row_of(advisor_id)
        return self.model.rows[row].name if row >= 0 else "the advisor"
