"""Who am I, standalone: the person who creates the firm on the welcome page is its owner,
an administrator, named in the status bar (and in the access log)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from advisor_desk.services.partner import has_partner
from advisor_desk.services.people import advisors
from advisor_desk.services.people.access_log import access_log
from advisor_desk.ui.context import AppContext
from tests.ui.test_welcome import welcome_window


def test_the_firm_s_creator_is_its_owner_and_named_in_the_status_bar(
    qtbot: QtBot, context: AppContext
) -> None:
    window = welcome_window(qtbot, context)
    page = window.welcome
    assert page is not None
    qtbot.keyClicks(page.name_edit, "Harbour Risk Partners")
    qtbot.keyClicks(page.owner_name_edit, "Ana Souza")
    qtbot.keyClicks(page.owner_email_edit, "ana@harbour.example")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    [ana] = advisors.list_advisors(context.store)
    assert (ana.name, ana.role, ana.active_now) == ("Ana Souza", advisors.Role.ADMINISTRATOR, True)
    assert window.who_label.text() == "Ana Souza (Administrator)"
    assert [e.actor for e in access_log(context.store)] == ["Ana Souza"]


def test_a_half_given_owner_is_refused_before_the_firm_is_made(
    qtbot: QtBot, context: AppContext
) -> None:
    window = welcome_window(qtbot, context)
    page = window.welcome
    assert page is not None
    qtbot.keyClicks(page.name_edit, "Harbour Risk Partners")
    qtbot.keyClicks(page.owner_name_edit, "Ana Souza")  # no e-mail
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    with context.store.read() as session:
        assert not has_partner(session)
    assert window.welcome is page
