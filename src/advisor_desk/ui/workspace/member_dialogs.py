"""Add a member, change a member's tier from a date, remove a member from a date: undoable.

Each dialog's OK runs the edit through `services.member_undo` and onto the undo stack; undo
puts the member's license history back exactly, redo makes the edit again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.people import member_undo, members
from advisor_desk.services.people.member_undo import MemberEdit
from advisor_desk.services.people.members import MemberSummary
from advisor_desk.ui.commands import push_edit
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.dates import date_edit
from advisor_desk.ui.dialogs import ServiceDialog
from advisor_desk.ui.widgets import format_day
from advisor_desk.ui.words import possessive

MEMBER_ENTITIES = ("member", "member_license")
TIERS_HIGH_FIRST = sorted(LicenseTier, key=lambda t: t.rank, reverse=True)


def push_member_edit(
    context: AppContext, text: str, client_id: str, edit: Callable[[], MemberEdit]
) -> MemberSummary:
    """Make a member edit now and put it on the undo stack; a refusal reaches the caller.

    Undo takes back the latest run of the edit (a redo makes new intervals, or a new member).
    """
    latest: list[MemberEdit] = []

    def do() -> MemberSummary:
        done = edit()
        latest[:] = [done]
        return done.member

    def undo() -> None:
        if latest:
            member_undo.undo_member_edit(context.store, latest[0])

    member: MemberSummary = push_edit(context, text, do, undo, MEMBER_ENTITIES, ids=(client_id,))
    return member


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
        context: AppContext,
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
        self._context = context
        self._client_id = client_id
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Jo Citizen")
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText("jo@client.example")
        self.tier_combo = tier_combo(LicenseTier.RISK_COMPLIANCE)
        self.start_edit = date_edit(today, today=today)
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
        store, client_id = self._context.store, self._client_id
        email, name = self.email_edit.text(), self.name_edit.text()
        tier = LicenseTier(self.tier_combo.currentData())
        start = self.start_edit.checked_date("start")
        return push_member_edit(
            self._context,
            f"Add member {name.strip()}",
            client_id,
            lambda: member_undo.record_edit(
                store,
                members.apply_add_member,
                client_id,
                email=email,
                name=name,
                tier=tier,
                start=start,
            ),
        )


class ChangeTierDialog(ServiceDialog):
    def __init__(
        self,
        context: AppContext,
        member: MemberSummary,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        current = member.tier.label if member.tier else "no license"
        super().__init__(
            f"Change {possessive(member.name)} tier",
            f"Now: {current}. The current tier ends the day the new one starts; "
            "the history is kept.",
            parent,
        )
        self._context = context
        self._member = member
        self.tier_combo = tier_combo(member.tier)
        self.effective_edit = date_edit(today, today=today)
        self.form.addRow("New &tier", self.tier_combo)
        self.form.addRow("&From", self.effective_edit)
        self.finish_form(
            {"tier": self.tier_combo, "effective": self.effective_edit}, "&Change tier"
        )

    def submit(self) -> MemberSummary:
        store, member = self._context.store, self._member
        tier = LicenseTier(self.tier_combo.currentData())
        effective = self.effective_edit.checked_date("effective")
        return push_member_edit(
            self._context,
            f"Change {possessive(member.name)} tier to {tier.label}",
            member.client_id,
            lambda: member_undo.record_edit(
                store, members.apply_change_tier, member.id, tier, effective
            ),
        )


class RemoveMemberDialog(ServiceDialog):
    def __init__(
        self,
        context: AppContext,
        member: MemberSummary,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        since = member.history[-1].start if member.history else None
        super().__init__(
            f"Remove {member.name}",
            f"{possessive(member.name)} license ends on the date below "
            f"(held since {format_day(since)}). "
            "Past months stay billed as they were.",
            parent,
        )
        self._context = context
        self._member = member
        self.on_edit = date_edit(today, today=today)
        self.form.addRow("Leaves &on", self.on_edit)
        self.finish_form({"on": self.on_edit}, "&Remove member", {"member": "on"})

    def submit(self) -> MemberSummary:
        store, member = self._context.store, self._member
        on = self.on_edit.checked_date("on")
        return push_member_edit(
            self._context,
            f"Remove {member.name}",
            member.client_id,
            lambda: member_undo.record_edit(store, members.apply_remove_member, member.id, on),
        )
