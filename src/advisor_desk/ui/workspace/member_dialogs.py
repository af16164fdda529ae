"""Add a member, change a member's tier from a date, remove a member from a date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services import members
from advisor_desk.services.members import MemberSummary
from advisor_desk.store.engine import Store
from advisor_desk.ui.dialogs import ServiceDialog
from advisor_desk.ui.widgets import date_edit, format_day, from_qdate

TIERS_HIGH_FIRST = sorted(LicenseTier, key=lambda t: t.rank, reverse=True)


def tier_combo(current: LicenseTier | None = None) -> QComboBox:
    combo = QComboBox()
    for tier in TIERS_HIGH_FIRST:
        combo.addItem(tier.label, tier.value)
    if current is not None:
        combo.setCurrentIndex(combo.findData(current.value))
    return combo


class AddMemberDialog(ServiceDialog):
    def __init__(
        self,
        store: Store,
        client_id: str,
        client_name: str,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            f"Add a member to {client_name}",
            "The member's license is billed from the start date.",
            parent,
        )
        self._store = store
        self._client_id = client_id
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Jo Citizen")
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText("jo@client.example")
        self.tier_combo = tier_combo(LicenseTier.RISK_COMPLIANCE)
        self.start_edit = date_edit(today)
        self.form.addRow("&Name", self.name_edit)
        self.form.addRow("&Email", self.email_edit)
        self.form.addRow("License &tier", self.tier_combo)
        self.form.addRow("&Starts on", self.start_edit)
        self.finish_form(
            {
                "name": self.name_edit,
                "email": self.email_edit,
                "tier": self.tier_combo,
                "start": self.start_edit,
            },
            "&Add member",
        )

    def submit(self) -> MemberSummary:
        return members.add_member(
            self._store,
            self._client_id,
            email=self.email_edit.text(),
            name=self.name_edit.text(),
            tier=LicenseTier(self.tier_combo.currentData()),
            start=from_qdate(self.start_edit.date()),
        )


class ChangeTierDialog(ServiceDialog):
    def __init__(
        self, store: Store, member: MemberSummary, today: dt.date, parent: QWidget | None = None
    ) -> None:
        current = member.tier.label if member.tier else "no license"
        super().__init__(
            f"Change {member.name}'s tier",
            f"Now: {current}. The current tier ends the day the new one starts; "
            "the history is kept.",
            parent,
        )
        self._store = store
        self._member = member
        self.tier_combo = tier_combo(member.tier)
        self.effective_edit = date_edit(today)
        self.form.addRow("New &tier", self.tier_combo)
        self.form.addRow("&From", self.effective_edit)
        self.finish_form(
            {"tier": self.tier_combo, "effective": self.effective_edit}, "&Change tier"
        )

    def submit(self) -> MemberSummary:
        return members.change_tier(
            self._store,
            self._member.id,
            LicenseTier(self.tier_combo.currentData()),
            from_qdate(self.effective_edit.date()),
        )


class RemoveMemberDialog(ServiceDialog):
    def __init__(
        self, store: Store, member: MemberSummary, today: dt.date, parent: QWidget | None = None
    ) -> None:
        since = member.history[-1].start if member.history else None
        super().__init__(
            f"Remove {member.name}",
            f"{member.name}'s license ends on the date below (held since {format_day(since)}). "
            "Past months stay billed as they were.",
            parent,
        )
        self._store = store
        self._member = member
        self.on_edit = date_edit(today)
        self.form.addRow("Leaves &on", self.on_edit)
        self.finish_form({"on": self.on_edit}, "&Remove member", {"member": "on"})

    def submit(self) -> MemberSummary:
        return members.remove_member(self._store, self._member.id, from_qdate(self.on_edit.date()))
