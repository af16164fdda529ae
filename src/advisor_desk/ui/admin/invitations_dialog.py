"""Invite advisor: e-mail, name, role and how long the link is valid."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from advisor_desk.domain.permissions import Role, role_label
from advisor_desk.services.people.invitations import VALID_DAYS
from advisor_desk.ui.admin.advisor_dialogs import ROLE_HINTS
from advisor_desk.ui.admin.fields import ServiceDialog, add_form_row, hint_label, with_error


@dataclass(frozen=True)
class InviteForm:
    email: str
    name: str
    role: Role
    days: int


class InviteDialog(ServiceDialog):
    def __init__(
        self, submit: Callable[[InviteForm], object], parent: QWidget | None = None
    ) -> None:
        super().__init__("Invite advisor", "&Invite", submit, parent)
        self.add_body(
            hint_label(
                "The server e-mails them a link to set a password (the link also shows here "
                "to copy). Made offline, the invitation is sent at the next sync."
            )
        )
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(10)
        form.setHorizontalSpacing(14)
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText("name@firm.example")
        self.email_edit.setMinimumWidth(300)
        cell, label = with_error(self.email_edit)
        add_form_row(form, "&Email:", self.email_edit, cell)
        self.errors.bind("email", self.email_edit, label)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Full name, e.g. Jane Citizen")
        cell, label = with_error(self.name_edit)
        add_form_row(form, "&Name:", self.name_edit, cell)
        self.errors.bind("name", self.name_edit, label)
        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem(role_label(role), role)
        self.role_combo.setCurrentIndex(list(Role).index(Role.ADVISOR))
        self.role_hint = hint_label()
        self.role_combo.currentIndexChanged.connect(self._on_role_changed)
        self._on_role_changed()
        cell, label = with_error(self.role_combo)
        cell.add_below(self.role_hint)
        add_form_row(form, "&Role:", self.role_combo, cell)
        self.errors.bind("role", self.role_combo, label)
        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, 90)
        self.days_spin.setValue(VALID_DAYS)
        self.days_spin.setSuffix(" days")
        cell, label = with_error(self.days_spin)
        add_form_row(form, "&Valid for:", self.days_spin, cell)
        self.errors.bind("days", self.days_spin, label)
        self.add_body(form_widget)
        self.finish_layout()
        self.email_edit.setFocus()

    def _on_role_changed(self) -> None:
        self.role_hint.setText(ROLE_HINTS[Role(self.role_combo.currentData())])

    def values(self) -> InviteForm:
        return InviteForm(
            email=self.email_edit.text(),
            name=self.name_edit.text(),
            role=Role(self.role_combo.currentData()),
            days=self.days_spin.value(),
        )
