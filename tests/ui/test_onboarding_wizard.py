"""The onboarding wizard ("New client…"), driven with the keyboard and the mouse."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from advisor_desk.store.engine import Store
from advisor_desk.store.models import (
    AdvisorAccess,
    Client,
    ClientAssessment,
    ClientContent,
    ClientRisk,
    Member,
    Outbox,
)
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.main_window import MainWindow
from advisor_desk.ui.templates.onboarding_wizard import OnboardingWizard
from tests.helpers.templates import Library_, cyber_template, make_library
from tests.ui.conftest import TODAY, open_window


@pytest.fixture
def lib(partner_store: Store, client_ids: dict[str, str]) -> Library_:
    made = make_library(partner_store, partner=False)
    cyber_template(partner_store, made)
    return made


@pytest.fixture
def onboarding(
    qtbot: QtBot, context: AppContext, lib: Library_
) -> tuple[MainWindow, OnboardingWizard]:
    window = open_window(qtbot, context)
    window.actions.new_client.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), OnboardingWizard))
    wizard = QApplication.activeModalWidget()
    assert isinstance(wizard, OnboardingWizard)
    return window, wizard


def _count(store: Store, model: type, client_id: str | None = None) -> int:
    with store.read() as session:
        query = select(func.count()).select_from(model)
        if client_id is not None:
            query = query.where(model.client_id == client_id)
        return session.scalar(query) or 0


def _next(qtbot: QtBot, wizard: QWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _type(qtbot: QtBot, edit: object, text: str) -> None:
    edit.setFocus()  # type: ignore[attr-defined]
    edit.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClick(edit, Qt.Key.Key_Delete)  # type: ignore[arg-type]
    qtbot.keyClicks(edit, text)  # type: ignore[arg-type]


def test_onboarding_from_a_template_creates_exactly_its_plan(
    qtbot: QtBot, onboarding: tuple[MainWindow, OnboardingWizard], lib: Library_, store: Store
) -> None:
    window, wizard = onboarding
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert wizard.start_page.plan() is not None  # the first template is offered first
    assert wizard.start_page.plan().template.name == "Cyber uplift"
    _next(qtbot, wizard)
    details = wizard.details_page
    assert not next_button.isEnabled()  # no name yet
    _type(qtbot, details.name_edit, "acme logistics")  # taken (case-insensitive)
    assert not next_button.isEnabled()
    assert "already exists" in details.errors["name"].text()
    _type(qtbot, details.name_edit, "Dune Energy")
    assert next_button.isEnabled()
    _type(qtbot, details.domain_edit, "not a domain")
    assert not next_button.isEnabled()
    assert "not a website domain" in details.errors["domain"].text()
    _type(qtbot, details.domain_edit, "https://www.dune.example/")
    assert next_button.isEnabled()
    assert details.errors["domain"].isHidden()
    details.employees_spin.setValue(40)
    _type(qtbot, details.tags_edit, "energy, priority")
    qtbot.keyClick(details.tags_edit, Qt.Key.Key_Return)  # Enter is Next
    # Advisors: the template's default (Bo) is ticked; add Ana.
    advisors = wizard.advisors_page
    assert wizard.currentPage() is advisors
    assert set(advisors.chosen()) == {lib.advisors["Bo"]}
    ana = advisors.list.item_with_text("Ana")
    assert ana is not None
    ana.setCheckState(Qt.CheckState.Checked)
    _next(qtbot, wizard)
    members = wizard.members_page
    QApplication.clipboard().setText(
        "Name\tEmail\tTier\nKim Ng\tkim@dune.example\tJust Risk\nLee Park\tlee@dune.example\t\n"
    )
    members.table.setFocus()
    qtbot.keyClick(members.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert members.table.rowCount() == 2
    _next(qtbot, wizard)
    text = wizard.review_page.summary.text()
    for expected in (
        "Dune Energy",
        "Cyber uplift",
        "ISO/IEC 27001:2022",
        "Ransomware outage",
        "Security maturity assessment — due 13 Jun 2026",
        "Kim Ng",
        "Cost per month: $114.00",
    ):
        assert expected in text, expected
    review = wizard.review_page.review
    assert review is not None
    assert review.monthly_total == 35 + 79
    # Back keeps every entry.
    wizard.back()
    wizard.back()
    wizard.back()
    assert details.name_edit.text() == "Dune Energy"
    assert details.tags_edit.text() == "energy, priority"
    for _ in range(3):
        _next(qtbot, wizard)
    assert members.table.rowCount() == 2
    assert set(wizard.advisors_page.chosen()) == {lib.advisors["Bo"], lib.advisors["Ana"]}
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    with store.read() as session:
        client = session.scalars(select(Client).where(Client.name == "Dune Energy")).one()
        assert (client.domain, client.employees, client.tags) == (
            "dune.example",
            40,
            ["energy", "priority"],
        )
        assert client.template_version == 1
    assert _count(store, ClientContent, client.id) == 2
    assert _count(store, ClientRisk, client.id) == 2
    assert _count(store, ClientAssessment, client.id) == 1
    assert _count(store, AdvisorAccess, client.id) == 2
    assert _count(store, Member, client.id) == 2
    with store.read() as session:
        due = session.scalar(
            select(ClientAssessment.due).where(ClientAssessment.client_id == client.id)
        )
    assert due == TODAY + dt.timedelta(days=30)
    assert window.workspace is not None
    assert window.workspace.client_id == client.id


def test_cancel_creates_nothing(
    qtbot: QtBot, onboarding: tuple[MainWindow, OnboardingWizard], store: Store
) -> None:
    _, wizard = onboarding
    before = (_count(store, Client), _count(store, Outbox))
    _next(qtbot, wizard)
    _type(qtbot, wizard.details_page.name_edit, "Dune Energy")
    for _ in range(3):
        _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.review_page
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert (_count(store, Client), _count(store, Outbox)) == before


def test_a_blank_plan_with_a_bad_member_keeps_next_disabled(
    qtbot: QtBot, onboarding: tuple[MainWindow, OnboardingWizard], store: Store
) -> None:
    _, wizard = onboarding
    wizard.start_page.list.setCurrentRow(0)  # Blank plan
    assert wizard.start_page.plan() is None
    assert wizard.start_page.model_combo.isEnabled()
    wizard.start_page.model_combo.setCurrentIndex(wizard.start_page.model_combo.findData("direct"))
    _next(qtbot, wizard)
    _type(qtbot, wizard.details_page.name_edit, "Umbrella Health")
    _next(qtbot, wizard)
    assert wizard.advisors_page.chosen() == ()
    _next(qtbot, wizard)
    members = wizard.members_page
    QApplication.clipboard().clear()
    qtbot.mouseClick(members.paste_button, Qt.MouseButton.LeftButton)  # an empty clipboard
    assert members.table.rowCount() == 0
    members.paste_text("Kim Ng, kim-at-umbrella\nLee Park, lee@umbrella.example, gold")
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    assert "not an email address" in members.problem.text()
    members.table.item(0, 1).setText("kim@umbrella.example")
    assert not next_button.isEnabled()  # "gold" is not a tier
    members.table.selectRow(1)
    qtbot.mouseClick(members.remove_button, Qt.MouseButton.LeftButton)
    assert next_button.isEnabled()
    _next(qtbot, wizard)
    assert "from a blank plan" in wizard.review_page.summary.text()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    with store.read() as session:
        client = session.scalars(select(Client).where(Client.name == "Umbrella Health")).one()
        assert client.template_id is None
    assert _count(store, Member, client.id) == 1
    assert _count(store, ClientRisk, client.id) == 0


def test_ctrl_t_shows_the_templates_section(
    qtbot: QtBot, context: AppContext, lib: Library_
) -> None:
    from advisor_desk.ui.templates.section import TemplatesSection

    window = open_window(qtbot, context)
    assert window.actions.sections["templates"].shortcut().toString() == "Ctrl+T"
    assert window.actions.sections["templates"] in window.menus["client"].actions()
    window.actions.sections["templates"].trigger()
    assert window.area is not None
    page = window.area.centre.currentWidget()
    assert isinstance(page, TemplatesSection)
    assert [p.template.name for p in page.model.rows] == ["Cyber uplift"]
    assert window.area.current_view == "section:templates"
