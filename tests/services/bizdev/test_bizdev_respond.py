"""What a respondent's link reaches: exactly one questionnaire; unknown, revoked and expired
tokens alike reach nothing; answers checked by ref; a submission is final."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from advisor_desk.services.bizdev import respond, reviews
from advisor_desk.services.bizdev.assessments import apply_send
from advisor_desk.services.bizdev.prospects import apply_add_prospect
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.store.engine import Store


def _token(url: str) -> str:
    return url.rsplit("/r/", 1)[1]


def test_a_token_opens_its_one_questionnaire(store: Store, bizdev: Any) -> None:
    run_op(store, apply_add_prospect, "Lumen Dental", contact_email="ceo@lumen.example")
    review = run_op(
        store,
        reviews.apply_create_review,
        "Cyber check",
        prospect="Lumen Dental",
        libraries=["Cyber risks"],
        due=dt.date(2026, 6, 30),
    ).value
    links = run_op(store, reviews.apply_invite, review.id, ["a@l.example", "b@l.example"]).value
    sent = run_op(
        store, apply_send, "Cyber health check", due=dt.date(2026, 6, 1), clients=["Full Co"]
    ).value.sent[0]
    a, b, c = _token(links[0].url), _token(links[1].url), _token(sent.url)
    with store.write() as session:
        first = respond.find_by_token(session, a)
        assert first is not None
        shown = respond.questionnaire(session, first)
        assert (shown["kind"], shown["title"], shown["subject"]) == (
            "review", "Cyber check", "Lumen Dental",
        )  # fmt: skip
        assert [r["ref"] for r in shown["risks"]] == ["CY-01", "CY-02", "CY-03", "CY-04"]
        assert first.row.email == "a@l.example"
        other = respond.find_by_token(session, c)
        assert other is not None
        assert respond.questionnaire(session, other)["kind"] == "assessment"
        for wrong in ("", "x" * 43, a[:-1] + ("A" if a[-1] != "A" else "B"), b + "x"):
            assert respond.find_by_token(session, wrong) is None
        assert respond.find_by_token(session, a, dt.date(2026, 7, 30)) is not None
        assert respond.find_by_token(session, a, dt.date(2026, 7, 31)) is None  # expired
    run_op(store, reviews.apply_revoke, review.id, "b@l.example")
    with store.write() as session:
        assert respond.find_by_token(session, b) is None  # revoked: the same as unknown


def test_answers_by_token_are_checked_and_final(store: Store, bizdev: Any) -> None:
    sent = run_op(
        store, apply_send, "Cyber health check", due=dt.date(2026, 6, 1), clients=["Full Co"]
    ).value.sent[0]
    token = _token(sent.url)
    with store.write() as session:
        target = respond.find_by_token(session, token)
        assert target is not None
        with pytest.raises(ValidationError) as bad:
            respond.answer(
                session, target, {"answers": [{"ref": "Q7", "choice": "Yes"}]}, submit=False
            )
        assert bad.value.problems[0][0] == "Q7"
        doc = {"answers": [{"ref": "Q1", "choice": "No"}]}
        assert respond.answer(session, target, doc, submit=False) == "in_progress"
        assert respond.answer(session, target, doc, submit=True) == "submitted"
        with pytest.raises(respond.AlreadySubmitted):
            respond.answer(session, target, doc, submit=True)
        shown = respond.questionnaire(session, target)
        assert shown["read_only"] is True
        assert shown["answers"] == [{"ref": "Q1", "choice": "No"}]
    assert run_query(store, lambda s, _p: respond.find_by_token(s, token) is not None)
