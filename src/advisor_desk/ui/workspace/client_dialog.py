"""Edit a client's details (name, domain, postal address, employees, tags) — undoable."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from advisor_desk.services.clients import teams as clients
from advisor_desk.services.clients.teams import ClientSummary
from advisor_desk.services.validation import split_words
from advisor_desk.ui.commands import push_edit
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.dialogs import ServiceDialog

MAX_EMPLOYEES = 10_000_000
ADDRESS_ROWS = 4


def address_box(text: str = "", parent: QWidget | None = None) -> QPlainTextEdit:
    """A few lines for a postal address (Tab moves on; Enter starts a new line)."""
    box = QPlainTextEdit(text, parent)
    box.setTabChangesFocus(True)
    box.setPlaceholderText("Street\nTown and postcode\nCountry")
    box.setToolTip("The client's postal address, printed under its name on its invoices")
    rows = box.fontMetrics().lineSpacing() * ADDRESS_ROWS
    box.setFixedHeight(rows + 2 * box.frameWidth() + 10)
    return box


class EditClientDialog(ServiceDialog):
    def __init__(
        self, context: AppContext, client: ClientSummary, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Edit {client.name}", parent=parent)
        self._context = context
        self._client = client
        self.name_edit = QLineEdit(client.name)
        self.domain_edit = QLineEdit(client.domain)
        self.domain_edit.setPlaceholderText("client.example")
        self.address_edit = address_box(client.address)
        self.employees_spin = QSpinBox()
        self.employees_spin.setRange(0, MAX_EMPLOYEES)
        self.employees_spin.setSpecialValueText("Not known")
        self.employees_spin.setGroupSeparatorShown(True)
        self.employees_spin.setValue(client.employees or 0)
        self.tags_edit = QLineEdit(", ".join(client.tags))
        self.tags_edit.setPlaceholderText("finance, priority")
        self.tags_edit.setToolTip("Words separated by commas; the tree can group clients by tag")
        self.form.addRow("&Name", self.name_edit)
        self.form.addRow("&Website domain", self.domain_edit)
        self.form.addRow("&Address", self.address_edit)
        self.form.addRow("&Employees", self.employees_spin)
        self.form.addRow("&Tags", self.tags_edit)
        self.finish_form(
            {
                "name": self.name_edit,
                "domain": self.domain_edit,
                "address": self.address_edit,
                "employees": self.employees_spin,
                "tags": self.tags_edit,
            },
            "&Save",
        )

    def submit(self) -> ClientSummary:
        old = self._client
        store, client_id = self._context.store, old.id
        employees = self.employees_spin.value() or None
        name, domain = self.name_edit.text(), self.domain_edit.text()
        address = self.address_edit.toPlainText()
        tags = split_words(self.tags_edit.text())
        result: ClientSummary = push_edit(
            self._context,
            f"Edit {old.name}",
            lambda: clients.edit_client(
                store,
                client_id,
                name=name,
                domain=domain,
                address=address,
                employees=employees,
                tags=tags,
            ),
            lambda: clients.edit_client(
                store,
                client_id,
                name=old.name,
                domain=old.domain,
                address=old.address,
                employees=old.employees,
                tags=list(old.tags),
            ),
            ("client",),
            ids=(client_id,),
        )
        return result
