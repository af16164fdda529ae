"""Administration → Users, driven through its real buttons, dialogs and keys."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from advisor_desk.services.people import advisors
from advisor_desk.services.people.access_log import access_log
from advisor_desk.services.people.advisors import AdvisorSummary, Role
from advisor_desk.services.people.invitations import list_invitations
from advisor_desk.ui.admin import UsersPanel
from advisor_desk.ui.admin.access_dialog import ClientAccessDialog
from advisor_desk.ui.admin.advisor_dialogs import AdvisorDialog, DateDialog
from advisor_desk.ui.admin.advisor_model import Column
from advisor_desk.ui.admin.invitations_dialog import InviteDialog
from advisor_desk.ui.context import AppContext

from .conftest import TODAY

D = TypeVar("D", bound=QDialog)


def open_dialog(qtbot: QtBot, panel: QWidget, kind: type[D]) -> D:
    found: list[D] = []

    def shown() -> None:
        found[:] = [w for w in panel.findChildren(kind) if w.isVisible()]
        assert len(found) == 1

    qtbot.waitUntil(shown, timeout=2000)
    return found[0]


def click_row(qtbot: QtBot, panel: UsersPanel, name: str) -> None:
    view = panel.table
    for row in range(view.model().rowCount()):
        index = view.model().index(row, Column.NAME)
        if index.data() == name:
            rect = view.visualRect(index)
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            selected = panel.selected_advisor()
            assert selected is not None
            assert selected.name == name
            return
    raise AssertionError(f"{name} is not in the table")


def cell(panel: UsersPanel, name: str, column: Column) -> str:
    row = next(r for r in range(panel.model.rowCount()) if panel.model.advisor(r).name == name)
    return str(panel.model.index(row, column).data())


def stored(context: AppContext) -> dict[str, AdvisorSummary]:
    return {a.name: a for a in advisors.list_advisors(context.store)}


def test_count_shows_advisors_billed_this_month_with_the_fee(panel: UsersPanel) -> None:
    # Ana, Ben and Cleo are active in May 2026; Dev only starts in June.
    assert panel.count_label.text() == "3 active advisors this month · $360.00"
    assert "$120.00 for each advisor" in panel.detail_label.text()
    assert cell(panel, "Dev Patel", Column.STATUS) == "Starts 1 Jun 2026"
    assert cell(panel, "Ana Souza", Column.ACCESS) == "Every client (administrator)"


def test_deactivate_through_the_dialog_changes_the_active_count(
    qtbot: QtBot, panel: UsersPanel, context: AppContext
) -> None:
    click_row(qtbot, panel, "Cleo Martin")  # active from today only
    assert panel.deactivate_button.isEnabled()
    assert not panel.reactivate_button.isEnabled()
    qtbot.mouseClick(panel.deactivate_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(qtbot, panel, DateDialog)
    assert dialog.values() == TODAY  # default: today
    assert "nothing is billed" in dialog.explanation.text()
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert panel.count_label.text() == "2 active advisors this month · $240.00"
    assert not stored(context)["Cleo Martin"].active_now
    # Ben, active since 2025, deactivated today: still billed for May, shown inactive.
    click_row(qtbot, panel, "Ben Carter")
    qtbot.mouseClick(panel.deactivate_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(qtbot, panel, DateDialog)
    assert "still billed for May 2026" in dialog.explanation.text()
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert panel.count_label.text().startswith("2 active advisors this month")
    assert cell(panel, "Ben Carter", Column.STATUS) == "Inactive since 14 May 2026"
    assert panel.reactivate_button.isEnabled()  # Ben stays selected after the reload


def test_undo_and_redo_a_deactivation(qtbot: QtBot, panel: UsersPanel, context: AppContext) -> None:
    click_row(qtbot, panel, "Cleo Martin")
    qtbot.mouseClick(panel.deactivate_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        qtbot.mouseClick(open_dialog(qtbot, panel, DateDialog).ok_button, Qt.MouseButton.LeftButton)
    assert context.undo_stack.undoText() == "Deactivate Cleo Martin"
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        context.undo_stack.undo()
    assert panel.count_label.text().startswith("3 active advisors")
    assert stored(context)["Cleo Martin"].active_now
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        context.undo_stack.redo()
    assert panel.count_label.text().startswith("2 active advisors")


def test_add_advisor_standalone_invites_and_says_the_invitation_waits(
    qtbot: QtBot, panel: UsersPanel, context: AppContext
) -> None:
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(qtbot, panel, InviteDialog)
    assert dialog.windowTitle() == "Add advisor"
    assert dialog.ok_button.text().replace("&", "") == "Add advisor"
    assert "not on a server yet" in dialog.intro.text()
    assert "uploaded to a server" in dialog.intro.text()
    roles = [dialog.role_combo.itemText(i) for i in range(dialog.role_combo.count())]
    assert roles == ["Administrator", "Advisor Power User", "Advisor User"]
    assert dialog.role_combo.currentText() == "Advisor User"
    assert dialog.days_spin.value() == 7
    qtbot.keyClicks(dialog.email_edit, "zoe-at-harbour")
    qtbot.keyClicks(dialog.name_edit, "Zoe Quinn")
    before = dialog.email_edit.palette().base().color()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "is not an email address" in dialog.errors.message_at("email")
    assert dialog.email_edit.palette().base().color() != before  # the field is tinted
    assert "Zoe Quinn" not in stored(context)
    assert list_invitations(context.store) == []
    # Fixing it adds the advisor with an invitation and closes the dialog.
    dialog.email_edit.clear()
    qtbot.keyClicks(dialog.email_edit, "zoe@harbour.example")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.POWER_USER))
    with (
        qtbot.waitSignal(dialog.finished) as closed,
        qtbot.waitSignal(panel.loaded, timeout=5000),
    ):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert closed.args == [QDialog.DialogCode.Accepted.value]
    zoe = stored(context)["Zoe Quinn"]
    assert zoe.email == "zoe@harbour.example"
    assert zoe.role is Role.POWER_USER
    assert zoe.active_now
    [invited] = list_invitations(context.store)
    assert (invited.email, invited.state, invited.role_label) == (
        "zoe@harbour.example",
        "waiting",
        "Advisor Power User",
    )
    assert panel.count_label.text().startswith("4 active advisors")
    assert panel.selected_advisor() is not None
    assert panel.selected_advisor().name == "Zoe Quinn"  # type: ignore[union-attr]
    assert not panel.note.isHidden()
    assert "waits on this laptop" in panel.note.text()
    assert "zoe@harbour.example" in panel.note.text()
    assert cell(panel, "Zoe Quinn", Column.STATUS) == "Active · invited"  # no login yet
    assert cell(panel, "Ana Souza", Column.STATUS) == "Active"
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        assert panel.invitations is not None
        panel.invitations.table.selectRow(0)
        qtbot.mouseClick(panel.invitations.revoke_button, Qt.MouseButton.LeftButton)
    assert cell(panel, "Zoe Quinn", Column.STATUS) == "Active · invitation revoked"


def test_adding_an_advisor_already_there_is_refused_at_the_field(
    qtbot: QtBot, panel: UsersPanel, context: AppContext
) -> None:
    ben = stored(context)["Ben Carter"]
    advisors.deactivate_advisor(context.store, ben.id, TODAY)
    for address, words in (
        ("ANA@harbour.example", "is you"),  # the owner, who works on this laptop
        ("ben@harbour.example", "not active: reactivate them first"),
    ):
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
        dialog = open_dialog(qtbot, panel, InviteDialog)
        qtbot.keyClicks(dialog.email_edit, address)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert words in dialog.errors.message_at("email")
        dialog.reject()
        assert not dialog.isVisible()
    assert stored(context)["Ana Souza"].role is Role.ADMINISTRATOR
    assert list_invitations(context.store) == []


def test_inviting_an_advisor_added_before_gives_them_a_login_and_logs_a_role_change(
    qtbot: QtBot, panel: UsersPanel, context: AppContext
) -> None:
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(qtbot, panel, InviteDialog)
    qtbot.keyClicks(dialog.email_edit, "Cleo@harbour.example")
    assert dialog.name_edit.text() == "Cleo Martin"  # filled in: she is an advisor already
    assert Role(dialog.role_combo.currentData()) is Role.ADVISOR
    assert "gives them a login" in dialog.known_hint.text()
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.POWER_USER))
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert stored(context)["Cleo Martin"].role is Role.POWER_USER
    assert [i.email for i in list_invitations(context.store)] == ["cleo@harbour.example"]
    logged = [(e.kind, e.subject, e.detail) for e in access_log(context.store)]
    assert ("role_changed", "Cleo Martin", "Advisor User → Advisor Power User") in logged


def test_edit_role_then_undo_it(qtbot: QtBot, panel: UsersPanel, context: AppContext) -> None:
    click_row(qtbot, panel, "Ben Carter")
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(qtbot, panel, AdvisorDialog)
    assert dialog.email_edit.isReadOnly()
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.POWER_USER))
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert stored(context)["Ben Carter"].role is Role.POWER_USER
    assert cell(panel, "Ben Carter", Column.ROLE) == "Advisor Power User"
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        context.undo_stack.undo()
    assert stored(context)["Ben Carter"].role is Role.ADVISOR
    assert cell(panel, "Ben Carter", Column.ROLE) == "Advisor User"


def test_reactivate_from_a_date(qtbot: QtBot, panel: UsersPanel, context: AppContext) -> None:
    ben = stored(context)["Ben Carter"]
    advisors.deactivate_advisor(context.store, ben.id, dt.date(2026, 3, 1))
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        context.notify(["advisor_activity"])
    assert panel.count_label.text().startswith("2 active advisors")
    click_row(qtbot, panel, "Ben Carter")
    qtbot.mouseClick(panel.reactivate_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(qtbot, panel, DateDialog)
    assert dialog.date_edit.minimumDate().toPython() == dt.date(2026, 3, 1)
    dialog.date_edit.setDate(QDate(2026, 5, 20))
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert panel.count_label.text().startswith("3 active advisors")
    assert cell(panel, "Ben Carter", Column.STATUS) == "Starts 20 May 2026"


def test_client_access_gives_and_removes_through_the_services(
    qtbot: QtBot, panel: UsersPanel, context: AppContext, clients: list[str]
) -> None:
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        context.notify(["client"])
    click_row(qtbot, panel, "Ben Carter")
    qtbot.mouseClick(panel.access_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(qtbot, panel, ClientAccessDialog)
    assert not dialog.ok_button.isEnabled()  # nothing changed yet
    qtbot.keyClicks(dialog.filter_edit, "glo")
    assert dialog.proxy.rowCount() == 1
    qtbot.mouseClick(dialog.check_all, Qt.MouseButton.LeftButton)
    assert dialog.count_label.text() == "1 of 3 clients"
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert stored(context)["Ben Carter"].client_ids == (clients[1],)
    assert cell(panel, "Ben Carter", Column.ACCESS) == "Globex"
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        context.undo_stack.undo()
    assert stored(context)["Ben Carter"].client_ids == ()


def test_keyboard_only(qtbot: QtBot, panel: UsersPanel, context: AppContext) -> None:
    panel.activateWindow()
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus)
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    assert panel.selected_advisor() is not None
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    dialog = open_dialog(qtbot, panel, DateDialog)
    with qtbot.waitSignal(dialog.finished) as closed:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert closed.args == [QDialog.DialogCode.Rejected.value]
    qtbot.keyClick(panel.table, Qt.Key.Key_Insert)
    adding = open_dialog(qtbot, panel, InviteDialog)
    assert adding.focusWidget() is adding.email_edit
    qtbot.keyClicks(adding.email_edit, "kim@harbour.example")
    qtbot.keyClick(adding.email_edit, Qt.Key.Key_Tab)
    assert adding.focusWidget() is adding.name_edit
    qtbot.keyClicks(adding.name_edit, "Kim Lee")
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        qtbot.keyClick(adding.name_edit, Qt.Key.Key_Return)
    assert "Kim Lee" in stored(context)


def test_refreshes_when_another_view_changes_advisors(
    qtbot: QtBot, panel: UsersPanel, context: AppContext
) -> None:
    advisors.add_advisor(context.store, email="eve@harbour.example", name="Eve Adams")
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        context.notify(["advisor"])
    assert panel.model.rowCount() == 5
    assert panel.count_label.text().startswith("4 active advisors")


def test_filter_box_narrows_the_table(qtbot: QtBot, panel: UsersPanel) -> None:
    qtbot.keyClicks(panel.filter_edit, "power")
    assert panel.proxy.rowCount() == 1
    assert panel.proxy.index(0, Column.NAME).data() == "Dev Patel"


def test_a_hidden_panel_loads_when_shown(
    qtbot: QtBot, context: AppContext, team: dict[str, AdvisorSummary]
) -> None:
    hidden = UsersPanel(context)
    qtbot.addWidget(hidden)
    qtbot.wait(50)
    assert hidden.snapshot is None  # nothing read while nobody looks
    with qtbot.waitSignal(hidden.loaded, timeout=5000):
        hidden.show()
    assert hidden.model.rowCount() == 4


def test_f2_edits_and_the_context_menu_offers_every_action(qtbot: QtBot, panel: UsersPanel) -> None:
    click_row(qtbot, panel, "Ana Souza")
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    dialog = open_dialog(qtbot, panel, AdvisorDialog)
    assert dialog.name_edit.text() == "Ana Souza"
    dialog.reject()
    texts = [action.text() for action in panel.table.actions()]
    assert texts == ["Add advisor…", "Edit…", "Deactivate…", "Reactivate…", "Client access…"]
