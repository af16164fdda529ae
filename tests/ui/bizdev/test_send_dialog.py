"""The send dialog previews who gets the assessment and who is skipped and why, before
anything is written; Send then sends exactly the preview."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from advisor_desk.services.bizdev.assessments import list_assessments
from advisor_desk.services.ops import run_query
from advisor_desk.store.models import Assessment
from advisor_desk.ui.bizdev.send_dialog import SendAssessmentDialog
from advisor_desk.ui.context import AppContext


def _rows(tree: Any) -> list[tuple[str, str]]:
    return [
        (tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1))
        for i in range(tree.topLevelItemCount())
    ]


def _assessments(context: AppContext) -> int:
    with context.store.read() as session:
        return session.scalar(select(func.count()).select_from(Assessment)) or 0


def test_preview_names_the_skipped_and_why(
    qtbot: QtBot, context: AppContext, bizdev: dict[str, Any]
) -> None:
    dialog = SendAssessmentDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.template.currentText() == "Cyber health check"
    assert dialog.mode.currentData() == "all"
    assert _rows(dialog.will_send) == [
        ("Full Co", "owner@full.example"),
        ("Risky Co", "owner@risky.example"),
    ]
    skipped = dict(_rows(dialog.will_skip))
    assert set(skipped) == {"Free Co", "Quiet Co"}
    assert "this month" in skipped["Free Co"]  # not entitled (rule 7)
    assert "no contact e-mail" in skipped["Quiet Co"]
    assert dialog.counts.text() == "2 will get it · 2 skipped"
    assert _assessments(context) == 0  # a preview writes nothing

    dialog.tier.setCurrentIndex(dialog.tier.findData("just_risk"))
    dialog.refresh_preview()
    assert _rows(dialog.will_send) == [("Risky Co", "owner@risky.example")]
    assert _rows(dialog.will_skip) == []

    dialog.accept()
    assert dialog.result is not None
    assert [s.recipient for s in dialog.result.sent] == ["Risky Co"]
    assert [r.recipient for r in run_query(context.store, list_assessments)] == ["Risky Co"]


def test_a_respondent_email_reaches_a_client_without_contact(
    qtbot: QtBot, context: AppContext, bizdev: dict[str, Any]
) -> None:
    dialog = SendAssessmentDialog(context, client="Quiet Co")
    qtbot.addWidget(dialog)
    assert dialog.mode.currentData() == "clients"
    assert _rows(dialog.will_send) == []
    assert not dialog.send_button.isEnabled()
    dialog.respondent.setText("it@quiet.example")
    dialog.refresh_preview()
    assert _rows(dialog.will_send) == [("Quiet Co", "it@quiet.example")]
    assert dialog.send_button.isEnabled()
    dialog.respondent.setText("not an address")
    dialog.refresh_preview()
    assert "respondent_email" in dialog.error.text()
    assert not dialog.send_button.isEnabled()
