"""The template wizard's pickers search the library (never read whole), offer only what the
tier is entitled to, and keep what was chosen whatever the search shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from advisor_desk.domain.licenses import ENTITLEMENTS, ContentKind, LicenseTier
from advisor_desk.services.library import content as content_service
from advisor_desk.services.library.content import Library
from advisor_desk.services.templates.plan import get_template_plan, list_template_plans
from advisor_desk.store.engine import Store
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.templates.template_wizard import TemplateWizard
from tests.helpers.template_ui import kinds_shown, search, tick, ticked, titles, wait
from tests.helpers.templates import Library_, cyber_template, make_library

TIERS = list(LicenseTier)


@pytest.fixture
def lib(store: Store, monkeypatch: pytest.MonkeyPatch) -> Library_:
    made = make_library(store)
    for extra in ("Cyber incident playbook", "Cloud security policy"):
        kind = ContentKind.PLAYBOOK if "playbook" in extra else ContentKind.POLICY
        content_service.add_item(store, title=extra, kind=kind, library=Library.OPEN)

    def never(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("the wizard must not read the whole library")

    monkeypatch.setattr(content_service, "list_items", never)
    return made


def _wizard(qtbot: QtBot, context: AppContext, plan: object = None) -> TemplateWizard:
    wizard = TemplateWizard(context, plan)  # type: ignore[arg-type]
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _to_content(qtbot: QtBot, wizard: TemplateWizard, tier: LicenseTier) -> None:
    if not wizard.basics_page.name_edit.text():
        qtbot.keyClicks(wizard.basics_page.name_edit, "Privacy program")
    wizard.next()
    wizard.plan_page.tier_combo.setCurrentIndex(TIERS.index(tier))
    wizard.next()
    assert wizard.currentPage() is wizard.content_page
    wait(qtbot, wizard.content_page.picker)


def test_search_narrows_the_picker(qtbot: QtBot, context: AppContext, lib: Library_) -> None:
    wizard = _wizard(qtbot, context)
    _to_content(qtbot, wizard, LicenseTier.RISK_COMPLIANCE)
    picker = wizard.content_page.picker
    assert picker.model.rowCount() == 10
    assert picker.status.text() == "10 items"
    search(qtbot, picker, "cyber")
    assert titles(picker) == ["Cyber incident playbook", "Cyber risk library"]
    assert picker.status.text() == "2 matching items"
    search(qtbot, picker, "cyber incid")
    assert titles(picker) == ["Cyber incident playbook"]
    assert picker.status.text() == "1 matching item"
    search(qtbot, picker, "nothing like it")
    assert titles(picker) == []
    assert picker.table.placeholder == "No items match “nothing like it”."


@pytest.mark.parametrize("tier", TIERS)
def test_only_entitled_kinds_are_offered(
    qtbot: QtBot, context: AppContext, lib: Library_, tier: LicenseTier
) -> None:
    wizard = _wizard(qtbot, context)
    _to_content(qtbot, wizard, tier)
    assert kinds_shown(wizard.content_page.picker) == ENTITLEMENTS[tier]
    wizard.next()
    risks = wizard.risks_page
    if tier is LicenseTier.FREE:
        assert not risks.risk_edit.isEnabled()
        assert not risks.libraries.search_edit.isEnabled()
        assert "includes no risk libraries or assessment templates" in risks.none_label.text()
        return
    wait(qtbot, risks.libraries)
    wait(qtbot, risks.templates)
    assert kinds_shown(risks.libraries) == {ContentKind.RISK_LIBRARY}
    assert kinds_shown(risks.templates) == {ContentKind.ASSESSMENT_TEMPLATE}


def test_choices_survive_changing_the_search(
    qtbot: QtBot, context: AppContext, lib: Library_
) -> None:
    wizard = _wizard(qtbot, context)
    _to_content(qtbot, wizard, LicenseTier.JUST_RISK)
    page = wizard.content_page
    search(qtbot, page.picker, "accept")
    tick(qtbot, page.picker, "Acceptable use policy")
    search(qtbot, page.picker, "playbook")
    assert ticked(page.picker) == []  # the policy is not shown…
    tick(qtbot, page.picker, "Incident response playbook")
    assert page.chosen_list.rows() == [  # …but stays chosen, listed beside the results
        ("Acceptable use policy", "Policy"),
        ("Incident response playbook", "Playbook"),
    ]
    assert page.chosen_list.heading.text() == "<b>Chosen (2)</b>"
    search(qtbot, page.picker, "")
    assert ticked(page.picker) == ["Acceptable use policy", "Incident response playbook"]
    # Remove in the chosen list unticks it in the results
    page.chosen_list.list.topLevelItem(0).setSelected(True)
    qtbot.mouseClick(page.chosen_list.remove_button, Qt.MouseButton.LeftButton)
    assert ticked(page.picker) == ["Incident response playbook"]
    assert page.chosen() == (lib.items["Incident response playbook"],)


def test_the_saved_template_has_exactly_the_chosen_items(
    qtbot: QtBot, context: AppContext, lib: Library_, store: Store
) -> None:
    wizard = _wizard(qtbot, context)
    _to_content(qtbot, wizard, LicenseTier.RISK_COMPLIANCE)
    picker = wizard.content_page.picker
    for title in ("ISO/IEC 27001:2022", "Essential Eight controls", "Acceptable use policy"):
        search(qtbot, picker, title.split()[0])
        tick(qtbot, picker, title)
    search(qtbot, picker, "essential")
    tick(qtbot, picker, "Essential Eight controls")  # ticked again: untick
    wizard.next()
    wizard.next()
    wizard.next()
    summary = wizard.review_page.summary.text()
    assert "ISO/IEC 27001:2022" in summary
    assert "Acceptable use policy" in summary
    assert "Essential Eight" not in summary
    wizard.button(QWizard.WizardButton.FinishButton).click()
    (saved,) = list_template_plans(store)
    assert set(saved.template.content_ids) == {
        lib.items["ISO/IEC 27001:2022"],
        lib.items["Acceptable use policy"],
    }


def test_a_lower_tier_drops_what_it_does_not_cover(
    qtbot: QtBot, context: AppContext, lib: Library_
) -> None:
    wizard = _wizard(qtbot, context)
    _to_content(qtbot, wizard, LicenseTier.RISK_COMPLIANCE)
    picker = wizard.content_page.picker
    tick(qtbot, picker, "ISO/IEC 27001:2022")
    tick(qtbot, picker, "Acceptable use policy")
    wizard.back()
    wizard.back()
    _to_content(qtbot, wizard, LicenseTier.FREE)
    assert wizard.content_page.chosen() == (lib.items["Acceptable use policy"],)
    assert kinds_shown(picker) == ENTITLEMENTS[LicenseTier.FREE]


def test_editing_names_the_plans_items_without_reading_the_library(
    qtbot: QtBot, context: AppContext, lib: Library_, store: Store
) -> None:
    plan = cyber_template(store, lib)
    wizard = _wizard(qtbot, context, plan)
    qtbot.waitUntil(lambda: not wizard.names.loading)
    assert wizard.title_of(lib.items["Cyber risk library"]) == "Cyber risk library"
    wizard.next()
    wizard.next()
    page = wizard.content_page
    assert page.chosen_list.rows() == [
        ("ISO/IEC 27001:2022", "Framework"),
        ("Acceptable use policy", "Policy"),
    ]
    wait(qtbot, page.picker)
    assert ticked(page.picker) == ["Acceptable use policy", "ISO/IEC 27001:2022"]
    wizard.next()
    risks = wizard.risks_page
    assert [(risks.risks.item(r, 0).text(), risks.risks.item(r, 1).text()) for r in range(2)] == [
        ("Key supplier failure", "Supplier risk library"),
        ("Ransomware outage", "Cyber risk library"),
    ]
    assert risks.assessments.topLevelItem(0).text(0) == "Security maturity assessment"
    wizard.next()
    wizard.next()
    assert "Security maturity assessment — due 30 days" in wizard.review_page.summary.text()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    after = get_template_plan(store, plan.template.id)
    assert after.template.revision == 2
    assert after.draft() == plan.draft()  # nothing was lost on the way


def test_the_picker_model_passes_the_model_tester(
    qtmodeltester, qtbot: QtBot, context: AppContext, lib: Library_
) -> None:  # type: ignore[no-untyped-def]
    wizard = _wizard(qtbot, context)
    _to_content(qtbot, wizard, LicenseTier.JUST_RISK)
    tick(qtbot, wizard.content_page.picker, "Acceptable use policy")
    qtmodeltester.check(wizard.content_page.picker.model)
