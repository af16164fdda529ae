"""The home page's advisors card: the per-advisor fee is billing, shown only to the roles the
permission table lets see billing (administrators); others see the count alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from advisor_desk.domain.permissions import Action, Role, can
from advisor_desk.store.engine import Store
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.home import HomePage

from .test_permission_table_ui import sign_in


@pytest.fixture
def context(partner_store: Store, data_dir: Path) -> Iterator[AppContext]:
    made = AppContext(partner_store, data_dir)
    yield made
    made.wait_for_tasks()


@pytest.mark.parametrize("role", list(Role))
def test_the_advisor_fee_shows_only_to_roles_that_see_billing(
    qtbot: QtBot, partner_store: Store, context: AppContext, role: Role
) -> None:
    sign_in(partner_store, role)
    page = HomePage(context)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: page.advisors_card.value.text() != "—", timeout=10_000)
    note = page.advisors_card.note.text()
    shown_anywhere = " ".join(
        (note, page.advisors_card.accessibleName(), page.advisors_card.toolTip())
    )
    if can(role, Action.BILLING):
        assert note == "Billed at $120.00 each"
    else:
        assert note == "Active this month"
        assert "$" not in shown_anywhere
        assert "120" not in shown_anywhere
    assert page.advisors_card.value.text() == "1"


@pytest.mark.parametrize("role", list(Role))
def test_a_clients_charge_card_shows_only_to_roles_that_see_billing(
    qtbot: QtBot, partner_store: Store, context: AppContext, role: Role
) -> None:
    from advisor_desk.ui.permissions import usable
    from advisor_desk.ui.workspace.overview import OverviewTab

    sign_in(partner_store, role)
    tab = OverviewTab(context)
    qtbot.addWidget(tab)
    tab.show()
    assert usable(tab.charge) is can(role, Action.BILLING)
    assert usable(tab.licenses_now)  # licenses are not money: every role sees them
