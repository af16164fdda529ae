"""Dialogs of the users panel: edit an advisor, and pick a (de)activation date. (Adding an
advisor is an invitation: ui/admin/invitations_dialog.py, ui/admin/add_advisor.py.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from advisor_desk.domain.permissions import Role, role_label
from advisor_desk.services.people.advisors import AdvisorSummary
from advisor_desk.ui.admin.fields import ServiceDialog, add_form_row, hint_label, with_error
from advisor_desk.ui.dates import date_edit, from_qdate

ROLE_HINTS = {
    Role.ADMINISTRATOR: "Sees every client; manages billing, settings, advisors and access.",
    Role.POWER_USER: "Sees the clients given to them; creates and archives clients, "
    "publishes and pushes library content, edits templates, issues documents.",
    Role.ADVISOR: "Sees the clients given to them; works on their members, reviews and "
    "assessments.",
}


@dataclass(frozen=True)
class AdvisorForm:
    name: str
    role: Role


class AdvisorDialog(ServiceDialog):
    """Edit an advisor: name and role (the e-mail identifies them and cannot change)."""

    def __init__(
        self,
        submit: Callable[[AdvisorForm], object],
        advisor: AdvisorSummary,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Edit {advisor.name}", "&Save", submit, parent)
        self._advisor = advisor
        self.add_body(hint_label("The email address identifies the advisor and cannot be changed."))

        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(10)
        form.setHorizontalSpacing(14)

        self.name_edit = QLineEdit(advisor.name)
        self.name_edit.setPlaceholderText("Full name, e.g. Jane Citizen")
        self.name_edit.setMinimumWidth(300)
        cell, label = with_error(self.name_edit)
        add_form_row(form, "&Name:", self.name_edit, cell)
        self.errors.bind("name", self.name_edit, label)

        self.email_edit = QLineEdit(advisor.email)
        self.email_edit.setReadOnly(True)
        add_form_row(form, "&Email:", self.email_edit, self.email_edit)

        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem(role_label(role), role)
        self.role_combo.setCurrentIndex(list(Role).index(advisor.role))
        self.role_hint = hint_label()
        self.role_combo.currentIndexChanged.connect(self._on_role_changed)
        self._on_role_changed()
        cell, label = with_error(self.role_combo)
        cell.add_below(self.role_hint)
        add_form_row(form, "&Role:", self.role_combo, cell)
        self.errors.bind("role", self.role_combo, label)

        self.add_body(form_widget)
        self.finish_layout()
        self.setTabOrder(self.name_edit, self.email_edit)
        self.setTabOrder(self.email_edit, self.role_combo)
        self.name_edit.setFocus()

    def _on_role_changed(self) -> None:
        self.role_hint.setText(ROLE_HINTS[self.role()])

    def role(self) -> Role:
        return Role(self.role_combo.currentData())

    def values(self) -> AdvisorForm:
        return AdvisorForm(name=self.name_edit.text(), role=self.role())


class DateDialog(ServiceDialog):
    """One date (deactivate from / reactivate from), with a line saying what it means."""

    def __init__(
        self,
        title: str,
        intro: str,
        label_text: str,
        ok_text: str,
        submit: Callable[[dt.date], object],
        day: dt.date,
        minimum: dt.date | None = None,
        explain: Callable[[dt.date], str] | None = None,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(title, ok_text, submit, parent)
        self._explain = explain
        self.add_body(hint_label(intro))
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(14)
        self.date_edit = date_edit(day, minimum, today=today)
        self.date_edit.setMinimumWidth(160)
        cell, label = with_error(self.date_edit)
        self.explanation = hint_label()
        cell.add_below(self.explanation)
        add_form_row(form, label_text, self.date_edit, cell)
        self.errors.bind("on", self.date_edit, label)
        self.add_body(form_widget)
        self.finish_layout()
        self.date_edit.dateChanged.connect(self._on_date_changed)
        self._on_date_changed()
        self.setMinimumWidth(420)
        self.date_edit.setFocus()

    def _on_date_changed(self) -> None:
        shown = from_qdate(self.date_edit.date())
        text = self._explain(shown) if self._explain else ""
        self.explanation.setText(text)
        self.explanation.setVisible(bool(text))

    def values(self) -> dt.date:
        return self.date_edit.checked_date("on")
