"""The read-only queries the business-development window fills its lists and dialogs from
(services/bizdev/listing.py), and building a review in one transaction
(services/bizdev/review_build.py)."""

from __future__ import annotations

from typing import Any

import pytest

from advisor_desk.services.bizdev.listing import (
    draft_answers,
    library_risk_list,
    library_titles,
    review_list,
    review_sheet,
    subject_names,
)
from advisor_desk.services.bizdev.prospects import apply_add_prospect
from advisor_desk.services.bizdev.review_answers import apply_respond
from advisor_desk.services.bizdev.review_build import apply_build_review
from advisor_desk.services.bizdev.reviews import apply_create_review
from advisor_desk.services.errors import NotFoundError, ValidationError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.store.engine import Store
from advisor_desk.store.models import ReviewParticipant, RiskReview


def test_reviews_listed_by_title_and_by_client(store: Store, bizdev: Any) -> None:
    run_op(store, apply_add_prospect, "Lumen Dental")
    mine = run_op(
        store, apply_create_review, "zeta check", client="Full Co", libraries=["Cyber risks"]
    ).value
    run_op(store, apply_create_review, "Alpha", prospect="Lumen Dental", libraries=["Cyber risks"])
    assert [r.title for r in run_query(store, review_list)] == ["Alpha", "zeta check"]
    [only] = run_query(store, review_list, client_id=bizdev["Full Co"])
    assert (only.id, only.subject, only.risks) == (mine.id, "Full Co", 4)


def test_the_interview_sheet_and_a_participants_draft(store: Store, bizdev: Any) -> None:
    run_op(store, apply_add_prospect, "Lumen Dental")
    made = run_op(
        store,
        apply_build_review,
        "Cyber check",
        prospect="Lumen Dental",
        libraries=["Cyber risks"],
        exclude=["CY-04"],
        participants=["Ana@Lumen.example"],
    ).value
    sheet = run_query(store, review_sheet, made.id)
    assert [r.ref for r in sheet.risks] == ["CY-01", "CY-02", "CY-03"]
    assert [(email, status) for email, _name, status in sheet.people] == [
        ("ana@lumen.example", "invited")
    ]
    assert run_query(store, draft_answers, made.id, "bo@lumen.example") == ("", [])
    draft = {"risks": [{"ref": "CY-01", "relevant": True, "likelihood": 2, "impact": 3},
                       {"ref": "CY-02", "relevant": False}]}  # fmt: skip
    run_op(store, apply_respond, made.id, "ana@lumen.example", draft)
    status, answers = run_query(store, draft_answers, made.id, " ANA@lumen.example ")
    assert status != "invited"
    assert answers == [
        {"ref": "CY-01", "relevant": True, "likelihood": 2, "impact": 3},
        {"ref": "CY-02", "relevant": False},
    ]
    with pytest.raises(NotFoundError):
        run_query(store, review_sheet, "nothing-like-it")


def test_library_titles_risks_and_subjects(store: Store, bizdev: Any) -> None:
    assert run_query(store, library_titles, "risk_library") == ["Cyber risks"]
    assert run_query(store, library_titles, "assessment_template") == ["Cyber health check"]
    risks = run_query(store, library_risk_list, ["cyber risks"])
    assert [ref for _library, ref, _title in risks] == ["CY-01", "CY-02", "CY-03", "CY-04"]
    with pytest.raises((NotFoundError, ValidationError), match="library"):
        run_query(store, library_risk_list, ["Nope"])
    run_op(store, apply_add_prospect, "Lumen Dental")
    prospects, clients = run_query(store, subject_names)
    assert prospects == ["Lumen Dental"]
    assert clients == ["Free Co", "Full Co", "Quiet Co", "Risky Co"]


def test_a_refused_build_leaves_nothing(store: Store, bizdev: Any) -> None:
    run_op(store, apply_add_prospect, "Lumen Dental")
    with pytest.raises(ValidationError):
        run_op(
            store,
            apply_build_review,
            "Cyber check",
            prospect="Lumen Dental",
            libraries=["Cyber risks"],
            participants=["not-an-address"],
            publish=True,
        )
    with store.read() as session:
        assert session.query(RiskReview).count() == 0
        assert session.query(ReviewParticipant).count() == 0
