"""Prospects in the window: added by hand (with a contact), from CSV (bad rows named, nothing
added), shown in their own section of the tree, and converted to a client through the
onboarding wizard from a template, keeping their review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from advisor_desk.services.bizdev.listing import review_list
from advisor_desk.services.bizdev.prospects import list_prospects
from advisor_desk.services.bizdev.review_answers import results
from advisor_desk.services.clients.teams import list_clients
from advisor_desk.services.ops import run_query
from advisor_desk.ui.bizdev.prospects import ConvertWizard, ProspectDialog, import_prospects
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.tree.nodes import Kind, load_snapshot
from tests.helpers.templates import cyber_template, make_library
from tests.ui.bizdev.conftest import lumen_review


def test_add_prospect_with_a_contact_and_another(qtbot: QtBot, context: AppContext) -> None:
    dialog = ProspectDialog(context)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert "name" in dialog.error.text()
    dialog.name.setText("Lumen Dental")
    dialog.domain.setText("lumen.example")
    dialog.contact_name.setText("Dr Lumen")
    dialog.contact_email.setText("boss@lumen.example")
    dialog.accept()
    [made] = run_query(context.store, list_prospects)
    assert (made.name, made.contact_email) == ("Lumen Dental", "boss@lumen.example")
    edit = ProspectDialog(context, made)
    qtbot.addWidget(edit)
    edit.contact_email.setText("it@lumen.example")
    edit.add_contact()
    assert edit.contacts.count() == 2


def test_import_names_bad_rows_and_adds_nothing(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "advisor_desk.ui.bizdev.prospects.show_problem",
        lambda _parent, _title, text: shown.append(text) or QMessageBox(),
    )
    bad = tmp_path / "prospects.csv"
    bad.write_text("name,contact_email\nGood Co,a@good.example\n,x@y.example\nBad Co,not-mail\n")
    assert import_prospects(context, None, str(bad)) is None  # type: ignore[arg-type]
    assert "line 3" in shown[0]
    assert "line 4" in shown[0]
    assert run_query(context.store, list_prospects) == []
    good = tmp_path / "good.csv"
    good.write_text("name,industry\nGood Co,Dental\nOther Co,Retail\n")
    assert import_prospects(context, None, str(good)) == 2  # type: ignore[arg-type]


def test_prospects_have_their_own_section_in_the_tree(context: AppContext) -> None:
    lumen_review(context.store)
    snapshot = load_snapshot(context.store, "", include_archived=True)
    assert [p.name for p in snapshot.prospects] == ["Lumen Dental"]
    assert load_snapshot(context.store, "lumen", include_archived=True).prospects
    assert not load_snapshot(context.store, "globex", include_archived=True).prospects
    from advisor_desk.ui.tree.model import TreeModel

    model = TreeModel(context.store)
    model.set_snapshot(snapshot)
    partner = model.index(0, 0)
    names = [model.index(r, 0, partner).data() for r in range(model.rowCount(partner))]
    assert names[-1] == "Prospects"
    section = model.index(len(names) - 1, 0, partner)
    node = model.node(model.index(0, 0, section))
    assert node is not None
    assert (node.kind, node.label) == (Kind.PROSPECT, "Lumen Dental")


def test_convert_runs_the_wizard_from_a_template_and_keeps_the_review(
    qtbot: QtBot, context: AppContext, bizdev: dict[str, Any]
) -> None:
    lib = make_library(context.store, partner=False)
    cyber_template(context.store, lib)
    review = lumen_review(context.store)
    [prospect] = run_query(context.store, list_prospects)
    wizard = ConvertWizard(context, prospect)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.start_page.plan() is not None  # a template
    while wizard.currentPage() is not wizard.review_page:
        assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        wizard.next()
    assert wizard.details_page.name_edit.text() == "Lumen Dental"
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.client_id
    assert "Lumen Dental" in {c.name for c in list_clients(context.store)}
    assert run_query(context.store, list_prospects) == []  # converted: off the list
    assert run_query(context.store, results, review).subject == "Lumen Dental"
    kept = run_query(context.store, review_list, client_id=wizard.client_id)
    assert [r.id for r in kept] == [review]  # the review now belongs to the client


def test_a_prospects_menu_in_the_tree(qtbot: QtBot, context: AppContext) -> None:
    from advisor_desk.ui.bizdev.window import BizDevWindow
    from advisor_desk.ui.tree.panel import TreePanel

    lumen_review(context.store)
    panel = TreePanel(context)
    qtbot.addWidget(panel)
    panel.model.set_snapshot(load_snapshot(context.store, "", include_archived=True))
    index = panel.model.find("partner/prospects/prospect:" + panel.model.snapshot.prospects[0].id)
    assert index.isValid()
    menu = panel.build_menu(index)
    assert menu is not None
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[:4] == [
        "&Contacts…",
        "New risk &review…",
        "Send &assessment…",
        "Con&vert to client…",
    ]
    next(a for a in menu.actions() if a.text() == "New risk &review…").trigger()
    [window] = panel.findChildren(BizDevWindow)  # the tree's window is its parent
    chosen = window.prospects.selected()
    assert chosen is not None
    assert chosen.name == "Lumen Dental"


def test_edit_a_prospects_name_domain_and_industry(qtbot: QtBot, context: AppContext) -> None:
    from advisor_desk.services.bizdev.prospects import apply_add_prospect
    from advisor_desk.services.ops import run_op
    from advisor_desk.ui.bizdev.prospects import edit_prospect
    from advisor_desk.ui.bizdev.window import ProspectsView

    run_op(context.store, apply_add_prospect, "Lumen Dental", contact_email="ceo@lumen.example")
    run_op(context.store, apply_add_prospect, "Kite Labs")
    view = ProspectsView(context)
    qtbot.addWidget(view)
    view.select("Lumen Dental")
    assert view.buttons["details"].text() == "&Edit…"
    chosen = view.selected()
    assert chosen is not None
    shown = ProspectDialog(context, chosen)
    qtbot.addWidget(shown)
    assert shown.name.isReadOnly()
    dialog = shown.edit()
    qtbot.addWidget(dialog)
    dialog.name.setText("kite labs")  # another prospect's name, case-blind
    dialog.domain.setText("not a domain")
    dialog.accept()
    assert "name: there is already a prospect named kite labs" in dialog.error.text()
    assert "domain" in dialog.error.text()
    assert dialog.result() == 0
    dialog.name.setText("Lumen Dental Group")
    dialog.accept()
    assert "domain" in dialog.error.text()
    dialog.domain.setText("lumen-group.example")
    dialog.industry.setText("Dental")
    dialog.accept()
    assert dialog.error.text() == ""
    assert shown.name.text() == "Lumen Dental Group"  # the contacts dialog follows
    assert [r.name for r in view.rows] == ["Kite Labs", "Lumen Dental Group"]  # refreshed
    [edited] = [p for p in run_query(context.store, list_prospects) if p.name != "Kite Labs"]
    assert (edited.domain, edited.industry, edited.contact_email) == (
        "lumen-group.example",
        "Dental",
        "ceo@lumen.example",
    )
    shown.contact_email.setText("it@lumen.example")
    shown.add_contact()  # by the new name
    assert shown.contacts.count() == 2
    again = edit_prospect(context, edited)
    qtbot.addWidget(again)
    assert again.industry.text() == "Dental"
