"""Add advisor: e-mail, name, role and how long the invitation's link is valid.

Adding an advisor is inviting them (issue 16): the advisor is added (active, so billed, from
today) with an invitation; the server e-mails them a one-time link to set a password. The
dialog says what happens on this laptop: with a server, the link is e-mailed now (and shown
to copy); standalone, the invitation waits and is e-mailed once the firm is on a server.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from advisor_desk.domain.permissions import Role, role_label
from advisor_desk.services.people.invitations import VALID_DAYS
from advisor_desk.ui.admin.advisor_dialogs import ROLE_HINTS
from advisor_desk.ui.admin.fields import ServiceDialog, add_form_row, hint_label, with_error

TITLE = "Add advisor"
ONLINE = (
    "{server} e-mails them a one-time link to set their password; the link also shows here "
    "to copy. They are an active advisor, billed, from today."
)
STANDALONE = (
    "This firm is not on a server yet: the invitation waits on this laptop and is e-mailed "
    "when the firm is uploaded to a server (Administration ▸ Server…). They are an active "
    "advisor, billed, from today."
)


def intro_text(server_url: str | None) -> str:
    return ONLINE.format(server=f"The server ({server_url})") if server_url else STANDALONE


@dataclass(frozen=True)
class InviteForm:
    email: str
    name: str
    role: Role
    days: int


class InviteDialog(ServiceDialog):
    """Add advisor (an invitation): e-mail, name, role, days the link is valid."""

    def __init__(
        self,
        submit: Callable[[InviteForm], object],
        parent: QWidget | None = None,
        *,
        server_url: str | None = None,
        known: Mapping[str, tuple[str, Role]] | None = None,
    ) -> None:
        """`known`: the partner's advisors by case-folded e-mail (name, role): one typed here
        is invited as they are (their name and role filled in), giving them a login."""
        super().__init__(TITLE, "&Add advisor", submit, parent)
        self._known = dict(known or {})
        self.intro = hint_label(intro_text(server_url))
        self.add_body(self.intro)
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(10)
        form.setHorizontalSpacing(14)
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText("name@firm.example")
        self.email_edit.setMinimumWidth(300)
        cell, label = with_error(self.email_edit)
        self.known_hint = hint_label()
        self.known_hint.hide()
        cell.add_below(self.known_hint)
        add_form_row(form, "&Email:", self.email_edit, cell)
        self.errors.bind("email", self.email_edit, label)
        self.email_edit.textChanged.connect(self._on_email_changed)
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
        self.days_spin.setMaximumWidth(130)
        self.days_spin.setAccessibleName("Link valid for (days)")
        cell, label = with_error(self.days_spin)
        add_form_row(form, "Link &valid for:", self.days_spin, cell)
        self.errors.bind("days", self.days_spin, label)
        self.add_body(form_widget)
        self.finish_layout()
        self.setMinimumWidth(480)
        self.setTabOrder(self.email_edit, self.name_edit)
        self.setTabOrder(self.name_edit, self.role_combo)
        self.setTabOrder(self.role_combo, self.days_spin)
        self.email_edit.setFocus()

    def _on_email_changed(self, text: str) -> None:
        found = self._known.get(text.strip().casefold())
        self.known_hint.setVisible(found is not None)
        if found is None:
            return
        name, role = found
        self.known_hint.setText(f"{name} is an advisor already: this gives them a login.")
        self.name_edit.setText(name)
        self.role_combo.setCurrentIndex(self.role_combo.findData(role))

    def _on_role_changed(self) -> None:
        self.role_hint.setText(ROLE_HINTS[Role(self.role_combo.currentData())])

    def values(self) -> InviteForm:
        return InviteForm(
            email=self.email_edit.text(),
            name=self.name_edit.text(),
            role=Role(self.role_combo.currentData()),
            days=self.days_spin.value(),
        )
