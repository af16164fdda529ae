"""Edit ▸ Undo / Redo of adding a member, changing a tier, removing a member and creating a
client (the onboarding wizard), driven through the real dialogs."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.charges import charges_for_period
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.people import members
from advisor_desk.services.people.members import MemberSummary
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.templates.onboarding_wizard import OnboardingWizard
from advisor_desk.ui.workspace.member_dialogs import (
    AddMemberDialog,
    ChangeTierDialog,
    RemoveMemberDialog,
)
from advisor_desk.ui.workspace.members import MembersTab
from tests.helpers.templates import cyber_template, make_library
from tests.ui.test_workspace import active_dialog, log_in

D = dt.date
MAY, JUNE = Period(2026, 5), Period(2026, 6)


def _members_tab(qtbot: QtBot, window: MainWindow, client_id: str) -> MembersTab:
    workspace = log_in(qtbot, window, client_id)
    workspace.show_tab("members")
    return workspace.members


def _history(context: AppContext, client_id: str) -> list[tuple[str, tuple[object, ...]]]:
    return [
        (m.name, tuple((s.tier, s.start, s.end) for s in m.history))
        for m in members.list_members(context.store, client_id)
    ]


def _billing(context: AppContext) -> tuple[object, object]:
    return charges_for_period(context.store, MAY), charges_for_period(context.store, JUNE)


def _select(tab: MembersTab, name: str) -> MemberSummary:
    row = next(r for r in range(tab.model.rowCount()) if tab.model.index(r, 0).data() == name)
    tab.table.selectRow(row)
    selected = tab.selected()
    assert selected is not None
    return selected


def _ok(qtbot: QtBot, dialog: AddMemberDialog | ChangeTierDialog | RemoveMemberDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_undo_and_redo_adding_a_member(
    qtbot: QtBot, window: MainWindow, context: AppContext, client_ids: dict[str, str]
) -> None:
    acme = client_ids["acme"]
    tab = _members_tab(qtbot, window, acme)
    seen, billed = _history(context, acme), _billing(context)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = active_dialog(qtbot, AddMemberDialog)
    qtbot.keyClicks(dialog.name_edit, "Ada Lovelace")
    qtbot.keyClicks(dialog.email_edit, "ada@acme.example")
    dialog.tier_combo.setCurrentIndex(dialog.tier_combo.findData("just_risk"))
    dialog.start_edit.setDate(QDate(2026, 5, 2))
    _ok(qtbot, dialog)
    assert tab.model.rowCount() == 3
    assert window.actions.undo.text() == "&Undo Add member Ada Lovelace"

    window.actions.undo.trigger()
    assert tab.model.rowCount() == 2
    assert _history(context, acme) == seen
    assert _billing(context) == billed
    assert window.workspace is not None
    assert window.workspace.subtitle.text().startswith("1 R&C · 1 free")

    window.actions.redo.trigger()
    assert tab.model.rowCount() == 3
    ada = next(m for m in members.list_members(context.store, acme) if m.name == "Ada Lovelace")
    assert (ada.tier, ada.history[0].start) == (LicenseTier.JUST_RISK, D(2026, 5, 2))
    window.actions.undo.trigger()  # takes back the redone member (a new row)
    assert _history(context, acme) == seen
    assert window.actions.redo.text() == "&Redo Add member Ada Lovelace"


def test_undo_and_redo_a_tier_change(
    qtbot: QtBot, window: MainWindow, context: AppContext, client_ids: dict[str, str]
) -> None:
    acme = client_ids["acme"]
    tab = _members_tab(qtbot, window, acme)
    seen, billed = _history(context, acme), _billing(context)
    _select(tab, "Jo Smith")
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    change = active_dialog(qtbot, ChangeTierDialog)
    change.tier_combo.setCurrentIndex(change.tier_combo.findData("just_risk"))
    change.effective_edit.setDate(QDate(2026, 6, 1))
    _ok(qtbot, change)
    assert window.actions.undo.text() == "&Undo Change Jo Smith's tier to Just Risk"
    assert tab.history_model.rowCount() == 2

    window.actions.undo.trigger()
    assert _history(context, acme) == seen
    assert _billing(context) == billed
    assert tab.history_model.rowCount() == 1  # the selection and its history follow
    assert tab.model.index(0, 2).data() == "Risk & Compliance"

    window.actions.redo.trigger()
    jo = next(m for m in members.list_members(context.store, acme) if m.name == "Jo Smith")
    assert [(s.tier, s.end) for s in jo.history] == [
        (LicenseTier.RISK_COMPLIANCE, D(2026, 6, 1)),
        (LicenseTier.JUST_RISK, None),
    ]


def test_undo_removing_a_member_reopens_the_license(
    qtbot: QtBot, window: MainWindow, context: AppContext, client_ids: dict[str, str]
) -> None:
    acme = client_ids["acme"]
    tab = _members_tab(qtbot, window, acme)
    seen, billed = _history(context, acme), _billing(context)
    _select(tab, "Sam Lee")
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    remove = active_dialog(qtbot, RemoveMemberDialog)
    remove.on_edit.setDate(QDate(2026, 5, 20))
    _ok(qtbot, remove)
    assert "Sam Lee" in [m.name for m in members.list_members(context.store, acme)]
    assert window.actions.undo.text() == "&Undo Remove Sam Lee"

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _history(context, acme) == seen
    assert _billing(context) == billed
    assert [tab.model.index(r, 2).data() for r in range(2)] == ["Risk & Compliance", "Free"]


def test_an_undo_the_data_moved_past_is_reported_and_dropped(
    qtbot: QtBot, window: MainWindow, context: AppContext, client_ids: dict[str, str]
) -> None:
    acme = client_ids["acme"]
    tab = _members_tab(qtbot, window, acme)
    jo = _select(tab, "Jo Smith")
    qtbot.mouseClick(tab.tier_button, Qt.MouseButton.LeftButton)
    change = active_dialog(qtbot, ChangeTierDialog)
    change.tier_combo.setCurrentIndex(change.tier_combo.findData("free"))
    change.effective_edit.setDate(QDate(2026, 6, 1))
    _ok(qtbot, change)
    members.change_tier(context.store, jo.id, LicenseTier.JUST_RISK, D(2026, 7, 1))  # a sync
    moved_on = _history(context, acme)

    with qtbot.waitSignal(context.problem_reported) as reported:
        window.actions.undo.trigger()
    assert reported.args is not None
    assert "Jo Smith's license tiers changed since" in reported.args[0]
    assert _history(context, acme) == moved_on
    assert context.undo_stack.count() == 0  # dropped: a second undo cannot try again
    box = active_dialog(qtbot, QMessageBox)
    box.accept()


def test_undo_and_redo_creating_a_client_with_the_wizard(
    qtbot: QtBot, window: MainWindow, context: AppContext, client_ids: dict[str, str]
) -> None:
    cyber_template(context.store, make_library(context.store, partner=False))
    names = [c.name for c in clients.list_clients(context.store)]
    billed = _billing(context)
    window.actions.new_client.trigger()
    wizard = active_dialog(qtbot, OnboardingWizard)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(wizard.details_page.name_edit, "Dune Energy")
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    wizard.members_page.add_member("Kim Ng", "kim@dune.example")
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.review_page
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    first_id = wizard.client_id
    assert window.workspace is not None
    assert window.workspace.client_id == first_id
    assert _billing(context) != billed  # Kim is an R&C member from today
    assert window.actions.undo.text() == "&Undo Create client Dune Energy"

    window.actions.undo.trigger()
    assert [c.name for c in clients.list_clients(context.store)] == names
    assert _billing(context) == billed
    assert window.centre.currentWidget() is window.home  # its workspace closed
    assert window.panel is not None
    qtbot.waitUntil(lambda: not window.panel.model.client_indexes(first_id))  # type: ignore[union-attr]

    window.actions.redo.trigger()
    [dune] = [c for c in clients.list_clients(context.store) if c.name == "Dune Energy"]
    assert dune.id != first_id
    assert dune.licenses[LicenseTier.RISK_COMPLIANCE] == 1
    qtbot.waitUntil(lambda: bool(window.panel.model.client_indexes(dune.id)))  # type: ignore[union-attr]
    window.actions.undo.trigger()
    assert [c.name for c in clients.list_clients(context.store)] == names
    assert _billing(context) == billed
