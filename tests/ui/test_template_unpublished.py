"""Unpublished content never slips into a client: the picker refuses it, onboarding says so;
the template's risks and assessments are in the new client's workspace."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from advisor_desk.domain.licenses import ContentKind, LicenseTier
from advisor_desk.services.billing.partners import get_partner
from advisor_desk.services.clients.onboarding import onboard_client
from advisor_desk.services.library import content as content_service
from advisor_desk.services.library.content import Library
from advisor_desk.services.templates.plan import save_template
from advisor_desk.store.engine import Store
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.templates.onboarding_wizard import OnboardingWizard
from advisor_desk.ui.templates.template_wizard import TemplateWizard
from advisor_desk.ui.workspace.page import ClientWorkspace
from tests.helpers.template_ui import search, tick, ticked, titles, wait
from tests.helpers.templates import Library_, cyber_draft, make_library

DRAFT_TITLE = "Draft board policy"


@pytest.fixture
def lib(partner_store: Store) -> Library_:
    made = make_library(partner_store, partner=False)
    content_service.add_item(
        partner_store, title=DRAFT_TITLE, kind=ContentKind.POLICY, library=Library.PARTNER
    )  # unpublished
    return made


def _content_picker(qtbot: QtBot, context: AppContext) -> TemplateWizard:
    wizard = TemplateWizard(context, None)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.basics_page.name_edit, "Board pack")
    wizard.next()
    wizard.plan_page.tier_combo.setCurrentIndex(
        list(LicenseTier).index(LicenseTier.RISK_COMPLIANCE)
    )
    wizard.next()
    wait(qtbot, wizard.content_page.picker)
    return wizard


def test_the_picker_marks_unpublished_items_and_refuses_them(
    qtbot: QtBot, qtmodeltester: ModelTester, context: AppContext, lib: Library_
) -> None:
    wizard = _content_picker(qtbot, context)  # held: qtbot keeps only a weak reference
    picker = wizard.content_page.picker
    search(qtbot, picker, "board")
    assert titles(picker) == [f"{DRAFT_TITLE} (unpublished)"]
    index = picker.model.index(0, 0)
    assert not picker.model.flags(index) & Qt.ItemFlag.ItemIsEnabled
    assert "Not published" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert not picker.model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    picker.view.setFocus()
    qtbot.keyClick(picker.view, Qt.Key.Key_Space)
    assert ticked(picker) == []
    assert picker.current_row() is None
    search(qtbot, picker, "acceptable")  # a published partner item is offered as before
    tick(qtbot, picker, "Acceptable use policy")
    assert ticked(picker) == ["Acceptable use policy"]
    qtmodeltester.check(picker.model)


def test_onboarding_a_template_with_unpublished_content_asks_first(
    qtbot: QtBot, context: AppContext, lib: Library_, partner_store: Store
) -> None:
    draft = content_service.list_items(partner_store)
    draft_id = next(item.id for item in draft if item.title == DRAFT_TITLE)
    save_template(partner_store, replace(cyber_draft(lib), content_ids=(draft_id,)))
    wizard = OnboardingWizard(context)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    qtbot.keyClicks(wizard.details_page.name_edit, "Dune Energy")
    while wizard.currentPage() is not wizard.review_page:
        wizard.next()
    review = wizard.review_page
    assert review.unpublished.isVisible()
    assert DRAFT_TITLE in review.unpublished.text()
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    review.grant_unpublished.setChecked(True)
    assert finish.isEnabled()


def test_the_workspace_shows_the_templates_risks_and_assessments(
    qtbot: QtBot, context: AppContext, lib: Library_, partner_store: Store
) -> None:
    save_template(partner_store, cyber_draft(lib))
    client = onboard_client(partner_store, template="Cyber uplift", name="Dune Energy")
    workspace = ClientWorkspace(context)
    qtbot.addWidget(workspace)
    workspace.open_client(client.id, get_partner(partner_store))
    workspace.show_tab("risks")
    assert workspace.tabs.currentWidget() is workspace.plan
    risks = [workspace.plan.risk_model.index(r, 0).data() for r in range(2)]
    assert risks == ["Ransomware outage", "Key supplier failure"]  # highest score first
    assert workspace.plan.risk_model.index(0, 1).data() == "Cyber risk library"
    assert workspace.plan.assessment_model.index(0, 0).data() == "Security maturity assessment"
    assert workspace.plan.risk_count.text() == "2 risks in the register"
    assert workspace.plan.assessment_count.text() == "1 assessment scheduled"


def test_a_typed_risk_is_never_labelled_with_a_row_that_happens_to_be_selected(
    qtbot: QtBot, context: AppContext, lib: Library_
) -> None:
    wizard = _content_picker(qtbot, context)
    wizard.next()
    risks = wizard.risks_page
    wait(qtbot, risks.libraries)
    assert risks.libraries.current_row() is None  # nothing picked by itself
    assert "Pick the risk library" in risks.target_label.text()
    qtbot.keyClicks(risks.risk_edit, "Key supplier failure")
    qtbot.keyClick(risks.risk_edit, Qt.Key.Key_Return)
    assert risks.chosen_risks() == ()  # not added under some library
    search(qtbot, risks.libraries, "supplier")
    assert risks.target_label.text() == "A typed risk goes into “Supplier risk library”."
    risks.risk_edit.setFocus()
    qtbot.keyClick(risks.risk_edit, Qt.Key.Key_Return)
    assert [(r.title, r.content_id) for r in risks.chosen_risks()] == [
        ("Key supplier failure", lib.items["Supplier risk library"])
    ]
