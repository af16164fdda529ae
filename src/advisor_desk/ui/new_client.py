"""Add one client by hand: name, website, employees, tags, billing model."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.services import clients
from advisor_desk.services.clients import ClientSummary
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.dialogs import ServiceDialog
from advisor_desk.ui.workspace.client_dialog import MAX_EMPLOYEES


class NewClientDialog(ServiceDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            "New client",
            "A client team of your firm. Add its members next; licenses are billed from "
            "the day each member starts.",
            parent,
        )
        self._context = context
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Acme Logistics Pty Ltd")
        self.domain_edit = QLineEdit()
        self.domain_edit.setPlaceholderText("acme.example")
        self.employees_spin = QSpinBox()
        self.employees_spin.setRange(0, MAX_EMPLOYEES)
        self.employees_spin.setSpecialValueText("Not known")
        self.employees_spin.setGroupSeparatorShown(True)
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText("finance, priority")
        self.model_combo = QComboBox()
        for model in BillingModel:
            self.model_combo.addItem(model.label, model.value)
        self.form.addRow("&Name", self.name_edit)
        self.form.addRow("&Website domain", self.domain_edit)
        self.form.addRow("&Employees", self.employees_spin)
        self.form.addRow("&Tags", self.tags_edit)
        self.form.addRow("&Billing model", self.model_combo)
        self.finish_form(
            {
                "name": self.name_edit,
                "domain": self.domain_edit,
                "employees": self.employees_spin,
                "tags": self.tags_edit,
                "billing_model": self.model_combo,
            },
            "&Create client",
        )

    def submit(self) -> ClientSummary:
        tags = [t for t in (w.strip() for w in self.tags_edit.text().split(",")) if t]
        summary = clients.create_client(
            self._context.store,
            name=self.name_edit.text(),
            domain=self.domain_edit.text(),
            employees=self.employees_spin.value() or None,
            tags=tags,
            billing_model=BillingModel(self.model_combo.currentData()),
        )
        # Not undoable: there is no service to delete a client (archiving is not an undo).
        self._context.notify(("client", "client_billing_model"), (summary.id,))
        return summary
