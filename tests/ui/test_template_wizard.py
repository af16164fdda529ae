"""The template wizard and the Templates section, driven with the keyboard and the mouse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSpinBox, QWizard
from pytestqt.qtbot import QtBot

from advisor_desk.domain.licenses import ContentKind, LicenseTier
from advisor_desk.services.clients.onboarding import onboard_client
from advisor_desk.services.templates.plan import (
    get_template_plan,
    list_template_plans,
    template_versions,
)
from advisor_desk.store.engine import Store
from advisor_desk.ui import sections
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.templates.section import TemplatesSection
from advisor_desk.ui.templates.template_wizard import TemplateWizard
from tests.helpers.template_ui import kinds_shown, search, tick, wait
from tests.helpers.templates import Library_, cyber_template, make_library


@pytest.fixture
def lib(store: Store) -> Library_:
    return make_library(store)


@pytest.fixture
def section(qtbot: QtBot, context: AppContext, lib: Library_) -> TemplatesSection:
    widget = TemplatesSection(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    return widget


def _next(qtbot: QtBot, wizard: QWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _open_wizard(qtbot: QtBot, section: TemplatesSection) -> TemplateWizard:
    qtbot.waitUntil(
        lambda: isinstance(section.wizard, TemplateWizard) and section.wizard.isVisible()
    )
    assert isinstance(section.wizard, TemplateWizard)
    return section.wizard


def test_the_section_is_registered_once() -> None:
    found = sections.by_key("templates")
    assert found is not None
    assert (found.shortcut, found.menu, found.icon) == ("Ctrl+T", "client", "template")


def test_a_new_template_from_the_wizard(
    qtbot: QtBot, section: TemplatesSection, lib: Library_, store: Store
) -> None:
    cyber_template(store, lib)  # its name is taken
    section.refresh()
    qtbot.mouseClick(section.new_button, Qt.MouseButton.LeftButton)
    wizard = _open_wizard(qtbot, section)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # no name yet
    qtbot.keyClicks(wizard.basics_page.name_edit, "cyber UPLIFT")
    assert not next_button.isEnabled()
    assert "already exists" in wizard.basics_page.name_error.text()
    wizard.basics_page.name_edit.clear()
    qtbot.keyClicks(wizard.basics_page.name_edit, "Privacy program")
    assert next_button.isEnabled()
    assert wizard.basics_page.name_error.isHidden()
    qtbot.keyClicks(wizard.basics_page.description_edit, "Privacy Act readiness.")
    _next(qtbot, wizard)
    # Plan: Just Risk (the wizard's default), direct billing.
    assert wizard.plan_page.tier() is LicenseTier.JUST_RISK
    wizard.plan_page.models.buttons()[1].click()
    _next(qtbot, wizard)
    # Content: only what Just Risk is entitled to — no frameworks or control sets.
    content = wizard.content_page.picker
    wait(qtbot, content)
    assert kinds_shown(content) == {
        ContentKind.POLICY,
        ContentKind.PLAYBOOK,
        ContentKind.RISK_LIBRARY,
        ContentKind.ASSESSMENT_TEMPLATE,
    }
    tick(qtbot, content, "Acceptable use policy")
    _next(qtbot, wizard)
    # Risks: search the risk libraries (the first match is picked), type a title, Enter adds.
    risks = wizard.risks_page
    search(qtbot, risks.libraries, "supplier")
    picked = risks.libraries.current_row()
    assert picked is not None
    assert picked.title == "Supplier risk library"
    qtbot.keyClicks(risks.risk_edit, "Key supplier failure")
    qtbot.keyClick(risks.risk_edit, Qt.Key.Key_Return)
    assert risks.risks.rowCount() == 1
    assert risks.risks.item(0, 1).text() == "Supplier risk library"
    search(qtbot, risks.templates, "privacy")
    tick(qtbot, risks.templates, "Privacy impact assessment")
    row = risks.assessments.findItems("Privacy impact assessment", Qt.MatchFlag.MatchExactly)[0]
    days = risks.assessments.itemWidget(row, 1)
    assert isinstance(days, QSpinBox)
    days.setValue(14)
    _next(qtbot, wizard)
    ana = wizard.advisors_page.list.item_with_text("Ana")
    assert ana is not None
    ana.setCheckState(Qt.CheckState.Checked)
    _next(qtbot, wizard)
    assert "Key supplier failure" in wizard.review_page.summary.text()
    assert "due 14 days after onboarding" in wizard.review_page.summary.text()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    plans = {p.template.name: p for p in list_template_plans(store)}
    made = plans["Privacy program"]
    assert (made.template.license_tier, made.template.billing_model.value) == (
        LicenseTier.JUST_RISK,
        "direct",
    )
    assert made.template.content_ids == (lib.items["Acceptable use policy"],)
    assert [(r.title, r.content_id) for r in made.risks] == [
        ("Key supplier failure", lib.items["Supplier risk library"])
    ]
    assert [(a.content_id, a.due_in_days) for a in made.assessments] == [
        (lib.items["Privacy impact assessment"], 14)
    ]
    assert made.advisor_ids == (lib.advisors["Ana"],)
    assert section.selected() is not None
    assert section.selected().template.name == "Privacy program"


def test_back_keeps_entries(qtbot: QtBot, section: TemplatesSection) -> None:
    qtbot.keyClick(section.new_button, Qt.Key.Key_Space)
    wizard = _open_wizard(qtbot, section)
    qtbot.keyClicks(wizard.basics_page.name_edit, "Cyber uplift")
    qtbot.keyClick(wizard.basics_page.name_edit, Qt.Key.Key_Return)  # Enter is Next
    assert wizard.currentPage() is wizard.plan_page
    wizard.plan_page.tier_combo.setCurrentIndex(2)
    _next(qtbot, wizard)
    wait(qtbot, wizard.content_page.picker)
    tick(qtbot, wizard.content_page.picker, "ISO/IEC 27001:2022")
    wizard.back()
    wizard.back()
    assert wizard.basics_page.name_edit.text() == "Cyber uplift"
    _next(qtbot, wizard)
    assert wizard.plan_page.tier() is LicenseTier.RISK_COMPLIANCE
    _next(qtbot, wizard)
    assert len(wizard.content_page.chosen()) == 1
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    assert list_template_plans(section.context.store) == []  # Cancel saves nothing


def test_editing_makes_a_new_version_and_clients_stay_on_theirs(
    qtbot: QtBot, section: TemplatesSection, lib: Library_, store: Store
) -> None:
    plan = cyber_template(store, lib)
    onboard_client(store, template="Cyber uplift", name="Dune Energy")
    section.refresh()
    section.select(plan.template.id)
    section.view.setFocus()
    section.view.setCurrentIndex(section.model.index(0, 0))
    qtbot.keyClick(section.view, Qt.Key.Key_Return)  # Enter on a template edits it
    wizard = _open_wizard(qtbot, section)
    assert wizard.basics_page.name_edit.text() == "Cyber uplift"
    for _ in range(3):
        _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.risks_page
    wizard.risks_page.risks.selectRow(0)
    qtbot.mouseClick(wizard.risks_page.remove_button, Qt.MouseButton.LeftButton)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    after = get_template_plan(store, plan.template.id)
    assert after.template.revision == 2
    assert len(after.risks) == 1
    assert [v.revision for v in template_versions(store, plan.template.id)] == [1, 2]
    from sqlalchemy import select

    from advisor_desk.store.models import Client

    with store.read() as session:
        assert session.scalar(select(Client.template_version)) == 1


def test_duplicate_and_archive(
    qtbot: QtBot, section: TemplatesSection, lib: Library_, store: Store
) -> None:
    cyber_template(store, lib)
    section.refresh()
    qtbot.mouseClick(section.duplicate_button, Qt.MouseButton.LeftButton)
    names = [p.template.name for p in section.model.rows]
    assert names == ["Cyber uplift", "Cyber uplift (copy)"]
    assert section.selected() is not None
    assert section.selected().template.name == "Cyber uplift (copy)"
    box = section.archive_selected()  # asks first; nothing is archived yet
    assert box is not None
    assert len(section.model.rows) == 2
    qtbot.mouseClick(box.button_for_action, Qt.MouseButton.LeftButton)
    assert [p.template.name for p in section.model.rows] == ["Cyber uplift"]
    section.show_archived.setChecked(True)
    assert len(section.model.rows) == 2
    section.select(section.model.rows[1].template.id)
    assert section.archive_button.text() == "Un&archive"


def test_the_list_model_passes_the_model_tester(
    qtmodeltester, section: TemplatesSection, lib: Library_, store: Store
) -> None:  # type: ignore[no-untyped-def]
    cyber_template(store, lib)
    section.refresh()
    qtmodeltester.check(section.model)
