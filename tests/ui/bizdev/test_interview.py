"""Interview mode driven with the keyboard: R / N, likelihood and impact with 1–5, Ctrl+Z
undoing the last step, then submitting; the answers count in the review's result."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from advisor_desk.services.bizdev.review_answers import results
from advisor_desk.services.ops import run_query
from advisor_desk.ui.bizdev.interview import ASSESS, DONE, IDENTIFY, InterviewDialog
from advisor_desk.ui.context import AppContext
from tests.ui.bizdev.conftest import lumen_review


def _key(
    qtbot: QtBot, dialog: InterviewDialog, key: Qt.Key, mod=Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(dialog.focusWidget() or dialog, key, mod)


def test_interview_keyboard_flow_with_undo(qtbot: QtBot, context: AppContext) -> None:
    review = lumen_review(context.store)
    dialog = InterviewDialog(context, review)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    dialog.participant.setCurrentIndex(dialog.participant.findData("p1@lumen.example"))
    dialog.relevant_button.setFocus()
    assert [r.ref for r in dialog.sheet.risks] == ["CY-01", "CY-02", "CY-03"]
    assert "Ransomware" in dialog.card.text()
    assert "Unpatched VPN" in dialog.card.text()

    _key(qtbot, dialog, Qt.Key.Key_R)  # CY-01 relevant
    assert dialog.stage == ASSESS
    _key(qtbot, dialog, Qt.Key.Key_4)
    _key(qtbot, dialog, Qt.Key.Key_5)  # likelihood 4, impact 5
    assert (dialog.position, dialog.stage) == (1, IDENTIFY)
    _key(qtbot, dialog, Qt.Key.Key_N)  # CY-02 not relevant … a mistake
    assert dialog.position == 2
    _key(qtbot, dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (dialog.position, dialog.stage) == (1, IDENTIFY)
    assert "CY-02" not in dialog.answers
    assert "Phishing" in dialog.card.text()
    _key(qtbot, dialog, Qt.Key.Key_R)  # CY-02 relevant, assessed on the grid by a click
    qtbot.mouseClick(dialog.picker.cells[(3, 3)], Qt.MouseButton.LeftButton)
    _key(qtbot, dialog, Qt.Key.Key_N)  # CY-03 not relevant
    assert dialog.stage == DONE
    _key(qtbot, dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (dialog.position, dialog.stage) == (2, IDENTIFY)
    _key(qtbot, dialog, Qt.Key.Key_N)
    assert dialog.document() == {
        "risks": [
            {"ref": "CY-01", "relevant": True, "likelihood": 4, "impact": 5},
            {"ref": "CY-02", "relevant": True, "likelihood": 3, "impact": 3},
            {"ref": "CY-03", "relevant": False},
        ]
    }
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_status == "submitted"
    outcome = run_query(context.store, results, review)
    assert outcome.submitted == 1
    assert [(r.ref, r.likelihood, r.impact) for r in outcome.result.risks] == [
        ("CY-01", 4, 5),
        ("CY-02", 3, 3),
    ]


def test_undo_of_an_assessment_returns_to_the_grid(qtbot: QtBot, context: AppContext) -> None:
    review = lumen_review(context.store)
    dialog = InterviewDialog(context, review)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    dialog.relevant_button.setFocus()
    _key(qtbot, dialog, Qt.Key.Key_R)
    _key(qtbot, dialog, Qt.Key.Key_2)
    _key(qtbot, dialog, Qt.Key.Key_3)
    _key(qtbot, dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (dialog.position, dialog.stage) == (0, ASSESS)
    assert dialog.answers["CY-01"] == {"ref": "CY-01", "relevant": True}
    _key(qtbot, dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (dialog.position, dialog.stage) == (0, IDENTIFY)
    assert dialog.answers == {}
    assert not dialog.undo_button.isEnabled()


def test_a_new_participant_typed_in_is_added_when_saved(qtbot: QtBot, context: AppContext) -> None:
    review = lumen_review(context.store)
    dialog = InterviewDialog(context, review)
    qtbot.addWidget(dialog)
    dialog.participant.setEditText("walk.in@lumen.example")
    dialog.participant.setCurrentIndex(-1)
    dialog.participant.setEditText("walk.in@lumen.example")
    for _ in range(3):
        dialog.mark(False)
    assert dialog.save(submit=False)
    outcome = run_query(context.store, results, review)
    assert "walk.in@lumen.example" in {p.email for p in outcome.people}


def test_a_draft_is_carried_on_and_a_submitted_response_is_final(
    qtbot: QtBot, context: AppContext
) -> None:
    from advisor_desk.services.bizdev.review_answers import apply_respond
    from advisor_desk.services.ops import run_op

    review = lumen_review(context.store)
    draft = {"risks": [{"ref": "CY-01", "relevant": True, "likelihood": 2, "impact": 2}]}
    run_op(context.store, apply_respond, review, "p2@lumen.example", draft)
    final = {"risks": [{"ref": r, "relevant": False} for r in ("CY-01", "CY-02", "CY-03")]}
    run_op(context.store, apply_respond, review, "p3@lumen.example", final, submit=True)
    dialog = InterviewDialog(context, review)
    qtbot.addWidget(dialog)
    dialog.participant.setCurrentIndex(dialog.participant.findData("p2@lumen.example"))
    assert (dialog.position, dialog.stage) == (1, IDENTIFY)  # CY-01 answered before
    assert dialog.answers["CY-01"]["likelihood"] == 2
    dialog.participant.setCurrentIndex(dialog.participant.findData("p3@lumen.example"))
    assert dialog.stage == DONE
    assert not dialog.submit_button.isEnabled()
    assert "final" in dialog.status.text()
