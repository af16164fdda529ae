"""Assessments through the services: sending (one, bulk with filters, skips with reasons),
answers checked by ref, rule 6 scores, overdue and reminders, links."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from advisor_desk.services.bizdev import assessment_answers as aa
from advisor_desk.services.bizdev import assessments as a
from advisor_desk.services.bizdev.prospects import apply_add_prospect
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Assessment

DUE = dt.date(2026, 6, 1)


def test_a_bulk_send_skips_with_reasons_and_filters(store: Store, bizdev: Any) -> None:
    done = run_op(store, a.apply_send, "Cyber health check", due=DUE, all_clients=True).value
    assert [s.recipient for s in done.sent] == ["Full Co", "Risky Co"]
    assert dict(done.skipped) == {
        "Free Co": "Assessment template needs a Just Risk license this month",
        "Quiet Co": "no contact e-mail (set the client's contact)",
    }
    with store.read() as session:
        assert session.query(Assessment).count() == 2
    by_tier = run_op(
        store, a.apply_send, "Cyber health check", due=DUE, all_clients=True, tier="just_risk"
    ).value
    assert [s.recipient for s in by_tier.sent] == ["Risky Co"]
    assert by_tier.skipped == ()
    with pytest.raises(ValidationError, match="tier"):
        run_op(store, a.apply_send, "Cyber health check", due=DUE, all_clients=True, tier="gold")
    with pytest.raises(ValidationError, match="go with --all-clients"):
        run_op(store, a.apply_send, "Cyber health check", due=DUE, clients=["Full Co"], tag="x")


def test_prospects_are_always_entitled(store: Store, bizdev: Any) -> None:
    run_op(store, apply_add_prospect, "Lumen Dental", contact_email="ceo@lumen.example")
    done = run_op(store, a.apply_send, "Cyber health check", due=DUE, prospects=["Lumen Dental"])
    assert [(s.recipient, s.email) for s in done.value.sent] == [
        ("Lumen Dental", "ceo@lumen.example")
    ]


def test_answers_scores_and_finality(store: Store, bizdev: Any) -> None:
    sent = run_op(
        store, a.apply_send, "Cyber health check", due=DUE, clients=["Risky Co"]
    ).value.sent[0]
    with pytest.raises(ValidationError) as bad:
        run_op(
            store,
            aa.apply_respond,
            sent.id,
            {"answers": [{"ref": "Q9", "choice": "Yes"}, {"ref": "Q1", "choice": "Maybe"},
                         {"ref": "Q4", "choice": "Yes"}]},
        )  # fmt: skip
    assert [place for place, _ in bad.value.problems] == ["Q9", "Q1", "Q4"]
    draft = {"answers": [{"ref": "Q1", "choice": "Partially"}]}
    assert run_op(store, aa.apply_respond, sent.id, draft).value == "in_progress"
    answers = {
        "answers": [
            {"ref": "Q2", "choice": "No"},
            {"ref": "Q3", "choice": "Weekly"},
            {"ref": "Q4", "text": "In the office <b>safe</b>"},
        ]
    }
    assert run_op(store, aa.apply_respond, sent.id, answers, submit=True).value == "submitted"
    result = run_query(store, aa.results, sent.id).as_json()
    assert result["domains"] == [
        {"domain": "Access", "answered": 2, "score": 4, "rating": "High"},
        {"domain": "Backup", "answered": 1, "score": 2, "rating": "Low"},
        {"domain": "Patching", "answered": 0, "score": None, "rating": None},
    ]
    assert result["overall"] == {"score": 3, "rating": "Medium"}
    with pytest.raises(ServiceError, match="already submitted"):
        run_op(store, aa.apply_respond, sent.id, draft)
    run_op(store, a.apply_reopen, sent.id)
    assert run_query(store, a.link, sent.id)["status"] == "in_progress"


def test_overdue_and_reminders(store: Store, bizdev: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    made = run_op(store, a.apply_send, "Cyber health check", due=DUE, all_clients=True).value
    run_op(store, aa.apply_respond, made.sent[0].id, {"answers": []}, submit=True)
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-06-02")
    statuses = {r.recipient: r.status for r in run_query(store, a.list_assessments)}
    assert statuses == {"Full Co": "submitted", "Risky Co": "overdue"}
    assert [r.recipient for r in run_query(store, a.list_assessments, status="overdue")] == [
        "Risky Co"
    ]
    reminded = run_op(store, a.apply_remind, overdue=True).value
    assert [r["recipient"] for r in reminded] == ["Risky Co"]
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-07-02")  # past 30 days after due
    assert run_op(store, a.apply_remind).value == []
    assert run_query(store, a.link, made.sent[1].id)["url"].count("/r/") == 1
