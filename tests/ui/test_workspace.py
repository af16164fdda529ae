"""The client workspace: log in and back, members and tiers, advisors' access, editing, undo."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.people import advisors, members
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.templates.onboarding_wizard import OnboardingWizard
from advisor_desk.ui.workspace.client_dialog import EditClientDialog
from advisor_desk.ui.workspace.member_dialogs import AddMemberDialog, ChangeTierDialog
from advisor_desk.ui.workspace.page import ClientWorkspace

T = TypeVar("T")


def log_in(qtbot: QtBot, window: MainWindow, client_id: str) -> ClientWorkspace:
    """Select the client in the tree and press Enter, as a keyboard user would."""
    assert window.panel is not None
    index = window.panel.model.client_indexes(client_id)[0]
    window.panel.view.setFocus()
    window.panel.view.setCurrentIndex(index)
    qtbot.keyClick(window.panel.view, Qt.Key.Key_Return)
    workspace = window.workspace
    assert workspace is not None
    assert window.centre.currentWidget() is workspace
    return workspace


def active_dialog(qtbot: QtBot, kind: type[T]) -> T:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, kind)
    return dialog


def test_log_in_to_a_client_and_go_back(
    qtbot: QtBot, window: MainWindow, client_ids: dict[str, str]
) -> None:
    workspace = log_in(qtbot, window, client_ids["acme"])
    assert workspace.title.text() == "Acme Logistics"
    assert workspace.back_button.text() == "Back to Harbour Risk Partners"
    assert workspace.model_badge.text() == "Reseller"
    assert workspace.subtitle.text().startswith("1 R&C · 1 free")
    assert window.actions.back.isEnabled()

    qtbot.mouseClick(workspace.back_button, Qt.MouseButton.LeftButton)
    assert window.centre.currentWidget() is window.home
    assert window.panel is not None
    assert window.panel.view.hasFocus()

    log_in(qtbot, window, client_ids["globex"])
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.centre.currentWidget() is window.home


def test_overview_shows_the_charge_of_this_period(
    qtbot: QtBot, window: MainWindow, client_ids: dict[str, str]
) -> None:
    workspace = log_in(qtbot, window, client_ids["acme"])
    overview = workspace.overview
    qtbot.waitUntil(lambda: overview.charge.value.text() != "…", timeout=10_000)
    assert overview.licenses_now.value.text() == "2"
    assert overview.licenses_period.value.text() == "2"
    assert overview.charge.value.text() == "$79.00"  # 1 R&C at 79.00, 1 free
    assert overview.model_card.value.text() == "Reseller"
    assert overview.history_model.rowCount() == 1


def test_add_a_member_then_change_the_tier_keeping_history(
    qtbot: QtBot, window: MainWindow, context: AppContext, client_ids: dict[str, str]
) -> None:
    workspace = log_in(qtbot, window, client_ids["initech"])
    workspace.show_tab("members")
    tab = workspace.members
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = active_dialog(qtbot, AddMemberDialog)
    qtbot.keyClicks(dialog.name_edit, "Ada Lovelace")
    qtbot.keyClicks(dialog.email_edit, "ada@initech")  # not an address yet
    dialog.tier_combo.setCurrentIndex(dialog.tier_combo.findData("just_risk"))
    dialog.start_edit.setDate(QDate(2026, 2, 1))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "not an email address" in dialog.errors.message("email")  # type: ignore[union-attr]

    qtbot.keyClicks(dialog.email_edit, ".example")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    [ada] = members.list_members(context.store, client_ids["initech"])
    assert (ada.name, ada.tier, ada.history[0].start) == (
        "Ada Lovelace",
        LicenseTier.JUST_RISK,
        dt.date(2026, 2, 1),
    )
    assert tab.model.rowCount() == 1
    selected = tab.selected()
    assert selected is not None
    assert selected.id == ada.id
    assert "1 JR" in workspace.subtitle.text()

    qtbot.keyClick(tab.table, Qt.Key.Key_Return)  # Enter: change the tier
    change = active_dialog(qtbot, ChangeTierDialog)
    change.tier_combo.setCurrentIndex(change.tier_combo.findData("risk_compliance"))
    change.effective_edit.setDate(QDate(2026, 4, 1))
    qtbot.mouseClick(change.ok_button, Qt.MouseButton.LeftButton)
    assert not change.isVisible()

    [ada] = members.list_members(context.store, client_ids["initech"])
    assert [(s.tier, s.start, s.end) for s in ada.history] == [
        (LicenseTier.JUST_RISK, dt.date(2026, 2, 1), dt.date(2026, 4, 1)),
        (LicenseTier.RISK_COMPLIANCE, dt.date(2026, 4, 1), None),
    ]
    assert tab.history_model.rowCount() == 2  # newest first, both kept
    first = tab.history_model.index(0, 0).data()
    assert (first, tab.history_model.index(1, 0).data()) == ("Risk & Compliance", "Just Risk")
    assert tab.model.index(0, 2).data() == "Risk & Compliance"


def test_a_tier_change_before_the_current_tier_is_refused_at_the_field(
    qtbot: QtBot, window: MainWindow, client_ids: dict[str, str]
) -> None:
    workspace = log_in(qtbot, window, client_ids["acme"])
    workspace.show_tab("members")
    tab = workspace.members
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.tier_button, Qt.MouseButton.LeftButton)
    change = active_dialog(qtbot, ChangeTierDialog)
    change.tier_combo.setCurrentIndex(change.tier_combo.findData("free"))
    change.effective_edit.setDate(QDate(2025, 12, 1))
    qtbot.mouseClick(change.ok_button, Qt.MouseButton.LeftButton)
    assert change.isVisible()
    assert "before the current tier started" in change.errors.message("effective")  # type: ignore[union-attr]
    qtbot.mouseClick(
        change.buttons.button(change.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    assert not change.isVisible()


def test_give_and_remove_access_with_undo(
    qtbot: QtBot, window: MainWindow, context: AppContext, client_ids: dict[str, str]
) -> None:
    ana = advisors.add_advisor(context.store, email="ana@harbour.example", name="Ana Souza")
    workspace = log_in(qtbot, window, client_ids["globex"])
    workspace.show_tab("advisors")
    tab = workspace.access
    tab.reload()
    assert tab.model.rowCount() == 0
    tab.candidates.setCurrentIndex(tab.candidates.findData(ana.id))
    qtbot.mouseClick(tab.give_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 1
    assert advisors.list_advisors(context.store)[0].client_ids == (client_ids["globex"],)

    window.actions.undo.trigger()
    assert tab.model.rowCount() == 0
    assert advisors.list_advisors(context.store)[0].client_ids == ()
    window.actions.redo.trigger()
    assert tab.model.rowCount() == 1

    tab.table.selectRow(0)
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 0
    assert advisors.list_advisors(context.store)[0].client_ids == ()


def test_edit_the_client_and_undo(
    qtbot: QtBot, window: MainWindow, context: AppContext, client_ids: dict[str, str]
) -> None:
    workspace = log_in(qtbot, window, client_ids["initech"])
    qtbot.mouseClick(workspace.edit_button, Qt.MouseButton.LeftButton)
    dialog = active_dialog(qtbot, EditClientDialog)
    dialog.domain_edit.setText("not a domain")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "is not a website domain" in dialog.errors.message("domain")  # type: ignore[union-attr]
    dialog.domain_edit.setText("initech.example")
    dialog.name_edit.setText("Initech Pty Ltd")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert workspace.title.text() == "Initech Pty Ltd"
    assert clients.get_client(context.store, client_ids["initech"]).domain == "initech.example"

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    summary = clients.get_client(context.store, client_ids["initech"])
    assert (summary.name, summary.domain) == ("Initech", "")
    assert workspace.title.text() == "Initech"


def test_the_table_models_pass_the_model_tester(
    qtmodeltester: ModelTester, qtbot: QtBot, window: MainWindow, client_ids: dict[str, str]
) -> None:
    workspace = log_in(qtbot, window, client_ids["acme"])
    workspace.members.table.selectRow(0)
    qtmodeltester.check(workspace.members.model, force_py=True)
    qtmodeltester.check(workspace.members.history_model, force_py=True)
    qtmodeltester.check(workspace.overview.history_model, force_py=True)


def test_the_client_dialog_edits_a_multi_line_address_with_undo(
    qtbot: QtBot, window: MainWindow, context: AppContext, client_ids: dict[str, str]
) -> None:
    workspace = log_in(qtbot, window, client_ids["initech"])
    qtbot.mouseClick(workspace.edit_button, Qt.MouseButton.LeftButton)
    dialog = active_dialog(qtbot, EditClientDialog)
    box = dialog.address_edit
    assert isinstance(box, QPlainTextEdit)
    assert box.toPlainText() == ""
    assert box.height() >= 3 * box.fontMetrics().lineSpacing()  # a few lines, not one
    box.setPlainText("1 Quay St\x07")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "control character" in dialog.errors.message("address")  # type: ignore[union-attr]
    assert dialog.isVisible()
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "Level 3, 12 Quay Street")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter starts a new line, it does not save
    assert dialog.isVisible()
    qtbot.keyClicks(box, "Auckland 1010")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    address = "Level 3, 12 Quay Street\nAuckland 1010"
    assert clients.get_client(context.store, client_ids["initech"]).address == address

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert clients.get_client(context.store, client_ids["initech"]).address == ""
    qtbot.mouseClick(workspace.edit_button, Qt.MouseButton.LeftButton)
    again = active_dialog(qtbot, EditClientDialog)
    assert again.address_edit.toPlainText() == ""
    again.reject()


def test_the_onboarding_details_page_checks_the_address(
    qtbot: QtBot, context: AppContext, client_ids: dict[str, str]
) -> None:
    wizard = OnboardingWizard(context)
    qtbot.addWidget(wizard)
    page = wizard.details_page
    page.name_edit.setText("Umbrella")
    page.address_edit.setPlainText("1 Quay St\x00")
    assert not page.isComplete()
    assert page.problem("address") == "must not contain a NUL character"
    page.address_edit.setPlainText("1 Quay St\nAuckland")
    assert page.isComplete()
    assert wizard.request().address == "1 Quay St\nAuckland"
