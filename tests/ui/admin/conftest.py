"""A store with a partner and a few advisors, on a frozen "today", and the app context."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.clients.teams import create_client
from advisor_desk.services.people import advisors
from advisor_desk.services.people.advisors import AdvisorSummary, Role
from advisor_desk.store.engine import Store
from advisor_desk.ui.admin import UsersPanel
from advisor_desk.ui.context import AppContext

# The QApplication is session-wide and made before any function fixture runs, so the
# top-level conftest's per-test QT_QPA_PLATFORM comes too late for it: set it on import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = dt.date(2026, 5, 14)


@pytest.fixture
def partner_store(store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", TODAY.isoformat())
    create_partner(store, name="Harbour Risk Partners")  # AUD, advisor fee 120.00
    return store


@pytest.fixture
def team(partner_store: Store) -> dict[str, AdvisorSummary]:
    """Ana (admin, since 2025), Ben (since 2025), Cleo (from today), Dev (from June)."""
    people = {
        "ana": ("Ana Souza", Role.ADMINISTRATOR, dt.date(2025, 1, 6)),
        "ben": ("Ben Carter", Role.ADVISOR, dt.date(2025, 3, 1)),
        "cleo": ("Cleo Martin", Role.ADVISOR, TODAY),
        "dev": ("Dev Patel", Role.POWER_USER, dt.date(2026, 6, 1)),
    }
    return {
        key: advisors.add_advisor(
            partner_store, email=f"{key}@harbour.example", name=name, role=role, start=start
        )
        for key, (name, role, start) in people.items()
    }


@pytest.fixture
def clients(partner_store: Store) -> list[str]:
    return [create_client(partner_store, name=name).id for name in ("Acme", "Globex", "Initech")]


@pytest.fixture
def context(partner_store: Store, data_dir: Path) -> Iterator[AppContext]:
    app_context = AppContext(partner_store, data_dir)
    yield app_context
    app_context.wait_for_tasks()


@pytest.fixture
def panel(qtbot: QtBot, context: AppContext, team: dict[str, AdvisorSummary]) -> UsersPanel:
    widget = UsersPanel(context)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded, timeout=5000):
        widget.resize(1000, 500)
        widget.show()
    return widget
