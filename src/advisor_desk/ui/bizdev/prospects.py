"""Prospects in the window: add (name, domain, industry, a first contact), Edit… a
prospect's name, domain and industry (`prospects.apply_edit_prospect`), see and add
contacts, import from CSV (every bad row named by its line, nothing added unless all are
good), and "Convert to client…": the onboarding wizard from a template, the prospect's
reviews, assessments and adopted risks kept (`prospects.apply_convert_prospect`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.services.bizdev.prospects import (
    ProspectSummary,
    apply_add_contact,
    apply_add_prospect,
    apply_convert_prospect,
    apply_edit_prospect,
    apply_import_prospects,
    contact_list,
    list_prospects,
)
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.templates.onboarding_wizard import OnboardingWizard
from advisor_desk.ui.widgets import show_problem


def prospect_named(context: AppContext, name: str) -> ProspectSummary | None:
    for row in run_query(context.store, list_prospects, include_converted=True):
        if row.name.casefold() == name.casefold():
            return row
    return None


class ProspectDialog(QDialog):
    """A new prospect (every field), or an existing one: its facts (changed with Edit…) and
    its contacts, to which more can be added."""

    def __init__(
        self,
        context: AppContext,
        prospect: ProspectSummary | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.prospect = prospect
        self.saved: ProspectSummary | None = None
        self.setWindowTitle(f"Prospect — {prospect.name}" if prospect else "New prospect")
        self.setMinimumWidth(480)
        self.name = QLineEdit(prospect.name if prospect else "")
        self.domain = QLineEdit(prospect.domain if prospect else "")
        self.domain.setPlaceholderText("example.com")
        self.industry = QLineEdit(prospect.industry if prospect else "")
        for field in (self.name, self.domain, self.industry):
            field.setReadOnly(prospect is not None)  # an existing one's change with Edit…
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.clicked.connect(self.edit)
        self.edit_button.setVisible(prospect is not None)
        self.contacts = QListWidget()
        self.contact_name = QLineEdit()
        self.contact_name.setPlaceholderText("Contact name")
        self.contact_email = QLineEdit()
        self.contact_email.setPlaceholderText("contact@example.com")
        self.add_contact_button = QPushButton("Add &contact")
        self.add_contact_button.clicked.connect(self.add_contact)
        self.add_contact_button.setVisible(prospect is not None)
        contact_row = QHBoxLayout()
        contact_row.addWidget(self.contact_name)
        contact_row.addWidget(self.contact_email)
        contact_row.addWidget(self.add_contact_button)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b42318")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Domain:", self.domain)
        form.addRow("&Industry:", self.industry)
        if prospect is not None:
            form.addRow("", self.edit_button)
            form.addRow("Contacts:", self.contacts)
        form.addRow("Contact:" if prospect is None else "New contact:", contact_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            if prospect is None
            else QDialogButtonBox.StandardButton.Close
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.reload_contacts()

    def reload_contacts(self) -> None:
        self.contacts.clear()
        if self.prospect is None:
            return
        for name, email in run_query(self.context.store, contact_list, self.prospect.name):
            self.contacts.addItem(f"{name} <{email}>" if name else email)

    def edit(self) -> EditProspectDialog:
        """Edit… the prospect's name, domain and industry in a dialog of their own; shown
        here once saved."""
        assert self.prospect is not None
        dialog = EditProspectDialog(self.context, self.prospect, self)
        dialog.accepted.connect(lambda: self._edited(dialog.saved))
        dialog.open()
        return dialog

    def _edited(self, saved: ProspectSummary | None) -> None:
        if saved is None:
            return
        self.prospect = saved
        self.setWindowTitle(f"Prospect — {saved.name}")
        self.name.setText(saved.name)
        self.domain.setText(saved.domain)
        self.industry.setText(saved.industry)

    def add_contact(self) -> None:
        assert self.prospect is not None
        if self._run(
            apply_add_contact,
            self.prospect.name,
            name=self.contact_name.text(),
            email=self.contact_email.text(),
        ):
            self.contact_name.clear()
            self.contact_email.clear()
            self.reload_contacts()

    def _run(self, op: Callable[..., ProspectSummary], *args: object, **kwargs: object) -> bool:
        try:
            done = run_op(self.context.store, op, *args, **kwargs)
        except ValidationError as error:
            self.error.setText("\n".join(error.lines()))
            return False
        except ServiceError as error:
            self.error.setText(str(error))
            return False
        self.error.clear()
        self.saved = done.value
        self.context.notify(done.changes)
        return True

    def accept(self) -> None:
        if self.prospect is not None:
            super().accept()
            return
        if self._run(
            apply_add_prospect,
            self.name.text(),
            domain=self.domain.text(),
            industry=self.industry.text(),
            contact_email=self.contact_email.text(),
            contact_name=self.contact_name.text(),
        ):
            super().accept()


class EditProspectDialog(QDialog):
    """A prospect's name, domain and industry; Save changes them
    (`prospects.apply_edit_prospect`), a refusal named by its field below."""

    def __init__(
        self, context: AppContext, prospect: ProspectSummary, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.prospect = prospect
        self.saved: ProspectSummary | None = None
        self.setWindowTitle(f"Edit prospect — {prospect.name}")
        self.setMinimumWidth(420)
        self.name = QLineEdit(prospect.name)
        self.domain = QLineEdit(prospect.domain)
        self.domain.setPlaceholderText("example.com")
        self.industry = QLineEdit(prospect.industry)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b42318")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Domain:", self.domain)
        form.addRow("&Industry:", self.industry)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            done = run_op(
                self.context.store,
                apply_edit_prospect,
                self.prospect.name,
                name=self.name.text(),
                domain=self.domain.text(),
                industry=self.industry.text(),
            )
        except ValidationError as error:
            self.error.setText("\n".join(error.lines()))
            return
        except ServiceError as error:
            self.error.setText(str(error))
            return
        self.error.clear()
        self.saved = done.value
        self.context.notify(done.changes)
        super().accept()


def edit_prospect(
    context: AppContext, prospect: ProspectSummary, parent: QWidget | None = None
) -> EditProspectDialog:
    """The Edit… action: open the prospect's edit dialog (not modal)."""
    dialog = EditProspectDialog(context, prospect, parent)
    dialog.open()
    return dialog


def import_prospects(context: AppContext, parent: QWidget, path: str | None = None) -> int | None:
    """Prospects from a CSV or .xlsx file; the count added, or None (refused or cancelled)."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            parent, "Import prospects", "", "Tables (*.csv *.xlsx)"
        )
        if not path:
            return None
    file = Path(path)
    try:
        done = run_op(context.store, apply_import_prospects, file.read_bytes(), source=file.name)
    except ValidationError as error:
        lines = error.lines()
        show_problem(parent, "Import prospects", "Nothing was added.\n\n" + "\n".join(lines[:12]))
        return None
    except (ServiceError, OSError) as error:
        show_problem(parent, "Import prospects", str(error))
        return None
    context.notify(done.changes)
    return int(done.value)


class ConvertWizard(OnboardingWizard):
    """The onboarding wizard for a prospect: its name and domain filled in, Finish converts
    it (the prospect's reviews, assessments and adopted risks now belong to the client)."""

    def __init__(
        self, context: AppContext, prospect: ProspectSummary, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.prospect = prospect
        self.setWindowTitle(f"Convert {prospect.name} to a client")
        self.details_page.name_edit.setText(prospect.name)
        if prospect.domain:
            self.details_page.domain_edit.setText(prospect.domain)

    def create(self) -> str:
        done = run_op(
            self.context.store, apply_convert_prospect, self.prospect.name, self.request()
        )
        self.client_id = str(done.value)
        self.context.notify(done.changes)
        self.client_created.emit(self.client_id)
        return self.client_id
