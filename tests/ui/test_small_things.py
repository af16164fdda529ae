"""Small things that read as unfinished: plurals, possessives, asking before archiving,
administrators who can always log in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from advisor_desk.services.billing.partners import get_partner
from advisor_desk.services.clients.teams import get_client
from advisor_desk.services.people import advisors
from advisor_desk.services.people.advisors import Role
from advisor_desk.store.engine import Store
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.words import plural, possessive
from advisor_desk.ui.workspace.access import admin_note
from advisor_desk.ui.workspace.page import ClientWorkspace


def test_counted_nouns_and_possessives() -> None:
    assert plural(1, "item") == "1 item"
    assert plural(2, "client") == "2 clients"
    assert plural(1_200, "library", "libraries") == "1,200 libraries"
    assert possessive("Ana") == "Ana's"
    assert possessive("Harbour Risk Partners") == "Harbour Risk Partners'"


def test_no_item_s_left_in_the_window() -> None:
    from pathlib import Path

    ui = Path(__file__).resolve().parents[2] / "src" / "advisor_desk" / "ui"
    found = [
        f"{path.relative_to(ui)}:{n}"
        for path in ui.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "(s)" in line and not line.lstrip().startswith("#")
    ]
    assert found == []


def test_administrators_are_said_to_always_log_in() -> None:
    assert admin_note(0, ["Ana Souza"]) == (
        "Administrator Ana Souza can always log in to every client. "
        "No other advisor has been given access yet."
    )
    assert admin_note(2, []) == ""
    assert "administrators can always log in" in admin_note(0, [])


@pytest.fixture
def workspace(
    qtbot: QtBot, context: AppContext, partner_store: Store, client_ids: dict[str, str]
) -> ClientWorkspace:
    advisors.add_advisor(
        partner_store, email="ana@harbour.example", name="Ana Souza", role=Role.ADMINISTRATOR
    )
    page = ClientWorkspace(context)
    qtbot.addWidget(page)
    page.open_client(client_ids["initech"], get_partner(partner_store))
    page.show()
    return page


def test_the_advisors_tab_names_the_administrators(workspace: ClientWorkspace) -> None:
    assert "Administrator Ana Souza can always log in" in workspace.access.empty.text()
    assert "No advisor can log in" not in workspace.access.empty.text()


def test_archiving_a_client_asks_first(
    qtbot: QtBot, workspace: ClientWorkspace, partner_store: Store, client_ids: dict[str, str]
) -> None:
    box = workspace.toggle_archived()
    assert box is not None
    assert get_client(partner_store, client_ids["initech"]).archived is None  # not yet
    qtbot.mouseClick(box.cancel_button, Qt.MouseButton.LeftButton)
    assert get_client(partner_store, client_ids["initech"]).archived is None
    box = workspace.toggle_archived()
    assert box is not None
    qtbot.mouseClick(box.button_for_action, Qt.MouseButton.LeftButton)
    assert get_client(partner_store, client_ids["initech"]).archived is not None
