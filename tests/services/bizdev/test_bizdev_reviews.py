"""Risk reviews through the services: the contract's worked example, rule 7, adopting."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from advisor_desk.services.bizdev import review_answers as answers
from advisor_desk.services.bizdev import reviews
from advisor_desk.services.bizdev.prospects import apply_add_prospect
from advisor_desk.services.bizdev.register import register, register_heatmap
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.store.engine import Store
from advisor_desk.store.models import ReviewParticipant


def _example(store: Store) -> str:
    run_op(store, apply_add_prospect, "Lumen Dental", contact_email="ceo@lumen.example")
    made = run_op(
        store,
        reviews.apply_create_review,
        "Cyber health check",
        prospect="Lumen Dental",
        libraries=["Cyber risks"],
        exclude=["CY-04"],
        due=dt.date(2026, 6, 30),
    ).value
    people = ["p1@lumen.example", "p2@lumen.example", "p3@lumen.example", "p4@lumen.example"]
    run_op(store, reviews.apply_invite, made.id, people)
    run_op(store, reviews.apply_publish, made.id)
    docs = [
        [("CY-01", True, 4, 5), ("CY-02", True, 3, 3), ("CY-03", False, None, None)],
        [("CY-01", True, 3, 5), ("CY-02", True, 4, 2), ("CY-03", True, 2, 4)],
        [("CY-01", True, 4, 4), ("CY-02", False, None, None), ("CY-03", False, None, None)],
    ]
    for email, doc in zip(people, docs, strict=False):
        risks = [
            {"ref": r, "relevant": rel, **({"likelihood": lk, "impact": im} if rel else {})}
            for r, rel, lk, im in doc
        ]
        run_op(store, answers.apply_respond, made.id, email, {"risks": risks}, submit=True)
    draft = {"risks": [{"ref": "CY-03", "relevant": True, "likelihood": 5, "impact": 5}]}
    run_op(store, answers.apply_respond, made.id, people[3], draft)
    return made.id


def test_the_worked_example_gives_the_contracts_figures(store: Store, bizdev: Any) -> None:
    review_id = _example(store)
    result = run_query(store, answers.results, review_id).as_json()
    assert result == {
        "review": "Cyber health check",
        "subject": "Lumen Dental",
        "participants": {"invited": 4, "submitted": 3},
        "risks": [
            {"ref": "CY-01", "title": "Ransomware", "answered": 3, "relevant": 3,
             "likelihood": 4, "impact": 5, "score": 20, "rating": "Extreme"},
            {"ref": "CY-02", "title": "Phishing", "answered": 3, "relevant": 2,
             "likelihood": 4, "impact": 3, "score": 12, "rating": "High"},
        ],
        "excluded_by_relevance": ["CY-03"],
        "heatmap": [
            {"likelihood": 4, "impact": 5, "count": 1},
            {"likelihood": 4, "impact": 3, "count": 1},
        ],
    }  # fmt: skip


def test_answers_are_checked_and_a_submission_is_final(store: Store, bizdev: Any) -> None:
    review_id = _example(store)
    with pytest.raises(ValidationError) as bad:
        run_op(
            store,
            answers.apply_respond,
            review_id,
            "p5@lumen.example",
            {"risks": [{"ref": "XX-9", "relevant": False}, {"ref": "CY-01", "relevant": True,
                                                              "likelihood": 6, "impact": 1}]},
        )  # fmt: skip
    assert [place for place, _ in bad.value.problems] == ["XX-9", "CY-01"]
    with pytest.raises(ValidationError, match="CY-02"):
        run_op(
            store,
            answers.apply_respond,
            review_id,
            "p5@lumen.example",
            {"risks": [{"ref": "CY-02", "relevant": True, "likelihood": 2}]},
            submit=True,
        )
    with pytest.raises(ServiceError, match="already submitted"):
        run_op(
            store,
            answers.apply_respond,
            review_id,
            "p1@lumen.example",
            {"risks": [{"ref": "CY-01", "relevant": False}]},
        )
    run_op(store, reviews.apply_reopen, review_id, "p1@lumen.example")
    after = run_query(store, answers.results, review_id)
    assert after.submitted == 2  # a reopened response no longer counts (rule 2)


def test_links_are_private_capabilities(store: Store, bizdev: Any) -> None:
    review_id = _example(store)
    links = run_query(store, reviews.links, review_id)
    tokens = [link.url.rsplit("/r/", 1)[1] for link in links]
    assert len(set(tokens)) == 4
    assert all(len(t) >= 43 for t in tokens)
    with store.read() as session:
        row = session.query(ReviewParticipant).filter_by(email="p1@lumen.example").one()
        assert row.token_expires == dt.date(2026, 7, 30)  # 30 days after the due date
    assert {link.status for link in links} == {"submitted", "in_progress"}
    revoked = run_op(store, reviews.apply_revoke, review_id, "p4@lumen.example").value
    assert revoked.status == "revoked"


def test_rule_7_for_clients(store: Store, bizdev: Any) -> None:
    with pytest.raises(ValidationError, match="Just Risk or Risk & Compliance"):
        run_op(store, reviews.apply_create_review, "R", client="Free Co", libraries=["Cyber risks"])
    made = []
    for n in range(3):
        review = run_op(
            store,
            reviews.apply_create_review,
            f"R{n}",
            client="Risky Co",
            libraries=["Cyber risks"],
        ).value
        run_op(store, reviews.apply_invite, review.id, ["a@risky.example"])
        made.append(review.id)
    run_op(store, reviews.apply_publish, made[0])
    run_op(store, reviews.apply_publish, made[1])
    with pytest.raises(ValidationError, match="at most 2 published reviews"):
        run_op(store, reviews.apply_publish, made[2])
    run_op(store, reviews.apply_close, made[0])
    run_op(store, reviews.apply_publish, made[2])  # one closed: room again
    for n in range(3):  # Risk & Compliance: no limit
        review = run_op(
            store, reviews.apply_create_review, f"F{n}", client="Full Co", libraries=["Cyber risks"]
        ).value
        run_op(store, reviews.apply_invite, review.id, ["a@full.example"])
        run_op(store, reviews.apply_publish, review.id)


def test_adopting_fills_the_register_and_converting_keeps_it(store: Store, bizdev: Any) -> None:
    from advisor_desk.services.bizdev.prospects import apply_convert_prospect
    from advisor_desk.services.clients.onboarding import NewClient

    review_id = _example(store)
    assert run_op(store, answers.apply_adopt, review_id).value == 2
    assert run_op(store, answers.apply_adopt, review_id).value == 2  # again: no duplicates
    run_op(
        store,
        apply_convert_prospect,
        "Lumen Dental",
        NewClient(name="Lumen Dental", template=None, billing_model="direct"),
    )
    risks = run_query(store, register, "Lumen Dental")
    assert [(r.ref, r.score, r.rating) for r in risks] == [
        ("CY-01", 20, "Extreme"),
        ("CY-02", 12, "High"),
    ]
    heat = run_query(store, register_heatmap, "Lumen Dental").as_json()
    assert heat["heatmap"] == [
        {"likelihood": 4, "impact": 5, "count": 1},
        {"likelihood": 4, "impact": 3, "count": 1},
    ]
    after = run_query(store, answers.results, review_id)
    assert after.subject == "Lumen Dental"
    with store.read() as session:
        rows = session.query(ReviewParticipant).all()
        assert {row.client_id for row in rows} == {bizdev_client(session, "Lumen Dental")}


def bizdev_client(session: Any, name: str) -> str:
    from advisor_desk.store.models import Client

    return session.query(Client).filter_by(name=name).one().id


def test_the_review_report_is_deterministic_and_escapes_text(store: Store, bizdev: Any) -> None:
    from advisor_desk.reports.review import review_report_pdf

    review_id = _example(store)
    first = review_report_pdf(store, review_id)
    assert first.startswith(b"%PDF")
    assert review_report_pdf(store, review_id) == first
    run_op(store, reviews.apply_invite, review_id, ["p9@lumen.example"])
    assert review_report_pdf(store, review_id) != first  # participation is in it


def test_remind_the_participants_who_have_not_submitted(store: Store, bizdev: Any) -> None:
    review_id = _example(store)
    reminded = run_op(store, answers.apply_remind, review_id).value
    assert [p.email for p in reminded] == ["p4@lumen.example"]
    run_op(store, reviews.apply_close, review_id)
    with pytest.raises(ServiceError, match="only a published review"):
        run_op(store, answers.apply_remind, review_id)
