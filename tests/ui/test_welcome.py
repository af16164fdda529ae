"""The welcome page of a store without a partner: create one, or load the demo."""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from advisor_desk.services import demo
from advisor_desk.services.billing.partners import get_partner
from advisor_desk.services.clients import tree as tree_queries
from advisor_desk.services.ops import run_query
from advisor_desk.services.partner import has_partner
from advisor_desk.ui import file_actions
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.jobs import Job
from advisor_desk.ui.main_window import MainWindow
from tests.ui.conftest import open_window


def welcome_window(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = open_window(qtbot, context)
    assert window.welcome is not None
    assert window.pages.currentWidget() is window.welcome
    assert window.windowTitle() == "Advisor Desk"
    return window


def test_create_a_partner_from_the_welcome_page(qtbot: QtBot, context: AppContext) -> None:
    window = welcome_window(qtbot, context)
    page = window.welcome
    assert page is not None
    qtbot.keyClicks(page.name_edit, "Harbour Risk Partners")
    page.currency_combo.setCurrentText("NZD")
    page.zone_combo.setCurrentText("Pacific/Auckland")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)

    partner = get_partner(context.store)
    assert (partner.name, partner.currency, partner.timezone) == (
        "Harbour Risk Partners",
        "NZD",
        "Pacific/Auckland",
    )
    assert window.windowTitle() == "Advisor Desk — Harbour Risk Partners"
    assert window.panel is not None
    assert window.pages.currentWidget() is window.splitter
    qtbot.waitUntil(lambda: window.panel is not None and window.panel.model.rowCount() == 1)
    partner_row = window.panel.model.index(0, 0)
    assert partner_row.data() == "Harbour Risk Partners"


@pytest.mark.parametrize(
    ("name", "currency", "zone", "field", "words"),
    [
        ("", "AUD", "Australia/Sydney", "name", "must not be empty"),
        ("Harbour", "XYZ", "Australia/Sydney", "currency", "unknown currency"),
        ("Harbour", "AUD", "Mars/Olympus", "timezone", "is not a time zone"),
    ],
)
def test_partner_fields_are_checked_at_the_field(
    qtbot: QtBot,
    context: AppContext,
    name: str,
    currency: str,
    zone: str,
    field: str,
    words: str,
) -> None:
    window = welcome_window(qtbot, context)
    page = window.welcome
    assert page is not None
    qtbot.keyClicks(page.name_edit, name)
    page.currency_combo.setCurrentText(currency)
    page.zone_combo.setCurrentText(zone)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)

    assert words in page.errors.message(field).lower()
    assert window.pages.currentWidget() is page  # still on the welcome page
    with context.store.read() as session:
        assert not has_partner(session)


def test_load_the_demo_in_a_worker(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(file_actions.DEMO_SIZE, "clients", 6)
    monkeypatch.setitem(file_actions.DEMO_SIZE, "content", 40)
    window = welcome_window(qtbot, context)
    page = window.welcome
    assert page is not None
    qtbot.mouseClick(page.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.panel is not None, timeout=60_000)
    assert window.panel is not None
    qtbot.waitUntil(lambda: window.panel.model.snapshot is not None, timeout=10_000)
    assert len(run_query(context.store, tree_queries.client_index).entries) == 6
    assert window.windowTitle().startswith("Advisor Desk — ")


def test_cancel_the_demo_leaves_the_store_empty(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(file_actions.DEMO_SIZE, "clients", 6)
    monkeypatch.setitem(file_actions.DEMO_SIZE, "content", 40)
    real_build = demo.build_workspace

    def slow_build(*args: Any, progress: Any = None, **kwargs: Any) -> Any:
        # Generating lasts until the user cancels (at most 30 s), whatever the machine's speed.
        for step in range(3000):
            if progress is not None:
                progress(step, 3000, "generating")
            time.sleep(0.01)
        return real_build(*args, progress=progress, **kwargs)

    monkeypatch.setattr(demo, "build_workspace", slow_build)
    window = welcome_window(qtbot, context)
    page = window.welcome
    assert page is not None
    jobs = []
    original = file_actions.load_demo

    def start(*args: Any, **kwargs: Any) -> Job:
        jobs.append(original(*args, **kwargs))
        return jobs[-1]

    monkeypatch.setattr(file_actions, "load_demo", start)
    qtbot.mouseClick(page.demo_button, Qt.MouseButton.LeftButton)
    assert not page.demo_button.isEnabled()
    job = jobs[0]
    qtbot.waitUntil(job.dialog.isVisible, timeout=10_000)  # shown after a moment
    assert job.cancel_button is not None
    with qtbot.waitSignal(job.finished, timeout=60_000) as finished:
        qtbot.mouseClick(job.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args == [False]
    assert window.pages.currentWidget() is page
    assert page.demo_button.isEnabled()
    with context.store.read() as session:
        assert not has_partner(session)
